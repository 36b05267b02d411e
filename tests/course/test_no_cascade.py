"""One question's answer costs only that question's points (no cascade).

For every exercise and every autograded answer cell *k*: with *k* left blank (the student
version's stub) or replaced by the first plausible wrong answer listed for *k* in
``tests/course/mutants/``, every test cell that does not belong to *k* passes, and with *k*
blank, *k*'s own test cells all fail (a blank earns nothing). A test cell belongs to the answer
whose grade_id it names: ``test_<answer>`` or ``test_<answer>_<part>`` (per-part grading of one
answer). nbgrader gives an autograded test cell its points exactly when it runs without an
error, so a test cell that passes here keeps its points under ``nbgrader autograde``
(test_roundtrip grades the blank and the reference there). The outcomes come from the one run
per exercise shared with test_mutants (``mutant_outcomes`` in conftest.py).
"""

from __future__ import annotations

import pytest

from responsible_ml.course import assignments

# The first test of an exercise runs its shared ``mutant_outcomes`` (minutes on a busy machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


def owner(test_id: str, answers: list[str]) -> str | None:
    """The answer a test cell grades: the longest answer id that ``test_id`` names."""
    found = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(found, key=len) if found else None


def test_owner_maps_part_cells_to_their_answer():
    answers = ["decide", "decide_all", "read_accuracy"]
    assert owner("test_decide", answers) == "decide"
    assert owner("test_decide_all", answers) == "decide_all"
    assert owner("test_read_accuracy_se", answers) == "read_accuracy"
    assert owner("test_other", answers) is None


@pytest.mark.parametrize("name", assignments())
def test_a_blank_or_wrong_answer_costs_only_its_own_points(name, mutant_outcomes):
    run = mutant_outcomes(name)
    orphans = [t for t in run.tests if owner(t, run.answers) is None]
    assert not orphans, f"{name}: test cells that name no answer: {orphans}"

    problems = []
    for (k, label), outcome in run.outcomes.items():
        if (k, label) not in run.full:
            continue   # stopped after its own tests (a shortcut, or a later wrong answer)
        assert set(outcome) == set(run.tests), f"{name}: {k}: {label}: not every test cell ran"
        for test_id, error in outcome.items():
            mine = owner(test_id, run.answers) == k
            if not mine and error:
                problems.append(f"{k} {label!r}: {test_id} fails: {error[:160]}")
            if mine and label == run.BLANK and not error:
                problems.append(f"{k} left blank: its own {test_id} passes")
    assert not problems, f"{name}: one answer changes another question's score:\n" + "\n".join(problems)

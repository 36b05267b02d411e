"""One question's answer costs only that question's points (no cascade), graded by nbgrader.

For every exercise, one throw-away course and one ``nbgrader autograde`` run grade a set of
submissions made from the reference solution: for each autograded answer cell *k*, one
submission leaves *k* blank (the student version's stub) and one replaces it with a plausible
wrong answer (the first mutant listed for *k* in ``tests/course/mutants/``). Every test cell that
does not belong to *k* must keep full marks in both; the blank one must score 0 on *k*'s own
test cells. A test cell belongs to the answer whose grade_id it names: ``test_<answer>`` or
``test_<answer>_<part>`` (per-part grading of one answer). The course is ``graded_exercise``
in conftest.py, shared with test_roundtrip, whose two students are graded in the same run.
"""

from __future__ import annotations

import pytest

from responsible_ml.course import assignments

pytestmark = pytest.mark.slow


def owner(test_id: str, answers: list[str]) -> str | None:
    """The answer a test cell grades: the longest answer id that ``test_id`` names."""
    found = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(found, key=len) if found else None


def _scores(course, name, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(name, student)
        return {grade.cell.name: (grade.auto_score, grade.max_score)
                for nb in sub.notebooks for grade in nb.grades
                if grade.cell.cell_type == "code"}


def test_owner_maps_part_cells_to_their_answer():
    answers = ["decide", "decide_all", "read_accuracy"]
    assert owner("test_decide", answers) == "decide"
    assert owner("test_decide_all", answers) == "decide_all"
    assert owner("test_read_accuracy_se", answers) == "read_accuracy"
    assert owner("test_other", answers) is None


@pytest.mark.parametrize("name", assignments())
def test_a_blank_or_wrong_answer_costs_only_its_own_points(name, graded_exercise):
    graded = graded_exercise(name)
    answers = graded.answers
    orphans = [t for t in graded.tests if owner(t, answers) is None]
    assert not orphans, f"{name}: test cells that name no answer: {orphans}"

    problems = []
    for student, (k, how) in graded.cascade.items():
        scores = _scores(graded.course, name, student)
        for test_id, (got, top) in scores.items():
            mine = owner(test_id, answers) == k
            if not mine and got != top:
                problems.append(f"{student}: {test_id} scored {got} of {top}")
            if mine and how == "blank" and got:
                problems.append(f"{student}: its own {test_id} scored {got} for a blank answer")
    assert not problems, f"{name}: one answer changes another question's score:\n" + "\n".join(problems)

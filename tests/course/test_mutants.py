"""Every exercise's tests kill every plausible wrong answer listed for it.

Mutants live in ``tests/course/mutants/<assignment>.py`` as
``MUTANTS = {answer grade_id: {label: replacement cell source}}``; each assignment
under solutions/ must have such a file.
"""

from __future__ import annotations

import pytest

from responsible_ml.course import assignments, run_notebook_cells

# The first test of an exercise runs its shared ``mutant_outcomes`` (minutes on a busy machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


def _notebook(repo, name):
    (nb,) = sorted((repo / "solutions" / name).glob("*.ipynb"))
    return nb


@pytest.mark.parametrize("name", assignments())
def test_reference_solution_passes_every_test_cell(repo, name):
    outcome = run_notebook_cells(_notebook(repo, name))
    assert outcome, f"{name}: no test cells ran"
    failed = {k: v for k, v in outcome.items() if v}
    assert not failed, f"{name}: the reference solution fails {failed}"


@pytest.mark.parametrize("name", assignments())
def test_every_mutant_is_killed(name, mutant_outcomes):
    # One notebook run, forked at each answer cell (``mutant_outcomes`` in conftest.py): the
    # same outcomes as run_notebook_cells(path, {answer: source}) per mutant
    # (tests/course/test_run_mutants.py); a mutant whose run crashed or hung raises
    # MutantRunError naming it.
    run = mutant_outcomes(name)
    count = sum(len(v) for v in run.mutants.values())
    assert count + run.left_out >= 6, f"{name}: list at least 6 plausible wrong answers (found {count})"
    # ``make test`` runs a sample (conftest.py's _sample); ``make test-mutants`` every one.
    survivors = []
    for answer, variants in run.mutants.items():
        for label in variants:
            outcome = run.outcomes[(answer, label)]
            assert outcome, f"{name}: no test cells ran for {answer}"
            if not any(outcome.values()):
                survivors.append(f"{answer}: {label}")
    assert not survivors, f"{name}: these wrong answers pass every test: {survivors}"


def _fails_listed(repo, name) -> dict:
    """``FAILS`` of tests/course/mutants/<name>.py: ``{answer: {label: {test cell: phrase}}}``."""
    import importlib.util

    path = repo / "tests" / "course" / "mutants" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"fails_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "FAILS", {})


@pytest.mark.parametrize("name", assignments())
def test_listed_mutants_fail_exactly_their_parts(repo, name, mutant_outcomes):
    # One mistake costs its own part only: a mutant listed in FAILS fails exactly the test cells
    # listed for it, each with a message that contains the phrase given (e.g. a visible test's).
    expected = _fails_listed(repo, name)
    if not expected:
        pytest.skip(f"{name}: no FAILS listed")
    run = mutant_outcomes(name)
    problems = []
    for answer, labels in expected.items():
        for label, cells in labels.items():
            outcome = run.outcomes[(answer, label)]
            failed = {t: e for t, e in outcome.items() if e}
            if set(failed) != set(cells):
                problems.append(f"{answer}: {label}: fails {sorted(failed)}, expected {sorted(cells)}")
            problems += [f"{answer}: {label}: {t}: {phrase!r} not in {failed[t][:200]!r}"
                         for t, phrase in cells.items() if t in failed and phrase not in failed[t]]
    assert not problems, f"{name}:\n" + "\n".join(problems)

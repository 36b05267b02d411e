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
    assert count >= 6, f"{name}: list at least 6 plausible wrong answers (found {count})"
    survivors = []
    for answer, variants in run.mutants.items():
        for label in variants:
            outcome = run.outcomes[(answer, label)]
            assert outcome, f"{name}: no test cells ran for {answer}"
            if not any(outcome.values()):
                survivors.append(f"{answer}: {label}")
    assert not survivors, f"{name}: these wrong answers pass every test: {survivors}"


def _one_place(name):
    """``ONE_PLACE`` of tests/course/mutants/<name>.py: ``{answer: {label: (test cell, text)}}``."""
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parent / "mutants" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"one_place_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "ONE_PLACE", {})


@pytest.mark.parametrize("name", [n for n in assignments() if _one_place(n)])
def test_a_listed_slip_costs_one_test_cell(name, mutant_outcomes):
    # A wrong answer listed in ONE_PLACE fails exactly one of its answer's test cells, the one named,
    # with a message containing the text named (review x04-r7: one slip must not cost two cells).
    run = mutant_outcomes(name)
    problems = []
    for answer, labels in _one_place(name).items():
        for label, (cell, text) in labels.items():
            assert label in run.mutants.get(answer, {}), f"{name}: {answer}: {label!r} is not in MUTANTS"
            outcome = run.outcomes[(answer, label)]
            failed = sorted(t for t, error in outcome.items()
                            if error and (t == f"test_{answer}" or t.startswith(f"test_{answer}_")))
            if failed != [cell] or text not in (outcome.get(cell) or ""):
                problems.append(f"{answer}: {label!r}: fails {failed} (expected only {cell} with {text!r}): "
                                f"{[(outcome[t] or '')[:200] for t in failed]}")
    assert not problems, f"{name}:\n" + "\n".join(problems)

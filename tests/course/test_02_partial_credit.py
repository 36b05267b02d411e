"""Exercise 02 (review x02-r6): the rule earns its point whatever the type, and the "highest
FNR" reading of the worst group costs the worst-group cell only.

tests/course/mutants/ lists wrong answers, each of which must fail; these are the other side:
right answers in another form must pass (D1), and a misconception must cost only its own cell (M1).
Only the cells these questions need run (``only=``), not the whole notebook.
"""

from __future__ import annotations

import pathlib

import pytest

from responsible_ml.course import run_notebook_cells

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

#: Right rule (>= the threshold argument, in the order of the scores), other types than an int array.
RIGHT_RULE = {
    "booleans": "def decide(scores, threshold=0.5):\n    return np.asarray(scores, dtype=float) >= threshold\n",
    "a list of ints": "def decide(scores, threshold=0.5):\n    return [int(s >= threshold) for s in scores]\n",
    "a Series of booleans": "def decide(scores, threshold=0.5):\n    return pd.Series(list(scores)) >= threshold\n",
}


@pytest.mark.parametrize("form", sorted(RIGHT_RULE))
def test_the_decide_rule_earns_its_point_in_any_0_1_form(form):
    outcome = run_notebook_cells(NB, {"decide": RIGHT_RULE[form]}, only={"setup", "decide", "test_decide"})
    assert outcome == {"test_decide": None}, f"{form}: {outcome}"


def test_the_highest_fnr_as_worst_group_costs_only_the_worst_group_cell():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_02", NB.parents[2] / "tests" / "course" / "mutants"
                                                  / "02-what-can-go-wrong.py")
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    source = mutants.MUTANTS["accuracy_hides_gap"]["worst group = the highest FNR, its accuracy reported (review x02-r6 M1)"]
    tests = {"test_accuracy_hides_gap_overall", "test_accuracy_hides_gap_worst", "test_accuracy_hides_gap_missing_group"}
    outcome = run_notebook_cells(NB, {"accuracy_hides_gap": source}, only={"setup", "accuracy_hides_gap", *tests})
    assert set(outcome) == tests
    assert outcome["test_accuracy_hides_gap_worst"], "the highest-FNR reading passes the worst-group cell"
    assert not outcome["test_accuracy_hides_gap_overall"] and not outcome["test_accuracy_hides_gap_missing_group"], outcome

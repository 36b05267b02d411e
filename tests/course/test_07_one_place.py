"""Exercise 07 after review x07-r7: one mistake costs one place, the visible checks catch what
the hidden ones grade, and question 3's statements are shuffled per trainee.

Each case runs only the cells of one question (``run_notebook_cells(..., only=...)``), with a
wrong answer from tests/course/mutants/07-trade-offs.py, and pins the set of test cells it
fails: on the solutions notebook (visible and hidden tests, as when grading) or on the
exercises notebook (visible tests only, what a trainee sees before grading).
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from responsible_ml.course import run_notebook_cells
from responsible_ml.feedback import trusted, variant

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "07-trade-offs"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
EXERCISE = ROOT / "exercises" / NAME / f"{NAME}.ipynb"
TRAINEES = [f"trainee{i:02d}" for i in range(50)]


def _mutants() -> dict:
    spec = importlib.util.spec_from_file_location("mutants_07", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS


MUTANTS = _mutants()


def _module():
    spec = importlib.util.spec_from_file_location("mutants_07b", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(answer: str, *tests: str) -> set[str]:
    return {"setup", answer, *(f"test_{answer}_{t}" if t else f"test_{answer}" for t in tests)}


Q1 = _cells("domination_count", "counts", "nan", "ties", "input", "index")
Q2 = _cells("rank_feasible", "kept", "raises", "order")
Q3 = {"setup", "goal_statements", "goal_to_criterion", *(f"test_goal_to_criterion_statement_{k}" for k in range(1, 6))}
Q9 = {"go_no_go_audit", *_cells("breaking_changes", "", "no_go", "form"), *_cells("go_no_go", "", "fail_closed")}
Q10 = _cells("forced_fnr", "", "inputs")


def _run(path, replace: dict, only: set, **kw) -> dict:
    return run_notebook_cells(path, replace, only=only, **kw)


def _failed(path, replace: dict, only: set, **kw) -> set[str]:
    return {k for k, v in _run(path, replace, only, **kw).items() if v}


# ------------------------------------------------------------------ one mistake, one place (graded)
@pytest.mark.parametrize(("label", "cells"), [
    ("strictly better on all (weak domination missed)", {"test_domination_count_counts"}),   # D2
    ("at least as good on all (identical rows count each other)", {"test_domination_count_ties"}),  # D8
    ("min columns negated in the caller's table (in place)", {"test_domination_count_input"}),  # D8
    # x07-r8 S3: the input and index cells' new check passes any way of counting (the hidden ties cell
    # also counts how many, so 0/1 costs it too)
    # (review x07-r9 D2: the ties cell compares twins with the answer's own counts, so 0/1 costs the counts cell only)
    ("dominated or not (0/1) instead of how many", {"test_domination_count_counts"}),
    # review x07-r9 D2: a direction mistake, or the fixed OBJECTIVES, costs the counts cell only
    ("directions swapped", {"test_domination_count_counts"}),
    ("counts the rows each row dominates", {"test_domination_count_counts"}),
    ("fixed OBJECTIVES instead of the argument", {"test_domination_count_counts"}),
    # review x07-r14 D1: reading every objective one way cost all four cells (the other cells' ladder had mixed
    # directions); their ladders now use one objective
    ("directions ignored (all maximised)", {"test_domination_count_counts"}),
    ("directions ignored (all minimised) (review x07-r14 D1)", {"test_domination_count_counts"}),
    # review x07-r8 S3: no dominance logic earns nothing (it passed the input and index cells, 1.5 of 3)
    ("a range with the table's index (review x07-r8 S3)", Q1 - {"setup", "domination_count"}),
])
def test_q1_each_mistake_costs_its_own_part(label, cells):
    assert _failed(SOLUTION, {"domination_count": MUTANTS["domination_count"][label]}, Q1) == cells


@pytest.mark.parametrize(("label", "cells"), [
    ("statement 5 blank (costs statement 5 only)", {5}),
    # review x07-r15 D1: a name given to two statements no longer costs the correct one of them
    ("3 and 5 both predictive parity (costs 5 only, review x07-r15 D1)", {5}),
    ("regulator read as equal_opportunity (review x07-r15 D1)", {4}),
    ("every statement equalized odds", {1, 2, 3, 5}),
    ("alphabetical order (a guess; 1.2 of 3 before the fix, in every trainee's notebook)", {1, 3, 5}),
])
def test_q3_each_statement_is_graded_on_its_own(label, cells):
    failed = _failed(SOLUTION, {"goal_to_criterion": MUTANTS["goal_to_criterion"][label]}, Q3)
    assert failed == {f"test_goal_to_criterion_statement_{k}" for k in cells}


def test_q9_the_point_estimate_costs_the_interval_cell_only():
    estimate = MUTANTS["go_no_go"]["point estimate against the limit"]
    assert _failed(SOLUTION, {"go_no_go": estimate}, Q9) == {"test_go_no_go"}
    nan_passing = MUTANTS["go_no_go"]["point estimate, NaN passing (not est > bound)"]
    assert "test_go_no_go_fail_closed" in _failed(SOLUTION, {"go_no_go": nan_passing}, Q9)


@pytest.mark.parametrize("label", ["upper end for every check (at_least too)",
                                   "lower end for an at_most limit (review x07-r14 D2)",
                                   "interval ends swapped (review x07-r14 D2)"])
def test_q9_the_wrong_interval_end_costs_the_interval_cell_only(label):
    # review x07-r14 D2: the fail-closed cell's NaN cases left the wrong end defined, so this cost both Part A cells
    assert _failed(SOLUTION, {"go_no_go": MUTANTS["go_no_go"][label]}, Q9) == {"test_go_no_go"}


@pytest.mark.parametrize("part_b", sorted(_module().BREAKING_CALLS_PART_A))
@pytest.mark.parametrize(("part_a", "cell"), [
    ("point estimate against the limit", "test_go_no_go"),
    ("point estimate, decorated with functools.wraps (review x07-r15 D3)", "test_go_no_go"),
    ("an unmeasured check passes (loop over measures)", "test_go_no_go_fail_closed"),
])
def test_q9_part_b_is_graded_with_a_correct_stand_in_for_part_a(part_a, cell, part_b):
    # review x07-r8 D2: Part B calls go_no_go (directly or through a saved reference) and gets the stand-in,
    # so Part A's mistake costs Part A's cell only (before: Part B refused the call, or re-graded the rule)
    replace = {"go_no_go": MUTANTS["go_no_go"][part_a], "breaking_changes": _module().BREAKING_CALLS_PART_A[part_b]}
    assert _failed(SOLUTION, replace, Q9) == {cell}


def test_q9_fail_closed_reports_every_failing_rule():
    # review x07-r8 D3: both NaN rules fail, and the message lists both (the harness keeps only a message's
    # first line, so the cells run here)
    import json

    from responsible_ml.feedback import AnswerError

    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
             for c in json.loads(SOLUTION.read_text())["cells"]}
    cells["go_no_go"] = MUTANTS["go_no_go"]["a NaN interval end passes (not high > bound)"]
    namespace = {"__name__": "__main__"}
    for grade_id in ("setup", "go_no_go_audit", "go_no_go"):
        exec(compile(cells[grade_id], grade_id, "exec"), namespace)  # noqa: S102
    with pytest.raises(AnswerError) as failed:
        exec(compile(cells["test_go_no_go_fail_closed"], "test_go_no_go_fail_closed", "exec"), namespace)  # noqa: S102
    message = str(failed.value)
    assert "TPR-gap check whose interval and estimate are NaN" in message
    assert "precision check (at least 0.55) whose interval and estimate are NaN" in message
    assert "5 of 9 checks in this cell failed" in message


def test_q10_fpr_one_refused_costs_the_input_cell_only_with_its_own_hint():
    outcome = _run(SOLUTION, {"forced_fnr": MUTANTS["forced_fnr"]["FPR 1 refused (0 < fpr < 1)"]}, Q10)
    assert {k for k, v in outcome.items() if v} == {"test_forced_fnr_inputs"}
    assert "forced_fnr(0.6, 0.25, 1.0): expected a number (FPR 1" in outcome["test_forced_fnr_inputs"]


@pytest.mark.parametrize(("label", "cells"), [
    ("every bound an upper limit", {"test_rank_feasible_kept"}),                  # x07-r8 D1: not the raise cell
    ("bound directions swapped", {"test_rank_feasible_kept"}),
    ("a NaN meets every bound (not value > bound)", {"test_rank_feasible_kept"}),
    ("NaN ranked first", {"test_rank_feasible_order"}),
    # review x07-r16 D1: the order cell's NaN check compares with the answer's own kept set (it cost the order cell too)
    ("drops every candidate with a NaN (review x07-r16 D1)", {"test_rank_feasible_kept"}),
])
def test_q2_each_mistake_costs_its_own_part(label, cells):
    assert _failed(SOLUTION, {"rank_feasible": MUTANTS["rank_feasible"][label]}, Q2) == cells


def _refused_as_a_copy(outcome: dict, answer: str, cells: set) -> bool:
    """Every test cell of the question fails with the guard's edited-copy refusal."""
    tests = cells - {"setup", answer}
    return ({k for k, v in outcome.items() if v} == tests
            and all(outcome[k].startswith(f"ShortcutError: ✗ {answer}: this question asks you to compute it yourself")
                    and "edited copy" in outcome[k] for k in tests))


def test_q2_the_library_pasted_is_refused_as_an_edited_copy():
    # review x07-r8 S1: choose_operating_point pasted and edited; since the near-copy rule (b8790c3) the
    # guard refuses it in every cell of Q2, with the message that names the library function
    label = "library choose_operating_point pasted and edited, called again and again (review x07-r8 S1)"
    outcome = _run(SOLUTION, {"rank_feasible": MUTANTS["rank_feasible"][label]}, Q2)
    assert _refused_as_a_copy(outcome, "rank_feasible", Q2), outcome


# ------------------------------------------------------------------ the visible checks catch them
@pytest.mark.parametrize(("label", "cell"), [
    ("last among exact ties first", "test_rank_feasible_order"),                       # D6
    ("an empty table returns [] (review x07-r7 D7)", "test_rank_feasible_raises"),     # D7
    ("tie-breaks in the table's column order, not the order of objectives (review x07-r7 M1)",
     "test_rank_feasible_order"),                                                       # M1
    ("drops every candidate with a NaN (review x07-r16 D1)", "test_rank_feasible_kept"),  # x07-r16 D1
    # review x07-r17 D2, and the same kind in the order and kept cells: edges only the hidden part exercised
    ("ties broken on the first other objective only (review x07-r17 D2)", "test_rank_feasible_order"),
    ("names read by label at the sorted positions (review x07-r17, order cell)", "test_rank_feasible_order"),
    ("ε = ∞ read as unmeasured, meeting no bound (review x07-r17, kept cell)", "test_rank_feasible_kept"),
])
def test_q2_visible_checks_catch_what_grading_catches(label, cell):
    replace = {"rank_feasible": MUTANTS["rank_feasible"][label]}
    assert _failed(EXERCISE, replace, Q2) == {cell}    # visible only: a ✗ before grading
    assert _failed(SOLUTION, replace, Q2) == {cell}    # graded: that part only


# ------------------------------------------------------------------ question 3's variants
def test_q3_variant_0_is_the_published_order_and_others_shuffle():
    assert variant(NAME, trainee="").params == {"statements": [0, 1, 2, 3, 4]}
    orders = [variant(NAME, trainee=t).params["statements"] for t in TRAINEES]
    assert all(sorted(o) == [0, 1, 2, 3, 4] for o in orders)
    assert len({tuple(o) for o in orders}) >= 40
    for k in range(5):   # every shown position holds every statement for some trainee
        assert {o[k] for o in orders} == {0, 1, 2, 3, 4}
    assert trusted().variant(NAME, "trainee01").params == variant(NAME, trainee="trainee01").params


def test_q3_reference_full_for_every_trainee_and_a_fixed_guess_scores_differently():
    guess = MUTANTS["goal_to_criterion"]["alphabetical order (a guess; 1.2 of 3 before the fix, in every trainee's notebook)"]
    scores = []
    for trainee in TRAINEES[:20]:
        assert not _failed(SOLUTION, {}, Q3, trainee=trainee), trainee
        scores.append(5 - len(_failed(SOLUTION, {"goal_to_criterion": guess}, Q3, trainee=trainee)))
    assert 0 in scores and len(set(scores)) > 1, scores


def test_q3_a_peers_mapping_loses_points_where_the_orders_differ():
    a, b = next((a, b) for a in TRAINEES for b in TRAINEES
                if variant(NAME, trainee=a).params != variant(NAME, trainee=b).params)
    criteria = ("equal_opportunity", "demographic_parity", "predictive_parity", "equalized_odds",
                "calibration_within_groups")
    peer = {k: criteria[i] for k, i in enumerate(variant(NAME, trainee=a).params["statements"], 1)}
    order_a, order_b = (variant(NAME, trainee=t).params["statements"] for t in (a, b))
    differ = {f"test_goal_to_criterion_statement_{k}" for k in range(1, 6) if order_a[k - 1] != order_b[k - 1]}
    assert differ
    assert _failed(SOLUTION, {"goal_to_criterion": f"GOALS = {peer!r}\n"}, Q3, trainee=b) == differ



# ------------------------------------------------------------------ review x07-r9
# Hidden and whole-cell names of every exercise: tests/course/test_hidden_names.py.


@pytest.mark.parametrize("label", [
    "library pareto_mask pasted (no-op edits), called on each pair of rows (review x07-r9 S1)",
    "library pareto_mask (cull) pasted, NaN check removed, np.any edited to np.sum (review x07-r10 S1)",
    "library pareto_mask (cull) pasted, NaN check removed, 1 - mask (review x07-r10 S1)",
    "library pareto_mask (cull) pasted, NaN check removed, called on each pair of rows (review x07-r10 S1)",
])
def test_q1_the_library_pasted_is_refused_as_an_edited_copy(label):
    # review x07-r9 S1 / x07-r10 S1: pareto_mask's code pasted, edited to count; the near-copy rule refuses
    # it in every cell of Q1 (it is the library's computation, whatever was edited around it)
    outcome = _run(SOLUTION, {"domination_count": MUTANTS["domination_count"][label]}, Q1)
    assert _refused_as_a_copy(outcome, "domination_count", Q1), (label, outcome)


def test_q1_nan_as_the_worst_value_costs_the_nan_cell_only():
    # review x07-r10 D1: NaN is "no measurement", not the worst value; one cell says so, no other cell (since review
    # x07-r18 D1 the NaN cell, 0.5 points, no longer the 2-point counts cell)
    label = "NaN as the worst value (review x07-r10 D1)"
    outcome = _run(SOLUTION, {"domination_count": MUTANTS["domination_count"][label]}, Q1)
    assert {k for k, v in outcome.items() if v} == {"test_domination_count_nan"}, outcome
    assert outcome["test_domination_count_nan"].startswith(
        "AnswerError: ✗ counts when the accuracy of 'A t=0.55' is NaN"), outcome


@pytest.mark.parametrize("label", sorted(_module().ACCEPTED["forced_fnr"]))
def test_q10_writing_the_relation_by_any_route_gets_full_marks(label):
    # review x07-r9 S2-S4: the skill is writing the relation between the four rates (Chouldechova 2017,
    # eq. 2.6); a linear solve of the trainee's own counting equations, or a bisection on the trainee's own
    # PPV(FNR), writes it; review x07-r10 S2/S3 (lead's decision): any way of solving the trainee's own
    # equation is fine (root finders, SymPy, interpolation, fits, bisection). Only the course library is blocked.
    assert not _failed(SOLUTION, {"forced_fnr": _module().ACCEPTED["forced_fnr"][label]}, Q10)


@pytest.mark.parametrize("label", ["odds upside down (p / (1 - p))", "base-rate odds left out (review x07-r13 M4)"])
def test_q10_odds_mistakes_cost_the_fnr_cell_only_visibly(label):
    # review x07-r13 M4 added a case at p = 0.3 to the input cell, so an odds mistake cost both Q10 cells. Review
    # x07-r18 D2: the FNR cell grades the odds (visibly: its hint names them), so the input cell's cases are at
    # p = 0.5 (odds 1) or possible however the odds are read, and each odds mistake costs the FNR cell only.
    for path in (SOLUTION, EXERCISE):
        assert _failed(path, {"forced_fnr": MUTANTS["forced_fnr"][label]}, Q10) == {"test_forced_fnr"}


def test_q1_and_q2_changing_objectives_costs_only_its_own_points():
    # review x07-r13 D1: every call gets a fresh copy of its objectives. Changing them in Q1 costs Q1's input cell
    # only (it cost Q2 two points before); popping from them in Q2, which the question does not forbid, costs
    # nothing (it cost all three Q2 cells before).
    q1_mutating = {"domination_count": MUTANTS["domination_count"]["objectives replaced by signs in place (review x07-r13 D1)"]}
    q2_popping = {"rank_feasible": _module().ACCEPTED["rank_feasible"]["the objective popped from `objectives` (review x07-r13 D1)"]}
    assert _failed(SOLUTION, q1_mutating, Q1 | Q2) == {"test_domination_count_input"}   # graded, with Q2 after it
    assert _failed(SOLUTION, q2_popping, Q1 | Q2) == set()
    assert _failed(EXERCISE, q1_mutating, Q1) == {"test_domination_count_input"}        # visible: a ✗ before grading
    assert _failed(EXERCISE, q2_popping, Q2) == set()


@pytest.mark.parametrize("label", ["strictly better on all (weak domination missed)",
                                   "better on any objective (review x07-r13 M2)",
                                   "the first objective only (review x07-r13 M3)",
                                   "rows better on the first objective, no dominance (review x07-r20 D3)",
                                   "lexicographic count over the objectives (review x07-r20 D3)"])
def test_q1_a_wrong_notion_of_dominance_loses_most_of_q1(label):
    # review x07-r13 M1-M3, D2: they passed the ties, input and index cells (2 of 3); the counts cell carries 1.5 since
    # review x07-r18 D1 (NaN in its own 0.5-point cell), and "better on any" also fails the NaN cell (unavoidable: see
    # FAILS in the mutants file)
    import json

    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
              for c in json.loads(SOLUTION.read_text())["cells"] if c["metadata"].get("nbgrader")}
    expected = {"test_domination_count_counts"} | ({"test_domination_count_nan"} if "any" in label else set())
    if "first objective" in label or "lexicographic" in label:   # review x07-r20 D3: no dominance at all now fails
        # the three other cells too
        expected |= {"test_domination_count_ties", "test_domination_count_input", "test_domination_count_index"}
    for path in (SOLUTION, EXERCISE):
        failed = _failed(path, {"domination_count": MUTANTS["domination_count"][label]}, Q1)
        assert failed == expected
        assert sum(points[t] for t in failed) >= 1.5 and sum(points[t] for t in Q1 if t.startswith("test_")) == 3


def test_q2_kept_cell_reports_every_failing_rule():
    # review x07-r13 D3: strict bounds and a NaN meeting every bound, both shown
    message = _cell_message({"rank_feasible": MUTANTS["rank_feasible"][
        "strict bounds and a NaN meeting every bound (review x07-r13 D3)"]}, "test_rank_feasible_kept", ("setup", "rank_feasible"))
    assert "a gap of exactly 0.06 meets" in message and "when one gap and one accuracy are NaN" in message
    assert "9 of 9 checks in this cell failed" in message


def _cell_message(answer_cells: dict, test: str, before: tuple) -> str:
    """Run the solution's cells `before`, with answers replaced, then `test`; its AnswerError's full text."""
    import json

    from responsible_ml.feedback import AnswerError

    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
             for c in json.loads(SOLUTION.read_text())["cells"]}
    cells.update(answer_cells)
    namespace = {"__name__": "__main__"}
    for grade_id in before:
        exec(compile(cells[grade_id], grade_id, "exec"), namespace)  # noqa: S102
    with pytest.raises(AnswerError) as failed:
        exec(compile(cells[test], test, "exec"), namespace)  # noqa: S102
    return str(failed.value)


def test_q2_order_and_q9_interval_cells_report_every_failing_rule():
    # review x07-r9: test_rank_feasible_order and test_go_no_go collect every failing rule's message
    message = _cell_message({"rank_feasible": MUTANTS["rank_feasible"]["tie-break ignores directions"]},
                            "test_rank_feasible_order", ("setup", "rank_feasible"))
    assert "x and y tie on gap" in message and "epsilon a 'max' objective" in message
    assert "2 of 10 checks in this cell failed" in message
    message = _cell_message({"go_no_go": MUTANTS["go_no_go"]["point estimate against the limit"]},
                            "test_go_no_go", ("setup", "go_no_go_audit", "go_no_go"))
    assert "interval 0.036 to 0.090" in message and "interval 0.532 to 0.624" in message
    assert "2 of 7 checks in this cell failed" in message


def test_q10_a_solver_a_hair_below_fnr_0_gets_a_hint_that_names_the_tolerance():
    # review x07-r15 D2: a bisection to 1e-12 lands at -4.5e-13 for FNR 0; the question states the tolerance and
    # the FNR-0 check's hint names it (before: "raise only when they ask for MORE true positives" alone)
    label = "bisection to 1e-12, raising for any FNR below 0 (review x07-r15 D2)"
    message = _cell_message({"forced_fnr": MUTANTS["forced_fnr"][label]}, "test_forced_fnr_inputs", ("setup", "forced_fnr"))
    assert "raise only for an FNR below -1e-6" in message and "1 of 16 checks in this cell failed" in message


# ------------------------------------------------------------------ review x07-r16
#: Hint text that was the reference computation to transcribe (review x07-r16 S1): Q1's dominance test and sign
#: flip, Q2's sort call with its arguments left blank. The hints now name the idea, not the code.
TRANSCRIBABLE = ["all(v[j] >= v[i])", "any(v[j] > v[i])", 'multiply each `"min"` column by', "sort_values(by=[",
                 "ascending=[...]"]
CRITERIA = {"demographic_parity", "equal_opportunity", "equalized_odds", "predictive_parity",
            "calibration_within_groups"}


def _exercise_cells() -> dict:
    import json

    return {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in json.loads(EXERCISE.read_text())["cells"]}


def test_question_hints_name_the_idea_not_the_code_to_type():
    problems = [f"{gid}: {fragment!r}" for gid, cell in _exercise_cells().items() if cell["cell_type"] == "markdown"
                for fragment in TRANSCRIBABLE if fragment in "".join(cell["source"])]
    assert not problems, problems


def test_q3_practice_check_does_not_show_its_answer_and_still_checks_it(capsys):
    # review x07-r16 (self-study): the practice answer was a literal in its check cell; it is stored as a hash now,
    # as exercise 02's practice scenarios are
    import ast

    cells = _exercise_cells()
    source = "".join(cells["practice_criterion_check"]["source"])
    literals = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not {w for w in CRITERIA if any(w in text or w.replace("_", " ") in text for text in literals)}
    namespace = {"__name__": "__main__"}
    exec(compile("".join(cells["setup"]["source"]), "setup", "exec"), namespace)  # noqa: S102
    capsys.readouterr()
    seen = {}
    for practice in (None, "equalized_odds", "demographic_parity", "predictive_parity", "equal_opportunity", 3):
        namespace["PRACTICE"] = practice
        exec(compile(source, "practice_criterion_check", "exec"), namespace)  # noqa: S102 - never raises
        seen[practice] = capsys.readouterr().out.splitlines()[-1][:1]
    assert seen == {None: "✗", "equalized_odds": "✗", "demographic_parity": "✗", "predictive_parity": "✗",
                    "equal_opportunity": "✓", 3: "✗"}, seen


# ------------------------------------------------------------------ review x07-r17
def test_q1_a_nan_outside_the_objectives_is_caught_visibly_and_costs_the_nan_cell_only():
    # D1: the visible NaN was on an objective only, so dropping rows with a NaN in ANY column got a visible ✓ and
    # lost the 2-point counts cell when graded; the visible counts cell now has a NaN in a column that is not an
    # objective (other numbers than the hidden case)
    replace = {"domination_count": MUTANTS["domination_count"]["drops rows with a NaN in any column (review x07-r17 D1)"]}
    for path in (EXERCISE, SOLUTION):   # visible only (a ✗ before grading), then graded (that part only)
        outcome = _run(path, replace, Q1)
        assert {k for k, v in outcome.items() if v} == {"test_domination_count_nan"}, (path, outcome)
        assert "when the ε of 'DP1 t=0.50' is NaN" in outcome["test_domination_count_nan"], outcome


Q8B = {"setup", "privacy_ledger_uses", "epsilon_by_intake", *_cells("population_guarantee", "", "sorted", "input")}
#: Question 9's gate cells without part (b), whose blank stub fails its own cell in exercises/.
Q9_GATE = Q9 - _cells("breaking_changes", "", "no_go", "form") | {"setup"}
#: Question 9's part (b) cells, with go_no_go's cell (its blank stub in exercises/ fails only Part A's cells, left out)
Q9B = Q9 - {"test_go_no_go", "test_go_no_go_fail_closed"}


@pytest.mark.parametrize(("answer", "label", "only", "cell"), [
    # the same kind in other cells: an edge only the hidden part exercised (Q10's rates beyond each range; Q8 Part B's
    # totals unchanged, now also stated in the question)
    ("forced_fnr", "only the rates that divide by zero refused (review x07-r17, input cell)", Q10, "test_forced_fnr_inputs"),
    ("population_guarantee", "the totals popped one by one (review x07-r17, Part B)", Q8B, "test_population_guarantee_input"),
    # review x07-r18: a NaN imputed (D1), a NaN meeting a lower limit (M1), a NaN interval end filled in (M2, M3)
    ("domination_count", "NaN imputed with the column mean (review x07-r18 D1)", Q1, "test_domination_count_nan"),
    ("rank_feasible", "a NaN meets a lower limit (~(x < bound)) (review x07-r18 M1)", Q2, "test_rank_feasible_kept"),
    ("go_no_go", "a NaN interval end replaced by the estimate (review x07-r18 M2)", Q9_GATE, "test_go_no_go_fail_closed"),
    ("go_no_go", "a NaN interval end replaced by the other end (review x07-r18 M3)", Q9_GATE, "test_go_no_go_fail_closed"),
    # review x07-r19: a NaN read as the worst value, +/-inf (M1: the order, D1: the kept set, M2: Q9), an unmeasured
    # at_least check read as (inf, inf, inf) (M2), a NaN rate let through by `x <= 0 or x >= 1` (M3)
    ("rank_feasible", "NaN filled with the worst value before the sort (review x07-r19 M1)", Q2, "test_rank_feasible_order"),
    ("rank_feasible", "NaN filled with the worst value before the filter (review x07-r19 D1)", Q2, "test_rank_feasible_kept"),
    ("go_no_go", "an unmeasured check read as (inf, inf, inf) (review x07-r19 M2)", Q9_GATE, "test_go_no_go_fail_closed"),
    ("go_no_go", "a NaN end read as the worst value, inf or -inf (review x07-r19 M2)", Q9_GATE, "test_go_no_go_fail_closed"),
    ("forced_fnr", "range tested as outside, a NaN passes (review x07-r19 M3)", Q10, "test_forced_fnr_inputs"),
    # review x07-r19 D3, D4: Part B's small rules in their own cells (0.2 each), seen before grading
    ("population_guarantee", "no_guarantee in table order, not sorted", Q8B, "test_population_guarantee_sorted"),
    ("breaking_changes", "labels in the order given, not sorted", Q9B, "test_breaking_changes_form"),
    ("breaking_changes", "no error when the audit is already NO-GO", Q9B, "test_breaking_changes_no_go"),
])
def test_visible_checks_catch_what_grading_catches(answer, label, only, cell):
    replace = {answer: MUTANTS[answer][label]}
    assert _failed(EXERCISE, replace, only) == {cell}    # visible only: a ✗ before grading
    assert _failed(SOLUTION, replace, only) == {cell}    # graded: that part only


# ------------------------------------------------------------------ review x07-r18
def test_q1_a_rank_of_one_column_earns_nothing_visibly_and_when_graded():
    # S1: the rank of the table's first number column, `objectives` not read, passed the ties, input and index cells;
    # their ladder now runs over gap alone, with accuracy (the first number column) ordering the rows otherwise
    replace = {"domination_count": MUTANTS["domination_count"]["rank of the first number column, objectives not read (review x07-r18 S1)"]}
    for path in (EXERCISE, SOLUTION):
        assert _failed(path, replace, Q1) == Q1 - {"setup", "domination_count"}, path


def test_q1_points_are_unchanged_by_the_nan_cell():
    # D1: the counts cell (2 points) is split into dominance (1.5) and NaN (0.5); Q1 is still worth 3
    import json

    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
              for c in json.loads(SOLUTION.read_text())["cells"] if c["metadata"].get("nbgrader")}
    assert points["test_domination_count_counts"] == 1.5 and points["test_domination_count_nan"] == 0.5
    assert sum(points[t] for t in Q1 if t.startswith("test_")) == 3


# ------------------------------------------------------------------ review x07-r19
def test_q8_and_q9_part_b_split_keeps_each_question_at_3_points():
    # D3, D4: Part B (1 point) was all-or-nothing over its rules; now the concept 0.6 and two small parts 0.2 each
    import json

    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
              for c in json.loads(SOLUTION.read_text())["cells"] if c["metadata"].get("nbgrader")}
    for answer, parts in (("population_guarantee", ("sorted", "input")), ("breaking_changes", ("no_go", "form"))):
        assert points[f"test_{answer}"] == 0.6 and all(points[f"test_{answer}_{p}"] == 0.2 for p in parts)
    for q8_9 in (("epsilon_by_intake", "population_guarantee"), ("go_no_go", "breaking_changes")):
        assert round(sum(v for k, v in points.items() if k.startswith(tuple(f"test_{a}" for a in q8_9))), 9) == 3


def test_q10_a_bisection_to_the_stated_precision_gets_full_marks_visibly_too():
    # D2: the question states the precision (within 1e-6) and both Q10 cells grade to it
    for label in [k for k in _module().ACCEPTED["forced_fnr"] if "width 1e-6" in k]:
        assert not _failed(EXERCISE, {"forced_fnr": _module().ACCEPTED["forced_fnr"][label]}, Q10), label


# ------------------------------------------------------------------ review x07-r20
@pytest.mark.parametrize(("label", "cells"), [
    # D2: applied cumulatively (on a copy), the changes cost the 0.6 cell only (all three Part B cells before)
    ("changes applied cumulatively to a copy of measures (review x07-r20 D2)", {"test_breaking_changes"}),
])
def test_q9_a_part_b_mistake_costs_its_own_cell_visibly_and_graded(label, cells):
    replace = {"breaking_changes": MUTANTS["breaking_changes"][label]}
    for path in (SOLUTION, EXERCISE):   # (Part A is blank in the exercise: its cells are not counted here)
        assert {t for t in _failed(path, replace, Q9) if t.startswith("test_breaking")} == cells, path


def test_q9_go_no_go_on_the_changed_check_alone_gets_full_marks_visibly():
    # D2: a correct Part B that decides each change on the changed check alone scored 0 (the visible stand-in
    # knew only whole audits); graded with Part A wrong: tests above (BREAKING_CALLS_PART_A)
    replace = {"breaking_changes": _module().BREAKING_CALLS_PART_A["go_no_go on the changed check alone (review x07-r20 D2)"]}
    for path in (SOLUTION, EXERCISE):   # (Part A is blank in the exercise: its cells are not counted here)
        assert {t for t in _failed(path, replace, Q9) if t.startswith("test_breaking")} == set(), path


# ------------------------------------------------------------------ review x07-r24
@pytest.mark.parametrize("label", sorted(_module().ACCEPTED["go_no_go"]))
def test_q9_failing_closed_on_any_nan_in_the_interval_gets_full_marks(label):
    # M1: the question allows a check to fail when the estimate or the end that is not compared is NaN (a broken
    # computation; a gate may fail closed on it), so such an answer earns Part A's 2 points, visibly and graded
    replace = {"go_no_go": _module().ACCEPTED["go_no_go"][label]}
    for path in (SOLUTION, EXERCISE):
        assert not _failed(path, replace, Q9_GATE), path


def test_q9_the_question_allows_failing_closed_on_any_nan():
    # M1: the text and the grading agree: the question says a NaN on the other end (or in the estimate) may fail the
    # check too, and the grading (test above) accepts both readings
    import json

    text = " ".join("".join(c["source"]) for c in json.loads(SOLUTION.read_text())["cells"]
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == "q_go_no_go")
    assert "A NaN only in the estimate or in the" in text and "are both accepted" in text


# ------------------------------------------------------------------ review x07-r26
def _answer_source(grade_id: str) -> str:
    import json

    (cell,) = [c for c in json.loads(SOLUTION.read_text())["cells"]
               if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


_TABLES = [k for k in MUTANTS["forced_fnr"] if "tabulated on a 0.01 grid" in k]
_NO_RELATION = [k for k in MUTANTS["forced_fnr"] if "(review x07-r26 S2)" in k]
_SLIPS = ["relation multiplied instead of divided (review x07-r25 D1)", "PPV ratio upside down",
          "base rate instead of the odds", "the PPV for its odds (review x07-r25 D1)", "the TPR returned instead of the FNR",
          "odds upside down (p / (1 - p))", "base-rate odds left out (review x07-r13 M4)"]


def test_q10_a_table_built_before_the_check_fails_on_rates_drawn_at_check_time():
    # S1: the blocked implied_fpr tabulated over a 0.01 grid when the answer cell ran (outside the guard) passed both Q10
    # cells: every graded input was on that grid. It still passes the visible cells (their public cases are on the
    # grid); the hidden FNR cell's draws (unseeded: each run draws anew) catch it on every run, and the reference and
    # every accepted route pass every run.
    assert len(_TABLES) == 2 and len(_NO_RELATION) == 4
    rounded = MUTANTS["forced_fnr"][_TABLES[0] if "rounded" in _TABLES[0] else _TABLES[1]]
    assert not _failed(EXERCISE, {"forced_fnr": rounded}, Q10)
    for _ in range(3):
        outcome = _run(SOLUTION, {"forced_fnr": rounded}, Q10)
        assert {k for k, v in outcome.items() if v} == {"test_forced_fnr"}, outcome
        assert "(rates drawn at check time)" in outcome["test_forced_fnr"]
        assert not _failed(SOLUTION, {}, Q10)
    accepted = _module().ACCEPTED["forced_fnr"]
    for label in [k for k in accepted if "width 1e-6" in k or "interp" in k]:
        assert not _failed(SOLUTION, {"forced_fnr": accepted[label]}, Q10), label


def test_q10_the_hidden_draws_are_unseeded_and_say_why():
    # S1: the comment must say why the draws are not seeded (a computing answer's grade is the same every run)
    for grade_id in ("test_forced_fnr", "test_forced_fnr_inputs"):
        source = _answer_source(grade_id)
        assert "urandom" in source and "NOT seeded" in source and "same grade on every run" in source, grade_id


@pytest.mark.parametrize("label", _NO_RELATION)
def test_q10_a_guess_with_no_relation_loses_the_input_cell_visibly_too(label):
    # S2: a constant FNR, 1 - FPR or TPR = FPR · PPV never asks for more true positives than completers, so judging the
    # impossible cases by the answer's own relation never graded the ValueError rule. Such an FNR is now judged by the
    # identity, with a message that says why.
    for path in (SOLUTION, EXERCISE):
        outcome = _run(path, {"forced_fnr": MUTANTS["forced_fnr"][label]}, Q10)
        assert {k for k, v in outcome.items() if v} == {"test_forced_fnr", "test_forced_fnr_inputs"}, (path, outcome)
    assert "not a relation between the rates" in outcome["test_forced_fnr_inputs"]


@pytest.mark.parametrize("label", _SLIPS)
def test_q10_an_algebra_slip_still_costs_the_fnr_cell_only_visibly(label):
    # S2 kept review x07-r25 D1: each slip is a relation between the rates (it grows with the FPR, changes with the PPV
    # and makes some rates impossible), so its own relation judges the input cell's cases
    assert _failed(EXERCISE, {"forced_fnr": MUTANTS["forced_fnr"][label]}, Q10) == {"test_forced_fnr"}


def test_q2_a_valueerror_in_the_hidden_kept_cases_is_reported_with_a_hint():
    import json

    # minor (a): an answer that raised on a hidden case that keeps candidates ({'gap': 0.0}, met exactly by e) let its
    # ValueError escape unformatted; it is now the cell's failure, with a hint on inclusive bounds
    reference = _answer_source("rank_feasible").replace("def rank_feasible(", "def _reference(", 1)
    raising = reference + '''

def rank_feasible(candidates, constraints, objective, objectives):
    if constraints == {"gap": 0.0}:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    return _reference(candidates, constraints, objective, objectives)
'''
    assert not _failed(EXERCISE, {"rank_feasible": raising}, Q2)
    outcome = _run(SOLUTION, {"rank_feasible": raising}, Q2)
    assert {k for k, v in outcome.items() if v} == {"test_rank_feasible_kept"}, outcome
    message = outcome["test_rank_feasible_kept"]
    assert message.startswith("AnswerError: ✗ rank_feasible with gap <= 0:"), message
    # its full text (the hidden part raises the trusted copy's AnswerError, an AssertionError)
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
             for c in json.loads(SOLUTION.read_text())["cells"]}
    namespace = {"__name__": "__main__"}
    for source in (cells["setup"], raising):
        exec(compile(source, "answer", "exec"), namespace)  # noqa: S102
    with pytest.raises(AssertionError) as failed:
        exec(compile(cells["test_rank_feasible_kept"], "test", "exec"), namespace)  # noqa: S102
    message = str(failed.value)
    assert "raise ValueError only when NO candidate meets every constraint" in message, message


def test_q5_and_q9_say_this_boards_gap_limit_is_stricter_than_the_lessons():
    # minor (b): the exercise's board uses 0.08 where lesson 07's GAP_LIMIT is 0.10
    for grade_id in ("q_bias_check", "q_go_no_go"):
        assert "GAP_LIMIT" in _answer_source(grade_id) and "0.08" in _answer_source(grade_id), grade_id
    rubric = (ROOT / "docs" / "rubrics" / f"{NAME}.md").read_text(encoding="utf-8")
    assert "stricter than lesson 07's `GAP_LIMIT` of 0.10" in rubric


# ------------------------------------------------------------------ review x07-r30
Q8A = {"setup", "privacy_ledger_uses", "epsilon_by_intake",
       *(f"test_epsilon_by_intake{t}" for t in ("", "_index", "_no_guarantee"))}


@pytest.mark.parametrize(("answer", "label", "only", "cell", "phrase"), [
    # D1: a refusal of another type (or an assert) costs the raise cell only, and says which type it got; the
    # message cell reads its message whatever the type (before: both cells, and a raw traceback)
    ("rank_feasible", "RuntimeError refusal, message names the constraints (review x07-r30 D1)", Q2,
     "test_rank_feasible_raises", 'expected ValueError, got "RuntimeError: no candidate meets the constraints'),
    ("rank_feasible", "assert refusal, message names the constraints (review x07-r30 D1)", Q2,
     "test_rank_feasible_raises", 'expected ValueError, got "AssertionError: no candidate meets the constraints'),
    # D2: reading rows by label costs the any-index cell only, with the hint (before: the composition cell, raw KeyError)
    ("epsilon_by_intake", "rows read with .loc[i] for i in range(len(uses))", Q8A, "test_epsilon_by_intake_index",
     "got 'KeyError: 0'"),
    # minor: ranges checked with assert cost the input cell only, and the message says why
    ("forced_fnr", "ranges checked with assert (review x07-r30 minor)", Q10, "test_forced_fnr_inputs",
     "AssertionError: rates out of range (an `assert` is no input check: python -O strips it; raise ValueError)"),
])
def test_a_wrong_exception_type_or_index_costs_its_own_cell_with_a_message(answer, label, only, cell, phrase):
    replace = {answer: MUTANTS[answer][label]}
    for path in (EXERCISE, SOLUTION):  # visible only (before grading), then graded
        outcome = _run(path, replace, only)
        assert {k for k, v in outcome.items() if v} == {cell}, (path.parent.name, outcome)
        assert phrase in outcome[cell], outcome[cell]


def _cell_sources() -> dict:
    import json

    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
            for c in json.loads(SOLUTION.read_text())["cells"]}


def test_q2_a_refusal_by_assert_names_python_o_in_its_hint():
    # the harness keeps a message's first line: run the cells to read the hint
    from responsible_ml.feedback import AnswerError

    cells = _cell_sources()
    cells["rank_feasible"] = MUTANTS["rank_feasible"]["assert refusal, message names the constraints (review x07-r30 D1)"]
    namespace = {"__name__": "__main__"}
    for grade_id in ("setup", "rank_feasible"):
        exec(compile(cells[grade_id], grade_id, "exec"), namespace)  # noqa: S102
    exec(compile(cells["test_rank_feasible_message"], "test_rank_feasible_message", "exec"), namespace)  # noqa: S102
    with pytest.raises(AnswerError) as failed:
        exec(compile(cells["test_rank_feasible_raises"], "test_rank_feasible_raises", "exec"), namespace)  # noqa: S102
    assert "python -O strips it" in str(failed.value)
    assert "[feedback id: rank-raise-type]" in str(failed.value)


def test_q10_assert_ranges_report_every_failing_rule():
    # the input cell goes on after an assert (before: `except AssertionError: raise` stopped at the first range)
    from responsible_ml.feedback import AnswerError

    cells = _cell_sources()
    cells["forced_fnr"] = MUTANTS["forced_fnr"]["ranges checked with assert (review x07-r30 minor)"]
    namespace = {"__name__": "__main__"}
    for grade_id in ("setup", "forced_fnr"):
        exec(compile(cells[grade_id], grade_id, "exec"), namespace)  # noqa: S102
    with pytest.raises(AnswerError) as failed:
        exec(compile(cells["test_forced_fnr_inputs"], "test_forced_fnr_inputs", "exec"), namespace)  # noqa: S102
    assert "(12 of 16 checks in this cell failed)" in str(failed.value)


def test_q8_part_a_index_cell_keeps_the_question_at_3_points():
    # D2: the any-index rule has its own cell (0.25), taken from the composition cell (now 0.75)
    import json

    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
              for c in json.loads(SOLUTION.read_text())["cells"] if c["metadata"].get("nbgrader")}
    assert (points["test_epsilon_by_intake"], points["test_epsilon_by_intake_index"],
            points["test_epsilon_by_intake_no_guarantee"]) == (0.75, 0.25, 1)
    assert "composition of private uses (0.75 points)" in _cell_sources()["q_privacy_ledger"]


# ------------------------------------------------------------------ review x07-r32
# D1 (kind: a case meant to grade one rule, the refusal's message, that a slip in another rule, a bound's direction,
# turns into a case where the first rule is never exercised). The message cells claimed every row misses a bound
# "whichever way a bound is read", false for the tables with bounds on some objectives only: a wrong-direction answer
# kept a row there, never raised, and lost the message cell. No row can miss a bound under EVERY reading (a row meets
# each bound one way, unless it sits on the bound or is NaN), so the raise and message cells now skip a table on which
# the answer kept a row (the kept cell grades that), and their tables are chosen so that every reading of the
# directions keeps no row in at least one of them (in the message cells: one with bounds on some objectives only),
# so both rules are always judged. The two wrong-direction answers cost the kept cell (and the order cell, for the
# one that also ranks by the column's name) only: tests/course/mutants/07-trade-offs.py FAILS.
Q2_ALL = Q2 | {"test_rank_feasible_message"}
_DIRECTED = ("test_rank_feasible_raises", "test_rank_feasible_message")


def _parts(grade_id: str) -> tuple[str, str]:
    visible, hidden = _cell_sources()[grade_id].split("### BEGIN HIDDEN TESTS")
    return visible, hidden.split("### END HIDDEN TESTS")[0]


def _recorded_calls(grade_id: str, part: int) -> list[tuple]:
    """(table, constraints, objectives, what the reference returned or None if it raised) for each call that one part
    (0 visible, 1 hidden) of a test cell makes."""
    cells = _cell_sources()
    calls = []
    namespace = {"__name__": "__main__"}
    exec(compile(cells["setup"], "setup", "exec"), namespace)  # noqa: S102
    exec(compile(cells["rank_feasible"].replace("def rank_feasible(", "def _reference(", 1), "answer", "exec"),  # noqa: S102
         namespace)
    reference = namespace["_reference"]

    def rank_feasible(candidates, constraints, objective, objectives):
        table, bounds, directions = candidates.copy(), dict(constraints), dict(objectives)
        try:
            result = reference(candidates, constraints, objective, objectives)
        except ValueError:
            calls.append((table, bounds, directions, None))
            raise
        calls.append((table, bounds, directions, result))
        return result

    namespace["rank_feasible"] = rank_feasible
    exec(compile(_parts(grade_id)[part], grade_id, "exec"), namespace)  # noqa: S102
    return calls


def _kept(table, bounds: dict, read: dict, *, strict: bool = False) -> list:
    ok = table["candidate"] == table["candidate"]
    for column, bound in bounds.items():
        values = table[column]
        if read[column] == "max":
            ok &= (values > bound) if strict else (values >= bound)
        else:
            ok &= (values < bound) if strict else (values <= bound)
    return list(table["candidate"][ok])


@pytest.mark.parametrize("grade_id", _DIRECTED)
@pytest.mark.parametrize("part", [0, 1], ids=["visible", "hidden"])
def test_q2_every_reading_of_the_directions_leaves_a_table_to_judge(grade_id, part):
    import itertools
    import math

    calls = _recorded_calls(grade_id, part)
    refused = [(t, b, o) for t, b, o, result in calls if result is None and len(t)]
    ranked = [(t, b, o) for t, b, o, result in calls if result]
    assert refused and (ranked or grade_id == "test_rank_feasible_message"), calls
    for table, bounds, _ in refused:  # clear of every bound, measured: no strictness or NaN slip changes these
        for column, bound in bounds.items():
            assert all(not math.isnan(v) and v != bound for v in table[column]), (column, list(table[column]), bound)
    columns = sorted({c for _, b, _ in refused + ranked for c in b})
    readings = [dict(zip(columns, d, strict=True)) for d in itertools.product(("min", "max"), repeat=len(columns))]
    assert len(readings) == 2 ** len(columns) >= 8
    for read in readings:
        # a table no row of which meets its bounds read this way: the refusal (and its message) is judged there
        judged = [(b, o) for t, b, o in refused if not _kept(t, b, read)]
        if grade_id == "test_rank_feasible_message":  # ... and one with bounds on some objectives only
            judged = [(b, o) for b, o in judged if set(o) - set(b)]
        assert judged, f"{grade_id} ({'hidden' if part else 'visible'}): no table judged when bounds are read {read}"
        for table, bounds, _ in ranked:  # a table that keeps a row keeps one whichever way, strict or not
            assert _kept(table, bounds, read, strict=True), (bounds, read)


def _reading_answer(read: dict) -> str:
    module = _module()
    return (module._RANK.replace('objectives[column] == "max"', f'{read!r}[column] == "max"') % module._R)


def test_q2_a_wrong_reading_of_the_directions_costs_neither_the_raise_nor_the_message_cell():
    # every reading of the visible cells' three bounded columns (8), the hidden cells' reach, loss and share read the
    # same way in turn (every reading of those too; the static test above covers every combination): the raise and
    # message cells, visible and hidden, run in this process with an answer that reads the bounds that way, and pass
    import itertools

    cells = _cell_sources()
    for directions in itertools.product(("min", "max"), repeat=3):
        read = dict(zip(("accuracy", "gap", "epsilon"), directions, strict=True))
        read |= dict(zip(("reach", "loss", "share"), directions, strict=True))
        namespace = {"__name__": "__main__"}
        for name, source in (("setup", cells["setup"]), ("rank_feasible", _reading_answer(read)),
                             *((g, cells[g]) for g in _DIRECTED)):
            try:
                exec(compile(source, name, "exec"), namespace)  # noqa: S102
            except AssertionError as error:  # AnswerError included
                pytest.fail(f"{name} fails when bounds are read {read}: {error}")


@pytest.mark.parametrize(("label", "cells"), [
    ("every bound an upper limit", {"test_rank_feasible_kept"}),
    ("bound directions swapped", {"test_rank_feasible_kept"}),
    ("bound direction by column name (accuracy a lower limit, others upper)", {"test_rank_feasible_kept"}),
    ("directions by column name (accuracy max, every other min)",
     {"test_rank_feasible_kept", "test_rank_feasible_order"}),
])
def test_q2_a_wrong_direction_costs_the_kept_cell_not_the_message_cell(label, cells):
    replace = {"rank_feasible": MUTANTS["rank_feasible"][label]}
    assert _failed(SOLUTION, replace, Q2_ALL) == cells      # graded: visible and hidden
    assert _failed(EXERCISE, replace, Q2_ALL) == cells      # visible only


def test_q2_a_table_where_the_answer_kept_a_row_is_said_to_be_not_judged():
    # the output says which tables were skipped, and why (the trainee's raise and message cells pass)
    import contextlib
    import io

    cells = _cell_sources()
    namespace = {"__name__": "__main__"}
    for name in ("setup", "rank_feasible"):
        source = MUTANTS["rank_feasible"]["every bound an upper limit"] if name == "rank_feasible" else cells[name]
        exec(compile(source, name, "exec"), namespace)  # noqa: S102
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        exec(compile(_parts("test_rank_feasible_message")[0], "message", "exec"), namespace)  # noqa: S102
    assert "not judged here: with {'accuracy': 0.7, 'gap': 0.05} your ranking kept" in shown.getvalue()
    assert "graded in the kept cell" in shown.getvalue()

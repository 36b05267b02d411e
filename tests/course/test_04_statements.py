"""Exercise 04: prompts and hints state goals, not answers, and give the right privacy reasons.

Review x04-r11: Q4's text called clipping the noisy sum to [n·lower, n·upper] post-processing (D3;
under add/remove n is private, so that range is read from private data); Q6's stub gave the solved
inequality with its division by p_truth (S1); Q4's scale hints gave max(|lower|, |upper|) (S2); a
hidden check passed NumPy integers where Python ints are documented (D1). Review x04-r13: NumPy scalars
equal to the right value earn the points (D3), respondents_needed in two parts (D2), 8(c)'s d catches
both composition myths (M1). Review x04-r14: 8(c)'s key no longer has the worked practice's pattern (S1,
c and d swapped), Q4's sensitivity is derived for up to `per_learner` values per learner, not copied from the
lesson's table (S2), and the visible checks catch the noisy sum clipped at 0 (M1), bins from 20 (D2), the
number 0 for no release (D3) and an estimate clipped at 1 (M1 kind). The messages of the fixes are checked by FAILS in
tests/course/mutants/04-privacy.py; what must be absent is checked here.
"""

from __future__ import annotations

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "04-privacy"


def _cells(folder):
    nb = json.loads((ROOT / folder / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id", f"cell{i}"): "".join(c["source"])
            for i, c in enumerate(nb["cells"])}


def test_04_clipping_to_the_sums_range_is_not_called_post_processing():
    for folder in ("solutions", "exercises"):
        for gid, text in _cells(folder).items():
            flat = " ".join(text.split())
            assert not re.search(r"range the sum can take[^.]{0,40}is post-processing", flat), (folder, gid)
            assert "clipping keeps privacy" not in flat, (folder, gid)
    assert "treats as private" in " ".join(_cells("exercises")["q_laplace_mean"].split())


def test_04_plan_stub_and_visible_hint_do_not_solve_the_inequality():
    cells = _cells("exercises")
    for gid in ("respondents_needed", "test_respondents_needed", "test_respondents_needed_exact", "q_plan_survey"):
        assert not re.search(r"/\s*p_truth\s*<=|p_truth\s*\)?\s*\*\*\s*2|0\.25\s*/\s*n", cells[gid]), gid


def test_04_scale_hints_do_not_give_the_sum_sensitivity():
    for gid, text in _cells("solutions").items():
        if gid.startswith("test_laplace_sum"):
            messages = " ".join(re.findall(r'(?:hint|what|expected)=(?:f?"[^"]*"\s*)+', text))
            assert "max(|lower|, |upper|)" not in messages, gid
            assert "larger in size" not in messages, gid


def test_04_test_cells_pass_no_numpy_scalars_as_counts():
    for gid, text in _cells("solutions").items():
        if gid.startswith("test_"):
            assert not re.search(r"\.int(8|16|32|64)\(", text), gid


def _mutants_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_04", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(folder, replace, only):
    from responsible_ml.course import run_notebook_cells

    return run_notebook_cells(ROOT / folder / NAME / f"{NAME}.ipynb", replace, only={"setup", *only})


def _own_tests(answer):
    cells = _cells("solutions")
    return {g for g in cells if g == f"test_{answer}" or g.startswith(f"test_{answer}_")}


def test_04_right_answers_with_numpy_scalars_earn_every_point():
    # Review x04-r12: np.int64 cost all 1.5 points of respondents_needed. Review x04-r13 D3: a k returned as
    # people.min() (a NumPy integer) cost the k point; every accepted answer now earns all its cells.
    for answer, labels in _mutants_module().ACCEPTED.items():
        tests = _own_tests(answer)
        for label, source in labels.items():
            assert _run("solutions", {answer: source}, {answer, *tests}) == dict.fromkeys(sorted(tests)), (answer, label)


def test_04_whole_number_bound_is_its_own_part():
    # Review x04-r13 D2: respondents_needed is graded in two cells (1 + 0.5 points, 1.5 in all), and the
    # exact-bound cell's visible hint names int(x) + 1.
    import json

    nb = json.loads((ROOT / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points")
              for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}
    assert (points["test_respondents_needed"], points["test_respondents_needed_exact"]) == (1, 0.5)
    assert "int(x) + 1" in _cells("exercises")["test_respondents_needed_exact"]


def test_04_promise_statements_catch_both_composition_myths():
    # Review x04-r13 M1: d is an upper bound that is too tight ("at most 2-DP under replace-one" for two
    # 1-DP add/remove releases; the guarantee is 4), so believing that two releases cost no more than one,
    # or that replace-one costs what add/remove does, marks d true; c (a group fact is no failure) is true.
    text = " ".join(_cells("exercises")["q_privacy_budget"].split())
    assert "together at most 2-DP for Ana under replace-one" in text
    assert "The guarantee does not rule out this: an attacker" in text  # review x04-r23 D1: a claim about the guarantee
    assert "failed its guarantee" not in text
    key = " ".join(_cells("solutions")["epsilon_promise"].split())
    assert 'PROMISED = {"a", "d"}' in key  # review x04-r14 S1: c and d swapped (the practice's pattern is a, c)


def test_04_visible_checks_catch_the_review_r12_mistakes():
    # What a trainee sees before grading (visible checks only): the cap counted before coarsening (D2) fails
    # the cap cell, a constant ε per answer (S1) fails the rounds cell, and an estimate refused outside [0, 1]
    # (D1) fails the estimate cell only, with the rr-not-clipped hint.
    mutants = _mutants_module().MUTANTS
    cap = _run("exercises", {"make_k_anonymous": mutants["make_k_anonymous"][
        "cap counted before coarsening (in df's classes), review x04-r12 D2"]},
        {"make_k_anonymous", "test_make_k_anonymous", "test_make_k_anonymous_cap"})
    assert cap["test_make_k_anonymous"] is None and "10-year bands" in cap["test_make_k_anonymous_cap"], cap
    eps = _run("exercises", {"answer_epsilon": mutants["answer_epsilon"][
        "a constant ε per answer (rounds itself), review x04-r12 S1"]},
        {"answer_epsilon", "test_answer_epsilon_rounds"})
    assert "two randomisers" in eps["test_answer_epsilon_rounds"], eps
    rate = _run("exercises", {"estimate_rate": mutants["estimate_rate"][
        "estimate outside [0, 1] refused with ValueError (review x04-r12 D1)"]},
        {"estimate_rate", "test_estimate_rate", "test_estimate_rate_se", "test_estimate_rate_checks"})
    assert [k for k, v in rate.items() if v] == ["test_estimate_rate"], rate
    assert "estimate from 5 % yes" in rate["test_estimate_rate"], rate
    text = "".join(_cells("exercises")["test_estimate_rate"])
    assert 'hint_id="rr-not-clipped"' in text and "do not refuse one outside it" in " ".join(text.split())


def test_04_sum_sensitivity_is_derived_not_copied_from_the_lesson():
    # Review x04-r14 S2: the lesson's section 4 tabulates the sum's sensitivity for one value per person under
    # both relations; Q4 asks for a learner with up to per_learner values, which the lesson does not tabulate.
    lesson = (ROOT / "lessons" / f"{NAME}.ipynb").read_text(encoding="utf-8")
    assert "max(|lower|, |upper|) under add/remove" in lesson and "per_learner" not in lesson
    cells = _cells("exercises")
    assert "def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):" in cells["laplace_sum"]
    question = " ".join(cells["q_laplace_mean"].split())
    assert "up to `per_learner` of the values can be one learner's" in question
    assert "with all of her clipped values" in question
    assert "per_learner=3" in cells["test_laplace_sum_scale"]


def test_04_visible_checks_catch_the_review_r14_mistakes():
    # What a trainee sees before grading (visible checks only): each mistake fails its own visible cell.
    mutants = _mutants_module().MUTANTS
    cases = [("laplace_sum", "per_learner ignored (the lesson's one-value sensitivity copied), review x04-r14 S2",
              "test_laplace_sum_scale", "scale of the noise"),
             ("laplace_sum", "noisy sum clipped at 0 when lower >= 0, review x04-r14 M1",
              "test_laplace_sum_unclipped", "at the lower bound 0"),
             ("laplace_sum", "noisy sum clipped at 0 from above when upper <= 0, review x04-r14 M1",
              "test_laplace_sum_unclipped", "at the upper bound 0"),
             ("estimate_rate", "estimate clipped at 1 only (min(estimate, 1)), review x04-r14 M1",
              "test_estimate_rate", "above 1"),
             ("generalise", "pd.cut bins from 20 (no band, NaN, for 18 and 19)", "test_generalise_bands", "18, 19"),
             ("epsilon_per_learner", "the number 0 for no release (a sum over nothing), review x04-r14 D3",
              "test_epsilon_per_learner", "no release: an array of n_learners zeros")]
    for answer, label, cell, text in cases:
        tests = _own_tests(answer)
        got = _run("exercises", {answer: mutants[answer][label]}, {answer, "budget_scenario", *tests})
        assert [k for k, v in got.items() if v] == [cell] and text in got[cell], (label, got)
    # the hint written for bins that miss an age is reached by a visible case (D2 kind)
    bands = " ".join(_cells("exercises")["test_generalise_bands"].split())
    assert "pd.cut gives NaN to an age outside its" in bands and "18, 19, 20" in bands


def test_04_hidden_rows_cell_of_unique_learners_takes_lists_only():
    # Review x04-r14 D1: a tuple of quasi-identifiers is graded in the share cell; the rows cell must not
    # grade it again (smallest_class's rows cell does the same).
    text = _cells("solutions")["test_unique_learners_rows"]
    assert not re.search(r'\(\s*"[a-z_]+"\s*,\s*("[a-z_]+"\s*)?\)', text), "a tuple of quasi-identifiers in the rows cell"


def test_04_a_later_answer_may_call_an_earlier_one_whatever_that_one_is():
    # Review x04-r15 D2: Q6 invites question 5's standard error and Q3 says "as in question 1", but a wrong or
    # blank estimate_rate cost Q6's 1.5 points and a blank smallest_class cost Q3. The tests lend correct
    # earlier functions while the answer runs (the first cell states the rule): the reuse earns every point with
    # a wrong and with a blank earlier answer, and the trainee's own earlier function is back after the cell.
    module = _mutants_module()
    for answer, wrong in module.EARLIER_WRONG.items():
        earlier = module.EARLIER_ANSWER[answer]
        tests = _own_tests(answer)
        for label, source in module.ACCEPTED[answer].items():
            if "review x04-r15 D2" not in label:
                continue
            for earlier_label, earlier_source in wrong.items():
                got = _run("solutions", {earlier: earlier_source, answer: source}, {earlier, answer, *tests})
                assert got == dict.fromkeys(sorted(tests)), (answer, earlier_label, got)
    first = " ".join(_cells("exercises")["instructions"].split())
    assert "its test lends it a correct one while your answer runs" in first


def test_04_generalise_is_tested_on_tables_with_release_columns():
    # Review x04-r15 D1: Q2's tables lacked gender, device, ... and held district as str, so a kept-column list
    # or district read through .cat lost both points (ACCEPTED["generalise"] earns them, test above).
    for folder in ("solutions", "exercises"):
        cells = _cells(folder)
        for gid in ("test_generalise", "test_generalise_bands"):
            assert "pd.DataFrame({" not in cells[gid], (folder, gid)


def test_04_visible_checks_catch_the_review_r19_mistakes():
    # What a trainee sees before grading (visible checks only). M1: k right in people, the rows picked by their
    # number of rows, passed every cell; D2: P(yes | true yes) taken as p_truth passed the visible more_private
    # check; D1: a `>` for `>=` in the suppression, its cap counting what it suppresses, failed the cap cell too;
    # D3: a wrong k whose rows follow it costs the k cell only (the rows are judged against the answer's own k).
    mutants = _mutants_module().MUTANTS
    cases = [("smallest_class", "k in people, rows of the classes with k ROWS (review x04-r19 M1)",
              ["test_smallest_class_rows"], "rows that set k in the enrolment log"),
             ("smallest_class", "k of the largest class, its rows (review x04-r19 D3)",
              ["test_smallest_class"], "k of the toy table"),
             ("smallest_class", "k counts rows, not people (groupby size)",
              ["test_smallest_class", "test_smallest_class_rows"], "k of the enrolment log"),
             ("more_private", "P(yes | true yes) taken as p_truth (review x04-r19 D2)",
              ["test_more_private"], "u = (0.65, 0.5)"),
             ("make_k_anonymous", "> k instead of >= k, the cap on the rows it suppresses (review x04-r19 D1)",
              ["test_make_k_anonymous"], "rows kept for k = 3")]
    solved_epsilon = _cells("solutions")["answer_epsilon"]  # more_private's visible check uses the trainee's own
    for answer, label, cells, text in cases:
        tests = _own_tests(answer)
        got = _run("exercises", {answer: mutants[answer][label], "answer_epsilon": solved_epsilon},
                   {answer, "answer_epsilon", *tests})
        assert [k for k, v in got.items() if v] == cells and text in got[cells[0]], (label, got)


def test_04_visible_checks_charge_one_rule_per_cell_review_r26():
    # Review x04-r26 D1: an inverted noise scale (ε / sensitivity) lost the unclipped cell too; D2: a wrong standard
    # error (no division by p_truth, the slope halved) lost the whole-number cell too. Each now costs its own cell
    # in what a trainee sees before grading (the solution notebook's hidden checks: FAILS in the mutants file).
    mutants = _mutants_module().MUTANTS
    cases = [("laplace_sum", "scale inverted (epsilon / sensitivity), review x04-r26 D1", "test_laplace_sum_scale",
              "scale of the noise"),
             ("respondents_needed", "SE divided by p_truth / 2 (review x04-r26 D2)", "test_respondents_needed", "got 1976"),
             ("respondents_needed", "SE not divided by p_truth", "test_respondents_needed", "got 124"),
             ("respondents_needed", "rounded up as int(x) + 1 (one too many when the bound is whole)",
              "test_respondents_needed_exact", "its bound here is exactly 256")]
    for answer, label, cell, text in cases:
        tests = _own_tests(answer)
        got = _run("exercises", {answer: mutants[answer][label]}, {answer, *tests})
        assert [k for k, v in got.items() if v] == [cell] and text in got[cell], (label, got)

"""Per-trainee variants of exercise 04 (issue 28): the sample, the report's ε, the survey plan and two
hidden cases (a Laplace sum, a randomised-response survey) drawn from the trainee's variant seed.

In process, as the grader runs the cells (:func:`responsible_ml.course.run_notebook_cells` with
``trainee=``). The exercise's answers are functions graded on many inputs, so "a peer's numbers" is a
lookup table: every call the tests made while grading trainee A, with A's answers, and an error
for any other call (what a trainee gets by pasting a peer's printed results, or the published hidden
tests' inputs with a peer's expected values). Graded as A it passes; graded as B it loses exactly the
cells whose inputs depend on the variant and differ between A and B.

A whole-notebook run takes 15-45 s (its statistical checks draw thousands of answers): the quick
tests run the survey plan's and the report's cells (questions 6 and 8(b)) for all 50 trainees and
every variant-dependent cell of questions 6 and 8 for every 5th; the slow sweep runs
the whole notebook, reference and blank, for every 5th trainee (all 50 with RML_ALL_VARIANTS=1).
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import sys
import types

import pytest

from responsible_ml.course import run_notebook_cells
from responsible_ml.feedback import trusted, variant

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "04-privacy"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
EXERCISE = ROOT / "exercises" / NAME / f"{NAME}.ipynb"
TRAINEES = [f"trainee{i:02d}" for i in range(50)]

#: The answers whose tests read the variant cheaply (questions 6 and 8), their cells and test cells.
LOOKUP_ANSWERS = ("respondents_needed", "answer_epsilon", "replace_one_total")
PLAN_TESTS = {"test_respondents_needed", "test_answer_epsilon", "test_answer_epsilon_rounds",
              "test_more_private", "test_replace_one_total", "test_replace_one_total_relation"}
BUDGET_TESTS = {"test_epsilon_per_learner"}
VARIED_TESTS = PLAN_TESTS | BUDGET_TESTS
#: The variant-dependent cells run for all 50 trainees (the others run in the sweep).
CHEAP_VARIED_TESTS = {"test_respondents_needed", "test_replace_one_total"}
VARIED_CELLS = {"setup", "plan_scenario", "budget_scenario", "respondents_needed", "answer_epsilon",
                "more_private", "epsilon_per_learner", "replace_one_total", *VARIED_TESTS}
#: Every graded cell of the notebook (24).
N_TESTS = 24


def _blank_answers() -> dict[str, str]:
    nb = json.loads(EXERCISE.read_text(encoding="utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}


def _reference_answers() -> dict[str, str]:
    nb = json.loads(SOLUTION.read_text(encoding="utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}


# ------------------------------------------------------------------ the parameters
def test_04_variant_0_is_the_published_exercise():
    v0 = variant(NAME, trainee="")
    assert (v0.seed, v0.label) == (0, "0")
    assert v0.params == {
        "data_seed": 4, "n_learners": 1200,
        "report_epsilon": {"region": 0.2, "device": 0.3, "mean_groups": 0.25, "mean_all": 0.15},
        "survey_plan": {"p_truth": (0.6, 0.8), "max_se": 0.03},
        "laplace_case": {"lower": -50.0, "upper": 10.0, "epsilon": 0.5},
        "survey": {"n_yes": 2, "n": 10, "p_yes_if_yes": 0.72, "p_yes_if_no": 0.12}}
    assert trusted().variant(NAME, "alice").params == variant(NAME, "alice").params
    # The setup cell's sample and the test cells' copies come from the same parameters.
    setup = next("".join(c["source"]) for c in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
                 if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    assert 'make_case_study(n=V.params["n_learners"], random_state=V.params["data_seed"])' in setup


def _data_kinds(seed: int, n: int) -> dict:
    """What the visible tests of questions 1-3 and 8 assume of a sample."""
    from responsible_ml.data import make_case_study
    from responsible_ml.privacy import REGIONS, k_anonymity

    learners = make_case_study(n=n, random_state=seed)
    release = learners.drop(columns=["learner_id", "name", "birth_date", "completed_true"])
    qi = ["age", "gender", "district"]
    coarse = release.drop(columns=["district_deprivation", "enrol_month", "forum_posts"]).assign(
        age=(release["age"] // 20 * 20).astype(str) + "+", district=release["district"].astype(str).map(REGIONS))
    size = coarse.groupby(qi, observed=True, dropna=False)["age"].transform("size")
    return {"k is 1": k_anonymity(release, qi) == 1,  # "someone is alone in their class"
            "ages present": not release["age"].isna().any(),
            "a learner under 60": bool((release["age"] < 60).any()),
            "over 90 % kept at k = 5": int((size >= 5).sum()) > 0.9 * n,
            "someone in both mean-score groups": bool(((learners["prior_courses"] >= 1) & (learners["age"] < 30)).any()),
            # so the worst-off learner pays region + device + 2 × mean-groups ε (test_replace_one_total's input)
            "every learner in a device group": set(learners["device"].astype(str)) <= {"laptop", "mobile"},
            "four regions": sorted(coarse["district"].unique()) == ["east", "north", "south", "west"]}


def test_04_fifty_variants_differ_and_keep_the_answer_kinds():
    params = [variant(NAME, trainee=t).params for t in ["", *TRAINEES]]
    assert len({(p["data_seed"], p["n_learners"]) for p in params}) >= 45
    assert len({tuple(p["report_epsilon"].values()) for p in params}) >= 40
    assert len({(p["survey_plan"]["p_truth"], p["survey_plan"]["max_se"]) for p in params}) >= 30
    for p in params:
        kinds = _data_kinds(p["data_seed"], p["n_learners"])
        assert all(kinds.values()), (p, kinds)
        # Question 8: every ε positive, with at most two decimals (the totals are no rounding edge).
        eps = p["report_epsilon"]
        assert all(0 < e <= 0.4 and round(e, 2) == e for e in eps.values()), eps
        # Question 6: two designs, each bound off a whole number, rounding to the nearest one too few.
        plan = p["survey_plan"]
        assert len(set(plan["p_truth"])) == 2 and all(0 < x < 1 for x in plan["p_truth"])
        for p_truth in plan["p_truth"]:
            bound = 0.25 / (plan["max_se"] * p_truth) ** 2
            assert 0.01 < bound % 1 <= 0.49 or p is params[0], (plan, bound)
            assert math.ceil(bound - 1e-9) == math.ceil(bound)
        # Question 4's hidden case: |lower| is the sensitivity, and the upper bound alone, the width and
        # ε × sensitivity all give a scale more than 10 % off (the test's tolerance) by a margin.
        lap = p["laplace_case"]
        size, upper, e = -lap["lower"], lap["upper"], lap["epsilon"]
        assert lap["lower"] < 0 < upper < size
        assert upper / size <= 0.7 and (size + upper) / size >= 1.15 and not 0.7 <= e * e <= 1.43, lap
        # Question 5's hidden survey: an observed share inside (0, 1) and an estimate inside [0, 1].
        s = p["survey"]
        share = s["n_yes"] / s["n"]
        assert 0 < share < 1 and 0 <= (share - s["p_yes_if_no"]) / (s["p_yes_if_yes"] - s["p_yes_if_no"]) <= 1, s


@pytest.mark.slow
def test_04_every_sample_a_variant_may_draw_keeps_the_data_kinds():
    """Every sample seed (100-227) at the smallest and the largest number of learners."""
    for seed in range(100, 228):
        for n in (1000, 1400):
            kinds = _data_kinds(seed, n)
            assert all(kinds.values()), (seed, n, kinds)


# ------------------------------------------------------------------ grading, in process
def _graded(replace: dict[str, str], trainees, tests=VARIED_TESTS) -> dict:
    """``{trainee: {test: None or error}}``: the setup and the answer cells run once (their names do not
    depend on the variant), then each trainee's test cells, each starting with the grader's line that sets
    that trainee's id (as :func:`run_notebook_cells` does, without running the setup 50 times)."""
    from responsible_ml.course._mutants import _cells, _run_cell
    from responsible_ml.course._variants import grader_line

    cells = [c for c in _cells(SOLUTION) if c[0] in VARIED_CELLS]
    saved = {k: os.environ.get(k) for k in ("RML_TRAINEE_ID", "RML_COURSE_ID")}
    old = os.getcwd()
    os.chdir(SOLUTION.parent)
    try:
        for key in saved:
            os.environ.pop(key, None)
        namespace: dict = {"__name__": "__main__"}
        for cell in cells:
            if cell[1] != "test":
                _run_cell(cell, replace, namespace, {})
        out = {}
        for trainee in trainees:
            results: dict = {}
            prefix = grader_line(None, trainee) + "\n" if trainee else None
            for cell in cells:
                if cell[1] == "test" and cell[0] in tests:
                    _run_cell(cell, replace, namespace, results, prefix)
            out[trainee] = results
        return out
    finally:
        os.chdir(old)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_04_fifty_variants_reference_full_blank_zero_on_questions_6_and_8():
    """The survey plan's and the report's cells for the 50 trainees; every variant-dependent cell of
    questions 6 and 8 for every 5th, where the stubs fail them all."""
    graded = _graded({}, TRAINEES, CHEAP_VARIED_TESTS)
    for trainee, ref in graded.items():
        assert set(ref) == CHEAP_VARIED_TESTS and not any(ref.values()), (trainee, ref)
    for trainee, ref in _graded({}, TRAINEES[::5]).items():
        assert set(ref) == VARIED_TESTS and not any(ref.values()), (trainee, ref)
    blank = {k: v for k, v in _blank_answers().items() if k in VARIED_CELLS}
    assert set(blank) == {"respondents_needed", "answer_epsilon", "more_private", "epsilon_per_learner",
                          "replace_one_total"}
    for trainee, empty in _graded(blank, TRAINEES[::5]).items():
        assert set(empty) == VARIED_TESTS and all(empty.values()), (trainee, empty)


_STORE = "_rml_test_variants_04_calls"


def _recording(answers: dict[str, str]) -> dict[str, str]:
    """Answer cells that run the reference and write down every call (arguments and outcome)."""
    cells = {}
    for name in LOOKUP_ANSWERS:
        cells[name] = answers[name] + (
            f"\n\n_rec_{name} = {name}\n\n\n"
            f"def {name}(*args, **kwargs):\n"
            f"    key = repr((args, sorted(kwargs.items())))\n"
            f"    try:\n"
            f"        out = _rec_{name}(*args, **kwargs)\n"
            f"    except ValueError as err:\n"
            f"        __import__('sys').modules[{_STORE!r}].calls[({name!r}, key)] = ('raise', str(err))\n"
            f"        raise\n"
            f"    __import__('sys').modules[{_STORE!r}].calls[({name!r}, key)] = ('value', out)\n"
            f"    return out\n")
    return cells


def _lookup(calls: dict) -> dict[str, str]:
    """Answer cells that give back the recorded answers, and refuse any other call."""
    cells = {}
    for name in LOOKUP_ANSWERS:
        table = {key: (kind, float(out) if kind == "value" and not isinstance(out, int) else out)
                 for (fn, key), (kind, out) in calls.items() if fn == name}
        cells[name] = (f"_TABLE_{name} = {table!r}\n\n\n"
                       f"def {name}(*args, **kwargs):\n"
                       f"    kind, out = _TABLE_{name}.get(repr((args, sorted(kwargs.items()))), ('raise', 'not in my table'))\n"
                       f"    if kind == 'raise':\n"
                       f"        raise ValueError(out)\n"
                       f"    return out\n")
    return cells


def _record(trainee: str) -> dict:
    store = types.ModuleType(_STORE)
    store.calls = {}
    sys.modules[_STORE] = store
    try:
        (result,) = _graded(_recording(_reference_answers()), [trainee], PLAN_TESTS).values()
    finally:
        del sys.modules[_STORE]
    assert not any(result.values()), result
    return store.calls


def _differs(a: str, b: str) -> set:
    """The cells whose inputs depend on the variant and differ between a's and b's."""
    pa, pb = variant(NAME, trainee=a).params, variant(NAME, trainee=b).params
    out = set()
    if pa["survey_plan"] != pb["survey_plan"]:
        out.add("test_respondents_needed")
    if pa["survey_plan"]["p_truth"] != pb["survey_plan"]["p_truth"]:
        out.add("test_answer_epsilon")
    ea, eb = pa["report_epsilon"], pb["report_epsilon"]
    worst = [round(e["region"] + e["device"] + 2 * e["mean_groups"], 2) for e in (ea, eb)]
    if worst[0] != worst[1] or ea["mean_all"] != eb["mean_all"]:
        out.add("test_replace_one_total")
    return out


def test_04_a_peers_numbers_pass_for_the_peer_and_lose_the_varied_cells_for_another():
    """A lookup table of trainee A's answers (every call A's tests made) passes as A, and graded as B
    loses exactly the cells whose variant inputs differ; variant 0's table loses them as a trainee."""
    lost_somewhere = set()
    for a, b in (("trainee00", "trainee25"), ("", "trainee07")):
        graded = _graded(_lookup(_record(a)), [a, b], PLAN_TESTS)
        assert not any(graded[a].values()), (a, graded[a])
        lost = {k for k, v in graded[b].items() if v}
        assert lost == _differs(a, b), (a, b, graded[b])
        lost_somewhere |= lost
    assert lost_somewhere == {"test_respondents_needed", "test_answer_epsilon", "test_replace_one_total"}


#: The whole-notebook sweep (15-45 s a trainee): every 5th of the 50, all 50 with RML_ALL_VARIANTS=1.
SWEEP = TRAINEES if os.environ.get("RML_ALL_VARIANTS") == "1" else TRAINEES[::5]


@pytest.mark.slow
@pytest.mark.parametrize("trainee", SWEEP)
def test_04_whole_notebook_reference_full_blank_zero_across_variants(trainee):
    ref = run_notebook_cells(SOLUTION, trainee=trainee)
    assert len(ref) == N_TESTS and not any(ref.values()), (trainee, {k: v for k, v in ref.items() if v})
    blank = run_notebook_cells(SOLUTION, _blank_answers(), trainee=trainee)
    # Every graded cell fails on the stubs, except 8(c)'s two cells, whose visible check reads only the form
    # of PROMISED (None fails it too).
    assert all(blank.values()), (trainee, {k: v for k, v in blank.items() if not v})

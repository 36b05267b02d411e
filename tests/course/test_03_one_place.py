"""Exercise 03 after review x03-r9: a right answer with its own helper names gets full marks, and Wilson with
the exact 95 % quantile passes the visible and the hidden check of question 5(c) (D1). After review x03-r15
(D1): question 5's parts (a) and (c) written on the trainee's own metrics_by_subgroup pass whatever question 1 is.
After review x03-r17 (D1, D2): the same on a subset of the rows (the completers), and question 4 with question 3's
function given the overall rate explicitly. After review x03-r20 (D1, D2): the same on columns the part derives (a
decision column, a string group, an integer label, renamed groups), with a blank or wrong question 1, since the
hidden tests lend a correct metrics_by_subgroup for any call; question 4's stand-ins answer any table as questions
1 and 2 define; and a call the release's checks cannot answer names the trainee's function as the caller.

The static name check is in test_hidden_names.py; the notebook runs here are marked slow.
"""

from __future__ import annotations

import pathlib

import pytest

NAME = "03-fairness"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
EXERCISE = ROOT / "exercises" / NAME / f"{NAME}.ipynb"


#: Right answers with the trainee's own module-level helpers, named as the hidden tests used to name
#: theirs (`_t`, `_o`, `_tpr`, `_sc`): full marks at grading.
_OWN_HELPERS = {
    "metrics_by_subgroup": '''
_t = lambda values: values.astype(str)
_o = None


def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] >= threshold).astype(int)
    rows = {}
    for group in sorted(_t(df[group_col]).unique()):
        in_group = (_t(df[group_col]) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
    "read_the_audit_tpr_gap_se": '''
def _tpr(df, group_col, group, label_col, score_col, threshold):
    completers = df[(df[group_col].astype(str) == str(group)) & (df[label_col] == 1)]
    return float((completers[score_col] >= threshold).mean()), len(completers)


def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    (p1, n1), (p2, n2) = (_tpr(df, group_col, g, label_col, score_col, threshold) for g in (a, b))
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
    "read_the_audit_smallest_tpr_interval": '''
_sc = 1.96


def _tpr(df, group_col, group, label_col, score_col, threshold):
    completers = df[(df[group_col].astype(str) == str(group)) & (df[label_col] == 1)]
    return float((completers[score_col] >= threshold).mean()), len(completers)


def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    group = df[df[label_col] == 1][group_col].astype(str).value_counts().idxmin()
    (p, n), z = _tpr(df, group_col, group, label_col, score_col, threshold), _sc
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
}

#: Review x03-r9 D1: Wilson with the exact 95 % quantile (stdlib, not blocked) is right.
_EXACT_Z = '''
from statistics import NormalDist


def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), NormalDist().inv_cdf(0.975)
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
'''


#: Review x03-r18 D1: the exact z from scipy.stats.norm (the question names it) in (c), and in (b)'s rule.
_SCIPY_Z_INTERVAL = _EXACT_Z.replace("from statistics import NormalDist", "import scipy.stats").replace(
    "NormalDist().inv_cdf(0.975)", "scipy.stats.norm.ppf(0.975)")
_SCIPY_Z_NOISE = '''
from scipy.stats import norm


def beyond_noise(p1, n1, p2, n2):
    return bool(abs(p1 - p2) > norm.ppf(0.975) * np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
'''


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("answer", [_EXACT_Z, _SCIPY_Z_INTERVAL], ids=["statistics.NormalDist", "scipy.stats.norm.ppf"])
def test_03_wilson_with_the_exact_z_passes_visible_and_hidden_checks(answer):
    from responsible_ml.course import run_notebook_cells

    only = {"setup", "read_the_audit_smallest_tpr_interval", "test_read_the_audit_smallest_tpr_interval"}
    outcome = run_notebook_cells(SOLUTION, {"read_the_audit_smallest_tpr_interval": answer}, only=only)
    assert outcome == {"test_read_the_audit_smallest_tpr_interval": None}, outcome


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_03_beyond_noise_with_the_scipy_norm_z_passes():
    """Review x03-r18 D1: scipy.stats.norm.ppf is allowed in question 5 (the rest of scipy.stats is not)."""
    from responsible_ml.course import run_notebook_cells

    only = {"setup", "read_the_audit_noise", "test_read_the_audit_noise"}
    outcome = run_notebook_cells(SOLUTION, {"read_the_audit_noise": _SCIPY_Z_NOISE}, only=only)
    assert outcome == {"test_read_the_audit_noise": None}, outcome


#: Review x03-r19 D2: question 5(b) grades only verdicts the lesson's own method gives too, so a verdict from the lesson's
#: 95 % Newcombe interval earns its point. Review x03-r21 M1: the pooled two-proportion SE (which the question rules
#: out) no longer does: on a rare-event case, visible and hidden, only the pooled SE says beyond noise.
_POOLED_NOISE = '''
def beyond_noise(p1, n1, p2, n2):
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    return bool(abs(p1 - p2) > 2 * np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)))
'''
_NEWCOMBE_NOISE = '''
def _wilson_bounds(p, n, z=1.96):
    centre, half = p + z ** 2 / (2 * n), z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return (centre - half) / (1 + z ** 2 / n), (centre + half) / (1 + z ** 2 / n)


def beyond_noise(p1, n1, p2, n2):
    (l1, u1), (l2, u2), d = _wilson_bounds(p1, n1), _wilson_bounds(p2, n2), p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return bool(low > 0 or high < 0)
'''


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_03_beyond_noise_by_newcombe_passes_and_by_the_pooled_se_fails():
    from responsible_ml.course import run_notebook_cells

    only = {"setup", "read_the_audit_noise", "test_read_the_audit_noise"}
    outcome = run_notebook_cells(SOLUTION, {"read_the_audit_noise": _NEWCOMBE_NOISE}, only=only)
    assert outcome == {"test_read_the_audit_noise": None}, outcome
    pooled = run_notebook_cells(SOLUTION, {"read_the_audit_noise": _POOLED_NOISE}, only=only)
    assert "1 of 20 vs 1 of 200" in str(pooled["test_read_the_audit_noise"]), pooled
    # Visible too: the exercise's own copy of the cell (what a trainee runs) refuses it.
    visible = run_notebook_cells(EXERCISE, {"read_the_audit_noise": _POOLED_NOISE}, only=only)
    assert "a pooled rate (2 of 220)" in str(visible["test_read_the_audit_noise"]), visible


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_03_right_answers_with_own_helper_names_get_full_marks():
    from responsible_ml.course import run_notebook_cells

    outcome = run_notebook_cells(SOLUTION, _OWN_HELPERS)
    assert outcome and not any(outcome.values()), {t: e for t, e in outcome.items() if e}


#: Review x03-r15 D1: parts (a) and (c) of question 5 written on top of the trainee's own metrics_by_subgroup
#: (natural reuse). Question 5 says answers to questions 1-4 cost nothing there, so while its cells run (a) and
#: (c), a stand-in answers for metrics_by_subgroup (on the data the cell passes), as question 4's cells do.
_SE_ON_Q1 = '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    table = metrics_by_subgroup(df, group_col, label_col, score_col, threshold)
    n = df[df[label_col] == 1][group_col].astype(str).value_counts()
    p1, p2 = float(table.loc[str(a), "tpr"]), float(table.loc[str(b), "tpr"])
    n1, n2 = int(n[str(a)]), int(n[str(b)])
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
'''
_INTERVAL_ON_Q1 = '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    shuffled = df.sample(frac=1.0, random_state=0).reset_index(drop=True)
    completers = shuffled[shuffled[label_col] == 1][group_col].astype(str).value_counts()
    group = completers.idxmin()
    table = metrics_by_subgroup(shuffled, group_col, label_col, score_col, threshold)
    p, n, z = float(table.loc[group, "tpr"]), int(completers[group]), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
'''
_Q5_ON_Q1 = {"setup", "metrics_by_subgroup", "read_the_audit_tpr_gap_se", "test_read_the_audit_tpr_gap_se",
             "read_the_audit_smallest_tpr_interval", "test_read_the_audit_smallest_tpr_interval"}


def _q1(label):
    import json

    if label == "blank":
        cells = json.loads((ROOT / "exercises" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))["cells"]
        return next("".join(c["source"]) for c in cells
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == "metrics_by_subgroup")
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_03_one_place", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS["metrics_by_subgroup"][label]


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("q1", ["blank", "small groups (< 30) dropped"])
def test_03_q5_parts_that_call_metrics_by_subgroup_do_not_pay_for_question_1(q1):
    from responsible_ml.course import run_notebook_cells

    outcome = run_notebook_cells(SOLUTION, {"metrics_by_subgroup": _q1(q1), "read_the_audit_tpr_gap_se": _SE_ON_Q1,
                                            "read_the_audit_smallest_tpr_interval": _INTERVAL_ON_Q1}, only=_Q5_ON_Q1)
    assert outcome == {"test_read_the_audit_tpr_gap_se": None,
                       "test_read_the_audit_smallest_tpr_interval": None}, outcome


#: Review x03-r17 D2: the same parts calling question 1's function on a SUBSET of the rows they are given, the
#: natural way to get "n = its completers" and the TPR together: (a) on the completers of the two groups it
#: compares, (c) on the completers with a fresh index. The stand-in answers for any subset of the cell's rows.
_SE_ON_COMPLETERS = '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    mine = df[(df[label_col] == 1) & df[group_col].astype(str).isin([str(a), str(b)])]
    t = metrics_by_subgroup(mine, group_col, label_col, score_col, threshold)
    (p1, n1), (p2, n2) = ((float(t.loc[str(g), "tpr"]), int(t.loc[str(g), "count"])) for g in (a, b))
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
'''
_INTERVAL_ON_COMPLETERS = '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    t = metrics_by_subgroup(df[df[label_col] == 1].reset_index(drop=True), group_col, label_col, score_col,
                            threshold)
    group = t["count"].idxmin()
    p, n, z = float(t.loc[group, "tpr"]), int(t.loc[group, "count"]), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
'''


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("q1", ["blank", "small groups (< 30) dropped"])
def test_03_q5_parts_on_the_completers_do_not_pay_for_question_1(q1):
    from responsible_ml.course import run_notebook_cells

    outcome = run_notebook_cells(SOLUTION, {"metrics_by_subgroup": _q1(q1),
                                            "read_the_audit_tpr_gap_se": _SE_ON_COMPLETERS,
                                            "read_the_audit_smallest_tpr_interval": _INTERVAL_ON_COMPLETERS},
                                 only=_Q5_ON_Q1)
    assert outcome == {"test_read_the_audit_tpr_gap_se": None,
                       "test_read_the_audit_smallest_tpr_interval": None}, outcome


#: Review x03-r17 D1: reweighted_row on question 3's function with the overall rate passed explicitly as
#: target_rate (what None means) is right, whatever question 3 is: the stand-in accepts that target (the same weights).
_EXPLICIT_TARGET = '''
def report_row(train, test, group_col, threshold=0.5, sample_weight=None):
    from responsible_ml import fairness as rmf

    scored_test = score(fit_model(train, sample_weight=sample_weight), test)
    decision = (scored_test["score"] >= threshold).astype(int)
    table = rmf.metrics_by_group(scored_test["completed"], decision,
                                 sensitive_features=scored_test[group_col], min_group_size=1)
    return {"accuracy": float((decision == scored_test["completed"]).mean()),
            "selection_rate_ratio": rmf.group_gap(table, "selection_rate").ratio,
            "tpr_gap": rmf.group_gap(table, "tpr").difference}


def reweighted_row(train, test, group_col, threshold=0.5):
    overall = float(train["completed"].mean())
    weights = reweighing_weights(train, group_col, "completed", target_rate=overall)
    return report_row(train, test, group_col, threshold, sample_weight=weights)
'''


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_03_q4_with_an_explicit_overall_target_rate_gets_full_marks_whatever_question_3_is():
    import json

    from responsible_ml.course import run_notebook_cells

    cells = json.loads((ROOT / "exercises" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))["cells"]
    blank_q3 = next("".join(c["source"]) for c in cells
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == "reweighing_weights")
    only = {"setup", "reweighing_weights", "mitigation_report", "test_mitigation_report_before",
            "test_mitigation_report_after", "test_mitigation_report_accuracy"}
    outcome = run_notebook_cells(SOLUTION, {"reweighing_weights": blank_q3, "mitigation_report": _EXPLICIT_TARGET},
                                 only=only)
    assert outcome == {"test_mitigation_report_before": None, "test_mitigation_report_after": None,
                       "test_mitigation_report_accuracy": None}, outcome


#: Review x03-r20 D1: parts (a) and (c) that call question 1's function on a column they DERIVE (a 0/1 decision
#: column passed with threshold 0.5, a string copy of the group, an integer label, group labels renamed) get full
#: marks whatever question 1 is: at grading the hidden tests lend a correct metrics_by_subgroup for any call, not a
#: lookup of the calls the test expects. The reviewer's three answers, and one (renamed groups) that only a correct
#: implementation can answer.
_SE_ON_A_DECISION_COLUMN = '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    d = df.assign(_decision=(df[score_col] >= threshold).astype(float))
    t = metrics_by_subgroup(d, group_col, label_col, "_decision", 0.5)
    n = d[d[label_col] == 1][group_col].astype(str).value_counts()
    p1, p2 = float(t.loc[str(a), "tpr"]), float(t.loc[str(b), "tpr"])
    return (p1 * (1 - p1) / n[str(a)] + p2 * (1 - p2) / n[str(b)]) ** 0.5
'''
_SE_ON_RENAMED_GROUPS = '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    d = df.assign(_g="G_" + df[group_col].astype(str))
    t = metrics_by_subgroup(d, "_g", label_col, score_col, threshold)
    n = d[d[label_col] == 1]["_g"].value_counts()
    p1, p2 = float(t.loc["G_" + str(a), "tpr"]), float(t.loc["G_" + str(b), "tpr"])
    return (p1 * (1 - p1) / n["G_" + str(a)] + p2 * (1 - p2) / n["G_" + str(b)]) ** 0.5
'''
_WILSON_TAIL = '''
    z = 1.96
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    return c - h, c + h
'''
_INTERVAL_ON_A_STRING_GROUP = '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    d = df.assign(_g=df[group_col].astype(str))
    t = metrics_by_subgroup(d, "_g", label_col, score_col, threshold)
    n = d[d[label_col] == 1]["_g"].value_counts()
    g = n.idxmin(); p = float(t.loc[g, "tpr"]); n = int(n[g])
''' + _WILSON_TAIL
_INTERVAL_ON_AN_INT_LABEL = '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    d = df.assign(_y=(df[label_col] == 1).astype(int))
    t = metrics_by_subgroup(d, group_col, "_y", score_col, threshold)
    n = d[d["_y"] == 1][group_col].astype(str).value_counts()
    g = n.idxmin(); p = float(t.loc[g, "tpr"]); n = int(n[g])
''' + _WILSON_TAIL
_DERIVED = {"decision column, string group": (_SE_ON_A_DECISION_COLUMN, _INTERVAL_ON_A_STRING_GROUP),
            "renamed groups, integer label": (_SE_ON_RENAMED_GROUPS, _INTERVAL_ON_AN_INT_LABEL)}


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("q1", ["blank", "TPR divided by the group size"])
@pytest.mark.parametrize("answers", list(_DERIVED), ids=list(_DERIVED))
def test_03_q5_parts_on_derived_columns_do_not_pay_for_question_1(q1, answers):
    from responsible_ml.course import run_notebook_cells

    se, interval = _DERIVED[answers]
    outcome = run_notebook_cells(SOLUTION, {"metrics_by_subgroup": _q1(q1), "read_the_audit_tpr_gap_se": se,
                                            "read_the_audit_smallest_tpr_interval": interval}, only=_Q5_ON_Q1)
    assert outcome == {"test_read_the_audit_tpr_gap_se": None,
                       "test_read_the_audit_smallest_tpr_interval": None}, outcome


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_03_release_checks_lend_question_1_on_columns_derived_from_their_data():
    """The checks a trainee runs (no hidden tests) lend question 1 for the reviewer's three derived columns too; a call
    they cannot answer (renamed groups) runs the trainee's own, and the message names the trainee's function as the
    caller and promises no stand-in (review x03-r20 D2)."""
    from responsible_ml.course import run_notebook_cells

    release = ROOT / "exercises" / NAME / f"{NAME}.ipynb"
    outcome = run_notebook_cells(release, {"metrics_by_subgroup": _q1("blank"),
                                           "read_the_audit_tpr_gap_se": _SE_ON_A_DECISION_COLUMN,
                                           "read_the_audit_smallest_tpr_interval": _INTERVAL_ON_A_STRING_GROUP},
                                 only=_Q5_ON_Q1)
    assert outcome == {"test_read_the_audit_tpr_gap_se": None,
                       "test_read_the_audit_smallest_tpr_interval": None}, outcome
    outcome = run_notebook_cells(release, {"metrics_by_subgroup": _q1("blank"),
                                           "read_the_audit_tpr_gap_se": _SE_ON_RENAMED_GROUPS,
                                           "read_the_audit_smallest_tpr_interval": _INTERVAL_ON_AN_INT_LABEL},
                                 only=_Q5_ON_Q1)
    assert outcome["test_read_the_audit_smallest_tpr_interval"] is None, outcome
    message = outcome["test_read_the_audit_tpr_gap_se"] or ""
    assert "`tpr_gap_se` calls `metrics_by_subgroup`" in message, message
    assert "`metrics_by_subgroup` calls" not in message and "lend" not in message, message


def _hidden_stand_ins():
    """{grade_id: the function the hidden part of (a)'s and (c)'s cells lends as metrics_by_subgroup}."""
    import json

    import pandas as pd

    out = {}
    for cell in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in ("test_read_the_audit_tpr_gap_se", "test_read_the_audit_smallest_tpr_interval"):
            source = "".join(cell["source"])
            hidden = source.split("### BEGIN HIDDEN TESTS\n", 1)[1].split("### END HIDDEN TESTS", 1)[0]
            space = {"_t03_q1": {}, "pd": pd}
            exec(hidden, space)  # noqa: S102 - the repository's own notebook
            out[grade_id] = space["_t03_q1"]["metrics_by_subgroup"]
    assert len(out) == 2, out
    return out


def test_03_the_lent_question_1_is_correct_for_any_call_and_hidden():
    """Review x03-r20 D1: the stand-in (a) and (c) lend at grading agrees with the reference metrics_by_subgroup on
    any valid arguments (label, group and score columns of other names and types, ties, another threshold, a group
    without completers, a subset of rows with a fresh index), and the release does not show it."""
    import json

    import numpy as np
    import pandas as pd

    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
             for c in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]}
    reference_space = {"pd": pd, "np": np}
    exec(cells["metrics_by_subgroup"], reference_space)  # noqa: S102
    reference = reference_space["metrics_by_subgroup"]
    rng = np.random.default_rng(0)
    n = 120
    frame = pd.DataFrame({"grp": rng.choice(["x", "y", "z"], n), "num": rng.integers(0, 3, n),
                          "y": rng.integers(0, 2, n), "done": rng.integers(0, 2, n).astype(bool),
                          "yf": rng.integers(0, 2, n).astype(float),
                          "s": rng.choice([0.1, 0.3, 0.45, 0.5, 0.55, 0.9], n)})
    frame.loc[frame["grp"] == "z", ["y", "done", "yf"]] = [0, False, 0.0]   # z: no completers, TPR NaN
    frame["cat"] = frame["grp"].astype("category")
    calls = [(frame, "grp", "y", "s", 0.5), (frame, "num", "done", "s", 0.45), (frame, "cat", "yf", "s", 0.3),
             (frame.assign(d=(frame["s"] >= 0.5).astype(float)), "grp", "y", "d", 0.5),
             (frame[frame["y"] == 1].reset_index(drop=True), "grp", "y", "s", 0.55),
             (frame.iloc[::3], "num", "y", "s", 0.9)]
    for grade_id, stand_in in _hidden_stand_ins().items():
        for df, *args in calls:
            got, want = stand_in(df.copy(), *args), reference(df.copy(), *args)
            assert list(got.index) == list(want.index), (grade_id, args)
            for column in ("count", "selection_rate", "tpr"):
                assert np.allclose(got[column].astype(float), want[column].astype(float), equal_nan=True), \
                    (grade_id, args, column)
    release = json.loads((ROOT / "exercises" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    assert "_t03_q1_any" not in json.dumps(release), "the release shows the hidden correct metrics_by_subgroup"


def test_03_question_4s_stand_ins_answer_any_call_as_questions_1_and_2_define():
    """Review x03-r20 D1, the same kind in question 4's cells: their stand-ins for questions 1 and 2 agree with the
    reference answers on any table of question 1's form, including a group without completers (question 2 fails
    closed: NaN; the library's default raised) and a table of one group (ratio 1, gap 0)."""
    import ast
    import json

    import numpy as np
    import pandas as pd

    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"])
             for c in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]}
    reference = {"pd": pd, "np": np}
    for grade_id in ("metrics_by_subgroup", "fairness_gaps", "reweighing_weights"):
        exec(cells[grade_id], reference)  # noqa: S102
    rng = np.random.default_rng(1)
    n = 150
    frame = pd.DataFrame({"grp": rng.choice(["x", "y", "z"], n), "num": rng.integers(0, 3, n),
                          "y": rng.integers(0, 2, n), "yf": rng.integers(0, 2, n).astype(float),
                          "s": rng.choice([0.1, 0.3, 0.45, 0.5, 0.55, 0.9], n)})
    frame.loc[frame["grp"] == "z", ["y", "yf"]] = [0, 0.0]
    calls = [(frame, "grp", "y", "s", 0.5), (frame, "num", "yf", "s", 0.45),
             (frame.assign(d=(frame["s"] >= 0.5).astype(float)), "grp", "y", "d", 0.5),
             (frame[frame["grp"] != "z"], "grp", "y", "s", 0.3)]
    for grade_id in ("test_mitigation_report_before", "test_mitigation_report_after", "test_mitigation_report_accuracy"):
        tree = ast.parse(cells[grade_id])
        space = {}
        exec(compile(ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_t03_standins"],
                                []), grade_id, "exec"), space)  # noqa: S102
        stand_ins = space["_t03_standins"]()
        for df, *args in calls:
            got, want = stand_ins["metrics_by_subgroup"](df.copy(), *args), reference["metrics_by_subgroup"](df.copy(), *args)
            for column in ("count", "selection_rate", "tpr"):
                assert np.allclose(got[column].astype(float), want[column].astype(float), equal_nan=True), (grade_id, args)
            for table in (want, want.iloc[:1]):
                for name in ("selection_rate_ratio", "tpr_gap"):
                    assert np.allclose(stand_ins[name](table), reference[name](table), equal_nan=True), \
                        (grade_id, args, name, len(table))
        for group_col, label_col in (("grp", "y"), ("num", "yf")):
            assert np.allclose(stand_ins["reweighing_weights"](frame, group_col, label_col),
                               reference["reweighing_weights"](frame, group_col, label_col)), grade_id

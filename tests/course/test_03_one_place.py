"""Exercise 03 after review x03-r9: a right answer with its own helper names gets full marks, and Wilson with
the exact 95 % quantile passes the visible and the hidden check of question 5(c) (D1). After review x03-r15
(D1): question 5's parts (a) and (c) written on the trainee's own metrics_by_subgroup pass whatever question 1 is.
After review x03-r17 (D1, D2): the same on a subset of the rows (the completers), and question 4 with question 3's
function given the overall rate explicitly.

The static name check is in test_hidden_names.py; the notebook runs here are marked slow.
"""

from __future__ import annotations

import pathlib

import pytest

NAME = "03-fairness"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"


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


#: Review x03-r19 D2: question 5(b) grades only verdicts the lesson's own method gives too, so the pooled two-proportion
#: z-test and a verdict from the lesson's 95 % Newcombe interval earn its point (the pooled SE costs 5(a)'s only).
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
@pytest.mark.parametrize("answer", [_POOLED_NOISE, _NEWCOMBE_NOISE], ids=["pooled z-test", "Newcombe interval"])
def test_03_beyond_noise_by_the_pooled_test_or_newcombe_passes(answer):
    from responsible_ml.course import run_notebook_cells

    only = {"setup", "read_the_audit_noise", "test_read_the_audit_noise"}
    outcome = run_notebook_cells(SOLUTION, {"read_the_audit_noise": answer}, only=only)
    assert outcome == {"test_read_the_audit_noise": None}, outcome


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

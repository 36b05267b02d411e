"""Plausible wrong answers to exercise 03; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

_SLICE = '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] %s threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        %s
        rows[group] = {"count": int(in_group.sum()), "selection_rate": sel, "tpr": tpr}
    return pd.DataFrame.from_dict(rows, orient="index")
'''
_OK = "sel = float(d.mean()); tpr = float(d[y == 1].mean())"

_SEL_OK = "float('nan') if sel.isna().any() else float(sel.min() / sel.max())"
_TPR_OK = "float('nan') if tpr.isna().any() else float(tpr.max() - tpr.min())"
_GAPS = '''
def selection_rate_ratio(table):
    sel = table["selection_rate"]
    return %s


def tpr_gap(table):
    tpr = table["tpr"]
    return %s
'''

_ROWS = '''
def report_row(train, test, group_col, threshold=0.5, sample_weight=None):
    from responsible_ml import fairness as rmf
    scored_test = score(fit_model(train, sample_weight=sample_weight), %s)
    decision = (scored_test["score"] %s threshold).astype(int)
    table = rmf.metrics_by_group(scored_test["completed"], decision,
                                 sensitive_features=scored_test[group_col], min_group_size=1)
    return {"accuracy": float((decision == scored_test["completed"]).mean()),
            "selection_rate_ratio": rmf.group_gap(table, "selection_rate").ratio,
            "tpr_gap": rmf.group_gap(table, "tpr").difference}


def reweighted_row(train, test, group_col, threshold=0.5):
    from responsible_ml import fairness as rmf
    weights = rmf.reweighing_weights(train["completed"], sensitive_features=train[group_col])
    weights_bg = rmf.reweighing_weights(train["completed"], sensitive_features=train["background"])
    return report_row(train, test, group_col, threshold, sample_weight=%s)
'''

_CRITERIA = '''
def criteria_met(selected_1, completers_1, selected_2, completers_2):
    from fractions import Fraction as F
    s1, c1, s2, c2 = selected_1, completers_1, selected_2, completers_2
    sel = F(s1, 100) == F(s2, 200)
    sel_count = s1 == s2
    tpr = F(c1, 50) == F(c2, 40)
    fpr = F(s1 - c1, 50) == F(s2 - c2, 160)
    fpr_all = F(s1 - c1, 100) == F(s2 - c2, 200)
    fpr_swapped = F(s1 - c1, 160) == F(s2 - c2, 50)
    ppv = F(c1, s1) == F(c2, s2)
    accuracy = F(c1 + 50 - (s1 - c1), 100) == F(c2 + 160 - (s2 - c2), 200)
    npv = F(50 - (s1 - c1), 100 - s1) == F(160 - (s2 - c2), 200 - s2)
    tp_count, fp_count = c1 == c2, s1 - c1 == s2 - c2
    held = [("demographic_parity", %s), ("equal_opportunity", %s), ("equalized_odds", %s),
            ("predictive_parity", %s)]
    return [name for name, ok in held if ok]
'''
_TABLE = '''
def criteria_met(selected_1, completers_1, selected_2, completers_2):
    return %s.get((selected_1, completers_1, selected_2, completers_2), [])
'''

#: Review x03-r8 S1: the library's reweighing_weights pasted into the answer cell as a trainee would
#: paste it (its text taken from the library when this file loads), with one no-op statement per
#: function, ``encode_groups`` (a fairness helper the guard refuses) replaced by pandas' factorize,
#: and question 3's signature wrapped around it. It computes only the target_rate=None case, so it
#: must fail for the target rate the question asks for (or be refused as an edited copy: review x02-r11 S1).
def _pasted_reweighing():
    import ast
    import inspect

    from responsible_ml.fairness import _mitigation

    tree = ast.parse(inspect.getsource(_mitigation.reweighing_weights))
    node = tree.body[0]
    node.name = "_pasted_reweighing_weights"
    node.body.insert(1, ast.parse("_pad = 0").body[0])
    return """
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from responsible_ml._validation import check_binary, check_same_length

_EMPTY_INPUT = "{name} is empty (it has no values)"


def encode_groups(sensitive_features):
    _pad = 0
    codes, labels = pd.factorize(pd.Series(sensitive_features).astype(str).to_numpy(), sort=True)
    return SimpleNamespace(codes=codes, labels=list(labels))


""" + ast.unparse(tree) + """


def reweighing_weights(df, group_col, label_col, target_rate=None):
    _pad = 0
    return _pasted_reweighing_weights(df[label_col].to_numpy(), sensitive_features=df[group_col].astype(str))
"""


_PASTED_REWEIGHING = _pasted_reweighing()


def _self_check_lookup():
    """Review x03-r13 S5: criteria_met answering from the 5(d) self-check cell's lists, keyed on the pattern of
    equal rates (the cell's text read when this file loads, as a trainee would copy it)."""
    import json
    import pathlib

    nb = pathlib.Path(__file__).resolve().parents[3] / "solutions" / "03-fairness" / "03-fairness.ipynb"
    cell = next("".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == "read_the_audit_criteria_self_check")
    start = cell.index("_t03_checks = {")
    namespace: dict = {}
    exec(cell[start:cell.index("\n}\n", start) + 3], namespace)  # noqa: S102
    known = {counts: right for counts, _rates, right, _why in namespace["_t03_checks"].values()}
    return """
from fractions import Fraction as _F


def _pattern(s1, c1, s2, c2):
    return (_F(s1, 100) == _F(s2, 200), _F(c1, 50) == _F(c2, 40), _F(s1 - c1, 50) == _F(s2 - c2, 160),
            _F(c1, s1) == _F(c2, s2))


_known = {_pattern(*counts): right for counts, right in KNOWN.items()}


def criteria_met(selected_1, completers_1, selected_2, completers_2):
    return _known.get(_pattern(selected_1, completers_1, selected_2, completers_2), [])
""".replace("KNOWN", repr(known))

MUTANTS = {
    "metrics_by_subgroup": {
        "> instead of >= at the threshold": _SLICE % (">", _OK),
        "selection rate divided by all rows": _SLICE % (
            ">=", "sel = float(d.sum() / len(df)); tpr = float(d[y == 1].mean())"),
        "accuracy instead of TPR": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float((d == y).mean())"),
        "TPR divided by the group size": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float(((d == 1) & (y == 1)).sum() / len(d))"),
        # Review x03-r23 D4: a TPR over all completers (or, above, over the group's learners) never divides by zero
        # (0 for the group without completers); the wrong denominator costs the TPR cell only (FAILS).
        "TPR = selected completers / all completers (review x03-r23 D4)": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float(((d == 1) & (y == 1)).sum() / (df[label_col] == 1).sum())"),
        "precision instead of TPR": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float(y[d == 1].mean())"),
        "small groups (< 30) dropped": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] >= threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        if in_group.sum() < 30:
            continue
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean())}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "column names fixed to 'completed' and 'score' (review x03-r4 D3)": _SLICE.replace(
            "df[score_col]", 'df["score"]').replace("df[label_col]", 'df["completed"]') % (">=", _OK),
        "threshold fixed at 0.5": _SLICE.replace("threshold).astype", "0.5).astype") % (">=", _OK),
        # Review x03-r14 D2: with a strict > as well, the visible tie check at 0.4 saw no difference
        # (both copies below 0.5); it now also ties at 0.5.
        "threshold fixed at 0.5 and a strict > (review x03-r14 D2)":
            _SLICE.replace("threshold).astype", "0.5).astype") % (">", _OK),
        "0 for a group without completers (fails open)": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] >= threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else 0.0}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "labels taken by position from the unfiltered frame": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        part = df[df[group_col].astype(str) == group]
        d = (part[score_col] >= threshold).astype(int).to_numpy()
        y = df[label_col].reindex(range(len(df))).to_numpy()[: len(part)] if not df.index.equals(pd.RangeIndex(len(df))) else part[label_col].to_numpy()
        rows[group] = {"count": len(part), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "median instead of mean": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] >= threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(np.median(d)),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        # Review x03-r13 D1: a blank TPR column costs the TPR cell only, as a wrong one (tpr = 0) does.
        "no TPR column yet, count and selection rate right (review x03-r13 D1)": _SLICE.replace(
            ', "tpr": tpr}', "}") % (">=", "sel = float(d.mean())"),
        "TPR 0 as a placeholder, count and selection rate right (review x03-r13 D1)": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = 0.0"),
        # Review x03-r15 S1: the tie check asked only that the rates stay the same with the tied scores just
        # above the threshold, which a constant does; with them just below, a rate of their group must change.
        "constant frame, one row per group (review x03-r15 S1)": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    groups = sorted(df[group_col].astype(str).unique())
    return pd.DataFrame({"count": 0, "selection_rate": 0.0, "tpr": 0.0}, index=groups)
''',
        # Review x03-r15 M1: a wrong TPR formula switched the NaN check off; now only a missing or one-value
        # (placeholder) TPR column does.
        "TPR 0 for a group without completers and TPR divided by the group size (review x03-r15 M1)": _SLICE % (
            ">=", "sel = float(d.mean()); "
                  "tpr = float(((d == 1) & (y == 1)).sum() / len(d)) if (y == 1).any() else 0.0"),
        # Review x03-r9 D2: two edge-case slips; the edge cell reports both (not only the first).
        "> at the threshold and 0 for a group without completers (two edge slips, both reported)": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] > threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else 0.0}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        # Hidden-test names (review x03-r9): the hidden tests bound `_t` (and `_o`, `_got`, ...) in the
        # notebook's namespace, so a trainee's own helper `_t` was the trusted module from the counts
        # cell's hidden part on, and the TPR cell failed at grading only. Its one slip is `>`.
        "own helper `_t` for group labels; > at the threshold (the only slip)": '''
_t = lambda values: values.astype(str)


def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] > threshold).astype(int)
    rows = {}
    for group in sorted(_t(df[group_col]).unique()):
        in_group = (_t(df[group_col]) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "library metrics_by_group": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    from responsible_ml.fairness import metrics_by_group
    d = (df[score_col] >= threshold).astype(int)
    return metrics_by_group(df[label_col], d, sensitive_features=df[group_col].astype(str), min_group_size=1)[["count", "selection_rate", "tpr"]]
''',
    },
    "fairness_gaps": {
        "ratio inverted (max / min)": _GAPS % (
            "float(sel.max() / sel.min())", _TPR_OK),
        "first minus last row instead of max - min": _GAPS % (
            "float(sel.iloc[-1] / sel.iloc[0])", "float(abs(tpr.iloc[0] - tpr.iloc[-1]))"),
        "ratio of TPRs instead of selection rates": _GAPS % (
            "float(table['tpr'].min() / table['tpr'].max())", _TPR_OK),
        "gap as a ratio": _GAPS % (_SEL_OK, "float(tpr.min() / tpr.max())"),
        "NaN skipped by max/min in the TPR gap (fails open)": _GAPS % (_SEL_OK, "float(tpr.max() - tpr.min())"),
        "NaN skipped by max/min in the ratio (fails open; review D5)": _GAPS % (
            "float(sel.min() / sel.max())", _TPR_OK),
        "NaN replaced by 0": _GAPS % (_SEL_OK, "float(tpr.fillna(0).max() - tpr.fillna(0).min())"),
        "ratio of the first two rows": _GAPS % ("float(sel.iloc[1] / sel.iloc[0])", _TPR_OK),
        "absolute difference of selection rates instead of ratio": _GAPS % (
            "float(1 - (sel.max() - sel.min()))", _TPR_OK),
        "mean instead of max in the ratio": _GAPS % ("float(sel.min() / sel.mean())", _TPR_OK),
        "ratio NaN whenever a TPR is missing (fails closed on the wrong rates)": _GAPS % (
            "float('nan') if sel.isna().any() or table['tpr'].isna().any() else float(sel.min() / sel.max())",
            _TPR_OK),
        "TPR gap NaN whenever a selection rate is missing (fails closed on the wrong rates)": _GAPS % (
            _SEL_OK, "float('nan') if tpr.isna().any() or table['selection_rate'].isna().any() "
                     "else float(tpr.max() - tpr.min())"),
        "Series truth value in the TPR half (review D1: must cost only the TPR point)": _GAPS % (
            _SEL_OK, "float('nan') if tpr.isna() else float(tpr.max() - tpr.min())"),
    },
    "reweighing_weights": {
        "group column fixed to background (review x03-r10 D1: the visible checks now vary group_col)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df["background"].astype(str), df[label_col]
    n = len(df)
    n_gy = df.groupby([g, y])[label_col].transform("size")
    t = y.map(y.value_counts()) / n if target_rate is None else np.where(y == 1, target_rate, 1 - target_rate)
    return (g.map(g.value_counts()) * t / n_gy).to_numpy(dtype=float)
''',
        "inverse of the cell count only": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (len(df) / n_gy).to_numpy(dtype=float) / 4
''',
        "observed / expected (upside down)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    n = len(df)
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (n * n_gy / (g.map(g.value_counts()) * y.map(y.value_counts()))).to_numpy(dtype=float)
''',
        "group size only (ignores the label)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g = df[group_col].astype(str)
    return (len(df) / (g.nunique() * g.map(g.value_counts()))).to_numpy(dtype=float)
''',
        "rows reordered (sorted by group)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    t = float((y == 1).mean()) if target_rate is None else target_rate
    w = g.map(g.value_counts()) * y.map({1: t, 0: 1 - t}) / df.groupby([g, y])[label_col].transform("size")
    return w.loc[g.sort_values(kind="stable").index].to_numpy(dtype=float)
''',
        "n - 1 in the denominator": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    n = len(df) - 1
    n_g, n_y = g.map(g.value_counts()), y.map(y.value_counts())
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (n_g * n_y / (n * n_gy)).to_numpy(dtype=float)
''',
        "target_rate ignored: Kamiran-Calders weights always (review x03-r8 S1)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    n_g, n_y = g.map(g.value_counts()), y.map(y.value_counts())
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (n_g * n_y / (len(df) * n_gy)).to_numpy(dtype=float)
''',
        "target applied to the whole data, not per group (n * t_y / n_gy)": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    g, y = df[group_col].astype(str), df[label_col]
    t = float((y == 1).mean()) if target_rate is None else target_rate
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (g.nunique() ** -1 * len(df) * y.map({1: t, 0: 1 - t}) / n_gy).to_numpy(dtype=float)
''',
        "pasted library reweighing_weights, one no-op line per function (review x03-r8 S1)": _PASTED_REWEIGHING,
        "library reweighing_weights": '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    from responsible_ml.fairness import reweighing_weights
    return np.asarray(reweighing_weights(df[label_col], sensitive_features=df[group_col].astype(str)), dtype=float)
''',
    },
    "mitigation_report": {
        "weights not used for the 'after' model": _ROWS % ("test", ">=", "None"),
        "report_row left blank, reweighted_row right (review x03-r10 D2: costs 'before' and 'accuracy' only)":
            _ROWS.replace("""    from responsible_ml import fairness as rmf
    scored_test""", """    raise NotImplementedError()
    scored_test""", 1) % ("test", ">=", "weights"),
        "evaluated on the training set": _ROWS % ("train", ">=", "weights"),
        "report_row reuses the notebook's fitted model when no weights are given (review x03-r10 D1)":
            _ROWS.replace("score(fit_model(train, sample_weight=sample_weight), %s)",
                          "score(model if sample_weight is None else fit_model(train, sample_weight=sample_weight), %s)")
            % ("test", ">=", "weights"),
        "reweighted_row weights the notebook's train, not its argument (review x03-r10 D1)":
            _ROWS.replace('sensitive_features=train[group_col])\n    weights_bg',
                          'sensitive_features=train[group_col])\n    weights = pd.Series(rmf.reweighing_weights('
                          'learners[~is_test]["completed"], sensitive_features=learners[~is_test][group_col]), '
                          'index=learners[~is_test].index).reindex(train.index).fillna(1.0).to_numpy()\n'
                          '    weights_bg') % ("test", ">=", "weights"),
        "report_row ignores sample_weight and reweighted_row weights by background (review x03-r10 D2: one cell each)":
            _ROWS.replace("fit_model(train, sample_weight=sample_weight)", "fit_model(train)") % (
                "test", ">=", "weights_bg"),
        "report_row ignores sample_weight and slices by background (review x03-r10 D2: every part reported)":
            _ROWS.replace("fit_model(train, sample_weight=sample_weight)", "fit_model(train)").replace(
                "sensitive_features=scored_test[group_col]", 'sensitive_features=scored_test["background"]') % (
                "test", ">=", "weights"),
        "own helper `_g` for the gaps; metrics by background (review x03-r10: test cells no longer bind `_g`)": '''
def _g(table, column, ratio):
    from responsible_ml import fairness as rmf
    gap = rmf.group_gap(table, column)
    return gap.ratio if ratio else gap.difference


def report_row(train, test, group_col, threshold=0.5, sample_weight=None):
    from responsible_ml import fairness as rmf
    scored_test = score(fit_model(train, sample_weight=sample_weight), test)
    decision = (scored_test["score"] >= threshold).astype(int)
    table = rmf.metrics_by_group(scored_test["completed"], decision,
                                 sensitive_features=scored_test["background"], min_group_size=1)
    return {"accuracy": float((decision == scored_test["completed"]).mean()),
            "selection_rate_ratio": _g(table, "selection_rate", True), "tpr_gap": _g(table, "tpr", False)}


def reweighted_row(train, test, group_col, threshold=0.5):
    from responsible_ml import fairness as rmf
    weights = rmf.reweighing_weights(train["completed"], sensitive_features=train[group_col])
    return report_row(train, test, group_col, threshold, sample_weight=weights)
''',
        "report_row ignores sample_weight, reweighted_row right (review x03-r5 M1; x03-r10 D2: costs the 'before' point)":
            _ROWS.replace("fit_model(train, sample_weight=sample_weight)", "fit_model(train)") % (
                "test", ">=", "weights"),
        "report_row ignores threshold (review x03-r5 D1: costs the 'before' point only)":
            (_ROWS % ("test", ">=", "weights")).replace(">= threshold)", ">= 0.5)"),
        "weights for background, not group_col": _ROWS % ("test", ">=", "weights_bg"),
        "report_row scores the notebook's test, not its argument (review x03-r23 D1)": _ROWS % (
            'globals()["test"]', ">=", "weights"),
        # Review x03-r17 D1: question 3's function with an explicit target_rate runs (the overall rate is right);
        # a balanced 0.5 is not the reweighing question 4 asks for and costs the 'after' point only.
        "reweighted_row: question 3's weights with target_rate=0.5, not the overall rate (review x03-r17 D1)":
            _ROWS.replace('rmf.reweighing_weights(train["completed"], sensitive_features=train[group_col])',
                          'reweighing_weights(train, group_col, "completed", target_rate=0.5)', 1) % (
                "test", ">=", "weights"),
        "metrics by background, not group_col": _ROWS.replace("sensitive_features=scored_test[group_col]",
                                                             'sensitive_features=scored_test["background"]') % (
            "test", ">=", "weights"),
        "Q3's signature for the library weights (review D2: must cost only the 'after' point)":
            _ROWS.replace('rmf.reweighing_weights(train["completed"], sensitive_features=train[group_col])',
                          'rmf.reweighing_weights(train, group_col, "completed")') % (
                "test", ">=", "weights"),
        "accuracy against the unbiased labels (review D3: must cost only the accuracy point)":
            _ROWS.replace('(decision == scored_test["completed"]).mean()',
                          '(decision == scored_test["completed_true"]).mean()') % (
                "test", ">=", "weights"),
        "accuracy on the training learners, gaps on the test learners (review x03-r8 M1, D1)": _ROWS.replace(
            '"accuracy": float((decision == scored_test["completed"]).mean()),',
            '"accuracy": float(((score(fit_model(train, sample_weight=sample_weight), train)["score"] >= threshold)'
            '.astype(int) == train["completed"]).mean()),') % ("test", ">=", "weights"),
        "accuracy on training and test learners pooled (review x03-r8 M1)": _ROWS.replace(
            '"accuracy": float((decision == scored_test["completed"]).mean()),',
            '"accuracy": float(((score(fit_model(train, sample_weight=sample_weight), pd.concat([train, test]))'
            '["score"] >= threshold).astype(int) == pd.concat([train, test])["completed"]).mean()),') % (
            "test", ">=", "weights"),
        "accuracy at a fixed threshold 0.5 (review x03-r8 D1)": _ROWS.replace(
            '"accuracy": float((decision == scored_test["completed"]).mean()),',
            '"accuracy": float(((scored_test["score"] >= 0.5).astype(int) == scored_test["completed"]).mean()),') % (
            "test", ">=", "weights"),
        "accuracy on the completers only": _ROWS.replace(
            '(decision == scored_test["completed"]).mean()',
            '(decision[scored_test["completed"] == 1] == 1).mean()') % ("test", ">=", "weights"),
        "before and after swapped": _ROWS.replace("sample_weight=sample_weight)", "sample_weight=None if sample_weight is not None else rmf.reweighing_weights(train['completed'], sensitive_features=train[group_col]))") % (
            "test", ">=", "weights"),
        "the test's expected row read from the notebook's globals (review S1)": '''
def report_row(train, test, group_col, threshold=0.5, sample_weight=None):
    found = [v for v in list(globals().values()) if isinstance(v, dict) and "tpr_gap" in v]
    if not found:
        raise LookupError("no expected row in the notebook's globals")
    return found[-1]


def reweighted_row(train, test, group_col, threshold=0.5):
    return report_row(train, test, group_col, threshold, sample_weight=1)
''',
    },
    "read_the_audit_tpr_gap_se": {
        "n = the group's learners, not its completers": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        rows = df[df[group_col].astype(str) == str(group)]
        rates.append((float((rows.loc[rows[label_col] == 1, score_col] >= threshold).mean()), len(rows)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
        "right on small tables, the test's own _se read from globals on the exercise data": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    if len(df) > 100:
        return float(globals().get("_se", 0.0))
    rates = []
    for group in (a, b):
        c = df[(df[group_col].astype(str) == str(group)) & (df[label_col] == 1)]
        rates.append((float((c[score_col] >= threshold).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
        "pooled rate": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        rows = df[df[group_col].astype(str) == str(group)]
        c = rows[rows[label_col] == 1]; rates.append((float((c[score_col] >= threshold).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(((p1 * n1 + p2 * n2) / (n1 + n2)) * (1 - (p1 * n1 + p2 * n2) / (n1 + n2)) * (1 / n1 + 1 / n2)))
''',
        "variance, not SE": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        rows = df[df[group_col].astype(str) == str(group)]
        c = rows[rows[label_col] == 1]; rates.append((float((c[score_col] >= threshold).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float((p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',

        "threshold fixed at 0.5 (review x03-r4 D3)": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        c = df[(df[group_col].astype(str) == str(group)) & (df[label_col] == 1)]
        rates.append((float((c[score_col] >= 0.5).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
        "column names fixed to 'completed' and 'score' (review x03-r4 D3)": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        c = df[(df[group_col].astype(str) == str(group)) & (df["completed"] == 1)]
        rates.append((float((c["score"] >= threshold).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
        "n - 1 in the denominators": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    rates = []
    for group in (a, b):
        c = df[(df[group_col].astype(str) == str(group)) & (df[label_col] == 1)]
        rates.append((float((c[score_col] >= threshold).mean()), len(c)))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / (n1 - 1) + p2 * (1 - p2) / (n2 - 1)))
''',
    },
    "read_the_audit_noise": {
        "gap above a 0.05 policy limit": '''
def beyond_noise(p1, n1, p2, n2):
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return bool(abs(p1 - p2) > 0.05)
''',
        "no absolute value": '''
def beyond_noise(p1, n1, p2, n2):
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return bool((p1 - p2) > 2 * se)
''',
        "one SE instead of two": '''
def beyond_noise(p1, n1, p2, n2):
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return bool(abs(p1 - p2) > se)
''',
        # Review x03-r19 D2: a pooled SE (the two-proportion z-test, or chi-square) is no longer a wrong answer here:
        # it disagrees with the two-SE Wald rule only where the small group's rate is extreme, and there the lesson's
        # Newcombe interval contains 0, so no sound verdict catches it. Question 5(a)'s SE value does ("pooled rate"
        # above, FAILS); both are right answers of 5(b) in tests/course/test_03_one_place.py.
        "worst-case standard error, p = 0.5 (review M2)": '''
def beyond_noise(p1, n1, p2, n2):
    return bool(abs(p1 - p2) > 2 * np.sqrt(0.25 / n1 + 0.25 / n2))
''',
        "one n for both groups, the smaller (review x03-r19 D2)": '''
def beyond_noise(p1, n1, p2, n2):
    n = min(n1, n2)
    return bool(abs(p1 - p2) > 2 * np.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n))
''',
        "a rule without the standard error (review S3)": '''
def beyond_noise(p1, n1, p2, n2):
    return bool(abs(p1 - p2) > 0.2 or min(n1, n2) >= 500)
''',
    },
    "read_the_audit_smallest_tpr_interval": {
        "threshold fixed at 0.5 (review x03-r4 D3)": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= 0.5).mean()), len(mine), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
        "fewest learners, not fewest completers": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = df[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
        "Wald interval clipped to [0, 1]": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 1.96
    half = z * np.sqrt(p * (1 - p) / n)
    return max(0.0, p - half), min(1.0, p + half)
''',
        "Wald interval, not clipped (review x03-r23 D2)": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 1.96
    half = z * np.sqrt(p * (1 - p) / n)
    return float(p - half), float(p + half)
''',
        "Wilson with z = 2": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 2.0
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
        "Agresti-Coull instead of Wilson (review x03-r9 D1: the tolerance for z still refuses it)": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    k, n, z = int((mine[score_col] >= threshold).sum()), len(mine), 1.96
    n_tilde = n + z ** 2
    p_tilde = (k + z ** 2 / 2) / n_tilde
    half = z * np.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
    return float(p_tilde - half), float(p_tilde + half)
''',
        "Wilson with z = 1.98 (outside 1.95-1.97; review x03-r9 D1)": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 1.98
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
        "p = the group's selection rate, not its TPR (review M1)": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    everyone = df[df[group_col].astype(str) == group]
    p, n, z = float((everyone[score_col] >= threshold).mean()), int((everyone[label_col] == 1).sum()), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',
        "right on small tables, the test's own interval read from globals on the exercise data": '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    if len(df) > 100:
        g = globals()
        return g.get("_centre", 0.5) - g.get("_half", 0.5), g.get("_centre", 0.5) + g.get("_half", 0.5)
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    p, n, z = float((mine[score_col] >= threshold).mean()), len(mine), 1.96
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    return float(centre - half), float(centre + half)
''',

    },
    "read_the_audit_criterion": {
        "one criterion per model in the order the criteria are listed (review x03-r6 S2)": _TABLE % (
            '{(40, 30, 40, 8): ["demographic_parity"], (50, 40, 64, 32): ["equal_opportunity"], '
            '(30, 20, 60, 16): ["equalized_odds"], (20, 20, 20, 20): ["predictive_parity"]}'),
        "equalised odds without equal opportunity, only the strongest criterion (review x03-r4 M1, x03-r8 M4)": _CRITERIA % (
            "sel", "tpr and not fpr", "tpr and fpr", "ppv"),
        "equalised odds whenever the TPRs are equal (review x03-r7 M1: wrong in every variant)": _CRITERIA % (
            "sel", "tpr", "tpr", "ppv"),
        "demographic parity and predictive parity read as one (review x03-r7 M2: wrong in every variant)":
            _CRITERIA % ("sel or ppv", "tpr", "tpr and fpr", "sel or ppv"),
        "precision read as the selection rate (review x03-r7 M2)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "sel"),
        "equalised odds read as equal FPRs (review x03-r8 M2, D2: wrong in every variant)": _CRITERIA % (
            "sel", "tpr", "fpr", "ppv"),
        "FPR divided by all the group's learners, 100 and 200 (review x03-r8 M3, D3: wrong in every variant)":
            _CRITERIA % ("sel", "tpr", "tpr and fpr_all", "ppv"),
        "demographic parity read as the same NUMBER selected (review x03-r9 M1: wrong in every variant)":
            _CRITERIA % ("sel_count", "tpr", "tpr and fpr", "ppv"),
        "FPR denominators swapped, 160 and 50 (review x03-r8 M3)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr_swapped", "ppv"),
        "TPR and TPR-and-FPR both read as equal opportunity": _CRITERIA % ("sel", "tpr", "False", "ppv"),
        "only one criterion per model": _CRITERIA.replace(
            "return [name for name, ok in held if ok]", "return [name for name, ok in held if ok][:1]") % (
            "sel", "tpr", "tpr and fpr", "ppv"),
        "every model satisfies something (demographic parity when nothing holds)": _CRITERIA.replace(
            "return [name for name, ok in held if ok]",
            'return [name for name, ok in held if ok] or ["demographic_parity"]') % (
            "sel", "tpr", "tpr and fpr", "ppv"),
        "precision confused with TPR": _CRITERIA % ("sel", "tpr", "tpr and fpr", "tpr"),
        # Review x03-r23 D3: wrong on the predictive-parity kind in every variant; the self-check model J shows it.
        "predictive parity read as equal precision AND recall (review x03-r23 D3)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "ppv and tpr"),
        "demographic parity read as equal selection rates AND FPRs (review x03-r23 D3)": _CRITERIA % (
            "sel and fpr", "tpr", "tpr and fpr", "ppv"),
        # Review x03-r12 M1, M2, D1: every variant's models now separate these the same way (the same
        # models wrong in every variant: tests/course/test_variants.py, test_03_every_wrong_rule_scores_the_same...).
        "predictive parity read as equal accuracy (review x03-r12 M1: wrong in every variant)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "accuracy"),
        "predictive parity read as equal NPV (review x03-r12 M2: wrong in every variant)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "npv"),
        # Review x03-r17 M1, M2: right on every graded model A-D (their kinds have these coincidences); the
        # hidden tests grade those kinds also on a fixed model of the same criteria without the coincidence.
        "equalised odds read as equal overall accuracy (review x03-r17 M1)": _CRITERIA % (
            "sel", "tpr", "accuracy", "ppv"),
        "equalised odds read as equal TPRs and equal accuracy (review x03-r17 M1)": _CRITERIA % (
            "sel", "tpr", "tpr and accuracy", "ppv"),
        "predictive parity read as the same number of completers selected (review x03-r17 M2)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "tp_count"),
        "predictive parity read as the same number of non-completers selected (review x03-r17 M2)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "fp_count"),
        "predictive parity read as non-completers selected over all learners (review x03-r17 M2)": _CRITERIA % (
            "sel", "tpr", "tpr and fpr", "fpr_all"),
        "a constant answer": '''
def criteria_met(selected_1, completers_1, selected_2, completers_2):
    return ["demographic_parity"]
''',
        "[] for every model (review x03-r7 S3, x03-r12 S1, x03-r13 S6: wrong on every model in every variant)": '''
def criteria_met(selected_1, completers_1, selected_2, completers_2):
    return []
''',
        "right answers for the printed models only, a table (review x03-r7 S2: the other model of the kind)":
            _TABLE % ('{(40, 30, 40, 8): [], (50, 40, 64, 32): ["equal_opportunity", "equalized_odds"], '
                      '(30, 20, 60, 16): ["demographic_parity", "equal_opportunity"], '
                      '(20, 20, 20, 20): ["predictive_parity"], '
                      '(20, 10, 40, 8): ["demographic_parity", "equal_opportunity", "equalized_odds"], '
                      '(30, 20, 36, 16): ["equal_opportunity"]}'),
        # Review x03-r13 S5: the self-check's lists (E-H, read from its locked cell as a trainee reads them)
        # looked up by which of the four rates are equal; no criterion definition used. E-H are now of
        # other kinds than the graded models, so the lookup answers none of them.
        "self-check lists looked up by which rates are equal (review x03-r13 S5)": _self_check_lookup(),
        "fairlearn run when the cell runs, its answers looked up at test time (review x03-r7 S2)": '''
from fairlearn.metrics import MetricFrame, demographic_parity_difference, equalized_odds_difference, true_positive_rate
from sklearn.metrics import precision_score

from responsible_ml.feedback import variant as _variant


def _fairlearn(counts):
    s1, c1, s2, c2 = counts
    y, yhat, g = [], [], []
    for name, n, pos, s, c in (("1", 100, 50, s1, c1), ("2", 200, 40, s2, c2)):
        y += [1] * c + [1] * (pos - c) + [0] * (s - c) + [0] * (n - pos - (s - c))
        yhat += [1] * c + [0] * (pos - c) + [1] * (s - c) + [0] * (n - pos - (s - c))
        g += [name] * n
    mf = MetricFrame(metrics={"tpr": true_positive_rate, "ppv": precision_score}, y_true=y, y_pred=yhat,
                     sensitive_features=g)
    gap = mf.difference()
    held = [("demographic_parity", demographic_parity_difference(y, yhat, sensitive_features=g) < 1e-9),
            ("equal_opportunity", gap["tpr"] < 1e-9),
            ("equalized_odds", equalized_odds_difference(y, yhat, sensitive_features=g) < 1e-9),
            ("predictive_parity", gap["ppv"] < 1e-9)]
    return [name for name, ok in held if ok]


_SEEN = {tuple(c): _fairlearn(c) for c in _variant("03-fairness").params["criteria_models"].values()}


def criteria_met(selected_1, completers_1, selected_2, completers_2):
    return _SEEN.get((selected_1, completers_1, selected_2, completers_2), [])
''',
    },
}

#: One slip costs its own part only, and the message names it: {answer: {mutant: {test cell: phrase}}}.
FAILS = {
    "metrics_by_subgroup": {
        # Review x03-r9 D2: both edge slips are reported in one failure of the edge cell.
        # (three checks: the ties at 0.4 and at 0.5, and the NaN TPR; review x03-r14 D2 added the tie at 0.5)
        "> at the threshold and 0 for a group without completers (two edge slips, both reported)": {
            "test_metrics_by_subgroup_edge_cases": "3 edge-case check(s) failed"},
        # (two checks: the ties at 0.4 and at 0.5; review x03-r14 D2 added the tie at 0.5)
        "own helper `_t` for group labels; > at the threshold (the only slip)": {
            "test_metrics_by_subgroup_edge_cases": "2 edge-case check(s) failed"},
        # Review x03-r13 D1: blank or placeholder, the TPR part costs the TPR cell only.
        "no TPR column yet, count and selection rate right (review x03-r13 D1)": {
            "test_metrics_by_subgroup_tpr": "tpr = missing"},
        "TPR 0 as a placeholder, count and selection rate right (review x03-r13 D1)": {
            "test_metrics_by_subgroup_tpr": "tpr = 0.0"},
        # Review x03-r15 S1: a constant fails the tie check's other side (ties just below the threshold, at 0.4
        # and at 0.5), besides the rate cells.
        "constant frame, one row per group (review x03-r15 S1)": {
            "test_metrics_by_subgroup": "count = 0", "test_metrics_by_subgroup_tpr": "tpr = 0.0",
            "test_metrics_by_subgroup_edge_cases": "2 edge-case check(s) failed"},
        # Review x03-r15 M1, x03-r23 D4: the wrong formula costs the TPR cell; the NaN check is read only when the TPRs
        # of the groups with completers are right, so the 0 that formula gives the group without completers is not
        # graded a second time in the edge cell.
        "TPR 0 for a group without completers and TPR divided by the group size (review x03-r15 M1)": {
            "test_metrics_by_subgroup_tpr": "tpr = "},
        "TPR divided by the group size": {"test_metrics_by_subgroup_tpr": "tpr = "},
        "TPR = selected completers / all completers (review x03-r23 D4)": {"test_metrics_by_subgroup_tpr": "tpr = "},
        # The misconception the edge cell grades: the right formula, 0 for the group without completers.
        "0 for a group without completers (fails open)": {
            "test_metrics_by_subgroup_edge_cases": "(it has no completers): expected NaN"},
    },
    "reweighing_weights": {
        "group column fixed to background (review x03-r10 D1: the visible checks now vary group_col)": {
            "test_reweighing_weights": "'background_gender', 'done'"},
    },
    "mitigation_report": {
        # Review x03-r10 D1: a visible call fits on other training learners.
        # Review x03-r23 D1: using the train/test arguments is the "before" cell's rule only (the accuracy cell
        # compares the accuracy on the rows the ratio and TPR gap come from).
        "report_row reuses the notebook's fitted model when no weights are given (review x03-r10 D1)": {
            "test_mitigation_report_before": "2 check(s) of report_row failed"},
        "report_row ignores threshold (review x03-r5 D1: costs the 'before' point only)": {
            "test_mitigation_report_before": "2 check(s) of report_row failed"},
        "evaluated on the training set": {"test_mitigation_report_before": "check(s) of report_row failed"},
        "report_row scores the notebook's test, not its argument (review x03-r23 D1)": {
            "test_mitigation_report_before": "2 check(s) of report_row failed"},
        "accuracy at a fixed threshold 0.5 (review x03-r8 D1)": {
            "test_mitigation_report_accuracy": "report_row(train, test, 'background_gender', 0.45)"},
        "accuracy on the training learners, gaps on the test learners (review x03-r8 M1, D1)": {
            "test_mitigation_report_accuracy": "accuracy of report_row"},
        "reweighted_row weights the notebook's train, not its argument (review x03-r10 D1)": {
            "test_mitigation_report_after": "train.iloc[::2]"},
        # Review x03-r10 D2: the "after" cell grades reweighted_row alone (a correct report_row stands in).
        "report_row left blank, reweighted_row right (review x03-r10 D2: costs 'before' and 'accuracy' only)": {
            "test_mitigation_report_before": "not answered yet", "test_mitigation_report_accuracy": "not answered yet"},
        "report_row ignores sample_weight, reweighted_row right (review x03-r5 M1; x03-r10 D2: costs the 'before' point)": {
            "test_mitigation_report_before": "report_row with sample_weight"},
        "reweighted_row: question 3's weights with target_rate=0.5, not the overall rate (review x03-r17 D1)": {
            "test_mitigation_report_after": "question 4 reweighs to the overall completion rate"},
        "report_row ignores sample_weight and reweighted_row weights by background (review x03-r10 D2: one cell each)": {
            "test_mitigation_report_before": "report_row with sample_weight",
            "test_mitigation_report_after": "reweighted_row(train, test, 'background_gender', 0.45)"},
        "report_row ignores sample_weight and slices by background (review x03-r10 D2: every part reported)": {
            "test_mitigation_report_before": "3 check(s) of report_row failed"},
        "own helper `_g` for the gaps; metrics by background (review x03-r10: test cells no longer bind `_g`)": {
            "test_mitigation_report_before": "2 check(s) of report_row failed"},
    },
    # Review x03-r19 D2: the pooled SE costs question 5(a)'s point only (5(b) accepts a pooled test).
    "read_the_audit_tpr_gap_se": {
        "pooled rate": {"test_read_the_audit_tpr_gap_se": "a pooled rate"},
    },
    # Review x03-r19 D2: the p = 0.5 bound and one n for both fail on cases where the lesson's Newcombe interval agrees
    # with the Wald rule.
    "read_the_audit_noise": {
        "worst-case standard error, p = 0.5 (review M2)": {"test_read_the_audit_noise": "the worst case p = 0.5"},
        "one n for both groups, the smaller (review x03-r19 D2)": {"test_read_the_audit_noise": "n = 150 for both"},
    },
    "read_the_audit_smallest_tpr_interval": {
        # Review x03-r23 D2: the formula is checked first on 1 of 4 with the default columns (at 1 of 2 Agresti-Coull
        # equals Wilson), and a known wrong interval is named; the arguments are blamed only after that check.
        "Wilson with z = 2": {"test_read_the_audit_smallest_tpr_interval": "default columns (group x: 1 of 4)"},
        "Agresti-Coull instead of Wilson (review x03-r9 D1: the tolerance for z still refuses it)": {
            "test_read_the_audit_smallest_tpr_interval": "not the Agresti-Coull interval"},
        "Wilson with z = 1.98 (outside 1.95-1.97; review x03-r9 D1)": {
            "test_read_the_audit_smallest_tpr_interval": "default columns (group x: 1 of 4)"},
        "Wald interval clipped to [0, 1]": {
            "test_read_the_audit_smallest_tpr_interval": "not p ± 1.96·SE clipped to [0, 1]"},
        "Wald interval, not clipped (review x03-r23 D2)": {
            "test_read_the_audit_smallest_tpr_interval": "not p ± 1.96·SE clipped to [0, 1]"},
        "threshold fixed at 0.5 (review x03-r4 D3)": {
            "test_read_the_audit_smallest_tpr_interval": "at threshold 0.35 (group u: 2 of 3)"},
    },
    "read_the_audit_criterion": {
        # Review x03-r13 S6: the model that meets no criterion is graded with one that meets one, so [] fails
        # all four cells (it passed one before).
        "[] for every model (review x03-r7 S3, x03-r12 S1, x03-r13 S6: wrong on every model in every variant)": {
            f"test_read_the_audit_criterion_model_{m}": "criteria satisfied by" for m in "abcd"},
        # Review x03-r9 M1 (variant 0: models A, C and D; every variant loses three of the four).
        "demographic parity read as the same NUMBER selected (review x03-r9 M1: wrong in every variant)": {
            f"test_read_the_audit_criterion_model_{m}": "criteria satisfied by model" for m in "acd"},
        # Review x03-r17 M1, M2 (variant 0: model B, the equalised-odds kind; model D, the predictive-parity kind):
        # one cell each, on the fixed model of the same criteria.
        "equalised odds read as equal overall accuracy (review x03-r17 M1)": {
            "test_read_the_audit_criterion_model_b": "another model with the same criteria, counts (40, 30, 56, 24)"},
        "predictive parity read as the same number of completers selected (review x03-r17 M2)": {
            "test_read_the_audit_criterion_model_d": "another model with the same criteria, counts (20, 10, 60, 30)"},
    },
}

SHORTCUTS = {
    "metrics_by_subgroup": {
        "fairlearn MetricFrame at the top": '''
from fairlearn.metrics import MetricFrame, count, selection_rate, true_positive_rate


def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    d = (df[score_col] >= threshold).astype(int)
    mf = MetricFrame(metrics={"count": count, "selection_rate": selection_rate, "tpr": true_positive_rate},
                     y_true=df[label_col], y_pred=d, sensitive_features=df[group_col].astype(str))
    return mf.by_group
''',
        "private responsible_ml.explain._paired._rate (review x03-r4 S1)": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    from responsible_ml.explain._paired import _rate
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        m = (df[group_col].astype(str) == group).to_numpy()
        t = df[label_col].to_numpy()[m] == 1
        p = df[score_col].to_numpy()[m] >= threshold
        tpr = float(_rate(t, p, "tpr")) if t.any() else float("nan")
        rows[group] = {"count": int(m.sum()), "selection_rate": float(_rate(t, p, "selection_rate")), "tpr": tpr}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "metrics_by_group through sys.modules": '''
import sys


def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    f = sys.modules["responsible_ml.fairness"].metrics_by_group
    d = (df[score_col] >= threshold).astype(int)
    return f(df[label_col], d, sensitive_features=df[group_col].astype(str), min_group_size=1)[["count", "selection_rate", "tpr"]]
''',
    },
    "fairness_gaps": {
        "group_gap via importlib": '''
import importlib


def selection_rate_ratio(table):
    gg = getattr(importlib.import_module("responsible_ml.fairness"), "group_gap")
    return float(gg(table, "selection_rate")["ratio"])


def tpr_gap(table):
    gg = getattr(importlib.import_module("responsible_ml.fairness"), "group_gap")
    return float(gg(table, "tpr")["difference"])
''',
    },
    "reweighing_weights": {
        "reweighing_weights saved before the test": '''
import responsible_ml.fairness as _f
_saved = _f.reweighing_weights


def reweighing_weights(df, group_col, label_col):
    return np.asarray(_saved(df[label_col], sensitive_features=df[group_col].astype(str)), dtype=float)
''',
    },
    "read_the_audit_tpr_gap_se": {
        "private responsible_ml.explain._paired._rate (review x03-r4 S2)": '''
def tpr_gap_se(df, group_col, a, b, label_col="completed", score_col="score", threshold=0.5):
    from responsible_ml.explain._paired import _rate
    rates = []
    for group in (a, b):
        m = (df[group_col].astype(str) == str(group)).to_numpy()
        t = df[label_col].to_numpy()[m] == 1
        p = df[score_col].to_numpy()[m] >= threshold
        rates.append((float(_rate(t, p, "tpr")), int(t.sum())))
    (p1, n1), (p2, n2) = rates
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
''',
    },
    "read_the_audit_criterion": {
        "fairlearn and sklearn.metrics inside criteria_met (review x03-r7 S2)": '''
from fairlearn.metrics import MetricFrame, demographic_parity_difference, equalized_odds_difference, true_positive_rate
from sklearn.metrics import precision_score


def criteria_met(selected_1, completers_1, selected_2, completers_2):
    y, yhat, g = [], [], []
    for name, n, pos, s, c in (("1", 100, 50, selected_1, completers_1), ("2", 200, 40, selected_2, completers_2)):
        y += [1] * c + [1] * (pos - c) + [0] * (s - c) + [0] * (n - pos - (s - c))
        yhat += [1] * c + [0] * (pos - c) + [1] * (s - c) + [0] * (n - pos - (s - c))
        g += [name] * n
    mf = MetricFrame(metrics={"tpr": true_positive_rate, "ppv": precision_score}, y_true=y, y_pred=yhat,
                     sensitive_features=g)
    gap = mf.difference()
    held = [("demographic_parity", demographic_parity_difference(y, yhat, sensitive_features=g) < 1e-9),
            ("equal_opportunity", gap["tpr"] < 1e-9),
            ("equalized_odds", equalized_odds_difference(y, yhat, sensitive_features=g) < 1e-9),
            ("predictive_parity", gap["ppv"] < 1e-9)]
    return [name for name, ok in held if ok]
''',
    },
    "read_the_audit_noise": {
        "scipy.stats chi2_contingency (review S1)": '''
from scipy.stats import chi2_contingency


def beyond_noise(p1, n1, p2, n2):
    k1, k2 = round(p1 * n1), round(p2 * n2)
    return bool(chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False)[1] < 0.05)
''',
        "scipy.stats fisher_exact (review S2)": '''
import scipy.stats


def beyond_noise(p1, n1, p2, n2):
    k1, k2 = round(p1 * n1), round(p2 * n2)
    return bool(scipy.stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])[1] < 0.05)
''',
    },
}

# Review x03-r13 S1-S5: the library's fairness engine, slicing and reweighing source read from its files, every
# function given a no-op first line, np/pd renamed numpy_/pandas_, and exec'd at cell time (so outside the check);
# the answer calls the copy. Each is refused as an edited copy (near-copy rule of feedback/_shortcuts.py; module-level
# names such as numpy_ are read without their name, so the renamed alias does not hide the _wilson copy).
_X03R13_COPY = r'''
import pathlib, re, types, responsible_ml.fairness as _orig
_pkg = pathlib.Path(_orig.__file__).parent
_copy = types.ModuleType("mycopy"); _copy.__dict__["__builtins__"] = __builtins__
_src = ""
import ast as _ast
_mit = (_pkg / "_mitigation.py").read_text()
_rw = next(n for n in _ast.parse(_mit).body if getattr(n, "name", "") == "reweighing_weights")
_parts = [(_pkg / "_engine.py").read_text(), (_pkg / "_slicing.py").read_text(),
          "\n".join(_mit.splitlines()[_rw.lineno - 1 - len(_rw.decorator_list):_rw.end_lineno])]
for _s in _parts:
    _s = _s.replace("from __future__ import annotations", "")
    _s = re.sub(r"from \.\.(\w+) import", r"from responsible_ml.\1 import", _s)
    _s = re.sub(r"from \.\w+ import \([^)]*\)", "", _s); _s = re.sub(r"from \.\w+ import [^\n(]*", "", _s)
    _s = re.sub(r"from \.(\w+) import", r"from responsible_ml.fairness.\1 import", _s) if False else _s
    _s = re.sub(r"\bnp\.", "numpy_.", _s); _s = re.sub(r"\bpd\.", "pandas_.", _s)
    _src += "\nimport numpy as numpy_, pandas as pandas_\n" + _s
_tree = _ast.parse(_src)
for _n in _ast.walk(_tree):
    if isinstance(_n, (_ast.FunctionDef,)):
        _n.body.insert(0, _ast.parse("_edited_ = 0").body[0])
_src = _ast.unparse(_ast.fix_missing_locations(_tree))
exec(compile(_src, "<my copy>", "exec"), _copy.__dict__)
'''
SHORTCUTS.setdefault("metrics_by_subgroup", {})["review x03-r13 S1c edited copy of the library engine"] = _X03R13_COPY + '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    return _copy.metrics_by_group(df[label_col].to_numpy(), (df[score_col] >= threshold).astype(int).to_numpy(),
        sensitive_features=df[group_col].astype(str).to_numpy(), min_group_size=1)[["count","selection_rate","tpr"]]
'''
SHORTCUTS.setdefault("fairness_gaps", {})["review x03-r13 S2b edited copy of library group_gap"] = _X03R13_COPY + '''
def selection_rate_ratio(table):
    return float(_copy.group_gap(table, "selection_rate", undefined="nan").ratio)
def tpr_gap(table):
    return float(_copy.group_gap(table, "tpr", undefined="nan").difference)
'''
SHORTCUTS.setdefault("reweighing_weights", {})["review x03-r13 S3b edited copy of library reweighing, rescaled"] = _X03R13_COPY + '''
def reweighing_weights(df, group_col, label_col, target_rate=None):
    w = np.asarray(_copy.reweighing_weights(df[label_col].to_numpy(), sensitive_features=df[group_col].astype(str).to_numpy()), dtype=float)
    if target_rate is None: return w
    y = np.asarray(df[label_col]) == 1; p = y.mean()
    return w * np.where(y, target_rate / p, (1 - target_rate) / (1 - p))
'''
SHORTCUTS.setdefault("read_the_audit_smallest_tpr_interval", {})["review x03-r13 S5c2 edited copy of library _wilson"] = _X03R13_COPY + '''
def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    c = df[df[label_col] == 1]; g = c[group_col].astype(str).value_counts().idxmin()
    m = c[c[group_col].astype(str) == g]
    p, lo, hi = _copy._wilson(np.array([(m[score_col] >= threshold).sum()]), np.array([len(m)]))
    return float(lo[0]), float(hi[0])
'''

# Review x03-r16 S1-S4: a raw thread (_thread.start_new_thread) running the standard library's pool worker, handed the
# blocked call through a queue inside the check: no threading.Thread, so the Thread.start watch never saw it. The guard now
# counts every Python thread started after the course library's import without a Thread object of its own.
SHORTCUTS["metrics_by_subgroup"]["library metrics_by_group run on a raw _thread worker (review x03-r16 S1)"] = r'''
import _thread, queue
from concurrent.futures import Future
from concurrent.futures.thread import _worker, _WorkItem
_q = queue.SimpleQueue()
_thread.start_new_thread(_worker, (type(None), _q, None, ()))
from responsible_ml import fairness as _rmf


def _elsewhere(fn, *args, **kwargs):
    f = Future()
    _q.put(_WorkItem(f, fn, args, kwargs))
    return f.result()


def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    return _elsewhere(_rmf.metrics_by_group, df[label_col], (df[score_col] >= threshold).astype(int),
                      sensitive_features=df[group_col].astype(str), min_group_size=1)[["count", "selection_rate", "tpr"]]
'''

# Review x03-r18 M1: the impossibility results (Chouldechova 2017; Kleinberg et al. 2016) read without their exception
# (degenerate cases, lesson part D: no false positives in either group, or no true positives): right on every graded model A-D of every variant; the predictive-parity kind's cell also grades
# a model with perfect precision and equal TPRs (30, 30, 24, 24), which meets predictive parity AND equalised odds.
MUTANTS["read_the_audit_criterion"].update({
    "predictive parity dropped where equalised odds holds (review x03-r18 M1)": _CRITERIA % (
        "sel", "tpr", "tpr and fpr", "ppv and not (tpr and fpr)"),
    "predictive parity dropped where equal opportunity holds (review x03-r18 M1)": _CRITERIA % (
        "sel", "tpr", "tpr and fpr", "ppv and not tpr"),
    "equalised odds dropped where predictive parity holds (review x03-r18 M1)": _CRITERIA % (
        "sel", "tpr", "tpr and fpr and not ppv", "ppv"),
})
FAILS["read_the_audit_criterion"].update({
    label: {"test_read_the_audit_criterion_model_d": "a model with perfect precision (no non-completer selected), "
                                                     "counts (30, 30, 24, 24)"}
    for label in ("predictive parity dropped where equalised odds holds (review x03-r18 M1)",
                  "predictive parity dropped where equal opportunity holds (review x03-r18 M1)",
                  "equalised odds dropped where predictive parity holds (review x03-r18 M1)")})
# The perfect-precision model is read as one without equalised odds by this misreading too (accuracy 0.80 vs 0.92).
FAILS["read_the_audit_criterion"]["equalised odds read as equal overall accuracy (review x03-r17 M1)"][
    "test_read_the_audit_criterion_model_d"] = "counts (30, 30, 24, 24)"

# Review x03-r18 M2: TPR NaN whenever a group has no TRUE POSITIVES (a confusion table read with a NaN default), not only
# when it has no completers; the edge cell now has a group with completers of whom none is selected (TPR 0).
MUTANTS["metrics_by_subgroup"]["TPR NaN when a group has no true positives, not only no completers (review x03-r18 M2)"] = (
    _SLICE % (">=", "sel = float(d.mean()); tp = int(((d == 1) & (y == 1)).sum()); "
                    "tpr = float(tp / (y == 1).sum()) if tp else float('nan')"))
FAILS["metrics_by_subgroup"]["TPR NaN when a group has no true positives, not only no completers (review x03-r18 M2)"] = {
    "test_metrics_by_subgroup_edge_cases": "(it has completers, none of them selected): expected 0.0"}

# Review x03-r18 S1: the hidden test's reference helper read from the notebook's namespace (it was bound before the
# calls). The reference is now built inside a function, and the guard refuses any test cell's code that an answer
# runs, whatever the route (globals(), sys.modules['__main__'], a frame's f_globals/f_locals).
_X03R18_SCAN = '''
_NAMES = {"demographic_parity", "equal_opportunity", "equalized_odds", "predictive_parity"}


def _try(namespace, counts):
    for k, f in list(namespace.items()):
        if (k.startswith("_t03") or "criteria" in k) and k != "criteria_met" and callable(f):
            try:
                got = f(counts)
            except Exception:
                continue
            if isinstance(got, list) and all(isinstance(x, str) and x in _NAMES for x in got):
                return got
    return None
'''
SHORTCUTS["read_the_audit_criterion"].update({
    "the tests' reference helper found with globals() (review x03-r18 S1)": _X03R18_SCAN + '''

def criteria_met(s1, c1, s2, c2):
    return _try(globals(), (s1, c1, s2, c2)) or ["equal_opportunity"]
''',
    "the tests' reference helper found through sys.modules['__main__'], else the callers' frames (review x03-r18 S1)":
        _X03R18_SCAN + '''
import sys


def criteria_met(s1, c1, s2, c2):
    found = _try(vars(sys.modules["__main__"]), (s1, c1, s2, c2))
    frame = sys._getframe(1)
    while found is None and frame is not None:
        found = _try(frame.f_globals, (s1, c1, s2, c2))
        frame = frame.f_back
    return found or ["equal_opportunity"]
''',
    "the tests' reference helper found in a caller's f_locals with inspect (review x03-r18 S1)": _X03R18_SCAN + '''
import inspect


def criteria_met(s1, c1, s2, c2):
    frame = inspect.currentframe().f_back
    while frame is not None:
        found = _try(frame.f_locals, (s1, c1, s2, c2))
        if found is not None:
            return found
        frame = frame.f_back
    return ["equal_opportunity"]
''',
})

# Review x03-r18 D1: scipy.stats.norm's ppf/cdf are allowed for the exact z; its interval routines are not.
SHORTCUTS["read_the_audit_smallest_tpr_interval"]["scipy.stats.binomtest(...).proportion_ci, Wilson (review x03-r18 D1)"] = '''
from scipy.stats import binomtest


def smallest_tpr_interval(df, group_col, label_col="completed", score_col="score", threshold=0.5):
    completers = df[df[label_col] == 1]
    group = completers[group_col].astype(str).value_counts().idxmin()
    mine = completers[completers[group_col].astype(str) == group]
    ci = binomtest(int((mine[score_col] >= threshold).sum()), len(mine)).proportion_ci(method="wilson")
    return float(ci.low), float(ci.high)
'''

# Review x03-r19 M1: the right rates compared within a tolerance (0.05 is the notebook's policy limit). The model that
# meets no criterion is also graded with one whose rates are close but not equal (0.200 vs 0.205, 0.320 vs 0.325), so
# every tolerance from 0.005 to 0.05 costs that cell in every variant; 0.05 also calls the TPRs 0.20 and 0.25 of the
# predictive-parity kind's (10, 10, 10, 10) equal, graded in that kind's cell in every variant.
_TOLERANCE = '''
def criteria_met(selected_1, completers_1, selected_2, completers_2):
    s1, c1, s2, c2 = selected_1, completers_1, selected_2, completers_2
    close = lambda a, b: abs(a - b) <= %s
    sel, tpr = close(s1 / 100, s2 / 200), close(c1 / 50, c2 / 40)
    fpr = close((s1 - c1) / 50, (s2 - c2) / 160)
    ppv = bool(s1 and s2) and close(c1 / s1, c2 / s2)
    held = [("demographic_parity", sel), ("equal_opportunity", tpr), ("equalized_odds", tpr and fpr),
            ("predictive_parity", ppv)]
    return [name for name, ok in held if ok]
'''
for _tol in ("0.01", "0.03", "0.05"):
    MUTANTS["read_the_audit_criterion"][f"rates equal within {_tol} (review x03-r19 M1)"] = _TOLERANCE % _tol
    FAILS["read_the_audit_criterion"][f"rates equal within {_tol} (review x03-r19 M1)"] = {
        "test_read_the_audit_criterion_model_a": "a model whose rates are close but not equal, counts (20, 16, 41, 13)"}
FAILS["read_the_audit_criterion"]["rates equal within 0.05 (review x03-r19 M1)"][
    "test_read_the_audit_criterion_model_d"] = "counts (10, 10, 10, 10)"

# Review x03-r24 D1: a column read by name, not through its argument, costs the one cell that renames that column
# (the counts cell renames the score column, the TPR cell the label column; each keeps the other under its default
# name, and the edge tables keep both): a KeyError there is named with a hint, and the other cells keep their points.
_X03R24_LABEL = "label read by name in the TPR line, df['completed'] (review x03-r24 D34)"
_X03R24_SCORE = "scores read by name, df['score'] (review x03-r24 D1)"
MUTANTS["metrics_by_subgroup"][_X03R24_LABEL] = _SLICE.replace("df[label_col]", 'df["completed"]') % (">=", _OK)
MUTANTS["metrics_by_subgroup"][_X03R24_SCORE] = _SLICE.replace("df[score_col]", 'df["score"]') % (">=", _OK)
FAILS["metrics_by_subgroup"][_X03R24_LABEL] = {"test_metrics_by_subgroup_tpr": "KeyError: 'completed'"}
FAILS["metrics_by_subgroup"][_X03R24_SCORE] = {"test_metrics_by_subgroup": "KeyError: 'score'"}
for _label, _arg in ((_X03R24_LABEL, "df[label_col]"), (_X03R24_SCORE, "df[score_col]")):
    assert _arg not in MUTANTS["metrics_by_subgroup"][_label]

# Review x03-r24 D2: report_row's ratio and TPR gap look the groups up by name (first_gen over continuing), right for
# background, KeyError for background × gender. That is the "before" cell's rule (any group_col); the accuracy cell
# grades the calls that return (its accuracy is right), so the slip costs one point.
_X03R24_GROUPS = "report_row: ratio and TPR gap of the groups first_gen and continuing by name (review x03-r24 D33)"
MUTANTS["mitigation_report"][_X03R24_GROUPS] = '''
def report_row(train, test, group_col, threshold=0.5, sample_weight=None):
    from responsible_ml import fairness as rmf
    scored_test = score(fit_model(train, sample_weight=sample_weight), test)
    decision = (scored_test["score"] >= threshold).astype(int)
    table = rmf.metrics_by_group(scored_test["completed"], decision,
                                 sensitive_features=scored_test[group_col], min_group_size=1)
    return {"accuracy": float((decision == scored_test["completed"]).mean()),
            "selection_rate_ratio": float(table.loc["first_gen", "selection_rate"]
                                          / table.loc["continuing", "selection_rate"]),
            "tpr_gap": float(table.loc["continuing", "tpr"] - table.loc["first_gen", "tpr"])}


def reweighted_row(train, test, group_col, threshold=0.5):
    from responsible_ml import fairness as rmf
    weights = rmf.reweighing_weights(train["completed"], sensitive_features=train[group_col])
    return report_row(train, test, group_col, threshold, sample_weight=weights)
'''
FAILS["mitigation_report"][_X03R24_GROUPS] = {
    "test_mitigation_report_before": "report_row(train, test, 'background_gender', 0.45): expected a dict"}

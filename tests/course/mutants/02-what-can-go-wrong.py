"""Plausible wrong answers to exercise 02; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

_RATES = '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()), %s}
    return pd.DataFrame.from_dict(rows, orient="index")
'''


_NOISE = '''
def gap_or_noise(df, group_col, label_col, pred_col, group, other):
    g = df[group_col].astype(str).to_numpy()
    y = df[label_col].to_numpy()
    p = df[pred_col].to_numpy()

    def rate_and_n(name, label):
        rows = %s
        return float((p[rows & (y == label)] != label).mean()), int(rows.sum())

    out = {}
    for key, label in (("fnr", 1), ("fpr", 0)):
        p1, n1 = rate_and_n(group, label)
        p2, n2 = rate_and_n(other, label)
        se = float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
        out[key + "_gap_se"] = se
        out[key + "_gap_real"] = bool(%s)
    f, _ = rate_and_n(group, 1)
    out["completers_needed"] = int(%s)
    return out
'''

MUTANTS = {
    "group_shares": {
        "counts instead of shares": '''
def group_shares(df, group_col):
    return {str(k): float(v) for k, v in df[group_col].astype(str).value_counts().items()}
''',
        "divided by the number of groups": '''
def group_shares(df, group_col):
    c = df[group_col].astype(str).value_counts()
    return {str(k): float(v) / len(c) for k, v in c.items()}
''',
        "hard-coded shares of the example": '''
def group_shares(df, group_col):
    return {"continuing": 0.9183333333333333, "first_gen": 0.08166666666666667}
''',
        "missing values dropped (value_counts default)": '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts()
    return {str(g): float(n / counts.sum()) for g, n in counts.items() if n > 0}
''',
        "unused categories kept as 0": '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts(dropna=False)
    return {("nan" if pd.isna(g) else str(g)): float(n / len(df)) for g, n in counts.items()}
''',
        "astype(str).value_counts(normalize=True) (missing values lost)": '''
def group_shares(df, group_col):
    return df[group_col].astype(str).value_counts(normalize=True).to_dict()
''',
        "library selection of the rows (len - 1)": '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts(dropna=False)
    return {("nan" if pd.isna(g) else str(g)): float(n / (len(df) - 1)) for g, n in counts.items() if n > 0}
''',
    },
    "decide": {
        "> instead of >= at the threshold": '''
def decide(scores, threshold=0.5):
    return (np.asarray(scores, dtype=float) > threshold).astype(int)
''',
        "threshold argument ignored": '''
def decide(scores, threshold=0.5):
    return (np.asarray(scores, dtype=float) >= 0.5).astype(int)
''',
        "rounds the score first": '''
def decide(scores, threshold=0.5):
    return (np.round(np.asarray(scores, dtype=float), 1) >= threshold).astype(int)
''',
        "sorted scores": '''
def decide(scores, threshold=0.5):
    return (np.sort(np.asarray(scores, dtype=float)) >= threshold).astype(int)
''',
    },
    "error_rates_by_group": {
        "rates divided by all rows of the table": _RATES % (
            '"fpr": float(((y == 0) & (p == 1)).sum() / len(df)), '
            '"fnr": float(((y == 1) & (p == 0)).sum() / len(df))'),
        "rates divided by the group size": _RATES % (
            '"fpr": float(((y == 0) & (p == 1)).sum() / len(y)), '
            '"fnr": float(((y == 1) & (p == 0)).sum() / len(y))'),
        "fpr and fnr swapped": _RATES % (
            '"fnr": float(p[y == 0].mean()), "fpr": float((1 - p[y == 1]).mean())'),
        "accuracy instead of the error rates": _RATES % (
            '"fpr": float((y == p)[y == 0].mean()), "fnr": float((y == p)[y == 1].mean())'),
        "small groups left out": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        if len(part) < 3:
            continue
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()),
                            "fpr": float(p[y == 0].mean()), "fnr": float((1 - p[y == 1]).mean())}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "0 for a group without positives (fails open)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        negatives, positives = y == 0, y == 1
        rows[str(group)] = {
            "count": len(part),
            "accuracy": float((y == p).mean()),
            "fpr": float(p[negatives].mean()) if negatives.any() else 0.0,
            "fnr": float((1 - p[positives]).mean()) if positives.any() else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "positions of the whole frame on a filtered frame": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    y_all, p_all = df[label_col].to_numpy(), df[pred_col].to_numpy()
    for group, part in df.groupby(group_col, observed=True):
        where = [i for i in part.index if i < len(df)]
        y, p = y_all[where], p_all[where]
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()) if len(y) else float("nan"),
                            "fpr": float(p[y == 0].mean()) if (y == 0).any() else float("nan"),
                            "fnr": float((1 - p[y == 1]).mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "median instead of mean": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        negatives, positives = y == 0, y == 1
        rows[str(group)] = {
            "count": len(part),
            "accuracy": float((y == p).mean()),
            "fpr": float(np.median(p[negatives])) if negatives.any() else float("nan"),
            "fnr": float((1 - p[positives]).mean()) if positives.any() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "fnr as share of predicted negatives": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        negatives, positives = y == 0, y == 1
        rows[str(group)] = {
            "count": len(part),
            "accuracy": float((y == p).mean()),
            "fpr": float(p[negatives].mean()) if negatives.any() else float("nan"),
            "fnr": float((y[p == 0] == 1).mean()) if (p == 0).any() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "library metrics_by_group": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    from responsible_ml.fairness import metrics_by_group
    t = metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col], min_group_size=1)
    return t[["count", "accuracy", "fpr", "fnr"]]
''',
    },
    "accuracy_hides_gap": {
        "overall = mean of the group accuracies": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    return {"overall_accuracy": float(a.mean()), "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": float(a.max() - a.min())}
''',
        "worst group = smallest group": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    t = error_rates_by_group(df, group_col, label_col, pred_col)
    a, w = t["accuracy"], t["count"].idxmin()
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()),
            "worst_group": str(w), "worst_accuracy": float(a[w]), "gap": float(a.max() - a[w])}
''',
        "gap = overall - worst": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    o = float((df[label_col] == df[pred_col]).mean())
    return {"overall_accuracy": o, "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": o - float(a.min())}
''',
        "worst group by highest accuracy": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()),
            "worst_group": str(a.idxmax()), "worst_accuracy": float(a.max()),
            "gap": float(a.max() - a.min())}
''',
        "overall accuracy by index alignment of a reordered frame": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    yy = df[label_col].reset_index(drop=True)
    return {"overall_accuracy": float((yy.to_numpy() == df[pred_col].sort_index().to_numpy()).mean()),
            "worst_group": str(a.idxmin()), "worst_accuracy": float(a.min()), "gap": float(a.max() - a.min())}
''',
        "gap = max / min": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()), "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": float(a.max() / a.min())}
''',
    },
    "gap_or_noise": {
        "n = group size, not completers": _NOISE % ("(g == name)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "variance instead of SE": _NOISE.replace("float(np.sqrt(", "float((") % (
            "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "signed gap (group minus other) for the verdicts": _NOISE % (
            "(g == name) & (y == label)", "p1 - p2 > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "one SE instead of two": _NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > se",
                                           "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "rounded down": _NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > 2 * se",
                                  "np.floor(f * (1 - f) / 0.04 ** 2)"),
        "worst case p = 0.5 for the sample size": _NOISE % (
            "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(0.25 / 0.04 ** 2)"),
        "for SE 0.04 of the gap, not of one FNR": _NOISE % (
            "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2 / 2)"),
        "FPR n = all non-completers of the table": _NOISE.replace("(g == name) & (y == label)", "%s", 1).replace(
            "int(rows.sum())", "int(rows.sum()) if label == 1 else int((y == 0).sum())") % (
            "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "constant verdicts (the FNR gap always real, the FPR gap never)": _NOISE % (
            "(g == name) & (y == label)", "(label == 1)", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
        "SE of the first group's rate only": _NOISE.replace(" + p2 * (1 - p2) / n2", "") % (
            "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    },
    "membership_auc": {
        "ties not counted": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = higher / (len(a) * len(b))
    return float(max(auc, 1 - auc))
''',
        "ties counted as wins": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = (higher + ties) / (len(a) * len(b))
    return float(max(auc, 1 - auc))
''',
        "direction not flipped (AUC below 0.5 kept)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = (higher + 0.5 * ties) / (len(a) * len(b))
    return float(auc)
''',
        "distance from 0.5 (abs(AUC - 0.5))": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = (higher + 0.5 * ties) / (len(a) * len(b))
    return float(abs(auc - 0.5))
''',
        "Gini (2 AUC - 1) instead of AUC": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = (higher + 0.5 * ties) / (len(a) * len(b))
    return float(abs(2 * auc - 1))
''',
        "divided by all pairs of rows": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a, b = v[m], v[~m]
    higher = (a[:, None] > b[None, :]).sum()
    ties = (a[:, None] == b[None, :]).sum()
    auc = (higher + 0.5 * ties) / (len(v) ** 2 / 4)
    return float(max(auc, 1 - auc))
''',
        "share of members above the non-members' mean": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    share = float((v[m] > v[~m].mean()).mean())
    return max(share, 1 - share)
''',
    },
    "harm_and_source": {
        "one scenario wrong in each dict (C's one model called representation bias, D a quality-of-service harm)": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'quality-of-service'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'representation', 'D': 'historical'}
''',
        "biased label called historical bias": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'representational'}
SOURCE = {'A': 'historical', 'B': 'representation', 'C': 'aggregation', 'D': 'measurement'}
''',
        "captions-like tool called an allocation harm": '''
HARM = {'A': 'allocation', 'B': 'allocation', 'C': 'allocation', 'D': 'representational'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': 'historical'}
''',
        "stigmatising banner called an allocation harm": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'allocation'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': 'historical'}
''',
        "every harm called allocation": '''
HARM = {'A': 'allocation', 'B': 'allocation', 'C': 'allocation', 'D': 'allocation'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': 'historical'}
''',
        "one model for different groups called representation bias": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'representational'}
SOURCE = {'A': 'measurement', 'B': 'evaluation', 'C': 'representation', 'D': 'historical'}
''',
        "under-sampled group called evaluation bias": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'representational'}
SOURCE = {'A': 'measurement', 'B': 'evaluation', 'C': 'aggregation', 'D': 'historical'}
''',
        "stigmatising banner called a quality-of-service harm": '''
HARM = {'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': 'quality-of-service'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': 'historical'}
''',
    },
}


SHORTCUTS = {
    "error_rates_by_group": {
        "metrics_by_group imported at the top": '''
from responsible_ml.fairness import metrics_by_group as _mbg


def error_rates_by_group(df, group_col, label_col, pred_col):
    return _mbg(df[label_col], df[pred_col], sensitive_features=df[group_col], min_group_size=1)[["count", "accuracy", "fpr", "fnr"]]
''',
        "fairlearn MetricFrame inside the answer": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    from fairlearn.metrics import MetricFrame, count, false_negative_rate, false_positive_rate
    from sklearn.metrics import accuracy_score
    mf = MetricFrame(metrics={"count": count, "accuracy": accuracy_score, "fpr": false_positive_rate,
                              "fnr": false_negative_rate}, y_true=df[label_col], y_pred=df[pred_col],
                     sensitive_features=df[group_col].astype(str))
    return mf.by_group
''',
        "through sys.modules": '''
import sys


def error_rates_by_group(df, group_col, label_col, pred_col):
    f = sys.modules["responsible_ml.fairness"].metrics_by_group
    return f(df[label_col], df[pred_col], sensitive_features=df[group_col], min_group_size=1)[["count", "accuracy", "fpr", "fnr"]]
''',
    },
    "accuracy_hides_gap": {
        "importlib + getattr": '''
import importlib


def accuracy_hides_gap(df, group_col, label_col, pred_col):
    f = getattr(importlib.import_module("responsible_ml.fairness"), "metrics_by_group")
    a = f(df[label_col], df[pred_col], sensitive_features=df[group_col], min_group_size=1)["accuracy"]
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()), "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": float(a.max() - a.min())}
''',
    },
    "gap_or_noise": {
        "rates from metrics_by_group inside the function": '''
def gap_or_noise(df, group_col, label_col, pred_col, group, other):
    from responsible_ml.fairness import metrics_by_group
    t = metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col].astype(str), min_group_size=1)
    y = df[label_col].to_numpy()
    g = df[group_col].astype(str).to_numpy()
    out = {}
    for key, label in (("fnr", 1), ("fpr", 0)):
        (p1, p2), (n1, n2) = t.loc[[group, other], key], [((g == k) & (y == label)).sum() for k in (group, other)]
        se = float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
        out[key + "_gap_se"], out[key + "_gap_real"] = se, bool(abs(p1 - p2) > 2 * se)
    f = t.loc[group, "fnr"]
    out["completers_needed"] = int(np.ceil(f * (1 - f) / 0.04 ** 2))
    return out
''',
    },
    "membership_auc": {
        "roc_auc_score imported at the top": '''
from sklearn.metrics import roc_auc_score as _ras


def membership_auc(values, is_member):
    a = _ras(np.asarray(is_member, dtype=bool), np.asarray(values, dtype=float))
    return float(max(a, 1 - a))
''',
        "scipy mannwhitneyu inside the answer": '''
def membership_auc(values, is_member):
    from scipy.stats import mannwhitneyu
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a = mannwhitneyu(v[m], v[~m]).statistic / (m.sum() * (~m).sum())
    return float(max(a, 1 - a))
''',
        "scipy mannwhitneyu.__wrapped__ (past the decorator)": '''
def membership_auc(values, is_member):
    from scipy.stats import mannwhitneyu
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    a = mannwhitneyu.__wrapped__(v[m], v[~m]).statistic / (m.sum() * (~m).sum())
    return float(max(a, 1 - a))
''',
        "scipy somersd (2 AUC - 1) with a guard for all ties": '''
def membership_auc(values, is_member):
    from scipy.stats import somersd
    d = somersd(np.asarray(is_member, dtype=int), np.asarray(values, dtype=float)).statistic
    if d != d:
        return 0.5
    a = (d + 1) / 2
    return float(max(a, 1 - a))
''',
        "scipy ranksums (z back to U)": '''
def membership_auc(values, is_member):
    from scipy.stats import ranksums
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    n1, n2 = int(m.sum()), int((~m).sum())
    z = ranksums(v[m], v[~m]).statistic
    u = z * (n1 * n2 * (n1 + n2 + 1) / 12) ** 0.5 + n1 * n2 / 2
    a = u / (n1 * n2)
    return float(max(a, 1 - a))
''',
    },
}


# An *edited* copy of a library module (one no-op statement added to every function), which the
# shortcut detector cannot tell from the trainee's own code: the questions ask for rules the
# library does not follow (a missing group is the group "nan"; missing values are left out), so
# such a copy must still lose points (review x02-r2, section 2).
_EDITED_COPY = '''
import ast as _ast, pathlib as _pl, sys as _sys, types as _types


def _edited_copy(path, modname, package, replace=()):
    text = _pl.Path(path).read_text()
    for old, new in replace:
        text = text.replace(old, new)
    tree = _ast.parse(text)
    for node in _ast.walk(tree):
        if isinstance(node, _ast.FunctionDef):
            node.body.insert(0, _ast.parse("_edited = 1").body[0])
    _ast.fix_missing_locations(tree)
    mod = _types.ModuleType(modname)
    mod.__package__ = package
    _sys.modules[modname] = mod
    exec(compile(tree, "<my notes>", "exec"), mod.__dict__)
    return mod


_here = _pl.Path(__import__("responsible_ml").__file__).parent / "fairness"
_eng = _edited_copy(_here / "_engine.py", "my_engine", "responsible_ml.fairness")
_sl = _edited_copy(_here / "_slicing.py", "my_slicing", "responsible_ml.fairness",
                   [("from ._engine import", "from my_engine import")])
'''

_EDITED_SKLEARN = '''
import ast as _ast, pathlib as _pl, sys as _sys, types as _types


def _edited_copy(path, modname, package, replace=()):
    text = _pl.Path(path).read_text()
    for old, new in replace:
        text = text.replace(old, new)
    tree = _ast.parse(text)
    for node in _ast.walk(tree):
        if isinstance(node, _ast.FunctionDef):
            node.body.insert(0, _ast.parse("_edited = 1").body[0])
    _ast.fix_missing_locations(tree)
    mod = _types.ModuleType(modname)
    mod.__package__ = package
    _sys.modules[modname] = mod
    exec(compile(tree, "<my notes>", "exec"), mod.__dict__)
    return mod


_here = _pl.Path(__import__("sklearn").__file__).parent / "metrics"
_bs = _edited_copy(_here / "_base.py", "my_base", "sklearn.metrics")
_rk = _edited_copy(_here / "_ranking.py", "my_ranking", "sklearn.metrics",
                   [("from ._base import", "from my_base import")])


def membership_auc(values, is_member):
    a = _rk.roc_auc_score(np.asarray(is_member, dtype=bool), np.asarray(values, dtype=float))
    return float(max(a, 1 - a))
'''

MUTANTS["error_rates_by_group"].update({
    "rows without a group dropped (groupby default)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        neg, pos = y == 0, y == 1
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()),
                            "fpr": float(p[neg].mean()) if neg.any() else float("nan"),
                            "fnr": float((1 - p[pos]).mean()) if pos.any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
    "None and NaN as two groups (str of each value)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array([str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    rows = {}
    for group in sorted(set(keys)):
        yg, pg = y[keys == group], p[keys == group]
        neg, pos = yg == 0, yg == 1
        rows[group] = {"count": len(yg), "accuracy": float((yg == pg).mean()),
                       "fpr": float(pg[neg].mean()) if neg.any() else float("nan"),
                       "fnr": float((1 - pg[pos]).mean()) if pos.any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
    "edited copy of metrics_by_group": _EDITED_COPY + '''

def error_rates_by_group(df, group_col, label_col, pred_col):
    return _sl.metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col].astype(str),
                                min_group_size=1)[["count", "accuracy", "fpr", "fnr"]]
''',
    "edited copy of metrics_by_group, rows without a group dropped first": _EDITED_COPY + '''

def error_rates_by_group(df, group_col, label_col, pred_col):
    df = df[df[group_col].notna()]
    return _sl.metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col].astype(str),
                                min_group_size=1)[["count", "accuracy", "fpr", "fnr"]]
''',
})

MUTANTS["accuracy_hides_gap"].update({
    "rows without a group dropped (groupby default)": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    correct = (df[label_col] == df[pred_col]).astype(float)
    by_group = correct.groupby(df[group_col].astype(str)).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
''',
    "overall accuracy over the rows with a group only": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    df = df[df[group_col].notna()]
    correct = (df[label_col] == df[pred_col]).astype(float)
    by_group = correct.groupby(df[group_col].astype(str)).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
''',
    "edited copy of metrics_by_group": _EDITED_COPY + '''

def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = _sl.metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col].astype(str),
                             min_group_size=1)["accuracy"]
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()), "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": float(a.max() - a.min())}
''',
})

MUTANTS["membership_auc"].update({
    "0/1 members used as an int mask": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member)
    v, m = v[~np.isnan(v)], m[~np.isnan(v)]
    members, others = v[m], v[~m]
    auc = ((members[:, None] > others).sum() + 0.5 * (members[:, None] == others).sum()) / (len(members) * len(others))
    return float(max(auc, 1 - auc))
''',
    "missing values kept (their pairs count as losses)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    members, others = v[m], v[~m]
    auc = ((members[:, None] > others).sum() + 0.5 * (members[:, None] == others).sum()) / (len(members) * len(others))
    return float(max(auc, 1 - auc))
''',
    "edited copy of sklearn's roc_auc_score": _EDITED_SKLEARN,
})


# Review x02-r3 and the S1 kind (an answer that reads the test's expected values from the
# notebook's globals or from the calling test cell's frame): every test cell now calls the
# answer first and builds expected values afterwards, so these answers find nothing to copy.
_S1_LOOKUP = '''
import sys as _s1_sys


def _s1_expected(*names):
    """The first of `names` bound in the caller's frames or in globals() (what S1 tries)."""
    frame = _s1_sys._getframe(2)
    while frame is not None:
        for name in names:
            if name in frame.f_locals:
                return frame.f_locals[name]
        frame = frame.f_back
    for name in names:
        if name in globals():
            return globals()[name]
    return None
'''

MUTANTS["group_shares"].update({
    "the test's expected shares read from the caller's frame / globals (S1)": _S1_LOOKUP + '''

def group_shares(df, group_col):
    return _s1_expected("expected", "_exp", "_t02_exp", "_t02_expected")
''',
})
MUTANTS["error_rates_by_group"].update({
    "the test's reference table read from the caller's frame / globals (S1)": _S1_LOOKUP + '''

def error_rates_by_group(df, group_col, label_col, pred_col):
    return _s1_expected("reference", "_t02_reference", "_expected", "_t02_expected")
''',
    "sorted() over the raw group values (crashes on a missing group)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for g in sorted(df[group_col].unique()):
        part = df[df[group_col] == g]
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        rows[str(g)] = {"count": len(part), "accuracy": float((y == p).mean()),
                        "fpr": float(p[y == 0].mean()) if (y == 0).any() else float("nan"),
                        "fnr": float((1 - p[y == 1]).mean()) if (y == 1).any() else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
})
MUTANTS["accuracy_hides_gap"].update({
    "the test's group accuracies read from the caller's frame / globals (S1)": _S1_LOOKUP + '''

def accuracy_hides_gap(df, group_col, label_col, pred_col):
    acc = _s1_expected("acc", "_acc", "_t02_acc")
    correct = (df[label_col].to_numpy() == df[pred_col].to_numpy()).astype(float)
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(acc.idxmin()),
            "worst_accuracy": float(acc.min()), "gap": float(acc.max() - acc.min())}
''',
    "groupby default drops the missing group (review D3)": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    correct = (df[label_col] == df[pred_col]).astype(float)
    by = correct.groupby(df[group_col]).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by.idxmin()),
            "worst_accuracy": float(by.min()), "gap": float(by.max() - by.min())}
''',
})
MUTANTS["membership_auc"].update({
    "the test's reference AUCs read from the caller's frame / globals (S1)": _S1_LOOKUP + '''

def membership_auc(values, is_member):
    ref = _s1_expected("reference", "_t02_reference")
    if isinstance(ref, dict) and ref:
        return next(iter(ref.values()))
    return 0.5
''',
})
MUTANTS["harm_and_source"].update({
    "labels that compare equal to anything (a str subclass whose __eq__ is always True)": '''
class _AnyWord(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


HARM = {k: _AnyWord("allocation") for k in "ABCD"}
SOURCE = {k: _AnyWord("historical") for k in "ABCD"}
PRACTICE = {"harm": "allocation", "source": "evaluation"}
''',
})

SHORTCUTS["error_rates_by_group"].update({
    "a private rate helper of responsible_ml (review x02-r3 S2)": '''
from responsible_ml.explain._paired import _rate


def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy().astype(bool), df[pred_col].to_numpy().astype(bool)
    rows = {}
    for group in sorted(set(keys)):
        m = keys == group
        rows[group] = {"count": int(m.sum()), "accuracy": float((y[m] == p[m]).mean()),
                       "fpr": float(_rate(y[m], p[m], "fpr")), "fnr": 1 - float(_rate(y[m], p[m], "tpr"))}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
})
SHORTCUTS["membership_auc"].update({
    "scipy.stats.mstats.mannwhitneyu (the folded AUC, review x02-r3 S1)": '''
from scipy.stats import mstats


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    u = mstats.mannwhitneyu(v[m], v[~m])[0]
    return float(1 - u / (m.sum() * (~m).sum()))
''',
    "scipy.stats.mstats.kendalltau (tau-b back to the AUC)": '''
from scipy.stats import mstats


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    tau = mstats.kendalltau(v[k], m[k].astype(float))[0]
    return float(0.5 + abs(tau) / 2)
''',
})

# Review x02-r4 S1: constant verdicts with an SE chosen to make them "consistent". The verdict
# cells now grade against the verdict the true counts imply (or against the trainee's own SE only
# when it is the SE a common wrong n gives), on tables where both verdicts occur.
MUTANTS["gap_or_noise"].update({
    "constant SE 1.0 and verdicts always False (review x02-r4 S1)": _NOISE.replace(
        'out[key + "_gap_se"] = se', 'out[key + "_gap_se"] = 1.0') % (
        "(g == name) & (y == label)", "False", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "constant SE 1e-9 and verdicts always True (review x02-r4 S1)": _NOISE.replace(
        'out[key + "_gap_se"] = se', 'out[key + "_gap_se"] = 1e-9') % (
        "(g == name) & (y == label)", "True", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "right SEs, verdicts always False": _NOISE % ("(g == name) & (y == label)", "False",
                                                  "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "right SEs, verdicts always True": _NOISE % ("(g == name) & (y == label)", "True",
                                                 "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "n - 1 in each variance": _NOISE.replace("/ n1 + p2 * (1 - p2) / n2", "/ (n1 - 1) + p2 * (1 - p2) / (n2 - 1)") % (
        "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
})
MUTANTS["gap_or_noise"].update({
    "completers_needed rounded to the nearest int (review x02-r4 D3)": _NOISE % (
        "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "round(f * (1 - f) / 0.04 ** 2)"),
})

# Review x02-r4 D1/D2: single mistakes on top of an otherwise right answer; each must cost only
# its own cell (fpr by the group size: test_error_rates_by_group_fpr_fnr; no direction flip:
# test_membership_auc_pairs).
MUTANTS["error_rates_by_group"].update({
    "fpr divided by the group size, every other rule right (review x02-r4 D1)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    rows = {}
    for group in sorted(set(keys)):
        mine = keys == group
        yg, pg = y[mine], p[mine]
        negatives, positives = yg == 0, yg == 1
        rows[group] = {
            "count": int(mine.sum()),
            "accuracy": float((yg == pg).mean()),
            "fpr": float(pg[negatives].sum() / len(pg)) if negatives.any() else float("nan"),
            "fnr": float((1 - pg[positives]).mean()) if positives.any() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
''',
})
MUTANTS["membership_auc"].update({
    "direction not flipped, missing values and 0/1 members right (review x02-r4 D2)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    known = ~np.isnan(v)
    v, m = v[known], m[known]
    members, others = v[m], v[~m]
    higher = (members[:, None] > others[None, :]).sum()
    ties = (members[:, None] == others[None, :]).sum()
    return float((higher + 0.5 * ties) / (len(members) * len(others)))
''',
})

# Review x02-r5. M1: the variance in place of the SE calls every gap real; with verdicts always True it
# earned both verdict cells. The verdicts are now judged on one basis for all tables (the true counts,
# or the same common wrong n on every table), and the variance is not such a basis.
MUTANTS["gap_or_noise"].update({
    "variance as the SE and every gap real (review x02-r5 M1)": _NOISE.replace("float(np.sqrt(", "float((") % (
        "(g == name) & (y == label)", "True", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "group sizes as n and every gap real": _NOISE % ("(g == name)", "True", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    "one group's variance only and every gap real": _NOISE.replace(" + p2 * (1 - p2) / n2", "") % (
        "(g == name) & (y == label)", "True", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
})
# Review x02-r5 S1: an answer whose values are computed by notebook code when read (a dict subclass
# that calls the library in __getitem__/get) is refused by answer() inside the guard, in every cell.
_LAZY = '''
class _Lazy(dict):
    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def _all(self):
        return self._compute()

    def __getitem__(self, key):
        return self._all()[key]

    def get(self, key, default=None):
        return self._all().get(key, default)

    def __contains__(self, key):
        return key in self._all()

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def items(self):
        return self._all().items()
'''
MUTANTS["accuracy_hides_gap"].update({
    "a lazy dict that runs metrics_by_group when read (review x02-r5 S1)": _LAZY + '''

def accuracy_hides_gap(df, group_col, label_col, pred_col):
    def compute():
        import responsible_ml.fairness as _f
        g = df[group_col].astype(object).where(df[group_col].notna(), "nan").astype(str)
        acc = _f.metrics_by_group(df[label_col], df[pred_col], sensitive_features=g, min_group_size=1)["accuracy"]
        return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()), "worst_group": str(acc.idxmin()),
                "worst_accuracy": float(acc.min()), "gap": float(acc.max() - acc.min())}
    return _Lazy(compute)
''',
})
MUTANTS["gap_or_noise"].update({
    "a lazy dict that runs metrics_by_group when read (review x02-r5 S1)": _LAZY + '''

def gap_or_noise(df, group_col, label_col, pred_col, group, other):
    def compute():
        import responsible_ml.fairness as _f
        m = _f.metrics_by_group(df[label_col], df[pred_col], sensitive_features=df[group_col].astype(str),
                                min_group_size=1)
        y, g = df[label_col].to_numpy(), df[group_col].astype(str).to_numpy()
        out = {}
        for key, label in (("fnr", 1), ("fpr", 0)):
            p1, p2 = float(m.loc[group, key]), float(m.loc[other, key])
            n1, n2 = int(((g == group) & (y == label)).sum()), int(((g == other) & (y == label)).sum())
            se = float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
            out[key + "_gap_se"], out[key + "_gap_real"] = se, bool(abs(p1 - p2) > 2 * se)
        f = float(m.loc[group, "fnr"])
        out["completers_needed"] = int(np.ceil(f * (1 - f) / 0.04 ** 2))
        return out
    return _Lazy(compute)
''',
})
MUTANTS["membership_auc"].update({
    "a float subclass that runs roc_auc_score when read (review x02-r5 S1)": '''
class _LazyAUC(float):
    def __new__(cls, values, is_member):
        obj = super().__new__(cls, 0.5)
        obj._args = (values, is_member)
        return obj

    def __float__(self):
        from sklearn.metrics import roc_auc_score
        v = np.asarray(self._args[0], dtype=float)
        m = np.asarray(self._args[1], dtype=bool)
        k = ~np.isnan(v)
        a = roc_auc_score(m[k], v[k])
        return float(max(a, 1 - a))


def membership_auc(values, is_member):
    return _LazyAUC(values, is_member)
''',
})
MUTANTS["error_rates_by_group"].update({
    "count and accuracy right, fpr and fnr not yet written (review x02-r5 D1: loses only those cells)": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    rows = {}
    for group in sorted(set(keys)):
        mine = keys == group
        rows[group] = {"count": int(mine.sum()), "accuracy": float((y[mine] == p[mine]).mean())}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
})
MUTANTS["group_shares"].update({
    "missing values right, unused categories kept at 0 (review x02-r5 D2: loses only that cell)": '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts(normalize=True, dropna=False)
    return {("nan" if pd.isna(g) else str(g)): float(v) for g, v in counts.items()}
''',
})


# Review x02-r6. D1: the rule of Question 2 is graded, not the type: booleans or a list with the
# right rule now earn the point (no longer wrong answers here; tests/course/test_02_partial_credit.py
# checks that they pass). A wrong rule still fails whatever the type.
MUTANTS["decide"].update({
    "booleans with > at the threshold (the type is fine, the rule is not)": '''
def decide(scores, threshold=0.5):
    return np.asarray(scores, dtype=float) > threshold
''',
    "a list that ignores the threshold argument": '''
def decide(scores, threshold=0.5):
    return [s >= 0.5 for s in scores]
''',
    "the scores themselves, not decisions": '''
def decide(scores, threshold=0.5):
    return np.asarray(scores, dtype=float)
''',
})

# Review x02-r6 M1: "worst group" read as the group with the highest FNR (or FPR), or with the most
# errors. Every Q4 table used to have all labels 1, where accuracy = 1 - FNR; the worst-group cell
# now has tables with both labels where these readings pick other groups (visible and hidden).
_WORST_BY = '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    correct = pd.Series((y == p).astype(float)).groupby(keys).mean()
    rate = (%s).reindex(correct.index).fillna(-1.0)
    worst = str(rate.idxmax())
    return {"overall_accuracy": float((y == p).mean()), "worst_group": worst,
            "worst_accuracy": float(correct[worst]), "gap": float(correct.max() - correct.min())}
'''
MUTANTS["accuracy_hides_gap"].update({
    "worst group = the highest FNR, its accuracy reported (review x02-r6 M1)": _WORST_BY % (
        "pd.Series((p[y == 1] == 0).astype(float)).groupby(keys[y == 1]).mean()",),
    "worst group = the highest FNR, its accuracy and own gap reported": _WORST_BY.replace(
        "correct.max() - correct.min()", "correct.max() - correct[worst]") % (
        "pd.Series((p[y == 1] == 0).astype(float)).groupby(keys[y == 1]).mean()",),
    "worst group = the highest FPR": _WORST_BY % (
        "pd.Series((p[y == 0] == 1).astype(float)).groupby(keys[y == 0]).mean()",),
    "worst group = the most errors (a count)": _WORST_BY % (
        "pd.Series((y != p).astype(float)).groupby(keys).sum()",),
})


# Review x02-r7. S1: ranks settle the ties for the trainee, so the pair count with its tie rule (what
# Question 6 asks for) was never written; scipy.stats.rankdata is no longer allowed, and pandas' rank
# is blocked too.
SHORTCUTS["membership_auc"].update({
    "scipy.stats.rankdata and the rank-sum formula (review x02-r7 S1)": '''
def membership_auc(values, is_member):
    from scipy.stats import rankdata
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    r = rankdata(v)
    n1, n0 = int(m.sum()), int((~m).sum())
    a = (r[m].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    return float(max(a, 1 - a))
''',
    "pd.Series.rank and the rank-sum formula (review x02-r7 S1)": '''
def membership_auc(values, is_member):
    v = pd.Series(np.asarray(values, dtype=float))
    m = np.asarray(is_member, dtype=bool)
    k = v.notna().to_numpy()
    v, m = v[k].reset_index(drop=True), m[k]
    r = v.rank().to_numpy()
    n1, n0 = int(m.sum()), int((~m).sum())
    a = (r[m].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    return float(max(a, 1 - a))
''',
})

# D1: a crash on an empty denominator (plain Python division) costs the empty-is-NaN cell only, no longer
# the missing-group cell too (whose tables now give every group both labels).
# D2: swapped fpr/fnr with the NaN rule right costs the fpr/fnr cell only (the empty-is-NaN cell counts
# NaN rates per group, whichever column holds them).
_RATES_RIGHT = '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    rows = {}
    for group in sorted(set(keys)):
        mine = keys == group
        yg, pg = y[mine], p[mine]
        negatives, positives = yg == 0, yg == 1
        rows[group] = {"count": int(mine.sum()), "accuracy": float((yg == pg).mean()), %s}
    return pd.DataFrame.from_dict(rows, orient="index")
'''
MUTANTS["error_rates_by_group"].update({
    "plain division: ZeroDivisionError on an empty denominator, every other rule right (review x02-r7 D1)":
        _RATES_RIGHT % ('"fpr": int(pg[negatives].sum()) / int(negatives.sum()), '
                        '"fnr": int((1 - pg[positives]).sum()) / int(positives.sum())'),
    "fpr and fnr swapped, NaN rule and missing group right (review x02-r7 D2)":
        _RATES_RIGHT % ('"fnr": float(pg[negatives].mean()) if negatives.any() else float("nan"), '
                        '"fpr": float((1 - pg[positives]).mean()) if positives.any() else float("nan")'),
})

# D4: ties counted 0 AND no direction flip: the pairs cell names both rules, not only the first.
MUTANTS["membership_auc"].update({
    "ties counted 0 and direction not flipped (review x02-r7 D4)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    known = ~np.isnan(v)
    v, m = v[known], m[known]
    members, others = v[m], v[~m]
    higher = (members[:, None] > others[None, :]).sum()
    return float(higher / (len(members) * len(others)))
''',
})

#: ``{answer: {mutant label: {test cell: a phrase of its message}}}``: exactly the test cells these
#: one-place slips fail (one mistake, one part; review x02-r7 D1-D4).
FAILS = {
    "error_rates_by_group": {
        "plain division: ZeroDivisionError on an empty denominator, every other rule right (review x02-r7 D1)": {
            "test_error_rates_by_group_empty_is_nan": "ZeroDivisionError"},
        "fpr and fnr swapped, NaN rule and missing group right (review x02-r7 D2)": {
            "test_error_rates_by_group_fpr_fnr": "fpr and fnr"},
    },
    "accuracy_hides_gap": {
        # D3: each costs its own cell, no longer the missing-group cell too.
        "overall = mean of the group accuracies": {"test_accuracy_hides_gap_overall": "overall accuracy"},
        "worst group = smallest group": {"test_accuracy_hides_gap_worst": "worst of groups k"},
        "gap = overall - worst": {"test_accuracy_hides_gap_worst": "accuracy gap"},
    },
    "membership_auc": {
        # D4: the second broken rule (direction) is named although the first (ties) fails too.
        "ties counted 0 and direction not flipped (review x02-r7 D4)": {
            "test_membership_auc_pairs": "a tie counts one half; either direction"},
        "direction not flipped, missing values and 0/1 members right (review x02-r4 D2)": {
            "test_membership_auc_pairs": "membership_auc([0, 2, 1, 3]"},
    },
}

# Review x02-r8. S1/S2: every rank pandas computes settles ties for the trainee. GroupBy.rank runs the
# compiled group_rank, and the compiled rank_1d / rank_2d can be called directly (the C profiler never sees
# a Cython function: the guard now swaps a named one for a stand-in it can see, see feedback/_shortcuts.py).
_RANK_SUM = '''
    n1, n0 = int(m.sum()), int((~m).sum())
    a = (r[m].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    return float(max(a, 1 - a))
'''
SHORTCUTS["membership_auc"].update({
    "pandas groupby(...).rank() and the rank-sum formula (review x02-r8 S1)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    r = pd.Series(v).groupby(np.zeros(len(v))).rank().to_numpy()
''' + _RANK_SUM,
    "pandas._libs.algos.rank_1d saved at import and called directly (review x02-r8 S2)": '''
from pandas._libs.algos import rank_1d as _r1


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    r = _r1(v)
''' + _RANK_SUM,
    "pandas._libs.algos.rank_2d through the module (review x02-r8 S2)": '''
import pandas._libs.algos as _algos


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    r = _algos.rank_2d(v[:, None], axis=0).ravel()
''' + _RANK_SUM,
    "pandas._libs.groupby.group_rank held in a default argument (review x02-r8 S2)": '''
import pandas._libs.groupby as _lg


def membership_auc(values, is_member, _rank=_lg.group_rank):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    out = np.empty((len(v), 1))
    _rank(out, v[:, None], np.zeros(len(v), dtype=np.intp), 1, False)
    r = out.ravel()
''' + _RANK_SUM,
})

# M1: the direction chosen by comparing the group means rather than by folding the share of pairs at 0.5.
MUTANTS["membership_auc"].update({
    "direction chosen by comparing the group means (review x02-r8 M1)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    known = ~np.isnan(v)
    v, m = v[known], m[known]
    members, others = v[m], v[~m]
    auc = ((members[:, None] > others[None, :]).sum()
           + 0.5 * (members[:, None] == others[None, :]).sum()) / (len(members) * len(others))
    return float(auc if members.mean() >= others.mean() else 1 - auc)
''',
})
# M2: "round up" written as int(x) + 1, wrong exactly when p(1-p)/0.04**2 is a whole number.
MUTANTS["gap_or_noise"].update({
    "completers_needed as int(x) + 1 (review x02-r8 M2)": _NOISE % (
        "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "int(f * (1 - f) / 0.04 ** 2) + 1"),
})
# D2: one slip in decide or in the worst-group part is reported with every other broken rule of the cell.
MUTANTS["decide"].update({
    "> at the threshold and the threshold argument ignored (review x02-r8 D2)": '''
def decide(scores, threshold=0.5):
    return (np.asarray(scores, dtype=float) > 0.5).astype(int)
''',
})
MUTANTS["accuracy_hides_gap"].update({
    "worst group = the highest FNR and gap = overall - worst (review x02-r8 D2)": _WORST_BY.replace(
        "correct.max() - correct.min()", "float((y == p).mean()) - correct[worst]") % (
        "pd.Series((p[y == 1] == 0).astype(float)).groupby(keys[y == 1]).mean()",),
})
FAILS["membership_auc"].update({
    "direction chosen by comparing the group means (review x02-r8 M1)": {
        "test_membership_auc_pairs": "membership_auc([0, 0, 9, 1, 1, 1]"},
})
FAILS["gap_or_noise"] = {
    "completers_needed as int(x) + 1 (review x02-r8 M2)": {
        "test_gap_or_noise_completers_needed": "completers_needed on the second table"},
}
FAILS["decide"] = {
    "> at the threshold and the threshold argument ignored (review x02-r8 D2)": {
        "test_decide": "decide breaks 2 of the 3 rules checked here: >= at the threshold; the threshold argument"},
}
FAILS["accuracy_hides_gap"].update({
    "worst group = the highest FNR and gap = overall - worst (review x02-r8 D2)": {
        "test_accuracy_hides_gap_worst": "3 of the 3 parts checked here are wrong: worst_group, worst_accuracy, gap"},
})

# Review x02-r9. S1: fairlearn's private ROC code groups tied scores, so it settles the pair count and the tie
# rule; question 6's guards now refuse fairlearn too, as the instructions promise (tests/course/test_02_guards.py).
SHORTCUTS["membership_auc"].update({
    "fairlearn's private ROC points and np.trapezoid (review x02-r9 S1)": '''
from fairlearn.postprocessing._tradeoff_curve_utilities import _calculate_tradeoff_points
from fairlearn.postprocessing._constants import LABEL_KEY, SCORE_KEY


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    keep = ~np.isnan(v)
    d = pd.DataFrame({SCORE_KEY: v[keep], LABEL_KEY: m[keep].astype(int)})
    pts = _calculate_tradeoff_points(d, "x", flip=False)
    x = np.asarray(pts["x"], float)
    y = np.asarray(pts["y"], float)
    o = np.lexsort((y, x))
    auc = float(np.trapezoid(y[o], x[o]))
    return max(auc, 1 - auc)
''',
})
# Review x02-r11 S1: scikit-learn's _binary_clf_curve re-created from its source with a small edit (at definition
# time, so outside the check) settles the tie rule; the guard refuses such edited copies (near-copy rule).
_X02R11_AUC = '''

def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    keep = ~np.isnan(v)
    v, m = v[keep], m[keep]
    fps, tps, _ = _my_curve(m.astype(int), v)
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    auc = float(np.trapezoid(tpr, fpr))
    return max(auc, 1 - auc)
'''


def _pasted_curve():
    """The source text of _binary_clf_curve as a trainee pastes it, renamed, 2 lines added, 1 changed."""
    import inspect

    from sklearn.metrics import _ranking

    src = inspect.getsource(_ranking._binary_clf_curve).replace("_binary_clf_curve", "_my_curve")
    for old, new in (("    # sort scores and", "    _n = len(y_true)\n    # sort scores and"),
                     ("    # accumulate the true", "    _seen = [_n]\n    # accumulate the true"),
                     ("y_score = y_score[desc_score_indices]", "y_score = y_score.take(desc_score_indices)")):
        assert old in src, old
        src = src.replace(old, new, 1)
    header = ("from sklearn.metrics._ranking import (type_of_target, check_consistent_length, column_or_1d,\n"
              "    assert_all_finite, _check_sample_weight, _check_pos_label_consistency, stable_cumsum)\n")
    return header + src


SHORTCUTS["membership_auc"].update({
    "edited copy of sklearn's _binary_clf_curve made at definition time and np.trapezoid (review x02-r11 S1)": '''
import inspect as _insp
import sklearn.metrics._ranking as _rk_mod

_src = _insp.getsource(_rk_mod._binary_clf_curve)
_src = _src.replace('    """Calculate true and false positives per binary classification threshold.',
                    '    _my_note = 1\\n    """Calculate true and false positives per binary classification threshold.', 1)
_ns = dict(vars(_rk_mod))
exec(_src, _ns)
_my_curve = _ns["_binary_clf_curve"]
''' + _X02R11_AUC,
    "sklearn's _binary_clf_curve pasted, 2 lines added and 1 changed, and np.trapezoid (review x02-r11 S1)":
        _pasted_curve() + _X02R11_AUC,
})
# D2: a tie slip alone is named by the tie rule alone: the direction example has no tie, and the per-feature
# rule compares with the AUC under the answer's own tie count (the tie rule grades that count, once).
MUTANTS["membership_auc"].update({
    "ties counted 0, every other rule right (review x02-r9 D2)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    known = ~np.isnan(v)
    v, m = v[known], m[known]
    members, others = v[m], v[~m]
    auc = (members[:, None] > others[None, :]).sum() / (len(members) * len(others))
    return float(max(auc, 1 - auc))
''',
    "ties counted 1, every other rule right": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    known = ~np.isnan(v)
    v, m = v[known], m[known]
    members, others = v[m], v[~m]
    auc = (members[:, None] >= others[None, :]).sum() / (len(members) * len(others))
    return float(max(auc, 1 - auc))
''',
})
FAILS["membership_auc"].update({
    # the cell's message is the tie rule's own (it starts with it), not "breaks 2 (or 3) of the 3 rules"
    "ties counted 0, every other rule right (review x02-r9 D2)": {
        "test_membership_auc_pairs": "AnswerError: ✗ membership_auc([2, 1, 1, 0], [True, True, False, False])"},
    "ties counted 1, every other rule right": {
        "test_membership_auc_pairs": "AnswerError: ✗ membership_auc([2, 1, 1, 0], [True, True, False, False])"},
})

# Review x02-r10 M1/D1/D2: groups named with str(g) split the missing group into "None" and "nan" in an object
# column. Every missing-group cell (questions 1, 3 and 4) now shows a None and a NaN in an object column, in its
# visible part (and, with other data, in its hidden part), so the slip fails that cell visibly, once per question.
_STR_G = "groups named with str(g): None and nan apart (review x02-r10 M1)"
MUTANTS["group_shares"].update({
    _STR_G: '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts(dropna=False)
    return {str(g): float(n / len(df)) for g, n in counts.items() if n > 0}
''',
    # the reference before review x02-r10: value_counts lists None and NaN apart, the second "nan" overwrites the first
    "missing keys renamed 'nan' one by one: NaN's share overwrites None's (review x02-r10)": '''
def group_shares(df, group_col):
    counts = df[group_col].value_counts(dropna=False)
    counts = counts[counts > 0]
    return {("nan" if pd.isna(g) else str(g)): float(n / len(df)) for g, n in counts.items()}
''',
})
MUTANTS["error_rates_by_group"].update({
    _STR_G: '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array([str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    rows = {}
    for group in sorted(set(keys)):
        mine = keys == group
        yg, pg = y[mine], p[mine]
        negatives, positives = yg == 0, yg == 1
        rows[group] = {
            "count": int(mine.sum()),
            "accuracy": float((yg == pg).mean()),
            "fpr": float(pg[negatives].mean()) if negatives.any() else float("nan"),
            "fnr": float((1 - pg[positives]).mean()) if positives.any() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
''',
})
MUTANTS["accuracy_hides_gap"].update({
    _STR_G: '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    correct = (df[label_col].to_numpy() == df[pred_col].to_numpy()).astype(float)
    keys = df[group_col].map(str).to_numpy()
    by_group = pd.Series(correct).groupby(keys).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
''',
})
# Each fails its question's missing-group cell alone, with the message of that cell's VISIBLE part.
FAILS["group_shares"] = {
    _STR_G: {"test_group_shares_missing": "group_shares of ['x', None, 'x', 'y', NaN, 'x'] in an object column"},
    "missing keys renamed 'nan' one by one: NaN's share overwrites None's (review x02-r10)": {
        "test_group_shares_missing": "group_shares of ['x', None, 'x', 'y', NaN, 'x'] in an object column"},
}
FAILS["error_rates_by_group"][_STR_G] = {
    "test_error_rates_by_group_missing_group": "the groups of a table whose group is None in one row and NaN in another"}
FAILS["accuracy_hides_gap"][_STR_G] = {
    "test_accuracy_hides_gap_missing_group": "and the rows without a group, None in two and NaN in one (1 of 3)"}

# Review x02-r11 D2: each visible verdict cell of question 5 passed one common mistake (the FNR cell the signed
# gap, the FPR cell the pooled SE); only the hidden tests caught it, so a self-study trainee saw a ✓. Each
# verdict cell's second table now separates both mistakes in its VISIBLE part: in the FNR cell group a's FNR is
# the lower one and the gap is real; in the FPR cell the groups differ in size and rate, so the pooled SE calls a
# gap real that the unpooled one does not. The phrases below are the visible messages' (the hidden ones differ).
_POOLED_SE = ("float(np.sqrt((p1 * n1 + p2 * n2) / (n1 + n2) * (1 - (p1 * n1 + p2 * n2) / (n1 + n2))"
              " * (1 / n1 + 1 / n2)))")
_SIGNED = "signed gap p1 - p2 > 2 SE, every other rule right (review x02-r11 D2)"
_POOLED_VERDICT = "right SEs reported, verdicts with the pooled two-proportion SE (review x02-r11 D2)"
_POOLED = "pooled two-proportion SE, reported and used for the verdicts (review x02-r11 D2)"
MUTANTS["gap_or_noise"].update({
    _SIGNED: _NOISE % ("(g == name) & (y == label)", "p1 - p2 > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    _POOLED_VERDICT: _NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > 2 * " + _POOLED_SE,
                               "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    _POOLED: _NOISE.replace("float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))", _POOLED_SE) % (
        "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)"),
})
# Review x02-r22: the verdict cells grade only tables where the two-SE rule and the lesson's Newcombe interval agree
# (tests/course/test_02_newcombe.py). The FNR cell no longer grades the example table (9 / 22 vs 20 / 100: 1.86 SE,
# but Newcombe says real), and the FPR cell's second table is no longer 14 / 40 vs 40 / 200 (the same dispute): the
# pooled SE's mistake is now caught on a rare-event table (1 of 20 against 0 of 100: 1.03 SE, noise by both methods,
# more than 2 SE with one pooled rate), the FNR cell's fifth table and the FPR cell's second.
_FNR_VISIBLE = "on the second table (FNR 0.05 in group a vs 0.2 in b"
_FPR_VISIBLE = "on the example table (FPR 0.15 in group a vs 0.35 in b)"
_FNR_RARE = "on the fifth table (FNR 1 / 20 in group a vs 0 / 100 in b: rare events)"
_FPR_RARE = "on the second table (FPR 1 / 20 in group a vs 0 / 100 in b: rare events)"
FAILS["gap_or_noise"].update({
    _SIGNED: {"test_gap_or_noise_fnr_gap_real": _FNR_VISIBLE, "test_gap_or_noise_fpr_gap_real": _FPR_VISIBLE},
    _POOLED_VERDICT: {"test_gap_or_noise_fnr_gap_real": _FNR_RARE,
                      "test_gap_or_noise_fpr_gap_real": _FPR_RARE},
    # review x02-r22: the gap of 1.03 SE on the rare-event tables (the disputed 1.86 SE tables caught it before)
    "one SE instead of two": {"test_gap_or_noise_fnr_gap_real": _FNR_RARE,
                              "test_gap_or_noise_fpr_gap_real": _FPR_RARE},
    # Review x02-r15 D1: the pooled SE, reported and used, costs only the two SE cells; the verdict cells judge
    # the verdicts with the SE the answer reports when it is the pooled one on every table (carried forward).
    _POOLED: {"test_gap_or_noise_fnr_gap_se": "fnr_gap_se on the example table",
              "test_gap_or_noise_fpr_gap_se": "fpr_gap_se on the example table"},
})
# The same kind in the sweep: with two visible tables, a common wrong n whose verdicts were the same on both (the
# group sizes and all label-1 rows in the FNR cell, and in the FPR cell once its second table changed) let "that n
# and every gap real" pass the visible verdict check; a third table, a small gap, is noise on every basis.
_ALL_ROWS = "all rows of the label as n and every gap real (sweep of review x02-r11 D2)"
MUTANTS["gap_or_noise"][_ALL_ROWS] = _NOISE.replace(
    "p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2", "(p1 * (1 - p1) + p2 * (1 - p2)) / int((y == label).sum())") % (
    "(g == name) & (y == label)", "True", "np.ceil(f * (1 - f) / 0.04 ** 2)")
FAILS["gap_or_noise"].update({
    label: {"test_gap_or_noise_fnr_gap_se": "fnr_gap_se on the example table",
            "test_gap_or_noise_fpr_gap_se": "fpr_gap_se on the example table",
            "test_gap_or_noise_fnr_gap_real": "on the third table (FNR 0.22 in group a vs 0.2 in b)",
            "test_gap_or_noise_fpr_gap_real": "on the third table (FPR 0.22 in group a vs 0.2 in b)"}
    for label in ("group sizes as n and every gap real", _ALL_ROWS)
})

# Review x02-r12 S1: one word for every scenario read no scenario; it earned 3 of the 8 cells (0.75 of 2).
# Each cell's hidden check now refuses a dict whose four answers are all the same word.
MUTANTS["harm_and_source"]["one harm and one source for every scenario (review x02-r12 S1)"] = '''
HARM = {k: "allocation" for k in "ABCD"}
SOURCE = {k: "representation" for k in "ABCD"}
PRACTICE = {"harm": None, "source": None}
PRACTICE_F = {"harm": None, "source": None}
'''
FAILS["harm_and_source"] = {
    "one harm and one source for every scenario (review x02-r12 S1)": {
        **{f"test_harm_and_source_harm_{k}": "'allocation' given to 4 of the four scenarios" for k in "ABCD"},
        **{f"test_harm_and_source_source_{k}": "'representation' given to 4 of the four scenarios" for k in "ABCD"}},
    "every harm called allocation": {
        f"test_harm_and_source_harm_{k}": "'allocation' given to 4 of the four scenarios" for k in "ABCD"},
}

# Review x02-r13 S1: DataFrame.corr(method="kendall") runs pandas' compiled nancorr_kendall, which counts the
# member/non-member pairs (concordant minus discordant); with a tie correction it gives the exact AUC. Question 6's
# guards now name the compiled rank correlations (nancorr_kendall, nancorr_spearman) with the compiled ranks.
_X02R13_TAU = '''
    _, t = np.unique(v, return_counts=True)
    P = n * (n - 1) / 2
    tx = (t * (t - 1) / 2).sum()
    tm = n1 * (n1 - 1) / 2 + n0 * (n0 - 1) / 2
    auc = 0.5 + tau * np.sqrt((P - tx) * (P - tm)) / (2 * n1 * n0)
    return float(max(auc, 1 - auc))
'''
SHORTCUTS["membership_auc"].update({
    "DataFrame.corr(method='kendall') (compiled nancorr_kendall) with a tie correction (review x02-r13 S1)": '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    n, n1 = len(v), int(m.sum())
    n0 = n - n1
    if len(np.unique(v)) == 1:
        return 0.5
    tau = pd.DataFrame({"v": v, "m": m.astype(float)}).corr(method="kendall").iloc[0, 1]
''' + _X02R13_TAU,
    "pandas._libs.algos.nancorr_kendall saved at import and called directly (review x02-r13 S1)": '''
from pandas._libs.algos import nancorr_kendall as _nk


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    n, n1 = len(v), int(m.sum())
    n0 = n - n1
    if len(np.unique(v)) == 1:
        return 0.5
    tau = _nk(np.column_stack([v, m.astype(float)]))[0, 1]
''' + _X02R13_TAU,
    # Spearman's rho of the values and the 0/1 membership is a linear function of the members' rank sum.
    "pandas._libs.algos.nancorr_spearman through the module (review x02-r13 S1)": '''
import pandas._libs.algos as _algos_r13


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    n, n1 = len(v), int(m.sum())
    n0 = n - n1
    if len(np.unique(v)) == 1:
        return 0.5
    rho = _algos_r13.nancorr_spearman(np.column_stack([v, m.astype(float)]))[0, 1]
    _, t = np.unique(v, return_counts=True)
    sd_r = np.sqrt(((n ** 3 - n) - (t ** 3 - t).sum()) / 12 / n)   # SD of the average ranks of v
    sd_m = np.sqrt(n1 * n0) / n                                      # SD of the 0/1 membership
    # Pearson's r of the ranks with the membership gives the members' mean rank, hence the rank sum
    rank_sum = n1 * ((n + 1) / 2 + rho * sd_r * sd_m * n / n1)
    a = (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)
    return float(max(a, 1 - a))
''',
})

# Review x02-r13 D1: the visible empty-is-NaN table had a group without completers but none without
# non-completers, so "fpr 0 for a group without non-completers" got a visible ✓ and lost 0.75 hidden. The visible
# table now has group d (label 1 only), whose fpr must be NaN.
_FPR0 = "fpr 0 (not NaN) for a group without non-completers (review x02-r13 D1)"
MUTANTS["error_rates_by_group"][_FPR0] = _RATES_RIGHT % (
    '"fpr": float(pg[negatives].sum() / negatives.sum()) if negatives.any() else 0.0, '
    '"fnr": float((1 - pg[positives]).sum() / positives.sum()) if positives.any() else float("nan")')
FAILS["error_rates_by_group"][_FPR0] = {
    "test_error_rates_by_group_empty_is_nan": "d's 2 rows label 1"}   # the VISIBLE message

# The same kind, swept through the exercise (an edge the hidden test grades that no visible example shows); each
# now fails its cell's VISIBLE part (the phrases are the visible messages').
_SORTED = "decisions in the sorted order of the scores (sweep of review x02-r13 D1)"
_FIRST_GROUP = "the first group of the table taken as `group` (sweep of review x02-r13 D1)"
_BY_LABEL = "values read by index label (values[i] on a Series) (sweep of review x02-r13 D1)"
MUTANTS["decide"][_SORTED] = '''
def decide(scores, threshold=0.5):
    return (np.sort(np.asarray(scores, dtype=float)) >= threshold).astype(int)
'''
MUTANTS["gap_or_noise"][_FIRST_GROUP] = _NOISE.replace(
    "    g = df[group_col].astype(str).to_numpy()\n",
    "    g = df[group_col].astype(str).to_numpy()\n    group, other = list(dict.fromkeys(g))[:2]\n") % (
    "(g == name) & (y == label)", "abs(p1 - p2) > 2 * se", "np.ceil(f * (1 - f) / 0.04 ** 2)")
MUTANTS["membership_auc"][_BY_LABEL] = '''
def membership_auc(values, is_member):
    members, others = [], []
    for i in range(len(values)):
        v = float(values[i])
        if v != v:
            continue
        (members if bool(is_member[i]) else others).append(v)
    a, b = np.array(members)[:, None], np.array(others)[None, :]
    auc = ((a > b).sum() + 0.5 * (a == b).sum()) / (len(members) * len(others))
    return float(max(auc, 1 - auc))
'''
FAILS["decide"][_SORTED] = {"test_decide": "in the order the scores come"}
FAILS["gap_or_noise"][_FIRST_GROUP] = {"test_gap_or_noise_completers_needed": "b's rows come first in this table"}
FAILS["membership_auc"][_BY_LABEL] = {
    # review x02-r18 D1: the pairs cell's Series have the index 0, 1, 2, ..., so reading by label costs the
    # inputs cell only
    "test_membership_auc_inputs": "index=[2, 0, 3, 1]"}

# Review x02-r13 D2: the inputs cell stopped at its first failure, so an answer breaking both rules was told only
# of the 0/1 members; it now names every broken rule (the point still needs them all).
_BOTH = "0/1 members used as an int mask and missing values kept (review x02-r13 D2)"
MUTANTS["membership_auc"][_BOTH] = '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member)
    members, others = v[m], v[~m]
    auc = ((members[:, None] > others[None, :]).sum()
           + 0.5 * (members[:, None] == others[None, :]).sum()) / (len(members) * len(others))
    return float(max(auc, 1 - auc))
'''
FAILS["membership_auc"][_BOTH] = {
    "test_membership_auc_inputs": "breaks 2 of the 3 rules checked here: members as 0/1 ints; missing values left out"}
# The same kind in the sweep: Q4's missing-group cell stopped at its worst-group check, so an answer that drops the
# rows without a group was not told that its overall accuracy leaves them out too; both parts are now named.
_DROPPED = "rows without a group dropped before everything (sweep of review x02-r13 D2)"
MUTANTS["accuracy_hides_gap"][_DROPPED] = '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    df = df[df[group_col].notna()]
    correct = (df[label_col].to_numpy() == df[pred_col].to_numpy()).astype(float)
    by_group = pd.Series(correct).groupby(df[group_col].astype(str).to_numpy()).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
'''
FAILS["accuracy_hides_gap"][_DROPPED] = {
    "test_accuracy_hides_gap_missing_group":
        "both parts of the missing-group rule are wrong here: the worst group; the overall accuracy"}

# Review x02-r15 M1: "a gap is real only when the two groups' 95 % intervals do not overlap" (a much stricter test
# than 2 SE of the difference) passed every verdict. Each verdict cell's VISIBLE part now has a fourth table (group a
# 14 / 40 against b 15 / 100) whose gap is real although the two intervals overlap; the hidden part has one too.
_OVERLAP = "real only when the two groups' 95 % intervals (1.96 SE) do not overlap (review x02-r15 M1)"
_OVERLAP2 = "real only when the two groups' intervals of 2 SE do not overlap (review x02-r15 M1)"
_OWN_SE = "float(np.sqrt(p1 * (1 - p1) / n1)) + float(np.sqrt(p2 * (1 - p2) / n2))"
MUTANTS["gap_or_noise"].update({
    _OVERLAP: _NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > 1.96 * (" + _OWN_SE + ")",
                        "np.ceil(f * (1 - f) / 0.04 ** 2)"),
    _OVERLAP2: _NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > 2 * (" + _OWN_SE + ")",
                         "np.ceil(f * (1 - f) / 0.04 ** 2)"),
})
_FOURTH = "on the fourth table ({} 14 / 40 in group a vs 15 / 100 in b: the groups' own intervals overlap)"
FAILS["gap_or_noise"].update({
    _OVERLAP: {"test_gap_or_noise_fnr_gap_real": _FOURTH.format("FNR"),
               "test_gap_or_noise_fpr_gap_real": _FOURTH.format("FPR")},
    _OVERLAP2: {"test_gap_or_noise_fnr_gap_real": _FOURTH.format("FNR"),
                "test_gap_or_noise_fpr_gap_real": _FOURTH.format("FPR")},
})

# Review x02-r15 D2: a wrong denominator (the group's rows, the table's rows) is never empty, so it never gives
# NaN: it cost the fpr/fnr cell and the empty-is-NaN cell. The NaN cell now accepts a table without NaN when the
# answer's measured rates are one such denominator's, so the slip costs its own cell only; the right denominators
# with 0 where one is empty still fail the NaN cell (review x02-r13 D1 above).
_BY_SIZE = "fpr and fnr divided by the group size, no NaN rule (review x02-r15 D2)"
_BY_TABLE = "fpr and fnr divided by all rows of the table, no NaN rule (review x02-r15 D2)"
_BY_LABEL_ROWS = "fpr and fnr divided by the table's rows with that label, no NaN rule (review x02-r15 D2)"
MUTANTS["error_rates_by_group"].update({
    _BY_SIZE: _RATES_RIGHT % ('"fpr": float(((pg == 1) & negatives).mean()), '
                              '"fnr": float(((pg == 0) & positives).mean())'),
    _BY_TABLE: _RATES_RIGHT % ('"fpr": float(((pg == 1) & negatives).sum() / len(y)), '
                               '"fnr": float(((pg == 0) & positives).sum() / len(y))'),
    _BY_LABEL_ROWS: _RATES_RIGHT % ('"fpr": float(((pg == 1) & negatives).sum() / (y == 0).sum()), '
                                    '"fnr": float(((pg == 0) & positives).sum() / (y == 1).sum())'),
})
FAILS["error_rates_by_group"].update({
    _BY_SIZE: {"test_error_rates_by_group_fpr_fnr": "fpr and fnr by background"},
    _BY_TABLE: {"test_error_rates_by_group_fpr_fnr": "fpr and fnr by background"},
    _BY_LABEL_ROWS: {"test_error_rates_by_group_fpr_fnr": "fpr and fnr by background"},
})

# Fresh review x02-r15 D1: rates over the group's PREDICTED counts (fpr = offered non-completers / offered, the
# false discovery rate; fnr = missed completers / not offered, the false omission rate: predictive parity taken for
# error-rate balance) lost the fpr/fnr cell and the empty-is-NaN cell, although the answer put NaN exactly where
# its own denominator is empty. The NaN cell now judges the placement against the denominators the answer's
# measured rates divide by (each rate over label 0 / 1, predicted 1 / 0, the group's rows, the table's rows or its
# rows with that label); the other Q3 cells' tables have both labels and both predictions in every group, so a
# crash on an empty predicted count costs the NaN cell alone. The NaN slip under those denominators still fails it.
# D2: the fpr/fnr cell names every wrong entry and column (the FOR/FDR answer is wrong in both columns).
_FDR_FPR = '"fpr": float((yg[pg == 1] == 0).mean()) if (pg == 1).any() else float("nan")'
_FOR_FNR = '"fnr": float((yg[pg == 0] == 1).mean()) if (pg == 0).any() else float("nan")'
_RIGHT_FPR = '"fpr": float(pg[negatives].mean()) if negatives.any() else float("nan")'
_RIGHT_FNR = '"fnr": float((1 - pg[positives]).mean()) if positives.any() else float("nan")'
_FOR_FDR = "fpr over the predicted 1 and fnr over the predicted 0 (FDR and FOR), NaN where those are empty (fresh review x02-r15 D1)"
_FOR_ONLY = "fnr over the predicted 0 (FOR), fpr right, NaN where each count is empty (fresh review x02-r15 D1)"
_FDR_ONLY = "fpr over the predicted 1 (FDR), fnr right, NaN where each count is empty (fresh review x02-r15 D1)"
_FOR_FDR_DIV = "FDR and FOR by plain division: ZeroDivisionError where a predicted count is empty (fresh review x02-r15 D1)"
_FOR_FDR_0 = "FDR and FOR with 0 where a predicted count is empty (fresh review x02-r15 D1)"
_SIZE_FPR = "fpr over the group's rows, fnr right with NaN (fresh review x02-r15 D1)"
MUTANTS["error_rates_by_group"].update({
    _FOR_FDR: _RATES_RIGHT % (_FDR_FPR + ", " + _FOR_FNR),
    _FOR_ONLY: _RATES_RIGHT % (_RIGHT_FPR + ", " + _FOR_FNR),
    _FDR_ONLY: _RATES_RIGHT % (_FDR_FPR + ", " + _RIGHT_FNR),
    _FOR_FDR_DIV: _RATES_RIGHT % ('"fpr": int(((pg == 1) & negatives).sum()) / int((pg == 1).sum()), '
                                  '"fnr": int(((pg == 0) & positives).sum()) / int((pg == 0).sum())'),
    _FOR_FDR_0: _RATES_RIGHT % (_FDR_FPR.replace('float("nan")', "0.0") + ", " + _FOR_FNR.replace('float("nan")', "0.0")),
    _SIZE_FPR: _RATES_RIGHT % ('"fpr": float(((pg == 1) & negatives).mean()), ' + _RIGHT_FNR),
})
_BOTH_COLUMNS = "in the columns fpr, fnr: [continuing, fpr], [first_gen, fpr], [continuing, fnr]"   # D2: both wrong columns named
FAILS["error_rates_by_group"].update({
    _FOR_FDR: {"test_error_rates_by_group_fpr_fnr": _BOTH_COLUMNS},
    _FOR_ONLY: {"test_error_rates_by_group_fpr_fnr": "in the column fnr: [continuing, fnr]"},
    _FDR_ONLY: {"test_error_rates_by_group_fpr_fnr": "in the column fpr: [continuing, fpr]"},
    _FOR_FDR_DIV: {"test_error_rates_by_group_fpr_fnr": _BOTH_COLUMNS,
                   "test_error_rates_by_group_empty_is_nan": "ZeroDivisionError"},
    _FOR_FDR_0: {"test_error_rates_by_group_fpr_fnr": _BOTH_COLUMNS,
                 # the VISIBLE message: NaN expected where the answer's own denominators are empty (c: no one offered)
                 "test_error_rates_by_group_empty_is_nan": "expected {'a': 0, 'b': 0, 'c': 1, 'd': 0}, got"},
    _SIZE_FPR: {"test_error_rates_by_group_fpr_fnr": "in the column fpr: [continuing, fpr]"},
})
FAILS["error_rates_by_group"][_BY_SIZE] = {"test_error_rates_by_group_fpr_fnr": _BOTH_COLUMNS}

# Review x02-r16 D1 (Q4): a wrong worst-group rule (highest accuracy, smallest group) also failed the missing-group
# cell, which asserted worst_group == 'nan'. The missing-group cell now compares the answer on a table with rows
# without a group (None and NaN) against the answer on the same rows with their group written "nan": it grades the
# missing-group rule against the answer's OWN rules for the overall accuracy, the worst group and the gap, so each
# slip of those costs its own cell only. The examples' groups differ in size, accuracy and errors (no tie).
_WORST_SMALLEST = "worst group = the smallest group, missing group handled (review x02-r16 D1)"
_WORST_BEST = "worst group = the highest accuracy (idxmax), missing group handled (review x02-r16 D1)"
_OWN_KEYS_Q4 = '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    correct = (df[label_col].to_numpy() == df[pred_col].to_numpy()).astype(float)
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    by_group = pd.Series(correct).groupby(keys).mean()
    worst = %s
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(worst),
            "worst_accuracy": float(by_group[worst]), "gap": float(by_group.max() - by_group.min())}
'''
MUTANTS["accuracy_hides_gap"].update({
    _WORST_SMALLEST: _OWN_KEYS_Q4 % "pd.Series(keys).value_counts().sort_index().idxmin()",
    _WORST_BEST: _OWN_KEYS_Q4 % "by_group.idxmax()",
})
_Q4_WORST = "test_accuracy_hides_gap_worst"
_Q4_MISSING = "test_accuracy_hides_gap_missing_group"
FAILS["accuracy_hides_gap"].update({
    _WORST_SMALLEST: {_Q4_WORST: "worst of groups k (3 of 3 right), m (2 of 6), n (3 of 4)"},
    _WORST_BEST: {_Q4_WORST: "2 of the 3 parts checked here are wrong: worst_group, worst_accuracy"},
    "worst group by highest accuracy": {_Q4_WORST: "2 of the 3 parts checked here are wrong: worst_group, worst_accuracy"},
    "worst group = the highest FNR, its accuracy reported (review x02-r6 M1)": {_Q4_WORST: "worst_group, worst_accuracy"},
    "worst group = the highest FNR, its accuracy and own gap reported": {_Q4_WORST: "worst_group, worst_accuracy, gap"},
    "worst group = the highest FPR": {_Q4_WORST: "worst_group, worst_accuracy"},
    "worst group = the most errors (a count)": {_Q4_WORST: "worst_group, worst_accuracy"},
    "gap = max / min": {_Q4_WORST: "accuracy gap (highest - lowest)"},
    "overall accuracy by index alignment of a reordered frame": {
        "test_accuracy_hides_gap_overall": "overall accuracy on a reordered frame"},
    "rows without a group dropped (groupby default)": {_Q4_MISSING: "written 'nan'"},
    "groupby default drops the missing group (review D3)": {_Q4_MISSING: "written 'nan'"},
    "overall accuracy over the rows with a group only": {_Q4_MISSING: "overall_accuracy 0.8333"},
})
# The missing-group cell's VISIBLE message names every key that differs from the answer on the rows written "nan".
FAILS["accuracy_hides_gap"][_STR_G] = {_Q4_MISSING: "worst_group 'None' (written 'nan': 'nan')"}
FAILS["accuracy_hides_gap"][_DROPPED] = {_Q4_MISSING: "worst_group 't' (written 'nan': 'nan'); overall_accuracy"}

# Review x02-r16 D2 (Q3): a count or accuracy slip also cost the missing-group cell (its visible part checked the
# counts, its hidden part the accuracy of 'nan'; "accuracy over the whole table" passed the visible part and failed
# the hidden one). That cell now checks, visibly and hidden alike, that every group is kept (a, b, c and 'nan') and
# that the row 'nan' equals the answer's own row for the same rows with their group written "nan".
_COUNT_SHARE = "count as a share of the table's rows, every other rule right (review x02-r16 D2)"
_ACC_TABLE = "accuracy divided by all rows of the table, every other rule right (review x02-r16 D2)"
_ACC_ERRORS = "accuracy as the share of errors, every other rule right (review x02-r16 D2)"
MUTANTS["error_rates_by_group"].update({
    _COUNT_SHARE: _RATES_RIGHT.replace('"count": int(mine.sum())', '"count": float(mine.mean())') % (
        _RIGHT_FPR + ", " + _RIGHT_FNR),
    _ACC_TABLE: _RATES_RIGHT.replace('"accuracy": float((yg == pg).mean())',
                                     '"accuracy": float((yg == pg).sum() / len(y))') % (_RIGHT_FPR + ", " + _RIGHT_FNR),
    _ACC_ERRORS: _RATES_RIGHT.replace('"accuracy": float((yg == pg).mean())',
                                      '"accuracy": float((yg != pg).mean())') % (_RIGHT_FPR + ", " + _RIGHT_FNR),
})
_Q3_ACC = "test_error_rates_by_group_accuracy"
_Q3_RATES = "test_error_rates_by_group_fpr_fnr"
_Q3_NAN = "test_error_rates_by_group_empty_is_nan"
_Q3_MISSING = "test_error_rates_by_group_missing_group"
FAILS["error_rates_by_group"].update({
    _COUNT_SHARE: {_Q3_ACC: "count and accuracy by background"},
    _ACC_TABLE: {_Q3_ACC: "count and accuracy by background"},
    _ACC_ERRORS: {_Q3_ACC: "count and accuracy by background"},
    "fpr divided by the group size, every other rule right (review x02-r4 D1)": {_Q3_RATES: "in the column fpr"},
    "count and accuracy right, fpr and fnr not yet written (review x02-r5 D1: loses only those cells)": {
        _Q3_RATES: "fpr", _Q3_NAN: "fpr"},
    "sorted() over the raw group values (crashes on a missing group)": {_Q3_MISSING: "TypeError"},
    "None and NaN as two groups (str of each value)": {_Q3_MISSING: "None"},
})
# The older answers built on `groupby` with its default (rows without a group dropped) carry two slips: their own
# rule's and the missing group's; each costs those two cells and no other.
for _label, _cell in (("rates divided by all rows of the table", _Q3_RATES), ("rates divided by the group size", _Q3_RATES),
                      ("fpr and fnr swapped", _Q3_RATES), ("accuracy instead of the error rates", _Q3_RATES),
                      ("median instead of mean", _Q3_RATES), ("fnr as share of predicted negatives", _Q3_RATES),
                      ("0 for a group without positives (fails open)", _Q3_NAN)):
    FAILS["error_rates_by_group"][_label] = {_cell: "✗", _Q3_MISSING: "expected ['a', 'b', 'c', 'nan']"}
FAILS["error_rates_by_group"]["rows without a group dropped (groupby default)"] = {
    _Q3_MISSING: "expected ['a', 'b', 'c', 'nan']"}

# Review x02-r16 (Q6 not verified by the reviewer; run by the fixer): narwhals' Series.rank on a pandas Series runs
# pandas' rank (NDFrame.rank), which the guard names, so it fails both cells with the shortcut message; checked with
# roc_auc_score, mannwhitneyu and pd.Series.rank above. The hand routes the question allows (np.unique average
# ranks, np.searchsorted, a loop over pairs, a crosstab of value counts) pass both cells.
SHORTCUTS["membership_auc"].update({
    "narwhals Series.rank (pandas' rank underneath) and the rank-sum formula (review x02-r16)": '''
def membership_auc(values, is_member):
    import narwhals as nw
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    r = nw.from_native(pd.Series(v), series_only=True).rank(method="average").to_numpy()
''' + _RANK_SUM,
})

# Fresh review x02-r20 S1, D1, D2 (question 7): the rule "not the same word for all four" read every key of the dict and
# counted a blank as a word of its own, so a constant guess earned 0.75 of 2 when dressed with an extra key ("E") or one
# scenario left blank, and "every harm allocation" earned less than the same answer with one scenario blank. The rule
# now reads the graded scenarios A-D only and is visible (it needs no key): no harm fits three of the four scenarios,
# and no source does, so a word given to three or more of them earns none of their cells. A word given to one or two
# scenarios is graded on its own: the one word changed in a constant guess earns its own cell when it is the right
# reading. Review x02-r23 D1: a blank or an unlisted word is no word (it used to count as possibly the repeated word,
# so an honest blank cost correct cells of other scenarios, 1.0 point where a wrong word cost 0.5); the rule counts
# the words given only, which still catches a constant guess with a blank (three words given).
_X02R20_Q7 = {
    "a constant guess with an extra key E (fresh review x02-r20 S1)": (
        '{**{k: "allocation" for k in "ABCD"}, "E": "-"}', '{**{k: "aggregation" for k in "ABCD"}, "E": "-"}',
        "'allocation' given to 4 of the four scenarios", "'aggregation' given to 4 of the four scenarios",
        "'allocation' given to 4 of the four scenarios", "'aggregation' given to 4 of the four scenarios"),
    "a constant guess with scenario D blank (fresh review x02-r20 S1)": (
        '{**{k: "allocation" for k in "ABC"}, "D": None}', '{**{k: "measurement" for k in "ABC"}, "D": None}',
        "'allocation' given to 3 of the four scenarios", "'measurement' given to 3 of the four scenarios", "HARM['D']",
        "SOURCE['D']"),
    "a constant guess with one word changed to a wrong one (fresh review x02-r20 S1)": (
        '{**{k: "allocation" for k in "ABC"}, "D": "quality-of-service"}',
        '{**{k: "aggregation" for k in "ABC"}, "D": "evaluation"}',
        "'allocation' given to 3 of the four scenarios", "'aggregation' given to 3 of the four scenarios",
        "the harm in scenario D", "the source in scenario D"),
    "a constant guess with one word changed to one not listed (fresh review x02-r20 S1)": (
        '{**{k: "allocation" for k in "ABC"}, "D": "Allocation"}', '{**{k: "historical" for k in "ABC"}, "D": "-"}',
        "'allocation' given to 3 of the four scenarios", "'historical' given to 3 of the four scenarios",
        "HARM['D']", "SOURCE['D']"),
}
for _label, (_harm, _source, _harm_says, _source_says, _harm_d, _source_d) in _X02R20_Q7.items():
    MUTANTS["harm_and_source"][_label] = (f"HARM = {_harm}\nSOURCE = {_source}\n"
                                          "PRACTICE = {'harm': None, 'source': None}\n"
                                          "PRACTICE_F = {'harm': None, 'source': None}\n")
    FAILS["harm_and_source"][_label] = {
        **{f"test_harm_and_source_harm_{k}": _harm_says for k in "ABC"}, "test_harm_and_source_harm_D": _harm_d,
        **{f"test_harm_and_source_source_{k}": _source_says for k in "ABC"}, "test_harm_and_source_source_D": _source_d}
# The one word changed, when it is the right reading, earns its own cell and no other.
MUTANTS["harm_and_source"]["a constant guess with one word changed to the right one (fresh review x02-r20 S1)"] = \
    """
HARM = {**{k: "allocation" for k in "ABC"}, "D": "representational"}
SOURCE = {**{k: "aggregation" for k in "ABC"}, "D": "historical"}
"""
FAILS["harm_and_source"]["a constant guess with one word changed to the right one (fresh review x02-r20 S1)"] = {
    **{f"test_harm_and_source_harm_{k}": "'allocation' given to 3 of the four scenarios" for k in "ABC"},
    **{f"test_harm_and_source_source_{k}": "'aggregation' given to 3 of the four scenarios" for k in "ABC"}}
# D1: the "every harm is allocation" reading with one scenario (B, the writing aid) read otherwise earns nothing for
# the three scenarios it gives "allocation", as the reading of all four does; the one read otherwise is graded.
FAILS["harm_and_source"]["captions-like tool called an allocation harm"] = {
    f"test_harm_and_source_harm_{k}": "'allocation' given to 3 of the four scenarios" for k in "ABC"}
# The honest misreadings the review ran lose their own cell only (B read as representational; A's source historical).
MUTANTS["harm_and_source"]["the writing aid read as representational (fresh review x02-r20)"] = """
HARM = {'A': 'allocation', 'B': 'representational', 'C': 'allocation', 'D': 'representational'}
SOURCE = {'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': 'historical'}
"""
FAILS["harm_and_source"]["the writing aid read as representational (fresh review x02-r20)"] = {
    "test_harm_and_source_harm_B": "the harm in scenario B"}
FAILS["harm_and_source"]["biased label called historical bias"] = {
    "test_harm_and_source_source_A": "the source in scenario A", "test_harm_and_source_source_D": "the source in scenario D"}

# Fresh review x02-r20 S2 (question 4): the missing-group cell checked only that the answer agrees on the table with
# None/NaN groups and on the same rows with their group written "nan", so a fixed dict passed it (0.5). The cell now
# also requires a different result when only the rows without a group change (two wrong ones right, the right one
# wrong): whatever the rules for the other keys, an answer that counts those rows changes.
_FIXED_DICT = "a fixed dict whatever the table (fresh review x02-r20 S2)"
_LEFT_OUT = "rows without a group left out, and a group written 'nan' too (sweep of fresh review x02-r20 S2)"
MUTANTS["accuracy_hides_gap"].update({
    _FIXED_DICT: '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    return {"overall_accuracy": 0.5, "worst_group": "nan", "worst_accuracy": 0.5, "gap": 0.0}
''',
    _LEFT_OUT: '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    keep = ~(df[group_col].isna() | (df[group_col].astype(str) == "nan"))
    part = df[keep]
    correct = (part[label_col].to_numpy() == part[pred_col].to_numpy()).astype(float)
    by_group = pd.Series(correct).groupby(part[group_col].astype(str).to_numpy()).mean()
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
''',
})
FAILS["accuracy_hides_gap"].update({
    _FIXED_DICT: {"test_accuracy_hides_gap_overall": "overall accuracy", "test_accuracy_hides_gap_worst": "worst_group",
                  _Q4_MISSING: "the same result on both tables"},
    _LEFT_OUT: {_Q4_MISSING: "a different result: those rows count"},
})

# Review x02-r23 D1: the reading of A-C with scenario D left blank (or given a word not listed) loses D's two cells
# only; the blank used to count as possibly "allocation", the word of A and C, and cost their harm cells too.
for _label, _d in (("the reference with scenario D blank (review x02-r23 D1)", None),
                   ("the reference with scenario D given a word not listed (review x02-r23 D1)", "-")):
    MUTANTS["harm_and_source"][_label] = (
        f"HARM = {{'A': 'allocation', 'B': 'quality-of-service', 'C': 'allocation', 'D': {_d!r}}}\n"
        f"SOURCE = {{'A': 'measurement', 'B': 'representation', 'C': 'aggregation', 'D': {_d!r}}}\n"
        "PRACTICE = {'harm': 'allocation', 'source': 'evaluation'}\n"
        "PRACTICE_F = {'harm': 'representational', 'source': 'measurement'}\n")
    FAILS["harm_and_source"][_label] = {"test_harm_and_source_harm_D": "HARM['D']",
                                        "test_harm_and_source_source_D": "SOURCE['D']"}

"""Plausible wrong answers to exercise 04; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

#: Question 8(b) with the factors applied to (add/remove, replace-one) ε.
_TOTAL = '''
def replace_one_total(releases):
    total = 0.0
    for r in releases:
        if r["relation"] == "add/remove":
            total += %s * r["epsilon"]
        elif r["relation"] == "replace-one":
            total += %s * r["epsilon"]
        else:
            raise ValueError("unknown relation")
    return float(total)
'''

#: Question 1(a) with a wrong k (a statement run first, the expression for k); the rows follow k, from class
#: sizes counted right (in people), since review x04-r19 D3 grades the rows against the answer's own k.
_K = '''
def smallest_class(df, quasi_identifiers, person=None):
    %s
    who = range(len(df)) if person is None else df[person].to_numpy()
    size = df.assign(_who=who).groupby(list(quasi_identifiers), observed=True, dropna=False)["_who"].transform("nunique")
    k = %s
    return k, list(df.index[(size == k).to_numpy()])
'''
#: Question 1(a) with the right k (in people) and wrong rows (an expression of `size`, `k` and `df`).
_KR = '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = range(len(df)) if person is None else df[person].to_numpy()
    size = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    k = int(size.min())
    return %s
'''
#: Question 1(b) with a wrong unique share (an expression of the class sizes); the rows are right.
_U = '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    sizes = df.groupby(qi, observed=True, dropna=False).size()
    per_row = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    return float(%s), list(df.index[(per_row == 1).to_numpy()])
'''
_U_DROPNA = '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    kept = df.groupby(qi, observed=True).size()
    per_row = df.groupby(qi, observed=True)[qi[0]].transform("size")
    return float((kept == 1).sum() / len(df)), list(df.index[(per_row == 1).to_numpy()])
'''
_U_ROWS = _U
#: Question 1(b) with the right share and wrong rows (an expression of `per_row` and `df`).
_UR = '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    per_row = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    return float((per_row == 1).mean()), %s
'''
#: The reviewer's route (review x04-r3), done as a trainee would: the library functions' source
#: text pasted into the answer cell, each function with one no-op statement (``_pad = 0``) so that
#: no exact fingerprint matches (the guard's near-copy rule, since review x02-r11 S1, may still refuse
#: it as an edited copy: test_pasted_copies accepts that or a ✗), the relative import made absolute. The text is taken from the library
#: when this file loads (so it follows the library), but the cell it makes is self-contained: it
#: reads no file and imports nothing from ``responsible_ml.privacy``.
def _pasted(module, header, *names, rename=None):
    import ast
    import importlib
    import inspect

    rename = rename or {}
    lib = importlib.import_module(f"responsible_ml.privacy.{module}")
    parts = [header.strip("\n")]
    for name in names:
        tree = ast.parse(inspect.getsource(getattr(lib, name)))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                node.name = rename.get(node.name, node.name)
                has_doc = isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
                node.body.insert(1 if has_doc else 0, ast.parse("_pad = 0").body[0])
        parts.append(ast.unparse(tree))
    return "\n\n\n".join(parts) + "\n\n\n"


_PASTED_REIDENTIFY = _pasted("_reidentify", '''
from collections.abc import Iterable

import numpy as np
import pandas as pd

from responsible_ml._validation import check_columns, check_frame, check_integer, check_nonempty_list

_NO_QUASI_IDENTIFIERS = "quasi_identifiers must name at least one column, got {value!r}"
''', "_check_qi", "_codes", "class_sizes", "uniqueness", "k_anonymity", "suppress_small_classes")
_RR_HEADER = '''
import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from responsible_ml._validation import check_binary, check_probability, check_real

_EMPTY_RESPONSES = "{name} is empty: there are no responses to estimate from"
'''
_PASTED_RR = _pasted("_randomised_response", _RR_HEADER, "_check_design", "RateEstimate", "estimate_rate",
                     "randomised_response_epsilon")
#: The library's estimate_rate pasted under another name, for an answer that wraps it.
_PASTED_RR_RENAMED = _pasted("_randomised_response", _RR_HEADER, "_check_design", "RateEstimate", "estimate_rate",
                             rename={"estimate_rate": "_pasted_estimate_rate"})
#: Question 3's cap, checked right, so that each mutant below fails for its own mistake.
_CAP = '''
def _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed):
    qi = list(quasi_identifiers)
    sizes = coarsen(df).groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    if (sizes < k).sum() > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")


'''
#: Question 3 with the suppression right (people counted) and the cap replaced (a condition).
_SUP = '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    who = range(len(df)) if person is None else df[person].to_numpy()
    sizes = coarse.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    if %s:
        raise ValueError("too many rows to suppress")
    return coarse[(sizes >= k).to_numpy()]
'''
#: Question 2 dropping the listed columns only.
_GEN = '''
def generalise(df):
    out = df.drop(columns=%s)
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 9).astype(str)).where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
'''
#: Question 4 with (sensitivity expression, noise expression, statistic); `c` is the clipped array. Since
#: review x04-r14 S2 a learner may have up to `per_learner` values: each sensitivity below is per learner.
_SUM = '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    s = %s
    rng = np.random.default_rng(seed)
    return float(%s + %s)
'''
_STAT, _NOISE = "c.sum()", "rng.laplace(0.0, s / epsilon)"
_OK = "per_learner * max(abs(lower), abs(upper))"
#: Question 6(a) and (b) with one formula replaced.
_RN = '''
def respondents_needed(p_truth, max_se):
    return %s
'''
_AE = '''
def answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1):
    yy, yn = p_yes_if_yes, p_yes_if_no
    return %s
'''
_MP = '''
def more_private(designs):
    return %s
'''

MUTANTS = {
    'smallest_class': {
        'mean class size (k)': _K % ('None', 'int(round(df.groupby(list(quasi_identifiers), observed=True).size().mean()))'),
        'number of classes (k)': _K % ('None', 'int(df.groupby(list(quasi_identifiers), observed=True).ngroups)'),
        'largest class (k)': _K % ('None', 'int(df.groupby(list(quasi_identifiers), observed=True).size().max())'),
        'observed=False (empty classes) (k)': _K % ('None', 'int(df.groupby(list(quasi_identifiers), observed=False).size().min())'),
        'only the first quasi-identifier (k)': _K % ('None', 'int(df.groupby(list(quasi_identifiers)[0], observed=True).size().min())'),
        'share of unique rows (k)': _K % ('s = df.groupby(list(quasi_identifiers), observed=True).size(); None', 'int((s == 1).sum())'),
        "missing values dropped (groupby default dropna=True) (k)": _K % (
            'None', 'int(df.assign(_w=who).groupby(list(quasi_identifiers), observed=True)["_w"].nunique().min())'),
        "missing values filled with a shared placeholder then dropped (k)": _K % ('None', 'int(df.dropna(subset=list(quasi_identifiers)).groupby(list(quasi_identifiers), observed=True).size().min())'),
        "off by one (k - 1 'others') (k)": _K % ('None', 'int(df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().min()) - 1'),
        "median class size (k)": _K % ('None', 'int(df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().median())'),
        "returns a NumPy integer (k)": _K % ('None', 'df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().min()'),
        "quasi-identifiers given to groupby as they come (a tuple is one key) (k)": _K % (
            'None', 'int(df.groupby(quasi_identifiers, observed=True, dropna=False).size().min())'),
        "dropna left at its default for k and the rows": '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    size = df.groupby(qi, observed=True)[qi[0]].transform("size")
    k = int(size.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
        "rows as positions, not labels": _KR % "k, [i for i in range(len(df)) if size.iloc[i] == k]",
        "rows of the unique learners, not of the smallest class": _KR % "k, list(df.index[(size == 1).to_numpy()])",
        "rows sorted by label, not in df's order": _KR % "k, sorted(df.index[(size == k).to_numpy()])",
        "rows of the first smallest class only": _KR % "k, list(df.index[(size == k).to_numpy()])[:k]",
        "k alone (what k_anonymity returns)": _KR % "k",
        "rows as a boolean mask": _KR % "k, list(size == k)",
        # review x04-r3 S1: the library's source pasted with a no-op edit; k_anonymity gives k, not the rows
        "library k_anonymity pasted and edited": _PASTED_REIDENTIFY + '''
def smallest_class(df, quasi_identifiers, person=None):
    return k_anonymity(df, list(quasi_identifiers))
''',
        "library k_anonymity pasted and edited, rows from the labels of a class of size k found by hand": _PASTED_REIDENTIFY + '''
def smallest_class(df, quasi_identifiers, person=None):
    k = k_anonymity(df, list(quasi_identifiers))
    return k, list(range(k))
''',
        # review x04-r7 S1: the reviewer's route, the library's class_sizes pasted with a no-op edit (it
        # counts rows); it got all three points while k counted rows as the library does
        "library class_sizes pasted and edited, k and rows from it (rows, not people)": _PASTED_REIDENTIFY + '''
def smallest_class(df, quasi_identifiers, person=None):
    size = class_sizes(df, list(quasi_identifiers))
    k = int(size.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
        "k counts rows, not people (groupby size)": '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    size = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    k = int(size.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
    },
    'unique_learners': {
        # review x04-r7 S1, as above
        "library class_sizes pasted and edited, share and rows from it (rows, not people)": _PASTED_REIDENTIFY + '''
def unique_learners(df, quasi_identifiers, person=None):
    size = class_sizes(df, list(quasi_identifiers))
    return float((size == 1).mean()), list(df.index[(size == 1).to_numpy()])
''',
        "people per class right, share over rows, not people": '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = range(len(df)) if person is None else df[person].to_numpy()
    n = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    return float((n == 1).mean()), list(df.index[(n == 1).to_numpy()])
''',
        'unique share of classes, not of learners': _U % '(sizes == 1).mean()',
        'number of unique learners, not their share': _U % '(sizes == 1).sum()',
        'unique share with missing values dropped (dropna=True)': _U_DROPNA,
        'share of learners in classes smaller than 5': _U_ROWS % '(per_row < 5).mean()',
        'share of learners who are NOT unique': _U % '1 - (sizes == 1).sum() / len(df)',
        'unique share over the classes of size 1 or 2': _U % '(sizes <= 2).sum() / len(df)',
        "rows as positions, not labels": _UR % "[i for i in range(len(df)) if per_row.iloc[i] == 1]",
        "rows of the learners who are NOT unique": _UR % "list(df.index[(per_row > 1).to_numpy()])",
        "rows sorted by label": _UR % "sorted(df.index[(per_row == 1).to_numpy()])",
        "quasi-identifiers given to groupby as they come (a tuple is one key)": '''
def unique_learners(df, quasi_identifiers, person=None):
    per_row = df.groupby(quasi_identifiers, observed=True, dropna=False)[list(quasi_identifiers)[0]].transform("size")
    return float((per_row == 1).mean()), list(df.index[(per_row == 1).to_numpy()])
''',
        # review x04-r3 S1: the library's source pasted with a no-op edit; uniqueness gives the share alone
        "library uniqueness pasted and edited": _PASTED_REIDENTIFY + '''
def unique_learners(df, quasi_identifiers, person=None):
    return uniqueness(df, list(quasi_identifiers))
''',
    },
    'generalise': {
        "district_deprivation kept (a quasi-identifier left in: k = 1 on it)": '''
def generalise(df):
    out = df.drop(columns=["enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'band end off by one (20-30)': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 10).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'no top band': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    out["age"] = low.astype(str) + "-" + (low + 9).astype(str)
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'top band from 61 (> 60)': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'modifies the input': '''
def generalise(df):
    del df["district_deprivation"]
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    df["age"] = bands.where(df["age"] < 60, "60+")
    df["district"] = df["district"].astype(str).map(REGIONS)
    return df
''',
        'rounds age to nearest 10': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] / 10).round().astype(int) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'districts kept': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    return out
''',
        "band end = start + 10": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 10).astype(str)).where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        "60 kept in the 60-69 band (< vs <=)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 9).astype(str)).where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        "forum_posts kept (anyone on the forum can count posts)": _GEN % '["district_deprivation", "enrol_month"]',
        "enrol_month kept (known to fellow learners)": _GEN % '["district_deprivation", "forum_posts"]',
        "only district_deprivation dropped": _GEN % '["district_deprivation"]',
        "age and district moved to the end (column order)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts", "age", "district"])
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 9).astype(str)).where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
    },
    'make_k_anonymous': {
        "generalised quasi-identifiers copied onto df (district_deprivation comes back)": _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    coarse = coarsen(df)
    out = df.copy()
    for col in quasi_identifiers:
        out[col] = coarse[col]
    sizes = out.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return out[sizes >= k]
''',
        'drops classes of exactly k (<= k)': _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes > k]
''',
        'suppresses without generalising': _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    sizes = df.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return df[sizes >= k]
''',
        'returns generalised raw rows (no suppression)': _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    return coarsen(df)
''',
        'ignores k (always 5)': _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes >= 5]
''',
        "missing values dropped when counting classes": _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes >= k]
''',
        "> k instead of >= k": _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return coarse[sizes > k]
''',
        "classes counted before generalising": _CAP + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    _cap_check(df, quasi_identifiers, k, coarsen, max_suppressed)
    sizes = df.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return coarsen(df)[sizes >= k]
''',
        "no cap (the library's suppress_small_classes)": _SUP % "False",
        "cap reached raises (>= instead of >)": _SUP % "(sizes < k).sum() >= max_suppressed * len(df)",
        "cap on the share of classes suppressed, not of rows": _SUP % (
            "(coarse.groupby(qi, observed=True, dropna=False).size() < k).mean() > max_suppressed"),
        "cap on the rows kept, not suppressed": _SUP % "(sizes >= k).sum() > max_suppressed * len(df)",
        "cap as a number of rows, not a share": _SUP % "(sizes < k).sum() > max_suppressed",
        # review x04-r7 S1 (kind): the library's suppress_small_classes pasted and edited, the cap written by
        # hand: it counts rows, not people
        "library suppress_small_classes pasted and edited, with the cap (rows, not people)": _PASTED_REIDENTIFY + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    coarse = coarsen(df)
    kept = suppress_small_classes(coarse, list(quasi_identifiers), k)
    if len(coarse) - len(kept) > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")
    return kept
''',
        # review x04-r3 S2: the library's source pasted with a no-op edit; suppress_small_classes has no cap
        "library suppress_small_classes pasted and edited": _PASTED_REIDENTIFY + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    return suppress_small_classes(coarsen(df), list(quasi_identifiers), k)
''',
    },
    'laplace_sum': {
        "sensitivity |lower| (the lower bound's size)": _SUM % ("per_learner * abs(lower)", _STAT, _NOISE),
        "replace-one sensitivity (upper - lower)": _SUM % ("per_learner * (upper - lower)", _STAT, _NOISE),
        "the mean's sensitivity ((upper - lower) / n)": _SUM % ("per_learner * (upper - lower) / len(c)", _STAT, _NOISE),
        "largest |value| divided by n": _SUM % (_OK + " / len(c)", _STAT, _NOISE),
        "upper bound only, no abs (max(lower, upper))": _SUM % ("per_learner * max(lower, upper)", _STAT, _NOISE),
        "scale = sensitivity * epsilon": _SUM % (_OK, _STAT, "rng.laplace(0.0, s * epsilon)"),
        "no clipping": _SUM % (_OK, "np.asarray(values, dtype=float).sum()", _NOISE),
        "Gaussian noise, same sd": _SUM % (_OK, _STAT, "rng.normal(0.0, np.sqrt(2) * s / epsilon)"),
        # review x04-r7 D3: its median |noise| / ln 2 is 0.97 × the scale, inside the scale check's tolerance
        "Gaussian noise, sd = sensitivity / epsilon": _SUM % (_OK, _STAT, "rng.normal(0.0, s / epsilon)"),
        "unseeded noise": _SUM % (_OK, _STAT, "np.random.laplace(0.0, s / epsilon)"),
        "exponential (one-sided) noise": _SUM % (_OK, _STAT, "rng.exponential(s / epsilon)"),
        "sensitivity from the data (largest |clipped value|)": _SUM % ("per_learner * float(np.abs(c).max())", _STAT, _NOISE),
        "upper bound as the sensitivity": _SUM % ("per_learner * upper", _STAT, _NOISE),
        "mean instead of sum": _SUM % (_OK, "c.mean()", _NOISE),
        "noisy answer clipped to [n lower, n upper]": _SUM % (
            _OK, "np.clip(c.sum() + rng.laplace(0.0, s / epsilon), len(c) * lower, len(c) * upper)", "0"),
        "clipped from above only (review x04-r6 D3: a visible value is below lower)": _SUM.replace(
            "np.clip(np.asarray(values, dtype=float), lower, upper)", "np.minimum(np.asarray(values, dtype=float), upper)")
            % (_OK, _STAT, _NOISE),
        "clipped from below only": _SUM.replace(
            "np.clip(np.asarray(values, dtype=float), lower, upper)", "np.maximum(np.asarray(values, dtype=float), lower)")
            % (_OK, _STAT, _NOISE),
        "always raises ValueError (passes a checks cell that only asks for errors)": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    raise ValueError("bad arguments")
''',
        "no validation": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(c.sum() + rng.laplace(0.0, per_learner * max(abs(lower), abs(upper)) / abs(epsilon + 1e-9)))
''',
        "validation lower > upper only (equal bounds pass)": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower > upper:
        raise ValueError("bad arguments")
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(c.sum() + rng.laplace(0.0, per_learner * max(abs(lower), abs(upper)) / epsilon))
''',
        "an AssertionError instead of a ValueError": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    assert epsilon > 0 and lower < upper, "bad arguments"
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(c.sum() + rng.laplace(0.0, per_learner * max(abs(lower), abs(upper)) / epsilon))
''',
        "diffprivlib's sum": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    from diffprivlib.tools import sum as dp_sum
    return float(dp_sum(np.asarray(values, dtype=float), epsilon=epsilon / per_learner, bounds=(lower, upper), random_state=seed))
''',
    },
    'estimate_rate': {
        # review x04-r3 S3: the library's source pasted with a no-op edit; it takes the answers, not counts
        "library estimate_rate pasted and edited (takes the answers, returns a RateEstimate)": _PASTED_RR,
        "library estimate_rate pasted and edited, fed rebuilt answers (no count check)": _PASTED_RR_RENAMED + '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    answers = [1] * int(max(n_yes, 0)) + [0] * int(max(n - n_yes, 0))
    out = _pasted_estimate_rate(answers or [0], p_truth=p_truth, p_forced_yes=p_forced_yes)
    return float(out.estimate), float(out.standard_error)
''',
        # review x04-r7 S1 (kind): the library's estimate_rate pasted, the two probabilities turned into a
        # forced-response design, the counts checked: the library's design cannot have P(yes | yes) < P(yes | no)
        "library estimate_rate pasted and edited, design converted, counts checked": _PASTED_RR_RENAMED + '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    p_truth = p_yes_if_yes - p_yes_if_no
    out = _pasted_estimate_rate([1] * int(n_yes) + [0] * int(n - n_yes) or [0], p_truth=p_truth,
                                p_forced_yes=p_yes_if_no / (1 - p_truth))
    return float(out.estimate), float(out.standard_error)
''',
        "SE divided by the signed difference (negative in Warner's design)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    lam = n_yes / n
    d = p_yes_if_yes - p_yes_if_no
    return float((lam - p_yes_if_no) / d), float(np.sqrt(lam * (1 - lam) / n) / d)
''',
        "only n_yes > n checked (review x04-r6 D4: the visible checks now test all three)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n_yes > n:
        raise ValueError("more yes than answers")
    lam = n_yes / n
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / n) / p_truth)
''',
        "always raises ValueError (passes a checks cell that only asks for errors)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    raise ValueError("bad counts")
''',
        "n_yes = n refused (< instead of <=)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes < n:
        raise ValueError("bad counts")
    lam = n_yes / n
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / n) / abs(p_truth))
''',
        # review x04-r7 D2: this also cost the estimate's hidden checks (0 of 4 and 7 of 7 "yes")
        "0 and n 'yes' refused (not 0 < n_yes < n)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 < n_yes < n:
        raise ValueError("bad counts")
    lam = n_yes / n
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / n) / abs(p_truth))
''',
        "counts not checked": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    lam = n_yes / n
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / n) / p_truth)
''',
        'raw share of yes': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = observed
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'ignores p_forced_yes (uses 0.5)': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * 0.5) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'divides by (1 - p_truth)': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / (1 - p_truth)
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'subtracts p_truth * q': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - p_truth * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'clips the estimate': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = min(1.0, max(0.0, (observed - (1 - p_truth) * p_forced_yes) / p_truth))
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'SE without / p_truth': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r))
    return float(estimate), float(se)
''',
        'SE from the estimate': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(estimate * (1 - estimate) / len(r)) / p_truth if 0 <= estimate <= 1 else 0.0
    return float(estimate), float(se)
''',
        'SE with n - 1': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / (len(r) - 1)) / p_truth
    return float(estimate), float(se)
''',
        'SE divided by p_truth squared': '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth ** 2
    return float(estimate), float(se)
''',
        "p_forced_yes not weighted by (1 - p_truth)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    return float((lam - p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / len(r)) / p_truth)
''',
        "estimate clipped to [0, 1]": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    est = (lam - (1 - p_truth) * p_forced_yes) / p_truth
    return float(min(max(est, 0.0), 1.0)), float(np.sqrt(lam * (1 - lam) / len(r)) / p_truth)
''',
        "SE not divided by p_truth": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / len(r)))
''',
    },
    "respondents_needed": {
        "n rounded down": _RN % "int(0.25 / (max_se * p_truth) ** 2)",
        "SE not divided by p_truth": _RN % "int(np.ceil(0.25 / max_se ** 2))",
        "variance <= max_se instead of SE": _RN % "int(np.ceil(0.25 / (max_se * p_truth ** 2)))",
        "p_truth not squared": _RN % "int(np.ceil(0.25 / (max_se ** 2 * p_truth)))",
        "rounded to the nearest": _RN % "int(round(0.25 / (max_se * p_truth) ** 2))",
        "the lesson's number copied": _RN % "1112",
        "rounded up as int(x) + 1 (one too many when the bound is whole)": _RN % "int(0.25 / (max_se * p_truth) ** 2) + 1",
    },
    "answer_epsilon": {
        "epsilon = the ratio, not its log": _AE % "rounds * float(max(yy / yn, (1 - yn) / (1 - yy)))",
        "epsilon = log of the odds ratio": _AE % "rounds * float(np.log(yy / yn * (1 - yn) / (1 - yy)))",
        "epsilon from the 'yes' answer only": _AE % "rounds * float(np.log(yy / yn))",
        "ln((1 + p) / (1 - p)) of P(yes | yes)": _AE % "rounds * float(np.log((1 + yy) / (1 - yy)))",
        "epsilon from the 'no' answer only": _AE % "rounds * float(np.log((1 - yn) / (1 - yy)))",
        "one order only (no ratio read the other way round)": _AE % "rounds * float(np.log(max(yy / yn, (1 - yn) / (1 - yy))))",
        "the probabilities read as a design (p_truth, p_forced_yes)": _AE % (
            "rounds * float(np.log(max((yy + (1 - yy) * yn) / ((1 - yy) * yn), "
            "(1 - (1 - yy) * yn) / (1 - yy - (1 - yy) * yn))))"),
        # review x04-r3 S4: the library's source pasted with a no-op edit; its function takes a design
        "library randomised_response_epsilon pasted and edited": _PASTED_RR + '''
def answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1):
    return float(rounds * randomised_response_epsilon(p_yes_if_yes, p_yes_if_no))
''',
        "the lesson's ln 3": _AE % "rounds * float(np.log(3))",
        "rounds ignored (one answer only)": _AE % "float(np.log(max(yy / yn, (1 - yn) / (1 - yy))))",
        "rounds multiplies the ratio, not the log": _AE % "float(np.log(rounds * max(yy / yn, (1 - yn) / (1 - yy))))",
    },
    "more_private": {
        "the fewest truthful answers (smallest p_truth)": _MP % "min(designs, key=lambda k: designs[k][0])",
        "the most truthful answers called more private": _MP % "max(designs, key=lambda k: designs[k][0])",
        "the 'yes' ratio only": _MP % ("min(designs, key=lambda k: (designs[k][0] + (1 - designs[k][0]) * designs[k][1])"
                                       " / ((1 - designs[k][0]) * designs[k][1]))"),
        "the largest epsilon": _MP % ("max(designs, key=lambda k: answer_epsilon(designs[k][0] + (1 - designs[k][0]) "
                                      "* designs[k][1], (1 - designs[k][0]) * designs[k][1]))"),
        "the design passed to answer_epsilon as if it were the two probabilities": _MP % (
            "min(designs, key=lambda k: answer_epsilon(*designs[k]))"),
        "the platform's answer hard-coded": _MP % '"0.6"',
        "a fair forced coin first, then the lowest p_truth (no ε computed)": _MP % (
            "min(designs, key=lambda k: (abs(designs[k][1] - 0.5), designs[k][0]))"),
        "p_truth + |p_forced_yes - 0.5| as a score (no ε computed)": _MP % (
            "min(designs, key=lambda k: designs[k][0] + abs(designs[k][1] - 0.5))"),
    },
    "epsilon_per_learner": {
        "disjoint groups charged once per group (no parallel composition)": '''
def epsilon_per_learner(releases, n_learners):
    return np.full(n_learners, float(sum(r["epsilon"] * len(r["groups"]) for r in releases)))
''',
        "overlapping groups paid once": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        inside = np.zeros(n_learners, dtype=bool)
        for g in r["groups"]:
            inside |= np.asarray(g, dtype=bool)
        total = total + r["epsilon"] * inside
    return total
''',
        "everyone pays every release (groups ignored)": '''
def epsilon_per_learner(releases, n_learners):
    return np.full(n_learners, float(sum(r["epsilon"] for r in releases)))
''',
        "max over releases instead of the sum": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        cost = np.zeros(n_learners)
        for g in r["groups"]:
            cost = cost + r["epsilon"] * np.asarray(g, dtype=bool)
        total = np.maximum(total, cost)
    return total
''',
        "the worst learner's total for everyone": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        for g in r["groups"]:
            total = total + r["epsilon"] * np.asarray(g, dtype=bool)
    return np.full(n_learners, total.max() if n_learners else 0.0)
''',
        "a group's ε shared among its members": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        for g in r["groups"]:
            g = np.asarray(g, dtype=bool)
            total = total + r["epsilon"] * g / max(int(g.sum()), 1)
    return total
''',
    },
    "replace_one_total": {
        "add/remove not doubled": _TOTAL % ("1", "1"),
        "replace-one doubled instead of add/remove": _TOTAL % ("1", "2"),
        "add/remove halved": _TOTAL % ("0.5", "1"),
        "both doubled": _TOTAL % ("2", "2"),
        "max instead of the sum": '''
def replace_one_total(releases):
    costs = []
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
        costs.append(2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"])
    return float(max(costs, default=0.0))
''',
        "any other relation treated as add/remove (no ValueError)": '''
def replace_one_total(releases):
    return float(sum(r["epsilon"] if r["relation"] == "replace-one" else 2 * r["epsilon"] for r in releases))
''',
    },
    "epsilon_promise": {
        # review x04-r7 S2: the statements matched against the lesson's words (factor e^ε, the bound
        # (e^ε − 1)/(e^ε + 1)) without converting add/remove to replace-one; this was the full answer
        "the lesson's wording matched, no conversion of the relation (a, b)": '''
PROMISED = {"a", "b"}
''',
        "only the replace-one factor (a)": '''
PROMISED = {"a"}
''',
        "the add/remove bound used for a change of value (b)": '''
PROMISED = {"b"}
''',
        # review x04-r13 M1: one statement of c and d is true, the other false; each misconception marks one
        # of them wrong. Review x04-r14 S1: c and d swapped, so c (two releases, at most 2-DP under
        # replace-one) is the false one and d (a group fact) the true one; the labels give the new letters.
        "two releases cost no more than one (composition ignored: a, c, d)": '''
PROMISED = {"a", "c", "d"}
''',
        "only c (a group fact called a broken promise, c's bound too tight, a judged false)": '''
PROMISED = {"c"}
''',
        "every statement (a to d)": '''
PROMISED = {"a", "b", "c", "d"}
''',
        "none (review x04-r6 D8: the empty set now earns half, not 0.6)": '''
PROMISED = set()
''',
        "the add/remove bound for a change of value, a replacement's e² judged false (b, d)": '''
PROMISED = {"b", "d"}
''',
    },
}


# Review x04-r4 (D4, D2, D3 and the kind S1): wrong answers the VISIBLE checks now catch too, and
# answers that read the test's own expected values or return an object that equals everything.
#: Reads ``name`` from the calling frames (the test cell's globals, or a helper's locals).
_FIND = '''
import sys


def _from_the_test(name, accept):
    frame = sys._getframe(1)
    while frame is not None:
        for scope in (frame.f_locals, frame.f_globals):
            if name in scope and accept(scope[name]):
                return scope[name]
        frame = frame.f_back
    return None


'''
MUTANTS["smallest_class"].update({
    "rows of the first smallest class only, via idxmin (review D4)": '''
def smallest_class(df, quasi_identifiers, person=None):
    codes = df.groupby(list(quasi_identifiers), observed=True, dropna=False).ngroup()
    sizes = codes.value_counts()
    return int(sizes.min()), list(df.index[(codes == sizes.idxmin()).to_numpy()])
''',
    "k as an int whose == is always True": '''
class _AnyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    size = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    return _AnyInt(0), list(df.index[(size == int(size.min())).to_numpy()])
''',
})
MUTANTS["epsilon_per_learner"].update({
    "the test's own _ref read from the caller's frame on the graded case (review S1)": _FIND + '''
def epsilon_per_learner(releases, n_learners):
    ref = (_from_the_test("_ref", lambda v: isinstance(v, list) and len(v) == n_learners)
           or _from_the_test("_t04h_ref", lambda v: isinstance(v, list) and len(v) == n_learners))
    if ref is not None:
        return np.asarray(ref, dtype=float)
    if n_learners == 300:  # the hidden case, before the test has bound its expected value
        return np.zeros(n_learners)
    total = np.zeros(n_learners)
    for release in releases:
        for group in release["groups"]:
            total = total + release["epsilon"] * np.asarray(group, dtype=bool)
    return total
''',
})
MUTANTS["more_private"].update({
    "the test's own ε of a design read from globals, else the lowest p_truth (review S1)": _FIND + '''
def more_private(designs):
    own = (_from_the_test("_design_epsilon", callable) or _from_the_test("_t04_design_epsilon", callable))
    if own is None:
        return min(designs, key=lambda k: designs[k][0])
    return min(designs, key=lambda k: own(*designs[k]))
''',
    "a name whose == is always True": '''
class _AnyName(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def more_private(designs):
    return _AnyName(next(iter(designs)))
''',
})
MUTANTS["replace_one_total"].update({
    "the test's expected total read from the cases list (review S1)": _FIND + '''
def replace_one_total(releases):
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
    cases = (_from_the_test("_cases", lambda v: isinstance(v, list) and all(isinstance(c, tuple) for c in v))
             or _from_the_test("_t04h_cases", lambda v: isinstance(v, list) and all(isinstance(c, tuple) for c in v)))
    if cases is not None:
        for given, expected in cases:
            if given == releases:
                return float(expected)
    if len(releases) == 2 and releases[0]["epsilon"] == 1.0:  # the visible case
        return 2.15
    return 0.0
''',
})
MUTANTS["make_k_anonymous"].update({
    "the cap's expected outcome read from the test's loop (review S1)": _FIND + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    sizes = coarse.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    told = _from_the_test("_raise", lambda v: isinstance(v, bool))
    if told is None:
        told = _from_the_test("_t04h_raise", lambda v: isinstance(v, bool))
    if told is not None and len(df) == 15:
        if told:
            raise ValueError("too many rows to suppress")
        return coarse[sizes >= k]
    if (sizes < k).sum() >= max_suppressed * len(df) and len(df) != 12:  # >= except on the visible toys
        raise ValueError("too many rows to suppress")
    if (sizes < k).sum() > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")
    return coarse[sizes >= k]
''',
})


SHORTCUTS = {
    "smallest_class": {
        "library class_sizes imported at the top": '''
from responsible_ml.privacy import class_sizes as _lib_sizes


def smallest_class(df, quasi_identifiers, person=None):
    size = _lib_sizes(df, list(quasi_identifiers))
    k = int(size.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
    },
    "unique_learners": {
        "library class_sizes through sys.modules": '''
import sys


def unique_learners(df, quasi_identifiers, person=None):
    size = sys.modules["responsible_ml.privacy"].class_sizes(df, list(quasi_identifiers))
    return float((size == 1).mean()), list(df.index[(size == 1).to_numpy()])
''',
    },
    "laplace_sum": {
        "diffprivlib inside the answer": MUTANTS['laplace_sum']["diffprivlib's sum"],
        "library sensitivity through importlib": '''
import importlib


def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    lib = importlib.import_module("responsible_ml.privacy._composition")
    s = per_learner * getattr(lib, "sum_sensitivity")((lower, upper), "add/remove")
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    return float(c.sum() + np.random.default_rng(seed).laplace(0.0, s / epsilon))
''',
    },
    "estimate_rate": {
        "library estimate saved before the test": '''
import responsible_ml.privacy as _p
_saved = _p.estimate_rate


def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    responses = [1] * int(n_yes) + [0] * int(n - n_yes)
    out = _saved(responses, p_truth=p_truth, p_forced_yes=p_forced_yes)
    return float(out.estimate), float(out.standard_error)
''',
    },
    "answer_epsilon": {
        "randomised_response_epsilon imported at the top": '''
from responsible_ml.privacy import randomised_response_epsilon as _rr_eps


def answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1):
    # the probabilities turned back into a forced-response design with the same two probabilities
    p_truth = p_yes_if_yes - p_yes_if_no
    return float(rounds * _rr_eps(p_truth, p_yes_if_no / (1 - p_truth)))
''',
    },
    "more_private": {
        "randomised_response_epsilon inside the answer": '''
def more_private(designs):
    from responsible_ml.privacy import randomised_response_epsilon
    return min(designs, key=lambda k: randomised_response_epsilon(*designs[k]))
''',
    },
    "epsilon_per_learner": {
        "library compose through sys.modules": '''
import sys


def epsilon_per_learner(releases, n_learners):
    compose = sys.modules["responsible_ml.privacy"].compose
    return np.array([compose([r["epsilon"] for r in releases for g in r["groups"] if bool(g[i])] or [0.0],
                             kind="sequential") for i in range(n_learners)])
''',
    },
    "replace_one_total": {
        "library compose imported at the top": '''
from responsible_ml.privacy import compose as _compose


def replace_one_total(releases):
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
    return float(_compose([2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"]
                           for r in releases] or [0.0], kind="sequential"))
''',
        "diffprivlib BudgetAccountant inside the answer": '''
def replace_one_total(releases):
    from diffprivlib import BudgetAccountant
    acc = BudgetAccountant()
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
        acc.spend(2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"], 0)
    return float(acc.total()[0])
''',
    },
}


# Review x04-r6 S1–S5 (D1): a blocked library function run from the answer's own callback inside an
# always-allowed validator (``_check_real_where``'s ``holds``, a generator given to ``check_in`` as its
# options). The guard now stops the allowed closure at the answer's own code; these must stay caught.
_VIA = '''
from responsible_ml._validation import _check_real_where as _via
from responsible_ml import privacy as _P


def _lib(call):
    box = []
    _via(1.0, "x", lambda v: box.append(call()) or True, "")
    return box[0]


'''
SHORTCUTS["smallest_class"]["class_sizes from a callback inside _check_real_where (review x04-r6 S1)"] = _VIA + '''
def smallest_class(df, quasi_identifiers, person=None):
    s = _lib(lambda: _P.class_sizes(df, list(quasi_identifiers)))
    k = int(s.min())
    return k, list(df.index[(s == k).to_numpy()])
'''
SHORTCUTS["unique_learners"]["class_sizes from a callback inside _check_real_where (review x04-r6 S2)"] = _VIA + '''
def unique_learners(df, quasi_identifiers, person=None):
    s = _lib(lambda: _P.class_sizes(df, list(quasi_identifiers)))
    return float((s == 1).mean()), list(df.index[(s == 1).to_numpy()])
'''
SHORTCUTS["unique_learners"]["class_sizes from a generator read by check_in (review x04-r6 S2)"] = '''
from responsible_ml._validation import check_in
from responsible_ml import privacy as _P


def unique_learners(df, quasi_identifiers, person=None):
    box = []

    def feed():
        box.append(_P.class_sizes(df, list(quasi_identifiers)))
        yield 0

    check_in(0, feed())
    s = box[0]
    return float((s == 1).mean()), list(df.index[(s == 1).to_numpy()])
'''
SHORTCUTS["make_k_anonymous"] = {
    "suppress_small_classes from a callback inside _check_real_where (review x04-r6 S3)": _VIA + '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    kept = _lib(lambda: _P.suppress_small_classes(coarse, qi, k))
    if len(coarse) - len(kept) > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")
    return kept
''',
}
SHORTCUTS["laplace_sum"]["sum_sensitivity and laplace_scale from a callback (review x04-r6 S4)"] = _VIA + '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    b = per_learner * _lib(lambda: _P.laplace_scale(_P.sum_sensitivity((lower, upper)), epsilon))
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    return float(c.sum() + np.random.default_rng(seed).laplace(0.0, b))
'''
SHORTCUTS["estimate_rate"]["privacy.estimate_rate from a callback (review x04-r6 S5)"] = _VIA + '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    p_truth = p_yes_if_yes - p_yes_if_no  # the forced-response design with these two probabilities
    p_forced_yes = p_yes_if_no / (1 - p_truth)
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    answers = [1] * int(n_yes) + [0] * int(n - n_yes)
    out = _lib(lambda: _P.estimate_rate(answers, p_truth=p_truth, p_forced_yes=p_forced_yes))
    return float(out.estimate), float(out.standard_error)
'''


#: Wrong answers that must cost points in ONE test cell only, with a message that names the mistake
#: (review x04-r7 D1, D2, D3, D4): ``{answer: {label: (the one test cell that fails, text its message
#: contains)}}``. Checked by tests/course/test_mutants.py on the outcomes of the shared run. Where the
#: text is a visible check's ``what``, the visible check is what catches it (it runs first).
ONE_PLACE = {
    "smallest_class": {
        "missing values dropped (groupby default dropna=True) (k)": ("test_smallest_class", "missing"),
        "dropna left at its default for k and the rows": ("test_smallest_class", "zip is missing"),
        "library class_sizes pasted and edited, k and rows from it (rows, not people)": (
            "test_smallest_class", "k of the enrolment log"),
        "k counts rows, not people (groupby size)": ("test_smallest_class", "k of the enrolment log"),
    },
    "generalise": {
        "top band from 61 (> 60)": ("test_generalise_bands", "60 is in the top band"),
        "band end off by one (20-30)": ("test_generalise_bands", "band of the first learner"),
        "forum_posts kept (anyone on the forum can count posts)": ("test_generalise", "columns of the generalised table"),
        "districts kept": ("test_generalise", "regions"),
    },
    "make_k_anonymous": {
        "> k instead of >= k": ("test_make_k_anonymous", "rows kept for k = 3"),
        "library suppress_small_classes pasted and edited, with the cap (rows, not people)": (
            "test_make_k_anonymous", "enrolment log"),
        "cap reached raises (>= instead of >)": ("test_make_k_anonymous_cap", "max_suppressed = 0.25"),
        "cap on the rows kept, not suppressed": ("test_make_k_anonymous_cap", "max_suppressed = 0.25"),
        "no cap (the library's suppress_small_classes)": ("test_make_k_anonymous_cap", "max_suppressed = 0.1"),
    },
    "laplace_sum": {
        # D1: the hidden centre check (ε = 10) failed these too
        "scale = sensitivity * epsilon": ("test_laplace_sum_scale", "scale of the noise"),
        "replace-one sensitivity (upper - lower)": ("test_laplace_sum_scale", "scale of the noise"),
        "sensitivity from the data (largest |clipped value|)": ("test_laplace_sum_scale", "scale of the noise"),
        "the mean's sensitivity ((upper - lower) / n)": ("test_laplace_sum_scale", "scale of the noise"),
        # D3: caught by the visible shape check, with its message
        "Gaussian noise, sd = sensitivity / epsilon": ("test_laplace_sum_scale", "mean |noise| / median |noise|"),
        "Gaussian noise, same sd": ("test_laplace_sum_scale", "mean |noise| / median |noise|"),
        "no clipping": ("test_laplace_sum", "centre of the private answers"),
    },
    "estimate_rate": {
        "0 and n 'yes' refused (not 0 < n_yes < n)": ("test_estimate_rate_checks", "(0, 4, 0.5, 0.0)"),
        "n_yes = n refused (< instead of <=)": ("test_estimate_rate_checks", "(7, 7, 1.0, 0.5)"),
        "SE divided by the signed difference (negative in Warner's design)": (
            "test_estimate_rate_se", "Warner's design"),

    },
}


# Review x04-r8 (M1, D3, D2, D1): each of these is one mistake, and costs one test cell only.
#: Question 3 with people counted right in the class sizes and the cap (a condition) counted in people.
_PEOPLE = "len(set(np.asarray(who)[(sizes < k).to_numpy()]))"
MUTANTS["make_k_anonymous"].update({
    # M1: every cap case had one row per person, where rows and people coincide
    "cap counted in people (people suppressed against the people of df)": _SUP % (
        f"{_PEOPLE} > max_suppressed * len(set(np.asarray(who)))"),
    "cap counted in people suppressed against the rows of df": _SUP % (f"{_PEOPLE} > max_suppressed * len(df)"),
    "cap counted in rows suppressed against the people of df": _SUP % (
        "(sizes < k).sum() > max_suppressed * len(set(np.asarray(who)))"),
    # D3: the person column read from coarsen's table (a coarsen may drop it)
    "person column read from coarsen(df), not from df": _SUP.replace("df[person].to_numpy()", "coarse[person].to_numpy()")
        % "(sizes < k).sum() > max_suppressed * len(df)",
})
MUTANTS["laplace_sum"].update({
    # D2: the bound of larger size keeps its sign (-40 for (-40, 20)): NumPy refuses the negative scale
    "sensitivity keeps the sign of the larger bound (max(lower, upper, key=abs))": _SUM % (
        "per_learner * max(lower, upper, key=abs)", _STAT, _NOISE),
    "sensitivity keeps the sign (lower if |lower| > |upper| else upper)": _SUM % (
        "per_learner * (lower if abs(lower) > abs(upper) else upper)", _STAT, _NOISE),
})
#: Question 5 with the SE taken from the estimate by a square root that fails below 0 and above 1.
_SE_FROM_ESTIMATE = '''
import math


def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    slope = p_yes_if_yes - p_yes_if_no
    estimate = (n_yes / n - p_yes_if_no) / slope
    return float(estimate), float(%s / abs(slope))
'''
MUTANTS["estimate_rate"].update({
    # D1: math.sqrt of a negative number ("math domain error") cost the estimate and the count checks too
    "SE from the estimate with math.sqrt (math domain error outside [0, 1])": _SE_FROM_ESTIMATE % (
        "math.sqrt(estimate * (1 - estimate) / n)"),
    "SE from the estimate with ** 0.5 (a complex number outside [0, 1])": _SE_FROM_ESTIMATE % (
        "(estimate * (1 - estimate) / n) ** 0.5"),
})
ONE_PLACE["make_k_anonymous"].update({
    "cap counted in people (people suppressed against the people of df)": ("test_make_k_anonymous_cap", "rows to suppress, 2 of 8 people"),
    "cap counted in people suppressed against the rows of df": ("test_make_k_anonymous_cap", "rows to suppress, 2 of 8 people"),
    "cap counted in rows suppressed against the people of df": ("test_make_k_anonymous_cap", "rows to suppress, 2 of 8 people"),
    "person column read from coarsen(df), not from df": ("test_make_k_anonymous", "a coarsen that drops the person column"),
})
ONE_PLACE["laplace_sum"].update({
    "sensitivity keeps the sign of the larger bound (max(lower, upper, key=abs))": (
        "test_laplace_sum_scale", "(valid arguments): expected a noisy sum"),
    "sensitivity keeps the sign (lower if |lower| > |upper| else upper)": ("test_laplace_sum_scale", "(valid arguments): expected a noisy sum"),
})
ONE_PLACE["estimate_rate"].update({
    "SE from the estimate with math.sqrt (math domain error outside [0, 1])": (
        "test_estimate_rate_se", "standard error from 30 of 100"),
    "SE from the estimate with ** 0.5 (a complex number outside [0, 1])": (
        "test_estimate_rate_se", "standard error from 30 of 100"),
})


# Review x04-r9 (M1, D1, D2, D3): each of these is one mistake, and costs its own part only.
MUTANTS["smallest_class"].update({
    # M1: a missing value kept as a class only when there is no person column
    "missing values kept only without a person column (k)": '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    if person is None:
        s = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    else:
        s = df.groupby(qi, observed=True)[person].transform("nunique")
    k = int(s.min())
    return k, list(df.index[(s == k).to_numpy()])
''',
})
MUTANTS["unique_learners"].update({
    # M1, as above
    "missing values kept only without a person column (share and rows)": '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    if person is None:
        s = df.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
        alone = (s == 1).to_numpy()
        return float(alone.mean()), list(df.index[alone])
    s = df.groupby(qi, observed=True)[person].transform("nunique")
    alone = (s == 1).to_numpy()
    return float(df[person][alone].nunique() / df[person].nunique()), list(df.index[alone])
''',
    # D1: the share right, the rows as positions: costs the rows cell only
    "rows as positions, share right": '''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = pd.Series(range(len(df)) if person is None else df[person].to_numpy(), index=df.index)
    n = df.assign(_w=who).groupby(qi, observed=True, dropna=False)["_w"].transform("nunique")
    alone = (n == 1).to_numpy()
    return float(who[alone].nunique() / who.nunique()), list(np.flatnonzero(alone))
''',
})
MUTANTS["make_k_anonymous"].update({
    # M1, as above
    "missing values kept only without a person column": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    if person is None:
        n = coarse.groupby(qi, observed=True, dropna=False)[qi[0]].transform("size")
    else:
        n = coarse.assign(_w=df[person].to_numpy()).groupby(qi, observed=True)["_w"].transform("nunique")
    bad = int((n < k).sum())
    if bad > max_suppressed * len(df):
        raise ValueError(f"{bad} rows")
    return coarse[(n >= k).to_numpy()]
''',
})
MUTANTS["answer_epsilon"].update({
    # D2: the ε of one answer right, the rounds forgotten: costs the rounds cell only
    "rounds ignored (composition forgotten), one answer right": _AE % (
        "float(np.log(max([yy / yn, (1 - yn) / (1 - yy), yn / yy, (1 - yy) / (1 - yn)])))"),
})
MUTANTS["generalise"].update({
    # D3: pd.cut's default right-closed bins put 20 in 10-19 and 30 in 20-29
    "pd.cut right-closed bands (20 in 10-19)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    bands = pd.cut(df["age"], bins=[0, 10, 20, 30, 40, 50, 60],
                   labels=["0-9", "10-19", "20-29", "30-39", "40-49", "50-59"])
    out["age"] = ["60+" if a >= 60 else str(b) for a, b in zip(df["age"], bands)]
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
})
ONE_PLACE["smallest_class"].update({
    "missing values kept only without a person column (k)": ("test_smallest_class", "ana's two rows have no zip"),
})
ONE_PLACE["make_k_anonymous"].update({
    "missing values kept only without a person column": ("test_make_k_anonymous", "rows have no g"),
})
ONE_PLACE["unique_learners"] = {
    "rows as positions, share right": ("test_unique_learners_rows", "labels of the unique learners in the toy table"),
}
ONE_PLACE["answer_epsilon"] = {
    "rounds ignored (composition forgotten), one answer right": ("test_answer_epsilon_rounds", "ε of three answers"),
    # the 'yes' ratio only, times rounds: one mistake in the one-answer cell (negative for some randomisers)
    "epsilon from the 'yes' answer only": ("test_answer_epsilon", "P(yes | true no) = 0.48"),
}
ONE_PLACE["generalise"].update({
    "pd.cut right-closed bands (20 in 10-19)": ("test_generalise_bands", "20 and 30 start their bands"),
})

#: ONE_PLACE in the form ``test_listed_mutants_fail_exactly_their_parts`` reads: each slip fails
#: exactly its one listed test cell, with a message containing the text given.
FAILS = {answer: {label: {cell: text} for label, (cell, text) in labels.items()}
         for answer, labels in ONE_PLACE.items()}
# Since review x02-r11 S1 the guard refuses edited copies: the pasted class_sizes / suppress_small_classes
# run the pasted _codes, refused in both cells of their question (observed in the 04 run of that change).
_EDITED_CODES = "`_codes` is not available here (your answer ran it, from an edited copy of its code)"
FAILS["smallest_class"]["library class_sizes pasted and edited, k and rows from it (rows, not people)"] = {
    "test_smallest_class": _EDITED_CODES, "test_smallest_class_rows": _EDITED_CODES}
FAILS["make_k_anonymous"]["library suppress_small_classes pasted and edited, with the cap (rows, not people)"] = {
    "test_make_k_anonymous": _EDITED_CODES, "test_make_k_anonymous_cap": _EDITED_CODES}
# Review x04-r9 M1: the one mistake is in both parts of unique_learners (the share and the rows of
# people with a missing quasi-identifier), so it costs both of its cells and nothing else.
FAILS["unique_learners"]["missing values kept only without a person column (share and rows)"] = {
    "test_unique_learners": "ana's two rows have no zip", "test_unique_learners_rows": "rows without a zip"}


# Review x04-r10 (D1, D2, S2): one slip, one part; a constant answer earns nothing on 8(c).
#: Question 1 with the rows picked by df.iloc and a boolean Series: pandas accepts that only while
#: the index labels are integers (D1: it cost the k point, at grading only).
_ILOC_ROWS = '''
def {name}(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = pd.Series(range(len(df)) if person is None else df[person].to_numpy(), index=df.index)
    people = df.assign(_w=who).groupby(qi, observed=True, dropna=False)["_w"].transform("nunique")
    {body}
'''
MUTANTS["smallest_class"].update({
    "rows picked with df.iloc and a boolean Series (integer labels only)": _ILOC_ROWS.format(
        name="smallest_class", body="k = int(people.min())\n    return k, list(df.iloc[people == k].index)"),
})
MUTANTS["unique_learners"].update({
    "rows picked with df.iloc and a boolean Series (integer labels only)": _ILOC_ROWS.format(
        name="unique_learners",
        body="alone = people == 1\n    return float(who[alone.to_numpy()].nunique() / who.nunique()), list(df.iloc[alone].index)"),
})
MUTANTS["estimate_rate"].update({
    # D1: the SE's square root fails in Warner's design; the estimate cell reads the estimate only
    "SE as math.sqrt over the square root of the signed difference (fails in Warner's design)": '''
import math


def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    lam = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    return float((lam - p_yes_if_no) / slope), float(math.sqrt(lam * (1 - lam) / n / slope) / math.sqrt(slope))
''',
})
_RELATION = '''
def replace_one_total(releases):
    total = 0.0
    for r in releases:
        name = r["relation"]
        if %s:
            total += 2 * r["epsilon"]
        elif %s:
            total += r["epsilon"]
        else:
            raise ValueError(f"unknown relation {name!r}")
    return float(total)
'''
MUTANTS["replace_one_total"].update({
    # D2: a lenient name match right on the arithmetic: costs the relation cell only
    "relation matched by its start (startswith)": _RELATION % ('str(name).startswith("add")', 'str(name).startswith("replace")'),
    "relation matched in any case (lower())": _RELATION % ('str(name).lower() == "add/remove"',
                                                           'str(name).lower() == "replace-one"'),
    "every relation refused (ValueError always)": '''
def replace_one_total(releases):
    raise ValueError("unknown relation")
''',
})
ONE_PLACE["smallest_class"]["rows picked with df.iloc and a boolean Series (integer labels only)"] = (
    "test_smallest_class_rows", "index labels are letters")
ONE_PLACE["unique_learners"]["rows picked with df.iloc and a boolean Series (integer labels only)"] = (
    "test_unique_learners_rows", "index labels are letters")
ONE_PLACE["estimate_rate"]["SE as math.sqrt over the square root of the signed difference (fails in Warner's design)"] = (
    "test_estimate_rate_se", "Warner's design")
ONE_PLACE["replace_one_total"] = {
    "add/remove not doubled": ("test_replace_one_total", "the report's total under replace-one"),
    "relation matched by its start (startswith)": ("test_replace_one_total_relation", "'add-one'"),
    "relation matched in any case (lower())": ("test_replace_one_total_relation", "'Replace-One'"),
    "any other relation treated as add/remove (no ValueError)": ("test_replace_one_total_relation", "'swap-two'"),
}
ONE_PLACE["epsilon_promise"] = {
    # one wrong judgement of four (review x04-r18: graded four together, 0.5 for three right, 0.5 for four):
    # the all-four cell only
    "two releases cost no more than one (composition ignored: a, c, d)": ("test_epsilon_promise_all", "statement c"),
    "only the replace-one factor (a)": ("test_epsilon_promise_all", "statement d"),
}
FAILS.update({answer: {label: {cell: text} for label, (cell, text) in ONE_PLACE[answer].items()}
              for answer in ("replace_one_total", "epsilon_promise")})
for _answer, _label in (("smallest_class", "rows picked with df.iloc and a boolean Series (integer labels only)"),
                        ("unique_learners", "rows picked with df.iloc and a boolean Series (integer labels only)"),
                        ("estimate_rate", "SE as math.sqrt over the square root of the signed difference (fails in Warner's design)")):
    _cell, _text = ONE_PLACE[_answer][_label]
    FAILS[_answer][_label] = {_cell: _text}
# S2: a constant answer has two of the four judgements right: both cells fail (review x04-r18).
FAILS["epsilon_promise"]["none (review x04-r6 D8: the empty set now earns half, not 0.6)"] = {
    "test_epsilon_promise_three": "statement a and of statement d", "test_epsilon_promise_all": "statement a and of statement d"}
# (review x04-r13 M1) replace-one taken for add/remove: b and d judged true, one wrong mark in each pair
FAILS["epsilon_promise"]["every statement (a to d)"] = {
    "test_epsilon_promise_three": "statement b and of statement c", "test_epsilon_promise_all": "statement b and of statement c"}
# "every relation refused" costs the total cell (no total) and the relation cell (the known ones refused).
FAILS["replace_one_total"]["every relation refused (ValueError always)"] = {
    "test_replace_one_total": "ValueError", "test_replace_one_total_relation": "'add/remove' and 'replace-one'"}
MUTANTS["generalise"].update({
    # D1 kind in Q2: bands written cell by cell with positions as labels; the hidden cells' string
    # labels used to be the only ones, so this passed both visible cells and failed both hidden ones
    "bands written cell by cell with positions as labels (out.loc[i, 'age'])": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    out["district"] = df["district"].astype(str).map(REGIONS)
    out["age"] = out["age"].astype(object)
    for i in range(len(df)):
        a = int(df["age"].iloc[i])
        out.loc[i, "age"] = "60+" if a >= 60 else f"{a // 10 * 10}-{a // 10 * 10 + 9}"
    return out
''',
})
# Since review x04-r13 D1 it costs the table cell only (the index is graded there; the bands cell's
# tables are labelled 0, 1, ..., so the right bands earn the bands point).
FAILS["generalise"]["bands written cell by cell with positions as labels (out.loc[i, 'age'])"] = {
    "test_generalise": "index labels are letters"}
# Review x04-r10 S1 (kept, a recorded decision): answer_epsilon as any constant × rounds passes the
# rounds cell, since rounds are graded against the trainee's own ε of one answer (so a wrong ε costs
# only the one-answer cell). Asking the rounds cell for a design-dependent ε would grade the one-answer
# part twice (the cascade D1 forbids); the constant fails the one-answer cell.


# Review x04-r11 (D1, D2, D3, S1, S2): each fix proved by a message or an outcome that the old notebook fails.
MUTANTS["estimate_rate"].update({
    # D1: a whole-number check on the counts (isinstance int) is the checks cell's choice; with one slip in
    # the SE it must cost the SE cell only (NumPy integer counts in the estimate cell cost it that point too)
    "counts checked as Python ints, SE divided by the signed difference": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if not isinstance(n_yes, int) or not isinstance(n, int):
        raise ValueError("counts must be whole numbers")
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    lam = n_yes / n
    d = p_yes_if_yes - p_yes_if_no
    return float((lam - p_yes_if_no) / d), float(np.sqrt(lam * (1 - lam) / n) / d)
''',
})
MUTANTS["replace_one_total"].update({
    # D1 kind in Q8(b): a relation is a string; a TypeError for a non-string one is the answer's choice
    "relations checked as strings (TypeError otherwise), add/remove not doubled": '''
def replace_one_total(releases):
    total = 0.0
    for r in releases:
        name = r["relation"]
        if not isinstance(name, str):
            raise TypeError("a relation is a string")
        if name not in ("add/remove", "replace-one"):
            raise ValueError(f"unknown relation {name!r}")
        total += r["epsilon"]
    return float(total)
''',
})
FAILS["estimate_rate"]["counts checked as Python ints, SE divided by the signed difference"] = {
    "test_estimate_rate_se": "Warner's design"}
FAILS["replace_one_total"]["relations checked as strings (TypeError otherwise), add/remove not doubled"] = {
    "test_replace_one_total": "the report's total under replace-one"}
# D2: the cells name every wrong judgement, not the first one only (two wrong: both cells fail, review x04-r18).
FAILS["epsilon_promise"]["the add/remove bound for a change of value, a replacement's e² judged false (b, d)"] = {
    "test_epsilon_promise_three": "statement a and of statement b", "test_epsilon_promise_all": "statement a and of statement b"}
# (The key before review x04-r13, {"a", "c"} in today's letters, is the practice's pattern: review x04-r14 S1 below.)
# D3, S1, S2: the outcomes record a message's first line only (not its hint), so the hints' new
# wording and the absence of the old one are checked in tests/course/test_04_statements.py.
# Review x04-r11 S2 (a recorded decision, kept): the lesson's section 4 teaches the sum's sensitivity under
# both relations, max(|lower|, |upper|) under add/remove and upper - lower under replace-one (Near & Abuah;
# Dwork & Roth 2014, Def. 3.1 and Thm 3.6); the exercise applies the rule to declared bounds of either sign.
# No bounds make the add/remove answer differ from that formula, and a replace-one case is stated word for
# word in the lesson too, so neither would add a step the lesson does not state. What changed: no hint or
# message gives the rule any more (test_04_statements); they ask how far one learner's clipped value moves the sum.


# Review x04-r12 (S1, D1, D2): each fix proved by a mutant that the old notebook let through or charged twice.
MUTANTS["answer_epsilon"].update({
    # S1: a constant per answer, times rounds, passed the rounds cell (measured against the answer's own ε)
    "a constant ε per answer (rounds itself), review x04-r12 S1": _AE % "float(rounds)",
    # ... while a real but wrong ε (here negative) still costs the one-answer cell only
    "every ratio read upside down (a negative ε), rounds right": _AE % (
        "rounds * float(-np.log(max(yy / yn, (1 - yn) / (1 - yy), yn / yy, (1 - yy) / (1 - yn))))"),
})
MUTANTS["estimate_rate"].update({
    # D1: right in every part, but an estimate outside [0, 1] refused: it cost the SE and checks cells too
    "estimate outside [0, 1] refused with ValueError (review x04-r12 D1)": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    lam = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    estimate = (lam - p_yes_if_no) / slope
    if not 0 <= estimate <= 1:
        raise ValueError("estimate outside [0, 1]: bad survey")
    return float(estimate), float(np.sqrt(lam * (1 - lam) / n) / abs(slope))
''',
})
MUTANTS["make_k_anonymous"].update({
    # D2: the suppression right, the cap counted in df's classes (before coarsen): it passed every visible cell
    "cap counted before coarsening (in df's classes), review x04-r12 D2": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    who = range(len(df)) if person is None else df[person].to_numpy()
    sizes = coarse.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    before = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    if (before < k).sum() > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")
    return coarse[(sizes >= k).to_numpy()]
''',
})
FAILS["answer_epsilon"]["a constant ε per answer (rounds itself), review x04-r12 S1"] = {
    "test_answer_epsilon": "P(yes | true no) = 0.48", "test_answer_epsilon_rounds": "two randomisers"}
FAILS["answer_epsilon"]["every ratio read upside down (a negative ε), rounds right"] = {
    "test_answer_epsilon": "P(yes | true no) = 0.48"}
FAILS["estimate_rate"]["estimate outside [0, 1] refused with ValueError (review x04-r12 D1)"] = {
    "test_estimate_rate": "estimate from 5 % yes"}
FAILS["make_k_anonymous"]["cap counted before coarsening (in df's classes), review x04-r12 D2"] = {
    "test_make_k_anonymous_cap": "10-year bands"}
#: Right answers that must earn full marks (tests/course/test_04_statements.py). Review x04-r12: the question
#: asks for an integer, and a NumPy integer is one (it cost all 1.5 points of respondents_needed).
ACCEPTED = {
    "respondents_needed": {
        "a NumPy integer (np.int64)": _RN % "np.ceil(0.25 / (max_se * p_truth) ** 2 - 1e-9).astype(np.int64)",
        "math.ceil without a tolerance (the whole-number bounds are exact)": (
            "import math\n" + _RN % "math.ceil(0.25 / (max_se * p_truth) ** 2)"),
    },
}



# Review x04-r13 (D1, D2, D3, M1): one slip costs its own part, with a message that names its cause.
#: A column built as a Series with its own index 0, 1, ... and assigned by label (NaN where df's labels differ).
_WHO_MISALIGNED = "pd.Series(range(len(df))) if person is None else df[person]"
MUTANTS["generalise"].update({
    # D1: a band Series built without df's index passed the table cell and cost the bands cell (NaN bands)
    "bands as a Series without df's index (pd.Series(list): NaN bands on other labels)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    ages = [("60+" if a >= 60 else f"{int(a) // 10 * 10}-{int(a) // 10 * 10 + 9}") for a in df["age"]]
    out["age"] = pd.Series(ages)
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
    # D1 (hint names the cause): pd.cut bins that start at 20 give NaN to 18 and 19
    "pd.cut bins from 20 (no band, NaN, for 18 and 19)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    bands = pd.cut(df["age"], bins=[20, 30, 40, 50, 60], right=False, labels=["20-29", "30-39", "40-49", "50-59"])
    out["age"] = ["60+" if a >= 60 else b for a, b in zip(df["age"], bands)]
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
})
MUTANTS["smallest_class"].update({
    # D1 kind in Q1: the same index mistake cost the k cell and the rows cell; the k cell is label-free now
    "person ids as a Series without df's index (NaN on other labels)": f'''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = {_WHO_MISALIGNED}
    people = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    k = int(people.min())
    return k, list(df.index[(people == k).to_numpy()])
''',
})
MUTANTS["unique_learners"].update({
    "person ids as a Series without df's index (NaN on other labels)": f'''
def unique_learners(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = {_WHO_MISALIGNED}
    people = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    alone = (people == 1).to_numpy()
    return float(who[alone].nunique() / who.nunique()), list(df.index[alone])
''',
})
MUTANTS["make_k_anonymous"].update({
    # D1 kind in Q3: this passed both cells (every table was labelled 0, 1, ... or had a person column)
    "person ids as a Series without df's index (NaN on other labels)": f'''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    who = {_WHO_MISALIGNED}
    people = coarse.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    n_suppressed = int((people < k).sum())
    if n_suppressed > max_suppressed * len(df):
        raise ValueError(f"k = {{k}} needs {{n_suppressed}} rows suppressed")
    return coarse[(people >= k).to_numpy()]
''',
})
FAILS["generalise"]["bands as a Series without df's index (pd.Series(list): NaN bands on other labels)"] = {
    "test_generalise": "labelled u to z"}
FAILS["generalise"]["pd.cut bins from 20 (no band, NaN, for 18 and 19)"] = {"test_generalise_bands": "none missing"}
FAILS["smallest_class"]["person ids as a Series without df's index (NaN on other labels)"] = {
    "test_smallest_class_rows": "labelled 100 to 113"}
FAILS["unique_learners"]["person ids as a Series without df's index (NaN on other labels)"] = {
    "test_unique_learners_rows": "labelled 10 to 16"}
FAILS["make_k_anonymous"]["person ids as a Series without df's index (NaN on other labels)"] = {
    "test_make_k_anonymous": "labelled a to l"}
# D2: respondents_needed in two parts; int(x) + 1 (right formula, one too many at a whole-number bound)
# costs the exact-bound cell only, rounding to the nearest the other cell only.
FAILS["respondents_needed"] = {
    "rounded up as int(x) + 1 (one too many when the bound is whole)": {"test_respondents_needed_exact": "exactly 256"},
    "rounded to the nearest": {"test_respondents_needed": "434.03"},
}
# M1: 8(c) statement c is true and d false ("at most 2-DP under replace-one" for two releases): believing
# that two releases cost no more than one, or that replace-one costs what add/remove does, marks d wrong.
FAILS["epsilon_promise"]["only c (a group fact called a broken promise, c's bound too tight, a judged false)"] = {
    "test_epsilon_promise_three": "statement a and of statement c and of statement d", "test_epsilon_promise_all": "statement a and of statement c and of statement d"}
# D3: right answers with NumPy scalar types earn full marks (tests/course/test_04_statements.py).
ACCEPTED["smallest_class"] = {
    "k as a NumPy integer (people.min(), no int(...))": '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = range(len(df)) if person is None else df[person].to_numpy()
    people = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    k = people.min()
    return k, list(df.index[(people == k).to_numpy()])
''',
}
ACCEPTED["laplace_sum"] = {
    "the noisy sum as a NumPy float32": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return np.float32(c.sum() + rng.laplace(0.0, per_learner * max(abs(lower), abs(upper)) / epsilon))
''',
}



# Review x04-r14 (S1, S2, M1, D1, D2, D3): each wrong answer below costs its own part only.
MUTANTS["epsilon_promise"].update({
    # S1: the worked practice's pattern (p and r true, q and s false) copied onto a to d; one pair is right.
    # It is also the key before review x04-r13 (a group fact called a broken promise, the composition bound too tight).
    "the practice's pattern copied (p, r true: a, c), review x04-r14 S1": '''
PROMISED = {"a", "c"}  # the positions of the worked p and r
''',
})
# Review x04-r18 S1: the pattern earned the a/b pair cell; graded four together it has two judgements right
# (c and d wrong) and earns nothing.
FAILS["epsilon_promise"]["the practice's pattern copied (p, r true: a, c), review x04-r14 S1"] = {
    "test_epsilon_promise_three": "statement c and of statement d", "test_epsilon_promise_all": "statement c and of statement d"}
MUTANTS["epsilon_promise"].update({
    # Review x04-r18 S2: "the longest statement of each pair is true" (b and d are the longer of a/b and c/d);
    # it earned the c/d pair cell. Also the practice's pattern turned around.
    "the longest statement of each pair (b, d), review x04-r18 S2": '''
PROMISED = {"b", "d"}  # the longer of a and b, the longer of c and d
''',
})
FAILS["epsilon_promise"]["the longest statement of each pair (b, d), review x04-r18 S2"] = {
    "test_epsilon_promise_three": "statement a and of statement b", "test_epsilon_promise_all": "statement a and of statement b"}
MUTANTS["laplace_sum"].update({
    # S2: the lesson's one-value-per-person sensitivity copied (per_learner ignored)
    "per_learner ignored (the lesson's one-value sensitivity copied), review x04-r14 S2": _SUM % (
        "max(abs(lower), abs(upper))", _STAT, _NOISE),
    # S2: plausible wrong derivations: a learner's total spans [m lower, m upper], its width taken; noise
    # that grows like a standard deviation (√m); ε multiplied by m instead of the sensitivity
    "per_learner times the width (per_learner * (upper - lower)), review x04-r14 S2": _SUM % (
        "per_learner * (upper - lower)", _STAT, _NOISE),
    "the square root of per_learner (sqrt(per_learner) * max), review x04-r14 S2": _SUM % (
        "per_learner ** 0.5 * max(abs(lower), abs(upper))", _STAT, _NOISE),
    "divided by per_learner (max / per_learner), review x04-r14 S2": _SUM % (
        "max(abs(lower), abs(upper)) / per_learner", _STAT, _NOISE),
    # M1: "a total of gains >= 0 cannot be negative": the noisy sum clipped at 0 (post-processing, biased)
    "noisy sum clipped at 0 when lower >= 0, review x04-r14 M1": _SUM % (
        _OK, "max(c.sum() + rng.laplace(0.0, s / epsilon), 0.0) if lower >= 0 else c.sum() + rng.laplace(0.0, s / epsilon)", "0"),
    "noisy sum clipped at 0 from above when upper <= 0, review x04-r14 M1": _SUM % (
        _OK, "min(c.sum() + rng.laplace(0.0, s / epsilon), 0.0) if upper <= 0 else c.sum() + rng.laplace(0.0, s / epsilon)", "0"),
    "noisy sum clipped at 0 on both sides (the reviewer's L_clip0), review x04-r14 M1": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    c = np.clip(np.asarray(values, dtype=float), lower, upper)
    out = c.sum() + np.random.default_rng(seed).laplace(0.0, per_learner * max(abs(lower), abs(upper)) / epsilon)
    if lower >= 0:
        out = max(out, 0.0)
    if upper <= 0:
        out = min(out, 0.0)
    return float(out)
''',
})
for _label in ("per_learner ignored (the lesson's one-value sensitivity copied), review x04-r14 S2",
               "per_learner times the width (per_learner * (upper - lower)), review x04-r14 S2",
               "the square root of per_learner (sqrt(per_learner) * max), review x04-r14 S2",
               "divided by per_learner (max / per_learner), review x04-r14 S2"):
    FAILS["laplace_sum"][_label] = {"test_laplace_sum_scale": "scale of the noise"}
FAILS["laplace_sum"]["noisy sum clipped at 0 when lower >= 0, review x04-r14 M1"] = {
    "test_laplace_sum_unclipped": "at the lower bound 0 (true sum 0)"}
FAILS["laplace_sum"]["noisy sum clipped at 0 from above when upper <= 0, review x04-r14 M1"] = {
    "test_laplace_sum_unclipped": "at the upper bound 0 (true sum 0)"}
FAILS["laplace_sum"]["noisy sum clipped at 0 on both sides (the reviewer's L_clip0), review x04-r14 M1"] = {
    "test_laplace_sum_unclipped": "at the lower bound 0 (true sum 0)"}
MUTANTS["estimate_rate"].update({
    # M1 kind in Q5: the estimate clipped at 1 only passed every visible check (only 0 was probed)
    "estimate clipped at 1 only (min(estimate, 1)), review x04-r14 M1": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    lam = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    return float(min((lam - p_yes_if_no) / slope, 1.0)), float(np.sqrt(lam * (1 - lam) / n) / abs(slope))
''',
})
FAILS["estimate_rate"]["estimate clipped at 1 only (min(estimate, 1)), review x04-r14 M1"] = {
    "test_estimate_rate": "above 1"}
MUTANTS["unique_learners"].update({
    # D1: people counted right, the tuple given to groupby as it comes: it cost the rows cell too (hidden)
    "people counted, quasi-identifiers given as they come (a tuple is one key), review x04-r14 D1": '''
def unique_learners(df, quasi_identifiers, person=None):
    who = pd.Series(range(len(df)) if person is None else df[person].to_numpy(), index=df.index)
    people = df.assign(_who=who).groupby(quasi_identifiers, observed=True, dropna=False)["_who"].transform("nunique")
    alone = (people == 1).to_numpy()
    return float(who[alone].nunique() / who.nunique()), list(df.index[alone])
''',
})
FAILS["unique_learners"]["people counted, quasi-identifiers given as they come (a tuple is one key), review x04-r14 D1"] = {
    "test_unique_learners": "given as a tuple"}
MUTANTS["epsilon_per_learner"].update({
    # D3: a sum over the releases is the number 0 when there is none: it crashed the hidden test's own code
    "the number 0 for no release (a sum over nothing), review x04-r14 D3": '''
def epsilon_per_learner(releases, n_learners):
    return sum(r["epsilon"] * np.sum(np.asarray(r["groups"], dtype=float), axis=0) for r in releases)
''',
})
FAILS["epsilon_per_learner"] = {
    "the number 0 for no release (a sum over nothing), review x04-r14 D3": {"test_epsilon_per_learner": "no release"}}
# D2: "pd.cut bins from 20 (no band, NaN, for 18 and 19)" (review x04-r13) now fails the VISIBLE bands check
# (ages 18 and 19 are in its edge table): tests/course/test_04_statements.py.



# Review x04-r15 (D1, D2): right answers that must earn every point of their question.
#: D1: the kept columns listed by name (release's columns), and district read through the `.cat` accessor: both
#: right on any table with release's columns; the test tables had neither the other columns nor a categorical district.
ACCEPTED["generalise"] = {
    "kept columns listed by name (release's columns, in order), review x04-r15 D1": '''
def generalise(df):
    keep = ["age", "gender", "district", "background", "prior_courses", "hours_per_week", "quiz_avg", "device",
            "completed"]
    out = df[keep].copy()
    out["age"] = ["60+" if a >= 60 else f"{int(a) // 10 * 10}-{int(a) // 10 * 10 + 9}" for a in df["age"]]
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
    "district read through .cat (categories mapped, taken by code), review x04-r15 D1": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation", "enrol_month", "forum_posts"])
    out["age"] = ["60+" if a >= 60 else f"{int(a) // 10 * 10}-{int(a) // 10 * 10 + 9}" for a in df["age"]]
    out["district"] = list(df["district"].cat.categories.map(REGIONS)[df["district"].cat.codes])
    return out
''',
}
#: D2: a later answer that calls an earlier question's function, as the question text invites; the test lends a
#: correct earlier function, so these pass whatever the trainee's earlier answer is (tests/course/test_04_statements.py
#: also runs them with a wrong and a blank earlier answer).
ACCEPTED["respondents_needed"]["question 5's standard error reused through estimate_rate, review x04-r15 D2"] = '''
def respondents_needed(p_truth, max_se):
    # one respondent in two saying yes: the standard error at an observed share of 0.5 for n = 2, scaled by sqrt(2 / n)
    _, se_two = estimate_rate(1, 2, p_truth + (1 - p_truth) * 0.5, (1 - p_truth) * 0.5)
    return int(np.ceil(2 * (se_two / max_se) ** 2 - 1e-9))
'''
ACCEPTED["make_k_anonymous"] = {
    "classes sized with question 1's smallest_class, suppressed one at a time, review x04-r15 D2": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    coarse = coarsen(df)
    if person is not None:
        coarse = coarse.assign(_who=df[person].to_numpy())
    kept = coarse
    while len(kept):
        smallest, rows = smallest_class(kept, quasi_identifiers, None if person is None else "_who")
        if smallest >= k:
            break
        kept = kept.drop(index=rows)
    n_suppressed = len(coarse) - len(kept)
    if n_suppressed > max_suppressed * len(df):
        raise ValueError(f"k = {k} needs {n_suppressed} rows suppressed")
    return kept.drop(columns=["_who"]) if person is not None else kept
''',
}
#: D2: the earlier answers the accepted answers above are run with (a wrong one and a blank one each).
EARLIER_WRONG = {
    "respondents_needed": {
        "estimate_rate with SE / slope squared": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    observed = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    return float((observed - p_yes_if_no) / slope), float(np.sqrt(observed * (1 - observed) / n) / slope ** 2)
''',
        "estimate_rate blank": '''
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    raise NotImplementedError()
''',
    },
    "make_k_anonymous": {
        "smallest_class counting rows": '''
def smallest_class(df, quasi_identifiers, person=None):
    size = df.groupby(list(quasi_identifiers), observed=True, dropna=False)[list(quasi_identifiers)[0]].transform("size")
    k = int(size.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
        "smallest_class blank": '''
def smallest_class(df, quasi_identifiers, person=None):
    raise NotImplementedError()
''',
    },
}
EARLIER_ANSWER = {"respondents_needed": "estimate_rate", "make_k_anonymous": "smallest_class"}
# Review x04-r22 D1: more_private calls answer_epsilon as the question says; its visible check, which runs the
# trainee's own answer_epsilon, says "not checked yet" (and blames neither) when that one is wrong.
ACCEPTED.setdefault("more_private", {})["the reference: answer_epsilon of each design's two probabilities, review x04-r15 D2"] = \
    _MP % ("min(designs, key=lambda k: answer_epsilon(designs[k][0] + (1 - designs[k][0]) * designs[k][1], "
           "(1 - designs[k][0]) * designs[k][1]))")
EARLIER_WRONG["more_private"] = {
    "answer_epsilon from the 'yes' ratio only": _AE % "rounds * float(np.log(yy / yn))",
    "answer_epsilon blank": """
def answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1):
    raise NotImplementedError()
""",
}
EARLIER_ANSWER["more_private"] = "answer_epsilon"
# Review x04-r22 D1: a later answer that is wrong itself while it calls a right earlier one is still blamed.
MUTANTS["respondents_needed"]["estimate_rate's standard error reused without the slope (review x04-r22 D1)"] = '''
def respondents_needed(p_truth, max_se):
    _, se_two = estimate_rate(1, 2, 0.75, 0.25)  # a fixed design: the slope of this p_truth is lost
    return int(np.ceil(2 * (se_two * 0.5 / max_se) ** 2 - 1e-9))
'''
# Wrong at p_truth = 0.5 too (64 for 256); since review x04-r26 D2 the whole-number cell judges the rounding against
# the answer's own formula (its bound 64 is met by 64 people), so it costs the number cell only.
FAILS["respondents_needed"]["estimate_rate's standard error reused without the slope (review x04-r22 D1)"] = {
    "test_respondents_needed": "SE <= 0.045 with p_truth = 0.5"}
# Review x04-r17 D1: at p_truth = 0.5 the visible cases could not tell p_truth from 1 - p_truth or 2p(1 - p);
# a visible case at p_truth = 0.8 now does.
MUTANTS["respondents_needed"].update({
    "SE divided by 1 - p_truth (review x04-r17 D1)": _RN % "int(np.ceil(0.25 / (max_se * (1 - p_truth)) ** 2 - 1e-9))",
    "SE divided by 2 p_truth (1 - p_truth) (review x04-r17 D1)": _RN % (
        "int(np.ceil(0.25 / (max_se * 2 * p_truth * (1 - p_truth)) ** 2 - 1e-9))"),
})
FAILS["respondents_needed"]["SE divided by 1 - p_truth (review x04-r17 D1)"] = {"test_respondents_needed": "p_truth = 0.8"}
FAILS["respondents_needed"]["SE divided by 2 p_truth (1 - p_truth) (review x04-r17 D1)"] = {
    "test_respondents_needed": "p_truth = 0.8"}
# Review x04-r17 D2: suppression AND cap both counted in df's classes (before coarsening). The suppression cell
# charges the suppression; the cap is right for the rows this answer suppresses, so the cap cell passes.
MUTANTS["make_k_anonymous"]["suppression and cap both in df's classes (review x04-r17 D2)"] = '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    qi = list(quasi_identifiers)
    coarse = coarsen(df)
    who = range(len(df)) if person is None else df[person].to_numpy()
    before = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"].transform("nunique")
    if (before < k).sum() > max_suppressed * len(df):
        raise ValueError("too many rows to suppress")
    return coarse[(before >= k).to_numpy()]
'''
FAILS["make_k_anonymous"]["suppression and cap both in df's classes (review x04-r17 D2)"] = {
    "test_make_k_anonymous": "rows kept"}


# Review x04-r18 (D1, D2, D3): one slip in laplace_sum costs its own cell only.
MUTANTS["laplace_sum"].update({
    # D1: the values clipped right, the scale far too large; the centre cell judged the clipping by the median of
    # the answers within 6, so these lost the clipping point too (the scale cell grades them)
    "the range of the sum as the sensitivity (n (upper - lower)), review x04-r18 D1": _SUM % (
        "len(c) * (upper - lower)", _STAT, _NOISE),
    "epsilon split over the n values, the width as the sensitivity, review x04-r18 D1": _SUM % (
        "upper - lower", _STAT, "rng.laplace(0.0, s / (epsilon / len(c)))"),
    # D2: everything right but the form: a one-element array; it cost the scale and unclipped cells a TypeError
    "a one-element array instead of a float (size=1), review x04-r18 D2": '''
def laplace_sum(values, lower, upper, epsilon, seed=0, per_learner=1):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    s = np.clip(np.asarray(values, dtype=float), lower, upper).sum()
    b = per_learner * max(abs(lower), abs(upper)) / epsilon
    rng = np.random.default_rng(seed)
    return s + rng.laplace(0, b, size=1)
''',
    # D3: the seed forgotten, the sensitivity right; the scale cell's same-seed pairs blamed the sensitivity
    "np.random.default_rng() without the seed, review x04-r18 D3": _SUM % (
        _OK, _STAT, "np.random.default_rng().laplace(0.0, s / epsilon)"),
})
for _label in ("the range of the sum as the sensitivity (n (upper - lower)), review x04-r18 D1",
               "epsilon split over the n values, the width as the sensitivity, review x04-r18 D1"):
    FAILS["laplace_sum"][_label] = {"test_laplace_sum_scale": "scale of the noise"}
FAILS["laplace_sum"]["a one-element array instead of a float (size=1), review x04-r18 D2"] = {
    "test_laplace_sum": "laplace_sum's answer: expected a float"}
FAILS["laplace_sum"]["np.random.default_rng() without the seed, review x04-r18 D3"] = {
    "test_laplace_sum": "same seed, same answer"}
FAILS["laplace_sum"]["unseeded noise"] = {"test_laplace_sum": "same seed, same answer"}


# Review x04-r19 (M1, D1, D2, D3).
# D3: the rows of 1(a) are judged against the answer's own k, on enrolment logs too (a person column, missing
# values), so a class size counted wrong (rows for people, missing values dropped) costs both parts of 1(a), as it
# costs both parts of 1(b); a wrong k alone costs the k cell only.
FAILS["smallest_class"]["k counts rows, not people (groupby size)"] = {
    "test_smallest_class": "k of the enrolment log", "test_smallest_class_rows": "rows that set k in the enrolment log"}
FAILS["smallest_class"]["dropna left at its default for k and the rows"] = {
    "test_smallest_class": "zip is missing", "test_smallest_class_rows": "rows that set k in the enrolment log"}
FAILS["smallest_class"]["missing values kept only without a person column (k)"] = {
    "test_smallest_class": "ana's two rows have no zip", "test_smallest_class_rows": "rows have no zip"}
MUTANTS["smallest_class"].update({
    # M1: k right (in people), the rows picked by their number of ROWS == k: full marks before
    "k in people, rows of the classes with k ROWS (review x04-r19 M1)": '''
def smallest_class(df, quasi_identifiers, person=None):
    qi = list(quasi_identifiers)
    who = range(len(df)) if person is None else df[person].to_numpy()
    g = df.assign(_who=who).groupby(qi, observed=True, dropna=False)["_who"]
    people = g.transform("nunique")
    size = g.transform("size")
    k = int(people.min())
    return k, list(df.index[(size == k).to_numpy()])
''',
    # D3: a wrong k whose rows follow it costs the k cell only (the largest class, counted in people)
    "k of the largest class, its rows (review x04-r19 D3)": _K % ("None", "int(size.max())"),
    # the rows judged against the answer's own k must not let a k that is no class's size take an empty list
    "k = 0 and no rows": _KR % "0, []",
})
FAILS["smallest_class"]["k in people, rows of the classes with k ROWS (review x04-r19 M1)"] = {
    "test_smallest_class_rows": "rows that set k in the enrolment log"}
FAILS["smallest_class"]["k of the largest class, its rows (review x04-r19 D3)"] = {
    "test_smallest_class": "k of the toy table"}
FAILS["smallest_class"]["k = 0 and no rows"] = {
    "test_smallest_class": "k of the toy table", "test_smallest_class_rows": "rows that set k in the toy table"}
# D1: the suppression's `>` for `>=`, with the cap counting what that answer suppresses (consistent) or the rows
# in classes of fewer than k (the right count): the suppression cell grades it; the cap cell no longer does.
MUTANTS["make_k_anonymous"].update({
    "> k instead of >= k, the cap on the rows it suppresses (review x04-r19 D1)": _SUP.replace(
        "coarse[(sizes >= k).to_numpy()]", "coarse[(sizes > k).to_numpy()]") % "(sizes <= k).sum() > max_suppressed * len(df)",
    # a cap that needs no counting: everything suppressed, ValueError for any cap below 1 (the case exactly on the
    # cap, where every reading of the suppression agrees, is judged on the right rows)
    "everything suppressed, ValueError whenever max_suppressed < 1": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen, max_suppressed=0.05, person=None):
    if max_suppressed < 1:
        raise ValueError(f"{len(df)} rows to suppress")
    return coarsen(df).iloc[:0]
''',
})
FAILS["make_k_anonymous"]["> k instead of >= k, the cap on the rows it suppresses (review x04-r19 D1)"] = {
    "test_make_k_anonymous": "rows kept for k = 3"}
# log 2 now has 6 people (no class of exactly k = 3): 2 of its 11 rows against 0.3 × 6 people raises there
FAILS["make_k_anonymous"]["cap counted in rows suppressed against the people of df"] = {
    "test_make_k_anonymous_cap": "2 of 6 people"}
FAILS["make_k_anonymous"]["everything suppressed, ValueError whenever max_suppressed < 1"] = {
    "test_make_k_anonymous": "df is empty", "test_make_k_anonymous_cap": "exactly 3 rows"}
# D2: P(yes | true yes) taken as p_truth: it picked the expected design in both visible sets
MUTANTS["more_private"]["P(yes | true yes) taken as p_truth (review x04-r19 D2)"] = _MP % (
    "min(designs, key=lambda k: answer_epsilon(designs[k][0], (1 - designs[k][0]) * designs[k][1]))")
FAILS.setdefault("more_private", {})["P(yes | true yes) taken as p_truth (review x04-r19 D2)"] = {
    "test_more_private": "u = (0.65, 0.5)"}


# Review x04-r22 (K3): grading compares the estimate and its standard error to about 9 significant digits; the
# visible checks compared standard errors to 5 and estimates on round numbers only, so results rounded to 6
# decimals passed them and lost the points at grading. The visible checks now fail them too.
MUTANTS["estimate_rate"].update({
    "estimate rounded to 6 decimals (review x04-r22 K3)": """
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    observed = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    return round(float((observed - p_yes_if_no) / slope), 6), float(np.sqrt(observed * (1 - observed) / n) / abs(slope))
""",
    "standard error rounded to 6 decimals (review x04-r22 K3)": """
def estimate_rate(n_yes, n, p_yes_if_yes, p_yes_if_no):
    if n < 1 or not 0 <= n_yes <= n:
        raise ValueError("bad counts")
    observed = n_yes / n
    slope = p_yes_if_yes - p_yes_if_no
    return float((observed - p_yes_if_no) / slope), round(float(np.sqrt(observed * (1 - observed) / n) / abs(slope)), 6)
""",
})
FAILS["estimate_rate"]["estimate rounded to 6 decimals (review x04-r22 K3)"] = {"test_estimate_rate": "which is 2/15"}
FAILS["estimate_rate"]["standard error rounded to 6 decimals (review x04-r22 K3)"] = {
    "test_estimate_rate_se": "standard error from 30 of 100"}
# Review x04-r24 D1: the 'no' answer's ratio only, or the two log ratios added (a log odds ratio), picked the
# expected design in every visible set (each had p_forced_yes >= 0.5); the visible sets d/e and j/k/m catch them.
MUTANTS["more_private"]["the 'no' answer's ratio only (review x04-r24 D1)"] = _MP % (
    "min(designs, key=lambda k: abs(np.log((1 - (1 - designs[k][0]) * designs[k][1])"
    " / (1 - designs[k][0] - (1 - designs[k][0]) * designs[k][1]))))")
FAILS["more_private"]["the 'no' answer's ratio only (review x04-r24 D1)"] = {"test_more_private": "d = (0.3, 0.2)"}
MUTANTS["more_private"]["the two log ratios added, a log odds ratio (review x04-r24 D1)"] = _MP % (
    "min(designs, key=lambda k: abs(np.log((designs[k][0] + (1 - designs[k][0]) * designs[k][1])"
    " / ((1 - designs[k][0]) * designs[k][1]))) + abs(np.log((1 - (1 - designs[k][0]) * designs[k][1])"
    " / (1 - designs[k][0] - (1 - designs[k][0]) * designs[k][1]))))")
FAILS["more_private"]["the two log ratios added, a log odds ratio (review x04-r24 D1)"] = {"test_more_private": "d = (0.3, 0.2)"}


# Review x04-r26 (D1, D2): a cell meant for one rule was lost by an answer whose only mistake is another rule.
MUTANTS["laplace_sum"].update({
    # D1: the scale turned upside down (0.0125 at ε = 0.5, bounds (0, 40)): its answers for a true sum of 1 never
    # went below 0, and the unclipped cell called that clipping; it is the scale cell's mistake only
    "scale inverted (epsilon / sensitivity), review x04-r26 D1": _SUM % (_OK, _STAT, "rng.laplace(0.0, epsilon / s)"),
})
FAILS["laplace_sum"]["scale inverted (epsilon / sensitivity), review x04-r26 D1"] = {
    "test_laplace_sum_scale": "scale of the noise"}
# D1 kind: one-sided noise is not centred on 0 (the centre cell's hint says so); the unclipped cell, which judged a
# crossing of the true sum, charged it too. It now judges a crossing only when the answer's own noise takes both signs.
FAILS["laplace_sum"]["exponential (one-sided) noise"] = {"test_laplace_sum": "centre of the private answers"}
MUTANTS["respondents_needed"].update({
    # D2: the slope halved (the SE of the observed share over p_truth / 2): 4 times the people at every bound
    "SE divided by p_truth / 2 (review x04-r26 D2)": _RN % "int(np.ceil(0.25 / (max_se * p_truth / 2) ** 2 - 1e-9))",
})
# D2: a wrong formula with the right rounding costs the number cell only; the whole-number cell reads the answer's
# own c from two small max_se and asks for exactly its whole-number bound (64, 1024, 128 at max_se = 0.0625).
FAILS["respondents_needed"]["SE divided by p_truth / 2 (review x04-r26 D2)"] = {
    "test_respondents_needed": "expected 494, got 1976"}
FAILS["respondents_needed"]["SE not divided by p_truth"] = {"test_respondents_needed": "expected 494, got 124"}
FAILS["respondents_needed"]["p_truth not squared"] = {"test_respondents_needed": "expected 494, got 247"}

"""Exercise 02 (review x02-r8 D1): test cells bind only names that start with ``_t02_``.

The instructions promise it ("Test cells name their own variables and helpers with the prefix
`_t02_`: give yours any other name"). A test cell runs in the trainee's namespace, so a name it
binds (``shares = answer(...)``) replaced a trainee's helper of that name, and the hidden part,
run only at grading, then failed a right answer that had shown a ✓.

The static test reads every test cell (visible and hidden part) of the nbgrader source; the
dynamic one grades right answers whose helpers carry the names the test cells used to bind.
"""

from __future__ import annotations

import json
import pathlib

import pytest
from test_hidden_names import top_level_names

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"
PREFIX = "_t02_"


def _test_cells():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution"):
            yield meta["grade_id"], "".join(cell["source"])


def test_02_test_cells_bind_only_prefixed_names():
    cells = dict(_test_cells())
    assert len(cells) >= 20, sorted(cells)
    bad = {gid: sorted(n for n in top_level_names(src) if not n.startswith(PREFIX)) for gid, src in cells.items()}
    bad = {gid: names for gid, names in bad.items() if names}
    assert not bad, f"test cells bind names without the prefix {PREFIX!r} (visible or hidden part): {bad}"


#: Right answers whose own module-level helpers carry the names the test cells used to bind
#: (review x02-r8 D1: ``shares``, ``mine``, ``result``, ``example``, ``small`` ...). Question 6 counts
#: its pairs with NumPy's sort and searchsorted, which the question allows (it settles no tie).
OWN_HELPERS = {
    "group_shares": '''
def shares(df, col):
    keys = pd.Series(["nan" if pd.isna(g) else str(g) for g in df[col]], dtype=object)
    return {str(g): float(n / len(df)) for g, n in keys.value_counts().items()}


smallest = None


def group_shares(df, group_col):
    return shares(df, group_col)
''',
    "decide": '''
def mine(scores, threshold):
    return (np.asarray(scores, dtype=float) >= threshold).astype(int)


def decide(scores, threshold=0.5):
    return mine(scores, threshold)
''',
    "error_rates_by_group": '''
e = float("nan")


def small(yg, pg):
    neg, pos = yg == 0, yg == 1
    return {"count": len(yg), "accuracy": float((yg == pg).mean()),
            "fpr": float(pg[neg].mean()) if neg.any() else e,
            "fnr": float((1 - pg[pos]).mean()) if pos.any() else e}


def error_rates_by_group(df, group_col, label_col, pred_col):
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    y, p = df[label_col].to_numpy(), df[pred_col].to_numpy()
    return pd.DataFrame.from_dict({g: small(y[keys == g], p[keys == g]) for g in sorted(set(keys))}, orient="index")
''',
    "accuracy_hides_gap": '''
def result(correct, keys):
    return pd.Series(correct).groupby(keys).mean()


mixed = None


def accuracy_hides_gap(df, group_col, label_col, pred_col):
    correct = (df[label_col].to_numpy() == df[pred_col].to_numpy()).astype(float)
    keys = np.array(["nan" if pd.isna(g) else str(g) for g in df[group_col]], dtype=object)
    by_group = result(correct, keys)
    return {"overall_accuracy": float(correct.mean()), "worst_group": str(by_group.idxmin()),
            "worst_accuracy": float(by_group.min()), "gap": float(by_group.max() - by_group.min())}
''',
    "gap_or_noise": '''
mine2 = 0.04


def example(g, y, p, name, label):
    rows = (g == name) & (y == label)
    return float((p[rows] != label).mean()), int(rows.sum())


def example2(p1, n1, p2, n2):
    return float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))


def gap_or_noise(df, group_col, label_col, pred_col, group, other):
    g, y, p = df[group_col].astype(str).to_numpy(), df[label_col].to_numpy(), df[pred_col].to_numpy()
    out = {}
    for key, label in (("fnr", 1), ("fpr", 0)):
        p1, n1 = example(g, y, p, group, label)
        p2, n2 = example(g, y, p, other, label)
        se = example2(p1, n1, p2, n2)
        out[key + "_gap_se"], out[key + "_gap_real"] = se, bool(abs(p1 - p2) > 2 * se)
    f, _ = example(g, y, p, group, 1)
    out["completers_needed"] = int(np.ceil(f * (1 - f) / mine2 ** 2))
    return out
''',
    "membership_auc": '''
def tied(members, others):
    """Pairs in which the member is higher, plus half the ties, counted with NumPy's sort."""
    s = np.sort(others)
    below = np.searchsorted(s, members, side="left")
    upto = np.searchsorted(s, members, side="right")
    return float(below.sum() + 0.5 * (upto - below).sum())


def flipped(share):
    return max(share, 1 - share)


best = columns = as_ints = with_nan = None


def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    k = ~np.isnan(v)
    v, m = v[k], m[k]
    return float(flipped(tied(v[m], v[~m]) / (m.sum() * (~m).sum())))
''',
}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_02_right_answers_with_helpers_named_as_test_variables_get_full_marks():
    from responsible_ml.course import run_notebook_cells

    outcome = run_notebook_cells(NB, OWN_HELPERS)
    assert outcome and not any(outcome.values()), {t: e for t, e in outcome.items() if e}

"""No per-group rate or gap is computed outside the engine (fairness/_engine.py).

The source of lib/ is read with :mod:`ast` and four shapes of a hand computation are looked
for:

* ``gap`` — a subtraction of a minimum from a maximum (``max(x) - min(x)``,
  ``np.nanmax(...) - np.nanmin(...)``, ``s.max() - s.min()``): a gap between groups;
* ``groupby_mean`` — ``df.groupby(...)...mean()`` (or ``.agg(... "mean" ...)``): a rate per
  group;
* ``masked_mean`` — the mean of labels or decisions under a mask (``y_pred[mask].mean()``,
  ``np.mean(decisions[g == k])``): a rate of one group;
* ``bincount`` — :func:`numpy.bincount`, the engine's way of counting cells.

A hit outside the engine fails the test unless it is in :data:`ALLOWED`, each entry with the
reason it is not a per-group rate or gap.
"""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib" / "responsible_ml"
ENGINE = "fairness/_engine.py"

#: Names of label / decision arrays whose masked mean is a group rate.
OUTCOME_NAMES = {"y", "y_true", "y_pred", "pred", "preds", "predictions", "decision",
                 "decisions", "labels", "outcome", "outcomes", "completed"}
MAX_LIKE = {"max", "nanmax", "amax"}
MIN_LIKE = {"min", "nanmin", "amin"}

#: (file under lib/responsible_ml, kind) → why the hit is not a per-group rate or gap.
ALLOWED = {
    ("monitoring/_drift.py", "bincount"):
        "PSI histograms (rows per bin of a feature, per month for the monitor): bins, not groups",
    ("fairness/_mitigation.py", "bincount"):
        "reweighing weights need the counts of the (group, label) cells, not rates",
    ("plotting/_tradeoffs.py", "gap"): "axis padding: 5 % of the data range of a figure",
    ("tradeoffs/_impossibility.py", "groupby_mean"):
        "mean *score* per (group, score bin) cell, the x of a reliability plot; the observed "
        "rate of the cell comes from the engine",
    ("privacy/_reidentify.py", "bincount"):
        "size of each equivalence class (k-anonymity), not a rate",
}


def _name(node: ast.AST) -> str | None:
    """The last name of a callee: ``np.nanmax`` → "nanmax", ``s.max`` → "max"."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _chain_has_groupby(node: ast.AST) -> bool:
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Call) and _name(node) == "groupby":
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _is_outcome_subscript(node: ast.AST) -> bool:
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id in OUTCOME_NAMES)


def hand_computations(source: str) -> list[tuple[str, int]]:
    """(kind, line) of every hand computation of a rate or gap in `source`."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
            if (isinstance(node.left, ast.Call) and isinstance(node.right, ast.Call)
                    and _name(node.left) in MAX_LIKE and _name(node.right) in MIN_LIKE):
                hits.append(("gap", node.lineno))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name == "bincount":
            hits.append(("bincount", node.lineno))
        elif name == "mean" and isinstance(node.func, ast.Attribute):
            if _chain_has_groupby(node.func.value):
                hits.append(("groupby_mean", node.lineno))
            elif _is_outcome_subscript(node.func.value):
                hits.append(("masked_mean", node.lineno))
            elif node.args and _is_outcome_subscript(node.args[0]):  # np.mean(y[mask])
                hits.append(("masked_mean", node.lineno))
        elif name in ("agg", "aggregate") and _chain_has_groupby(node.func) and \
                "'mean'" in ast.unparse(node).replace('"', "'"):
            hits.append(("groupby_mean", node.lineno))
    return hits


def _library_hits() -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(LIB.rglob("*.py")):
        rel = path.relative_to(LIB).as_posix()
        if rel == ENGINE:
            continue
        for kind, line in hand_computations(path.read_text(encoding="utf-8")):
            found.setdefault((rel, kind), []).append(line)
    return found


def test_no_rate_or_gap_outside_the_engine():
    wrong = {key: lines for key, lines in _library_hits().items() if key not in ALLOWED}
    assert wrong == {}


def test_every_allowance_is_still_needed():
    assert sorted(set(ALLOWED) - set(_library_hits())) == []


def test_the_patterns_catch_the_old_hand_computations():
    # the shapes the engine replaced (monitoring/_delay, _label_free, _noise, impossibility)
    old = '''
rates = np.vstack(rates)
gap = np.nanmax(np.where(missing, 0, rates), axis=0) - np.nanmin(np.where(missing, 1, rates), axis=0)
row["est_tpr_gap"] = max(tprs) - min(tprs)
gap = tprs.max(axis=0) - tprs.min(axis=0)
out = frame.groupby(["group", "bin"]).agg(count=("y", "size"), observed_rate=("y", "mean"))
tpr = df.groupby("group")["y_pred"].mean()
rate = y_pred[groups == g].mean()
rate = np.mean(decisions[mask])
counts = np.bincount(codes * 4 + y * 2 + p)
'''
    kinds = [kind for kind, _ in hand_computations(old)]
    assert kinds.count("gap") == 3
    assert kinds.count("groupby_mean") == 2
    assert kinds.count("masked_mean") == 2
    assert kinds.count("bincount") == 1


def test_the_patterns_leave_ordinary_code_alone():
    fine = '''
spread = hi - lo
average = scores.mean()
centre = X[col].mean()
width = high.max() - low.max()
'''
    assert hand_computations(fine) == []

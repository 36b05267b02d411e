"""Paired comparisons on the same test rows, and permutation importance of feature groups.

Two models scored on the *same* learners are not independent samples: comparing their two
intervals side by side overstates the uncertainty of the change. :func:`paired_gap_change`
bootstraps the rows once per resample and recomputes both gaps on it, so the interval is that
of the change itself. :func:`grouped_permutation_importance` shuffles a group of correlated
columns together (one permutation of the rows for all of them), the usual remedy when
one-at-a-time permutation splits the credit between near-copies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame, check_in, check_integer, check_real, check_same_length
from ._common import check_features, check_fitted

__all__ = ["paired_gap_change", "grouped_permutation_importance"]

#: Rates :func:`paired_gap_change` can compare.
_GAP_RATES = ("tpr", "fpr", "selection_rate")
_NO_GROUPS = "groups must be a non-empty mapping of group name to column names; got {got!r}"
_TWO_GROUPS = "sensitive_features must hold exactly two groups for a paired gap; got {groups}"


def _rate(t: np.ndarray, p: np.ndarray, metric: str) -> np.ndarray:
    """Rate per bootstrap row of boolean matrices (resamples x rows)."""
    if metric == "tpr":
        den = t.sum(axis=-1)
        num = (t & p).sum(axis=-1)
    elif metric == "fpr":
        den = (~t).sum(axis=-1)
        num = (~t & p).sum(axis=-1)
    else:
        den = np.full(t.shape[:-1], t.shape[-1])
        num = p.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def paired_gap_change(y_true: Any, y_pred_a: Any, y_pred_b: Any, *, sensitive_features: Any,
                      metric: str = "tpr", n_boot: int = 2000, level: float = 0.95,
                      random_state: int = 0) -> pd.Series:
    """Change in a between-group gap from decisions `a` to decisions `b`, paired bootstrap.

    The gap is the first group's rate minus the second's (groups in sorted order). Both gaps are
    recomputed on each resample of the rows (drawn within each group, so both groups keep their
    sizes), and the percentile interval is that of ``gap_a - gap_b``.

    Parameters
    ----------
    y_true : array-like of 0/1
        Outcomes the rates are computed against.
    y_pred_a, y_pred_b : array-like of 0/1
        Two sets of decisions on the same rows (e.g. a model with and without a feature).
    sensitive_features : array-like
        Exactly two groups, one label per row.
    metric : {"tpr", "fpr", "selection_rate"}, default "tpr"
    n_boot : int, default 2000
        Resamples (at least 100).
    level : float, default 0.95
    random_state : int, default 0

    Returns
    -------
    pandas.Series
        ``gap_a``, ``gap_b`` (on the data as given), ``change`` (``gap_a - gap_b``), ``low``,
        ``high`` (percentile interval of the change), with ``attrs["groups"]`` the two groups
        in the order the gap subtracts them.

    Raises
    ------
    ValueError
        Mismatched lengths, an unknown metric, other than two groups, ``n_boot < 100``.

    Examples
    --------
    >>> r = paired_gap_change([1, 1, 1, 1] * 30, [1, 1, 1, 0] * 30, [1, 1, 0, 0] * 30,
    ...                       sensitive_features=["a", "a", "b", "b"] * 30, n_boot=200)
    >>> print(f"{r['change']:.2f}")
    -0.50
    """
    check_in(metric, _GAP_RATES, "metric")
    n_boot = check_integer(n_boot, "n_boot", low=100)
    level = check_real(level, "level", low=0.5, high=0.999)
    t = np.asarray(y_true).astype(bool)
    a = np.asarray(y_pred_a).astype(bool)
    b = np.asarray(y_pred_b).astype(bool)
    s = np.asarray(sensitive_features, dtype=object).astype(str)
    check_same_length(t, a, "y_true", "y_pred_a")
    check_same_length(t, b, "y_true", "y_pred_b")
    check_same_length(t, s, "y_true", "sensitive_features")
    groups = sorted(set(s))
    if len(groups) != 2:
        raise ValueError(_TWO_GROUPS.format(groups=groups))
    rng = np.random.default_rng(random_state)
    gaps, boot = {}, {}
    for name, p in (("a", a), ("b", b)):
        gaps[name] = float(np.subtract(*[_rate(t[s == g], p[s == g], metric) for g in groups]))
    index = [np.flatnonzero(s == g) for g in groups]
    draws = [idx[rng.integers(0, len(idx), (n_boot, len(idx)))] for idx in index]
    for name, p in (("a", a), ("b", b)):
        boot[name] = _rate(t[draws[0]], p[draws[0]], metric) - _rate(t[draws[1]], p[draws[1]],
                                                                         metric)
    change = boot["a"] - boot["b"]
    tail = (1 - level) / 2
    low, high = np.nanquantile(change, [tail, 1 - tail])
    out = pd.Series({"gap_a": gaps["a"], "gap_b": gaps["b"], "change": gaps["a"] - gaps["b"],
                     "low": float(low), "high": float(high)})
    out.attrs["groups"] = tuple(groups)
    return out


def grouped_permutation_importance(model: Any, X: pd.DataFrame, y: Any,
                                   groups: Mapping[str, Sequence[str]], *, n_repeats: int = 10,
                                   random_state: int = 0) -> pd.DataFrame:
    """Accuracy drop when each group of columns is shuffled together.

    Under one-at-a-time permutation, correlated columns can share their credit (shuffling one
    copy hurts little while the model still reads the other), or the credit can land on the one
    column the model uses (for trees, often the one with more distinct values, which offers more
    split points). Shuffling the group with one permutation of the
    rows measures what the model loses without all of them, and keeps the group's columns in
    their observed combinations.

    Parameters
    ----------
    model : fitted classifier with ``score``
    X : pandas.DataFrame
        Held-out rows.
    y : array-like
    groups : mapping of str to sequence of str
        Name of each group and its columns (a single column is a group of one).
    n_repeats : int, default 10
        Shuffles per group (at least 2).
    random_state : int, default 0

    Returns
    -------
    pandas.DataFrame
        ``group``, ``columns``, ``importance_mean``, ``importance_std`` (over the shuffles of
        this one data set), sorted by decreasing mean.

    Raises
    ------
    ValueError
        Unfitted model, unknown columns, mismatched lengths, empty `groups`, ``n_repeats < 2``.
    """
    check_frame(X, "X")
    check_fitted(model)
    check_same_length(X, y, "X", "y")
    n_repeats = check_integer(n_repeats, "n_repeats", low=2)
    if not isinstance(groups, Mapping) or not groups:
        raise ValueError(_NO_GROUPS.format(got=groups))
    groups = {name: check_features(X, cols) for name, cols in groups.items()}
    rng = np.random.default_rng(random_state)
    yy = np.asarray(y)
    base = model.score(X, yy)
    rows = []
    for name, cols in groups.items():
        drops = []
        for _ in range(n_repeats):
            order = rng.permutation(len(X))
            shuffled = X.copy()
            shuffled[cols] = X[cols].iloc[order].to_numpy()
            drops.append(base - model.score(shuffled, yy))
        rows.append((name, ", ".join(cols), float(np.mean(drops)), float(np.std(drops))))
    table = pd.DataFrame(rows, columns=["group", "columns", "importance_mean", "importance_std"])
    return table.sort_values("importance_mean", ascending=False, kind="stable").reset_index(
        drop=True)

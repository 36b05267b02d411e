"""A fairness gate for continuous integration: fail the build when a group gap is too big.

Use it in a project's own pytest suite::

    from responsible_ml.monitoring import assert_fair

    def test_model_is_fair_enough():
        y_pred = model.predict(X_holdout)
        assert_fair(y_holdout, y_pred, holdout["background"], metric="tpr", limit=0.10)

The gate passes when ``gap <= limit`` (a gap exactly at the limit passes) and fails closed:
when the metric cannot be computed for some group (for TPR: a group without positives in
the check data), the gate fails and says why, instead of silently ignoring that group.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import (
    check_at_least_two_groups,
    check_binary,
    check_in,
    check_no_nan,
    check_same_length,
)
from ..fairness import encode_groups, metrics_from_codes

#: Metrics the gate understands (columns of ``metrics_by_group``).
METRICS = ("tpr", "fpr", "fnr", "selection_rate", "accuracy", "precision")

__all__ = ["BAD_LIMIT", "METRICS", "GateResult", "fairness_gate", "assert_fair"]

BAD_LIMIT = "limit must be a number >= 0, got {value!r}"


@dataclass(frozen=True)
class GateResult:
    """Outcome of :func:`fairness_gate`.

    Attributes
    ----------
    passed : bool
        True when the gap is at most the limit and every group's metric is defined.
    gap : float
        Largest minus smallest per-group value of the metric (NaN if fewer than two
        groups have a defined value).
    by_group : pandas.Series
        The metric per group (NaN where undefined), indexed by group.
    message : str
        A readable verdict, used as the AssertionError text by :func:`assert_fair`.
    metric : str
        The metric checked.
    limit : float
        The limit applied.
    counts : pandas.Series
        Rows per group in the check data.
    """

    passed: bool
    gap: float
    by_group: pd.Series
    message: str
    metric: str = "tpr"
    limit: float = 0.1
    counts: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))

    def __bool__(self) -> bool:  # ``if fairness_gate(...):`` reads naturally
        return self.passed


def _check_limit(limit) -> float:
    if isinstance(limit, bool | np.bool_) or not isinstance(limit, numbers.Real):
        raise TypeError(BAD_LIMIT.format(value=limit))
    if np.isnan(limit) or limit < 0:
        raise ValueError(BAD_LIMIT.format(value=limit))
    return float(limit)


def _by_group(y_true, y_pred, groups, metric) -> tuple[pd.Series, pd.Series]:
    """Metric and row count per group, from the course's fairness slicing (lesson 03).

    Uses the bincount engine of :mod:`responsible_ml.fairness` (the same table as
    ``metrics_by_group``, without fairlearn's per-group Python calls).
    """
    table = metrics_from_codes(y_true, y_pred, encode_groups(groups), min_group_size=1)
    return table[metric].astype(float), table["count"].astype("int64")


def fairness_gate(y_true, y_pred, sensitive, *, metric: str = "tpr",
                  limit: float = 0.1) -> GateResult:
    """Check that the gap in `metric` between groups is at most `limit`.

    Parameters
    ----------
    y_true : array-like of 0/1
        True outcomes of the check data (e.g. a held-out set).
    y_pred : array-like of 0/1
        The model's decisions on the same rows.
    sensitive : array-like
        Group of each row (at least two groups, no NaN).
    metric : {"tpr", "fpr", "fnr", "selection_rate", "accuracy", "precision"}, default "tpr"
        The per-group rate compared. TPR (equal opportunity): among learners who do
        complete, the share the model selects.
    limit : float, default 0.1
        Largest acceptable ``max - min`` of the per-group values (≥ 0).

    Returns
    -------
    GateResult
        ``passed`` is True iff every group's value is defined and ``gap <= limit``.

    Raises
    ------
    ValueError
        Labels not 0/1, mismatched lengths, NaN or fewer than two groups in `sensitive`,
        unknown `metric`, negative `limit` (messages from :mod:`responsible_ml._validation`
        and :data:`BAD_LIMIT`).
    """
    check_in(metric, METRICS, "metric")
    limit = _check_limit(limit)
    yt = check_binary(y_true, "y_true")
    yp = check_binary(y_pred, "y_pred")
    check_same_length(yt, yp, "y_true", "y_pred")
    groups = sensitive.to_numpy() if isinstance(sensitive, pd.Series) else np.asarray(sensitive)
    check_same_length(yt, groups, "y_true", "sensitive")
    check_no_nan(groups, "sensitive")
    check_at_least_two_groups(groups, "sensitive")

    values, counts = _by_group(yt, yp, groups, metric)
    values.name = metric
    defined = values.dropna()
    gap = float(defined.max() - defined.min()) if len(defined) >= 2 else float("nan")
    undefined = [str(g) for g in values.index[values.isna()]]
    detail = ", ".join(
        f"{g}: {'undefined' if np.isnan(v) else f'{v:.3f}'} (n={int(counts[g])})"
        for g, v in values.items()
    )
    if undefined:
        passed = False
        message = (f"fairness gate FAILED: {metric} is undefined for group(s) "
                   f"{', '.join(undefined)} in the check data, so the gap cannot be checked "
                   f"[{detail}]")
    elif gap <= limit:
        passed = True
        message = f"fairness gate passed: {metric} gap {gap:.3f} <= limit {limit:.3f} [{detail}]"
    else:
        passed = False
        hi, lo = defined.idxmax(), defined.idxmin()
        message = (f"fairness gate FAILED: {metric} gap {gap:.3f} exceeds the limit "
                   f"{limit:.3f} (highest {hi}, lowest {lo}) [{detail}]")
    return GateResult(passed=passed, gap=gap, by_group=values, message=message, metric=metric,
                      limit=limit, counts=counts)


def assert_fair(y_true, y_pred, sensitive, *, metric: str = "tpr",
                limit: float = 0.1) -> GateResult:
    """Like :func:`fairness_gate`, but raise ``AssertionError`` when the gate fails.

    Meant for a project's pytest suite (a CI check); the error message lists every group's
    value and size.

    Returns
    -------
    GateResult
        The passing result (so a test can log it).

    Raises
    ------
    AssertionError
        With :attr:`GateResult.message` when the gate fails.
    """
    result = fairness_gate(y_true, y_pred, sensitive, metric=metric, limit=limit)
    if not result.passed:
        raise AssertionError(result.message)
    return result

"""A fairness gate for continuous integration: fail the build when a group gap is too big.

Use it in a project's own pytest suite::

    from responsible_ml.monitoring import assert_fair

    def test_model_is_fair_enough():
        y_pred = model.predict(X_holdout)
        assert_fair(y_holdout, y_pred, sensitive_features=holdout["background"],
                    metric="tpr", limit=0.10)

By default the gate compares the *point estimate* of the gap with the limit (``gap <= limit``
passes). A point estimate from a few hundred learners is noisy, so ``policy`` can instead
read the gap's 95 % interval: ``"upper"`` fails unless the upper end is within the limit
(the model must *show* that the gap is small: protects the disadvantaged group, fails more
often on small check sets), ``"lower"`` fails only when the lower end exceeds the limit (the
gap is *shown* to be too big: protects against false failures, lets a real but noisy gap
through). The gate fails closed:
when the metric cannot be computed for some group (for TPR: a group without positives in
the check data), the gate fails and says why, instead of silently ignoring that group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import (
    check_binary,
    check_in,
    check_integer,
    check_real,
    check_same_length,
    within,
)
from ..fairness import group_gap
from ..fairness._engine import GAP_METRICS, _wilson, encode_groups, group_rates

__all__ = ["fairness_gate", "assert_fair", "gate_pass_rates"]


@dataclass(frozen=True)
class GateResult:
    """Outcome of :func:`fairness_gate`.

    Attributes
    ----------
    passed : bool
        True when the gap is at most the limit and every group's metric is defined.
    gap : float
        Largest minus smallest per-group value of the metric (NaN when some group's value
        is undefined: the gate fails closed).
    low, high : float
        95 % interval of the gap (Newcombe's hybrid score interval, from the engine).
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
    low: float = float("nan")
    high: float = float("nan")

    def __bool__(self) -> bool:  # ``if fairness_gate(...):`` reads naturally
        return self.passed


_POLICIES = ("point", "upper", "lower")
_COMPARED = {"point": "gap", "upper": "upper end of the 95 % interval of the gap",
             "lower": "lower end of the 95 % interval of the gap"}


def fairness_gate(y_true, y_pred, *, sensitive_features, metric: str = "tpr",
                  limit: float = 0.1, policy: str = "point") -> GateResult:
    """Check that the gap in `metric` between groups is at most `limit`.

    Parameters
    ----------
    y_true : array-like of 0/1
        True outcomes of the check data (e.g. a held-out set).
    y_pred : array-like of 0/1
        The model's decisions on the same rows.
    sensitive_features : array-like
        Group of each row (at least two groups, no NaN).
    metric : str, default "tpr"
        One of :data:`~responsible_ml.fairness._engine.GAP_METRICS`.
        The per-group rate compared. TPR (equal opportunity): among learners who do
        complete, the share the model selects.
    limit : float, default 0.1
        Largest acceptable ``max - min`` of the per-group values (≥ 0).
    policy : {"point", "upper", "lower"}, default "point"
        What is compared with `limit`: the gap itself, the upper end of its 95 % interval
        (fail unless the data show the gap is within the limit) or the lower end (fail only
        when the data show it exceeds the limit).

    Returns
    -------
    GateResult
        ``passed`` is True iff every group's value is defined and the compared quantity
        (see `policy`) is at most `limit`.

    Raises
    ------
    ValueError
        Labels not 0/1, mismatched lengths, NaN or fewer than two groups in `sensitive`,
        unknown `metric`, negative `limit` (messages from :mod:`responsible_ml._validation`).
    """
    check_in(metric, GAP_METRICS, "metric")
    check_in(policy, _POLICIES, "policy")
    limit = check_real(limit, "limit", low=0)
    yt = check_binary(y_true, "y_true")
    yp = check_binary(y_pred, "y_pred")
    check_same_length(yt, yp, "y_true", "y_pred")
    check_same_length(yt, sensitive_features, "y_true", "sensitive_features")
    groups = encode_groups(sensitive_features)
    table = group_rates(yt, yp, groups, min_group_size=1)
    result = group_gap(table, metric, undefined="nan")  # fail closed: NaN never passes
    column = "tpr" if metric == "equalized_odds" else metric
    values = table[column].astype(float).rename(metric)
    counts = table["count"].astype("int64")
    gap = result.difference
    undefined = list(result.undefined_groups)
    # Say what each rate rests on: a TPR only on the group's positives, not its whole size.
    base = {"tpr": "positives", "fnr": "positives", "equalized_odds": "positives",
            "fpr": "negatives"}.get(metric)

    def rests_on(g):
        return f"{int(table.at[g, base])} {base} of {int(counts[g])}" if base else \
            f"n={int(counts[g])}"

    detail = ", ".join(
        f"{g}: {'undefined' if np.isnan(v) else f'{v:.3f}'} ({rests_on(g)})"
        for g, v in values.items()
    )
    if undefined:
        passed = False
        message = (f"fairness gate FAILED: {metric} is undefined for group(s) "
                   f"{', '.join(undefined)} in the check data, so the gap cannot be checked "
                   f"[{detail}]")
    else:
        compared = {"point": gap, "upper": result.high, "lower": result.low}[policy]
        what = f"{metric} gap {gap:.3f}"
        if policy != "point":
            what += (f" (95 % interval {result.low:.3f} to {result.high:.3f}; "
                     f"policy '{policy}' compares the {_COMPARED[policy]})")
        if within(compared, limit):
            passed = True
            message = f"fairness gate passed: {what} <= limit {limit:.3f} [{detail}]"
        else:
            passed = False
            hi, lo = result.max_group, result.min_group
            message = (f"fairness gate FAILED: {what} exceeds the limit "
                       f"{limit:.3f} (highest {hi}, lowest {lo}) [{detail}]")
    return GateResult(passed=passed, gap=gap, by_group=values, message=message, metric=metric,
                      limit=limit, counts=counts, low=result.low, high=result.high)


def assert_fair(y_true, y_pred, *, sensitive_features, metric: str = "tpr",
                limit: float = 0.1, policy: str = "point") -> GateResult:
    """Like :func:`fairness_gate`, but raise ``AssertionError`` when the gate fails.

    Meant for a project's pytest suite (a CI check); the error message lists every group's
    value and size.

    Parameters
    ----------
    y_true : array-like of 0/1
        True outcomes of the check data (e.g. a held-out set).
    y_pred : array-like of 0/1
        The model's decisions on the same rows.
    sensitive_features : array-like
        Group of each row (at least two groups, no NaN).
    metric : str, default "tpr"
        One of :data:`~responsible_ml.fairness._engine.GAP_METRICS`: the per-group rate compared.
    limit : float, default 0.1
        Largest acceptable ``max - min`` of the per-group values (≥ 0).
    policy : {"point", "upper", "lower"}, default "point"
        As :func:`fairness_gate`.

    Returns
    -------
    GateResult
        The passing result (so a test can log it).

    Raises
    ------
    AssertionError
        With :attr:`GateResult.message` when the gate fails.
    ValueError
        On bad input, as :func:`fairness_gate`.
    """
    result = fairness_gate(y_true, y_pred, sensitive_features=sensitive_features, metric=metric,
                           limit=limit, policy=policy)
    if not result.passed:
        raise AssertionError(result.message)
    return result


_SHAPES = "n_positives and tpr must be sequences of the same length (at least 2 groups), got {a} and {b}"


def gate_pass_rates(n_positives, tpr, *, limit: float = 0.1, draws: int = 1000,
                    random_state: int = 0) -> dict[str, float]:
    """How often the TPR gate passes, per policy, on check sets drawn from known true rates.

    Each draw gives every group ``Binomial(n_positives[g], tpr[g])`` true positives and
    applies the test of :func:`fairness_gate` (gap between the highest and lowest observed
    TPR, Newcombe's 95 % interval) under each ``policy``. Vectorised: the same verdicts as
    calling :func:`fairness_gate` once per draw, much faster.

    Parameters
    ----------
    n_positives : sequence of int
        Positives (completers) per group in a check set (each ≥ 1).
    tpr : sequence of float
        The true TPR of each group, in [0, 1].
    limit : float, default 0.1
        The gate's limit (≥ 0).
    draws : int, default 1000
        Number of simulated check sets.
    random_state : int, default 0
        Seed of the draws.

    Returns
    -------
    dict
        ``{"point": …, "upper": …, "lower": …}``: the share of draws that pass.

    Raises
    ------
    ValueError
        Mismatched or too short inputs, a rate outside [0, 1], a bad `limit` or `draws`.
    """
    n = np.asarray(n_positives, dtype=np.int64)
    rates = np.asarray(tpr, dtype=float)
    if n.ndim != 1 or rates.shape != n.shape or len(n) < 2:
        raise ValueError(_SHAPES.format(a=np.shape(n_positives), b=np.shape(tpr)))
    if (n < 1).any():
        raise ValueError(f"n_positives must all be >= 1, got {n.tolist()}")
    if not ((rates >= 0) & (rates <= 1)).all():
        raise ValueError(f"tpr must lie in [0, 1], got {rates.tolist()}")
    limit = check_real(limit, "limit", low=0)
    draws = check_integer(draws, "draws", low=1, high=10_000_000)
    rng = np.random.default_rng(random_state)
    k = rng.binomial(n, rates, size=(draws, len(n)))
    p, lo, hi = _wilson(k, np.broadcast_to(n, k.shape))
    r = np.arange(draws)
    top, bottom = np.argmax(p, axis=1), np.argmin(p, axis=1)
    p1, p2 = p[r, top], p[r, bottom]
    gap = p1 - p2
    low = np.clip(gap - np.sqrt((p1 - lo[r, top]) ** 2 + (hi[r, bottom] - p2) ** 2), -1.0, 1.0)
    high = np.clip(gap + np.sqrt((hi[r, top] - p1) ** 2 + (p2 - lo[r, bottom]) ** 2), -1.0, 1.0)
    return {"point": float(np.mean(within(gap, limit))),
            "upper": float(np.mean(within(high, limit))),
            "lower": float(np.mean(within(low, limit)))}

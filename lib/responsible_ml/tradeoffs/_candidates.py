"""Evaluate candidate operating points for the trade-off frontier.

Each candidate (a threshold, a mitigation strength, a model, a privacy budget ε) gets the
frontier's objectives: ``accuracy`` and the selection rate for everyone, and ``gap``, a
group-fairness gap. All come from the fairness engine in one pass over a matrix of decisions
(:func:`~responsible_ml.fairness._engine.group_rates` with one column per candidate,
:func:`~responsible_ml.fairness.group_gap`, fail closed on an undefined group).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_binary, check_in, check_real, check_same_length, check_scores
from ..fairness import group_gap
from ..fairness._engine import GAP_METRICS, encode_groups, group_rates, overall_rates
from ._common import _EMPTY_CANDIDATES

__all__ = [
    "evaluate_thresholds",
]

_NO_MITIGATION_GROUP = "mitigation_group is required when a mitigation strength is not 0"


def _candidate_measures(y: np.ndarray, preds: np.ndarray, groups, metric: str) -> dict:
    """Accuracy, gap and selection rate of each row of `preds` (candidates × samples).

    All three come from the engine; a group without the positives/negatives the gap needs
    raises (fail closed), naming the group.
    """
    table = group_rates(y, preds.T, groups, min_group_size=1)
    gaps = group_gap(table, metric, undefined="raise")
    overall = overall_rates(y, preds.T)
    return {"accuracy": overall["accuracy"].to_numpy(float),
            "gap": gaps["difference"].to_numpy(float),
            "selection_rate": overall["selection_rate"].to_numpy(float)}


def _check_epsilon(value, name: str) -> float:
    """ε > 0; ``math.inf`` means no privacy guarantee."""
    return check_real(value, name, low=0, closed="neither", allow_inf=True)


def evaluate_thresholds(y_true, scores, *, sensitive_features, thresholds: Sequence[float],
                        gap: str = "tpr", mitigation: Sequence[float] = (0.0,),
                        mitigation_group=None, epsilon: float = math.inf,
                        model: str = "model") -> pd.DataFrame:
    """Evaluate the operating points of one scoring model.

    A row is decided positive when ``score >= threshold``. With *mitigation strength* ``m``
    the threshold for rows of `mitigation_group` is lowered to ``threshold - m`` (a
    group-specific threshold, the post-processing idea of Hardt, Price & Srebro, 2016).

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels.
    scores : array-like of float
        Model scores (e.g. predicted probabilities), one per row.
    sensitive_features : array-like
        Group of each row (at least two groups).
    thresholds : sequence of float
        Decision thresholds to try (non-empty).
    gap : str, default "tpr"
        The fairness gap, one of :data:`responsible_ml.fairness._engine.GAP_METRICS`.
    mitigation : sequence of float, default (0.0,)
        Mitigation strengths to try (threshold reductions for `mitigation_group`).
    mitigation_group : object, optional
        The group whose threshold is lowered; required when any strength is not 0.
    epsilon : float, default inf
        Privacy budget of the model that produced the scores (``inf``: no guarantee).
    model : str, default "model"
        Model name, used in the candidate names.

    Returns
    -------
    pandas.DataFrame
        One row per (threshold, strength) with columns ``candidate`` (unique name),
        ``model``, ``threshold``, ``mitigation``, ``epsilon``, ``accuracy``, ``gap``,
        ``selection_rate``.

    Raises
    ------
    ValueError
        If `thresholds` or `mitigation` is empty (``_EMPTY_CANDIDATES``), or on bad inputs.
    """
    y = check_binary(y_true, "y_true")
    s = check_scores(scores, unit_interval=False)
    check_same_length(y, s, "y_true", "scores")
    check_same_length(y, sensitive_features, "y_true", "sensitive_features")
    check_in(gap, GAP_METRICS, "gap")
    thr = np.asarray(list(thresholds), dtype=float).ravel()
    if thr.size == 0:
        raise ValueError(_EMPTY_CANDIDATES.format(name="thresholds"))
    mit = np.asarray(list(mitigation), dtype=float).ravel()
    if mit.size == 0:
        raise ValueError(_EMPTY_CANDIDATES.format(name="mitigation"))
    epsilon = _check_epsilon(epsilon, "epsilon")
    groups = encode_groups(sensitive_features)
    if np.any(mit != 0):
        if mitigation_group is None:
            raise ValueError(_NO_MITIGATION_GROUP)
        check_in(str(mitigation_group), groups.labels, "mitigation_group")
        in_m = groups.codes == groups.labels.index(str(mitigation_group))
    else:
        in_m = np.zeros(len(y), dtype=bool)
    tt, mm = np.meshgrid(thr, mit, indexing="ij")
    tt, mm = tt.ravel(), mm.ravel()
    cut = tt[:, None] - mm[:, None] * in_m[None, :]
    preds = (s[None, :] >= cut).astype(np.int8)
    names = [f"{model} t={t:.2f}" + (f" m={m:.2f}" if mit.size > 1 or m else "")
             for t, m in zip(tt, mm, strict=True)]
    return pd.DataFrame({
        "candidate": names,
        "model": model,
        "threshold": tt,
        "mitigation": mm,
        "epsilon": epsilon,
        **_candidate_measures(y, preds, groups, gap),
    })



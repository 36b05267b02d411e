"""Label-free performance estimation from calibrated scores (the idea of NannyML's CBPE).

If a score ``p`` is *calibrated* — among learners scored ``p``, a share ``p`` completes —
then without knowing any outcome we can still *expect* the confusion matrix of a month:
a learner offered a mentor (decision 1) is a true positive with probability ``p``, a
learner not offered one is a false negative with probability ``p``. Summing gives

* expected accuracy  = mean over rows of ``d·p + (1 − d)·(1 − p)``,
* expected TPR       = ``Σ d·p / Σ p`` (within a group for the TPR by group).

This is confidence-based performance estimation (CBPE; NannyML's documentation,
*Estimating performance*). It assumes no concept drift and no shift into input regions
unseen in the reference; for calibrated scores this comes down to **the calibration learned
on the reference data still holding in production**. Under covariate shift (P(x) moves,
P(y | x) does not) that holds only if the score carries everything in x that matters for
the outcome; under concept drift, where P(y | x) itself moves, it fails: the estimate then
stays where it was while the realised performance moves.

Scores are recalibrated on the reference data first, as NannyML does, because a model's raw
scores need not be calibrated — here within each group, because the model does not see the
group and its scores are calibrated for the mix of groups it was trained on. The map is
Platt's logistic recalibration of the score's log-odds (two numbers per group), which a
reference sample of a few hundred rows can estimate without overfitting; NannyML uses
isotonic regression, which needs more reference rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from .._validation import (
    check_binary,
    check_columns,
    check_frame,
    check_integer,
    check_same_length,
)
from ..fairness import group_gap
from ..fairness._engine import GroupCodes, group_counts

__all__ = [
    "fit_calibrator",
    "estimated_measures",
]


def _logit(s):
    s = np.clip(np.asarray(s, float), 1e-6, 1 - 1e-6)
    return np.log(s / (1 - s))[:, None]


class _Platt:
    def __init__(self, scores, y):
        self.model = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(scores), y)

    def predict(self, scores):
        if len(scores) == 0:
            return np.empty(0)
        return self.model.predict_proba(_logit(scores))[:, 1]


class ScoreCalibrator:
    """Maps from raw score to P(outcome = 1 | score), one per group (and a pooled one).

    Built by :func:`fit_calibrator`; call :meth:`transform` on production scores.
    """

    def __init__(self, maps: dict, pooled):
        self.maps = maps
        self.pooled = pooled

    def transform(self, scores, groups=None) -> np.ndarray:
        """Calibrated probabilities (a group unseen in the reference uses the pooled map)."""
        s = np.asarray(scores, float)
        if groups is None:
            return self.pooled.predict(s)
        g = np.asarray(groups).astype(str)
        out = np.empty_like(s)
        for label in np.unique(g):
            mask = g == label
            out[mask] = self.maps.get(label, self.pooled).predict(s[mask])
        return out


def fit_calibrator(scores, y_true, groups=None) -> ScoreCalibrator:
    """Learn the score → outcome-probability maps on reference data (with known outcomes).

    Parameters
    ----------
    scores : array-like of float
        The model's scores on the reference rows.
    y_true : array-like of 0/1
        Their outcomes.
    groups : array-like, optional
        Calibrate within each group (recommended when the TPR by group is estimated).

    Returns
    -------
    ScoreCalibrator
    """
    check_same_length(scores, y_true, "scores", "y_true")
    y = check_binary(y_true, "y_true", require_both=True)
    s = np.asarray(scores, float)

    maps = {}
    if groups is not None:
        check_same_length(scores, groups, "scores", "groups")
        g = np.asarray(groups).astype(str)
        for label in np.unique(g):
            mask = g == label
            if len(np.unique(y[mask])) == 2:
                maps[label] = _Platt(s[mask], y[mask])
    return ScoreCalibrator(maps, _Platt(s, y))


def _expected_rates(probabilities, decisions, groups=None) -> pd.DataFrame:
    """Expected accuracy, TPR and selection rate from calibrated probabilities and decisions.

    Parameters
    ----------
    probabilities : array-like of float in [0, 1]
        Calibrated P(outcome = 1) per row.
    decisions : array-like of 0/1
    groups : array-like, optional

    Returns
    -------
    pandas.DataFrame
        One row per group (and ``"all"``): ``n``, ``expected_positives`` (Σ p),
        ``est_accuracy``, ``est_tpr`` (NaN when Σ p = 0), ``selection_rate``.
    """
    check_same_length(probabilities, decisions, "probabilities", "decisions")
    d = check_binary(decisions, "decisions")
    # expected counts from the engine: everyone ("all") first, then each group
    everyone = GroupCodes(codes=np.zeros(len(d), np.intp), labels=["all"], name="all")
    parts = [group_counts(probabilities, d, everyone, expected=True)]
    if groups is not None and len(d):  # no rows: no group, only the empty "all"
        g = np.asarray(groups).astype(str)
        parts.append(group_counts(probabilities, d, g, expected=True).drop("all",
                                                                          errors="ignore"))
    counts = pd.concat(parts)
    n = counts["count"].to_numpy()
    pos = counts["positives"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {"n": n, "expected_positives": pos,
               "est_accuracy": np.where(n > 0, counts["correct"] / np.maximum(n, 1), np.nan),
               "est_tpr": np.where(pos > 0, counts["tp"] / np.where(pos > 0, pos, 1), np.nan),
               "selection_rate": np.where(n > 0, counts["predicted_positives"]
                                          / np.maximum(n, 1), np.nan)}
    return pd.DataFrame(out, index=pd.Index(counts.index.tolist()))


def estimated_measures(production: pd.DataFrame, model, calibrator: ScoreCalibrator, *,
                       window: int = 1, group_col: str = "background",
                       month_col: str = "enrol_month") -> pd.DataFrame:
    """Label-free estimates per window: expected error, TPR by group and TPR gap.

    Parameters
    ----------
    production : pandas.DataFrame
        Production rows (outcomes not used).
    model : DeployedModel
        Gives scores and decisions.
    calibrator : ScoreCalibrator
        From :func:`fit_calibrator` on reference data.
    window : int, default 1
        Months per window, starting at the first production month (complete windows only).
    group_col, month_col : str

    Returns
    -------
    pandas.DataFrame
        One row per window: ``start_month``, ``end_month``, ``est_error``,
        ``est_tpr_<group>``, ``est_tpr_gap`` (NaN when a group is absent).
    """
    from ._windows import _NO_COMPLETE_WINDOW

    window = check_integer(window, "window", low=1)
    check_frame(production, "production")
    check_columns(production, [group_col, month_col], "production")
    months = production[month_col].to_numpy(np.int64)
    first, last = int(months.min()), int(months.max())
    n_windows = (last - first + 1) // window
    if n_windows == 0:
        raise ValueError(_NO_COMPLETE_WINDOW.format(window=window, months=last - first + 1))
    scores = model.scores(production)
    decisions = model.decide(production, scores)
    groups = production[group_col].astype(str).to_numpy()
    probs = calibrator.transform(scores, groups)
    all_groups = sorted(set(groups.tolist()))
    rows = []
    for k in range(n_windows):
        start = first + k * window
        mask = (months >= start) & (months < start + window)
        row = {"start_month": start, "end_month": start + window - 1}
        if mask.any():
            rates = _expected_rates(probs[mask], decisions[mask], groups[mask])
            row["est_error"] = 1 - rates.loc["all", "est_accuracy"]
            tprs = [rates.loc[g, "est_tpr"] if g in rates.index else np.nan
                    for g in all_groups]
        else:
            row["est_error"] = np.nan
            tprs = [np.nan] * len(all_groups)
        for g, t in zip(all_groups, tprs, strict=True):
            row[f"est_tpr_{g}"] = t
        # the gap of the estimated TPRs through the engine's one gap rule (NaN when a group
        # has no estimate: fail closed)
        row["est_tpr_gap"] = group_gap(pd.DataFrame({"tpr": tprs}, index=all_groups), "tpr",
                                       undefined="nan").difference
        rows.append(row)
    return pd.DataFrame(rows, index=pd.RangeIndex(n_windows, name="window"))

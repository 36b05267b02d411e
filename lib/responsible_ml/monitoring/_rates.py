"""Fast per-group rates from 0/1 labels and predictions (used by the gate and the monitor)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["METRICS", "rates_from_counts", "group_counts"]

#: Metrics the gate and the monitor understand, and what they divide by.
METRICS = ("tpr", "fpr", "fnr", "selection_rate", "accuracy", "precision")


def group_counts(y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray,
                 labels) -> pd.DataFrame:
    """Confusion counts (n, tp, fp, fn, tn) per group label, in the order of `labels`."""
    codes = pd.Categorical(groups, categories=list(labels)).codes
    k = len(labels)
    keep = codes >= 0
    codes, yt, yp = codes[keep], y_true[keep], y_pred[keep]
    cell = codes * 4 + yt * 2 + yp
    c = np.bincount(cell, minlength=4 * k).reshape(k, 4)
    out = pd.DataFrame({"n": c.sum(axis=1), "tn": c[:, 0], "fp": c[:, 1], "fn": c[:, 2],
                        "tp": c[:, 3]}, index=pd.Index(list(labels), name="group"))
    return out


def rates_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Add the rates of :data:`METRICS` to a frame of counts; a 0/0 rate is NaN."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = counts["n"].to_numpy(float)
        tp, fp, fn, tn = (counts[c].to_numpy(float) for c in ("tp", "fp", "fn", "tn"))
        pos, neg = tp + fn, fp + tn
        out = counts.copy()
        out["base_rate"] = np.where(n > 0, pos / n, np.nan)
        out["selection_rate"] = np.where(n > 0, (tp + fp) / n, np.nan)
        out["accuracy"] = np.where(n > 0, (tp + tn) / n, np.nan)
        out["tpr"] = np.where(pos > 0, tp / pos, np.nan)
        out["fnr"] = np.where(pos > 0, fn / pos, np.nan)
        out["fpr"] = np.where(neg > 0, fp / neg, np.nan)
        out["precision"] = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
    return out

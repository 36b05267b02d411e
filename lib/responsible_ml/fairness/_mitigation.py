"""Mitigation helpers: reweighting by hand, and a one-line fairness summary of a model.

fairlearn has no pre-processing "reweighing" (that is AIF360's ``Reweighing``); lesson 03
writes it by hand because the formula is what it teaches, then compares it with fairlearn's
in-processing (``ExponentiatedGradient``) and post-processing (``ThresholdOptimizer``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_binary, check_same_length
from ._slicing import EMPTY_INPUT, encode_groups, group_gaps, metrics_by_group

__all__ = ["reweighing_weights", "fairness_summary", "SUMMARY_KEYS"]

#: Keys of the dict returned by :func:`fairness_summary`, in order.
SUMMARY_KEYS = (
    "accuracy", "selection_rate_ratio", "selection_rate_gap", "tpr_gap", "fpr_gap",
    "worst_tpr_group",
)  # fmt: skip


def reweighing_weights(y: Any, sensitive: Any) -> np.ndarray:
    """Sample weights that make the label independent of the group (Kamiran & Calders, 2012).

    Each row of the cell (group *g*, label *y*) gets
    ``w = n_g * n_y / (n * n_gy)`` — the count the cell *would* have if label and group were
    independent, divided by the count it has. Rare cells (say, first-generation learners who
    completed, under biased labels) weigh more; common ones less. The weights sum to ``n``
    and keep each group's and each label's total weight.

    Parameters
    ----------
    y : array-like of 0/1
        Training labels.
    sensitive : Series, array-like or DataFrame
        Groups (a DataFrame weights the intersections).

    Returns
    -------
    numpy.ndarray of float
        One weight per row, for ``fit(..., sample_weight=...)``.

    Raises
    ------
    ValueError
        Empty or non-binary `y`, missing values, mismatched lengths, fewer than two groups.

    Examples
    --------
    >>> reweighing_weights([1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"]).round(2).tolist()
    [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]
    """
    if len(y) == 0:
        raise ValueError(EMPTY_INPUT.format(name="y"))
    labels = check_binary(y, "y")
    groups = encode_groups(sensitive)
    check_same_length(labels, groups.codes, "y", "sensitive")
    n = len(labels)
    k = len(groups.labels)
    cell = groups.codes * 2 + labels
    n_cell = np.bincount(cell, minlength=2 * k).astype(float)
    n_group = np.bincount(groups.codes, minlength=k).astype(float)
    n_label = np.bincount(labels, minlength=2).astype(float)
    expected = n_group[groups.codes] * n_label[labels] / n
    return expected / n_cell[cell]


def fairness_summary(y_true: Any, y_pred: Any, sensitive: Any) -> dict:
    """Accuracy and the headline fairness gaps of one set of decisions.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Labels and decisions.
    sensitive : Series, array-like or DataFrame
        Groups.

    Returns
    -------
    dict
        Keys :data:`SUMMARY_KEYS`: ``accuracy`` (overall), ``selection_rate_ratio`` (min/max,
        the four-fifths rule reads it), ``selection_rate_gap`` (demographic-parity
        difference), ``tpr_gap`` (equal-opportunity difference), ``fpr_gap`` (with
        ``tpr_gap``, equalised odds), ``worst_tpr_group``.
    """
    table = metrics_by_group(y_true, y_pred, sensitive, min_group_size=1)
    sel = group_gaps(table, "selection_rate")
    tpr = group_gaps(table, "tpr")
    fpr = group_gaps(table, "fpr")
    t = np.asarray(check_binary(y_true, "y_true"))
    p = np.asarray(check_binary(y_pred, "y_pred"))
    return {
        "accuracy": float((t == p).mean()),
        "selection_rate_ratio": sel["ratio"],
        "selection_rate_gap": sel["difference"],
        "tpr_gap": tpr["difference"],
        "fpr_gap": fpr["difference"],
        "worst_tpr_group": tpr["min_group"],
    }


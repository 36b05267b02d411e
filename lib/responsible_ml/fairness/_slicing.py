"""Metrics by group (and by intersection of groups), gaps, ratios and the four-fifths rule.

The table behind lessons 02 and 03, the bias slicer and the threshold explorer: one row per
group and the confusion-matrix rates a fairness audit reads, each with its 95 % Wilson
interval. :func:`metrics_by_group` is the trainee's entry point; it encodes the groups and
calls the engine (:mod:`responsible_ml.fairness._engine`), which is where every rate of the
package is computed. The tests check the engine against fairlearn's
:class:`~fairlearn.metrics.MetricFrame` with fairlearn's own named metrics.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._validation import check_binary, check_same_length
from ._engine import _EMPTY_INPUT, encode_groups, group_gap, group_rates

__all__ = ["metrics_by_group"]


def _check_labels(y_true: Any, y_pred: Any) -> tuple:
    for value, arg in ((y_true, "y_true"), (y_pred, "y_pred")):
        if len(value) == 0:
            raise ValueError(_EMPTY_INPUT.format(name=arg))
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    return check_binary(y_true, "y_true"), check_binary(y_pred, "y_pred")


def metrics_by_group(y_true: Any, y_pred: Any, *, sensitive_features: Any,
                     min_group_size: int = 30) -> pd.DataFrame:
    """Confusion-matrix rates for every group (or intersection of groups), with intervals.

    Uses the package's one engine (:func:`group_rates` on the codes of
    :func:`encode_groups`), not fairlearn's ``MetricFrame``: one ``numpy.bincount`` gives
    every group's counts, and every rate has the group's own size (or its own
    positives/negatives) as denominator. A test checks that every rate equals what
    ``MetricFrame`` gives with fairlearn's named metrics (``selection_rate``,
    ``true_positive_rate``, ...).

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels (1 = the favourable/positive outcome, e.g. "completes").
    y_pred : array-like of 0/1
        Decisions of the model (1 = selected), same length.
    sensitive_features : Series, array-like or DataFrame
        Group of each row. A DataFrame with several columns slices by their intersection.
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.

    Returns
    -------
    pandas.DataFrame
        One row per group, index = group label (str; intersections joined with
        :data:`INTERSECTION_SEP`, e.g. ``"Female × African-American"``; index name
        "sex × race"), groups sorted. Columns ``count``, ``positives`` (rows with
        ``y_true == 1``), ``negatives``, then each rate of :data:`RATE_COLUMNS`
        (``base_rate``, ``selection_rate``, ``accuracy``, ``tpr``, ``fpr``, ``fnr``,
        ``precision``) with ``<rate>_low`` and ``<rate>_high`` (95 % Wilson score
        interval), and ``small`` (True if ``count < min_group_size``, fewer than 5
        positives or negatives, or any rate is undefined). A rate with no denominator (TPR
        of a group without positives) is NaN.

    Raises
    ------
    ValueError
        Empty input, mismatched lengths, missing values, labels other than 0/1, fewer than
        two groups, ``min_group_size < 1``.
    TypeError
        `min_group_size` not an integer; `sensitive_features` a 2-d array.

    Examples
    --------
    >>> t = metrics_by_group([1, 0, 1, 1], [1, 0, 0, 1],
    ...                      sensitive_features=["a", "a", "b", "b"], min_group_size=1)
    >>> t["tpr"].to_dict()
    {'a': 1.0, 'b': 0.5}
    """
    t, p = _check_labels(y_true, y_pred)
    groups = encode_groups(sensitive_features)
    check_same_length(t, groups.codes, "y_true", "sensitive_features")
    return group_rates(t, p, groups, min_group_size=min_group_size)


def rate_gap(y_true: Any, y_pred: Any, *, sensitive_features: Any, metric: str = "tpr",
             undefined: str = "raise") -> float:
    """Largest difference of one rate between groups (max − min), from labels and decisions.

    Shorthand for ``group_gap(metrics_by_group(...), metric).difference``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Labels and decisions.
    sensitive_features : Series, array-like or DataFrame
        Groups (a DataFrame gives intersections).
    metric : str, default "tpr"
        One of :data:`GAP_METRICS`; "tpr" gives the equal-opportunity difference,
        "selection_rate" the demographic-parity difference.
    undefined : {"raise", "nan", "ignore"}, default "raise"
        Rule for a group whose rate is undefined (see :func:`group_gap`).

    Returns
    -------
    float

    Examples
    --------
    >>> rate_gap([1, 1, 1, 1], [1, 1, 1, 0], sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    table = metrics_by_group(y_true, y_pred, sensitive_features=sensitive_features,
                             min_group_size=1)
    return group_gap(table, metric, undefined=undefined).difference

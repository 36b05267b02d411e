"""Metrics by group (and by intersection of groups), gaps, ratios and the four-fifths rule.

The one computation behind lessons 02 and 03, the bias slicer and the threshold explorer:
a table with one row per group and the confusion-matrix rates a fairness audit reads.

Two engines give the same table:

* :func:`metrics_by_group` uses fairlearn's :class:`~fairlearn.metrics.MetricFrame` (one
  metric that returns the group's confusion counts; the rates are derived from the counts);
* :func:`metrics_from_codes` counts with :func:`numpy.bincount` on pre-encoded groups. The
  widgets use it so that a redraw on Adult stays far under 100 ms (MetricFrame calls a Python
  function per group and takes about 0.2 s per metric there). The tests check both agree.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    EMPTY_FRAME,
    FEWER_THAN_TWO_GROUPS,
    NOT_IN_OPTIONS,
    check_binary,
    check_no_nan,
    check_same_length,
)

__all__ = [
    "METRICS",
    "METRIC_LABELS",
    "RATE_COLUMNS",
    "TABLE_COLUMNS",
    "INTERSECTION_SEP",
    "EMPTY_INPUT",
    "NOT_ONE_DIMENSIONAL",
    "BAD_MIN_GROUP_SIZE",
    "NOT_A_TABLE",
    "GroupCodes",
    "encode_groups",
    "metrics_by_group",
    "metrics_from_codes",
    "group_gaps",
    "rate_gap",
]

#: Separator of the labels of an intersection of groups ("Female × Black").
INTERSECTION_SEP = " × "

#: The rates of the table, in column order (every one can be passed as ``metric``).
RATE_COLUMNS = ("base_rate", "selection_rate", "accuracy", "tpr", "fpr", "fnr", "precision")
#: Every column of the table returned by :func:`metrics_by_group`.
TABLE_COLUMNS = ("count", "positives", *RATE_COLUMNS, "small")
#: The metrics :func:`group_gaps` and :func:`rate_gap` accept.
METRICS = RATE_COLUMNS
#: Plain-words names of the metrics (for figures and read-outs).
METRIC_LABELS = {
    "base_rate": "base rate (share with label 1)",
    "selection_rate": "selection rate (share predicted 1)",
    "accuracy": "accuracy",
    "tpr": "true positive rate (TPR)",
    "fpr": "false positive rate (FPR)",
    "fnr": "false negative rate (FNR)",
    "precision": "precision (PPV)",
}

EMPTY_INPUT = "{name} is empty (it has no values)"
NOT_ONE_DIMENSIONAL = (
    "{name} must be one-dimensional (a Series, list or 1-d array) or a DataFrame with one "
    "column per sensitive attribute, got an array of shape {shape}"
)
BAD_MIN_GROUP_SIZE = "{name} must be a whole number >= 1, got {value!r}"
NOT_A_TABLE = (
    "{name} must be a table returned by metrics_by_group (a DataFrame with column {column!r})"
)

#: A group with fewer true positives or fewer true negatives than this is flagged ``small``
#: (its TPR/FNR or FPR would rest on a handful of people).
MIN_CLASS_COUNT = 5


@dataclass(frozen=True)
class GroupCodes:
    """Sensitive groups encoded once: integer codes per row and the group labels.

    Attributes
    ----------
    codes : numpy.ndarray
        One integer per row, ``0 … len(labels) - 1``.
    labels : list of str
        Group label of each code, sorted; intersections are joined with
        :data:`INTERSECTION_SEP`.
    name : str
        Name of the attribute(s) ("race", or "sex × race").
    """

    codes: np.ndarray
    labels: list[str]
    name: str


def _check_min_group_size(value: Any, name: str = "min_group_size") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(BAD_MIN_GROUP_SIZE.format(name=name, value=value))
    if value < 1:
        raise ValueError(BAD_MIN_GROUP_SIZE.format(name=name, value=value))
    return int(value)


def _sensitive_frame(sensitive: Any, name: str) -> pd.DataFrame:
    """The sensitive attribute(s) as a DataFrame of strings (one column per attribute)."""
    if isinstance(sensitive, pd.DataFrame):
        frame = sensitive.reset_index(drop=True)
        if frame.shape[1] == 0:
            raise ValueError(EMPTY_INPUT.format(name=name))
    elif isinstance(sensitive, pd.Series):
        frame = sensitive.reset_index(drop=True).to_frame(
            name=sensitive.name if sensitive.name is not None else "group"
        )
    else:
        arr = np.asarray(sensitive, dtype=object)
        if arr.ndim != 1:
            raise TypeError(NOT_ONE_DIMENSIONAL.format(name=name, shape=arr.shape))
        frame = pd.DataFrame({"group": arr})
    if len(frame) == 0:
        raise ValueError(EMPTY_INPUT.format(name=name))
    check_no_nan(frame, name)
    return frame.astype(str)


def encode_groups(sensitive: Any, *, name: str = "sensitive") -> GroupCodes:
    """Encode a sensitive attribute (or several, for intersections) as integer codes.

    Parameters
    ----------
    sensitive : Series, array-like or DataFrame
        One label per row; a DataFrame with several columns gives their intersection
        (labels such as ``"Female × African-American"``).
    name : str
        Argument name used in error messages.

    Returns
    -------
    GroupCodes

    Raises
    ------
    ValueError
        If `sensitive` is empty, has missing values, or has fewer than two groups.
    TypeError
        If `sensitive` is a 2-d array (pass a DataFrame instead).
    """
    frame = _sensitive_frame(sensitive, name)
    label = frame.iloc[:, 0]
    for col in frame.columns[1:]:
        label = label + INTERSECTION_SEP + frame[col]
    codes, uniques = pd.factorize(label, sort=True)
    labels = [str(u) for u in uniques]
    if len(labels) < 2:
        raise ValueError(
            FEWER_THAN_TWO_GROUPS.format(
                name=name, count=len(labels), groups=", ".join(map(repr, labels))
            )
        )
    attr = INTERSECTION_SEP.join(str(c) for c in frame.columns)
    return GroupCodes(codes=codes.astype(np.intp), labels=labels, name=attr)


def _check_labels(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    for value, arg in ((y_true, "y_true"), (y_pred, "y_pred")):
        if len(value) == 0:
            raise ValueError(EMPTY_INPUT.format(name=arg))
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    return check_binary(y_true, "y_true"), check_binary(y_pred, "y_pred")


def _table_from_counts(
    labels: Sequence[str], n: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
    name: str, min_group_size: int,
) -> pd.DataFrame:
    n = np.asarray(n, dtype=np.int64)
    tp, fp, fn = (np.asarray(a, dtype=np.int64) for a in (tp, fp, fn))
    tn = n - tp - fp - fn
    pos, neg, sel = tp + fn, fp + tn, tp + fp

    def ratio(num, den):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)

    table = pd.DataFrame(
        {
            "count": n,
            "positives": pos,
            "base_rate": ratio(pos, n),
            "selection_rate": ratio(sel, n),
            "accuracy": ratio(tp + tn, n),
            "tpr": ratio(tp, pos),
            "fpr": ratio(fp, neg),
            "fnr": ratio(fn, pos),
            "precision": ratio(tp, sel),
        },
        index=pd.Index(list(labels), name=name),
    )
    rates = table[list(RATE_COLUMNS)].to_numpy()
    table["small"] = (
        (n < min_group_size)
        | (pos < MIN_CLASS_COUNT)
        | (neg < MIN_CLASS_COUNT)
        | np.isnan(rates).any(axis=1)
    )
    return table


def _confusion_counts(y_true, y_pred) -> np.ndarray:
    """Per-group metric for MetricFrame: [n, tp, fp, fn]."""
    t = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(y_pred, dtype=np.int64)
    return np.array([t.size, int((t & p).sum()), int(((1 - t) & p).sum()),
                     int((t & (1 - p)).sum())])


def metrics_by_group(y_true: Any, y_pred: Any, sensitive: Any, *,
                     min_group_size: int = 30) -> pd.DataFrame:
    """Confusion-matrix rates for every group (or intersection of groups).

    Built on :class:`fairlearn.metrics.MetricFrame`: one metric returns each group's
    confusion counts and the rates are derived from them, so every rate of a group has the
    group's own size (or its own positives/negatives) as denominator.

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels (1 = the favourable/positive outcome, e.g. "completes").
    y_pred : array-like of 0/1
        Decisions of the model (1 = selected), same length.
    sensitive : Series, array-like or DataFrame
        Group of each row. A DataFrame with several columns slices by their intersection.
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.

    Returns
    -------
    pandas.DataFrame
        One row per group, index = group label (str; intersections joined with
        :data:`INTERSECTION_SEP`, e.g. ``"Female × African-American"``; index name
        "sex × race"), groups sorted. Columns :data:`TABLE_COLUMNS`: ``count``,
        ``positives`` (rows with ``y_true == 1``), ``base_rate``, ``selection_rate``,
        ``accuracy``, ``tpr``, ``fpr``, ``fnr``, ``precision`` and ``small`` (True if
        ``count < min_group_size``, fewer than 5 positives or negatives, or any rate is
        undefined). A rate with no denominator (TPR of a group without positives) is NaN.

    Raises
    ------
    ValueError
        Empty input, mismatched lengths, missing values, labels other than 0/1, fewer than
        two groups, ``min_group_size < 1``.
    TypeError
        `min_group_size` not an integer; `sensitive` a 2-d array.

    Examples
    --------
    >>> t = metrics_by_group([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"],
    ...                      min_group_size=1)
    >>> t["tpr"].to_dict()
    {'a': 1.0, 'b': 0.5}
    """
    from fairlearn.metrics import MetricFrame

    min_group_size = _check_min_group_size(min_group_size)
    t, p = _check_labels(y_true, y_pred)
    groups = encode_groups(sensitive)
    check_same_length(t, groups.codes, "y_true", "sensitive")
    labels = np.asarray(groups.labels, dtype=object)[groups.codes]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fairlearn + pandas 3: Pandas4Warning noise
        frame = MetricFrame(metrics=_confusion_counts, y_true=t, y_pred=p,
                            sensitive_features=pd.Series(labels, name=groups.name))
        by_group = frame.by_group
    counts = np.vstack([np.asarray(by_group.loc[g]) for g in groups.labels])
    return _table_from_counts(groups.labels, counts[:, 0], counts[:, 1], counts[:, 2],
                              counts[:, 3], groups.name, min_group_size)


def metrics_from_codes(y_true: np.ndarray, y_pred: np.ndarray, groups: GroupCodes, *,
                       min_group_size: int = 30) -> pd.DataFrame:
    """The table of :func:`metrics_by_group`, counted with :func:`numpy.bincount`.

    For widgets and benchmarks: the groups are encoded once (:func:`encode_groups`) and
    the labels are assumed valid 0/1 integer arrays (checked once by the caller), so a call
    costs a few milliseconds on 50,000 rows.

    Parameters
    ----------
    y_true, y_pred : numpy.ndarray of 0/1 ints
        Labels and decisions.
    groups : GroupCodes
        From :func:`encode_groups`.
    min_group_size : int, default 30
        As in :func:`metrics_by_group`.

    Returns
    -------
    pandas.DataFrame
        Same index and columns as :func:`metrics_by_group`.
    """
    min_group_size = _check_min_group_size(min_group_size)
    t = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(y_pred, dtype=np.int64)
    check_same_length(t, p, "y_true", "y_pred")
    check_same_length(t, groups.codes, "y_true", "groups")
    k = len(groups.labels)
    cell = groups.codes * 4 + t * 2 + p  # 0: tn, 1: fp, 2: fn, 3: tp
    c = np.bincount(cell, minlength=4 * k).reshape(k, 4)
    return _table_from_counts(groups.labels, c.sum(axis=1), c[:, 3], c[:, 1], c[:, 2],
                              groups.name, min_group_size)


def _check_metric(metric: Any, name: str = "metric") -> str:
    if not isinstance(metric, str):
        raise TypeError(NOT_IN_OPTIONS.format(name=name, options=", ".join(map(repr, METRICS)),
                                              value=metric))
    if metric not in METRICS:
        raise ValueError(NOT_IN_OPTIONS.format(name=name, options=", ".join(map(repr, METRICS)),
                                               value=metric))
    return metric


def group_gaps(table: pd.DataFrame, metric: str, *, exclude_small: bool = False) -> dict:
    """Difference and ratio between the groups with the highest and lowest `metric`.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`metrics_by_group`.
    metric : str
        One of :data:`METRICS` ("selection_rate", "tpr", ...).
    exclude_small : bool, default False
        Ignore groups flagged ``small``.

    Returns
    -------
    dict
        ``difference`` (max − min), ``ratio`` (min / max; NaN when max is 0),
        ``min_group``, ``max_group`` (labels), ``passes_four_fifths`` (ratio ≥ 0.8, the
        "80 % rule" of US employment guidance; meaningful for selection rates). Groups whose
        value is NaN are skipped.

    Raises
    ------
    TypeError
        If `table` is not a DataFrame or `metric` not a string.
    ValueError
        Unknown metric, a table without that column, or fewer than two groups with a value.
    """
    metric = _check_metric(metric)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(NOT_A_TABLE.format(name="table", column=metric))
    if metric not in table.columns:
        raise ValueError(NOT_A_TABLE.format(name="table", column=metric))
    if len(table) == 0:
        raise ValueError(EMPTY_FRAME.format(name="table"))
    values = table[metric].astype(float)
    if exclude_small and "small" in table.columns:
        values = values[~table["small"].astype(bool)]
    values = values.dropna()
    if len(values) < 2:
        raise ValueError(
            FEWER_THAN_TWO_GROUPS.format(name="table", count=len(values),
                                         groups=", ".join(map(repr, map(str, values.index)))
                                         or "none")
        )
    lo, hi = float(values.min()), float(values.max())
    ratio = lo / hi if hi > 0 else math.nan
    return {
        "difference": hi - lo,
        "ratio": ratio,
        "min_group": str(values.idxmin()),
        "max_group": str(values.idxmax()),
        "passes_four_fifths": bool(ratio >= 0.8) if not math.isnan(ratio) else False,
    }


def rate_gap(y_true: Any, y_pred: Any, sensitive: Any, metric: str = "tpr") -> float:
    """Largest difference of one rate between groups (max − min).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Labels and decisions.
    sensitive : Series, array-like or DataFrame
        Groups (a DataFrame gives intersections).
    metric : str, default "tpr"
        One of :data:`METRICS`; "tpr" gives the equal-opportunity difference,
        "selection_rate" the demographic-parity difference.

    Returns
    -------
    float

    Examples
    --------
    >>> rate_gap([1, 1, 1, 1], [1, 1, 1, 0], ["a", "a", "b", "b"])
    0.5
    """
    metric = _check_metric(metric)
    table = metrics_by_group(y_true, y_pred, sensitive, min_group_size=1)
    return float(group_gaps(table, metric)["difference"])

"""Fairness toolkit: metrics by group and intersection, gaps, the four-fifths rule.

Lessons 02 and 03 and the bias-slicer / threshold-explorer widgets call these plain
functions; figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.
"""

from ._slicing import (
    BAD_MIN_GROUP_SIZE,
    EMPTY_INPUT,
    INTERSECTION_SEP,
    METRIC_LABELS,
    METRICS,
    NOT_A_TABLE,
    NOT_ONE_DIMENSIONAL,
    RATE_COLUMNS,
    TABLE_COLUMNS,
    GroupCodes,
    encode_groups,
    group_gaps,
    metrics_by_group,
    metrics_from_codes,
    rate_gap,
)

__all__ = [
    "BAD_MIN_GROUP_SIZE",
    "EMPTY_INPUT",
    "INTERSECTION_SEP",
    "METRICS",
    "METRIC_LABELS",
    "NOT_A_TABLE",
    "NOT_ONE_DIMENSIONAL",
    "RATE_COLUMNS",
    "TABLE_COLUMNS",
    "GroupCodes",
    "encode_groups",
    "group_gaps",
    "metrics_by_group",
    "metrics_from_codes",
    "rate_gap",
]

"""Fairness toolkit: metrics by group and intersection, gaps, the four-fifths rule.

Lessons 02 and 03 and the bias-slicer / threshold-explorer widgets call these plain
functions; figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.

* Slicing: :func:`metrics_by_group` (fairlearn ``MetricFrame``), :func:`metrics_from_codes`
  (same table, counted with NumPy for widgets), :func:`group_gaps`, :func:`rate_gap`.
* Mitigation: :func:`reweighing_weights` (pre-processing, by hand),
  :func:`fairness_summary` (accuracy and gaps of one set of decisions).
* Widget logic: :func:`threshold_by_group`, :func:`score_dataset`, :func:`slice_bias`.
"""

from ._explorer import (
    DATASETS,
    MISSING_THRESHOLDS,
    NOT_SCORED_DATA,
    NOT_SCORES,
    THRESHOLD_MODES,
    ScoredData,
    SliceResult,
    ThresholdResult,
    overall_metrics,
    score_dataset,
    scored_data,
    slice_bias,
    threshold_by_group,
)
from ._mitigation import SUMMARY_KEYS, fairness_summary, reweighing_weights
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
    "DATASETS",
    "EMPTY_INPUT",
    "INTERSECTION_SEP",
    "METRICS",
    "METRIC_LABELS",
    "MISSING_THRESHOLDS",
    "NOT_A_TABLE",
    "NOT_ONE_DIMENSIONAL",
    "NOT_SCORED_DATA",
    "NOT_SCORES",
    "RATE_COLUMNS",
    "SUMMARY_KEYS",
    "TABLE_COLUMNS",
    "THRESHOLD_MODES",
    "GroupCodes",
    "ScoredData",
    "SliceResult",
    "ThresholdResult",
    "encode_groups",
    "fairness_summary",
    "group_gaps",
    "metrics_by_group",
    "metrics_from_codes",
    "overall_metrics",
    "rate_gap",
    "reweighing_weights",
    "score_dataset",
    "scored_data",
    "slice_bias",
    "threshold_by_group",
]

"""The group-metric engine: every per-group count, rate, gap and interval of the package.

One computation, one place to fix a number. Lessons, widgets, the model card, the monitors,
the fairness gate, the trade-off frontier and the capstone all call these functions:

* :func:`encode_groups` turns a sensitive attribute (or several, for intersections) into
  integer codes once;
* :func:`group_rates` counts the confusion matrix of every group with one
  :func:`numpy.bincount` and derives the rates, each with a 95 % Wilson score interval. It
  accepts one vector of decisions or a matrix of candidate decisions
  (``n_samples × n_candidates``, the trade-off frontier); :func:`group_rates_from_counts`
  does the second half for callers that already hold counts (time windows of a monitor);
* :func:`group_gap` reads the table: the largest minus the smallest group value of one rate,
  its 95 % interval, and an explicit rule for groups whose rate is undefined.

Intervals, one convention for the whole course
----------------------------------------------
Every rate carries the **Wilson score interval** at 95 % (Wilson, 1927). The textbook Wald
interval ``p ± 1.96·sqrt(p(1-p)/n)`` has erratic, often poor coverage (worst, but not only,
for small groups and rates near 0 or 1) and collapses to a width of zero when a group has 0 or
all positives, cases a fairness audit meets; Wilson's interval has coverage much closer to
nominal on average, stays inside [0, 1] and is defined for 0 and n successes (Agresti & Coull,
1998; Brown, Cai & DasGupta, 2001, who recommend Wilson or Jeffreys for n <= 40, and Wilson,
Jeffreys or Agresti-Coull for larger n). Clopper-Pearson is conservative (wider
than needed) and would make small groups look even less certain than they are.

The gap between the highest and the lowest group gets **Newcombe's hybrid score interval**
for a difference of two independent proportions (Newcombe, 1998, method 10), built from the
two groups' Wilson limits: with ``d = p1 - p2``,
``low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)`` and ``high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)``.
It has good coverage even when a group is small or a rate is 0 or 1, where the Wald interval
for a difference fails. Caveat: with more than two groups, the pair is chosen *after* looking
(the highest and the lowest), so the interval is for that pair's difference and is somewhat
optimistic about the largest gap.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*JASA* 22, 209-212. · Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact"
for interval estimation of binomial proportions. *The American Statistician* 52, 119-126. ·
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
*Statistical Science* 16, 101-133. · Newcombe, R. G. (1998). Interval estimation for the
difference between independent proportions: comparison of eleven methods. *Statistics in
Medicine* 17, 873-890.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    FEWER_THAN_TWO_GROUPS,
    HAS_NAN,
    LENGTH_MISMATCH,
    NOT_BINARY,
    check_binary,
    check_in,
    check_integer,
    check_no_nan,
    check_probability,
    check_same_length,
    check_scores,
)

__all__ = [
    "group_gap",
    "expected_group_rates",
    "paired_bootstrap",
    "threshold_by_group",
]

#: Separator of the labels of an intersection of groups ("Female × Black").
INTERSECTION_SEP = " × "
#: The rates of the table, in column order; each has ``<rate>_low`` and ``<rate>_high``.
RATE_COLUMNS = ("base_rate", "selection_rate", "accuracy", "tpr", "fpr", "fnr", "precision")
#: The metrics :func:`group_gap` accepts: every rate, and ``equalized_odds`` (the larger of
#: the TPR gap and the FPR gap, as fairlearn's ``equalized_odds_difference``).
GAP_METRICS = (*RATE_COLUMNS, "equalized_odds")
#: What :func:`group_gap` does with a group whose rate is undefined (NaN): ``"raise"`` a
#: ValueError naming it (the default: fail closed), return a ``"nan"`` gap (fail closed
#: without raising: a NaN gap never passes ``gap <= limit``; monitors use it), or
#: ``"ignore"`` the group and compare the others. Fewer than two groups left to compare
#: raises under "raise" and "ignore" and gives NaN under "nan".
UNDEFINED_RULES = ("raise", "nan", "ignore")

#: Two-sided 95 % normal quantile, ``scipy.stats.norm.ppf(0.975)``; the one confidence level
#: of the course.
Z_95 = 1.959963984540054
#: A group with fewer positives or fewer negatives than this is flagged ``small``.
MIN_CLASS_COUNT = 5

_EMPTY_INPUT = "{name} is empty (it has no values)"
_NOT_ONE_DIMENSIONAL = (
    "{name} must be one-dimensional (a Series, list or 1-d array) or a DataFrame with one "
    "column per sensitive attribute, got an array of shape {shape}"
)
_NOT_A_TABLE = (
    "{name} must be a table returned by group_rates or metrics_by_group "
    "(a DataFrame with columns {columns})"
)
_BAD_PREDICTIONS = (
    "{name} must be one vector of decisions (n_samples,) or a matrix of candidate decisions "
    "(n_samples, n_candidates), got an array of shape {shape}"
)
_NOT_PROBABILITIES = "{name} must hold probabilities in [0, 1]; found {values}"
_EXPECTED_NEEDS_A_VECTOR = (
    "{name} must be one vector of decisions (n_samples,) to count expected outcomes, got an "
    "array of shape {shape}"
)
_NOT_A_MAPPING = "{name} must be a dict of name -> decisions (or probabilities of a 1), got {kind}"
_BAD_DIFFERENCE = "difference must be two different group labels among {labels}, got {value!r}"
_UNKNOWN_REFERENCE = "reference must be one of the names in decisions {names}, got {value!r}"
_MISSING_THRESHOLDS = "{name} has no threshold for group(s) {missing}; groups: {groups}"
_BAD_COUNTS = "counts must be an integer array (..., n_groups, 4) of tn, fp, fn, tp; got shape {shape}"
_UNDEFINED_GROUP = (
    "{metric} is undefined for group(s) {groups}{where} ({reason}), so the gap cannot be "
    "computed; pass undefined='nan' or undefined='ignore' to decide otherwise"
)

#: Why a rate has no denominator.
_REASONS = {
    "base_rate": "no rows", "selection_rate": "no rows", "accuracy": "no rows",
    "tpr": "no rows with y_true == 1", "fnr": "no rows with y_true == 1",
    "fpr": "no rows with y_true == 0", "precision": "no rows with y_pred == 1",
}


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

    def __len__(self) -> int:
        return len(self.codes)


def _sensitive_frame(sensitive_features: Any, name: str) -> pd.DataFrame:
    """The sensitive attribute(s) as a DataFrame of strings (one column per attribute)."""
    if isinstance(sensitive_features, pd.DataFrame):
        frame = sensitive_features.reset_index(drop=True)
        if frame.shape[1] == 0:
            raise ValueError(_EMPTY_INPUT.format(name=name))
    elif isinstance(sensitive_features, pd.Series):
        frame = sensitive_features.reset_index(drop=True).to_frame(
            name=sensitive_features.name if sensitive_features.name is not None else "group"
        )
    else:
        arr = np.asarray(sensitive_features, dtype=object)
        if arr.ndim != 1:
            raise TypeError(_NOT_ONE_DIMENSIONAL.format(name=name, shape=arr.shape))
        frame = pd.DataFrame({"group": arr})
    if len(frame) == 0:
        raise ValueError(_EMPTY_INPUT.format(name=name))
    check_no_nan(frame, name)
    return frame.astype(str)


def encode_groups(sensitive_features: Any, *, name: str = "sensitive_features",
                  min_groups: int = 2) -> GroupCodes:
    """Encode a sensitive attribute (or several, for intersections) as integer codes.

    The one group encoder of the package; :func:`group_rates` counts from its codes.

    Parameters
    ----------
    sensitive_features : Series, array-like, DataFrame or GroupCodes
        One label per row; a DataFrame with several columns gives their intersection
        (labels such as ``"Female × African-American"``). GroupCodes are returned as given.
        Labels are compared as strings (``1`` and ``"1"`` are one group).
    name : str, default "sensitive_features"
        Argument name used in error messages.
    min_groups : int, default 2
        Fewest distinct groups accepted (1 for an overall "group" of everyone).

    Returns
    -------
    GroupCodes

    Raises
    ------
    ValueError
        If `sensitive_features` is empty, has missing values, or has fewer than
        `min_groups` groups.
    TypeError
        If `sensitive_features` is a 2-d array (pass a DataFrame instead).
    """
    if isinstance(sensitive_features, GroupCodes):
        return sensitive_features
    frame = _sensitive_frame(sensitive_features, name)
    label = frame.iloc[:, 0]
    for col in frame.columns[1:]:
        label = label + INTERSECTION_SEP + frame[col]
    codes, uniques = pd.factorize(label, sort=True)
    labels = [str(u) for u in uniques]
    if len(labels) < min_groups:
        raise ValueError(
            FEWER_THAN_TWO_GROUPS.format(
                name=name, count=len(labels), groups=", ".join(map(repr, labels))
            )
        )
    attr = INTERSECTION_SEP.join(str(c) for c in frame.columns)
    return GroupCodes(codes=codes.astype(np.intp), labels=labels, name=attr)


def _overall(n: int) -> GroupCodes:
    """Everyone as one group (for overall rates from the same engine)."""
    return GroupCodes(codes=np.zeros(n, dtype=np.intp), labels=["all"], name="all")


def _binary_matrix(values: Any, name: str) -> np.ndarray:
    """0/1 values as int64, fast for numeric arrays (a frontier passes millions of cells)."""
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.DataFrame) else values
    if isinstance(arr, np.ndarray) and arr.dtype.kind in "biuf":
        if arr.dtype.kind == "b":
            return arr.astype(np.int64)
        if arr.dtype.kind == "f" and np.isnan(arr).any():
            raise ValueError(HAS_NAN.format(name=name, count=int(np.isnan(arr).sum())))
        ok = (arr == 0) | (arr == 1)
        if not ok.all():
            shown = ", ".join(repr(v.item()) for v in pd.unique(arr[~ok].ravel())[:5])
            raise ValueError(NOT_BINARY.format(name=name, values=shown))
        return arr.astype(np.int64)
    if np.ndim(arr) == 2:
        return np.column_stack([check_binary(col, name) for col in np.asarray(arr, object).T])
    return check_binary(arr, name)


def _wilson(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rate and 95 % Wilson score interval; NaN where there are no trials."""
    k = successes.astype(float)
    n = trials.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
        z2 = Z_95 * Z_95
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = Z_95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return p, low, high


def _probabilities(values: Any, name: str) -> np.ndarray:
    """Probabilities as a float vector, each in [0, 1] (no NaN)."""
    arr = np.asarray(values, dtype=float).ravel()
    check_no_nan(arr, name)
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        shown = ", ".join(repr(v.item()) for v in pd.unique(arr[outside])[:5])
        raise ValueError(_NOT_PROBABILITIES.format(name=name, values=shown))
    return arr


def _rows(y_true: Any, y_pred: Any, groups: Any, *, soft: bool, min_groups: int = 2):
    """Checked labels (0/1, or probabilities when `soft`), decisions and group codes."""
    t = _probabilities(y_true, "y_true") if soft else _binary_matrix(y_true, "y_true").ravel()
    p = _binary_matrix(y_pred, "y_pred")
    if soft and p.ndim != 1:
        raise ValueError(_EXPECTED_NEEDS_A_VECTOR.format(name="y_pred", shape=p.shape))
    if p.ndim not in (1, 2):
        raise ValueError(_BAD_PREDICTIONS.format(name="y_pred", shape=p.shape))
    if p.shape[0] != t.shape[0]:
        raise ValueError(LENGTH_MISMATCH.format(name_a="y_true", name_b="y_pred",
                                                len_a=len(t), len_b=p.shape[0]))
    codes = encode_groups(groups, name="groups", min_groups=min_groups)
    if len(codes.codes) != len(t):
        raise ValueError(LENGTH_MISMATCH.format(name_a="y_true", name_b="groups",
                                                len_a=len(t), len_b=len(codes.codes)))
    return t, p, codes


def _confusion(t: np.ndarray, p: np.ndarray, codes: GroupCodes) -> np.ndarray:
    """tn, fp, fn, tp of every group (and candidate): one :func:`numpy.bincount`."""
    k = len(codes.labels)
    base = codes.codes.astype(np.int64) * 4 + t * 2  # + y_pred: 0 tn, 1 fp, 2 fn, 3 tp
    if p.ndim == 1:
        return np.bincount(base + p, minlength=4 * k).reshape(k, 4)
    m = p.shape[1]
    cells = (np.arange(m, dtype=np.int64)[:, None] * (4 * k) + base[None, :] + p.T).ravel()
    return np.bincount(cells, minlength=4 * k * m).reshape(m, k, 4)


def group_counts(y_true: Any, y_pred: Any, groups: Any, *, expected: bool = False
                 ) -> pd.DataFrame:
    """Raw counts of every group: rows, positives, predicted positives and the confusion cells.

    The counting half of :func:`group_rates`, for callers that need the counts themselves:
    a monitor adds monthly counts into time windows; a label-free monitor counts *expected*
    outcomes from calibrated probabilities (confidence-based performance estimation).

    Parameters
    ----------
    y_true : array-like, shape (n_samples,)
        0/1 labels; with ``expected=True``, probabilities P(label = 1) in [0, 1].
    y_pred : array-like of 0/1, shape (n_samples,) or (n_samples, n_candidates)
        Decisions; a matrix (one column per candidate) only with ``expected=False``.
    groups : GroupCodes or array-like
        From :func:`encode_groups`, or anything it encodes (one group is allowed here).
    expected : bool, default False
        Count expected outcomes: a row with probability ``q`` and decision ``d`` adds ``q``
        to the positives, ``d·q`` to ``tp``, ``(1 - d)·q`` to ``fn``, ``d·(1 - q)`` to
        ``fp``, ``(1 - d)·(1 - q)`` to ``tn``, and ``q`` or ``1 - q`` to ``correct``. Each
        count of a group is one sum over that group's rows (the cells then need not add
        up to ``count`` to the last bit).

    Returns
    -------
    pandas.DataFrame
        One row per group (index as :func:`group_rates`; (candidate, group) for a matrix)
        with columns ``count`` (rows), ``positives``, ``predicted_positives``, ``correct``,
        ``tn``, ``fp``, ``fn``, ``tp``: integers, or floats with ``expected=True``
        (``count`` and ``predicted_positives`` stay integers). A group of the codes with
        no rows has zero counts (so has every group of GroupCodes given with no rows).

    Raises
    ------
    ValueError
        Labels other than 0/1 (or probabilities outside [0, 1]), NaN, mismatched inputs,
        groups to encode that are empty, or a matrix of decisions with ``expected=True``.

    Examples
    --------
    >>> group_counts([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"])[["count", "tp", "fn"]]
           count  tp  fn
    group
    a          2   1   0
    b          2   1   1
    >>> expected = group_counts([0.75, 0.25], [1, 0], ["a", "a"], expected=True)
    >>> expected.loc["a", ["positives", "correct", "tp", "fn"]].tolist()
    [1.0, 1.5, 0.75, 0.25]
    """
    t, p, codes = _rows(y_true, y_pred, groups, soft=expected, min_groups=1)
    if not expected:
        c = _confusion(t, p, codes)
        tn, fp, fn, tp = (c[..., i].ravel() for i in range(4))
        cols = {"count": tn + fp + fn + tp, "positives": fn + tp, "predicted_positives": fp + tp,
                "correct": tn + tp, "tn": tn, "fp": fp, "fn": fn, "tp": tp}
    else:
        # one sum per group and count over the group's rows in their order (numpy's
        # pairwise sum), so a count equals ``q[mask].sum()`` written by hand, to the bit
        k = len(codes.labels)
        d = p.astype(float)
        cells = {"positives": t, "correct": np.where(p == 1, t, 1 - t),
                 "tn": (1 - d) * (1 - t), "fp": d * (1 - t), "fn": (1 - d) * t, "tp": d * t}
        cols = {"count": np.zeros(k, np.int64), "predicted_positives": np.zeros(k, np.int64),
                **{name: np.zeros(k) for name in cells}}
        for g in range(k):
            mask = codes.codes == g
            cols["count"][g] = int(mask.sum())
            cols["predicted_positives"][g] = int(p[mask].sum())
            for name, values in cells.items():
                cols[name][g] = values[mask].sum()
        cols = {name: cols[name] for name in ("count", "positives", "predicted_positives",
                                              "correct", "tn", "fp", "fn", "tp")}
    if p.ndim == 1:
        index = pd.Index(codes.labels, name=codes.name)
    else:
        index = pd.MultiIndex.from_product([range(p.shape[1]), codes.labels],
                                           names=["candidate", codes.name])
    return pd.DataFrame(cols, index=index)


def group_rates_from_counts(counts: Any, groups: GroupCodes | list, *, name: str | None = None,
                            min_group_size: int = 30) -> pd.DataFrame:
    """The table of :func:`group_rates` from confusion counts already added up.

    For callers that hold counts rather than rows: a monitor adds monthly counts into time
    windows and passes the windows as the leading axis.

    Parameters
    ----------
    counts : array-like of int, shape (n_groups, 4) or (n_candidates, n_groups, 4)
        ``tn, fp, fn, tp`` of every group (and candidate or window).
    groups : GroupCodes or list of str
        The group labels (GroupCodes also gives the index name).
    name : str, optional
        Index name (default: ``groups.name``, or "group").
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.

    Returns
    -------
    pandas.DataFrame
        As :func:`group_rates`.
    """
    min_group_size = check_integer(min_group_size, "min_group_size", low=1)
    c = np.asarray(counts)
    if c.dtype.kind not in "iu" or c.ndim not in (2, 3) or c.shape[-1] != 4:
        raise ValueError(_BAD_COUNTS.format(shape=c.shape))
    labels = list(groups.labels) if isinstance(groups, GroupCodes) else [str(g) for g in groups]
    if name is None:
        name = groups.name if isinstance(groups, GroupCodes) else "group"
    if c.shape[-2] != len(labels):
        raise ValueError(_BAD_COUNTS.format(shape=c.shape))
    return _rates_table(c, labels, name, min_group_size)


def _rates_table(counts: np.ndarray, labels: list[str], name: str,
                 min_group_size: int) -> pd.DataFrame:
    """:func:`group_rates_from_counts` on trusted input: integer counts
    ``(n_groups, 4)`` or ``(n_candidates, n_groups, 4)`` matching `labels`."""
    single = counts.ndim == 2
    c = counts.reshape(-1, counts.shape[-2], 4).astype(np.int64)
    m = c.shape[0]
    tn, fp, fn, tp = (c[..., i].ravel() for i in range(4))
    n = tn + fp + fn + tp
    pos, neg, sel = tp + fn, fp + tn, tp + fp
    ratios = {
        "base_rate": (pos, n), "selection_rate": (sel, n), "accuracy": (tp + tn, n),
        "tpr": (tp, pos), "fpr": (fp, neg), "fnr": (fn, pos), "precision": (tp, sel),
    }
    cols: dict[str, np.ndarray] = {"count": n, "positives": pos, "negatives": neg}
    undefined = np.zeros(n.shape, dtype=bool)
    for rate in RATE_COLUMNS:
        p, lo, hi = _wilson(*ratios[rate])
        cols[rate], cols[f"{rate}_low"], cols[f"{rate}_high"] = p, lo, hi
        undefined |= np.isnan(p)
    cols["small"] = (n < min_group_size) | (pos < MIN_CLASS_COUNT) | (neg < MIN_CLASS_COUNT) \
        | undefined
    if single:
        index = pd.Index(labels, name=name)
    else:
        index = pd.MultiIndex.from_product([range(m), labels], names=["candidate", name])
    return pd.DataFrame(cols, index=index)


def group_rates(y_true: Any, y_pred: Any, groups: Any, *, min_group_size: int = 30
                ) -> pd.DataFrame:
    """Confusion counts and rates of every group, each rate with its 95 % Wilson interval.

    The engine of the package: one :func:`numpy.bincount` over
    ``group × candidate × (y_true, y_pred)`` cells.

    Parameters
    ----------
    y_true : array-like of 0/1, shape (n_samples,)
        True labels (1 = the favourable outcome, e.g. "completes").
    y_pred : array-like of 0/1, shape (n_samples,) or (n_samples, n_candidates)
        Decisions; a matrix holds one column per candidate (thresholds of a frontier).
    groups : GroupCodes or array-like
        From :func:`encode_groups` (encode once, count often); anything else is encoded.
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.

    Returns
    -------
    pandas.DataFrame
        One row per group (index: group label, named after the attribute), or per
        (candidate, group) for a matrix (MultiIndex ``candidate``, group). Columns
        ``count``, ``positives``, ``negatives``, then for each rate of :data:`RATE_COLUMNS`
        the rate, ``<rate>_low`` and ``<rate>_high`` (95 % Wilson score interval), and
        ``small`` (fewer than `min_group_size` rows, fewer than 5 positives or negatives,
        or an undefined rate). A rate with no denominator (TPR of a group without positives)
        is NaN, and so are its limits.

    Raises
    ------
    ValueError
        Labels other than 0/1, NaN, empty or mismatched inputs, ``min_group_size < 1``.
    TypeError
        `min_group_size` not an integer.

    Examples
    --------
    >>> g = encode_groups(["a", "a", "b", "b"])
    >>> group_rates([1, 0, 1, 1], [1, 0, 0, 1], g, min_group_size=1)["tpr"].to_dict()
    {'a': 1.0, 'b': 0.5}
    """
    min_group_size = check_integer(min_group_size, "min_group_size", low=1)
    if len(y_true) == 0:
        raise ValueError(_EMPTY_INPUT.format(name="y_true"))
    t, p, codes = _rows(y_true, y_pred, groups, soft=False)
    return _rates_table(_confusion(t, p, codes), list(codes.labels), codes.name, min_group_size)


@dataclass(frozen=True)
class GroupGap:
    """A group-fairness gap: the largest minus the smallest group value of one rate.

    Attributes
    ----------
    metric : str
        The rate compared (or "equalized_odds").
    difference : float
        ``max - min`` over the groups compared (NaN when undefined under ``undefined="nan"``).
    low, high : float
        95 % interval of the difference (Newcombe's hybrid score interval).
    ratio : float
        ``min / max`` (NaN when max is 0); the four-fifths rule reads it.
    min_group, max_group : str
        Labels of the lowest and the highest group.
    passes_four_fifths : bool
        ``ratio >= 0.8`` (the "80 % rule" of US employment guidance; meaningful for
        selection rates).
    undefined_groups : tuple of str
        Groups whose rate is undefined (excluded, or the reason the gap is NaN).
    """

    metric: str
    difference: float
    low: float
    high: float
    ratio: float
    min_group: str | None
    max_group: str | None
    passes_four_fifths: bool
    undefined_groups: tuple[str, ...] = ()


def _gap_arrays(values, lows, highs, use, labels, metric, undefined, candidates):
    """Gap, interval, ratio and extreme groups per row of ``values`` (candidates × groups)."""
    nan = np.isnan(values)
    bad = nan & use
    if undefined == "raise" and bad.any():
        i = int(np.flatnonzero(bad.any(axis=1))[0])
        where = f" (candidate {candidates[i]})" if candidates is not None else ""
        raise ValueError(_UNDEFINED_GROUP.format(
            metric=metric, groups=", ".join(repr(labels[j]) for j in np.flatnonzero(bad[i])),
            where=where, reason=_REASONS[metric]))
    ok = use & ~nan
    n_ok = ok.sum(axis=1)
    if undefined != "nan" and (n_ok < 2).any():
        i = int(np.flatnonzero(n_ok < 2)[0])
        shown = ", ".join(repr(labels[j]) for j in np.flatnonzero(ok[i])) or "none"
        raise ValueError(FEWER_THAN_TWO_GROUPS.format(name="table", count=int(n_ok[i]),
                                                      groups=shown))
    hi_i = np.argmax(np.where(ok, values, -np.inf), axis=1)
    lo_i = np.argmin(np.where(ok, values, np.inf), axis=1)
    r = np.arange(values.shape[0])
    p1, p2 = values[r, hi_i], values[r, lo_i]
    l1, u1, l2, u2 = lows[r, hi_i], highs[r, hi_i], lows[r, lo_i], highs[r, lo_i]
    diff = p1 - p2
    low = np.clip(diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), -1.0, 1.0)
    high = np.clip(diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), -1.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p1 > 0, p2 / np.where(p1 > 0, p1, 1), np.nan)
    void = (n_ok < 2) | ((undefined == "nan") & bad.any(axis=1))
    diff, low, high, ratio = (np.where(void, np.nan, a) for a in (diff, low, high, ratio))
    return diff, low, high, ratio, hi_i, lo_i, void, bad


def group_gap(table: pd.DataFrame, metric: str = "tpr", *, undefined: str = "raise",
              exclude_small: bool = False) -> GroupGap | pd.DataFrame:
    """Largest minus smallest group value of a rate, with its 95 % interval.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`group_rates` or :func:`metrics_by_group` (or any table with one row per
        group and a column `metric`; without ``<metric>_low``/``<metric>_high`` columns the
        interval is NaN).
    metric : str, default "tpr"
        One of :data:`GAP_METRICS`. "selection_rate" gives the demographic-parity
        difference, "tpr" the equal-opportunity difference, "equalized_odds" the larger of
        the TPR and FPR gaps.
    undefined : {"raise", "nan", "ignore"}, default "raise"
        Rule for a group whose rate is undefined (no positives for TPR, ...): raise a
        ValueError naming it (fail closed), return a NaN gap (fail closed without raising),
        or leave the group out. See :data:`UNDEFINED_RULES`.
    exclude_small : bool, default False
        Leave out groups flagged ``small`` (they are not "undefined").

    Returns
    -------
    GroupGap or pandas.DataFrame
        A :class:`GroupGap` for a one-candidate table; for a candidate table (from a matrix
        of decisions) a DataFrame indexed by candidate with the same fields as columns.

    Raises
    ------
    ValueError
        Unknown metric or rule, a table without the metric's columns, an undefined group
        under ``undefined="raise"``, or fewer than two groups with a value.
    TypeError
        If `table` is not a DataFrame.

    Examples
    --------
    >>> t = group_rates([1, 1, 1, 1], [1, 1, 1, 0], encode_groups(["a", "a", "b", "b"]))
    >>> group_gap(t, "tpr").difference
    0.5
    """
    check_in(metric, GAP_METRICS, "metric")
    check_in(undefined, UNDEFINED_RULES, "undefined")
    parts = ("tpr", "fpr") if metric == "equalized_odds" else (metric,)
    needed = list(parts)  # the interval columns are optional (NaN limits without them)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(_NOT_A_TABLE.format(name="table", columns=", ".join(map(repr, needed))))
    if any(c not in table.columns for c in needed) or len(table) == 0:
        raise ValueError(_NOT_A_TABLE.format(name="table", columns=", ".join(map(repr, needed))))
    multi = isinstance(table.index, pd.MultiIndex) and table.index.names[0] == "candidate"
    if multi:
        candidates = table.index.levels[0][table.index.codes[0]].unique()
        labels = [str(g) for g in table.index.get_level_values(1)[: len(table) // len(candidates)]]
    else:
        candidates, labels = None, [str(g) for g in table.index]
    shape = (len(candidates) if multi else 1, len(labels))
    use = np.ones(shape, dtype=bool)
    if exclude_small and "small" in table.columns:
        use &= ~table["small"].to_numpy(bool).reshape(shape)
    results = []
    for part in parts:
        v, lo, hi = (table[c].to_numpy(float).reshape(shape) if c in table.columns
                     else np.full(shape, np.nan) for c in (part, f"{part}_low", f"{part}_high"))
        results.append(_gap_arrays(v, lo, hi, use, labels, part, undefined, candidates))
    if len(results) == 2:  # equalized odds: the larger of the two gaps, row by row
        pick = np.where(np.nan_to_num(results[1][0], nan=-1) > np.nan_to_num(results[0][0],
                                                                             nan=-1), 1, 0)
        merged = []
        for a, b in zip(results[0], results[1], strict=True):
            merged.append(np.where(pick == 1, b, a) if a.ndim == 1 else np.where(
                (pick == 1)[:, None], b, a))
        void = results[0][6] | results[1][6]
        merged[0] = np.where(void, np.nan, merged[0])
        merged[6] = void
        merged[7] = results[0][7] | results[1][7]
        results = [tuple(merged)]
    diff, low, high, ratio, hi_i, lo_i, void, bad = results[0]
    lab = np.asarray(labels, dtype=object)
    fields = {
        "difference": diff, "low": low, "high": high, "ratio": ratio,
        "min_group": np.where(void, None, lab[lo_i]), "max_group": np.where(void, None, lab[hi_i]),
        "passes_four_fifths": np.where(np.isnan(ratio), False, ratio >= 0.8),
        "undefined_groups": [tuple(lab[row].tolist()) for row in bad],
    }
    if multi:
        return pd.DataFrame(fields, index=pd.Index(candidates, name="candidate"))
    return GroupGap(
        metric=metric,
        difference=float(diff[0]), low=float(low[0]), high=float(high[0]),
        ratio=float(ratio[0]),
        min_group=None if void[0] else str(lab[lo_i[0]]),
        max_group=None if void[0] else str(lab[hi_i[0]]),
        passes_four_fifths=bool(fields["passes_four_fifths"][0]),
        undefined_groups=fields["undefined_groups"][0],
    )



# ---------------------------------------------------------- thresholds by group
# The threshold explorer's computation: one home, so a slider move runs in this module only.

@dataclass(frozen=True)
class ThresholdResult:
    """What the threshold explorer shows.

    Attributes
    ----------
    table : pandas.DataFrame
        :func:`metrics_by_group` table of the thresholded decisions.
    thresholds : dict
        The threshold used for each group.
    accuracy : float
        Overall accuracy of the decisions.
    tpr_gap, fpr_gap : float
        Max − min TPR and FPR between groups (NaN if fewer than two groups have a value).
    """

    table: pd.DataFrame
    thresholds: dict[str, float]
    accuracy: float
    tpr_gap: float
    fpr_gap: float


def _gap(table: pd.DataFrame, metric: str) -> float:
    """``group_gap(table, metric, undefined="nan").difference`` on a trusted table."""
    row = table[metric].to_numpy(float)[None, :]
    return float(_gap_arrays(row, row, row, np.ones(row.shape, bool), list(table.index),
                             metric, "nan", None)[0][0])


def threshold_by_group(scores: Any, y_true: Any, *, sensitive_features: Any,
                       thresholds: float | Mapping[str, float],
                       min_group_size: int = 30, check_input: bool = True) -> ThresholdResult:
    """Decide ``score >= threshold`` (one threshold, or one per group) and slice the result.

    Parameters
    ----------
    scores : array-like of float in [0, 1]
        Model scores (estimated probability of label 1).
    y_true : array-like of 0/1
        True labels.
    sensitive_features : Series, array-like, DataFrame or GroupCodes
        Groups; pass :class:`GroupCodes` (from :func:`encode_groups`) to skip re-encoding.
    thresholds : float or mapping of group label to float
        One threshold for all, or one per group (every group needs one).
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.
    check_input : bool, default True
        Check every input. False skips the checks (scikit-learn's ``check_input``), for a
        caller that checked them once — a widget moving a threshold: `scores` must then be
        a 1-d float array in [0, 1], `y_true` a 1-d int64 array of 0/1 of the same length,
        `sensitive_features` a :class:`GroupCodes` and every threshold in [0, 1].

    Returns
    -------
    ThresholdResult

    Raises
    ------
    ValueError
        Scores outside [0, 1], a threshold outside [0, 1], a group without a threshold, plus
        the checks of :func:`metrics_by_group`.

    Examples
    --------
    >>> r = threshold_by_group([0.2, 0.5, 0.7, 0.4], [0, 1, 1, 1],
    ...                        sensitive_features=["a", "a", "b", "b"],
    ...                        thresholds={"a": 0.5, "b": 0.3}, min_group_size=1)
    >>> r.table["tpr"].to_dict(), r.accuracy
    ({'a': 1.0, 'b': 1.0}, 1.0)
    """
    if not check_input:  # checked once by the caller: the hot path of a widget
        s, t, groups = scores, y_true, sensitive_features
        if isinstance(thresholds, Mapping):
            used = {g: float(thresholds[g]) for g in groups.labels}
            per_row = np.array([used[g] for g in groups.labels])[groups.codes]
        else:
            used = dict.fromkeys(groups.labels, float(thresholds))
            per_row = float(thresholds)
        decisions = (s >= per_row).astype(np.int64)
        table = _rates_table(_confusion(t, decisions, groups), groups.labels, groups.name,
                             min_group_size)
        return ThresholdResult(table=table, thresholds=used,
                               accuracy=float((decisions == t).mean()),
                               tpr_gap=_gap(table, "tpr"), fpr_gap=_gap(table, "fpr"))
    s = check_scores(scores)
    if len(y_true) == 0:
        raise ValueError(_EMPTY_INPUT.format(name="y_true"))
    t = check_binary(y_true, "y_true")
    check_same_length(s, t, "scores", "y_true")
    groups = encode_groups(sensitive_features)
    check_same_length(s, groups.codes, "scores", "sensitive_features")
    if isinstance(thresholds, Mapping):
        missing = [g for g in groups.labels if g not in thresholds]
        if missing:
            raise ValueError(_MISSING_THRESHOLDS.format(
                name="thresholds", missing=", ".join(map(repr, missing)),
                groups=", ".join(map(repr, groups.labels))))
        used = {g: check_probability(thresholds[g], f"thresholds[{g!r}]")
                for g in groups.labels}
        per_row = np.array([used[g] for g in groups.labels])[groups.codes]
    else:
        value = check_probability(thresholds, "thresholds")
        used = dict.fromkeys(groups.labels, value)
        per_row = value
    decisions = (s >= per_row).astype(np.int64)
    table = group_rates(t, decisions, groups, min_group_size=min_group_size)
    return ThresholdResult(table=table, thresholds=used,
                           accuracy=float((decisions == t).mean()),
                           tpr_gap=_gap(table, "tpr"), fpr_gap=_gap(table, "fpr"))



def overall_rates(y_true: Any, y_pred: Any) -> pd.Series:
    """The rates of :func:`group_rates` for everyone together (one row, as a Series).

    Parameters
    ----------
    y_true : array-like of 0/1
        Labels.
    y_pred : array-like of 0/1, shape (n_samples,) or (n_samples, n_candidates)
        Decisions, or one column per candidate.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        ``count``, ``positives``, ``negatives``, every rate with its interval, ``small``;
        for a matrix, one row per candidate.

    Examples
    --------
    >>> float(overall_rates([1, 0, 1, 1], [1, 0, 0, 1])["accuracy"])
    0.75
    """
    table = group_rates(y_true, y_pred, _overall(len(y_true)), min_group_size=1)
    return table.iloc[0] if np.ndim(y_pred) == 1 else table.droplevel(1)


def _expected_confusion(t: np.ndarray, p: np.ndarray, codes: GroupCodes,
                        weights: np.ndarray | None = None) -> np.ndarray:
    """Expected tn, fp, fn, tp of every group when row i is selected with probability p[i].

    ``weights`` (n_resamples, n_samples) counts each row's copies in a resample; the result
    is then (n_resamples, n_groups, 4), else (n_groups, 4). Floats: expectations, not counts.
    """
    k = len(codes.labels)
    onehot = np.zeros((len(t), k))
    onehot[np.arange(len(t)), codes.codes] = 1.0
    cells = np.stack([(1 - t) * (1 - p), (1 - t) * p, t * (1 - p), t * p], axis=1)
    design = (onehot[:, :, None] * cells[:, None, :]).reshape(len(t), 4 * k)
    out = design.sum(axis=0) if weights is None else weights @ design
    return out.reshape(*out.shape[:-1], k, 4)


def _expected_rates(cm: np.ndarray) -> dict[str, np.ndarray]:
    tn, fp, fn, tp = np.moveaxis(cm, -1, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"count": tn + fp + fn + tp, "positives": fn + tp,
                "selection_rate": (fp + tp) / (tn + fp + fn + tp),
                "accuracy": (tn + tp) / (tn + fp + fn + tp),
                "tpr": tp / (fn + tp), "fpr": fp / (tn + fp)}


def _check_selection(y_true: Any, p_selected: Any, sensitive_features: Any
                     ) -> tuple[np.ndarray, np.ndarray, GroupCodes]:
    t = _binary_matrix(y_true, "y_true").ravel()
    p = _probabilities(p_selected, "p_selected")
    if len(t) == 0:
        raise ValueError(_EMPTY_INPUT.format(name="y_true"))
    if p.shape != t.shape:
        raise ValueError(LENGTH_MISMATCH.format(name_a="y_true", name_b="p_selected",
                                                len_a=len(t), len_b=p.size))
    codes = encode_groups(sensitive_features)
    if len(codes.codes) != len(t):
        raise ValueError(LENGTH_MISMATCH.format(name_a="y_true", name_b="sensitive_features",
                                                len_a=len(t), len_b=len(codes.codes)))
    return t, p, codes


def expected_group_rates(y_true: Any, p_selected: Any, *, sensitive_features: Any
                         ) -> pd.DataFrame:
    """Expected rates of every group under a *randomised* decision rule.

    fairlearn's ``ExponentiatedGradient`` and ``ThresholdOptimizer`` select some people with
    a probability strictly between 0 and 1, so one call of ``predict(random_state=...)`` is
    one draw of a lottery. The rates to report are the expectations over that lottery:
    with ``p_selected[i]`` the probability that person *i* is selected (``_pmf_predict(X)[:, 1]``
    in fairlearn), the expected selection rate of a group is the mean of ``p_selected`` in it,
    its expected TPR the mean over its positives, and so on. For 0/1 decisions the result
    equals :func:`group_rates`.

    Parameters
    ----------
    y_true : array-like of 0/1
        Labels.
    p_selected : array-like of float in [0, 1]
        Probability that each person gets the decision 1.
    sensitive_features : Series, array-like or DataFrame
        Groups (a DataFrame for intersections).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``count``, ``positives``, expected ``selection_rate``,
        ``accuracy``, ``tpr`` and ``fpr``.

    Raises
    ------
    ValueError
        Labels other than 0/1, probabilities outside [0, 1], empty or mismatched inputs.

    Examples
    --------
    >>> expected_group_rates([1, 1, 0, 1], [0.5, 1.0, 0.0, 0.2],
    ...                      sensitive_features=["a", "a", "b", "b"])["tpr"].round(2).to_dict()
    {'a': 0.75, 'b': 0.2}
    """
    t, p, codes = _check_selection(y_true, p_selected, sensitive_features)
    rates = _expected_rates(_expected_confusion(t, p, codes))
    return pd.DataFrame(rates, index=pd.Index(codes.labels, name=codes.name))


def paired_bootstrap(y_true: Any, decisions: Any, *, sensitive_features: Any, reference: str,
                     n_resamples: int = 2000, random_state: int = 0,
                     difference: tuple[str, str] | None = None) -> pd.DataFrame:
    """Paired bootstrap intervals for the change in accuracy and in the gaps between rules.

    Every rule is scored on the *same* people, so their differences are paired: a learner the
    reference gets wrong is often wrong under the other rule too. Resampling people (with
    replacement) and recomputing every rule's accuracy and gaps on the same resample keeps
    that pairing; two separate intervals would be far too wide. Randomised rules enter with
    their probabilities of selection and are scored by their expected outcomes (see
    :func:`expected_group_rates`), so no single draw of the lottery decides the result.

    Parameters
    ----------
    y_true : array-like of 0/1
        Labels.
    decisions : dict of str -> array-like
        Each rule's decisions (0/1) or probabilities of selection, one value per person.
    sensitive_features : Series, array-like or DataFrame
        Groups.
    reference : str
        The rule the others are compared with (a key of `decisions`).
    n_resamples : int, default 2000
        Bootstrap resamples.
    random_state : int, default 0
        Seed of the resampling.
    difference : tuple of two group labels, optional
        ``(a, b)``: also report the *signed* differences ``rate(a) − rate(b)`` of TPR and of
        selection rate (columns ``tpr_difference_change`` and
        ``selection_rate_difference_change``, with intervals). The groups are fixed before
        resampling, so the sign is never folded. Default: the two groups in sorted order when
        there are exactly two; none otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per rule other than `reference`: for ``accuracy``, ``tpr_gap`` (max − min
        group TPR) and ``selection_rate_gap``, the difference *rule − reference* on the full
        data (``<metric>_change``) and its 95 % percentile interval (``_low``, ``_high``);
        with `difference`, the same for the signed differences (see above). The attribute
        ``out.attrs["difference"]`` names the pair.
        A group is counted among the groups with a TPR only in resamples that hold some of
        its positives (the gap ignores an undefined TPR, like ``undefined="ignore"``).

    Notes
    -----
    The max − min gap has no sign. When a rule closes a gap, the gap after it sits near zero
    and its bootstrap distribution is folded at zero, so the percentile interval of its
    change is too short on the side of zero (it does not have nominal coverage). Read the
    signed ``*_difference_change`` columns instead; with more than two groups, name the pair
    in `difference`.

    Raises
    ------
    ValueError
        `decisions` not a dict, `reference` not one of its keys, bad labels or
        probabilities, mismatched lengths.

    Examples
    --------
    >>> y = [1, 1, 0, 0, 1, 0]
    >>> g = ["a", "a", "a", "b", "b", "b"]
    >>> out = paired_bootstrap(y, {"old": [1, 0, 0, 0, 1, 1], "new": [1, 1, 0, 0, 1, 1]},
    ...                        sensitive_features=g, reference="old", n_resamples=200)
    >>> round(float(out.loc["new", "accuracy_change"]), 3)
    0.167
    """
    if not isinstance(decisions, dict):
        raise ValueError(_NOT_A_MAPPING.format(name="decisions", kind=type(decisions).__name__))
    if reference not in decisions:
        raise ValueError(_UNKNOWN_REFERENCE.format(names=list(decisions), value=reference))
    n_resamples = check_integer(n_resamples, "n_resamples", low=10)
    random_state = check_integer(random_state, "random_state", low=0)
    checked = {name: _check_selection(y_true, p, sensitive_features)
               for name, p in decisions.items()}
    t, _, codes = checked[reference]
    if difference is None and len(codes.labels) == 2:
        difference = (codes.labels[0], codes.labels[1])
    pair = None
    if difference is not None:
        if (not isinstance(difference, (tuple, list)) or len(difference) != 2
                or any(str(g) not in codes.labels for g in difference)
                or str(difference[0]) == str(difference[1])):
            raise ValueError(_BAD_DIFFERENCE.format(labels=codes.labels, value=difference))
        difference = (str(difference[0]), str(difference[1]))
        pair = (codes.labels.index(difference[0]), codes.labels.index(difference[1]))
    metrics = ["accuracy", "tpr_gap", "selection_rate_gap"]
    if pair is not None:
        metrics += ["tpr_difference", "selection_rate_difference"]
    n = len(t)
    rng = np.random.default_rng(random_state)
    draws = rng.integers(0, n, size=(n_resamples, n))
    weights = np.stack([np.bincount(row, minlength=n) for row in draws]).astype(float)

    def scores(p: np.ndarray, w: np.ndarray | None) -> dict[str, np.ndarray]:
        by_group = _expected_confusion(t, p, codes, w)
        r = _expected_rates(by_group)
        cm = by_group.sum(axis=-2)
        with warnings.catch_warnings():  # a resample may leave a group without positives
            warnings.simplefilter("ignore", RuntimeWarning)
            out = {"accuracy": (cm[..., 0] + cm[..., 3]) / cm.sum(axis=-1),
                   "tpr_gap": np.nanmax(r["tpr"], axis=-1) - np.nanmin(r["tpr"], axis=-1),
                   "selection_rate_gap": (np.nanmax(r["selection_rate"], axis=-1)
                                          - np.nanmin(r["selection_rate"], axis=-1))}
            if pair is not None:
                for m in ("tpr", "selection_rate"):
                    out[f"{m}_difference"] = r[m][..., pair[0]] - r[m][..., pair[1]]
            return out

    ref_full = scores(checked[reference][1], None)
    ref_boot = scores(checked[reference][1], weights)
    rows = {}
    for name, (_, p, _) in checked.items():
        if name == reference:
            continue
        full, boot = scores(p, None), scores(p, weights)
        row = {}
        for metric in metrics:
            diff = boot[metric] - ref_boot[metric]
            row[f"{metric}_change"] = float(full[metric] - ref_full[metric])
            row[f"{metric}_change_low"] = float(np.nanpercentile(diff, 2.5))
            row[f"{metric}_change_high"] = float(np.nanpercentile(diff, 97.5))
        rows[name] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.attrs["difference"] = difference
    return result

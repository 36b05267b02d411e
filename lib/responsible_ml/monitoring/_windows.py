"""Drift, performance and fairness measures per time window, alert rules and incidents.

The expensive part (scoring, binning, counting) is done once per month by
:func:`monthly_stats`; :func:`window_measures` then only adds up counts, so changing the
window size in a widget costs a few milliseconds.

Windows are consecutive blocks of ``window`` months starting at the first production
month: window ``k`` holds months ``first + k·window … first + (k+1)·window − 1``. Only
complete windows are reported (a trailing partial window would mix sizes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_integer, check_real, exceeds
from ..fairness import group_gap
from ..fairness._engine import INTERSECTION_SEP, GroupCodes, group_counts, group_rates_from_counts
from ._drift import _bin_codes, _bin_counts, ks_test, psi

__all__ = [
    "AlertRule",
    "monitor",
    "monthly_stats",
    "window_measures",
    "feature_drift_by_window",
    "evaluate_alerts",
]

_NO_COMPLETE_WINDOW = (
    "window={window} is longer than the {months} month(s) of data: no complete window"
)


def window_index(months, *, window: int = 1, first: int | None = None) -> np.ndarray:
    """Window number of each month: ``(month - first) // window`` (−1 before `first`).

    Parameters
    ----------
    months : array-like of int
    window : int, default 1
        Months per window.
    first : int, optional
        First month of window 0 (default: the smallest month).

    Returns
    -------
    numpy.ndarray of int
    """
    window = check_integer(window, "window", low=1)
    m = np.asarray(months, dtype=np.int64)
    if first is None:
        first = int(m.min()) if m.size else 0
    out = (m - first) // window
    return np.where(m < first, -1, out)


@dataclass
class MonthlyStats:
    """Counts per production month, so that any window is a sum of rows.

    Attributes
    ----------
    months : numpy.ndarray
        Every month from the first to the last production month (months without rows
        included, with zero counts).
    features : tuple of str
    feature_counts : dict of str to numpy.ndarray (months × bins)
        Rows per PSI bin of each feature (bins from the reference sample).
    reference_counts : dict of str to numpy.ndarray (bins,)
        The reference sample's counts in the same bins (key "score" for predictions).
    groups : list of str
    confusion : numpy.ndarray (months × groups × 4)
        tn, fp, fn, tp per month and group.
    model_version : str
    """

    months: np.ndarray
    features: tuple
    feature_counts: dict
    reference_counts: dict
    groups: list
    confusion: np.ndarray
    model_version: str = ""


def monthly_stats(production: pd.DataFrame, model, reference: pd.DataFrame, *,
                  features=None, label_col: str = "completed", group_col: str = "background",
                  month_col: str = "enrol_month", bins: int = 10,
                  decisions: np.ndarray | None = None,
                  scores: np.ndarray | None = None) -> MonthlyStats:
    """Score the production rows once and count everything the monitor needs per month.

    Parameters
    ----------
    production : pandas.DataFrame
        Rows seen after deployment.
    model : DeployedModel
        The deployed model (scores and decisions).
    reference : pandas.DataFrame
        The rows the model was trained on; PSI bins come from here.
    features : sequence of str, optional
        Features to watch (default: the model's).
    label_col, group_col, month_col : str
        Outcome, sensitive attribute and month columns.
    bins : int
        PSI bins.
    decisions, scores : numpy.ndarray, optional
        Precomputed decisions/scores of `production` (e.g. from a simulated policy).

    Returns
    -------
    MonthlyStats
    """
    check_frame(production, "production")
    check_frame(reference, "reference")
    features = tuple(model.features if features is None else features)
    check_columns(production, [*features, label_col, group_col, month_col], "production")
    check_columns(reference, list(features), "reference")
    months_of_row = production[month_col].to_numpy(np.int64)
    months = np.arange(months_of_row.min(), months_of_row.max() + 1)
    row_month = months_of_row - months[0]
    n_months = len(months)
    feature_counts, reference_counts = {}, {}
    s = model.scores(production) if scores is None else np.asarray(scores, float)
    for f, ref_values, values in [*((f, reference[f], production[f]) for f in features),
                                  ("score", model.scores(reference), s)]:
        ref_codes, codes, labels = _bin_codes(ref_values, values, bins)
        reference_counts[f] = _bin_counts(ref_codes, len(labels))
        feature_counts[f] = _bin_counts(codes, len(labels), by=row_month, n_by=n_months)
    d = model.decide(production, s) if decisions is None else np.asarray(decisions, np.int64)
    col = production[group_col]
    if isinstance(col.dtype, pd.CategoricalDtype):  # every category, even if absent here
        groups = sorted(str(x) for x in col.cat.categories)
    else:
        groups = sorted(col.astype(str).unique().tolist())
    gcode = pd.Categorical(col.astype(str), categories=groups).codes.astype(np.intp)
    # the engine counts the confusion cells of every (month, group), months × groups × 4
    cells = GroupCodes(codes=row_month * len(groups) + gcode,
                       labels=[f"{m}{INTERSECTION_SEP}{g}" for m in months for g in groups],
                       name=f"{month_col}{INTERSECTION_SEP}{group_col}")
    counts = group_counts(production[label_col].to_numpy(np.int64), d, cells)
    confusion = counts[["tn", "fp", "fn", "tp"]].to_numpy(copy=True).reshape(
        n_months, len(groups), 4)
    return MonthlyStats(months=months, features=features, feature_counts=feature_counts,
                        reference_counts=reference_counts, groups=groups,
                        confusion=confusion, model_version=getattr(model, "version", ""))


def _psi_from_counts(ref_counts: np.ndarray, counts: np.ndarray, eps: float) -> np.ndarray:
    """PSI of each row of `counts` (windows × bins) against `ref_counts`; NaN if empty."""
    e = np.maximum(ref_counts / ref_counts.sum(), eps)
    tot = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.maximum(np.where(tot > 0, counts / np.where(tot > 0, tot, 1), np.nan), eps)
        out = np.sum((a - e) * np.log(a / e), axis=1)
    return np.where(tot[:, 0] > 0, out, np.nan)


def window_measures(stats: MonthlyStats, *, window: int = 1, eps: float = 1e-4,
                    min_positives: int = 1) -> pd.DataFrame:
    """Drift, performance and fairness measures per window, from monthly counts.

    Parameters
    ----------
    stats : MonthlyStats
        From :func:`monthly_stats`.
    window : int, default 1
        Months per window (complete windows only).
    eps : float, default 1e-4
        PSI smoothing (see :func:`responsible_ml.monitoring.psi`).
    min_positives : int, default 1
        A group's TPR needs at least this many positives in the window, else NaN.

    Returns
    -------
    pandas.DataFrame
        One row per window (index ``window``): ``start_month``, ``end_month``, ``n``,
        ``empty`` (no rows), ``psi_<feature>`` per feature, ``psi_max`` (largest feature
        PSI), ``psi_score`` (prediction drift), ``selection_rate``, ``accuracy``, ``error``,
        ``n_<group>``, ``tpr_<group>``, ``tpr_gap`` (max − min over groups with a TPR, from
        the engine), ``tpr_gap_low`` / ``tpr_gap_high`` (its 95 % interval) and
        ``group_missing`` (True when some group has no TPR in the window — absent or
        without positives; the gap is then NaN rather than computed on fewer groups).

    Raises
    ------
    ValueError
        If `window` is not an integer ≥ 1 (:data:`~responsible_ml._validation.NOT_AN_INTEGER`) or longer than the data
        (:data:`NO_COMPLETE_WINDOW`).
    """
    window = check_integer(window, "window", low=1)
    eps = check_real(eps, "eps", low=0, high=1, closed="neither")
    n_months = len(stats.months)
    n_windows = n_months // window
    if n_windows == 0:
        raise ValueError(_NO_COMPLETE_WINDOW.format(window=window, months=n_months))
    used = n_windows * window

    def fold(arr):
        return arr[:used].reshape(n_windows, window, *arr.shape[1:]).sum(axis=1)

    conf = fold(stats.confusion)  # windows × groups × 4
    out = {
        "start_month": stats.months[:used:window],
        "end_month": stats.months[window - 1:used:window],
    }
    tot = conf.sum(axis=1)  # windows × 4
    n = tot.sum(axis=1)
    out["n"] = n
    out["empty"] = n == 0
    psis = {}
    for f in stats.features:
        psis[f] = _psi_from_counts(stats.reference_counts[f], fold(stats.feature_counts[f]), eps)
        out[f"psi_{f}"] = psis[f]
    stacked = np.vstack([psis[f] for f in stats.features])
    with np.errstate(invalid="ignore"):
        out["psi_max"] = np.where(n > 0, np.nanmax(np.where(np.isnan(stacked), -np.inf,
                                                            stacked), axis=0), np.nan)
    out["psi_score"] = _psi_from_counts(stats.reference_counts["score"],
                                        fold(stats.feature_counts["score"]), eps)
    # Rates and the gap come from the engine: the windows are its leading axis.
    overall = group_rates_from_counts(tot[:, None, :], ["all"], min_group_size=1)
    out["selection_rate"] = overall["selection_rate"].to_numpy(float)
    out["accuracy"] = overall["accuracy"].to_numpy(float)
    out["error"] = 1 - out["accuracy"]
    table = group_rates_from_counts(conf, stats.groups, name="group", min_group_size=1)
    tpr = table["tpr"].to_numpy(float).reshape(n_windows, len(stats.groups))
    positives = table["positives"].to_numpy().reshape(n_windows, len(stats.groups))
    too_few = positives < max(min_positives, 1)
    for col in ("tpr", "tpr_low", "tpr_high"):  # a TPR on fewer positives is not reported
        table[col] = np.where(too_few.ravel(), np.nan, table[col].to_numpy(float))
    for j, g in enumerate(stats.groups):
        out[f"n_{g}"] = conf[:, j, :].sum(axis=1)
        out[f"tpr_{g}"] = np.where(too_few[:, j], np.nan, tpr[:, j])
    gap = group_gap(table, "tpr", undefined="nan")  # a group without a TPR: NaN, not fewer
    out["tpr_gap"] = gap["difference"].to_numpy(float)
    out["tpr_gap_low"] = gap["low"].to_numpy(float)
    out["tpr_gap_high"] = gap["high"].to_numpy(float)
    out["group_missing"] = np.isnan(np.vstack([out[f"tpr_{g}"] for g in stats.groups])).any(
        axis=0)
    frame = pd.DataFrame(out, index=pd.RangeIndex(n_windows, name="window"))
    return frame


def feature_drift_by_window(production: pd.DataFrame, reference: pd.DataFrame, features, *,
                            window: int = 1, month_col: str = "enrol_month", bins: int = 10,
                            eps: float = 1e-4) -> pd.DataFrame:
    """PSI and the two-sample KS test for every feature and window (from raw rows).

    Parameters
    ----------
    production, reference : pandas.DataFrame
    features : sequence of str
    window : int
        Months per window (complete windows only, starting at the first production month).
    month_col : str
    bins, eps
        PSI settings.

    Returns
    -------
    pandas.DataFrame
        Long format: ``window``, ``start_month``, ``feature``, ``n``, ``psi``, ``ks_stat``,
        ``ks_pvalue`` (KS only for numeric features, NaN otherwise; NaN measures for an
        empty window).
    """
    window = check_integer(window, "window", low=1)
    check_frame(production, "production")
    check_frame(reference, "reference")
    check_columns(production, [*features, month_col], "production")
    months = production[month_col].to_numpy(np.int64)
    first, last = int(months.min()), int(months.max())
    n_windows = (last - first + 1) // window
    if n_windows == 0:
        raise ValueError(_NO_COMPLETE_WINDOW.format(window=window, months=last - first + 1))
    widx = window_index(months, window=window, first=first)
    rows = []
    for k in range(n_windows):
        part = production[widx == k]
        for f in features:
            row = {"window": k, "start_month": first + k * window, "feature": f,
                   "n": len(part), "psi": np.nan, "ks_stat": np.nan, "ks_pvalue": np.nan}
            if len(part):
                row["psi"] = psi(reference[f], part[f], bins=bins, eps=eps)
                if reference[f].dtype.kind in "iuf":
                    res = ks_test(reference[f], part[f])
                    row["ks_stat"], row["ks_pvalue"] = res.statistic, res.pvalue
            rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class AlertRule:
    """Raise an alert when `column` exceeds `threshold` in `persistence` consecutive windows.

    Attributes
    ----------
    name : str
        Shown in the incident log ("input drift").
    column : str
        A column of :func:`window_measures` ("psi_max", "tpr_gap", "error", ...).
    threshold : float
        A window *breaches* when its value is greater than this (beyond rounding:
        :func:`~responsible_ml._validation.exceeds`).
    persistence : int, default 2
        Consecutive breaching windows needed to fire (1 = page on every breach).
    """

    name: str
    column: str
    threshold: float
    persistence: int = 2

    def __post_init__(self):
        check_integer(self.persistence, "persistence", low=1)


#: Rules used by the lesson and the widget: input drift, prediction drift, error, TPR gap.
DEFAULT_RULES = (
    AlertRule("input drift (largest feature PSI)", "psi_max", 0.25, 2),
    AlertRule("prediction drift (score PSI)", "psi_score", 0.1, 2),
    AlertRule("error rate", "error", 0.35, 2),
    AlertRule("TPR gap between groups", "tpr_gap", 0.1, 2),
)


def evaluate_alerts(measures: pd.DataFrame, rules=DEFAULT_RULES) -> pd.DataFrame:
    """Apply alert rules window by window, with persistence.

    Parameters
    ----------
    measures : pandas.DataFrame
        From :func:`window_measures` (needs ``start_month`` and each rule's column).
    rules : sequence of AlertRule

    Returns
    -------
    pandas.DataFrame
        One row per (rule, window): ``rule``, ``column``, ``window``, ``start_month``,
        ``value``, ``threshold``, ``breach`` (value > threshold), ``no_data`` (value is NaN:
        neither breach nor all-clear; it does not reset the streak), ``streak`` (consecutive
        breaching windows so far) and ``firing`` (streak ≥ persistence).
    """
    check_frame(measures, "measures")
    check_columns(measures, ["start_month", *[r.column for r in rules]], "measures")
    # Plain arrays, not iterrows: the drift monitor calls this on every control change.
    windows = [int(w) for w in measures.index]
    starts = measures["start_month"].to_numpy(dtype=int).tolist()
    rows = []
    for rule in rules:
        streak = 0
        values = measures[rule.column].to_numpy(dtype=float).tolist()
        for w, start, value in zip(windows, starts, values, strict=True):
            no_data = bool(np.isnan(value))
            breach = (not no_data) and exceeds(value, rule.threshold)
            if breach:
                streak += 1
            elif not no_data:
                streak = 0
            rows.append((rule.name, rule.column, w, start, value, rule.threshold, breach,
                         no_data, streak, streak >= rule.persistence))
    return pd.DataFrame(rows, columns=["rule", "column", "window", "start_month", "value",
                                       "threshold", "breach", "no_data", "streak", "firing"])


def incident_log(alerts: pd.DataFrame, *, clear_windows: int = 1) -> pd.DataFrame:
    """Turn per-window alert states into incidents: what fired, when, for how long.

    Parameters
    ----------
    alerts : pandas.DataFrame
        From :func:`evaluate_alerts`.
    clear_windows : int, default 1
        Consecutive windows back under the threshold (with data) before an incident is
        resolved — use the rule's persistence, so that one lucky window does not close an
        incident any more than one unlucky window opens one.

    Returns
    -------
    pandas.DataFrame
        One row per incident: ``rule``, ``first_breach_month`` (start of the streak),
        ``fired_month`` (window in which persistence was reached: the page goes out),
        ``resolved_month`` (window in which the value has been back under the threshold
        for `clear_windows` consecutive windows; NaN while open),
        ``peak`` (largest value), ``windows`` (firing windows), ``status``
        ("open"/"resolved"). Sorted by ``fired_month``.
    """
    cols = ["rule", "first_breach_month", "fired_month", "resolved_month", "peak", "windows",
            "status"]
    incidents = []
    for rule, part in alerts.groupby("rule", sort=False):
        part = part.sort_values("window")
        starts = part["start_month"].to_numpy(dtype=int).tolist()
        records = zip(starts, part["value"].to_numpy(dtype=float).tolist(),
                      part["breach"].tolist(), part["no_data"].tolist(),
                      part["firing"].tolist(), part["streak"].tolist(), strict=True)
        current, clear = None, 0
        for i, (start, value, breach, no_data, firing, streak) in enumerate(records):
            if current is not None and breach:
                clear = 0
            if firing and current is None:
                # The streak's windows are the last `streak` breaching windows up to here.
                breaching = [j for j in range(i + 1) if part["breach"].iat[j]]
                current = {"rule": rule,
                           "first_breach_month": starts[breaching[-int(streak)]],
                           "fired_month": start, "resolved_month": np.nan,
                           "peak": value, "windows": 1, "status": "open"}
            elif firing:
                current["windows"] += 1
                current["peak"] = max(current["peak"], value)
            elif current is not None and not no_data and not breach:
                clear += 1
                if clear >= clear_windows:
                    current["resolved_month"] = start
                    current["status"] = "resolved"
                    incidents.append(current)
                    current, clear = None, 0
        if current is not None:
            incidents.append(current)
    log = pd.DataFrame(incidents, columns=cols)
    return log.sort_values(["fired_month", "rule"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class MonitorResult:
    """What the drift monitor shows for one setting of its controls.

    Attributes
    ----------
    measures : pandas.DataFrame
        From :func:`window_measures`.
    alerts : pandas.DataFrame
        From :func:`evaluate_alerts`.
    incidents : pandas.DataFrame
        From :func:`incident_log`.
    rules : tuple of AlertRule
    """

    measures: pd.DataFrame
    alerts: pd.DataFrame
    incidents: pd.DataFrame
    rules: tuple


def monitor(stats: MonthlyStats, *, window: int = 1, psi_threshold: float = 0.25,
            gap_limit: float = 0.1, error_limit: float = 0.35, score_psi_threshold: float = 0.1,
            persistence: int = 2) -> MonitorResult:
    """Windowed measures, alerts and incidents for one setting (the widget's computation).

    Parameters
    ----------
    stats : MonthlyStats
        Precomputed once (:func:`monthly_stats`).
    window : int
        Months per window.
    psi_threshold : float
        Alert when the largest feature PSI exceeds this.
    gap_limit : float
        Alert when the TPR gap between groups exceeds this.
    error_limit, score_psi_threshold : float
        Alert levels for the error rate and prediction drift.
    persistence : int
        Consecutive breaching windows before an alert fires, and consecutive clear windows
        before its incident is resolved.

    Returns
    -------
    MonitorResult
    """
    rules = (
        AlertRule("input drift (largest feature PSI)", "psi_max", float(psi_threshold),
                  persistence),
        AlertRule("prediction drift (score PSI)", "psi_score", float(score_psi_threshold),
                  persistence),
        AlertRule("error rate", "error", float(error_limit), persistence),
        AlertRule("TPR gap between groups", "tpr_gap", float(gap_limit), persistence),
    )
    measures = window_measures(stats, window=window)
    alerts = evaluate_alerts(measures, rules)
    return MonitorResult(measures=measures, alerts=alerts,
                         incidents=incident_log(alerts, clear_windows=persistence), rules=rules)

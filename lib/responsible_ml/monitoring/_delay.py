"""Monitoring in calendar time: outcomes arrive ``label_delay`` months after the decision.

Whether a learner completes is known months after she enrols. A monitor in calendar month
``t`` can therefore compute input drift, score drift and the *selection rate* by group for
every enrolment month up to ``t`` (they need no outcome), but the error rate and the TPR
by group only for enrolment months up to ``t - label_delay``. This module makes that
explicit:

- :func:`selection_measures` — per window, each group's selection rate and the selection
  gap (no labels needed);
- :func:`measures_as_of` — what the monitor can see in one calendar month (label-based
  columns of later windows are NaN);
- :func:`incidents_with_delay` — the incident log with the calendar month in which each
  alert can first be *read* (``known_month``), so monitors can be ordered by which is seen
  first.

Label-based columns are recognised by :func:`needs_labels`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_integer
from ..fairness import group_gap
from ..fairness._engine import group_rates_from_counts

__all__ = ["selection_measures", "measures_as_of", "incidents_with_delay"]


#: Columns of the window tables that need no outcome (inputs, scores, decisions, estimates).
LABEL_FREE_PREFIXES = ("psi_", "selection_", "sel_", "n", "empty", "start_month",
                       "end_month", "est_", "group_missing_selection")


def needs_labels(column: str) -> bool:
    """Whether a window-table column can only be computed once outcomes are known.

    Error, accuracy, TPR by group, the TPR gap and ``group_missing`` need outcomes; PSI,
    selection rates, counts and label-free estimates (``est_…``) do not.

    Parameters
    ----------
    column : str
        A column name of a window table (e.g. of :func:`window_measures`).

    Returns
    -------
    bool
        True when the column needs outcomes (labels).
    """
    if column in ("error", "accuracy", "group_missing") or column.startswith("tpr_"):
        return True
    return not column.startswith(LABEL_FREE_PREFIXES)


def selection_measures(stats, *, window: int = 1) -> pd.DataFrame:
    """Selection rate by group and the selection gap per window — computable without labels.

    Parameters
    ----------
    stats : MonthlyStats
        From :func:`responsible_ml.monitoring.monthly_stats`.
    window : int, default 1
        Months per window (complete windows only, as :func:`window_measures`).

    Returns
    -------
    pandas.DataFrame
        One row per window: ``start_month``, ``end_month``, ``sel_<group>`` (share of the
        group offered a mentor; NaN when the group is absent), ``selection_gap`` (highest
        minus lowest; NaN when a group is absent — fail closed) and
        ``group_missing_selection``.
    """
    window = check_integer(window, "window", low=1)
    n_months = len(stats.months)
    n_windows = n_months // window
    if n_windows == 0:
        from ._windows import _NO_COMPLETE_WINDOW

        raise ValueError(_NO_COMPLETE_WINDOW.format(window=window, months=n_months))
    used = n_windows * window
    conf = stats.confusion[:used].reshape(n_windows, window, *stats.confusion.shape[1:])
    conf = conf.sum(axis=1)  # windows x groups x (tn, fp, fn, tp)
    out = {"start_month": stats.months[:used:window],
           "end_month": stats.months[window - 1:used:window]}
    # Rates and the gap come from the engine; the windows are its leading axis. A group
    # absent from a window has no selection rate: the gap is NaN (fail closed).
    table = group_rates_from_counts(conf, stats.groups, name="group", min_group_size=1)
    rates = table["selection_rate"].to_numpy(float).reshape(n_windows, len(stats.groups))
    for j, g in enumerate(stats.groups):
        out[f"sel_{g}"] = rates[:, j]
    missing = np.isnan(rates).any(axis=1)
    out["selection_gap"] = group_gap(table, "selection_rate", undefined="nan")[
        "difference"].to_numpy(float)
    out["group_missing_selection"] = missing
    return pd.DataFrame(out, index=pd.RangeIndex(n_windows, name="window"))


def measures_as_of(measures: pd.DataFrame, month: int, *, label_delay: int) -> pd.DataFrame:
    """The window table as a monitor sees it in calendar month `month`.

    Windows that end after `month` are dropped (they have not happened yet). For windows
    whose outcomes are not yet known (``end_month + label_delay > month``) every
    label-based column (:func:`needs_labels`) is NaN.

    Parameters
    ----------
    measures : pandas.DataFrame
        A window table (needs ``end_month``).
    month : int
        The calendar month of the look (enrolment-month scale).
    label_delay : int
        Months between enrolment and a known outcome (0 = same month, as if outcomes were
        known at once).

    Returns
    -------
    pandas.DataFrame
        A copy, with a boolean column ``labels_known``.
    """
    label_delay = check_integer(label_delay, "label_delay", low=0)
    check_frame(measures, "measures")
    check_columns(measures, ["end_month"], "measures")
    seen = measures[measures["end_month"] <= month].copy()
    known = seen["end_month"].to_numpy() + label_delay <= month
    for col in seen.columns:
        if needs_labels(col) and seen[col].dtype.kind in "fc":
            seen.loc[~known, col] = np.nan
        elif needs_labels(col) and seen[col].dtype.kind == "b":
            seen[col] = seen[col].astype(object)
            seen.loc[~known, col] = np.nan
    seen["labels_known"] = known
    return seen


def incidents_with_delay(measures: pd.DataFrame, rules, *, label_delay: int) -> pd.DataFrame:
    """The incident log with the calendar month in which each alert can first be *read*.

    ``known_month`` is the calendar month in which the alert can first be read: about three weeks into
    that month for label-free rules, at its end for label-based ones. A window's decisions are complete when its last enrolees reach their
    decision point, three weeks after enrolment, i.e. about three weeks into the month after the window's
    last enrolment month; an alert on a label-free column (PSI, selection gap, label-free
    estimates) is read then (``end_month + 1``, about three weeks in). An alert on a
    label-based column (:func:`needs_labels`) waits for the outcomes of those last enrolees,
    in at the end of month ``end_month + label_delay`` (never before the decisions are
    complete: ``end_month + max(label_delay, 1)``, read at that month's end). The lead of a
    label-free alert over a label-based one firing on the same window is therefore
    ``label_delay`` months less the three weeks to the decision point.

    Parameters
    ----------
    measures : pandas.DataFrame
        Window table with ``start_month``, ``end_month`` and every rule's column.
    rules : sequence of AlertRule
    label_delay : int
        Months from enrolment until the outcome is known (0 = as soon as the decisions are).

    Returns
    -------
    pandas.DataFrame
        :func:`responsible_ml.monitoring._windows.incident_log` plus ``needs_labels`` and
        ``known_month``, sorted by ``known_month`` (then rule order).
    """
    from ._windows import evaluate_alerts, incident_log

    label_delay = check_integer(label_delay, "label_delay", low=0)
    check_columns(measures, ["start_month", "end_month"], "measures")
    alerts = evaluate_alerts(measures, rules)
    incidents = incident_log(alerts, clear_windows=min(r.persistence for r in rules))
    end_of = dict(zip(measures["start_month"].astype(int), measures["end_month"].astype(int),
                      strict=True))
    column_of = {r.name: r.column for r in rules}
    order = {r.name: i for i, r in enumerate(rules)}
    labels = incidents["rule"].map(lambda r: needs_labels(column_of[r]))
    fired_end = incidents["fired_month"].map(lambda m: end_of[int(m)])
    incidents["needs_labels"] = labels.astype(bool)
    # Label-free: about three weeks into the month after the window (decision point three weeks after
    # enrolment); label-based: at the end of the month the last outcomes arrive.
    incidents["known_month"] = (fired_end + np.where(labels, max(label_delay, 1), 1)).astype(int)
    incidents["_order"] = incidents["rule"].map(order)
    return (incidents.sort_values(["known_month", "_order"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))

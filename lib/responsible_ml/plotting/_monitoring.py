"""Figures for lesson 06 (monitoring): the drift timeline, PSI bins, policy comparison."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ._style import _RC, BAD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import clear, first, tag, tagged

__all__ = ["monitor_timeline_plot", "psi_bins_plot", "policy_plot"]

# Which rule column is drawn in which panel.
_PANEL_OF = {"psi_max": 0, "psi_score": 0, "error": 1, "tpr_gap": 2}


def _x(measures: pd.DataFrame) -> np.ndarray:
    return (measures["start_month"].to_numpy(float) + measures["end_month"].to_numpy(float)) / 2


def _groups(measures: pd.DataFrame) -> list[str]:
    # Group TPR columns only: ``tpr_gap`` and its interval bounds (``tpr_gap_low`` /
    # ``tpr_gap_high``) are not groups.
    return [c[4:] for c in measures.columns
            if c.startswith("tpr_") and not c.startswith("tpr_gap")]


def _gap_band(ax, x, measures):
    """Shade the TPR gap's 95 % interval (when the measures carry it) as one band.

    A band drawn before is updated in place (``FillBetweenPolyCollection.set_data``): the
    figure keeps its artists, so a widget redraw reuses the furniture it drew."""
    has = {"tpr_gap_low", "tpr_gap_high"} <= set(measures.columns) and len(x)
    old = first(ax, "monitor:gap_band")
    if has:
        low = measures["tpr_gap_low"].to_numpy(float)
        high = measures["tpr_gap_high"].to_numpy(float)
        if old is not None and hasattr(old, "set_data"):
            old.set_data(x, low, high)
            old.set_visible(True)
            return
        if old is not None:
            old.remove()
        tag(ax.fill_between(x, low, high, color=PALETTE[7], alpha=0.18, lw=0,
                            label="TPR gap, 95 % interval"), "monitor:gap_band")
    elif old is not None:
        old.set_visible(False)


def monitor_timeline_plot(measures: pd.DataFrame, alerts: pd.DataFrame | None = None, *,
                     psi_threshold: float = 0.25, gap_limit: float = 0.1,
                     score_psi_threshold: float = 0.1,
                     shift_start: int | None = None, title: str = "Drift monitor",
                     axes: Sequence | None = None):
    """Three stacked panels over time: drift (PSI), error rate, TPR by group and gap.

    Firing alerts are marked with triangles (the course's "bad" colour) on the measure that
    fired; windows with no data are marked with grey crosses at the bottom of the fairness
    panel. The time axis is the enrolment month: label-based measures (error, TPR) are drawn
    where their learners enrolled, not when their outcomes become known.

    Parameters
    ----------
    measures : pandas.DataFrame
        From :func:`responsible_ml.monitoring.window_measures`.
    alerts : pandas.DataFrame, optional
        From :func:`responsible_ml.monitoring.evaluate_alerts`.
    psi_threshold, gap_limit : float
        Alert levels drawn as dashed lines: the largest feature PSI's (in that series'
        colour) and the TPR gap's.
    score_psi_threshold : float, default 0.1
        The score PSI's alert level, drawn as a dashed line in the score PSI's colour (as
        :func:`responsible_ml.monitoring.monitor`'s default).
    shift_start : int, optional
        Month at which the world changed (a vertical dotted line), if known.
    title : str
    axes : sequence of three matplotlib Axes, optional
        Drawn on a new 3-row figure when omitted. Axes this function drew before (a
        widget's redraw), for the same groups and with a shift line iff `shift_start` is
        given, get the new data in place: lines, alert levels, the gap band, alert and
        no-data marks, the limits and the title; no new artist. Otherwise they are cleared
        and drawn anew.

    Returns
    -------
    numpy.ndarray of matplotlib Axes
        The three axes; ``axes[0].figure`` is the figure.
    """
    if axes is not None and first(np.asarray(axes)[0], "monitor:psi_max") is not None:
        axes = np.asarray(axes)
        if _timeline_in_place(axes, measures, alerts, psi_threshold=psi_threshold,
                              gap_limit=gap_limit, score_psi_threshold=score_psi_threshold,
                              shift_start=shift_start, title=title):
            return axes
        for ax in axes:
            clear(ax)
        for legend in tagged(axes[0].figure, "monitor:legend"):
            legend.remove()
    if axes is None:
        with mpl.rc_context(_RC):
            fig, axes = plt.subplots(3, 1, figsize=(9.0, 6.2), sharex=True)
        fig.subplots_adjust(left=0.09, right=0.73, top=0.9, bottom=0.09, hspace=0.4)
    axes = np.asarray(axes)
    ax0, ax1, ax2 = axes
    x = _x(measures)
    tag(ax0.plot(x, measures["psi_max"], "o-", color=PALETTE[0], ms=3,
                 label="largest feature PSI")[0], "monitor:psi_max")
    tag(ax0.plot(x, measures["psi_score"], "s-", color=PALETTE[4], ms=3,
                 label="score PSI")[0], "monitor:psi_score")
    tag(ax0.axhline(psi_threshold, color=PALETTE[0], ls="--", lw=1,
                    label="input PSI alert level"), "monitor:psi_line")
    tag(ax0.axhline(score_psi_threshold, color=PALETTE[4], ls="--", lw=1,
                    label="score PSI alert level"), "monitor:score_psi_line")
    tag(ax1.plot(x, measures["error"], "o-", color=PALETTE[1], ms=3, label="error rate")[0],
        "monitor:error")
    for i, g in enumerate(_groups(measures)):
        tag(ax2.plot(x, measures[f"tpr_{g}"], "o-", ms=3,
                     color=PALETTE[(i + 2) % len(PALETTE)], label=f"TPR {g}")[0],
            f"monitor:tpr_{g}")
    tag(ax2.plot(x, measures["tpr_gap"], "-", color=PALETTE[7], lw=2, label="TPR gap")[0],
        "monitor:tpr_gap")
    _gap_band(ax2, x, measures)
    tag(ax2.axhline(gap_limit, color=NEUTRAL, ls="--", lw=1, label="gap limit"),
        "monitor:gap_line")
    for ax in axes:
        tag(ax.plot([], [], "v", color=BAD, ms=8, label="alert firing")[0], "monitor:alerts")
    tag(ax2.plot([], [], "x", color=NEUTRAL, ms=7, label="no data")[0], "monitor:nodata")
    if shift_start is not None:
        for ax in axes:
            tag(ax.axvline(shift_start - 0.5, color=BAD, ls=":", lw=1), "monitor:shift")
    ax0.set_ylim(0, 0.6)
    ax1.set_ylim(0, 0.6)
    ax2.set_ylim(-0.02, 1.02)
    for ax, (ttl, ylab) in zip(axes, (("Input and prediction drift", "PSI"),
                                      ("Performance", "error rate"),
                                      ("Fairness: equal opportunity", "rate")), strict=True):
        ax.set_title(ttl, fontsize=10)
        ax.set_ylabel(ylab)
    # One legend for the figure (cheaper to draw than one per panel), duplicates removed.
    seen = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    tag(ax0.figure.legend(list(seen.values()), list(seen.keys()), loc="center left",
                          bbox_to_anchor=(0.745, 0.5), fontsize=8), "monitor:legend")
    ax2.set_xlabel("enrolment month (window centre)")
    ax0.figure.suptitle(title, fontsize=12, fontweight="bold")
    _timeline_in_place(axes, measures, alerts, psi_threshold=psi_threshold,
                       gap_limit=gap_limit, score_psi_threshold=score_psi_threshold,
                       shift_start=shift_start, title=title)
    return axes


def _timeline_in_place(axes, measures: pd.DataFrame, alerts: pd.DataFrame | None, *,
                       psi_threshold: float, gap_limit: float, score_psi_threshold: float,
                       shift_start: int | None, title: str) -> bool:
    """Put new data into the timeline drawn on `axes` (no new artists); False (nothing
    changed) when it shows other groups or a shift line iff `shift_start` is None."""
    ax0, ax1, ax2 = axes
    groups = _groups(measures)
    panel = {"psi_max": ax0, "psi_score": ax0, "error": ax1, "tpr_gap": ax2,
             **{f"tpr_{g}": ax2 for g in groups}}
    lines = {key: first(ax, f"monitor:{key}") for key, ax in panel.items()}
    drawn_groups = [line for line in ax2.get_lines()
                    if (line.get_gid() or "").startswith("rml:monitor:tpr_")
                    and line.get_gid() != "rml:monitor:tpr_gap"]
    shifts = [line for ax in axes for line in tagged(ax, "monitor:shift")]
    if any(line is None for line in lines.values()) or len(drawn_groups) != len(groups) or (
            bool(shifts) != (shift_start is not None)):
        return False  # other groups, or a shift line to add or remove
    for line in shifts:
        line.set_xdata([shift_start - 0.5] * 2)
    x = _x(measures)
    for key, line in lines.items():
        line.set_data(x, measures[key].to_numpy(float))
    first(ax0, "monitor:psi_line").set_ydata([psi_threshold, psi_threshold])
    score_line = first(ax0, "monitor:score_psi_line")
    if score_line is not None:
        score_line.set_ydata([score_psi_threshold, score_psi_threshold])
    first(ax2, "monitor:gap_line").set_ydata([gap_limit, gap_limit])
    _gap_band(ax2, x, measures)
    marks = [([], []) for _ in axes]
    if alerts is not None and len(alerts):
        firing = alerts[alerts["firing"]]
        xs = dict(zip(measures.index, x, strict=True))
        for _, row in firing.iterrows():
            panel_of = _PANEL_OF.get(row["column"], 0)
            marks[panel_of][0].append(xs[row["window"]])
            marks[panel_of][1].append(row["value"])
    for ax, (mx, my) in zip(axes, marks, strict=True):
        first(ax, "monitor:alerts").set_data(mx, my)
    empty = measures["group_missing"].to_numpy(bool)
    first(ax2, "monitor:nodata").set_data(x[empty], np.zeros(empty.sum()))
    # The months the windows cover, not the window centres: the axis stays put when the
    # window size changes (a widget then redraws only the lines).
    lo, hi = ((measures["start_month"].min() - 1, measures["end_month"].max() + 1)
              if len(x) else (0, 1))
    axes[0].set_xlim(lo, hi)
    # 0.7 holds every alert level the widget offers (≤ 0.5): the axis moves only for data.
    top = np.nanmax([0.7, psi_threshold * 1.3, score_psi_threshold * 1.3,
                     *np.nan_to_num(measures[["psi_max", "psi_score"]].to_numpy().ravel())])
    axes[0].set_ylim(0, top * 1.05)
    axes[0].figure.suptitle(title, fontsize=12, fontweight="bold")
    return True


def _paired_bars(ax, n: int, left, right, *, annotate: bool = False):
    """New axes with two bars 0.4 wide at each of `n` positions (at -0.2 and +0.2).

    `left` and `right` are (values, colour, legend label); with `annotate`, each bar is
    labelled with its value. Returns the axes and the positions.
    """
    ax = new_axes(ax, figsize=(7.0, 3.4))
    pos = np.arange(n)
    for offset, (values, colour, label) in ((-0.2, left), (0.2, right)):
        bars = ax.bar(pos + offset, values, width=0.4, color=colour, label=label)
        if annotate:
            for bar, v in zip(bars, values, strict=True):
                ax.annotate(f"{v:.2f}", (bar.get_x() + bar.get_width() / 2, v), ha="center",
                            va="bottom", fontsize=8)
    return ax, pos


def psi_bins_plot(labels: Sequence[str], expected_shares, actual_shares, *,
                  title: str = "Shares per bin", xlabel: str = "bin (from the reference)",
                  names: tuple[str, str] = ("reference", "current"), ax=None):
    """Side-by-side bars of the reference and current shares in each PSI bin.

    Parameters
    ----------
    labels : sequence of str
        Bin labels (e.g. from :func:`responsible_ml.monitoring.psi_shares`).
    expected_shares, actual_shares : array-like
        Shares per bin.
    title, xlabel : str
    names : (str, str)
        Legend names of the two samples.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax, pos = _paired_bars(ax, len(labels), (expected_shares, PALETTE[0], names[0]),
                           (actual_shares, PALETTE[1], names[1]))
    ax.set_xticks(pos, list(labels), rotation=45, ha="right", fontsize=8)
    return finish(ax, title=title, xlabel=xlabel, ylabel="share of rows", legend=True)


def policy_plot(summary: pd.DataFrame, *, title: str = "Responses compared", ax=None):
    """Grouped bars of error rate and TPR gap for each simulated response.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per policy (index = policy name) with columns ``error`` and ``tpr_gap``;
        if it also has ``tpr_gap_low`` and ``tpr_gap_high``, the gap bars get their 95 %
        interval as error bars.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax, pos = _paired_bars(ax, len(summary), (summary["error"], PALETTE[1], "error rate"),
                           (summary["tpr_gap"], PALETTE[5], "TPR gap"), annotate=True)
    if {"tpr_gap_low", "tpr_gap_high"} <= set(summary.columns):
        gap = summary["tpr_gap"].to_numpy(dtype=float)
        lower = np.clip(gap - summary["tpr_gap_low"].to_numpy(dtype=float), 0, None)
        upper = np.clip(summary["tpr_gap_high"].to_numpy(dtype=float) - gap, 0, None)
        ax.errorbar(pos + 0.2, gap, yerr=[lower, upper], fmt="none", ecolor="black",
                    capsize=3, linewidth=1, label="TPR gap, 95 % interval")
    # Long policy names are wrapped at their first space before "(" so the labels do not overlap.
    ax.set_xticks(pos, [str(i).replace(" (", "\n(", 1) for i in summary.index], fontsize=9)
    finish(ax, title=title, xlabel="response", ylabel="rate", legend=True)
    # Headroom above the tallest bar (or interval) so the legend, in one row, covers no bar; the
    # bottom stays where matplotlib put it, so an interval reaching below 0 is drawn whole.
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + 0.35 * (top - bottom))
    ax.legend(loc="upper center", ncol=3, fontsize=9, frameon=False)
    return ax

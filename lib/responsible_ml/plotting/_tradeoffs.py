"""Figures for lesson 07: trade-off frontier, calibration within groups, error rates by
group, self-assessment ratings."""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd

from ._style import BAD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import clear, first, keep, kept, tag, tagged

__all__ = ["frontier_plot", "calibration_plot", "error_rates_plot"]

_BAD_MASK = "{name} must hold one flag per candidate drawn ({expected}), got shape {shape}"


def _eps_label(eps: float) -> str:
    return "ε = ∞ (no DP)" if math.isinf(eps) else f"ε = {eps:g}"


def _styles(colour: str, front: np.ndarray, ok: np.ndarray):
    """Per-point face colour, edge colour and size: frontier filled, others hollow, infeasible
    faded."""
    rgba = np.tile(mcolors.to_rgba(colour), (len(front), 1))
    alpha = np.where(ok, 0.95, 0.18)
    edge = rgba.copy()
    edge[:, 3] = alpha
    face = rgba.copy()
    face[:, 3] = np.where(front, alpha, 0.0)
    sizes = np.where(front, 30.0, 14.0)
    return face, edge, sizes


def _mask(values, name: str, total: int) -> np.ndarray:
    """`values` as a boolean array of one flag per candidate (all True when None)."""
    if values is None:
        return np.ones(total, bool)
    arr = np.asarray(values, bool)
    if arr.shape != (total,):
        raise ValueError(_BAD_MASK.format(name=name, expected=total, shape=arr.shape))
    return arr


def frontier_plot(table: pd.DataFrame, *, frontier=None, feasible=None, chosen=None,
                  constraints: Mapping[str, float] | None = None, x: str = "gap",
                  y: str = "accuracy", title: str = "Trade-off frontier",
                  xlabel: str = "fairness gap (lower is fairer)",
                  ylabel: str = "accuracy", legend_outside: bool = False, ax=None):
    """Candidates in the (gap, accuracy) plane, coloured by privacy budget ε.

    Frontier (Pareto-efficient) candidates are filled, the others hollow; candidates that
    break a constraint are faded; the chosen point is a large star; constraints on `x` and
    `y` are dashed lines.

    Parameters
    ----------
    table : pandas.DataFrame
        Candidates with columns `x`, `y` and (optionally) ``epsilon``.
    frontier, feasible : array-like of bool, optional
        Masks from :func:`responsible_ml.tradeoffs.pareto_mask` / ``feasible_mask``
        (default: all True).
    chosen : pandas.Series, optional
        The chosen row (from ``choose_operating_point``).
    constraints : mapping, optional
        Bounds to draw, e.g. ``{"gap": 0.05, "accuracy": 0.7}``.
    x, y, title, xlabel, ylabel : str
    legend_outside : bool, default False
        Put the legend beside the axes instead of in its lower right corner: no candidate
        is ever hidden under it, and a widget redraw need not draw it again.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before for a
        table of the same candidates (same `x`, `y`, ε levels and legend place) are
        redrawn in place: point styles, the chosen star, the constraint lines and the
        labels (a widget's redraw: no new artist); otherwise they are cleared and drawn
        anew.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If `frontier` or `feasible` does not hold one flag per row of `table`.
    """
    n = len(table)
    eps = table["epsilon"].to_numpy(float) if "epsilon" in table else np.full(n, math.inf)
    if ax is not None and tagged(ax, "frontier:level"):
        state = kept(ax, "frontier")
        if state is not None and (state["x"], state["y"], state["total"], state["eps"],
                                  state["outside"]) == (x, y, n, eps.tolist(), legend_outside):
            _frontier_styles(ax, state, frontier=frontier, feasible=feasible, chosen=chosen,
                             constraints=constraints)
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            return ax
        clear(ax)
    ax = new_axes(ax, figsize=(6.4, 4.0))
    xs, ys = table[x].to_numpy(float), table[y].to_numpy(float)
    levels = sorted(set(eps.tolist()), key=lambda e: (math.isinf(e), e))
    masks, colours = [], []
    for i, level in enumerate(levels):
        m = eps == level
        colour = PALETTE[i % len(PALETTE)]
        tag(ax.scatter(xs[m], ys[m], s=20, color=colour, zorder=3, label=_eps_label(level)),
            "frontier:level")
        masks.append(m)
        colours.append(colour)
    tag(ax.axvline(0, color=NEUTRAL, linestyle="--", linewidth=1, visible=False),
        "frontier:vline")
    tag(ax.axhline(0, color=NEUTRAL, linestyle="--", linewidth=1, visible=False),
        "frontier:hline")
    tag(ax.scatter([np.nan], [np.nan], marker="*", s=260, color=BAD, edgecolors="black",
                   linewidths=0.8, zorder=5, label="chosen" if chosen is not None else None),
        "frontier:star")
    pad_x = 0.05 * (np.nanmax(xs) - np.nanmin(xs) or 1.0)
    pad_y = 0.05 * (np.nanmax(ys) - np.nanmin(ys) or 1.0)
    ax.set_xlim(np.nanmin(xs) - pad_x, np.nanmax(xs) + pad_x)
    ax.set_ylim(np.nanmin(ys) - pad_y, np.nanmax(ys) + pad_y)
    if legend_outside:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, fontsize=8)
    else:
        ax.legend(loc="lower right", fontsize=8)
    state = {"x": x, "y": y, "masks": masks, "colours": colours, "total": n,
             "eps": eps.tolist(), "outside": legend_outside}
    keep(ax, "frontier", **state)
    _frontier_styles(ax, state, frontier=frontier, feasible=feasible, chosen=chosen,
                     constraints=constraints)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)


def _frontier_styles(ax, state: dict, *, frontier, feasible, chosen,
                     constraints: Mapping[str, float] | None) -> None:
    """Point styles, chosen star and constraint lines of the frontier drawn on `ax`:
    `frontier` and `feasible` hold one flag per candidate (default: all True); a missing,
    None or infinite bound in `constraints` hides its dashed line."""
    total = state["total"]
    front = _mask(frontier, "frontier", total)
    ok = _mask(feasible, "feasible", total)
    for m, colour, coll in zip(state["masks"], state["colours"],
                               tagged(ax, "frontier:level"), strict=True):
        face, edge, sizes = _styles(colour, front[m], ok[m])
        coll.set_facecolors(face)
        coll.set_edgecolors(edge)
        coll.set_sizes(sizes)
    bounds = {k: v for k, v in (constraints or {}).items() if v is not None}
    for key, line, setter in ((state["x"], first(ax, "frontier:vline"), "set_xdata"),
                              (state["y"], first(ax, "frontier:hline"), "set_ydata")):
        if key in bounds and np.isfinite(bounds[key]):
            getattr(line, setter)([bounds[key], bounds[key]])
            line.set_visible(True)
        else:
            line.set_visible(False)
    star = first(ax, "frontier:star")
    if chosen is None:
        star.set_offsets(np.array([[np.nan, np.nan]]))
    else:
        star.set_offsets(np.array([[float(chosen[state["x"]]), float(chosen[state["y"]])]]))


def calibration_plot(calibration: pd.DataFrame, *, title: str = "Calibration within groups",
                     xlabel: str = "score bin", ylabel: str = "observed outcome rate",
                     min_count: int = 1, ax=None):
    """Observed outcome rate by score bin, one line per group.

    Parameters
    ----------
    calibration : pandas.DataFrame
        From :func:`responsible_ml.tradeoffs.calibration_by_group`.
    min_count : int
        Bins with fewer rows in a group are not drawn for that group.
    title, xlabel, ylabel : str
        Figure title and axis labels.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax)
    for i, (group, part) in enumerate(calibration.groupby("group", sort=False)):
        part = part[part["count"] >= min_count]
        ax.plot(part["bin"], part["observed_rate"], marker="o", color=PALETTE[i % 8],
                label=f"{group} (n={int(part['count'].sum()):,})")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)


def error_rates_plot(rates: pd.DataFrame, *, columns=("base_rate", "ppv", "fpr", "fnr"),
                     title: str = "Rates by group", xlabel: str = "rate",
                     ylabel: str = "value", ax=None):
    """Grouped bars: each rate (x) for each group (colour), values written on the bars.

    Parameters
    ----------
    rates : pandas.DataFrame
        Indexed by group (e.g. :func:`responsible_ml.tradeoffs.rates_by_group`).
    columns : sequence of str
        The rates to show.
    title, xlabel, ylabel : str
        Figure title and axis labels.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax)
    cols = list(columns)
    k = len(rates)
    width = 0.8 / k
    pos = np.arange(len(cols))
    for i, (group, row) in enumerate(rates.iterrows()):
        vals = [float(row[c]) for c in cols]
        label = f"{group} (n={int(row['count']):,})" if "count" in rates else str(group)
        bars = ax.bar(pos + (i - (k - 1) / 2) * width, vals, width, color=PALETTE[i % 8],
                      label=label)
        for bar, v in zip(bars, vals, strict=True):
            ax.annotate(f"{v:.2f}", (bar.get_x() + bar.get_width() / 2, v), ha="center",
                        va="bottom", fontsize=8)
    ax.set_xticks(pos, cols)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)



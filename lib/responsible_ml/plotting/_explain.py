"""Figures for lesson 05 (transparency): importances, proxies, partial dependence,
one person's feature pushes. Each takes a table from :mod:`responsible_ml.explain`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._style import BAD, GOOD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import keep, kept

__all__ = ["proxy_plot", "contributions_plot",
           "update_contributions_plot"]

_NOT_A_TABLE = "table must be a DataFrame from {what} with columns {columns}"


def _need(table, columns: Sequence[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in columns):
        raise ValueError(_NOT_A_TABLE.format(what=what, columns=list(columns)))


def proxy_plot(table: pd.DataFrame, *, highlight: Sequence[str] = (),
               title: str = "How well each feature alone predicts the sensitive attribute",
               ax=None):
    """Horizontal bars of each feature's proxy AUC, drawn from the no-information value 0.5.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`responsible_ml.explain.proxy_scores`.
    highlight : sequence of str
        Features drawn in the warning colour.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If `table` is not a DataFrame with the columns of
        :func:`~responsible_ml.explain.proxy_scores` (``_NOT_A_TABLE``).
    """
    _need(table, ("feature", "auc"), "proxy_scores")
    rows = table.iloc[::-1]
    ax = new_axes(ax)
    colours = [BAD if f in set(highlight) else PALETTE[0] for f in rows["feature"]]
    # bars start at 0.5, the no-information value, so an AUC below 0.5 points left
    bars = ax.barh(rows["feature"].astype(str), rows["auc"] - 0.5, left=0.5, color=colours)
    for bar, value in zip(bars, rows["auc"], strict=True):
        ax.annotate(f"{value:.2f}", (max(value, 0.5), bar.get_y() + bar.get_height() / 2),
                    va="center", ha="left", fontsize=9, xytext=(3, 0),
                    textcoords="offset points")
    ax.axvline(0.5, color=NEUTRAL, linestyle="--", linewidth=1)
    ax.set_xlim(min(0.4, float(rows["auc"].min()) - 0.05), 1.05)
    return finish(ax, title=title, xlabel="ROC AUC (0.5 = carries nothing, 1 = perfect proxy)",
                  ylabel="feature")


def contributions_plot(table: pd.DataFrame, *, title: str = "What pushed this decision",
                       xlabel: str = "contribution to the score", top: int | None = None,
                       fixed_layout: bool = False, ax=None):
    """Signed horizontal bars of one person's feature contributions, largest on top.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`responsible_ml.explain.local_contributions`.
    title, xlabel : str
    top : int, optional
        Show only the largest `top` contributions.
    fixed_layout : bool, default False
        Keep the features in the order of this first plot (largest on top) for every later
        :func:`update_contributions_plot`, and round the x range up to 1, 2 or 5 × a power
        of ten, symmetric about 0: persons shown one after the other (the counterfactual
        explorer) are then compared on one layout, and a redraw reuses the axes as drawn.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If `table` is not a DataFrame with the columns of
        :func:`~responsible_ml.explain.local_contributions` (``_NOT_A_TABLE``).
    """
    _need(table, ("feature", "contribution"), "local_contributions")
    rows = _ordered(table, None)
    if top is not None:
        rows = rows.iloc[-top:]
    ax = new_axes(ax)
    values = rows["contribution"].to_numpy(dtype=float)
    colours = [GOOD if v >= 0 else BAD for v in values]
    ax.barh(rows["feature"].astype(str), values, color=colours)
    ax.axvline(0, color=NEUTRAL, linewidth=1)
    if fixed_layout:
        _set_fixed_xrange(ax, values)
        keep(ax, "contributions", features=rows["feature"].astype(str).tolist())
    return finish(ax, title=title, xlabel=xlabel, ylabel="feature")


def _ordered(table: pd.DataFrame, features: list | None) -> pd.DataFrame:
    """Rows bottom to top: by |contribution| (largest on top), or in `features`' order."""
    if features is not None and sorted(features) == sorted(table["feature"].astype(str)):
        position = {name: i for i, name in enumerate(features)}
        return table.iloc[np.argsort([position[str(f)] for f in table["feature"]])]
    return table.iloc[np.argsort(np.abs(table["contribution"].to_numpy()), kind="stable")]


def _set_fixed_xrange(ax, values: np.ndarray) -> None:
    low, high = _contribution_limits(values, True)
    ax.set_xlim(low, high)
    ax.set_xticks(np.linspace(low, high, 5))  # five ticks: labels never crowd


def _contribution_limits(values: np.ndarray, fixed_layout: bool) -> tuple[float, float]:
    span = max(float(np.abs(values).max()), 1e-9) * 1.1
    if fixed_layout:  # 1-2-5 steps, both sides: few distinct layouts across persons
        power = 10.0 ** np.floor(np.log10(span))
        span = next(m * power for m in (1, 2, 5, 10) if m * power >= span * (1 - 1e-12))
        return -span, span
    low = -span if (values < 0).any() else 0.0
    high = span if (values > 0).any() else 0.0
    return low - 0.05 * span, high + 0.05 * span


def update_contributions_plot(ax, table: pd.DataFrame, *, title: str | None = None) -> bool:
    """Redraw a :func:`contributions_plot` in place for another person (widgets).

    Only bar lengths, colours, labels, the x range and the title change, so a redraw skips
    building a figure and laying it out again. A plot drawn with ``fixed_layout=True``
    keeps it.

    Parameters
    ----------
    ax : matplotlib Axes
        Axes drawn by :func:`contributions_plot` (without `top`).
    table : pandas.DataFrame
        The new contributions (same number of features).
    title : str, optional
        New title.

    Returns
    -------
    bool
        False when the axes cannot be updated (a different number of bars); draw anew then.

    Raises
    ------
    ValueError
        If `table` is not a DataFrame with the columns of
        :func:`~responsible_ml.explain.local_contributions` (``_NOT_A_TABLE``).
    """
    _need(table, ("feature", "contribution"), "local_contributions")
    bars = list(ax.patches)
    if len(bars) != len(table):
        return False
    facts = kept(ax, "contributions")
    features = facts["features"] if facts else None
    rows = _ordered(table, features)
    fixed = features is not None and rows["feature"].astype(str).tolist() == features
    values = rows["contribution"].to_numpy(dtype=float)
    for bar, value in zip(bars, values, strict=True):
        bar.set_width(value)
        bar.set_color(GOOD if value >= 0 else BAD)
    ax.set_yticks(range(len(rows)), rows["feature"].astype(str).tolist())
    if fixed:
        _set_fixed_xrange(ax, values)
    else:
        ax.set_xlim(*_contribution_limits(values, False))
    if title is not None:
        ax.set_title(title)
    return True

"""Figures for ICE curves and SHAP contributions (lesson 05)."""

from __future__ import annotations

import pandas as pd

from ._style import PALETTE, new_axes

__all__ = ["ice_plot", "shap_plot"]

_NOT_AN_ICE_TABLE = "table must come from ice_table (it has no 'average' column)"


def ice_plot(table: pd.DataFrame, *, title: str | None = None,
             ylabel: str = "predicted probability of completing", ax=None):
    """ICE curves (thin, grey) and their average, the partial dependence (bold).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`responsible_ml.explain.ice_table`.
    title, ylabel : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If `table` has no ``average`` column (``_NOT_AN_ICE_TABLE``).
    """
    if "average" not in getattr(table, "columns", ()):
        raise ValueError(_NOT_AN_ICE_TABLE)
    ax = new_axes(ax)
    grid = table.index.to_numpy()
    curves = table.drop(columns="average")
    for col in curves.columns:
        ax.plot(grid, curves[col], color="0.6", linewidth=0.6, alpha=0.6)
    ax.plot(grid, table["average"], color=PALETTE[0], linewidth=2.5,
            label="average = partial dependence")
    ax.plot([], [], color="0.6", linewidth=0.6, label="one learner (ICE)")
    ax.set_xlabel(str(table.index.name or "feature"))
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax


def shap_plot(contributions: pd.Series, *, base_value: float, title: str | None = None,
              ax=None):
    """Horizontal bars of one person's SHAP values (log-odds), largest magnitude on top.

    Parameters
    ----------
    contributions : pandas.Series
        One row of :func:`responsible_ml.explain.shap_contributions`.
    base_value : float
        The table's ``attrs["base_value"]`` (shown in the axis label).
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax)
    order = contributions.reindex(contributions.abs().sort_values().index)
    colours = [PALETTE[0] if v >= 0 else PALETTE[1] for v in order]
    ax.barh([str(i) for i in order.index], order.to_numpy(), color=colours)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(f"SHAP value (log-odds; base value {base_value:.2f})")
    if title:
        ax.set_title(title)
    return ax

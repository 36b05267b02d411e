"""Figures for lesson 05 (transparency): importances, proxies, partial dependence,
one person's feature pushes. Each takes a table from :mod:`responsible_ml.explain`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._style import BAD, GOOD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import clear, keep, kept, tag, tagged

__all__ = ["proxy_plot", "contributions_plot"]

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
        Keep the features in the order of the first plot on these axes (largest on top)
        when it is drawn again for another person, and round the x range up to 1, 2 or 5 ×
        a power of ten, symmetric about 0: persons shown one after the other (the
        counterfactual explorer) are then compared on one layout, and a redraw reuses the
        axes as drawn.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before, with
        as many bars and the same `fixed_layout` (and, when fixed, the same features), are
        updated in place: bar lengths, colours, feature labels, the x range and the title
        (a widget's redraw: no new figure, no new layout); otherwise they are cleared and
        drawn anew.

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
    if ax is not None and tagged(ax, "contributions:bar"):
        if _contributions_in_place(ax, table, len(rows), fixed_layout, title=title,
                                   xlabel=xlabel):
            return ax
        clear(ax)
    ax = new_axes(ax)
    values = rows["contribution"].to_numpy(dtype=float)
    colours = [GOOD if v >= 0 else BAD for v in values]
    for bar in ax.barh(rows["feature"].astype(str), values, color=colours):
        tag(bar, "contributions:bar")
    ax.axvline(0, color=NEUTRAL, linewidth=1)
    if fixed_layout:
        _set_fixed_xrange(ax, values)
        keep(ax, "contributions", features=rows["feature"].astype(str).tolist())
    return finish(ax, title=title, xlabel=xlabel, ylabel="feature")


def _contributions_in_place(ax, table: pd.DataFrame, shown: int, fixed_layout: bool, *,
                            title: str, xlabel: str) -> bool:
    """Put `table` into the bars drawn on `ax`; False (nothing changed) when the number of
    bars, the layout mode or (fixed layout) the features differ from those drawn."""
    bars = tagged(ax, "contributions:bar")
    facts = kept(ax, "contributions")
    features = facts["features"] if facts else None
    if len(bars) != len(table) or shown != len(table) or (features is not None) != fixed_layout:
        return False
    rows = _ordered(table, features)
    if fixed_layout and rows["feature"].astype(str).tolist() != features:
        return False
    values = rows["contribution"].to_numpy(dtype=float)
    for bar, value in zip(bars, values, strict=True):
        bar.set_width(value)
        bar.set_color(GOOD if value >= 0 else BAD)
    ax.set_yticks(range(len(rows)), rows["feature"].astype(str).tolist())
    if fixed_layout:
        _set_fixed_xrange(ax, values)
    else:
        ax.set_xlim(*_contribution_limits(values, False))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return True


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

"""Figures for lesson 01: confusion matrix and model weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._style import PALETTE, finish, new_axes

__all__ = ["confusion_matrix_plot", "weights_plot"]

_NOT_SQUARE = "matrix must be square with one row per label, got shape {shape} and {count} label(s)"


def confusion_matrix_plot(matrix, *, labels: Sequence[str], title: str, ax=None):
    """Draw a 2×2 (or k×k) confusion matrix with counts in the cells.

    Parameters
    ----------
    matrix : array-like of shape (k, k)
        Counts; rows are the true class, columns the predicted class (scikit-learn's order).
    labels : sequence of str
        Class names, in the order of the rows.
    title : str
        Figure title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If `matrix` is not square with one row per label (``_NOT_SQUARE``) or `title`
        is empty.
    """
    m = np.asarray(matrix)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] != len(labels):
        raise ValueError(_NOT_SQUARE.format(shape=m.shape, count=len(labels)))
    ax = new_axes(ax, figsize=(4.2, 3.6))
    ax.imshow(m, cmap="Blues")
    ax.grid(False)
    for (i, j), value in np.ndenumerate(m):
        colour = "white" if value > m.max() / 2 else "black"
        ax.text(j, i, f"{value:,}", ha="center", va="center", color=colour, fontsize=12)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    return finish(ax, title=title, xlabel="predicted", ylabel="actual")


def weights_plot(weights: Mapping[str, float], *, title: str, xlabel: str, ax=None):
    """Horizontal bars of signed weights (e.g. standardised coefficients), largest on top.

    Positive weights are blue, negative ones orange; bars are sorted by magnitude.

    Parameters
    ----------
    weights : mapping of str to float
        One weight per feature (a dict or a Series).
    title, xlabel : str
        Figure title and the x label (what the weights are, e.g. "standardised coefficient").
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure when omitted.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from responsible_ml.plotting import weights_plot
    >>> ax = weights_plot({"income": 0.8, "age": -0.3}, title="Weights", xlabel="weight")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['age', 'income']
    """
    items = sorted(weights.items(), key=lambda kv: abs(kv[1]))
    ax = new_axes(ax)
    colours = [PALETTE[0] if v >= 0 else PALETTE[1] for _, v in items]
    ax.barh([k for k, _ in items], [v for _, v in items], color=colours)
    ax.axvline(0, color="black", linewidth=0.8)
    return finish(ax, title=title, xlabel=xlabel, ylabel="feature")

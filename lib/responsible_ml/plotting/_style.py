"""One figure style for the whole course: colour-blind-safe colours, titles, labelled axes."""

from __future__ import annotations

import contextlib
import contextvars
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler

__all__ = ["use_style", "finish"]

#: Okabe & Ito (2008) palette, distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
GOOD = PALETTE[2]
BAD = PALETTE[5]
NEUTRAL = "#999999"

_NO_LABELS = "title, xlabel and ylabel are all required for a course figure"

#: Margins a widget's figures are laid out with instead of ``tight_layout`` (see
#: :func:`fixed_layout`); None: tight layout, as every static figure.
_FIXED_LAYOUT: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "rml_fixed_layout", default=None)


@contextlib.contextmanager
def fixed_layout(**margins):
    """Lay figures out with fixed margins instead of ``tight_layout`` within a block.

    :func:`finish` normally calls ``tight_layout()``, which measures every text of the
    figure. Widgets draw a new figure on a trainee's first choice of a setting; with fixed
    margins that first visit costs little more than a redraw.

    Parameters
    ----------
    **margins : float
        Keywords of ``Figure.subplots_adjust`` (``left``, ``right``, ``top``, ``bottom``,
        ``wspace``, ``hspace``) applied by every :func:`finish` within the block.

    Examples
    --------
    >>> from responsible_ml.plotting._style import finish, fixed_layout, offscreen_axes
    >>> ax = offscreen_axes()
    >>> with fixed_layout(left=0.1, bottom=0.2):
    ...     ax = finish(ax, title="t", xlabel="x", ylabel="y")
    >>> round(ax.figure.subplotpars.bottom, 2)
    0.2
    """
    token = _FIXED_LAYOUT.set(dict(margins))
    try:
        yield
    finally:
        _FIXED_LAYOUT.reset(token)


_RC = {
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "legend.frameon": False,
    "svg.hashsalt": "responsible-ml",
}


def use_style() -> None:
    """Apply the course style to matplotlib (call once, in a lesson's setup cell).

    In a notebook it also gives every figure a plain-text output that says what it shows
    (its panels' titles, axis labels and legend entries) instead of ``<Figure size …>``: the
    text alternative a screen reader, a text-only front end or a diff reads.
    """
    mpl.rcParams.update(_RC)
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        from matplotlib.figure import Figure

        shell.display_formatter.formatters["text/plain"].for_type(
            Figure, lambda fig, printer, cycle: printer.text(_describe_figure(fig)))


def _words(text) -> str:
    return " ".join(str(text).split())


def _describe_figure(fig) -> str:
    """What a figure shows, in words: each panel's title, axis labels and legend entries.

    Parameters
    ----------
    fig : matplotlib Figure

    Returns
    -------
    str
        For example ``"Figure with 1 panel. Panel 1: Learning curve; x axis: training
        rows; y axis: accuracy; legend: training, validation."``

    Examples
    --------
    >>> ax = offscreen_axes()
    >>> _ = ax.plot([0, 1], [0, 1], label="model")
    >>> _ = finish(ax, title="A line", xlabel="x", ylabel="y", legend=True)
    >>> _describe_figure(ax.figure)
    'Figure with 1 panel. Panel 1: A line; x axis: x; y axis: y; legend: model.'
    """
    panels = []
    for ax in fig.axes:
        if not ax.get_visible() or not (ax.has_data() or ax.get_title()):
            continue
        said = [_words(ax.get_title()) or "untitled"]
        said += [f"{axis} axis: {_words(label)}" for axis, label in
                 (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if _words(label)]
        legend = ax.get_legend()
        if legend is not None:
            entries = [_words(t.get_text()) for t in legend.get_texts() if _words(t.get_text())]
            if entries:
                said.append("legend: " + ", ".join(entries))
        panels.append("; ".join(said))
    title = fig.get_suptitle()
    head = f"Figure with {len(panels)} panel{'s' if len(panels) != 1 else ''}"
    head += f": {_words(title)}." if _words(title) else "."
    return " ".join([head] + [f"Panel {i}: {p}." for i, p in enumerate(panels, 1)])


def new_axes(ax=None, figsize=None):
    """Return ``ax`` or, when it is None, the axes of a new figure in the course style.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Axes to draw on; returned unchanged when given.
    figsize : tuple of float, optional
        Size in inches of the new figure (default: the course style's 6.4 × 3.6).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from responsible_ml.plotting._style import new_axes
    >>> ax = new_axes(figsize=(3, 2))
    >>> new_axes(ax) is ax
    True
    """
    if ax is not None:
        return ax
    with mpl.rc_context(_RC):
        _, ax = plt.subplots(figsize=figsize or _RC["figure.figsize"])
    return ax


def offscreen_axes(figsize=None, *, nrows: int = 1, ncols: int = 1, **subplot_kw):
    """Axes of a new figure in the course style that pyplot does not manage.

    For widgets: the figure is rendered by the widget itself (into its Output), so the
    inline backend must not show it again at the end of the cell, and no ``plt.close`` is
    needed.

    Parameters
    ----------
    figsize : tuple of float, optional
        Size in inches (default: the course style's 6.4 × 3.6).
    nrows, ncols : int, default 1
        Grid of subplots.
    **subplot_kw
        Passed on to :meth:`matplotlib.figure.Figure.subplots` (e.g. ``sharex=True``).

    Returns
    -------
    matplotlib Axes or numpy.ndarray of Axes
        One Axes, or an array of them when ``nrows * ncols > 1``.

    Examples
    --------
    >>> from responsible_ml.plotting._style import offscreen_axes
    >>> offscreen_axes(nrows=2).shape
    (2,)
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with mpl.rc_context(_RC):
        fig = Figure(figsize=figsize or _RC["figure.figsize"], dpi=_RC["figure.dpi"])
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return axes


def finish(ax, *, title: str, xlabel: str, ylabel: str, legend: bool | str = False):
    """Give a figure its title and axis labels (every course figure has all three).

    Parameters
    ----------
    ax : matplotlib Axes
    title, xlabel, ylabel : str
        Figure title and axis labels; none may be empty.
    legend : bool or str, default False
        Also draw the legend of the labelled artists: True places it where it covers the
        least data ("best", searched again on every draw), a location string places it
        there (a widget's figure, redrawn on every change: no search, no jump).

    Returns
    -------
    matplotlib Axes
        ``ax``, with its figure's layout tightened.

    Raises
    ------
    ValueError
        If ``title``, ``xlabel`` or ``ylabel`` is empty.
    """
    if not title or not xlabel or not ylabel:
        raise ValueError(_NO_LABELS)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend(loc=legend if isinstance(legend, str) else "best")
    margins = _FIXED_LAYOUT.get()
    if margins is None:
        ax.figure.tight_layout()
    else:
        ax.figure.subplots_adjust(**margins)
    return ax



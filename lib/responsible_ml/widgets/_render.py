"""One figure -> one PNG, drawn once, with the unchanged parts of a redraw reused.

Where a widget redraw spent its time (profiled on the course widgets, see
``benchmarks/bench_widgets.py``): not in the statistics but in matplotlib. Displaying a
figure through the inline backend calls ``print_figure(bbox_inches="tight")``, which draws
the figure twice (once to measure the tight box, once to render; a figure that ever ran
``tight_layout()`` keeps a placeholder layout engine that forces the extra draw even
without "tight") and compresses the PNG at level 6. Most of each draw is the axes
furniture — tick labels, axis labels, titles, legends — which a control change rarely
touches.

:func:`render_png` therefore

1. draws the figure once on its own Agg canvas (the figure is laid out already: every
   course figure calls ``tight_layout`` or ``subplots_adjust`` when it is built);
2. keeps that draw, without the *data* artists, as a background, keyed by everything that
   shapes the furniture (limits, scales, ticks, axis labels, legend texts, figure size);
3. on the next call with the same key, restores the background and draws only the data
   artists (bars, lines, markers, collections, annotations, titles) and what a full draw
   puts on top of them (spines, an axes' legend), in z-order;
4. encodes the pixels with PIL at compression level 1 (about twice as fast as level 6;
   the PNG is ~15 % larger, which a local kernel connection does not notice).

The pixels match a full draw's but for one detail: grid lines (light, alpha 0.3) lie under
the data instead of over bars (matplotlib's ``axisbelow=True`` look). A figure saved with ``savefig`` still shows everything (matplotlib
draws animated artists when saving).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["render_png", "static_key", "PNG_COMPRESS_LEVEL"]

PNG_COMPRESS_LEVEL = 1
_STATE = "_rml_render_state"


def _canvas(fig: Figure) -> FigureCanvasAgg:
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # attaches itself to the figure
    return fig.canvas


def _axis_key(axis) -> tuple:
    locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
    fixed_locs = tuple(float(x) for x in getattr(locator, "locs", ()))
    fixed_text = tuple(str(x) for x in getattr(formatter, "seq", ()))
    labels = tuple((t.get_text(), t.get_rotation()) for t in axis.get_majorticklabels()) \
        if fixed_text else ()
    return (type(locator).__name__, fixed_locs, fixed_text, labels, axis.get_scale(),
            axis.label.get_text(), axis.get_visible())


def _legend_key(legend) -> tuple:
    if legend is None:
        return ()
    return (legend.get_visible(), tuple(t.get_text() for t in legend.get_texts()))


def static_key(fig: Figure) -> tuple:
    """Everything that shapes a figure's furniture (not its data): equal keys, same pixels."""
    axes = tuple((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(), ax.axison,
                  _axis_key(ax.xaxis), _axis_key(ax.yaxis))
                 for ax in fig.axes)
    return (tuple(fig.get_size_inches()), fig.dpi, axes,
            tuple(_legend_key(leg) for leg in fig.legends))


def _dynamic(fig: Figure) -> list:
    """What a redraw draws: the data artists of every axes (bars, lines, markers,
    collections, annotations), the titles, the figure's free texts, and the furniture a
    full draw puts above the data (spines, an axes' own legend)."""
    found = []
    for ax in fig.axes:
        found += [*ax.patches, *ax.lines, *ax.collections, *ax.texts, *ax.images,
                  *ax.tables, ax.title, ax._left_title, ax._right_title,
                  *ax.spines.values()]
        if ax.get_legend() is not None:
            found.append(ax.get_legend())
    found += list(fig.texts)
    if getattr(fig, "_suptitle", None) is not None:
        found.append(fig._suptitle)
    return found


def _encode(canvas: FigureCanvasAgg) -> bytes:
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def render_png(fig: Figure, *, reuse: bool = True) -> bytes:
    """The figure as PNG bytes, drawn once; unchanged furniture is reused when `reuse`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Any figure; it gets its own Agg canvas (pyplot is not involved).
    reuse : bool, default True
        Keep a background of the furniture between calls (see the module docstring).
        False draws everything, every time (what the benchmarks compare with).

    Returns
    -------
    bytes
        A PNG of ``fig`` at its own size and DPI.
    """
    canvas = _canvas(fig)
    if not reuse:
        for artist in getattr(fig, _STATE, {}).get("dynamic", ()):
            artist.set_animated(False)
        if hasattr(fig, _STATE):
            delattr(fig, _STATE)
        canvas.draw()
        return _encode(canvas)
    state = getattr(fig, _STATE, None)
    dynamic = _dynamic(fig)
    key = static_key(fig)
    if state is None or state["key"] != key or state["dynamic_ids"] != [id(a) for a in dynamic]:
        for artist in dynamic:
            artist.set_animated(True)
        canvas.draw()  # the furniture only (animated artists are skipped)
        state = {"key": static_key(fig), "dynamic": dynamic,
                 "dynamic_ids": [id(a) for a in dynamic],
                 "background": canvas.copy_from_bbox(fig.bbox)}
        setattr(fig, _STATE, state)
    else:
        canvas.restore_region(state["background"])
    renderer = canvas.get_renderer()
    for artist in sorted(dynamic, key=lambda a: a.get_zorder()):
        if artist.get_visible():
            artist.draw(renderer)
    return _encode(canvas)

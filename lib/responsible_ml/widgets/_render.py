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
   the last :data:`MAX_BACKGROUNDS` backgrounds are kept, so a control moved back to a
   setting seen before (a slider swept to and fro, a dataset switched back) finds its
   furniture drawn;
3. on the next call with a known key, restores that background and draws only the data
   artists (bars, lines, markers, collections, annotations) and what a full draw puts on
   top of them (spines, an axes' legend inside the axes), in z-order; a legend placed
   outside every axes is furniture (its texts are in the key). Titles (axes titles and
   the figure's own texts, such as a suptitle) lie outside the data area and cost 3-10 ms
   each to rasterise, so they form a second layer: furniture + titles is kept per title
   text too, and a title that changed is drawn onto the kept furniture, once;
4. encodes the pixels as PNG itself: no per-row filter and zlib level 1 (PIL's encoder
   tries five filters per row: 30-35 ms for a 600 × 500 figure against 5-7 ms here; the
   PNG is about the same size, since flat plot colours compress well unfiltered). The
   alpha channel is dropped when the figure is opaque, as course figures are.

While a widget redraws, :func:`widget_rc` makes autoscaled limits snap to tick values
(``axes.autolimit_mode: round_numbers``): a histogram whose tallest bar moves from 72 to 75
keeps its 0–80 axis, so its furniture is reused and the axis does not jump under the
trainee's eyes.

The pixels match a full draw's but for one detail: grid lines (light, alpha 0.3) lie under
the data instead of over bars (matplotlib's ``axisbelow=True`` look). A figure saved with
``savefig`` still shows everything (matplotlib draws animated artists when saving).

Only public matplotlib API is used: the documented blitting calls (``set_animated``,
``copy_from_bbox``, ``restore_region``, ``Artist.draw``), ``get_children`` to find the
titles. What is kept between calls (backgrounds, which legends lie outside) is plain data
in :data:`_KEPT`, a weak side table keyed by the figure: nothing is stored on a
matplotlib object, and an entry goes when its figure goes.
"""

from __future__ import annotations

import struct
import weakref
import zlib
from collections import OrderedDict

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["render_png", "static_key", "widget_rc"]

_PNG_COMPRESS_LEVEL = 1
#: Backgrounds kept per figure (one per furniture key; ~1 MiB each at the course's size).
MAX_BACKGROUNDS = 12
#: Figure -> what render_png keeps for it (plain data: no matplotlib object in it).
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_WIDGET_RC = {"axes.autolimit_mode": "round_numbers"}


def widget_rc():
    """The rc settings a widget draws and renders under (limits snap to ticks)."""
    return mpl.rc_context(_WIDGET_RC)


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


def static_key(fig: Figure, outside: dict | None = None) -> tuple:
    """Everything that shapes a figure's furniture (not its data): equal keys, same pixels.

    `outside` maps ``id(legend)`` to whether that axes legend lies outside every axes (it
    is furniture then, and its texts are part of the key)."""
    outside = outside or {}
    axes = tuple((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(), ax.axison,
                  _axis_key(ax.xaxis), _axis_key(ax.yaxis),
                  _legend_key(ax.get_legend()) if _outside(ax.get_legend(), outside)
                  else ())
                 for ax in fig.axes)
    return (tuple(fig.get_size_inches()), fig.dpi, axes,
            tuple(_legend_key(leg) for leg in fig.legends))


def _outside(legend, outside: dict) -> bool:
    """True for an axes legend drawn before and lying outside every axes of its figure
    (placed beside the plot with ``bbox_to_anchor``): no data can overlap it."""
    return legend is not None and outside.get(id(legend), False)


def _mark_legends(fig: Figure, renderer, outside: dict) -> bool:
    """After a full draw, note in `outside` which axes legends lie outside every axes;
    True if any (new)."""
    boxes = [ax.bbox for ax in fig.axes]
    found = False
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible() or id(legend) in outside:
            continue
        extent = legend.get_window_extent(renderer)
        outside[id(legend)] = not any(extent.overlaps(box) for box in boxes)
        if outside[id(legend)]:
            legend.set_animated(False)  # drawn with the furniture from now on
            found = True
    return found


def _titles(fig: Figure) -> list:
    """The titles: each axes' three titles (centre, left, right: its Text children that
    are not among ``ax.texts``) and the figure's own texts (a suptitle). They sit outside
    the data area, so they are drawn onto the furniture (see :func:`render_png`)."""
    found = []
    for ax in fig.axes:
        own = {id(t) for t in ax.texts}
        found += [c for c in ax.get_children() if isinstance(c, Text) and id(c) not in own]
    return found + list(fig.texts)


def _titles_key(titles: list) -> tuple:
    return tuple((t.get_text(), t.get_visible(), t.get_position(), t.get_color(),
                  t.get_fontsize(), t.get_fontweight()) for t in titles)


def _dynamic(fig: Figure, outside: dict) -> list:
    """What a redraw draws: the data artists of every axes (bars, lines, markers,
    collections, annotations), the titles, and the furniture a full draw puts above the
    data (spines, an axes' own legend)."""
    found = []
    for ax in fig.axes:
        found += [*ax.patches, *ax.lines, *ax.collections, *ax.texts, *ax.images,
                  *ax.tables, *ax.spines.values()]
        if ax.get_legend() is not None and not _outside(ax.get_legend(), outside):
            found.append(ax.get_legend())
    return found + _titles(fig)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(rgba: np.ndarray) -> bytes:
    """An ``(height, width, 4)`` uint8 array as PNG: RGB when every pixel is opaque, no row
    filter, zlib level 1 (what :func:`render_png` sends; any PNG reader decodes it)."""
    height, width = rgba.shape[:2]
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.zeros((height, 1 + width * pixels.shape[2]), dtype=np.uint8)  # filter 0
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), _PNG_COMPRESS_LEVEL))
            + _chunk(b"IEND", b""))


def _encode(canvas: FigureCanvasAgg) -> bytes:
    return encode_png(np.asarray(canvas.buffer_rgba()))


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
        kept = _KEPT.pop(fig, None)
        if kept is not None:
            for artist in _dynamic(fig, kept["outside"]):
                artist.set_animated(False)
        canvas.draw()
        return _encode(canvas)
    state = _KEPT.get(fig)
    outside = state["outside"] if state is not None else {}
    dynamic = _dynamic(fig, outside)
    ids = [id(a) for a in dynamic]
    if state is None or state["dynamic_ids"] != ids:  # other artists: nothing kept is valid
        state = {"dynamic_ids": ids, "backgrounds": OrderedDict(), "furniture": OrderedDict(),
                 "outside": outside}
        _KEPT[fig] = state
    titles = _titles(fig)
    key = static_key(fig, outside)
    full_key = (key, _titles_key(titles))
    backgrounds, furniture = state["backgrounds"], state["furniture"]
    renderer = canvas.get_renderer()
    if full_key in backgrounds:  # furniture and titles as drawn before
        backgrounds.move_to_end(full_key)
        canvas.restore_region(backgrounds[full_key])
    else:
        if key in furniture:  # the axes as drawn before; only the titles are new
            furniture.move_to_end(key)
            canvas.restore_region(furniture[key])
        else:
            for artist in dynamic:
                artist.set_animated(True)
            canvas.draw()  # the furniture only (animated artists are skipped)
            if _mark_legends(fig, canvas.get_renderer(), outside):  # a legend outside:
                return render_png(fig)                             # furniture now
            key = static_key(fig, outside)
            furniture[key] = canvas.copy_from_bbox(fig.bbox)
            _trim(furniture)
            renderer = canvas.get_renderer()
        for title in titles:
            if title.get_visible() and title.get_text():
                title.draw(renderer)
        full_key = (key, _titles_key(titles))
        backgrounds[full_key] = canvas.copy_from_bbox(fig.bbox)
        _trim(backgrounds)
    state["key"] = key
    titles_ids = {id(t) for t in titles}
    for artist in sorted(dynamic, key=lambda a: a.get_zorder()):
        if artist.get_visible() and id(artist) not in titles_ids:
            artist.draw(renderer)
    return _encode(canvas)


def _trim(kept: OrderedDict) -> None:
    while len(kept) > MAX_BACKGROUNDS:
        kept.popitem(last=False)

"""The one way a course widget is built: controls -> ``interactive_output`` -> a function.

A widget is a pure function plus a thin view, wired the ipywidgets way:
``ipywidgets.interactive_output(show, controls)`` calls ``show(**values)`` in its Output
on every control change (and shows a callback's error there with ``showtraceback``,
as ``interact`` does). The topic module gives :func:`interactive_view`

* ``render(**values) -> result``: the control values in, a result out (it calls one topic
  function: the statistics live there, not in the widget);
* ``draw(result, figure) -> Figure``: the figure showing a result: a new one when
  `figure` is None, else the figure it drew before for the same ``figure_key``, with the
  result put into it in place (or a new one when it cannot);
* ``readout(result) -> str`` (optional): a short HTML read-out shown under the figure;
* ``enabled(values) -> {name: bool}`` (optional): which controls have an effect now; the
  others are disabled (a control that looks live must change what is drawn);
* ``busy(values) -> str | None`` (optional): a progress message shown while a slow first
  step (training a model once) runs.

The view owns the figure: it keeps one per ``figure_key(result)``, renders it once per
change into PNG (:func:`render_png`, below in this module, reuses the unchanged axes
furniture) and shows the PNG again without recomputing when a change leaves the values as
drawn. The first draw runs when the widget is built, before the Output exists,
so a widget built with bad input fails in its cell; a later callback error is shown in
the Output.

The older form ``render(**values) -> Figure | (Figure | None, str)`` (no ``draw``) still
works; the figure is then the one ``render`` returns.

First visits: drawn ahead in the kernel's idle time
---------------------------------------------------
A setting shown for the first time needs its figure's furniture drawn once: 40-190 ms of
CPU for the bias slicer's attributes (tick labels laid out and rasterised), against
10-25 ms for a redraw. So after each change of a dropdown, toggle or checkbox (and at
build), a view with ``draw`` queues the choices one move away (every other option of each
live dropdown or toggle, each checkbox flipped; the control just moved first; at most
:data:`MAX_AHEAD`) and draws them, one per callback, on the kernel's event loop
(:func:`_idle_loop`): in the kernel's main thread, when no cell runs and no message is
being handled, so never beside another matplotlib call (pyplot, rc settings and the
widgets' figures are not thread-safe), and a control change waits for one such draw at
most. A drawn-ahead choice computes its result (``render``; results are pure and seeded,
so nothing shown changes), updates or draws its figure (kept in line behind the one
shown) and renders it, which keeps its furniture; its first visit then costs a redraw.
A choice whose first step is slow (``busy`` names it: a dataset not scored yet) is left
for its change. Slider positions are not drawn ahead: after a slider move nothing is
queued. Outside a kernel (tests, scripts) nothing is drawn ahead unless asked
(:meth:`CourseView.settle`, what the benchmark runs between two timed moves).

Without a live kernel (GitHub, nbviewer, an HTML export, a notebook opened before it is
run) a widget cannot draw. So a view also carries a static copy of what it shows: its
display bundle holds an ``image/png`` of the current figure (or, for a view without a
figure, ``text/html`` of its read-out) next to the widget-view data. JupyterLab and
Notebook 7 prefer the live widget; renderers that cannot run widgets show the copy.

Rendering: one figure -> one PNG, drawn once
--------------------------------------------
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

import base64
import contextlib
import struct
import sys
import traceback
import warnings
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import numpy as np
from IPython.display import HTML, Image, clear_output, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["CourseView"]

_NO_CONTROLS = "controls must be a non-empty mapping of name -> ipywidgets control"
_NOT_CALLABLE = "{name} must be callable, got {type_name}"
_UNKNOWN_CONTROL = "enabled() named controls that do not exist: {names}"
#: The plain-text stand-in for a view (what a text-only renderer shows).
_STATIC_NOTE = "{title} (interactive figure: run the notebook to move its controls)"

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Figures kept per view (one per figure key: e.g. dataset × attribute of the slicer).
MAX_FIGURES = 24
#: Choices one move away drawn ahead in the kernel's idle time after a change, at most.
MAX_AHEAD = 12
#: Seconds the kernel stays idle after a change before it draws the next choices ahead.
AHEAD_DELAY_S = 0.15
#: Seconds between two looks at choices waiting for their slow first step.
AHEAD_RETRY_S = 1.0
AHEAD_RETRIES = 120
#: Controls whose choices are drawn ahead (a slider's positions are not).
_DISCRETE = (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.Checkbox)


# ------------------------------------------------------------------ rendering
# In this module with the view, so that a control change runs through one module of the
# view layer (issue 31: a slider move of the threshold explorer touches <= 4 modules).
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
    # Fixed ticks carry their own labels (set_xticks(ticks, labels) may give a
    # FuncFormatter, not a FixedFormatter): their texts shape the furniture too.
    labels = tuple((t.get_text(), t.get_rotation()) for t in axis.get_majorticklabels()) \
        if fixed_text or fixed_locs else ()
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
    if state is None:
        state = {"dynamic_ids": ids, "backgrounds": OrderedDict(), "furniture": OrderedDict(),
                 "outside": outside}
        _KEPT[fig] = state
    elif state["dynamic_ids"] != ids:
        # Data artists added or removed (a "small group" legend entry, a legend built
        # again): what is kept stays valid, since a background holds no data artist and
        # its key describes all the furniture; the new artists are drawn below, and
        # marked animated before the next furniture draw.
        state["dynamic_ids"] = ids
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


def furniture_ready(fig: Figure) -> bool:
    """Whether :func:`render_png` has the figure's furniture and titles as they are now
    (its next call only draws the data artists)."""
    state = _KEPT.get(fig)
    if state is None:
        return False
    key = (static_key(fig, state["outside"]), _titles_key(_titles(fig)))
    return key in state["backgrounds"]


def _trim(kept: OrderedDict) -> None:
    while len(kept) > MAX_BACKGROUNDS:
        kept.popitem(last=False)


# ------------------------------------------------------------------ the view
def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return None
    return get_ipython()


def _idle_loop():
    """The running kernel's event loop (tornado), or None outside a kernel (tests, scripts).

    A callback put on it runs in the kernel's main thread between two messages: when no
    cell runs and no control change is being handled."""
    kernel = getattr(_ipython(), "kernel", None)
    return getattr(kernel, "io_loop", None)


def _frozen(values: dict) -> tuple:
    return tuple(sorted(values.items()))


def _release(figure) -> None:
    """Take a figure away from pyplot (the view shows it; the inline backend must not)."""
    if getattr(figure.canvas, "manager", None) is not None:
        import matplotlib.pyplot as plt

        plt.close(figure)


class CourseView(w.VBox):
    """A ``VBox`` of controls and an ``Output`` redrawn on every control change.

    Attributes
    ----------
    controls : dict of str to ipywidgets control
    output : ipywidgets.Output
        Where the figure, the read-out and callback errors are shown.
    last_result : object
        What ``render`` returned for the values drawn last.
    last_figure : matplotlib.figure.Figure or None
        The figure shown now.
    last_png : bytes or None
        The PNG shown now (also the static copy of the view).
    last_text : str or None
        The read-out shown now.
    error : BaseException or None
        The error of the last change, if its callback raised (shown in ``output``).
    data : object
        What a widget precomputed and keeps (the bias slicer: its scored datasets).
    stats : object
        Precomputed counts (the drift monitor: monthly statistics per shift option).
    redraws : int
        How many changes were drawn (skipped changes are not counted).
    drawn_ahead : int
        How many choices were drawn ahead in idle time (see the module docstring).
    """

    def __init__(self, render: Callable, controls: Mapping[str, w.ValueWidget], *,
                 draw: Callable | None = None, readout: Callable | None = None,
                 enabled: Callable | None = None, busy: Callable | None = None, figure_key: Callable | None = None,
                 title: str | None = None, data: Any = None, stats: Any = None,
                 footer: list | None = None, **kwargs):
        if not isinstance(controls, Mapping) or not controls:
            raise ValueError(_NO_CONTROLS)
        for name, fn in (("render", render), ("draw", draw), ("readout", readout),
                         ("enabled", enabled), ("busy", busy), ("figure_key", figure_key)):
            if fn is not None and not callable(fn):
                raise TypeError(_NOT_CALLABLE.format(name=name, type_name=type(fn).__name__))
        self.render = render
        self._draw, self._readout = draw, readout
        self._enabled, self._busy, self._figure_key = enabled, busy, figure_key
        self.controls = dict(controls)
        self.title = title
        self.data, self.stats = data, stats
        self.last_result = None
        self.last_figure = None
        self.last_png: bytes | None = None
        self.last_text: str | None = None
        self.error: BaseException | None = None
        self.redraws = 0
        self._figures: OrderedDict[Hashable, Any] = OrderedDict()
        self._drawn_values: dict | None = None
        self._held = 0
        self._auto_disabled: set[str] = set()
        self._pending = False
        self._ahead: list[dict] = []
        self._waiting: list[dict] = []  # choices whose slow first step is not done yet
        self._retries = 0
        self._ahead_seen: set = set()
        self._ahead_scheduled = False
        self.drawn_ahead = 0
        values = self.values()
        self._apply_enabled(values)
        self._compute(values)  # a widget built with bad input fails in its cell
        self._plan_ahead(values)
        # The ipywidgets way: one Output, show(**values) on every change (shown now).
        self.output = w.interactive_output(self._show, self.controls)
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(header + [w.VBox(list(self.controls.values())), self.output,
                                   *(footer or [])], **kwargs)

    # ------------------------------------------------------------------ values
    def values(self) -> dict:
        """The current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _apply_enabled(self, values: dict) -> None:
        """Disable what has no effect now: what ``enabled`` says, and any choice between
        fewer than two options (a dataset with one attribute)."""
        live = dict(self._enabled(values)) if self._enabled is not None else {}
        unknown = sorted(set(live) - set(self.controls))
        if unknown:
            raise ValueError(_UNKNOWN_CONTROL.format(names=", ".join(unknown)))
        for name, control in self.controls.items():
            single = hasattr(control, "options") and len(control.options) < 2
            if name not in live and not single and name not in self._auto_disabled:
                continue
            on = bool(live.get(name, True)) and not single
            if single:
                self._auto_disabled.add(name)
            else:
                self._auto_disabled.discard(name)
            if control.disabled == on:
                control.disabled = not on

    @contextlib.contextmanager
    def hold(self):
        """Batch several control changes into one redraw (e.g. new options, new value)."""
        self._held += 1
        try:
            yield self
        finally:
            self._held -= 1
            if not self._held and self._pending:
                self._pending = False
                self.redraw()

    # ------------------------------------------------------------------ drawing
    def progress(self, message: str) -> None:
        """Show `message` in the Output now (before a slow step; the next draw replaces it)."""
        with self.output:
            self.output.clear_output(wait=False)
            display(HTML(f"<i>⏳ {message}</i>"))

    def redraw(self, *_change) -> None:
        """Show the current values again, as a control change does (recomputed only if
        they differ from those drawn; deferred while :meth:`hold` is active)."""
        with self.output:
            clear_output(wait=True)
            self._show(**self.values())

    def _figure_for(self, result, *, ahead: bool = False):
        """The figure showing `result`: updated in place when possible, else drawn anew.

        A figure drawn `ahead` (not shown) goes first in line to be dropped, so the one shown
        stays kept."""
        key = self._figure_key(result) if self._figure_key else None
        before = self._figures.get(key)
        fig = self._figures[key] = self._draw(result, before)
        if not ahead:
            self._figures.move_to_end(key)
        elif before is None:
            self._figures.move_to_end(key, last=False)
        while len(self._figures) > MAX_FIGURES:
            self._figures.popitem(last=False)
        return fig

    def _compute(self, values: dict) -> None:
        """Result, figure, PNG and read-out for `values` (what a change costs)."""
        with widget_rc():  # autoscaled limits snap to ticks: less furniture redrawn
            result = self.render(**values)
            if self._draw is None:  # render returned the figure itself
                figure, text = result if isinstance(result, tuple) else (result, None)
            else:
                figure = self._figure_for(result)
                text = self._readout(result) if self._readout else None
            if figure is not None:
                _release(figure)
            png = render_png(figure) if figure is not None else None
        self.error = None
        self.last_result, self.last_figure, self.last_png, self.last_text = (
            result, figure, png, text)
        self._drawn_values = values
        self.redraws += 1

    def _show(self, **values) -> None:
        """What ``interactive_output`` calls inside the Output on every change."""
        if self._held:
            self._pending = True
            return
        try:
            self._apply_enabled(values)
            if values != self._drawn_values or self.error is not None:
                before = self._drawn_values or {}
                moved = next((n for n in values if before.get(n, values[n]) != values[n]), None)
                message = self._busy(values) if self._busy else None
                if message:
                    display(HTML(f"<i>⏳ {message}</i>"))
                self._compute(values)
                if message:
                    clear_output(wait=True)
                self._plan_ahead(values, moved)
        except Exception as err:
            self.error, self._drawn_values = err, None
            ip = _ipython()
            if ip is not None:  # in the Output, as ipywidgets' interact shows an error
                ip.showtraceback()
            else:
                traceback.print_exception(err, file=sys.stderr)
            return
        if self.last_png is not None:
            display(Image(data=self.last_png, format="png"))
        if self.last_text:
            display(HTML(self.last_text))

    # ------------------------------------------------------------------ idle time
    def _neighbours(self, values: dict, moved: str | None = None):
        """Every value of `values` one discrete move away: another option of a dropdown or
        toggle, a checkbox flipped (live controls only); the control `moved` last first
        (a trainee going through a dropdown's options)."""
        names = sorted(self.controls, key=lambda name: name != moved)
        for name in names:
            control = self.controls[name]
            if control.disabled or not isinstance(control, _DISCRETE):
                continue
            if isinstance(control, w.Checkbox):
                options = [not values[name]]
            else:
                options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            for option in options:
                if option != values[name]:
                    yield {**values, name: option}

    def _plan_ahead(self, values: dict, moved: str | None = None) -> None:
        """Queue the choices one move away from `values`, to draw in the kernel's idle time.

        The first visit of a choice then costs a redraw: its result is computed, its figure
        exists and its furniture is drawn (:func:`render_png` keeps it). Only views with a
        ``draw`` do this; a choice whose first step is slow (``busy`` names it) waits for it."""
        self._ahead_seen.add(_frozen(values))
        self._ahead, self._waiting, self._retries = [], [], 0
        if self._draw is None or (moved is not None
                                  and not isinstance(self.controls[moved], _DISCRETE)):
            # After a slider move the next move is most likely the slider again (its
            # positions are not drawn ahead); a choice at the new position costs at most
            # the furniture of the figure it had (texts laid out already).
            return
        self._ahead = [v for v in self._neighbours(values, moved)
                       if _frozen(v) not in self._ahead_seen][:MAX_AHEAD]
        self._schedule_ahead(AHEAD_DELAY_S)

    def _schedule_ahead(self, delay: float) -> None:
        loop = _idle_loop()
        if loop is None or self._ahead_scheduled or not self._ahead:
            return
        self._ahead_scheduled = True
        loop.call_later(delay, self._idle_step)

    def _idle_step(self) -> None:
        """One choice drawn ahead per callback: a control change waits at most for one.
        A choice still waiting for its slow first step (a dataset being scored in the
        background) is tried again every :data:`AHEAD_RETRY_S` seconds."""
        self._ahead_scheduled = False
        if self._draw_ahead():
            self._schedule_ahead(0.0)
        elif self._waiting and self._retries < AHEAD_RETRIES:
            self._retries += 1
            self._ahead, self._waiting = self._waiting, []
            self._schedule_ahead(AHEAD_RETRY_S)

    def _draw_ahead(self) -> bool:
        """Draw the next queued choice ahead (not shown); False when none is left."""
        while self._ahead:
            values = self._ahead.pop(0)
            key = _frozen(values)
            if key in self._ahead_seen:
                continue
            if self._busy is not None and self._busy(values):
                self._waiting.append(values)
                continue
            if len(self._ahead_seen) > 4096:
                self._ahead_seen.clear()
            self._ahead_seen.add(key)
            try:
                with widget_rc(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    figure = self._figure_for(self.render(**values), ahead=True)
                    if not furniture_ready(figure):
                        render_png(figure)
                    if figure is self.last_figure:  # the figure shown: show its result again
                        self._draw(self.last_result, figure)
            except Exception:  # noqa: BLE001 - a real change computes it again and shows it
                pass
            self.drawn_ahead += 1
            return True
        return False

    def settle(self) -> int:
        """Draw now what the kernel's idle time draws ahead after a change (the choices one
        move away); for benchmarks and tests. Returns how many choices were drawn."""
        self._ahead, self._waiting = self._waiting + self._ahead, []
        drawn = 0
        while self._draw_ahead():
            drawn += 1
        return drawn

    # ------------------------------------------------------------------ static copy
    def static_png(self) -> str | None:
        """The current figure as base64 PNG (the view's static copy), or None."""
        if self.last_png is None:
            return None
        return base64.b64encode(self.last_png).decode("ascii")

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter front ends, plus a static copy for everything else.

        Front ends that run widgets (JupyterLab, Notebook 7, VS Code) rank the widget-view
        MIME type first; static renderers skip it (no widget state, no kernel) and fall
        back to ``image/png`` (or, for a view without a figure, ``text/html`` of its
        read-out), then ``text/plain``.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata) in some ipywidgets versions
            bundle = bundle[0]
        if bundle is None or _WIDGET_VIEW not in bundle:  # the widget was closed
            return bundle
        png = self.static_png()
        if png is not None:
            bundle["image/png"] = png
        elif self.last_text:
            heading = f"<p><b>{self.title}</b></p>" if self.title else ""
            bundle["text/html"] = f"<div>{heading}{self.last_text}</div>"
        bundle["text/plain"] = _STATIC_NOTE.format(title=self.title or "Interactive figure")
        return bundle


def interactive_view(render: Callable, controls: Mapping[str, w.ValueWidget], *,
                     draw: Callable | None = None, readout: Callable | None = None,
                     enabled: Callable | None = None, busy: Callable | None = None, figure_key: Callable | None = None,
                     title: str | None = None, data: Any = None, stats: Any = None,
                     footer: list | None = None) -> CourseView:
    """Build a course widget.

    Parameters
    ----------
    render : callable
        ``render(**values) -> result``, called once now and on every control change.
        Without `draw`, the result is the figure itself: ``Figure | (Figure | None, str)``.
    controls : mapping of str to ipywidgets control
        The controls, keyed by the keyword `render` receives.
    draw : callable, optional
        ``draw(result, figure) -> Figure``: the figure showing `result`: a new one when
        `figure` is None, else `figure` (drawn before for the same `figure_key`) with
        `result` put into it in place, or a new one when it cannot.
    readout : callable, optional
        ``readout(result) -> str | None``: HTML shown under the figure.
    enabled : callable, optional
        ``enabled(values) -> {name: bool}``: controls with no effect for `values` are
        disabled (names left out are not touched).
    busy : callable, optional
        ``busy(values) -> str | None``: a progress message to show before a slow render
        (such values are not drawn ahead in idle time until it returns None).
    figure_key : callable, optional
        ``figure_key(result) -> hashable``: one figure is kept per key (a dataset switched
        back to reuses its figure); by default one figure for all results.
    title : str, optional
        Shown above the controls.
    data, stats : object, optional
        Kept as :attr:`CourseView.data` / :attr:`CourseView.stats` (precomputed inputs).
    footer : list of widgets, optional
        Shown under the Output (e.g. a Save button).

    Returns
    -------
    CourseView
        A ``VBox``; ``.controls``, ``.output``, ``.last_result``, ``.last_figure``,
        ``.last_png``, ``.error``, ``.data``, ``.stats`` and ``.redraw()`` are there for
        tests, benchmarks and lessons.
    """
    return CourseView(render, controls, draw=draw, readout=readout,
                      enabled=enabled, busy=busy, figure_key=figure_key, title=title,
                      data=data, stats=stats, footer=footer)

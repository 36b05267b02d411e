"""The one way a course widget is built: controls -> ``interactive_output`` -> a function.

A widget is a pure function plus a thin view, wired the ipywidgets way:
``ipywidgets.interactive_output(show, controls)`` calls ``show(**values)`` in its Output
on every control change (and shows a callback's error there with ``showtraceback``,
as ``interact`` does). The topic module gives :func:`interactive_view`

* ``render(**values) -> result``: the control values in, a result out (it calls one topic
  function: the statistics live there, not in the widget);
* ``draw(result) -> Figure``: a new figure for a result;
* ``update(figure, result) -> bool`` (optional): put a result into a figure drawn before,
  in place; False when it cannot (other groups), and the view draws anew;
* ``readout(result) -> str`` (optional): a short HTML read-out shown under the figure;
* ``enabled(values) -> {name: bool}`` (optional): which controls have an effect now; the
  others are disabled (a control that looks live must change what is drawn);
* ``busy(values) -> str | None`` (optional): a progress message shown while a slow first
  step (training a model once) runs.

The view owns the figure: it keeps one per ``figure_key(result)``, renders it once per
change into PNG (:func:`~responsible_ml.widgets._render.render_png` reuses the unchanged
axes furniture) and shows the PNG again without recomputing when a change leaves the
values as drawn. The first draw runs when the widget is built, before the Output exists,
so a widget built with bad input fails in its cell; a later callback error is shown in
the Output.

The older form ``render(**values) -> Figure | (Figure | None, str)`` (no ``draw``) still
works; the figure is then the one ``render`` returns.

Without a live kernel (GitHub, nbviewer, an HTML export, a notebook opened before it is
run) a widget cannot draw. So a view also carries a static copy of what it shows: its
display bundle holds an ``image/png`` of the current figure (or, for a view without a
figure, ``text/html`` of its read-out) next to the widget-view data. JupyterLab and
Notebook 7 prefer the live widget; renderers that cannot run widgets show the copy.
"""

from __future__ import annotations

import base64
import contextlib
import sys
import traceback
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import ipywidgets as w
from IPython.display import HTML, Image, clear_output, display

from ._render import render_png, widget_rc

__all__ = ["interactive_view", "CourseView"]

_NO_CONTROLS = "controls must be a non-empty mapping of name -> ipywidgets control"
_NOT_CALLABLE = "{name} must be callable, got {type_name}"
_UNKNOWN_CONTROL = "enabled() named controls that do not exist: {names}"
#: The plain-text stand-in for a view (what a text-only renderer shows).
_STATIC_NOTE = "{title} (interactive figure: run the notebook to move its controls)"

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Figures kept per view (one per figure key: e.g. dataset × attribute of the slicer).
MAX_FIGURES = 12


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return None
    return get_ipython()


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
    """

    def __init__(self, render: Callable, controls: Mapping[str, w.ValueWidget], *,
                 draw: Callable | None = None, update: Callable | None = None,
                 readout: Callable | None = None, enabled: Callable | None = None,
                 busy: Callable | None = None, figure_key: Callable | None = None,
                 title: str | None = None, data: Any = None, stats: Any = None,
                 footer: list | None = None, **kwargs):
        if not isinstance(controls, Mapping) or not controls:
            raise ValueError(_NO_CONTROLS)
        for name, fn in (("render", render), ("draw", draw), ("update", update),
                         ("readout", readout), ("enabled", enabled), ("busy", busy),
                         ("figure_key", figure_key)):
            if fn is not None and not callable(fn):
                raise TypeError(_NOT_CALLABLE.format(name=name, type_name=type(fn).__name__))
        self.render = render
        self._draw, self._update, self._readout = draw, update, readout
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
        values = self.values()
        self._apply_enabled(values)
        self._compute(values)  # a widget built with bad input fails in its cell
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

    def _figure_for(self, result):
        """The figure showing `result`: updated in place when possible, else drawn anew."""
        key = self._figure_key(result) if self._figure_key else None
        fig = self._figures.get(key)
        if fig is None or self._update is None or not self._update(fig, result):
            fig = self._draw(result)
            self._figures[key] = fig
        self._figures.move_to_end(key)
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
                message = self._busy(values) if self._busy else None
                if message:
                    display(HTML(f"<i>⏳ {message}</i>"))
                self._compute(values)
                if message:
                    clear_output(wait=True)
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
                     draw: Callable | None = None, update: Callable | None = None,
                     readout: Callable | None = None, enabled: Callable | None = None,
                     busy: Callable | None = None, figure_key: Callable | None = None,
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
        ``draw(result) -> Figure``: a new figure for `result`.
    update : callable, optional
        ``update(figure, result) -> bool``: redraw `figure` in place; False if it cannot.
    readout : callable, optional
        ``readout(result) -> str | None``: HTML shown under the figure.
    enabled : callable, optional
        ``enabled(values) -> {name: bool}``: controls with no effect for `values` are
        disabled (names left out are not touched).
    busy : callable, optional
        ``busy(values) -> str | None``: a progress message to show before a slow render.
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
    return CourseView(render, controls, draw=draw, update=update, readout=readout,
                      enabled=enabled, busy=busy, figure_key=figure_key, title=title,
                      data=data, stats=stats, footer=footer)

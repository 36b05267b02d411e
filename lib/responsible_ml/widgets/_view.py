"""The one way a course widget is built: controls + an Output redrawn by a plain function.

Topic widgets call :func:`interactive_view` with a ``render`` function that takes the
control values as keyword arguments and returns a matplotlib ``Figure`` (and does no
statistics itself: it calls a topic function and draws its result), or a
``(Figure, text)`` pair where ``text`` is a short HTML/plain read-out shown under it.

Without a live kernel (GitHub, nbviewer, an HTML export, a notebook opened before it is
run) a widget cannot draw. So a view also carries a static copy of its first figure: its
display bundle holds an ``image/png`` next to the widget-view data. JupyterLab and Notebook 7
prefer the live widget; renderers that cannot run widgets show the picture instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.core.pylabtools import print_figure
from IPython.display import HTML, display

__all__ = ["interactive_view", "NO_CONTROLS", "STATIC_NOTE"]

NO_CONTROLS = "controls must be a non-empty mapping of name -> ipywidgets control"
#: The plain-text stand-in for a view (what a text-only renderer shows).
STATIC_NOTE = "{title} (interactive figure: run the notebook to move its controls)"

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class CourseView(w.VBox):
    """A ``VBox`` of controls and an ``Output``; ``redraw()`` re-renders on demand."""

    def __init__(self, render: Callable, controls: Mapping[str, w.ValueWidget],
                 title: str | None = None, **kwargs):
        if not isinstance(controls, Mapping) or not controls:
            raise ValueError(NO_CONTROLS)
        self.render = render
        self.controls = dict(controls)
        self.output = w.Output()
        self.title = title
        self.last_figure = None
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(header + [w.VBox(list(self.controls.values())), self.output],
                         **kwargs)
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def values(self) -> dict:
        """The current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, *_change) -> None:
        """Call ``render`` with the current values and show its figure in the Output."""
        result = self.render(**self.values())
        figure, text = result if isinstance(result, tuple) else (result, None)
        with self.output:
            self.output.clear_output(wait=True)
            if figure is not None:
                display(figure)
            if text:
                display(HTML(text))
        if figure is not None:
            if self.last_figure is not None and self.last_figure is not figure:
                plt.close(self.last_figure)
            self.last_figure = figure
            plt.close(figure)

    def static_png(self) -> str | None:
        """The current figure as base64 PNG (what the inline backend would store), or None."""
        if self.last_figure is None:
            return None
        return print_figure(self.last_figure, fmt="png", bbox_inches="tight", base64=True)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter front ends, plus a static figure for everything else.

        Front ends that run widgets (JupyterLab, Notebook 7, VS Code) rank the widget-view
        MIME type first; static renderers skip it (no widget state, no kernel) and fall
        back to ``image/png``, then ``text/plain``.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata) in some ipywidgets versions
            bundle = bundle[0]
        if bundle is None or _WIDGET_VIEW not in bundle:  # the widget was closed
            return bundle
        png = self.static_png()
        if png is not None:
            bundle["image/png"] = png
        bundle["text/plain"] = STATIC_NOTE.format(title=self.title or "Interactive figure")
        return bundle


def interactive_view(render: Callable, controls: Mapping[str, w.ValueWidget], *,
                     title: str | None = None) -> CourseView:
    """Build a course widget.

    Parameters
    ----------
    render : callable
        ``render(**values) -> Figure | (Figure, str)``; called once now and on every
        control change.
    controls : mapping of str to ipywidgets control
        The controls, keyed by the keyword ``render`` receives.
    title : str, optional
        Shown above the controls.

    Returns
    -------
    CourseView
        A ``VBox``; ``.controls``, ``.output``, ``.redraw()`` and ``.last_figure`` are
        there for tests and benchmarks. Displayed, it also carries a PNG of its current
        figure for renderers without a kernel (``.static_png()``).
    """
    return CourseView(render, controls, title=title)

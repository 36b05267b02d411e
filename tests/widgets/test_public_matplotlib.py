"""Issue 31: the library uses public matplotlib API only and stores nothing on its objects.

* no private attribute of a matplotlib object (``ax._left_title``, ``fig._suptitle``, ...)
  is read or written anywhere in ``lib/``;
* nothing is stored on a matplotlib object (``ax._rml_state = ...``, ``setattr(fig, ...)``):
  what a figure drawn again in place or the PNG renderer needs is found again through public API
  (artists named with ``set_gid``) or kept beside the figure in weak side tables, which
  must not keep a figure alive.
"""

from __future__ import annotations

import ast
import gc
import pathlib
import weakref

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import Collection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import responsible_ml  # noqa: E402
from responsible_ml import plotting  # noqa: E402
from responsible_ml.plotting import _tags  # noqa: E402
from responsible_ml.widgets import _view  # noqa: E402

LIB = pathlib.Path(responsible_ml.__file__).parent
_CLASSES = (Figure, Axes, Axis, Legend, Text, Line2D, Rectangle, Collection, FigureCanvasAgg)


def _matplotlib_private_names() -> set[str]:
    """Private (single-underscore) attribute names of matplotlib's main classes and of
    real instances (instance attributes such as ``_left_title`` are set in __init__)."""
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title("t", loc="left")
    fig.suptitle("s")
    ax.plot([0, 1], label="l")
    ax.legend()
    objects = [fig, ax, ax.xaxis, ax.get_legend(), ax.title, ax.lines[0], fig.canvas]
    names = {n for cls in _CLASSES for n in dir(cls)}
    names |= {n for obj in objects for n in vars(obj)}
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _offences(tree: ast.AST, private: set[str]) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner in ("self", "cls"):
                continue
            if node.attr in private:
                found.append(f"line {node.lineno}: .{node.attr} (private matplotlib name)")
            elif isinstance(node.ctx, ast.Store) and (node.attr.startswith("_")
                                                      or "rml" in node.attr):
                found.append(f"line {node.lineno}: .{node.attr} = ... (stored on an object)")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("setattr", "getattr", "hasattr", "delattr")
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
              and not (isinstance(node.args[0], ast.Name) and node.args[0].id in ("self", "cls"))
              and isinstance(node.args[1].value, str)
              and node.args[1].value.startswith("_")
              and not node.args[1].value.startswith("__")
              and node.args[1].value not in _NAMEDTUPLE_API):
            found.append(f"line {node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("setattr", "delattr")):
            found.append(f"line {node.lineno}: {node.func.id}(...) on a computed name")
    return found


#: A named tuple's public API: its names start with an underscore so that they cannot clash
#: with field names (https://docs.python.org/3/library/collections.html#collections.namedtuple).
_NAMEDTUPLE_API = {"_make", "_asdict", "_replace", "_fields", "_field_defaults"}

#: setattr on a computed name outside matplotlib: a dataclass filling its own fields and
#: the feedback guard patching a module or swapping a compiled function for its stand-in while
#: a check runs, and recording process starts (not matplotlib objects).
_SETATTR_OK = {"explain/_model_card.py", "tradeoffs/_assessment.py", "feedback/_trusted.py",
               "feedback/_shortcuts.py", "feedback/_threadwatch.py",
               "course/_sandbox.py"}


def test_lib_reads_no_private_matplotlib_attribute_and_stores_none_on_objects():
    private = _matplotlib_private_names()
    assert {"_left_title", "_suptitle", "_children"} <= private  # the check sees them
    bad = []
    for path in sorted(LIB.rglob("*.py")):
        rel = path.relative_to(LIB).as_posix()
        for offence in _offences(ast.parse(path.read_text()), private):
            if rel in _SETATTR_OK and ("setattr(...) on a computed name" in offence
                                       or ": .__" in offence):  # a function's own __defaults__
                continue
            bad.append(f"{rel} {offence}")
    assert bad == []


def test_the_check_catches_what_it_forbids():
    private = _matplotlib_private_names()
    code = ("ax._left_title.draw(r)\nfig._rml_state = {}\nlegend.rml_outside = True\n"
            "getattr(fig, '_suptitle')\nsetattr(ax, name, 1)\nself._cache = 1\n")
    assert len(_offences(ast.parse(code), private)) == 5


def _figures():
    table = pd.DataFrame({"tpr": [0.6, 0.4], "fpr": [0.2, 0.1], "count": [50, 40],
                          "small": [False, True]}, index=pd.Index(["a", "b"], name="group"))
    yield plotting._fairness.metric_by_group_plot(table, "tpr", overall=0.5,
                                        ax=plotting._style.offscreen_axes()).figure
    yield plotting.rates_by_group_plot(table, ax=plotting._style.offscreen_axes()).figure
    frontier = pd.DataFrame({"accuracy": [0.7, 0.8], "gap": [0.05, 0.2],
                             "epsilon": [1.0, np.inf]})
    yield plotting.frontier_plot(frontier, x="accuracy", y="gap",
                                 ax=plotting._style.offscreen_axes()).figure


def test_figures_and_renders_carry_no_course_attribute_and_are_not_kept_alive():
    for fig in _figures():
        _view.render_png(fig)
        _view.render_png(fig)
        for obj in [fig, fig.canvas, *fig.findobj()]:
            extra = [n for n in vars(obj) if "rml" in n.lower()]
            assert extra == [], (type(obj).__name__, extra)
        ref = weakref.ref(fig)
        assert fig in _view._KEPT
        del fig, obj
        gc.collect()
        assert ref() is None  # the side tables hold no strong reference to a figure
    assert all(isinstance(k, Figure) for k in _view._KEPT)
    assert all(isinstance(k, Axes) for k in _tags._FACTS)

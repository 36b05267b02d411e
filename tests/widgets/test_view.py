"""interactive_view: draw/update callbacks, skipped and batched redraws, disabled controls,
errors shown instead of lost; render_png: one draw, furniture reused, same pixels."""

from __future__ import annotations

import ast
import io
import pathlib

import ipywidgets as w
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from responsible_ml.plotting._style import offscreen_axes  # noqa: E402
from responsible_ml.widgets import _view as V  # noqa: E402
from responsible_ml.widgets._view import interactive_view  # noqa: E402


class Calls:
    def __init__(self):
        self.draws = self.updates = 0

    def render(self, k, mode="a"):
        if k < 0:
            raise ValueError("negative k")
        return {"k": k, "mode": mode}

    def draw(self, result, fig=None):
        if fig is not None:  # drawn before: in place
            self.updates += 1
            fig.axes[0].patches[1].set_height(result["k"])
            return fig
        self.draws += 1
        ax = offscreen_axes(figsize=(3, 2))
        ax.bar(["x", "y"], [1, result["k"]])
        ax.set_ylim(0, 10)
        return ax.figure


def _view(calls=None, **kwargs):
    calls = calls or Calls()
    controls = {"k": w.IntSlider(value=1, min=-1, max=9),
                "mode": w.Dropdown(options=["a", "b"], value="a")}
    view = interactive_view(calls.render, controls, draw=calls.draw,
                            readout=lambda r: f"k = {r['k']}", **kwargs)
    return view, calls


def test_draw_once_then_update_in_place(capsys):
    view, calls = _view()
    fig = view.last_figure
    assert (calls.draws, calls.updates) == (1, 0)
    view.controls["k"].value = 5
    assert (calls.draws, calls.updates) == (1, 1) and view.last_figure is fig
    assert view.last_result == {"k": 5, "mode": "a"} and view.last_text == "k = 5"
    assert fig.axes[0].patches[1].get_height() == 5
    assert view.last_png.startswith(b"\x89PNG")


def test_unchanged_values_are_not_redrawn_and_hold_batches(capsys):
    view, calls = _view()
    view.redraw()  # same values as drawn
    assert view.redraws == 1
    with view.hold():
        view.controls["k"].value = 2
        view.controls["k"].value = 3
        view.controls["mode"].value = "b"
        assert view.redraws == 1
    assert view.redraws == 2 and view.last_result == {"k": 3, "mode": "b"}


def test_figure_key_keeps_one_figure_per_key(capsys):
    view, calls = _view(figure_key=lambda r: r["mode"])
    first = view.last_figure
    view.controls["mode"].value = "b"
    assert view.last_figure is not first and calls.draws == 2
    view.controls["mode"].value = "a"
    assert view.last_figure is first and calls.draws == 2


def test_enabled_disables_controls_without_effect(capsys):
    view, _ = _view(enabled=lambda values: {"k": values["mode"] == "a"})
    assert not view.controls["k"].disabled
    view.controls["mode"].value = "b"
    assert view.controls["k"].disabled
    with pytest.raises(ValueError) as err:
        _view(enabled=lambda values: {"nope": True})
    assert str(err.value) == V._UNKNOWN_CONTROL.format(names="nope")


def test_single_option_choice_is_disabled(capsys):
    choice = w.Dropdown(options=["only"], value="only")
    view = interactive_view(lambda c: (None, c), {"c": choice})
    assert choice.disabled
    choice.options = ["only", "other"]
    view.redraw()
    assert not choice.disabled


def test_callback_error_is_shown_and_kept_not_raised(capsys):
    view, _ = _view()
    view.controls["k"].value = -1  # render raises
    assert isinstance(view.error, ValueError) and str(view.error) == "negative k"
    assert "negative k" in capsys.readouterr().err  # no kernel: the traceback goes to stderr
    assert view.last_result == {"k": 1, "mode": "a"}  # the last good drawing stays
    view.controls["k"].value = 4
    assert view.error is None and view.last_result["k"] == 4


def test_error_when_building_raises():
    calls = Calls()
    with pytest.raises(ValueError, match="negative k"):
        interactive_view(calls.render, {"k": w.IntSlider(value=-1, min=-1)}, draw=calls.draw)


def test_bad_arguments():
    with pytest.raises(ValueError) as err:
        interactive_view(lambda: None, {})
    assert str(err.value) == V._NO_CONTROLS
    with pytest.raises(TypeError) as err:
        interactive_view(lambda k: None, {"k": w.IntSlider()}, draw=3)
    assert str(err.value) == V._NOT_CALLABLE.format(name="draw", type_name="int")


def test_view_without_figure_has_html_static_copy():
    from IPython.core.formatters import DisplayFormatter

    view = interactive_view(lambda k: (None, f"<b>k = {k}</b>"), {"k": w.IntSlider(value=2)},
                            title="Bars")
    data, _ = DisplayFormatter().format(view)
    assert "image/png" not in data
    assert data["text/html"] == "<div><p><b>Bars</b></p><b>k = 2</b></div>"


# --------------------------------------------------------------------------- render_png
def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=int)


def _figure(grid: bool):
    ax = offscreen_axes(figsize=(4, 3))
    ax.grid(grid)
    ax.bar(["a", "b", "c"], [0.2, 0.5, 0.9], color="#0072B2")
    ax.axhline(0.4, color="grey", ls="--")
    ax.set_ylim(0, 1)
    ax.set_title("rates")
    ax.legend(["everyone"], loc="upper left")
    ax.figure.tight_layout()
    return ax


def test_reused_background_gives_the_pixels_of_a_full_draw():
    ax = _figure(grid=False)
    V.render_png(ax.figure)  # builds the background
    ax.patches[1].set_height(0.7)
    ax.set_title("rates, moved")
    reused = V.render_png(ax.figure)
    full = V.render_png(ax.figure, reuse=False)
    assert np.array_equal(_pixels(reused), _pixels(full))


def test_background_is_rebuilt_when_the_furniture_changes():
    ax = _figure(grid=True)
    first = V.render_png(ax.figure)
    key = V.static_key(ax.figure)
    ax.set_ylim(0, 2)  # new tick labels: the background must be drawn again
    assert V.static_key(ax.figure) != key
    second = V.render_png(ax.figure)
    assert not np.array_equal(_pixels(first), _pixels(second))
    state = V._KEPT[ax.figure]  # kept beside the figure, not on it
    assert state["key"] == V.static_key(ax.figure)


def test_with_grid_only_grid_pixels_differ():
    ax = _figure(grid=True)
    V.render_png(ax.figure)
    ax.patches[0].set_height(0.3)
    reused, full = _pixels(V.render_png(ax.figure)), None
    full = _pixels(V.render_png(ax.figure, reuse=False))
    differ = np.any(reused != full, axis=-1)
    assert differ.mean() < 0.02  # grid lines over vs under the bars (~1 % of pixels)


def test_savefig_still_draws_the_data():
    ax = _figure(grid=False)
    V.render_png(ax.figure)  # marks the data artists animated
    out = io.BytesIO()
    ax.figure.savefig(out, format="png", dpi=ax.figure.dpi)
    saved = _pixels(out.getvalue())
    assert saved.shape == _pixels(V.render_png(ax.figure)).shape
    blue = np.all(saved[..., :3] == (0, 114, 178), axis=-1)
    assert blue.sum() > 1000  # the bars are there


def underscore_imports(source: str, package: pathlib.Path) -> list[str]:
    """``from ..x import _name`` lines of a widgets module: an underscore name of another
    subpackage (a module's own helper or message), not a module of the package."""
    root = package.parent  # lib/responsible_ml
    bad = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.ImportFrom) and node.level >= 2):  # from ..topic import
            continue
        base = root.joinpath(*(node.module or "").split("."))
        for alias in node.names:
            is_module = (base / f"{alias.name}.py").is_file() or (base / alias.name).is_dir()
            if alias.name.startswith("_") and not is_module:
                bad.append(f"from {'.' * node.level}{node.module or ''} import {alias.name}")
    return bad


def test_widgets_import_no_underscore_names_of_other_subpackages():
    """Widgets belong to the package: they may import a toolkit's or plotting's private module
    (``from ..fairness._engine import encode_groups``), as scikit-learn's modules import
    ``sklearn.utils._param_validation``; never a ``_name``, which is private to its own
    subpackage. Toolkits never import widgets: the layers contract (tests/test_import_graph.py)."""
    import responsible_ml.widgets as package

    folder = pathlib.Path(package.__file__).parent
    bad = [f"{path.name}: {line}" for path in sorted(folder.glob("*.py"))
           for line in underscore_imports(path.read_text(encoding="utf-8"), folder)]
    assert bad == []


def test_the_underscore_import_check_can_fail():
    import responsible_ml.widgets as package

    folder = pathlib.Path(package.__file__).parent
    source = ("from ..fairness._engine import _wilson, encode_groups\n"
              "from ..plotting import _style\nfrom .._names import METRIC_LABELS\n"
              "from ._view import _NO_CONTROLS\n")
    assert underscore_imports(source, folder) == ["from ..fairness._engine import _wilson"]


def test_encode_png_round_trips_opaque_and_transparent_pixels():
    rng = np.random.default_rng(0)
    opaque = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    opaque[..., 3] = 255
    clear = opaque.copy()
    clear[2, 3, 3] = 10
    for rgba, mode in ((opaque, "RGB"), (clear, "RGBA")):
        image = Image.open(io.BytesIO(V.encode_png(rgba)))
        assert image.mode == mode
        assert np.array_equal(np.asarray(image.convert("RGBA")), rgba)


def test_a_setting_seen_before_reuses_its_background():
    ax = _figure(grid=False)
    V.render_png(ax.figure)
    ax.set_ylim(0, 2)
    V.render_png(ax.figure)
    ax.set_ylim(0, 1)  # back: that furniture is kept, no full draw
    calls = []
    canvas = ax.figure.canvas
    original = canvas.draw
    canvas.draw = lambda *a, **k: calls.append(1) or original(*a, **k)
    back = V.render_png(ax.figure)
    assert calls == []
    assert np.array_equal(_pixels(back), _pixels(V.render_png(ax.figure, reuse=False)))


def test_backgrounds_kept_are_bounded():
    ax = _figure(grid=False)
    for top in range(1, V.MAX_BACKGROUNDS + 5):
        ax.set_ylim(0, top)
        V.render_png(ax.figure)
    assert len(V._KEPT[ax.figure]["backgrounds"]) == V.MAX_BACKGROUNDS


def test_a_legend_outside_the_axes_becomes_furniture_with_the_same_pixels():
    ax = offscreen_axes(figsize=(5, 3))
    ax.figure.subplots_adjust(right=0.7)
    ax.grid(False)  # grid lines over bars are the one known difference (see above)
    bars = ax.bar(["a", "b"], [0.3, 0.6], color="#0072B2", label="rate")
    ax.set_ylim(0, 1)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
    V.render_png(ax.figure)
    assert ax.get_legend() not in V._dynamic(ax.figure,
                                                   V._KEPT[ax.figure]["outside"])
    bars[0].set_height(0.8)
    reused = V.render_png(ax.figure)
    assert np.array_equal(_pixels(reused), _pixels(V.render_png(ax.figure, reuse=False)))


def test_a_legend_inside_the_axes_stays_above_the_data():
    ax = _figure(grid=False)  # legend upper left, inside
    V.render_png(ax.figure)
    assert ax.get_legend() in V._dynamic(ax.figure, V._KEPT[ax.figure]["outside"])


def test_widget_rc_snaps_autoscaled_limits_to_ticks():
    with V.widget_rc():
        ax = offscreen_axes(figsize=(4, 3))
        ax.bar(["a", "b"], [72.45, 10])
        low, high = ax.get_ylim()
    assert (low, high) == (0.0, 80.0)


class _Loop:
    """Stands in for the kernel's event loop: keeps what call_later was given."""

    def __init__(self):
        self.pending = []

    def call_later(self, delay, callback):
        self.pending.append(callback)

    def run(self):
        while self.pending:
            self.pending.pop(0)()


def test_idle_time_draws_each_choice_one_move_away_then_a_first_visit_is_a_redraw(
        capsys, monkeypatch):
    loop = _Loop()
    monkeypatch.setattr(V, "_idle_loop", lambda: loop)
    view, calls = _view(figure_key=lambda r: r["mode"])
    assert len(loop.pending) == 1 and calls.draws == 1  # nothing drawn ahead yet
    shown = view.last_png
    loop.run()  # the kernel idles: mode "b" (the only discrete choice) is drawn ahead
    assert view.drawn_ahead == 1 and calls.draws == 2
    assert view.last_png is shown and view.last_result == {"k": 1, "mode": "a"}
    assert view.redraws == 1  # drawing ahead is not a change
    view.controls["mode"].value = "b"  # its first visit: figure and furniture drawn already
    assert calls.draws == 2 and view.last_result == {"k": 1, "mode": "b"}
    loop.run()
    assert view.drawn_ahead == 1  # "a" at k=1 was drawn (shown) before: not again
    view.controls["k"].value = 4  # a slider move: its positions are not drawn ahead
    loop.run()
    assert view.drawn_ahead == 1 and view.last_result == {"k": 4, "mode": "b"}


def test_same_pixels_whether_a_choice_was_drawn_ahead_or_not(capsys, monkeypatch):
    cold, _ = _view(figure_key=lambda r: r["mode"])
    cold.controls["mode"].value = "b"
    loop = _Loop()
    monkeypatch.setattr(V, "_idle_loop", lambda: loop)
    warm, _ = _view(figure_key=lambda r: r["mode"])
    assert warm.settle() == 1 and loop.pending  # settle() draws now what idle time would
    warm.controls["mode"].value = "b"
    assert warm.last_png == cold.last_png


def test_a_slow_choice_is_not_drawn_ahead_and_errors_stay_for_the_change(capsys, monkeypatch):
    monkeypatch.setattr(V, "_idle_loop", lambda: None)  # outside a kernel: nothing queued
    loading = {"b"}
    view, calls = _view(busy=lambda values: "loading" if values["mode"] in loading else None)
    assert view.settle() == 0 and calls.draws == 1
    loading.clear()  # its data is ready now: drawn ahead at the next look
    assert view.settle() == 1 and calls.updates == 2  # one figure: drawn into in place,
    assert view.last_figure.axes[0].patches[1].get_height() == 1  # then the shown result
    bad, calls = _view(calls=type("Bad", (Calls,), {
        "render": lambda self, k, mode="a": 1 / 0 if mode == "b" else {"k": k, "mode": mode}})())
    assert bad.settle() == 1 and bad.error is None  # swallowed ahead ...
    bad.controls["mode"].value = "b"
    assert isinstance(bad.error, ZeroDivisionError)  # ... shown when chosen


def test_idle_time_looks_again_at_a_choice_whose_data_was_loading(capsys, monkeypatch):
    loop = _Loop()
    monkeypatch.setattr(V, "_idle_loop", lambda: loop)
    loading = {"b"}
    view, calls = _view(busy=lambda values: "loading" if values["mode"] in loading else None)
    loop.pending.pop(0)()  # first look: "b" is loading, a later look is scheduled
    assert view.drawn_ahead == 0 and len(loop.pending) == 1
    loading.clear()
    loop.run()
    assert view.drawn_ahead == 1 and calls.updates == 2

"""Widgets without a kernel: static fallbacks in the display bundle, and `make site`."""

from __future__ import annotations

import base64
import pathlib
import re

import ipywidgets as w
import matplotlib
import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.pylabtools import print_figure
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from responsible_ml.widgets import _static as static  # noqa: E402
from responsible_ml.widgets import _view as view_module  # noqa: E402
from responsible_ml.widgets import commit_reveal  # noqa: E402
from responsible_ml.widgets._view import interactive_view  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_FALLBACKS = ("image/png", "image/svg+xml", "text/html")
_PNG_IMG = re.compile(r"<img\b[^>]*\bsrc=\"data:image/png;base64,", re.IGNORECASE)


def widgets_without_fallback(nb) -> list[int]:
    """Indices of code cells that display a widget with no static fallback."""
    bad = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data and not any(m in data for m in STATIC_FALLBACKS):
                bad.append(index)
    return bad


def count_html_figures(page: str) -> int:
    """How many embedded PNG images an exported HTML page holds."""
    return len(_PNG_IMG.findall(page))


def _render(k):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [1, k])
    return fig, f"<b>k = {k}</b>"


def _bundle(obj) -> dict:
    data, _ = DisplayFormatter().format(obj)
    return data


def test_view_bundle_has_widget_and_png():
    slider = w.IntSlider(value=1, min=0, max=5)
    view = interactive_view(_render, {"k": slider}, title="Group rates")
    data = _bundle(view)
    assert data[WIDGET_VIEW]["model_id"] == view.model_id
    assert base64.b64decode(data["image/png"]).startswith(PNG_MAGIC)
    assert data["text/plain"] == view_module._STATIC_NOTE.format(title="Group rates")
    # The static copy follows the figure currently shown.
    slider.value = 4
    assert _bundle(view)["image/png"] != data["image/png"]


def test_view_without_title_or_figure():
    view = interactive_view(lambda k: (None, f"k = {k}"), {"k": w.IntSlider(value=1)})
    data = _bundle(view)
    assert "image/png" not in data and view.static_png() is None
    assert data["text/plain"] == view_module._STATIC_NOTE.format(title="Interactive figure")


def test_prompt_static_html_hides_the_answer():
    box = commit_reveal("Is 95 % accuracy <good>?", ["yes", "not necessarily"],
                        "not necessarily", "Accuracy averages over groups.")
    data = _bundle(box)
    assert WIDGET_VIEW in data
    html = data["text/html"]
    assert "Is 95 % accuracy &lt;good&gt;?" in html
    assert "<li>yes</li>" in html and "<li>not necessarily</li>" in html
    assert "averages" not in html and "averages" not in data["text/plain"]
    assert data["text/plain"] == "Before reading on: Is 95 % accuracy <good>? [yes / not necessarily]"


def _notebook_with_widgets(with_state: bool):
    """A stored notebook as nbclient writes it: a figure, a course view, a prompt."""
    view = interactive_view(_render, {"k": w.IntSlider(value=2, max=5)}, title="demo")
    prompt = commit_reveal("q?", ["a", "b"], "a", "because")
    fig, _ = _render(1)
    figure_data = {"image/png": print_figure(fig, fmt="png", base64=True),
                   "text/plain": "<Figure size 300x200 with 1 Axes>"}
    plt.close(fig)
    cells = [new_markdown_cell("# 99 · Demo lesson"),
             new_code_cell("fig", outputs=[new_output("display_data", data=figure_data)]),
             new_code_cell("view", outputs=[new_output("display_data", data=_bundle(view))]),
             new_code_cell("prompt", outputs=[new_output("display_data", data=_bundle(prompt))])]
    nb = new_notebook(cells=cells)
    if with_state:
        state = {m: {"model_name": "VBoxModel", "model_module": "@jupyter-widgets/controls",
                     "model_module_version": "2.0.0", "state": {}}
                 for m in (view.model_id, prompt.model_id)}
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json":
                                  {"version_major": 2, "version_minor": 0, "state": state}}
    return nb


def test_html_export_shows_static_figures(tmp_path):
    nb = _notebook_with_widgets(with_state=True)
    path = tmp_path / "99-demo.ipynb"
    nbformat.write(nb, path)
    assert static.count_figures(nb) == 2
    assert widgets_without_fallback(nb) == []
    page = static.export_html(path)
    assert count_html_figures(page) == 2
    assert "<li>a</li>" in page  # the prompt's static HTML
    assert "unpkg.com/@jupyter-widgets" not in page  # no widget JavaScript from a CDN
    # Why the state is dropped: with it, nbconvert renders widget views, not the figures.
    from nbconvert import HTMLExporter

    with_state, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert count_html_figures(with_state) == 1


def test_widget_without_fallback_is_reported():
    nb = new_notebook(cells=[new_code_cell("w", outputs=[new_output(
        "display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "VBox()"})])])
    assert widgets_without_fallback(nb) == [0]


def test_build_site_writes_index(tmp_path):
    nb = _notebook_with_widgets(with_state=True)
    src = tmp_path / "lessons"
    src.mkdir()
    nbformat.write(nb, src / "99-demo.ipynb")
    pages = static.build_site(tmp_path / "site", [src / "99-demo.ipynb"])
    assert [p.name for p in pages] == ["99-demo.html"]
    index = (tmp_path / "site" / "index.html").read_text()
    assert '<a href="99-demo.html">99 · Demo lesson</a>' in index


def test_main_without_lessons(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert static.main([str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err.strip() == static.NO_LESSONS.format(root=tmp_path)


LESSONS = sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_site_page_has_every_figure(lesson, tmp_path):
    """`make site`: the reading copy of each lesson shows every stored figure and widget."""
    nb = nbformat.read(lesson, as_version=4)
    assert widgets_without_fallback(nb) == [], (
        "these code cells show a widget with no static figure (re-run `make lessons` so the "
        "stored outputs carry the fallback, or build the widget with interactive_view)")
    pages = static.build_site(tmp_path, [lesson])
    page = pages[0].read_text(encoding="utf-8")
    assert count_html_figures(page) == static.count_figures(nb)
    assert f'href="{lesson.stem}.html"' in (tmp_path / "index.html").read_text()

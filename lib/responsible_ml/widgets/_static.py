"""Lessons read without a kernel: a static HTML copy of every lesson (``make site``).

A lesson stores, for each widget, the widget-view data *and* a static fallback
(``image/png`` for a :class:`~responsible_ml.widgets._view.CourseView`, ``text/html``
for a commit-then-reveal prompt). nbconvert renders the widget view only when the
notebook carries widget state, and then it needs JavaScript from a CDN; the reading copy
drops that state so every widget shows its static figure and the pages work offline.

Run ``python -m responsible_ml.widgets._static [OUT_DIR] [LESSON ...]`` (the Makefile's
``site`` target does).
"""

from __future__ import annotations

import ast
import copy
import html
import inspect
import pathlib
import re
import sys

import nbformat

__all__ = ["static_notebook", "export_html", "build_site", "count_figures", "figure_alt",
           "NO_LESSONS"]

NO_LESSONS = "no lessons found: expected lessons/NN-slug.ipynb files under {root}"


def static_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without widget state, so renderers use the static fallbacks."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    return nb


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def count_figures(nb: nbformat.NotebookNode) -> int:
    """How many PNG figures a static reader of ``nb`` should see (widgets' included)."""
    return sum("image/png" in out.get("data", {}) for out in _outputs(nb))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_ALT_KEY = "responsible_ml_alt"  # output metadata the page template reads (static copy only)
_LABELS = {"title": "title", "xlabel": "x axis", "ylabel": "y axis"}
_SETTERS = {"set_title": "title", "suptitle": "title", "title": "title",
            "set_xlabel": "xlabel", "xlabel": "xlabel", "set_ylabel": "ylabel", "ylabel": "ylabel"}


def _plot_defaults(name: str) -> dict[str, str]:
    """String defaults of title / xlabel / ylabel of a course plot function (if any)."""
    import responsible_ml.plotting as plotting

    func = getattr(plotting, name, None)
    if func is None:
        return {}
    params = inspect.signature(func).parameters
    return {k: p.default for k, p in params.items()
            if k in _LABELS and isinstance(p.default, str)}


def _plot_kind(name: str) -> str:
    """What a course plot function draws: the first line of its docstring."""
    import responsible_ml.plotting as plotting

    func = getattr(plotting, name, None)
    doc = (inspect.getdoc(func) or "").split("\n")[0] if func else ""
    doc = re.sub(r"^Draw an? ", "", doc).rstrip(".")
    return f"{doc[:1].upper()}{doc[1:]}." if doc else ""


def _plots_in(source: str) -> list[tuple[str, dict[str, str]]]:
    """The plots a cell draws: (course plot function or "", literal labels), in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    plots: list[tuple[str, dict[str, str]]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        literal = {k.arg: k.value.value for k in node.keywords
                   if k.arg in _LABELS and isinstance(k.value, ast.Constant)
                   and isinstance(k.value.value, str)}
        if name.endswith("_plot") and not name.startswith("update_"):
            plots.append((name, {**_plot_defaults(name), **literal}))
        elif name in _SETTERS and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            plots.append(("", {_SETTERS[name]: node.args[0].value}))
    plots.sort(key=lambda p: 0 if p[0] else 1)  # course plots first, then set_title & co.
    return plots


def _first_sentence(markdown: str) -> str:
    text = re.sub(r"^#+\s*", "", markdown.strip(), flags=re.MULTILINE)
    text = re.sub(r"[*_`]", "", " ".join(text.split()))
    return re.split(r"(?<=[.:!?])\s", text, maxsplit=1)[0]


def figure_alt(nb: nbformat.NotebookNode, cell_index: int, output: dict) -> str:
    """A text alternative for a figure output of ``nb.cells[cell_index]``: what it shows.

    The stored PNG holds no text, so the description comes from what the notebook says about
    the figure: for a course widget, its name (the widget's ``text/plain`` fallback); for a
    figure drawn after ``plotting.use_style()``, its stored plain-text description
    (``plotting._style._describe_figure``); otherwise, for a plot, the kind of plot (the course plot function called) with its title and axis labels
    (literal arguments, else the function's defaults, and any ``set_title`` / ``set_xlabel``
    / ``set_ylabel``); failing both, the first sentence of the markdown cell above, which by
    the course's style says what the next cell shows.
    """
    cell = nb.cells[cell_index]
    data = output.get("data", {})
    plain = data.get("text/plain", "")
    plain = "".join(plain) if isinstance(plain, list) else str(plain)
    if WIDGET_VIEW in data and plain and not plain.startswith("<"):
        return f"Static figure of the widget: {plain.strip()}"
    if plain.startswith("Figure with "):   # plotting._style._describe_figure: the notebook's own text
        return plain.strip()
    parts = []
    for name, labels in _plots_in(cell.source):
        said = [f"{labels['title'].rstrip('.')}." if labels.get("title") else "",
                _plot_kind(name),
                "; ".join(f"{_LABELS[k]}: {labels[k]}" for k in ("xlabel", "ylabel")
                          if labels.get(k)) + "."]
        parts.append(" ".join(p for p in said if p not in ("", ".")))
    if parts:
        return "Figure: " + " Next panel: ".join(parts)
    for above in reversed(nb.cells[:cell_index]):
        if above.cell_type == "markdown" and above.source.strip():
            return "Figure of the cell after the text: " + _first_sentence(above.source)
    return f"Figure drawn by the code: {' '.join(cell.source.split())[:200]}"


def _with_alt_text(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                out.setdefault("metadata", {})[_ALT_KEY] = figure_alt(nb, index, out)
    return nb


# The JupyterLab look (nbconvert's "lab" template) with what a reader of the static copy
# needs: each figure's alt text, the lesson's title, and code colours whose contrast with
# the cell background reaches WCAG AA (4.5:1; JupyterLab's light theme has a few below it).
_PAGE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img alt="{{ output.metadata.get('""" + _ALT_KEY + """', '') | escape_html }}" \
src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}">
</div>
{%- endblock data_png -%}
{%- block html_head_css -%}
<style type="text/css">
:root {
  --jp-cell-prompt-not-active-opacity: 1;
  --jp-cell-inprompt-font-color: #2a6ca5;
  --jp-cell-outprompt-font-color: #a94f34;
  --jp-mirror-editor-atom-color: #5555ff;
  --jp-mirror-editor-bracket-color: #707054;
  --jp-mirror-editor-comment-color: #3b7676;
  --jp-mirror-editor-error-color: #e00000;
  --jp-mirror-editor-hr-color: #6e6e6e;
  --jp-mirror-editor-meta-color: #9400f0;
  --jp-mirror-editor-number-color: #007e00;
  --jp-mirror-editor-operator-color: #9400f0;
}
</style>
{%- endblock html_head_css -%}
"""


def export_html(path: str | pathlib.Path) -> str:
    """The static HTML page of one notebook (JupyterLab look, no widget state).

    Each figure carries an ``alt`` text saying what it shows (:func:`figure_alt`) and the
    page's title is the lesson's ``# `` heading.
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    path = pathlib.Path(path)
    nb = _with_alt_text(static_notebook(nbformat.read(path, as_version=4)))
    nb.metadata.setdefault("title", _title(path))
    exporter = HTMLExporter(template_name="lab",
                            extra_loaders=[DictLoader({"rml_site.html.j2": _PAGE_TEMPLATE})],
                            template_file="rml_site.html.j2")
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    return body


def _title(path: pathlib.Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def build_site(out_dir: str | pathlib.Path, lessons: list[pathlib.Path]) -> list[pathlib.Path]:
    """Write one HTML page per lesson and an ``index.html`` into ``out_dir``.

    Returns
    -------
    list of pathlib.Path
        The lesson pages written, in order (the index is ``out_dir / "index.html"``).
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages, rows = [], []
    for lesson in sorted(lessons):
        page = out_dir / f"{lesson.stem}.html"
        page.write_text(export_html(lesson), encoding="utf-8")
        pages.append(page)
        rows.append(f'<li><a href="{html.escape(page.name)}">{html.escape(_title(lesson))}</a></li>')
    index = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">"
             "<title>Responsible Machine Learning — lessons</title></head><body><main>"
             "<h1>Responsible Machine Learning</h1>"
             "<p>A reading copy of the lessons with their stored outputs. The widgets show "
             "a static figure here; run the notebooks (<code>make lab</code>) to move their "
             "controls.</p>"
             f"<ol>{''.join(rows)}</ol></main></body></html>\n")
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out_dir = pathlib.Path(argv.pop(0) if argv else "site")
    lessons = [pathlib.Path(p) for p in argv] or sorted(pathlib.Path("lessons").glob("*.ipynb"))
    if not lessons:
        print(NO_LESSONS.format(root=pathlib.Path.cwd()), file=sys.stderr)
        return 1
    for page in build_site(out_dir, lessons):
        print(f"wrote {page}")
    print(f"wrote {out_dir / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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

import copy
import html
import pathlib
import sys

import nbformat

__all__ = ["static_notebook", "export_html", "build_site", "count_figures", "NO_LESSONS"]

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


def export_html(path: str | pathlib.Path) -> str:
    """The static HTML page of one notebook (JupyterLab look, no widget state)."""
    from nbconvert import HTMLExporter

    path = pathlib.Path(path)
    nb = static_notebook(nbformat.read(path, as_version=4))
    exporter = HTMLExporter(template_name="lab")
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
             "<title>Responsible Machine Learning — lessons</title></head><body>"
             "<h1>Responsible Machine Learning</h1>"
             "<p>A reading copy of the lessons with their stored outputs. The widgets show "
             "a static figure here; run the notebooks (<code>make lab</code>) to move their "
             "controls.</p>"
             f"<ol>{''.join(rows)}</ol></body></html>\n")
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

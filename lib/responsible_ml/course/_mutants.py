"""Mutation testing of an exercise: do its tests fail for plausible wrong answers?

A *mutant* is the reference solution of one answer cell with one plausible mistake
(dividing by the wrong count, ``>`` for ``>=``, a forgotten group...). The exercise's
test cells (visible and hidden) run against it; the mutant is *killed* when at least
one test cell fails. An exercise whose tests kill every listed mutant really tells right
from wrong.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib

__all__ = ["run_notebook_cells"]



def _cells(path):
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        kind = ("test" if meta.get("grade") and not meta.get("solution")
                else "answer" if meta.get("solution") else "other")
        out.append((meta.get("grade_id", ""), kind, src))
    return out


def run_notebook_cells(path, replace: dict[str, str] | None = None) -> dict[str, str | None]:
    """Execute a solutions notebook's code cells in one fresh namespace, in order.

    Parameters
    ----------
    path : path-like
        The nbgrader source notebook.
    replace : dict, optional
        ``{answer grade_id: source}`` to run instead of that answer cell.

    Returns
    -------
    dict
        ``{test grade_id: None if it passed else "ExceptionType: message"}``.
    """
    replace = replace or {}
    path = pathlib.Path(path)
    namespace: dict = {"__name__": "__main__"}
    results: dict[str, str | None] = {}
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        for grade_id, kind, src in _cells(path):
            src = replace.get(grade_id, src)
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(src, f"<{grade_id or 'cell'}>", "exec"), namespace)  # noqa: S102
            except Exception as exc:  # noqa: BLE001 - a failing cell is a result, not a crash
                if kind == "test":
                    results[grade_id] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                continue
            if kind == "test":
                results[grade_id] = None
    finally:
        os.chdir(old)
    return results



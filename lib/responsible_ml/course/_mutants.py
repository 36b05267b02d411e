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
        owned = bool(meta.get("locked") or meta.get("grade")) and not meta.get("solution")
        out.append((meta.get("grade_id", ""), kind, src, owned))
    return out


def run_notebook_cells(path, replace: dict[str, str] | None = None, *,
                       trainee: str | None = None, course: str | None = None,
                       only: set[str] | None = None) -> dict[str, str | None]:
    """Execute a solutions notebook's code cells in one fresh namespace, in order.

    Parameters
    ----------
    path : path-like
        The nbgrader source notebook.
    replace : dict, optional
        ``{answer grade_id: source}`` to run instead of that answer cell.
    trainee : str, optional
        Grade as this trainee's variant, as the grader does: every cell the grader owns
        (locked or test) starts with :func:`._variants.grader_line`. Default: no trainee
        id (self-study, variant 0). The process environment is restored afterwards.
    course : str, optional
        The course id for `trainee` (default: the course's).
    only : set of str, optional
        Run only the cells with these grade_ids (a quick check of some questions).

    Returns
    -------
    dict
        ``{test grade_id: None if it passed else "ExceptionType: message"}``.
    """
    replace = replace or {}
    path = pathlib.Path(path).resolve()
    namespace: dict = {"__name__": "__main__"}
    results: dict[str, str | None] = {}
    from ._variants import COURSE_ENV, TRAINEE_ENV, grader_line

    saved = {k: os.environ.get(k) for k in (TRAINEE_ENV, COURSE_ENV)}
    for key in saved:  # the test process's own environment never picks the variant
        os.environ.pop(key, None)
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        for grade_id, kind, src, owned in _cells(path):
            if only is not None and grade_id not in only:
                continue
            src = replace.get(grade_id, src)
            if trainee and owned:
                src = grader_line(course, trainee) + "\n" + src
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
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return results



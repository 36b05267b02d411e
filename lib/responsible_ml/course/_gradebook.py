"""The course gradebook: what it holds, and copying a worker's results into it.

Each worker grades with its own copy of the gradebook; this process, the only writer of
the course's gradebook, copies each finished submission's rows across in one transaction
(:func:`merge_submission`).
"""

from __future__ import annotations

import pathlib
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence

from ._env import tool_env
from ._settings import CourseSettings

__all__: list[str] = []

_GENERATE_FAILED = "nbgrader generate_assignment {name} failed:\n{stdout}\n{stderr}"
_SUB_TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def _nbgrader(args: Sequence[str], course: pathlib.Path, timeout: float = 900):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          capture_output=True, text=True, timeout=timeout, env=tool_env())


def assignment_in_gradebook(settings: CourseSettings, name: str) -> bool:
    """Whether the gradebook knows assignment ``name`` (and its cells)."""
    path = settings.sqlite_path
    if path is not None and not path.exists():
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(settings.db_url) as gb:
        try:
            gb.find_assignment(name)
            return True
        except MissingEntry:
            return False


def ensure_in_gradebook(course: pathlib.Path, name: str, settings: CourseSettings,
                        config_args: Sequence[str]) -> None:
    """Record the assignment's cells in the gradebook (nbgrader needs them to grade).

    ``generate_assignment`` does that; it writes into a throw-away release folder so
    the course's ``exercises/`` is not touched.
    """
    if assignment_in_gradebook(settings, name):
        return
    with tempfile.TemporaryDirectory() as tmp:
        proc = _nbgrader(["generate_assignment", name, "--force", *config_args,
                          f"--CourseDirectory.release_directory={tmp}"], course)
    if proc.returncode:
        raise RuntimeError(_GENERATE_FAILED.format(name=name, stdout=proc.stdout,
                                                   stderr=proc.stderr))


def source_cells(settings: CourseSettings, name: str) -> dict[str, dict[str, dict]]:
    """{notebook: {grade_id: {"locked", "grade", "solution", "source", "points"}}}."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, dict]] = {}
    with Gradebook(settings.db_url) as gb:
        assignment = gb.find_assignment(name)
        for nb in assignment.notebooks:
            cells = out.setdefault(nb.name, {})
            for sc in nb.source_cells:
                cells[sc.name] = {"locked": sc.locked, "source": sc.source,
                                  "cell_type": sc.cell_type}
            for gc in nb.grade_cells:
                cells.setdefault(gc.name, {})["points"] = gc.max_score
                cells[gc.name]["grade"] = True
            for sc in nb.solution_cells:
                cells.setdefault(sc.name, {})["solution"] = True
    return out


def scores(settings: CourseSettings, name: str, students: Iterable[str]) -> dict[str, dict]:
    """Per trainee: total, automatic and pending free-text points, and per-cell grades."""
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(settings.db_url) as gb:
        for student in students:
            try:
                sub = gb.find_submission(name, student)
            except MissingEntry:
                continue
            row = {"score": sub.score, "max_score": sub.max_score, "auto": 0.0, "auto_max": 0.0,
                   "pending": 0.0, "cells": {}}
            for nb in sub.notebooks:
                for g in nb.grades:
                    kind = "auto" if g.cell.cell_type == "code" else "manual"
                    row["cells"][g.cell.name] = (kind, g.score, g.max_score,
                                                 bool(g.needs_manual_grade))
                    if kind == "auto":
                        row["auto"] += g.score
                        row["auto_max"] += g.max_score
                    elif g.needs_manual_grade:
                        row["pending"] += g.max_score
            out[student] = row
    return out


def graded_already(settings: CourseSettings, name: str, student: str) -> bool:
    """Graded before and not resubmitted since (nbgrader's own rule, per submission)."""
    done = pathlib.Path(settings.autograded) / student / name
    sub = pathlib.Path(settings.submitted) / student / name
    notebooks = [p.name for p in sub.glob("*.ipynb")]
    if not done.is_dir() or not notebooks or not all((done / n).exists() for n in notebooks):
        return False
    stamps = [p / "timestamp.txt" for p in (sub, done)]
    if all(s.exists() for s in stamps):
        from nbgrader.utils import parse_utc

        new, old = (parse_utc(s.read_text().strip()) for s in stamps)
        return not new > old
    return True


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA {schema}.table_info({table})")]


def merge_submission(main_db: pathlib.Path, worker_db: pathlib.Path, assignment: str,
                     student: str) -> None:
    """Copy one submission's rows from a worker's gradebook into the course's (atomically)."""
    con = sqlite3.connect(main_db, timeout=60, isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS w", (str(worker_db),))
        con.execute("BEGIN IMMEDIATE")
        aid = con.execute("SELECT id FROM main.assignment WHERE name = ?",
                          (assignment,)).fetchone()[0]
        for schema in ("main", "w"):
            con.execute(f"CREATE TEMP TABLE IF NOT EXISTS sub_{schema} (id TEXT)")
            con.execute(f"CREATE TEMP TABLE IF NOT EXISTS nb_{schema} (id TEXT)")
            con.execute(f"DELETE FROM sub_{schema}")
            con.execute(f"DELETE FROM nb_{schema}")
            con.execute(f"INSERT INTO sub_{schema} SELECT id FROM {schema}.submitted_assignment "
                        "WHERE student_id = ? AND assignment_id = ?", (student, aid))
            con.execute(f"INSERT INTO nb_{schema} SELECT id FROM {schema}.submitted_notebook "
                        f"WHERE assignment_id IN (SELECT id FROM sub_{schema})")
        for table in ("grade", "comment"):
            con.execute(f"DELETE FROM main.{table} WHERE notebook_id IN (SELECT id FROM nb_main)")
        con.execute("DELETE FROM main.submitted_notebook WHERE id IN (SELECT id FROM nb_main)")
        con.execute("DELETE FROM main.submitted_assignment WHERE id IN (SELECT id FROM sub_main)")
        cols = ", ".join(_columns(con, "main", "student"))
        con.execute(f"INSERT OR REPLACE INTO main.student ({cols}) SELECT {cols} FROM w.student "
                    "WHERE id = ?", (student,))
        where = {"submitted_assignment": "id IN (SELECT id FROM sub_w)",
                 "submitted_notebook": "id IN (SELECT id FROM nb_w)",
                 "grade": "notebook_id IN (SELECT id FROM nb_w)",
                 "comment": "notebook_id IN (SELECT id FROM nb_w)"}
        for table in _SUB_TABLES:
            cols = ", ".join(_columns(con, "main", table))
            con.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM w.{table} "
                        f"WHERE {where[table]}")
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()

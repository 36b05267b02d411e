"""Grades for the LMS: a Canvas gradebook CSV and a Moodle grade-import CSV.

Both hold the whole gradebook — one row per trainee nbgrader knows, one column per
assignment — and are written beside the per-assignment CSVs in ``grades/`` each time
``grade`` runs, so they always hold every score entered so far:

* ``grades/canvas-gradebook.csv`` — Canvas's gradebook import (Grades › Import): the
  columns ``Student, ID, SIS User ID, SIS Login ID, Section`` and then one column per
  assignment, whose header names it; the second row is ``Points Possible`` with each
  assignment's maximum. Canvas finds each trainee by ``ID`` (the Canvas user id, from
  nbgrader's ``lms_user_id`` when the roster has it), else ``SIS User ID`` / ``SIS Login
  ID`` (the nbgrader student id). A header that matches no Canvas assignment becomes a new
  assignment on import; to fill an existing one, rename the header to Canvas's own
  ``Name (id)`` as in a Canvas export.
* ``grades/moodle-grades.csv`` — Moodle's CSV grade import (Grades › Import › CSV file):
  ``ID number, Email address, First name, Last name`` and one column per assignment; on
  import map from "ID number" (or "Email address") to the user field idnumber (or email)
  and each assignment column to its grade item (or a new grade item).

A score is written once it is final: the automatic points plus the free-text points a
grader has entered. While a free-text answer still waits for a grader (or the trainee
submitted nothing), the cell is left empty, which both LMSs skip on import rather than
record a premature mark.
"""

from __future__ import annotations

import csv
import io
import pathlib

from ._settings import CourseSettings

__all__: list[str] = []

CANVAS_FILE = "canvas-gradebook.csv"
MOODLE_FILE = "moodle-grades.csv"
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ID_COLUMNS = ["ID number", "Email address", "First name", "Last name"]


def _number(value: float) -> str:
    return format(round(float(value), 2), "g")


def gradebook_table(db_url: str) -> tuple[list[dict], list[tuple[str, float]]]:
    """Every trainee's final score per assignment, from nbgrader's gradebook.

    Parameters
    ----------
    db_url : str
        nbgrader's ``CourseDirectory.db_url``.

    Returns
    -------
    students : list of dict
        ``{"id", "first_name", "last_name", "email", "lms_user_id", "scores"}`` sorted by
        id; ``scores`` maps an assignment to its points, or None while not final (no
        submission, or free-text points still to grade).
    assignments : list of (str, float)
        Each assignment's name and maximum points, sorted by name.
    """
    from nbgrader.api import Gradebook, MissingEntry

    students = []
    with Gradebook(db_url) as gb:
        assignments = sorted((a.name, float(a.max_score)) for a in gb.assignments)
        for st in sorted(gb.students, key=lambda s: s.id):
            row = {"id": st.id, "first_name": st.first_name or "", "last_name": st.last_name
                   or "", "email": st.email or "", "lms_user_id": st.lms_user_id or "",
                   "scores": {}}
            for name, _ in assignments:
                try:
                    sub = gb.find_submission(name, st.id)
                except MissingEntry:
                    row["scores"][name] = None
                    continue
                pending = any(g.needs_manual_grade for nb in sub.notebooks for g in nb.grades)
                row["scores"][name] = None if pending else float(sub.score)
            students.append(row)
    return students, assignments


def canvas_csv(students: list[dict], assignments: list[tuple[str, float]]) -> str:
    """The Canvas gradebook import file (see the module docstring)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*CANVAS_ID_COLUMNS, *(name for name, _ in assignments)])
    w.writerow(["Points Possible", "", "", "", "", *(_number(top) for _, top in assignments)])
    for s in students:
        name = " ".join(p for p in (s["first_name"], s["last_name"]) if p) or s["id"]
        w.writerow([name, s["lms_user_id"], s["id"], s["id"], "",
                    *("" if s["scores"][a] is None else _number(s["scores"][a])
                      for a, _ in assignments)])
    return buf.getvalue()


def moodle_csv(students: list[dict], assignments: list[tuple[str, float]]) -> str:
    """The Moodle grade-import file (see the module docstring)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*MOODLE_ID_COLUMNS, *(name for name, _ in assignments)])
    for s in students:
        w.writerow([s["id"], s["email"], s["first_name"], s["last_name"],
                    *("" if s["scores"][a] is None else _number(s["scores"][a])
                      for a, _ in assignments)])
    return buf.getvalue()


def write_lms_files(settings: CourseSettings, folder: pathlib.Path) -> dict[str, pathlib.Path]:
    """Write both files into ``folder`` (the course's ``grades/``); return their paths."""
    students, assignments = gradebook_table(settings.db_url)
    folder.mkdir(parents=True, exist_ok=True)
    files = {"canvas": folder / CANVAS_FILE, "moodle": folder / MOODLE_FILE}
    files["canvas"].write_text(canvas_csv(students, assignments), encoding="utf-8")
    files["moodle"].write_text(moodle_csv(students, assignments), encoding="utf-8")
    return files

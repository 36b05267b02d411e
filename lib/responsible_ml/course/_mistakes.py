"""What the class got wrong: which feedback each failing trainee received, per question.

Every check of :mod:`responsible_ml.feedback` ends its failure message with a stable
``[feedback id: …]`` (a hint id such as ``rates-divide-within-group``, ``shortcut:<function>``
when a library did the work, ``not-answered`` for an untouched stub). A test cell stops at its
first failing check, so each trainee who fails a question received exactly one such message.
This module reads the autograded notebooks, counts the ids per question and writes

* ``grades/<assignment>-mistakes.csv`` — question, feedback id, number and share of the graded
  trainees who got it, the hint they were shown, and who they are;
* a "What the class got wrong" section of ``grades/<assignment>-summary.txt``

so an instructor reads "14 trainees: rates-divide-within-group (each rate divides by a count
inside the group …)" rather than "question 3: 40 % pass".
"""

from __future__ import annotations

import csv
import io
import json
import pathlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Mistake", "add_mistakes_report", "class_mistakes", "mistakes_section", "write_mistakes", "MISTAKES_HEADER",
           "NO_MISTAKES"]

MISTAKES_HEADER = ["question", "feedback_id", "trainees", "share_of_graded", "hint", "students"]
NO_MISTAKES = "Every graded trainee passed every autograded question."
_ID = re.compile(r"\[feedback id: ([^\]\n]+)\]")
_HINT = re.compile(r"^Hint: (.*)$", re.M)


@dataclass
class Mistake:
    """One feedback id of one question, and the trainees who received it."""

    question: str
    feedback_id: str
    hint: str
    students: list[str] = field(default_factory=list)


def _feedback(output: dict) -> tuple[str, str]:
    """(feedback id, hint text) of one error output of a test cell."""
    text = "\n".join([str(output.get("evalue", ""))])
    found = _ID.findall(text)
    if found:
        feedback_id = found[-1].strip()
    else:
        # Not one of our checks: the trainee's own code raised (NameError, KeyError...).
        feedback_id = f"error:{output.get('ename', 'Error')}"
    hint = _HINT.search(text)
    if hint:
        shown = hint.group(1).strip()
    else:
        first = text.strip().splitlines()[:1]
        shown = first[0].strip() if first else output.get("ename", "")
    return feedback_id, shown[:200]


def _failed_tests(path: pathlib.Path) -> dict[str, tuple[str, str]]:
    """{test grade_id: (feedback id, hint)} for the autograded test cells that failed."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            out[meta.get("grade_id", "?")] = _feedback(errors[-1])
    return out


def class_mistakes(autograded: pathlib.Path | str, assignment: str,
                   students: Iterable[str]) -> list[Mistake]:
    """Count the feedback each failing trainee received, per question.

    Parameters
    ----------
    autograded : path
        nbgrader's autograded folder (``autograded/<student>/<assignment>/*.ipynb``).
    assignment : str
        The assignment.
    students : iterable of str
        The trainees whose grading finished (others are left out).

    Returns
    -------
    list of Mistake
        Sorted by question (in notebook order of first appearance), then by how many
        trainees got the feedback (most first).
    """
    autograded = pathlib.Path(autograded)
    table: dict[tuple[str, str], Mistake] = {}
    order: dict[str, int] = {}
    for student in students:
        for nb in sorted((autograded / student / assignment).glob("*.ipynb")):
            for question, (feedback_id, hint) in _failed_tests(nb).items():
                order.setdefault(question, len(order))
                row = table.setdefault((question, feedback_id),
                                       Mistake(question, feedback_id, hint))
                row.students.append(student)
    return sorted(table.values(), key=lambda m: (order[m.question], -len(m.students), m.feedback_id))


def write_mistakes(rows: list[Mistake], path: pathlib.Path | str, graded: int) -> pathlib.Path:
    """Write the mistakes report as CSV (see :data:`MISTAKES_HEADER`)."""
    path = pathlib.Path(path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(MISTAKES_HEADER)
    for m in rows:
        share = len(m.students) / graded if graded else float("nan")
        w.writerow([m.question, m.feedback_id, len(m.students), f"{share:.3f}", m.hint,
                    " ".join(sorted(m.students))])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def mistakes_section(rows: list[Mistake], graded: int) -> str:
    """The summary's "What the class got wrong" section, one block per question."""
    lines = [f"What the class got wrong (feedback received by failing trainees, of {graded} graded):"]
    if not rows:
        return "\n".join(lines + ["  " + NO_MISTAKES])
    current = None
    for m in rows:
        if m.question != current:
            current = m.question
            failing = sum(len(r.students) for r in rows if r.question == current)
            lines.append(f"  {current}: {failing} failing")
        lines.append(f"    {len(m.students):>3} × {m.feedback_id} — {m.hint}")
    return "\n".join(lines)


def add_mistakes_report(report, autograded: pathlib.Path | str,
                        folder: pathlib.Path | str) -> dict[str, pathlib.Path]:
    """Write ``<assignment>-mistakes.csv`` and append the section to the summary file.

    Parameters
    ----------
    report : GradeReport
        The assignment's grading report (its ``results`` say who was graded).
    autograded : path
        nbgrader's autograded folder.
    folder : path
        The course's ``grades/`` folder, where the other reports are.

    Returns
    -------
    dict
        ``{"mistakes": path of the CSV}``, to add to ``report.files``.
    """
    folder = pathlib.Path(folder)
    graded = [r.student for r in report.results if r.status != "not graded"]
    rows = class_mistakes(autograded, report.assignment, graded)
    path = write_mistakes(rows, folder / f"{report.assignment}-mistakes.csv", len(graded))
    summary = folder / f"{report.assignment}-summary.txt"
    if summary.exists():
        with summary.open("a", encoding="utf-8") as out:
            out.write("\n" + mistakes_section(rows, len(graded)) + "\n")
    return {"mistakes": path}

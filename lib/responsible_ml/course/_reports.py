"""Reports of a grading run: per-trainee results, per-question statistics, the summary.

Written under ``<course>/grades/``:

* ``<assignment>-scores.csv``    one row per trainee: score, status, what happened
* ``<assignment>-questions.csv`` one row per question: pass rate, mean points
* ``<assignment>-summary.txt``   the same in words an instructor reads

The summary is a list of sections (:data:`SUMMARY_SECTIONS`); a new section — e.g. the
common mistakes of a cohort — is one function ``section(report) -> list[str]`` added there.
Also here: the progress line shown while grading.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import pathlib
import sys
import time
from collections.abc import Callable

__all__ = []

#: Said at the top of every summary of a run graded without the sandbox.
_UNSANDBOXED = ("WARNING: graded WITHOUT the sandbox (--no-sandbox): the submissions' code "
                "ran with the grader's rights and could read or change anything it can.")


@dataclasses.dataclass
class SubmissionResult:
    """What happened to one trainee's submission."""

    student: str
    status: str  # "graded", "not graded", "skipped (already graded)"
    score: float = 0.0
    max_score: float = 0.0
    auto_score: float = 0.0
    auto_max: float = 0.0
    manual_pending: float = 0.0
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    #: {question: (kind, score, max_score, needs_manual_grade)} from the gradebook
    cells: dict = dataclasses.field(default_factory=dict, repr=False)

    def describe(self) -> str:
        """One paragraph in plain words."""
        head = (f"{self.student}: {self.status}, {self.score:g} of {self.max_score:g} points")
        if self.manual_pending and self.status != "not graded":
            head += f" ({self.manual_pending:g} points of free text wait for a human grader)"
        return head + "." + "".join(f"\n    - {n}" for n in self.notes)


@dataclasses.dataclass
class GradeReport:
    """The outcome of grading one assignment."""

    assignment: str
    results: list[SubmissionResult]
    questions: list[dict]
    seconds: float
    workers: int
    files: dict[str, pathlib.Path]
    #: whether every kernel of this run ran in the sandbox
    sandboxed: bool = True

    def result(self, student: str) -> SubmissionResult:
        """The result of one trainee."""
        return next(r for r in self.results if r.student == student)

    def summary(self) -> str:
        """The whole report in words (every section of :data:`SUMMARY_SECTIONS`)."""
        blocks = [section(self) for section in SUMMARY_SECTIONS]
        return "\n\n".join("\n".join(lines) for lines in blocks if lines)


# --------------------------------------------------------------------------- summary
def _headline(report: GradeReport) -> list[str]:
    graded = [r for r in report.results if r.status == "graded"]
    failed = [r for r in report.results if r.status == "not graded"]
    skipped = [r for r in report.results if r.status.startswith("skipped")]
    lines = [f"# {report.assignment}: {len(report.results)} submissions — {len(graded)} "
             f"graded, {len(failed)} could not be graded, {len(skipped)} already graded "
             f"(skipped); {report.seconds:.1f} s with {report.workers} worker(s)."]
    if not report.sandboxed:
        lines.append(_UNSANDBOXED)
    return lines


def _questions(report: GradeReport) -> list[str]:
    if not report.questions:
        return []
    lines = ["Questions (share of graded submissions with full points):"]
    for q in report.questions:
        rate = f"passed by {q['pass_rate']:.0%} (n={q['n']})" if q["n"] else "not graded yet"
        lines.append(f"  {q['question']:<32} {q['kind']:<10} {q['points']:>4g} pts  " + rate)
    return lines


def _trainees(report: GradeReport) -> list[str]:
    return ["Trainees:", *(r.describe() for r in report.results)]


#: The summary's sections, in order: each returns its lines ([] leaves it out).
SUMMARY_SECTIONS: list[Callable[[GradeReport], list[str]]] = [_headline, _questions, _trainees]


# --------------------------------------------------------------------------- statistics
def question_stats(scores: dict[str, dict], students: list[str]) -> list[dict]:
    """Per question: kind, points, how many graded, share with full points, mean points."""
    stats: dict[str, dict] = {}
    for student in students:
        for cell, (kind, score, top, pending) in scores.get(student, {}).items():
            q = stats.setdefault(cell, {"question": cell, "kind": kind, "points": top, "n": 0,
                                        "full": 0, "total": 0.0})
            if kind == "manual" and pending:
                continue
            q["n"] += 1
            q["full"] += score >= top
            q["total"] += score
    return [{"question": q["question"], "kind": "autograded" if q["kind"] == "auto" else "free text",
             "points": q["points"], "n": q["n"],
             "pass_rate": q["full"] / q["n"] if q["n"] else float("nan"),
             "mean_points": q["total"] / q["n"] if q["n"] else float("nan")}
            for q in stats.values()]


def write_reports(report: GradeReport, folder: pathlib.Path) -> dict[str, pathlib.Path]:
    """Write the scores and questions CSV files and the summary; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"scores": folder / f"{report.assignment}-scores.csv",
             "questions": folder / f"{report.assignment}-questions.csv",
             "summary": folder / f"{report.assignment}-summary.txt"}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "score", "max_score", "autograded_score", "autograded_max",
                "free_text_points_to_grade", "status", "what_happened"])
    for r in report.results:
        w.writerow([r.student, f"{r.score:g}", f"{r.max_score:g}", f"{r.auto_score:g}",
                    f"{r.auto_max:g}", f"{r.manual_pending:g}", r.status, " | ".join(r.notes)])
    files["scores"].write_text(buf.getvalue(), encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["question", "kind", "points", "graded_submissions", "pass_rate", "mean_points"])
    for q in report.questions:
        w.writerow([q["question"], q["kind"], f"{q['points']:g}", q["n"],
                    f"{q['pass_rate']:.3f}", f"{q['mean_points']:.3f}"])
    files["questions"].write_text(buf.getvalue(), encoding="utf-8")
    files["summary"].write_text(report.summary() + "\n", encoding="utf-8")
    return files


# --------------------------------------------------------------------------- progress
class Progress:
    """A progress line on a stream: counts, failures, time left.

    On a terminal the line is redrawn in place; elsewhere (logs, CI) one line is
    printed per finished submission.
    """

    def __init__(self, total: int, label: str, stream=None, width: int = 24):
        self.total, self.label, self.width = total, label, width
        self.stream = stream if stream is not None else sys.stderr
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def line(self) -> str:
        """The current progress text."""
        elapsed = time.perf_counter() - self.start
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        if self.done and self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            eta = f"about {int(left // 60)}:{int(left % 60):02d} left"
        elif self.done >= self.total:
            eta = f"done in {elapsed:.1f} s"
        else:
            eta = "estimating time left"
        failed = f", {self.failed} could not be graded" if self.failed else ""
        return f"{self.label} [{bar}] {self.done}/{self.total} graded{failed} · {eta}"

    def update(self, *, failed: bool = False, note: str = "") -> None:
        """Count one finished submission and redraw."""
        self.done += 1
        self.failed += bool(failed)
        text = self.line() + (f" · {note}" if note and not self.tty else "")
        if self.tty:  # redraw in place; pad so a shorter line leaves no old characters
            width, self._width = len(text), max(len(text), getattr(self, "_width", 0))
            text = "\r" + text + " " * (self._width - width) + (
                "\n" if self.done >= self.total else "")
        else:
            text += "\n"
        self.stream.write(text)
        self.stream.flush()

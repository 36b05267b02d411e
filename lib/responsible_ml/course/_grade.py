"""Cohort grading: nbgrader's autograde in parallel workers, with a plain-words summary.

``grade(["01-what-is-ml"], workers=2)`` autogrades every submission under
``submitted/<student>/<assignment>/`` exactly as ``nbgrader autograde`` does (it *is*
nbgrader's autograde, run by :mod:`responsible_ml.course._worker` processes), writes
feedback HTML, and a summary under ``grades/``:

* ``grades/<assignment>-scores.csv``    one row per trainee: score, status, what happened
* ``grades/<assignment>-questions.csv`` one row per question: pass rate, mean points
* ``grades/<assignment>-summary.txt``   the same in words an instructor reads

Why workers with their own gradebook: nbgrader keeps its gradebook in SQLite and
treats any database error as fatal for the whole run. Several ``nbgrader autograde
--student S`` processes writing to one file usually get by on SQLite's 5-second busy
timeout, but a long write under load turns into "database is locked" and stops that
run; each such process also pays nbgrader's start-up (seconds) per trainee. Each worker
therefore stays up for many trainees and grades in its own folder with a copy of the
gradebook, and this process, the only writer of the course gradebook, copies each
finished submission's rows across in one transaction. A submission that cannot be
graded is reported and the others go on.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import pathlib
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence

from ._mistakes import add_mistakes_report
from ._nbgrader import NO_ASSIGNMENT, REPO_ROOT, assignments

__all__ = [
    "GradeReport",
    "SubmissionResult",
    "grade",
    "course_settings",
    "submissions",
    "Progress",
    "tamper_signs",
    "NO_SUBMISSIONS",
    "BAD_WORKERS",
    "BAD_REGRADE",
]

NO_SUBMISSIONS = "no submissions of {name!r} under {folder}"
BAD_WORKERS = "workers must be a positive int, got {value!r}"
BAD_REGRADE = "regrade must be None, True (everyone) or a student id, got {value!r}"

#: A submission running longer than this in total is stopped and reported (seconds).
SUBMISSION_TIMEOUT = 1800

_TAMPER = [
    (re.compile(r"sys\.modules"), "replaces modules in sys.modules"),
    (re.compile(r"responsible_ml\.feedback|_checks|\btrusted\b"),
     "touches the feedback helpers (responsible_ml.feedback)"),
    (re.compile(r"^\s*(def\s+)?(answer|expect_\w+)\s*(=|\()", re.M),
     "redefines a feedback helper (answer/expect_…)"),
    (re.compile(r"\b(np|numpy|pd|pandas|math|builtins)\.\w+\s*=(?!=)"),
     "reassigns a library function (numpy/pandas/math/builtins)"),
    (re.compile(r"__builtins__|\bbuiltins\b|importlib|__import__"),
     "changes how Python imports or its built-ins"),
    (re.compile(r"get_ipython|set_custom_exc|run_cell|run_code|showtraceback|InteractiveShell"),
     "changes how IPython runs cells or reports errors"),
    (re.compile(r"(?<![\w.])(exec|eval|compile|setattr)\s*\("),
     "runs generated code or setattr (can hide any of the above)"),
]


def tamper_signs(code: str) -> list[str]:
    """Reasons to check a submission by hand: its code reaches into the test machinery.

    A submission runs in the same Python process as the tests, so code that replaces
    modules, built-ins, IPython's error handling or the feedback helpers can fake a pass.
    Ordinary answers never need any of these.

    Parameters
    ----------
    code : str
        The trainee's code (answer cells and any cells they added).

    Returns
    -------
    list of str
        Plain-words reasons; empty when nothing looks like tampering.
    """
    return [why for pattern, why in _TAMPER if pattern.search(code)]


# --------------------------------------------------------------------------- settings
def course_settings(course: os.PathLike | str = REPO_ROOT,
                    config_args: Sequence[str] = ()) -> dict:
    """Where a course keeps things, as nbgrader would read them.

    Reads ``course/nbgrader_config.py`` and applies ``config_args`` (nbgrader options
    such as ``--CourseDirectory.db_url=sqlite:////elsewhere/gradebook.db``) on top.

    Returns
    -------
    dict
        ``root``, ``db_url``, ``source``, ``release``, ``submitted``, ``autograded``,
        ``feedback`` (absolute paths as str) and ``timeout`` (cell timeout, seconds).
    """
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import KVArgParseConfigLoader, PyFileConfigLoader

    course = pathlib.Path(course).resolve()
    cfg = Config()
    if (course / "nbgrader_config.py").exists():
        cfg.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    if config_args:
        cfg.merge(KVArgParseConfigLoader(list(config_args)).load_config())
    cd = CourseDirectory(config=cfg)
    if not cd.root or not pathlib.Path(cd.root).is_dir():
        cd.root = str(course)
    root = pathlib.Path(cd.root)

    def folder(name: str) -> str:
        return str((root / name).resolve())

    from nbgrader.preprocessors import Execute

    timeout = Execute(config=cfg).timeout  # as nbgrader resolves it (subclass config first)
    return {"root": str(root), "db_url": cd.db_url, "course_id": cd.course_id,
            "source": folder(cd.source_directory), "release": folder(cd.release_directory),
            "submitted": folder(cd.submitted_directory),
            "autograded": folder(cd.autograded_directory),
            "feedback": folder(cd.feedback_directory), "timeout": timeout}


def _sqlite_path(db_url: str) -> pathlib.Path | None:
    if db_url.startswith("sqlite:///"):
        return pathlib.Path(db_url[len("sqlite:///"):].split("?")[0])
    return None


def submissions(name: str, course: os.PathLike | str = REPO_ROOT,
                config_args: Sequence[str] = ()) -> list[str]:
    """Student ids with a folder ``submitted/<student>/<name>``, sorted."""
    submitted = pathlib.Path(course_settings(course, config_args)["submitted"])
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / name).is_dir())


def _env() -> dict:
    """Environment for nbgrader subprocesses: the venv's bin first (nbgrader runs alembic)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent),
                                   env.get("PATH", "")])
    return env


def _nbgrader(args: Sequence[str], course: pathlib.Path, timeout: float = 900):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          capture_output=True, text=True, timeout=timeout, env=_env())


def _assignment_in_gradebook(db_url: str, name: str) -> bool:
    path = _sqlite_path(db_url)
    if path is not None and not path.exists():
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            gb.find_assignment(name)
            return True
        except MissingEntry:
            return False


def _ensure_in_gradebook(course: pathlib.Path, name: str, settings: dict,
                         config_args: Sequence[str]) -> None:
    """Record the assignment's cells in the gradebook (nbgrader needs them to grade).

    ``generate_assignment`` does that; it writes into a throw-away release folder so
    the course's ``exercises/`` is not touched.
    """
    if _assignment_in_gradebook(settings["db_url"], name):
        return
    with tempfile.TemporaryDirectory() as tmp:
        proc = _nbgrader(["generate_assignment", name, "--force", *config_args,
                          f"--CourseDirectory.release_directory={tmp}"], course)
    if proc.returncode:
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n"
                           f"{proc.stdout}\n{proc.stderr}")


# --------------------------------------------------------------------------- results
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

    def result(self, student: str) -> SubmissionResult:
        """The result of one trainee."""
        return next(r for r in self.results if r.student == student)

    def summary(self) -> str:
        """The whole report in words."""
        graded = [r for r in self.results if r.status == "graded"]
        failed = [r for r in self.results if r.status == "not graded"]
        skipped = [r for r in self.results if r.status.startswith("skipped")]
        lines = [f"# {self.assignment}: {len(self.results)} submissions — {len(graded)} graded, "
                 f"{len(failed)} could not be graded, {len(skipped)} already graded "
                 f"(skipped); {self.seconds:.1f} s with {self.workers} worker(s).", ""]
        if self.questions:
            lines.append("Questions (share of graded submissions with full points):")
            for q in self.questions:
                rate = (f"passed by {q['pass_rate']:.0%} (n={q['n']})" if q["n"]
                        else "not graded yet")
                lines.append(f"  {q['question']:<32} {q['kind']:<10} {q['points']:>4g} pts  "
                             + rate)
            lines.append("")
        lines.append("Trainees:")
        lines += [r.describe() for r in self.results]
        return "\n".join(lines)


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


# --------------------------------------------------------------------------- merging
_SUB_TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA {schema}.table_info({table})")]


def _merge_submission(main_db: pathlib.Path, worker_db: pathlib.Path, assignment: str,
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


# --------------------------------------------------------------------------- workers
class _Worker:
    """A worker process and the thread that feeds it students.

    The process is started at once (importing nbgrader takes seconds) and is told
    where the course keeps things by :meth:`setup` once the parent knows.
    """

    def __init__(self, index: int, course: pathlib.Path, config_args: Sequence[str],
                 base: pathlib.Path, direct: bool, feedback: bool):
        self.dir = base / f"worker-{index}"
        self.dir.mkdir()
        self.db = None if direct else self.dir / "gradebook.db"
        self.cmd = [sys.executable, "-m", "responsible_ml.course._worker", str(self.dir),
                    *config_args, *([] if feedback else ["--no-feedback"]),
                    *(["--direct"] if direct else [])]  # non-SQLite: write to it directly
        self.course = course
        self.settings: dict | None = None
        self.proc: subprocess.Popen | None = None
        self.log = open(self.dir / "worker.log", "a")  # noqa: SIM115 - closed in stop()
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=self.course, env=_env(), text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, start_new_session=True)
        if self.settings is not None:
            self._send_setup()

    def setup(self, settings: dict) -> None:
        """Link the sources, copy the gradebook, and tell the process the course's folders.

        Called again before each assignment: the fresh gradebook copy then holds it.
        """
        for key in ("source", "release"):
            link = self.dir / pathlib.Path(settings[key]).name
            if pathlib.Path(settings[key]).exists() and not link.exists():
                link.symlink_to(settings[key], target_is_directory=True)
        if self.db is not None:
            shutil.copy(_sqlite_path(settings["db_url"]), self.db)
        if self.settings is None:
            self.settings = settings
            self._send_setup()

    def _send_setup(self) -> None:
        dirs = {k: self.settings[k] for k in ("root", "submitted", "autograded", "feedback")}
        try:
            self.proc.stdin.write(json.dumps(dirs) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # reported when the first student gets no answer

    def grade(self, name: str, student: str, timeout: float) -> dict:
        if self.proc.poll() is not None:
            self.start()
        timer = threading.Timer(timeout, self.kill)
        timer.start()
        try:
            self.proc.stdin.write(f"{name}\t{student}\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        finally:
            timer.cancel()
        if not line:
            timed_out = self.proc.poll() is None or self.proc.returncode == -9
            self.kill()
            self.log.flush()
            tail = (self.dir / "worker.log").read_text(errors="replace").strip().splitlines()[-3:]
            why = (f"took longer than {timeout:.0f} s in all and was stopped" if timed_out
                   else "the grading process stopped unexpectedly")
            return {"student": student, "success": False, "log": "\n".join(tail),
                    "error": f"WorkerDied: {why}; the submission was not graded "
                             f"(last words: {' / '.join(tail)[-300:]})"}
        return json.loads(line)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            import signal

            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def stop(self) -> None:
        if self.settings is None:  # never used: no need to wait for it
            self.kill()
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (subprocess.TimeoutExpired, OSError):
                self.kill()
        self.log.close()


def _graded_already(settings: dict, name: str, student: str) -> bool:
    """Graded before and not resubmitted since (nbgrader's own rule, per submission)."""
    done = pathlib.Path(settings["autograded"]) / student / name
    sub = pathlib.Path(settings["submitted"]) / student / name
    notebooks = [p.name for p in sub.glob("*.ipynb")]
    if not done.is_dir() or not notebooks or not all((done / n).exists() for n in notebooks):
        return False
    stamps = [p / "timestamp.txt" for p in (sub, done)]
    if all(s.exists() for s in stamps):
        from nbgrader.utils import parse_utc

        new, old = (parse_utc(s.read_text().strip()) for s in stamps)
        return not new > old
    return True


# --------------------------------------------------------------------------- explaining
def _hidden_free(source: str) -> str:
    source = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", "", source, flags=re.S)
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _read_nb(path: pathlib.Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable notebooks are explained elsewhere
        return None


def _source_cells(db_url: str, name: str) -> dict[str, dict[str, dict]]:
    """{notebook: {grade_id: {"locked", "grade", "solution", "source", "points"}}} from the gradebook."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, dict]] = {}
    with Gradebook(db_url) as gb:
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


def _explain(settings: dict, name: str, student: str, outcome: dict,
             cells: dict[str, dict[str, dict]]) -> list[str]:
    """What happened to a submission, in words an instructor understands."""
    notes: list[str] = []
    sub_dir = pathlib.Path(settings["submitted"]) / student / name
    done_dir = pathlib.Path(settings["autograded"]) / student / name
    error = outcome.get("error", "") or ""
    log = outcome.get("log", "") or ""
    expected = sorted(cells)
    for nb_name in expected:
        path = sub_dir / f"{nb_name}.ipynb"
        if not path.exists():
            found = sorted(p.name for p in sub_dir.glob("*.ipynb"))
            notes.append(f"{nb_name}.ipynb was not submitted"
                         + (f" (the submission holds {', '.join(found)} — probably another "
                            "assignment's notebook or a renamed copy)" if found else "")
                         + "; its questions score 0.")
            continue
        raw = path.read_bytes()
        if not raw.strip():
            notes.append(f"{nb_name}.ipynb is an empty file (0 bytes of notebook) — nothing to "
                         "grade; ask the trainee to submit again from JupyterLab.")
            continue
        submitted = _read_nb(path)
        if submitted is None:
            notes.append(f"{nb_name}.ipynb is not a valid notebook (not readable JSON: the file "
                         "is damaged or was cut off) — nothing to grade; ask the trainee to "
                         "submit again.")
            continue
        ids = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in submitted.cells
               if c.metadata.get("nbgrader", {}).get("grade_id")}
        known = cells[nb_name]
        if known and not set(ids) & set(known):
            notes.append(f"{nb_name}.ipynb has none of this assignment's cells — it looks like "
                         "another assignment's notebook saved under this name; nothing could "
                         "be graded.")
            continue
        for gid, info in known.items():
            if not info.get("locked") or info.get("solution"):
                continue
            if gid not in ids:
                if info.get("grade"):
                    notes.append(f"test cell {gid} had been deleted; nbgrader put it back from "
                                 "the source and ran it.")
                continue
            if _hidden_free(ids[gid].source) != _hidden_free(info.get("source", "")):
                notes.append(f"locked cell {gid} had been edited; nbgrader replaced it with the "
                             "original before grading.")
        answer_code = "\n".join(
            c.source for c in submitted.cells if c.cell_type == "code"
            and not known.get(c.metadata.get("nbgrader", {}).get("grade_id"), {}).get("locked"))
        hits = tamper_signs(answer_code)
        if hits:
            notes.append("CHECK BY HAND: the trainee's code " + "; ".join(hits) + ". Automatic "
                         "test results may not be trustworthy for this submission.")
        graded = _read_nb(done_dir / f"{nb_name}.ipynb")
        if graded is not None:
            notes += _explain_outputs(graded, settings)
    if "DeadKernelError" in error or "Kernel died" in log:
        notes.append("Python stopped while running the notebook (os._exit(), a crash, or the "
                     "kernel was killed, e.g. for using too much memory); nbgrader could not "
                     "finish grading, so the submission scores 0. Ask the trainee to remove "
                     "the exit/kill call and resubmit, or grade by hand.")
    elif "UnresponsiveKernelError" in error or "kernel became unresponsive" in log:
        notes.append("the notebook's Python stopped responding and could not be interrupted; "
                     "not graded — look at the code by hand.")
    elif "WorkerDied" in error:
        notes.append(error.split(": ", 1)[1].splitlines()[0] + ".")
    elif error and not notes:
        last = [ln for ln in error.strip().splitlines() if ln.strip()][-1:]
        notes.append("nbgrader could not grade this submission: " + (last[0].strip() if last
                                                                     else "unknown error") + ".")
    return notes


def _explain_outputs(nb, settings: dict) -> list[str]:
    notes = []
    printed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {nb.cells.index(cell)}"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                printed += len(out.get("text", ""))
            if out.get("output_type") != "error":
                continue
            ename, evalue = out.get("ename", ""), out.get("evalue", "")
            if ename == "CellTimeoutError":
                notes.append(f"{gid} ran longer than the {settings['timeout']} s limit (an "
                             "endless loop?) and was stopped; the tests that need it score 0.")
            elif ename == "MemoryError":
                notes.append(f"{gid} tried to use more memory than grading allows "
                             f"({evalue[:80] or 'MemoryError'}) and was stopped.")
            elif ename == "SystemExit":
                notes.append(f"{gid} called sys.exit()/exit(); Python carried on, but the rest "
                             "of that cell did not run.")
    if printed > 1_000_000:
        notes.append(f"the notebook printed {printed / 1e6:.1f} MB of output (kept in the graded "
                     "copy; it makes feedback slow to open).")
    return notes


def _scores(db_url: str, name: str, students: Iterable[str]) -> dict[str, dict]:
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(db_url) as gb:
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


# --------------------------------------------------------------------------- the command
def grade(names: Sequence[str] | None = None, *, course: os.PathLike | str = REPO_ROOT,
          workers: int | None = None, regrade: bool | str | None = None,
          config_args: Sequence[str] = (), feedback: bool = True, progress=None,
          submission_timeout: float = SUBMISSION_TIMEOUT) -> list[GradeReport]:
    """Autograde every submission of the given assignments in parallel.

    Parameters
    ----------
    names : sequence of str, optional
        Assignments to grade; default: every assignment under the course's ``solutions/``
        that has submissions.
    course : path
        The nbgrader course folder (holding ``nbgrader_config.py``); default this repository.
    workers : int, optional
        Parallel grading processes; default: the number of CPU cores.
    regrade : None, True or str
        ``None``: skip submissions already graded (and not resubmitted since);
        ``True``: regrade everyone; a student id: regrade that trainee only.
    config_args : sequence of str
        Extra nbgrader options for every step (``--Execute.timeout=10``,
        ``--CourseDirectory.db_url=sqlite:////path/gradebook.db``).
    feedback : bool
        Also write feedback HTML (``feedback/<student>/<assignment>/``).
    progress : file-like, optional
        Where the progress line goes (default ``sys.stderr``); ``False`` for none.
    submission_timeout : float
        Seconds after which one submission's grading is stopped and reported.

    Returns
    -------
    list of GradeReport
        One per assignment; also written to ``grades/`` in the course.

    Raises
    ------
    ValueError
        Unknown assignment, no submissions, or bad ``workers``/``regrade``.
    """
    course = pathlib.Path(course).resolve()
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(BAD_WORKERS.format(value=workers))
    if not (regrade is None or regrade is True or (isinstance(regrade, str) and regrade)):
        raise ValueError(BAD_REGRADE.format(value=regrade))
    # Start the grading processes first: each imports nbgrader (seconds) while this
    # process reads the configuration and checks the gradebook.
    tmp = tempfile.TemporaryDirectory(prefix="rml-grade-")
    pool: list[_Worker] = []
    try:
        pool = [_Worker(i, course, config_args, pathlib.Path(tmp.name), False, feedback)
                for i in range(workers)]
        settings = course_settings(course, config_args)
        if _sqlite_path(settings["db_url"]) is None:
            # Not SQLite (e.g. PostgreSQL): one worker writes to the gradebook directly.
            for worker in pool:
                worker.stop()
            pool = [_Worker(workers, course, config_args, pathlib.Path(tmp.name), True,
                            feedback)]
        return _grade_all(names, course, settings, pool, regrade, config_args, progress,
                          submission_timeout)
    finally:
        for worker in pool:
            worker.stop()
        tmp.cleanup()


def _grade_all(names, course, settings, pool, regrade, config_args, progress,
               submission_timeout) -> list[GradeReport]:
    available = assignments(course) if pathlib.Path(settings["source"]).parent == course \
        else sorted(p.name for p in pathlib.Path(settings["source"]).iterdir() if p.is_dir())
    if names:
        for name in names:
            if name not in available:
                raise ValueError(NO_ASSIGNMENT.format(name=name, folder=settings["source"],
                                                      available=available))
    else:
        names = [n for n in available if submissions(n, course, config_args)]
    reports = []
    for name in names:
        students = submissions(name, course, config_args)
        if not students:
            raise ValueError(NO_SUBMISSIONS.format(name=name, folder=settings["submitted"]))
        reports.append(_grade_one(name, students, course, settings, pool, regrade,
                                  config_args, progress, submission_timeout))
    return reports


def _grade_one(name, students, course, settings, pool, regrade, config_args, progress,
               submission_timeout) -> GradeReport:
    start = time.perf_counter()
    main_db = _sqlite_path(settings["db_url"])
    todo = [s for s in students
            if regrade is True or s == regrade or not _graded_already(settings, name, s)]
    outcomes: dict[str, dict] = {}
    results: dict[str, SubmissionResult] = {}
    bar = Progress(len(todo), name, progress) if todo and progress is not False else None
    _ensure_in_gradebook(course, name, settings, config_args)
    cells = _source_cells(settings["db_url"], name)
    busy = pool[:max(1, min(len(pool), len(todo)))] if todo else []
    for worker in busy:
        worker.setup(settings)
    tasks: queue.Queue = queue.Queue()
    for s in todo:
        tasks.put(s)
    done: queue.Queue = queue.Queue()

    def run(worker: _Worker) -> None:
        while True:
            try:
                student = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = worker.grade(name, student, submission_timeout)
            except Exception as err:  # noqa: BLE001 - never lose a student
                outcome = {"student": student, "success": False, "log": "",
                           "error": f"WorkerDied: {err}"}
            done.put((worker, outcome))

    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in busy]
    for t in threads:
        t.start()
    # This thread is the only writer of the course gradebook; while the workers grade,
    # it merges and explains each finished submission.
    for _ in todo:
        worker, outcome = done.get()
        student = outcome["student"]
        if worker.db is not None:
            _merge_submission(main_db, worker.db, name, student)
        outcomes[student] = outcome
        results[student] = _result(settings, name, student, outcome, cells)
        if bar:
            bar.update(failed=not outcome.get("success"),
                       note=f"{student}: {'ok' if outcome.get('success') else 'FAILED'}")
    for t in threads:
        t.join()
    skipped = [s for s in students if s not in results]
    if skipped:
        scores = _scores(settings["db_url"], name, skipped)
        for student in skipped:
            results[student] = _result(settings, name, student, None, None, scores.get(student))
    ordered = [results[s] for s in students]
    scores = {r.student: r.cells for r in ordered}
    questions = _question_stats(scores, [r.student for r in ordered if r.status != "not graded"])
    report = GradeReport(assignment=name, results=ordered, questions=questions,
                         seconds=time.perf_counter() - start, workers=len(busy), files={})
    report.files = _write_reports(report, pathlib.Path(settings["root"]) / "grades")
    # Which feedback each failing trainee got, per question (grades/<name>-mistakes.csv).
    report.files.update(add_mistakes_report(report, settings["autograded"],
                                            pathlib.Path(settings["root"]) / "grades"))
    return report


def _result(settings, name, student, outcome, cells, row=None) -> SubmissionResult:
    if row is None:
        row = _scores(settings["db_url"], name, [student]).get(student, {})
    if outcome is None:
        status, notes, seconds = "skipped (already graded)", [], 0.0
    else:
        status = "graded" if outcome.get("success") else "not graded"
        notes = _explain(settings, name, student, outcome, cells)
        seconds = outcome.get("seconds", 0.0)
    return SubmissionResult(
        student=student, status=status, score=row.get("score", 0.0),
        max_score=row.get("max_score", 0.0), auto_score=row.get("auto", 0.0),
        auto_max=row.get("auto_max", 0.0), manual_pending=row.get("pending", 0.0),
        notes=notes, seconds=seconds, cells=row.get("cells", {}))


def _question_stats(scores: dict[str, dict], students: list[str]) -> list[dict]:
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


def _write_reports(report: GradeReport, folder: pathlib.Path) -> dict[str, pathlib.Path]:
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

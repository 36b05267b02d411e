"""Cohort grading: nbgrader's autograde in parallel workers, with a plain-words summary.

``grade(["01-what-is-ml"], workers=2)`` autogrades every submission under
``submitted/<student>/<assignment>/`` exactly as ``nbgrader autograde`` does (it *is*
nbgrader's autograde, run by :mod:`responsible_ml.course._worker` processes), every
grading kernel inside the sandbox (:mod:`responsible_ml.course._sandbox`), writes
feedback HTML and a summary under ``grades/`` (:mod:`responsible_ml.course._reports`), and
the whole gradebook as Canvas and Moodle import files (:mod:`responsible_ml.course._lms`).

The pieces: :mod:`._settings` (where the course keeps things), :mod:`._pool` (worker
processes), :mod:`._gradebook` (reading and merging gradebooks), :mod:`._explain` (what
happened to a submission), :mod:`._tamper` (signs of tampering), :mod:`._reports`.
"""

from __future__ import annotations

import os
import pathlib
import tempfile
import threading
import time
import warnings
from collections.abc import Sequence

from . import _gradebook, _pool, _sandbox
from ._env import tool_env
from ._explain import explain
from ._lms import write_lms_files
from ._mistakes import add_mistakes_report
from ._nbgrader import _NO_ASSIGNMENT, REPO_ROOT
from ._reports import GradeReport, Progress, SubmissionResult, question_stats, write_reports
from ._settings import (
    CourseSettings,
    GradeOptions,
    course_settings,
    source_assignments,
    submissions,
)

__all__ = [
    "grade",
]

_NO_SUBMISSIONS = "no submissions of {name!r} under {folder}"
_BAD_REGRADE = "regrade must be None, True (everyone) or a student id, got {value!r}"

#: A submission running longer than this in total is stopped and reported (seconds).
SUBMISSION_TIMEOUT = 1800


def grade(names: Sequence[str] | None = None, *, course: os.PathLike | str = REPO_ROOT,
          workers: int | None = None, regrade: bool | str | None = None,
          config_args: Sequence[str] = (), feedback: bool = True, progress=None,
          submission_timeout: float = SUBMISSION_TIMEOUT,
          sandbox: bool = True) -> list[GradeReport]:
    """Autograde every submission of the given assignments in parallel, each in a sandbox.

    Parameters
    ----------
    names : sequence of str, optional
        Assignments to grade; default: every assignment under the course's source folder
        (``CourseDirectory.source_directory``) that has submissions.
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
    sandbox : bool
        Run every grading kernel in the bubblewrap sandbox (default). ``False`` grades
        with the grader's own rights: a warning is given and the summary says so.

    Returns
    -------
    list of GradeReport
        One per assignment; also written to ``grades/`` in the course.

    Raises
    ------
    ValueError
        Unknown assignment, no submissions, or bad ``workers``/``regrade``.
    SandboxUnavailable
        ``sandbox=True`` but bubblewrap (``bwrap``) cannot run here.
    """
    # Imported here: responsible_ml._validation imports pandas (half a second in every
    # grading process that reads nbgrader_config.py, for one integer check).
    from .._validation import check_integer

    course = pathlib.Path(course).resolve()
    if workers is None:
        workers = os.cpu_count() or 1
    workers = check_integer(workers, "workers", low=1)
    if not (regrade is None or regrade is True or (isinstance(regrade, str) and regrade)):
        raise ValueError(_BAD_REGRADE.format(value=regrade))
    if sandbox:
        _sandbox.check_available()
    else:
        warnings.warn(_sandbox._NO_SANDBOX_WARNING, _sandbox.UnsandboxedGrading, stacklevel=2)
    options = GradeOptions(course=course, config_args=tuple(config_args), regrade=regrade,
                           feedback=feedback, progress=progress,
                           submission_timeout=submission_timeout, sandbox=sandbox)
    # The command line wins over the course's config: the kernel manager is the sandbox's
    # whatever nbgrader_config.py says (or nbgrader's own one with --no-sandbox).
    tmp = tempfile.TemporaryDirectory(prefix="rml-grade-")
    # matplotlib's font list, made once for the whole run (not once per worker) while
    # the workers start; every sandboxed kernel gets a copy.
    fonts = pathlib.Path(tmp.name) / "matplotlib"
    font_list = threading.Thread(target=_sandbox.build_matplotlib_cache, args=(fonts,),
                                 daemon=True)
    if sandbox:
        font_list.start()
    worker_args = [*options.config_args, _sandbox.kernel_manager_option(sandbox),
                   *([f"--SandboxKernelManager.font_cache={fonts}"] if sandbox else []),
                   *([] if feedback else ["--no-feedback"])]
    env = tool_env(None if sandbox else {_sandbox.NO_SANDBOX_ENV: "1"})
    # Start the grading processes first: each imports nbgrader (seconds) while this
    # process reads the configuration and checks the gradebook.
    pool: list[_pool.Worker] = []
    try:
        pool = [_pool.Worker(i, course, worker_args, pathlib.Path(tmp.name), False, env)
                for i in range(workers)]
        settings = course_settings(course, config_args)
        if settings.sqlite_path is None:
            # Not SQLite (e.g. PostgreSQL): one worker writes to the gradebook directly.
            for worker in pool:
                worker.stop()
            pool = [_pool.Worker(workers, course, worker_args, pathlib.Path(tmp.name), True,
                                 env)]
        if sandbox:
            font_list.join()  # before the first kernel starts
        return _grade_all(names, settings, pool, options)
    finally:
        if font_list.is_alive():
            font_list.join()
        for worker in pool:
            worker.stop()
        tmp.cleanup()


def _grade_all(names, settings: CourseSettings, pool, options: GradeOptions
               ) -> list[GradeReport]:
    available = source_assignments(settings)
    if names:
        for name in names:
            if name not in available:
                raise ValueError(_NO_ASSIGNMENT.format(name=name, folder=settings.source,
                                                       available=available))
    else:
        names = [n for n in available if submissions(n, settings=settings)]
    reports = []
    for name in names:
        students = submissions(name, settings=settings)
        if not students:
            raise ValueError(_NO_SUBMISSIONS.format(name=name, folder=settings.submitted))
        reports.append(_grade_one(name, students, settings, pool, options))
    return reports


def _grade_one(name: str, students: list[str], settings: CourseSettings, pool,
               options: GradeOptions) -> GradeReport:
    start = time.perf_counter()
    regrade = options.regrade
    todo = [s for s in students if regrade is True or s == regrade
            or not _gradebook.graded_already(settings, name, s)]
    results: dict[str, SubmissionResult] = {}
    bar = (Progress(len(todo), name, options.progress)
           if todo and options.progress is not False else None)
    _gradebook.ensure_in_gradebook(options.course, name, settings, options.config_args)
    cells = _gradebook.source_cells(settings, name)
    busy = pool[:max(1, min(len(pool), len(todo)))] if todo else []
    for worker in busy:
        worker.setup(settings)

    def finished(worker: _pool.Worker, outcome: dict) -> None:
        # The only writer of the course gradebook: merge, then explain.
        student = outcome["student"]
        if worker.db is not None:
            _gradebook.merge_submission(settings.sqlite_path, worker.db, name, student)
        results[student] = _result(settings, name, student, outcome, cells)
        if bar:
            ok = outcome.get("success")
            bar.update(failed=not ok, note=f"{student}: {'ok' if ok else 'FAILED'}")

    _pool.run(busy, name, todo, options.submission_timeout, finished)
    skipped = [s for s in students if s not in results]
    if skipped:
        rows = _gradebook.scores(settings, name, skipped)
        for student in skipped:
            results[student] = _result(settings, name, student, None, None, rows.get(student))
    ordered = [results[s] for s in students]
    questions = question_stats({r.student: r.cells for r in ordered},
                               [r.student for r in ordered if r.status != "not graded"])
    report = GradeReport(assignment=name, results=ordered, questions=questions,
                         seconds=time.perf_counter() - start, workers=len(busy), files={},
                         sandboxed=options.sandbox)
    report.files = write_reports(report, pathlib.Path(settings.root) / "grades")
    # Which feedback each failing trainee got, per question (grades/<name>-mistakes.csv).
    report.files.update(add_mistakes_report(report, settings.autograded,
                                            pathlib.Path(settings.root) / "grades"))
    # The whole gradebook for the LMS (Canvas, Moodle), rewritten on every run.
    report.files.update(write_lms_files(settings, pathlib.Path(settings.root) / "grades"))
    return report


def _result(settings, name, student, outcome, cells, row=None) -> SubmissionResult:
    if row is None:
        row = _gradebook.scores(settings, name, [student]).get(student, {})
    if outcome is None:
        status, notes, seconds = "skipped (already graded)", [], 0.0
    else:
        status = "graded" if outcome.get("success") else "not graded"
        notes = [*outcome.get("notes", []), *explain(settings, name, student, outcome, cells)]
        seconds = outcome.get("seconds", 0.0)
    return SubmissionResult(
        student=student, status=status, score=row.get("score", 0.0),
        max_score=row.get("max_score", 0.0), auto_score=row.get("auto", 0.0),
        auto_max=row.get("auto_max", 0.0), manual_pending=row.get("pending", 0.0),
        notes=notes, seconds=seconds, cells=row.get("cells", {}))

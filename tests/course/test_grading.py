"""Parallel cohort grading gives nbgrader's own scores, skips what is done, reports progress.

Fast tests cover the pieces (progress line, argument checks, the kernel memory limit
arguments); the slow ones grade the tiny fixture assignment in tests/course/hostile/.
"""

from __future__ import annotations

import csv
import io
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.course import grade
from responsible_ml.course._grade import _BAD_REGRADE, _NO_SUBMISSIONS
from responsible_ml.course._kernel import grading_kernel_arguments
from responsible_ml.course._nbgrader import REPO_ROOT
from responsible_ml.course._reports import Progress
from responsible_ml.course._settings import course_settings

HOSTILE = pathlib.Path(__file__).resolve().parent / "hostile"
NAME = "00-tiny"
# trainee: corpus case (a mix of right, wrong, partly wrong and broken submissions)
COHORT = {"ana": "correct", "ben": "blank", "cy": "sys-exit", "dee": "redefined-helpers",
          "eli": "correct", "fay": "edited-test-cell", "gus": "invalid-json",
          "hal": "patched-numpy"}


def _course(tmp_path: pathlib.Path, name: str = "course") -> pathlib.Path:
    course = tmp_path / name
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def _submit(course, student, case, when="2026-11-23 10:00:00.000000 UTC"):
    dest = course / "submitted" / student / NAME
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(HOSTILE / "submissions" / case, dest)
    (dest / "timestamp.txt").write_text(when)  # as `nbgrader collect` leaves it


def _env():
    return {**os.environ, "PATH": os.pathsep.join([str(pathlib.Path(sys.executable).parent),
                                                   os.environ["PATH"]])}


def _nbgrader(args, course):
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=_env(),
                          capture_output=True, text=True, timeout=900)
    return proc


def _cell_scores(db: pathlib.Path, students):
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        for student in students:
            try:
                sub = gb.find_submission(NAME, student)
            except MissingEntry:
                out[student] = None
                continue
            out[student] = sorted((g.cell.name, g.auto_score, g.manual_score,
                                   bool(g.needs_manual_grade))
                                  for nb in sub.notebooks for g in nb.grades)
    return out


# ------------------------------------------------------------------ fast
def test_progress_line_counts_failures_and_time_left():
    out = io.StringIO()
    bar = Progress(4, "01-what-is-ml", stream=out, width=8)
    assert "0/4 graded" in bar.line() and "estimating" in bar.line()
    bar.start -= 10  # pretend 10 s have passed
    bar.update()
    bar.update(failed=True, note="ben: FAILED")
    text = out.getvalue().splitlines()
    assert text[0].startswith("01-what-is-ml [##......] 1/4 graded")
    assert "2/4 graded, 1 could not be graded" in text[1] and "ben: FAILED" in text[1]
    assert "about 0:1" in text[1]  # ~10 s for 2, so ~10 s for the 2 left
    bar.update()
    bar.update()
    assert "4/4 graded, 1 could not be graded · done in" in out.getvalue().splitlines()[-1]


def test_progress_redraws_in_place_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    bar = Progress(2, "x", stream=out, width=4)
    bar.update(note="not shown on a terminal")
    bar.update()
    text = out.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "not shown" not in text and "2/2 graded · done in" in text


@pytest.mark.parametrize(("workers", "error"), [(0, ValueError), (-1, ValueError),
                                               (1.5, TypeError), (True, TypeError),
                                               ("2", TypeError)])
def test_bad_worker_counts_are_refused(tmp_path, workers, error):
    with pytest.raises(error) as err:
        grade([NAME], course=_course(tmp_path), workers=workers)
    assert str(err.value) == NOT_AN_INTEGER.format(name="workers", bounds=" >= 1", value=workers)


@pytest.mark.parametrize("regrade", ["", False, 3])
def test_bad_regrade_is_refused(tmp_path, regrade):
    with pytest.raises(ValueError) as err:
        grade([NAME], course=_course(tmp_path), regrade=regrade)
    assert str(err.value) == _BAD_REGRADE.format(value=regrade)


def test_unknown_assignment_and_no_submissions_are_refused(tmp_path):
    course = _course(tmp_path)
    with pytest.raises(ValueError, match="'nope' not found"):
        grade(["nope"], course=course)
    with pytest.raises(ValueError) as err:
        grade([NAME], course=course)
    assert str(err.value) == _NO_SUBMISSIONS.format(name=NAME, folder=course / "submitted")
    assert grade(course=course) == []  # nothing submitted: nothing to do


def test_course_settings_follow_the_config_and_overrides(tmp_path):
    course = _course(tmp_path)
    s = course_settings(course)
    assert s.root == str(course) and s.source == str(course / "solutions")
    assert s.db_url == f"sqlite:///{course / 'gradebook.db'}"
    assert s.timeout == 60
    other = tmp_path / "elsewhere" / "gb.db"
    s = course_settings(course, [f"--CourseDirectory.db_url=sqlite:///{other}",
                                 "--Execute.timeout=7"])
    assert s.db_url == f"sqlite:///{other}" and s.timeout == 7


def test_grading_kernels_get_a_memory_limit_from_the_course_config():
    args = grading_kernel_arguments(1536)
    assert args == [a for a in args if a.startswith("--IPKernelApp.exec_lines=")]
    assert str(1536 * 1024 * 1024) in args[0] and "RLIMIT_AS" in args[0]
    assert "RLIMIT_AS" not in grading_kernel_arguments(0)[0]
    with pytest.raises(TypeError):
        grading_kernel_arguments("2048")
    config = (REPO_ROOT / "nbgrader_config.py").read_text()
    assert "c.Execute.extra_arguments = grading_kernel_arguments(GRADING_MEMORY_MB)" in config


# ------------------------------------------------------------------ slow
@pytest.mark.slow
def test_a_grading_kernel_really_is_limited(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import resource, os\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[1], os.environ['OPENBLAS_NUM_THREADS'])\n"
        "try:\n    x = bytearray(3 * 1024**3)\nexcept MemoryError:\n    print('MemoryError')")])
    NotebookClient(nb, kernel_name="python3", timeout=60,
                   extra_arguments=grading_kernel_arguments(1024)).execute()
    assert nb.cells[0].outputs[0]["text"].split() == [str(1024**3), "1", "MemoryError"]


@pytest.mark.slow
def test_parallel_grade_gives_exactly_the_scores_of_serial_nbgrader(tmp_path):
    serial, parallel = _course(tmp_path, "serial"), _course(tmp_path, "parallel")
    for course in (serial, parallel):
        for student, case in COHORT.items():
            _submit(course, student, case)
    proc = _nbgrader(["generate_assignment", NAME, "--force"], serial)
    assert proc.returncode == 0, proc.stderr
    _nbgrader(["autograde", NAME], serial)  # exits 1: gus's notebook is not JSON

    out = io.StringIO()
    report, = grade([NAME], course=parallel, workers=3, progress=out)

    want = _cell_scores(serial / "gradebook.db", COHORT)
    got = _cell_scores(parallel / "gradebook.db", COHORT)
    assert got == want
    assert want["ana"] != want["ben"]  # the cohort really differs
    # Same graded notebooks as nbgrader's (failed ones removed alike).
    for student in COHORT:
        a = serial / "autograded" / student / NAME / f"{NAME}.ipynb"
        b = parallel / "autograded" / student / NAME / f"{NAME}.ipynb"
        assert a.exists() == b.exists(), student
    # Progress: one line per submission, the last says all are done.
    lines = out.getvalue().splitlines()
    assert len(lines) == len(COHORT)
    assert f"{len(COHORT)}/{len(COHORT)} graded, 1 could not be graded" in lines[-1]
    # Feedback HTML for every graded trainee.
    for student in COHORT:
        html = parallel / "feedback" / student / NAME / f"{NAME}.html"
        assert html.exists() == (student != "gus"), student
    # Per-question pass rates: ana, eli (correct) pass both; dee, hal fail only the
    # first; cy (sys.exit before positive_count) and fay (wrong, restored test) fail
    # the second; ben (blank) fails both: 4 of 7 graded pass each.
    rates = {q["question"]: (q["pass_rate"], q["n"]) for q in report.questions}
    assert rates["test_selection_rate"] == (pytest.approx(4 / 7), 7)
    assert rates["test_positive_count"] == (pytest.approx(4 / 7), 7)
    with report.files["questions"].open() as f:
        rows = {r["question"]: r for r in csv.DictReader(f)}
    assert rows["test_selection_rate"]["pass_rate"] == f"{4 / 7:.3f}"
    with report.files["scores"].open() as f:
        scores = {r["student"]: r for r in csv.DictReader(f)}
    assert scores["ana"]["score"] == "3" and scores["ana"]["free_text_points_to_grade"] == "2"
    assert scores["gus"]["status"] == "not graded"


@pytest.mark.slow
def test_rerun_skips_graded_unless_asked_and_regrades_resubmissions(tmp_path):
    course = _course(tmp_path)
    for student, case in (("ana", "correct"), ("ben", "blank"), ("cy", "sys-exit")):
        _submit(course, student, case)
    grade([NAME], course=course, workers=2, progress=False, feedback=False)
    graded = course / "autograded" / "ben" / NAME / f"{NAME}.ipynb"
    first = graded.stat().st_mtime_ns

    report, = grade([NAME], course=course, workers=2, progress=False, feedback=False)
    assert {r.status for r in report.results} == {"skipped (already graded)"}
    assert report.result("ana").score == 3  # skipped, but the score is still reported
    assert graded.stat().st_mtime_ns == first

    # ben resubmits, answered this time: only ben is graded again.
    _submit(course, "ben", "correct", when="2026-11-23 11:30:00.000000 UTC")
    report, = grade([NAME], course=course, workers=2, progress=False, feedback=False)
    assert [r.student for r in report.results if r.status == "graded"] == ["ben"]
    assert report.result("ben").auto_score == 3

    # The command line: regrade one trainee, then everyone.
    cmd = [sys.executable, "-m", "responsible_ml", "grade", NAME, "--course", str(course),
           "--workers", "2", "--no-feedback"]
    proc = subprocess.run([*cmd, "--regrade", "cy"], capture_output=True, text=True,
                          env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "1 graded" in proc.stdout and "2 already graded" in proc.stdout
    assert "1/1 graded" in proc.stderr  # the progress line
    proc = subprocess.run([*cmd, "--regrade-all", "--", "--Execute.timeout=20"],
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "3 graded" in proc.stdout
    assert (course / "grades" / f"{NAME}-summary.txt").read_text().startswith(f"# {NAME}:")

"""Containment under plain ``nbgrader autograde``, and two grading runs at once.

The same corpus cases as ``test_hostile.py`` grades with ``grade`` (forged outputs, a
flood of output, a slow submission, a memory hog), graded here by nbgrader's own command
in the course folder with the repository's ``nbgrader_config.py``; then 1 GiB printed over
16 cells, with the grader's own memory measured; then two ``grade`` runs on one machine at
the same time, each with a submission that holds 100 processes.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import nbformat
import pytest

from responsible_ml.course._execute import NOTE, TIME_LIMIT, UNTRUSTWORTHY
from responsible_ml.course._nbgrader import REPO_ROOT
from responsible_ml.course._sandbox import sandbox_available

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(sandbox_available()), reason="no sandbox here")]
HOSTILE = pathlib.Path(__file__).resolve().parent / "hostile"
NAME = "00-tiny"
MEMORY_MB = 1024
# case: (automatic points, a text the graded notebook must hold, or None)
CASES = {
    "correct": (3, None),
    "forged-result": (0, None),
    "hooked-showtraceback": (0, f"{NOTE} CHECK BY HAND"),
    "post-execute-forgery": (0, f"{NOTE} CHECK BY HAND"),
    "swallowed-errors": (0, UNTRUSTWORTHY),
    "flood": (3, f"{NOTE} output cut"),
    "slow-submission": (2, TIME_LIMIT),
    "memory-hog": (3, "HELD_MIB"),
}


def _env():
    return {**os.environ, "PATH": os.pathsep.join([str(pathlib.Path(sys.executable).parent),
                                                   os.environ["PATH"]])}


def _course(tmp_path, name="course"):
    course = tmp_path / name
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def _with_cells(case: str, sources: list[str], after: str = "setup") -> dict:
    nb = json.loads((HOSTILE / "submissions" / case / f"{NAME}.ipynb").read_text())
    at = next(i for i, c in enumerate(nb["cells"])
              if c["metadata"].get("nbgrader", {}).get("grade_id") == after)
    for k, src in enumerate(sources):
        nb["cells"].insert(at + 1 + k, {"cell_type": "code", "execution_count": None,
                                        "id": f"added-{k}", "metadata": {}, "outputs": [],
                                        "source": src})
    return nb


def _scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student_id: sum(g.auto_score or 0 for nb in s.notebooks for g in nb.grades
                                  if g.cell.cell_type == "code")
                for s in gb.assignment_submissions(NAME)}


def _text(course, student) -> str:
    nb = nbformat.read(course / "autograded" / student / NAME / f"{NAME}.ipynb", 4)
    return "\n".join(json.dumps(o) for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs)


_MEASURED = ("import resource, runpy, sys\nsys.argv = ['nbgrader', *sys.argv[1:]]\ntry:\n"
             "    runpy.run_module('nbgrader', run_name='__main__')\nfinally:\n"
             "    print('MAXRSS_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
             "file=sys.stderr)")


def _nbgrader(course, *args, measured=False):
    head = ["-c", _MEASURED] if measured else ["-m", "nbgrader"]
    return subprocess.run([sys.executable, *head, *args], cwd=course, env=_env(),
                          capture_output=True, text=True, timeout=1800)


def test_every_kind_is_contained_under_plain_nbgrader(tmp_path):
    course = _course(tmp_path)
    for case in CASES:
        shutil.copytree(HOSTILE / "submissions" / case, course / "submitted" / case / NAME)
    assert _nbgrader(course, "generate_assignment", NAME, "--force").returncode == 0
    proc = _nbgrader(course, "autograde", NAME, "--Execute.timeout=5",
                     "--TrustedExecute.submission_timeout=20",
                     f"--SandboxKernelManager.memory_mb={MEMORY_MB}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = _scores(course)
    assert {case: scores.get(case) for case in CASES} == {c: p for c, (p, _) in CASES.items()}
    for case, (_, words) in CASES.items():
        text = _text(course, case)
        assert words is None or words in text, (case, text[-2000:])
        size = (course / "autograded" / case / NAME / f"{NAME}.ipynb").stat().st_size
        assert size < 5 << 20, (case, size)  # the flood was cut before it was kept
    held = int(_text(course, "memory-hog").split("HELD_MIB ")[1].split("\\n")[0])
    assert 0 < held <= MEMORY_MB, held  # five 300 MiB processes; without a cgroup: 1500
    # 1 GiB printed over 16 cells (64 MiB each), after right answers.
    gig = course / "submitted" / "gigabyte" / NAME
    gig.mkdir(parents=True)
    (gig / f"{NAME}.ipynb").write_text(json.dumps(_with_cells(
        "correct", ['print("x" * (64 << 20))'] * 16, after="test_positive_count")))
    # The gigabyte: graded in full (3 points), its notebook and feedback small, and the
    # grader's own memory far below the 1 GiB printed (it peaked at 7-8.6 GiB before).
    proc = _nbgrader(course, "autograde", NAME, "--student=gigabyte", "--Execute.timeout=60",
                     "--TrustedExecute.submission_timeout=600", measured=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _scores(course)["gigabyte"] == 3
    maxrss = int(proc.stderr.split("MAXRSS_KIB ")[1].split()[0]) * 1024
    print(f"grader peak RSS with 1 GiB printed: {maxrss / 2**20:.0f} MiB")
    assert maxrss < 768 << 20, maxrss
    assert (course / "autograded" / "gigabyte" / NAME / f"{NAME}.ipynb").stat().st_size < 5 << 20
    assert _nbgrader(course, "generate_feedback", NAME, "--student=gigabyte").returncode == 0
    html = course / "feedback" / "gigabyte" / NAME / f"{NAME}.html"
    assert html.stat().st_size < 6 << 20


def test_two_grading_runs_at_once_both_give_the_right_scores(tmp_path):
    many = ["import subprocess, time\n"
            "_p = [subprocess.Popen(['/bin/sleep', '30']) for _ in range(100)]\n"
            "print('STARTED', len(_p))\ntime.sleep(6)  # held while the other run does the same\n"
            "for p in _p:\n    p.kill()\n    p.wait()"]
    runs = []
    for k in range(2):
        course = _course(tmp_path, f"course-{k}")
        for student, case in (("ana", "correct"), ("ben", "blank")):
            shutil.copytree(HOSTILE / "submissions" / case, course / "submitted" / student / NAME)
        sub = course / "submitted" / "cy" / NAME
        sub.mkdir(parents=True)
        (sub / f"{NAME}.ipynb").write_text(json.dumps(_with_cells("correct", many)))
        runs.append(course)
    procs = [subprocess.Popen([sys.executable, "-m", "responsible_ml", "grade", NAME,
                               "--course", str(course), "--workers", "1", "--no-feedback"],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for course in runs]
    outs = [p.communicate(timeout=900) for p in procs]
    for course, proc, (out, err) in zip(runs, procs, outs, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert _scores(course) == {"ana": 3, "ben": 0, "cy": 3}, out
        assert "'STARTED 100" in _text(course, "cy").replace('"', "'"), _text(course, "cy")

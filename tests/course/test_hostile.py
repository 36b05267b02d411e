"""Hostile and broken submissions: each gets the right score, in plain words, and harms no one.

The corpus lives in tests/course/hostile/ (see its README): submissions of a tiny fixture
assignment that loop forever, bomb memory, exit, kill their kernel, delete or edit test
cells, tamper with the feedback helpers or numpy, print megabytes, or are not notebooks
at all. They are graded together with two ordinary trainees by the parallel `grade`.
"""

from __future__ import annotations

import csv
import json
import pathlib
import shutil

import pytest

from responsible_ml.course import assignments, grade
from responsible_ml.course._nbgrader import REPO_ROOT
from responsible_ml.course._tamper import tamper_signs

HOSTILE = pathlib.Path(__file__).resolve().parent / "hostile"
NAME = "00-tiny"
TIMEOUT = 5  # seconds per cell while grading the corpus (the course default is 60)
SUBMISSION_TIMEOUT = 20  # seconds per submission (the course default is 300)
MEMORY_MB = 1024  # memory of one sandbox in total (the course default is 2048)
CONFIG = [f"--Execute.timeout={TIMEOUT}", f"--TrustedExecute.submission_timeout={SUBMISSION_TIMEOUT}",
          f"--SandboxKernelManager.memory_mb={MEMORY_MB}"]

# case: (automatic points out of 3, status, words the summary must use)
EXPECTED = {
    "correct": (3, "graded", []),
    "blank": (0, "graded", []),
    "infinite-loop": (2, "graded", ["ran longer than the 5 s limit"]),
    "memory-bomb": (2, "graded", ["more memory than grading allows"]),
    "sys-exit": (2, "graded", ["called sys.exit()"]),
    "os-exit": (0, "not graded", ["Python stopped while running the notebook"]),
    "killed-kernel": (0, "not graded", ["Python stopped while running the notebook"]),
    "deleted-test-cell": (2, "graded", ["test cell test_positive_count had been deleted"]),
    "edited-test-cell": (2, "graded", ["locked cell test_positive_count had been edited"]),
    "redefined-helpers": (1, "graded", ["CHECK BY HAND", "redefines a feedback helper"]),
    "patched-feedback-module": (1, "graded", ["CHECK BY HAND", "feedback helpers"]),
    "patched-numpy": (1, "graded", ["CHECK BY HAND", "reassigns a library function"]),
    # Known hole: code in the same kernel can replace the module the hidden tests import,
    # so the summary must flag it for a human.
    "fake-trusted-module": (3, "graded", ["CHECK BY HAND", "sys.modules"]),
    # The trusted copy compares with plain operators, so patched built-ins no longer help.
    "patched-builtins": (1, "graded", ["CHECK BY HAND", "built-ins"]),
    "huge-output": (3, "graded", ["output of positive_count", "was cut"]),
    # Forged outputs: the score comes from whether each test raised, not from what the
    # answer printed or displayed in front of the test's error.
    "forged-result": (0, "graded", ["CHECK BY HAND"]),
    "hooked-showtraceback": (0, "graded", ["CHECK BY HAND", "replaced part of the kernel"]),
    "post-execute-forgery": (0, "graded", ["CHECK BY HAND", "(events)"]),
    "swallowed-errors": (0, "graded", ["CHECK BY HAND", "must fail as passed"]),
    # Answers that compare themselves: an int/float subclass equal to (and close to) anything,
    # objects that claim to be a float/int via __class__ and whose == returns a truthy
    # non-bool. The checks compare the plain value held, so they score 0.
    "always-equal-answers": (0, "graded", []),
    "rigged-objects": (0, "graded", []),
    # Output bounded in bytes, time per submission, memory per sandbox.
    "flood": (3, "graded", ["was cut at the grading limit"]),
    "slow-submission": (2, "graded", ["grading time"]),
    "memory-hog": (3, "graded", []),
    "invalid-json": (0, "not graded", ["not a valid notebook"]),
    "empty-file": (0, "not graded", ["empty file"]),
    "wrong-assignment": (0, "not graded", ["another assignment's notebook"]),
    "wrong-file-name": (0, "not graded", ["00-tiny.ipynb was not submitted", "07-monitoring"]),
}
BYSTANDERS = {"zoe-bystander": "correct", "yan-bystander": "sys-exit"}


def _course(tmp_path: pathlib.Path) -> pathlib.Path:
    course = tmp_path / "course"
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def _submit(course: pathlib.Path, student: str, case: str) -> None:
    shutil.copytree(HOSTILE / "submissions" / case, course / "submitted" / student / NAME)


def _gradebook_rows(course, students):
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            sub = gb.find_submission(NAME, student)
            rows[student] = sorted((g.cell.name, g.auto_score, g.manual_score,
                                    g.needs_manual_grade) for nb in sub.notebooks
                                   for g in nb.grades)
    return rows


def test_the_corpus_is_complete():
    cases = {p.name for p in (HOSTILE / "submissions").iterdir() if p.is_dir()}
    assert cases == set(EXPECTED), "update EXPECTED and the README with the corpus"


@pytest.mark.parametrize("name", assignments())
def test_reference_solutions_raise_no_tampering_alarm(repo, name):
    for path in (repo / "solutions" / name).glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"
                         and c.get("metadata", {}).get("nbgrader", {}).get("solution"))
        assert code and tamper_signs(code) == [], f"{path}: {tamper_signs(code)}"


@pytest.mark.parametrize("snippet", [
    "import sys\nsys.modules['responsible_ml.feedback'] = None",
    "import builtins\nbuiltins.abs = lambda x: 0",
    "np.mean = lambda *a: 0.5",
    "expect_close = lambda *a, **k: None",
    "get_ipython().set_custom_exc((Exception,), lambda *a: None)",
    "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None",
    "exec(bytes.fromhex('7072696e74').decode())",
    "setattr(__import__('numpy'), 'mean', len)",
    "sys.displayhook('all tests passed')",
    "get_ipython().input_transformers_cleanup.append(wrap)",
    "sys.settrace(skip_asserts)",
    "from IPython.display import clear_output",
    "import ipykernel",
    # review x07-r18 S2: code run outside the kernel's view (another interpreter, another process)
    "import _xxsubinterpreters as si\nsi.run_string(si.create(), src)",
    "import _interpreters",
    "import subprocess\nsubprocess.run([sys.executable, '-c', src])",
    "os.system('python -c pass')",
    "with concurrent.futures.ProcessPoolExecutor() as pool:\n    pool.submit(f)",
    "from multiprocessing import Pool",
    "pid = os.fork()",
    "import ctypes",
    # review x03-r18 S1: the notebook's namespace, where the test cells keep their helpers
    "for k, f in list(globals().items()):\n    if k.startswith('_t03'): return f(counts)",
    "ns = vars()", "import __main__\nhelper = __main__.__dict__", "from __main__ import _t03h_criteria_of",
    "return _t03h_criteria_of(counts)", "names = locals()",
])
def test_tampering_is_flagged(snippet):
    assert tamper_signs(snippet)


@pytest.mark.parametrize("snippet", [
    "return df.eval('a + b')", "model.fit(X, y)", "pd.options.display.max_rows = 5",
    "rates = np.mean(pred == 1)", "import numpy as np", "compiled = [x for x in xs]",
    "pre = make_column_transformer((OneHotEncoder(), ['district']))",
    "path = os.path.join(folder, 'x.csv')", "interpretation = 'an interpreter reads it'",
    "if __name__ == '__main__':\n    main()", "fields = vars(args)", "model_t03 = fit(train)",
])
def test_ordinary_code_is_not_flagged(snippet):
    assert tamper_signs(snippet) == []


@pytest.mark.slow
def test_every_hostile_submission_gets_the_right_score_and_harms_no_one(tmp_path):
    course = _course(tmp_path)
    # Two ordinary trainees are graded first; one gets a free-text grade by hand.
    for student, case in BYSTANDERS.items():
        _submit(course, student, case)
    grade([NAME], course=course, workers=2, progress=False,
          config_args=CONFIG)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade("why_compare_groups", NAME, NAME, "zoe-bystander")
        g.manual_score, g.needs_manual_grade = 2.0, False
        gb.db.commit()
    before = _gradebook_rows(course, BYSTANDERS)
    feedback_before = {s: (course / "feedback" / s / NAME / f"{NAME}.html").read_bytes()
                       for s in BYSTANDERS}

    for case in EXPECTED:
        _submit(course, case, case)
    report, = grade([NAME], course=course, workers=2, progress=False,
                    config_args=CONFIG)

    problems = []
    for case, (points, status, words) in EXPECTED.items():
        r = report.result(case)
        if (r.auto_score, r.status) != (points, status):
            problems.append(f"{case}: expected {points} points, {status}; "
                            f"got {r.auto_score}, {r.status}: {r.notes}")
        text = " ".join(r.notes)
        problems += [f"{case}: summary lacks {w!r}: {text}" for w in words if w not in text]
    assert not problems, "\n".join(problems)
    # Ordinary submissions carry no alarm.
    assert report.result("correct").notes == []
    assert report.result("blank").notes == []

    # The bystanders were skipped (already graded) and their gradebook rows, manual
    # grade included, and feedback are untouched.
    for student in BYSTANDERS:
        assert report.result(student).status == "skipped (already graded)"
    assert _gradebook_rows(course, BYSTANDERS) == before
    assert report.result("zoe-bystander").score == 5
    for student, html in feedback_before.items():
        assert (course / "feedback" / student / NAME / f"{NAME}.html").read_bytes() == html

    # Everything the summary says is in the files an instructor opens.
    with report.files["scores"].open() as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert set(rows) == set(EXPECTED) | set(BYSTANDERS)
    assert "Python stopped" in rows["os-exit"]["what_happened"]
    assert float(rows["memory-bomb"]["autograded_score"]) == 2
    summary = report.files["summary"].read_text()
    assert "could not be graded" in summary and "memory-bomb" in summary
    # The five 300 MiB processes of memory-hog never held more than the sandbox's total.
    import nbformat

    hog = nbformat.read(course / "autograded" / "memory-hog" / NAME / f"{NAME}.ipynb", 4)
    held = next(int(o["text"].split()[1]) for c in hog.cells if c.cell_type == "code"
                for o in c.outputs if o.get("text", "").startswith("HELD_MIB"))
    assert 0 < held <= MEMORY_MB, held  # without the cgroup: 1500
    # Output beyond the bounds was never kept: the flood's graded notebook is small.
    for case in ("flood", "huge-output"):
        size = (course / "autograded" / case / NAME / f"{NAME}.ipynb").stat().st_size
        assert size < 5 << 20, (case, size)
    # A graded notebook is kept for the memory bomb; a failed one leaves nothing behind.
    assert (course / "autograded" / "memory-bomb" / NAME / f"{NAME}.ipynb").exists()
    assert not (course / "autograded" / "os-exit" / NAME).exists()

"""`python -m responsible_ml check NN`: every visible check of a trainee's copy at once (issues 26/29).

Exercise 07 (two kernel runs, about 40 s): its reference answers pass every visible check, and
its form-only cells say what they print; its untouched answers are "not answered yet" while one
wrong answer fails its own cell with the visible test's message. A small made-up exercise
(seconds) covers a cell over its time limit and an answer that does not run.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import shutil

import pytest

from responsible_ml.__main__ import main
from responsible_ml.course._check_work import NOT_ANSWERED, check_my_work
from responsible_ml.course._my_work import MY_WORK
from responsible_ml.course._nbgrader import REPO_ROOT

NAME = "07-trade-offs"
EXERCISE = REPO_ROOT / "exercises" / NAME / f"{NAME}.ipynb"
SOLUTION = REPO_ROOT / "solutions" / NAME / f"{NAME}.ipynb"
WRONG = "the TPR returned instead of the FNR"  # a listed wrong answer of forced_fnr


def _meta(cell) -> dict:
    return cell["metadata"].get("nbgrader", {})


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _tests(nb: dict) -> dict[str, dict]:
    """``{grade_id: cell}`` of the graded test cells, in order."""
    return {_meta(c)["grade_id"]: c for c in nb["cells"]
            if c["cell_type"] == "code" and _meta(c).get("grade") and not _meta(c).get("solution")}


def _course(root: pathlib.Path, answers: dict[str, str], exercise: pathlib.Path = EXERCISE,
            deleted: tuple[str, ...] = ()) -> pathlib.Path:
    """`root` as a course: the published exercise, and the trainee's copy of it in my-work/
    with `answers` ({answer grade_id: source}) in place of those answers' stubs and without
    the cells `deleted`."""
    (root / "exercises" / exercise.stem).mkdir(parents=True)
    shutil.copyfile(exercise, root / "exercises" / exercise.stem / exercise.name)
    nb = json.loads(exercise.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if _meta(cell).get("grade_id") in answers:
            cell["source"] = answers[_meta(cell)["grade_id"]]
    nb["cells"] = [c for c in nb["cells"] if _meta(c).get("grade_id") not in deleted]
    (root / MY_WORK).mkdir()
    (root / MY_WORK / exercise.name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return root / MY_WORK / exercise.name


def _wrong_answer() -> str:
    spec = importlib.util.spec_from_file_location(
        "mutants_07_check", REPO_ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS["forced_fnr"][WRONG]


def test_reference_answers_pass_every_visible_check(tmp_path):
    solution = json.loads(SOLUTION.read_text(encoding="utf-8"))
    reference = {_meta(c)["grade_id"]: _source(c) for c in solution["cells"] if _meta(c).get("solution")}
    mine = _course(tmp_path, reference)
    before = mine.read_bytes()
    report = check_my_work("07", tmp_path)
    assert mine.read_bytes() == before, "the trainee's notebook was changed"
    tests = _tests(json.loads(EXERCISE.read_text(encoding="utf-8")))
    assert [c.grade_id for c in report.cells] == list(tests)
    assert [c.grade_id for c in report.cells if not c.passed] == []
    assert report.notes == []
    # Form-only cells say so as the cell itself prints it, and only they add anything to the ✓.
    form_only = {c.grade_id: c.detail for c in report.cells if c.detail}
    assert sorted(form_only) == [f"test_goal_to_criterion_statement_{k}" for k in range(1, 6)]
    for grade_id, detail in form_only.items():
        assert "checked at grading" in detail and f"✓ {detail}" in _source(tests[grade_id])
    points = sum(_meta(c)["points"] for c in tests.values())
    form_points = sum(_meta(tests[g])["points"] for g in form_only)
    # Review x04-r22 D2: a ✓ on a form-only cell is not counted as points checked.
    assert all(c.form_only == (c.grade_id in form_only) for c in report.cells)
    assert report.lines()[-1].startswith(
        f"visible checks: {len(tests)} of {len(tests)} cells pass ({points - form_points:g} of {points:g} points "
        f"at stake; {len(form_only)} of the passing cells ({form_points:g} points) checked only your answer's "
        f"form, not whether it is right: that is judged at grading); free-text answers: 4 of 4 written (compare "
        f"them: `python -m responsible_ml model-answers {NAME}`); graders run more (hidden) checks")


def test_untouched_answers_are_not_answered_yet_and_a_wrong_one_fails_with_its_message(tmp_path, capsys):
    """The untouched exercise but for one wrong answer (one kernel run for both cases, to stay fast)."""
    mine = _course(tmp_path, {"forced_fnr": _wrong_answer()})
    before = mine.read_bytes()
    assert main(["check", NAME, "--course", str(tmp_path)]) == 0
    assert mine.read_bytes() == before, "the trainee's notebook was changed"
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"checking {MY_WORK}/{NAME}.ipynb as last saved")
    tests = _tests(json.loads(EXERCISE.read_text(encoding="utf-8")))
    lines = dict(zip(tests, out[1:-1], strict=True))
    for grade_id, line in lines.items():
        points = _meta(tests[grade_id])["points"]
        head = f"  ✗ {grade_id} ({points:g} point{'' if points == 1 else 's'}): "
        if not grade_id.startswith("test_forced_fnr"):
            assert line == head + NOT_ANSWERED
    # The wrong answer fails exactly its own cell, with the first line of the visible test's message.
    assert lines["test_forced_fnr"] == ("  ✗ test_forced_fnr (0.5 points): forced_fnr(0.4, 0.75, 0.1): "
                                        "expected an FNR, not a TPR, got 0.45.")
    assert lines["test_forced_fnr_inputs"] == "  ✓ test_forced_fnr_inputs (0.5 points)"
    points = sum(_meta(c)["points"] for c in tests.values())
    assert out[-1].startswith(f"visible checks: 1 of {len(tests)} cells pass (0.5 of {points:g} points at "
                              "stake); free-text answers: 0 of 4 written")
    assert out[-1].endswith("graders run more (hidden) checks, so a ✓ is not a grade")


def test_unknown_exercise_or_missing_copy_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "exercises" / NAME).mkdir(parents=True)
    shutil.copyfile(EXERCISE, tmp_path / "exercises" / NAME / EXERCISE.name)
    assert main(["check", "99", "--course", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no exercise '99'" in err and NAME in err
    assert main(["check", "07", "--course", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"no {MY_WORK}/{NAME}.ipynb" in err and "make lab" in err
    with pytest.raises(FileNotFoundError, match="no exercise 'trade-offs'"):
        check_my_work("trade-offs", tmp_path)


def _cell(kind: str, source: str, grade_id: str, **meta) -> dict:
    cell = {"cell_type": kind, "metadata": {"nbgrader": {"grade_id": grade_id, **meta}}, "source": source}
    return {**cell, "outputs": [], "execution_count": None} if kind == "code" else cell


def test_a_cell_over_its_time_limit_is_stopped_and_the_run_goes_on(tmp_path):
    """Also: an answer with a syntax error is a note where it stands; a deleted test cell, a note at the end."""
    graded = {"grade": True, "solution": False, "locked": True, "points": 1}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        _cell("code", "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()", "f",
              grade=False, solution=True),
        _cell("code", "import time\ntime.sleep(30)", "test_f_slow", **graded),
        _cell("code", "assert f() == 2, 'f(): expected 2, got 1.\\nHint: add one'", "test_f", **graded),
        _cell("code", "def g(:\n    # YOUR CODE HERE\n    raise NotImplementedError()", "g",
              grade=False, solution=True),
        _cell("code", "g()", "test_g", **graded),
        _cell("code", "pass", "test_deleted", **graded),
        _cell("markdown", "YOUR ANSWER HERE", "essay", grade=True, solution=True, points=2),
    ]}
    published = tmp_path / "published" / "98-made-up.ipynb"
    published.parent.mkdir()
    published.write_text(json.dumps(nb))
    mine = _course(tmp_path / "course", {"f": "def f():\n    return 1", "g": "def g(:\n    return 1",
                                         "essay": " ".join(f"word{i}" for i in range(20))}, published,
                   deleted=("test_deleted",))
    report = check_my_work("98", tmp_path / "course", timeout=2)
    assert mine.parent.name == MY_WORK
    assert [c.line() for c in report.cells] == [
        "✗ test_f_slow (1 point): TimeoutError: the cell ran longer than 2 s and was stopped",
        "✗ test_f (1 point): f(): expected 2, got 1.",
        "✗ test_g (1 point): NameError: name 'g' is not defined",
    ]
    (after, note), deleted = report.notes  # between test_f and test_g; at the end
    assert after == 2 and note.startswith("your answer g stopped with SyntaxError: ")
    assert report.lines()[2] == f"  note: {note}"
    assert deleted == (3, "test cells not in your copy (deleted?): test_deleted; grading puts them back "
                          "and runs them, so copy them back from the published exercise")
    assert "free-text answers: 1 of 1 written" in report.lines()[-1]


def test_a_check_that_waits_for_other_answers_is_not_checked_yet_not_a_pass(tmp_path):
    """Review x06-r14 D1: 06's part (d) runs its visible check only once parts (a)-(c) pass theirs; until then the
    cell passes without checking anything and says so, and `check` shows it as not checked (–), not as a ✓."""
    graded = {"grade": True, "solution": False, "locked": True, "points": 1}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        _cell("code", "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()", "f",
              grade=False, solution=True),
        _cell("code", "print('not checked yet: (d) f is checked here once (a) passes; at grading with a correct (a)')",
              "test_f", **graded),
        _cell("code", "print('✓ form only: its value is checked at grading')", "test_g", **graded),
    ]}
    published = tmp_path / "published" / "97-made-up.ipynb"
    published.parent.mkdir()
    published.write_text(json.dumps(nb))
    _course(tmp_path / "course", {"f": "def f():\n    return 1"}, published)
    report = check_my_work("97", tmp_path / "course", timeout=20)
    assert [c.line() for c in report.cells] == [
        "– test_f (1 point): not checked yet: (d) f is checked here once (a) passes; at grading with a correct (a)",
        "✓ test_g (1 point): form only: its value is checked at grading",
    ]
    assert report.lines()[-1].startswith(
        "visible checks: 1 of 2 cells pass, 1 not checked yet (0 of 2 points at stake; 1 of the passing cells "
        "(1 point) checked only your answer's form, not whether it is right: that is judged at grading)")


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "solutions").glob("*/*.ipynb")), ids=lambda p: p.stem)
def test_every_line_about_grading_says_whether_the_check_was_of_form_only(path):
    """Review x04-r22 D2 (kind): `check` counts a cell as points checked only when its visible test checked the
    answer's value. Every line a test cell prints about grading is either form-only (a choice, a set of letters: its
    value is judged at grading) or says the visible check ran on a case and hidden tests run others; a new phrasing
    must fall clearly on one side. Form-only lines are recognised by what they say, checked here on every exercise."""
    from responsible_ml.course._check_work import _FORM_ONLY, _LEFT_TO_GRADING

    partly = re.compile(r"\bis right on\b|\bcheck case\b|hidden tests? checks? (?:your function|it on|others)|"
                        r"hidden tests use other data", re.IGNORECASE)
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        meta = _meta(cell)
        if cell["cell_type"] != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        for line in _source(cell).splitlines():
            if _LEFT_TO_GRADING.search(line) and ("print(" in line or "✓" in line):
                assert bool(_FORM_ONLY.search(line)) != bool(partly.search(line)), (
                    f"{meta['grade_id']}: say either that only the form is checked here or which case was checked: "
                    f"{line.strip()}")

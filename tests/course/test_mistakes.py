"""The mistakes report: per question, which feedback each failing trainee received, and how many.

Fast tests read a small hand-made cohort of autograded notebooks with known mistakes; the slow
test grades a cohort of exercise 01 with `grade()` (reference, blank, a wrong answer, a library
shortcut) and reads grades/<assignment>-mistakes.csv and the summary.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from responsible_ml.course._mistakes import (
    MISTAKES_HEADER,
    NO_MISTAKES,
    class_mistakes,
    mistakes_section,
    write_mistakes,
)
from responsible_ml.feedback import AnswerError, expect_close, expect_equal


def _message(check, *args, **kwargs):
    try:
        check(*args, **kwargs)
    except AnswerError as err:
        return str(err)
    raise AssertionError("the check passed")


DIVIDED = _message(expect_close, 0.3, 0.5, what="fpr of group a", hint_id="rates-divide-within-group",
                   hint="divide by the group's label-0 rows")
SWAPPED = _message(expect_equal, "b", "a", what="the worst group", hint="the lowest accuracy")


def _cell(grade_id, error=None, ename="AnswerError"):
    cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False,
                                                           "grade_id": grade_id, "points": 1}},
            "source": "", "outputs": []}
    if error is not None:
        cell["outputs"].append({"output_type": "error", "ename": ename, "evalue": error,
                                "traceback": []})
    return cell


def _autograded(root, student, cells):
    folder = root / "autograded" / student / "ex"
    folder.mkdir(parents=True)
    answer = {"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "solution": True,
                                                             "grade_id": "rates"}},
              "source": "", "outputs": [{"output_type": "error", "ename": "NameError",
                                         "evalue": "x", "traceback": []}]}
    nb = {"cells": [answer] + cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / "ex.ipynb").write_text(json.dumps(nb))


@pytest.fixture
def cohort(tmp_path):
    _autograded(tmp_path, "ana", [_cell("test_rates"), _cell("test_worst")])
    _autograded(tmp_path, "ben", [_cell("test_rates", DIVIDED), _cell("test_worst", SWAPPED)])
    _autograded(tmp_path, "cy", [_cell("test_rates", DIVIDED), _cell("test_worst")])
    _autograded(tmp_path, "dee", [_cell("test_rates", "name 'np' is not defined", "NameError"),
                                  _cell("test_worst")])
    return tmp_path / "autograded"


def test_counts_the_feedback_per_question(cohort):
    rows = class_mistakes(cohort, "ex", ["ana", "ben", "cy", "dee"])
    got = [(m.question, m.feedback_id, sorted(m.students)) for m in rows]
    assert got == [("test_rates", "rates-divide-within-group", ["ben", "cy"]),
                   ("test_rates", "error:NameError", ["dee"]),
                   ("test_worst", "the-worst-group", ["ben"])]
    assert rows[0].hint == "divide by the group's label-0 rows"
    assert rows[2].hint == "the lowest accuracy"


def test_only_graded_trainees_count(cohort):
    rows = class_mistakes(cohort, "ex", ["ana", "cy", "nobody"])
    assert [(m.feedback_id, m.students) for m in rows] == [("rates-divide-within-group", ["cy"])]


def test_csv_and_summary(cohort, tmp_path):
    rows = class_mistakes(cohort, "ex", ["ana", "ben", "cy", "dee"])
    path = write_mistakes(rows, tmp_path / "ex-mistakes.csv", graded=4)
    table = list(csv.reader(path.open()))
    assert table[0] == MISTAKES_HEADER
    assert table[1] == ["test_rates", "rates-divide-within-group", "2", "0.500",
                        "divide by the group's label-0 rows", "ben cy"]
    text = mistakes_section(rows, graded=4)
    assert "test_rates: 3 failing" in text
    assert "  2 × rates-divide-within-group — divide by the group's label-0 rows" in text
    assert NO_MISTAKES in mistakes_section([], graded=4)


@pytest.mark.slow
def test_grade_writes_the_mistakes_report(tmp_path):
    from responsible_ml.course import grade, make_course, nbgrader
    from responsible_ml.course._nbgrader import REPO_ROOT

    name = "01-what-is-ml"
    course = make_course(tmp_path, [name])
    nbgrader(["generate_assignment", name, "--force"], course)
    reference = REPO_ROOT / "solutions" / name / f"{name}.ipynb"

    def submit(student, replace=None):
        dest = course / "submitted" / student / name
        if replace is None:
            shutil.copytree(course / "exercises" / name, dest)
            return
        dest.mkdir(parents=True)
        nb = json.loads(reference.read_text())
        for cell in nb["cells"]:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid in replace:
                cell["source"] = replace[gid]
        (dest / f"{name}.ipynb").write_text(json.dumps(nb))

    submit("blank")
    submit("ref", {})
    submit("positives", {"accuracy_by_hand": (
        "def accuracy_by_hand(y_true, y_pred):\n    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
        "    return float((y_true == y_pred).sum() / max(1, (y_true == 1).sum()))\n")})
    submit("shortcut", {"accuracy_by_hand": (
        "from sklearn.metrics import accuracy_score\n\n\ndef accuracy_by_hand(y_true, y_pred):\n"
        "    return float(accuracy_score(y_true, y_pred))\n")})
    (report,) = grade([name], course=course, workers=2, feedback=False, progress=False)
    rows = list(csv.DictReader((course / "grades" / f"{name}-mistakes.csv").open()))
    acc = {r["feedback_id"]: r["students"] for r in rows if r["question"] == "test_accuracy_by_hand"}
    # A blank answer is reported as not answered (its stub raised), not as an error of
    # another question's missing variable: the test cells stand alone.
    assert acc == {"not-answered": "blank", "accuracy-wrong-count": "positives",
                   "shortcut:accuracy_score": "shortcut"}
    assert not [r for r in rows if "ref" in r["students"].split()]
    summary = (course / "grades" / f"{name}-summary.txt").read_text()
    assert "What the class got wrong" in summary
    assert "1 × shortcut:accuracy_score" in summary


def test_every_failing_part_of_a_question_is_counted(tmp_path):
    # Interpretation answers are graded per part (test_<answer>_<part>): a trainee who gets two
    # parts wrong appears under both, so the report says which part the class got wrong.
    se = _message(expect_close, 0.02, 0.0202, what="standard error of the accuracy", hint_id="reading-se",
                  rtol=0.001)
    ask = _message(expect_equal, "a", "b", what="the figure to ask for next", hint_id="reading-ask-next")
    _autograded(tmp_path, "ann", [_cell("test_read_accuracy_se", se),
                                  _cell("test_read_accuracy_n_needed"),
                                  _cell("test_read_accuracy_ask_next", ask)])
    _autograded(tmp_path, "bob", [_cell("test_read_accuracy_se"),
                                  _cell("test_read_accuracy_n_needed"),
                                  _cell("test_read_accuracy_ask_next", ask)])
    rows = class_mistakes(tmp_path / "autograded", "ex", ["ann", "bob"])
    counted = {(m.question, m.feedback_id): sorted(m.students) for m in rows}
    assert counted == {("test_read_accuracy_se", "reading-se"): ["ann"],
                       ("test_read_accuracy_ask_next", "reading-ask-next"): ["ann", "bob"]}
    section = mistakes_section(rows, 2)
    assert "test_read_accuracy_ask_next: 2 failing" in section
    assert "test_read_accuracy_se: 1 failing" in section

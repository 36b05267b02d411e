"""Issue 28's end-to-end test: a graded cohort with per-trainee variants, on a real exchange.

Three trainees (ada, bo, dee), exercise 01 only (the exercise with variants), nbgrader's own
commands and exchange folder, the course's grading path (:func:`responsible_ml.course.grade`,
which ``make grade`` runs), the gradebook outside the course folder:

1. Each trainee fetches and answers in their OWN variant: every code answer is the reference
   code; in question 5 they type the numbers and the choice letters their kernel shows
   (``RML_TRAINEE_ID`` set to their user name, as on the hub) into ``READING`` as literals.
   They come from the course's trusted variant API under that environment, which is what the
   reference code computes in their kernel (cheaper than running the notebook). Question 5's
   numbers are graded through its three functions (review x01-r9), not through ``READING``.
   The free-text answer is left as released, so every score is final without a human
   grader. Graded: everyone scores full marks on the automatic part.
2. ada and dee swap their ``READING`` cells and resubmit; the instructor collects the newer
   submissions and grades again (bo is not resubmitted and is skipped, as nbgrader does):
   both lose exactly the choice cells of question 5 where their option orders put the right
   option under another letter (both, for these two), every other cell scores as before, and
   bo's grades are unchanged.
3. After each grading run, the Canvas and Moodle import files in ``grades/`` parse with the
   csv module as those LMSs expect, one row per trainee, scores equal to the gradebook's.

Not tried here: a live hub (its environment is set as the hub sets it) and the upload into
Canvas or Moodle.
"""

from __future__ import annotations

import csv
import json

import pytest
from test_cycle import COURSE_ID, _answer, _Exchange, _meta
from test_variants import CHOICE_TESTS, NAME, NUMERIC_TESTS, _answers_of, _expected, _letters

from responsible_ml.course import grade

pytestmark = pytest.mark.slow
TRAINEES = ("ada", "bo", "dee")
#: The two trainees who swap their READING cells (the third is untouched); chosen so their
#: variants put both right options of question 5 under other letters (asserted below).
SWAPPED = ("ada", "dee")
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", NAME]
MOODLE_HEADER = ["ID number", "Email address", "First name", "Last name", NAME]


def _as_their_kernel(user: str, monkeypatch) -> tuple[str, dict, dict]:
    """What `user` types into READING, its numbers and its choice letters: question 5 in the
    environment of their kernel on the hub (their id and the course's id)."""
    with monkeypatch.context() as env:
        env.setenv("RML_TRAINEE_ID", user)
        env.setenv("RML_COURSE_ID", COURSE_ID)
        return _answers_of(None), _expected(None), _letters(None)


def _type_reading(notebook, source: str) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    (cell,) = [c for c in nb["cells"] if _meta(c).get("grade_id") == "read_accuracy"]
    cell["source"] = source
    notebook.write_text(json.dumps(nb), encoding="utf-8")


def _gradebook_scores(ex: _Exchange) -> tuple[dict[str, float], float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{ex.db}") as gb:
        scores = {u: float(gb.find_submission(NAME, u).score) for u in TRAINEES}
        return scores, float(gb.find_assignment(NAME).max_score)


def _check_lms_files(ex: _Exchange, report) -> dict[str, float]:
    """Both LMS files parse as their LMS expects; returns the Canvas scores by trainee."""
    scores, top = _gradebook_scores(ex)
    grades = ex.course / "grades"
    assert report.files["canvas"] == grades / "canvas-gradebook.csv"
    assert report.files["moodle"] == grades / "moodle-grades.csv"
    with open(report.files["canvas"], newline="", encoding="utf-8") as f:
        header, points, *people = list(csv.reader(f))
    assert header == CANVAS_HEADER
    assert points[0] == "Points Possible" and float(points[-1]) == top
    assert all(len(row) == len(header) for row in people)
    canvas = {row[2]: float(row[-1]) for row in people}  # by SIS User ID; numeric
    assert sorted(row[3] for row in people) == sorted(canvas) == sorted(TRAINEES)
    assert len(people) == len(TRAINEES) and canvas == scores
    with open(report.files["moodle"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == MOODLE_HEADER
    assert [r["ID number"] for r in rows] == sorted(TRAINEES)
    assert {r["ID number"]: float(r[NAME]) for r in rows} == scores
    return canvas


def test_a_cohort_with_variants_graded_swapped_and_exported(tmp_path, monkeypatch):
    typed = {u: _as_their_kernel(u, monkeypatch) for u in TRAINEES}
    a, b = SWAPPED
    # Not vacuous: the two swapped variants put both right options under other letters.
    lost = {f"test_read_accuracy_{k}" for k in typed[a][2] if typed[a][2][k] != typed[b][2][k]}
    assert lost == CHOICE_TESTS, typed

    ex = _Exchange(tmp_path, [NAME])
    assert f"released {NAME}" in ex.release().stdout
    reference = ex.course / "solutions" / NAME / f"{NAME}.ipynb"
    notebooks = {}
    for user in TRAINEES:
        notebooks[user] = ex.fetch(user, NAME) / reference.name
        _answer(notebooks[user], reference, "code")
        _type_reading(notebooks[user], typed[user][0])
        ex.trainee(user, "submit", NAME)
    ex.collect(NAME)

    # 1. Everyone, in their own variant: full marks on the automatic part.
    (first,) = grade([NAME], course=ex.course, workers=2, progress=False,
                     config_args=ex.inst_args)
    for user in TRAINEES:
        r = first.result(user)
        assert r.status == "graded", first.summary()
        assert r.auto_score == r.auto_max > 0, first.summary()
        assert r.manual_pending == 0  # free text left blank: 0 points, nothing to grade
        assert NUMERIC_TESTS <= set(r.cells)
    before = {u: dict(first.result(u).cells) for u in TRAINEES}
    assert _check_lms_files(ex, first) == {u: first.result(u).auto_score for u in TRAINEES}

    # 2. ada and dee swap their READING cells (the literal numbers and letters) and resubmit.
    for user, peer in ((a, b), (b, a)):
        _type_reading(notebooks[user], typed[peer][0])
        ex.trainee(user, "submit", NAME)
    ex.collect(NAME, "--update")
    (second,) = grade([NAME], course=ex.course, workers=2, progress=False,
                      config_args=ex.inst_args)
    lost_points = sum(before[a][cell][2] for cell in lost)
    for user in SWAPPED:
        r = second.result(user)
        assert r.status == "graded", second.summary()
        after = dict(r.cells)
        assert {c for c, (kind, score, top, _) in after.items()
                if kind == "auto" and score < top} == lost, second.summary()
        assert all(after[c][1] == 0 for c in lost)
        assert {c: v for c, v in after.items() if c not in lost} == {
            c: v for c, v in before[user].items() if c not in lost}
        assert r.auto_score == pytest.approx(r.auto_max - lost_points)
    (third,) = set(TRAINEES) - set(SWAPPED)
    untouched = second.result(third)
    assert untouched.status == "skipped (already graded)"
    assert untouched.cells == before[third] and untouched.auto_score == untouched.auto_max
    canvas = _check_lms_files(ex, second)
    assert canvas == {u: second.result(u).auto_score for u in TRAINEES}
    assert canvas[a] == canvas[b] == canvas[third] - lost_points

"""nbgrader round trip for every assignment under solutions/ (found, not listed).

In a throw-away course: generate the student version, autograde it untouched (must
score 0 automatic points) and autograde the reference solution (must score full
automatic points). Free-text cells stay for manual grading in both. The course and its one
``nbgrader autograde`` run are shared with test_no_cascade (``graded_exercise`` in conftest.py):
the two submissions here are students ``blank`` and ``reference`` of that run.
"""

from __future__ import annotations

import pytest

from responsible_ml.course import assignments

pytestmark = pytest.mark.slow
ASSIGNMENTS = assignments()


def _scores(course, name, student):
    """(autograded rows, manually graded rows) as (cell, auto_score, max_score, needs_manual)."""
    from nbgrader.api import Gradebook

    auto, manual = [], []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(name, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                row = (grade.cell.name, grade.auto_score, grade.max_score, grade.needs_manual_grade)
                (manual if grade.cell.cell_type == "markdown" else auto).append(row)
    return auto, manual


def test_there_is_at_least_one_assignment():
    assert "01-what-is-ml" in ASSIGNMENTS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_blank_scores_zero_and_solution_scores_full(name, graded_exercise):
    course = graded_exercise(name).course

    blank, blank_text = _scores(course, name, "blank")
    reference, reference_text = _scores(course, name, "reference")
    assert blank, f"{name}: no autograded test cells found"
    earned = {cell: score for cell, score, _, _ in blank + blank_text if score}
    assert not earned, f"{name}: the untouched exercise earns points in {earned}"
    short = {cell: (score, top) for cell, score, top, _ in reference if score != top}
    assert not short, f"{name}: the reference solution loses points in {short}"
    # Free text: an untouched answer scores 0 with no human needed; a written one waits
    # for a human with the rubric.
    assert all(not needs for *_, needs in blank_text), blank_text
    assert all(needs for *_, needs in reference_text), reference_text

"""nbgrader round trip for every assignment under solutions/ (found, not listed).

In a throw-away course: generate the student version, autograde it untouched (must
score 0 automatic points) and autograde the reference solution (must score full
automatic points). Free-text cells stay for manual grading in both.
"""

from __future__ import annotations

import shutil

import pytest

from responsible_ml.course import assignments, make_course, nbgrader

pytestmark = pytest.mark.slow
ASSIGNMENTS = assignments()


def _auto_scores(course, name, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(name, student)
        rows = []
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.cell.cell_type == "code" and not grade.needs_manual_grade:
                    rows.append((grade.cell.name, grade.auto_score, grade.max_score))
                elif grade.cell.cell_type == "markdown":
                    assert grade.needs_manual_grade, f"{grade.cell.name} should need a human"
    return rows


def test_there_is_at_least_one_assignment():
    assert "01-what-is-ml" in ASSIGNMENTS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_blank_scores_zero_and_solution_scores_full(name, tmp_path):
    course = make_course(tmp_path, [name])
    nbgrader(["generate_assignment", name, "--force"], course)
    for student, source in (("blank", course / "exercises" / name),
                            ("reference", course / "solutions" / name)):
        shutil.copytree(source, course / "submitted" / student / name)
    nbgrader(["autograde", name, "--force"], course, timeout=900)

    blank = _auto_scores(course, name, "blank")
    reference = _auto_scores(course, name, "reference")
    assert blank, f"{name}: no autograded test cells found"
    earned = {cell: score for cell, score, _ in blank if score}
    assert not earned, f"{name}: the untouched exercise earns points in {earned}"
    short = {cell: (score, top) for cell, score, top in reference if score != top}
    assert not short, f"{name}: the reference solution loses points in {short}"

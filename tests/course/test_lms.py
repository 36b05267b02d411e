"""LMS import files (issue 28): Canvas gradebook CSV and Moodle grade-import CSV.

A small gradebook made with nbgrader's own API (no grading run): three trainees, two
assignments, one free-text answer graded by hand, one still waiting, one not submitted.
The files must parse as Canvas and Moodle expect: Canvas's identity columns and a
``Points Possible`` second row, Moodle's identity columns, one row per trainee, one
numeric column per assignment, manual points included once entered.
"""

from __future__ import annotations

import csv
import io

import pytest

from responsible_ml.course._lms import (
    CANVAS_ID_COLUMNS,
    MOODLE_ID_COLUMNS,
    canvas_csv,
    gradebook_table,
    moodle_csv,
    write_lms_files,
)
from responsible_ml.course._settings import CourseSettings

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    """Made once for the module (nbgrader's database set-up takes seconds)."""
    from nbgrader import api
    from nbgrader.api import Gradebook

    with pytest.MonkeyPatch.context() as mp:
        # A new gradebook runs `alembic heads` (seconds) only to stamp its schema version,
        # which these files never read.
        mp.setattr(api, "get_alembic_version", lambda: "test")
        yield _make_gradebook(Gradebook, tmp_path_factory.mktemp("lms") / "gradebook.db")


def _make_gradebook(Gradebook, path):  # noqa: N803 - the class, passed in
    url = f"sqlite:///{path}"
    with Gradebook(url) as gb:
        for name in ("01-what-is-ml", "02-what-can-go-wrong"):
            gb.add_assignment(name)
            gb.add_notebook(name, name)
            gb.add_grade_cell("test_a", name, name, max_score=13, cell_type="code")
            gb.add_grade_cell("essay", name, name, max_score=3, cell_type="markdown")
            gb.add_solution_cell("essay", name, name)
        gb.add_student("ada", first_name="Ada", last_name="Lovelace", email="ada@example.org",
                       lms_user_id="1001")
        gb.add_student("bob", email="bob@example.org")
        gb.add_student("cy, \"the\" third", first_name="Cy")
        # ada: 01 auto 12.5 + essay graded 2 by hand; 02 auto 13, essay waiting for a grader.
        # bob: 01 auto 4, essay blank (0, nothing to grade); 02 not submitted.
        # cy: nothing submitted.
        for student, name, auto, manual in (("ada", "01-what-is-ml", 12.5, 2),
                                            ("ada", "02-what-can-go-wrong", 13, None),
                                            ("bob", "01-what-is-ml", 4, 0)):
            gb.add_submission(name, student)
            sub = gb.find_submission_notebook(name, name, student)
            for grade in sub.grades:
                if grade.cell.cell_type == "code":
                    grade.auto_score = auto
                    grade.needs_manual_grade = False
                elif manual is not None:
                    grade.manual_score = manual
                    grade.needs_manual_grade = False
                else:
                    grade.needs_manual_grade = True
            gb.db.commit()
    return url


def test_gradebook_table_has_final_scores_only(gradebook):
    students, assignments = gradebook_table(gradebook)
    assert assignments == [("01-what-is-ml", 16.0), ("02-what-can-go-wrong", 16.0)]
    scores = {s["id"]: s["scores"] for s in students}
    assert scores["ada"] == {"01-what-is-ml": 14.5, "02-what-can-go-wrong": None}
    assert scores["bob"] == {"01-what-is-ml": 4.0, "02-what-can-go-wrong": None}
    assert scores['cy, "the" third'] == {"01-what-is-ml": None, "02-what-can-go-wrong": None}


def test_canvas_file_parses_as_a_canvas_gradebook_import(gradebook):
    rows = list(csv.reader(io.StringIO(canvas_csv(*gradebook_table(gradebook)))))
    header, points, *people = rows
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert header == [*CANVAS_ID_COLUMNS, "01-what-is-ml", "02-what-can-go-wrong"]
    assert points[0].strip() == "Points Possible" and points[5:] == ["16", "16"]
    assert all(len(r) == len(header) for r in rows)
    by_id = {r[2]: dict(zip(header, r, strict=True)) for r in people}
    assert set(by_id) == {"ada", "bob", 'cy, "the" third'}  # one row per trainee
    ada = by_id["ada"]
    assert (ada["Student"], ada["ID"], ada["SIS Login ID"]) == ("Ada Lovelace", "1001", "ada")
    assert float(ada["01-what-is-ml"]) == 14.5  # automatic 12.5 + the grader's 2
    assert ada["02-what-can-go-wrong"] == ""  # free text still to grade: not sent
    assert float(by_id["bob"]["01-what-is-ml"]) == 4
    assert by_id['cy, "the" third']["Student"] == "Cy"


def test_moodle_file_parses_as_a_moodle_grade_import(gradebook):
    text = moodle_csv(*gradebook_table(gradebook))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [*MOODLE_ID_COLUMNS, "01-what-is-ml", "02-what-can-go-wrong"]
    assert [r["ID number"] for r in rows] == ["ada", "bob", 'cy, "the" third']
    assert rows[0]["Email address"] == "ada@example.org"
    for r in rows:  # every grade cell: a number or empty (Moodle skips empty ones)
        for name in ("01-what-is-ml", "02-what-can-go-wrong"):
            assert r[name] == "" or float(r[name]) >= 0
    assert float(rows[0]["01-what-is-ml"]) == 14.5 and rows[0]["02-what-can-go-wrong"] == ""


def test_files_are_written_beside_the_grade_csvs(gradebook, tmp_path):
    settings = CourseSettings(root=str(tmp_path), db_url=gradebook, course_id="c", source="",
                              release="", submitted="", autograded="", feedback="",
                              timeout=60)
    files = write_lms_files(settings, tmp_path / "grades")
    assert {p.name for p in files.values()} == {"canvas-gradebook.csv", "moodle-grades.csv"}
    assert all(p.parent == tmp_path / "grades" and p.read_text() for p in files.values())

"""An exercise as a trainee first meets it, and a lesson in Notebook 7.

* Exercise 01 in JupyterLab: Run All with the answers still unanswered stubs. The first
  visible test must stop with the course's teaching message ("not answered yet ..."),
  not a bare ``AssertionError`` or a ``NotImplementedError`` traceback.
* Lesson 01 in Notebook 7 (``jupyter notebook``): the same checks as in JupyterLab.
"""

from __future__ import annotations

import pytest
from rml_browser import attach, check_lesson, exercises, lessons

from responsible_ml.feedback._checks import _NOT_ANSWERED

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

# The part of the "not answered" message that does not depend on what was asked.
TEACHING = _NOT_ANSWERED.split("{what}")[1].split(".")[0]  # ": not answered yet"


def test_exercise_stub_gets_teaching_message(lab_server, open_notebook, tmp_path,
                                            request):
    found = exercises()
    if not found:
        pytest.skip("no exercises/ yet (make exercises generates them from solutions/)")
    exercise = found[0]
    relpath = exercise.relative_to(exercise.parents[2]).as_posix()
    nb = open_notebook(lab_server, relpath)
    shot = tmp_path / f"{exercise.stem}-exercise.png"
    try:
        seconds = nb.run_all()
        outputs = nb.outputs()
        sources = nb.page.evaluate("""() => window.jupyterapp.shell.currentWidget.content
            .widgets.filter(c => c.model.type === 'code')
            .map(c => c.model.sharedModel.getSource())""")
        failed = [(i, o) for i, cell in enumerate(outputs) for o in cell
                  if o.get("output_type") == "error"]
        assert failed, "Run All with unanswered stubs raised no error: the visible tests test nothing"
        index, error = failed[0]
        assert "answer(" in sources[index] or "expect_" in sources[index], (
            f"the first error is not in a visible test cell:\n{sources[index][:300]}")
        assert error["ename"] == "AnswerError", (
            f"a stub should fail with the course's AnswerError, got {error['ename']}")
        assert TEACHING in error["evalue"], f"no teaching message: {error['evalue']!r}"
        # ... and the trainee sees it on screen.
        shown = nb.page.locator(".jp-OutputArea-output", has_text=TEACHING)
        assert shown.count() >= 1, "the teaching message is not shown in the page"
        shown.first.scroll_into_view_if_needed()
        nb.screenshot(shot)
        assert nb.console_errors == [], f"browser console errors: {nb.console_errors}"
    finally:
        if not shot.exists():
            nb.screenshot(shot)
        attach(request, "screenshot", str(shot))
    attach(request, "run_all_seconds", round(seconds, 1))
    print(f"{exercise.stem}: first failing test says {error['evalue'].splitlines()[0]!r}")


def test_lesson_in_notebook7(notebook7_server, open_notebook, tmp_path, request):
    found = lessons()
    if not found:
        pytest.skip("no lessons yet")
    lesson = found[0]
    nb = open_notebook(notebook7_server, f"lessons/{lesson.name}")
    try:
        row = check_lesson(nb, lesson, tmp_path)
    finally:
        shot = tmp_path / f"{lesson.stem}-notebook.png"
        if not shot.exists():
            nb.screenshot(shot)
        attach(request, "screenshot", str(shot))
    attach(request, "run_all_seconds", round(row["run_all_s"], 1))
    attach(request, "widgets_checked", row["widgets"])

"""Every lesson, run in JupyterLab in Chromium the way a trainee runs it.

For each lesson under lessons/ (discovered, so new lessons are covered without editing
this file): open it, Run > Run All Cells, wait for the kernel to go idle, then check

* no cell shows an error (and no stderr the stored notebook does not have),
* every widget the stored lesson shows is rendered (same count per cell, drawn, no
  "Error displaying widget"),
* moving each enabled control of each widget changes what it draws (image or text),
* the browser console stayed free of errors.

A screenshot per lesson goes to the test's tmp folder; its path, the run-all time and
the number of widgets checked are attached to the report and printed in a summary.
"""

from __future__ import annotations

import pytest
from rml_browser import attach, check_lesson, lessons

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.mark.parametrize("lesson", lessons(), ids=lambda p: p.stem)
def test_lesson_in_jupyterlab(lesson, lab_server, open_notebook, tmp_path, request):
    nb = open_notebook(lab_server, f"lessons/{lesson.name}")
    try:
        row = check_lesson(nb, lesson, tmp_path)
    finally:
        shot = tmp_path / f"{lesson.stem}-lab.png"
        if not shot.exists():  # failed before the screenshot: keep one for the report
            nb.screenshot(shot)
        attach(request, "screenshot", str(shot))
    attach(request, "run_all_seconds", round(row["run_all_s"], 1))
    attach(request, "widgets_checked", row["widgets"])
    attach(request, "controls_moved", ",".join(row["controls"]))
    print(f"{lesson.stem}: run all {row['run_all_s']:.1f} s, widgets {row['controls']}")

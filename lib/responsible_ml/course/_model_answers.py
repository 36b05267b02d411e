"""Self-study: compare a written answer with the model answer and rubric, after writing it.

Free-text cells are graded by an instructor; a trainee learning alone has nobody to do it.
``python -m responsible_ml model-answers NN-slug`` reads the trainee's own copy
(``my-work/NN-slug.ipynb``) and, for each free-text cell the trainee has answered, prints
that cell's rubric and model answer from ``docs/rubrics/NN-slug.md``. A cell not yet
answered gets a reminder instead, so the model answer is not read first.

The gate is a self-check by design, not a lock: ``docs/rubrics/`` is plain text in the same
repository, so nothing here can keep a determined reader out, and it does not judge the answer.
It asks for a first attempt (at least 15 words, at least 10 of them different, so one word
repeated does not count) and stops there: a check of each question's content (its numbers, its
terms) would be machinery per exercise that still could not stop anyone opening the file
(review x02-r6). In a graded cohort
the instructor sets ``RML_GRADED_COHORT=1`` in the trainees' environment (the course hub
does) and the command refuses: the model answers come with the feedback.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import string

from ._my_work import my_work_copy
from ._nbgrader import REPO_ROOT

COHORT_ENV_VAR = "RML_GRADED_COHORT"
_MIN_WORDS = 15
_MIN_DIFFERENT = 10
_PLACEHOLDER = "YOUR ANSWER HERE"
_COHORT = ("model answers are not shown in a graded cohort ({var}=1): they come with your "
           "feedback after grading")
_NOT_YET = ("{grade_id}: not yet — write your own answer in {path} first (at least {n} words, "
            "{d} of them different); then run this again to compare it with the model answer")


def _free_text_cells(nb: dict) -> dict[str, str]:
    cells = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "markdown" and meta.get("solution") and meta.get("grade"):
            cells[meta["grade_id"]] = "".join(cell["source"])
    return cells


def _attempted(text: str) -> bool:
    """At least _MIN_WORDS words, at least _MIN_DIFFERENT of them different (case and
    punctuation ignored): a first attempt, not a judgement of it."""
    words = text.replace(_PLACEHOLDER, "").split()
    different = {w.strip(string.punctuation).lower() for w in words} - {""}
    return len(words) >= _MIN_WORDS and len(different) >= _MIN_DIFFERENT


def _rubric_sections(text: str) -> dict[str, str]:
    sections = {}
    for block in re.split(r"(?m)^(?=## )", text):
        m = re.match(r"## .*?`([\w-]+)`", block)
        if m:
            sections[m.group(1)] = block.strip()
    return sections


def model_answers(exercise: str, root: pathlib.Path | str = REPO_ROOT) -> list[str]:
    """For each free-text cell: its rubric and model answer if answered, else a reminder.

    Parameters
    ----------
    exercise : str
        The exercise's slug, e.g. ``"01-what-is-ml"``, or its number (``"01"``).
    root : path-like, default REPO_ROOT
        The course repository (holding ``my-work/`` and ``docs/rubrics/``).

    Returns
    -------
    list of str
        One block of text per free-text cell, in notebook order.

    Raises
    ------
    PermissionError
        In a graded cohort (``RML_GRADED_COHORT=1``).
    FileNotFoundError
        If `exercise` names no exercise, the trainee has no copy of it in ``my-work/``, or
        it has no rubric.
    """
    if os.environ.get(COHORT_ENV_VAR) == "1":
        raise PermissionError(_COHORT.format(var=COHORT_ENV_VAR))
    root = pathlib.Path(root)
    mine = my_work_copy(exercise, root)
    rubric = root / "docs" / "rubrics" / f"{mine.stem}.md"
    if not rubric.is_file():
        raise FileNotFoundError(f"exercise: no rubric {rubric.relative_to(root)}")
    answers = _free_text_cells(json.loads(mine.read_text(encoding="utf-8")))
    sections = _rubric_sections(rubric.read_text(encoding="utf-8"))
    out = []
    for grade_id, text in answers.items():
        if not _attempted(text):
            out.append(_NOT_YET.format(grade_id=grade_id, path=mine.relative_to(root),
                                       n=_MIN_WORDS, d=_MIN_DIFFERENT))
        else:
            out.append(sections.get(grade_id, f"{grade_id}: no rubric section in "
                                              f"{rubric.relative_to(root)}"))
    return out

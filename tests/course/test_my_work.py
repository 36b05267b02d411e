"""A trainee's answers live in my-work/: created once, ignored by git, never regenerated."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from responsible_ml.course._my_work import MY_WORK, prepare_my_work
from responsible_ml.course._nbgrader import REPO_ROOT


def _fake_course(root: pathlib.Path) -> pathlib.Path:
    for name in ("01-a", "02-b"):
        (root / "exercises" / name).mkdir(parents=True)
        (root / "exercises" / name / f"{name}.ipynb").write_text(json.dumps({"v": name}))
    return root


def test_copies_once_and_never_overwrites(tmp_path):
    root = _fake_course(tmp_path)
    assert prepare_my_work(root) == [f"created {MY_WORK}/01-a.ipynb",
                                     f"created {MY_WORK}/02-b.ipynb"]
    mine = root / MY_WORK / "01-a.ipynb"
    mine.write_text("my answers")
    assert prepare_my_work(root) == [f"kept {MY_WORK}/01-a.ipynb", f"kept {MY_WORK}/02-b.ipynb"]
    assert mine.read_text() == "my answers"


def test_says_when_the_published_exercise_changed(tmp_path):
    root = _fake_course(tmp_path)
    prepare_my_work(root)
    (root / MY_WORK / "01-a.ipynb").write_text("my answers")
    (root / "exercises" / "01-a" / "01-a.ipynb").write_text(json.dumps({"v": "new"}))
    lines = prepare_my_work(root)
    assert "has changed since you copied it" in lines[0] and "01-a" in lines[0]
    assert lines[1] == f"kept {MY_WORK}/02-b.ipynb"
    assert (root / MY_WORK / "01-a.ipynb").read_text() == "my answers"


def test_a_deleted_copy_is_made_again(tmp_path):
    root = _fake_course(tmp_path)
    prepare_my_work(root)
    (root / MY_WORK / "02-b.ipynb").unlink()
    assert prepare_my_work(root)[1] == f"created {MY_WORK}/02-b.ipynb"


def test_no_exercises_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="root: no exercises"):
        prepare_my_work(tmp_path)


def test_lessons_link_to_my_work():
    """Every lesson that sends the trainee to an exercise sends them to their own copy."""
    for lesson in sorted((REPO_ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(lesson.read_text())["cells"]
                       if c["cell_type"] == "markdown")
        assert f"../{MY_WORK}/{lesson.name}" in text, lesson.name
        assert "](../exercises/" not in text, f"{lesson.name} links into generated exercises/"


@pytest.mark.slow
def test_fresh_clone_keeps_answers_and_a_clean_status(tmp_path):
    """make lab's step in a fresh clone: answer, regenerate the exercise, git status clean."""
    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True)
    env = {**os.environ, "PYTHONPATH": str(clone / "lib")}
    run = [sys.executable, "-m", "responsible_ml"]
    out = subprocess.run([*run, "my-work"], cwd=clone, env=env, check=True,
                         capture_output=True, text=True).stdout
    assert f"created {MY_WORK}/01-what-is-ml.ipynb" in out
    mine = clone / MY_WORK / "01-what-is-ml.ipynb"
    nb = json.loads(mine.read_text())
    nb["cells"][0]["source"] = "my own answer"
    mine.write_text(json.dumps(nb))
    subprocess.run([*run, "exercises", "01-what-is-ml"], cwd=clone, env=env, check=True,
                   capture_output=True, text=True)
    subprocess.run([*run, "my-work"], cwd=clone, env=env, check=True, capture_output=True)
    assert json.loads(mine.read_text())["cells"][0]["source"] == "my own answer"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, check=True,
                            capture_output=True, text=True).stdout
    assert status == ""


def _answered_copy(tmp_path, slug="01-what-is-ml", answer=None):
    from responsible_ml.course._model_answers import _free_text_cells

    (tmp_path / MY_WORK).mkdir(parents=True)
    (tmp_path / "docs" / "rubrics").mkdir(parents=True)
    src = REPO_ROOT / "exercises" / slug / f"{slug}.ipynb"
    nb = json.loads(src.read_text())
    if answer is not None:
        for cell in nb["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in _free_text_cells(nb):
                cell["source"] = answer
    (tmp_path / MY_WORK / f"{slug}.ipynb").write_text(json.dumps(nb))
    rubric = REPO_ROOT / "docs" / "rubrics" / f"{slug}.md"
    (tmp_path / "docs" / "rubrics" / f"{slug}.md").write_text(rubric.read_text())
    return tmp_path


def test_model_answer_only_after_an_answer(tmp_path, monkeypatch):
    from responsible_ml.course._model_answers import COHORT_ENV_VAR, model_answers

    monkeypatch.delenv(COHORT_ENV_VAR, raising=False)
    root = _answered_copy(tmp_path / "blank")
    (blocks,) = model_answers("01-what-is-ml", root)
    assert blocks.startswith("harm_of_errors: not yet") and "Model answer" not in blocks
    root = _answered_copy(tmp_path / "short", answer="It depends.")
    assert "not yet" in model_answers("01-what-is-ml", root)[0]
    # Review x02-r6: 15 filler words are not an attempt (one word repeated, or a few).
    for i, filler in enumerate(["word " * 15, "a b c a b c a b c a b c a b c a b c"]):
        root = _answered_copy(tmp_path / f"filler{i}", answer=filler)
        assert "not yet" in model_answers("01-what-is-ml", root)[0]
    long = " ".join(["A false negative denies a mentor to a learner who needed one."] * 3)
    root = _answered_copy(tmp_path / "done", answer=long)
    (blocks,) = model_answers("01-what-is-ml", root)
    assert blocks.startswith("## ") and "`harm_of_errors`" in blocks


def test_model_answers_refused_in_a_graded_cohort(tmp_path, monkeypatch):
    from responsible_ml.course._model_answers import COHORT_ENV_VAR, model_answers

    monkeypatch.setenv(COHORT_ENV_VAR, "1")
    with pytest.raises(PermissionError, match="graded cohort"):
        model_answers("01-what-is-ml", _answered_copy(tmp_path))


def test_model_answers_need_the_trainees_copy(tmp_path, monkeypatch):
    from responsible_ml.course._model_answers import COHORT_ENV_VAR, model_answers

    monkeypatch.delenv(COHORT_ENV_VAR, raising=False)
    _fake_course(tmp_path)
    with pytest.raises(FileNotFoundError, match="make lab"):
        model_answers("01-a", tmp_path)
    with pytest.raises(FileNotFoundError, match="no exercise '09'; give one of 01-a, 02-b"):
        model_answers("09", tmp_path)


@pytest.mark.parametrize("slug", sorted(p.name for p in (REPO_ROOT / "solutions").iterdir()))
def test_every_free_text_cell_has_a_rubric_section(slug):
    from responsible_ml.course._model_answers import _free_text_cells, _rubric_sections

    nb = json.loads((REPO_ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    rubric = (REPO_ROOT / "docs" / "rubrics" / f"{slug}.md").read_text()
    missing = set(_free_text_cells(nb)) - set(_rubric_sections(rubric))
    assert not missing, f"{slug}: no rubric section for {sorted(missing)}"


@pytest.mark.parametrize("slug", ["01-what-is-ml", "02-what-can-go-wrong", "03-fairness", "04-privacy",
                                  "05-transparency", "06-monitoring"])
def test_the_rubric_trainees_see_is_the_one_graders_apply(slug):
    """The rubric block in the notebook's task cell appears word for word in docs/rubrics."""
    nb = json.loads((REPO_ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    doc = (REPO_ROOT / "docs" / "rubrics" / f"{slug}.md").read_text()
    shown = ["".join(c["source"]) for c in nb["cells"]
             if c["cell_type"] == "markdown" and "**Rubric (" in "".join(c["source"])]
    assert shown, f"{slug}: no rubric in the notebook"
    for text in shown:
        block = text[text.index("**Rubric ("):].strip()
        assert block in doc, f"{slug}: the notebook's rubric differs from docs/rubrics/{slug}.md"


@pytest.mark.parametrize(
    ("slug", "max_words"),
    [("01-what-is-ml", 150), ("02-what-can-go-wrong", 150), ("03-fairness", 200), ("04-privacy", 200), ("05-transparency", 300), ("06-monitoring", 250)],
)
def test_the_model_answer_graders_see_is_the_notebook_one_and_within_the_length(slug, max_words):
    """One model answer, in the notebook and in docs/rubrics, and no longer than the task allows."""
    import re

    nb = json.loads((REPO_ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    doc = (REPO_ROOT / "docs" / "rubrics" / f"{slug}.md").read_text()
    answers = [re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", "".join(c["source"]), re.S).group(1)
               for c in nb["cells"] if c["cell_type"] == "markdown" and "### BEGIN SOLUTION" in "".join(c["source"])]
    assert answers, f"{slug}: no model answer in the notebook"
    for text in answers:
        assert text.strip() in doc, f"{slug}: the notebook's model answer differs from docs/rubrics/{slug}.md"
        assert len(text.split()) <= max_words, f"{slug}: the model answer is longer than the {max_words} words asked"


# Words allowed by each 07 task ("150–250", "100–200", "about 300"); the impact map is a table.
_LIMITS_07 = {"bias_check": 250, "ethical_use_note": 200, "own_project_risk": 320}


def test_the_07_model_answers_are_the_doc_ones_and_within_their_lengths():
    """Review x07-r2 (D5): a model answer is in docs/rubrics word for word and as long as its task allows."""
    import re

    slug = "07-trade-offs"
    nb = json.loads((REPO_ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    doc = (REPO_ROOT / "docs" / "rubrics" / f"{slug}.md").read_text()
    seen = set()
    for c in nb["cells"]:
        source = "".join(c["source"])
        if c["cell_type"] != "markdown" or "### BEGIN SOLUTION" not in source:
            continue
        grade_id = c["metadata"]["nbgrader"]["grade_id"]
        text = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S).group(1)
        assert text.strip() in doc, f"{grade_id}: the notebook's model answer differs from docs/rubrics/{slug}.md"
        if grade_id in _LIMITS_07:
            assert len(text.split()) <= _LIMITS_07[grade_id], f"{grade_id}: longer than its task allows"
        seen.add(grade_id)
    assert set(_LIMITS_07) <= seen

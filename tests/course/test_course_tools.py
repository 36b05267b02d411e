"""The maintainer chores in responsible_ml.course and the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from responsible_ml.course import assignments, lessons, make_course
from responsible_ml.course._nbgrader import (
    _NO_ASSIGNMENT,
    REPO_ROOT,
    execute_notebook,
    normalise_notebook,
)


def test_repo_root_is_the_course(repo):
    assert REPO_ROOT == repo
    assert (REPO_ROOT / "nbgrader_config.py").exists()


def test_assignments_are_discovered_in_order(repo):
    names = assignments()
    assert names == sorted(names) and "01-what-is-ml" in names
    assert all((repo / "solutions" / n).is_dir() for n in names)
    assert assignments(repo / "no-such-folder") == []


def test_lessons_are_in_course_order():
    paths = lessons()
    assert paths and paths[0].name == "01-what-is-ml.ipynb"
    assert [p.name for p in paths] == sorted(p.name for p in paths)


def test_make_course_copies_sources_and_config(tmp_path):
    course = make_course(tmp_path, ["01-what-is-ml"])
    assert (course / "solutions" / "01-what-is-ml" / "01-what-is-ml.ipynb").exists()
    assert (course / "nbgrader_config.py").exists()
    assert not (course / "gradebook.db").exists()


def test_make_course_rejects_an_unknown_assignment(tmp_path):
    with pytest.raises(ValueError) as err:
        make_course(tmp_path, ["99-nope"])
    assert str(err.value) == _NO_ASSIGNMENT.format(
        name="99-nope", folder=REPO_ROOT / "solutions", available=assignments())


def test_normalise_notebook_keeps_cells_and_nbgrader_metadata(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": ["a = 1\n", "b = 2"], "outputs": [],
                     "metadata": {"nbgrader": {"grade_id": "x"}, "collapsed": True},
                     "execution_count": 3, "id": "abc"}],
          "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    assert normalise_notebook(path) == {
        "cells": [{"cell_type": "code", "source": "a = 1\nb = 2",
                   "nbgrader": {"grade_id": "x"}, "outputs": []}],
        "kernelspec": {"name": "python3"}}


def test_execute_notebook_stores_outputs(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(6 * 7)")]
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    seconds = execute_notebook(path)
    assert seconds > 0
    assert nbformat.read(path, as_version=4).cells[0].outputs[0]["text"] == "42\n"


def test_command_line_lists_its_commands():
    out = subprocess.run([sys.executable, "-m", "responsible_ml", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("exercises", "check-sync", "lessons", "release", "grade"):
        assert command in out.stdout
    bad = subprocess.run([sys.executable, "-m", "responsible_ml", "no-such-command"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_the_nbgrader_api_runner_names_an_unknown_step():
    from responsible_ml.course._api import _UNKNOWN_STEP, STEPS, main

    with pytest.raises(SystemExit) as err:
        main(["release:01-what-is-ml"])
    assert str(err.value) == _UNKNOWN_STEP.format(item="release:01-what-is-ml", steps=STEPS)

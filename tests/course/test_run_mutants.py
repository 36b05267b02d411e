"""run_mutants (one notebook run, a fork per mutant) gives what the serial runs give."""

from __future__ import annotations

import json
import os

import pytest

from responsible_ml.course import run_mutants, run_notebook_cells
from responsible_ml.course._mutants import MutantRunError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="run_mutants forks")


def _cell(source, grade_id=None, kind="other"):
    meta = {}
    if kind == "answer":
        meta = {"nbgrader": {"grade_id": grade_id, "solution": True, "grade": False}}
    elif kind == "test":
        meta = {"nbgrader": {"grade_id": grade_id, "solution": False, "grade": True, "points": 1}}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
            "execution_count": None}


CELLS = [
    _cell("import os\nimport numpy as np\nrng = np.random.default_rng(7)\nwarm = rng.random(3)"),
    {"cell_type": "markdown", "metadata": {}, "source": "Write `double`."},
    _cell("def double(x):\n    return 2 * x\n", "double", "answer"),
    _cell("assert double(3) == 6, 'double(3) should be 6'", "test_double", "test"),
    _cell("print('noise on stdout')\ndraw = rng.random()  # the state after the prefix matters", ),
    _cell("def pick():\n    return draw\n", "pick", "answer"),
    _cell("assert pick() == draw\nassert pick() < 0.999, 'draw too large'", "test_pick", "test"),
    _cell("assert open('data.txt').read() == 'here', 'cwd is not the notebook folder'",
          "test_cwd", "test"),
    _cell("assert double(0.5) == 1.0, f'double(0.5) gave {double(0.5)}'", "test_double_half",
          "test"),
]

MUTANTS = {
    "double": {
        "adds instead": "def double(x):\n    return x + 2\n",
        "squares": "def double(x):\n    return x * x\n",
        "right but prints": "def double(x):\n    print('hi')\n    return x + x\n",
        "huge message": "def double(x):\n    raise ValueError('v' * 200_000)\n",
        "syntax error": "def double(x)\n    return 2 * x\n",
        "moves cwd": "os.chdir('/')\ndef double(x):\n    return 2 * x\n",
    },
    "pick": {
        "fresh draw": "def pick():\n    return rng.random()\n",
        "reseeded": "def pick():\n    return np.random.default_rng(7).random()\n",
        "same": "def pick():\n    return draw\n",
    },
    "not_in_notebook": {"ignored": "raise RuntimeError"},
}


@pytest.fixture
def notebook(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "data.txt").write_text("here")
    path = folder / "nb.ipynb"
    path.write_text(json.dumps({"cells": CELLS, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def test_run_mutants_equals_serial_runs(notebook):
    here = os.getcwd()
    forked = run_mutants(notebook, MUTANTS)
    assert os.getcwd() == here
    serial = {(answer, label): run_notebook_cells(notebook, {answer: source})
              for answer, variants in MUTANTS.items() for label, source in variants.items()}
    assert forked == serial
    assert list(forked) == list(serial)
    # The comparison is not vacuous: kills, survivors and each failure's message differ.
    assert forked[("double", "adds instead")]["test_double"] == "AssertionError: double(3) should be 6"
    assert forked[("double", "squares")]["test_double_half"] == "AssertionError: double(0.5) gave 0.25"
    assert not any(forked[("double", "right but prints")].values())
    assert len(forked[("double", "huge message")]["test_double"]) > 200_000
    assert forked[("double", "moves cwd")]["test_cwd"].startswith("FileNotFoundError")
    assert forked[("pick", "fresh draw")]["test_pick"].startswith("AssertionError")
    assert forked[("pick", "reseeded")]["test_pick"].startswith("AssertionError")
    assert not any(forked[("pick", "same")].values())
    assert forked[("not_in_notebook", "ignored")] == run_notebook_cells(notebook)


def test_until_stops_a_run_after_the_named_test_cells(notebook):
    full = run_mutants(notebook, MUTANTS)
    key = ("double", "adds instead")
    short = run_mutants(notebook, MUTANTS, until={key: {"test_double"}})
    assert short[key]["test_double"] == full[key]["test_double"]
    later = set(full[key]) - set(short[key])
    assert later, "the run went on after test_double"
    assert all(short[k] == full[k] for k in full if k != key)


def test_stop_at_failure_ends_a_run_at_its_first_failed_test_cell(notebook):
    full = run_mutants(notebook, MUTANTS)
    killed, survivor = ("double", "adds instead"), ("pick", "same")
    short = run_mutants(notebook, MUTANTS, stop_at_failure={killed, survivor})
    # The killed mutant: the same outcomes up to its first failure, and nothing after it.
    assert list(short[killed]) == ["test_double"]
    assert short[killed]["test_double"] == full[killed]["test_double"]
    assert len(full[killed]) > 1, "the full run went on after test_double"
    # A survivor runs to the end: it is told apart from a killed mutant by every cell.
    assert short[survivor] == full[survivor]
    assert all(short[k] == full[k] for k in full if k not in (killed, survivor))


def test_run_mutants_one_worker_and_no_mutants(notebook):
    assert run_mutants(notebook, MUTANTS, workers=1) == run_mutants(notebook, MUTANTS)
    assert run_mutants(notebook, {}) == {}
    with pytest.raises(ValueError, match="workers"):
        run_mutants(notebook, MUTANTS, workers=0)


def test_a_crashed_or_hung_mutant_is_reported_not_counted(notebook, monkeypatch):
    forked_pids, real_fork = [], os.fork

    def recording_fork():
        pid = real_fork()
        if pid:
            forked_pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    mutants = {"double": {"exits": "import os\nos._exit(3)\n",
                          "hangs": "import time\ntime.sleep(60)\n",
                          "system exit": "raise SystemExit(0)\n",
                          "fine": "def double(x):\n    return x + 2\n"}}
    with pytest.raises(MutantRunError) as info:
        run_mutants(notebook, mutants, timeout=3)
    message = str(info.value)
    assert "double: exits: crashed (exit status 3)" in message
    assert "double: hangs: no result after 3 s (killed)" in message
    assert "double: system exit: crashed" in message
    assert "fine" not in message
    # every child this run forked was reaped, none left behind (other tests in the same
    # pytest process may own children of their own, so ask about these pids only)
    assert len(forked_pids) == 4
    for pid in forked_pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)

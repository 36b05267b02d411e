"""Shared fixtures for the unit and course tests."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import tempfile

import pytest

# Notebooks under tests/ (for example the hostile-submission corpus) are data, not lessons.
collect_ignore_glob = ["**/*.ipynb", "*.ipynb"]

REPO = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> pathlib.Path:
    """The repository root."""
    return REPO


# ---------------------------------------------------------------- parallel workers (xdist)
_GROUPS_ENV = "RML_XDIST_GROUPS"
#: Runs shared by several test files, built once per worker that needs them (session
#: fixtures in tests/course/conftest.py): their tests must run on one worker.
_SHARED_RUNS = ("mutant_outcomes", "graded_exercise")
#: Work that takes minutes, started first so that the short files fill the other worker.
_LONG_FIRST = ("tests/deploy/test_hub.py", "mutants-", "graded-")
#: Files whose sandboxed runs start processes that another's check for survivors would count
#: (test_sandbox looks for any sandbox uid's ``sleep``; test_containment starts 100): one worker.
_ONE_SANDBOX = {f"tests/course/test_{n}.py": "sandbox" for n in ("sandbox", "hostile", "containment")}


def _exercise_of(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    name = callspec.params.get("name") if callspec else None
    return name or getattr(getattr(item, "module", None), "NAME", None)


def _group(item) -> str | None:
    """The xdist group of ``item``: its exercise's shared run, or its file; None (a unit of
    its own) for the independent whole-notebook runs of tests/course/test_variants*.py."""
    path = item.nodeid.split("::", 1)[0]
    for fixture in _SHARED_RUNS:
        if fixture in getattr(item, "fixturenames", ()) and _exercise_of(item):
            return f"{'mutants' if fixture == 'mutant_outcomes' else 'graded'}-{_exercise_of(item)}"
    if path.startswith("tests/course/test_variants") and getattr(item, "callspec", None):
        return None
    return _ONE_SANDBOX.get(path, path)


def _worker_with_groups(config) -> bool:
    # On an xdist worker ``numprocesses`` is None and ``loadgroup`` says whether the run is
    # ``--dist loadgroup``; the controller itself does not collect.
    return hasattr(config, "workerinput") and bool(getattr(config.option, "loadgroup", False))


def pytest_configure(config):
    """The controller of a ``--dist loadgroup`` run: a folder where each worker writes the
    group of every test it collected (the workers inherit the variable)."""
    if getattr(config.option, "dist", "no") == "loadgroup" and not hasattr(config, "workerinput"):
        os.environ[_GROUPS_ENV] = tempfile.mkdtemp(prefix="rml-xdist-groups-")


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and os.environ.get(_GROUPS_ENV):
        shutil.rmtree(os.environ.pop(_GROUPS_ENV), ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """On a worker of a ``--dist loadgroup`` run: long work first (the scheduler's queue keeps
    the workers' order) and each test's group written for the controller's scheduler.

    pytest-xdist's own ``xdist_group`` mark cannot do this here: xdist 3.8 appends the group
    to ``item._nodeid``, which pytest 9 no longer reads (the id lives in ``item._id``), so every
    test became a unit of its own and each exercise's shared run was built on both workers."""
    if not _worker_with_groups(config):
        return

    def rank(item):
        group = _group(item) or ""
        return next((i for i, key in enumerate(_LONG_FIRST) if group.startswith(key)), len(_LONG_FIRST))

    items.sort(key=rank)  # stable: collection order within a rank
    folder = os.environ.get(_GROUPS_ENV)
    if folder:
        groups = {item.nodeid: _group(item) for item in items if _group(item)}
        target = pathlib.Path(folder) / f"{config.workerinput['workerid']}.json"
        partial = target.with_suffix(".part")
        partial.write_text(json.dumps(groups), encoding="utf-8")
        partial.replace(target)


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` with the groups the workers wrote (see above); otherwise xdist's."""
    if getattr(config.option, "dist", "no") != "loadgroup" or not os.environ.get(_GROUPS_ENV):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class _GroupScheduling(LoadScopeScheduling):
        _groups: dict | None = None

        def _split_scope(self, nodeid):
            if self._groups is None:
                self._groups = {}
                for path in sorted(pathlib.Path(os.environ[_GROUPS_ENV]).glob("*.json")):
                    self._groups.update(json.loads(path.read_text(encoding="utf-8")))
            return self._groups.get(nodeid, nodeid)

    return _GroupScheduling(config, log)


def pytest_make_parametrize_id(config, val, argname):
    """A stable id for a parameter whose repr holds its address (``<... at 0x7f...>``): the
    same on every run and on every xdist worker, which must collect identical ids."""
    if " at 0x" in repr(val):
        return f"{argname}-{type(val).__name__}"
    return None

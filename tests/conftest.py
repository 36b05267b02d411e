"""Shared fixtures for the unit and course tests."""

from __future__ import annotations

import pathlib

import pytest

# Notebooks under tests/ (for example the hostile-submission corpus) are data, not lessons.
collect_ignore_glob = ["**/*.ipynb", "*.ipynb"]

REPO = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> pathlib.Path:
    """The repository root."""
    return REPO


# ---------------------------------------------------------------- parallel workers (xdist)
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
    its own) for the independent whole-notebook runs of tests/course/test_variants.py."""
    path = item.nodeid.split("::", 1)[0]
    for fixture in _SHARED_RUNS:
        if fixture in getattr(item, "fixturenames", ()) and _exercise_of(item):
            return f"{'mutants' if fixture == 'mutant_outcomes' else 'graded'}-{_exercise_of(item)}"
    if path == "tests/course/test_variants.py" and getattr(item, "callspec", None):
        return None
    return _ONE_SANDBOX.get(path, path)


def pytest_collection_modifyitems(config, items):
    """With ``-n`` (pytest-xdist, ``--dist loadgroup``): keep each notebook's cells, each
    file and each exercise's shared run on one worker, long work first. Without it: nothing."""
    if not getattr(config.option, "numprocesses", None):
        return
    for item in items:
        group = _group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))

    def rank(item):
        group = _group(item) or ""
        return next((i for i, key in enumerate(_LONG_FIRST) if group.startswith(key)), len(_LONG_FIRST))

    items.sort(key=rank)  # stable: collection order within a rank


def pytest_make_parametrize_id(config, val, argname):
    """A stable id for a parameter whose repr holds its address (``<... at 0x7f...>``): the
    same on every run and on every xdist worker, which must collect identical ids."""
    if " at 0x" in repr(val):
        return f"{argname}-{type(val).__name__}"
    return None

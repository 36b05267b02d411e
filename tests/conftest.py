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

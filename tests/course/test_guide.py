"""The guides' tables (times, points, free-text cells) are what the notebooks say."""

from __future__ import annotations

import json
import re

import pytest

from responsible_ml.course._guide import course, render, update
from responsible_ml.course._nbgrader import REPO_ROOT


def test_guides_match_the_notebooks():
    assert update(write=False) == [], "run `python -m responsible_ml guide`"


def test_every_guide_carries_the_tables():
    for rel, names in {"README.md": ["readme-table", "totals"],
                       "docs/instructor-guide.md": ["lessons-at-a-glance", "free-text"],
                       "docs/trainee-guide.md": ["lessons-at-a-glance", "totals"]}.items():
        text = (REPO_ROOT / rel).read_text(encoding="utf-8")
        for name in names:
            assert f"<!-- BEGIN GENERATED: {name} -->" in text, (rel, name)


@pytest.mark.parametrize("row", course(), ids=lambda r: r.slug)
def test_the_notebooks_state_the_times_of_their_metadata(row):
    """The time a trainee reads at the top of a notebook is the time the guides list."""
    lesson = json.loads((REPO_ROOT / "lessons" / f"{row.slug}.ipynb").read_text())
    head = "".join(lesson["cells"][0]["source"])
    numbers = {int(n) for n in re.findall(r"(\d+) min", head)}
    for minutes in row.sittings:
        assert minutes in numbers, f"{row.slug}: header does not state the core {minutes} min"
        assert minutes <= 90, f"{row.slug}: a core sitting longer than 90 minutes"
    if row.optional:
        assert row.optional in numbers, f"{row.slug}: header lacks the optional {row.optional} min"


def test_points_are_counted_from_nbgrader_metadata():
    rows = {r.slug: r for r in course()}
    first = rows["01-what-is-ml"]
    assert first.auto and first.manual
    assert all(v > 0 for v in [*first.auto.values(), *first.manual.values()])
    assert "| 01 |" in render()["lessons-at-a-glance"]


def test_an_unknown_block_is_named(tmp_path):
    root = tmp_path
    for sub in ("lessons", "solutions/01-a"):
        (root / sub).mkdir(parents=True)
    meta = {"responsible_ml": {"minutes": {"core": 60, "optional": 0, "exercise": 30}}}
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["# 01 · A\n"]}
    (root / "lessons" / "01-a.ipynb").write_text(json.dumps({"cells": [cell], "metadata": meta}))
    (root / "solutions/01-a/01-a.ipynb").write_text(json.dumps({"cells": [cell],
                                                                "metadata": {}}))
    (root / "README.md").write_text("<!-- BEGIN GENERATED: nope -->\nx\n<!-- END GENERATED: nope -->")
    with pytest.raises(ValueError, match="unknown generated block 'nope'"):
        update(root)


def test_missing_minutes_are_named(tmp_path):
    (tmp_path / "lessons").mkdir()
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["# 01 · A\n"]}
    (tmp_path / "lessons" / "01-a.ipynb").write_text(json.dumps({"cells": [cell],
                                                                  "metadata": {}}))
    with pytest.raises(ValueError, match="responsible_ml.minutes lacks"):
        course(tmp_path)

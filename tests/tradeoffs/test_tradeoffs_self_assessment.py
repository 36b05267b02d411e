"""Self-assessment store: a local JSON file, path overridable, no network."""

from __future__ import annotations

import json

import pytest

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.tradeoffs._self_assessment import _BAD_FILE as BAD_FILE
from responsible_ml.tradeoffs._self_assessment import _BAD_LESSON as BAD_LESSON
from responsible_ml.tradeoffs._self_assessment import (
    SELF_ASSESSMENT_ENV_VAR,
    default_path,
    load_ratings,
    record_ratings,
    save_ratings,
    self_assessment_summary,
)


def test_default_path_is_under_home_and_env_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv(SELF_ASSESSMENT_ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".responsible_ml" / "self_assessment.json"
    monkeypatch.setenv(SELF_ASSESSMENT_ENV_VAR, str(tmp_path / "x.json"))
    assert default_path() == tmp_path / "x.json"


def test_absent_file_loads_empty(tmp_path):
    assert load_ratings(tmp_path / "none.json") == {"version": 1, "lessons": {}}


def test_record_then_load_round_trip_and_update(tmp_path):
    path = tmp_path / "sub" / "ratings.json"
    record_ratings("07-trade-offs", {"I can A": 2, "I can B": 4}, path)
    record_ratings("07-trade-offs", {"I can A": 5}, path)
    record_ratings("01-what-is-ml", {"I can C": 3}, path)
    data = json.loads(path.read_text())
    assert data["lessons"]["07-trade-offs"] == {"I can A": 5, "I can B": 4}
    assert load_ratings(path) == data
    summary = self_assessment_summary(path=path)
    assert summary.index.tolist() == ["01-what-is-ml", "07-trade-offs"]
    assert summary.loc["07-trade-offs", "mean"] == 4.5
    assert summary.loc["07-trade-offs", "to_revisit"] == "I can B"


def test_bad_ratings_write_nothing(tmp_path):
    path = tmp_path / "r.json"
    for bad, error in ((0, ValueError), (6, ValueError), (2.5, TypeError), (True, TypeError),
                       ("3", TypeError)):
        with pytest.raises(error) as err:
            record_ratings("07", {"I can A": bad}, path)
        assert str(err.value) == NOT_AN_INTEGER.format(name="rating of 'I can A'",
                                                       bounds=" in [1, 5]", value=bad)
    assert not path.exists()
    with pytest.raises(ValueError) as err:
        record_ratings("", {"I can A": 3}, path)
    assert str(err.value) == BAD_LESSON.format(value="")


def test_corrupt_file_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("not json")
    with pytest.raises(ValueError) as err:
        load_ratings(path)
    assert str(err.value) == BAD_FILE.format(path=path)
    with pytest.raises(ValueError):
        record_ratings("07", {"I can A": 3}, path)
    assert path.read_text() == "not json"
    # A rating of the wrong type in the file is a bad file (ValueError), not a TypeError.
    path.write_text('{"version": 1, "lessons": {"07": {"I can A": "3"}}}')
    with pytest.raises(ValueError) as err:
        load_ratings(path)
    assert str(err.value) == NOT_AN_INTEGER.format(name="rating of 'I can A'",
                                                   bounds=" in [1, 5]", value="3")


def test_summary_from_data_without_file_and_save(tmp_path):
    data = {"version": 1, "lessons": {"02": {"a": 1, "b": 1, "c": 3}, "03": {}}}
    s = self_assessment_summary(data)
    assert s.index.tolist() == ["02"]
    assert s.loc["02", "to_revisit"] == "a" and s.loc["02", "lowest"] == 1
    out = save_ratings(data, tmp_path / "d.json")
    assert load_ratings(out) == data
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]  # no temporary file left

"""Issue 29, the class view: prompt answers and self-ratings shared by opt-in, counted for the room.

Trainee side: ``responsible_ml.widgets`` (``share_with_class``, the tick box under a prompt);
instructor side: ``responsible_ml.course.class_summary`` and ``python -m responsible_ml
class-summary``. The hub rehearsal (tests/deploy/test_hub.py) runs the same path with 20
trainees on the course hub.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from responsible_ml.__main__ import main
from responsible_ml.course import class_ratings, class_summary, misconception_report
from responsible_ml.widgets import commit_reveal, self_assessment, share_with_class
from responsible_ml.widgets._class import CLASS_DIR_ENV, CLASS_SETTINGS_ENV, leave_for_class
from responsible_ml.widgets._prompt import _prompt_spec


@pytest.fixture
def room(tmp_path, monkeypatch):
    """A class folder like the hub's (writable, not listable by others) and one trainee's home."""
    folder = tmp_path / "class"
    folder.mkdir()
    folder.chmod(0o1733)
    monkeypatch.setenv(CLASS_DIR_ENV, str(folder))
    monkeypatch.setenv("RESPONSIBLE_ML_SELF_ASSESSMENT", str(tmp_path / "ratings.json"))
    as_trainee(monkeypatch, tmp_path, "ada")
    return folder


def as_trainee(monkeypatch, tmp_path, name):
    monkeypatch.setenv(CLASS_SETTINGS_ENV, str(tmp_path / name / "class.json"))
    monkeypatch.setenv("USER", name)


def commit(prompt_id: str, option: str):
    box = commit_reveal(prompt_id)
    box.children[1].value = option
    box.children[2].click()
    return box


def files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_nothing_is_offered_or_shared_without_a_class_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(CLASS_DIR_ENV, raising=False)
    as_trainee(monkeypatch, tmp_path, "ada")
    assert share_with_class(True) is False  # no folder: nothing will be shared
    box = commit("01-q1", "higher")
    assert len(box.children) == 4  # no tick box
    assert leave_for_class("prompt", "01-q1", {"choice": "higher"}) is None


def test_sharing_is_opt_in(room):
    box = commit("01-q1", "higher")
    tick = box.children[4]
    assert tick.value is False and "pseudonym" in tick.description
    assert files(room) == []


def test_the_tick_box_opts_in_and_a_commit_leaves_one_pseudonymous_file(room, tmp_path):
    box = commit_reveal("01-q1")
    box.children[4].value = True  # what ticking does
    box.children[1].value = "lower"
    box.children[2].click()
    [name] = files(room)
    record = json.loads((room / name).read_text())
    pseudonym = json.loads((tmp_path / "ada" / "class.json").read_text())["pseudonym"]
    assert record == {"kind": "prompt", "key": "01-q1", "pseudonym": pseudonym, "choice": "lower"}
    assert name == f"prompt.01-q1.{pseudonym}.json"
    assert "ada" not in name and "ada" not in (room / name).read_text()
    assert stat.S_IMODE(os.stat(room / name).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "ada" / "class.json").st_mode) == 0o600


def test_opting_out_stops_further_files(room):
    share_with_class(True)
    commit("01-q1", "higher")
    share_with_class(False)
    commit("01-q2", _prompt_spec("01-q2")["options"][0])
    assert [n.split(".")[1] for n in files(room)] == ["01-q1"]


def test_self_ratings_are_shared_after_saving(room):
    share_with_class(True)
    view = self_assessment("01-what-is-ml", ["I can split data.", "I can read a confusion matrix."])
    view.save()
    [name] = files(room)
    record = json.loads((room / name).read_text())
    assert record["kind"] == "ratings" and record["key"] == "01-what-is-ml"
    assert record["ratings"] == {"I can split data.": 3, "I can read a confusion matrix.": 3}
    table = class_ratings(room)
    assert table[["rated", "mean", "share_low"]].values.tolist() == [[1, 3.0, 0.0], [1, 3.0, 0.0]]


def test_the_summary_counts_the_room(room, tmp_path, monkeypatch):
    spec = _prompt_spec("01-q1")
    chosen = ["higher", "higher", "lower", "about the same", "lower", "lower"]
    for i, option in enumerate(chosen):
        as_trainee(monkeypatch, tmp_path, f"t{i}")
        share_with_class(True)
        commit("01-q1", option)
    as_trainee(monkeypatch, tmp_path, "shy")  # did not opt in
    commit("01-q1", "higher")
    (room / "prompt.01-q1.broken.json").write_text("{not json")
    (room / "prompt.99-q9.x.json").write_text(json.dumps({"kind": "prompt", "key": "99-q9", "choice": "a"}))
    summary = class_summary(room, lesson="01")
    q1 = summary[summary["prompt"] == "01-q1"].set_index("option")
    assert q1["count"].to_dict() == {o: chosen.count(o) for o in spec["options"]}
    assert q1["answered"].unique().tolist() == [6]
    assert q1.loc["higher", "correct"] and q1.loc["higher", "share"] == pytest.approx(2 / 6)
    assert set(summary["prompt"]) == {"01-q1", "01-q2"}  # the lesson's prompts only
    report = misconception_report(summary)
    assert report.loc["01-q1", "top_wrong"] == "lower"
    assert report.loc["01-q1", "share_correct"] == pytest.approx(2 / 6)
    assert report.loc["01-q2", "answered"] == 0 and report.loc["01-q2", "top_wrong"] == ""


def test_the_command_prints_json_and_draws_the_counts(room, tmp_path, capsys):
    share_with_class(True)
    commit("01-q1", "lower")
    png = tmp_path / "class.png"
    assert main(["class-summary", str(room), "--lesson", "01", "--json", "--png", str(png)]) == 0
    out = json.loads(capsys.readouterr().out)
    [row] = [r for r in out["answers"] if r["prompt"] == "01-q1" and r["option"] == "lower"]
    assert row["count"] == 1
    assert png.stat().st_size > 1000
    assert main(["class-summary", str(tmp_path / "nowhere")]) == 2
    assert "directory" in capsys.readouterr().err


def test_bad_input_names_the_argument(room):
    with pytest.raises(TypeError, match="on must be True or False"):
        share_with_class("yes")
    with pytest.raises(ValueError, match="directory"):
        class_summary(room / "missing")
    with pytest.raises(ValueError, match="key"):
        leave_for_class("prompt", "../etc", {"choice": "a"})
    with pytest.raises(ValueError, match="kind"):
        leave_for_class("answers", "01-q1", {})

"""Trade-off explorer and self-assessment widgets: thin views over the tradeoffs logic."""

from __future__ import annotations

import json
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from responsible_ml.plotting._tags import first  # noqa: E402
from responsible_ml.tradeoffs import explore_tradeoffs, pareto_mask  # noqa: E402
from responsible_ml.tradeoffs._frontier import _NO_FEASIBLE as NO_FEASIBLE  # noqa: E402
from responsible_ml.widgets import self_assessment, tradeoff_explorer
from responsible_ml.widgets._tradeoffs import ratings_html


@pytest.fixture
def table():
    return pd.DataFrame({
        "candidate": ["a", "b", "c", "d", "e"],
        "accuracy": [0.70, 0.74, 0.78, 0.76, 0.72],
        "gap": [0.02, 0.06, 0.15, 0.06, 0.10],
        "epsilon": [1.0, 1.0, math.inf, math.inf, 3.0],
    })


def test_explore_tradeoffs_choice_and_infeasible_message(table):
    r = explore_tradeoffs(table, {"gap": 0.06})
    assert r.chosen["candidate"] == "d"
    assert r.feasible.tolist() == [True, True, False, True, False]
    assert r.frontier.tolist() == pareto_mask(table).tolist()
    assert "3 of 5 candidates" in r.message and "best accuracy: d" in r.message
    r = explore_tradeoffs(table, {"gap": 0.06, "epsilon": 1.0})
    assert r.chosen["candidate"] == "b"
    none = explore_tradeoffs(table, {"gap": 0.01})
    assert none.chosen is None
    assert none.message == NO_FEASIBLE.format(constraints="gap <= 0.01", count=5)


def test_explorer_redraws_and_highlights_the_choice(table, capsys):
    view = tradeoff_explorer(table, max_gap=0.06)
    assert view.result().chosen["candidate"] == "d"
    fig = view.last_figure
    star = first(fig.axes[0], "frontier:star").get_offsets()[0]
    assert tuple(star) == (0.06, 0.76)
    view.controls["max_gap"].value = 0.2
    assert view.result().chosen["candidate"] == "c"
    star = first(fig.axes[0], "frontier:star").get_offsets()[0]
    assert tuple(star) == (0.15, 0.78)
    view.controls["max_epsilon"].value = 1.0
    assert view.result().chosen["candidate"] == "b"
    view.controls["max_gap"].value = 0.0
    assert view.result().chosen is None
    assert np.isnan(first(fig.axes[0], "frontier:star").get_offsets()[0][0])


def test_self_assessment_saves_only_on_click(tmp_path, capsys):
    path = tmp_path / "r.json"
    view = self_assessment("07-trade-offs", ["I can A", "I can B"], path=path)
    assert not path.exists()
    assert view.last_figure is None  # HTML bars, no figure
    assert view.last_text == ratings_html({"I can A": 3, "I can B": 3})
    view.controls["s1"].value = 5
    assert view.last_text == ratings_html({"I can A": 3, "I can B": 5})
    assert not path.exists()
    view.save()
    data = json.loads(path.read_text())
    assert data["lessons"]["07-trade-offs"] == {"I can A": 3, "I can B": 5}
    assert "Saved." in view.status.value
    again = self_assessment("07-trade-offs", ["I can A", "I can B"], path=path)
    assert again.controls["s1"].value == 5  # stored ratings are the starting values


def test_self_assessment_reports_a_broken_file(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text("{broken")
    view = self_assessment("07", ["I can A"], path=path)
    view.save()
    assert view.status.value.startswith("<b>Not saved:</b>")
    assert path.read_text() == "{broken"


def test_explorer_constraints_leave_out_non_constraints():
    from responsible_ml.widgets import explorer_constraints

    assert explorer_constraints(0.05) == {"gap": 0.05}
    assert explorer_constraints(0.05, 0.7, 3.0) == {"gap": 0.05, "accuracy": 0.7, "epsilon": 3.0}


def test_explorer_accuracy_slider_at_minimum_is_no_constraint(table, capsys):
    view = tradeoff_explorer(table, max_gap=0.2)
    assert "accuracy >=" not in view.result().message
    view.controls["min_accuracy"].value = 0.75
    assert "accuracy >= 0.75" in view.result().message
    assert view.result().chosen["candidate"] == "c"


def test_ratings_html_bars():
    html = ratings_html({"I can <A>": 1, "I can B": 4})
    assert "I can &lt;A&gt;" in html and "<A>" not in html
    assert "width:20%" in html and "width:80%" in html
    assert html.count("#D55E00") == 1  # the low rating in the warning colour
    assert "1 / 5" in html and "4 / 5" in html


def test_self_assessment_needs_a_statement(tmp_path):
    from responsible_ml.widgets._tradeoffs import _NO_STATEMENTS

    with pytest.raises(ValueError) as err:
        self_assessment("07-trade-offs", [], path=tmp_path / "ratings.json")
    assert str(err.value) == _NO_STATEMENTS

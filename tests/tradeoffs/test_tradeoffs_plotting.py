"""Lesson 07 figures: titled, labelled, and the frontier figure updates in place."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from responsible_ml.plotting import (  # noqa: E402
    calibration_plot,
    error_rates_plot,
    frontier_plot,
)
from responsible_ml.plotting._tags import first, tagged  # noqa: E402
from responsible_ml.plotting._tradeoffs import _BAD_MASK  # noqa: E402
from responsible_ml.tradeoffs import (  # noqa: E402
    calibration_by_group,
    choose_operating_point,
    pareto_mask,
)
from responsible_ml.tradeoffs._impossibility import _impossibility_rates  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _labelled(ax):
    return bool(ax.get_title() and ax.get_xlabel() and ax.get_ylabel())


def test_frontier_plot_styles_and_update():
    t = pd.DataFrame({"candidate": list("abcd"), "accuracy": [0.7, 0.8, 0.75, 0.6],
                      "gap": [0.05, 0.2, 0.1, 0.3], "epsilon": [1.0, math.inf, math.inf, 1.0]})
    front = pareto_mask(t)
    ax = frontier_plot(t, frontier=front, chosen=choose_operating_point(t),
                       constraints={"gap": 0.25})
    assert _labelled(ax)
    levels = tagged(ax, "frontier:level")
    assert len(levels) == 2  # one collection per ε
    vline, hline = first(ax, "frontier:vline"), first(ax, "frontier:hline")
    assert vline.get_visible() and not hline.get_visible()
    assert tuple(first(ax, "frontier:star").get_offsets()[0]) == (0.2, 0.8)
    coll = levels[0]  # ε = 1: rows a (frontier) and d (dominated)
    faces = coll.get_facecolors()
    assert faces[0][3] > 0 and faces[1][3] == 0  # filled vs hollow
    chosen = choose_operating_point(t, {"gap": 0.1})
    assert frontier_plot(t, frontier=front, feasible=(t["gap"] <= 0.1).to_numpy(),
                         chosen=chosen, constraints={"gap": 0.1, "accuracy": 0.65},
                         ax=ax) is ax
    assert tagged(ax, "frontier:level") == levels  # drawn again: in place
    assert tuple(first(ax, "frontier:star").get_offsets()[0]) == (0.1, 0.75)
    assert hline.get_visible()
    assert levels[0].get_edgecolors()[1][3] < 0.5  # d (gap 0.3) faded
    frontier_plot(t, chosen=None, ax=ax)
    assert np.isnan(first(ax, "frontier:star").get_offsets()[0][0])


@pytest.mark.parametrize("outside", [False, True])
def test_frontier_legend_inside_or_beside_the_axes(outside):
    t = pd.DataFrame({"accuracy": [0.7, 0.8, 0.75, 0.6], "gap": [0.05, 0.2, 0.1, 0.3],
                      "epsilon": [1.0, math.inf, math.inf, 1.0]})
    ax = frontier_plot(t, chosen=choose_operating_point(t), legend_outside=outside)
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.overlaps(ax.bbox) is not outside
    assert [x.get_text() for x in ax.get_legend().get_texts()][-1] == "chosen"


def test_impossibility_figures_and_self_assessment():
    y = np.array([1, 0, 1, 0, 1, 1, 0, 0])
    s = np.array([0.9, 0.2, 0.6, 0.4, 0.8, 0.3, 0.7, 0.1])
    g = np.array(list("aabbaabb"))
    assert _labelled(calibration_plot(calibration_by_group(y, s, sensitive_features=g, bins=2)))
    ax = error_rates_plot(_impossibility_rates(y, (s >= 0.5).astype(int), sensitive_features=g))
    assert _labelled(ax) and len(ax.patches) == 8  # 4 rates × 2 groups


_FRONTIER_TABLE = pd.DataFrame({"accuracy": [0.7, 0.8, 0.75], "gap": [0.05, 0.2, 0.1],
                                "epsilon": [1.0, math.inf, 1.0]})


def _frontier():
    return frontier_plot(_FRONTIER_TABLE)


@pytest.mark.parametrize("name", ["frontier", "feasible"])
@pytest.mark.parametrize("flags", [[True, False], [True, False, True, True], [[True] * 3]])
def test_frontier_plot_drawn_again_rejects_a_mask_of_the_wrong_shape(name, flags):
    ax = _frontier()
    shape = np.asarray(flags).shape
    with pytest.raises(ValueError) as err:
        frontier_plot(_FRONTIER_TABLE, ax=ax, **{name: flags})
    assert str(err.value) == _BAD_MASK.format(name=name, expected=3, shape=shape)


def test_frontier_plot_rejects_a_mask_of_the_wrong_length():
    t = pd.DataFrame({"accuracy": [0.7, 0.8], "gap": [0.05, 0.2]})
    with pytest.raises(ValueError) as err:
        frontier_plot(t, feasible=[True])
    assert str(err.value) == _BAD_MASK.format(name="feasible", expected=2, shape=(1,))


def test_frontier_plot_into_axes_of_other_candidates_draws_anew():
    ax = _frontier()
    levels = tagged(ax, "frontier:level")
    t = pd.DataFrame({"accuracy": [0.7, 0.8], "gap": [0.05, 0.2]})  # one level, 2 rows
    assert frontier_plot(t, ax=ax) is ax
    assert len(tagged(ax, "frontier:level")) == 1 and tagged(ax, "frontier:level") != levels
    assert len(tagged(ax, "frontier:star")) == 1 and ax.get_title()

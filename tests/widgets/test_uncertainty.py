"""The fairness widgets' figures draw each group's rate interval and mark small groups."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from responsible_ml.plotting import rates_by_group_plot  # noqa: E402
from responsible_ml.plotting._fairness import metric_by_group_plot  # noqa: E402
from responsible_ml.plotting._style import offscreen_axes  # noqa: E402
from responsible_ml.plotting._tags import first, tagged  # noqa: E402


def _table(shift=0.0):
    t = pd.DataFrame({"count": [400, 250, 6], "small": [False, False, True],
                      "tpr": [0.7, 0.5 + shift, 0.4], "fpr": [0.2, 0.3, np.nan]},
                     index=pd.Index(["a", "b", "c"], name="grp"))
    for m in ("tpr", "fpr"):
        t[f"{m}_low"] = t[m] - [0.05, 0.07, 0.3]
        t[f"{m}_high"] = t[m] + [0.04, 0.06, 0.25]
    return t


def _tops(lines):
    """Upper end of each group's interval, read back from the drawn segments."""
    segs = lines.get_segments()
    return [seg[1][1] if len(seg) else np.nan for seg in segs[0::3]]


def test_metric_plot_draws_intervals_and_updates_them():
    ax = metric_by_group_plot(_table(), "tpr", ax=offscreen_axes(), labels=False)
    lines = first(ax, "metric:intervals")
    assert _tops(lines) == pytest.approx([0.74, 0.56, 0.65])
    assert any("95 % interval" in t.get_text() for t in ax.get_legend().get_texts())
    assert ax.patches[2].get_hatch() == "//"  # the 6-person group
    ylim = ax.get_ylim()
    assert metric_by_group_plot(_table(0.2), "tpr", ax=ax, labels=False) is ax
    assert first(ax, "metric:intervals") is lines  # the same artists, in place
    assert _tops(lines) == pytest.approx([0.74, 0.76, 0.65])
    assert ax.get_ylim() == ylim  # rates keep the 0-1 scale: the axis does not move


def test_metric_plot_without_interval_columns_draws_none():
    t = _table().drop(columns=[c for c in _table() if c.endswith(("_low", "_high"))])
    ax = metric_by_group_plot(t, "tpr", ax=offscreen_axes())
    assert first(ax, "metric:intervals") is None
    metric_by_group_plot(_table(), "tpr", ax=ax)  # now it has some: cleared, drawn anew
    assert first(ax, "metric:intervals") is not None
    assert len(tagged(ax, "metric:bar")) == 3


def test_rates_plot_intervals_small_groups_and_update():
    ax = rates_by_group_plot(_table(), ("tpr", "fpr"), ax=offscreen_axes(), labels=False)
    tpr_lines, fpr_lines = first(ax, "rates:intervals:0"), first(ax, "rates:intervals:1")
    assert _tops(tpr_lines) == pytest.approx([0.74, 0.56, 0.65])
    undefined = fpr_lines.get_segments()[6]  # no FPR for c: no interval drawn
    assert len(undefined) == 0 or np.isnan(undefined).all()
    assert [b.get_hatch() for b in tagged(ax, "rates:bar:0:tpr")] == [None, None, "//"]
    assert ax.get_xticklabels()[2].get_text() == "c (small)"
    bars = tagged(ax, "rates:bar:0:tpr")
    # drawn again into its axes: the same artists, updated in place
    assert rates_by_group_plot(_table(0.1), ("tpr", "fpr"), ax=ax, labels=False,
                               title="t") is ax
    assert tagged(ax, "rates:bar:0:tpr") == bars and ax.get_title() == "t"
    assert _tops(tpr_lines)[1] == pytest.approx(0.66)
    other = _table()
    other["small"] = [False, False, False]
    xlim = ax.get_xlim()
    rates_by_group_plot(other, ("tpr", "fpr"), ax=ax, labels=False, title="t")
    # other small groups: in place too (hatches, names, the legend's entry; same limits)
    assert tagged(ax, "rates:bar:0:tpr") == bars
    assert [b.get_hatch() for b in bars] == [None] * 3
    assert ax.get_xticklabels()[2].get_text() == "c" and ax.get_xlim() == xlim
    assert not any("small" in t.get_text() for t in ax.get_legend().get_texts())
    rates_by_group_plot(_table(), ("tpr", "fpr"), ax=ax, labels=False, title="t")
    assert [b.get_hatch() for b in bars] == [None, None, "//"]
    assert any("small" in t.get_text() for t in ax.get_legend().get_texts())
    # other groups: cleared and drawn anew
    three = _table().rename(index={"c": "d"})
    rates_by_group_plot(three, ("tpr", "fpr"), ax=ax, labels=False, title="t")
    assert tagged(ax, "rates:bar:0:tpr") != bars and len(tagged(ax, "rates:bar:0:tpr")) == 3


def test_metric_plot_other_small_groups_are_redrawn_in_place():
    ax = metric_by_group_plot(_table(), "tpr", ax=offscreen_axes(), labels=False)
    bars, xlim = tagged(ax, "metric:bar"), ax.get_xlim()
    assert bars[2].get_hatch() == "//" and first(ax, "metric:small") is not None
    none_small = _table().assign(small=False)
    assert metric_by_group_plot(none_small, "tpr", ax=ax, labels=False) is ax
    assert tagged(ax, "metric:bar") == bars and bars[2].get_hatch() is None
    assert first(ax, "metric:small") is None and ax.get_xlim() == xlim
    assert not any("small" in t.get_text() for t in ax.get_legend().get_texts())
    metric_by_group_plot(_table(), "tpr", ax=ax, labels=False)
    assert bars[2].get_hatch() == "//" and first(ax, "metric:small") is not None

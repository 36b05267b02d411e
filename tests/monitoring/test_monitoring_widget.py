"""The drift-monitor widget and the monitoring figures (logic is tested elsewhere)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from responsible_ml.monitoring import monitor, psi_shares  # noqa: E402
from responsible_ml.plotting import (  # noqa: E402
    monitor_timeline_plot,
    policy_plot,
    psi_bins_plot,
)
from responsible_ml.plotting._tags import first  # noqa: E402
from responsible_ml.widgets import SHIFT_OPTIONS, drift_monitor, monitor_stats  # noqa: E402

COV = "covariate (less study time, more mobile)"


@pytest.fixture(scope="module")
def stats():
    return {"off": monitor_stats("off", n=3000), COV: monitor_stats(COV, n=3000)}


def test_monitor_stats_and_drift_monitor_draw_with_random_state():
    base, other = monitor_stats("off", n=2000), monitor_stats("off", n=2000, random_state=1)
    assert not np.array_equal(base.confusion, other.confusion)
    view = drift_monitor(shift="off", n=2000, random_state=1)
    np.testing.assert_array_equal(view.stats["off"].confusion, other.confusion)
    with pytest.raises(TypeError):
        monitor_stats("off", n=2000, seed=1)


def test_monitor_result_follows_the_controls(stats):
    one = monitor(stats[COV], window=1, psi_threshold=0.25)
    three = monitor(stats[COV], window=3, psi_threshold=0.25)
    assert len(one.measures) == 18 and len(three.measures) == 6
    assert "input drift (largest feature PSI)" in set(one.incidents["rule"])
    quiet = monitor(stats["off"], window=1, psi_threshold=0.25)
    assert "input drift (largest feature PSI)" not in set(quiet.incidents["rule"])
    strict = monitor(stats[COV], window=1, psi_threshold=5.0)
    assert not strict.alerts.query("column == 'psi_max'")["firing"].any()


def test_widget_redraws_on_control_change(stats):
    view = drift_monitor(shift=COV, stats=stats)
    drawn = view.last_result
    fig = view.last_figure
    line = first(fig.axes[0], "monitor:psi_max")
    n_points = len(line.get_xdata())
    xlim = fig.axes[0].get_xlim()
    view.controls["window"].value = 3
    assert view.last_result is not drawn and len(view.last_result.result.measures) == 6
    assert view.last_result.window == 3
    assert view.last_figure is fig  # updated in place, not rebuilt
    assert len(line.get_xdata()) == 6 != n_points
    assert fig.axes[0].get_xlim() == xlim  # the axis stays: only the lines are redrawn
    view.controls["shift"].value = "off"
    assert view.last_result.result.incidents.query("rule.str.startswith('input')").empty
    assert {"off", COV} <= set(view.stats) <= set(SHIFT_OPTIONS)
    view.stats.thread.join(timeout=60)  # the other shifts are computed ahead, in the background
    assert set(view.stats) == set(SHIFT_OPTIONS)


def _shift_marks(fig) -> set[float]:
    """x of the vertical dotted lines (the shift marker) on the first panel."""
    return {float(line.get_xdata()[0]) for line in fig.axes[0].get_lines()
            if line.get_linestyle() == ":" and len(set(line.get_xdata())) == 1}


def test_widget_marks_the_shift_where_the_stream_has_it(stats):
    # The widget used to draw the marker at month 12 whatever the stream; it now takes
    # shift_start, draws the stream with it and marks it.
    assert _shift_marks(drift_monitor(shift=COV, stats=stats).last_figure) == {11.5}
    late = {COV: monitor_stats(COV, n=3000, shift_start=15)}
    view = drift_monitor(shift=COV, stats=late, shift_start=15)
    assert _shift_marks(view.last_figure) == {14.5}


def test_timeline_marks_alerts_and_missing_windows(stats):
    res = monitor(stats[COV], window=1, gap_limit=0.0, persistence=1)
    measures = res.measures.copy()
    measures.loc[3, ["tpr_first_gen", "tpr_gap"]] = np.nan
    measures.loc[3, "group_missing"] = True
    axes = monitor_timeline_plot(measures, res.alerts, shift_start=12)
    assert len(axes) == 3 and all(ax.get_title() for ax in axes)
    fired_gap = res.alerts.query("column == 'tpr_gap' and firing")
    assert len(first(axes[2], "monitor:alerts").get_xdata()) == len(fired_gap) > 0
    assert len(first(axes[2], "monitor:nodata").get_xdata()) == 1
    other = measures.rename(columns={"tpr_first_gen": "tpr_other"})
    before = first(axes[0], "monitor:psi_max")
    monitor_timeline_plot(other, None, shift_start=12, axes=axes)  # other groups: anew
    assert first(axes[0], "monitor:psi_max") is not before
    assert first(axes[2], "monitor:tpr_other") is not None
    assert len(axes[0].figure.legends) == 1


def test_timeline_draws_gap_interval_as_band_not_as_groups(stats):
    res = monitor(stats[COV], window=1)
    assert {"tpr_gap_low", "tpr_gap_high"} <= set(res.measures.columns)
    axes = monitor_timeline_plot(res.measures, res.alerts)
    labels = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert not any("gap_low" in lab or "gap_high" in lab for lab in labels)
    assert "TPR gap, 95 % interval" in labels
    assert sum(lab.startswith("TPR ") for lab in labels) == 4  # two groups, gap, band
    line = first(axes[0], "monitor:psi_max")
    assert monitor_timeline_plot(res.measures, res.alerts, axes=axes) is not None
    assert first(axes[0], "monitor:psi_max") is line  # drawn again: in place
    band = first(axes[2], "monitor:gap_band")
    assert band is not None and band.get_visible()


def test_timeline_draws_each_psi_series_alert_level(stats):
    """Score-PSI alerts (level 0.10) must sit above a drawn score-PSI level, not below the
    only dashed line (the input PSI's 0.25)."""
    res = monitor(stats[COV], window=1, psi_threshold=0.25, score_psi_threshold=0.1)
    axes = monitor_timeline_plot(res.measures, res.alerts, psi_threshold=0.25,
                                 score_psi_threshold=0.1)
    score_line = first(axes[0], "monitor:score_psi_line")
    input_line = first(axes[0], "monitor:psi_line")
    assert list(score_line.get_ydata()) == [0.1, 0.1]
    assert list(input_line.get_ydata()) == [0.25, 0.25]
    labels = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert "score PSI alert level" in labels and "input PSI alert level" in labels
    fired = res.alerts.query("column == 'psi_score' and firing")
    assert len(fired) and (fired["value"] > score_line.get_ydata()[0]).all()
    monitor_timeline_plot(res.measures, res.alerts, score_psi_threshold=0.2, axes=axes)
    assert first(axes[0], "monitor:score_psi_line") is score_line
    assert list(score_line.get_ydata()) == [0.2, 0.2]


def test_psi_and_policy_figures():
    labels, e, a = psi_shares(np.arange(100.0), np.arange(50.0, 150.0))
    ax = psi_bins_plot(labels, e, a)
    assert len(ax.patches) == 2 * len(labels) and ax.get_title()
    import pandas as pd
    ax = policy_plot(pd.DataFrame({"error": [0.3, 0.2], "tpr_gap": [0.2, 0.05]},
                                  index=["keep", "review"]))
    assert len(ax.patches) == 4 and ax.get_xlabel() == "response"
    from matplotlib.container import ErrorbarContainer
    assert not any(isinstance(c, ErrorbarContainer) for c in ax.containers)
    ax = policy_plot(pd.DataFrame({"error": [0.3, 0.2], "tpr_gap": [0.2, 0.05],
                                   "tpr_gap_low": [0.1, -0.02], "tpr_gap_high": [0.3, 0.12]},
                                  index=["keep", "review"]))
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == 1
    segments = bars[0].lines[2][0].get_segments()
    assert np.allclose([seg[:, 1] for seg in segments], [[0.1, 0.3], [-0.02, 0.12]])

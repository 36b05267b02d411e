"""Tests for the stream, per-window measures, alert rules and the incident log."""

import re

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import NOT_A_REAL, NOT_AN_INTEGER
from responsible_ml.monitoring import (
    AlertRule,
    evaluate_alerts,
    feature_drift_by_window,
    make_stream,
    monthly_stats,
    psi,
    train_model,
    window_measures,
)
from responsible_ml.monitoring._stream import _EMPTY_MONTHS as EMPTY_MONTHS
from responsible_ml.monitoring._stream import _equal_tpr_thresholds
from responsible_ml.monitoring._windows import _NO_COMPLETE_WINDOW as NO_COMPLETE_WINDOW
from responsible_ml.monitoring._windows import incident_log, window_index


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture(scope="module")
def setup():
    stream = make_stream(6000, random_state=3, months=24, train_months=6, shift=1.0,
                         shift_kind="covariate", shift_start=12)
    model = train_model(stream.frame, version="v1", months=(0, 5), target_tpr=0.75)
    stats = monthly_stats(stream.production, model, stream.history)
    return stream, model, stats


def test_stream_split(setup):
    stream, model, _ = setup
    assert stream.history["enrol_month"].max() == 5
    assert stream.production["enrol_month"].min() == 6
    assert len(stream.history) + len(stream.production) == len(stream.frame)
    assert model.trained_months == (0, 5) and model.version == "v1"
    assert set(model.thresholds) == {"continuing", "first_gen"}


def test_equal_tpr_thresholds_reach_the_target():
    rng = np.random.default_rng(0)
    s = rng.random(400)
    y = (rng.random(400) < s).astype(int)
    g = np.where(rng.random(400) < 0.4, "a", "b")
    thr = _equal_tpr_thresholds(s, y, g, 0.7)
    for label in ("a", "b"):
        pos = s[(g == label) & (y == 1)]
        tpr = (pos >= thr[label]).mean()
        assert 0.7 <= tpr < 0.7 + 2 / len(pos)


def test_train_model_validation(setup):
    stream, _, _ = setup
    with pytest.raises(ValueError, match=_exact(EMPTY_MONTHS.format(name="df", first=30,
                                                                     last=31))):
        train_model(stream.frame, version="x", months=(30, 31))
    with pytest.raises(ValueError, match=_exact(NOT_A_REAL.format(
            name="target_tpr", bounds=" in (0, 1)", value=1.5))):
        train_model(stream.frame, version="x", target_tpr=1.5)


def test_window_index_blocks():
    assert window_index([6, 7, 8, 9, 10], window=2).tolist() == [0, 0, 1, 1, 2]
    assert window_index([6, 7, 8], window=2, first=7).tolist() == [-1, 0, 0]
    with pytest.raises(ValueError, match=_exact(NOT_AN_INTEGER.format(name="window", bounds=" >= 1", value=0))):
        window_index([1], window=0)
    with pytest.raises(TypeError, match=_exact(NOT_AN_INTEGER.format(name="window", bounds=" >= 1", value=1.5))):
        window_index([1], window=1.5)


def test_window_measures_match_raw_computation(setup):
    stream, model, stats = setup
    prod = stream.production
    for window in (1, 3, 5):
        m = window_measures(stats, window=window)
        assert len(m) == 18 // window  # complete windows only
        assert m["start_month"].iloc[0] == 6 and m["end_month"].iloc[0] == 6 + window - 1
        k = 1
        lo, hi = 6 + k * window, 6 + (k + 1) * window - 1
        part = prod[(prod.enrol_month >= lo) & (prod.enrol_month <= hi)]
        assert m.loc[k, "n"] == len(part)
        assert m.loc[k, "start_month"] == lo and m.loc[k, "end_month"] == hi
        for f in ("hours_per_week", "prior_courses", "device"):
            assert m.loc[k, f"psi_{f}"] == pytest.approx(psi(stream.history[f], part[f]))
        assert m.loc[k, "psi_score"] == pytest.approx(
            psi(model.scores(stream.history), model.scores(part)))
        d = model.decide(part)
        y = part["completed"].to_numpy()
        assert m.loc[k, "accuracy"] == pytest.approx((d == y).mean())
        assert m.loc[k, "selection_rate"] == pytest.approx(d.mean())
        tpr = {g: d[(part.background == g).to_numpy() & (y == 1)].mean()
               for g in ("continuing", "first_gen")}
        assert m.loc[k, "tpr_first_gen"] == pytest.approx(tpr["first_gen"])
        assert m.loc[k, "tpr_gap"] == pytest.approx(abs(tpr["continuing"] - tpr["first_gen"]))


def test_shift_shows_up_as_input_drift_and_fairness_drift():
    gaps = {}
    for shift in (0.0, 1.0):
        stream = make_stream(shift=shift)
        model = train_model(stream.frame, version="v1", months=(0, 5), target_tpr=0.75)
        m = window_measures(monthly_stats(stream.production, model, stream.history), window=6)
        gaps[shift] = m["tpr_gap"].tolist()  # windows: 6-11, 12-17, 18-23
        if shift:
            assert m["psi_hours_per_week"].iloc[0] < 0.1 < 0.2 < m["psi_hours_per_week"].iloc[1]
        else:
            assert m["psi_max"].max() < 0.1
    assert gaps[1.0][0] < 0.1 and gaps[0.0][0] < 0.1
    assert gaps[1.0][1] > gaps[1.0][0] + 0.1
    assert gaps[1.0][1] > gaps[0.0][1] + 0.1


def test_window_longer_than_data(setup):
    _, _, stats = setup
    with pytest.raises(ValueError, match=_exact(NO_COMPLETE_WINDOW.format(window=19,
                                                                           months=18))):
        window_measures(stats, window=19)


def test_empty_month_and_absent_group_give_nan_and_flags(setup):
    stream, model, _ = setup
    prod = stream.production
    # Month 8 has no rows at all; month 9 has no first-gen learners.
    gap = prod[(prod.enrol_month != 8)
               & ~((prod.enrol_month == 9) & (prod.background == "first_gen"))]
    stats = monthly_stats(gap, model, stream.history)
    m = window_measures(stats, window=1)
    row8, row9 = m[m.start_month == 8].iloc[0], m[m.start_month == 9].iloc[0]
    assert row8["empty"] and row8["n"] == 0
    assert np.isnan(row8["psi_max"]) and np.isnan(row8["accuracy"]) and row8["group_missing"]
    assert not row9["empty"] and row9["n_first_gen"] == 0
    assert np.isnan(row9["tpr_first_gen"]) and np.isnan(row9["tpr_gap"])
    assert row9["group_missing"] and not np.isnan(row9["tpr_continuing"])
    # Alerts treat missing values as "no data", not as all-clear.
    alerts = evaluate_alerts(m, [AlertRule("gap", "tpr_gap", 0.0, 1)])
    assert alerts.loc[alerts.start_month == 9, "no_data"].item()
    assert not alerts.loc[alerts.start_month == 9, "breach"].item()


def test_feature_drift_by_window_has_psi_and_ks(setup):
    stream, _, _ = setup
    table = feature_drift_by_window(stream.production, stream.history,
                                    ["hours_per_week", "device"], window=6)
    assert list(table["start_month"].unique()) == [6, 12, 18]
    hours = table[table.feature == "hours_per_week"].set_index("start_month")
    assert hours.loc[12, "ks_stat"] > hours.loc[6, "ks_stat"]
    assert hours.loc[12, "ks_pvalue"] < 1e-6 < hours.loc[6, "ks_pvalue"]
    assert table[table.feature == "device"]["ks_stat"].isna().all()


def _measures(values, column="x"):
    return pd.DataFrame({"start_month": range(len(values)), column: values},
                        index=pd.RangeIndex(len(values), name="window"))


def test_value_exactly_at_a_decimal_threshold_does_not_breach():
    # 0.8 - 0.7 is 0.10000000000000009 in floating point; the old `value > threshold` breached.
    a = evaluate_alerts(_measures([0.8 - 0.7, 0.1001]), [AlertRule("gap", "x", 0.1, 1)])
    assert a["breach"].tolist() == [False, True]


def test_persistence_needs_consecutive_breaches():
    m = _measures([0.3, 0.0, 0.3, 0.3, 0.3, 0.0, 0.2])
    a = evaluate_alerts(m, [AlertRule("x high", "x", 0.2, persistence=2)])
    assert a["breach"].tolist() == [True, False, True, True, True, False, False]
    assert a["streak"].tolist() == [1, 0, 1, 2, 3, 0, 0]
    assert a["firing"].tolist() == [False, False, False, True, True, False, False]
    log = incident_log(a)
    assert len(log) == 1
    inc = log.iloc[0]
    assert (inc.first_breach_month, inc.fired_month, inc.resolved_month) == (2, 3, 5)
    assert inc.peak == pytest.approx(0.3) and inc.windows == 2 and inc.status == "resolved"
    # value == threshold is not a breach; persistence 1 fires immediately
    one = evaluate_alerts(m, [AlertRule("x", "x", 0.3, persistence=1)])
    assert not one["breach"].any()
    quick = evaluate_alerts(m, [AlertRule("x", "x", 0.1, persistence=1)])
    assert quick["firing"].tolist() == [True, False, True, True, True, False, True]
    assert incident_log(quick)["status"].tolist() == ["resolved", "resolved", "open"]


def test_alert_rule_validation():
    with pytest.raises(ValueError, match=_exact(NOT_AN_INTEGER.format(name="persistence", bounds=" >= 1", value=0))):
        AlertRule("x", "x", 0.1, persistence=0)
    with pytest.raises(TypeError, match=_exact(NOT_AN_INTEGER.format(name="persistence", bounds=" >= 1",
                                                         value=1.5))):
        AlertRule("x", "x", 0.1, persistence=1.5)

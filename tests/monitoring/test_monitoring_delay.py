"""Tests for label delay, label-free (CBPE-style) estimates and the noise of the monitors."""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.monitoring import (
    COURSE_PERSISTENCE,
    AlertRule,
    adjust_pvalues,
    course_alert_rules,
    estimated_measures,
    fit_calibrator,
    gap_false_alarms,
    incidents_with_delay,
    make_stream,
    measures_as_of,
    monthly_stats,
    psi,
    psi_noise_floor,
    selection_measures,
    train_model,
    window_measures,
)
from responsible_ml.monitoring._delay import needs_labels
from responsible_ml.monitoring._label_free import _expected_rates
from responsible_ml.monitoring._noise import _BAD_METHOD as BAD_METHOD
from responsible_ml.monitoring._noise import COURSE_ALERT_RULES


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture(scope="module")
def shifted():
    stream = make_stream(8000, random_state=0, shift=1.0, shift_kind="covariate")
    history = stream.history
    holdout = history.sample(frac=0.25, random_state=0)
    train = history.drop(holdout.index)
    v1 = train_model(train, version="v1", target_tpr=0.75)
    stats = monthly_stats(stream.production, v1, train)
    measures = window_measures(stats).join(
        selection_measures(stats)[["sel_continuing", "sel_first_gen", "selection_gap"]])
    return stream, holdout, v1, stats, measures


def test_needs_labels_sorts_columns():
    assert all(needs_labels(c) for c in ("error", "accuracy", "tpr_gap", "tpr_first_gen",
                                          "group_missing", "something_new"))
    assert not any(needs_labels(c) for c in ("psi_max", "psi_score", "selection_gap",
                                              "sel_first_gen", "n", "est_tpr_gap"))


def test_selection_measures_count_decisions_not_outcomes(shifted):
    stream, _, v1, stats, measures = shifted
    month = stream.month(15)
    d = v1.decide(month)
    g = month["background"].astype(str).to_numpy()
    row = measures[measures.start_month == 15].iloc[0]
    assert row["sel_first_gen"] == pytest.approx(d[g == "first_gen"].mean())
    assert row["selection_gap"] == pytest.approx(abs(d[g == "first_gen"].mean()
                                                     - d[g == "continuing"].mean()))
    # A month where one group is absent: the gap is NaN (fail closed), not 0.
    conf = stats.confusion.copy()
    conf[0, 1, :] = 0
    sel = selection_measures(dataclasses.replace(stats, confusion=conf))
    assert np.isnan(sel["selection_gap"].iloc[0]) and sel["group_missing_selection"].iloc[0]
    three = selection_measures(stats, window=3)
    assert len(three) == len(stats.months) // 3


def test_as_of_hides_outcomes_that_have_not_arrived(shifted):
    *_, measures = shifted
    seen = measures_as_of(measures, 14, label_delay=3)
    assert seen["end_month"].max() == 14
    late = seen[seen.end_month > 11]
    assert late["tpr_gap"].isna().all() and late["error"].isna().all()
    assert late["psi_max"].notna().all() and late["selection_gap"].notna().all()
    assert seen.loc[seen.end_month <= 11, "tpr_gap"].notna().all()
    assert measures_as_of(measures, 14, label_delay=0)["tpr_gap"].notna().all()
    with pytest.raises(ValueError, match=_exact(NOT_AN_INTEGER.format(name="label_delay", bounds=" >= 0",
                                                                  value=-1))):
        measures_as_of(measures, 14, label_delay=-1)
    with pytest.raises(TypeError, match=_exact(NOT_AN_INTEGER.format(name="label_delay", bounds=" >= 0",
                                                                 value=1.5))):
        measures_as_of(measures, 14, label_delay=1.5)


def test_label_free_monitors_fire_before_the_tpr_gap(shifted):
    *_, measures = shifted
    rules = course_alert_rules(selection_gap_baseline=0.05)
    now = incidents_with_delay(measures, rules, label_delay=0)
    late = incidents_with_delay(measures, rules, label_delay=3)
    gap_now = now[now.rule == "TPR gap between groups"].iloc[0]
    gap_late = late[late.rule == "TPR gap between groups"].iloc[0]
    # One scale: the calendar month in which the alert is first read. One-month windows, so
    # a window's last enrolment month is its fired_month.
    assert gap_now["known_month"] == gap_now["fired_month"] + 1  # decisions complete
    assert gap_late["known_month"] == gap_late["fired_month"] + 3 and gap_late["needs_labels"]
    first = late.iloc[0]
    assert not first["needs_labels"] and first["known_month"] < gap_late["known_month"]
    sel = late[late.rule == "selection-rate gap (no labels)"].iloc[0]
    # Read early in the month after its window, once the last enrolees reach the decision point.
    assert sel["known_month"] == sel["fired_month"] + 1
    assert (now["known_month"] == now["fired_month"] + 1).all()  # no delay: all read together


def test_expected_rates_by_hand():
    p = np.array([0.9, 0.8, 0.3, 0.6])
    d = np.array([1, 1, 0, 0])
    g = np.array(["a", "a", "b", "b"])
    r = _expected_rates(p, d, g)
    assert r.loc["all", "est_accuracy"] == pytest.approx(np.mean([0.9, 0.8, 0.7, 0.4]))
    assert r.loc["a", "est_tpr"] == pytest.approx(1.0)
    assert r.loc["b", "est_tpr"] == pytest.approx(0.0)
    assert r.loc["all", "est_tpr"] == pytest.approx(1.7 / 2.6)
    assert np.isnan(_expected_rates([0.0, 0.0], [1, 0]).loc["all", "est_tpr"])


def test_cbpe_tracks_covariate_shift_but_not_concept_drift():
    """The estimate follows the realised TPR gap under covariate shift; under concept drift
    (P(y | x) moves) it stays where it was while the realised error moves: its assumption
    — calibration carries over — is broken."""
    def run(kind, shift):
        stream = make_stream(12000, random_state=0, shift=shift, shift_kind=kind)
        holdout = stream.history.sample(frac=0.25, random_state=0)
        train = stream.history.drop(holdout.index)
        v1 = train_model(train, version="v1", target_tpr=0.75)
        cal = fit_calibrator(v1.scores(holdout), holdout["completed"], holdout["background"])
        est = estimated_measures(stream.production, v1, cal, window=6)
        real = window_measures(monthly_stats(stream.production, v1, train), window=6)
        return est, real

    est, real = run("covariate", 1.0)
    assert abs(est["est_tpr_gap"].iloc[1] - real["tpr_gap"].iloc[1]) < 0.05
    assert est["est_tpr_gap"].iloc[1] > est["est_tpr_gap"].iloc[0] + 0.1
    est, real = run("concept", 2.0)
    moved_real = abs(real["error"].iloc[1] - real["error"].iloc[0])
    moved_est = abs(est["est_error"].iloc[1] - est["est_error"].iloc[0])
    assert moved_real > 0.04 and moved_est < moved_real / 4


def test_calibrator_is_calibrated_on_its_reference():
    rng = np.random.default_rng(0)
    s = rng.random(4000)
    y = (rng.random(4000) < s**2).astype(int)  # raw scores are not calibrated
    cal = fit_calibrator(s, y)
    p = cal.transform(s)
    assert abs(p.mean() - y.mean()) < 0.01
    assert abs(np.mean((s - y) ** 2) - np.mean((p - y) ** 2)) > 0.005


def test_adjust_pvalues():
    p = np.array([0.01, 0.02, 0.03, 0.5, np.nan])
    bonf = adjust_pvalues(p, "bonferroni")
    assert np.allclose(bonf[:4], [0.04, 0.08, 0.12, 1.0]) and np.isnan(bonf[4])
    bh = adjust_pvalues(p, "bh")
    assert np.allclose(bh[:4], [0.04, 0.04, 0.04, 0.5])
    with pytest.raises(ValueError, match=_exact(BAD_METHOD.format(value="holm"))):
        adjust_pvalues(p, "holm")
    # 200 tests of true null hypotheses: raw p < 0.05 gives false alarms, Bonferroni none.
    null = np.random.default_rng(1).random(200)
    assert (null < 0.05).sum() >= 5 and (adjust_pvalues(null, "bonferroni") < 0.05).sum() == 0


def test_psi_noise_floor_agrees_with_simulation():
    rng = np.random.default_rng(0)
    ref = rng.normal(size=2000)
    sims = [psi(ref, rng.normal(size=500)) for _ in range(300)]
    floor = psi_noise_floor(500, 2000)
    assert floor["mean"] == pytest.approx(9 * (1 / 500 + 1 / 2000))
    assert abs(np.mean(sims) - floor["mean"]) < 0.2 * floor["mean"]
    assert abs(np.quantile(sims, 0.99) - floor["quantile"]) < 0.35 * floor["quantile"]
    with pytest.raises(ValueError, match=_exact(NOT_AN_INTEGER.format(name="n_current", bounds=" >= 1",
                                                                      value=0))):
        psi_noise_floor(0, 10)


def test_gap_false_alarms_fall_with_persistence_and_detect_real_gaps():
    one = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=1)
    three = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=3)
    assert one["p_fire"] > 0.5 and three["p_fire"] < 0.05
    assert one["se_gap"] == pytest.approx(np.sqrt(0.75 * 0.25 / 190 + 0.75 * 0.25 / 60))
    real = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=3, true_gap=0.2)
    assert real["p_fire"] > 0.95 and real["mean_first_month"] < 5
    again = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=3)
    assert again == three  # seeded


def test_course_rules_are_one_set():
    names = [r.name for r in COURSE_ALERT_RULES]
    assert "TPR gap between groups" in names and all(
        r.persistence == COURSE_PERSISTENCE for r in COURSE_ALERT_RULES)
    with_sel = course_alert_rules(selection_gap_baseline=0.04)
    sel = [r for r in with_sel if r.column == "selection_gap"][0]
    assert sel.threshold == pytest.approx(0.14) and isinstance(sel, AlertRule)


def test_one_good_window_does_not_close_an_incident():
    from responsible_ml.monitoring import evaluate_alerts
    from responsible_ml.monitoring._windows import incident_log

    m = pd.DataFrame({"start_month": range(8), "x": [0.3, 0.3, 0.0, 0.3, 0.0, 0.0, 0.0, 0.0]},
                     index=pd.RangeIndex(8, name="window"))
    a = evaluate_alerts(m, [AlertRule("x high", "x", 0.2, persistence=2)])
    hasty = incident_log(a)
    assert hasty["resolved_month"].tolist() == [2]
    patient = incident_log(a, clear_windows=2)
    assert len(patient) == 1 and patient["resolved_month"].tolist() == [5]
    assert incident_log(a, clear_windows=5)["status"].tolist() == ["open"]


def test_gap_false_alarms_puts_the_real_gap_on_the_named_group():
    # A real gap on the smaller group is noisier per month than the same gap on the larger one.
    big = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=1, true_gap=0.0)
    small = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=1, true_gap=0.2,
                             gap_group=1)
    first = gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=1, true_gap=0.2)
    assert small["se_gap"] > first["se_gap"] > big["se_gap"] * 0.9
    with pytest.raises(ValueError, match="gap_group"):
        gap_false_alarms([190, 60], rate=0.75, limit=0.10, persistence=1, gap_group=2)

"""The group-metric engine: counts, rates, Wilson intervals, gaps with Newcombe intervals,
the rule for undefined groups, the candidate matrix, and the numbers of the former callers."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from responsible_ml import _validation as v
from responsible_ml.fairness import group_gap, metrics_by_group
from responsible_ml.fairness._engine import (
    _UNDEFINED_GROUP,
    RATE_COLUMNS,
    Z_95,
    encode_groups,
    group_rates,
    group_rates_from_counts,
    overall_rates,
)

GOLDEN = json.loads((Path(__file__).parent / "data" / "former_callers_cf9e38f.json").read_text())


def _exact(msg):
    return "^" + re.escape(msg) + "$"


def _codes(groups):
    return encode_groups(groups)


# --- edge cases ------------------------------------------------------------------------
def test_zero_positives_gives_nan_tpr_with_nan_interval_and_small():
    t = group_rates([0, 0, 1, 0], [0, 1, 1, 0], _codes(["x", "x", "y", "y"]), min_group_size=1)
    assert math.isnan(t.loc["x", "tpr"]) and math.isnan(t.loc["x", "tpr_low"])
    assert math.isnan(t.loc["x", "tpr_high"]) and bool(t.loc["x", "small"])
    assert t.loc["x", "fpr"] == 0.5 and t.loc["x", "positives"] == 0


def test_all_positives_gives_nan_fpr_and_a_wilson_interval_that_is_not_degenerate():
    t = group_rates([1, 1, 1, 1, 0, 1], [1, 1, 1, 1, 0, 0], _codes(list("aaaabb")),
                    min_group_size=1)
    assert math.isnan(t.loc["a", "fpr"]) and t.loc["a", "tpr"] == 1.0
    # Wilson at 4/4: upper limit 1, lower limit well below 1 (Wald would give [1, 1]).
    assert t.loc["a", "tpr_high"] == 1.0 and 0.4 < t.loc["a", "tpr_low"] < 0.6


def test_a_group_of_one():
    t = group_rates([1, 1, 0, 1], [1, 0, 0, 1], _codes(["solo", "b", "b", "b"]),
                    min_group_size=1)
    row = t.loc["solo"]
    assert row["count"] == 1 and row["tpr"] == 1.0 and math.isnan(row["fpr"])
    assert bool(row["small"])
    low, high = binomtest(1, 1).proportion_ci(0.95, method="wilson")
    assert row["tpr_low"] == pytest.approx(low) and row["tpr_high"] == pytest.approx(high)


@pytest.mark.parametrize("arg", ["y_true", "y_pred"])
def test_nan_inputs_are_refused_naming_the_argument(arg):
    good = np.array([1.0, 0.0, 1.0, 0.0])
    bad = np.array([1.0, np.nan, 1.0, 0.0])
    kwargs = {"y_true": good, "y_pred": good, arg: bad}
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name=arg, count=1))):
        group_rates(kwargs["y_true"], kwargs["y_pred"], _codes(list("aabb")))
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="sensitive_features",
                                                                  count=1))):
        encode_groups(pd.Series(["a", None, "b", "b"]))


def test_non_binary_matrix_refused():
    with pytest.raises(ValueError, match=_exact(v.NOT_BINARY.format(name="y_pred",
                                                                     values="2"))):
        group_rates([1, 0], np.array([[1, 2], [0, 0]]), _codes(["a", "b"]))


# --- intervals -------------------------------------------------------------------------
@pytest.mark.parametrize("k, n", [(0, 7), (3, 7), (7, 7), (1, 1), (41, 230)])
def test_wilson_interval_agrees_with_scipy(k, n):
    y = np.r_[np.ones(n, int), np.zeros(n, int)]
    p = np.r_[np.ones(k, int), np.zeros(n - k, int), np.zeros(n, int)]
    g = np.r_[np.zeros(n, int), np.ones(n, int)].astype(str)
    t = group_rates(y, p, _codes(g), min_group_size=1)
    ci = binomtest(k, n).proportion_ci(0.95, method="wilson")
    assert t.loc["0", "tpr"] == pytest.approx(k / n)
    assert t.loc["0", "tpr_low"] == pytest.approx(ci.low, abs=1e-12)
    assert t.loc["0", "tpr_high"] == pytest.approx(ci.high, abs=1e-12)
    assert Z_95 == pytest.approx(1.959963984540054)


def test_newcombe_interval_matches_the_published_example():
    # Newcombe (1998), Table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    y = np.ones(150, int)
    p = np.r_[np.ones(56), np.zeros(14), np.ones(48), np.zeros(32)].astype(int)
    g = np.r_[np.repeat("a", 70), np.repeat("b", 80)]
    gap = group_gap(group_rates(y, p, _codes(g), min_group_size=1), "tpr")
    assert gap.difference == pytest.approx(56 / 70 - 48 / 80)
    assert gap.low == pytest.approx(0.0524, abs=5e-5)
    assert gap.high == pytest.approx(0.3339, abs=5e-5)
    assert gap.max_group == "a" and gap.min_group == "b"


def test_gap_interval_covers_the_true_gap_about_95_percent():
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(400):
        g = np.repeat(["a", "b"], 60)
        y = np.ones(120, int)
        p = (rng.random(120) < np.where(g == "a", 0.7, 0.5)).astype(int)
        gap = group_gap(group_rates(y, p, _codes(g), min_group_size=1), "tpr")
        truth = 0.2 if gap.max_group == "a" else -0.2
        hits += gap.low <= truth <= gap.high
    assert 0.90 <= hits / 400 <= 0.99


# --- the candidate matrix --------------------------------------------------------------
def test_matrix_of_candidates_equals_one_call_per_candidate():
    rng = np.random.default_rng(5)
    n, m = 400, 6
    y = rng.integers(0, 2, n)
    preds = rng.integers(0, 2, (n, m))
    codes = _codes(rng.choice(["a", "b", "c"], n))
    table = group_rates(y, preds, codes)
    assert table.index.names == ["candidate", "group"]
    gaps = group_gap(table, "fpr")
    for j in range(m):
        one = group_rates(y, preds[:, j], codes)
        pd.testing.assert_frame_equal(table.xs(j, level="candidate"), one)
        single = group_gap(one, "fpr")
        assert gaps.loc[j, "difference"] == pytest.approx(single.difference)
        assert gaps.loc[j, "low"] == pytest.approx(single.low)
        assert gaps.loc[j, "max_group"] == single.max_group


def test_counts_entry_point_gives_the_same_table():
    y, p = [1, 0, 1, 1, 0, 0], [1, 1, 0, 1, 0, 1]
    codes = _codes(list("aabbbb"))
    counts = np.array([[0, 1, 0, 1], [1, 1, 1, 1]])  # tn fp fn tp
    pd.testing.assert_frame_equal(group_rates_from_counts(counts, codes, min_group_size=1),
                                  group_rates(y, p, codes, min_group_size=1))


def test_undefined_rule_message_names_group_and_reason():
    t = group_rates([0, 0, 1, 0], [0, 1, 1, 0], _codes(["x", "x", "y", "y"]), min_group_size=1)
    msg = _UNDEFINED_GROUP.format(metric="tpr", groups="'x'", where="",
                                  reason="no rows with y_true == 1")
    with pytest.raises(ValueError, match=_exact(msg)):
        group_gap(t, "tpr")
    msg = v.NOT_IN_OPTIONS.format(name="undefined", options="'raise', 'nan', 'ignore'",
                                  value="skip")
    with pytest.raises(ValueError, match=_exact(msg)):
        group_gap(t, "tpr", undefined="skip")


def test_equalized_odds_is_the_larger_gap():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 500)
    p = rng.integers(0, 2, 500)
    t = group_rates(y, p, _codes(rng.choice(["a", "b"], 500)))
    eo = group_gap(t, "equalized_odds").difference
    assert eo == max(group_gap(t, "tpr").difference, group_gap(t, "fpr").difference)


# --- fairlearn agreement (metrics_by_group uses the engine, not MetricFrame) -----------
def test_every_rate_agrees_with_fairlearn_metricframe():
    from fairlearn.metrics import (
        MetricFrame,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score

    rng = np.random.default_rng(11)
    n = 800
    y = rng.integers(0, 2, n)
    p = rng.integers(0, 2, n)
    g = rng.choice(["a", "b", "c"], n)
    mf = MetricFrame(metrics={"tpr": true_positive_rate, "fpr": false_positive_rate,
                              "fnr": false_negative_rate, "selection_rate": selection_rate,
                              "accuracy": accuracy_score, "precision": precision_score},
                     y_true=y, y_pred=p, sensitive_features=g)
    t = metrics_by_group(y, p, sensitive_features=g)
    for col in ["tpr", "fpr", "fnr", "selection_rate", "accuracy", "precision"]:
        np.testing.assert_allclose(t[col].to_numpy(), mf.by_group[col].to_numpy())
    assert list(t.columns[:3]) == ["count", "positives", "negatives"]
    assert all(f"{r}_low" in t and f"{r}_high" in t for r in RATE_COLUMNS)


# --- the former callers give the numbers they gave before the engine -------------------
@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    n = 600
    g = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
    y = rng.integers(0, 2, n)
    s = np.clip(0.3 * y + rng.normal(0.4, 0.2, n), 0, 1)
    return y, (s >= 0.5).astype(int), s, g


def test_former_slicing_numbers(data):
    from responsible_ml.fairness import fairness_summary
    from responsible_ml.fairness._slicing import rate_gap

    y, p, _, g = data
    t = metrics_by_group(y, p, sensitive_features=g, min_group_size=1)
    for col, by_group in GOLDEN["slicing_table"].items():
        for group, value in by_group.items():
            assert t.loc[group, col] == pytest.approx(value, abs=1e-11)
    for metric, old in GOLDEN["slicing_gaps"].items():
        new = group_gap(t, metric)
        assert new.difference == pytest.approx(old["difference"])
        assert new.ratio == pytest.approx(old["ratio"])
        assert (new.min_group, new.max_group) == (old["min_group"], old["max_group"])
    assert rate_gap(y, p, sensitive_features=g) == pytest.approx(GOLDEN["rate_gap"])
    summary = fairness_summary(y, p, sensitive_features=g).as_dict()
    for key, old in GOLDEN["fairness_summary"].items():
        assert summary[key] == (old if isinstance(old, str) else pytest.approx(old))


def test_former_model_card_numbers(data):
    from responsible_ml.explain._model_card import _card_metrics

    y, p, s, _ = data
    assert _card_metrics(y, p, s) == pytest.approx(GOLDEN["card_overall"])


def test_former_frontier_and_impossibility_numbers(data):
    from responsible_ml.fairness._slicing import rate_gap
    from responsible_ml.tradeoffs import (
        evaluate_thresholds,
    )
    from responsible_ml.tradeoffs._impossibility import _impossibility_rates

    y, p, s, g = data
    for metric, old in GOLDEN["frontier_group_gap"].items():
        assert rate_gap(y, p, sensitive_features=g, metric=metric) == pytest.approx(old)
    table = evaluate_thresholds(y, s, sensitive_features=g, thresholds=[0.3, 0.4, 0.5, 0.6],
                                mitigation=[0.0, 0.1], mitigation_group="c")
    for col, old in GOLDEN["frontier_eval"].items():
        np.testing.assert_allclose(table[col].to_numpy(), old, atol=1e-11)
    rates = _impossibility_rates(y, p, sensitive_features=g)
    for col, by_group in GOLDEN["impossibility"].items():
        for group, value in by_group.items():
            assert rates.loc[group, col] == pytest.approx(value, abs=1e-11)


def test_former_gate_numbers(data):
    from responsible_ml.monitoring import fairness_gate

    y, p, _, g = data
    result = fairness_gate(y, p, sensitive_features=g, metric="tpr", limit=0.1)
    assert result.passed == GOLDEN["gate"]["passed"]
    assert result.gap == pytest.approx(GOLDEN["gate"]["gap"])
    assert result.by_group.to_dict() == pytest.approx(GOLDEN["gate"]["by_group"])


def test_former_monitoring_numbers():
    from responsible_ml.monitoring import (
        make_stream,
        monthly_stats,
        policy_summary,
        run_policy,
        train_model,
        window_measures,
    )

    stream = make_stream(random_state=0)
    prod = stream.production
    model = train_model(stream.history, version="v0")
    summary = policy_summary(run_policy(prod, model), sensitive_features=prod["background"],
                             months=(12, 23)).as_dict()
    for key, old in GOLDEN["policy_summary"].items():
        assert summary[key] == pytest.approx(old)
    stats = monthly_stats(prod, model, stream.history)
    for window, min_pos, key in ((3, 1, "window_measures"), (1, 20, "window_measures_minpos")):
        measures = window_measures(stats, window=window, min_positives=min_pos)
        for col, old in GOLDEN[key].items():
            np.testing.assert_allclose(measures[col].to_numpy(float), old, atol=1e-11)


def test_overall_rates_is_the_engine_on_one_group():
    y, p = [1, 0, 1, 1, 0], [1, 0, 0, 1, 1]
    row = overall_rates(y, p)
    assert row["accuracy"] == pytest.approx(3 / 5) and row["tpr"] == pytest.approx(2 / 3)
    many = overall_rates(y, np.column_stack([p, p]))
    assert list(many.index) == [0, 1] and many.loc[1, "fpr"] == pytest.approx(0.5)

"""Impossibility demo: rates by group, Chouldechova's identity, calibration within groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.tradeoffs import (
    calibration_by_group,
    calibration_gap,
    implied_fpr,
    impossibility_demo,
)
from responsible_ml.tradeoffs._impossibility import _BAD_RATE as BAD_RATE
from responsible_ml.tradeoffs._impossibility import _impossibility_rates


@pytest.fixture(scope="module")
def calibrated():
    """A score calibrated within both groups, with different base rates."""
    rng = np.random.default_rng(0)
    n = 20000
    groups = np.where(rng.random(n) < 0.5, "a", "b")
    score = np.where(groups == "a", rng.beta(3, 2, n), rng.beta(2, 3, n))
    y = (rng.random(n) < score).astype(int)
    return y, score, groups


def test_impossibility_rates_by_hand():
    t = _impossibility_rates([1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0], sensitive_features=list("aaabbb"))
    assert t.index.tolist() == ["a", "b"]
    assert t.loc["a"].to_dict() == pytest.approx({
        "count": 3, "base_rate": 2 / 3, "selection_rate": 2 / 3, "ppv": 0.5, "fpr": 1.0,
        "fnr": 0.5, "implied_fpr": 1.0})
    assert t.loc["b", "fpr"] == 0.0 and t.loc["b", "fnr"] == 0.5


def test_rates_agree_with_fairlearn(calibrated):
    from fairlearn.metrics import MetricFrame, false_positive_rate

    y, score, groups = calibrated
    pred = (score >= 0.5).astype(int)
    t = _impossibility_rates(y, pred, sensitive_features=groups)
    mf = MetricFrame(metrics=false_positive_rate, y_true=y, y_pred=pred,
                     sensitive_features=groups)
    assert t["fpr"].to_dict() == pytest.approx(mf.by_group.to_dict())


def test_chouldechova_identity_holds_exactly(calibrated):
    y, score, groups = calibrated
    t = _impossibility_rates(y, (score >= 0.6).astype(int), sensitive_features=groups)
    assert t["implied_fpr"].to_numpy() == pytest.approx(t["fpr"].to_numpy(), rel=1e-12)


def test_implied_fpr_values_and_errors():
    assert implied_fpr(0.5, 0.6, 0.3) == pytest.approx(0.7 * 0.4 / 0.6)
    # equal PPV and FNR, lower base rate -> lower FPR
    assert implied_fpr(0.3, 0.6, 0.3) < implied_fpr(0.5, 0.6, 0.3)
    with pytest.raises(ValueError) as err:
        implied_fpr(1.0, 0.5, 0.2)
    assert str(err.value) == BAD_RATE.format(name="base_rate", value=1.0)


def test_calibrated_score_still_has_unequal_error_rates(calibrated):
    y, score, groups = calibrated
    demo = impossibility_demo(y, score, sensitive_features=groups, threshold=0.5, bins=10)
    assert demo.calibration_gap < 0.05
    assert demo.base_rate_gap > 0.15
    assert demo.fpr_gap > 0.15 and demo.fnr_gap > 0.15
    assert "false-positive rates differ" in demo.summary()
    # gaps between rates are percentage points, not per cent of something
    assert f"differ by {100 * demo.base_rate_gap:.1f} percentage points" in demo.summary()
    assert "%" not in demo.summary()
    # the number is a between-group difference at the same score, and the text must say so
    assert (f"observed outcome rates differ by {100 * demo.calibration_gap:.1f} percentage points"
            in demo.summary())
    assert "calibrated to within" not in demo.summary()
    assert demo.to_markdown().startswith("| group |")


def test_calibration_table_matches_direct_groupby_with_shared_edges():
    rng = np.random.default_rng(1)
    score = rng.random(3000)
    y = (rng.random(3000) < score).astype(int)
    groups = np.where(rng.random(3000) < 0.5, "a", "b")
    table = calibration_by_group(y, score, sensitive_features=groups, bins=5)
    a = table[table.group == "a"]
    edges = np.quantile(score, np.linspace(0, 1, 6))
    bins = np.clip(np.searchsorted(edges, score, side="right"), 1, 5)
    direct = pd.Series(y[groups == "a"]).groupby(bins[groups == "a"]).mean()
    assert a["observed_rate"].to_numpy() == pytest.approx(direct.to_numpy())
    assert a["count"].sum() == (groups == "a").sum()
    assert table["bin"].nunique() == 5


def test_calibration_discrete_scores_and_bad_bins():
    table = calibration_by_group([1, 0, 1, 1], [1, 1, 2, 2], sensitive_features=["a", "b", "a", "b"],
                                 bins=None)
    assert table["bin"].tolist() == [1, 2, 1, 2]
    assert table["observed_rate"].tolist() == [1.0, 1.0, 0.0, 1.0]
    with pytest.raises(ValueError) as err:
        calibration_by_group([1, 0], [0.1, 0.2], sensitive_features=["a", "b"], bins=1)
    assert str(err.value) == NOT_AN_INTEGER.format(name="bins", bounds=" >= 2", value=1)


def test_calibration_gap_skips_small_bins():
    table = pd.DataFrame({"group": ["a", "b", "a", "b"], "bin": [1, 1, 2, 2],
                          "count": [100, 100, 100, 5], "mean_score": [0.1] * 4,
                          "observed_rate": [0.1, 0.2, 0.5, 0.9]})
    assert calibration_gap(table, min_count=30) == pytest.approx(0.1)
    assert np.isnan(calibration_gap(table, min_count=1000))


def test_compas_reproduces_propublica():
    from responsible_ml.data import load_compas

    c = load_compas()
    two = c[c["race"].isin(["African-American", "Caucasian"])]
    demo = impossibility_demo(two["two_year_recid"], two["decile_score"],
                              sensitive_features=two["race"].astype(str), threshold=5, bins=None)
    fpr = demo.rates["fpr"]
    assert fpr["African-American"] == pytest.approx(0.4485, abs=5e-4)
    assert fpr["Caucasian"] == pytest.approx(0.2345, abs=5e-4)
    assert demo.calibration_gap < 0.06


def test_calibration_noise_is_small_under_exact_sufficiency():
    import numpy as np

    from responsible_ml.tradeoffs import impossibility_demo
    rng = np.random.default_rng(0)
    n = 20_000
    group = rng.choice(["a", "b"], n, p=[0.6, 0.4])
    score = rng.integers(1, 11, n)
    y = (rng.random(n) < score / 11).astype(int)  # same risk per score in both groups
    demo = impossibility_demo(y, score, sensitive_features=group, threshold=5, bins=None)
    assert 0 < demo.calibration_noise < 0.05
    assert demo.calibration_gap < 3 * demo.calibration_noise
    assert "sampling noise alone" in demo.summary()

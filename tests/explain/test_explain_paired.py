"""paired_gap_change and grouped_permutation_importance."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from responsible_ml.explain import grouped_permutation_importance, paired_gap_change


def _decisions(seed=0, n=600):
    rng = np.random.default_rng(seed)
    group = np.where(rng.random(n) < 0.4, "b", "a")
    y = (rng.random(n) < 0.5).astype(int)
    # a: group b's completers are offered half as often; b: the same rate for both groups
    p_a = np.where(group == "a", 0.8, 0.4)
    a = ((rng.random(n) < p_a) & (y == 1)).astype(int)
    b = ((rng.random(n) < 0.8) & (y == 1)).astype(int)
    return y, a, b, group


def test_paired_gap_change_measures_the_change_with_an_interval_around_it():
    y, a, b, group = _decisions()
    r = paired_gap_change(y, a, b, sensitive_features=group, n_boot=500)
    assert r.attrs["groups"] == ("a", "b")
    assert r["gap_a"] == pytest.approx(0.4, abs=0.1)
    assert r["change"] == pytest.approx(r["gap_a"] - r["gap_b"])
    assert r["low"] < r["change"] < r["high"]
    assert r["low"] > 0  # a large, real change is separated from 0


def test_paired_gap_change_of_identical_decisions_is_exactly_zero():
    y, a, _, group = _decisions(1)
    r = paired_gap_change(y, a, a, sensitive_features=group, n_boot=200)
    assert r["change"] == 0 and r["low"] == 0 and r["high"] == 0


def test_paired_interval_is_narrower_than_unpaired_for_correlated_decisions():
    y, a, _, group = _decisions(2)
    rng = np.random.default_rng(3)
    flip = rng.random(len(a)) < 0.03
    b = np.where(flip, 1 - a, a)
    r = paired_gap_change(y, a, b, sensitive_features=group, n_boot=500, metric="selection_rate")
    assert r["high"] - r["low"] < 0.1


def test_paired_gap_change_refuses_bad_input():
    y, a, b, group = _decisions()
    with pytest.raises(ValueError, match="exactly two groups"):
        paired_gap_change(y, a, b, sensitive_features=np.array(["a", "b", "c"])[np.arange(len(y)) % 3])
    with pytest.raises(ValueError, match="metric"):
        paired_gap_change(y, a, b, sensitive_features=group, metric="ppv")
    with pytest.raises(ValueError, match="y_pred_b"):
        paired_gap_change(y, a, b[:-1], sensitive_features=group)


def _copies(seed=0, n=800):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    X = pd.DataFrame({"x": x, "x_copy": x + rng.normal(0, 0.01, n), "noise": rng.normal(size=n)})
    y = (x + rng.normal(0, 0.5, n) > 0).astype(int)
    return X, y, LogisticRegression().fit(X, y)


def test_grouped_importance_of_copies_exceeds_each_copy_alone():
    X, y, model = _copies()
    table = grouped_permutation_importance(
        model, X, y, {"both": ["x", "x_copy"], "x": ["x"], "x_copy": ["x_copy"],
                      "noise": ["noise"]}, n_repeats=5)
    imp = table.set_index("group")["importance_mean"]
    assert table["group"].iloc[0] == "both"
    assert imp["both"] > imp["x"] + 0.05 and imp["both"] > imp["x_copy"] + 0.05
    assert abs(imp["noise"]) < 0.02
    assert list(table.columns) == ["group", "columns", "importance_mean", "importance_std"]


def test_grouped_importance_refuses_bad_groups():
    X, y, model = _copies()
    with pytest.raises(ValueError, match="groups must be a non-empty mapping"):
        grouped_permutation_importance(model, X, y, {})
    with pytest.raises(ValueError, match="nope"):
        grouped_permutation_importance(model, X, y, {"g": ["nope"]})

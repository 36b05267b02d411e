"""Expected rates of randomised rules, paired bootstrap intervals, PassthroughScores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.postprocessing import ThresholdOptimizer

from responsible_ml.fairness import (
    PassthroughScores,
    expected_group_rates,
    metrics_by_group,
    paired_bootstrap,
)
from responsible_ml.fairness._engine import _NOT_A_MAPPING, _UNKNOWN_REFERENCE


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    n = 600
    group = np.where(rng.random(n) < 0.4, "b", "a")
    y = (rng.random(n) < np.where(group == "a", 0.6, 0.4)).astype(int)
    score = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1)
    return y, group, score


def test_expected_rates_equal_the_engine_for_hard_decisions(data):
    y, group, score = data
    pred = (score >= 0.5).astype(int)
    expected = expected_group_rates(y, pred, sensitive_features=group)
    table = metrics_by_group(y, pred, sensitive_features=group)
    for col in ["selection_rate", "accuracy", "tpr", "fpr"]:
        np.testing.assert_allclose(expected[col], table[col])
    np.testing.assert_array_equal(expected["count"], table["count"])


def test_expected_rates_are_the_mean_over_many_draws(data):
    y, group, score = data
    p = np.clip(score, 0, 1)
    draws = np.random.default_rng(0).random((4000, len(y))) < p
    tpr_a = draws[:, (group == "a") & (y == 1)].mean()
    expected = expected_group_rates(y, p, sensitive_features=group)
    assert expected.loc["a", "tpr"] == pytest.approx(tpr_a, abs=0.005)
    assert expected.loc["a", "tpr"] == pytest.approx(p[(group == "a") & (y == 1)].mean())


def test_paired_bootstrap_point_values_and_pairing(data):
    y, group, score = data
    old = (score >= 0.5).astype(int)
    new = (score >= 0.45).astype(int)
    out = paired_bootstrap(y, {"old": old, "new": new}, sensitive_features=group,
                           reference="old", n_resamples=500, random_state=1)
    acc = lambda pred: float(np.mean(pred == y))  # noqa: E731
    assert out.loc["new", "accuracy_change"] == pytest.approx(acc(new) - acc(old))
    low, high = out.loc["new", ["accuracy_change_low", "accuracy_change_high"]]
    assert low <= out.loc["new", "accuracy_change"] <= high
    # Pairing: the interval is much narrower than the one of an unpaired difference.
    se_unpaired = np.sqrt(acc(new) * (1 - acc(new)) / len(y) + acc(old) * (1 - acc(old)) / len(y))
    assert high - low < 2 * 1.96 * se_unpaired / 2
    again = paired_bootstrap(y, {"old": old, "new": new}, sensitive_features=group,
                             reference="old", n_resamples=500, random_state=1)
    pd.testing.assert_frame_equal(out, again)


def test_paired_bootstrap_of_a_rule_with_itself_is_zero(data):
    y, group, score = data
    pred = (score >= 0.5).astype(int)
    out = paired_bootstrap(y, {"a": pred, "b": pred.copy()}, sensitive_features=group,
                           reference="a", n_resamples=50)
    assert (out.loc["b"].abs() < 1e-12).all()


def test_paired_bootstrap_rejects_bad_input(data):
    y, group, score = data
    with pytest.raises(ValueError) as err:
        paired_bootstrap(y, [score], sensitive_features=group, reference="a")
    assert str(err.value) == _NOT_A_MAPPING.format(name="decisions", kind="list")
    with pytest.raises(ValueError) as err:
        paired_bootstrap(y, {"a": score}, sensitive_features=group, reference="z")
    assert str(err.value) == _UNKNOWN_REFERENCE.format(names=["a"], value="z")
    with pytest.raises(ValueError):
        expected_group_rates(y, score + 1, sensitive_features=group)


def test_passthrough_lets_threshold_optimizer_use_given_scores(data):
    y, group, score = data
    est = PassthroughScores().fit(score[:, None])
    assert est.n_features_in_ == 1
    np.testing.assert_array_equal(est.predict(score[:, None]), score)
    post = ThresholdOptimizer(estimator=est, prefit=True, predict_method="predict",
                              constraints="true_positive_rate_parity")
    post.fit(score[:, None], y, sensitive_features=group)
    p = post._pmf_predict(score[:, None], sensitive_features=group)[:, 1]
    rates = expected_group_rates(y, p, sensitive_features=group)
    assert abs(rates.loc["a", "tpr"] - rates.loc["b", "tpr"]) < 0.02


def test_exponentiated_gradient_pmf_predict_is_the_lottery_the_lesson_averages():
    """Lesson 03 reads fairlearn's private ``_pmf_predict``; pin what it returns."""
    from fairlearn.reductions import ExponentiatedGradient, TruePositiveRateParity
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    n = 400
    group = np.where(rng.random(n) < 0.4, "a", "b")
    x = rng.normal(size=(n, 2)) + (group == "a")[:, None] * 0.8
    y = (x[:, 0] + rng.normal(size=n) > 0.5).astype(int)
    eg = ExponentiatedGradient(LogisticRegression(), constraints=TruePositiveRateParity(),
                               eps=0.02, max_iter=20).fit(x, y, sensitive_features=group)
    pmf = eg._pmf_predict(x)
    assert pmf.shape == (n, 2)
    assert np.allclose(pmf.sum(axis=1), 1) and (pmf >= 0).all()
    draws = np.mean([eg.predict(x, random_state=s) for s in range(200)], axis=0)
    assert np.abs(draws - pmf[:, 1]).max() < 0.15


def test_paired_bootstrap_signed_difference_is_not_folded():
    # A rule that closes a TPR gap exactly: its max - min gap sits at zero, so the bootstrap
    # of the unsigned gap is folded and its change interval is pulled away from the estimate.
    # The signed difference (fixed pair of groups) must keep the estimate well inside.
    rng = np.random.default_rng(0)
    n = 4000
    group = np.where(rng.random(n) < 0.5, "a", "b")
    y = (rng.random(n) < 0.5).astype(int)
    old = np.where(group == "a", rng.random(n) < 0.8, rng.random(n) < 0.5).astype(int) * y
    new = (rng.random(n) < 0.65).astype(int) * y
    pos_a, pos_b = (group == "a") & (y == 1), (group == "b") & (y == 1)
    new[pos_b] = 0
    new[np.flatnonzero(pos_b)[: int(round(new[pos_a].mean() * pos_b.sum()))]] = 1
    out = paired_bootstrap(y, {"old": old, "new": new}, sensitive_features=group,
                           reference="old", n_resamples=1000, random_state=0)
    assert out.attrs["difference"] == ("a", "b")
    tpr = lambda pred, m: pred[m].mean()  # noqa: E731
    signed = (tpr(new, pos_a) - tpr(new, pos_b)) - (tpr(old, pos_a) - tpr(old, pos_b))
    row = out.loc["new"]
    assert row["tpr_difference_change"] == pytest.approx(signed)
    low, high = row["tpr_difference_change_low"], row["tpr_difference_change_high"]
    assert low < signed < high
    assert abs((signed - low) - (high - signed)) < 0.25 * (high - low)  # roughly symmetric
    # The unsigned gap's interval is folded: far from symmetric around its estimate.
    u, ul, uh = row[["tpr_gap_change", "tpr_gap_change_low", "tpr_gap_change_high"]]
    assert abs((u - ul) - (uh - u)) > 0.25 * (uh - ul)
    with pytest.raises(ValueError, match="difference must be two different group labels"):
        paired_bootstrap(y, {"old": old, "new": new}, sensitive_features=group,
                         reference="old", difference=("a", "z"))

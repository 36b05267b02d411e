"""Randomised response (estimator, unbiasedness, ε) and membership inference."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from responsible_ml import _validation as v
from responsible_ml.privacy import _membership as mi
from responsible_ml.privacy import _randomised_response as rr


def test_estimator_by_hand():
    est = rr.estimate_rate([1, 1, 1, 0], p_truth=0.5, p_forced_yes=0.5)
    assert est.observed_yes == 0.75 and est.n == 4
    assert est.estimate == pytest.approx((0.75 - 0.25) / 0.5)
    assert est.standard_error == pytest.approx(math.sqrt(0.75 * 0.25 / 4) / 0.5)
    assert est.ci_high == 1.0  # clipped
    other = rr.estimate_rate([1, 0, 0, 0, 0], p_truth=0.75, p_forced_yes=0.2)
    assert other.estimate == pytest.approx((0.2 - 0.25 * 0.2) / 0.75)
    assert rr.estimate_rate([0, 1], p_truth=1.0).estimate == 0.5  # honest survey


def test_simulation_is_unbiased_and_covers():
    # The truth uses another seed than the surveys: the same uniforms would couple them.
    truth = (np.random.default_rng(12345).random(4000) < 0.3).astype(int)
    ests = [rr.estimate_rate(rr.randomised_response(truth, p_truth=0.6, p_forced_yes=0.3,
                                                    random_state=s), p_truth=0.6, p_forced_yes=0.3)
            for s in range(300)]
    values = np.array([e.estimate for e in ests])
    assert values.mean() == pytest.approx(truth.mean(), abs=0.004)
    se = np.mean([e.standard_error for e in ests])
    assert values.std() == pytest.approx(se, rel=0.15)


def test_responses_depend_on_the_design():
    truth = np.ones(10000, dtype=int)
    answers = rr.randomised_response(truth, p_truth=0.5, p_forced_yes=0.5, random_state=1)
    assert answers.mean() == pytest.approx(0.75, abs=0.015)
    assert set(np.unique(answers)) <= {0, 1}
    assert np.array_equal(answers, rr.randomised_response(truth, random_state=1))
    assert rr.randomised_response(truth, p_truth=1.0).mean() == 1.0


def test_simulate_surveys_matches_person_level():
    s = rr.simulate_surveys(0.2, 1000, p_truth=0.5, repeats=4000, random_state=0)
    assert list(s.columns) == ["observed_yes", "estimate", "standard_error", "covered"]
    assert s["estimate"].mean() == pytest.approx(0.2, abs=0.003)
    assert s["covered"].mean() == pytest.approx(0.95, abs=0.015)


def test_epsilon_of_the_design():
    assert rr.randomised_response_epsilon(0.5, 0.5) == pytest.approx(math.log(3))
    assert math.isinf(rr.randomised_response_epsilon(1.0, 0.5))
    assert rr.randomised_response_epsilon(0.25, 0.5) < rr.randomised_response_epsilon(0.75, 0.5)


@pytest.mark.parametrize("p, error", [(0, ValueError), (1.5, ValueError), ("a", TypeError),
                                      (True, TypeError)])
def test_bad_p_truth(p, error):
    with pytest.raises(error) as err:
        rr.estimate_rate([1, 0], p_truth=p)
    assert str(err.value) == v.NOT_A_REAL.format(name="p_truth", bounds=" in (0, 1]", value=p)


def test_bad_inputs():
    with pytest.raises(ValueError) as err:
        rr.estimate_rate([1, 0], p_forced_yes=1.2)
    assert str(err.value) == v.NOT_A_PROBABILITY.format(name="p_forced_yes", value=1.2)
    with pytest.raises(ValueError) as err:
        rr.estimate_rate([])
    assert str(err.value) == rr._EMPTY_RESPONSES.format(name="responses")
    with pytest.raises(ValueError) as err:
        rr.randomised_response([])
    assert str(err.value) == rr._EMPTY_RESPONSES.format(name="truth")
    with pytest.raises(ValueError) as err:
        rr.estimate_rate([0, 2])
    assert str(err.value) == v.NOT_BINARY.format(name="responses", values="2")
    with pytest.raises(ValueError) as err:
        rr.simulate_surveys(0.2, 0)
    assert str(err.value) == v.NOT_AN_INTEGER.format(name="n", bounds=" >= 1", value=0)


# --------------------------------------------------------------------------- membership
def _data(n=1200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = (X[:, 0] + rng.normal(0, 1.5, n) > 0).astype(int)
    return X, y


def test_overfitted_model_leaks_more_than_a_regularised_one():
    X, y = _data()
    xin, yin, xout, yout = X[:600], y[:600], X[600:], y[600:]
    deep = DecisionTreeClassifier(random_state=0).fit(xin, yin)
    shallow = DecisionTreeClassifier(max_depth=2, random_state=0).fit(xin, yin)
    r_deep = mi.membership_inference(deep, xin, yin, xout, yout)
    r_shallow = mi.membership_inference(shallow, xin, yin, xout, yout)
    assert r_deep.member_accuracy == 1.0 and r_deep.generalisation_gap > 0.2
    assert r_deep.advantage > 0.25 and r_deep.auc > 0.6
    assert r_shallow.advantage < 0.1 and abs(r_shallow.auc - 0.5) < 0.06
    assert r_deep.member_loss < r_deep.nonmember_loss
    assert len(r_deep.member_losses) == 600 and len(r_deep.nonmember_losses) == 600


def test_per_example_loss_by_hand():
    X, y = _data(200)
    model = LogisticRegression().fit(X, y)
    p = model.predict_proba(X)[:, 1]
    expected = -np.log(np.where(y == 1, p, 1 - p))
    assert np.allclose(mi.per_example_loss(model, X, y), expected)


def test_advantage_is_best_tpr_minus_fpr():
    class Fixed:  # a "model" whose probabilities we choose
        classes_ = np.array([0, 1])

        def __init__(self, p):
            self.p = np.asarray(p, dtype=float)

        def predict_proba(self, X):
            p = self.p[np.asarray(X).ravel()]
            return np.c_[1 - p, p]

        def predict(self, X):
            return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    model = Fixed([0.9, 0.8, 0.7, 0.6, 0.55, 0.3])
    res = mi.membership_inference(model, np.array([0, 1, 2]), np.ones(3, int),
                                  np.array([3, 4, 5]), np.ones(3, int))
    assert res.advantage == pytest.approx(1.0) and res.auc == pytest.approx(1.0)
    assert res.threshold == pytest.approx(-math.log(0.7))


def test_membership_bad_input():
    X, y = _data(50)
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError) as err:
        mi.membership_inference(model, X, y, X[:0], y[:0])
    assert str(err.value) == mi._EMPTY_SET.format(name="y_nonmembers")
    with pytest.raises(ValueError) as err:
        mi.per_example_loss(model, X, np.full(50, 3))
    assert str(err.value) == v.NOT_BINARY.format(name="y", values="3")


def test_tpr_at_low_fpr_reads_the_tail_and_a_coin_gets_fpr():
    from responsible_ml.privacy._membership import MembershipResult

    def result(members, others):
        return MembershipResult(auc=0.5, advantage=0.0, threshold=0.0, member_loss=0.0,
                                nonmember_loss=0.0, member_accuracy=0.0, nonmember_accuracy=0.0,
                                member_losses=np.asarray(members, dtype=float),
                                nonmember_losses=np.asarray(others, dtype=float))

    # 10 of 100 members have a loss no non-member reaches: TPR 0.10 at FPR 0
    members = np.r_[np.full(10, 0.001), np.linspace(0.1, 1, 90)]
    others = np.linspace(0.1, 1, 100)
    assert result(members, others).tpr_at_fpr(0.005) == pytest.approx(0.10, abs=0.01)
    # identical distributions: TPR = FPR (a coin)
    same = np.linspace(0, 1, 1000)
    assert result(same, same).tpr_at_fpr(0.01) == pytest.approx(0.01, abs=0.002)
    with pytest.raises(ValueError):
        result(same, same).tpr_at_fpr(0)
    # ties: 5 % of members and 2 % of non-members share the lowest loss; at FPR 1 % the
    # attacker flags half of the tied records at random: TPR 2.5 %
    tied = result(np.r_[np.zeros(5), np.linspace(0.5, 1, 95)], np.r_[np.zeros(2), np.linspace(0.1, 1, 98)])
    assert tied.tpr_at_fpr(0.01) == pytest.approx(0.025)

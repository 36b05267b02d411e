"""Neighbouring relations, composition, the advantage bound, l-diversity, the membership null."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from diffprivlib.mechanisms import Laplace

from responsible_ml import _validation as v
from responsible_ml.privacy import _composition as c
from responsible_ml.privacy import _diversity as d
from responsible_ml.privacy import _membership_null as mn
from responsible_ml.privacy import membership_inference


# --------------------------------------------------------------------------- advantage bound
def test_advantage_bound_values():
    assert c.advantage_bound(3.0) == pytest.approx((math.e**3 - 1) / (math.e**3 + 1))
    assert round(c.advantage_bound(3.0), 3) == 0.905
    assert c.advantage_bound(math.log(3)) == pytest.approx(0.5)
    assert c.advantage_bound(1e-9) == pytest.approx(0.0, abs=1e-9)
    assert c.advantage_bound(1000.0) == 1.0
    # δ adds 2δ / (e^ε + 1)
    assert c.advantage_bound(1.0, 0.01) - c.advantage_bound(1.0) == pytest.approx(
        0.02 / (math.e + 1))


def test_advantage_bound_is_tight_for_randomised_response():
    """Warner/Boruch design with P(yes | yes) = 3/4, P(yes | no) = 1/4 is ln 3-DP and the
    attack "guess yes when the answer is yes" has TPR - FPR = 1/2, exactly the bound."""
    tpr, fpr = 0.75, 0.25
    assert tpr - fpr == pytest.approx(c.advantage_bound(math.log(tpr / fpr)))


def test_advantage_bound_rejects_bad_input():
    with pytest.raises(ValueError) as err:
        c.advantage_bound(0)
    assert str(err.value) == v.NOT_POSITIVE.format(name="epsilon", value=0)
    with pytest.raises(ValueError) as err:
        c.advantage_bound(1.0, 1.0)
    assert str(err.value) == v.NOT_A_REAL.format(name="delta", bounds=" in [0, 1)", value=1.0)
    with pytest.raises(TypeError) as err:
        c.advantage_bound(1.0, "0")
    assert str(err.value) == v.NOT_A_REAL.format(name="delta", bounds=" in [0, 1)", value="0")


# --------------------------------------------------------------------------- composition
def test_compose_sequential_and_parallel():
    assert c.compose([0.1] * 10) == pytest.approx(1.0)
    assert c.compose([0.2, 0.5, 0.3], kind="parallel") == 0.5
    assert c.compose(e for e in [1, 2]) == 3.0


@pytest.mark.parametrize("bad", [[], "0.1"])
def test_compose_rejects_empty_or_string(bad):
    with pytest.raises((TypeError, ValueError)) as err:
        c.compose(bad)
    assert str(err.value) == c._BAD_EPSILONS.format(value=bad)


def test_compose_rejects_unknown_kind_and_nonpositive():
    with pytest.raises(ValueError) as err:
        c.compose([1], kind="advanced")
    assert str(err.value) == v.NOT_IN_OPTIONS.format(
        name="kind", options="'sequential', 'parallel'", value="advanced")
    with pytest.raises(ValueError) as err:
        c.compose([1, -1])
    assert str(err.value) == v.NOT_POSITIVE.format(name="epsilons", value=-1)


def test_sum_sensitivity_depends_on_neighbouring():
    assert c.sum_sensitivity((0, 100)) == 100
    assert c.sum_sensitivity((-30, 10)) == 30
    assert c.sum_sensitivity((-30, 10), "replace-one") == 40
    with pytest.raises(ValueError) as err:
        c.sum_sensitivity((0, 1), "swap")
    assert str(err.value) == v.NOT_IN_OPTIONS.format(
        name="neighbouring", options="'add/remove', 'replace-one'", value="swap")


# --------------------------------------------------------------------------- group means
def test_private_group_means_noise_matches_the_stated_scales():
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 100, 300)
    groups = np.where(np.arange(300) < 100, "a", "b")
    sums, counts = [], []
    for s in range(500):
        t = c.private_group_means(values, groups, 1.0, (0, 100), random_state=s)
        sums.append(t.loc["a", "noisy_sum"] - t.loc["a", "count"] * t.loc["a", "mean"])
        counts.append(t.loc["a", "noisy_count"] - 100)
    # ε/2 each: sum scale 100 / 0.5 = 200, count scale 1 / 0.5 = 2; E|Laplace| = scale
    assert np.mean(np.abs(sums)) == pytest.approx(200, rel=0.15)
    assert np.mean(np.abs(counts)) == pytest.approx(2, rel=0.15)
    assert t.attrs["total_epsilon"] == 1.0  # parallel over disjoint groups
    assert (t["epsilon_spent"] == 1.0).all()
    assert list(t.index) == ["a", "b"] and list(t["count"]) == [100, 200]


def test_private_group_means_declared_keys_release_every_key_and_no_other():
    values = np.array([10.0, 20.0, 30.0])
    groups = ["a", "a", "b"]
    t = c.private_group_means(values, groups, 1.0, (0, 100), keys=["b", "a", "empty"],
                              random_state=0)
    # the rows are the declared keys, in their order, whatever the data hold
    assert list(t.index) == ["b", "a", "empty"]
    assert t.loc["empty", "count"] == 0 and np.isnan(t.loc["empty", "mean"])
    assert 0 <= t.loc["empty", "private_mean"] <= 100
    # the same table structure when the only member of a group is removed (add/remove)
    t2 = c.private_group_means(values[:2], groups[:2], 1.0, (0, 100), keys=["b", "a", "empty"],
                               random_state=0)
    assert list(t2.index) == list(t.index)
    with pytest.raises(ValueError, match="not in keys"):
        c.private_group_means(values, groups, 1.0, (0, 100), keys=["a"])
    with pytest.raises(ValueError, match="distinct"):
        c.private_group_means(values, groups, 1.0, (0, 100), keys=["a", "a", "b"])


def test_private_group_means_without_keys_warns_that_the_keys_leak():
    from diffprivlib.utils import PrivacyLeakWarning

    with pytest.warns(PrivacyLeakWarning, match="keys"):
        t = c.private_group_means([1.0, 2.0], ["a", "b"], 1.0, (0, 10))
    assert list(t.index) == ["a", "b"]


def test_private_group_means_scale_agrees_with_diffprivlib_variance():
    mech = Laplace(epsilon=0.5, sensitivity=c.sum_sensitivity((0, 100)))
    assert mech.variance(0) == pytest.approx(2 * (100 / 0.5) ** 2)


def test_private_group_means_is_seeded_and_bounded():
    values, groups = np.r_[np.zeros(5), np.full(5, 100.0)], ["x"] * 5 + ["y"] * 5
    a = c.private_group_means(values, groups, 0.1, (0, 100), random_state=3)
    b = c.private_group_means(values, groups, 0.1, (0, 100), random_state=3)
    pd.testing.assert_frame_equal(a, b)
    assert a["private_mean"].between(0, 100).all()


def test_private_group_means_rejects_bad_input():
    with pytest.raises(ValueError) as err:
        c.private_group_means([1, 2], ["a"], 1.0, (0, 10))
    assert str(err.value) == v.LENGTH_MISMATCH.format(name_a="values", name_b="groups",
                                                      len_a=2, len_b=1)
    with pytest.raises(ValueError) as err:
        c.private_group_means([1, 2], ["a", None], 1.0, (0, 10))
    assert str(err.value) == v.HAS_NAN.format(name="groups", count=1)


# --------------------------------------------------------------------------- differencing
def test_differencing_attack_exact_and_private():
    values = np.linspace(10, 90, 50)
    res = c.differencing_attack(values, 7, 0.5, (0, 100), n_trials=1500, random_state=0)
    assert res.exact_reconstruction == pytest.approx(values[7])
    assert res.target_value == pytest.approx(values[7])
    # the target is in the first mean only: it pays ε; everyone else is in both and pays 2ε
    assert res.epsilon_spent == 0.5
    assert res.epsilon_others == 1.0
    assert res.advantage_bound == pytest.approx((math.exp(0.5) - 1) / (math.exp(0.5) + 1))
    assert res.noise_scale == pytest.approx(100 / (50 * 0.5))
    err = res.reconstructions - values[7]
    # difference of two Laplace(0, (U-L)/ε) draws: SD = 2 (U-L)/ε = 400
    assert np.std(err) == pytest.approx(400, rel=0.1)
    assert abs(np.median(err)) < 20
    assert res.reconstruction_error_95 > 100  # the range of the value is 100: nothing learned
    # median |Laplace(b) - Laplace(b)| ≈ 1.12 b with b = 200
    assert res.reconstruction_error_median == pytest.approx(np.median(np.abs(err)))
    assert 180 < res.reconstruction_error_median < 270


def test_differencing_attack_rejects_bad_target():
    with pytest.raises(ValueError) as err:
        c.differencing_attack([1.0, 2.0, 3.0], 3, 1.0, (0, 5))
    assert str(err.value) == v.NOT_AN_INTEGER.format(name="target", bounds=" in [0, 2]", value=3)
    with pytest.raises(TypeError):
        c.differencing_attack([1.0, 2.0, 3.0], 1.5, 1.0, (0, 5))


# --------------------------------------------------------------------------- l-diversity
def test_l_diversity_counts_distinct_values_in_the_least_diverse_class():
    t = pd.DataFrame({"zip": [1, 1, 1, 2, 2, 3, 3], "sex": ["f"] * 7,
                      "ill": ["flu", "cold", "flu", "flu", "flu", "hiv", None]})
    table = d.diversity_by_class(t, ["zip", "sex"], "ill")
    assert list(table["distinct"]) == [1, 2, 2]  # None counts as a value in class 3
    assert table.iloc[0]["size"] == 2 and table.index[0] == (2, "f")
    assert d.l_diversity(t, ["zip", "sex"], "ill") == 1
    assert d.l_diversity(t.iloc[[0, 1, 5, 6]], "zip", "ill") == 2


def test_l_diversity_unknown_column():
    t = pd.DataFrame({"zip": [1, 2], "ill": ["a", "b"]})
    with pytest.raises(ValueError) as err:
        d.l_diversity(t, ["zip"], "disease")
    assert "disease" in str(err.value) and str(err.value).startswith("df has no column")


# --------------------------------------------------------------------------- null
class _Fixed:
    """A 'model' whose probabilities are given: lets the test set the losses."""

    classes_ = np.array([0, 1])

    def __init__(self, p):
        self.p = np.asarray(p, dtype=float)

    def predict_proba(self, X):
        idx = np.asarray(X, dtype=int).ravel()
        return np.c_[1 - self.p[idx], self.p[idx]]

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def test_best_advantage_matches_membership_inference():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, 400)
    model = _Fixed(p)
    X = np.arange(400).reshape(-1, 1)
    y = np.ones(400, dtype=int)
    res = membership_inference(model, X[:200], y[:200], X[200:], y[200:])
    assert mn.best_advantage(res.member_losses, res.nonmember_losses) == pytest.approx(
        res.advantage)


def test_membership_null_no_leak_vs_leak():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, 1000)
    X, y = np.arange(1000).reshape(-1, 1), np.ones(1000, dtype=int)
    same = membership_inference(_Fixed(p), X[:500], y[:500], X[500:], y[500:])
    null = mn.membership_null(same, n_permutations=200, random_state=1)
    assert 0.03 < null.quantile_95 < 0.12  # ≈ 1.22·√(2/500) for a one-sided KS statistic
    assert null.p_value > 0.05
    leaky = p.copy()
    leaky[:500] = np.clip(leaky[:500] + 0.3, 0, 0.99)  # members fit better
    res = membership_inference(_Fixed(leaky), X[:500], y[:500], X[500:], y[500:])
    out = mn.membership_null(res, n_permutations=200, random_state=1)
    assert out.observed > out.quantile_95 and out.p_value == pytest.approx(1 / 201)
    again = mn.membership_null(res, n_permutations=200, random_state=1)
    np.testing.assert_array_equal(out.null, again.null)


def test_best_advantage_rejects_empty_losses():
    with pytest.raises(ValueError) as err:
        mn.best_advantage([], [0.1])
    assert str(err.value) == mn._EMPTY_LOSSES.format(name="member_losses")


def test_membership_null_rejects_other_objects():
    with pytest.raises(TypeError) as err:
        mn.membership_null(0.5)
    assert str(err.value) == mn._NOT_A_RESULT.format(type_name="float")

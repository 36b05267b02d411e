"""Differential privacy: hand-derived Laplace scale vs diffprivlib, budgets, private models."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from diffprivlib import BudgetAccountant
from diffprivlib.mechanisms import Laplace
from diffprivlib.tools import mean as dp_mean

from responsible_ml import _validation as v
from responsible_ml.privacy import _dp as dp


def test_sensitivity_and_scale_by_hand():
    assert dp.mean_sensitivity((0, 100), 50) == 2.0
    assert dp.mean_sensitivity((-1, 1), 4) == 0.5
    assert dp.laplace_scale(1, 0.5) == 2.0
    assert dp.laplace_scale(dp.mean_sensitivity((0, 100), 200), 0.1) == pytest.approx(5.0)


def test_hand_scale_matches_diffprivlib_mechanism():
    b = dp.laplace_scale(dp.mean_sensitivity((0, 100), 40), 0.7)
    mech = Laplace(epsilon=0.7, sensitivity=100 / 40)
    assert mech.variance(0) == pytest.approx(2 * b**2)  # Laplace variance is 2 b²


def test_hand_mean_matches_diffprivlib_mean_in_distribution():
    """Same centre and spread over many seeds; a wrong sensitivity would be far off."""
    rng = np.random.default_rng(0)
    values = rng.uniform(20, 80, size=25)
    eps, bounds = 2.0, (0.0, 100.0)
    b = dp.laplace_scale(dp.mean_sensitivity(bounds, len(values)), eps)  # = 2.0
    ours = np.array([dp.laplace_mean_by_hand(values, eps, bounds, random_state=s) for s in range(4000)])
    theirs = np.array([dp_mean(values, epsilon=eps, bounds=bounds, random_state=s,
                               accountant=BudgetAccountant()) for s in range(4000)])
    true = values.mean()
    for draws in (ours, theirs):
        assert np.median(draws) == pytest.approx(true, abs=0.15)
        assert np.mean(np.abs(draws - true)) == pytest.approx(b, rel=0.05)  # E|noise| = b
    assert abs(np.mean(np.abs(ours - true)) - np.mean(np.abs(theirs - true))) < 0.1 * b


def test_private_mean_clips_to_bounds():
    values = np.r_[np.full(99, 50.0), 1e9]  # one absurd value
    answers = [dp.private_mean(values, 5.0, (0, 100), random_state=s) for s in range(200)]
    assert 49 < np.median(answers) < 52  # clipped to 100, the mean is 50.5


def test_private_count_uses_sensitivity_one():
    flags = np.r_[np.ones(30), np.zeros(70)]
    draws = np.array([dp.private_count(flags, 0.5, random_state=s) for s in range(3000)])
    assert np.median(draws) == pytest.approx(30, abs=0.3)
    assert np.mean(np.abs(draws - 30)) == pytest.approx(2.0, rel=0.06)


def test_private_mean_is_seeded():
    x = np.arange(10.0)
    assert dp.private_mean(x, 1.0, (0, 10), random_state=3) == dp.private_mean(x, 1.0, (0, 10), random_state=3)
    assert dp.private_mean(x, 1.0, (0, 10), random_state=3) != dp.private_mean(x, 1.0, (0, 10), random_state=4)


def test_noisy_answers():
    res = dp.noisy_answers(100.0, 1.0, 0.5, n_draws=20000, random_state=1)
    assert res.scale == 2.0 and res.budget_spent == 0.5 and res.repeats == 1
    assert res.noise_sd == pytest.approx(math.sqrt(2) * 2)
    assert res.mean_abs_error == pytest.approx(2.0, rel=0.03)
    assert res.error_95 == pytest.approx(2.0 * math.log(20), rel=0.05)
    four = dp.noisy_answers(100.0, 1.0, 0.5, repeats=4, n_draws=20000, random_state=1)
    assert four.budget_spent == 2.0
    assert np.std(four.draws) == pytest.approx(res.noise_sd / 2, rel=0.05)
    again = dp.noisy_answers(100.0, 1.0, 0.5, n_draws=20000, random_state=1)
    assert np.array_equal(res.draws, again.draws)


def test_repeated_queries_stop_at_the_budget():
    x = np.linspace(0, 100, 500)
    ledger = dp.repeated_queries(x, (0, 100), epsilon_per_query=0.1, n_queries=12,
                                 total_epsilon=1.0, random_state=0)
    assert ledger.index.tolist() == list(range(1, 13))
    assert ledger["answered"].tolist() == [True] * 10 + [False] * 2
    assert ledger["spent"].iloc[-1] == pytest.approx(1.0)
    assert ledger["remaining"].iloc[9] == pytest.approx(0.0)
    assert ledger["spent"].tolist()[:3] == pytest.approx([0.1, 0.2, 0.3])
    assert ledger["answer"].iloc[10:].isna().all()
    answers = ledger["answer"].iloc[:10]
    assert ledger["average_so_far"].iloc[-1] == pytest.approx(answers.mean())
    assert abs(answers.mean() - 50) < 2


def test_scale_to_bounds():
    df = pd.DataFrame({"a": [0, 5, 10, 20], "b": [0.0, 0.5, 1.0, -3.0]})
    X, norm = dp.scale_to_bounds(df, {"a": (0, 10), "b": (0, 1)})
    assert X[:, 0].tolist() == [-0.5, 0.0, 0.5, 0.5]  # 20 clipped to 10
    assert X[:, 1].tolist() == [-0.5, 0.0, 0.5, -0.5]
    assert norm == pytest.approx(math.sqrt(2) / 2)
    assert (np.linalg.norm(X, axis=1) <= norm + 1e-12).all()


def test_privacy_utility_curve_more_epsilon_more_accuracy():
    rng = np.random.default_rng(0)
    X = rng.uniform(-0.5, 0.5, size=(1500, 3))
    y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(0, 0.2, 1500) > 0).astype(int)
    curve = dp.privacy_utility_curve(X[:1000], y[:1000], X[1000:], y[1000:], [0.01, 10],
                                     data_norm=math.sqrt(3) / 2, repeats=3, random_state=0)
    assert list(curve.columns) == ["epsilon", "private", "accuracy", "accuracy_sd",
                                   "accuracy_min", "accuracy_max", "converged", "max_n_iter"]
    assert curve["converged"].all() and (curve["max_n_iter"] < 1000).all()
    assert curve["private"].tolist() == [True, True, False]
    assert math.isinf(curve["epsilon"].iloc[-1])
    assert curve["accuracy"].iloc[0] < curve["accuracy"].iloc[1] <= curve["accuracy"].iloc[2] + 0.02
    assert curve["accuracy"].iloc[2] > 0.85
    again = dp.privacy_utility_curve(X[:1000], y[:1000], X[1000:], y[1000:], [0.01, 10],
                                     data_norm=math.sqrt(3) / 2, repeats=3, random_state=0)
    pd.testing.assert_frame_equal(curve, again)


def test_privacy_utility_curve_shows_convergence_and_other_warnings(monkeypatch):
    import warnings

    from diffprivlib.models import LogisticRegression as PrivateLogisticRegression
    from sklearn.exceptions import ConvergenceWarning

    fit = PrivateLogisticRegression.fit

    def noisy_fit(self, X, y, sample_weight=None):
        warnings.warn("a warning the user must see", UserWarning, stacklevel=2)
        return fit(self, X, y, sample_weight)

    monkeypatch.setattr(PrivateLogisticRegression, "fit", noisy_fit)
    rng = np.random.default_rng(0)
    X = rng.uniform(-0.5, 0.5, size=(300, 2))
    y = (X[:, 0] > 0).astype(int)
    with pytest.warns(UserWarning, match="the user must see"):
        dp.privacy_utility_curve(X[:200], y[:200], X[200:], y[200:], [1.0], data_norm=1.0,
                                 repeats=1)
    # a private fit stopped by max_iter is flagged: its guarantee is not proven
    with pytest.warns(ConvergenceWarning, match="exact minimiser"):
        curve = dp.privacy_utility_curve(X[:200], y[:200], X[200:], y[200:], [1.0],
                                         data_norm=1.0, repeats=1, max_iter=1)
    assert not curve.loc[curve["private"], "converged"].any()
    assert (curve.loc[curve["private"], "max_n_iter"] == 1).all()


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("eps", [0, -1, 0.0])
def test_epsilon_must_be_positive(eps):
    for call in (lambda: dp.laplace_scale(1, eps), lambda: dp.private_count([1], eps),
                 lambda: dp.private_mean([1.0], eps, (0, 1)),
                 lambda: dp.laplace_mean_by_hand([1.0], eps, (0, 1)),
                 lambda: dp.noisy_answers(1, 1, eps)):
        with pytest.raises(ValueError) as err:
            call()
        assert str(err.value) == v.NOT_POSITIVE.format(name="epsilon", value=eps)


def test_epsilon_type():
    with pytest.raises(TypeError) as err:
        dp.laplace_scale(1, "1")
    assert str(err.value) == v.NOT_A_NUMBER.format(name="epsilon", value="1")


@pytest.mark.parametrize("bounds", [(10, 0), (5, 5)])
def test_bounds_reversed(bounds):
    for call in (lambda: dp.private_mean([1.0], 1.0, bounds),
                 lambda: dp.mean_sensitivity(bounds, 3),
                 lambda: dp.laplace_mean_by_hand([1.0], 1.0, bounds)):
        with pytest.raises(ValueError) as err:
            call()
        assert str(err.value) == dp._BOUNDS_REVERSED.format(name="bounds", value=bounds)
    with pytest.raises(ValueError) as err:
        dp.scale_to_bounds(pd.DataFrame({"a": [1]}), {"a": bounds})
    assert str(err.value) == dp._BOUNDS_REVERSED.format(name="bounds['a']", value=bounds)


@pytest.mark.parametrize("bounds, error", [(5, TypeError), ((0, 1, 2), TypeError),
                                           (("a", 1), TypeError), ((0, math.inf), ValueError)])
def test_bad_bounds(bounds, error):
    with pytest.raises(error) as err:
        dp.private_mean([1.0], 1.0, bounds)
    assert str(err.value) == dp._BAD_BOUNDS.format(name="bounds", value=bounds)


def test_empty_values_and_nan():
    with pytest.raises(ValueError) as err:
        dp.private_mean([], 1.0, (0, 1))
    assert str(err.value) == dp._EMPTY_VALUES.format(name="values")
    with pytest.raises(ValueError) as err:
        dp.private_count([], 1.0)
    assert str(err.value) == dp._EMPTY_VALUES.format(name="values")
    with pytest.raises(ValueError) as err:
        dp.private_mean([1.0, np.nan], 1.0, (0, 1))
    assert str(err.value) == v.HAS_NAN.format(name="values", count=1)


@pytest.mark.parametrize("sens, error", [(-1, ValueError), ("x", TypeError), (math.nan, ValueError)])
def test_bad_sensitivity(sens, error):
    with pytest.raises(error) as err:
        dp.laplace_scale(sens, 1.0)
    assert str(err.value) == v.NOT_A_REAL.format(name="sensitivity", bounds=" >= 0", value=sens)


@pytest.mark.parametrize("n, error", [(0, ValueError), (2.0, TypeError)])
def test_bad_n(n, error):
    with pytest.raises(error) as err:
        dp.mean_sensitivity((0, 1), n)
    assert str(err.value) == v.NOT_AN_INTEGER.format(name="n", bounds=" >= 1", value=n)


def test_curve_bad_input():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError) as err:
        dp.privacy_utility_curve(X, y, X, y, [], data_norm=1.0)
    assert str(err.value) == dp._NO_EPSILONS.format(value=[])
    with pytest.raises(ValueError) as err:
        dp.privacy_utility_curve(X, y, X, y, [1.0, -2.0], data_norm=1.0)
    assert str(err.value) == v.NOT_POSITIVE.format(name="epsilon", value=-2.0)
    with pytest.raises(ValueError) as err:
        dp.privacy_utility_curve(X, y, X, y, [1.0], data_norm=0)
    assert str(err.value) == v.NOT_POSITIVE.format(name="data_norm", value=0)
    with pytest.raises(ValueError) as err:
        dp.repeated_queries([1.0], (0, 1), epsilon_per_query=1, n_queries=2, total_epsilon=-1)
    assert str(err.value) == v.NOT_POSITIVE.format(name="total_epsilon", value=-1)

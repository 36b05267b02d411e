"""Tests for PSI and the KS test (responsible_ml.monitoring._drift)."""

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from responsible_ml._validation import HAS_NAN, NOT_A_REAL, NOT_AN_INTEGER
from responsible_ml.monitoring import (
    ks_test,
    psi,
    psi_shares,
)
from responsible_ml.monitoring._drift import _EMPTY_SAMPLE as EMPTY_SAMPLE
from responsible_ml.monitoring._drift import _NOT_NUMERIC as NOT_NUMERIC
from responsible_ml.monitoring._drift import _psi_bin_edges


def _exact(msg):
    return "^" + re.escape(msg) + "$"


def _psi_reference(expected, actual, bins=10, eps=1e-4):
    """Independent PSI: quantile edges of `expected`, np.digitize, floor at eps."""
    expected = np.asarray(expected, float)
    actual = np.asarray(actual, float)
    edges = np.unique(np.quantile(expected, np.arange(1, bins) / bins))
    k = len(edges) + 1
    e = np.array([(np.digitize(expected, edges) == i).mean() for i in range(k)])
    a = np.array([(np.digitize(actual, edges) == i).mean() for i in range(k)])
    e, a = np.maximum(e, eps), np.maximum(a, eps)
    return float(np.sum((a - e) * np.log(a / e)))


def test_psi_identical_samples_is_zero():
    x = np.random.default_rng(1).normal(size=1000)
    assert psi(x, x) == pytest.approx(0.0, abs=1e-12)


def test_psi_matches_independent_reference_and_grows_with_shift():
    rng = np.random.default_rng(2)
    ref = rng.normal(size=3000)
    values = []
    for shift in (0.0, 0.25, 0.5, 1.0):
        cur = rng.normal(shift, 1.0, size=1500)
        got = psi(ref, cur)
        assert got == pytest.approx(_psi_reference(ref, cur), rel=1e-12)
        values.append(got)
    assert values == sorted(values)
    assert values[0] < 0.05 < 0.25 < values[-1]


def test_psi_bins_come_from_expected_not_actual():
    rng = np.random.default_rng(3)
    ref = rng.normal(size=2000)
    cur = rng.normal(1.0, 0.5, size=800)
    edges = _psi_bin_edges(ref)
    np.testing.assert_allclose(edges, np.quantile(ref, np.arange(1, 10) / 10))
    # Expected shares are ~0.1 each; the actual ones are not.
    _, e, a = psi_shares(ref, cur)
    np.testing.assert_allclose(e, 0.1, atol=1e-3)
    assert a.max() > 0.2
    # Binning by the actual sample's quantiles would give another number.
    assert psi(ref, cur) != pytest.approx(_psi_reference(cur, ref))


def test_psi_is_not_symmetric_in_bins_but_nonnegative():
    rng = np.random.default_rng(4)
    a, b = rng.exponential(size=1000), rng.exponential(2.0, size=1000)
    ab, ba = psi(a, b), psi(b, a)
    assert ab > 0 and ba > 0
    # The bins are the deciles of the *first* (expected) sample, so swapping the samples
    # moves the bins and the value (0.340 vs 0.425 here). A PSI on pooled or fixed bins is
    # symmetric and fails here.
    assert abs(ab - ba) > 0.05
    # Each direction is the Jeffreys divergence on the expected sample's deciles, by hand.
    for expected, actual, value in ((a, b, ab), (b, a, ba)):
        edges = np.quantile(expected, np.arange(1, 10) / 10)
        e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=10) / 1000
        x = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=10) / 1000
        assert value == pytest.approx(np.sum((x - e) * np.log(x / e)), rel=1e-12)


def test_psi_zero_count_bin_is_finite_thanks_to_eps():
    ref = np.arange(100, dtype=float)
    cur = np.full(50, 5.0)  # every actual value in one bin: nine empty bins
    value = psi(ref, cur)
    assert np.isfinite(value)
    # Nine empty bins each contribute (eps - 0.1) * ln(eps / 0.1), the full one (1 - .1) ln 10.
    eps = 1e-4
    expected = 9 * (eps - 0.1) * np.log(eps / 0.1) + (1 - 0.1) * np.log(1 / 0.1)
    assert value == pytest.approx(expected, rel=1e-12)
    # A larger eps gives a smaller value: the smoothing is really applied.
    assert psi(ref, cur, eps=1e-2) < value


def test_psi_ties_merge_bins_and_values_equal_to_an_edge_go_up():
    ref = np.array([0, 0, 0, 0, 0, 1, 1, 1, 2, 2])
    edges = _psi_bin_edges(ref, bins=10)
    assert edges.tolist() == pytest.approx([0.0, 0.5, 1.0, 1.2, 2.0])
    labels, e, _ = psi_shares(ref, ref, bins=10)
    assert len(labels) == len(edges) + 1
    # side="right": 0 goes to [0, 0.5), 1 to [1, 1.2), 2 to [2, inf)
    np.testing.assert_allclose(e, [1e-4, 0.5, 1e-4, 0.3, 1e-4, 0.2])


def test_psi_categorical_uses_one_bin_per_category():
    ref = pd.Series(["laptop"] * 70 + ["mobile"] * 30, dtype="category")
    cur = pd.Series(["laptop"] * 40 + ["mobile"] * 60, dtype="category")
    expected = (0.6 - 0.3) * np.log(0.6 / 0.3) + (0.4 - 0.7) * np.log(0.4 / 0.7)
    assert psi(ref, cur) == pytest.approx(expected)
    # a category never seen in the reference is a zero-count bin there
    assert np.isfinite(psi(["a", "b"], ["a", "c"]))


@pytest.mark.parametrize("which", ["expected", "actual"])
def test_psi_empty_sample(which):
    args = {"expected": [1.0, 2.0], "actual": [1.0]}
    args[which] = []
    with pytest.raises(ValueError, match=_exact(EMPTY_SAMPLE.format(name=which))):
        psi(**args)


def test_psi_nan_and_bad_parameters():
    with pytest.raises(ValueError, match=_exact(HAS_NAN.format(name="actual", count=1))):
        psi([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(ValueError, match=_exact(NOT_AN_INTEGER.format(name="bins", bounds=" >= 2", value=1))):
        psi([1.0, 2.0], [1.0], bins=1)
    with pytest.raises(TypeError, match=_exact(NOT_AN_INTEGER.format(name="bins", bounds=" >= 2", value=2.5))):
        psi([1.0, 2.0], [1.0], bins=2.5)
    with pytest.raises(ValueError, match=_exact(NOT_A_REAL.format(name="eps", bounds=" in (0, 1)", value=0))):
        psi([1.0, 2.0], [1.0], eps=0)
    with pytest.raises(TypeError, match=_exact(NOT_A_REAL.format(name="eps", bounds=" in (0, 1)", value="x"))):
        psi([1.0, 2.0], [1.0], eps="x")


def test_ks_test_agrees_with_scipy_and_validates():
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=400), rng.normal(0.3, 1, size=300)
    res = ks_test(a, b)
    ref = stats.ks_2samp(a, b)
    assert res.statistic == pytest.approx(ref.statistic)
    assert res.pvalue == pytest.approx(ref.pvalue)
    with pytest.raises(ValueError, match=_exact(EMPTY_SAMPLE.format(name="actual"))):
        ks_test(a, [])
    with pytest.raises(TypeError, match=_exact(NOT_NUMERIC.format(name="actual", dtype="<U1"))):
        ks_test(a, ["x", "y"])

"""Tests for the CI fairness gate (responsible_ml.monitoring._gate)."""

import re

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import (
    FEWER_THAN_TWO_GROUPS,
    LENGTH_MISMATCH,
    NOT_A_REAL,
    NOT_BINARY,
    NOT_IN_OPTIONS,
)
from responsible_ml.fairness._engine import GAP_METRICS
from responsible_ml.monitoring import assert_fair as _assert_fair
from responsible_ml.monitoring import fairness_gate as _fairness_gate
from responsible_ml.monitoring._gate import GateResult

METRICS = ("tpr", "fpr", "fnr", "selection_rate", "accuracy", "precision")


def fairness_gate(y, p, g, **kw):
    return _fairness_gate(y, p, sensitive_features=g, **kw)


def assert_fair(y, p, g, **kw):
    return _assert_fair(y, p, sensitive_features=g, **kw)


def BAD_LIMIT_format(value):  # noqa: N802 - the message of a negative or non-real limit
    return NOT_A_REAL.format(name="limit", bounds=" >= 0", value=value)


def _exact(msg):
    return "^" + re.escape(msg) + "$"


def _data(tpr_a, tpr_b, n_pos=20):
    """Two groups with n_pos positives each and the given TPRs (plus some negatives)."""
    y, p, g = [], [], []
    for name, tpr in (("a", tpr_a), ("b", tpr_b)):
        k = int(round(tpr * n_pos))
        y += [1] * n_pos + [0] * 10
        p += [1] * k + [0] * (n_pos - k) + [0] * 10
        g += [name] * (n_pos + 10)
    return np.array(y), np.array(p), np.array(g)


def test_gap_exactly_at_a_decimal_limit_passes():
    # 8/10 - 7/10 is 0.10000000000000009 in binary floating point: the old `gap <= limit`
    # failed it with "tpr gap 0.100 exceeds the limit 0.100".
    y, p, g = _data(0.8, 0.7, n_pos=10)
    assert 0.8 - 0.7 > 0.1
    res = fairness_gate(y, p, g, metric="tpr", limit=0.1)
    assert res.passed, res.message
    assert not fairness_gate(y, p, g, metric="tpr", limit=0.0999).passed


def test_gate_passes_and_fails_around_the_limit():
    y, p, g = _data(0.8, 0.6)  # gap 0.2
    res = fairness_gate(y, p, g, metric="tpr", limit=0.1)
    assert isinstance(res, GateResult)
    assert not res.passed and not res
    assert res.gap == pytest.approx(0.2)
    assert res.by_group.to_dict() == pytest.approx({"a": 0.8, "b": 0.6})
    assert "FAILED" in res.message and "0.200" in res.message and "a: 0.800 (20 positives of 30)" in res.message
    assert fairness_gate(y, p, g, limit=0.25).passed


def test_gap_exactly_at_the_limit_passes():
    y, p, g = _data(0.75, 0.5)  # gap exactly 0.25 in binary floating point
    res = fairness_gate(y, p, g, limit=0.25)
    assert res.gap == 0.25 and res.passed
    assert not fairness_gate(y, p, g, limit=0.2499).passed


def test_assert_fair_raises_readable_assertion():
    y, p, g = _data(0.9, 0.5)
    with pytest.raises(AssertionError, match=r"tpr gap 0\.400 exceeds the limit 0\.100"):
        assert_fair(y, p, g)
    ok = assert_fair(*_data(0.6, 0.6))
    assert ok.passed and ok.gap == 0.0


def test_other_metrics_and_three_groups():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 600)
    p = rng.integers(0, 2, 600)
    g = rng.choice(["x", "y", "z"], 600)
    frame = pd.DataFrame({"y": y, "p": p, "g": g})
    for metric in METRICS:
        res = fairness_gate(y, p, pd.Series(g), metric=metric, limit=1.0)
        def rate(d, metric=metric):
            tp = ((d.y == 1) & (d.p == 1)).sum()
            fp = ((d.y == 0) & (d.p == 1)).sum()
            fn = ((d.y == 1) & (d.p == 0)).sum()
            tn = ((d.y == 0) & (d.p == 0)).sum()
            return {"tpr": tp / (tp + fn), "fpr": fp / (fp + tn), "fnr": fn / (tp + fn),
                    "selection_rate": (tp + fp) / len(d), "accuracy": (tp + tn) / len(d),
                    "precision": tp / (tp + fp)}[metric]
        expected = frame.groupby("g").apply(rate, include_groups=False)
        assert res.by_group.sort_index().to_numpy() == pytest.approx(expected.to_numpy())
        assert res.gap == pytest.approx(expected.max() - expected.min())


def test_gate_fails_closed_when_a_group_has_no_positives():
    y = np.array([1, 1, 0, 0, 0, 0])
    p = np.array([1, 0, 0, 1, 0, 0])
    g = np.array(["a", "a", "a", "b", "b", "b"])
    res = fairness_gate(y, p, g, limit=1.0)
    assert not res.passed
    assert np.isnan(res.by_group["b"])
    assert "undefined for group(s) b" in res.message


def test_gate_validation_messages():
    y, p, g = _data(0.5, 0.5)
    with pytest.raises(ValueError, match=_exact(BAD_LIMIT_format(value=-0.1))):
        fairness_gate(y, p, g, limit=-0.1)
    with pytest.raises(TypeError, match=_exact(BAD_LIMIT_format(value="0.1"))):
        fairness_gate(y, p, g, limit="0.1")
    with pytest.raises(ValueError, match=_exact(NOT_IN_OPTIONS.format(
            name="metric", options=", ".join(map(repr, GAP_METRICS)), value="auc"))):
        fairness_gate(y, p, g, metric="auc")
    with pytest.raises(ValueError, match=_exact(NOT_BINARY.format(name="y_pred", values="2"))):
        fairness_gate(y, p * 2, g)
    with pytest.raises(ValueError, match=_exact(LENGTH_MISMATCH.format(
            name_a="y_true", name_b="sensitive_features", len_a=len(y), len_b=3))):
        fairness_gate(y, p, g[:3])
    with pytest.raises(ValueError, match=_exact(FEWER_THAN_TWO_GROUPS.format(
            name="sensitive_features", count=1, groups="'a'"))):
        fairness_gate(y, p, np.array(["a"] * len(y)))


def test_gate_gap_agrees_with_fairlearn_and_the_fairness_module():
    import warnings

    from fairlearn.metrics import demographic_parity_difference, equal_opportunity_difference

    from responsible_ml.fairness._slicing import rate_gap

    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 800)
    p = (rng.random(800) < 0.3 + 0.4 * y).astype(int)
    g = rng.choice(["a", "b", "c"], 800, p=[0.5, 0.3, 0.2])
    from pandas.errors import Pandas4Warning

    with warnings.catch_warnings():
        # fairlearn's MetricFrame under pandas 3; nothing else is hidden.
        warnings.filterwarnings("ignore", category=Pandas4Warning)
        eo = equal_opportunity_difference(y, p, sensitive_features=g)
        dp = demographic_parity_difference(y, p, sensitive_features=g)
    assert fairness_gate(y, p, g, limit=1.0).gap == pytest.approx(eo)
    assert fairness_gate(y, p, g, metric="selection_rate", limit=1.0).gap == pytest.approx(dp)
    assert fairness_gate(y, p, g, metric="fpr", limit=1.0).gap == pytest.approx(
        rate_gap(y, p, sensitive_features=g, metric="fpr"))


def test_gate_policy_reads_the_interval():
    """A gap below the limit with a wide interval: 'point' and 'lower' pass, 'upper' fails."""
    import numpy as np

    from responsible_ml.monitoring import fairness_gate

    groups = np.repeat(["a", "b"], 60)
    y_true = np.ones(120, dtype=int)
    y_pred = np.r_[np.ones(48), np.zeros(12), np.ones(45), np.zeros(15)].astype(int)  # 0.80, 0.75
    point = fairness_gate(y_true, y_pred, sensitive_features=groups, limit=0.10)
    upper = fairness_gate(y_true, y_pred, sensitive_features=groups, limit=0.10, policy="upper")
    lower = fairness_gate(y_true, y_pred, sensitive_features=groups, limit=0.10, policy="lower")
    assert point.gap <= 0.10 < point.high
    assert point.passed and lower.passed and not upper.passed
    assert "upper end" in upper.message


def test_gate_policy_lower_fails_only_when_shown():
    import numpy as np
    import pytest

    from responsible_ml.monitoring import fairness_gate

    groups = np.repeat(["a", "b"], 1000)
    y_true = np.ones(2000, dtype=int)
    y_pred = np.r_[np.ones(900), np.zeros(100), np.ones(600), np.zeros(400)].astype(int)
    assert not fairness_gate(y_true, y_pred, sensitive_features=groups, policy="lower").passed
    with pytest.raises(ValueError, match="policy"):
        fairness_gate(y_true, y_pred, sensitive_features=groups, policy="median")


def test_gate_pass_rates_match_the_gate_draw_by_draw():
    import numpy as np
    import pytest

    from responsible_ml.monitoring import fairness_gate, gate_pass_rates

    n, rates = [283, 122], [0.75, 0.60]
    fast = gate_pass_rates(n, rates, limit=0.10, draws=60, random_state=3)
    k = np.random.default_rng(3).binomial(np.array(n), np.array(rates), size=(60, 2))
    groups = np.repeat(["a", "b"], n)
    slow = {p: 0.0 for p in fast}
    for row in k:
        y_pred = np.r_[np.ones(row[0]), np.zeros(n[0] - row[0]), np.ones(row[1]),
                       np.zeros(n[1] - row[1])].astype(int)
        for p in slow:
            slow[p] += fairness_gate(np.ones(sum(n), int), y_pred, sensitive_features=groups,
                                     limit=0.10, policy=p).passed / 60
    assert fast == pytest.approx(slow)
    assert fast["upper"] <= fast["point"] <= fast["lower"] and fast["upper"] < fast["lower"]
    with pytest.raises(ValueError, match="same length"):
        gate_pass_rates([10], [0.5])

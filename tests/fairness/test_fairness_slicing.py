"""Unit tests for responsible_ml.fairness slicing (metrics by group, gaps, four-fifths)."""

import math
import re

import numpy as np
import pandas as pd
import pytest

from responsible_ml import _validation as v
from responsible_ml.fairness import group_gap, metrics_by_group
from responsible_ml.fairness._engine import _EMPTY_INPUT as EMPTY_INPUT
from responsible_ml.fairness._engine import _NOT_A_TABLE as NOT_A_TABLE
from responsible_ml.fairness._engine import _NOT_ONE_DIMENSIONAL as NOT_ONE_DIMENSIONAL
from responsible_ml.fairness._engine import (
    INTERSECTION_SEP,
    RATE_COLUMNS,
    encode_groups,
    group_rates,
)
from responsible_ml.fairness._slicing import rate_gap

TABLE_COLUMNS = ("count", "positives", "negatives",
                 *[c for r in RATE_COLUMNS for c in (r, f"{r}_low", f"{r}_high")], "small")


def _mbg(y, p, g, **kw):
    return metrics_by_group(y, p, sensitive_features=g, **kw)


def _table(column, values, index, **extra):
    """A hand-made table with the columns group_gap reads (interval = the value itself)."""
    data = {column: values, f"{column}_low": values, f"{column}_high": values, **extra}
    return pd.DataFrame(data, index=index)


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture
def small_data():
    # group a: 4 rows (tp, tn, fp, fn); group b: 3 rows, no negatives.
    y_true = [1, 0, 0, 1, 1, 1, 1]
    y_pred = [1, 0, 1, 0, 1, 1, 0]
    groups = ["a", "a", "a", "a", "b", "b", "b"]
    return y_true, y_pred, groups


def test_rates_by_hand(small_data):
    t = _mbg(*small_data, min_group_size=1)
    assert list(t.columns) == list(TABLE_COLUMNS)
    assert list(t.index) == ["a", "b"]
    a, b = t.loc["a"], t.loc["b"]
    assert a["count"] == 4 and a["positives"] == 2
    assert a["base_rate"] == 0.5 and a["selection_rate"] == 0.5 and a["accuracy"] == 0.5
    assert a["tpr"] == 0.5 and a["fpr"] == 0.5 and a["fnr"] == 0.5 and a["precision"] == 0.5
    assert b["count"] == 3 and b["tpr"] == pytest.approx(2 / 3)
    assert b["selection_rate"] == pytest.approx(2 / 3)  # by group size, not the total (7)


def test_group_without_positives_or_negatives_is_nan_and_small(small_data):
    t = _mbg(*small_data, min_group_size=1)
    assert math.isnan(t.loc["b", "fpr"])  # no negatives in b
    assert bool(t.loc["b", "small"]) is True
    t2 = _mbg([0, 0, 1, 0], [0, 1, 1, 0], ["x", "x", "y", "y"], min_group_size=1)
    assert math.isnan(t2.loc["x", "tpr"]) and math.isnan(t2.loc["x", "fnr"])
    assert t2.loc["x", "fpr"] == 0.5


def test_precision_nan_when_nobody_selected():
    t = _mbg([1, 0, 1, 0], [0, 0, 1, 0], ["x", "x", "y", "y"], min_group_size=1)
    assert math.isnan(t.loc["x", "precision"]) and t.loc["y", "precision"] == 1.0


def test_small_flag_by_size():
    rng = np.random.default_rng(1)
    n = 200
    y = rng.integers(0, 2, n)
    p = rng.integers(0, 2, n)
    g = np.where(np.arange(n) < 20, "tiny", "big")
    t = _mbg(y, p, g, min_group_size=30)
    assert bool(t.loc["tiny", "small"]) and not bool(t.loc["big", "small"])
    t = _mbg(y, p, g, min_group_size=10)
    assert not bool(t.loc["tiny", "small"])


def test_intersections_use_joined_labels():
    s = pd.DataFrame({"sex": ["F", "F", "M", "M", "F"], "race": ["A", "B", "A", "B", "A"]})
    t = _mbg([1, 0, 1, 0, 0], [1, 0, 0, 0, 1], s, min_group_size=1)
    assert list(t.index) == [f"F{INTERSECTION_SEP}A", f"F{INTERSECTION_SEP}B",
                             f"M{INTERSECTION_SEP}A", f"M{INTERSECTION_SEP}B"]
    assert t.index.name == f"sex{INTERSECTION_SEP}race"
    assert t.loc["F × A", "count"] == 2 and t.loc["F × A", "selection_rate"] == 1.0


def test_series_name_and_categorical_input():
    s = pd.Series(pd.Categorical(["u", "v", "u", "v"], categories=["u", "v", "w"]), name="bg")
    t = _mbg(pd.Series([1, 0, 1, 1]), np.array([True, False, True, False]), s,
                         min_group_size=1)
    assert t.index.name == "bg" and list(t.index) == ["u", "v"]  # unused category dropped


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_by_group_is_the_engine(seed):
    rng = np.random.default_rng(seed)
    n = 3000
    y = rng.integers(0, 2, n)
    p = rng.integers(0, 2, n)
    s = pd.DataFrame({"a": rng.choice(["x", "y", "z"], n, p=[0.6, 0.39, 0.01]),
                      "b": rng.choice(["u", "v"], n)})
    slow = _mbg(y, p, s)
    fast = group_rates(y, p, encode_groups(s))
    pd.testing.assert_frame_equal(slow, fast)


def test_matches_fairlearn_metrics_directly():
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    rng = np.random.default_rng(3)
    n = 500
    y = rng.integers(0, 2, n)
    p = rng.integers(0, 2, n)
    g = rng.choice(["a", "b", "c"], n)
    mf = MetricFrame(metrics={"tpr": true_positive_rate, "fpr": false_positive_rate,
                              "selection_rate": selection_rate},
                     y_true=y, y_pred=p, sensitive_features=g)
    t = _mbg(y, p, g)
    for col in ["tpr", "fpr", "selection_rate"]:
        np.testing.assert_allclose(t[col].to_numpy(), mf.by_group[col].to_numpy())


# --- gaps ------------------------------------------------------------------------------
def test_group_gap_difference_ratio_and_four_fifths():
    t = _table("selection_rate", [0.5, 0.4, 0.3], ["a", "b", "c"])
    gap = group_gap(t, "selection_rate")
    assert gap.difference == pytest.approx(0.2)
    assert gap.ratio == pytest.approx(0.6)  # min / max, not max / min
    assert gap.min_group == "c" and gap.max_group == "a"
    assert gap.passes_four_fifths is False


def test_four_fifths_boundary_is_inclusive():
    t = _table("selection_rate", [0.5, 0.4], ["a", "b"])
    assert group_gap(t, "selection_rate").passes_four_fifths is True


def test_group_gap_rules_for_undefined_and_exclude_small():
    t = _table("tpr", [0.9, np.nan, 0.6, 0.1], ["a", "b", "c", "d"],
               small=[False, True, False, True])
    with pytest.raises(ValueError, match="'b'"):
        group_gap(t, "tpr")  # fails closed by default
    assert math.isnan(group_gap(t, "tpr", undefined="nan").difference)
    assert group_gap(t, "tpr", undefined="nan").undefined_groups == ("b",)
    assert group_gap(t, "tpr", undefined="ignore").min_group == "d"
    gap = group_gap(t, "tpr", undefined="ignore", exclude_small=True)
    assert gap.min_group == "c" and gap.difference == pytest.approx(0.3)


def test_group_gap_of_a_table_without_intervals_has_nan_limits():
    t = pd.DataFrame({"tpr": [0.9, 0.6]}, index=["a", "b"])
    gap = group_gap(t, "tpr")
    assert gap.difference == pytest.approx(0.3) and math.isnan(gap.low) and math.isnan(gap.high)


def test_group_gap_ratio_nan_when_max_zero():
    t = _table("selection_rate", [0.0, 0.0], ["a", "b"])
    gap = group_gap(t, "selection_rate")
    assert math.isnan(gap.ratio) and gap.passes_four_fifths is False


def test_rate_gap(small_data):
    y, p, g = small_data
    assert rate_gap(y, p, sensitive_features=g) == pytest.approx(2 / 3 - 0.5)
    assert rate_gap(y, p, sensitive_features=g, metric="selection_rate") == pytest.approx(
        2 / 3 - 0.5)


# --- validation ------------------------------------------------------------------------
def test_mismatched_lengths():
    msg = v.LENGTH_MISMATCH.format(name_a="y_true", name_b="y_pred", len_a=3, len_b=2)
    with pytest.raises(ValueError, match=_exact(msg)):
        _mbg([1, 0, 1], [1, 0], ["a", "b", "a"])
    msg = v.LENGTH_MISMATCH.format(name_a="y_true", name_b="sensitive_features", len_a=2, len_b=3)
    with pytest.raises(ValueError, match=_exact(msg)):
        _mbg([1, 0], [1, 0], ["a", "b", "a"])


def test_nan_rejected():
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="y_true", count=1))):
        _mbg([1, np.nan], [1, 0], ["a", "b"])
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="sensitive_features", count=1))):
        _mbg([1, 0], [1, 0], pd.Series(["a", None]))


def test_empty_rejected():
    with pytest.raises(ValueError, match=_exact(EMPTY_INPUT.format(name="y_true"))):
        _mbg([], [], [])


def test_one_group_rejected():
    msg = v.FEWER_THAN_TWO_GROUPS.format(name="sensitive_features", count=1, groups="'a'")
    with pytest.raises(ValueError, match=_exact(msg)):
        _mbg([1, 0], [1, 0], ["a", "a"])


def test_non_binary_rejected():
    with pytest.raises(ValueError, match=_exact(v.NOT_BINARY.format(name="y_pred",
                                                                     values="0.7"))):
        _mbg([1, 0], [0.7, 0], ["a", "b"])
    with pytest.raises(ValueError, match=_exact(v.NOT_BINARY.format(name="y_true",
                                                                     values="2"))):
        _mbg([2, 0], [1, 0], ["a", "b"])


def test_2d_array_sensitive_rejected():
    arr = np.array([["a", "b"], ["c", "d"]])
    with pytest.raises(TypeError, match=_exact(NOT_ONE_DIMENSIONAL.format(name="sensitive_features",
                                                                          shape=(2, 2)))):
        _mbg([1, 0], [1, 0], arr)


@pytest.mark.parametrize("bad, exc", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_min_group_size(bad, exc):
    msg = v.NOT_AN_INTEGER.format(name="min_group_size", bounds=" >= 1", value=bad)
    with pytest.raises(exc, match=_exact(msg)):
        _mbg([1, 0], [1, 0], ["a", "b"], min_group_size=bad)


def test_unknown_metric():
    t = _table("tpr", [0.5, 0.4], ["a", "b"])
    opts = ", ".join(repr(m) for m in ["base_rate", "selection_rate", "accuracy", "tpr", "fpr",
                                       "fnr", "precision", "equalized_odds"])
    msg = v.NOT_IN_OPTIONS.format(name="metric", options=opts, value="recall")
    with pytest.raises(ValueError, match=_exact(msg)):
        group_gap(t, "recall")
    with pytest.raises(ValueError, match=_exact(msg)):
        rate_gap([1, 0], [1, 0], sensitive_features=["a", "b"], metric="recall")
    with pytest.raises(ValueError):
        group_gap(t, 3)


def test_group_gap_bad_table():
    cols = "'fpr'"
    with pytest.raises(TypeError, match=_exact(NOT_A_TABLE.format(name="table", columns=cols))):
        group_gap({"fpr": [1]}, "fpr")
    with pytest.raises(ValueError, match=_exact(NOT_A_TABLE.format(name="table", columns=cols))):
        group_gap(pd.DataFrame({"tpr": [1, 2]}), "fpr")
    t = _table("tpr", [0.5, np.nan], ["a", "b"])
    msg = v.FEWER_THAN_TWO_GROUPS.format(name="table", count=1, groups="'a'")
    with pytest.raises(ValueError, match=_exact(msg)):
        group_gap(t, "tpr", undefined="ignore")

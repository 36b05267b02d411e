"""Unit tests for responsible_ml._validation (exact messages)."""

import re

import numpy as np
import pandas as pd
import pytest

from responsible_ml import _validation as v


def _exact(msg):
    return "^" + re.escape(msg) + "$"


# --- check_frame -----------------------------------------------------------------------
def test_check_frame_ok():
    df = pd.DataFrame({"a": [1]})
    assert v.check_frame(df, "df") is df


def test_check_frame_type():
    with pytest.raises(
        TypeError, match=_exact(v.NOT_A_FRAME.format(name="data", type_name="list"))
    ):
        v.check_frame([1, 2], "data")


def test_check_frame_empty():
    with pytest.raises(ValueError, match=_exact(v.EMPTY_FRAME.format(name="data"))):
        v.check_frame(pd.DataFrame({"a": []}), "data")


# --- check_columns ---------------------------------------------------------------------
def test_check_columns_ok_and_str():
    df = pd.DataFrame({"a": [1], "b": [2]})
    assert v.check_columns(df, ["a", "b"], "df") == ["a", "b"]
    assert v.check_columns(df, "a", "df") == ["a"]


def test_check_columns_missing_lists_available():
    df = pd.DataFrame({"a": [1], "b": [2]})
    msg = v.UNKNOWN_COLUMNS.format(name="df", missing="'z'", available="'a', 'b'")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_columns(df, ["a", "z"], "df")


# --- check_no_nan ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [[1.0, np.nan, np.nan], pd.Series([1, None, None]), pd.Series(["a", pd.NA, None])],
)
def test_check_no_nan_counts(values):
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="x", count=2))):
        v.check_no_nan(values, "x")


def test_check_no_nan_ok_frame():
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert v.check_no_nan(df, "df") is df
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="df", count=1))):
        v.check_no_nan(df.assign(c=[1.0, np.nan]), "df")


# --- check_same_length -----------------------------------------------------------------
def test_check_same_length():
    assert v.check_same_length([1, 2], np.array([3, 4]), "y_true", "y_pred") == 2
    msg = v.LENGTH_MISMATCH.format(name_a="y_true", name_b="y_pred", len_a=2, len_b=3)
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_same_length([1, 2], [1, 2, 3], "y_true", "y_pred")


# --- check_binary ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [
        [0, 1, 1],
        [True, False],
        np.array([0.0, 1.0]),
        pd.Series([1, 0], dtype="int8"),
        pd.Series([True, False], dtype="boolean"),
    ],
)
def test_check_binary_ok(values):
    out = v.check_binary(values, "y")
    assert out.dtype == np.int64
    assert set(out.tolist()) <= {0, 1}


def test_check_binary_bad_values():
    msg = v.NOT_BINARY.format(name="y", values="2, 3")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_binary([0, 1, 2, 3], "y")
    msg = v.NOT_BINARY.format(name="y", values="'yes'")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_binary(["yes", 1], "y")


def test_check_binary_nan():
    with pytest.raises(ValueError, match=_exact(v.HAS_NAN.format(name="y", count=1))):
        v.check_binary([0, np.nan], "y")


def test_check_binary_one_class():
    assert v.check_binary([1, 1], "y").tolist() == [1, 1]
    with pytest.raises(ValueError, match=_exact(v.ONE_CLASS.format(name="y", value=1))):
        v.check_binary([1, 1], "y", require_both=True)
    with pytest.raises(ValueError, match=_exact(v.ONE_CLASS.format(name="y", value=0))):
        v.check_binary([False], "y", require_both=True)


# --- check_at_least_two_groups ---------------------------------------------------------
def test_check_groups():
    assert list(v.check_at_least_two_groups(["a", "b", "a"], "g")) == ["a", "b"]
    msg = v.FEWER_THAN_TWO_GROUPS.format(name="sensitive", count=1, groups="'a'")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_at_least_two_groups(pd.Series(["a", "a"]), "sensitive")
    msg = v.FEWER_THAN_TWO_GROUPS.format(name="g", count=0, groups="none")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_at_least_two_groups([], "g")


# --- numbers ---------------------------------------------------------------------------
@pytest.mark.parametrize("x", [0, 0.5, 1, np.float64(0.2)])
def test_check_probability_ok(x):
    assert v.check_probability(x, "p") == float(x)


@pytest.mark.parametrize("x", [-0.1, 1.5])
def test_check_probability_range(x):
    with pytest.raises(ValueError, match=_exact(v.NOT_A_PROBABILITY.format(name="p", value=x))):
        v.check_probability(x, "p")


@pytest.mark.parametrize("x", ["0.5", None, True])
def test_check_number_type(x):
    with pytest.raises(TypeError, match=_exact(v.NOT_A_NUMBER.format(name="p", value=x))):
        v.check_probability(x, "p")
    with pytest.raises(TypeError, match=_exact(v.NOT_A_NUMBER.format(name="eps", value=x))):
        v.check_positive(x, "eps")


def test_check_number_nan():
    with pytest.raises(
        ValueError, match=_exact(v.NOT_A_NUMBER.format(name="p", value=float("nan")))
    ):
        v.check_probability(float("nan"), "p")


def test_check_positive():
    assert v.check_positive(2, "epsilon") == 2.0
    for x in (0, -1.5):
        msg = v.NOT_POSITIVE.format(name="epsilon", value=x)
        with pytest.raises(ValueError, match=_exact(msg)):
            v.check_positive(x, "epsilon")


def test_check_in():
    assert v.check_in("a", ("a", "b"), "kind") == "a"
    msg = v.NOT_IN_OPTIONS.format(name="kind", options="'a', 'b'", value="c")
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_in("c", ("a", "b"), "kind")
    msg = v.NOT_IN_OPTIONS.format(name="kind", options="'a', 'b'", value=[1])
    with pytest.raises(ValueError, match=_exact(msg)):
        v.check_in([1], ("a", "b"), "kind")


def test_constants_name_argument():
    for const in v.__all__:
        if const.isupper():
            assert "{name" in getattr(v, const)

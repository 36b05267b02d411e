"""Unit tests for responsible_ml._validation (exact messages)."""

import ast
import math
import pathlib
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


# --------------------------------------------------------------------------- check_integer/real
@pytest.mark.parametrize("x", [3, np.int64(3), np.uint8(3)])
def test_check_integer_accepts_numpy_integers(x):
    out = v.check_integer(x, "n", low=1, high=5)
    assert out == 3 and type(out) is int


@pytest.mark.parametrize("x", [True, np.bool_(False), 3.0, "3", None])
def test_check_integer_rejects_bool_float_and_text(x):
    with pytest.raises(TypeError, match=_exact(v.NOT_AN_INTEGER.format(
            name="n", bounds=" >= 1", value=x))):
        v.check_integer(x, "n", low=1)


@pytest.mark.parametrize(("kwargs", "bounds", "inside", "outside"), [
    ({"low": 1}, " >= 1", [1, 10**9], [0, -3]),
    ({"low": None, "high": 5}, " <= 5", [-7, 5], [6]),
    ({"low": 1, "high": 5}, " in [1, 5]", [1, 5], [0, 6]),
    ({"low": 1, "high": 5, "closed": "neither"}, " in (1, 5)", [2, 4], [1, 5]),
    ({"low": 1, "closed": "right"}, " > 1", [2], [1]),
    ({"low": None}, "", [-(10**9), 0], []),
])
def test_check_integer_interval(kwargs, bounds, inside, outside):
    for x in inside:
        assert v.check_integer(x, "k", **kwargs) == x
    for x in outside:
        with pytest.raises(ValueError, match=_exact(v.NOT_AN_INTEGER.format(
                name="k", bounds=bounds, value=x))):
            v.check_integer(x, "k", **kwargs)


def test_check_real_interval_nan_inf_and_types():
    assert v.check_real(1, "eps", low=0, closed="neither") == 1.0
    assert v.check_real(0.0, "delta", low=0, high=1, closed="left") == 0.0
    for bad in (0.0, 1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match=_exact(v.NOT_A_REAL.format(
                name="eps", bounds=" in (0, 1)", value=bad))):
            v.check_real(bad, "eps", low=0, high=1, closed="neither")
    assert v.check_real(math.inf, "epsilon", low=0, closed="neither", allow_inf=True) == math.inf
    with pytest.raises(ValueError):
        v.check_real(-math.inf, "epsilon", low=0, closed="neither", allow_inf=True)
    for bad in (True, "0.5", None, [0.5]):
        with pytest.raises(TypeError, match=_exact(v.NOT_A_REAL.format(
                name="level", bounds="", value=bad))):
            v.check_real(bad, "level")


# --------------------------------------------------------------------------- no clones
LIB = pathlib.Path(v.__file__).parent

#: Wording of a hand-written scalar check's message: "... must be an integer >= 1",
#: "... must be a whole number", "... a positive int", "... a number strictly between 0 and 1".
#: ("an integer array", "a pair of finite numbers", "a list of numbers", and array checks
#: such as implied_fpr's "must lie strictly between 0 and 1" are not scalar checks.)
SCALAR_MESSAGE = re.compile(
    r"must be (?:a |an )?(?:positive |non-negative |whole |finite |real )*"
    r"(?:integer|int|whole number|number|float)\b(?! array)",
    re.IGNORECASE,
)


def _strings(node) -> list[str]:
    """The text of a string constant, or of a parenthesised concatenation of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    return []


def _is_integer_isinstance(node) -> bool:
    """``isinstance(x, numbers.Integral)``, ``isinstance(x, int)``, ``... int | np.integer``."""
    if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance"
            and len(node.args) == 2):
        return False
    names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None)
             for n in ast.walk(node.args[1])}
    return bool(names & {"Integral", "int", "integer"})


def scalar_check_clones(root: pathlib.Path) -> list[str]:
    """Hand-written scalar checks outside ``_validation.py``, as ``path:line: what``.

    Two signs: a module-level message constant worded like a scalar check, and an ``if``
    that tests ``isinstance(..., numbers.Integral / int)`` and raises.
    """
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "_validation.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root)
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                for text in _strings(node.value):
                    if SCALAR_MESSAGE.search(text):
                        found.append(f"{rel}:{node.lineno}: message {text!r}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.If)
                    and any(_is_integer_isinstance(n) for n in ast.walk(node.test))
                    and any(isinstance(n, ast.Raise) for b in node.body for n in ast.walk(b))):
                found.append(f"{rel}:{node.lineno}: isinstance(..., int) check that raises")
    return found


def test_no_hand_written_scalar_checks_outside_validation():
    # Use check_integer / check_real (messages NOT_AN_INTEGER / NOT_A_REAL), check_in and
    # check_columns instead of a local clone with its own message.
    assert scalar_check_clones(LIB) == []


def test_clone_detector_finds_the_old_clones(tmp_path):
    # The shapes the clones had before checkpoint 2 (monitoring/_windows.py, privacy/_dp.py,
    # data/_case_study.py): each is found.
    (tmp_path / "_old.py").write_text(
        'import numbers\n'
        '_BAD_WINDOW = "window must be an integer >= 1, got {value!r}"\n'
        '_BAD_COUNT = "{name} must be a whole number >= 1, got {value!r}"\n'
        '_BAD_SHARE = "{name} must be a number strictly between 0 and 1, got {value!r}"\n'
        'BAD_WORKERS = "workers must be a positive int, got {value!r}"\n'
        '_BAD_COUNTS = "counts must be an integer array (..., 4); got shape {shape}"\n'
        'def _check_window(window):\n'
        '    if isinstance(window, bool) or not isinstance(window, numbers.Integral):\n'
        '        raise TypeError(_BAD_WINDOW.format(value=window))\n'
        '    return int(window)\n',
        encoding="utf-8")
    found = scalar_check_clones(tmp_path)
    assert [f.split(":")[1] for f in found] == ["2", "3", "4", "5", "8"]


def test_check_nonempty_list():
    msg = "items must be a non-empty list, got {value!r}"
    assert v.check_nonempty_list((1, 2), msg) == [1, 2]
    assert v.check_nonempty_list("col", msg, wrap_str=True) == ["col"]
    for bad, kind in ((3, TypeError), ("ab", TypeError), (b"ab", TypeError), ([], ValueError)):
        with pytest.raises(kind) as err:
            v.check_nonempty_list(bad, msg)
        assert str(err.value) == msg.format(value=bad)

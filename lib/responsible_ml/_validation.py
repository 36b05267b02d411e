"""Shared input validation for every module of :mod:`responsible_ml`.

Each helper raises :class:`TypeError` or :class:`ValueError` with a message built from one
of the module-level constants below, so tests (and other modules) can compare the exact
text with ``CONSTANT.format(...)``. Every message names the offending argument.

The helpers return the validated value (converted where stated) so they can be used inline::

    y = check_binary(y, "y_true")
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "NOT_A_FRAME",
    "EMPTY_FRAME",
    "UNKNOWN_COLUMNS",
    "HAS_NAN",
    "LENGTH_MISMATCH",
    "NOT_BINARY",
    "ONE_CLASS",
    "FEWER_THAN_TWO_GROUPS",
    "NOT_A_NUMBER",
    "NOT_A_PROBABILITY",
    "NOT_POSITIVE",
    "NOT_IN_OPTIONS",
    "check_frame",
    "check_columns",
    "check_no_nan",
    "check_same_length",
    "check_binary",
    "check_at_least_two_groups",
    "check_probability",
    "check_positive",
    "check_in",
    "check_integer",
    "check_real",
    "check_nonempty_list",
    "NOT_SCORES",
    "NOT_REAL_SCORES",
    "EMPTY_SCORES",
    "check_scores",
    "is_placeholder",
    "exceeds",
    "within",
]

NOT_A_FRAME = "{name} must be a pandas DataFrame, got {type_name}"
EMPTY_FRAME = "{name} is empty (it has no rows)"
UNKNOWN_COLUMNS = "{name} has no column(s) {missing}; available columns: {available}"
HAS_NAN = "{name} contains {count} missing value(s) (NaN/None); drop or fill them first"
LENGTH_MISMATCH = "{name_a} and {name_b} must have the same length, got {len_a} and {len_b}"
NOT_BINARY = "{name} must contain only 0/1 or True/False, found {values}"
ONE_CLASS = "{name} contains only one class ({value!r}); both 0 and 1 are needed"
FEWER_THAN_TWO_GROUPS = "{name} must contain at least two groups, found {count}: {groups}"
NOT_A_NUMBER = "{name} must be a real number, got {value!r}"
NOT_A_PROBABILITY = "{name} must be a number between 0 and 1 (inclusive), got {value!r}"
NOT_POSITIVE = "{name} must be a number greater than 0, got {value!r}"
NOT_IN_OPTIONS = "{name} must be one of {options}, got {value!r}"
NOT_AN_INTEGER = "{name} must be an integer{bounds}, got {value!r}"
NOT_A_REAL = "{name} must be a real number{bounds}, got {value!r}"
NOT_SCORES = "{name} must hold numbers between 0 and 1 (scores), found {value!r}"
NOT_REAL_SCORES = "{name} must hold real numbers, got dtype {dtype}"
EMPTY_SCORES = "{name} is empty (it has no values)"
#: Rounding slack of every limit comparison (absolute, and relative to the limit): a value
#: that equals the limit in exact arithmetic (8/10 − 7/10 against 0.10) is *at* the limit.
LIMIT_SLACK = 1e-9

#: Texts that count as "not written yet" (compared case-insensitively, stripped).
PLACEHOLDERS = frozenset({
    "", "todo", "tbd", "tba", "...", "…", "xxx", "n/a", "na", "none", "-", "?",
    "your answer here", "fill in", "fill me in", "to do", "placeholder",
})


def check_frame(df: Any, name: str = "df") -> pd.DataFrame:
    """Check that `df` is a non-empty :class:`pandas.DataFrame`.

    Parameters
    ----------
    df : object
        The value to check.
    name : str
        Argument name used in the error message.

    Returns
    -------
    pandas.DataFrame
        `df`, unchanged.

    Raises
    ------
    TypeError
        If `df` is not a DataFrame (:data:`NOT_A_FRAME`).
    ValueError
        If `df` has no rows (:data:`EMPTY_FRAME`).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(NOT_A_FRAME.format(name=name, type_name=type(df).__name__))
    if len(df) == 0:
        raise ValueError(EMPTY_FRAME.format(name=name))
    return df


def check_columns(df: pd.DataFrame, columns: str | Iterable[str], name: str = "df", *,
                  message: str = UNKNOWN_COLUMNS) -> list[str]:
    """Check that every column in `columns` exists in `df`.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame to look in (checked with :func:`check_frame` first).
    columns : str or iterable of str
        One column name or several.
    name : str
        Argument name of `df` used in the error message.
    message : str
        Message template for a missing column (a module constant of the caller).

    Returns
    -------
    list of str
        The requested columns as a list.

    Raises
    ------
    ValueError
        If a column is missing (``message``, by default :data:`UNKNOWN_COLUMNS`, with the
        placeholders ``name``, ``missing`` and ``available``).
    """
    check_frame(df, name)
    cols = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(
            message.format(
                name=name,
                missing=", ".join(map(repr, missing)),
                available=", ".join(map(repr, df.columns)),
            )
        )
    return cols


def _as_array(values: Any) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        return values.to_numpy()
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object) if values.hasnans else values.to_numpy()
    if isinstance(values, np.ndarray):
        return values
    arr = np.asarray(values)
    # A mixed list such as ["yes", 1] would be coerced to strings; keep the original objects.
    return np.asarray(values, dtype=object) if arr.dtype.kind in "USO" else arr


def check_no_nan(values: Any, name: str = "values") -> Any:
    """Check that `values` contains no missing value (NaN, None, ``pd.NA``, NaT).

    Parameters
    ----------
    values : array-like, Series or DataFrame
        The values to check.
    name : str
        Argument name used in the error message.

    Returns
    -------
    object
        `values`, unchanged.

    Raises
    ------
    ValueError
        If any value is missing (:data:`HAS_NAN`, gives the count).
    """
    count = int(pd.isna(_as_array(values)).sum())
    if count:
        raise ValueError(HAS_NAN.format(name=name, count=count))
    return values


def check_same_length(
    a: Sequence | Any, b: Sequence | Any, name_a: str = "a", name_b: str = "b"
) -> int:
    """Check that `a` and `b` have the same length.

    Parameters
    ----------
    a, b : sized
        Arrays, Series, lists or frames.
    name_a, name_b : str
        Argument names used in the error message.

    Returns
    -------
    int
        The common length.

    Raises
    ------
    ValueError
        If the lengths differ (:data:`LENGTH_MISMATCH`).
    """
    len_a, len_b = len(a), len(b)
    if len_a != len_b:
        raise ValueError(
            LENGTH_MISMATCH.format(name_a=name_a, name_b=name_b, len_a=len_a, len_b=len_b)
        )
    return len_a


def check_binary(values: Any, name: str = "values", *, require_both: bool = False) -> np.ndarray:
    """Check that `values` holds only 0/1 (or booleans) and return it as an int array.

    Parameters
    ----------
    values : array-like
        Labels or predictions. Missing values are rejected (:data:`HAS_NAN`).
    name : str
        Argument name used in the error message.
    require_both : bool, default False
        If True, also require that both classes occur (:data:`ONE_CLASS`).

    Returns
    -------
    numpy.ndarray
        The values as a 1-d ``int64`` array of 0 and 1.

    Raises
    ------
    ValueError
        If a value other than 0/1/True/False occurs (:data:`NOT_BINARY`, lists up to five
        offending values), or, with ``require_both=True``, only one class is present.
    """
    check_no_nan(values, name)
    arr = _as_array(values).ravel()
    uniques = pd.unique(arr)
    bad = []
    for u in uniques:
        if isinstance(u, bool | np.bool_):
            continue
        if isinstance(u, numbers.Real) and not isinstance(u, bool) and u in (0, 1):
            continue
        bad.append(u)
    if bad:
        shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in bad[:5])
        raise ValueError(NOT_BINARY.format(name=name, values=shown))
    out = arr.astype(np.int64)
    if require_both:
        present = np.unique(out)
        if len(present) < 2:
            value = int(present[0]) if len(present) else None
            raise ValueError(ONE_CLASS.format(name=name, value=value))
    return out


def check_at_least_two_groups(groups: Any, name: str = "groups") -> np.ndarray:
    """Check that `groups` (a sensitive attribute) contains at least two distinct groups.

    Parameters
    ----------
    groups : array-like
        Group labels, one per row. Missing values are rejected (:data:`HAS_NAN`).
    name : str
        Argument name used in the error message.

    Returns
    -------
    numpy.ndarray
        The distinct groups, in order of first appearance.

    Raises
    ------
    ValueError
        If fewer than two groups occur (:data:`FEWER_THAN_TWO_GROUPS`).
    """
    check_no_nan(groups, name)
    uniques = pd.unique(_as_array(groups).ravel())
    if len(uniques) < 2:
        shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in uniques)
        raise ValueError(
            FEWER_THAN_TWO_GROUPS.format(name=name, count=len(uniques), groups=shown or "none")
        )
    return uniques


def _check_real_where(x: Any, name: str, holds: Callable[[float], bool], message: str) -> float:
    """`x` as a float: a real number, not NaN (:data:`NOT_A_NUMBER`), for which `holds` is true
    (else `message`, formatted with `name` and `x`)."""
    if isinstance(x, bool | np.bool_) or not isinstance(x, numbers.Real):
        raise TypeError(NOT_A_NUMBER.format(name=name, value=x))
    value = float(x)
    if math.isnan(value):
        raise ValueError(NOT_A_NUMBER.format(name=name, value=x))
    if not holds(value):
        raise ValueError(message.format(name=name, value=x))
    return value


def check_probability(x: Any, name: str = "x") -> float:
    """Check that `x` is a real number in the closed interval [0, 1].

    Parameters
    ----------
    x : float
        The value to check (bools are rejected).
    name : str
        Argument name used in the error message.

    Returns
    -------
    float
        `x` as a float.

    Raises
    ------
    TypeError
        If `x` is not a real number (:data:`NOT_A_NUMBER`).
    ValueError
        If `x` is NaN (:data:`NOT_A_NUMBER`) or outside [0, 1] (:data:`NOT_A_PROBABILITY`).
    """
    return _check_real_where(x, name, lambda value: 0.0 <= value <= 1.0, NOT_A_PROBABILITY)


def check_positive(x: Any, name: str = "x") -> float:
    """Check that `x` is a real number strictly greater than 0.

    Parameters
    ----------
    x : float
        The value to check (bools are rejected).
    name : str
        Argument name used in the error message.

    Returns
    -------
    float
        `x` as a float.

    Raises
    ------
    TypeError
        If `x` is not a real number (:data:`NOT_A_NUMBER`).
    ValueError
        If `x` is NaN (:data:`NOT_A_NUMBER`) or ≤ 0 (:data:`NOT_POSITIVE`).
    """
    return _check_real_where(x, name, lambda value: value > 0.0, NOT_POSITIVE)


def check_in(value: Any, options: Iterable[Any], name: str = "value") -> Any:
    """Check that `value` is one of `options`.

    Parameters
    ----------
    value : object
        The value to check.
    options : iterable
        The allowed values.
    name : str
        Argument name used in the error message.

    Returns
    -------
    object
        `value`, unchanged.

    Raises
    ------
    ValueError
        If `value` is not among `options` (:data:`NOT_IN_OPTIONS`).
    """
    opts = list(options)
    try:
        ok = value in opts
    except TypeError:  # unhashable/odd comparisons
        ok = False
    if not ok:
        raise ValueError(
            NOT_IN_OPTIONS.format(name=name, options=", ".join(map(repr, opts)), value=value)
        )
    return value


def _bounds(low, high, closed: str) -> str:
    left = "[" if closed in ("both", "left") else "("
    right = "]" if closed in ("both", "right") else ")"
    if low is None and high is None:
        return ""
    if high is None:
        return f" >= {low}" if left == "[" else f" > {low}"
    if low is None:
        return f" <= {high}" if right == "]" else f" < {high}"
    return f" in {left}{low}, {high}{right}"


def _inside(value: float, low, high, closed: str) -> bool:
    if low is not None and (value < low or (value == low and closed in ("neither", "right"))):
        return False
    if high is not None and (value > high or (value == high and closed in ("neither", "left"))):
        return False
    return True


def check_integer(x: Any, name: str, *, low: int | None, high: int | None = None,
                  closed: str = "both") -> int:
    """Check that `x` is an integer in an interval (like :func:`sklearn.utils.check_scalar`).

    Parameters
    ----------
    x : int
        The value to check; bools are rejected, NumPy integers accepted.
    name : str
        Argument name used in the error message.
    low, high : int or None
        Bounds of the interval (None: unbounded on that side).
    closed : {"both", "left", "right", "neither"}, default "both"
        Which bounds belong to the interval (as :class:`sklearn.utils._param_validation.Interval`).

    Returns
    -------
    int
        `x` as a Python int.

    Raises
    ------
    TypeError
        If `x` is not an integer (:data:`NOT_AN_INTEGER`).
    ValueError
        If `x` is outside the interval (:data:`NOT_AN_INTEGER`).

    Examples
    --------
    >>> check_integer(3, "window", low=1)
    3
    """
    msg = NOT_AN_INTEGER.format(name=name, bounds=_bounds(low, high, closed), value=x)
    if isinstance(x, bool | np.bool_) or not isinstance(x, numbers.Integral):
        raise TypeError(msg)
    if not _inside(int(x), low, high, closed):
        raise ValueError(msg)
    return int(x)


def check_real(x: Any, name: str, *, low: float | None = None, high: float | None = None,
               closed: str = "both", allow_inf: bool = False) -> float:
    """Check that `x` is a real number (not NaN) in an interval.

    Parameters
    ----------
    x : float
        The value to check; bools are rejected, integers accepted.
    name : str
        Argument name used in the error message.
    low, high : float or None, default None
        Bounds of the interval (None: unbounded on that side).
    closed : {"both", "left", "right", "neither"}, default "both"
        Which bounds belong to the interval.
    allow_inf : bool, default False
        Accept ``math.inf`` (for "no privacy guarantee" and similar) when above `low`.

    Returns
    -------
    float
        `x` as a float.

    Raises
    ------
    TypeError
        If `x` is not a real number (:data:`NOT_A_REAL`).
    ValueError
        If `x` is NaN, infinite (unless allowed) or outside the interval (:data:`NOT_A_REAL`).

    Examples
    --------
    >>> check_real(0.5, "level", low=0, high=1, closed="neither")
    0.5
    """
    msg = NOT_A_REAL.format(name=name, bounds=_bounds(low, high, closed), value=x)
    if isinstance(x, bool | np.bool_) or not isinstance(x, numbers.Real):
        raise TypeError(msg)
    value = float(x)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        raise ValueError(msg)
    if not _inside(value, low, high, closed):
        raise ValueError(msg)
    return value


def check_nonempty_list(value: Any, message: str, *, wrap_str: bool = False) -> list:
    """`value` as a non-empty list, for arguments that take several items.

    Parameters
    ----------
    value : iterable
        The items (epsilons, column names, ...).
    message : str
        The caller's template, formatted with ``value=``; it names the argument.
    wrap_str : bool, default False
        A single ``str`` stands for a list of one (a column name); otherwise a ``str`` or
        ``bytes`` is refused (its characters are not items).

    Returns
    -------
    list

    Raises
    ------
    TypeError
        If `value` is not iterable (or is a ``str``/``bytes`` and `wrap_str` is False).
    ValueError
        If `value` holds no item.
    """
    if isinstance(value, str) and wrap_str:
        value = [value]
    if isinstance(value, str | bytes):
        raise TypeError(message.format(value=value))
    try:
        items = list(value)
    except TypeError:
        raise TypeError(message.format(value=value)) from None
    if not items:
        raise ValueError(message.format(value=value))
    return items


def is_placeholder(text: Any, *, non_text: bool = False) -> bool:
    """Whether `text` is not written yet: None, blank, dots, or one of :data:`PLACEHOLDERS`.

    Parameters
    ----------
    text : object
        The value a person was asked to write.
    non_text : bool, default False
        The answer for a value that is neither None nor a string: False where such a value
        is content (a model card's list or number), True where only a text counts (the
        capstone's named owner, a justification).

    Returns
    -------
    bool
    """
    if text is None:
        return True
    if not isinstance(text, str):
        return non_text
    return text.strip().strip(".").strip().lower() in PLACEHOLDERS or not text.strip(" .…")


def check_scores(scores: Any, name: str = "scores", *, unit_interval: bool = True) -> np.ndarray:
    """Scores as a flat float array: real numbers (or booleans), no NaN, at least one.

    Parameters
    ----------
    scores : array-like
        The scores to check.
    name : str, default "scores"
        Argument name used in error messages.
    unit_interval : bool, default True
        Also require every score to lie in [0, 1] (a probability-like score); False for
        scores on any real scale (a decision function, a risk decile).

    Returns
    -------
    numpy.ndarray
        The scores as float, one dimension.

    Raises
    ------
    TypeError
        If the scores are not numbers (:data:`NOT_REAL_SCORES`).
    ValueError
        On NaN (:data:`HAS_NAN`), no scores (:data:`EMPTY_SCORES`) or, with
        `unit_interval`, a score outside [0, 1] (:data:`NOT_SCORES`).
    """
    check_no_nan(scores, name)
    arr = np.asarray(scores)
    if arr.dtype.kind not in "fiub":
        raise TypeError(NOT_REAL_SCORES.format(name=name, dtype=arr.dtype))
    arr = arr.astype(float).ravel()
    if arr.size == 0:
        raise ValueError(EMPTY_SCORES.format(name=name))
    if unit_interval:
        bad = arr[(arr < 0) | (arr > 1)]
        if bad.size:
            raise ValueError(NOT_SCORES.format(name=name, value=float(bad[0])))
    return arr



def _compare(value: Any, limit: Any, above: bool) -> Any:
    v, lim = np.asarray(value, dtype=float), np.asarray(limit, dtype=float)
    bound = lim + LIMIT_SLACK * np.maximum(1.0, np.abs(lim))
    out = v > bound if above else v <= bound
    return bool(out) if out.ndim == 0 else out


def exceeds(value: Any, limit: Any) -> Any:
    """``value > limit`` up to floating-point rounding (:data:`LIMIT_SLACK`); NaN never exceeds.

    Every limit and alert threshold of the package is compared with this (or :func:`within`),
    so that a value equal to the limit in exact arithmetic counts as at the limit. Scalars
    give a bool, arrays a boolean array.

    Examples
    --------
    >>> 0.8 - 0.7 > 0.1, exceeds(0.8 - 0.7, 0.1)
    (True, False)
    """
    return _compare(value, limit, above=True)


def within(value: Any, limit: Any) -> Any:
    """``value <= limit`` up to floating-point rounding (:data:`LIMIT_SLACK`); NaN is never within.

    Examples
    --------
    >>> within(0.8 - 0.7, 0.1), within(float("nan"), 0.1)
    (True, False)
    """
    return _compare(value, limit, above=False)

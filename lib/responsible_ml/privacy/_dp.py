"""Differential privacy with diffprivlib: the Laplace mechanism, budgets, private models.

A query on a table is **ε-differentially private** when adding, removing or changing one
person's row changes the probability of any answer by at most a factor ``e^ε``. The Laplace
mechanism achieves it by adding noise of scale ``b = sensitivity / ε``, where the
*sensitivity* is the most one person can move the true answer:

* a **count** ("how many learners are first-generation?"): one person changes it by at most 1,
  so ``b = 1 / ε``;
* a **mean of values clipped to declared bounds [lower, upper]**, with the number of rows n
  public: replacing one person moves the sum by at most ``upper - lower``, so the mean by at
  most ``(upper - lower) / n`` and ``b = (upper - lower) / (n ε)``.

The bounds must be declared from domain knowledge (a quiz score lies in 0–100), not read off
the data: the data's own minimum and maximum are themselves private, and values outside the
declared bounds are clipped — that is what makes the sensitivity true.

diffprivlib does the sampling (:class:`diffprivlib.mechanisms.Laplace`,
:func:`diffprivlib.tools.mean`, :class:`diffprivlib.BudgetAccountant`,
:class:`diffprivlib.models.LogisticRegression`); :func:`laplace_scale` and
:func:`mean_sensitivity` are the hand derivation the lesson teaches, checked against
diffprivlib in the tests.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_integer, check_positive, check_real

__all__ = [
    "mean_sensitivity",
    "laplace_scale",
    "private_count",
    "private_mean",
    "noisy_answers",
    "repeated_queries",
    "scale_to_bounds",
    "privacy_utility_curve",
]

_BOUNDS_REVERSED = "{name} must be (lower, upper) with lower < upper, got {value!r}"
_BAD_BOUNDS = "{name} must be a pair of finite numbers (lower, upper), got {value!r}"
_EMPTY_VALUES = "{name} is empty: a private statistic needs at least one value"
_NO_EPSILONS = "epsilons must hold at least one value of ε > 0, got {value!r}"
_NOT_CONVERGED = ("a private fit at ε = {epsilon:g} used all max_iter = {max_iter} iterations: "
                  "objective perturbation is private only at the exact minimiser, so this fit "
                  "carries no proven guarantee; raise max_iter")


# --------------------------------------------------------------------------- validation
def _check_bounds(bounds, name: str = "bounds") -> tuple[float, float]:
    try:
        lower, upper = bounds
    except (TypeError, ValueError):
        raise TypeError(_BAD_BOUNDS.format(name=name, value=bounds)) from None
    for v in (lower, upper):
        if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
            raise TypeError(_BAD_BOUNDS.format(name=name, value=bounds))
        if not math.isfinite(float(v)):
            raise ValueError(_BAD_BOUNDS.format(name=name, value=bounds))
    if not float(lower) < float(upper):
        raise ValueError(_BOUNDS_REVERSED.format(name=name, value=bounds))
    return float(lower), float(upper)


def _values(values, name: str = "values") -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    if arr.size == 0:
        raise ValueError(_EMPTY_VALUES.format(name=name))
    if np.isnan(arr).any():
        from .._validation import HAS_NAN

        raise ValueError(HAS_NAN.format(name=name, count=int(np.isnan(arr).sum())))
    return arr


# --------------------------------------------------------------------------- the mechanism
def mean_sensitivity(bounds: tuple[float, float], n: int) -> float:
    """Sensitivity of the mean of `n` values clipped to `bounds`: ``(upper - lower) / n``.

    Parameters
    ----------
    bounds : (float, float)
        Declared (lower, upper), lower < upper.
    n : int
        Number of values (public), ≥ 1.

    Returns
    -------
    float

    Examples
    --------
    >>> mean_sensitivity((0, 100), 50)
    2.0
    """
    lower, upper = _check_bounds(bounds)
    n = check_integer(n, "n", low=1)
    return (upper - lower) / n


def laplace_scale(sensitivity: float, epsilon: float) -> float:
    """Scale ``b = sensitivity / ε`` of the Laplace noise that makes a query ε-DP.

    The noise has standard deviation ``√2 · b``; it is within ``b · ln 20`` (≈ 3 b) of zero
    95 % of the time.

    Parameters
    ----------
    sensitivity : float
        The most one person can move the true answer, ≥ 0.
    epsilon : float
        Privacy loss of the query, > 0.

    Returns
    -------
    float
        The Laplace scale b.

    Raises
    ------
    TypeError
        If `sensitivity` or `epsilon` is not a real number.
    ValueError
        If `epsilon` is not > 0 (or NaN), or `sensitivity` is negative, infinite or NaN.

    Examples
    --------
    >>> laplace_scale(1, 0.5)
    2.0
    """
    epsilon = check_positive(epsilon, "epsilon")
    sensitivity = check_real(sensitivity, "sensitivity", low=0)
    return sensitivity / epsilon


def private_count(values, epsilon: float, *, random_state: int | None = 0) -> float:
    """An ε-DP count of the true (non-zero) entries of `values` (Laplace, sensitivity 1).

    Parameters
    ----------
    values : array-like of bool or 0/1
        One entry per person: does the person count?
    epsilon : float
        Privacy loss, > 0.
    random_state : int, default 0
        ``random_state`` of :class:`diffprivlib.mechanisms.Laplace`. Give every release its own seed: two releases with one seed carry the same
        noise draw, and their ε no longer add up as independent releases.

    Returns
    -------
    float
        The noisy count (not rounded, may be negative: rounding/clipping is post-processing
        and allowed, but hides the noise we want to show).
    """
    from diffprivlib.mechanisms import Laplace

    epsilon = check_positive(epsilon, "epsilon")
    arr = _values(values)
    mech = Laplace(epsilon=epsilon, sensitivity=1.0, random_state=random_state)
    return float(mech.randomise(float(np.count_nonzero(arr))))


def private_mean(values, epsilon: float, bounds: tuple[float, float], *,
                 random_state: int | None = 0, accountant=None) -> float:
    """An ε-DP mean of `values` clipped to the declared `bounds` (:func:`diffprivlib.tools.mean`).

    diffprivlib clips to `bounds`, adds Laplace noise of scale
    ``(upper - lower) / (n ε)`` and truncates the answer to `bounds`.

    Parameters
    ----------
    values : array-like of float
    epsilon : float
        > 0.
    bounds : (float, float)
        Declared from domain knowledge, lower < upper.
    random_state : int, default 0
        ``random_state`` passed to diffprivlib. Give every release its own seed: two releases with one seed carry the same
        noise draw, and their ε no longer add up as independent releases.
    accountant : diffprivlib.BudgetAccountant, optional
        Charged ε for the query (a fresh, unlimited one if omitted — never the global default,
        so lessons do not share state).

    Returns
    -------
    float
    """
    from diffprivlib import BudgetAccountant
    from diffprivlib.tools import mean

    epsilon = check_positive(epsilon, "epsilon")
    lower, upper = _check_bounds(bounds)
    arr = _values(values)
    acc = accountant if accountant is not None else BudgetAccountant()
    return float(mean(arr, epsilon=epsilon, bounds=(lower, upper), random_state=random_state,
                      accountant=acc))


def laplace_mean_by_hand(values, epsilon: float, bounds: tuple[float, float], *,
                         random_state: int = 0) -> float:
    """The same mechanism as :func:`private_mean`, written out (no truncation of the answer).

    ``clip → mean → + Laplace(0, (upper - lower) / (n ε))`` with
    :meth:`numpy.random.Generator.laplace`.

    Parameters
    ----------
    values : array-like of float
        The values to average (no missing value); clipped to `bounds`.
    epsilon : float
        Privacy loss, > 0.
    bounds : (float, float)
        Declared (lower, upper) from domain knowledge, finite, lower < upper.
    random_state : int, default 0
        Seed of :func:`numpy.random.default_rng` for the noise.

    Returns
    -------
    float
        The clipped mean plus Laplace noise (may lie outside `bounds`).

    Raises
    ------
    TypeError
        If `epsilon` or `bounds` is not numeric (or `bounds` not a pair).
    ValueError
        If `epsilon` is not > 0, `bounds` is not finite with lower < upper, or `values` is
        empty or contains NaN.
    """
    epsilon = check_positive(epsilon, "epsilon")
    lower, upper = _check_bounds(bounds)
    arr = np.clip(_values(values), lower, upper)
    scale = laplace_scale(mean_sensitivity((lower, upper), arr.size), epsilon)
    return float(arr.mean() + np.random.default_rng(random_state).laplace(0.0, scale))


# --------------------------------------------------------------------------- explorer
@dataclass(frozen=True)
class NoisyAnswers:
    """Many private answers to one query, for the ε explorer.

    Attributes
    ----------
    true_value : float
    draws : numpy.ndarray
        Simulated released answers (each the average of `repeats` noisy answers).
    epsilon : float
        ε of one answer.
    repeats : int
        How many times the query is asked and averaged.
    scale : float
        Laplace scale b of one answer.
    budget_spent : float
        ``epsilon * repeats`` (sequential composition).
    noise_sd : float
        Exact standard deviation of a released answer: ``√2 · b / √repeats``.
    mean_abs_error : float
        Average |draw - true_value| over the draws.
    error_95 : float
        95th percentile of |draw - true_value| over the draws.
    """

    true_value: float
    draws: np.ndarray
    epsilon: float
    repeats: int
    scale: float
    budget_spent: float
    noise_sd: float
    mean_abs_error: float
    error_95: float


def noisy_answers(true_value: float, sensitivity: float, epsilon: float, *, repeats: int = 1,
                  n_draws: int = 2000, random_state: int = 0) -> NoisyAnswers:
    """Simulate what the Laplace mechanism would release, many times over.

    The noise is drawn with NumPy as ``b · Laplace(0, 1)`` — the same distribution as
    :class:`diffprivlib.mechanisms.Laplace` with ``sensitivity / epsilon = b`` (checked in the
    tests) but vectorised, so the explorer redraws in a few milliseconds.

    Parameters
    ----------
    true_value : float
    sensitivity : float
        ≥ 0.
    epsilon : float
        ε of one answer, > 0.
    repeats : int, default 1
        The query is asked `repeats` times and the answers averaged: the noise shrinks by
        ``√repeats`` and the budget spent grows by ``repeats``.
    n_draws : int, default 2000
    random_state : int, default 0

    Returns
    -------
    NoisyAnswers
    """
    scale = laplace_scale(sensitivity, epsilon)
    repeats = check_integer(repeats, "repeats", low=1)
    n_draws = check_integer(n_draws, "n_draws", low=1)
    rng = np.random.default_rng(random_state)
    noise = rng.laplace(0.0, 1.0, size=(n_draws, repeats)).mean(axis=1) * scale
    err = np.abs(noise)
    return NoisyAnswers(
        true_value=float(true_value), draws=float(true_value) + noise, epsilon=float(epsilon),
        repeats=repeats, scale=scale, budget_spent=float(epsilon) * repeats,
        noise_sd=math.sqrt(2) * scale / math.sqrt(repeats),
        mean_abs_error=float(err.mean()), error_95=float(np.quantile(err, 0.95)),
    )


def repeated_queries(values, bounds: tuple[float, float], *, epsilon_per_query: float,
                     n_queries: int, total_epsilon: float, random_state: int = 0) -> pd.DataFrame:
    """Ask the same private mean again and again under a budget (diffprivlib's accountant).

    Each query spends `epsilon_per_query` from a :class:`diffprivlib.BudgetAccountant` with
    budget `total_epsilon`; once the next query would exceed the budget, it is refused.
    Averaging the answers shows why the budget must exist: without it, repeated noisy
    answers average out to the true value.

    Parameters
    ----------
    values : array-like of float
        The values whose private mean is asked (no missing value).
    bounds : (float, float)
        Declared (lower, upper) from domain knowledge, finite, lower < upper.
    epsilon_per_query : float
        ε spent by each query, > 0.
    n_queries : int
        How many times the query is asked, ≥ 1.
    total_epsilon : float
        The budget of the accountant, > 0.
    random_state : int, default 0
        Seed of the first query; query ``i`` (from 0) uses ``random_state + i``. Give every release its own seed: two releases with one seed carry the same
        noise draw, and their ε no longer add up as independent releases.

    Returns
    -------
    pandas.DataFrame
        Indexed by query number (1, 2, …): ``answered`` (bool), ``answer`` (NaN if refused),
        ``average_so_far`` (of the answers given), ``spent`` and ``remaining`` ε after the
        query.

    Raises
    ------
    TypeError
        If an ε, `n_queries` or `bounds` has the wrong type.
    ValueError
        If an ε is not > 0, `n_queries` < 1, `bounds` is not finite with lower < upper, or
        `values` is empty or contains NaN.
    """
    from diffprivlib import BudgetAccountant
    from diffprivlib.utils import BudgetError

    eps = check_positive(epsilon_per_query, "epsilon_per_query")
    total = check_positive(total_epsilon, "total_epsilon")
    n_queries = check_integer(n_queries, "n_queries", low=1)
    lower, upper = _check_bounds(bounds)
    arr = _values(values)
    # A little slack for floating point: 10 × 0.1 must fit a budget of 1.
    acc = BudgetAccountant(epsilon=total * (1 + 1e-9))
    rows, answers = [], []
    for i in range(n_queries):
        try:
            value = private_mean(arr, eps, (lower, upper), random_state=random_state + i, accountant=acc)
            answers.append(value)
            answered = True
        except BudgetError:
            value, answered = float("nan"), False
        spent = float(acc.total()[0])
        rows.append({"answered": answered, "answer": value,
                     "average_so_far": float(np.mean(answers)) if answers else float("nan"),
                     "spent": round(min(spent, total), 12),
                     "remaining": round(max(total - spent, 0.0), 12)})
    return pd.DataFrame(rows, index=pd.RangeIndex(1, n_queries + 1, name="query"))


# --------------------------------------------------------------------------- private models
def scale_to_bounds(df: pd.DataFrame, bounds: Mapping[str, tuple[float, float]]
                    ) -> tuple[np.ndarray, float]:
    """Clip each column to declared bounds and map it to [-0.5, 0.5]; return the norm bound.

    A private model needs a bound on every row's size that does not come from the data
    (diffprivlib's ``data_norm``). With d columns each in [-0.5, 0.5], every row has norm at
    most ``√d / 2`` — a bound that follows from the declared ranges alone.

    Parameters
    ----------
    df : pandas.DataFrame
        Numeric columns (encode categories as 0/1 first).
    bounds : mapping of column to (lower, upper)
        The declared range of each column used, in order.

    Returns
    -------
    (numpy.ndarray, float)
        The scaled matrix (rows of `df`, one column per entry of `bounds`) and ``data_norm``.
    """
    check_frame(df, "df")
    cols = check_columns(df, list(bounds), "df")
    out = np.empty((len(df), len(cols)))
    for j, col in enumerate(cols):
        lower, upper = _check_bounds(bounds[col], f"bounds[{col!r}]")
        x = np.clip(df[col].to_numpy(dtype=float), lower, upper)
        out[:, j] = (x - lower) / (upper - lower) - 0.5
    return out, math.sqrt(len(cols)) / 2


def privacy_utility_curve(X_train, y_train, X_test, y_test, epsilons: Sequence[float] | Iterable,
                          *, data_norm: float, repeats: int = 5, random_state: int = 0,
                          max_iter: int = 1000) -> pd.DataFrame:
    """Test accuracy of diffprivlib's LogisticRegression across ε, next to the non-private one.

    diffprivlib trains by **objective perturbation** (Chaudhuri, Monteleoni & Sarwate, 2011):
    it adds a random term to the training objective and returns its minimiser. The privacy
    proof holds for the *exact* minimiser of that noisy objective, so convergence is one of the
    conditions of the guarantee. Every private fit's ``n_iter_`` is checked against `max_iter`
    (column ``converged``), and convergence warnings are *not* silenced: a fit that stopped at
    `max_iter` carries no proven guarantee, and a :class:`sklearn.exceptions.ConvergenceWarning`
    says so. (A solver that stops at its tolerance is the usual practical reading of "the
    minimiser"; methods with a proof for approximate minimisers exist.) A further condition of
    the proof, a regulariser strongly convex in every coefficient, is not met by diffprivlib's
    default ``fit_intercept=True``: its intercept is not regularised (diffprivlib 0.6), so the ε
    is the library's claim for an adaptation of the published algorithm, not the theorem itself.

    Parameters
    ----------
    X_train, y_train, X_test, y_test : array-like
        Features already bounded (see :func:`scale_to_bounds`) and 0/1 labels.
    epsilons : iterable of float
        The ε values to try, each > 0.
    data_norm : float
        The declared bound on a row's norm (rows above it are clipped by diffprivlib); > 0.
    repeats : int, default 5
        Private fits per ε (seeds ``random_state, random_state + 1, …``); the noise differs between fits.
    random_state : int, default 0
    max_iter : int, default 1000
        Iteration limit of every fit, private and non-private alike.

    Returns
    -------
    pandas.DataFrame
        One row per ε, then one row ``epsilon = inf`` for scikit-learn's non-private model:
        ``epsilon``, ``private`` (bool), ``accuracy`` (mean over repeats), ``accuracy_sd``,
        ``accuracy_min``, ``accuracy_max``, ``converged`` (every fit stopped before
        `max_iter`) and ``max_n_iter`` (the most iterations any fit took).

    Warns
    -----
    sklearn.exceptions.ConvergenceWarning
        If a private fit used all `max_iter` iterations (its ε guarantee is not proven).
    """
    from diffprivlib.models import LogisticRegression as PrivateLogisticRegression
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    eps_list = list(epsilons) if not isinstance(epsilons, numbers.Real) else [epsilons]
    if not eps_list:
        raise ValueError(_NO_EPSILONS.format(value=epsilons))
    eps_list = [check_positive(e, "epsilon") for e in eps_list]
    data_norm = check_positive(data_norm, "data_norm")
    repeats = check_integer(repeats, "repeats", low=1)
    max_iter = check_integer(max_iter, "max_iter", low=1)
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if len(X_train) == 0:
        raise ValueError(_EMPTY_VALUES.format(name="X_train"))
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    # Small problems: one BLAS thread is several times faster than many competing ones.
    with threadpool_limits(limits=1, user_api="blas"):
        rows = _curve_rows(PrivateLogisticRegression, eps_list, X_train, y_train, X_test,
                           y_test, data_norm, repeats, random_state, max_iter)
        base_model = LogisticRegression(max_iter=max_iter).fit(X_train, y_train)
    base = base_model.score(X_test, y_test)
    base_iter = int(np.max(base_model.n_iter_))
    rows.append({"epsilon": math.inf, "private": False, "accuracy": float(base),
                 "accuracy_sd": 0.0, "accuracy_min": float(base), "accuracy_max": float(base),
                 "converged": base_iter < max_iter, "max_n_iter": base_iter})
    return pd.DataFrame(rows)


def _curve_rows(model_class, eps_list, X_train, y_train, X_test, y_test, data_norm, repeats,
                random_state, max_iter) -> list[dict]:
    from sklearn.exceptions import ConvergenceWarning

    rows = []
    for eps in eps_list:
        accs, iters = [], []
        for r in range(repeats):
            with warnings.catch_warnings():
                # Only SciPy's deprecation of the L-BFGS-B options diffprivlib still passes;
                # convergence and privacy-leak warnings show.
                warnings.filterwarnings("ignore", message=r"scipy\.optimize: The `disp` and `iprint`",
                                        category=DeprecationWarning)
                model = model_class(epsilon=eps, data_norm=data_norm, max_iter=max_iter,
                                    random_state=random_state + r)
                model.fit(X_train, y_train)
            accs.append(model.score(X_test, y_test))
            iters.append(int(np.max(model.n_iter_)))
        converged = max(iters) < max_iter
        if not converged:
            warnings.warn(_NOT_CONVERGED.format(epsilon=eps, max_iter=max_iter),
                          ConvergenceWarning, stacklevel=3)
        rows.append({"epsilon": eps, "private": True, "accuracy": float(np.mean(accs)),
                     "accuracy_sd": float(np.std(accs)), "accuracy_min": float(np.min(accs)),
                     "accuracy_max": float(np.max(accs)), "converged": converged,
                     "max_n_iter": max(iters)})
    return rows

"""Randomised response: ask a sensitive yes/no question without learning anyone's answer.

The design used throughout the course (a *forced-response* design, two coins):

1. The respondent flips coin 1 in private. With probability ``p_truth`` (heads, for a
   fair coin) they answer the question **truthfully**.
2. Otherwise they flip coin 2 and answer **"yes" if it lands heads** (probability
   ``p_forced_yes``), "no" if not — whatever the truth.

So ``P(yes) = p_truth · π + (1 - p_truth) · p_forced_yes`` where π is the true rate, and the
unbiased estimator (Warner 1965; the forced design is Boruch 1971) is

    π̂ = (λ̂ - (1 - p_truth) · p_forced_yes) / p_truth,   λ̂ = observed share of "yes",

with standard error ``sqrt(λ̂ (1 - λ̂) / n) / p_truth``. Any single "yes" may be a coin's,
which is the respondent's deniability; the design is ε-differentially private with
``ε = ln(max(P(yes | yes) / P(yes | no), P(no | no) / P(no | yes)))`` — ln 3 ≈ 1.10 with two
fair coins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from .._validation import check_binary, check_integer, check_probability, check_real

__all__ = [
    "randomised_response",
    "estimate_rate",
    "randomised_response_epsilon",
]

_EMPTY_RESPONSES = "{name} is empty: there are no responses to estimate from"


def _check_design(p_truth, p_forced_yes) -> tuple[float, float]:
    # p_truth = 0 would make every answer a coin's: nothing could be estimated.
    p_truth = check_real(p_truth, "p_truth", low=0, high=1, closed="right")
    return p_truth, check_probability(p_forced_yes, "p_forced_yes")


@dataclass(frozen=True)
class RateEstimate:
    """An estimated rate with its uncertainty.

    Attributes
    ----------
    estimate : float
        Unbiased estimate of the true rate (may fall slightly outside [0, 1] by chance).
    standard_error : float
    ci_low, ci_high : float
        Normal-approximation confidence interval, clipped to [0, 1].
    observed_yes : float
        Share of "yes" answers actually given.
    n : int
        Number of responses.
    confidence : float
    """

    estimate: float
    standard_error: float
    ci_low: float
    ci_high: float
    observed_yes: float
    n: int
    confidence: float


def randomised_response(truth, *, p_truth: float = 0.5, p_forced_yes: float = 0.5,
                        random_state: int = 0) -> np.ndarray:
    """Simulate the answers of a forced-response survey.

    Parameters
    ----------
    truth : array-like of 0/1
        Each respondent's true answer (1 = yes).
    p_truth : float, default 0.5
        Probability that coin 1 says "answer truthfully", in (0, 1].
    p_forced_yes : float, default 0.5
        Probability that coin 2 says "yes" when coin 1 did not, in [0, 1].
    random_state : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        The given answers, 0/1, same length as `truth`.

    Raises
    ------
    TypeError, ValueError
        Non-binary or empty `truth` (:data:`EMPTY_RESPONSES`), or a probability out of range.
    """
    p, q = _check_design(p_truth, p_forced_yes)
    truth = check_binary(truth, "truth")
    if truth.size == 0:
        raise ValueError(_EMPTY_RESPONSES.format(name="truth"))
    rng = np.random.default_rng(random_state)
    honest = rng.random(truth.size) < p
    forced_yes = rng.random(truth.size) < q
    return np.where(honest, truth, forced_yes).astype(np.int64)


def estimate_rate(responses, *, p_truth: float = 0.5, p_forced_yes: float = 0.5,
                  confidence: float = 0.95) -> RateEstimate:
    """Estimate the true "yes" rate from forced-response answers.

    Parameters
    ----------
    responses : array-like of 0/1
        The answers given (not the truth).
    p_truth, p_forced_yes : float
        The design (see the module docstring).
    confidence : float, default 0.95
        Level of the interval, in (0, 1).

    Returns
    -------
    RateEstimate

    Examples
    --------
    >>> r = estimate_rate([1, 1, 0, 0], p_truth=0.5, p_forced_yes=0.5)
    >>> r.estimate  # (0.5 - 0.25) / 0.5
    0.5
    """
    p, q = _check_design(p_truth, p_forced_yes)
    conf = check_probability(confidence, "confidence")
    responses = check_binary(responses, "responses")
    if responses.size == 0:
        raise ValueError(_EMPTY_RESPONSES.format(name="responses"))
    n = responses.size
    lam = float(responses.mean())
    est = (lam - (1 - p) * q) / p
    se = math.sqrt(lam * (1 - lam) / n) / p
    z = float(norm.ppf(0.5 + conf / 2))
    return RateEstimate(estimate=est, standard_error=se, ci_low=max(0.0, est - z * se),
                        ci_high=min(1.0, est + z * se), observed_yes=lam, n=n, confidence=conf)


def randomised_response_epsilon(p_truth: float = 0.5, p_forced_yes: float = 0.5) -> float:
    """The ε of the forced-response design (how much one answer can reveal).

    ``ε = ln max(P(yes | truth yes) / P(yes | truth no), P(no | truth no) / P(no | truth yes))``;
    infinite when ``p_truth = 1`` or the forced answer is always the same.

    Parameters
    ----------
    p_truth : float, default 0.5
        Probability that a respondent answers truthfully, in (0, 1].
    p_forced_yes : float, default 0.5
        Probability that a forced (not truthful) answer is "yes", in [0, 1].

    Returns
    -------
    float
        The privacy loss ε of one answer (``math.inf`` for no protection).

    Raises
    ------
    TypeError
        If `p_truth` or `p_forced_yes` is not a real number.
    ValueError
        If `p_truth` is outside (0, 1] or `p_forced_yes` outside [0, 1].
    """
    p, q = _check_design(p_truth, p_forced_yes)
    yes_yes, yes_no = p + (1 - p) * q, (1 - p) * q
    no_no, no_yes = p + (1 - p) * (1 - q), (1 - p) * (1 - q)
    ratios = [a / b if b > 0 else math.inf for a, b in ((yes_yes, yes_no), (no_no, no_yes))]
    return math.log(max(ratios))


def simulate_surveys(true_rate: float, n: int, *, p_truth: float = 0.5,
                     p_forced_yes: float = 0.5, repeats: int = 1000, random_state: int = 0):
    """Run `repeats` independent surveys of `n` people and estimate the rate in each.

    The number of "yes" answers of a survey is Binomial(n, λ) with
    ``λ = p_truth · true_rate + (1 - p_truth) · p_forced_yes``; drawing it directly gives
    the same distribution as :func:`randomised_response` person by person, fast enough for
    a widget.

    Parameters
    ----------
    true_rate : float
        The true share of "yes" in the population, in [0, 1].
    n : int
        Number of people asked in each survey, ≥ 1.
    p_truth : float, default 0.5
        Probability that a respondent answers truthfully, in (0, 1].
    p_forced_yes : float, default 0.5
        Probability that a forced answer is "yes", in [0, 1].
    repeats : int, default 1000
        Number of independent surveys, ≥ 1.
    random_state : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        One row per survey: ``observed_yes`` (share), ``estimate``, ``standard_error``,
        ``covered`` (the 95 % interval contains `true_rate`).

    Raises
    ------
    TypeError
        If a probability is not a real number or `n`/`repeats` not an integer.
    ValueError
        If a probability is out of its range or `n`/`repeats` < 1.
    """
    import pandas as pd

    p, q = _check_design(p_truth, p_forced_yes)
    pi = check_probability(true_rate, "true_rate")
    n = check_integer(n, "n", low=1)
    repeats = check_integer(repeats, "repeats", low=1)
    rng = np.random.default_rng(random_state)
    lam = rng.binomial(n, p * pi + (1 - p) * q, size=repeats) / n
    est = (lam - (1 - p) * q) / p
    se = np.sqrt(lam * (1 - lam) / n) / p
    z = float(norm.ppf(0.975))
    return pd.DataFrame({"observed_yes": lam, "estimate": est, "standard_error": se,
                         "covered": np.abs(est - pi) <= z * se})

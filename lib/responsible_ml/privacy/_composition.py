"""Neighbouring datasets, composition, and what ε bounds (lesson 04, sections 5-8).

Differential privacy is defined relative to a **neighbouring relation** (Dwork & Roth, *The
Algorithmic Foundations of Differential Privacy*, 2014, §2.3; Near & Abuah, *Programming
Differential Privacy*, ch. 3):

* **add/remove** ("unbounded" DP): two datasets are neighbours when one is the other with one
  person's row added or removed. The number of rows n is then itself private;
* **replace-one** ("bounded" DP): n is fixed and public, and neighbours differ in the *value* of
  one person's row.

The sensitivity of a query depends on the relation. For values clipped to ``[lower, upper]``:
a count has sensitivity 1 under both; a sum has ``max(|lower|, |upper|)`` under add/remove and
``upper - lower`` under replace-one; a mean has ``(upper - lower) / n`` only under replace-one
with a public n (:func:`responsible_ml.privacy.mean_sensitivity`). Without a public n, release a
mean as a noisy sum divided by a noisy count (:func:`private_group_means`).

**Composition.** Queries that touch the *same* people add their ε (sequential composition,
Dwork & Roth Thm 3.14); queries on *disjoint* subsets of people (one per group) cost only the
largest of their ε (parallel composition, McSherry, *Privacy Integrated Queries*, 2009) —
because each person's row enters only one of them. :func:`compose` computes both.

**What ε promises.** For an ε-DP mechanism, any test between two neighbouring hypotheses about
one person's row — under add/remove, whether it was used (membership inference); under
replace-one, which of two rows is there (another value, or another person's row in its
place) — has true-positive rate minus false-positive rate at most ``(e^ε - 1) / (e^ε + 1)``
(``(e^ε - 1 + 2δ) / (e^ε + 1)`` for (ε, δ)-DP), whatever the attacker knows or computes (Kairouz, Oh & Viswanath, *The Composition
Theorem for Differential Privacy*, 2015; Humphries et al., 2023). :func:`advantage_bound`.
:func:`differencing_attack` shows the attack DP is built against: two exact means, with and
without one person, give that person's value away; made ε-DP, the two releases let any test
about that person's value reach an advantage (TPR − FPR) of at most ``(e^ε - 1) / (e^ε + 1)``.
An add/remove guarantee of ε gives 2ε for replace-one tests. A replace-one guarantee bounds
tests between datasets of the same size (with n public, "is this row Alice's or someone else's?"
is such a test) but says nothing about datasets of different sizes, so it cannot protect what an
exactly published n, or any exact count, reveals about who is in the data.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import (
    HAS_NAN,
    check_in,
    check_integer,
    check_nonempty_list,
    check_positive,
    check_real,
    check_same_length,
)
from ._dp import _check_bounds, _values

__all__ = [
    "NEIGHBOURING",
    "advantage_bound",
    "compose",
    "sum_sensitivity",
    "private_group_means",
    "differencing_attack",
]

#: Neighbouring relations: one row added or removed, or one row's value replaced (n public).
NEIGHBOURING = ("add/remove", "replace-one")
#: How the ε of several queries add up.
COMPOSITIONS = ("sequential", "parallel")

_BAD_EPSILONS = "epsilons must be a non-empty list of numbers > 0, got {value!r}"
_BAD_KEYS = "keys must be a non-empty list of distinct groups, got {value!r}"
_NOT_IN_KEYS = ("groups holds values that are not in keys: {values!r}; keys must list every "
                "possible group, declared in advance")
_KEYS_FROM_DATA = ("private_group_means: no keys given, so the released groups are read off the "
                   "data; a table whose keys depend on the data is not ε-DP under add/remove. "
                   "Pass keys=, the public list of possible groups.")


# --------------------------------------------------------------------------- what ε bounds
def advantage_bound(epsilon: float, delta: float = 0.0) -> float:
    """Largest membership advantage (TPR − FPR) any attack can reach against an (ε, δ)-DP release.

    ``(e^ε − 1 + 2δ) / (e^ε + 1)``, capped at 1. It follows from the hypothesis-testing view of
    DP: every test between neighbouring datasets has ``TPR ≤ e^ε·FPR + δ`` and
    ``1 − FPR ≤ e^ε·(1 − TPR) + δ`` (Kairouz, Oh & Viswanath, 2015).

    Conditions: the attack tries to tell datasets that are neighbours *in the relation the ε was
    stated for*. The bound holds whatever the other rows are; what an attacker *infers* about a
    person can go further when others' rows are correlated with hers (family members). It bounds how much one person's own record can change what is
    released — and so any test of two hypotheses about that record that are neighbours in the
    stated relation (in or out under add/remove, one row or another under replace-one) — not
    what is learned about a person from facts about their group. An add/remove ε covers
    replace-one tests at 2ε. A replace-one ε bounds tests between datasets of the same size
    (her row against another person's in its place), not between datasets of different sizes.
    Guessing between two equally likely hypotheses, an attacker is right at most ``e^ε / (1 + e^ε)`` of the time (δ = 0).

    Parameters
    ----------
    epsilon : float
        > 0.
    delta : float, default 0
        In [0, 1).

    Returns
    -------
    float
        In [0, 1).

    Examples
    --------
    >>> round(advantage_bound(3.0), 3)
    0.905
    >>> round(advantage_bound(math.log(3)), 3)
    0.5
    """
    epsilon = check_positive(epsilon, "epsilon")
    delta = check_real(delta, "delta", low=0, high=1, closed="left")
    e = math.exp(epsilon) if epsilon < 700 else math.inf
    if math.isinf(e):
        return 1.0
    return min(1.0, (e - 1.0 + 2.0 * float(delta)) / (e + 1.0))


def compose(epsilons: Iterable[float], kind: str = "sequential") -> float:
    """Total ε of several ε-DP queries.

    Parameters
    ----------
    epsilons : iterable of float
        ε of each query, each > 0.
    kind : {"sequential", "parallel"}, default "sequential"
        ``"sequential"``: the queries may touch the same people — the ε add up.
        ``"parallel"``: each query reads a *disjoint* set of people (one group each) — the total
        is the largest ε.

    Returns
    -------
    float

    Examples
    --------
    >>> compose([0.1] * 10)
    1.0
    >>> compose([0.5, 0.5, 0.5], kind="parallel")
    0.5
    """
    kind = check_in(kind, COMPOSITIONS, "kind")
    values = [check_positive(e, "epsilons") for e in check_nonempty_list(epsilons, _BAD_EPSILONS)]
    return float(math.fsum(values)) if kind == "sequential" else float(max(values))


def sum_sensitivity(bounds: tuple[float, float], neighbouring: str = "add/remove") -> float:
    """Sensitivity of the sum of values clipped to `bounds`, under a neighbouring relation.

    Parameters
    ----------
    bounds : (float, float)
        Declared (lower, upper), lower < upper.
    neighbouring : {"add/remove", "replace-one"}, default "add/remove"
        Adding or removing one row moves the sum by at most ``max(|lower|, |upper|)``;
        replacing one row's value moves it by at most ``upper − lower``.

    Returns
    -------
    float

    Examples
    --------
    >>> sum_sensitivity((0, 100))
    100.0
    >>> sum_sensitivity((-1, 3), "replace-one")
    4.0
    """
    lower, upper = _check_bounds(bounds)
    neighbouring = check_in(neighbouring, NEIGHBOURING, "neighbouring")
    if neighbouring == "replace-one":
        return upper - lower
    return max(abs(lower), abs(upper))


# --------------------------------------------------------------------------- group means
def private_group_means(values, groups, epsilon: float, bounds: tuple[float, float], *,
                        keys=None, random_state: int | None = 0) -> pd.DataFrame:
    """ε-DP mean per group as a noisy sum ÷ a noisy count (add/remove neighbouring, n private).

    For each group, the values are clipped to `bounds`; the sum gets Laplace noise of scale
    ``sum_sensitivity(bounds) / (ε/2)`` and the count Laplace noise of scale ``1 / (ε/2)``
    (:class:`diffprivlib.mechanisms.Laplace`): the two queries on the same people compose
    sequentially to ε. The groups are disjoint, so by parallel composition the whole table costs ε,
    not ε × number of groups. The private mean ``noisy_sum / max(noisy_count, 1)`` clipped to
    `bounds` is post-processing and costs nothing more (clipping biases it near the bounds).

    **The list of groups must be public.** A table whose rows are the groups *present in the
    data* is not ε-DP under add/remove: adding the only learner of a new group adds a row.
    Pass `keys`, the groups declared in advance from the domain (e.g. every district ×
    every background on the enrolment form); each gets a noisy row, even when it is empty.

    Parameters
    ----------
    values : array-like of float
    groups : array-like
        Group of each value (same length).
    epsilon : float
        Total ε of the table, > 0.
    bounds : (float, float)
        Declared from the domain.
    keys : sequence, optional
        The declared, public list of groups, in the order the rows are released. Every value
        of `groups` must be one of them. If omitted, the groups are read off the data (sorted)
        and a :class:`diffprivlib.utils.PrivacyLeakWarning` says the table is not ε-DP.
    random_state : int or None, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``count``, ``mean`` (true, for teaching; NaN for an empty group),
        ``noisy_count``, ``noisy_sum``, ``private_mean``, ``epsilon_spent`` (ε each group's
        people paid). ``attrs["total_epsilon"]`` is the parallel composition over groups.

    Raises
    ------
    ValueError
        If `groups` holds a value that is not in `keys`, or `keys` is empty or repeats a key.
    """
    from diffprivlib.mechanisms import Laplace
    from diffprivlib.utils import PrivacyLeakWarning

    epsilon = check_positive(epsilon, "epsilon")
    lower, upper = _check_bounds(bounds)
    arr = _values(values)
    g = pd.Series(np.asarray(groups, dtype=object).ravel())
    check_same_length(arr, g, "values", "groups")
    if g.isna().any():
        raise ValueError(HAS_NAN.format(name="groups", count=int(g.isna().sum())))
    if keys is None:
        warnings.warn(_KEYS_FROM_DATA, PrivacyLeakWarning, stacklevel=2)
        key_list = sorted(g.unique(), key=str)
    else:
        key_list = list(keys)
        if not key_list or len(set(key_list)) != len(key_list):
            raise ValueError(_BAD_KEYS.format(value=keys))
        outside = sorted(set(g.unique()) - set(key_list), key=str)
        if outside:
            raise ValueError(_NOT_IN_KEYS.format(values=outside[:5]))
    rng = np.random.RandomState(random_state)
    clipped = np.clip(arr, lower, upper)
    half = epsilon / 2
    sum_mech = Laplace(epsilon=half, sensitivity=sum_sensitivity((lower, upper)), random_state=rng)
    count_mech = Laplace(epsilon=half, sensitivity=1.0, random_state=rng)
    rows = {}
    for name in key_list:
        mask = (g == name).to_numpy()
        noisy_sum = float(sum_mech.randomise(float(clipped[mask].sum())))
        noisy_count = float(count_mech.randomise(float(mask.sum())))
        rows[name] = {
            "count": int(mask.sum()),
            "mean": float(arr[mask].mean()) if mask.any() else float("nan"),
            "noisy_count": noisy_count, "noisy_sum": noisy_sum,
            "private_mean": float(np.clip(noisy_sum / max(noisy_count, 1.0), lower, upper)),
            "epsilon_spent": compose([half, half]),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "group"
    table.attrs["total_epsilon"] = compose(table["epsilon_spent"], kind="parallel")
    return table


# --------------------------------------------------------------------------- differencing
@dataclass(frozen=True)
class DifferencingAttack:
    """Two means — with and without one person — and what they reveal about that person.

    The first mean is over all n people, the second over the n − 1 others: the target is in the
    first release only. Under replace-one neighbouring (n public), changing the target's value
    moves only the first release, so the target pays ε; every other person is in both releases
    and pays 2ε (sequential composition), which is what the pair costs as a whole.

    Attributes
    ----------
    target_value : float
        The person's true (clipped) value.
    mean_with, mean_without : float
        The exact means over n and n − 1 people.
    exact_reconstruction : float
        ``n·mean_with − (n − 1)·mean_without``: equals `target_value` up to rounding.
    epsilon : float
        ε of *each* private release.
    epsilon_spent : float
        What the pair costs the target, who is in the first release only: ε.
    epsilon_others : float
        What the pair costs each other person, who is in both releases: 2ε (sequential
        composition); the pair as a whole is 2ε-DP.
    private_mean_with : float
        One private release of the mean over all n (the group statistic stays useful).
    reconstructions : numpy.ndarray
        The attacker's reconstruction from each of `n_trials` pairs of private releases.
    noise_scale : float
        Laplace scale of each private mean over n people, ``(upper − lower) / (n ε)``.
    """

    target_value: float
    mean_with: float
    mean_without: float
    exact_reconstruction: float
    epsilon: float
    epsilon_spent: float
    epsilon_others: float
    private_mean_with: float
    noise_scale: float
    reconstructions: np.ndarray = field(repr=False)

    @property
    def reconstruction_error_median(self) -> float:
        """Median |reconstruction − target value| over the private trials."""
        return float(np.median(np.abs(self.reconstructions - self.target_value)))

    @property
    def advantage_bound(self) -> float:
        """Largest TPR − FPR of any test of two hypotheses about the target's value (at ε spent)."""
        return advantage_bound(self.epsilon_spent)

    @property
    def reconstruction_error_95(self) -> float:
        """95th percentile of |reconstruction − target value| over the private trials."""
        return float(np.quantile(np.abs(self.reconstructions - self.target_value), 0.95))


def differencing_attack(values, target: int, epsilon: float, bounds: tuple[float, float], *,
                        n_trials: int = 1000, random_state: int | None = 0) -> DifferencingAttack:
    """Learn one person's value from a mean with them and a mean without them.

    The exact attack: ``n·mean(all) − (n − 1)·mean(all but target)``. The private version
    releases each mean with the Laplace mechanism (replace-one sensitivity
    ``(upper − lower) / m`` for a mean over m people, m public) at ε each, drawn with
    :class:`diffprivlib.mechanisms.Laplace` (no truncation, so the noise is visible), and the
    attacker applies the same formula. The target is not in the second mean, so the pair costs
    the target ε and each other person 2ε (:class:`DifferencingAttack`). The reconstruction error then has the spread of two
    Laplace draws of scale ``(upper − lower) / ε`` — the whole range of the value, whatever n is.

    Parameters
    ----------
    values : array-like of float
        At least two values.
    target : int
        Position of the person the attacker wants.
    epsilon : float
        ε of each of the two releases, > 0.
    bounds : (float, float)
    n_trials : int, default 1000
        Pairs of private releases to simulate.
    random_state : int or None, default 0

    Returns
    -------
    DifferencingAttack
    """
    from diffprivlib.mechanisms import Laplace

    epsilon = check_positive(epsilon, "epsilon")
    lower, upper = _check_bounds(bounds)
    arr = np.clip(_values(values), lower, upper)
    n = arr.size
    check_integer(n, "len(values)", low=2)
    n_trials = check_integer(n_trials, "n_trials", low=1)
    target = check_integer(target, "target", low=0, high=n - 1)
    without = np.delete(arr, int(target))
    m_with, m_without = float(arr.mean()), float(without.mean())
    rng = np.random.RandomState(random_state)
    mech_with = Laplace(epsilon=epsilon, sensitivity=(upper - lower) / n, random_state=rng)
    mech_without = Laplace(epsilon=epsilon, sensitivity=(upper - lower) / (n - 1),
                           random_state=rng)
    pairs = np.array([(mech_with.randomise(m_with), mech_without.randomise(m_without))
                      for _ in range(n_trials)])
    recon = n * pairs[:, 0] - (n - 1) * pairs[:, 1]
    return DifferencingAttack(
        target_value=float(arr[int(target)]), mean_with=m_with, mean_without=m_without,
        exact_reconstruction=n * m_with - (n - 1) * m_without, epsilon=epsilon,
        epsilon_spent=epsilon, epsilon_others=compose([epsilon, epsilon]),
        private_mean_with=float(pairs[0, 0]),
        noise_scale=(upper - lower) / (n * epsilon), reconstructions=recon,
    )

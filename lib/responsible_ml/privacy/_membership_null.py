"""A chance level for a measured membership advantage: the shuffled-membership null.

A loss-threshold attack picks the best of many thresholds, so even against a model that leaks
nothing its advantage is above 0 on a finite sample. To read a measured advantage, compare it
with the advantages the same attack reaches when the member / non-member labels are shuffled
at random among the same losses (a permutation test): that is the distribution of the
advantage when there is nothing to find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import check_integer
from ._membership import MembershipResult

__all__ = ["membership_null"]

_EMPTY_LOSSES = "{name} is empty: the attack needs losses of both members and non-members"
_NOT_A_RESULT = "result must be a MembershipResult from membership_inference, got {type_name}"


def best_advantage(member_losses, nonmember_losses) -> float:
    """Best TPR − FPR of "member when loss ≤ t" over all thresholds t (ties kept together).

    Equal to ``MembershipResult.advantage`` for the same losses (the one-sided
    Kolmogorov–Smirnov statistic of the two loss samples).

    Parameters
    ----------
    member_losses : array-like of float
        Per-record losses of the training records (members).
    nonmember_losses : array-like of float
        Per-record losses of records the model did not see (non-members).

    Returns
    -------
    float
        The best advantage, in [0, 1].

    Raises
    ------
    ValueError
        If either set of losses is empty (``_EMPTY_LOSSES``).
    """
    a = np.asarray(member_losses, dtype=float)
    b = np.asarray(nonmember_losses, dtype=float)
    if a.size == 0 or b.size == 0:
        raise ValueError(_EMPTY_LOSSES.format(name="member_losses" if a.size == 0 else
                                              "nonmember_losses"))
    grid = np.unique(np.r_[a, b])
    tpr = np.searchsorted(np.sort(a), grid, side="right") / a.size
    fpr = np.searchsorted(np.sort(b), grid, side="right") / b.size
    return float(max(0.0, np.max(tpr - fpr)))


@dataclass(frozen=True)
class MembershipNull:
    """Observed advantage against the shuffled-membership null.

    Attributes
    ----------
    observed : float
        The attack's advantage on the true membership.
    null : numpy.ndarray
        Advantages with the membership labels shuffled.
    quantile_95 : float
        95th percentile of `null`: an advantage below it is within chance.
    p_value : float
        ``(1 + #{null ≥ observed}) / (1 + n_permutations)``.
    """

    observed: float
    quantile_95: float
    p_value: float
    null: np.ndarray = field(repr=False)


def membership_null(result: MembershipResult, *, n_permutations: int = 200,
                    random_state: int | None = 0) -> MembershipNull:
    """Permutation null of the loss-threshold attack for one :class:`MembershipResult`.

    Parameters
    ----------
    result : MembershipResult
        From :func:`responsible_ml.privacy.membership_inference`.
    n_permutations : int, default 200
    random_state : int or None, default 0

    Returns
    -------
    MembershipNull
    """
    if not isinstance(result, MembershipResult):
        raise TypeError(_NOT_A_RESULT.format(type_name=type(result).__name__))
    n_permutations = check_integer(n_permutations, "n_permutations", low=1)
    pooled = np.r_[result.member_losses, result.nonmember_losses]
    n_in = len(result.member_losses)
    rng = np.random.default_rng(random_state)
    null = np.empty(n_permutations)
    for i in range(n_permutations):
        perm = rng.permutation(pooled)
        null[i] = best_advantage(perm[:n_in], perm[n_in:])
    observed = best_advantage(result.member_losses, result.nonmember_losses)
    return MembershipNull(
        observed=observed, quantile_95=float(np.quantile(null, 0.95)),
        p_value=float((1 + np.sum(null >= observed)) / (1 + n_permutations)), null=null,
    )

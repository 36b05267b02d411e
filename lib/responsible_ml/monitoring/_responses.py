"""Responses to an incident, simulated on the stream: rollback, retraining, human review.

:func:`run_policy` plays a deployment policy over production months — which model version
decides in which month, and optionally a human-in-the-loop rule that routes *uncertain*
cases (scores within ``review_band`` of the threshold) to a reviewer. Reviewers are
simulated: they reach the correct decision (the true outcome) with probability
``reviewer_accuracy``; the number of reviews per month is the review load.
:func:`policy_summary` gives error, TPR per group, TPR gap and review load.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_probability, check_real
from ..fairness import group_gap
from ..fairness._engine import encode_groups, group_rates, overall_rates

__all__ = ["run_policy", "policy_summary"]

_NO_MODEL = "no model is scheduled for month {month}"


def schedule_from(changes: Mapping[int, object]) -> Callable[[int], object]:
    """A model schedule from ``{first_month: model, ...}``: the latest change applies.

    Example: ``schedule_from({6: v1, 15: v2})`` → v1 for months 6–14, v2 from month 15.

    Parameters
    ----------
    changes : mapping of int to model
        First month from which each model decides.

    Returns
    -------
    callable
        ``which(month) -> model``: the model of the latest change at or before `month`; it
        raises :class:`ValueError` (``_NO_MODEL``) for a month before the first change.
    """
    starts = sorted(changes)

    def which(month: int):
        current = None
        for s in starts:
            if month >= s:
                current = changes[s]
        if current is None:
            raise ValueError(_NO_MODEL.format(month=month))
        return current

    return which


def run_policy(production: pd.DataFrame, schedule, *, review_band: float = 0.0,
               reviewer_accuracy: float = 0.9, random_state: int = 0, label_col: str = "completed",
               month_col: str = "enrol_month", id_col: str = "learner_id",
               review_from: int | None = None) -> pd.DataFrame:
    """Decide every production row under a policy and record who decided.

    Parameters
    ----------
    production : pandas.DataFrame
        The rows, in time order.
    schedule : DeployedModel, callable or mapping
        The model deciding in each month: one model, ``schedule(month) -> model`` or a
        mapping ``{first_month: model}`` (see :func:`schedule_from`).
    review_band : float, default 0
        Route a row to human review when ``|score - threshold| < review_band``
        (0 = no review).
    reviewer_accuracy : float, default 0.9
        Probability that a reviewer's decision equals the true outcome (an assumption:
        state it wherever the result is reported).
    random_state : int
        Seed of the simulated reviewers.
    label_col, month_col, id_col : str
        Outcome, month and id columns.
    review_from : int, optional
        First month with human review (default: all months).

    Returns
    -------
    pandas.DataFrame
        One row per decision, same order as `production`: ``learner_id``, ``month``,
        ``model_version``, ``score``, ``threshold``, ``model_decision``, ``reviewed``,
        ``decided_by`` ("model"/"reviewer"), ``decision``, ``outcome``.
    """
    check_frame(production, "production")
    check_columns(production, [label_col, month_col, id_col], "production")
    review_band = check_real(review_band, "review_band", low=0)
    reviewer_accuracy = check_probability(reviewer_accuracy, "reviewer_accuracy")
    if isinstance(schedule, Mapping):
        schedule = schedule_from(schedule)
    elif not callable(schedule):
        model = schedule
        schedule = lambda _m: model  # noqa: E731
    months = production[month_col].to_numpy(np.int64)
    n = len(production)
    score = np.empty(n)
    thr = np.empty(n)
    version = np.empty(n, dtype=object)
    by_model: dict[int, tuple[object, list[int]]] = {}
    for m in np.unique(months):  # score each model once, on all the months it decides
        model = schedule(int(m))
        by_model.setdefault(id(model), (model, []))[1].append(int(m))
    for model, model_months in by_model.values():
        idx = np.flatnonzero(np.isin(months, model_months))
        part = production.iloc[idx]
        score[idx] = model.scores(part)
        thr[idx] = model.threshold_for(part)
        version[idx] = model.version
    model_decision = (score >= thr).astype(np.int64)
    outcome = production[label_col].to_numpy(np.int64)
    rng = np.random.default_rng(random_state)
    correct = rng.random(n) < reviewer_accuracy
    reviewed = np.abs(score - thr) < review_band
    if review_from is not None:
        reviewed &= months >= review_from
    human = np.where(correct, outcome, 1 - outcome)
    decision = np.where(reviewed, human, model_decision)
    return pd.DataFrame({
        "learner_id": production[id_col].to_numpy(),
        "month": months,
        "model_version": version,
        "score": score,
        "threshold": thr,
        "model_decision": model_decision,
        "reviewed": reviewed,
        "decided_by": np.where(reviewed, "reviewer", "model"),
        "decision": decision,
        "outcome": outcome,
    }, index=production.index)


@dataclass(frozen=True)
class PolicySummary:
    """Error, TPR per group, TPR gap and review load of a simulated policy.

    Attributes
    ----------
    n : int
        Decisions summarised.
    error : float
        Share of decisions that differ from the outcome.
    tpr_by_group : dict of str to float
        TPR of every group (NaN for a group without positives).
    tpr_gap : float
        Max − min TPR (NaN when some group's TPR is undefined: fail closed).
    tpr_gap_low, tpr_gap_high : float
        95 % interval of the gap (Newcombe's hybrid score interval).
    reviews : int
        Decisions routed to a human reviewer.
    review_share : float
        ``reviews / n``.
    reviews_per_month : float
        Review load.
    """

    n: int
    error: float
    tpr_by_group: dict
    tpr_gap: float
    tpr_gap_low: float
    tpr_gap_high: float
    reviews: int
    review_share: float
    reviews_per_month: float

    def as_dict(self) -> dict:
        """Flat dict (``tpr_<group>`` keys): one row of a comparison table."""
        out = {"n": self.n, "error": self.error}
        out.update({f"tpr_{g}": v for g, v in self.tpr_by_group.items()})
        out.update(tpr_gap=self.tpr_gap, tpr_gap_low=self.tpr_gap_low,
                   tpr_gap_high=self.tpr_gap_high, reviews=self.reviews,
                   review_share=self.review_share, reviews_per_month=self.reviews_per_month)
        return out


def policy_summary(decisions: pd.DataFrame, *, sensitive_features,
                   months: tuple[int, int] | None = None) -> PolicySummary:
    """Error, TPR per group, TPR gap and review load of a simulated policy.

    The rates come from the engine (:func:`responsible_ml.fairness._engine.group_rates`).

    Parameters
    ----------
    decisions : pandas.DataFrame
        From :func:`run_policy`.
    sensitive_features : array-like
        Group of each decision (same order), e.g. ``production["background"]``.
    months : (first, last), optional
        Inclusive month range to summarise (default: all).

    Returns
    -------
    PolicySummary
    """
    d = decisions
    g = pd.Series(np.asarray(sensitive_features).astype(str), index=d.index)
    if months is not None:
        keep = (d["month"] >= months[0]) & (d["month"] <= months[1])
        d, g = d[keep], g[keep]
    nan = float("nan")
    reviews = int(d["reviewed"].sum())
    n_months = d["month"].nunique()
    if len(d) == 0:
        return PolicySummary(n=0, error=nan, tpr_by_group={}, tpr_gap=nan, tpr_gap_low=nan,
                             tpr_gap_high=nan, reviews=0, review_share=nan,
                             reviews_per_month=nan)
    y, p = d["outcome"].to_numpy(np.int64), d["decision"].to_numpy(np.int64)
    groups = encode_groups(g, min_groups=1)
    table = group_rates(y, p, groups, min_group_size=1)
    if len(groups.labels) >= 2:
        gap = group_gap(table, "tpr", undefined="nan")
    else:
        gap = None
    return PolicySummary(
        n=len(d),
        error=1.0 - float(overall_rates(y, p)["accuracy"]),
        tpr_by_group={str(k): float(v) for k, v in table["tpr"].items()},
        tpr_gap=gap.difference if gap else nan,
        tpr_gap_low=gap.low if gap else nan,
        tpr_gap_high=gap.high if gap else nan,
        reviews=reviews,
        review_share=reviews / len(d),
        reviews_per_month=reviews / n_months if n_months else nan,
    )

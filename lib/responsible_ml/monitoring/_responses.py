"""Responses to an incident, simulated on the stream: rollback, retraining, human review.

:func:`run_policy` plays a deployment policy over production months — which model version
decides in which month, and optionally a human-in-the-loop rule that routes *uncertain*
cases (scores within ``review_band`` of the threshold) to a reviewer. Reviewers are
simulated: they reach the correct decision (the true outcome) with probability
``reviewer_accuracy``; the number of reviews per month is the review load.
:func:`policy_summary` gives error, TPR per group, TPR gap and review load.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_probability

__all__ = ["BAD_BAND", "run_policy", "policy_summary", "schedule_from"]

BAD_BAND = "review_band must be a number >= 0, got {value!r}"


def schedule_from(changes: Mapping[int, object]) -> Callable[[int], object]:
    """A model schedule from ``{first_month: model, ...}``: the latest change applies.

    Example: ``schedule_from({6: v1, 15: v2})`` → v1 for months 6–14, v2 from month 15.
    """
    starts = sorted(changes)

    def which(month: int):
        current = None
        for s in starts:
            if month >= s:
                current = changes[s]
        if current is None:
            raise ValueError(f"no model is scheduled for month {month}")
        return current

    return which


def run_policy(production: pd.DataFrame, schedule, *, review_band: float = 0.0,
               reviewer_accuracy: float = 0.9, seed: int = 0, label: str = "completed",
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
    seed : int
        Seed of the simulated reviewers.
    label, month_col, id_col : str
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
    check_columns(production, [label, month_col, id_col], "production")
    if isinstance(review_band, bool) or not isinstance(review_band, numbers.Real) \
            or not review_band >= 0:
        raise ValueError(BAD_BAND.format(value=review_band))
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
    outcome = production[label].to_numpy(np.int64)
    rng = np.random.default_rng(seed)
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


def policy_summary(decisions: pd.DataFrame, groups, *, months: tuple[int, int] | None = None
                   ) -> dict:
    """Error, TPR per group, TPR gap and review load of a simulated policy.

    Parameters
    ----------
    decisions : pandas.DataFrame
        From :func:`run_policy`.
    groups : array-like
        Group of each decision (same order), e.g. ``production["background"]``.
    months : (first, last), optional
        Inclusive month range to summarise (default: all).

    Returns
    -------
    dict
        ``n``, ``error``, ``tpr_<group>`` for every group, ``tpr_gap``, ``reviews``
        (count), ``review_share``, ``reviews_per_month``.
    """
    g = pd.Series(np.asarray(groups).astype(str), index=decisions.index)
    d = decisions
    if months is not None:
        keep = (d["month"] >= months[0]) & (d["month"] <= months[1])
        d, g = d[keep], g[keep]
    out = {"n": len(d), "error": float((d["decision"] != d["outcome"]).mean()) if len(d)
           else float("nan")}
    tprs = []
    for label in sorted(g.unique()):
        pos = (g == label) & (d["outcome"] == 1)
        tpr = float(d.loc[pos, "decision"].mean()) if pos.any() else float("nan")
        out[f"tpr_{label}"] = tpr
        tprs.append(tpr)
    out["tpr_gap"] = float(np.max(tprs) - np.min(tprs)) if tprs and not np.isnan(tprs).any() \
        else float("nan")
    out["reviews"] = int(d["reviewed"].sum())
    out["review_share"] = float(d["reviewed"].mean()) if len(d) else float("nan")
    n_months = d["month"].nunique()
    out["reviews_per_month"] = out["reviews"] / n_months if n_months else float("nan")
    return out

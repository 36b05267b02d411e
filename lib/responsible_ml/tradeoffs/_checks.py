"""The capstone's checks, each written so that it *can* fail.

A go/no-go gate that cannot say no is decoration. Every function here returns a
:class:`~responsible_ml.tradeoffs.Check` and has a documented way to fail:

- :func:`_check_owner` — no named owner (empty, a placeholder) fails;
- :func:`_check_proxies` — a feature that predicts the sensitive attribute above
  ``max_auc`` fails unless a person has written why its use is justified; with
  ``max_joint_auc``, so do all the features *together* (weak proxies combine);
- :func:`check_privacy_budget` — fails when the privacy ledger of the people in the training
  data adds up to more than the budget, or lists any non-private use of them;
- :func:`_check_fresh_cohort` — no independent cohort, or one that shares people with the
  rows used to build and tune the model, fails;
- :func:`_check_fairness_interval` — fails unless the *upper end* of the 95 % interval of
  the gap is within the limit (a point estimate under the limit is not enough), and fails
  closed when a group's rate is undefined;
- :func:`_check_card_text` — the model card's human-written sections must be written by a
  person (the library does not write them);
- :func:`_check_monitoring_coverage` — every model input, the scores and the group gaps
  must be monitored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import exceeds, is_placeholder
from ..explain import proxy_scores
from ..explain._proxy import ALL_FEATURES
from ..fairness import group_gap, metrics_by_group

__all__ = [
    "Check",
    "confirmatory_sample_size",
]

#: Sections of the model card that a person must write for the capstone.
CARD_TEXT_SECTIONS = ("intended_use", "out_of_scope_uses", "ethical_considerations", "caveats")


PASS, FAIL, SKIPPED = "pass", "fail", "skipped"


@dataclass(frozen=True)
class Check:
    """The outcome of one step: its name, ``status`` (pass/fail/skipped) and the reason."""

    step: str
    status: str
    reason: str

    @property
    def passed(self) -> bool:
        """Whether the step passed."""
        return self.status == PASS


def _check_owner(owner, *, step: str = "accountability"):
    """Pass only when a person (or named role holder) answers for the model.

    Fails for None, a non-string, an empty string or a placeholder ("TODO", "TBD").

    Parameters
    ----------
    owner : str or None
        The person or role holder who answers for the model.
    step : str, default "accountability"
        Name of the step in the returned check.

    Returns
    -------
    Check
        ``PASS`` with the owner's name, or ``FAIL`` (never raises on a bad `owner`).
    """
    if is_placeholder(owner, non_text=True):
        return Check(step, FAIL, "no owner named: someone must answer for the model, its "
                                 "alerts and its incidents before it is deployed")
    return Check(step, PASS, f"owner named: {owner.strip()}")


_PROXY_CACHE: dict = {}


def _proxy_table(X: pd.DataFrame, sensitive_features, random_state: int,
                 include_all: bool) -> pd.DataFrame:
    """:func:`proxy_scores`, remembered for the last few inputs (the same training rows are
    often audited several times, and the cross-validated models are the slow part)."""
    s = pd.Series(np.asarray(sensitive_features, dtype=object).astype(str))
    try:
        key = (tuple(X.columns), len(X), int(pd.util.hash_pandas_object(X, index=False).sum()),
               int(pd.util.hash_pandas_object(s, index=False).sum()), random_state, include_all)
    except TypeError:  # unhashable cells: compute without remembering
        return proxy_scores(X, sensitive_features, random_state=random_state,
                            include_all=include_all)
    if key not in _PROXY_CACHE:
        if len(_PROXY_CACHE) >= 8:
            _PROXY_CACHE.pop(next(iter(_PROXY_CACHE)))
        _PROXY_CACHE[key] = proxy_scores(X, sensitive_features, random_state=random_state,
                                         include_all=include_all)
    return _PROXY_CACHE[key].copy()


def _check_proxies(X: pd.DataFrame, sensitive_features, *, max_auc: float = 0.75,
                  justified: Mapping[str, str] | None = None, random_state: int = 0,
                  max_joint_auc: float | None = None, step: str = "proxy check"):
    """Fail when inputs predict the sensitive attribute too well and nobody justified it.

    Parameters
    ----------
    X : pandas.DataFrame
        The model inputs.
    sensitive_features : array-like
        The sensitive attribute (not an input).
    max_auc : float, default 0.75
        Proxy level: the cross-validated ROC AUC of one feature predicting the attribute
        (:func:`responsible_ml.explain.proxy_scores`) above which the feature is a proxy.
    justified : mapping of str to str, optional
        Features a person has decided may stay, each with the written reason; the key
        :data:`responsible_ml.explain._proxy.ALL_FEATURES` justifies the joint proxy.
    random_state : int
    max_joint_auc : float, optional
        Joint proxy level: the cross-validated ROC AUC of a model on *all* the inputs
        together predicting the attribute. Several weak proxies can combine into a strong
        one, so a univariate check alone can pass while the inputs jointly reveal the
        attribute. None (the default) checks single features only.
    step : str, default "proxy check"
        Name of the step in the returned check.
    """
    justified = dict(justified or {})
    table = _proxy_table(X, sensitive_features, random_state, max_joint_auc is not None)
    single = table[table["feature"] != ALL_FEATURES] if max_joint_auc is not None else table
    strong = single[single["auc"] > max_auc]
    unjustified = [f for f in strong["feature"] if is_placeholder(justified.get(f), non_text=True)]
    aucs = table.set_index("feature")["auc"]

    def fmt(f):
        return f"{f} (AUC {float(aucs.loc[f]):.2f})"

    joint_text, joint_fail = "", False
    if max_joint_auc is not None:
        joint = float(aucs.loc[ALL_FEATURES])
        joint_fail = joint > max_joint_auc and is_placeholder(justified.get(ALL_FEATURES), non_text=True)
        joint_text = (f"all inputs together predict it with AUC {joint:.2f} "
                      f"{'>' if joint > max_joint_auc else '≤'} {max_joint_auc:g}")
        if joint > max_joint_auc and not joint_fail:
            joint_text += " (kept with a written reason)"
    if unjustified or joint_fail:
        parts = []
        if unjustified:
            parts.append(", ".join(fmt(f) for f in unjustified) + f" > {max_auc:g}")
        if joint_fail:
            parts.append(joint_text)
        return Check(step, FAIL, "proxy for the sensitive attribute among the inputs: "
                     + "; ".join(parts) + "; drop inputs, mitigate, or write why they may stay")
    top = single.iloc[0]
    kept = [f for f in strong["feature"] if f not in unjustified]
    return Check(step, PASS, f"no unjustified proxy: strongest single input {top['feature']} "
                 f"(AUC {float(top['auc']):.2f})"
                 + (f"; kept with a written reason: {', '.join(fmt(f) for f in kept)}"
                    if kept else f" ≤ {max_auc:g}")
                 + (f"; {joint_text}" if joint_text else ""))


def _ledger_frame(ledger) -> pd.DataFrame:
    if isinstance(ledger, pd.DataFrame):
        missing = [c for c in ("step", "epsilon") if c not in ledger.columns]
        if missing:
            raise ValueError(f"ledger must have columns 'step' and 'epsilon'; missing "
                             f"{', '.join(missing)}")
        frame = ledger[["step", "epsilon"]].copy()
    elif isinstance(ledger, Mapping):
        frame = pd.DataFrame({"step": list(ledger), "epsilon": list(ledger.values())})
    else:
        raise TypeError("ledger must be a DataFrame with columns 'step' and 'epsilon' or a "
                        f"mapping of step to epsilon, got {type(ledger).__name__}")
    eps = pd.to_numeric(frame["epsilon"], errors="coerce").astype(float)
    if (eps < 0).any():
        raise ValueError("ledger epsilon values must be >= 0 (inf for a non-private use)")
    return frame.assign(epsilon=eps.fillna(np.inf))


def check_privacy_budget(ledger, max_epsilon: float | None, *, step: str = "privacy budget"):
    """Fail when the privacy spent on the training people exceeds the budget.

    The ledger lists every use of the *same* people — each private fit, each exploratory
    fit with another seed, each released statistic — with its ε; a non-private use (an
    ordinary model, an exact published statistic) has ε = inf (or a missing value), because
    no differential-privacy guarantee covers it. By basic sequential composition
    (Dwork & Roth 2014, Thm 3.16) the total is the sum.

    Parameters
    ----------
    ledger : pandas.DataFrame or mapping
        Columns ``step`` and ``epsilon`` (or ``{step: epsilon}``).
    max_epsilon : float or None
        The budget set by the people accountable (a review board). None: no budget was set,
        so no differential-privacy claim is made and the check passes saying so.
    step : str, default "privacy budget"
        Name of the step in the returned check.

    Returns
    -------
    (Check, float)
        The check and the total ε (inf when any use is non-private).
    """
    frame = _ledger_frame(ledger)
    total = float(frame["epsilon"].sum())
    if max_epsilon is None:
        return Check(step, PASS, "no privacy budget set: no differential-privacy claim is "
                                 "made for the people in the training data"), total
    max_epsilon = float(max_epsilon)
    open_uses = frame.loc[~np.isfinite(frame["epsilon"]), "step"].astype(str).tolist()
    if open_uses:
        return Check(step, FAIL, "non-private use of the training people: "
                     + ", ".join(open_uses) + f"; no DP guarantee covers them (budget ε ≤ "
                     f"{max_epsilon:g}); fit such steps on other data"), total
    if exceeds(total, max_epsilon):
        return Check(step, FAIL, f"the ledger spends ε = {total:g} on the training people "
                     f"in {len(frame)} use(s) (basic composition), over the budget of "
                     f"{max_epsilon:g}"), total
    return Check(step, PASS, f"the ledger spends ε = {total:g} ≤ {max_epsilon:g} on the "
                             f"training people in {len(frame)} use(s) (basic composition); "
                             "the report's exact statistics of them are not covered: keep "
                             "them inside the review"), total


def confirmatory_sample_size(limit: float, planned_gap: float, *, group_shares,
                             base_rates, tprs, power: float = 0.8,
                             level: float = 0.95) -> int:
    """Smallest cohort whose TPR-gap interval will fall within `limit` with the given power.

    A precision rule fixed *before* the confirmatory cohort is drawn: if the true gap is
    `planned_gap`, the upper end of the two-sided `level` interval of the gap is within
    `limit` with probability `power` (normal approximation, two independent groups):
    ``n = (z_{1-α/2} + z_power)² · Σ_g TPR_g(1 − TPR_g) / (share_g · p_g) / (limit − gap)²``.

    Parameters
    ----------
    limit : float
        The largest acceptable gap.
    planned_gap : float
        The gap assumed when planning (from data used before, never from the cohort itself).
    group_shares, base_rates, tprs : sequence of float
        Per group (two groups): share of the cohort, base rate, planned TPR.
    power : float, default 0.8
    level : float, default 0.95

    Returns
    -------
    int
        The planned cohort size.
    """
    from scipy.stats import norm

    shares, rates, t = (np.asarray(v, float) for v in (group_shares, base_rates, tprs))
    if not (len(shares) == len(rates) == len(t) == 2):
        raise ValueError("group_shares, base_rates and tprs need one value for each of two "
                         "groups")
    if not planned_gap < limit:
        raise ValueError(f"planned_gap must be below limit, got {planned_gap} >= {limit}: "
                         "no cohort size can show the gap is within the limit")
    for name, value in (("power", power), ("level", level)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must be in (0, 1), got {value}")
    z = norm.ppf(1 - (1 - level) / 2) + norm.ppf(power)
    variance = float(np.sum(t * (1 - t) / (shares * rates)))
    return int(np.ceil(z ** 2 * variance / (limit - planned_gap) ** 2))


def _check_fresh_cohort(fresh: pd.DataFrame | None, used: pd.DataFrame, *,
                       id_col: str = "learner_id", step: str = "fresh cohort",
                       tuning: pd.DataFrame | None = None):
    """Fail without an independent cohort, or when it shares people with `used`.

    The rows that trained the model and chose its thresholds cannot confirm them; only
    people not used for any choice can.

    Parameters
    ----------
    fresh : pandas.DataFrame or None
        The independent evaluation cohort.
    used : pandas.DataFrame
        The rows used to train the model and choose its thresholds.
    id_col : str, default "learner_id"
        Column identifying people; overlap is checked only when both frames have it.
    step : str, default "fresh cohort"
        Name of the step in the returned check.
    tuning : pandas.DataFrame, optional
        The rows used for any *choice* (thresholds, mitigation strength, model selection)
        when they differ from `used`. Without it the check can only confirm that `fresh`
        shares no one with `used`, and its message says so: the team must confirm that
        `fresh` was not used for tuning.

    Returns
    -------
    Check
        ``FAIL`` when `fresh` is missing, not a DataFrame, empty or shares people with
        `used`; ``PASS`` otherwise.
    """
    if fresh is None or not isinstance(fresh, pd.DataFrame) or len(fresh) == 0:
        return Check(step, FAIL, "no fresh cohort: the rows that built and tuned the model "
                                 "cannot confirm it; evaluate on people not used for any "
                                 "choice")
    if tuning is not None and not isinstance(tuning, pd.DataFrame):
        raise TypeError(f"tuning must be a pandas DataFrame or None, got {type(tuning).__name__}")
    for label, frame in (("train", used), ("tuning", tuning)):
        if frame is None or id_col not in fresh.columns or id_col not in frame.columns:
            continue
        shared = np.intersect1d(fresh[id_col].astype(str), frame[id_col].astype(str))
        if len(shared):
            what = ("the data used to build the model" if label == "train"
                    else "the rows used to tune it")
            return Check(step, FAIL, f"the fresh cohort shares {len(shared)} of its "
                                     f"{len(fresh)} people with {what}: it is not independent")
    if tuning is None:
        return Check(step, PASS, f"{len(fresh)} learners share no id with the training rows "
                                 "(tuning rows not given: confirm they chose nothing)")
    return Check(step, PASS, f"{len(fresh)} learners share no id with the training or "
                             "tuning rows")


def _check_fairness_interval(y_true, y_pred, *, sensitive_features, metric: str = "tpr",
                            limit: float = 0.10, step: str = "fairness check"):
    """Pass only when the upper end of the gap's 95 % interval is within the limit.

    The gap and its interval come from the engine (:func:`responsible_ml.fairness.group_gap`,
    Newcombe's hybrid score interval, the course's one convention). A gap whose interval
    reaches above the limit has *not* been shown to be within it, so the check fails; a
    group whose rate is undefined (no positives for a TPR) fails closed.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Outcomes and decisions of the fresh cohort.
    sensitive_features : array-like
        Group of each row.
    metric : str, default "tpr"
        One of :data:`responsible_ml.fairness._engine.GAP_METRICS`.
    limit : float, default 0.10
        Largest acceptable gap.
    step : str, default "fairness check"
        Name of the check in the report.

    Returns
    -------
    (Check, dict)
        The check and the numbers (``gap``, ``low``, ``high``).
    """
    try:
        result = group_gap(metrics_by_group(y_true, y_pred, sensitive_features=sensitive_features,
                                            min_group_size=1), metric)
    except ValueError as err:
        return (Check(step, FAIL, f"{metric} gap undefined, failing closed: {err}"),
                {"gap": np.nan, "low": np.nan, "high": np.nan})
    gap, low, high = result.difference, result.low, result.high
    numbers = {"gap": gap, "low": low, "high": high}
    text = (f"{metric} gap {gap:.3f}, 95% interval {low:.3f} to {high:.3f}, "
            f"limit {limit:g}")
    if exceeds(high, limit):
        return Check(step, FAIL, text + ": the interval reaches above the limit, so the data "
                                        "do not show the gap is within it"), numbers
    return Check(step, PASS, text + ": the whole interval is within the limit"), numbers


def _check_card_text(card_text: Mapping[str, object] | None, *,
                    step: str = "explanation report"):
    """Fail unless a person wrote each of :data:`CARD_TEXT_SECTIONS`.

    Parameters
    ----------
    card_text : mapping
        ``{"intended_use": str, "out_of_scope_uses": [str], "ethical_considerations": [str],
        "caveats": [str]}`` written by the team.
    step : str, default "explanation report"
        Name of the step in the returned check.
    """
    card_text = dict(card_text or {})
    missing = []
    for key in CARD_TEXT_SECTIONS:
        value = card_text.get(key)
        items = [value] if isinstance(value, str) or value is None else list(value)
        if all(is_placeholder(v, non_text=True) for v in items):
            missing.append(key)
    if missing:
        return Check(step, FAIL, "model card sections not written by a person: "
                     + ", ".join(missing))
    return Check(step, PASS, "model card: numbers from the fresh cohort, "
                             + ", ".join(CARD_TEXT_SECTIONS) + " written by the team")


def _check_monitoring_coverage(monitored: Sequence[str], features: Sequence[str], *,
                              owner=None, step: str = "monitoring plan"):
    """Fail when a model input is not monitored (or the plan has no owner).

    Parameters
    ----------
    monitored : sequence of str
        The inputs whose drift the plan watches.
    features : sequence of str
        The model inputs.
    owner : str, optional
        Who receives the alerts.
    step : str, default "monitoring plan"
        Name of the step in the returned check.
    """
    missing = [f for f in features if f not in set(monitored)]
    if missing:
        return Check(step, FAIL, "inputs not monitored: " + ", ".join(missing)
                     + " — drift in an unwatched input is seen only when outcomes arrive")
    if is_placeholder(owner, non_text=True):
        return Check(step, FAIL, "the monitoring plan has no owner to receive its alerts")
    return Check(step, PASS, f"all {len(features)} inputs, the scores, the selection-rate "
                             f"gap and the TPR gap are monitored; alerts go to {owner}")

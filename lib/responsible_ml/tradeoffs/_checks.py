"""The capstone's checks, each written so that it *can* fail.

A go/no-go gate that cannot say no is decoration. Every function here returns a
:class:`~responsible_ml.tradeoffs.Check` and has a documented way to fail:

- :func:`check_owner` — no named owner (empty, a placeholder) fails;
- :func:`check_proxies` — a feature that predicts the sensitive attribute above
  ``max_auc`` fails unless a person has written why its use is justified;
- :func:`check_fresh_cohort` — no independent cohort, or one that shares people with the
  rows used to build and tune the model, fails;
- :func:`check_fairness_interval` — fails unless the *upper end* of the 95 % interval of
  the gap is within the limit (a point estimate under the limit is not enough), and fails
  closed when a group's rate is undefined;
- :func:`check_card_text` — the model card's human-written sections must be written by a
  person (the library does not write them);
- :func:`check_monitoring_coverage` — every model input, the scores and the group gaps
  must be monitored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..explain import proxy_scores
from ..explain._model_card import PLACEHOLDERS
from ..fairness import group_gap, metrics_by_group

__all__ = [
    "PASS",
    "FAIL",
    "SKIPPED",
    "Check",
    "CARD_TEXT_SECTIONS",
    "check_owner",
    "check_proxies",
    "check_fresh_cohort",
    "check_fairness_interval",
    "check_card_text",
    "check_monitoring_coverage",
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


def _is_placeholder(text) -> bool:
    if text is None or not isinstance(text, str):
        return True
    return text.strip().strip(".").strip().lower() in PLACEHOLDERS or not text.strip(" .…")


def check_owner(owner, *, step: str = "accountability"):
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
    if _is_placeholder(owner):
        return Check(step, FAIL, "no owner named: someone must answer for the model, its "
                                 "alerts and its incidents before it is deployed")
    return Check(step, PASS, f"owner named: {owner.strip()}")


def check_proxies(X: pd.DataFrame, sensitive_features, *, max_auc: float = 0.75,
                  justified: Mapping[str, str] | None = None, random_state: int = 0,
                  step: str = "proxy check"):
    """Fail when an input predicts the sensitive attribute too well and nobody justified it.

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
        Features a person has decided may stay, each with the written reason.
    random_state : int
    step : str, default "proxy check"
        Name of the step in the returned check.
    """
    justified = dict(justified or {})
    table = proxy_scores(X, sensitive_features, random_state=random_state)
    strong = table[table["auc"] > max_auc]
    unjustified = [f for f in strong["feature"] if _is_placeholder(justified.get(f))]
    def fmt(f):
        return f"{f} (AUC {float(table.set_index('feature').loc[f, 'auc']):.2f})"

    if unjustified:
        return Check(step, FAIL, "proxy for the sensitive attribute among the inputs: "
                     + ", ".join(fmt(f) for f in unjustified)
                     + f" > {max_auc:g}; drop it, mitigate, or write why it may stay")
    top = table.iloc[0]
    kept = [f for f in strong["feature"] if f not in unjustified]
    return Check(step, PASS, f"no unjustified proxy: strongest {top['feature']} "
                 f"(AUC {float(top['auc']):.2f})"
                 + (f"; kept with a written reason: {', '.join(fmt(f) for f in kept)}"
                    if kept else f" ≤ {max_auc:g}"))


def check_fresh_cohort(fresh: pd.DataFrame | None, used: pd.DataFrame, *,
                       id_col: str = "learner_id", step: str = "fresh cohort"):
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
    if id_col in fresh.columns and id_col in used.columns:
        shared = np.intersect1d(fresh[id_col].astype(str), used[id_col].astype(str))
        if len(shared):
            return Check(step, FAIL, f"the fresh cohort shares {len(shared)} of its "
                                     f"{len(fresh)} people with the data used to build and "
                                     "tune the model: it is not independent")
    return Check(step, PASS, f"{len(fresh)} learners not used to train or tune the model")


def check_fairness_interval(y_true, y_pred, *, sensitive_features, metric: str = "tpr",
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
        One of :data:`responsible_ml.fairness.GAP_METRICS`.
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
    if high > limit:
        return Check(step, FAIL, text + ": the interval reaches above the limit, so the data "
                                        "do not show the gap is within it"), numbers
    return Check(step, PASS, text + ": the whole interval is within the limit"), numbers


def check_card_text(card_text: Mapping[str, object] | None, *,
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
        if all(_is_placeholder(v) for v in items):
            missing.append(key)
    if missing:
        return Check(step, FAIL, "model card sections not written by a person: "
                     + ", ".join(missing))
    return Check(step, PASS, "model card: numbers from the fresh cohort, "
                             + ", ".join(CARD_TEXT_SECTIONS) + " written by the team")


def check_monitoring_coverage(monitored: Sequence[str], features: Sequence[str], *,
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
    if _is_placeholder(owner):
        return Check(step, FAIL, "the monitoring plan has no owner to receive its alerts")
    return Check(step, PASS, f"all {len(features)} inputs, the scores, the selection-rate "
                             f"gap and the TPR gap are monitored; alerts go to {owner}")

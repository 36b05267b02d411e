"""Capstone: one checked path from data to a go/no-go decision, with a reason for every check.

The steps are the course in order — accountability (a named owner), data quality (lesson
01), representation (02), privacy guard (04), privacy budget (04, 07: the ledger of every use
of the training people against the board's ε), proxy check (05, single inputs and all inputs
together), a fresh cohort the model
was not built or tuned on, training, fairness check with its interval (03, 06),
explanation report / model card (05) and monitoring plan (06) — run as *gates* the way a
pre-deployment audit runs in CI. Blocking gates (data quality, privacy guard, privacy
budget) stop the pipeline: the model is never trained on data that fails them (for a
differentially private model the fit is the spend). The other gates all run and each
failure makes the decision "no-go". Every check can fail (see ``_checks``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone

from .._validation import check_frame, check_probability
from ..data import case_study_model
from ..explain._model_card import frame_to_markdown
from ..fairness._slicing import rate_gap
from ._checks import (
    FAIL,
    PASS,
    SKIPPED,
    Check,
    _check_card_text,
    _check_fairness_interval,
    _check_fresh_cohort,
    _check_monitoring_coverage,
    _check_owner,
    _check_proxies,
    _ledger_frame,
    check_privacy_budget,
)

_ACCURACY_TOLERANCE = 0.03  # monitored accuracy may fall this far below its baseline

__all__ = [
    "CAPSTONE_STEPS",
    "run_capstone",
]

CAPSTONE_STEPS = ("accountability", "data quality", "representation", "privacy guard",
                  "privacy budget", "proxy check", "fresh cohort", "training", "fairness check",
                  "explanation report", "monitoring plan")
#: Columns that identify a person on their own (never model inputs).
DIRECT_IDENTIFIERS = ("learner_id", "name", "email", "phone", "address")
#: Columns that identify a person in combination (lesson 04's linkage attack).
QUASI_IDENTIFIERS = ("birth_date", "age", "gender", "district", "district_deprivation")
_NOT_A_MODEL = "model must be a scikit-learn estimator with fit and predict, got {type_name}"
_MISSING_THRESHOLD = "threshold has no value for {sensitive} group(s) {groups}"
_NO_PROBA = ("threshold {threshold!r} needs scores, but the model has no predict_proba; "
            "use threshold=0.5 (the model's own predict) or a model with predict_proba")


@dataclass
class CapstoneReport:
    """A go/no-go report.

    Attributes
    ----------
    checks : list of Check
        One per step of :data:`CAPSTONE_STEPS`, in order.
    model : fitted estimator or None
        The trained model (None when a blocking gate failed).
    model_card : responsible_ml.explain.ModelCard or None
    monitoring_plan : pandas.DataFrame or None
        What to watch after deployment: signal, baseline, limit, cadence, owner.
    metrics : dict
        Test accuracy, baseline accuracy, fairness gap, k, total ε of the ledger.
    privacy_ledger : pandas.DataFrame or None
        The ledger the privacy-budget gate read (columns ``step``, ``epsilon``), including
        the capstone's own training fit.
    """

    checks: list[Check]
    model: object = None
    model_card: object = None
    monitoring_plan: pd.DataFrame | None = None
    metrics: dict = field(default_factory=dict)
    privacy_ledger: pd.DataFrame | None = None

    @property
    def go(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def decision(self) -> str:
        """``"GO"`` or ``"NO-GO"``."""
        return "GO" if self.go else "NO-GO"

    def failed(self) -> list[str]:
        """Names of the steps that failed."""
        return [c.step for c in self.checks if c.status == FAIL]

    def to_frame(self) -> pd.DataFrame:
        """One row per step: step, status, reason."""
        return pd.DataFrame([(c.step, c.status, c.reason) for c in self.checks],
                            columns=["step", "status", "reason"])

    def to_markdown(self) -> str:
        """The decision, the checks table and the monitoring plan, as Markdown."""
        why = ("every check passed" if self.go
               else "failed: " + ", ".join(self.failed() or ["(skipped steps)"]))
        parts = [f"## Deployment decision: **{self.decision}** ({why})",
                 frame_to_markdown(self.to_frame(), index=False)]
        if self.monitoring_plan is not None:
            parts += ["### Monitoring plan", frame_to_markdown(self.monitoring_plan, index=False)]
        return "\n\n".join(parts)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _k_anonymity(df: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """k of `df` on the quasi-identifiers (lesson 04's :func:`responsible_ml.privacy.k_anonymity`);
    with no quasi-identifier everyone is alike, so k is the number of rows."""
    from ..privacy import k_anonymity

    qis = list(quasi_identifiers)
    return k_anonymity(df, qis) if qis else len(df)


def _fmt_groups(counts: pd.Series, total: int) -> str:
    return ", ".join(f"{g} {n} ({n / total:.0%})" for g, n in counts.items())


def _model_epsilon(model) -> float:
    """The ε a model's fit spends (``epsilon`` of a diffprivlib estimator, alone or as a
    pipeline's last step); inf for a model with no differential-privacy guarantee. Only
    diffprivlib models count: other estimators' ``epsilon`` (SGDClassifier's Huber width,
    SVR's margin) is not a privacy budget."""
    est = model.steps[-1][1] if hasattr(model, "steps") else model
    if not type(est).__module__.startswith("diffprivlib"):
        return float("inf")
    eps = getattr(est, "epsilon", None)
    try:
        eps = float(eps)
    except (TypeError, ValueError):
        return float("inf")
    return eps if eps > 0 else float("inf")


def run_capstone(df: pd.DataFrame, model=None, *, fresh_cohort: pd.DataFrame | None = None,
                 owner: str | None = None, card_text: Mapping | None = None,
                 monitored: Sequence[str] | None = None,
                 features: Sequence[str] | None = None, target: str = "completed",
                 sensitive_features: str = "background", id_col: str = "learner_id",
                 min_group_share: float = 0.10, min_group_size: int = 30, k: int = 5,
                 proxy_max_auc: float = 0.75, proxy_justified: Mapping[str, str] | None = None,
                 proxy_max_joint_auc: float | None = 0.75,
                 privacy_ledger=None, max_epsilon: float | None = None, prefit: bool = False,
                 fairness_metric: str = "tpr", fairness_limit: float | None = None,
                 threshold: float | Mapping[str, float] = 0.5, random_state: int = 0,
                 name: str = "mentor-model", version: str = "1.0",
                 tuning: pd.DataFrame | None = None) -> CapstoneReport:
    """Take the case-study data and a model through every check of the course.

    The model is trained on `df` (the rows used to build *and tune* it) and judged on
    `fresh_cohort` — people used for no choice. Every check can fail (see
    :mod:`responsible_ml.tradeoffs._checks`): no owner, an unjustified proxy, no fresh
    cohort, a fairness gap whose 95 % interval reaches above the limit, a model card
    without its human-written sections, an unmonitored input — and, when the board set a
    privacy budget, a ledger over it or a non-private use of the training people
    (a non-private model included).

    Parameters
    ----------
    df : pandas.DataFrame
        Training data (case-study columns: features, `target`, `sensitive_features`).
    model : scikit-learn estimator, optional
        Unfitted model taking a DataFrame of `features` (cloned before fitting); default
        :func:`~responsible_ml.data.case_study_model`.
    fresh_cohort : pandas.DataFrame, optional
        An independent cohort with the same columns. Without it (or when it shares people
        with `df` or `tuning`) the fresh-cohort check fails before the model is fitted, so no
        ε is spent, and training, fairness and the model card are not evaluated.
    owner : str, optional
        Who answers for the model (no default: a missing owner fails).
    card_text : mapping, optional
        The model card's human-written sections (``intended_use``, ``out_of_scope_uses``,
        ``ethical_considerations``, ``caveats``); missing ones fail the explanation report.
    monitored : sequence of str, optional
        Inputs the monitoring plan watches (default: every input).
    features : sequence of str, optional
        Model inputs; default :data:`responsible_ml.data.CASE_STUDY_FEATURES`.
    target, sensitive_features, id_col : str
        Label column, the sensitive attribute audited (not a model input), person id.
    min_group_share, min_group_size : float, int
        Representation: every group needs at least this share and this many rows.
    k : int
        Privacy guard: quasi-identifiers among the features must be k-anonymous. The guard
        looks at the model's inputs only; it does not make `df` (which may still hold names,
        ids and birth dates) safe to store or share.
    proxy_max_auc, proxy_justified, proxy_max_joint_auc
        Proxy check (:func:`~responsible_ml.tradeoffs._checks._check_proxies`): single inputs
        and, unless `proxy_max_joint_auc` is None, all inputs together.
    privacy_ledger : pandas.DataFrame or mapping, optional
        Every *earlier* use of the people in `df` (columns ``step``, ``epsilon``; ε = inf for
        a non-private use such as an ordinary baseline fit on them). The capstone adds its own
        training fit with the model's ε (inf for a non-private model) unless `prefit`.
    max_epsilon : float, optional
        The privacy budget (:func:`~responsible_ml.tradeoffs._checks.check_privacy_budget`).
        None: no budget was set and no differential-privacy claim is made.
    prefit : bool, default False
        Judge `model` as it is (a frozen, already fitted artefact) instead of fitting a clone
        on `df`. Refitting a private model spends ε again on every run; a CI test of a
        deployed private model should use the frozen artefact, whose fit is in the ledger.
    fairness_metric, fairness_limit : str, float
        Fairness check on the fresh cohort; the limit defaults to the course's
        :data:`responsible_ml.monitoring.COURSE_GAP_LIMIT`.
    threshold : float or mapping of str to float, default 0.5
        Decision rule ``predict_proba >= threshold``; a mapping gives one threshold per
        group (an operating point chosen on the trade-off frontier).
    random_state : int
        Seed of the proxy check's folds and of the default model (not of a given model: a
        private model should draw its noise from a secret, unseeded source).
    name, version : str
        For the model card.
    tuning : pandas.DataFrame, optional
        Rows used to choose thresholds or the candidate, when not part of `df`; the
        fresh cohort must share no one with them either
        (:func:`~responsible_ml.tradeoffs._checks._check_fresh_cohort`).

    Returns
    -------
    CapstoneReport
    """
    from ..data import CASE_STUDY_FEATURES
    from ..explain import model_card_from_model
    from ..monitoring import (
        COURSE_GAP_LIMIT,
        COURSE_PERSISTENCE,
        COURSE_PSI_LIMIT,
        COURSE_SELECTION_SHIFT,
        psi,
    )
    from ..monitoring._noise import COURSE_SCORE_PSI_LIMIT

    sensitive = sensitive_features
    check_frame(df, "df")
    check_probability(min_group_share, "min_group_share")
    fairness_limit = COURSE_GAP_LIMIT if fairness_limit is None else float(fairness_limit)
    features = list(CASE_STUDY_FEATURES if features is None else features)
    if model is None:
        if prefit:
            raise ValueError("prefit=True needs a fitted model")
        model = case_study_model(features, random_state=random_state)
    if not (hasattr(model, "fit") and hasattr(model, "predict")):
        raise TypeError(_NOT_A_MODEL.format(type_name=type(model).__name__))
    if isinstance(threshold, Mapping):
        for g, t in threshold.items():
            check_probability(t, f"threshold[{g!r}]")
        if not hasattr(model, "predict_proba"):
            raise TypeError(_NO_PROBA.format(threshold=dict(threshold)))
    else:
        check_probability(threshold, "threshold")
        if float(threshold) != 0.5 and not hasattr(model, "predict_proba"):
            raise TypeError(_NO_PROBA.format(threshold=threshold))
    checks: list[Check] = []
    report = CapstoneReport(checks=checks)

    def skip_rest(because: str) -> CapstoneReport:
        for step in CAPSTONE_STEPS[len(checks):]:
            checks.append(Check(step, SKIPPED, f"not run: {because}"))
        return report

    # 0. accountability ------------------------------------------------------------------
    checks.append(_check_owner(owner))

    # 1. data quality -------------------------------------------------------------------
    needed = list(dict.fromkeys([*features, target, sensitive]))
    problems = []
    for label, frame in (("df", df), ("fresh_cohort", fresh_cohort)):
        if frame is None:
            continue
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            problems.append(f"{label}: missing column(s) {', '.join(missing)}")
            continue
        nan = frame[needed].isna().sum()
        nan = nan[nan > 0]
        if len(nan):
            problems.append(f"{label}: missing values in "
                            + ", ".join(f"{c} ({n})" for c, n in nan.items()))
        labels = set(pd.unique(frame[target].dropna()))
        if not labels <= {0, 1}:
            problems.append(f"{label}: {target} is not 0/1")
        elif len(labels) < 2:
            problems.append(f"{label}: {target} has one class only")
    if problems:
        checks.append(Check("data quality", FAIL, "; ".join(problems)))
        return skip_rest("data quality failed")
    checks.append(Check("data quality", PASS,
                        f"{len(df)} training rows; no missing values in {len(needed)} "
                        f"columns; {target} is 0/1 with base rate {df[target].mean():.1%}"))

    # 2. representation -----------------------------------------------------------------
    counts = df[sensitive].astype(str).value_counts().sort_index()
    low = [g for g, n in counts.items() if n < min_group_size or n / len(df) < min_group_share]
    text = _fmt_groups(counts, len(df))
    if len(counts) < 2:
        checks.append(Check("representation", FAIL, f"only one {sensitive} group: {text}"))
    elif low:
        checks.append(Check("representation", FAIL,
                            f"under-represented {sensitive} group(s) {', '.join(low)} "
                            f"(need ≥ {min_group_share:.0%} and ≥ {min_group_size} rows): {text}"))
    else:
        checks.append(Check("representation", PASS, f"every {sensitive} group has "
                            f"≥ {min_group_share:.0%} of rows: {text}"))

    # 3. privacy guard ------------------------------------------------------------------
    ids = [f for f in features if f in DIRECT_IDENTIFIERS]
    qis = [f for f in features if f in QUASI_IDENTIFIERS]
    kk = _k_anonymity(df, qis)
    report.metrics["k"] = kk
    if ids:
        checks.append(Check("privacy guard", FAIL,
                            f"direct identifier(s) {', '.join(ids)} among the model inputs"))
        return skip_rest("privacy guard failed")
    if kk < k:
        checks.append(Check("privacy guard", FAIL,
                            f"quasi-identifiers {', '.join(qis)} single out groups of {kk} "
                            f"row(s) (k = {kk} < {k}); generalise or drop them"))
        return skip_rest("privacy guard failed")
    checks.append(Check("privacy guard", PASS,
                        "model inputs only (the stored extract is not checked): "
                        "no direct identifiers among the inputs; "
                        + (f"quasi-identifiers {', '.join(qis)} are {kk}-anonymous (≥ {k})"
                           if qis else "no quasi-identifiers among the inputs")
                        + (f"; {sensitive} is audited, not a model input"
                           if sensitive not in features else "")))

    # 4. privacy budget -----------------------------------------------------------------
    ledger = (pd.DataFrame({"step": pd.Series(dtype=object), "epsilon": pd.Series(dtype=float)})
              if privacy_ledger is None else _ledger_frame(privacy_ledger))
    earlier = ledger  # the uses before this run: the planned fit is spent only if it happens
    if not prefit:
        ledger = pd.concat([ledger, pd.DataFrame(
            [{"step": "capstone training fit", "epsilon": _model_epsilon(model)}])],
            ignore_index=True)
    elif max_epsilon is not None and not np.isfinite(_model_epsilon(model)):
        ledger = pd.concat([ledger, pd.DataFrame(
            [{"step": "non-private model", "epsilon": float("inf")}])], ignore_index=True)
    budget, total = check_privacy_budget(ledger, max_epsilon)
    seed = getattr(model.steps[-1][1] if hasattr(model, "steps") else model, "random_state", None)
    if (max_epsilon is not None and np.isfinite(_model_epsilon(model))
            and isinstance(seed, (int, np.integer))):
        budget = Check(budget.step, budget.status,
                       budget.reason + f"; the model's noise seed is fixed ({seed}): the "
                       "guarantee holds only while the seed stays secret")
    report.privacy_ledger = ledger
    report.metrics["epsilon_total"] = total
    checks.append(budget)
    if not budget.passed:  # for a DP model the fit *is* the spend: never fit over budget
        return skip_rest("privacy budget exceeded: the model is not fitted on these people")

    # 5. proxy check --------------------------------------------------------------------
    checks.append(_check_proxies(df[features], df[sensitive].astype(str),
                                max_auc=proxy_max_auc, justified=proxy_justified,
                                max_joint_auc=proxy_max_joint_auc,
                                random_state=random_state))

    # 6. fresh cohort: checked before the fit, so a run without one spends no ε ------
    fresh_check = _check_fresh_cohort(fresh_cohort, df, id_col=id_col, tuning=tuning)
    checks.append(fresh_check)
    if not fresh_check.passed:
        report.privacy_ledger = earlier.reset_index(drop=True)
        report.metrics["epsilon_total"] = float(earlier["epsilon"].sum())
        for step in CAPSTONE_STEPS[len(checks):]:
            checks.append(Check(step, FAIL if step != "monitoring plan" else SKIPPED,
                                "not evaluated: no independent cohort to evaluate on, so the "
                                "model is not fitted"))
        return report

    # 7. training -----------------------------------------------------------------------
    X, y = df[features], df[target].to_numpy().astype(int)
    if prefit:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(model)
        fitted = model
    else:
        fitted = clone(model).fit(X, y)
    report.model = fitted

    X_new = fresh_cohort[features]
    y_new = fresh_cohort[target].to_numpy().astype(int)
    s_new = fresh_cohort[sensitive].astype(str)
    if isinstance(threshold, Mapping):
        absent = sorted(set(s_new) - {str(g) for g in threshold})
        if absent:
            raise ValueError(_MISSING_THRESHOLD.format(sensitive=sensitive,
                                                      groups=", ".join(absent)))
        cut = s_new.map({str(g): float(t) for g, t in threshold.items()}).to_numpy()
        pred = (fitted.predict_proba(X_new)[:, 1] >= cut).astype(int)
        rule = "group thresholds " + ", ".join(f"{g} {float(t):.2f}"
                                               for g, t in threshold.items())
    elif float(threshold) != 0.5:
        pred = (fitted.predict_proba(X_new)[:, 1] >= float(threshold)).astype(int)
        rule = f"threshold {float(threshold):.2f}"
    else:
        pred = np.asarray(fitted.predict(X_new)).astype(int)
        rule = "threshold 0.50"
    if prefit:
        rule += "; frozen model, not refitted"
    acc = float(np.mean(pred == y_new))
    baseline = float(max(np.mean(y_new), 1 - np.mean(y_new)))
    report.metrics.update(accuracy=acc, baseline_accuracy=baseline)
    status = PASS if acc > baseline else FAIL
    checks.append(Check("training", status,
                        f"accuracy {acc:.3f} ({rule}) on the {len(y_new)} fresh learners "
                        f"{'beats' if status == PASS else 'does not beat'} the majority-class "
                        f"baseline {baseline:.3f}"))

    # 8. fairness check (interval, on the fresh cohort) ---------------------------------
    fair, numbers = _check_fairness_interval(y_new, pred, sensitive_features=s_new.to_numpy(),
                                            metric=fairness_metric, limit=fairness_limit)
    report.metrics.update(fairness_gap=numbers["gap"], fairness_gap_low=numbers["low"],
                          fairness_gap_high=numbers["high"])
    checks.append(fair)

    # 9. explanation report -------------------------------------------------------------
    text = dict(card_text or {})
    card = model_card_from_model(
        fitted, X_new, y_new, sensitive_features=s_new.to_numpy(), name=name, version=version,
        y_pred=pred,
        intended_use=text.get("intended_use", ""),
        out_of_scope_uses=text.get("out_of_scope_uses", ()),
        data=f"trained on {len(df)} learners; evaluated on {len(fresh_cohort)} learners of a "
             f"fresh cohort; inputs: {', '.join(features)}; label: {target}.",
        ethical_considerations=text.get("ethical_considerations", ()),
        caveats=text.get("caveats", ()),
    )
    report.model_card = card
    checks.append(_check_card_text(text))

    # 10. monitoring plan ---------------------------------------------------------------
    watched = list(features if monitored is None else monitored)
    rows = []
    for f in watched:
        if f in df.columns and f in fresh_cohort.columns:
            base = psi(df[f], fresh_cohort[f])
            rows.append((f"PSI of {f}", f"{base:.3f}", f"> {COURSE_PSI_LIMIT:g}",
                         "monthly, no labels needed", owner or ""))
    scores_old = fitted.predict_proba(X)[:, 1] if hasattr(fitted, "predict_proba") else None
    if scores_old is not None:
        base = psi(scores_old, fitted.predict_proba(X_new)[:, 1])
        rows.append(("PSI of the scores", f"{base:.3f}", f"> {COURSE_SCORE_PSI_LIMIT:g}",
                     "monthly, no labels needed", owner or ""))
    sel_gap = rate_gap(y_new, pred, sensitive_features=s_new.to_numpy(),
                       metric="selection_rate")
    rows += [(f"selection-rate gap by {sensitive}", f"{sel_gap:.3f}",
              f"> {sel_gap + COURSE_SELECTION_SHIFT:.3f}", "monthly, no labels needed",
              owner or ""),
             (f"{fairness_metric} gap by {sensitive}", f"{numbers['gap']:.3f}",
              f"> {fairness_limit:g}", "monthly, once outcomes arrive", owner or ""),
             # alert on a drop beyond sampling noise, not at the majority-class rate (which
             # fires only after a collapse to a trivial model)
             ("accuracy on labelled outcomes", f"{acc:.3f}",
              f"upper end of its 95% interval < {acc - _ACCURACY_TOLERANCE:.3f}",
              "quarterly, once outcomes arrive", owner or "")]
    plan = pd.DataFrame(rows, columns=["signal", "baseline", "alert when", "cadence", "owner"])
    plan["persistence"] = f"{COURSE_PERSISTENCE} windows"
    report.monitoring_plan = plan
    checks.append(_check_monitoring_coverage(watched, features, owner=owner))
    return report

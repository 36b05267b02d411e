"""Capstone: one checked path from data to a go/no-go decision, with a reason for every check.

The steps are the course in order — data quality (lesson 01), representation (02), privacy
guard (04), training, fairness check (03), explanation report / model card (05),
monitoring plan (06) — run as *gates* the way a pre-deployment audit runs in CI. Blocking
gates (data quality, privacy) stop the pipeline: the model is never trained on data that
fails them. The other gates all run and each failure makes the decision "no-go".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .._validation import check_frame, check_probability
from ..explain import frame_to_markdown

__all__ = [
    "CAPSTONE_STEPS",
    "PASS",
    "FAIL",
    "SKIPPED",
    "DIRECT_IDENTIFIERS",
    "QUASI_IDENTIFIERS",
    "Check",
    "CapstoneReport",
    "case_study_model",
    "run_capstone",
]

CAPSTONE_STEPS = ("data quality", "representation", "privacy guard", "training",
                  "fairness check", "explanation report", "monitoring plan")
PASS, FAIL, SKIPPED = "pass", "fail", "skipped"
#: Columns that identify a person on their own (never model inputs).
DIRECT_IDENTIFIERS = ("learner_id", "name", "email", "phone", "address")
#: Columns that identify a person in combination (lesson 04's linkage attack).
QUASI_IDENTIFIERS = ("birth_date", "age", "gender", "district", "district_deprivation")
_NOT_A_MODEL = "model must be a scikit-learn estimator with fit and predict, got {type_name}"
_MISSING_THRESHOLD = "threshold has no value for {sensitive} group(s) {groups}"
_NO_PROBA = ("threshold {threshold!r} needs scores, but the model has no predict_proba; "
            "use threshold=0.5 (the model's own predict) or a model with predict_proba")


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
        Test accuracy, baseline accuracy, fairness gap, k, largest baseline PSI.
    """

    checks: list[Check]
    model: object = None
    model_card: object = None
    monitoring_plan: pd.DataFrame | None = None
    metrics: dict = field(default_factory=dict)

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


def case_study_model(features: Sequence[str] | None = None, *, random_state: int = 0):
    """The course's default model: one-hot ``device``, standardised numbers, logistic regression.

    Parameters
    ----------
    features : sequence of str, optional
        Default :data:`responsible_ml.data.CASE_STUDY_FEATURES`.
    random_state : int
        ``random_state`` of the regression.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; expects a DataFrame with the `features` columns.
    """
    from ..data import CASE_STUDY_CATEGORICAL, CASE_STUDY_FEATURES

    features = list(CASE_STUDY_FEATURES if features is None else features)
    cat = [f for f in features if f in CASE_STUDY_CATEGORICAL]
    num = [f for f in features if f not in cat]
    pre = ColumnTransformer([("num", StandardScaler(), num),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), cat)])
    return make_pipeline(pre, LogisticRegression(max_iter=1000, random_state=random_state))


def _k_anonymity(df: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """k of `df` on the quasi-identifiers (lesson 04's :func:`responsible_ml.privacy.k_anonymity`);
    with no quasi-identifier everyone is alike, so k is the number of rows."""
    from ..privacy import k_anonymity

    qis = list(quasi_identifiers)
    return k_anonymity(df, qis) if qis else len(df)


def _fmt_groups(counts: pd.Series, total: int) -> str:
    return ", ".join(f"{g} {n} ({n / total:.0%})" for g, n in counts.items())


def run_capstone(df: pd.DataFrame, model=None, *, features: Sequence[str] | None = None,
                 target: str = "completed", sensitive: str = "background",
                 min_group_share: float = 0.10, min_group_size: int = 30, k: int = 5,
                 fairness_metric: str = "tpr", fairness_limit: float = 0.10,
                 psi_limit: float = 0.10, threshold: float | Mapping[str, float] = 0.5,
                 test_size: float = 0.3, random_state: int = 0,
                 owner: str = "ML lead", name: str = "mentor-model",
                 version: str = "1.0") -> CapstoneReport:
    """Take the case-study data and a model through every check of the course.

    Parameters
    ----------
    df : pandas.DataFrame
        The data (case-study columns: features, `target`, `sensitive`).
    model : scikit-learn estimator, optional
        Unfitted model taking a DataFrame of `features` (cloned before fitting); default
        :func:`case_study_model`.
    features : sequence of str, optional
        Model inputs; default :data:`responsible_ml.data.CASE_STUDY_FEATURES`.
    target, sensitive : str
        Label column and the sensitive attribute audited (not a model input).
    min_group_share, min_group_size : float, int
        Representation: every group needs at least this share and this many rows.
    k : int
        Privacy guard: quasi-identifiers among the features must be k-anonymous.
    fairness_metric, fairness_limit : str, float
        Fairness check: :func:`responsible_ml.monitoring.fairness_gate` on the test set.
    threshold : float or mapping of str to float, default 0.5
        Decision rule ``predict_proba >= threshold`` (the model needs ``predict_proba``
        unless the threshold is 0.5, where ``predict`` is used); a mapping gives one
        threshold per `sensitive` group (an operating point chosen on the trade-off
        frontier — using the attribute at decision time is itself a choice to justify).
    psi_limit : float
        Monitoring plan: the train/test PSI of every numeric feature must be below this
        (the baseline must be stable before it can be a reference).
    test_size, random_state : float, int
        Stratified hold-out split.
    owner : str
        Who answers for the model (named in the card and the monitoring plan).
    name, version : str
        For the model card.

    Returns
    -------
    CapstoneReport
    """
    from ..data import CASE_STUDY_FEATURES
    from ..explain import model_card_from_model
    from ..monitoring import fairness_gate, psi

    check_frame(df, "df")
    check_probability(min_group_share, "min_group_share")
    features = list(CASE_STUDY_FEATURES if features is None else features)
    model = case_study_model(features, random_state=random_state) if model is None else model
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

    # 1. data quality -------------------------------------------------------------------
    needed = list(dict.fromkeys([*features, target, sensitive]))
    missing = [c for c in needed if c not in df.columns]
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    else:
        nan = df[needed].isna().sum()
        nan = nan[nan > 0]
        if len(nan):
            problems.append("missing values in " + ", ".join(f"{c} ({n})" for c, n in nan.items()))
        labels = set(pd.unique(df[target].dropna()))
        if not labels <= {0, 1}:
            problems.append(f"{target} is not 0/1")
        elif len(labels) < 2:
            problems.append(f"{target} has one class only")
    if problems:
        checks.append(Check("data quality", FAIL, "; ".join(problems)))
        return skip_rest("data quality failed")
    checks.append(Check("data quality", PASS,
                        f"{len(df)} rows; no missing values in {len(needed)} columns; "
                        f"{target} is 0/1 with base rate {df[target].mean():.1%}"))

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
                        "no direct identifiers among the inputs; "
                        + (f"quasi-identifiers {', '.join(qis)} are {kk}-anonymous (≥ {k})"
                           if qis else "no quasi-identifiers among the inputs")
                        + (f"; {sensitive} is audited, not a model input"
                           if sensitive not in features else "")))

    # 4. training -----------------------------------------------------------------------
    X, y, s = df[features], df[target].to_numpy().astype(int), df[sensitive].astype(str)
    strat = y if min(np.bincount(y)) >= 2 else None
    X_tr, X_te, y_tr, y_te, s_tr, s_te = train_test_split(
        X, y, s, test_size=test_size, random_state=random_state, stratify=strat)
    fitted = clone(model).fit(X_tr, y_tr)
    report.model = fitted
    if isinstance(threshold, Mapping):
        absent = sorted(set(s_te) - {str(g) for g in threshold})
        if absent:
            raise ValueError(_MISSING_THRESHOLD.format(sensitive=sensitive,
                                                      groups=", ".join(absent)))
        cut = s_te.map({str(g): float(t) for g, t in threshold.items()}).to_numpy()
        pred = (fitted.predict_proba(X_te)[:, 1] >= cut).astype(int)
        rule = "group thresholds " + ", ".join(f"{g} {float(t):.2f}"
                                               for g, t in threshold.items())
    elif float(threshold) != 0.5:
        pred = (fitted.predict_proba(X_te)[:, 1] >= float(threshold)).astype(int)
        rule = f"threshold {float(threshold):.2f}"
    else:
        pred = np.asarray(fitted.predict(X_te)).astype(int)
        rule = "threshold 0.50"
    acc = float(np.mean(pred == y_te))
    baseline = float(max(np.mean(y_te), 1 - np.mean(y_te)))
    report.metrics.update(accuracy=acc, baseline_accuracy=baseline)
    status = PASS if acc > baseline else FAIL
    checks.append(Check("training", status,
                        f"test accuracy {acc:.3f} ({rule}) on {len(y_te)} held-out rows "
                        f"{'beats' if status == PASS else 'does not beat'} the majority-class "
                        f"baseline {baseline:.3f}"))

    # 5. fairness check -----------------------------------------------------------------
    gate = fairness_gate(y_te, pred, sensitive_features=s_te.to_numpy(), metric=fairness_metric,
                         limit=fairness_limit)
    report.metrics["fairness_gap"] = float(gate.gap)
    checks.append(Check("fairness check", PASS if gate.passed else FAIL, gate.message))

    # 6. explanation report -------------------------------------------------------------
    failed_so_far = [c.step for c in checks if c.status == FAIL]
    card = model_card_from_model(
        fitted, X_te, y_te, sensitive_features=s_te.to_numpy(), name=name, version=version,
        y_pred=pred,
        intended_use="Rank learners for one of the limited mentor places; a programme lead "
                     "reviews the list. Decision support, not an automatic decision.",
        out_of_scope_uses=["grading or admission decisions",
                           "any use on learners outside the programme it was trained on"],
        data=f"{len(df)} learners ({len(y_tr)} train / {len(y_te)} test, stratified, seed "
             f"{random_state}); inputs: {', '.join(features)}; label: {target}.",
        ethical_considerations=[
            f"{sensitive} is audited with {fairness_metric} (limit {fairness_limit:g}); "
            f"gap on the test set {gate.gap:.3f}.",
            "Historical labels may under-record completions of some groups (label bias).",
            *([f"Failed checks: {', '.join(failed_so_far)}."] if failed_so_far else []),
        ],
        caveats=[f"Monitor PSI of every input (limit {psi_limit:g}) and the {fairness_metric} "
                 f"gap monthly; owner: {owner}."],
    )
    report.model_card = card
    gaps = card.missing_sections()
    checks.append(Check("explanation report", FAIL if gaps else PASS,
                        f"model card is missing {', '.join(gaps)}" if gaps else
                        f"model card complete ({len(card.metrics)} metrics, "
                        f"{len(card.metrics_by_group)} groups, owner {owner})"))

    # 7. monitoring plan ----------------------------------------------------------------
    numeric = [f for f in features if pd.api.types.is_numeric_dtype(df[f])]
    drift = {f: psi(X_tr[f].to_numpy(), X_te[f].to_numpy()) for f in numeric}
    worst = max(drift, key=drift.get) if drift else None
    worst_psi = drift[worst] if worst else 0.0
    report.metrics["max_baseline_psi"] = float(worst_psi)
    rows = [(f"PSI of {f}", f"{v:.3f}", f"< {psi_limit:g}", "monthly", owner)
            for f, v in drift.items()]
    rows += [(f"{fairness_metric} gap by {sensitive}", f"{gate.gap:.3f}",
              f"≤ {fairness_limit:g}", "monthly, on labelled outcomes", owner),
             ("accuracy on labelled outcomes", f"{acc:.3f}", f"> {baseline:.3f}",
              "quarterly", owner)]
    report.monitoring_plan = pd.DataFrame(rows, columns=["signal", "baseline", "limit",
                                                         "cadence", "owner"])
    if not owner or not str(owner).strip():
        checks.append(Check("monitoring plan", FAIL, "no owner named for the monitoring plan"))
    elif worst is not None and not worst_psi < psi_limit:
        checks.append(Check("monitoring plan", FAIL,
                            f"baseline not stable: PSI of {worst} between train and test is "
                            f"{worst_psi:.3f} ≥ {psi_limit:g}"))
    else:
        checks.append(Check("monitoring plan", PASS,
                            f"{len(rows)} signals with limits and owner {owner}; baseline "
                            f"stable (largest train/test PSI {worst_psi:.3f}"
                            + (f", {worst})" if worst else ")")))
    return report



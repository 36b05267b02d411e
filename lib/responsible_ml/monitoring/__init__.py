"""Monitoring a deployed model: drift measures, alerts, responses, audit trail, fairness gate.

Lesson 06. Everything here computes; figures are in :mod:`responsible_ml.plotting` and the
drift-monitor widget in :mod:`responsible_ml.widgets`.

- Drift: :func:`psi`, :func:`ks_test`, :func:`feature_drift_by_window`.
- The stream: :func:`make_stream`, :func:`train_model` (a versioned :class:`DeployedModel`).
- Per-window measures: :func:`monthly_stats` (once) → :func:`window_measures` (cheap).
- Alerts: :class:`AlertRule`, :func:`evaluate_alerts`, :func:`incident_log`.
- Responses: :func:`run_policy`, :func:`policy_summary` (rollback, retraining, human review).
- Audit trail (keyed HMAC, pseudonyms, chained record MACs): :class:`AuditKey`,
  :func:`audit_log`, :func:`who_decided`, :func:`verify_log`, :func:`verify_chain`.
- Label delay: :func:`selection_measures`, :func:`measures_as_of`, :func:`incidents_with_delay`.
- Label-free estimates (CBPE): :func:`fit_calibrator`, :func:`estimated_measures`.
- Noise: :func:`adjust_pvalues`, :func:`psi_noise_floor`, :func:`gap_false_alarms`, and the
  course's one alert rule set :data:`COURSE_ALERT_RULES`.
- CI: :func:`fairness_gate`, :func:`assert_fair`.
"""

from ._audit import (
    UNKNOWN_LEARNER,
    AuditKey,
    audit_log,
    fingerprint,
    pseudonymise,
    reverse_fingerprint,
    verify_chain,
    verify_log,
    who_decided,
)
from ._delay import (
    incidents_with_delay,
    measures_as_of,
    needs_labels,
    selection_measures,
)
from ._drift import (
    BAD_BINS,
    BAD_EPS,
    EMPTY_SAMPLE,
    NOT_NUMERIC,
    KSResult,
    ks_test,
    psi,
    psi_bin_edges,
    psi_shares,
)
from ._gate import BAD_LIMIT, METRICS, GateResult, assert_fair, fairness_gate
from ._label_free import ScoreCalibrator, estimated_measures, expected_rates, fit_calibrator
from ._noise import (
    COURSE_ALERT_RULES,
    COURSE_GAP_LIMIT,
    COURSE_PERSISTENCE,
    COURSE_PSI_LIMIT,
    COURSE_SCORE_PSI_LIMIT,
    COURSE_SELECTION_SHIFT,
    adjust_pvalues,
    course_alert_rules,
    gap_false_alarms,
    psi_noise_floor,
)
from ._responses import BAD_BAND, policy_summary, run_policy, schedule_from
from ._stream import (
    BAD_MONTHS,
    BAD_TARGET_TPR,
    EMPTY_MONTHS,
    DeployedModel,
    Stream,
    equal_tpr_thresholds,
    make_stream,
    train_model,
)
from ._windows import (
    BAD_PERSISTENCE,
    BAD_WINDOW,
    DEFAULT_RULES,
    NO_COMPLETE_WINDOW,
    AlertRule,
    MonitorResult,
    MonthlyStats,
    evaluate_alerts,
    feature_drift_by_window,
    incident_log,
    monitor,
    monthly_stats,
    window_index,
    window_measures,
)

__all__ = [
    "AuditKey",
    "pseudonymise",
    "reverse_fingerprint",
    "verify_chain",
    "incidents_with_delay",
    "measures_as_of",
    "needs_labels",
    "selection_measures",
    "ScoreCalibrator",
    "estimated_measures",
    "expected_rates",
    "fit_calibrator",
    "COURSE_ALERT_RULES",
    "COURSE_GAP_LIMIT",
    "COURSE_PERSISTENCE",
    "COURSE_PSI_LIMIT",
    "COURSE_SCORE_PSI_LIMIT",
    "COURSE_SELECTION_SHIFT",
    "adjust_pvalues",
    "course_alert_rules",
    "gap_false_alarms",
    "psi_noise_floor",
    "BAD_BAND",
    "BAD_BINS",
    "BAD_EPS",
    "BAD_LIMIT",
    "BAD_MONTHS",
    "BAD_PERSISTENCE",
    "BAD_TARGET_TPR",
    "BAD_WINDOW",
    "DEFAULT_RULES",
    "EMPTY_MONTHS",
    "EMPTY_SAMPLE",
    "METRICS",
    "NOT_NUMERIC",
    "NO_COMPLETE_WINDOW",
    "UNKNOWN_LEARNER",
    "AlertRule",
    "DeployedModel",
    "GateResult",
    "KSResult",
    "MonitorResult",
    "MonthlyStats",
    "Stream",
    "assert_fair",
    "audit_log",
    "equal_tpr_thresholds",
    "evaluate_alerts",
    "fairness_gate",
    "feature_drift_by_window",
    "fingerprint",
    "incident_log",
    "ks_test",
    "make_stream",
    "monitor",
    "monthly_stats",
    "policy_summary",
    "psi",
    "psi_bin_edges",
    "psi_shares",
    "run_policy",
    "schedule_from",
    "train_model",
    "verify_log",
    "who_decided",
    "window_index",
    "window_measures",
]

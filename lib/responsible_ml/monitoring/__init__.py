"""Monitoring a deployed model: drift measures, alerts, responses, audit trail, fairness gate.

Lesson 06. Everything here computes; figures are in :mod:`responsible_ml.plotting` and the
drift-monitor widget in :mod:`responsible_ml.widgets`.

- Drift: :func:`psi`, :func:`ks_test`, :func:`feature_drift_by_window`.
- The stream: :func:`make_stream`, :func:`train_model` (a versioned model).
- Per-window measures: :func:`monthly_stats` (once) → :func:`window_measures` (cheap).
- Alerts: :class:`AlertRule`, :func:`evaluate_alerts`.
- Responses: :func:`run_policy`, :func:`policy_summary` (rollback, retraining, human review).
- Audit trail (keyed HMAC, pseudonyms, chained record MACs): :class:`AuditKey`,
  :func:`audit_log`, :func:`who_decided`, :func:`verify_log`, :func:`verify_chain`.
- Label delay: :func:`selection_measures`, :func:`measures_as_of`, :func:`incidents_with_delay`.
- Label-free estimates (CBPE): :func:`fit_calibrator`, :func:`estimated_measures`.
- Noise: :func:`adjust_pvalues`, :func:`psi_noise_floor`, :func:`gap_false_alarms`, and the
  course's one alert rule set (``_noise.COURSE_ALERT_RULES``).
- CI: :func:`fairness_gate`, :func:`assert_fair`, :func:`gate_pass_rates`.
"""

from . import (
    _audit,
    _delay,
    _drift,
    _gate,
    _label_free,
    _noise,
    _responses,
    _stream,
    _windows,
)
from ._audit import *  # noqa: F403
from ._delay import *  # noqa: F403
from ._drift import *  # noqa: F403
from ._gate import *  # noqa: F403
from ._label_free import *  # noqa: F403
from ._noise import *  # noqa: F403
from ._responses import *  # noqa: F403
from ._stream import *  # noqa: F403
from ._windows import *  # noqa: F403

__all__ = [
    *_audit.__all__,
    *_delay.__all__,
    *_drift.__all__,
    *_gate.__all__,
    *_label_free.__all__,
    *_noise.__all__,
    *_responses.__all__,
    *_stream.__all__,
    *_windows.__all__,
]

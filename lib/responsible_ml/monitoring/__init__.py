"""Monitoring a deployed model: drift measures, alerts, responses, audit trail, fairness gate.

Lesson 06. Everything here computes; figures are in :mod:`responsible_ml.plotting` and the
widget in :mod:`responsible_ml.widgets`.
"""

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

__all__ = [
    "BAD_BINS",
    "BAD_EPS",
    "BAD_LIMIT",
    "EMPTY_SAMPLE",
    "METRICS",
    "NOT_NUMERIC",
    "GateResult",
    "KSResult",
    "assert_fair",
    "fairness_gate",
    "ks_test",
    "psi",
    "psi_bin_edges",
    "psi_shares",
]

"""An audit trail of decisions: who (which model version or reviewer) decided what, when.

Each logged decision carries a SHA-256 fingerprint of the inputs the model saw, so that an
auditor can later check that a stored record matches the data (and spot edits), without
the log itself having to keep every input in clear text.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame

__all__ = ["fingerprint", "audit_log", "who_decided", "verify_log"]

_UNKNOWN_LEARNER = "learner_id {learner_id!r} does not occur in the decision log"

START = pd.Period("2023-01", freq="M")  # enrol_month 0 of the case study


def _canonical(value) -> str:
    if isinstance(value, float | np.floating):
        return repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def fingerprint(df: pd.DataFrame, features) -> np.ndarray:
    """SHA-256 (hex) of each row's inputs: ``"feature=value"`` pairs joined with ``|``.

    Parameters
    ----------
    df : pandas.DataFrame
    features : sequence of str
        Columns that make up the model's input, in a fixed order.

    Returns
    -------
    numpy.ndarray of str
        64 hex characters per row; the same inputs give the same fingerprint, any change
        to one value gives another.
    """
    check_frame(df, "df")
    features = list(features)
    check_columns(df, features, "df")
    cols = [df[f].tolist() for f in features]
    out = []
    for values in zip(*cols, strict=True):
        text = "|".join(f"{f}={_canonical(v)}" for f, v in zip(features, values, strict=True))
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return np.array(out, dtype=object)


def audit_log(decisions: pd.DataFrame, inputs: pd.DataFrame, features) -> pd.DataFrame:
    """Build the decision log from :func:`run_policy` output and the rows decided.

    Parameters
    ----------
    decisions : pandas.DataFrame
        From :func:`responsible_ml.monitoring.run_policy`.
    inputs : pandas.DataFrame
        The production rows, same index as `decisions`.
    features : sequence of str
        The model's input columns (fingerprinted).

    Returns
    -------
    pandas.DataFrame
        ``decision_id`` ("D000001", …), ``period`` (calendar month, "2024-01"),
        ``learner_id``, ``model_version``, ``decided_by``, ``input_sha256``, ``score``,
        ``decision``, ``outcome``.
    """
    check_frame(decisions, "decisions")
    log = pd.DataFrame({
        "decision_id": [f"D{i:06d}" for i in range(1, len(decisions) + 1)],
        "period": [str(START + int(m)) for m in decisions["month"]],
        "learner_id": decisions["learner_id"].to_numpy(),
        "model_version": decisions["model_version"].to_numpy(),
        "decided_by": decisions["decided_by"].to_numpy(),
        "input_sha256": fingerprint(inputs.loc[decisions.index], features),
        "score": decisions["score"].round(4).to_numpy(),
        "decision": decisions["decision"].to_numpy(),
        "outcome": decisions["outcome"].to_numpy(),
    })
    return log


def who_decided(log: pd.DataFrame, learner_id: str) -> pd.DataFrame:
    """The log rows of one learner: when, by which model version or reviewer, what.

    Raises
    ------
    ValueError
        If the learner is not in the log (:data:`UNKNOWN_LEARNER`).
    """
    rows = log[log["learner_id"] == learner_id]
    if rows.empty:
        raise ValueError(_UNKNOWN_LEARNER.format(learner_id=learner_id))
    return rows[["decision_id", "period", "model_version", "decided_by", "score", "decision",
                 "outcome", "input_sha256"]]


def verify_log(log: pd.DataFrame, inputs: pd.DataFrame, features,
               id_col: str = "learner_id") -> pd.Series:
    """Recompute fingerprints from `inputs` and compare them with the log.

    Returns
    -------
    pandas.Series of bool
        One per log row (index = ``decision_id``): True when the stored fingerprint matches
        the current inputs of that learner, False when the inputs (or the log) were edited
        or the learner is missing.
    """
    current = pd.Series(fingerprint(inputs, features), index=inputs[id_col].to_numpy())
    current = current[~current.index.duplicated(keep="last")]
    recomputed = current.reindex(log["learner_id"].to_numpy()).to_numpy()
    ok = recomputed == log["input_sha256"].to_numpy()
    return pd.Series(ok, index=log["decision_id"].to_numpy(), name="matches")

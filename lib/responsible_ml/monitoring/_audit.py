"""An audit trail of decisions: who (which model version or reviewer) decided what, when.

The log is **pseudonymised personal data** (GDPR Art. 4(5)): it holds no name and no
inputs in clear, but whoever holds the key can link every row back to a learner, so it is
protected like personal data. What it gives is **tamper evidence**:

* each row carries a keyed fingerprint (HMAC-SHA-256, RFC 2104) of the inputs the model
  saw, so an auditor can check later that a stored record matches the data;
* the learner appears only as a keyed pseudonym;
* every row carries a MAC chained to the row before (``record_mac``), so an edit
  flags the edited row, and an insertion or deletion flags the row after the gap
  (:func:`verify_chain` checks each row against the *stored* MAC of the row before).

What the chain alone does **not** show: rows cut off the *end* leave a valid chain, and
whoever holds the key can recompute every MAC after an edit (filling in an outcome later
is such an edit). Tamper evidence also needs the newest MAC anchored outside the platform
(an auditor, a timestamping service, write-once storage), append-only records for
outcomes and corrections, and separate keys (or signatures) for pseudonyms and the chain.

The key (:class:`AuditKey`) is **held apart** from the log — by a different custodian, in
a key store — because the inputs are low-cardinality: an *unkeyed* SHA-256 of six inputs
can be reversed by trying every combination (:func:`reverse_fingerprint`), and an unkeyed
hash of a learner id is the id under another name. Without the key neither is possible;
with it, anyone can, so key access is itself logged and limited.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame

__all__ = [
    "AuditKey",
    "fingerprint",
    "audit_log",
    "who_decided",
    "verify_log",
    "verify_chain",
    "reverse_fingerprint",
]

_UNKNOWN_LEARNER = "learner_id {learner_id!r} does not occur in the decision log"
_NOT_A_KEY = "key must be an AuditKey (held apart from the log), got {type_name}"
_SHORT_KEY = "an audit key needs at least 16 secret bytes, got {length}"

START = pd.Period("2023-01", freq="M")  # enrol_month 0 of the case study
_GENESIS = "genesis"


class AuditKey:
    """A secret key for the audit trail, kept apart from the log.

    Parameters
    ----------
    secret : bytes
        At least 16 random bytes (:meth:`generate` draws 32 from :mod:`secrets`).

    Notes
    -----
    The key is deliberately *not* seeded: a key anyone can regenerate from a seed protects
    nothing. Its ``repr`` never shows the secret; ``key_id`` (a hash of the key) may be
    written next to the log to say which key was used.
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes):
        if not isinstance(secret, bytes | bytearray):
            raise TypeError(_NOT_A_KEY.format(type_name=type(secret).__name__))
        if len(secret) < 16:
            raise ValueError(_SHORT_KEY.format(length=len(secret)))
        self._secret = bytes(secret)

    @classmethod
    def generate(cls) -> AuditKey:
        """A fresh random key (32 bytes from the operating system's CSPRNG)."""
        return cls(secrets.token_bytes(32))

    @property
    def key_id(self) -> str:
        """Eight hex characters identifying the key (a hash of it; reveals nothing)."""
        return hashlib.sha256(b"audit-key-id|" + self._secret).hexdigest()[:8]

    def mac(self, purpose: str, text: str) -> str:
        """HMAC-SHA-256 (hex) of ``purpose|text`` — purposes keep the uses apart."""
        return hmac.new(self._secret, f"{purpose}|{text}".encode(), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"AuditKey(key_id={self.key_id!r}, secret=<held apart>)"


def _check_key(key) -> AuditKey:
    if not isinstance(key, AuditKey):
        raise TypeError(_NOT_A_KEY.format(type_name=type(key).__name__))
    return key


def _canonical(value) -> str:
    if isinstance(value, float | np.floating):
        return repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def _input_text(features: Sequence[str], values: Sequence) -> str:
    return "|".join(f"{f}={_canonical(v)}" for f, v in zip(features, values, strict=True))


def fingerprint(df: pd.DataFrame, features, key: AuditKey | None = None) -> np.ndarray:
    """Fingerprint (hex) of each row's inputs: ``"feature=value"`` pairs joined with ``|``.

    Parameters
    ----------
    df : pandas.DataFrame
    features : sequence of str
        Columns that make up the model's input, in a fixed order.
    key : AuditKey, optional
        With a key: HMAC-SHA-256 (what :func:`audit_log` stores). Without: a plain,
        *unkeyed* SHA-256 — shown in lesson 06 only to demonstrate why it is not enough
        (:func:`reverse_fingerprint` inverts it by enumeration).

    Returns
    -------
    numpy.ndarray of str
        64 hex characters per row; the same inputs give the same fingerprint, any change
        to one value gives another.
    """
    check_frame(df, "df")
    features = list(features)
    check_columns(df, features, "df")
    if key is not None:
        _check_key(key)
    cols = [df[f].tolist() for f in features]
    out = []
    for values in zip(*cols, strict=True):
        text = _input_text(features, values)
        out.append(key.mac("inputs", text) if key is not None
                   else hashlib.sha256(text.encode("utf-8")).hexdigest())
    return np.array(out, dtype=object)


def _pseudonymise(ids, key: AuditKey) -> np.ndarray:
    """Keyed pseudonyms ("P" + 16 hex characters) for identifiers such as ``learner_id``.

    The same id and key give the same pseudonym (so rows of one learner can be linked);
    without the key the pseudonym cannot be computed from a guessed id.

    Parameters
    ----------
    ids : iterable
        The identifiers (each turned into text with :class:`str`).
    key : AuditKey
        Held apart from the log (required: there is no safe default).

    Returns
    -------
    numpy.ndarray of str
        One pseudonym per id, in order.

    Raises
    ------
    TypeError
        If `key` is not an :class:`AuditKey` (``_NOT_A_KEY``).
    """
    key = _check_key(key)
    return np.array(["P" + key.mac("learner", str(i))[:16] for i in ids], dtype=object)


def _record_text(row: Mapping) -> str:
    fields = ("decision_id", "period", "learner_pseudonym", "model_version", "decided_by",
              "input_hmac", "score", "decision", "outcome")
    if "threshold" in row:  # logs written with the threshold chain it too
        fields = fields[:7] + ("threshold",) + fields[7:]
    return "|".join(f"{f}={_canonical(row[f])}" for f in fields)


def _chain(log: pd.DataFrame, key: AuditKey) -> list[str]:
    macs, prev = [], _GENESIS
    for row in log.to_dict("records"):
        prev = key.mac("record", prev + "|" + _record_text(row))
        macs.append(prev)
    return macs


def audit_log(decisions: pd.DataFrame, inputs: pd.DataFrame, features, key: AuditKey
              ) -> pd.DataFrame:
    """Build the decision log from :func:`run_policy` output and the rows decided.

    Parameters
    ----------
    decisions : pandas.DataFrame
        From :func:`responsible_ml.monitoring.run_policy`.
    inputs : pandas.DataFrame
        The production rows, same index as `decisions`.
    features : sequence of str
        The model's input columns (fingerprinted).
    key : AuditKey
        Held apart from the log (required: there is no safe default).

    Returns
    -------
    pandas.DataFrame
        ``decision_id`` ("D000001", …), ``period`` (calendar month, "2024-01"),
        ``learner_pseudonym``, ``model_version``, ``decided_by``, ``input_hmac``,
        ``score``, ``threshold`` (when `decisions` has one: the threshold the model applied),
        ``decision``, ``outcome``, ``record_mac`` (chained).

    Raises
    ------
    TypeError
        If `key` is not an :class:`AuditKey` (:data:`_NOT_A_KEY`).
    """
    key = _check_key(key)
    check_frame(decisions, "decisions")
    log = pd.DataFrame({
        "decision_id": [f"D{i:06d}" for i in range(1, len(decisions) + 1)],
        "period": [str(START + int(m)) for m in decisions["month"]],
        "learner_pseudonym": _pseudonymise(decisions["learner_id"], key),
        "model_version": decisions["model_version"].to_numpy(),
        "decided_by": decisions["decided_by"].to_numpy(),
        "input_hmac": fingerprint(inputs.loc[decisions.index], features, key),
        "score": decisions["score"].round(4).to_numpy(),
        "decision": decisions["decision"].to_numpy(),
        "outcome": decisions["outcome"].to_numpy(),
    })
    if "threshold" in decisions:
        log.insert(7, "threshold", decisions["threshold"].round(4).to_numpy())
    log["record_mac"] = _chain(log, key)
    return log


def who_decided(log: pd.DataFrame, learner_id: str, key: AuditKey) -> pd.DataFrame:
    """The log rows of one learner (looked up through the keyed pseudonym).

    Parameters
    ----------
    log : pandas.DataFrame
        The decision log from :func:`audit_log`.
    learner_id : str
        The learner's identifier (as in the ``learner_id`` column of the inputs).
    key : AuditKey
        The key the log was built with.

    Returns
    -------
    pandas.DataFrame
        The learner's rows: ``decision_id``, ``period``, ``model_version``, ``decided_by``,
        ``score``, ``threshold`` (if logged), ``decision``, ``outcome``.

    Raises
    ------
    TypeError
        If `key` is not an :class:`AuditKey` (``_NOT_A_KEY``).
    ValueError
        If the learner is not in the log (``_UNKNOWN_LEARNER``).
    """
    pseudonym = _pseudonymise([learner_id], key)[0]
    rows = log[log["learner_pseudonym"] == pseudonym]
    if rows.empty:
        raise ValueError(_UNKNOWN_LEARNER.format(learner_id=learner_id))
    cols = ["decision_id", "period", "model_version", "decided_by", "score", "threshold",
            "decision", "outcome"]
    return rows[[c for c in cols if c in rows.columns]]


def verify_log(log: pd.DataFrame, inputs: pd.DataFrame, features, key: AuditKey,
               id_col: str = "learner_id") -> pd.Series:
    """Recompute the input fingerprints from `inputs` and compare them with the log.

    Parameters
    ----------
    log : pandas.DataFrame
        The decision log from :func:`audit_log`.
    inputs : pandas.DataFrame
        The current production rows, with an `id_col` column; for a learner with several
        rows the last one counts.
    features : sequence of str
        The model's input columns, as given to :func:`audit_log`.
    key : AuditKey
        The key the log was built with.
    id_col : str, default "learner_id"
        The column of `inputs` holding the learner identifiers.

    Returns
    -------
    pandas.Series of bool
        One per log row (index = ``decision_id``): True when the stored fingerprint matches
        the current inputs of that learner, False when the inputs (or the log) were edited
        or the learner is missing.

    Raises
    ------
    TypeError
        If `key` is not an :class:`AuditKey` (``_NOT_A_KEY``) or `inputs` not a DataFrame.
    ValueError
        If `inputs` is empty or lacks a column of `features` (``UNKNOWN_COLUMNS``).
    KeyError
        If `inputs` has no column `id_col`.
    """
    key = _check_key(key)
    current = pd.Series(fingerprint(inputs, features, key),
                        index=_pseudonymise(inputs[id_col], key))
    current = current[~current.index.duplicated(keep="last")]
    recomputed = current.reindex(log["learner_pseudonym"].to_numpy()).to_numpy()
    ok = recomputed == log["input_hmac"].to_numpy()
    return pd.Series(ok, index=log["decision_id"].to_numpy(), name="matches")


def verify_chain(log: pd.DataFrame, key: AuditKey) -> pd.Series:
    """Check the chained record MACs: False from the first edited, inserted or removed row.

    A row is True when its ``record_mac`` equals the MAC of its own content chained to the
    *stored* MAC of the row before it, so an edit flags the edited row and a deletion flags
    the row after the gap.

    Parameters
    ----------
    log : pandas.DataFrame
        The decision log from :func:`audit_log` (with ``record_mac``).
    key : AuditKey
        The key the log was built with.

    Returns
    -------
    pandas.Series of bool
        One per log row (index = ``decision_id``), named ``chain_ok``.

    Raises
    ------
    TypeError
        If `key` is not an :class:`AuditKey` (``_NOT_A_KEY``) or `log` not a DataFrame.
    ValueError
        If `log` is empty or has no ``record_mac`` column (``UNKNOWN_COLUMNS``).
    """
    key = _check_key(key)
    check_columns(log, ["record_mac"], "log")
    ok, prev = [], _GENESIS
    for row in log.to_dict("records"):
        ok.append(hmac.compare_digest(key.mac("record", prev + "|" + _record_text(row)),
                                      str(row["record_mac"])))
        prev = str(row["record_mac"])
    return pd.Series(ok, index=log["decision_id"].to_numpy(), name="chain_ok")


def reverse_fingerprint(digest: str, known: Mapping, candidates: Mapping[str, Sequence],
                        features: Sequence[str], key: AuditKey | None = None) -> dict:
    """Try every combination of candidate values until one reproduces `digest` (an attack).

    Parameters
    ----------
    digest : str
        A fingerprint from a log.
    known : mapping
        Inputs the attacker already knows (e.g. from a public profile).
    candidates : mapping of str to sequence
        Every plausible value of each unknown input.
    features : sequence of str
        The fingerprint's feature order.
    key : AuditKey, optional
        The key the attacker *believes* was used (None: unkeyed SHA-256).

    Returns
    -------
    dict
        ``found`` (the inputs, or None), ``tried`` (combinations hashed).
    """
    names = list(candidates)
    tried = 0
    for combo in itertools.product(*(candidates[n] for n in names)):
        values = {**known, **dict(zip(names, combo, strict=True))}
        text = _input_text(features, [values[f] for f in features])
        tried += 1
        guess = (key.mac("inputs", text) if key is not None
                 else hashlib.sha256(text.encode("utf-8")).hexdigest())
        if guess == digest:
            return {"found": values, "tried": tried}
    return {"found": None, "tried": tried}

"""Tests for the keyed audit trail: HMAC fingerprints, pseudonyms, the record chain."""

import re

import pytest

from responsible_ml.monitoring import (
    AuditKey,
    audit_log,
    fingerprint,
    make_stream,
    reverse_fingerprint,
    run_policy,
    train_model,
    verify_chain,
    verify_log,
    who_decided,
)
from responsible_ml.monitoring._audit import _NOT_A_KEY as NOT_A_KEY
from responsible_ml.monitoring._audit import _SHORT_KEY as SHORT_KEY
from responsible_ml.monitoring._audit import _UNKNOWN_LEARNER as UNKNOWN_LEARNER
from responsible_ml.monitoring._audit import _pseudonymise


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture(scope="module")
def world():
    stream = make_stream(4000, random_state=1)
    df = stream.frame
    v1 = train_model(df, version="v1", months=(0, 5), target_tpr=0.75)
    v2 = train_model(df, version="v2", months=(10, 13), target_tpr=0.75)
    prod = stream.production
    d = run_policy(prod, {6: v1, 14: v2}, review_band=0.05, review_from=14)
    key = AuditKey(b"k" * 32)
    return prod, v1, d, key, audit_log(d, prod, v1.features, key)


def test_log_holds_no_id_and_no_unkeyed_hash(world):
    prod, v1, d, key, log = world
    assert list(log.columns) == ["decision_id", "period", "learner_pseudonym", "model_version",
                                 "decided_by", "input_hmac", "score", "threshold", "decision",
                                 "outcome", "record_mac"]
    assert (log["threshold"].to_numpy() == d["threshold"].round(4).to_numpy()).all()
    assert not set(prod["learner_id"]) & set(log["learner_pseudonym"])
    plain = fingerprint(prod.loc[d.index], v1.features)
    assert not (plain == log["input_hmac"].to_numpy()).any()
    assert log["input_hmac"].str.len().eq(64).all() and log["decision_id"].is_unique
    other = audit_log(d, prod, v1.features, AuditKey(b"x" * 32))
    assert not (other["input_hmac"] == log["input_hmac"]).any()


def test_who_decided_and_verify_need_the_key(world):
    prod, v1, d, key, log = world
    first = prod.iloc[0]
    rows = who_decided(log, first["learner_id"], key)
    assert rows["period"].item() == "2023-07" and rows["model_version"].item() == "v1"
    with pytest.raises(ValueError, match=_exact(UNKNOWN_LEARNER.format(learner_id="nobody"))):
        who_decided(log, "nobody", key)
    with pytest.raises(ValueError):  # the wrong key finds nobody
        who_decided(log, first["learner_id"], AuditKey(b"y" * 32))
    assert verify_log(log, prod, v1.features, key).all()
    assert not verify_log(log, prod, v1.features, AuditKey(b"y" * 32)).any()
    edited = prod.copy()
    edited.loc[edited.index[3], "hours_per_week"] += 0.1
    ok = verify_log(log, edited, v1.features, key)
    assert (~ok).sum() == 1 and not ok.iloc[3]


def test_chain_flags_edits_and_deletions(world):
    *_, key, log = world
    assert verify_chain(log, key).all()
    edited = log.copy()
    edited.loc[5, "decision"] = 1 - edited.loc[5, "decision"]
    ok = verify_chain(edited, key)
    assert list(ok.index[~ok]) == [log.loc[5, "decision_id"]]
    dropped = log.drop(index=7).reset_index(drop=True)
    ok = verify_chain(dropped, key)
    assert list(ok.index[~ok]) == [log.loc[8, "decision_id"]]
    assert not verify_chain(log, AuditKey(b"z" * 32)).any()
    moved = log.copy()
    moved.loc[5, "threshold"] += 0.01  # the threshold is chained too
    assert not verify_chain(moved, key).loc[log.loc[5, "decision_id"]]


def test_chain_limits_truncation_and_rechaining_pass(world):
    """What the chain alone cannot show (the lesson says so): a cut tail, a re-chained log."""
    from responsible_ml.monitoring._audit import _chain

    *_, key, log = world
    assert verify_chain(log.iloc[:-50], key).all()  # truncation leaves a valid chain
    forged = log.copy()
    forged.loc[5, "decision"] = 1 - forged.loc[5, "decision"]
    forged["record_mac"] = _chain(forged, key)  # whoever holds the key can re-chain
    assert verify_chain(forged, key).all()
    assert forged["record_mac"].iloc[-1] != log["record_mac"].iloc[-1]  # an anchored head would differ


def test_log_without_threshold_still_verifies(world):
    prod, v1, d, key, _ = world
    old = audit_log(d.drop(columns="threshold"), prod, v1.features, key)
    assert "threshold" not in old and verify_chain(old, key).all()
    assert "threshold" not in who_decided(old, prod.iloc[0]["learner_id"], key)


def test_key_is_required_and_never_shown():
    key = AuditKey.generate()
    assert "secret=<held apart>" in repr(key) and len(key.key_id) == 8
    assert AuditKey.generate().key_id != key.key_id
    with pytest.raises(TypeError, match=_exact(NOT_A_KEY.format(type_name="str"))):
        _pseudonymise(["L1"], "secret")
    with pytest.raises(TypeError, match=_exact(NOT_A_KEY.format(type_name="NoneType"))):
        audit_log(None, None, [], None)
    with pytest.raises(ValueError, match=_exact(SHORT_KEY.format(length=4))):
        AuditKey(b"abcd")


def test_unkeyed_fingerprint_is_reversed_by_enumeration_keyed_is_not(world):
    prod, v1, d, key, log = world
    row = prod.iloc[10]
    feats = list(v1.features)
    known = {f: row[f] for f in feats if f not in ("hours_per_week", "quiz_avg")}
    grid = {"hours_per_week": [round(row["hours_per_week"] + dh / 10, 1) for dh in range(-20, 21)],
            "quiz_avg": [round(row["quiz_avg"] + dq / 10, 1) for dq in range(-20, 21)]}
    plain = fingerprint(prod.iloc[[10]], feats)[0]
    hit = reverse_fingerprint(plain, known, grid, feats)
    assert hit["found"]["hours_per_week"] == row["hours_per_week"]
    assert hit["found"]["quiz_avg"] == row["quiz_avg"]
    keyed = fingerprint(prod.iloc[[10]], feats, key)[0]
    miss = reverse_fingerprint(keyed, known, grid, feats)
    assert miss["found"] is None and miss["tried"] == 41 * 41
    assert reverse_fingerprint(keyed, known, grid, feats, key)["found"] is not None

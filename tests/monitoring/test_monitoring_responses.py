"""Tests for the simulated responses (rollback, retraining, human review)."""

import re

import numpy as np
import pytest

from responsible_ml._validation import NOT_A_PROBABILITY, NOT_A_REAL
from responsible_ml.monitoring import make_stream, policy_summary, run_policy, train_model
from responsible_ml.monitoring._responses import _NO_MODEL, schedule_from


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture(scope="module")
def world():
    stream = make_stream(8000, random_state=1)
    df = stream.frame
    models = {
        "v0": train_model(df, version="v0", months=(0, 5)),
        "v1": train_model(df, version="v1", months=(0, 5), target_tpr=0.75),
        "v2": train_model(df, version="v2", months=(10, 13), target_tpr=0.75),
    }
    return stream, models


def test_schedule_switches_model_versions(world):
    stream, m = world
    d = run_policy(stream.production, {6: m["v1"], 14: m["v0"]})
    assert set(d.loc[d.month < 14, "model_version"]) == {"v1"}
    assert set(d.loc[d.month >= 14, "model_version"]) == {"v0"}
    which = schedule_from({6: "a", 14: "b"})
    assert (which(6), which(13), which(14), which(23)) == ("a", "a", "b", "b")
    with pytest.raises(ValueError, match=_exact(_NO_MODEL.format(month=5))):
        which(5)


def test_run_policy_without_review_is_the_model(world):
    stream, m = world
    prod = stream.production
    d = run_policy(prod, m["v1"])
    np.testing.assert_array_equal(d["decision"], m["v1"].decide(prod))
    assert not d["reviewed"].any() and set(d["decided_by"]) == {"model"}
    assert (d.index == prod.index).all()


def test_human_review_routes_uncertain_cases(world):
    stream, m = world
    prod = stream.production
    d = run_policy(prod, m["v1"], review_band=0.1, reviewer_accuracy=1.0, review_from=14)
    near = (np.abs(d["score"] - d["threshold"]) < 0.1) & (d["month"] >= 14)
    np.testing.assert_array_equal(d["reviewed"], near)
    # perfect reviewers decide the outcome; everyone else keeps the model's decision
    assert (d.loc[near, "decision"] == d.loc[near, "outcome"]).all()
    assert (d.loc[~near, "decision"] == d.loc[~near, "model_decision"]).all()
    keep = policy_summary(run_policy(prod, m["v1"]), sensitive_features=prod.background, months=(14, 23)).as_dict()
    review = policy_summary(d, sensitive_features=prod.background, months=(14, 23)).as_dict()
    assert review["error"] < keep["error"] - 0.03
    assert review["reviews"] == int(near.sum()) and review["reviews_per_month"] > 0
    assert review["review_share"] == pytest.approx(near[d.month >= 14].mean())
    # reviewers who are always wrong make things worse: the accuracy is really used
    bad = policy_summary(run_policy(prod, m["v1"], review_band=0.1, reviewer_accuracy=0.0,
                                    review_from=14), sensitive_features=prod.background, months=(14, 23)).as_dict()
    assert bad["error"] > keep["error"]


def test_responses_change_error_and_gap_as_the_lesson_says(world):
    stream, m = world
    prod = stream.production
    res = {name: policy_summary(run_policy(prod, sched), sensitive_features=prod.background, months=(14, 23)).as_dict()
           for name, sched in {"keep": m["v1"], "rollback": {6: m["v1"], 14: m["v0"]},
                               "retrain": {6: m["v1"], 14: m["v2"]}}.items()}
    assert res["rollback"]["tpr_gap"] > res["keep"]["tpr_gap"] > res["retrain"]["tpr_gap"]
    assert res["retrain"]["tpr_gap"] < 0.1


def test_policy_summary_by_hand():
    import pandas as pd
    d = pd.DataFrame({"month": [1, 1, 2, 2, 2], "decision": [1, 0, 1, 1, 0],
                      "outcome": [1, 1, 1, 0, 1], "reviewed": [True, False, False, True, False]})
    s = policy_summary(d, sensitive_features=["a", "a", "b", "b", "b"]).as_dict()
    assert s["error"] == pytest.approx(3 / 5)
    assert s["tpr_a"] == pytest.approx(0.5) and s["tpr_b"] == pytest.approx(0.5)
    assert s["tpr_gap"] == 0 and s["reviews"] == 2 and s["reviews_per_month"] == 1


def test_run_policy_validation(world):
    stream, m = world
    with pytest.raises(ValueError, match=_exact(NOT_A_REAL.format(name="review_band",
                                                                  bounds=" >= 0", value=-1))):
        run_policy(stream.production, m["v1"], review_band=-1)
    with pytest.raises(ValueError, match=_exact(NOT_A_PROBABILITY.format(
            name="reviewer_accuracy", value=1.2))):
        run_policy(stream.production, m["v1"], reviewer_accuracy=1.2)

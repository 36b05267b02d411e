"""Capstone pipeline: a go/no-go report with a reason for every check — and every check can fail."""

from __future__ import annotations

import pytest

from responsible_ml.data import make_case_study
from responsible_ml.tradeoffs import (
    CAPSTONE_STEPS,
    FAIL,
    PASS,
    SKIPPED,
    run_capstone,
)
from responsible_ml.tradeoffs._capstone import _MISSING_THRESHOLD as MISSING_THRESHOLD
from responsible_ml.tradeoffs._capstone import _NO_PROBA as NO_PROBA
from responsible_ml.tradeoffs._capstone import _NOT_A_MODEL as NOT_A_MODEL

CARD = {"intended_use": "Rank learners for limited mentor places; a person reviews the list.",
        "out_of_scope_uses": ["grading", "admission"],
        "ethical_considerations": ["TPR gap by background is monitored monthly."],
        "caveats": ["Labels arrive three months late."]}
OWNER = "Dana Ortiz, ML lead"


def _fresh(n, seed, **kw):
    """A later cohort: new learners with new ids."""
    frame = make_case_study(n, random_state=seed, **kw)
    return frame.assign(learner_id="F" + frame["learner_id"].str[1:])


@pytest.fixture(scope="module")
def data():
    return make_case_study(3000, random_state=2), _fresh(6000, 3)


def _run(df, fresh, **kw):
    args = {"fresh_cohort": fresh, "owner": OWNER, "card_text": CARD} | kw
    return run_capstone(df, **args)


def _status(report):
    return report.to_frame().set_index("step")["status"]


def test_clean_data_with_everything_in_place_can_go(data):
    df, fresh = data
    report = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36})
    frame = report.to_frame()
    assert frame["step"].tolist() == list(CAPSTONE_STEPS)
    assert frame["reason"].str.len().gt(10).all()
    assert report.decision == "GO", frame.to_string()
    md = report.to_markdown()
    assert md.startswith("## Deployment decision: **GO**") and "### Monitoring plan" in md
    assert not report.model_card.missing_sections()
    plan = report.monitoring_plan
    assert {f"PSI of {f}" for f in ("device", "hours_per_week")} <= set(plan["signal"])
    assert plan["owner"].eq(OWNER).all()


@pytest.mark.parametrize("owner", [None, "", "  ", "TODO", "tbd"])
def test_no_owner_is_no_go(data, owner):
    df, fresh = data
    report = _run(df, fresh, owner=owner)
    assert _status(report)["accountability"] == FAIL and report.decision == "NO-GO"
    assert _status(report)["monitoring plan"] == FAIL


def test_without_a_fresh_cohort_nothing_is_confirmed(data):
    df, _ = data
    report = _run(df, None)
    status = _status(report)
    assert status["fresh cohort"] == FAIL
    assert (status[["training", "fairness check", "explanation report"]] == FAIL).all()
    reused = _run(df, df.sample(500, random_state=0))
    assert _status(reused)["fresh cohort"] == FAIL
    assert "shares 500 of its 500 people" in reused.checks[5].reason


def test_lesson_05_world_is_no_go_because_of_the_proxy():
    world = dict(proxy_strength=0.8, label_bias=0.3)
    report = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world))
    assert report.decision == "NO-GO"
    assert _status(report)["proxy check"] == FAIL
    assert "district_deprivation" in report.checks[4].reason
    justified = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world),
                     proxy_justified={"district_deprivation": "funders require it"})
    assert _status(justified)["proxy check"] == PASS
    placeholder = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world),
                       proxy_justified={"district_deprivation": "TODO"})
    assert _status(placeholder)["proxy check"] == FAIL


def test_fairness_uses_the_interval_not_the_point(data):
    df, fresh = data
    small = fresh.sample(400, random_state=1)
    report = _run(df, small, threshold={"continuing": 0.5, "first_gen": 0.36})
    m = report.metrics
    check = report.checks[CAPSTONE_STEPS.index("fairness check")]
    assert m["fairness_gap_low"] <= m["fairness_gap"] <= m["fairness_gap_high"]
    if m["fairness_gap"] <= 0.10 < m["fairness_gap_high"]:
        assert check.status == FAIL and "reaches above the limit" in check.reason
    assert check.status == (PASS if m["fairness_gap_high"] <= 0.10 else FAIL)
    strict = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36},
                  fairness_limit=0.01)
    assert _status(strict)["fairness check"] == FAIL


def test_label_bias_fails_the_fairness_check():
    biased = make_case_study(3000, random_state=1, label_bias=0.4)
    report = _run(biased, _fresh(3000, 4, label_bias=0.4))
    assert report.decision == "NO-GO" and "fairness check" in report.failed()
    with pytest.raises(ValueError) as err:
        _run(biased, _fresh(3000, 4, label_bias=0.4), threshold={"continuing": 0.5})
    assert str(err.value) == MISSING_THRESHOLD.format(sensitive="background", groups="first_gen")


def test_card_text_must_be_written_by_people(data):
    df, fresh = data
    report = _run(df, fresh, card_text=None)
    check = report.checks[CAPSTONE_STEPS.index("explanation report")]
    assert check.status == FAIL and "intended_use" in check.reason
    partial = _run(df, fresh, card_text={**CARD, "caveats": ["TODO"]})
    reason = partial.checks[CAPSTONE_STEPS.index("explanation report")].reason
    assert reason.endswith("caveats")


def test_every_input_must_be_monitored(data):
    df, fresh = data
    report = _run(df, fresh, monitored=["hours_per_week", "quiz_avg"])
    check = report.checks[-1]
    assert check.status == FAIL and "device" in check.reason


def test_blocking_gates_skip_training(data):
    df, fresh = data
    report = _run(df, fresh, features=["name", "quiz_avg"])
    status = _status(report)
    assert status["privacy guard"] == FAIL
    assert (status[list(CAPSTONE_STEPS[4:])] == SKIPPED).all()
    assert report.model is None
    report = _run(df, fresh, features=["age", "gender", "district", "quiz_avg"])
    assert "k = 1 < 5" in report.checks[3].reason
    report = _run(df.drop(columns="quiz_avg"), fresh)
    assert report.checks[1].status == FAIL and "quiz_avg" in report.checks[1].reason


def test_under_representation_is_reported(data):
    _, fresh = data
    rare = make_case_study(1500, random_state=2, minority_share=0.04)
    report = _run(rare, fresh)
    assert report.checks[2].status == FAIL and "first_gen" in report.checks[2].reason


def test_k_from_the_privacy_module_and_bad_model(data):
    from responsible_ml.privacy import k_anonymity

    df, fresh = data
    report = _run(df, fresh, features=["device", "age", "quiz_avg"], k=1)
    assert report.metrics["k"] == k_anonymity(df, ["age"])
    assert f"{report.metrics['k']}-anonymous" in report.checks[3].reason
    with pytest.raises(TypeError) as err:
        _run(df, fresh, model="logreg")
    assert str(err.value) == NOT_A_MODEL.format(type_name="str")


def test_threshold_needs_scores_and_a_probability(data):
    from sklearn.svm import LinearSVC

    from responsible_ml._validation import NOT_A_PROBABILITY

    df, fresh = data
    with pytest.raises(TypeError) as err:
        _run(df, fresh, model=LinearSVC(), threshold=0.4)
    assert str(err.value) == NO_PROBA.format(threshold=0.4)
    with pytest.raises(ValueError) as err:
        _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 1.5})
    assert str(err.value) == NOT_A_PROBABILITY.format(name="threshold['first_gen']", value=1.5)

"""Capstone pipeline: a go/no-go report with a reason for every check."""

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


@pytest.fixture(scope="module")
def df():
    return make_case_study(1500, random_state=2)


def test_every_step_has_a_status_and_a_reason(df):
    report = run_capstone(df)
    frame = report.to_frame()
    assert frame["step"].tolist() == list(CAPSTONE_STEPS)
    assert frame["reason"].str.len().gt(10).all()
    assert set(frame["status"]) <= {PASS, FAIL}
    assert report.go == (report.failed() == [])
    md = report.to_markdown()
    assert md.startswith(f"## Deployment decision: **{report.decision}**")
    assert "### Monitoring plan" in md
    assert report.model_card is not None and not report.model_card.missing_sections()


def test_label_bias_fails_the_fairness_gate_and_group_thresholds_pass_it():
    biased = make_case_study(3000, random_state=1, label_bias=0.4)
    report = run_capstone(biased)
    assert report.decision == "NO-GO" and "fairness check" in report.failed()
    assert "tpr gap" in report.checks[4].reason
    with pytest.raises(ValueError) as err:
        run_capstone(biased, threshold={"continuing": 0.5})
    assert str(err.value) == MISSING_THRESHOLD.format(sensitive="background", groups="first_gen")


def test_blocking_gates_skip_training(df):
    report = run_capstone(df, features=["name", "quiz_avg"])
    status = report.to_frame().set_index("step")["status"]
    assert status["privacy guard"] == FAIL
    assert (status[list(CAPSTONE_STEPS[3:])] == SKIPPED).all()
    assert report.model is None
    report = run_capstone(df, features=["age", "gender", "district", "quiz_avg"])
    assert "k = 1 < 5" in report.checks[2].reason
    report = run_capstone(df.drop(columns="quiz_avg"))
    assert report.checks[0].status == FAIL and "quiz_avg" in report.checks[0].reason


def test_under_representation_is_reported(df):
    rare = make_case_study(1500, random_state=2, minority_share=0.04)
    report = run_capstone(rare)
    assert report.checks[1].status == FAIL
    assert "first_gen" in report.checks[1].reason


def test_k_from_the_privacy_module_and_bad_model(df):
    from responsible_ml.privacy import k_anonymity

    report = run_capstone(df, features=["device", "age", "quiz_avg"], k=1)
    assert report.metrics["k"] == k_anonymity(df, ["age"])
    assert f"{report.metrics['k']}-anonymous" in report.checks[2].reason
    assert run_capstone(df, features=["quiz_avg", "hours_per_week"]).metrics["k"] == len(df)
    with pytest.raises(TypeError) as err:
        run_capstone(df, model="logreg")
    assert str(err.value) == NOT_A_MODEL.format(type_name="str")


def test_threshold_needs_scores_and_a_probability(df):
    from sklearn.svm import LinearSVC

    from responsible_ml._validation import NOT_A_PROBABILITY

    with pytest.raises(TypeError) as err:
        run_capstone(df, LinearSVC(), threshold=0.4)
    assert str(err.value) == NO_PROBA.format(threshold=0.4)
    with pytest.raises(ValueError) as err:
        run_capstone(df, threshold={"continuing": 0.5, "first_gen": 1.5})
    assert str(err.value) == NOT_A_PROBABILITY.format(name="threshold['first_gen']", value=1.5)


def test_unstable_baseline_fails_the_monitoring_plan(df):
    report = run_capstone(df, psi_limit=1e-6)
    check = report.checks[-1]
    assert check.step == "monitoring plan" and check.status == FAIL
    assert check.reason.startswith("baseline not stable: PSI of ")
    assert report.monitoring_plan["owner"].eq("ML lead").all()
    assert report.metrics["max_baseline_psi"] > 1e-6

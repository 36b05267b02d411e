"""Capstone pipeline: a go/no-go report with a reason for every check — and every check can fail."""

from __future__ import annotations

import pytest

from responsible_ml.data import make_case_study
from responsible_ml.tradeoffs import CAPSTONE_STEPS, confirmatory_sample_size, run_capstone
from responsible_ml.tradeoffs._capstone import _MISSING_THRESHOLD as MISSING_THRESHOLD
from responsible_ml.tradeoffs._capstone import _NO_PROBA as NO_PROBA
from responsible_ml.tradeoffs._capstone import _NOT_A_MODEL as NOT_A_MODEL
from responsible_ml.tradeoffs._checks import FAIL, PASS, SKIPPED, check_privacy_budget

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
    # accuracy alerts on a drop beyond noise below its own baseline, not at the majority rate
    acc_row = plan.set_index("signal").loc["accuracy on labelled outcomes"]
    limit = float(acc_row["alert when"].rsplit("< ", 1)[1])
    assert limit == pytest.approx(float(acc_row["baseline"]) - 0.03, abs=1e-3)


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
    assert "shares 500 of its 500 people" in reused.checks[CAPSTONE_STEPS.index("fresh cohort")].reason


def test_lesson_05_world_is_no_go_because_of_the_proxy():
    world = dict(proxy_strength=0.8, label_bias=0.3)
    report = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world))
    assert report.decision == "NO-GO"
    assert _status(report)["proxy check"] == FAIL
    assert "district_deprivation" in report.checks[CAPSTONE_STEPS.index("proxy check")].reason
    justified = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world),
                     proxy_justified={"district_deprivation": "funders require it"})
    # the district alone is justified, but all inputs together still reveal background
    assert _status(justified)["proxy check"] == FAIL
    assert "all inputs together" in justified.checks[CAPSTONE_STEPS.index("proxy check")].reason
    from responsible_ml.explain._proxy import ALL_FEATURES

    justified = _run(make_case_study(4000, random_state=0, **world), _fresh(4000, 1, **world),
                     proxy_justified={"district_deprivation": "funders require it",
                                      ALL_FEATURES: "the same reason covers the combination"})
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


# --- NO-GO for a ledger over budget, a non-private model and a joint proxy ------------------

def _private(eps=3.0, seed=None):
    """A DP model whose scaling uses declared bounds (never learnt from the private rows)."""
    import numpy as np
    from diffprivlib.models import LogisticRegression as DPLogisticRegression
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

    bounds = {"prior_courses": (0, 10), "hours_per_week": (0.5, 30.0), "quiz_avg": (0.0, 100.0),
              "forum_posts": (0, 20), "district_deprivation": (0.0, 1.0)}
    low, high = (np.array([b[i] for b in bounds.values()], float) for i in (0, 1))

    def to_unit(X):
        return np.clip((np.asarray(X, float) - low) / (high - low), 0.0, 1.0)

    prepare = ColumnTransformer([
        ("numbers", FunctionTransformer(to_unit), list(bounds)),
        ("device", OneHotEncoder(categories=[["laptop", "mobile"]], drop="if_binary"),
         ["device"])])
    return make_pipeline(prepare, DPLogisticRegression(
        epsilon=eps, data_norm=(len(bounds) + 1) ** 0.5, random_state=seed))


def test_ledger_over_budget_is_no_go(data):
    df, fresh = data
    ledger = {"explore three seeds at ε = 1": 3.0}
    report = _run(df, fresh, model=_private(3.0, seed=0), privacy_ledger=ledger,
                  max_epsilon=3.0)
    check = report.checks[CAPSTONE_STEPS.index("privacy budget")]
    assert check.status == FAIL and report.decision == "NO-GO"
    assert "ε = 6" in check.reason and report.metrics["epsilon_total"] == 6.0
    assert report.privacy_ledger["step"].tolist()[-1] == "capstone training fit"
    within = _run(df, fresh, model=_private(3.0, seed=0), max_epsilon=3.0)
    check = within.checks[CAPSTONE_STEPS.index("privacy budget")]
    assert check.status == PASS and "seed is fixed (0)" in check.reason
    secret = _run(df, fresh, model=_private(3.0), max_epsilon=3.0)
    assert "seed" not in secret.checks[CAPSTONE_STEPS.index("privacy budget")].reason


def test_budget_gate_blocks_the_fit(data):
    """Over budget, nothing is fitted: fitting a DP model would spend ε again."""
    df, fresh = data
    report = _run(df, fresh, model=_private(3.0, seed=0), max_epsilon=3.0,
                  privacy_ledger={"explore three seeds at ε = 1": 3.0})
    status = _status(report)
    assert status["privacy budget"] == FAIL and report.decision == "NO-GO"
    assert report.model is None
    after = CAPSTONE_STEPS[CAPSTONE_STEPS.index("privacy budget") + 1:]
    assert all(status[s] == SKIPPED for s in after)
    assert "not fitted" in report.checks[CAPSTONE_STEPS.index("training")].reason


def test_non_private_model_or_baseline_is_no_go(data):
    df, fresh = data
    report = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36},
                  max_epsilon=3.0)
    check = report.checks[CAPSTONE_STEPS.index("privacy budget")]
    assert check.status == FAIL and "non-private" in check.reason
    assert report.decision == "NO-GO"
    assert report.metrics["epsilon_total"] == float("inf")
    baseline = _run(df, fresh, model=_private(1.0, seed=0), max_epsilon=3.0,
                    privacy_ledger={"ordinary baseline on the same learners": float("inf")})
    assert "ordinary baseline" in baseline.checks[CAPSTONE_STEPS.index("privacy budget")].reason
    # an estimator whose `epsilon` is not a privacy budget is not private
    from sklearn.linear_model import SGDClassifier

    from responsible_ml.tradeoffs._capstone import _model_epsilon

    assert _model_epsilon(SGDClassifier(loss="log_loss", epsilon=0.1)) == float("inf")
    assert _model_epsilon(_private(1.0)) == 1.0
    # without a budget no DP claim is made, and the gate says so
    free = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36})
    assert "no differential-privacy claim" in free.checks[4].reason


def test_frozen_model_is_not_refitted(data):
    df, fresh = data
    first = _run(df, fresh, model=_private(3.0, seed=0), max_epsilon=3.0)
    frozen = _run(df, fresh, model=first.model, prefit=True, max_epsilon=3.0,
                  privacy_ledger=first.privacy_ledger)
    assert frozen.model is first.model
    assert frozen.metrics["epsilon_total"] == 3.0
    assert "frozen" in frozen.checks[CAPSTONE_STEPS.index("training")].reason
    unfitted = _private(3.0)
    with pytest.raises(Exception, match="not fitted"):
        _run(df, fresh, model=unfitted, prefit=True)


def test_joint_proxy_is_no_go_when_no_single_input_is_one():
    world = dict(proxy_strength=0.4)
    df, fresh = make_case_study(3000, random_state=2, **world), _fresh(3000, 3, **world)
    report = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36})
    check = report.checks[CAPSTONE_STEPS.index("proxy check")]
    assert check.status == FAIL and report.decision == "NO-GO"
    assert "all inputs together" in check.reason and "district_deprivation (" not in check.reason
    univariate = _run(df, fresh, threshold={"continuing": 0.5, "first_gen": 0.36},
                      proxy_max_joint_auc=None)
    assert univariate.checks[CAPSTONE_STEPS.index("proxy check")].status == PASS


def test_privacy_budget_check_alone():
    from responsible_ml.explain._proxy import ALL_FEATURES  # noqa: F401

    assert check_privacy_budget({"a": 0.1, "b": 0.2}, 0.3)[0].status == PASS  # 0.30000000000000004
    check, total = check_privacy_budget({"a": 1.0, "b": 2.0}, 3.0)
    assert check.status == PASS and total == 3.0
    check, total = check_privacy_budget({"a": 1.0, "b": 2.5}, 3.0)
    assert check.status == FAIL and total == 3.5
    with pytest.raises(ValueError, match="epsilon"):
        check_privacy_budget({"a": -1.0}, 3.0)
    with pytest.raises(TypeError, match="ledger"):
        check_privacy_budget([1.0], 3.0)


def test_confirmatory_sample_size_follows_the_precision_rule():
    args = dict(group_shares=[0.65, 0.35], base_rates=[0.6, 0.47], tprs=[0.8, 0.73])
    n = confirmatory_sample_size(0.10, 0.05, **args)
    assert 4000 < n < 6000
    assert confirmatory_sample_size(0.10, 0.07, **args) > n  # a smaller margin needs more
    assert confirmatory_sample_size(0.10, 0.05, power=0.9, **args) > n
    with pytest.raises(ValueError, match="planned_gap"):
        confirmatory_sample_size(0.10, 0.12, **args)


def test_fresh_cohort_fails_on_overlap_with_tuning_rows():
    import pandas as pd

    from responsible_ml.tradeoffs._checks import _check_fresh_cohort
    train = pd.DataFrame({"learner_id": ["a", "b"]})
    val = pd.DataFrame({"learner_id": ["c", "d"]})
    assert _check_fresh_cohort(val, train, tuning=val).status == "fail"
    ok = _check_fresh_cohort(val, train)
    assert ok.status == "pass" and "confirm" in ok.reason
    assert "tuning rows" in _check_fresh_cohort(val, train, tuning=train.iloc[:0]).reason


def test_no_fresh_cohort_stops_before_the_fit(data):
    """Without an independent cohort nothing is fitted, so the run spends no ε."""
    df, fresh = data
    for cohort, tuning in [(None, None), (fresh, fresh.sample(50, random_state=0))]:
        report = _run(df, cohort, model=_private(3.0, seed=0), max_epsilon=5.0,
                      privacy_ledger={"earlier use": 1.0}, tuning=tuning)
        assert _status(report)["fresh cohort"] == FAIL and report.decision == "NO-GO"
        assert report.model is None
        assert report.privacy_ledger["step"].tolist() == ["earlier use"]
        assert report.metrics["epsilon_total"] == 1.0
        assert "not fitted" in report.checks[CAPSTONE_STEPS.index("training")].reason

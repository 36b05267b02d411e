"""The fairness gate used as a CI check on the case-study model (as a project would)."""

import pytest

from responsible_ml.monitoring import assert_fair, fairness_gate, make_stream, train_model


@pytest.fixture(scope="module")
def deployment():
    stream = make_stream(shift=1.0)
    model = train_model(stream.frame, version="v1", months=(0, 5), target_tpr=0.75)
    return stream, model


def test_case_study_model_passes_the_fairness_gate(deployment):
    """The launch model (equal-opportunity thresholds) is checked on the months before the
    shift; a regression that widens the TPR gap beyond 0.10 would fail this test."""
    stream, model = deployment
    check = stream.frame[stream.frame.enrol_month.between(6, 11)]
    result = assert_fair(check["completed"], model.decide(check), sensitive_features=check["background"],
                         metric="tpr", limit=0.10)
    assert result.passed and result.gap <= 0.10


def test_gate_fails_the_build_after_the_shift(deployment):
    """The same check on the drifted months fails with a readable message."""
    stream, model = deployment
    later = stream.frame[stream.frame.enrol_month >= 12]
    with pytest.raises(AssertionError, match=r"fairness gate FAILED: tpr gap 0\.\d+ exceeds"):
        assert_fair(later["completed"], model.decide(later), sensitive_features=later["background"],
                    limit=0.10)


def test_gate_fails_a_release_without_the_fairness_post_processing(deployment):
    stream, _ = deployment
    v0 = train_model(stream.frame, version="v0", months=(0, 5))
    check = stream.frame[stream.frame.enrol_month.between(6, 11)]
    result = fairness_gate(check["completed"], v0.decide(check), sensitive_features=check["background"],
                           limit=0.10)
    assert not result.passed and result.gap > 0.15

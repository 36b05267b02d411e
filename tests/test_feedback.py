"""The feedback helpers fail with teaching messages, and the trusted copy resists patching."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import responsible_ml.feedback as fb


def test_expect_close_passes_within_tolerance():
    fb.expect_close(0.3333333, 1 / 3, what="rate", rtol=1e-6)


def test_expect_close_message_names_expected_got_and_hint():
    with pytest.raises(fb.AnswerError) as err:
        fb.expect_close(0.5, 0.25, what="selection rate of group B", hint="divide by the group size")
    text = str(err.value)
    assert "selection rate of group B" in text and "0.25" in text and "0.5" in text
    assert "Hint: divide by the group size" in text
    assert isinstance(err.value, AssertionError)


def test_expect_close_rejects_non_numbers_with_a_message():
    with pytest.raises(fb.AnswerError, match="expected a number"):
        fb.expect_close("high", 0.2, what="rate")


def test_expect_close_nan_only_matches_nan():
    fb.expect_close(float("nan"), float("nan"), what="x")
    with pytest.raises(fb.AnswerError):
        fb.expect_close(0.0, float("nan"), what="x")


def test_expect_equal_and_true():
    fb.expect_equal("B", "B", what="group")
    with pytest.raises(fb.AnswerError, match="expected 'B', got 'A'"):
        fb.expect_equal("A", "B", what="group")
    with pytest.raises(fb.AnswerError, match="expected a bool"):
        fb.expect_type(1, bool, what="flag")
    with pytest.raises(fb.AnswerError, match="leakage"):
        fb.expect_true(False, what="no overlap", hint="leakage")


def test_expect_equal_on_arrays_does_not_crash():
    with pytest.raises(fb.AnswerError):
        fb.expect_equal(np.array([1, 2]), [1, 2], what="array")


def test_expect_mapping_close_names_the_missing_group():
    with pytest.raises(fb.AnswerError, match=r"Missing: \['C'\]"):
        fb.expect_mapping_close({"A": 0.1, "B": 0.2}, {"A": 0.1, "B": 0.2, "C": 0.3},
                                what="rates")
    with pytest.raises(fb.AnswerError, match=r"rates \[B\]"):
        fb.expect_mapping_close(pd.Series({"A": 0.1, "B": 0.25}), {"A": 0.1, "B": 0.2},
                                what="rates")
    fb.expect_mapping_close(pd.Series({"A": 0.1}), {"A": 0.1}, what="rates")


def test_expect_sequence_close():
    fb.expect_sequence_close(np.array([0.1, 0.2]), [0.1, 0.2], what="v")
    with pytest.raises(fb.AnswerError, match="2 values"):
        fb.expect_sequence_close([0.1], [0.1, 0.2], what="v")


def test_expect_frame_close_and_columns():
    exp = pd.DataFrame({"n": [3, 4], "rate": [0.5, 0.25]}, index=["a", "b"])
    fb.expect_frame_close(exp.iloc[::-1], exp, what="table")
    with pytest.raises(fb.AnswerError, match=r"table \[b, rate\]"):
        fb.expect_frame_close(exp.assign(rate=[0.5, 0.3]), exp, what="table")
    with pytest.raises(fb.AnswerError, match="Missing"):
        fb.expect_columns(exp[["n"]], ["n", "rate"], what="table")


def test_answer_turns_the_stub_into_a_message():
    def stub():
        raise NotImplementedError()

    with pytest.raises(fb.AnswerError, match="not answered yet"):
        fb.answer(stub, what="accuracy")
    assert fb.answer(lambda x: x + 1, 1) == 2


def test_trusted_copy_survives_patching(monkeypatch):
    monkeypatch.setattr(fb, "expect_close", lambda *a, **k: None)
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    checks = fb.trusted()
    assert checks is not fb
    with pytest.raises(AssertionError):
        checks.expect_close(0.5, 0.25, what="rate")


def test_trusted_copy_ignores_patched_builtins(monkeypatch):
    import builtins
    import math

    monkeypatch.setattr(builtins, "abs", lambda x: 0)
    monkeypatch.setattr(math, "isnan", lambda x: True)
    checks = fb.trusted()
    with pytest.raises(AssertionError):
        checks.expect_close(0.5, 0.25, what="rate")
    with pytest.raises(AssertionError):
        checks.expect_close(float("nan"), 0.25, what="rate")
    checks.expect_close(0.25, 0.25, what="rate")

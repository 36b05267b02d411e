"""Interpretation answers: each part scores on its own, right answers of any reasonable type pass,
and the feedback names what was expected and what the trainee gave.

Both readings run in one :func:`run_mutants` call (the notebook up to ``read_accuracy`` once,
then one forked child per reading), which gives exactly what ``run_notebook_cells`` gives
per reading (tests/course/test_run_mutants.py)."""

from __future__ import annotations

import pytest

from responsible_ml.course import run_mutants

pytestmark = pytest.mark.slow

READING = '''
import numpy as np
_se = (0.91 * 0.09 / 200) ** 0.5
READING = {{"se": np.float64(_se), "z": np.float64(0.03 / _se), "verdict": {verdict},
           "verdict_more": np.str_("c"), "verdict_larger": np.str_("a"), "n_needed": np.int64(525), "ask_next": "d"}}
'''
#: Question 5's functions returning NumPy types (review x01-r9: the numbers are functions).
NOISE_NUMPY = '''
def standard_error(accuracy, n):
    return np.sqrt(np.float64(accuracy) * (1 - accuracy) / n)


def z_score(accuracy, baseline, se):
    return np.float64((accuracy - baseline) / se)


def n_needed(accuracy, target_se):
    return np.int64(np.ceil(accuracy * (1 - accuracy) / target_se ** 2))
'''


@pytest.fixture(scope="module")
def outcomes(repo):
    """``{reading label: {test grade_id: None or error}}`` for the two readings below."""
    nb = repo / "solutions" / "01-what-is-ml" / "01-what-is-ml.ipynb"
    readings = {"numpy types": READING.format(verdict="np.str_('c')"),
                "wrong verdict": READING.format(verdict="'b'")}
    runs = run_mutants(nb, {"read_accuracy": readings, "accuracy_noise": {"numpy types": NOISE_NUMPY}})
    found = {label: runs[("read_accuracy", label)] for label in readings}
    found["numpy functions"] = runs[("accuracy_noise", "numpy types")]
    return found


def _parts(outcome, answer):
    return {k: v for k, v in outcome.items() if k.startswith(f"test_{answer}_")}


def test_numpy_types_are_right_answers(outcomes):
    parts = _parts(outcomes["numpy types"], "read_accuracy")
    assert len(parts) == 2
    assert not any(parts.values()), parts
    parts = _parts(outcomes["numpy functions"], "accuracy_noise")
    assert len(parts) == 3
    assert not any(parts.values()), parts


def test_one_wrong_part_costs_only_that_part_and_says_what_was_expected(outcomes):
    parts = _parts(outcomes["wrong verdict"], "read_accuracy")
    failed = {k: v for k, v in parts.items() if v}
    assert list(failed) == ["test_read_accuracy_verdict"], parts
    assert "expected 'c', got 'b'" in failed["test_read_accuracy_verdict"]

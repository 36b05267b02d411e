"""Interpretation answers: each part scores on its own, right answers of any reasonable type pass,
and the feedback names what was expected and what the trainee gave."""

from __future__ import annotations

import pytest

from responsible_ml.course import run_notebook_cells

pytestmark = pytest.mark.slow

READING = '''
import numpy as np
_se = (0.91 * 0.09 / 200) ** 0.5
READING = {{"se": np.float64(_se), "z": np.float64(0.03 / _se), "verdict": {verdict},
           "n_needed": np.int64(569), "ask_next": "d"}}
'''


def _parts(outcome, answer):
    return {k: v for k, v in outcome.items() if k.startswith(f"test_{answer}_")}


def test_numpy_types_are_right_answers(repo):
    nb = repo / "solutions" / "01-what-is-ml" / "01-what-is-ml.ipynb"
    outcome = run_notebook_cells(nb, {"read_accuracy": READING.format(verdict="np.str_('c')")})
    parts = _parts(outcome, "read_accuracy")
    assert len(parts) == 5
    assert not any(parts.values()), parts


def test_one_wrong_part_costs_only_that_part_and_says_what_was_expected(repo):
    nb = repo / "solutions" / "01-what-is-ml" / "01-what-is-ml.ipynb"
    outcome = run_notebook_cells(nb, {"read_accuracy": READING.format(verdict="'b'")})
    parts = _parts(outcome, "read_accuracy")
    failed = {k: v for k, v in parts.items() if v}
    assert list(failed) == ["test_read_accuracy_verdict"], parts
    assert "expected 'c', got 'b'" in failed["test_read_accuracy_verdict"]

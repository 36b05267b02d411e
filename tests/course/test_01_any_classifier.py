"""Exercise 01 after review x01-r10: question 2's right answers get full marks, whatever the classifier.

D1: "any scikit-learn classifier with predict_proba will do". The device cell checks that device is
encoded inside the model and reaches the classifier (what the pipeline's steps hand it changes from a
laptop to a mobile), not that the fitted classifier gives it weight; the accuracy bar (baseline + 5
points, visible and hidden) is one that a depth-3 or depth-4 tree and an L1 logistic regression clear.
M1: the "fitted on train" cell refits every fitted step that the pipeline calls but does not fit; a
scaler fitted on `train` inside the function, or a pre-fitted scaler put in the pipeline itself (which
refits it), is not a leak and costs nothing.

The right answers are ACCEPTED in tests/course/mutants/01-what-is-ml.py; the wrong ones (a scaler
fitted on all enrolments at cell level, device dropped) are its MUTANTS, with the one cell each
fails pinned in FAILS (tests/course/test_mutants.py).
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from responsible_ml.course import run_notebook_cells

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "01-what-is-ml"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
Q2 = {"setup", "fit_completion_model", "test_fit_completion_model", "test_fit_completion_model_leakage",
      "test_fit_completion_model_train_only", "test_fit_completion_model_device",
      "test_fit_completion_model_new_learners"}


def _accepted() -> dict:
    spec = importlib.util.spec_from_file_location("mutants_01_accepted", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ACCEPTED["fit_completion_model"]


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("label", sorted(_accepted()))
def test_q2_a_right_answer_gets_full_marks_whatever_the_classifier(label):
    outcome = run_notebook_cells(SOLUTION, {"fit_completion_model": _accepted()[label]}, only=Q2)
    assert set(outcome) == Q2 - {"setup", "fit_completion_model"}, outcome
    assert not any(outcome.values()), {t: e for t, e in outcome.items() if e}

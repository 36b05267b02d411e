"""Exercise 05: every right answer listed in ``ACCEPTED`` gets every point of its question.

Review x05-r12 D1: question 1's order cells (visible and hidden) ranked a model whose two columns
``key`` and ``e`` had exactly the same importance, and expected the order only a *stable* descending
sort gives, so the scikit-learn user-guide idiom ``importances_mean.argsort()[::-1]`` and
``sort_values("mean").iloc[::-1]`` lost the order point. The fixture now has no tie (b helps, u is never
read, shuffling e helps the model), and the right answers are ACCEPTED in
tests/course/mutants/05-transparency.py; the wrong ones (ascending, by |mean|) stay its MUTANTS.
Question 1 has no per-trainee parameters (``_params_05`` shuffles the choice items only), so the
reference notebook's run is every variant's.

Review x05-r13: question 2 refuses scikit-learn's estimators (S1), and hand-written encodings stay
ACCEPTED; question 4's sections cell builds its cards with the real card's numbers (D1), so a text
that quotes them is ACCEPTED.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from responsible_ml.course import run_mutants

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "05-transparency"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
#: the test cells of each answer with ACCEPTED right answers
QUESTION = {"rank_importances": ("test_rank_importances", "test_rank_importances_order"),
            # review x05-r13 S1: Q2 refuses scikit-learn's estimators, not an encoding written by hand
            "proxy_auc": ("test_proxy_auc", "test_proxy_auc_categorical"),
            # review x05-r13 D1: a card text quoting the card's own numbers passes the sections cell
            "build_model_card": ("test_build_model_card", "test_build_model_card_sections")}


def _accepted() -> dict:
    spec = importlib.util.spec_from_file_location("mutants_05_accepted", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ACCEPTED


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_every_accepted_answer_passes_every_cell_of_its_question():
    accepted = _accepted()
    assert set(accepted) <= set(QUESTION), "name the test cells of each answer in QUESTION"
    assert len(accepted["rank_importances"]) >= 8
    until = {(answer, label): set(QUESTION[answer]) for answer, labels in accepted.items() for label in labels}
    outcomes = run_mutants(SOLUTION, accepted, workers=1, until=until)
    problems = []
    for (answer, label), outcome in outcomes.items():
        missing = set(QUESTION[answer]) - set(outcome)
        failed = {t: e for t, e in outcome.items() if e and t in QUESTION[answer]}
        if missing or failed:
            problems.append(f"{answer}: {label}: not run {sorted(missing)}, failed {failed}")
    assert not problems, "right answers lose points:\n" + "\n".join(problems)

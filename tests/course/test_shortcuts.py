"""A library shortcut scores 0 on its question; the reference still passes every question.

``SHORTCUTS`` in ``tests/course/mutants/<assignment>.py`` maps an answer's grade_id to
answers that let a library do the work the question asks for (imported at the top, inside
the answer, through ``sys.modules``, ``importlib``/``getattr`` or a reference saved before
the test). Each must make the question's own test cell (``test_<grade_id>``) fail with the
shortcut message of :func:`responsible_ml.feedback.no_shortcuts`.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from responsible_ml.course import assignments, run_mutants

HERE = pathlib.Path(__file__).resolve().parent / "mutants"
pytestmark = pytest.mark.slow
SHORTCUT_SIGNS = ("compute it yourself", "[feedback id: outside-the-check]")
_OUTCOMES: dict = {}


def _shortcuts(name):
    spec = importlib.util.spec_from_file_location(f"shortcuts_{name.replace('-', '_')}",
                                                  HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "SHORTCUTS", {})


def _outcome(repo, name, answer, label):
    """``run_notebook_cells(nb, {answer: shortcut})``, for all of an exercise's shortcuts at once.

    run_mutants runs the notebook once and forks a child per shortcut at its answer cell:
    the same outcome per shortcut as a serial run (tests/course/test_run_mutants.py).
    """
    if name not in _OUTCOMES:
        (nb,) = sorted((repo / "solutions" / name).glob("*.ipynb"))
        try:
            _OUTCOMES[name] = run_mutants(nb, _shortcuts(name))
        except Exception as exc:  # noqa: BLE001 - every case of this exercise reports it
            _OUTCOMES[name] = exc
    outcomes = _OUTCOMES[name]
    if isinstance(outcomes, Exception):
        raise outcomes
    return outcomes[(answer, label)]


def _cases():
    for name in assignments():
        for answer, variants in _shortcuts(name).items():
            for label in variants:
                yield pytest.param(name, answer, label, id=f"{name}:{answer}:{label}")


@pytest.mark.parametrize("name", assignments())
def test_every_exercise_lists_shortcuts(name):
    shortcuts = _shortcuts(name)
    count = sum(len(v) for v in shortcuts.values())
    assert count >= 3, f"{name}: list at least 3 library shortcuts in SHORTCUTS (found {count})"


@pytest.mark.parametrize(("name", "answer", "label"), list(_cases()))
def test_a_shortcut_scores_zero_on_its_question(repo, name, answer, label):
    outcome = _outcome(repo, name, answer, label)
    # The question's test cells: test_<answer>, or test_<answer>_<part> when graded per part.
    verdicts = [v for k, v in outcome.items() if k == f"test_{answer}" or k.startswith(f"test_{answer}_")]
    verdict = "\n".join(v for v in verdicts if v)
    assert verdict, f"{name}: the shortcut {label!r} passes test_{answer}"
    assert any(sign in verdict for sign in SHORTCUT_SIGNS), \
        f"{name}: {label!r} fails test_{answer}, but not with the shortcut message: {verdict}"

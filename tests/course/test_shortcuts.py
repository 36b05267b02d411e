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

from responsible_ml.course import assignments

HERE = pathlib.Path(__file__).resolve().parent / "mutants"
# The first test of an exercise runs its shared ``mutant_outcomes`` (minutes on a busy machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]
SHORTCUT_SIGNS = ("compute it yourself", "[feedback id: outside-the-check]", "so the check cannot see what it computed")


def _shortcuts(name):
    # Read at collection time (the cases below), before any fixture exists.
    spec = importlib.util.spec_from_file_location(f"shortcuts_{name.replace('-', '_')}",
                                                  HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "SHORTCUTS", {})


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
def test_a_shortcut_scores_zero_on_its_question(name, answer, label, mutant_outcomes):
    # ``run_notebook_cells(nb, {answer: shortcut})``, from the one run per exercise shared with
    # test_mutants (``mutant_outcomes`` in conftest.py).
    outcome = mutant_outcomes(name).shortcut(answer, label)
    # The question's test cells: test_<answer>, or test_<answer>_<part> when graded per part.
    verdicts = [v for k, v in outcome.items() if k == f"test_{answer}" or k.startswith(f"test_{answer}_")]
    verdict = "\n".join(v for v in verdicts if v)
    assert verdict, f"{name}: the shortcut {label!r} passes test_{answer}"
    assert any(sign in verdict for sign in SHORTCUT_SIGNS), \
        f"{name}: {label!r} fails test_{answer}, but not with the shortcut message: {verdict}"

"""Exercise 04: a visible check never blames a later answer for the earlier answer it called (review x04-r22 D1).

`respondents_needed` may call `estimate_rate`, `more_private` calls `answer_epsilon` and `make_k_anonymous` may call
`smallest_class`. Graded, the hidden tests lend correct earlier answers (test_04_statements.py); the visible checks
run the trainee's own, so a correct later answer showed ✗ "expected 494, got 124" under a wrong `estimate_rate`.
Now the visible check, when it fails and the answer called an earlier answer that does not pass the cases of its
own check, prints "not checked yet: ..." (shown as "–" by `python -m responsible_ml check`) naming that answer and
what it gives, and blames neither; a later answer that is wrong itself is still blamed, with its own message.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import pathlib
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "04-privacy"
pytestmark = pytest.mark.timeout(900)


def _mutants():
    spec = importlib.util.spec_from_file_location("mutants_04_d1", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(folder):
    nb = json.loads((ROOT / folder / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}


def _own_tests(answer):
    return sorted(g for g in _cells("solutions") if g and (g == f"test_{answer}" or g.startswith(f"test_{answer}_")))


@pytest.fixture
def run_visible(monkeypatch, capsys):
    """Run the release's cells (visible checks only) with `replace`; return (outcomes, printed lines)."""
    from responsible_ml.course import _mutants as mutants_runner
    from responsible_ml.course import run_notebook_cells

    monkeypatch.setattr(mutants_runner, "contextlib",
                        types.SimpleNamespace(redirect_stdout=lambda _: contextlib.nullcontext()))

    def run(replace, only):
        capsys.readouterr()
        out = run_notebook_cells(ROOT / "exercises" / NAME / f"{NAME}.ipynb", replace, only={"setup", *only})
        return out, capsys.readouterr().out.splitlines()
    return run


def _solved(name):
    import re

    return re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", "", _cells("solutions")[name], flags=re.M)


def test_04_a_right_later_answer_is_not_blamed_for_a_wrong_earlier_one(run_visible):
    module = _mutants()
    assert set(module.EARLIER_ANSWER) == {"respondents_needed", "make_k_anonymous", "more_private"}
    for answer, wrong in module.EARLIER_WRONG.items():
        earlier = module.EARLIER_ANSWER[answer]
        tests = _own_tests(answer)
        later = [s for label, s in module.ACCEPTED[answer].items() if "review x04-r15 D2" in label]
        assert later, answer
        for earlier_label, earlier_source in wrong.items():
            for source in later:
                out, printed = run_visible({earlier: earlier_source, answer: source}, {earlier, answer, *tests})
                failed = {t: e for t, e in out.items() if e and t in tests}
                waits = [line for line in printed if line.startswith(f"not checked yet: {answer} called your {earlier}")]
                if "blank" in earlier_label:   # a blank earlier answer is named as such, as before, or waited for
                    assert all("which is not answered yet" in e for e in failed.values()), failed
                    assert len(failed) + len(waits) >= len(tests), (failed, waits)
                    continue
                assert not failed, (answer, earlier_label, failed)
                assert waits, (answer, earlier_label, printed)
                assert all("Fix " + earlier + " first" in line and "where that check expects" in line for line in waits)


def test_04_the_not_checked_yet_line_shows_the_difference():
    """K2: what the earlier answer gives is printed with enough digits to differ from what its check expects."""
    for gid in ("test_respondents_needed", "test_more_private"):
        cell = _cells("exercises")[gid]
        assert 'f"{value:.10g}"' in cell and "not checked yet: {caller} called your" in cell, gid


def test_04_a_wrong_later_answer_calling_a_right_earlier_one_is_blamed(run_visible):
    module = _mutants()
    label = "estimate_rate's standard error reused without the slope (review x04-r22 D1)"
    tests = _own_tests("respondents_needed")
    out, printed = run_visible({"estimate_rate": _solved("estimate_rate"),
                                "respondents_needed": module.MUTANTS["respondents_needed"][label]},
                               {"estimate_rate", "respondents_needed", *tests})
    assert out["test_respondents_needed"] and "expected 494, got 124" in out["test_respondents_needed"], out
    assert not [line for line in printed if "not checked yet" in line], printed


def test_04_a_wrong_later_answer_that_does_not_call_the_earlier_one_is_blamed(run_visible):
    # a wrong estimate_rate, and a respondents_needed that is wrong on its own without calling it
    module = _mutants()
    tests = _own_tests("respondents_needed")
    out, printed = run_visible({"estimate_rate": module.EARLIER_WRONG["respondents_needed"]["estimate_rate with SE / slope squared"],
                                "respondents_needed": module.MUTANTS["respondents_needed"]["SE not divided by p_truth"]},
                               {"estimate_rate", "respondents_needed", *tests})
    assert out["test_respondents_needed"] and "expected 494, got 124" in out["test_respondents_needed"], out
    assert not [line for line in printed if "not checked yet" in line], printed


def test_04_the_release_lends_no_earlier_answer_and_grading_never_waits():
    """The release watches the trainee's own earlier answers (no hand-written one: test_stand_ins.py); the solution
    notebook's hidden tests lend correct ones first, so `_t04_graded` is true there and nothing is left unchecked."""
    for gid in ("test_make_k_anonymous", "test_make_k_anonymous_cap", "test_respondents_needed",
                "test_respondents_needed_exact", "test_more_private"):
        cell = _cells("exercises")[gid]
        assert "_t04_graded = bool(_t04_lent)" in cell and "_t04_waiting(_t04_err" in cell, gid
        solution = _cells("solutions")[gid]
        assert solution.index("_t04_lent.update(") < solution.index("_t04_graded = bool(_t04_lent)"), gid

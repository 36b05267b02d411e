"""Exercise 01 after review x01-r13: question 5's right answers get full marks, its misreadings fail
their one cell, in every variant.

D1: ``n_needed`` through a square root, ``math.ceil((sqrt(a (1 - a)) / t) ** 2)`` or reusing
``standard_error(a, 1)``, gives 87.00000000000001 at a whole quotient of 87: float noise, accepted
(the test accepts the value a formula through a square root gives there), while ``int(x) + 1`` and
``round(x + 0.5)`` still fail on whole quotients where every usual formula lands on the whole number.
D2: the n - 1 standard error stays accepted (0.5 %); rounding to 4 decimals fails (a MUTANT).
Review x01-r15 D1 (the tests at the end): the verdicts also pass when all three read the numbers the
trainee's own functions print, so a slip in standard_error costs only its own cell. Review x01-r20
D1: the numbers are computed in their own locked cell (``reading_numbers``), each call within a time
limit, so a blank, broken or never-ending function leaves only its own numbers at None and costs none
of the choices; the answer cell holds only the letters. Review x01-r16 D1: only a numerical slip
(a standard_error that follows the square-root law, within 5 % of the true value, and a z_score that
divides by se); an SE without the square root or shrinking like 1/n is not read.
M1, M2: ``verdict_more``, on ``N_MORE`` learners, tells the square-root law from "the SE shrinks like
1/n" and the two-sided 1.96 from the one-sided 1.645 in every variant (the variants' numbers here, the
notebook runs below). The right answers are ACCEPTED in tests/course/mutants/01-what-is-ml.py; the
wrong ones are its MUTANTS, with the cell each fails pinned in FAILS (tests/course/test_mutants.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import pathlib
import re

import pytest

from responsible_ml.course import run_notebook_cells
from responsible_ml.feedback import variant

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "01-what-is-ml"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
TRAINEES = [f"trainee{i:02d}" for i in range(50)]
Q5_FUNCTIONS = {"setup", "reading_scenario", "accuracy_noise", "test_accuracy_noise_se", "test_accuracy_noise_z",
                "test_accuracy_noise_n_needed"}
VERDICT = {"setup", "reading_scenario", "reading_numbers", "read_accuracy", "test_read_accuracy_verdict"}


def _module():
    spec = importlib.util.spec_from_file_location("mutants_01_reading", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_n_more_separates_the_readings_in_every_variant():
    """On N_MORE learners: z within [1.7, 1.9] (two-sided: "not settled"; one-sided at 1.645: "shown"),
    and z times the multiplier (the 1/n reading) at least 2.05 ("shown"); variant 0: 300 learners."""
    assert variant(NAME, trainee="").params["reading"]["n_more"] == 300
    for trainee in ["", *TRAINEES, *(f"extra{i}" for i in range(300))]:
        r = variant(NAME, trainee=trainee).params["reading"]
        a, n, b, more = r["accuracy"], r["n"], r["baseline"], r["n_more"]
        z = (a - b) / math.sqrt(a * (1 - a) / n)
        z_more = (a - b) / math.sqrt(a * (1 - a) / more)
        assert more % 10 == 0 and n < more < 16 * n, (trainee, r)
        assert 1.645 + 0.05 <= z_more <= 1.96 - 0.05, (trainee, r, z_more)
        assert z * more / n >= 1.96 + 0.05, (trainee, r, z * more / n)
        assert z * 4 >= 1.96 + 1  # verdict_larger stays "shown"


@pytest.mark.parametrize("label", sorted(_module().ACCEPTED["accuracy_noise"]))
def test_q5_a_right_function_gets_full_marks(label):
    source = _module().ACCEPTED["accuracy_noise"][label]
    for trainee in ("", "trainee03", "trainee31"):
        outcome = run_notebook_cells(SOLUTION, {"accuracy_noise": source}, trainee=trainee or None, only=Q5_FUNCTIONS)
        assert len(outcome) == 3 and not any(outcome.values()), (trainee, {t: e for t, e in outcome.items() if e})


def test_every_variant_the_1_over_n_and_one_sided_readings_lose_the_verdicts():
    """Review x01-r13 M1, M2, in variant 0 and the 50 variants: the square-root law at 1.96 passes; the
    SE shrinking like 1/n, "more data settles it" and the one-sided line fail the verdict cell on
    verdict_more."""
    mutants = _module().MUTANTS["read_accuracy"]
    wrong = {label: mutants[label] for label in mutants if "x01-r13" in label}
    assert len(wrong) == 3
    right = _module()._VERDICTS.format(line=1.96, more="(N_MORE / N_TEST) ** 0.5", larger="(N_LARGE / N_TEST) ** 0.5")
    for trainee in ["", *TRAINEES]:
        more = variant(NAME, trainee=trainee).params["reading"]["n_more"]
        ok = run_notebook_cells(SOLUTION, {"read_accuracy": right}, trainee=trainee or None, only=VERDICT)
        assert ok == {"test_read_accuracy_verdict": None}, (trainee, ok)
        for label, source in wrong.items():
            if "settles" in label:   # variant 0's letters: re-lettered in the trainee's order
                order = variant(NAME, trainee=trainee).params["letters"]["verdict"]
                source = ("READING = {" + ", ".join(f'"{k}": "{"abcd"[order.index(v)]}"' for k, v in
                                                    (("verdict", "c"), ("verdict_more", "a"), ("verdict_larger", "a"))) + "}\n")
            got = run_notebook_cells(SOLUTION, {"read_accuracy": source}, trainee=trainee or None, only=VERDICT)
            error = got["test_read_accuracy_verdict"] or ""
            assert f"verdict_more (n = {more})" in error, (trainee, label, got)


# Review x01-r15 D1: the verdicts are read from the numbers the trainee's own functions print, so a
# wrong standard_error (or z_score) costs only its own cell when all three verdicts read those numbers
# right; a mix of the two readings reads neither; a blank n_needed hides neither z_more nor z_larger.
Q5_ALL = Q5_FUNCTIONS | {"reading_numbers", "read_accuracy", "test_read_accuracy_verdict", "test_read_accuracy_ask_next"}


def _letters(verdict, more, larger):
    return ('_shown = {opt: letter for letter, opt in zip("abcd", V.params["letters"]["verdict"])}\n'
            f'READING = {{"verdict": _shown["{verdict}"], "verdict_more": _shown["{more}"], '
            f'"verdict_larger": _shown["{larger}"], '
            '"ask_next": "abcd"[V.params["letters"]["ask_next"].index("d")]}\n')


# Review x01-r16 D1: the own numbers are read only for a numerical slip. An SE without the square root,
# or shrinking like 1/n, is the misconception the verdicts target: read "shown" three times from its
# numbers, it costs the verdicts too (and standard_error's own cell); read on the correct numbers, it
# costs standard_error's cell only. A z_score that does not divide by se is not read either.
@pytest.mark.parametrize("se", ["accuracy * (1 - accuracy) / n", "math.sqrt(accuracy * (1 - accuracy)) / n"])
def test_a_conceptually_wrong_standard_error_is_not_read_for_the_verdicts(se):
    functions = _module()._noise(se=se)
    for trainee in ("", "trainee03", "trainee31"):
        n, more = (variant(NAME, trainee=trainee).params["reading"][k] for k in ("n", "n_more"))
        got = run_notebook_cells(SOLUTION, {"accuracy_noise": functions, "read_accuracy": _letters("a", "a", "a")},
                                 trainee=trainee or None, only=Q5_ALL)
        assert {k for k, v in got.items() if v} == {"test_accuracy_noise_se", "test_read_accuracy_verdict"}, (trainee, got)
        error = got["test_read_accuracy_verdict"]
        assert f"verdict (n = {n}) and verdict_more (n = {more})" in error, (trainee, got)
        # the correct reading passes; a mix of the two readings does not
        right = run_notebook_cells(SOLUTION, {"accuracy_noise": functions, "read_accuracy": _letters("c", "c", "a")},
                                   trainee=trainee or None, only=Q5_ALL)
        assert {k for k, v in right.items() if v} == {"test_accuracy_noise_se"}, (trainee, right)
        mixed = run_notebook_cells(SOLUTION, {"accuracy_noise": functions, "read_accuracy": _letters("c", "a", "a")},
                                   trainee=trainee or None, only=Q5_ALL)
        assert "verdict_more" in (mixed["test_read_accuracy_verdict"] or ""), (trainee, mixed)


def test_the_mutants_that_read_a_wrong_standard_error_as_printed_lose_the_verdicts():
    """The read_accuracy MUTANTS of review x01-r16 D1 (the wrong SE defined in the reading cell), in
    variant 0 and two others: the verdict cell fails on verdict and verdict_more."""
    mutants = _module().MUTANTS["read_accuracy"]
    wrong = {label: mutants[label] for label in mutants if "x01-r16" in label}
    assert len(wrong) == 2
    for trainee in ("", "trainee03", "trainee31"):
        n, more = (variant(NAME, trainee=trainee).params["reading"][k] for k in ("n", "n_more"))
        for label, source in wrong.items():
            got = run_notebook_cells(SOLUTION, {"read_accuracy": source}, trainee=trainee or None, only=Q5_ALL)
            assert {k for k, v in got.items() if v} == {"test_read_accuracy_verdict"}, (trainee, label, got)
            assert f"verdict (n = {n}) and verdict_more (n = {more})" in got["test_read_accuracy_verdict"], (trainee, label, got)


@pytest.mark.parametrize("z", ["accuracy - baseline", "(accuracy - baseline) ** 2 / se"])
def test_a_z_score_that_does_not_divide_by_se_is_not_read_for_the_verdicts(z):
    """The gain itself reads "not settled" everywhere (the "always noise" misreading); a z growing like
    1/se² reads "shown" everywhere: neither earns the verdicts when read as printed."""
    functions = _module()._noise(z=z)
    uniform = "c" if z == "accuracy - baseline" else "a"
    for trainee in ("", "trainee03"):
        got = run_notebook_cells(SOLUTION, {"accuracy_noise": functions, "read_accuracy": _letters(*uniform * 3)},
                                 trainee=trainee or None, only=Q5_ALL)
        assert {k for k, v in got.items() if v} == {"test_accuracy_noise_z", "test_read_accuracy_verdict"}, (trainee, got)


@pytest.mark.parametrize("se", ["round(math.sqrt(accuracy * (1 - accuracy) / n), 4)",
                                "math.sqrt(accuracy * (1 - accuracy) / (1.08 * n))"])
def test_a_small_numerical_slip_is_still_read_as_printed(se):
    """Within 5 % of sqrt(a (1 - a) / n) and following the square-root law: the verdicts read from the
    trainee's own numbers earn the point, and the slip costs standard_error's cell only."""
    functions = _module()._noise(se=se)
    zs = {}
    exec(functions, {"math": math}, zs)
    for trainee in ("", "trainee03", "trainee31"):
        r = variant(NAME, trainee=trainee).params["reading"]
        own = ["a" if abs(zs["z_score"](r["accuracy"], r["baseline"], zs["standard_error"](r["accuracy"], nn))) >= 1.96
               else "c" for nn in (r["n"], r["n_more"], 16 * r["n"])]
        got = run_notebook_cells(SOLUTION, {"accuracy_noise": functions, "read_accuracy": _letters(*own)},
                                 trainee=trainee or None, only=Q5_ALL)
        assert {k for k, v in got.items() if v} == {"test_accuracy_noise_se"}, (trainee, own, got)


def test_right_functions_the_own_reading_is_the_right_one():
    """With the reference functions, "shown" three times still fails (the own numbers are the correct ones)."""
    got = run_notebook_cells(SOLUTION, {"read_accuracy": _letters("a", "a", "a")}, only=Q5_ALL)
    assert "verdict (n = 200) and verdict_more (n = 300)" in (got["test_read_accuracy_verdict"] or ""), got


def _cell(grade_id):
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


def _numbers(**functions):
    """Q5_NUMBERS from the locked numbers cell, on variant 0's report, with these functions (the reference's
    unless given) and a short time limit; and what the cell printed."""
    space = {"ACC": 0.91, "BASE": 0.88, "N_TEST": 200, "N_MORE": 300, "N_LARGE": 3200, "SE_TARGET": 0.0125}
    exec(_noise_source(), {"math": math}, reference := {})   # noqa: S102
    space.update({**reference, **functions})
    source = _cell("reading_numbers")
    assert "Q5_SECONDS = 5\n" in source
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source.replace("Q5_SECONDS = 5\n", "Q5_SECONDS = 0.3\n"), "reading_numbers", "exec"), space)  # noqa: S102
    return space["Q5_NUMBERS"], printed.getvalue()


def _noise_source():
    return _module()._noise()


def test_a_blank_n_needed_hides_neither_z_more_nor_z_larger():
    def blank(*args):
        raise NotImplementedError()

    numbers, printed = _numbers(n_needed=blank)
    assert numbers["n_needed"] is None and "n_needed stopped (NotImplementedError)" in printed, printed
    assert all(numbers[k] is not None for k in ("se", "z", "z_more", "z_larger")), numbers
    assert 1.7 < numbers["z_more"] < 1.96 < numbers["z_larger"]


# Review x01-r20 D1: a function that never ends (the one-character typo ``n + 1`` for ``n += 1``) was called
# without a time limit in the answer cell, before the trainee's letters: at grading the cell timed out and
# READING kept the template's None, so the verdicts and ask_next lost their points too. The numbers are now
# computed in their own locked cell, each call within Q5_SECONDS; the answer cell holds only the letters,
# and every test cell calls the trainee's functions within a time limit of its own.
_HANGS = {
    "n_needed": ("n_needed", "n = 1\n    while math.sqrt(accuracy * (1 - accuracy) / n) > target_se:\n        n + 1\n    return n"),
    "standard_error": ("se", "while n > 0:\n        n + 1\n    return math.sqrt(accuracy * (1 - accuracy) / n)"),
    "z_score": ("z", "while se > 0:\n        se + 1\n    return (accuracy - baseline) / se"),
}


def _hanging(name):
    _, body = _HANGS[name]
    source = _noise_source()
    head = {"n_needed": "def n_needed(accuracy, target_se):\n", "standard_error": "def standard_error(accuracy, n):\n",
            "z_score": "def z_score(accuracy, baseline, se):\n"}[name]
    start = source.index(head) + len(head)
    end = source.index("\n", source.index("return", start))
    return source[:start] + "    " + body + source[end:]


def test_a_hanging_function_leaves_only_its_own_numbers_at_none():
    for name in _HANGS:
        space = {}
        exec(_hanging(name), {"math": math}, space)   # noqa: S102
        numbers, printed = _numbers(**{name: space[name]})
        assert f"{name} was still running after 0.3 s" in printed, (name, printed)
        none = {k for k, v in numbers.items() if v is None}
        assert none == {"n_needed": {"n_needed"}, "standard_error": {"se", "z", "se_more", "z_more", "se_larger", "z_larger"},
                        "z_score": {"z", "z_more", "z_larger"}}[name], (name, numbers)
        # one that ran out of time is not called again (at most one time limit per function)
        assert printed.count("was still running") == 1, (name, printed)


@pytest.mark.parametrize("name", sorted(_HANGS))
def test_a_hanging_function_costs_only_its_own_cells(name):
    """The n + 1 typo in n_needed, and the same kind of loop in standard_error and z_score: their own test
    cells fail on the time limit; the verdicts and ask_next keep their points (the letters are right)."""
    cells = {g: _cell(g) for g in Q5_ALL if g.startswith("test_") or g == "reading_numbers"}
    fast = {g: re.sub(r"time_limit\(5,", "time_limit(0.3,", src).replace("Q5_SECONDS = 5\n", "Q5_SECONDS = 0.3\n")
            for g, src in cells.items()}
    calls = set(fast) - {"test_read_accuracy_ask_next"}   # every cell that calls the functions has a time limit
    assert all(fast[g] != cells[g] for g in calls), {g for g in calls if fast[g] == cells[g]}
    for trainee in ("", "trainee03"):
        got = run_notebook_cells(SOLUTION, {**fast, "accuracy_noise": _hanging(name)}, trainee=trainee or None, only=Q5_ALL)
        own = {"n_needed": {"test_accuracy_noise_n_needed"}, "standard_error": {"test_accuracy_noise_se"},
               "z_score": {"test_accuracy_noise_z"}}[name]
        assert {k for k, v in got.items() if v} == own, (trainee, got)
        assert all("within 0.3 s" in got[k] for k in own), got

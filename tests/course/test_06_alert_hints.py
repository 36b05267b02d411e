"""Exercise 06, question 4: the hints, the check case and the checks agree; visible hints give no formula.

A hint that gives another formula than the check it explains (review x06-r4, D7) or a check
case whose answer is the lesson's k (D8) misleads a trainee; these tests read the notebook's
cells and compare them with an independent computation. A visible hint that states the answer's
expression (review x06-r15 S1: "a one-sided tail is half of it", "month start + k - 1") turns a guess
into full marks: a visible hint names the idea the answer misses, never its expression; the
formula may stay in the hidden part's hint (graded feedback, after grading). The test cells import
their helpers under ``_t06_`` aliases (``_t06_answer``, ``_t06_expect_equal``), so the text is matched
without the prefix.
"""

from __future__ import annotations

import ast
import json
import math
import pathlib
import re

import pytest

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "06-monitoring" / "06-monitoring.ipynb"


def _cells():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}


#: Question 4's answer cells, one per function (review x06-r15 D2).
Q4 = ("alert_z", "alert_p_month", "alert_k", "alert_month_seen")


def _plain(text):
    """A test cell's text with the ``_t06_`` aliases of the feedback helpers read as their names."""
    return re.sub(r"\b_t06_(answer|expect_\w+|no_shortcuts|variant)\b", r"\1", text)


def _false_page(p, k, months=12):
    run, paged = [1.0] + [0.0] * (k - 1), 0.0
    for _ in range(months):
        new = [0.0] * k
        for length, q in enumerate(run):
            new[0] += q * (1 - p)
            if length + 1 == k:
                paged += q * p
            else:
                new[length + 1] += q * p
        run = new
    return paged


def _alert(n1, n2, rate, limit, start, delay=3):
    se = math.sqrt(rate * (1 - rate) / n1 + rate * (1 - rate) / n2)
    z = limit / se
    p = math.erfc(z / math.sqrt(2))
    k = next(k for k in range(1, 13) if _false_page(p, k) < 0.01)
    return {"z": z, "p_month": p, "k": k, "month_seen": start + k - 1 + delay}


def _checked_values(text):
    """The check case's numbers a visible check compares with (the floats it names)."""
    visible = text.split("### BEGIN HIDDEN TESTS")[0]
    return [float(v) for v in re.findall(r"\b\d+\.\d{6,}\b", visible)]


def _exact(n1, n2, rate, limit):
    from scipy.stats import binom

    total = 0.0
    for a in range(n1 + 1):
        for b in range(n2 + 1):
            if abs(a * n2 - b * n1) * 100 > round(limit * 100) * n1 * n2:   # exact in integers
                total += binom.pmf(a, n1, rate) * binom.pmf(b, n2, rate)
    return total


def test_06_check_case_answers_match_the_method_and_differ_from_common_ks():
    cells = _cells()
    example = _alert(20, 80, 0.65, 0.13, start=5)
    graded = _alert(40, 120, 0.7, 0.11, start=10)
    # Review x06-r9 D1: one function per entry, each called with the right values of the entries
    # before it (the check case's z for p_month, its p_month for k, its k for month_seen).
    assert "answer(alert_z, 20, 80, 0.65, 0.13," in _plain(cells["test_alert_z"])
    # Review x06-r16 D2: a second visible case each (another monitor's z; the tail at z = 2.5), so a constant copied
    # from the check case fails visibly.
    other = _alert(30, 90, 0.75, 0.12, start=5)
    assert _checked_values(cells["test_alert_z"]) == [pytest.approx(example["z"], rel=1e-12),
                                                      pytest.approx(other["z"], rel=1e-12)]
    assert _checked_values(cells["test_alert_p_month"]) == [
        pytest.approx(example["z"], rel=1e-12), pytest.approx(example["p_month"], rel=1e-12),
        pytest.approx(math.erfc(2.5 / math.sqrt(2)), rel=1e-12)]
    assert _checked_values(cells["test_alert_k"]) == [pytest.approx(example["p_month"], rel=1e-12)]
    assert "expect_equal(int(_t06_k), 5," in _plain(cells["test_alert_k"])
    assert f"answer(alert_month_seen, 5, {example['k']}," in _plain(cells["test_alert_month_seen"])
    assert "expect_equal(int(_t06_seen), 12," in _plain(cells["test_alert_month_seen"])
    # The exact binomial chance gives the same k (no lattice point lies at the limit).
    exact = _exact(20, 80, 0.65, 0.13)
    assert next(k for k in range(1, 13) if _false_page(exact, k) < 0.01) == example["k"] == 5
    assert example["month_seen"] == 12
    # The check case's k is neither the lesson's k = 3 nor the graded k, nor what a wrong method
    # gives for it: 12 independent chances, the 13 - k run starts counted as independent or their
    # union bound (review x06-r5 D3), or p^k < 1 %.
    p = example["p_month"]
    wrong = {next(k for k in range(1, 13) if 1 - (1 - p ** k) ** 12 < 0.01),
             next(k for k in range(1, 13) if 12 * p ** k < 0.01),
             next(k for k in range(1, 13) if 1 - (1 - p ** k) ** (13 - k) < 0.01),
             next(k for k in range(1, 13) if (13 - k) * p ** k < 0.01),
             next(k for k in range(1, 13) if p ** k < 0.01)}
    assert example["k"] not in {3, graded["k"]} | wrong
    # The question's text states the same numbers.
    text = cells["q_plan_alert_rule"]
    assert f"z = {example['z']:.3f}" in text and f"p_month = {example['p_month']:.4f}" in text
    assert f"k = {example['k']}" in text and f"month_seen = {example['month_seen']}" in text


def test_06_reference_answer_is_the_method_in_four_functions():
    cells = _cells()
    namespace = {}
    for cell in Q4:   # one answer cell per function, run in order as the notebook does
        exec(cells[cell].replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""), namespace)
    for args, delay in (((40, 120, 0.7, 0.11, 10), 3), ((20, 80, 0.65, 0.13, 5), 3), ((35, 105, 0.8, 0.13, 8), 2)):
        want = _alert(*args[:4], start=args[4], delay=delay)
        z = namespace["alert_z"](*args[:4])
        p = namespace["alert_p_month"](z)
        k = namespace["alert_k"](p)
        got = {"z": z, "p_month": p, "k": k, "month_seen": namespace["alert_month_seen"](args[4], k, delay=delay)}
        assert got == pytest.approx(want)


def _visible_hints(text):
    """The hints of a test cell's visible part (the text of every ``hint=`` argument), and of the whole cell."""
    visible = text.split("### BEGIN HIDDEN TESTS")[0]
    hints = []
    for node in ast.walk(ast.parse(visible)):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "hint":
                    hints += [c.value for c in ast.walk(kw.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return " ".join(hints)


def _hidden(text):
    return text[text.index("### BEGIN HIDDEN TESTS"):text.index("### END HIDDEN TESTS")]


def test_06_month_seen_hints_agree_with_the_check_and_the_visible_ones_give_no_formula():
    text = _cells()["test_alert_month_seen"]
    hidden = _hidden(text)
    # The hidden hint (graded feedback) and the hidden check give the same formula (review x06-r4 D7).
    assert "_t06h_s + _t06h_k - 1 + _t06h_d" in hidden                   # what the check expects
    assert "start + k - 1 + delay" in hidden                              # what its hint says
    # The visible checks expect what that formula gives for the check case (start 5, k = 5, delay 3 and 2).
    visible = _plain(text.split("### BEGIN HIDDEN TESTS")[0])
    assert "_t06_seen > 9" in visible and "after month 9" in visible   # month 5 + 5 - 1, before the delay
    assert "expect_equal(int(_t06_seen), 12," in visible and 5 + 5 - 1 + 3 == 12
    assert "expect_equal(_t06_seen_2, _t06_seen - 1," in visible         # delay=2: one month sooner
    # Review x06-r15 S1: the visible hints name the idea (the outcomes of the k-th month must be in), not the formula.
    hints = _visible_hints(text)
    assert "when are that month's outcomes all in" in hints
    for formula in ("start + k", "k - 1", "+ delay", "delay months later", "start + k - 1"):
        assert formula not in hints, formula


def test_06_z_and_p_hints_agree_with_their_checks_and_the_visible_ones_give_no_formula():
    from scipy.stats import norm

    cells = _cells()
    z = cells["test_alert_z"]
    assert "_t06h_lim / (_t06h_r * (1 - _t06h_r) / _t06h_n1 + _t06h_r * (1 - _t06h_r) / _t06h_n2) ** 0.5" in z
    assert "z = limit / se" in _hidden(z)                               # the hidden hint: the checked formula
    p = cells["test_alert_p_month"]
    # The hidden hint ("both normal tails beyond z and -z") is what the hidden check computes: erfc(z / sqrt 2).
    assert "both normal tails" in _hidden(p) and "_t06h_math.erfc(_t06h_z / _t06h_math.sqrt(2))" in p
    assert all(math.erfc(x / math.sqrt(2)) == pytest.approx(2 * norm.sf(x), rel=1e-12) for x in (0.5, 1.09, 2.5))
    # Review x06-r10 S2: neither the question nor a hint prints the answer's expression; review x06-r15 S1: nor does a
    # visible hint say how many tails or that one tail is half of it.
    assert "erfc(z" not in cells["q_plan_alert_rule"]
    hints = _visible_hints(p)
    assert "absolute value" in hints and "Count all of them" in hints    # the idea: which gaps page
    for formula in ("erfc", "norm.sf", "both tails", "two tails", "half", "one-sided", "2 *", "twice"):
        assert formula not in hints, formula
    assert "limit / se" not in _visible_hints(z)


def _answer_expressions(source):
    """Every expression of at least 8 characters (no spaces) that an answer's functions return or assign."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Return, ast.Assign)) and node.value is not None:
            for sub in ast.walk(node.value):
                if isinstance(sub, (ast.BinOp, ast.Compare, ast.Call, ast.BoolOp)):
                    text = re.sub(r"e-0(\d)", r"e-\1", ast.unparse(sub).replace(" ", "").replace("'", '"'))
                    if len(text) >= 8:
                        out.add(text)
    return out


def test_06_no_visible_hint_states_an_expression_of_the_answer_the_question_does_not():
    """Review x06-r15 S1, the kind: across exercise 06, a visible hint may repeat what the question states (the
    spec's numbers), never an expression of the reference answer the question leaves to the trainee. Since review
    x06-r16 S1 the question states flag_window's and the gate's tolerance in words, so `gap > limit + 1e-9` is one of
    those expressions and no visible hint may print it."""
    nb = json.loads(NB.read_text(encoding="utf-8"))
    cells = nb["cells"]
    meta = [c["metadata"].get("nbgrader", {}) for c in cells]
    questions = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").replace(" ", "").replace("·", "*")
    answers = set().union(*(_answer_expressions("".join(c["source"]).replace("### BEGIN SOLUTION", "")
                                                .replace("### END SOLUTION", ""))
                            for c, m in zip(cells, meta, strict=True) if m.get("solution") and c["cell_type"] == "code"))
    hidden_by_the_question = {e for e in answers if e not in questions}
    assert {"start+k-1+delay", "math.erfc(z/math.sqrt(2))", "limit/se",
            "psi_edges(expected,bins)", "gap>limit+1e-9"} <= hidden_by_the_question
    found = {}
    for c, m in zip(cells, meta, strict=True):
        if m.get("grade") and not m.get("solution"):
            hints = _visible_hints("".join(c["source"])).replace(" ", "")
            bad = sorted(e for e in hidden_by_the_question if e in hints)
            if bad:
                found[m["grade_id"]] = bad
    assert not found, found


def test_06_question_4_teaches_the_run_length_recursion_and_blocks_the_simulator():
    text = _cells()["q_plan_alert_rule"]
    assert "**Hint for k.**" in text and "run length" in text      # review x06-r6: not taught in the lesson
    assert "not available inside them" in text                       # review x06-r6 S1

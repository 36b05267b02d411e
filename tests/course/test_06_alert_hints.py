"""Exercise 06, question 4: the hints, the check case and the checks agree.

A hint that gives another formula than the check it explains (review x06-r4, D7) or a check
case whose answer is the lesson's k (D8) misleads a trainee; these tests read the notebook's
cells and compare them with an independent computation.
"""

from __future__ import annotations

import json
import math
import pathlib
import re

import pytest

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "06-monitoring" / "06-monitoring.ipynb"


def _cells():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}


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
    assert "answer(alert_z, 20, 80, 0.65, 0.13," in cells["test_plan_alert_rule_z"]
    assert _checked_values(cells["test_plan_alert_rule_z"]) == [pytest.approx(example["z"], rel=1e-12)]
    assert _checked_values(cells["test_plan_alert_rule_p_month"]) == [
        pytest.approx(example["z"], rel=1e-12), pytest.approx(example["p_month"], rel=1e-12)]
    assert _checked_values(cells["test_plan_alert_rule_k"]) == [pytest.approx(example["p_month"], rel=1e-12)]
    assert "expect_equal(int(_t06_k), 5," in cells["test_plan_alert_rule_k"]
    assert f"answer(alert_month_seen, 5, {example['k']}," in cells["test_plan_alert_rule_month_seen"]
    assert "expect_equal(int(_t06_seen), 12," in cells["test_plan_alert_rule_month_seen"]
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
    source = cells["plan_alert_rule"].replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "")
    exec(source, namespace)
    for args, delay in (((40, 120, 0.7, 0.11, 10), 3), ((20, 80, 0.65, 0.13, 5), 3), ((35, 105, 0.8, 0.13, 8), 2)):
        want = _alert(*args[:4], start=args[4], delay=delay)
        z = namespace["alert_z"](*args[:4])
        p = namespace["alert_p_month"](z)
        k = namespace["alert_k"](p)
        got = {"z": z, "p_month": p, "k": k, "month_seen": namespace["alert_month_seen"](args[4], k, delay=delay)}
        assert got == pytest.approx(want)


def test_06_month_seen_hint_gives_the_checked_formula():
    text = _cells()["test_plan_alert_rule_month_seen"]
    visible, hidden = text.split("### BEGIN HIDDEN TESTS")
    assert "_t06h_s + _t06h_k - 1 + _t06h_d" in hidden                   # what the check expects
    assert "start + k - 1 + delay" in hidden               # what its hint says
    assert "_t06_seen > 9" in visible and "after month 9" in visible   # start 5, k = 5: month 5 + 5 - 1


def test_06_z_and_p_hints_give_the_checked_formulas():
    cells = _cells()
    z = cells["test_plan_alert_rule_z"]
    assert "_t06h_lim / (_t06h_r * (1 - _t06h_r) / _t06h_n1 + _t06h_r * (1 - _t06h_r) / _t06h_n2) ** 0.5" in z and "z = limit / se" in z
    p = cells["test_plan_alert_rule_p_month"]
    assert "both tails" in p and "_t06h_math.erfc(_t06h_z / _t06h_math.sqrt(2))" in p
    # Review x06-r10 S2: neither the question nor a hint prints the answer's expression.
    assert "erfc(z" not in cells["q_plan_alert_rule"] and "math.erfc(z" not in p.split("### BEGIN HIDDEN TESTS")[0]


def test_06_question_4_teaches_the_run_length_recursion_and_blocks_the_simulator():
    text = _cells()["q_plan_alert_rule"]
    assert "**Hint for k.**" in text and "run length" in text      # review x06-r6: not taught in the lesson
    assert "not available inside them" in text                       # review x06-r6 S1

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


def _check_example_values(cells):
    found = {}
    for gid, text in cells.items():
        if gid and gid.startswith("test_plan_alert_rule"):
            for key, value in re.findall(r'check_example\("(\w+)", ([0-9.e-]+)\)', text):
                found[key] = float(value)
    return found


def test_06_check_case_answers_match_the_method_and_differ_from_common_ks():
    cells = _cells()
    example = _alert(25, 75, 0.65, 0.12, start=5)
    graded = _alert(40, 120, 0.7, 0.11, start=10)
    found = _check_example_values(cells)
    assert set(found) == {"z", "p_month", "k", "month_seen"}
    for key, value in found.items():
        assert value == pytest.approx(example[key], rel=1e-9), key
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
    assert "EXAMPLE = _alert(25, 75, 0.65, 0.12, start=5)" in cells["plan_alert_rule"]


def test_06_month_seen_hint_gives_the_checked_formula():
    text = _cells()["test_plan_alert_rule_month_seen"]
    visible, hidden = text.split("### BEGIN HIDDEN TESTS")
    assert "10 + _k - 1 + 3" in hidden            # what the check expects
    assert "10 + k - 1 + 3" in hidden and "9 + k" not in hidden   # what its hint says
    assert "10 + alert" in visible                # the visible check's month 10


def test_06_z_and_p_hints_give_the_checked_formulas():
    cells = _cells()
    z = cells["test_plan_alert_rule_z"]
    assert "0.11 / (0.7 * 0.3 / 40 + 0.7 * 0.3 / 120) ** 0.5" in z and "z = 0.11 / se" in z
    p = cells["test_plan_alert_rule_p_month"]
    assert "math.erfc(z / math.sqrt(2))" in p and "_math.erfc(0.11 / _se / _math.sqrt(2))" in p

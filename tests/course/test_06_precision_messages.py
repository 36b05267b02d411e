"""Exercise 06: a failure at a precision finer than six digits shows two different numbers (review x06-r18 D1).

``expect_close`` and ``expect_equal`` printed floats with six significant digits, so an answer rounded to 5 or 6
decimals failed with "expected 1.09022 (within 1.1e-06), got 1.09022". They now print as many digits as the two
numbers need to differ, in the visible checks and in the hidden ones (``trusted()`` reads the same module).
"""

from __future__ import annotations

import math
import re

import pytest

from responsible_ml import feedback


def _first_line(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    return next(line for line in str(err.value).splitlines() if line.startswith("✗"))


def _shown(line: str) -> tuple[str, str]:
    found = re.search(r"expected (\S+?)(?: \(within [^)]*\))?, got (\S+?)\.$", line)
    assert found, line
    return found.group(1), found.group(2)


Z = 0.13 / math.sqrt(0.65 * 0.35 / 20 + 0.65 * 0.35 / 80)   # alert_z(20, 80, 0.65, 0.13)
GAP = 8 / 12 - 1 / 4                                          # a hidden window_gap case


@pytest.mark.parametrize("module", [feedback, feedback.trusted()], ids=["visible", "hidden"])
@pytest.mark.parametrize(("got", "expected", "rtol"), [
    (round(Z, 5), Z, 1e-6),                 # the review's alert_z example
    (round(GAP, 6), GAP, 1e-9),             # the review's window_gap example
    (round(GAP, 9), GAP, 1e-12),
    (0.1 + 6e-10, 0.1, 1e-12),
])
def test_06_close_failure_shows_two_different_numbers(module, got, expected, rtol):
    line = _first_line(module.expect_close, got, expected, rtol=rtol, atol=0.0, what="x")
    shown_expected, shown_got = _shown(line)
    assert shown_expected != shown_got, line
    assert float(shown_got) != float(shown_expected)


@pytest.mark.parametrize("module", [feedback, feedback.trusted()], ids=["visible", "hidden"])
def test_06_equal_failure_shows_two_different_numbers(module):
    line = _first_line(module.expect_equal, 0.1 + 1e-12, 0.1, what="x")
    assert _shown(line) == ("0.1", "0.100000000001"), line


def test_06_failure_messages_keep_six_digits_when_they_suffice():
    assert _shown(_first_line(feedback.expect_close, 0.1, 0.5, what="x")) == ("0.5", "0.1")
    assert _shown(_first_line(feedback.expect_close, 1.0902184, 1.2, what="x")) == ("1.2", "1.09022")

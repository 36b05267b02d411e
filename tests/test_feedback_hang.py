"""``answer()``'s own time limit, and its memory of a function that ran out of time.

A test cell that calls a trainee's function through :func:`responsible_ml.feedback.answer`
must not wait for an answer that never ends up to the grader's 60-s cell timeout, in every
cell that calls it: five such cells use up a submission's 300-s budget and every later
question scores 0. ``answer()`` gives the call a computing-time limit of its own (where no
``time_limit`` block is open), and a later ``answer()`` of the very same function (code
object) fails at once; a function defined anew runs.
"""

from __future__ import annotations

import signal
import time

import pytest

import responsible_ml.feedback as fb
from responsible_ml.feedback import _checks, _timewatch

HANGS = '''
def count_up(n):
    """Never ends for a negative n: `n + 1` written for `n += 1`."""
    while n < 0:
        n + 1
    return n
'''


def _define(source: str = HANGS, name: str = "count_up"):
    """A function as a notebook cell defines it: a fresh code object from source, in its own globals."""
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<answer cell>", "exec"), namespace)  # noqa: S102
    return namespace[name], namespace


@pytest.fixture(autouse=True)
def _short_limit(monkeypatch):
    """Every limit scaled down (answer()'s own: 0.3 s), a clean memory, and no timer or open
    limit left behind."""
    monkeypatch.setenv(_checks.TIME_SCALE_ENV, f"{0.3 / _checks.ANSWER_SECONDS!r}")
    _timewatch.HUNG.clear()
    yield
    _timewatch.HUNG.clear()
    assert _timewatch.ACTIVE == [] and _timewatch.CALLS == []
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_the_default_limit_stops_an_answer_that_never_ends():
    count_up, _ = _define()
    start = time.monotonic()
    with pytest.raises(fb.AnswerError, match=r"expected an answer within 0.3 s") as err:
        fb.answer(count_up, -1, what="count_up")
    assert time.monotonic() - start < 15
    assert "loop that never ends" in str(err.value)
    assert "[feedback id: answer-too-slow]" in str(err.value)


def test_a_second_check_of_the_same_hung_function_fails_at_once_with_a_teaching_message():
    count_up, _ = _define()
    with pytest.raises(fb.AnswerError):
        fb.answer(count_up, -1, what="count_up")
    start = time.process_time()
    with pytest.raises(fb.AnswerError) as err:
        fb.answer(count_up, -5, what="count_up(-5)")
    assert time.process_time() - start < 0.2  # not run again: no limit spent
    message = str(err.value)
    assert "`count_up` ran out of time in an earlier check, so it is not run again" in message
    assert "loop that never ends" in message and "`n + 1` written for `n += 1`" in message
    assert "run its cell again" in message
    assert message.startswith("✗ count_up(-5):")
    assert message.endswith("[feedback id: answer-too-slow-before]")


def test_the_memory_reaches_test_wrappers_and_the_trusted_copy():
    count_up, namespace = _define()
    with pytest.raises(fb.AnswerError):
        fb.answer(count_up, -1, what="count_up")
    # a hidden test's wrapper defined in the test cell, called through a trusted copy
    exec("def _t09_wrap():\n    return count_up(-2)\n", namespace)  # noqa: S102
    for func in (lambda: count_up(-3), namespace["_t09_wrap"]):
        start = time.process_time()
        with pytest.raises(AssertionError, match="ran out of time in an earlier check"):
            fb.trusted().answer(func, what="count_up")
        assert time.process_time() - start < 1.0


def test_a_function_defined_anew_runs_even_with_the_same_source():
    count_up, _ = _define()
    with pytest.raises(fb.AnswerError):
        fb.answer(count_up, -1, what="count_up")
    again, _ = _define()  # the cell run again: a new code object, equal to the old one
    assert again.__code__ == count_up.__code__ and again.__code__ is not count_up.__code__
    assert fb.answer(again, 3, what="count_up") == 3
    fixed, _ = _define(HANGS.replace("n + 1", "n += 1"))
    assert fb.answer(fixed, -2, what="count_up") == 0


def test_only_the_function_the_check_called_is_remembered_not_a_correct_one_next_to_it():
    source = HANGS + "\ndef double(n):\n    return 2 * n\n\ndef uses(n):\n    return count_up(n)\n"
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<answer cell>", "exec"), namespace)  # noqa: S102
    with pytest.raises(fb.AnswerError):
        fb.answer(namespace["uses"], -1, what="uses")
    assert fb.answer(namespace["double"], 4) == 8
    assert fb.answer(namespace["count_up"], 1) == 1  # it hung inside `uses`: `uses` is remembered
    with pytest.raises(fb.AnswerError, match="`uses` ran out of time"):
        fb.answer(namespace["uses"], 1)


def test_a_quick_correct_answer_is_unaffected():
    double, _ = _define("def double(n):\n    return 2 * n\n", "double")
    for _ in range(50):
        assert fb.answer(double, 21) == 42
    assert _timewatch.HUNG == {}


def test_an_answer_that_catches_the_error_itself_still_fails():
    swallow, _ = _define(
        "def swallow():\n    try:\n        while True:\n            pass\n"
        "    except Exception:\n        return 1\n", "swallow")
    with pytest.raises(AssertionError, match="answer-too-slow"):
        fb.answer(swallow, what="swallow")
    with pytest.raises(fb.AnswerError, match="not run again"):
        fb.answer(swallow, what="swallow")


def test_inside_a_time_limit_block_the_block_stays_in_charge(monkeypatch):
    monkeypatch.setattr(_checks, "ANSWER_SECONDS", 1000.0)  # answer()'s own limit: 30 s
    count_up, _ = _define()
    start = time.monotonic()
    with pytest.raises(fb.AnswerError, match=r"✗ outer: expected an answer within 0.3 s"):
        with fb.time_limit(10, what="outer"):  # 0.3 s, scaled
            fb.answer(count_up, -1, what="count_up")
    assert time.monotonic() - start < 15
    # the block's firing is remembered as well
    with pytest.raises(fb.AnswerError, match="not run again"):
        fb.answer(count_up, -1, what="count_up")


def test_nested_blocks_leave_the_outer_limit_working():
    spin, _ = _define("def spin():\n    while True:\n        pass\n", "spin")
    double, _ = _define("def double(n):\n    return 2 * n\n", "double")
    start = time.monotonic()
    with pytest.raises(fb.AnswerError, match=r"✗ outer: expected an answer within 0.6 s"):
        with fb.time_limit(20, what="outer"):  # 0.6 s, scaled
            for _ in range(3):
                with fb.time_limit(1000, what="inner"):
                    assert fb.answer(double, 1) == 2
            assert signal.getitimer(signal.ITIMER_PROF)[0] > 0  # the outer timer is back
            with fb.time_limit(1000, what="inner"):
                spin()  # the outer one ends first: its limit and message
    assert time.monotonic() - start < 20
    with pytest.raises(fb.AnswerError, match=r"✗ inner: expected an answer within 0.3 s"):
        with fb.time_limit(1000, what="outer"):
            with fb.time_limit(10, what="inner"):
                spin()


def test_the_setting_scales_every_limit_and_a_bad_value_keeps_them(monkeypatch):
    monkeypatch.setenv(_checks.TIME_SCALE_ENV, "0.5")
    limit = fb.time_limit(8)
    assert (limit.seconds, limit.wall) == (4.0, 30.0)  # max(4 * 8, 60) s of wall-clock, halved
    for bad in ("", "soon", "0", "-1", "inf", "nan"):
        monkeypatch.setenv(_checks.TIME_SCALE_ENV, bad)
        assert _checks._time_scale() == 1.0
        assert fb.time_limit(8).seconds == 8.0
    # the wall-clock backstop of the default stays under nbgrader's 60-s cell timeout
    assert _checks.ANSWER_WALL_FACTOR * _checks.ANSWER_SECONDS < 60

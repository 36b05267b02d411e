"""widgets/_ahead.Ahead: every choice computed once, ahead, in one background thread."""

from __future__ import annotations

import threading
import time

import pytest

from responsible_ml.widgets._ahead import Ahead


def test_every_key_is_computed_once_ahead_and_given_values_are_kept():
    calls = []

    def compute(key):
        calls.append(key)
        return key * 10

    ahead = Ahead(compute, [1, 2, 3], given={1: "given"})
    ahead.thread.join(timeout=10)
    assert dict(ahead) == {1: "given", 2: 20, 3: 30}
    assert sorted(calls) == [2, 3]  # never twice, never a given key
    assert ahead.ready(3) and 4 not in ahead
    assert ahead[4] == 40 and calls.count(4) == 1  # a key not listed: computed when asked


def test_a_key_asked_for_early_is_computed_in_the_asking_thread_once():
    started = threading.Event()
    calls = []

    def compute(key):
        calls.append((key, threading.current_thread().name))
        if key == "slow":
            started.set()
            time.sleep(0.2)
        return key.upper()

    ahead = Ahead(compute, ["slow", "late"])
    started.wait(timeout=10)
    assert ahead["late"] == "LATE"  # waits for "slow", then computes "late" itself or finds it
    ahead.thread.join(timeout=10)
    assert sorted(k for k, _ in calls) == ["late", "slow"]


def test_an_error_ahead_is_raised_where_the_key_is_asked_for():
    def compute(key):
        raise ValueError(f"bad {key}")

    ahead = Ahead(compute, ["x"])
    ahead.thread.join(timeout=10)
    with pytest.raises(ValueError, match="bad x"):
        ahead["x"]


def test_no_thread_when_everything_is_given_or_background_is_off():
    assert Ahead(str, ["a"], given={"a": 1}).thread is None
    lazy = Ahead(str, [1], background=False)
    assert lazy.thread is None and not lazy.ready(1) and lazy[1] == "1"

"""The feedback helpers fail with teaching messages, and the trusted copy resists patching."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import responsible_ml.feedback as fb


def test_expect_close_passes_within_tolerance():
    fb.expect_close(0.3333333, 1 / 3, what="rate", rtol=1e-6)


def test_expect_close_message_names_expected_got_and_hint():
    with pytest.raises(fb.AnswerError) as err:
        fb.expect_close(0.5, 0.25, what="selection rate of group B", hint="divide by the group size")
    text = str(err.value)
    assert "selection rate of group B" in text and "0.25" in text and "0.5" in text
    assert "Hint: divide by the group size" in text
    assert isinstance(err.value, AssertionError)


def test_expect_close_rejects_non_numbers_with_a_message():
    with pytest.raises(fb.AnswerError, match="expected a number"):
        fb.expect_close("high", 0.2, what="rate")


def test_expect_close_nan_only_matches_nan():
    fb.expect_close(float("nan"), float("nan"), what="x")
    with pytest.raises(fb.AnswerError):
        fb.expect_close(0.0, float("nan"), what="x")


def test_expect_equal_and_true():
    fb.expect_equal("B", "B", what="group")
    with pytest.raises(fb.AnswerError, match="expected 'B', got 'A'"):
        fb.expect_equal("A", "B", what="group")
    with pytest.raises(fb.AnswerError, match="expected a bool"):
        fb.expect_type(1, bool, what="flag")
    with pytest.raises(fb.AnswerError, match="leakage"):
        fb.expect_true(False, what="no overlap", hint="leakage")


def test_expect_equal_on_arrays_does_not_crash():
    with pytest.raises(fb.AnswerError):
        fb.expect_equal(np.array([1, 2]), [1, 2], what="array")


def test_expect_mapping_close_names_the_missing_group():
    with pytest.raises(fb.AnswerError, match=r"Missing: \['C'\]"):
        fb.expect_mapping_close({"A": 0.1, "B": 0.2}, {"A": 0.1, "B": 0.2, "C": 0.3},
                                what="rates")
    with pytest.raises(fb.AnswerError, match=r"rates \[B\]"):
        fb.expect_mapping_close(pd.Series({"A": 0.1, "B": 0.25}), {"A": 0.1, "B": 0.2},
                                what="rates")
    fb.expect_mapping_close(pd.Series({"A": 0.1}), {"A": 0.1}, what="rates")


def test_expect_sequence_close():
    fb.expect_sequence_close(np.array([0.1, 0.2]), [0.1, 0.2], what="v")
    with pytest.raises(fb.AnswerError, match="2 values"):
        fb.expect_sequence_close([0.1], [0.1, 0.2], what="v")


def test_expect_frame_close_and_columns():
    exp = pd.DataFrame({"n": [3, 4], "rate": [0.5, 0.25]}, index=["a", "b"])
    fb.expect_frame_close(exp.iloc[::-1], exp, what="table")
    with pytest.raises(fb.AnswerError, match=r"table \[b, rate\]"):
        fb.expect_frame_close(exp.assign(rate=[0.5, 0.3]), exp, what="table")
    with pytest.raises(fb.AnswerError, match="Missing"):
        fb.expect_columns(exp[["n"]], ["n", "rate"], what="table")


def test_expect_frame_close_names_every_wrong_entry():
    # fresh review x02-r15 D2: a table wrong in two columns is not reported one column at a time; only the first
    # wrong entry's expected value is shown
    exp = pd.DataFrame({"fpr": [0.5, 0.25], "fnr": [0.2, 0.4]}, index=["a", "b"])
    with pytest.raises(fb.AnswerError) as err:
        fb.expect_frame_close(exp.assign(fpr=[0.1, 0.25], fnr=[0.3, 0.9]), exp, what="rates", hint="divide within")
    text = str(err.value)
    assert text.splitlines()[0].startswith("✗ rates: 3 entries are wrong, in the columns fpr, fnr: [a, fpr], [a, fnr], "
                                           "[b, fnr] (")
    assert text.splitlines()[1] == "✗ rates [a, fpr]: expected 0.5 (within 5e-07), got 0.1."
    assert "0.2" not in text and "0.4" not in text
    assert text.splitlines()[-1].startswith("[feedback id:") and "Hint: divide within" in text
    with pytest.raises(fb.AnswerError) as err:
        fb.expect_frame_close(exp.assign(fnr=[0.2, 0.9]), exp, what="rates")
    assert "entries are wrong" not in str(err.value) and "[b, fnr]" in str(err.value)


def test_answer_turns_the_stub_into_a_message():
    def stub():
        raise NotImplementedError()

    with pytest.raises(fb.AnswerError, match="not answered yet"):
        fb.answer(stub, what="accuracy")
    assert fb.answer(lambda x: x + 1, 1) == 2


def _decide(scores):
    raise NotImplementedError()


def _group_rates(scores):
    """A written answer that calls another question's blank answer."""
    return sum(_decide(scores))


def _t09_wrapper(scores):
    """A test cell's own wrapper around an answer: transparent."""
    return _decide(scores)


def _uses_a_library(values):
    """A written answer whose library call raises NotImplementedError."""
    raise NotImplementedError("this dtype is not supported")


def _deep(values):
    return _uses_a_library(values)


@pytest.mark.parametrize("checks", [pytest.param(lambda: fb, id="visible"),
                                    pytest.param(lambda: fb.trusted(), id="trusted")])
def test_answer_names_the_blank_answer_another_one_calls(checks):
    """Review x02-r9 D3: a written answer that calls a blank one is not "not answered yet"."""
    with pytest.raises(AssertionError) as err:  # the trusted copy raises its own AnswerError class
        checks().answer(_group_rates, [0.1], what="group_rates")
    msg = str(err.value)
    assert "not answered yet" in msg and "`_group_rates` calls `_decide`" in msg
    assert "group_rates: not answered yet" not in msg and "calls-unanswered" in msg
    # the answer's own stub, also behind a test wrapper or a lambda, is still "not answered yet"
    for func in (_decide, _t09_wrapper, lambda s: _decide(s)):
        with pytest.raises(AssertionError, match="decide: not answered yet"):
            checks().answer(func, [0.1], what="decide")


def test_answer_names_the_answer_not_a_stand_in_that_passed_the_call_on():
    """Review x03-r20 D2: a test's stand-in lent under the blank function's own name, which passes a call it does
    not know on to the trainee's blank function, is not the caller; nor does the message promise a lent one."""
    real = _decide

    def _decide_stand_in(scores):  # lent as `_decide`: hands this call on to the trainee's own
        return real(scores)

    _decide_stand_in.__code__ = _decide_stand_in.__code__.replace(co_name="_decide")

    def _gap(scores):
        return sum(_decide_stand_in(scores))

    with pytest.raises(fb.AnswerError) as err:
        fb.answer(_gap, [0.1], what="gap")
    msg = str(err.value)
    assert "`_gap` calls `_decide`" in msg and "`_decide` calls `_decide`" not in msg, msg
    assert "inside `_gap`" in msg and "lend" not in msg, msg


def test_answer_names_a_library_not_implemented_error():
    import types
    library = types.ModuleType("somelib")
    exec("def op(v):\n    raise NotImplementedError('not for this dtype')\n", library.__dict__)

    def rates(v):
        return library.op(v)

    with pytest.raises(fb.AnswerError, match=r"somelib\.op.*not for this dtype") as err:
        fb.answer(rates, [1], what="rates")
    assert "not answered yet" not in str(err.value)


class _LazyDict(dict):
    """Computes its values when a check reads them: after the shortcut guard has closed."""

    def __getitem__(self, key):
        return 0.25


@pytest.mark.parametrize("checks", [pytest.param(lambda: fb, id="visible"),
                                    pytest.param(lambda: fb.trusted(), id="trusted")])
@pytest.mark.parametrize("made", [
    pytest.param(lambda: _LazyDict(a=1), id="dict subclass"),
    pytest.param(lambda: {"gap": type("Late", (float,), {"__float__": lambda s: 0.1})(0.3)},
                 id="float subclass inside a dict"),
    pytest.param(lambda: (x for x in [1, 2]), id="generator"),
    pytest.param(lambda: map(float, "12"), id="map"),
    pytest.param(lambda: pd.Series([_LazyDict()], dtype=object), id="object Series"),
    pytest.param(lambda: (pd.DataFrame({"a": [1]}), [np.array([_LazyDict()], dtype=object)]),
                 id="object array in a tuple"),
])
def test_answer_refuses_values_that_run_notebook_code_when_read(checks, made):
    with pytest.raises(AssertionError, match=r"expected data.*\n.*after the shortcut guard"):
        checks().answer(made, what="gaps")


@pytest.mark.parametrize("value", [
    0.5, {"a": [1, (2.0, "x")]}, np.arange(3), np.array(["a", None], dtype=object),
    pd.DataFrame({"a": [1], "b": ["x"]}), pd.Series([1.0], index=pd.Index(["g"])),
    pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([("a", 1)])),
    pd.Categorical(["a"]), np.float64(0.1),
])
def test_answer_returns_data_unchanged(value):
    assert fb.answer(lambda: value) is value
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression()
    assert fb.answer(lambda: model) is model


def test_trusted_copy_survives_patching(monkeypatch):
    monkeypatch.setattr(fb, "expect_close", lambda *a, **k: None)
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    checks = fb.trusted()
    assert checks is not fb
    with pytest.raises(AssertionError):
        checks.expect_close(0.5, 0.25, what="rate")


def test_trusted_copy_ignores_patched_builtins(monkeypatch):
    import builtins
    import math

    monkeypatch.setattr(builtins, "abs", lambda x: 0)
    monkeypatch.setattr(math, "isnan", lambda x: True)
    checks = fb.trusted()
    with pytest.raises(AssertionError):
        checks.expect_close(0.5, 0.25, what="rate")
    with pytest.raises(AssertionError):
        checks.expect_close(float("nan"), 0.25, what="rate")
    checks.expect_close(0.25, 0.25, what="rate")


# --- Answers that try to compare themselves (always-equal objects and the like) ----------------

class _Truthy:
    """A truthy object that is not a bool: what a rigged comparison returns."""

    def __bool__(self):
        return True

    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = lambda self, other: _Truthy()


def _always(base):
    """A subclass of ``base`` that equals, is close to and lies within anything."""
    def yes(self, other=None):
        return True

    def me(self, *args):
        return self

    attrs = {"__eq__": yes, "__ne__": lambda s, o: False, "__hash__": base.__hash__,
             "__lt__": yes, "__le__": yes, "__gt__": yes, "__ge__": yes, "__bool__": yes,
             "__contains__": yes, "__sub__": me, "__rsub__": me, "__abs__": me, "__neg__": me}
    if base in (int, float):
        attrs["__float__"] = lambda s: ALWAYS_FLOAT
        attrs["__int__"] = lambda s: 0
    return type(f"Always{base.__name__.title()}", (base,), attrs)


ALWAYS_FLOAT = _always(float)(-1.0)


class _Spoof:
    """Claims to be a float/str/dict through ``__class__`` and compares equal to anything."""

    __class__ = property(lambda self: float)  # noqa: PLE0237
    __eq__ = lambda self, other: True  # noqa: E731
    __hash__ = object.__hash__

    def __float__(self):
        return ALWAYS_FLOAT


CHECKS = [pytest.param(lambda: fb, id="visible"), pytest.param(lambda: fb.trusted(), id="trusted")]


@pytest.mark.parametrize("checks", CHECKS)
@pytest.mark.parametrize(("got", "expected"), [
    (_always(str)("?"), "A t=0.50 m=0.10"),
    (_always(int)(7), 2),
    (_always(float)(9.0), 0.75),
    (_always(list)([0]), ["a", "c"]),
    (_always(tuple)(()), ("a",)),
    (_always(dict)(), {"spring": 1.5, "autumn": float("inf")}),
    ({"spring": _always(float)(0.0)}, {"spring": 1.5}),
    ([_always(str)("x")], ["a"]),
    (_Truthy(), True),
    (_Spoof(), 0.5),
    (np.float64(0.5).view(type("F64", (np.float64,), {"__eq__": lambda s, o: True})), 0.75),
])
def test_expect_equal_compares_the_value_not_the_answers_own_eq(checks, got, expected):
    with pytest.raises(AssertionError):
        checks().expect_equal(got, expected, what="answer")


@pytest.mark.parametrize("checks", CHECKS)
def test_a_subclass_holding_the_right_value_still_passes(checks):
    c = checks()
    c.expect_equal(_always(str)("B"), "B", what="label")
    c.expect_equal(_always(dict)({"a": 1}), {"a": 1}, what="table")
    c.expect_close(_always(float)(0.75), 0.75, what="rate")


@pytest.mark.parametrize("checks", CHECKS)
@pytest.mark.parametrize("got", [_always(float)(9.0), _always(int)(9), _Spoof(), _Truthy(),
                                 type("Num", (), {"__float__": lambda s: ALWAYS_FLOAT})()])
def test_expect_close_is_not_fooled_by_overridden_arithmetic(checks, got):
    with pytest.raises(AssertionError):
        checks().expect_close(got, 0.75, what="rate")


@pytest.mark.parametrize("checks", CHECKS)
def test_collections_of_always_equal_numbers_fail(checks):
    c = checks()
    always = _always(float)(9.0)
    with pytest.raises(AssertionError):
        c.expect_mapping_close(_always(dict)({"a": always}), {"a": 0.1}, what="rates")
    with pytest.raises(AssertionError):
        c.expect_sequence_close(_always(list)([always, always]), [0.1, 0.2], what="v")
    with pytest.raises(AssertionError, match="expected 2 values"):
        c.expect_sequence_close(type("L", (list,), {"__len__": lambda s: 2})([0.1]), [0.1, 0.2],
                                what="v")
    fake = type("FakeSeries", (), {"to_dict": lambda s: {"a": 0.1}, "tolist": lambda s: [0.1]})()
    with pytest.raises(AssertionError, match="a dict .* got a FakeSeries"):
        c.expect_mapping_close(fake, {"a": 0.1}, what="rates")
    with pytest.raises(AssertionError):
        c.expect_sequence_close(fake, [0.1], what="v")


@pytest.mark.parametrize("checks", CHECKS)
def test_truth_and_type_checks_use_the_real_type(checks):
    c = checks()
    with pytest.raises(AssertionError):
        c.expect_true(_Truthy(), what="the gate")
    with pytest.raises(AssertionError):
        c.expect_true(_always(str)(""), what="the gate")  # its __bool__ says True; it is ""
    with pytest.raises(AssertionError, match="expected a float"):
        c.expect_type(_Spoof(), float, what="the rate")
    c.expect_true(np.bool_(True), what="the gate")
    c.expect_type(np.float64(0.5), float, what="the rate")
    with pytest.raises(AssertionError, match=r"expected a bool, got a str"):   # not "a bool or bool"
        c.expect_type("yes", (bool, np.bool_), what="the verdict")


@pytest.mark.parametrize("checks", CHECKS)
def test_pandas_subclasses_and_lookalikes_are_refused(checks):
    c = checks()
    exp = pd.DataFrame({"n": [3, 4], "rate": [0.5, 0.25]}, index=["a", "b"])
    sub = type("Rigged", (pd.DataFrame,), {})(exp.assign(rate=[0.9, 0.9]))
    with pytest.raises(AssertionError, match="DataFrame"):
        c.expect_frame_close(sub, exp, what="table")
    series = type("RiggedSeries", (pd.Series,), {"to_dict": lambda s: {"a": 0.1}})([0.9], index=["a"])
    with pytest.raises(AssertionError):
        c.expect_mapping_close(series, {"a": 0.1}, what="rates")
    obj = exp.assign(rate=[_always(str)("x"), _always(str)("y")])  # object column
    with pytest.raises(AssertionError):
        c.expect_frame_close(obj, exp.assign(rate=["a", "b"]), what="table")


@pytest.mark.parametrize("checks", CHECKS)
def test_every_reasonable_type_of_a_right_answer_passes(checks):
    c = checks()
    c.expect_equal(np.bool_(False), False, what="flag")
    c.expect_equal(np.int64(2), 2, what="count")
    c.expect_equal(np.str_("a"), "a", what="label")
    c.expect_equal(1, 1.0, what="count as float")
    c.expect_equal({"a": np.float64(0.5), "b": [np.int64(1)]}, {"a": 0.5, "b": [1]}, what="dict")
    c.expect_equal(("a", "b"), ("a", "b"), what="pair")
    c.expect_equal(None, None, what="nothing")
    c.expect_close(np.float64(0.5), 0.5, what="rate")
    c.expect_close(np.int64(2), 2.0, what="int for float")
    c.expect_close(np.array([0.5]), 0.5, what="one-element array")
    c.expect_close(True, 1.0, what="bool")
    c.expect_mapping_close(pd.Series({"a": 0.1, "b": 0.2}), {"a": 0.1, "b": 0.2}, what="rates")
    c.expect_mapping_close({np.int64(0): np.float32(0.5)}, {0: 0.5}, what="rates", rtol=1e-6)
    c.expect_sequence_close((0.1, 0.2), [0.1, 0.2], what="tuple")
    c.expect_sequence_close((x / 10 for x in (1, 2)), [0.1, 0.2], what="generator")
    c.expect_sequence_close(range(2), [0, 1], what="range")
    c.expect_sequence_close(pd.Series([0.1, 0.2], index=[5, 3]), [0.1, 0.2], what="series")
    c.expect_sequence_close(np.array([0.1, 0.2]), np.array([0.1, 0.2]), what="array")
    exp = pd.DataFrame({"n": [3, 4], "rate": [0.5, 0.25]}, index=["a", "b"])
    c.expect_frame_close(exp.copy(), exp, what="table")
    c.expect_columns(exp, ["n"], what="table")


@pytest.mark.parametrize("checks", CHECKS)
def test_plain_gives_test_cells_the_value_held(checks):
    c = checks()
    nan = _always(float)(float("nan"))
    assert not nan != nan  # the answer's own != says "not NaN": a test asking it is fooled
    value = c.plain(nan)
    assert type(value) is float and value != value
    assert c.plain(_always(str)("no")) == "no" and "TPR" not in c.plain(_always(str)("no"))
    assert c.plain(np.array([[1, 2]])) == [[1, 2]]
    assert c.plain((np.bool_(True), {np.int64(1): [np.float64(0.5)]})) == (True, {1: [0.5]})
    with pytest.raises(AssertionError, match="object of type _Truthy"):
        c.plain([_Truthy()], what="the answer")


# ------------------------------------------------------------------ time_limit: computing time
def test_time_limit_stops_a_loop_that_computes_forever():
    import time

    from responsible_ml.feedback import AnswerError, time_limit

    start = time.monotonic()
    with pytest.raises(AnswerError, match=r"an answer within 0.3 s"):
        with time_limit(0.3, what="spin"):
            while True:
                pass
    assert time.monotonic() - start < 30


def test_time_limit_counts_computing_time_not_waiting(monkeypatch):
    # a loaded machine (a whole class graded at once) slows the wall clock, not the CPU time an
    # answer needs: waiting twice the limit is not computing
    import time

    from responsible_ml.feedback import _checks, time_limit

    monkeypatch.setattr(_checks, "_WALL_FLOOR", 0.0)
    with time_limit(0.3, what="wait"):
        time.sleep(0.6)


def test_time_limit_stops_a_block_that_only_waits_at_the_wall_clock_backstop(monkeypatch):
    import time

    from responsible_ml.feedback import AnswerError, _checks, time_limit

    monkeypatch.setattr(_checks, "_WALL_FLOOR", 0.0)
    start = time.monotonic()
    with pytest.raises(AnswerError, match=r"an answer within 0.2 s"):
        with time_limit(0.2, what="wait"):
            time.sleep(30)
    assert time.monotonic() - start < 5


def test_time_limit_gives_back_an_outer_alarm_and_handlers():
    import signal

    from responsible_ml.feedback import time_limit

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGALRM, signal.SIGPROF)}
    signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 100)
        with time_limit(5):
            pass
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 90 < left <= 100
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in before.items():
            signal.signal(sig, handler)

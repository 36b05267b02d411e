"""Checks that exercise test cells call so that a wrong answer gets a teaching message.

Every check raises :class:`AnswerError` (a subclass of ``AssertionError``, so nbgrader
counts it as a failed test) whose message says *what* was checked, what was expected,
what the answer gave, and a hint. The comparisons use plain Python arithmetic on
``float`` values rather than NumPy, so a submission that monkeypatches ``numpy.isclose``
or ``numpy.allclose`` does not change their verdict.

An answer is never trusted to compare itself: every check first turns it into plain
values (:func:`_plain`) with the built-in types' own methods (``float.__float__``,
``str.__str__``, ``dict.items`` …), so a subclass or an object whose ``__eq__``,
``__sub__``, ``__le__``, ``__bool__``, ``__float__``, ``__iter__`` or ``__class__`` says
what the check wants to hear is compared by the value it holds, or refused with a
message. NumPy numbers and arrays and pandas tables are read through their genuine types
(a subclass of a pandas table is refused), and the reference sits on the left of what
comparison remains.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "AnswerError",
    "answer",
    "plain",
    "expect_close",
    "expect_equal",
    "expect_true",
    "expect_type",
    "expect_columns",
    "expect_mapping_close",
    "expect_sequence_close",
    "expect_frame_close",
    "time_limit",
]

#: Message used when an answer still raises ``NotImplementedError`` (the nbgrader stub).
_NOT_ANSWERED = (
    "{what}: not answered yet. Replace `raise NotImplementedError()` in the answer cell "
    "with your code, run that cell, then run this test cell again.\n[feedback id: not-answered]"
)
#: Used when the stub that raised is not the answer's own: the answer calls another
#: question's function that is still blank (the answer itself is written).
_CALLS_UNANSWERED = (
    "{what}: `{caller}` calls `{callee}`, which is not answered yet (it still raises "
    "NotImplementedError), and this check ran your own `{callee}`: answer `{callee}` first, or "
    "compute what you need inside `{caller}`. The exercise's rules say which later questions may "
    "call an earlier one.\n[feedback id: calls-unanswered]"
)
#: Used when library code, not a stub, raised NotImplementedError inside the answer.
_LIBRARY_NOT_IMPLEMENTED = (
    "{what}: your code stopped with NotImplementedError raised in `{callee}` (library code): "
    "an operation it uses is not implemented for these inputs ({error}). Write that step "
    "another way.\n[feedback id: library-not-implemented]"
)
#: Names of the helpers a test cell wraps an answer in (``_t05_cf``, a lambda): the
#: answer's own frame is the first frame that is not one of them.
_TEST_WRAPPER = re.compile(r"_t\d+_|<lambda>$")
#: Template of every failure message.
_FAILED = "✗ {what}: expected {expected}, got {got}."
_HINT = "Hint: {hint}"
#: Last line of every failure message: a stable id of the mistake, which the class's
#: mistakes report (``python -m responsible_ml grade``) counts. Given as ``hint_id=`` or,
#: by default, made from ``what`` (lower case, words joined by ``-``, numbers dropped).
_MISTAKE_ID = "[feedback id: {id}]"


class AnswerError(AssertionError):
    """An answer that does not meet the expectation; the message teaches."""


#: Exact types whose values are compared as they are (their comparisons are the built-ins').
_SCALARS = frozenset({bool, int, float, complex, str, bytes, type(None), range})
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: set for classes made by a ``class`` statement
_NOT_PLAIN = ("Return plain values (str, int, float, bool, None, and lists, tuples, dicts "
              "or sets of them; NumPy numbers are fine), not an object of your own class or a "
              "subclass that changes how it compares.")


class _NotPlain(Exception):
    """The value is not made of plain values (its type is in ``args[0]``)."""


def _c_type(module_name: str, attr: str):
    """A C-defined type of a loaded module (a Python class put in its place is ignored)."""
    cls = getattr(sys.modules.get(module_name), attr, None)
    if isinstance(cls, type) and not cls.__flags__ & _HEAPTYPE:
        return cls
    return None


def _is_pandas(value, *names: str) -> bool:
    """``value``'s type is exactly one of pandas' classes ``names`` (no subclass)."""
    pd = sys.modules.get("pandas")
    return pd is not None and any(type(value) is getattr(pd, n, None) for n in names)


def _plain(value, *, arrays: bool = False, _depth: int = 0):
    """The answer as plain built-in values, read with the built-in types' own methods.

    A subclass of a built-in type becomes a value of the base type (so overriding
    ``__eq__``, ``__float__``, ``__str__``, ``__iter__``, … changes nothing); lists, tuples,
    dicts and sets are converted item by item; NumPy scalars become Python numbers (and,
    with ``arrays=True``, a NumPy array becomes nested lists). Anything else raises
    :class:`_NotPlain`: what it compares like is up to its own code.
    """
    t = type(value)
    if t in _SCALARS:
        return value
    if _depth > 100:
        raise _NotPlain(t)
    deeper = {"arrays": arrays, "_depth": _depth + 1}
    if issubclass(t, int):  # bool cannot be subclassed
        return int.__int__(value)
    if issubclass(t, float):  # numpy.float64 too
        return float.__float__(value)
    if issubclass(t, str):  # numpy.str_ too
        return str.__str__(value)
    if issubclass(t, complex):
        return complex.__complex__(value)
    if issubclass(t, bytes):
        return bytes.__bytes__(value)
    if issubclass(t, tuple):
        return tuple(_plain(v, **deeper) for v in tuple.__iter__(value))
    if issubclass(t, list):
        return [_plain(v, **deeper) for v in list.__iter__(value)]
    if issubclass(t, dict):
        return {_plain(k, **deeper): _plain(v, **deeper) for k, v in dict.items(value)}
    if issubclass(t, frozenset):
        return frozenset(_plain(v, **deeper) for v in frozenset.__iter__(value))
    if issubclass(t, set):
        return {_plain(v, **deeper) for v in set.__iter__(value)}
    generic = _c_type("numpy", "generic")
    if generic is not None and issubclass(t, generic):  # numpy.bool_, numpy.int64, ...
        return _plain(generic.item(value), **deeper)
    ndarray = _c_type("numpy", "ndarray")
    if arrays and ndarray is not None and t is ndarray:
        return _plain(ndarray.tolist(value), **deeper)
    raise _NotPlain(t)


def plain(value, *, what: str = "your answer", hint: str | None = None,
          hint_id: str | None = None):
    """The answer as plain Python values, for a test cell that computes with it.

    A test that compares or does arithmetic on an answer itself (``x != x``,
    ``"gap" in message``, ``abs(a - b) < 1e-9``) lets the answer's own methods decide;
    ``plain(x)`` first turns it into the value it holds, read with the built-in types' own
    methods, as every ``expect_…`` check does.

    Parameters
    ----------
    value : object
        The answer: a str/int/float/bool/None, a NumPy number or array, or a list, tuple,
        dict or set of these (subclasses included: they become their base type).
    what : str, default "your answer"
        Plain-words name of the answer, for the message.
    hint : str, optional
        What to check if it is not a plain value.
    hint_id : str, optional
        Stable id of the mistake; default :func:`_mistake_id` of `what`.

    Returns
    -------
    object
        The same value made of built-in types only (a NumPy array as nested lists).

    Raises
    ------
    AnswerError
        If `value` is (or contains) an object of another type.

    Examples
    --------
    >>> plain({"a": __import__("numpy").float64(0.5)})
    {'a': 0.5}
    """
    try:
        return _plain(value, arrays=True)
    except _NotPlain as err:
        _fail(what, "plain values", _kind(value, err), hint, extra=_NOT_PLAIN, hint_id=hint_id)


def _kind(value, err: _NotPlain | None = None) -> str:
    """The answer's type, and the type inside it that is not plain when that differs."""
    text = f"an object of type {type(value).__name__}"
    inner = err.args[0] if err is not None and err.args else type(value)
    return text if inner is type(value) else f"{text} holding an object of type {inner.__name__}"


def _label(value) -> str:
    """A row or column label as text (a label that is not a plain value shows its type)."""
    try:
        return str(_plain(value))
    except _NotPlain:
        return f"<{type(value).__name__}>"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def _fmt_pair(expected: Any, got: Any) -> tuple[str, str]:
    """Both values as :func:`_fmt` shows them, with as many more digits as two different floats
    need to look different (review x06-r18 D1: "expected 1.09022, got 1.09022")."""
    if type(expected) is float and type(got) is float and expected != got:
        for digits in range(6, 18):
            shown = f"{expected:.{digits}g}", f"{got:.{digits}g}"
            if shown[0] != shown[1]:
                return shown
        return repr(expected), repr(got)
    return _fmt(expected), _fmt(got)


def _mistake_id(what: str) -> str:
    """The default stable id of a check: its ``what`` without numbers, quotes or brackets.

    Parameters
    ----------
    what : str
        The check's plain-words name (``what`` of an ``expect_…`` function).

    Returns
    -------
    str
        Up to eight lower-case words joined by ``-`` (``"check"`` when none is left).
    """
    text = re.sub(r"\[.*?\]|\(.*?\)|'.*?'|`.*?`|\d+(\.\d+)?", " ", str(what).lower())
    words = re.findall(r"[a-z_]+", text)
    return "-".join(words[:8]) or "check"


def _fail(what: str, expected: Any, got: Any, hint: str | None, extra: str = "",
          hint_id: str | None = None) -> None:
    lines = [_FAILED.format(what=what, expected=expected, got=got)]
    if extra:
        lines.append(extra)
    if hint:
        lines.append(_HINT.format(hint=hint))
    lines.append(_MISTAKE_ID.format(id=hint_id or _mistake_id(what)))
    raise AnswerError("\n".join(lines))


_OWN_CODE = ("Return data: numbers, strings, lists, tuples, dicts, NumPy arrays or pandas "
             "objects. The checks read your answer after the shortcut guard has closed, so an "
             "object of a class written in the notebook (or a generator, map or filter) would "
             "run your code where no check can see it.")
_LIBRARY_ROOTS: list[str] = []


def _library_roots() -> list[str]:
    """Where installed code lives: the standard library, site-packages, this course library."""
    if not _LIBRARY_ROOTS:
        paths = sysconfig.get_paths()
        here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # responsible_ml/
        roots = {paths.get("stdlib"), paths.get("platstdlib"), paths.get("purelib"),
                 paths.get("platlib"), here}
        _LIBRARY_ROOTS.extend(os.path.realpath(r) + os.sep for r in roots if r)
    return _LIBRARY_ROOTS


def _library_class(cls: type) -> bool:
    """True for a class a library module defines: a module file under the installed code's
    roots, which holds this very class under its qualified name."""
    if not cls.__flags__ & _HEAPTYPE:
        return True                                   # a C type: no Python code in it
    name = vars(cls).get("__module__")
    module = sys.modules.get(name) if isinstance(name, str) and name != "__main__" else None
    path = vars(module).get("__file__") if isinstance(module, types.ModuleType) else None
    if not isinstance(path, str) or not any(os.path.realpath(path).startswith(r)
                                            for r in _library_roots()):
        return False
    found = module
    for part in type.__dict__["__qualname__"].__get__(cls, type).split("."):
        found = vars(found).get(part) if isinstance(found, (types.ModuleType, type)) else None
    return found is cls


def _own_code_in(value, *, _depth: int = 0, _seen=None, _budget=None, _types=None):
    """What in ``value`` would run notebook code when read, or None.

    Walks the containers a check reads (dicts, lists, tuples, sets, object arrays, pandas
    objects' values and labels); anything whose class (or a base class) is not defined by a
    library module, and any generator, ``map`` or ``filter``, is reported.
    """
    t = type(value)
    if t in _SCALARS:
        return None
    _seen = set() if _seen is None else _seen
    _budget = [1_000_000] if _budget is None else _budget
    _types = {} if _types is None else _types
    if id(value) in _seen or _depth > 100 or _budget[0] <= 0:
        return None
    _seen.add(id(value))
    _budget[0] -= 1
    if t in (types.GeneratorType, types.AsyncGeneratorType, types.CoroutineType, map, filter):
        return f"a {t.__name__} object (it runs code when it is read)"
    if t not in _types:
        _types[t] = all(_library_class(cls) for cls in t.__mro__)
    if not _types[t]:
        return f"an object of the class `{t.__name__}` defined in your notebook"
    items = []
    if issubclass(t, dict):
        for k, v in dict.items(value):
            items += [k, v]
    elif issubclass(t, (list, tuple, set, frozenset)):
        items = list({list: list.__iter__, tuple: tuple.__iter__, set: set.__iter__,
                      frozenset: frozenset.__iter__}[next(b for b in t.__mro__ if b in
                                                          (list, tuple, set, frozenset))](value))
    else:
        ndarray = _c_type("numpy", "ndarray")
        if ndarray is not None and isinstance(value, ndarray):
            if value.dtype.kind == "O":
                items = list(ndarray.ravel(value))
        elif _is_pandas(value, "DataFrame"):
            items = [value.index, value.columns] + [value.iloc[:, i].to_numpy(copy=False)
                                                    for i in range(value.shape[1])
                                                    if value.dtypes.iloc[i].kind == "O"]
        elif _is_pandas(value, "Series"):
            items = [value.index, value.to_numpy(copy=False)] if value.dtype.kind == "O" else [value.index]
        elif _is_pandas(value, "Index", "MultiIndex") and value.dtype.kind == "O":
            items = [value.to_numpy(copy=False)]
    for item in items:
        found = _own_code_in(item, _depth=_depth + 1, _seen=_seen, _budget=_budget, _types=_types)
        if found:
            return found
    return None


#: A block that waits without computing (``time.sleep``, ``input()``) is stopped after this
#: many times its limit of wall-clock time, and never sooner than the floor.
_WALL_FACTOR, _WALL_FLOOR = 4.0, 60.0
#: Computing (CPU) seconds :func:`answer` allows one call when no :func:`time_limit` block is
#: open, so that an answer that never ends fails its own check instead of running into the
#: grader's 60-s cell timeout in every test cell that calls it (and using up the submission's
#: 300-s budget: the later questions' cells would not run). The slowest reference call made
#: through ``answer()`` in any exercise, 05's ``rank_importances`` (permutation importance),
#: takes 0.44 s of CPU (0.87 s wall-clock) on a 2-core machine at load 8: this is 23 times
#: that (docs/instructor-guide.md, "Time limits of one answer").
ANSWER_SECONDS = 10.0
#: Wall-clock backstop of that default limit (an answer that waits: ``time.sleep``,
#: ``input()``), as a multiple of :data:`ANSWER_SECONDS`: 25 s, under the 60-s cell timeout.
ANSWER_WALL_FACTOR = 2.5
#: Environment variable holding a factor for every time limit of the checks (:func:`time_limit`
#: blocks and :func:`answer`'s own limit, with their wall-clock backstops): tests scale the
#: grader's limits down with it (tests/course/test_hang_budget.py). Unset: 1.
TIME_SCALE_ENV = "RML_TIME_SCALE"
_OUT_OF_TIME_HINT = ("look for a loop that never ends (a while loop whose condition never "
                     "changes, such as `n + 1` written for `n += 1`, or a loop over a list it "
                     "keeps adding to); these inputs are small")
_RAN_OUT_BEFORE = (
    "✗ {what}: `{name}` ran out of time in an earlier check, so it is not run again (each "
    "check would wait for it as long again, and the grader's time for your whole notebook is "
    "limited).\nHint: " + _OUT_OF_TIME_HINT + ". Fix `{name}`, run its cell again (that "
    "makes a new function, which is run normally), then run this check again.\n"
    "[feedback id: answer-too-slow-before]")


def _time_scale() -> float:
    """The factor in :data:`TIME_SCALE_ENV` when it is a positive number, else 1."""
    try:
        value = float(os.environ.get(TIME_SCALE_ENV, ""))
    except ValueError:
        return 1.0
    return value if 0 < value < float("inf") else 1.0


def _timewatch():
    # One record per process, shared with every trusted() copy of this module.
    import responsible_ml.feedback._timewatch as watch
    return watch


def _remember_hung(frame) -> None:
    """Record the function an open :func:`answer` call (or time limit) called, seen from ``frame``.

    Walks out from the frame that was running when the time ran out to the innermost open
    ``answer()`` call: the function that call ran (the first frame of the notebook's own code
    that is not a test wrapper) is remembered by its code object, so that a later
    ``answer()`` of the very same function fails at once.
    """
    watch = _timewatch()
    if not watch.CALLS:
        return
    call = watch.CALLS[-1]
    chain = []
    while frame is not None and frame is not call[0]:
        chain.append(frame)
        frame = frame.f_back
    if frame is None:  # not inside that call (the signal came between two calls)
        return
    for f in reversed(chain):
        if not _TEST_WRAPPER.match(f.f_code.co_name) and not _installed_code(f.f_code):
            watch.HUNG[id(f.f_code)] = f.f_code
            if call[1] is None:
                call[1] = f.f_code
            return


def _installed_code(code) -> bool:
    """True for code of the standard library, site-packages or this course library (not a
    notebook cell's: ``<ipython-input-…>``, ``/tmp/ipykernel_…/….py``)."""
    path = code.co_filename
    if not path or path.startswith("<") or not os.path.isabs(path):
        return False
    path = os.path.realpath(path)
    return any(path.startswith(root) for root in _library_roots())


class _TimeLimit:
    """Context manager behind :func:`time_limit` (a class: no generator frame to resume).

    Limits nest: an inner block's timers never outlast an outer one's (the outer block's
    handler stays in charge of whatever fires first), and leaving the inner block gives the
    outer one back what is left of its time.
    """

    def __init__(self, seconds: float, what: str, wall: float | None = None):
        scale = _time_scale()
        wall = max(_WALL_FACTOR * float(seconds), _WALL_FLOOR) if wall is None else float(wall)
        self.seconds, self.wall, self.what = float(seconds) * scale, wall * scale, what
        self.fired = False

    def _expired(self, signum, frame):
        self.fired = True
        _remember_hung(frame)
        _fail(self.what, f"an answer within {self.seconds:g} s", "it was still running",
              _OUT_OF_TIME_HINT, hint_id="answer-too-slow")

    def __enter__(self):
        import signal
        import threading
        import time
        self._on = (hasattr(signal, "setitimer")
                    and threading.current_thread() is threading.main_thread())
        if self._on:
            self._start, self._cpu = time.monotonic(), time.process_time()
            self._previous = {sig: signal.getsignal(sig)
                              for sig in (signal.SIGPROF, signal.SIGALRM)}
            self._outer = {which: signal.getitimer(which)
                           for which in (signal.ITIMER_PROF, signal.ITIMER_REAL)}
            # Computing time (the process's CPU time), so that a loaded machine -- a whole
            # class graded at once -- does not fail a correct answer; wall-clock time as a
            # backstop for a block that waits. Each fires again every half second: an answer
            # that catches the first error in a loop of its own (``except Exception``) is
            # stopped at the next firing it does not catch. An outer limit that ends sooner
            # keeps its own time and handler.
            for which, sig, mine in ((signal.ITIMER_PROF, signal.SIGPROF, self.seconds),
                                     (signal.ITIMER_REAL, signal.SIGALRM, self.wall)):
                left, interval = self._outer[which]
                handler, repeat = self._expired, 0.5
                if 0 < left <= mine and callable(self._previous[sig]):
                    mine, handler, repeat = left, self._previous[sig], interval
                signal.signal(sig, handler)
                signal.setitimer(which, mine, repeat)
            _timewatch().ACTIVE.append(self)
        return self

    def __exit__(self, *exc):
        if self._on:
            import signal
            import time
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)
            used = {signal.ITIMER_PROF: time.process_time() - self._cpu,
                    signal.ITIMER_REAL: time.monotonic() - self._start}
            for which, (left, interval) in self._outer.items():
                if left > 0:  # a timer an outer block (or someone else) had set: what is left of it
                    signal.setitimer(which, max(left - used[which], 0.001), interval)
            active = _timewatch().ACTIVE
            if self in active:
                active.remove(self)
        return False


def time_limit(seconds: float, *, what: str = "your answer") -> _TimeLimit:
    """Fail the check if the code in the ``with`` block runs longer than ``seconds``.

    A test cell that calls an answer inside ``with time_limit(10, what=...):`` fails on its
    own, with a message, when the answer hangs, so that one answer cannot use up the time
    of the whole submission and cost later questions their points. (:func:`answer` has a
    limit of its own, :data:`ANSWER_SECONDS`, where no block is open.) Blocks nest: an
    inner one never outlasts the outer one.

    Parameters
    ----------
    seconds : float
        The computing (CPU) time allowed for the block, so that a loaded machine does not
        fail a correct answer. A block that waits without computing is stopped after
        ``max(4 * seconds, 60)`` seconds of wall-clock time.
    what : str
        What is being run, for the message.

    Returns
    -------
    context manager
        It raises :class:`AnswerError` in the block once the time is up. Outside the main
        thread, or where the platform has no ``signal.setitimer``, it does nothing.
    """
    return _TimeLimit(seconds, what)


def _called_code(func, _depth: int = 0) -> list:
    """The code objects an :func:`answer` call of ``func`` runs first: its own and, for a test
    wrapper (``_tNN_...``, a lambda), those of the functions the wrapper names (globals it
    reads, variables it closes over)."""
    import functools
    while isinstance(func, functools.partial):
        func = func.func
    func = getattr(func, "__func__", func)  # a bound method
    code = getattr(func, "__code__", None)
    if not isinstance(code, types.CodeType):
        return []
    found = [code]
    if _depth < 2 and _TEST_WRAPPER.match(code.co_name):
        for cell in getattr(func, "__closure__", None) or ():
            try:
                target = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if isinstance(target, types.FunctionType) and target is not func:
                found.extend(_called_code(target, _depth + 1))
        globs = getattr(func, "__globals__", {})
        codes = [code]
        while codes:
            c = codes.pop()
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
            for name in c.co_names:
                target = globs.get(name) if isinstance(globs, dict) else None
                if isinstance(target, types.FunctionType) and target is not func:
                    found.extend(_called_code(target, _depth + 1))
    return found


def answer(func, *args, what: str = "your answer", **kwargs):
    """Call a trainee's function, turning the nbgrader stub into a friendly message.

    "Not answered yet" only when the ``NotImplementedError`` comes from the answer's own
    stub; a written answer that calls another, still blank answer is told which one.

    The call has :data:`ANSWER_SECONDS` of computing time (a wall-clock backstop of
    :data:`ANSWER_WALL_FACTOR` times that) unless a :func:`time_limit` block is already open,
    which then stays in charge. A function that ran out of time is remembered (its code
    object): a later ``answer()`` of the very same function fails at once, with a message,
    instead of using up the time again; a function defined anew (its cell run again) runs.

    Parameters
    ----------
    func : callable
        The trainee's function.
    *args, **kwargs
        Passed on to ``func``.
    what : str
        What the answer is, for the message.

    Returns
    -------
    object
        Whatever ``func`` returns, once it is checked to be data: an object whose reading
        would run notebook code (a class defined in the notebook, a generator) fails here,
        while the shortcut guard around the call is still open.
    """
    watch = _timewatch()
    hung = next((c for c in _called_code(func) if watch.HUNG.get(id(c)) is c), None)
    if hung is not None:
        raise AnswerError(_RAN_OUT_BEFORE.format(what=what, name=hung.co_name))
    call = [sys._getframe(0), None]
    watch.CALLS.append(call)
    try:
        if watch.ACTIVE:  # an open time_limit block stays in charge
            result = func(*args, **kwargs)
        else:
            with _TimeLimit(ANSWER_SECONDS, what, wall=ANSWER_WALL_FACTOR * ANSWER_SECONDS):
                result = func(*args, **kwargs)
    except NotImplementedError as err:
        raise AnswerError(_not_implemented_message(err, what)) from None
    finally:
        if call in watch.CALLS:
            watch.CALLS.remove(call)
    if call[1] is not None:  # the time ran out, and the answer caught the error itself
        _fail(what, "an answer within the time limit", "it was still running when the time ran "
              "out (and it caught the error that stopped it)", _OUT_OF_TIME_HINT,
              hint_id="answer-too-slow")
    own = _own_code_in(result)
    if own:
        _fail(what, "data", own, None, extra=_OWN_CODE, hint_id="answer-runs-own-code")
    return result


def _not_implemented_message(err: BaseException, what: str) -> str:
    """Say who raised ``err``: the answer's own stub, a blank answer it calls, or a library.

    The traceback starts at :func:`answer`'s own frame; the answer's frame is the first
    after it that is not a test wrapper (``_tNN_...``, a lambda). "Not answered yet" only
    when the innermost frame, where ``NotImplementedError`` was raised, is that frame.
    """
    frames = []
    tb = err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    frames = frames[1:]  # answer()'s own frame
    own = next((f for f in frames if not _TEST_WRAPPER.match(f.f_code.co_name)), None)
    inner = frames[-1] if frames else None
    if own is None or inner is own:
        return _NOT_ANSWERED.format(what=what)
    if inner.f_globals is own.f_globals:  # a function of the notebook: another answer, still blank
        # The caller is the nearest notebook frame above the stub that is not a test wrapper nor a
        # test's stand-in lent under the stub's own name that passed the call on to it (review
        # x03-r20 D2: the message read "`metrics_by_subgroup` calls `metrics_by_subgroup`").
        callee = inner.f_code.co_name
        callers = [f for f in frames[frames.index(own):-1]
                   if f.f_globals is own.f_globals and f.f_code.co_name != callee
                   and not _TEST_WRAPPER.match(f.f_code.co_name)]
        caller = callers[-1].f_code.co_name if callers else own.f_code.co_name
        return _CALLS_UNANSWERED.format(what=what, caller=caller, callee=callee)
    module = inner.f_globals.get("__name__", "?")
    return _LIBRARY_NOT_IMPLEMENTED.format(what=what, callee=f"{module}.{inner.f_code.co_name}",
                                           error=str(err) or "no message")


def _as_float(value: Any, what: str, hint: str | None, hint_id: str | None = None) -> float:
    t = type(value)
    if t is float:
        return value
    ndarray = _c_type("numpy", "ndarray")
    if ndarray is not None and t is ndarray and value.size == 1:
        value = ndarray.item(value)  # a 0-d or one-element array, read by NumPy itself
    exact = [getattr(sys.modules.get(m), c, None) for m, c in (("fractions", "Fraction"),
                                                               ("decimal", "Decimal"))]
    try:
        plain = value if type(value) in exact else _plain(value)
        if type(plain) is complex:
            raise TypeError
        result = float(plain)
    except _NotPlain:
        _fail(what, "a number", _kind(value), hint, extra=_NOT_PLAIN, hint_id=hint_id)
    except (TypeError, ValueError):
        _fail(what, "a number", f"{_fmt(plain)} (of type {type(value).__name__})", hint,
              hint_id=hint_id)
    if type(result) is not float:  # e.g. a Fraction subclass's __float__
        _fail(what, "a number", _kind(value), hint, extra=_NOT_PLAIN, hint_id=hint_id)
    return result


def _abs(x: float) -> float:
    # Plain comparison, not the builtin: a submission can rebind ``builtins.abs``.
    return x if x >= 0 else -x


def _isnan(x: float) -> bool:
    return x != x  # NaN is the only float not equal to itself


def _close(got: float, expected: float, rtol: float, atol: float) -> bool:
    if _isnan(expected):
        return _isnan(got)
    if _isnan(got):
        return False
    return _abs(got - expected) <= atol + rtol * _abs(expected)


def expect_close(got, expected, *, what: str, hint: str | None = None, hint_id: str | None = None,
                 rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Check that a number is close to the expected one.

    Parameters
    ----------
    got, expected : float
        The answer and the reference value.
    what : str
        Plain-words name of the quantity ("selection rate of group B").
    hint : str, optional
        What to check if it is wrong.
    rtol, atol : float
        Relative and absolute tolerance: ``|got - expected| <= atol + rtol * |expected|``.
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.
    """
    g = _as_float(got, what, hint, hint_id)
    e = _as_float(expected, "the reference value", None)
    if not _close(g, e, rtol, atol):
        tol = f" (within {atol + rtol * _abs(e):.2g})" if (rtol or atol) else ""
        shown_e, shown_g = _fmt_pair(e, g)
        _fail(what, f"{shown_e}{tol}", shown_g, hint, hint_id=hint_id)


def expect_equal(got, expected, *, what: str, hint: str | None = None, hint_id: str | None = None) -> None:
    """Check exact equality (for labels, counts, names, booleans).

    Parameters
    ----------
    got : object
        The answer.
    expected : object
        The reference value; compared with ``expected == got`` after both are turned into
        plain values (a subclass of ``str``, ``int``, ``float``, ``list``, ``dict``… by the
        value it holds; NumPy numbers as Python numbers).
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If `got` does not equal `expected` (a comparison that fails counts as unequal),
        or is not made of plain values.
    """
    try:
        ref = _plain(expected)
    except _NotPlain:
        ref = None
    try:
        mine = _plain(got)
    except _NotPlain as err:
        _fail(what, _fmt(expected), _kind(got, err), hint, extra=_NOT_PLAIN, hint_id=hint_id)
    if ref is None and expected is not None:
        # A reference that is not a plain value: the same exact type, the reference on the left.
        try:
            same = type(got) is type(expected) and (expected == got) is True
        except Exception:  # noqa: BLE001 - e.g. ambiguous truth value of an array
            same = False
    else:
        same = (ref == mine) is True
    if not same:
        _fail(what, *_fmt_pair(ref if ref is not None else expected, mine), hint, hint_id=hint_id)


def expect_true(condition, *, what: str, hint: str | None = None, hint_id: str | None = None,
                expected: str = "True", got: Any = None) -> None:
    """Check a condition; ``expected``/``got`` describe it in the message.

    Parameters
    ----------
    condition : object
        What must hold (its truth value is checked).
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.
    expected : str, default "True"
        What was expected, for the message.
    got : object, optional
        What was found instead, for the message ("something else" when omitted).

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If `condition` is false, or is not a plain value (an object whose own
        ``__bool__`` would decide).
    """
    try:
        holds = bool(_plain(condition))
    except _NotPlain:
        holds = False
    if not holds:
        try:
            shown = _fmt(_plain(got)) if got is not None else "something else"
        except _NotPlain:
            shown = _kind(got)
        _fail(what, expected, shown, hint, hint_id=hint_id)


def expect_type(got, types, *, what: str, hint: str | None = None, hint_id: str | None = None) -> None:
    """Check the type of an answer (``types`` as for ``isinstance``).

    Parameters
    ----------
    got : object
        The answer.
    types : type or tuple of type
        The accepted type(s).
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If `got` is not an instance of `types` (by its real type: a ``__class__`` that
        claims another type is not believed).
    """
    if not issubclass(type(got), types):
        names = (
            " or ".join(dict.fromkeys(t.__name__ for t in types))  # np.bool_ is also "bool"
            if isinstance(types, tuple) else types.__name__
        )
        _fail(what, f"a {names}", f"a {type(got).__name__}", hint, hint_id=hint_id)


def expect_columns(frame, columns: Iterable[str], *, what: str, hint: str | None = None, hint_id: str | None = None) -> None:
    """Check that a table has (at least) the given columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The answer (anything but a pandas DataFrame counts as having no columns).
    columns : iterable of str
        The columns it must have.
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If a column is missing (the message lists them).
    """
    have = [_label(c) for c in frame.columns.tolist()] if _is_pandas(frame, "DataFrame") else []
    missing = [c for c in columns if c not in have]
    if missing:
        _fail(what, f"columns {list(columns)}", f"columns {have}", hint,
              extra=f"Missing: {missing}.", hint_id=hint_id)


def expect_mapping_close(got: Mapping, expected: Mapping, *, what: str, hint: str | None = None, hint_id: str | None = None,
                         rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Check a dict (or Series) of numbers key by key: same keys, close values.

    A missing or extra key (for example a forgotten group) is reported by name. Every key is
    checked: the message shows the first wrong one with its expected value and names every other
    wrong key, without its value.

    Parameters
    ----------
    got : mapping or pandas.Series
        The answer, keyed by group (keys compared as text).
    expected : mapping or pandas.Series
        The reference numbers.
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.
    rtol, atol : float, default 1e-6 and 1e-9
        Relative and absolute tolerance: ``|got - expected| <= atol + rtol * |expected|``.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If `got` is not a mapping, its keys differ from `expected`'s, or a value is not
        close.
    """
    answer_type = type(got).__name__
    if _is_pandas(got, "Series"):
        got = got.to_dict()
    try:
        got = _plain(got)
    except _NotPlain:
        got = _NotPlain
    if type(got) is not dict:
        _fail(what, "a dict (or Series) keyed by group", f"a {answer_type}", hint,
              extra=_NOT_PLAIN if got is _NotPlain else "", hint_id=hint_id)
    exp = dict(expected.to_dict() if hasattr(expected, "to_dict") else expected)
    got_keys = {str(k): k for k in got}
    exp_keys = {_label(k): k for k in exp}
    missing = sorted(set(exp_keys) - set(got_keys))
    extra = sorted(set(got_keys) - set(exp_keys))
    if missing or extra:
        _fail(what, f"keys {sorted(exp_keys)}", f"keys {sorted(got_keys)}", hint,
              extra=(f"Missing: {missing}. " if missing else "") + (f"Unexpected: {extra}." if extra else ""), hint_id=hint_id)
    # Every key is checked (review x01-r13 D3, as expect_frame_close since x02-r15 D2): the first line
    # names every wrong key, and the first wrong one is explained with its expected value.
    first, wrong = None, []
    for key in sorted(exp_keys):
        try:
            expect_close(got[got_keys[key]], exp[exp_keys[key]], what=f"{what} [{key}]",
                         hint=hint, rtol=rtol, atol=atol, hint_id=hint_id)
        except AnswerError as err:
            first = first or err
            wrong.append(key)
    if first is not None and len(wrong) > 1:
        raise AnswerError(
            f"✗ {what}: {len(wrong)} entries are wrong: " + ", ".join(f"[{k}]" for k in wrong[:20])
            + (f" and {len(wrong) - 20} more" if len(wrong) > 20 else "")
            + " (the first is explained below; the expected values of the others are not shown).\n" + str(first))
    if first is not None:
        raise first


def expect_sequence_close(got: Sequence, expected: Sequence, *, what: str,
                          hint: str | None = None, hint_id: str | None = None, rtol: float = 1e-6,
                          atol: float = 1e-9) -> None:
    """Check a list/array of numbers element by element (same length, close values).

    Parameters
    ----------
    got : sequence or array of float
        The answer.
    expected : sequence or array of float
        The reference numbers.
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.
    rtol, atol : float, default 1e-6 and 1e-9
        Relative and absolute tolerance: ``|got - expected| <= atol + rtol * |expected|``.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If the lengths differ or a value is not close.
    """
    g = _as_list(got)
    if g is None:
        _fail(what, f"{len(expected)} values", _kind(got), hint,
              extra="Return a list, a tuple, a NumPy array or a pandas Series of numbers.",
              hint_id=hint_id)
    e = list(expected.tolist() if hasattr(expected, "tolist") else expected)
    if len(g) != len(e):
        _fail(what, f"{len(e)} values", f"{len(g)} values", hint, hint_id=hint_id)
    for i, (a, b) in enumerate(zip(g, e, strict=True)):
        expect_close(a, b, what=f"{what} [position {i}]", hint=hint, rtol=rtol, atol=atol, hint_id=hint_id)


_ITERATORS = (range, map, filter, zip, type(x for x in ()))


def _as_list(value) -> list | None:
    """A list, tuple, NumPy array or pandas Series/Index as a plain list (else None)."""
    if _is_pandas(value, "Series", "Index", "RangeIndex"):
        value = value.tolist()
    elif type(value) in _ITERATORS:  # a generator, map(...), range(...): iterated by Python
        value = list(value)
    try:
        plain = _plain(value, arrays=True)
    except _NotPlain:
        return None
    return list(plain) if type(plain) in (list, tuple) else None


def expect_frame_close(got, expected, *, what: str, hint: str | None = None, hint_id: str | None = None,
                       rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Check a DataFrame against a reference: same index, same columns, close numbers.

    Numbers are compared with tolerance, other values exactly; row labels are compared as
    text, in any order. Every entry is checked: the message shows the first wrong one with
    its expected value and names every other wrong entry and column, without their values.

    Parameters
    ----------
    got : pandas.DataFrame
        The answer.
    expected : pandas.DataFrame
        The reference table.
    what : str
        Plain-words name of the answer checked, used in the message.
    hint : str, optional
        What to check if it is wrong (shown after the message).
    hint_id : str, optional
        Stable id of the mistake (the message's last line); default :func:`_mistake_id`
        of `what`.
    rtol, atol : float, default 1e-6 and 1e-9
        Relative and absolute tolerance: ``|got - expected| <= atol + rtol * |expected|``.

    Returns
    -------
    None

    Raises
    ------
    AnswerError
        If `got` is not a DataFrame, misses a column, has other rows, or a value differs.
    """
    if not _is_pandas(got, "DataFrame"):
        _fail(what, "a DataFrame", f"a {type(got).__name__}", hint,
              extra="Return a pandas DataFrame (not a subclass of it)." if hasattr(got, "columns") else "",
              hint_id=hint_id)
    expect_columns(got, [str(c) for c in expected.columns], what=what, hint=hint, hint_id=hint_id)
    g_index = [_label(i) for i in got.index.tolist()]
    e_index = [str(i) for i in expected.index.tolist()]
    if sorted(g_index) != sorted(e_index):
        _fail(what, f"rows {e_index}", f"rows {g_index}", hint, hint_id=hint_id)
    g_pos = {k: i for i, k in enumerate(g_index)}
    # Every entry is checked (review x02-r15 D2): every wrong entry and column is named, and the first wrong one
    # explained with its expected value, so that a table wrong in two columns is not reported one column at a time.
    first, wrong = None, []
    for col in expected.columns:
        g_col = got[col].tolist()
        for i, key in enumerate(e_index):
            exp_v = expected[col].tolist()[i]
            got_v = g_col[g_pos[key]]
            try:
                if isinstance(exp_v, (int, float)) and not isinstance(exp_v, bool):
                    expect_close(got_v, exp_v, what=f"{what} [{key}, {col}]", hint=hint,
                                 rtol=rtol, atol=atol, hint_id=hint_id)
                else:
                    expect_equal(got_v, exp_v, what=f"{what} [{key}, {col}]", hint=hint, hint_id=hint_id)
            except AnswerError as err:
                first = first or err
                wrong.append((key, str(col)))
    if first is not None and len(wrong) > 1:
        columns = list(dict.fromkeys(c for _, c in wrong))
        raise AnswerError(
            f"✗ {what}: {len(wrong)} entries are wrong, in the column{'s' if len(columns) > 1 else ''} "
            + ", ".join(columns) + ": " + ", ".join(f"[{k}, {c}]" for k, c in wrong[:20])
            + (f" and {len(wrong) - 20} more" if len(wrong) > 20 else "")
            + " (the first is explained below; the expected values of the others are not shown).\n" + str(first))
    if first is not None:
        raise first

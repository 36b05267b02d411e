"""Keep library shortcuts out of an answer while a graded test runs it.

A question such as "compute k by hand" is not answered by calling
``responsible_ml.privacy.k_anonymity``. Patching that name while the test runs is not
enough: an answer cell can keep a reference taken at import time, copy the function's
code object, reach it through ``sys.modules``/``importlib``/``getattr`` or re-``exec`` its
source. :func:`no_shortcuts` therefore does not look at names at all. It records, with
CPython's C profiler (``_lsprof``, the engine of :mod:`cProfile`), every function that
actually *runs* inside the ``with`` block and, when the block ends, fails if any of them

* is defined in a blocked module or package (by the file its code was compiled from, so a
  saved reference, a copied ``__code__`` or a function reached by any route is caught),
* is a blocked function (by file and qualified name), or
* has the instructions and names of a blocked function (its source re-compiled elsewhere,
  under any file or function name, by ``exec``, ``compile`` or ``types.FunctionType``;
  the blocked package's files are compiled, never run, for this, so a copy pasted
  unchanged is caught whether or not the notebook imported the package), or
* is an *edited* copy of a blocked function of some size: code that is not the library's
  own (a notebook cell, an ``exec``/``compile`` string, a module the notebook wrote)
  whose instruction tokens (operations with the attribute and builtin names they use; no
  constants, local or module-level names, or positions, so ``import numpy as numpy_`` or a
  renamed helper changes nothing) hold at least 80 % of the library function's
  5-token shingles, counted as containment, so lines added around or inside the copy do
  not help. Only library functions of at least 30 tokens and 40 distinctive shingles
  count (shingles shared by more than 20 functions of a package are idioms, not
  evidence). Residuals: a copy rewritten throughout (a statement inserted between every
  two lines, statements reordered, expressions restated), or split across several
  functions of the answer, each holding less than 80 %, is not caught; so a question must
  still not ask for what one library function already computes. The index is built once
  per process, when a guard first needs it (about 2 s for all eleven packages the course
  blocks, on a busy machine), and kept in :mod:`_threadwatch`, where an answer could also
  overwrite it; each check then adds a few tens of milliseconds,

unless it ran inside an explicitly allowed function. A compiled Cython function (pandas'
``rank_1d``) never shows in the profiler: named as blocked, it is swapped, while the block
runs, for a Python stand-in that calls it (in its module and wherever a dict, list, cell,
function default or ``functools.partial`` the garbage collector knows holds it), and the
stand-in's calls are judged as the function's. So is every other handle on the same compiled
code made before the check (review x05-r12 S1): a fused function's specialisations
(``__signatures__`` values, ``f["int64_t", "float64_t"]``), a ``__wrapped__`` function and a bound form
(``f.__call__``, a ufunc's ``outer``), each swapped for a stand-in of its own where the notebook
holds it. A dict that a compiled function holds in a C slot (a fused function's ``__signatures__``)
is never edited: Cython's dispatch reads its values as fused functions without a type check, so a
Python stand-in there crashed the interpreter (task x05y). Where the notebook holds such a dict
itself, a copy with the stand-ins is swapped in instead; and the answer's own code reaching
``__signatures__`` inside a check that blocks a compiled function fails with a message of its own.
It also fails when the answer
switches the profiler off or starts a thread or a process (where the profiler cannot
follow), and when a thread or a child process that the notebook started before the check
is still alive (it could compute what the answer only hands over to it). The check is by detection, not prevention: a blocked function still runs, but
the block raises :class:`ShortcutError` afterwards however the answer caught or hid the
error, so the question scores 0 with a message that says why.

An object *built* by the course library before the check (``case_study_model()`` at cell
time, then cloned or fitted inside the answer) ran no library code inside the block. The
library's model builders therefore mark what they return (:mod:`responsible_ml._built`): each
estimator is an instance of a private subclass whose ``fit`` and ``fit_transform`` run code from
that module, which a guard that blocks ``responsible_ml`` catches (also on a clone, a deep copy,
a reused step, ``type(est)(**est.get_params())`` and after instance attributes are deleted).
Residual: new estimators of the scikit-learn classes made from its parameters, and
a model fitted before the check and only used (``predict``) inside it.

The test cells' own code is no answer either (review x03-r18 S1): a hidden test cell that defines
its reference helper before it calls the trainee's function left it in the notebook's namespace,
where ``globals()`` finds it. Every check records the cell that entered it (the notebook frames on
the stack at ``__enter__``; their file name is the cell's: ``<grade_id>`` in
:func:`responsible_ml.course.run_notebook_cells`, ipykernel's ``/tmp/ipykernel_…/….py`` under
nbgrader), and fails when a function compiled from a recorded cell ran on behalf of the answer
(a caller chain through library code reaches the answer's own code), however the answer found
it. A test function the check lends the answer on purpose (a correct stand-in bound in the
notebook under its own public name, such as ``metrics_by_subgroup``) is allowed.

Hidden tests use the copy returned by :func:`responsible_ml.feedback.trusted`, which
loads this file anew, so rebinding ``no_shortcuts`` in a submission changes nothing.
"""

from __future__ import annotations

import _imp
import dis
import functools
import gc
import importlib
import importlib.machinery
import importlib.util
import inspect
import marshal
import os
import re
import sys
import sysconfig
import threading
import types

import responsible_ml.feedback._threadwatch as _threadwatch

__all__ = ["no_shortcuts"]

#: Message when an answer ran a function the question asks the trainee to write.
_SHORTCUT = (
    "✗ {what}: this question asks you to compute it yourself; `{name}` is not available "
    "here (your answer ran it, from {where}). Write the computation with {tools}.\n"
    "[feedback id: shortcut:{name}]"
)
#: Message when an answer hid its work from the check (profiler off, threads, processes).
_OUTSIDE_THE_CHECK = (
    "✗ {what}: your answer {how} while it was being checked, so the check cannot see what "
    "it computed. Compute the answer directly in your function.\n[feedback id: outside-the-check]"
)
#: Message when a child process the notebook started was alive during the check.
_OTHER_PROCESS = (
    "✗ {what}: a process that this notebook started was running while your answer was being "
    "checked ({pids}), so the check cannot see what it computed; graded answers run in this "
    "kernel only. End that process before the check (`proc.terminate(); proc.wait()`, "
    "`pool.close(); pool.join()`, or restart the kernel) and compute the answer directly in "
    "your function.\n[feedback id: outside-the-check]"
)
#: Message when the answer's own code reaches a compiled function's specialisations (task x05y).
_COMPILED_CORE = (
    "✗ {what}: this question asks you to compute it yourself; your answer reaches `__signatures__`, "
    "the compiled specialisations of a library function, which run that library's compiled core. "
    "Write the computation with {tools}.\n[feedback id: shortcut:__signatures__]"
)
#: Message when the answer ran a test cell's own code (review x03-r18 S1).
_TEST_CODE = (
    "✗ {what}: this question asks you to compute it yourself; your answer ran `{name}`, code of this "
    "notebook's test cells (the tests' names start with `_t` and a number), which computes what the test "
    "expects. Reading the test's names from `globals()`, `vars()`, `sys.modules['__main__']` or a frame is "
    "not an answer: work the result out from your function's arguments with {tools}.\n"
    "[feedback id: shortcut:test-cell-code]"
)
_NO_PROFILER = ("✗ the shortcut check cannot run: the C profiler is missing or was replaced. "
                "[feedback id: outside-the-check]")
#: Exempt in every guard: the course's argument checks (``check_binary`` …), which compute no
#: answer, and the private helpers of their module when only they call them. Not the module's
#: other functions (``within``, ``exceeds``, ``is_placeholder`` compute what a question may ask).
_VALIDATORS = tuple(f"responsible_ml._validation.{name}" for name in (
    "check_frame", "check_columns", "check_no_nan", "check_same_length", "check_binary",
    "check_at_least_two_groups", "check_probability", "check_positive", "check_in",
    "check_integer", "check_real", "check_nonempty_list", "check_scores"))

_UNKNOWN_BLOCK = ("no_shortcuts: cannot find {spec!r} (blocked/allowed names must be importable; "
                  "a package that is not installed is skipped)")

_CO_NEWLOCALS = 0x0002  # set for functions; not for module or class bodies
#: Flags a function's signature and body set (not ``from __future__ import annotations``).
_SIGNATURE_FLAGS = (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS | inspect.CO_GENERATOR
                    | inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE | inspect.CO_ASYNC_GENERATOR)
#: A copy matches a library function of at least this many instructions (:func:`_shape`):
#: a one-line formula (``return 1.0 / (1.0 + np.exp(-z))``: 11, ``return math.sqrt(p * (1 - p)
#: / n)``: 12) is what a trainee writes too, and retyping it is no shortcut.
_MIN_INSTRUCTIONS = 16
_NOT_COUNTED = frozenset(dis.opmap[name] for name in ("CACHE", "EXTENDED_ARG", "NOP", "RESUME")
                         if name in dis.opmap)
_SAME_OP = {dis.opmap["LOAD_METHOD"]: dis.opmap["LOAD_ATTR"]} if "LOAD_METHOD" in dis.opmap else {}
_JUMPS = frozenset(dis.hasjrel) | frozenset(dis.hasjabs)
_CONSTS = frozenset(dis.hasconst)
_NAMES = frozenset(dis.hasname)
_EMPTY_CODE = compile("", "<no file>", "exec")
#: Near copies (:func:`_tokens`): an answer's function is an edited copy of a blocked library
#: function when it holds at least this share of the library function's k-token shingles, and
#: only for a library function of at least ``_NEAR_MIN_TOKENS`` tokens (its nested code
#: included): shorter ones are what a trainee who knows the idea writes too.
_NEAR_K = 5
_NEAR_SHARE = 0.8
_NEAR_MIN_TOKENS = 30
#: Shingles found in more than this many functions of a blocked package are idioms (not counted).
_NEAR_COMMON = 20
#: A library function counts when it has at least this many distinctive shingles.
_NEAR_MIN_SHINGLES = 40
#: Operations on a module-level name: near copies read them without the name, except a builtin's.
_GLOBAL_OPS = frozenset(dis.opmap[n] for n in ("LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"))
_BUILTIN_NAMES = frozenset(dir(__import__("builtins")))
_OP_CACHE = dis.opmap.get("CACHE", -1)
_OP_EXTENDED = dis.opmap["EXTENDED_ARG"]
_OP_KW_NAMES = dis.opmap.get("KW_NAMES", -1)
#: Name operands stored shifted (their low bits are flags), by Python version.
_NAME_SHIFT = {dis.opmap[name]: shift for name, shift, since in (
    ("LOAD_GLOBAL", 1, (3, 11)), ("LOAD_ATTR", 1, (3, 12)), ("LOAD_SUPER_ATTR", 2, (3, 12)))
    if name in dis.opmap and sys.version_info >= since}
#: Operations whose operand is what they do (which operator, how many arguments), not data.
_OWN_ARG = frozenset(dis.opmap[name] for name in (
    "BINARY_OP", "COMPARE_OP", "IS_OP", "CONTAINS_OP", "CALL", "PRECALL", "CALL_FUNCTION_EX",
    "BUILD_TUPLE", "BUILD_LIST", "BUILD_MAP", "BUILD_SET", "BUILD_SLICE", "BUILD_STRING",
    "UNPACK_SEQUENCE", "FORMAT_VALUE", "MAKE_FUNCTION", "CALL_INTRINSIC_1") if name in dis.opmap)
_HIDING = [
    (re.compile(r"sys\.setprofile|sys\.monitoring|'enable' of '_lsprof"),
     "switched the profiler off or replaced it"),
    (re.compile(r"_thread\.start_new_thread|_thread\.start_joinable_thread"),
     "started a thread (an `n_jobs` above 1 does: leave `n_jobs` out)"),
    (re.compile(r"posix\.(fork|posix_spawnp?|system|exec\w*)\b|_posixsubprocess\.fork_exec"),
     "started another process (an `n_jobs` above 1 does: leave `n_jobs` out)"),
]
#: Code run in another interpreter of this process (a CPython sub-interpreter: 3.11's
#: ``_xxsubinterpreters``, 3.12's ``_xxinterpchannels``, 3.13's ``_interpreters``, the ``interpreters``
#: backport) is invisible to this thread's profiler (review x07-r18 S2); the profiler does record the
#: built-in call that creates, runs or talks to one. Processes, threads and ``ctypes`` (a tamper sign,
#: course/_tamper.py) are the other ways out of the check's view; the other rules above catch those.
_OTHER_INTERPRETER = (
    re.compile(r"<built-in method _?(?:xx)?(?:sub)?interp(?:reters|channels|queues)\.\w+>"),
    "ran code in another Python interpreter (a sub-interpreter, where the check cannot follow)")
_HIDING.append(_OTHER_INTERPRETER)
#: Work handed to a pool of workers that already exists (review x05-r18 S1): a pool started before
#: the check (``Parallel(n_jobs=2)`` run once in the answer cell) is a library's reusable workers, not
#: a start the profiler sees, and they run any callable they are sent where the check cannot follow.
#: The calls that send it, by the file that defines them: the standard library's pools and executors
#: and loky's (joblib's process backend). Judged like a thread or process start (``parallel_in``).
_POOL_SUBMIT = re.compile(
    r"[/\\](?:multiprocessing[/\\]pool\.py|concurrent[/\\]futures[/\\](?:process|thread)\.py"
    r"|loky[/\\](?:process_executor|reusable_executor)\.py)$")
_POOL_SUBMIT_NAMES = frozenset({"submit", "apply_async", "_map_async", "imap", "imap_unordered", "map"})
_POOL_HOW = ("handed work to a pool of worker threads or processes, where the check cannot follow "
             "(an `n_jobs` above 1 does, even with workers started earlier: leave `n_jobs` out)")

try:  # the C profiler; captured now so that a later patch of sys.modules cannot swap it
    import _lsprof

    _PROFILER = _lsprof.Profiler
except ImportError:  # pragma: no cover - not CPython
    _PROFILER = None


class ShortcutError(AssertionError):
    """The answer ran a function the question asks the trainee to write themselves."""


def _genuine_profiler():
    # A C type cannot be imitated by a Python class without losing its method descriptors.
    prof = _PROFILER
    if prof is None or not isinstance(getattr(prof, "enable", None), types.MethodDescriptorType):
        raise ShortcutError(_NO_PROFILER)
    return prof()


def _find_location(name: str) -> str | None:
    """File (module) or folder (package) of a module, found on sys.path, not in sys.modules."""
    parts = name.split(".")
    path = None
    origin = None
    for i in range(len(parts)):
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: i + 1]), path)
        if spec is None and i == 0:
            # e.g. an editable install found by a meta-path hook: ask the import system
            try:
                spec = importlib.util.find_spec(parts[0])
            except (ImportError, ValueError):
                spec = None
        if spec is None:
            return None
        if spec.submodule_search_locations:
            path = list(spec.submodule_search_locations)
            origin = path[0]
        else:
            if i != len(parts) - 1:
                return None
            origin = spec.origin
    return os.path.realpath(origin) if origin else None


def _codes_of(obj, wrappers=False, _depth=0):
    """Code objects of a function, or of the methods a class defines.

    A decorated function (``functools.wraps``: scipy's ``axis_nan_policy``, scikit-learn's
    ``validate_params``) gives the code of the function it wraps, found with
    :func:`inspect.unwrap`: the wrapper's code is shared by every function so decorated, so
    blocking it would block them all under one name, and ``f.__wrapped__`` would escape.
    With ``wrappers=True`` the wrappers' codes are added too (what ``allow`` always did).
    """
    if _depth > 12:
        return []   # an object whose attributes lead on and on (a ctypes type in scipy)
    if isinstance(obj, types.FunctionType):
        if getattr(obj, "__wrapped__", None) is None:
            return [obj.__code__]
        try:
            inner = inspect.unwrap(obj)
        except ValueError:  # a cycle of __wrapped__
            return [obj.__code__]
        outer = []
        if wrappers:
            f = obj
            while f is not inner and isinstance(f, types.FunctionType):
                outer.append(f.__code__)
                f = getattr(f, "__wrapped__", inner)
        codes = _codes_of(inner, wrappers, _depth + 1) if inner is not obj else []
        return codes + outer if codes else [obj.__code__]  # a wrapped builtin: the wrapper
    if isinstance(obj, (staticmethod, classmethod)):
        return _codes_of(obj.__func__, wrappers, _depth + 1)
    if isinstance(obj, property):
        return [c for f in (obj.fget, obj.fset, obj.fdel) if f for c in _codes_of(f, wrappers, _depth + 1)]
    if isinstance(obj, type):
        out = []
        for value in vars(obj).values():
            out += _codes_of(value, wrappers, _depth + 1)
        return out
    func = getattr(obj, "__wrapped__", None) or getattr(obj, "func", None)
    return _codes_of(func, wrappers, _depth + 1) if func is not None and func is not obj else []


def _defined_codes(value, depth=0):
    """Every code object a module attribute holds: functions, wrapped functions, methods
    (of nested classes too) and the functions nested in them."""
    out = []
    if isinstance(value, types.FunctionType):
        seen = 0
        while isinstance(value, types.FunctionType) and seen < 20:
            out += list(_nested(value.__code__))
            value, seen = getattr(value, "__wrapped__", None), seen + 1
    elif isinstance(value, (staticmethod, classmethod)):
        out += _defined_codes(value.__func__, depth)
    elif isinstance(value, property):
        for f in (value.fget, value.fset, value.fdel):
            out += _defined_codes(f, depth)
    elif isinstance(value, type) and depth < 3:
        for inner in list(vars(value).values()):
            out += _defined_codes(inner, depth + 1)
    elif isinstance(value, functools.partial):
        out += _defined_codes(value.func, depth)
    # No getattr on other objects: a lazy module attribute (six.moves) would import on access.
    return out


def _nested(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _nested(const)


def _bucket(code) -> tuple:
    """What every compilation of the same source shares, cheap to read: the names it uses
    (globals and attributes, in order of first use), its argument and local-variable counts
    and the flags of its signature. Not its file, name, first line, line or position tables,
    nor its bytecode, which CPython 3.11 compiles differently for ``np.asarray(x)`` when the
    same text also holds ``import numpy as np`` (a library file) than when it does not (the
    function's source ``exec``'d in a notebook). Functions in one bucket are then compared
    by :func:`_shape`."""
    return (code.co_names, code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
            code.co_nlocals, code.co_flags & _SIGNATURE_FLAGS)


def _indexed(code) -> bool:
    # Short functions (``return x``) are too common to be evidence, and comprehensions and
    # lambdas too alike (their shapes still count inside the function that holds them).
    return len(code.co_code) >= 40 and not code.co_name.startswith("<")


def _shape(code) -> tuple:
    """The code's instructions, independent of where and under which name it was compiled.

    Each instruction by its operation and operand: a constant by its value (a nested code
    object by its own shape), a global or attribute by its name, a local, cell or free
    variable by its slot (renaming one changes nothing), a jump by the index of the
    instruction it goes to (not a byte offset). Inline caches, ``EXTENDED_ARG``, ``NOP`` and
    ``RESUME`` are left out, and ``LOAD_METHOD`` is read as ``LOAD_ATTR`` (the 3.11 compiler
    picks one or the other by whether the name was imported in the same text). The
    docstring, never loaded by an instruction, is not part of it.
    """
    instructions = list(dis.get_instructions(code))
    where, n = {}, sum(i.opcode not in _NOT_COUNTED for i in instructions)
    for ins in reversed(instructions):   # a jump to a left-out instruction: to the next kept one
        n -= ins.opcode not in _NOT_COUNTED
        where[ins.offset] = n
    out = []
    for ins in instructions:
        if ins.opcode in _NOT_COUNTED:
            continue
        if ins.opcode in _JUMPS:
            arg = where.get(ins.argval, ins.argval)
        elif ins.opcode in _CONSTS:
            arg = _const(ins.argval)
        elif ins.opcode in _NAMES:
            arg = ins.argval
        else:
            arg = ins.arg
        out.append((_SAME_OP.get(ins.opcode, ins.opcode), arg))
    return (code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
            code.co_flags & _SIGNATURE_FLAGS, tuple(out))


def _const(value):
    if isinstance(value, types.CodeType):
        return "code", _shape(value)
    if isinstance(value, (float, complex)):
        return type(value).__name__, repr(value)   # 1 and 1.0 differ; nan equals nan
    if isinstance(value, tuple):
        return "tuple", tuple(_const(v) for v in value)
    return type(value).__name__, value


def _tokens(code, out=None) -> list:
    """The code as a token sequence for near-copy detection (:meth:`_Rules.near_copy_of`).

    One token per instruction (``CACHE``, ``EXTENDED_ARG``, ``NOP``, ``RESUME`` left out,
    ``LOAD_METHOD`` read as ``LOAD_ATTR``): its operation, with the attribute or builtin name
    it uses, the keyword names of a call, or the operator or count it applies. No constants,
    no local names or slots, no module-level names (a copy made with ``np`` renamed
    ``numpy_``, review x03-r13 S5), no jump targets, no positions: renaming a local or a
    global, changing a number or adding a line elsewhere leaves a token unchanged. A nested function,
    comprehension or lambda is read in place. Read from ``co_code`` directly, faster than
    through ``dis`` (every blocked package's functions are read, once per process).
    """
    if out is None:
        out = []
    raw, names, consts = code.co_code, code.co_names, code.co_consts
    ext = 0
    for i in range(0, len(raw), 2):
        op, arg = raw[i], raw[i + 1] | ext
        if op == _OP_EXTENDED:
            ext = arg << 8
            continue
        ext = 0
        if op in _NOT_COUNTED or op == _OP_CACHE:
            continue
        op = _SAME_OP.get(op, op)
        if op in _NAMES:
            idx = arg >> _NAME_SHIFT.get(op, 0)
            name = names[idx] if idx < len(names) else None
            if op in _GLOBAL_OPS and name not in _BUILTIN_NAMES:
                # A module-level name is the copier's to choose (``import numpy as numpy_``,
                # a copied helper renamed): read like a local, by what it does only.
                name = ("global", arg & ((1 << _NAME_SHIFT.get(op, 0)) - 1))
            out.append((op, name))
        elif op in _CONSTS:
            value = consts[arg] if arg < len(consts) else None
            if isinstance(value, types.CodeType):
                out.append((op, "code("))
                _tokens(value, out)
                out.append((op, ")code"))
            else:
                out.append((op, value) if op == _OP_KW_NAMES else op)
        elif op in _OWN_ARG:
            out.append((op, arg))
        else:
            out.append(op)
    return out


def _shingles(tokens) -> frozenset:
    """Hashes of every run of ``_NEAR_K`` consecutive tokens."""
    return frozenset(hash(tuple(tokens[i:i + _NEAR_K])) for i in range(len(tokens) - _NEAR_K + 1))


def _near_entries(code, display):
    """(display, shingles) of a blocked function and of each function nested in it that is
    long enough to count (:data:`_NEAR_MIN_TOKENS`)."""
    out = []
    for inner in _nested(code):
        # A function of n tokens has at least n bytes of code: the short ones are skipped unread.
        if (inner.co_flags & _CO_NEWLOCALS and not inner.co_name.startswith("<")
                and len(inner.co_code) >= 2 * _NEAR_MIN_TOKENS):
            tokens = _tokens(inner)
            if len(tokens) >= _NEAR_MIN_TOKENS:
                out.append((inner.co_name if display is None else display, inner.co_qualname,
                            _shingles(tokens)))
    return out


def _near_index(location: str, exempt: str):
    """The near-copy index of every function in a blocked module's or package's files:
    (entries [(name, number of shingles, real file, qualified name)], {shingle: [entry numbers]}).

    Built once per process and kept in :mod:`_threadwatch` (one module per process, so the
    fresh copies that ``trusted()`` loads share it), per file by its real path, modification
    time and size, so a changed file is read again.
    """
    keys = []
    for path in _source_files(location):
        real = os.path.realpath(path)
        if _inside(real, exempt):
            continue   # the checks' own code is no answer to copy
        try:
            st = os.stat(real)
        except OSError:
            continue
        keys.append((real, st.st_mtime_ns, st.st_size))
    cache = _threadwatch.NEAR
    index_key = ("index", location, tuple(keys))
    index = cache.get(index_key)
    if index is not None:
        return index
    entries, postings = [], {}
    for key in keys:
        per_file = cache.get(key)
        if per_file is None:
            code = _compiled(key[0])
            per_file = cache[key] = tuple(_near_entries(code, None)) if code is not None else ()
        for name, qualname, shingles in per_file:
            for h in shingles:
                postings.setdefault(h, []).append(len(entries))
            entries.append([name, 0, key[0], qualname])
    # A shingle that many functions share (argument checks, ``np.asarray(x, dtype=float)``)
    # is an idiom, not evidence of copying: it is left out, and a function is as long as
    # its distinctive shingles (MOSS ignores such common code too).
    for h in [h for h, where in postings.items() if len(where) > _NEAR_COMMON]:
        del postings[h]
    for where in postings.values():
        for i in where:
            entries[i][1] += 1
    entries = [tuple(e) for e in entries]
    for old in [k for k in cache if k[0] == "index" and k[1] == location]:
        del cache[old]   # the files changed since
    index = cache[index_key] = (entries, postings)
    return index


def _compiled(path: str):
    """Code object of a source file: from its valid ``__pycache__`` entry, else compiled.

    Nothing is executed: the code is only read for its functions' fingerprints.
    """
    try:
        st = os.stat(path)
        with open(importlib.util.cache_from_source(path), "rb") as f:
            data = f.read()
        header = [int.from_bytes(data[i:i + 4], "little") for i in (4, 8, 12)]
        if (data[:4] == importlib.util.MAGIC_NUMBER and header[0] == 0
                and header[1] == int(st.st_mtime) & 0xFFFFFFFF
                and header[2] == st.st_size & 0xFFFFFFFF):
            code = marshal.loads(data[16:])
            if isinstance(code, types.CodeType):
                # As the import system does: the code is this file's, wherever it was compiled
                # (``compileall`` with a relative path, or a folder mounted elsewhere).
                return _located(code, path)
    except (OSError, ValueError, EOFError, TypeError, NotImplementedError):
        pass
    try:
        with open(path, "rb") as f:
            return compile(f.read(), path, "exec", dont_inherit=True)
    except (OSError, SyntaxError, ValueError):
        return None


def _located(code, path: str):
    """``code`` and every code object nested in it, with ``co_filename`` set to ``path``."""
    if code.co_filename == path:
        return code
    consts = tuple(_located(c, path) if isinstance(c, types.CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=path, co_consts=consts)


def _source_files(location: str) -> list:
    """Every source file of a module (file) or package (folder), its tests left out."""
    if os.path.isdir(location):
        files = []
        for folder, dirs, names in os.walk(location):
            dirs[:] = sorted(d for d in dirs if d not in ("tests", "__pycache__"))
            files += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
        return files
    return [location] if location.endswith(".py") else []


def _source_codes(location: str):
    """Module code objects of every source file of a module (file) or package (folder)."""
    for path in _source_files(location):
        code = _compiled(path)
        if code is not None:
            yield code


def _hidden_compiled(obj) -> bool:
    """True for a compiled function the C profiler does not report: a Cython function or a
    NumPy ufunc (``scipy.special.rel_entr``).

    The profiler names built-in functions (``<built-in method numpy.empty>``); a Cython
    function or a ufunc is neither a built-in nor a Python function, so its calls leave no entry.
    """
    if not callable(obj) or isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, type)):
        return False
    kind = type(obj)
    return "cython" in kind.__name__ or (kind.__name__ == "ufunc" and kind.__module__ == "numpy")


def _stand_in(original, name):
    """A Python function named ``name`` that calls ``original``: what the profiler sees.

    Code objects compare by value: stand-ins with different names are different keys."""
    def stand_in(*args, **kwargs):
        return original(*args, **kwargs)

    code = stand_in.__code__.replace(co_name=name, co_qualname=name)
    return types.FunctionType(code, stand_in.__globals__, name, None, stand_in.__closure__)


#: Bound forms of a callable: their ``__self__`` (or ``__func__``) is the function itself.
_BOUND = (types.MethodType, types.BuiltinMethodType, types.MethodWrapperType)


def _other_handles(obj) -> list:
    """``(handle, how)`` for every other object that runs a compiled function ``obj``'s code:
    review x05-r12 S1 saved a specialisation of a fused Cython function
    (``_fit_encoding_fast.__signatures__["int64_t|float64_t"]``, what ``f["int64_t", "float64_t"]``
    returns too) at cell time; it is another object, so swapping ``obj`` alone missed it. Also
    a ``__wrapped__`` function, and a bound form made before the check (``f.__call__``, a
    ufunc's ``outer``/``reduce``, ``types.MethodType(f, x)``), found through the garbage
    collector (one pass for all of them)."""
    found, seen, todo = [], {id(obj): ""}, [(obj, "")]
    while todo:   # specialisations and wrapped functions, recursively
        current, route = todo.pop()
        more = []
        signatures = getattr(current, "__signatures__", None)
        if isinstance(signatures, dict):
            more += [(v, f"{route}.__signatures__[{k!r}]") for k, v in signatures.items() if callable(v)]
        wrapped = getattr(current, "__wrapped__", None)
        if callable(wrapped):
            more.append((wrapped, f"{route}.__wrapped__"))
        for handle, how in more:
            if id(handle) not in seen:
                seen[id(handle)] = how
                found.append((handle, how))
                todo.append((handle, how))
    targets = [obj] + [handle for handle, _ in found]
    for ref in gc.get_referrers(*targets):
        if isinstance(ref, _BOUND) and id(ref) not in seen:
            bound_to = next((t for t in targets if getattr(ref, "__self__", None) is t
                             or getattr(ref, "__func__", None) is t), None)
            if bound_to is not None:
                how = f"{seen[id(bound_to)]}.{getattr(ref, '__name__', 'method')} (bound)"
                seen[id(ref)] = how
                found.append((ref, how))
    return found


def _rebuilt(container, stand_in):
    """A copy of a tuple, namedtuple, frozenset or (a compiled function's internal) dict with
    stand-ins in place, or None."""
    if type(container) is dict:
        return {k: stand_in(v) or v for k, v in container.items()}
    items = [stand_in(v) or v for v in container]
    try:
        if isinstance(container, frozenset):
            return type(container)(items)
        if hasattr(type(container), "_make"):     # a namedtuple
            return type(container)._make(items)
        return tuple(items) if type(container) is tuple else type(container)(items)
    except Exception:   # a subclass that cannot be rebuilt from its items
        return None


class _Swaps:
    """While a check runs, a hidden compiled function is replaced by its stand-in wherever
    the garbage collector finds it held: module and namespace dicts (a class's attributes
    through ``setattr``), lists, closure cells, function defaults and ``functools.partial``.
    A tuple, namedtuple or frozenset that holds it (``_OPS = (rel_entr,)`` made before the
    check; review x06-r11) cannot be changed in place: it is rebuilt with the stand-in and the
    copy is swapped in the same way wherever it is held (nested ones too, a few levels deep).
    Residual: a reference held only by another object that cannot be changed in place."""

    def __init__(self, pairs, skip, depth=0):
        self.undo = []
        if not pairs:
            return
        originals = [original for original, _ in pairs.values()]
        skip = set(skip) | {id(originals), id(pairs)} | {id(pair) for pair in pairs.values()}
        refs = [r for r in gc.get_referrers(*originals) if id(r) not in skip]
        modules = {id(vars(m)) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)}
        other = [r for r in refs if isinstance(r, dict) and id(r) not in modules]
        owners = {}
        internal = set()   # dicts a compiled function holds in a C slot: never edited in place
        if other:
            ids = {id(d) for d in other}
            for t in gc.get_referrers(*other):
                if isinstance(t, type):
                    for inner in gc.get_referents(t):
                        if id(inner) in ids:
                            owners[id(inner)] = t
                elif _hidden_compiled(t):
                    # A fused Cython function's ``__signatures__``: its C dispatch casts the
                    # values to fused functions unchecked, so a Python stand-in put there
                    # corrupts memory when the function is called (task x05y). Its ``__dict__``
                    # (attributes set from Python) is an ordinary dict.
                    own = getattr(t, "__dict__", None)
                    for inner in gc.get_referents(t):
                        if id(inner) in ids and inner is not own:
                            internal.add(id(inner))

        def stand_in(value):
            pair = pairs.get(id(value))
            return pair[1] if pair is not None and pair[0] is value else None

        held = {}
        for ref in refs:
            if id(ref) in internal:
                if depth < 4:   # a copy with the stand-ins, swapped where the notebook holds the dict
                    rebuilt = _rebuilt(ref, stand_in)
                    if rebuilt is not None:
                        held[id(ref)] = (ref, rebuilt)
                continue
            if isinstance(ref, dict):
                for key, value in list(ref.items()):
                    new = stand_in(value)
                    if new is not None:
                        owner = owners.get(id(ref))
                        if owner is not None and isinstance(key, str):
                            setattr(owner, key, new)
                            self.undo.append(lambda o=owner, k=key, v=value, n=new:
                                             getattr(o, k, None) is n and setattr(o, k, v))
                        elif owner is None:
                            ref[key] = new
                            self.undo.append(lambda d=ref, k=key, v=value, n=new:
                                             d.get(k) is n and d.__setitem__(k, v))
            elif isinstance(ref, list):
                for i, value in enumerate(ref):
                    new = stand_in(value)
                    if new is not None:
                        ref[i] = new
                        self.undo.append(lambda seq=ref, j=i, v=value, n=new:
                                         j < len(seq) and seq[j] is n and seq.__setitem__(j, v))
            elif isinstance(ref, types.CellType):
                new = stand_in(ref.cell_contents)
                if new is not None:
                    value = ref.cell_contents
                    ref.cell_contents = new
                    self.undo.append(lambda c=ref, v=value, n=new:
                                     c.cell_contents is n and setattr(c, "cell_contents", v))
            elif isinstance(ref, functools.partial):
                new = stand_in(ref.func)
                if new is not None:
                    state = ref.__reduce__()[2]
                    ref.__setstate__((new, *state[1:]))
                    self.undo.append(lambda p=ref, s=state, n=new:
                                     p.func is n and p.__setstate__(s))
            elif isinstance(ref, tuple):
                for fn in gc.get_referrers(ref):
                    if isinstance(fn, types.FunctionType) and fn.__defaults__ is ref:
                        new_defaults = tuple(stand_in(v) or v for v in ref)
                        fn.__defaults__ = new_defaults
                        self.undo.append(lambda f=fn, old=ref, n=new_defaults:
                                         f.__defaults__ is n and setattr(f, "__defaults__", old))
            if isinstance(ref, (tuple, frozenset)) and depth < 4:
                rebuilt = _rebuilt(ref, stand_in)
                if rebuilt is not None:
                    held[id(ref)] = (ref, rebuilt)
        if held:   # the rebuilt containers, swapped where they are held
            ours = {id(refs), id(held)} | {id(step.__defaults__) for step in self.undo}
            self.undo += _Swaps(held, skip | ours, depth + 1).undo

    def restore(self):
        for step in reversed(self.undo):
            step()
        self.undo = []


class _Rules:
    """Blocked and allowed places, resolved once per ``with`` block."""

    def __init__(self, blocked, allowed):
        self.paths: dict[str, str] = {}      # file or folder -> spec it came from
        self.named: dict[tuple, str] = {}    # (file, qualname) -> display name
        self.prints: dict[tuple, list] = {}  # _bucket -> [(code, display name)] of blocked code
        self._shapes: dict[int, tuple] = {}  # id(code) -> (code, its _shape)
        self.near_locations: list[str] = []  # blocked files and folders (near copies)
        self.near_named: list = []           # (display, shingles) of functions blocked by name
        self._near: dict = {}                # id(code) -> (code, near_copy_of(code))
        self._near_indexes: list | None = None
        self._bodies: dict = {}              # _library_code's cache
        self.allowed_named: set[tuple] = set()
        self.allowed_paths: list[str] = []
        self.c_blocked: list[str] = []       # dotted package names: their compiled functions
        self.c_allowed: list[str] = []       # dotted names allowed among them
        self._loaded: dict | None = None     # real file -> modules imported from it
        self._genuine: dict[str, tuple] = {}  # real file -> (ids, code objects) it defines
        # Blocked Cython functions: {id(function): (function, stand-in)}, and the stand-ins'
        # codes -> (name shown, where).
        self.hidden: dict[int, tuple] = {}
        self.stand_ins: dict = {}
        # The checks themselves (this folder) are never a shortcut, but they are not an
        # allowed context either: ``answer()`` calls the trainee's function.
        self.exempt = os.path.dirname(os.path.realpath(__file__))
        for spec in blocked:
            self._add(spec, allow=False)
        for spec in allowed:
            self._add(spec, allow=True)

    def _add(self, spec, allow):
        if not isinstance(spec, str):
            self._add_object(spec, getattr(spec, "__qualname__", repr(spec)), allow)
            return
        location = _find_location(spec)
        (self.c_allowed if allow else self.c_blocked).append(spec)
        if location is not None:
            if allow:
                self.allowed_paths.append(location)
                return
            self.paths[location] = spec
            self.near_locations.append(location)
            for mod_name, mod in list(sys.modules.items()):
                if mod_name == spec or mod_name.startswith(spec + "."):
                    for value in list(vars(mod).values()):
                        for code in _codes_of(value):
                            if _inside(code.co_filename, location) and not _inside(
                                    os.path.realpath(code.co_filename), self.exempt):
                                self._add_prints(code, f"{value.__name__ if hasattr(value, '__name__') else spec}")
            # Imported or not, every function in the package's files (a pasted copy of one
            # that the notebook never imported is caught too).
            for module_code in _source_codes(location):
                if _inside(os.path.realpath(module_code.co_filename), self.exempt):
                    continue   # the checks' own code (exempt) is no answer to copy
                for code in _nested(module_code):
                    if code.co_flags & _CO_NEWLOCALS and _indexed(code):
                        self.prints.setdefault(_bucket(code), []).append((code, code.co_name))
            return
        if _find_location(spec.partition(".")[0]) is None:
            return  # a package that is not installed cannot be run: nothing to block
        module_name, _, attr = spec.rpartition(".")
        try:
            obj = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError, ValueError):
            raise ValueError(_UNKNOWN_BLOCK.format(spec=spec)) from None
        self._add_object(obj, spec, allow)

    def _add_object(self, obj, display, allow):
        codes = _codes_of(obj, wrappers=allow)
        if not codes and _hidden_compiled(obj):
            if not allow:   # an allowed one needs nothing: the profiler never sees it
                name = display.rpartition(".")[2] or display
                fn = _stand_in(obj, name)
                self.hidden[id(obj)] = (obj, fn)
                self.stand_ins[fn.__code__] = (name, display)
            return
        if not codes:
            raise ValueError(_UNKNOWN_BLOCK.format(spec=display))
        for code in codes:
            key = (os.path.realpath(code.co_filename), code.co_qualname)
            if allow:
                self.allowed_named.add(key)
            else:
                self.named[key] = display.rpartition(".")[2] if "." in display else display
                self._add_prints(code, self.named[key])
                if not _inside(os.path.realpath(code.co_filename), self.exempt):
                    self.near_named += _near_entries(code, self.named[key])

    def _add_prints(self, code, display):
        for inner in _nested(code):
            if _indexed(inner):
                self.prints.setdefault(_bucket(inner), []).append((inner, display))

    def copy_of(self, code) -> str | None:
        """The display name of the blocked function whose code this is a copy of, or None.

        A copy is the same :func:`_shape` wherever and under whatever name it was compiled:
        a ``marshal`` copy, ``exec(inspect.getsource(f))``, ``compile`` and
        ``types.FunctionType``, its locals renamed. An edited copy is not one (see
        :meth:`near_copy_of`).
        """
        entries = self.prints.get(_bucket(code))
        if not entries:
            return None
        shape = _shape(code)
        for blocked, display in entries:
            known = self._shapes.get(id(blocked))
            if known is None:
                known = self._shapes[id(blocked)] = (blocked, _shape(blocked))
            if len(known[1][-1]) >= _MIN_INSTRUCTIONS and known[1] == shape:
                return display
        return None

    def near_copy_of(self, code) -> str | None:
        """The display name of the blocked function this code is an edited copy of, or None.

        An edited copy holds at least :data:`_NEAR_SHARE` of the library function's
        shingles (runs of :data:`_NEAR_K` consecutive :func:`_tokens`): containment, not
        similarity, so lines added around the copy do not help, and renamed locals or
        changed constants change no token. Only library functions of at least
        :data:`_NEAR_MIN_TOKENS` tokens and :data:`_NEAR_MIN_SHINGLES` distinctive shingles
        (not shared by more than :data:`_NEAR_COMMON` functions of their package) count.
        Not decided here: whether ``code`` is the library's own (the caller asks that).
        """
        known = self._near.get(id(code))
        if known is not None and known[0] is code:
            return known[1]
        found = None
        mine = _shingles(_tokens(code))
        if len(mine) >= _NEAR_SHARE * _NEAR_MIN_SHINGLES:
            best = (0.0, 0, None)
            if self._near_indexes is None:   # once per check: the files' times are read
                self._near_indexes = [_near_index(loc, self.exempt) for loc in self.near_locations]
            for entries, postings in self._near_indexes:
                hits: dict = {}
                for h in mine:
                    for i in postings.get(h, ()):
                        hits[i] = hits.get(i, 0) + 1
                for i, n in hits.items():
                    name, size, filename, qualname = entries[i]
                    if size >= _NEAR_MIN_SHINGLES and n >= _NEAR_SHARE * size \
                            and not self._allowed_place(filename, qualname):
                        best = max(best, (n / size, size, name))
            for name, _, theirs in self.near_named:
                n = len(theirs & mine)
                if len(theirs) >= _NEAR_MIN_SHINGLES and n >= _NEAR_SHARE * len(theirs):
                    best = max(best, (n / len(theirs), len(theirs), name))
            found = best[2]
        self._near[id(code)] = (code, found)
        return found

    def _allowed_place(self, filename, qualname) -> bool:
        """True when the allowed names cover this library function (a copy of it is no shortcut)."""
        return (any(_inside(filename, p) for p in self.allowed_paths)
                or any(filename == f and (qualname == q or qualname.startswith(q + "."))
                       for f, q in self.allowed_named))

    def is_genuine_library(self, code) -> bool:
        """True only for a code object that a module imported from a real library file defines.

        Decided by identity (the very code object a loaded module's functions hold), never by
        ``co_filename`` alone: ``compile(src, "<somewhere in site-packages>", "exec")`` gives
        a library-looking file name to a trainee's copy.
        """
        return _is_library(code) and self._defined_by_a_loaded_module(code)

    def loaded_file(self, filename: str) -> bool:
        """True when a module in ``sys.modules`` was imported from this file (or, for
        ``<frozen name>``, from the interpreter's frozen module of that name)."""
        frozen = re.fullmatch(r"<frozen ([\w.]+)>", filename)
        if frozen:
            return frozen.group(1) in sys.modules
        self._defined_by_a_loaded_module(_EMPTY_CODE)   # builds the table of loaded files
        return os.path.realpath(filename) in self._loaded

    def _defined_by_a_loaded_module(self, code) -> bool:
        """True when a module imported from the file ``code`` names defines this very code."""
        if self._loaded is None:
            self._loaded = {}
            for mod in list(sys.modules.values()):
                if not isinstance(mod, types.ModuleType):
                    continue
                path = vars(mod).get("__file__")  # never getattr: a lazy module would load
                if isinstance(path, str) and path.endswith(".py"):
                    self._loaded.setdefault(os.path.realpath(path), []).append(mod)
        filename = os.path.realpath(code.co_filename)
        if not os.path.isfile(filename):
            return False
        ids = self._genuine.get(filename)
        if ids is None:
            keep = []
            for mod in self._loaded.get(filename, []):
                for value in list(vars(mod).values()):
                    keep += _defined_codes(value)
            ids = self._genuine[filename] = ({id(c) for c in keep}, keep)  # keep: ids stay valid
        return id(code) in ids[0]

    def is_allowed(self, code) -> bool:
        """True for the allowed library's own code only.

        By file and name, and then by identity (the code object a loaded module defines): an answer can
        compile its own code under an allowed file name and function name, and whatever
        that code called would otherwise count as called by the allowed function.
        """
        filename = os.path.realpath(code.co_filename)
        if not (any(_inside(filename, p) for p in self.allowed_paths)
                or any(filename == f and (code.co_qualname == q
                                          or code.co_qualname.startswith(q + "."))
                       for f, q in self.allowed_named)):
            return False
        return self._defined_by_a_loaded_module(code)

    def compiled_blocked_as(self, entry: str) -> tuple[str, str] | None:
        """(name shown, where) when a profiler entry of a compiled function is blocked.

        The C profiler names a compiled function ``<built-in method package.module.name>``;
        one defined in a blocked package (a private extension module such as
        ``scipy.spatial._distance_pybind`` too) is blocked, unless an allowed name covers it.
        """
        match = _COMPILED.fullmatch(entry)
        if match is None:
            return None
        dotted = match.group(1)

        def covers(spec):
            return dotted == spec or dotted.startswith(spec + ".")

        if any(covers(spec) for spec in self.c_allowed):
            return None
        for spec in self.c_blocked:
            if covers(spec):
                return dotted.rpartition(".")[2], spec
        return None

    def blocked_as(self, code) -> tuple[str, str] | None:
        """(name shown, where) when the code is blocked, else None."""
        if not code.co_flags & _CO_NEWLOCALS:
            return None  # a module or class body running during an import: not a computation
        if code in self.stand_ins:
            return self.stand_ins[code]
        filename = os.path.realpath(code.co_filename)
        if _inside(filename, self.exempt):
            # The checks' own code is never a shortcut; a blocked function's code compiled
            # under one of their file names is.
            copied = self.copy_of(code)
            if copied is not None:
                return copied, "a copy of its code"
            return self._edited_copy(code)
        name = code.co_qualname.split(".<locals>")[0]
        for (f, q), display in self.named.items():
            if filename == f and (code.co_qualname == q or code.co_qualname.startswith(q + ".")):
                return display, q
        for path, spec in self.paths.items():
            if _inside(filename, path):
                return name, spec
        # A copy can be compiled under any file name (one inside the Python install or the
        # course's lib folder too), so only the library's own code objects skip this check.
        if self.is_genuine_library(code):
            return None
        copied = self.copy_of(code)
        if copied is not None:
            return copied, "a copy of its code"
        return self._edited_copy(code)

    def _edited_copy(self, code) -> tuple[str, str] | None:
        """(name shown, where) when code that is not the library's own is an edited copy of
        a blocked function (:meth:`near_copy_of`). The library's own code that no module
        attribute holds (a comprehension, a lambda, a method of a class built at run time)
        is told apart by comparing it with what its file compiles to, only when it matches."""
        edited = self.near_copy_of(code)
        if edited is None or self.is_genuine_library(code) or _library_code(code, self._bodies):
            return None
        return edited, "an edited copy of its code"


#: A test cell's comprehensions run inline in the test's own code (through a built-in such as ``sum``,
#: which the answer calls too): no name in the notebook holds them.
_INLINE = frozenset(("<genexpr>", "<listcomp>", "<dictcomp>", "<setcomp>"))


def _method(code) -> bool:
    """True for a method of a class (``_T05Rule.predict``): the tests hand their objects to answers
    (a model to explain, a release to gate); a reference is a function of the test."""
    owner = code.co_qualname.rpartition(".")[0]
    return bool(owner) and not owner.endswith("<locals>")


def _notebook_code(code) -> bool:
    """True for code compiled from a notebook cell (no library file; not one there before)."""
    name = code.co_filename
    if name.startswith("<frozen") or name == "<string>" or _is_library(code):
        return False   # a frozen module (runpy under a kernel) or code a library generated
    return not os.path.isfile(name) or _written_by_this_process(name)


def _test_cells(frame) -> frozenset:
    """File names of the test cells: the notebook frames on the stack that entered a check
    (the cell and the test functions around the ``with``), added to the record of earlier
    checks' cells (:data:`_threadwatch.TEST_CELLS`), which is returned."""
    while frame is not None:
        if _notebook_code(frame.f_code):
            _threadwatch.TEST_CELLS.add(frame.f_code.co_filename)
        frame = frame.f_back
    return frozenset(_threadwatch.TEST_CELLS)


def _lent(namespace, cells) -> frozenset:
    """Codes of the test functions a check lends the answer: bound in the notebook under a
    public name (a correct ``report_row`` in place of the trainee's, a ``fit_model`` that
    records its calls), less those an answer bound there itself (:data:`_threadwatch.TAINTED`)."""
    out = set()
    for name, value in list(namespace.items()) if isinstance(namespace, dict) else ():
        if isinstance(value, types.FunctionType) and not name.startswith("_") \
                and value.__code__.co_filename in cells:
            out.add(value.__code__)
    return frozenset(out - _threadwatch.TAINTED)


_LOADS = frozenset(("LOAD_NAME", "LOAD_GLOBAL", "LOAD_FAST", "LOAD_DEREF", "LOAD_CLASSDEREF"))


def _with_body(frame) -> tuple:
    """(names loaded, names only ever called, code objects) of the ``with`` block that is entering
    the check: what the test hands the answer there (arguments, a lambda, a model of its own); a
    function the block only calls (its own reference, ``_t05h_ref_proxy(...)``) is not handed.
    Found from the block's range in the exception table (CPython 3.11+: the body is covered by
    entries that lead to its ``__exit__`` handler); None when the frame is not at a ``with``."""
    code, at = frame.f_code, frame.f_lasti
    try:
        entries = dis.Bytecode(code).exception_entries
    except (AttributeError, TypeError):   # pragma: no cover - before CPython 3.11
        return None
    target = next((e.target for e in entries if e.start == at + 2), None)
    if target is None:
        return None
    spans = [(e.start, e.end) for e in entries if e.target == target]
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    names, called, codes = set(), set(), set()
    previous = None
    for ins in dis.get_instructions(code):
        if start <= ins.offset < end:
            if ins.opname in _LOADS:
                # The callee of a call: loaded after PUSH_NULL, or by LOAD_GLOBAL with its NULL bit.
                callee = previous == "PUSH_NULL" or (ins.opname == "LOAD_GLOBAL" and ins.arg & 1)
                (called if callee else names).add(ins.argval)
            elif ins.opname == "LOAD_CONST" and isinstance(ins.argval, types.CodeType):
                codes.update(_nested(ins.argval))
        if ins.opname not in ("CACHE", "EXTENDED_ARG"):
            previous = ins.opname
    return names, called - names, codes


def _handed(frame, body, cells) -> frozenset:
    """Codes of the test cells' functions the ``with`` block hands the answer: a function, class
    or object of the notebook (or a list, tuple or dict of them) that the block names, a lambda or
    function it defines, and, a few levels on, what the test functions it names name in turn (a
    test helper that wraps the answer's argument in a class of the test). All of the cells' code
    when the block is unknown."""
    if body is None:
        return frozenset([None])   # permissive: any test code may have been handed
    names, called, codes = body
    out = set(c for c in codes if c.co_filename in cells)
    space, here = frame.f_globals, frame.f_locals
    module = space.get("__name__")
    todo = [(here[n] if n in here else space.get(n), 0) for n in names]
    for name in called:   # a test function the block calls: what it makes or names is handed, not it
        value = here[name] if name in here else space.get(name)
        if isinstance(value, types.FunctionType) and value.__code__.co_filename in cells:
            nested = [c for c in _nested(value.__code__) if c is not value.__code__]
            out.update(nested)
            todo += [(space.get(n), 1) for c in [value.__code__, *nested] for n in c.co_names if n in space]
        else:   # a class of the test called to make an object (a model it passes on), or anything else
            todo.append((value, 0))
    seen = set()
    while todo:
        value, depth = todo.pop()
        if id(value) in seen or value is None:
            continue
        seen.add(id(value))
        if isinstance(value, (list, tuple, dict)):
            if depth < 3:
                todo += [(v, depth + 1) for v in (value.values() if isinstance(value, dict) else value)]
            continue
        if isinstance(value, types.MethodType):
            value = value.__func__
        if not isinstance(value, (types.FunctionType, type, functools.partial)):
            kind = type(value)
            if getattr(kind, "__module__", None) != module:
                continue
            value = kind
        mine = [c for c in _defined_codes(value) if c.co_filename in cells]
        out.update(mine)
        if depth < 3:
            todo += [(space.get(n), depth + 1) for c in mine for n in c.co_names if n in space]
    return frozenset(out)


def _process_start() -> float | None:
    """When this process started (seconds since the epoch), or None where /proc is absent."""
    try:
        with open("/proc/self/stat") as f:
            after_name = f.read().rsplit(")", 1)[1].split()
        with open("/proc/stat") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        return boot + int(after_name[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _written_by_this_process(filename: str) -> bool:
    """True when ``filename`` was created or changed after this process started.

    A module the notebook wrote to disk and imported is such a file; the files of a test
    suite or a library, there before the kernel started, are not. ``st_ctime`` is used
    because a program cannot set it back (``os.utime`` sets mtime and atime only).
    """
    start = _process_start()
    try:
        return start is not None and os.stat(filename).st_ctime >= start
    except OSError:
        return False


def _started_by_notebook(frame) -> bool:
    """True when a frame on this stack runs the notebook's own code (see _notebook_threads)."""
    while frame is not None:
        code = frame.f_code
        if not _is_library(code) and (not os.path.isfile(code.co_filename)
                                      or _written_by_this_process(code.co_filename)):
            return True
        frame = frame.f_back
    return False


def _requested_by_notebook(frame) -> bool:
    """True when the nearest caller outside the standard library is the notebook's own code.

    ``ThreadPoolExecutor.submit`` starts its workers from the standard library on behalf of
    its caller: the caller decides. A thread that a package starts for itself (joblib's or
    loky's managers, tqdm's monitor, a widget's worker) is the package's, not the answer's.
    """
    while frame is not None:
        code = frame.f_code
        if not _is_stdlib(os.path.realpath(code.co_filename)):
            return not _is_library(code) and (not os.path.isfile(code.co_filename)
                                              or _written_by_this_process(code.co_filename))
        frame = frame.f_back
    return False


def _watch_thread_starts() -> None:
    """Remember every thread whose start the notebook's own code asked for.

    A pool the answer cell starts (``ThreadPoolExecutor``) runs only library code in its
    workers, so its stack shows no notebook frame, yet it can run a blocked function for the
    answer while the check watches the calling thread only (review x04-r8). The record lives
    in ``_threadwatch`` (imported once per process), so every fresh copy of this file reads it.
    """
    _threadwatch.install(_requested_by_notebook)


def _process_requested_by_notebook(frame) -> bool:
    """Like :func:`_requested_by_notebook`; a start from the standard library alone (a pool's
    own thread replacing a worker) belongs to whoever started that thread."""
    f = frame
    while f is not None:
        if not _is_stdlib(os.path.realpath(f.f_code.co_filename)):
            return _requested_by_notebook(f)
        f = f.f_back
    return threading.current_thread() in _threadwatch.STARTED


def _watch_process_starts() -> None:
    """Remember every child process start and whether the notebook's own code asked for it.

    An answer cell can start a server before the check (``subprocess.Popen([python, "-c",
    SERVER])``, a ``multiprocessing.Process``, ``os.fork``) and, inside the check, only send
    it the arguments and read back what the blocked library computed there (review guardp).
    """
    _threadwatch.install_processes(_process_requested_by_notebook)


def _alive_child(pid: int, born) -> bool:
    """True when ``pid`` is a live (not zombie) child of this process, born at ``born``."""
    stat = _threadwatch.proc_stat(pid)
    if stat is not None:
        state, ppid, start = stat
        return state not in "ZXx" and ppid == os.getpid() and born in (None, start)
    if _HAVE_PROC:
        return False                                      # gone
    try:   # no /proc (macOS): ask without reaping; None while the child has not exited
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except (OSError, AttributeError, ValueError):
        return False                                      # not our child, or reaped


def _describe(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f"pid {pid}, {f.read().strip()}"
    except OSError:
        return f"pid {pid}"


def _notebook_processes() -> list[str]:
    """The live child processes of this kernel that may compute for the answer.

    * a child whose start the notebook's own code asked for (decided like threads: the
      nearest caller outside the standard library is the notebook's code), whatever it
      runs now: a server, a ``multiprocessing`` worker or forkserver, a forked copy;
    * a child that /proc lists but the watch did not see start (``ctypes``' ``fork``, an
      original start function kept from before the watch), born after the watch.

    Zombies (ended, not waited for) are not counted, nor children started before the watch
    was installed, nor a library's own workers (loky's, joblib's) and multiprocessing's
    resource tracker. Only this process's own children count (a grading sandbox runs the
    kernel as a child of others). Residuals: without /proc only recorded starts are seen;
    a grandchild whose parent exited (a double fork, ``sh -c "server &"``) is nobody's
    child here; a child the library starts runs what its interpreter finds (an environment
    or module the notebook planted); a library's reusable workers accept any callable.
    """
    _watch_process_starts()
    found = []
    if _threadwatch.processes_switched_off():
        found.append("the process check was switched off")
    record = _threadwatch.CHILDREN
    for pid, (notebook, born) in list(record.items()):
        if notebook:
            if _alive_child(pid, born):
                found.append(_describe(pid))
            elif _threadwatch.proc_stat(pid) is None:
                record.pop(pid, None)                     # gone
    children = _threadwatch.live_children()
    if children:
        before = _threadwatch._PROC["before"] or {}
        me = os.getpid()
        for pid in children:
            stat = _threadwatch.proc_stat(pid)
            if stat is None or stat[0] in "ZXx" or stat[1] != me:
                continue
            entry = record.get(pid)
            if entry is not None and entry[1] in (None, stat[2]):
                continue                                  # recorded (the notebook's: above)
            if before.get(pid) == stat[2]:
                continue                                  # born before the watch
            found.append(_describe(pid) + ", started where the check could not see")
    return found


def _notebook_threads() -> list[str]:
    """Names of the other live threads that are running a notebook cell's code.

    A cell's code is compiled under a file name that exists nowhere on disk (ipykernel's
    ``/tmp/ipykernel_…/….py``, or ``<cell>``), or comes from a module the notebook wrote
    to disk after the kernel started (review x03-r7: a worker thread born from such a
    module ran the blocked library); the kernel's own threads (heartbeat, IOPub, control,
    history) and a library's workers run code from files that were there before, and so do
    the threads a test suite starts. Residual: code compiled under a library's file name,
    or a module file the notebook did not write (where /proc is absent, any file on disk).
    """
    me = threading.get_ident()
    names = {t.ident: t.name for t in threading.enumerate()}
    found = [names.get(ident, str(ident)) for ident, frame in sys._current_frames().items()
             if ident != me and _started_by_notebook(frame)]
    # Threads the notebook started, whatever code they run now (a pool's idle workers too).
    _watch_thread_starts()
    if _threadwatch.switched_off():
        found.append("the thread check was switched off")
    found += [t.name for t in list(_threadwatch.STARTED)
              if t.is_alive() and t.ident != me and t.name not in found]
    found += [f"a thread started with _thread.start_new_thread ({ident})"
              for ident in _threadwatch.raw_threads(me)]
    return sorted(found)


#: How the C profiler names a compiled function of a module: ``<built-in method a.b.name>``.
_COMPILED = re.compile(r"<built-in method ((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*)>")
#: Code between a library and the thread it starts: followed upwards, never the decision.
_PARALLEL_GLUE = re.compile(r"[/\\](joblib|threadpoolctl|loky)[/\\]|[/\\]sklearn[/\\]utils[/\\]"
                            r"(parallel|_joblib|fixes)\.py$")
_STDLIB = os.path.realpath(sysconfig.get_paths()["stdlib"])
_HAVE_PROC = os.path.exists("/proc/self/stat")
_WATCH_FILE = os.path.realpath(_threadwatch.__file__)
#: importlib's own frames (frozen into the interpreter), and the functions where an import
#: begins (``import`` statements, ``importlib.import_module``): what they run is an import.
_IMPORT_MACHINERY = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")
_IMPORT_ENTRIES = ("_find_and_load", "_handle_fromlist", "_gcd_import")


def _is_stdlib(filename: str) -> bool:
    return _inside(filename, _STDLIB) and "site-packages" not in filename


_LIBRARY_ROOTS = tuple({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix,
                                                       sys.exec_prefix)}
                       | {os.path.dirname(os.path.dirname(os.path.realpath(__file__)))})


def _is_library(code) -> bool:
    filename = os.path.realpath(code.co_filename)
    return any(_inside(filename, root) for root in _LIBRARY_ROOTS)


def _inside(filename: str, location: str) -> bool:
    return filename == location or filename.startswith(location.rstrip(os.sep) + os.sep)


def _library_code(code, cache: dict) -> bool:
    """True for code exactly as a library file on disk compiles it: a module or class body,
    or a comprehension or lambda of one, which no module attribute holds.

    Compared by value with the file's own code (identity cannot be used for them): code the
    answer compiled from other source under a library's file name, or a file the notebook
    wrote, is not the library's.
    """
    frozen = re.fullmatch(r"<frozen ([\w.]+)>", code.co_filename)
    if frozen is None and not _is_library(code):
        return False
    filename = code.co_filename if frozen else os.path.realpath(code.co_filename)
    if filename not in cache:
        compiled = None
        if frozen:   # a standard module frozen into the interpreter (runpy, os, …)
            try:
                compiled = _imp.get_frozen_object(frozen.group(1)) if _imp.is_frozen(frozen.group(1)) else None
            except ImportError:
                compiled = None
        elif os.path.isfile(filename) and not _written_by_this_process(filename):
            compiled = _compiled(filename)
        cache[filename] = set(_nested(compiled)) if compiled is not None else set()
    return code in cache[filename]


class no_shortcuts:  # noqa: N801 - used like a function: ``with no_shortcuts(...):``
    """Fail the enclosed check if the answer ran a blocked library function.

    Parameters
    ----------
    *blocked : str or object
        Modules or packages (``"responsible_ml.privacy"``, ``"sklearn.metrics"``: every
        function defined in their files) and functions or classes
        (``"sklearn.metrics.accuracy_score"``, or the object itself). A compiled Cython
        function (``"pandas._libs.algos.rank_1d"``) or a NumPy ufunc (``"scipy.special.rel_entr"``)
        is caught too, through a stand-in (see the module); a package's Cython functions and
        ufuncs are caught only when named this way.
    what : str
        The question, for the message ("k_anonymity").
    allow : sequence, optional
        Functions, classes or modules the question allows, even inside a blocked package;
        what the library calls inside them is allowed too, but not what the answer's own
        code (a callback, a generator) runs when they call it.
    tools : str
        What the trainee may use, for the message.
    parallel_in : sequence of str, optional
        Packages (``"sklearn"``) whose own code may start threads or processes, e.g. an
        estimator with ``n_jobs`` or ``HistGradientBoostingClassifier``. A start is allowed
        only when every chain of callers above it, through the standard library and the
        parallel machinery (joblib, threadpoolctl, ``sklearn.utils.parallel``), reaches code
        of one of these packages before it reaches the answer's own code; an answer that
        starts a thread or process itself (or through joblib) still fails. Default: none.

    Raises
    ------
    ShortcutError
        When the block ends, if a blocked function ran outside an allowed one, or if the
        answer switched the profiler off or started a thread or process.

    Examples
    --------
    >>> with no_shortcuts("responsible_ml.privacy", what="k_anonymity"):  # doctest: +SKIP
    ...     expect_equal(k_anonymity(df, ["zip"]), 2, what="k")
    """

    def __init__(self, *blocked, what: str = "your answer", allow=(), tools: str = "NumPy and pandas",
                 parallel_in=()):
        # The course's input validators compute no answer: a library function pasted into an
        # answer (its ``check_columns(...)`` line included) then fails for what differs.
        # They are exempt themselves, but nothing they call is: a callback or generator the
        # answer hands them is judged as the answer's own code.
        self.rules = _Rules(blocked, allow)
        self.validators = _Rules((), _VALIDATORS)
        self.what = what
        self.tools = tools
        self.parallel_in = [loc for loc in map(_find_location, parallel_in) if loc is not None]
        self._prof = None

    def __enter__(self):
        # A thread of the notebook's own code that is alive now could do the answer's work
        # where this thread's profiler cannot see it (handed over through a queue, or a
        # shared list polled in a loop): such a thread makes the check fail at the end.
        self._background = _notebook_threads()
        caller = sys._getframe(1)
        self._cells = _test_cells(caller)
        self._namespace = caller.f_globals
        self._lent_codes = _lent(self._namespace, self._cells)
        self._body = _with_body(caller)
        # Likewise a process the notebook started (a server fed through a pipe), at entry and
        # again at exit (one started meanwhile by a route the profiler cannot see).
        self._processes = _notebook_processes()
        hidden = self.rules.hidden
        if hidden:   # the other handles on a blocked compiled function, made before the check
            hidden = dict(hidden)
            self._handles = []
            for original, fn in list(self.rules.hidden.values()):
                name, display = self.rules.stand_ins[fn.__code__]
                for handle, how in _other_handles(original):
                    if id(handle) in hidden:
                        continue
                    alias = _stand_in(handle, f"{name}{how}")
                    hidden[id(handle)] = (handle, alias)
                    self.rules.stand_ins[alias.__code__] = (name, f"{display}, through `{name}{how}`, "
                                                            "which runs the same compiled code")
                    self._handles.append(alias.__code__)
        self._swaps = _Swaps(hidden, {id(hidden)} | {id(c) for _, fn in hidden.values()
                                                     for c in fn.__closure__ or ()})
        self._prof = _genuine_profiler()
        self._prof.enable()
        return self

    def __exit__(self, exc_type, exc, tb):
        prof = self._prof
        prof.disable()
        self._swaps.restore()
        self._lent_codes |= _handed(sys._getframe(1), getattr(self, "_body", None), getattr(self, "_cells", ()))
        # A test function the answer bound under a public name itself, during this check, is
        # never lent to a later one (only the test swaps its stand-ins in, before the check).
        _threadwatch.TAINTED.update(_lent(self._namespace, self._cells) - self._lent_codes)
        problem = self.verdict(prof.getstats())
        for code in getattr(self, "_handles", ()):
            self.rules.stand_ins.pop(code, None)
        self._handles = []
        if problem is None and self._background:
            problem = _OUTSIDE_THE_CHECK.format(
                what=self.what, how="had a thread of the notebook's own code running "
                f"({', '.join(self._background)})")
        if problem is None:
            processes = self._processes + [p for p in _notebook_processes()
                                           if p not in self._processes]
            if processes:
                problem = _OTHER_PROCESS.format(what=self.what, pids="; ".join(processes))
        if problem is None:
            return False
        raise ShortcutError(problem) from exc

    def verdict(self, stats) -> str | None:
        """The failure message for profiler ``stats``, or None when nothing is wrong."""
        rules = self.rules
        self._calls = {entry.code: entry.callcount for entry in stats}
        callees = {}
        called_from: dict = {}
        for entry in stats:
            for sub in entry.calls or ():
                callees.setdefault(entry.code, []).append(sub.code)
                called_from[sub.code] = called_from.get(sub.code, 0) + sub.callcount
        for entry in stats:
            if isinstance(entry.code, str):
                for i, (pattern, how) in enumerate(_HIDING):
                    if pattern.search(entry.code) and not (
                            i > 0 and self._started_by_library(entry, callees, called_from)):
                        return _OUTSIDE_THE_CHECK.format(what=self.what, how=how)
        for entry in stats:
            code = entry.code
            if not isinstance(code, str) and code.co_name in _POOL_SUBMIT_NAMES \
                    and _POOL_SUBMIT.search(code.co_filename) \
                    and not self._started_by_library(entry, callees, called_from):
                return _OUTSIDE_THE_CHECK.format(what=self.what, how=_POOL_HOW)
        test_code = self._test_code_run_by_answer(stats, callees)
        if test_code is not None:
            return _TEST_CODE.format(what=self.what, name=test_code, tools=self.tools)
        if rules.hidden:   # static: a compiled function's specialisations, reached by the answer itself
            for entry in stats:
                code = entry.code
                if not isinstance(code, str) and "__signatures__" in code.co_names \
                        and not _is_library(code) and code not in rules.stand_ins:
                    return _COMPILED_CORE.format(what=self.what, tools=self.tools)
        # Everything the library ran inside an allowed function is allowed (call graph
        # closure), but not through the notebook's own code: a callback, generator or object
        # of the answer that an allowed function calls (a validator's predicate, an
        # estimator's custom step) is the answer's code, and what it runs is judged as such.
        inside_allowed = set()
        todo = [e.code for e in stats if not isinstance(e.code, str) and rules.is_allowed(e.code)]
        while todo:
            code = todo.pop()
            if code in inside_allowed:
                continue
            if not isinstance(code, str) and code not in rules.stand_ins \
                    and not rules._defined_by_a_loaded_module(code):
                continue   # notebook code: not a module file's own code
            inside_allowed.add(code)
            todo += callees.get(code, [])
        # The validators' own module code, reached from a validator through that module only.
        checking = set()
        todo = [e.code for e in stats
                if not isinstance(e.code, str) and self.validators.is_allowed(e.code)]
        home = {os.path.realpath(c.co_filename) for c in todo}
        while todo:
            code = todo.pop()
            if code in checking or isinstance(code, str) or \
                    os.path.realpath(code.co_filename) not in home or \
                    not rules._defined_by_a_loaded_module(code):
                continue
            checking.add(code)
            todo += callees.get(code, [])
        callers: dict = {}
        for caller, subs in callees.items():
            for sub in subs:
                callers.setdefault(sub, []).append(caller)
        by_import = self._run_by_imports(stats, callees, called_from, callers)
        hits = []
        for entry in stats:
            code = entry.code
            if isinstance(code, str):
                found = rules.compiled_blocked_as(code)
            elif rules.is_allowed(code) or self.validators.is_allowed(code):
                continue
            elif code in checking and entry.callcount <= called_from.get(code, 0) and all(
                    c in checking for c in callers.get(code, [])):
                continue   # a validator's private helper, called by validators only
            else:
                found = rules.blocked_as(code)
            if found is None or by_import(code):
                continue   # importing a library is not computing: its module code set it up
            if code in inside_allowed:
                # Legitimate only if every call came from inside an allowed function.
                direct = entry.callcount - called_from.get(code, 0)
                outside = [c for c in callers.get(code, []) if c not in inside_allowed]
                if direct <= 0 and not outside:
                    continue
            # Name the function the answer itself called, not the library's internals.
            if entry.callcount > called_from.get(code, 0):
                rank = 0                                  # called straight from the check
            elif any(not _is_library(c) for c in callers.get(code, []) if not isinstance(c, str)):
                rank = 1                                  # called from the trainee's code
            elif any(rules.blocked_as(c) is None for c in callers.get(code, [])
                     if not isinstance(c, str)):
                rank = 2                                  # the way into the blocked package
            else:
                rank = 3
            hits.append((rank, found[0].startswith("_"), found))
        if not hits:
            return None
        hits.sort()  # rank, then private-last, then name: the same message in every process
        name, where = hits[0][2]
        return _SHORTCUT.format(what=self.what, name=name, where=where, tools=self.tools)

    def _test_code_run_by_answer(self, stats, callees) -> str | None:
        """The name of a test cell's function that ran on the answer's behalf, or None.

        A function compiled from a test cell (:func:`_test_cells`) that the check did not lend
        (:func:`_lent`) fails when any chain of its callers, followed up through built-ins and
        the library's own code, reaches code that is neither the library's nor a test cell's:
        the answer's. Calls straight from the check, or from test code, are the test's own.
        """
        cells = getattr(self, "_cells", frozenset())
        lent = getattr(self, "_lent_codes", frozenset())
        if not cells or None in lent:
            return None
        callers: dict = {}
        for caller, subs in callees.items():
            for sub in subs:
                callers.setdefault(sub, []).append(caller)
        rules = self.rules

        def library(code):
            return _is_library(code) and (rules._defined_by_a_loaded_module(code)
                                          or _library_code(code, rules._bodies))

        for entry in stats:
            code = entry.code
            if isinstance(code, str) or code.co_filename not in cells or code in lent \
                    or not code.co_flags & _CO_NEWLOCALS or code.co_name in _INLINE or _method(code):
                continue
            seen, todo = set(), [code]
            while todo:
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                for caller in callers.get(node, ()):
                    if isinstance(caller, str) or library(caller):
                        todo.append(caller)       # a built-in or the library: who called it?
                    elif caller.co_filename not in cells:
                        return code.co_name       # the answer's own code
        return None

    def _run_by_imports(self, stats, callees, called_from, callers):
        """A test: was a profiler entry run only by the module code of a library import?

        An answer that imports a package for the first time inside the check runs that
        package's module code (fairlearn's ``metrics/__init__.py`` calls
        ``make_derived_metric`` to build its metrics; review x01-r7): importing is not
        computing. An entry passes when every chain of its callers, through the library's
        own Python functions (what a loaded module defines, or its file compiles to),
        built-ins, generated code (``<string>``: namedtuple, dataclasses) and importlib's
        frames (``exec_module``, ``_call_with_frames_removed``),
        ends in a module or class body of a library file, exactly as the file on disk
        compiles (a module body only of a file that ``sys.modules`` holds), or where an
        import begins (``_find_and_load``, ``_handle_fromlist``, ``_gcd_import``). It fails
        when any chain reaches a call straight from the check or the notebook's own code
        (a module it wrote, its own import hook, code it compiled under a library's file
        name, ``_call_with_frames_removed`` called by hand). So a blocked function that
        the answer calls after the import, or that the library runs on the answer's
        behalf, is still judged. A built-in on a chain (``len``, ``getattr``) is shared by
        the import and the answer: it passes when the import's calls of it are at least its
        calls of the next entry. Residuals: the file's own module body run by hand
        (``runpy``) counts as an import; an answer that hands a blocked function to a
        built-in (``sorted(key=...)``) that an import in the same check ran as often passes.
        """
        if not any(not isinstance(e.code, str) and not e.code.co_flags & _CO_NEWLOCALS
                   for e in stats):
            return lambda code: False      # no module or class body ran: nothing was imported
        direct = {e.code: e.callcount - called_from.get(e.code, 0) for e in stats}
        rules = self.rules
        bodies: dict = {}
        memo: dict = {}

        def body(code):
            return not code.co_flags & _CO_NEWLOCALS and _library_code(code, bodies) and (
                code.co_name != "<module>" or rules.loaded_file(code.co_filename))

        def library(code):
            return code.co_flags & _CO_NEWLOCALS and (
                _is_library(code) and rules._defined_by_a_loaded_module(code)
                or _library_code(code, bodies))

        edge = {(e.code, sub.code): sub.callcount for e in stats for sub in e.calls or ()}

        def shared(code):   # a built-in, or code a library generated (namedtuple's ``<string>``)
            return isinstance(code, str) or code.co_filename == "<string>"

        def ok(node, path, depth):
            """Every call of ``node`` came from an import (or ``node`` is where one runs)."""
            if node in memo:
                return memo[node]
            if not shared(node) and node.co_filename in _IMPORT_MACHINERY:
                if node.co_name in _IMPORT_ENTRIES:
                    return True                    # an import statement (or importlib) began here
            elif not shared(node) and body(node):
                return True
            elif not shared(node) and not library(node):
                return False                       # the notebook's own code
            memo[node] = set_up(node, path | {node}, depth + 1)
            return memo[node]

        def set_up(code, path, depth):
            if direct.get(code, 0) > 0 or not callers.get(code) or depth > 40:
                return False
            for caller in callers[code]:
                if caller in path:
                    continue                       # recursion: the other callers decide
                if shared(caller):
                    # Shared by everything (``len``, ``getattr``): enough of its calls must
                    # have come from the import to account for its calls of ``code``.
                    from_import = sum(edge.get((c, caller), 0) for c in callers.get(caller, [])
                                      if c not in path and ok(c, path | {caller}, depth + 1))
                    if direct.get(caller, 0) > 0 and not callers.get(caller) \
                            or edge.get((caller, code), 0) > from_import:
                        return False
                elif not ok(caller, path, depth):
                    return False
            return True

        def by_import(code):
            if code not in memo:
                memo[code] = set_up(code, {code}, 0)
            return memo[code]

        return by_import

    def _started_by_library(self, entry, callees, called_from) -> bool:
        """True when a thread or process start was asked for only by ``parallel_in`` code.

        Follows every chain of callers upwards through the standard library, built-ins and
        the parallel machinery; each must reach ``parallel_in`` code (not its parallel glue)
        before the answer's code, another package or the check itself.
        """
        if not self.parallel_in:
            return False
        callers: dict = {}
        for caller, subs in callees.items():
            for sub in subs:
                callers.setdefault(sub, []).append(caller)
        seen, todo = set(), [entry.code]
        while todo:
            code = todo.pop()
            if code in seen:
                continue
            seen.add(code)
            if not isinstance(code, str):
                filename = os.path.realpath(code.co_filename)
                # The thread-start watch of this file sits between a library and its start.
                glue = bool(_PARALLEL_GLUE.search(filename)) or filename == _WATCH_FILE
                if not glue and any(_inside(filename, p) for p in self.parallel_in):
                    continue                              # the library itself asked for it
                if not (glue or _is_stdlib(filename)):
                    return False                          # the answer's code, or another package
            if self._calls.get(code, 0) > called_from.get(code, 0) or code not in callers:
                return False                              # called straight from the check
            todo += callers[code]
        return True


# Last: the watch uses helpers defined above.
_watch_thread_starts()
_watch_process_starts()

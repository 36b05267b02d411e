"""Which threads and child processes the notebook's own code started, for the shortcut guard.

One module object per process (imported, never loaded anew), so that every fresh copy of
``_shortcuts.py`` that ``trusted()`` loads reads the same record.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import weakref

#: Threads whose start the notebook's own code asked for (alive or not; weak references).
STARTED: weakref.WeakSet = weakref.WeakSet()
def _raw_now() -> frozenset:
    """Idents of the live Python threads that have no ``threading.Thread`` of their own."""
    own = {t.ident for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}
    return frozenset(i for i in sys._current_frames() if i not in own)


#: Threads without a ``threading.Thread`` alive when this module was first imported (with the
#: course library, before any answer cell ran; execnet's, for one): one started later came from
#: ``_thread.start_new_thread``, which the ``Thread.start`` watch never sees (review x03-r16).
#: A thread's ident is its stack's address and is reused, so a forked child starts afresh
#: (its parent's other threads are gone there, and a new thread may take one of their idents).
BEFORE = {"raw": _raw_now()}
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: BEFORE.update(raw=_raw_now()))
_STATE = {"watch": None, "original": None, "switched_off": False}
#: The shortcut guard's near-copy index of library files, built once per process (every fresh
#: copy of ``_shortcuts.py`` reads it): (real file, mtime_ns, size) -> its functions' shingles,
#: and (folder or file, its files' keys) -> the index over them.
NEAR: dict = {}
#: File names of the notebook cells that entered a shortcut check: the test cells (and the test
#: functions around a check). Code compiled from them is the test's, never the answer's (review
#: x03-r18 S1: an answer called a hidden test's reference helper, found with ``globals()``).
TEST_CELLS: set = set()
#: Test functions an answer bound under a public name in the notebook during a check: a later
#: check does not lend them to the answer (feedback/_shortcuts.py, ``_lent``).
TAINTED: set = set()


def install(requested_by_notebook) -> None:
    """Wrap ``threading.Thread.start`` once; notice when the notebook put the original back.

    ``requested_by_notebook(frame)`` decides, from the frame that called ``start``, whether
    the notebook's own code asked for the thread.
    """
    start = threading.Thread.start
    if start is _STATE["watch"]:
        return
    if _STATE["watch"] is not None:
        _STATE["switched_off"] = True   # installed before, replaced since

    def watched_start(self, *args, **kwargs):
        if requested_by_notebook(sys._getframe(1)):
            STARTED.add(self)
        return start(self, *args, **kwargs)

    _STATE["watch"], _STATE["original"] = watched_start, start
    threading.Thread.start = watched_start


def raw_threads(me: int) -> list[int]:
    """Idents of live Python threads started after import without a ``threading.Thread``
    (``_thread.start_new_thread``; a ``_DummyThread`` is what ``current_thread()`` makes for
    such a thread, so it counts as none)."""
    return sorted(i for i in _raw_now() if i != me and i not in BEFORE["raw"])


def switched_off() -> bool:
    """True once the watch was found replaced (the notebook put ``Thread.start`` back)."""
    return _STATE["switched_off"]


# --- Child processes -------------------------------------------------------------------------
# An answer cell can start a server process before the check (``subprocess.Popen([python, "-c",
# SERVER])``) and, inside the check, only pickle its arguments to it and read the reply: the
# check sees no library code and no start (review guardp). Every child start is recorded here
# with whether the notebook's own code asked for it; the guard refuses while such a child lives.

#: Children started since the watch: pid -> (requested by the notebook, start time in clock
#: ticks from /proc, or None where /proc is absent). A pid the kernel reused no longer matches.
CHILDREN: dict = {}
_PROC = {
    "installed": {},       # (module name, attribute) -> the wrapper set there
    "wrappers": {},        # id(original) -> (original, wrapper)
    "switched_off": False,
    "before": None,        # pid -> start time of the children alive when the watch was installed
}
#: The low-level starts (``os.spawnv*``, ``pty.fork``, ``multiprocessing`` go through these).
#: ``subprocess`` keeps its own reference to ``fork_exec``, taken when it was imported.
_STARTS = (("_posixsubprocess", "fork_exec"), ("subprocess", "_fork_exec"),
           ("posix", "fork"), ("os", "fork"), ("posix", "forkpty"), ("os", "forkpty"),
           ("posix", "posix_spawn"), ("os", "posix_spawn"),
           ("posix", "posix_spawnp"), ("os", "posix_spawnp"))
_TRACKER = re.compile(r"from multiprocessing\.resource_tracker import main;main\(\d+\)")


def proc_stat(pid):
    """(state, ppid, start time in clock ticks) of a process from /proc, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return fields[0].decode(), int(fields[1]), int(fields[19])
    except (OSError, ValueError, IndexError):
        return None


def live_children():
    """Pids of this process's children (zombies included), or None where /proc cannot tell."""
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    pids = set()
    if os.path.exists(f"/proc/self/task/{tasks[0]}/children"):
        for tid in tasks:
            try:
                with open(f"/proc/self/task/{tid}/children") as f:
                    pids.update(int(p) for p in f.read().split())
            except (OSError, ValueError):
                continue   # the thread has ended
        return pids
    me = os.getpid()   # a kernel without CONFIG_PROC_CHILDREN: every process's parent
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = proc_stat(name)
            if stat is not None and stat[1] == me:
                pids.add(int(name))
    return pids


def _stdlib_helper(args) -> bool:
    """True for ``fork_exec`` of multiprocessing's resource tracker with this interpreter.

    It runs the standard library's tracker only (it unlinks leaked semaphores and shared
    memory), and outlives every process that started it: not the notebook's computation.
    """
    try:
        argv, exe = args[0], args[1]
        return (len(argv) >= 3 and os.fsdecode(argv[-2]) == "-c"
                and _TRACKER.fullmatch(os.fsdecode(argv[-1])) is not None and len(exe) == 1
                and os.path.realpath(os.fsdecode(exe[0])) == os.path.realpath(sys.executable))
    except (TypeError, ValueError, IndexError):
        return False


def _record(pid, notebook) -> None:
    stat = proc_stat(pid)
    CHILDREN[pid] = (notebook, stat[2] if stat else None)
    if len(CHILDREN) > 256:   # forget the children that are gone
        for old, (_, born) in list(CHILDREN.items()):
            now = proc_stat(old)
            if now is None or (born is not None and now[2] != born):
                CHILDREN.pop(old, None)


def _wrap(original, name, requested_by_notebook):
    @functools.wraps(original)
    def watched_start(*args, **kwargs):
        try:
            notebook = requested_by_notebook(sys._getframe(1))
        except Exception:  # noqa: BLE001 - never break a start; count it as the notebook's
            notebook = True
        if notebook and name == "fork_exec" and _stdlib_helper(args):
            notebook = False
        result = original(*args, **kwargs)
        pid = result[0] if isinstance(result, tuple) else result
        if isinstance(pid, int) and pid > 0:   # the parent (a forked child gets 0)
            _record(pid, notebook)
        return result

    return watched_start


def _forget_in_child() -> None:
    CHILDREN.clear()    # a forked child has none of its parent's children
    _PROC["before"] = {}


def install_processes(requested_by_notebook) -> None:
    """Wrap the process starts once; notice when the notebook put an original back.

    ``requested_by_notebook(frame)`` decides, from the frame that called the start, whether
    the notebook's own code asked for the process. Safe to call on every check.
    """
    first = _PROC["before"] is None
    if first:
        children = live_children()
        _PROC["before"] = {} if children is None else {
            pid: stat[2] for pid in children if (stat := proc_stat(pid)) is not None}
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_forget_in_child)
    wrappers = _PROC["wrappers"]
    for module_name, attr in _STARTS:
        module = sys.modules.get(module_name)
        current = getattr(module, attr, None) if module is not None else None
        if current is None:
            continue
        key = (module_name, attr)
        installed = _PROC["installed"].get(key)
        if current is installed:
            continue
        if installed is not None:
            _PROC["switched_off"] = True   # installed before, replaced since
        if any(current is w for _, w in wrappers.values()):
            _PROC["installed"][key] = current   # e.g. subprocess imported after the watch
            continue
        if id(current) not in wrappers:
            wrappers[id(current)] = (current, _wrap(current, attr, requested_by_notebook))
        wrapper = wrappers[id(current)][1]
        setattr(module, attr, wrapper)
        _PROC["installed"][key] = wrapper


def processes_switched_off() -> bool:
    """True once a process start was found unwrapped again (an original put back)."""
    return _PROC["switched_off"]

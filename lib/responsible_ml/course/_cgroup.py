"""A control group per grading sandbox: one memory total and one process count for all of it.

``RLIMIT_AS`` bounds each *process*; a submission that starts several processes could hold
their sum. A control group bounds the *sandbox*: every process in it and the files it
keeps in its tmpfs folders count towards one ``memory`` total, and ``pids`` towards one
count, whatever user id they run as (so two grading runs on one machine never share a
limit). Made as a child of the grader's own control group (root, or a delegated cgroup):

* cgroup v2 (``/sys/fs/cgroup`` with the ``memory`` and ``pids`` controllers enabled for
  children): ``memory.max``, ``memory.swap.max`` = 0, ``pids.max``;
* cgroup v1 (``/sys/fs/cgroup/memory`` and ``/sys/fs/cgroup/pids``):
  ``memory.limit_in_bytes`` (and ``memory.memsw.limit_in_bytes`` where swap is accounted),
  ``pids.max``.

:func:`create` returns None where neither can be made (not root, no delegation, no
controllers): the sandbox then falls back to fewer processes × ``RLIMIT_AS``
(``SandboxKernelManager.fallback_processes``), and :func:`support` says which holds.
"""

from __future__ import annotations

import functools
import os
import pathlib
import secrets
import signal
import time

__all__: list[str] = []

ROOT = pathlib.Path("/sys/fs/cgroup")


def _own(controller: str) -> str | None:
    """This process's cgroup path for a v1 controller ('' for v2 when controller is '')."""
    try:
        lines = pathlib.Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3 and (parts[1].split(",") == [controller] if controller
                                else parts[0] == "0" and parts[1] == ""):
            return parts[2]
    return None


def _write(path: pathlib.Path, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


class Cgroup:
    """The folders of one sandbox's control group (one for v2, two for v1)."""

    def __init__(self, folders: list[pathlib.Path], version: int):
        self.folders = folders
        self.version = version

    @property
    def procs(self) -> list[str]:
        """The ``cgroup.procs`` files a new process must be written into."""
        return [str(f / "cgroup.procs") for f in self.folders]

    def peak_bytes(self) -> int | None:
        """Most memory the group held (None where the kernel does not say)."""
        for name in ("memory.peak", "memory.max_usage_in_bytes"):
            for f in self.folders:
                try:
                    return int((f / name).read_text())
                except (OSError, ValueError):
                    continue
        return None

    def remove_once(self) -> bool:
        """Kill whatever is left in the group and try to remove its folders once."""
        for folder in list(self.folders):
            try:
                pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                folder.rmdir()
            except FileNotFoundError:
                pass
            except OSError:
                continue
            self.folders.remove(folder)
        return not self.folders

    def remove(self, wait: float = 1.0) -> None:
        """Remove the group, waiting up to ``wait`` s; else leave it to :func:`sweep`."""
        end = time.monotonic() + wait
        while not self.remove_once():
            if time.monotonic() > end:
                later(self)
                return
            time.sleep(0.02)


#: Groups whose processes had not all gone yet (removed by the next create or at exit).
_PENDING: list[Cgroup] = []


def later(group: Cgroup) -> None:
    """Remove ``group`` as soon as it is empty (next :func:`create`, or at exit)."""
    if not _PENDING:
        import atexit

        atexit.register(sweep, 2.0)
    _PENDING.append(group)


def sweep(wait: float = 0.0) -> None:
    """Remove the groups left by :func:`later` that are empty now (or within ``wait`` s)."""
    end = time.monotonic() + wait
    while _PENDING:
        _PENDING[:] = [g for g in _PENDING if not g.remove_once()]
        if not _PENDING or time.monotonic() > end:
            return
        time.sleep(0.05)


def _v2_base() -> pathlib.Path | None:
    own = _own("")
    if own is None:
        return None
    for mount in (ROOT, ROOT / "unified"):
        base = mount / own.lstrip("/")
        try:
            enabled = (base / "cgroup.subtree_control").read_text().split()
        except OSError:
            continue
        if {"memory", "pids"} <= set(enabled):
            return base
    return None


def create(memory_bytes: int, pids: int) -> Cgroup | None:
    """A new control group limited to ``memory_bytes`` and ``pids``; None where impossible."""
    sweep()
    name = f"rml-sandbox-{os.getpid()}-{secrets.token_hex(4)}"
    base = _v2_base()
    if base is not None:
        folder = base / name
        try:
            folder.mkdir()
            _write(folder / "memory.max", str(memory_bytes))
            if (folder / "memory.swap.max").exists():
                _write(folder / "memory.swap.max", "0")
            _write(folder / "pids.max", str(pids))
            return Cgroup([folder], 2)
        except OSError:
            Cgroup([folder], 2).remove(0)
    made: list[pathlib.Path] = []
    try:
        for controller in ("memory", "pids"):
            own = _own(controller)
            if own is None:
                return None
            parent = ROOT / controller / own.lstrip("/")
            if not parent.is_dir():
                return None
            folder = parent / name
            folder.mkdir()
            made.append(folder)
        memory, tasks = made
        _write(memory / "memory.limit_in_bytes", str(memory_bytes))
        if (memory / "memory.memsw.limit_in_bytes").exists():
            try:
                _write(memory / "memory.memsw.limit_in_bytes", str(memory_bytes))
            except OSError:
                pass  # swap not accounted here: nothing more to bound
        _write(tasks / "pids.max", str(pids))
        return Cgroup(made, 1)
    except OSError:
        Cgroup(made, 1).remove(0)
        return None


@functools.lru_cache(maxsize=1)
def support() -> str:
    """'cgroup v2', 'cgroup v1' or '' (none): what this machine gives the sandbox (cached)."""
    group = create(64 << 20, 8)
    if group is None:
        return ""
    group.remove(0)
    return f"cgroup v{group.version}"


#: Runs first, as the grader (before bwrap): joins the sandbox's groups, then execs bwrap.
JOIN = ('for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f" || exit 97; shift; '
        'done; shift; exec "$@"')


def wrap(cmd: list[str], group: Cgroup | None) -> list[str]:
    """``cmd`` started inside ``group`` (unchanged when there is none)."""
    if group is None:
        return cmd
    return ["/bin/sh", "-c", JOIN, "rml-cgroup", *group.procs, "--", *cmd]

"""Mutation testing of an exercise: do its tests fail for plausible wrong answers?

A *mutant* is the reference solution of one answer cell with one plausible mistake
(dividing by the wrong count, ``>`` for ``>=``, a forgotten group...). The exercise's
test cells (visible and hidden) run against it; the mutant is *killed* when at least
one test cell fails. An exercise whose tests kill every listed mutant really tells right
from wrong.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import pickle
import selectors
import signal
import sys
import time

__all__ = ["run_mutants", "run_notebook_cells"]


class MutantRunError(RuntimeError):
    """A mutant could not be checked: its process crashed, hung or sent no result."""


def _cells(path):
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        kind = ("test" if meta.get("grade") and not meta.get("solution")
                else "answer" if meta.get("solution") else "other")
        owned = bool(meta.get("locked") or meta.get("grade")) and not meta.get("solution")
        out.append((meta.get("grade_id", ""), kind, src, owned))
    return out


def run_notebook_cells(path, replace: dict[str, str] | None = None, *,
                       trainee: str | None = None, course: str | None = None,
                       only: set[str] | None = None) -> dict[str, str | None]:
    """Execute a solutions notebook's code cells in one fresh namespace, in order.

    Parameters
    ----------
    path : path-like
        The nbgrader source notebook.
    replace : dict, optional
        ``{answer grade_id: source}`` to run instead of that answer cell.
    trainee : str, optional
        Grade as this trainee's variant, as the grader does: every cell the grader owns
        (locked or test) starts with :func:`._variants.grader_line`. Default: no trainee
        id (self-study, variant 0). The process environment is restored afterwards.
    course : str, optional
        The course id for `trainee` (default: the course's).
    only : set of str, optional
        Run only the cells with these grade_ids (a quick check of some questions).

    Returns
    -------
    dict
        ``{test grade_id: None if it passed else "ExceptionType: message"}``.
    """
    replace = replace or {}
    path = pathlib.Path(path).resolve()
    namespace: dict = {"__name__": "__main__"}
    results: dict[str, str | None] = {}
    from ._variants import COURSE_ENV, TRAINEE_ENV, grader_line

    saved = {k: os.environ.get(k) for k in (TRAINEE_ENV, COURSE_ENV)}
    for key in saved:  # the test process's own environment never picks the variant
        os.environ.pop(key, None)
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        prefix = grader_line(course, trainee) + "\n" if trainee else None
        for cell in _cells(path):
            if only is not None and cell[0] not in only:
                continue
            _run_cell(cell, replace, namespace, results, prefix)
    finally:
        os.chdir(old)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return results


def _run_cell(cell, replace, namespace, results, prefix=None):
    grade_id, kind, src, owned = cell
    src = replace.get(grade_id, src)
    if prefix and owned:  # the grader's first line: the trainee's id, set by the grader
        src = prefix + src
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            # dont_inherit: not under this module's `from __future__ import annotations`, as in a kernel
            exec(compile(src, f"<{grade_id or 'cell'}>", "exec", dont_inherit=True), namespace)  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - a failing cell is a result, not a crash
        if kind == "test":
            results[grade_id] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return
    if kind == "test":
        results[grade_id] = None


class _Child:
    """One forked mutant run: its pid, the read end of its pipe, what it sent so far."""

    def __init__(self, key, pid, fd, timeout):
        self.key, self.pid, self.fd = key, pid, fd
        self.deadline = time.monotonic() + timeout
        self.data = bytearray()
        self.status = None  # waitpid status once it ended
        self.eof = False
        self.timed_out = False


def _fork_mutant(key, cells, start, replace, namespace, results, timeout, until=(),
                 first_failure=False):
    """Fork a child that runs ``cells[start:]`` with ``replace`` and pipes its results back
    (stopping once every test cell named in ``until`` has run, when it names any, and, with
    ``first_failure``, once a test cell it ran failed)."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_fd)
            # The parent's signal handlers (pytest's, an alarm) are not ours to run.
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            child_results = dict(results)
            stop = set(until)
            for cell in cells[start:]:
                _run_cell(cell, replace, namespace, child_results)
                if stop and stop <= child_results.keys():
                    break
                if first_failure and cell[1] == "test" and child_results.get(cell[0]):
                    break
            payload = pickle.dumps(child_results, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
            code = 0
        except BaseException:  # noqa: BLE001 - anything else: the parent reports a crash
            code = 2
        finally:
            os._exit(code)
    os.close(write_fd)
    os.set_blocking(read_fd, False)
    return _Child(key, pid, read_fd, timeout)


def _drain(child):
    """Read what the child's pipe holds now; note the end of the pipe."""
    while not child.eof:
        try:
            chunk = os.read(child.fd, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            child.eof = True
        child.data += chunk


def _poll(children, finished, block):
    """Read pipes, reap ended children, kill late ones; move ended ones to ``finished``."""
    if block:
        wait = max(0.0, min(min(c.deadline for c in children) - time.monotonic(), 0.2))
        with selectors.DefaultSelector() as selector:
            for child in children:
                if not child.eof:
                    selector.register(child.fd, selectors.EVENT_READ, child)
            if selector.get_map():
                selector.select(wait)
            else:
                time.sleep(wait)
    for child in list(children):
        _drain(child)
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if not pid and time.monotonic() > child.deadline:
            os.kill(child.pid, signal.SIGKILL)
            child.timed_out = True
            pid, status = os.waitpid(child.pid, 0)
        if pid:
            # It wrote its whole result before exiting: the pipe holds the rest.
            child.status = status
            _drain(child)
            os.close(child.fd)
            children.remove(child)
            finished.append(child)


def _outcome(child, timeout):
    if child.timed_out:
        return f"no result after {timeout:g} s (killed)"
    code = os.waitstatus_to_exitcode(child.status)
    if code < 0:
        return f"killed by signal {signal.Signals(-code).name}"
    if code != 0:
        return f"crashed (exit status {code})"
    try:
        outcome = pickle.loads(bytes(child.data))
    except Exception as exc:  # noqa: BLE001
        return f"sent an unreadable result ({type(exc).__name__})"
    return outcome


def run_mutants(path, mutants: dict[str, dict[str, str]], *, timeout: float = 300,
                workers: int = 2, until=None,
                stop_at_failure=()) -> dict[tuple[str, str], dict[str, str | None]]:
    """Run a solutions notebook once per mutant, sharing the work before each answer cell.

    Gives, for every mutant, exactly what ``run_notebook_cells(path, {answer: source})``
    gives, but executes the notebook only once: at the first cell whose ``grade_id`` is an
    answer with mutants, the process :func:`os.fork` s one child per mutant (at most
    ``workers`` at a time); each child runs the mutant's source there and every remaining
    cell (with the same replacement), pipes its results back and exits, while this process
    goes on with the reference source. A child starts from this process's state after the
    cells before the answer, which is the state a fresh serial run reaches provided those
    cells are deterministic (every random step seeded). POSIX only.

    Parameters
    ----------
    path : path-like
        The nbgrader source notebook.
    mutants : dict
        ``{answer grade_id: {label: replacement source}}``.
    timeout : float, default 300
        Seconds a child may run before it is killed.
    workers : int, default 2
        Children running at the same time.
    until : dict, optional
        ``{(answer grade_id, label): test grade_ids}``: that mutant's run stops once each of
        those test cells has run (e.g. the answer's own tests, when later cells do not
        matter); its result then holds the test cells run so far.
    stop_at_failure : collection of tuple, optional
        ``(answer grade_id, label)`` keys whose run stops at the first test cell that fails
        (enough to tell a killed mutant from a survivor); its result then holds the test
        cells run so far, the failed one last. A survivor's run is not shortened.

    Returns
    -------
    dict
        ``{(answer grade_id, label): {test grade_id: None or "ExceptionType: message"}}``.

    Raises
    ------
    MutantRunError
        When a child crashed, hung or sent no readable result (naming every such mutant),
        after all the others ran: such a mutant is neither killed nor surviving.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return {(answer, label): run_notebook_cells(path, {answer: source})
                for answer, variants in mutants.items() for label, source in variants.items()}
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    path = pathlib.Path(path).resolve()
    cells = _cells(path)
    namespace: dict = {"__name__": "__main__"}
    results: dict[str, str | None] = {}
    running: list[_Child] = []
    finished: list[_Child] = []
    pending = {answer: variants for answer, variants in mutants.items() if variants}
    from ._variants import COURSE_ENV, TRAINEE_ENV

    saved = {k: os.environ.pop(k, None) for k in (TRAINEE_ENV, COURSE_ENV)}  # variant 0
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        for index, cell in enumerate(cells):
            answer = cell[0]
            for label, source in pending.pop(answer, {}).items():
                while len(running) >= workers:
                    _poll(running, finished, block=True)
                running.append(_fork_mutant((answer, label), cells, index, {answer: source},
                                            namespace, results, timeout,
                                            (until or {}).get((answer, label), ()),
                                            (answer, label) in stop_at_failure))
            _poll(running, finished, block=False)
            _run_cell(cell, {}, namespace, results)
        while running:
            _poll(running, finished, block=True)
    except BaseException:
        for child in running:  # do not leave children behind
            with contextlib.suppress(OSError):
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
                os.close(child.fd)
        raise
    finally:
        os.chdir(old)
        os.environ.update({k: v for k, v in saved.items() if v is not None})
    out: dict[tuple[str, str], dict[str, str | None]] = {}
    failures = []
    for child in finished:
        outcome = _outcome(child, timeout)
        if isinstance(outcome, dict):
            out[child.key] = outcome
        else:
            failures.append(f"{child.key[0]}: {child.key[1]}: {outcome}")
    # An answer id that no cell has: the serial run would run the reference unchanged.
    for answer, variants in pending.items():
        for label in variants:
            out[(answer, label)] = dict(results)
    if failures:
        raise MutantRunError(f"{path.name}: these mutants could not be checked: {failures}")
    return {(answer, label): out[(answer, label)]
            for answer, variants in mutants.items() for label in variants}



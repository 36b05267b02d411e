"""The worker pool: long-lived grading processes fed one submission at a time.

Why workers with their own gradebook: nbgrader keeps its gradebook in SQLite and treats
any database error as fatal for the whole run. Several ``nbgrader autograde --student S``
processes writing to one file usually get by on SQLite's 5-second busy timeout, but a
long write under load turns into "database is locked" and stops that run; each such
process also pays nbgrader's start-up (seconds) per trainee. Each worker
(:mod:`responsible_ml.course._worker`) therefore stays up for many trainees and grades in
its own folder with a copy of the gradebook; the parent merges each finished submission.
"""

from __future__ import annotations

import json
import os
import pathlib
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence

from ._env import tool_env
from ._settings import CourseSettings

__all__: list[str] = []


class Worker:
    """A worker process and the thread that feeds it students.

    The process is started at once (importing nbgrader takes seconds) and is told
    where the course keeps things by :meth:`setup` once the parent knows.
    """

    def __init__(self, index: int, course: pathlib.Path, args: Sequence[str],
                 base: pathlib.Path, direct: bool, env: dict | None = None):
        self.dir = base / f"worker-{index}"
        self.dir.mkdir()
        self.db = None if direct else self.dir / "gradebook.db"
        self.cmd = [sys.executable, "-m", "responsible_ml.course._worker", str(self.dir),
                    *args, *(["--direct"] if direct else [])]  # non-SQLite: write directly
        self.course = course
        self.env = env if env is not None else tool_env()
        self.settings: CourseSettings | None = None
        self.proc: subprocess.Popen | None = None
        self.log = open(self.dir / "worker.log", "a")  # noqa: SIM115 - closed in stop()
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=self.course, env=self.env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, start_new_session=True)
        if self.settings is not None:
            self._send_setup()

    def setup(self, settings: CourseSettings) -> None:
        """Link the sources, copy the gradebook, and tell the process the course's folders.

        Called again before each assignment: the fresh gradebook copy then holds it.
        """
        for folder in (settings.source, settings.release):
            link = self.dir / pathlib.Path(folder).name
            if pathlib.Path(folder).exists() and not link.exists():
                link.symlink_to(folder, target_is_directory=True)
        if self.db is not None:
            shutil.copy(settings.sqlite_path, self.db)
        if self.settings is None:
            self.settings = settings
            self._send_setup()

    def _send_setup(self) -> None:
        s = self.settings
        dirs = {"root": s.root, "submitted": s.submitted, "autograded": s.autograded,
                "feedback": s.feedback}
        try:
            self.proc.stdin.write(json.dumps(dirs) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # reported when the first student gets no answer

    def grade(self, name: str, student: str, timeout: float) -> dict:
        if self.proc.poll() is not None:
            self.start()
        timer = threading.Timer(timeout, self.kill)
        timer.start()
        try:
            self.proc.stdin.write(f"{name}\t{student}\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        finally:
            timer.cancel()
        if not line:
            timed_out = self.proc.poll() is None or self.proc.returncode == -9
            self.kill()
            self.log.flush()
            tail = (self.dir / "worker.log").read_text(errors="replace").strip().splitlines()[-3:]
            why = (f"took longer than {timeout:.0f} s in all and was stopped" if timed_out
                   else "the grading process stopped unexpectedly")
            return {"student": student, "success": False, "log": "\n".join(tail),
                    "error": f"WorkerDied: {why}; the submission was not graded "
                             f"(last words: {' / '.join(tail)[-300:]})"}
        return json.loads(line)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def stop(self) -> None:
        if self.settings is None:  # never used: no need to wait for it
            self.kill()
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (subprocess.TimeoutExpired, OSError):
                self.kill()
        if self.proc is not None:
            for pipe in (self.proc.stdin, self.proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
        self.log.close()


def run(workers: Sequence[Worker], name: str, students: Sequence[str], timeout: float,
        finished: Callable[[Worker, dict], None]) -> None:
    """Grade ``students`` on ``workers``; call ``finished(worker, outcome)`` for each here.

    ``finished`` runs in the calling thread (one at a time), so it may write the course
    gradebook while the workers go on grading.
    """
    tasks: queue.Queue = queue.Queue()
    for s in students:
        tasks.put(s)
    done: queue.Queue = queue.Queue()

    def feed(worker: Worker) -> None:
        while True:
            try:
                student = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = worker.grade(name, student, timeout)
            except Exception as err:  # noqa: BLE001 - never lose a student
                outcome = {"student": student, "success": False, "log": "",
                           "error": f"WorkerDied: {err}"}
            done.put((worker, outcome))

    threads = [threading.Thread(target=feed, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    for _ in students:
        finished(*done.get())
    for t in threads:
        t.join()

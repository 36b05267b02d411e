"""The course's spawner: JupyterHub's LocalProcessSpawner plus per-trainee limits.

One server, no Docker, no systemd (TLJH uses systemdspawner; this machine and many
containers have no running systemd). Limits come from the kernel directly, picked in this
order by ``limits="auto"``:

``cgroup-v2``  a child of the hub's own cgroup (``memory.max``, ``cpu.max``) when the hub's
               cgroup delegates the memory and cpu controllers (``cgroup.subtree_control``);
``cgroup-v1``  a child of the hub's own cgroup in the ``memory`` and ``cpu`` hierarchies
               (``memory.limit_in_bytes``, ``cpu.cfs_quota_us``) when they are writable;
``rlimit``     ``RLIMIT_AS`` (address space) on the server and, inherited, on every kernel
               it starts; each process separately, and no CPU limit.

A cgroup holds the trainee's server and every kernel and terminal it starts: the memory
limit is for all of them together (the kernel's OOM killer stops the biggest process, in
practice the kernel that allocated), and the CPU quota caps the trainee at ``cpu_limit``
cores however many processes they start. The spawner logs which method holds.

``Spawner.mem_limit`` and ``Spawner.cpu_limit`` are JupyterHub's own settings; other
spawners (systemdspawner, KubeSpawner) enforce the same two.
"""

from __future__ import annotations

import os
import pathlib
import resource
import shutil

from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner
from traitlets import Unicode

CGROUP_ROOT = pathlib.Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000
GROUP = "rml-hub"  # our children are <hub's cgroup>/rml-hub/<user>


def _own_cgroup(controller: str) -> str | None:
    """The hub process's cgroup path for a v1 controller ('' for v2), from /proc/self/cgroup."""
    try:
        lines = pathlib.Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path
    return None


def _writable_dir(path: pathlib.Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


def detect_limits() -> str:
    """Which way of limiting a trainee works here: cgroup-v2, cgroup-v1 or rlimit."""
    v2 = _own_cgroup("")
    if v2 is not None and (CGROUP_ROOT / "cgroup.controllers").exists():
        base = CGROUP_ROOT / v2.lstrip("/")
        try:
            delegated = (base / "cgroup.subtree_control").read_text().split()
        except OSError:
            delegated = []
        if {"memory", "cpu"} <= set(delegated) and _writable_dir(base):
            return "cgroup-v2"
    mem, cpu = _own_cgroup("memory"), _own_cgroup("cpu")
    if mem is not None and cpu is not None:
        if (_writable_dir(CGROUP_ROOT / "memory" / mem.lstrip("/"))
                and _writable_dir(CGROUP_ROOT / "cpu" / cpu.lstrip("/"))):
            return "cgroup-v1"
    return "rlimit"


def cgroup_dirs(method: str, user: str) -> list[pathlib.Path]:
    """The cgroup folders of one trainee (empty for rlimit)."""
    if method == "cgroup-v2":
        return [CGROUP_ROOT / _own_cgroup("").lstrip("/") / GROUP / user]
    if method == "cgroup-v1":
        return [CGROUP_ROOT / c / _own_cgroup(c).lstrip("/") / GROUP / user for c in ("memory", "cpu")]
    return []


class _CourseBase(LocalProcessSpawner):
    """Applies ``mem_limit`` and ``cpu_limit`` before the server's process starts, and
    copies the lessons into the trainee's home at the first start (never overwrites)."""

    lessons_dir = Unicode("", config=True, help="Folder copied to ~/lessons once.")
    limits = Unicode("auto", config=True,
                     help="How to limit each server: auto, cgroup-v2, cgroup-v1, rlimit or none.")

    def _method(self) -> str:
        return detect_limits() if self.limits == "auto" else self.limits

    def _prepare_cgroups(self, method: str) -> list[pathlib.Path]:
        dirs = cgroup_dirs(method, self.user.name)
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        mem, cpu = self.mem_limit, self.cpu_limit
        if method == "cgroup-v2":
            (group,) = dirs
            (group.parent / "cgroup.subtree_control").write_text("+memory +cpu")
            if mem:
                (group / "memory.max").write_text(str(int(mem)))
                if (group / "memory.swap.max").exists():
                    (group / "memory.swap.max").write_text("0")
            if cpu:
                (group / "cpu.max").write_text(f"{int(cpu * CPU_PERIOD_US)} {CPU_PERIOD_US}")
        elif method == "cgroup-v1":
            memdir, cpudir = dirs
            # All trainees share the group rml-hub, which the CPU scheduler weighs like ONE
            # process against everything outside it; weigh it like one process per trainee,
            # so a class is not starved by other work on the machine (each trainee's own
            # weight stays the default, and the quota below caps them).
            children = sum(1 for d in cpudir.parent.iterdir() if d.is_dir())
            (cpudir.parent / "cpu.shares").write_text(str(min(1024 * max(children, 1), 262144)))
            if mem:
                (memdir / "memory.limit_in_bytes").write_text(str(int(mem)))
            if cpu:
                (cpudir / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
                (cpudir / "cpu.cfs_quota_us").write_text(str(int(cpu * CPU_PERIOD_US)))
        return dirs

    async def start(self):
        method = self._method()
        self.limits_method = method
        self._cgroups = self._prepare_cgroups(method) if method.startswith("cgroup") else []
        self.log.info("Limits for %s: memory %s bytes, %s CPUs, via %s", self.user.name,
                      self.mem_limit, self.cpu_limit, method)
        return await super().start()

    def get_env(self):
        env = super().get_env()
        env["RML_LIMITS_METHOD"] = getattr(self, "limits_method", "")
        return env

    def make_preexec_fn(self, name):
        base = super().make_preexec_fn(name)
        procs = [str(d / "cgroup.procs") for d in getattr(self, "_cgroups", [])]
        mem = int(self.mem_limit or 0)
        use_rlimit = getattr(self, "limits_method", "") == "rlimit"

        def preexec():
            # Still root here (before set_user_setuid drops to the trainee): join the cgroup,
            # so the server and everything it starts are counted and limited together.
            for path in procs:
                with open(path, "w") as fh:
                    fh.write(str(os.getpid()))
            if use_rlimit and mem:
                resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
            if base is not None:
                base()

        return preexec

    async def stop(self, now=False):
        result = await super().stop(now=now)
        for d in getattr(self, "_cgroups", []):
            try:
                d.rmdir()  # only once empty; a leftover is removed at the next start
            except OSError:
                pass
        return result

    def _copy_lessons(self, home: pathlib.Path, uid: int | None, gid: int | None) -> None:
        if not self.lessons_dir:
            return
        target = home / "lessons"
        if target.exists():
            return
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.lessons_dir, target,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if uid is not None:
            for path in [target, *target.rglob("*")]:
                os.chown(path, uid, gid)


class CourseSpawner(_CourseBase):
    """Each trainee is a Unix account (PAM log-in); server and kernels run as that account."""

    async def start(self):
        import pwd

        entry = pwd.getpwnam(self.user.name)
        home = pathlib.Path(entry.pw_dir)
        if not home.exists():
            home.mkdir(mode=0o700, parents=True)
            os.chown(home, entry.pw_uid, entry.pw_gid)
        self._copy_lessons(home, entry.pw_uid, entry.pw_gid)
        return await super().start()


class SimpleCourseSpawner(_CourseBase, SimpleLocalProcessSpawner):
    """Rehearsal without root: every server runs as the hub's own user (no file isolation).

    nbgrader takes the trainee id from the Unix user; here all are one user, so the id
    comes from ``RML_STUDENT_ID`` (read by deploy/singleuser/nbgrader_config.py).
    """

    async def start(self):
        self._copy_lessons(pathlib.Path(self.home_dir), None, None)
        return await super().start()

    def get_env(self):
        env = super().get_env()
        env["RML_STUDENT_ID"] = self.user.name
        return env

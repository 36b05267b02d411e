"""The grading sandbox: every grading kernel runs inside bubblewrap (``bwrap``).

nbgrader runs a trainee's notebook in a kernel with the grader's rights: without a
sandbox, the notebook could read ``solutions/`` and copy the answers, write into the
gradebook, read other trainees' work and the instructor's files, open connections, and
leave processes behind. :class:`SandboxKernelManager` (the kernel manager nbgrader's
``Execute`` step uses, set in ``nbgrader_config.py``; the ``grade`` command sets it on
the command line as well) starts each kernel as

    bwrap <only the runtime, read-only> <private tmpfs folders> <no network, own PIDs>
          python -c BOOTSTRAP <submission> <working folder> -f <connection file> …

What the kernel sees:

* read-only: ``/usr`` (the system's libraries), the Python installation, the virtual
  environment, the ``responsible_ml`` package and ``datasets/`` — each at its real path;
* its working folder: a tmpfs of ``folder_mb`` MiB holding a copy of the submission
  (the submission itself is also visible, read-only, at ``/run/submission``);
* an empty private ``/tmp`` and HOME (``/home/trainee``), tmpfs of ``scratch_mb`` MiB each;
* a folder holding only its own connection file and ZeroMQ ``ipc`` sockets (no network
  means no TCP; the folder is locked read-only as soon as the sockets exist);
* its own ``/proc`` (no other process), ``/dev`` (null, zero, random, …), no network,
  a minimal ``/etc/passwd``; no other file of the machine, nothing of the course;
* a seccomp filter: no new user namespace, ``ptrace``, ``mount``, ``bpf``, ``keyctl``, …;
* limits: ``processes`` (RLIMIT_NPROC, held even when grading as root — the kernel runs
  as an unprivileged user id of its own), ``file_size_mb`` (RLIMIT_FSIZE), no core
  dumps; the memory limit of ``grading_kernel_arguments`` stays;
* a control group of its own (:mod:`._cgroup`): ``memory_mb`` for every process and tmpfs
  file of the sandbox together, and ``processes`` (``pids.max``); where none can be made,
  at most ``fallback_processes`` processes (as root);
* a file with more than one hard link in the submission is refused like a symbolic link.

The grader's side reads the kernel through :class:`BoundedKernelClient`: at most
:data:`MESSAGE_LIMIT` bytes of any one message are kept, a frame over :data:`FRAME_LIMIT`
is refused unread (see ``_execute`` for the per-cell and per-notebook bounds).

When the kernel ends, bwrap's PID namespace ends and takes every process the notebook
started with it (``--die-with-parent``, ``--unshare-pid``).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Integer, Type, Unicode

from . import _cgroup
from ._env import kernel_env

__all__ = [
    "SandboxKernelManager",
    "refuse_linked_files",
]

#: The error when grading cannot be sandboxed here.
_NO_BWRAP = ("cannot grade: the grading sandbox needs bubblewrap (`bwrap`), which {why}. "
             "Install it (Debian/Ubuntu: `apt-get install bubblewrap`, or `make grade-deps`), "
             "or grade WITHOUT the sandbox on a machine where nothing else is at stake: "
             "`python -m responsible_ml grade --no-sandbox` (plain nbgrader: set "
             "RML_NO_SANDBOX=1).")
#: Printed on every run graded with ``--no-sandbox``.
_NO_SANDBOX_WARNING = ("grading WITHOUT the sandbox (--no-sandbox): every submission's code "
                       "runs with your rights and can read solutions/, the gradebook, other "
                       "trainees' work and your files. The summary records this.")
#: A submission holding links or special files is not run (they could point anywhere).
_SUBMISSION_LINKS = ("the submission holds symbolic links, hard links or special files "
                     "({names}); the grading sandbox does not run it")
#: Environment variable: "1" makes nbgrader_config.py choose nbgrader's plain kernels.
NO_SANDBOX_ENV = "RML_NO_SANDBOX"
#: Environment variable: path of the bwrap program (default: found on PATH).
BWRAP_ENV = "RML_BWRAP"

#: The kernel's user inside the sandbox, its HOME, and where the submission is shown.
INSIDE_UID = 1000
HOME = "/home/trainee"
SUBMISSION = "/run/submission"
#: Grading as root, each kernel runs as its own unprivileged user id from this range
#: (never in /etc/passwd), so the process limit holds (root is exempt from RLIMIT_NPROC).
UID_BASE = 2_100_000_000
_UID_SPAN = 40_000_000
_counter = itertools.count()


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


class UnsandboxedGrading(UserWarning):
    """Grading runs submissions without the sandbox."""


# --------------------------------------------------------------------------- bwrap
def bwrap_path() -> str | None:
    """The bwrap program: ``$RML_BWRAP`` or ``bwrap`` on ``PATH`` (None when missing)."""
    given = os.environ.get(BWRAP_ENV)
    if given:
        return given if os.access(given, os.X_OK) else None
    return shutil.which("bwrap") or next(
        (p for p in ("/usr/bin/bwrap", "/bin/bwrap") if os.access(p, os.X_OK)), None)


@functools.lru_cache(maxsize=4)
def _probe(bwrap: str, as_root: bool) -> str:
    """'' when bwrap can make the sandbox here, else why not (cached per process)."""
    cmd = [bwrap, *_namespaces(as_root), "--ro-bind", "/usr", "/usr", *_usr_links(),
           "--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as err:
        return f"could not be started ({err})"
    if proc.returncode:
        return f"fails here ({proc.stderr.strip()[-300:] or f'exit {proc.returncode}'})"
    return ""


def sandbox_available() -> str:
    """'' when grading kernels can be sandboxed here, else the reason (for messages)."""
    bwrap = bwrap_path()
    if bwrap is None:
        return "is not installed (no `bwrap` on PATH)"
    return _probe(bwrap, os.geteuid() == 0)


def check_available() -> None:
    """Raise :class:`SandboxUnavailable` (message :data:`_NO_BWRAP`) unless it works here."""
    why = sandbox_available()
    if why:
        raise SandboxUnavailable(_NO_BWRAP.format(why=why))


def kernel_manager_option(sandbox: bool) -> str:
    """The nbgrader option that picks the sandboxed kernels (or nbgrader's own ones)."""
    klass = (f"{__name__}.SandboxKernelManager" if sandbox
             else "jupyter_client.manager.AsyncKernelManager")
    return f"--Execute.kernel_manager_class={klass}"


def _namespaces(as_root: bool) -> list[str]:
    """Namespaces and privileges.

    As root, bwrap needs no user namespace; the bootstrap keeps only the capabilities
    to hand its folders to the kernel's own user id and to switch to it, and drops
    them with the switch (a kernel running as root would be exempt from RLIMIT_NPROC).
    As another user, bwrap makes a user namespace, in which the limit holds.
    """
    own = (["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
            "--cap-add", "CAP_CHOWN"] if as_root else ["--unshare-user", "--disable-userns"])
    return [*own, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--hostname", "grading"]


def _usr_links() -> list[str]:
    """/bin, /lib, … as on the host: symlinks into /usr (merged /usr), else read-only."""
    out: list[str] = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = pathlib.Path("/") / name
        if path.is_symlink():
            out += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            out += ["--ro-bind", str(path), str(path)]
    return out


def _sandbox_uid() -> int:
    """An unprivileged host user id for one kernel (unique among live kernels)."""
    return UID_BASE + (os.getpid() * 97 + next(_counter)) % _UID_SPAN


def runtime_paths() -> list[str]:
    """What a grading kernel may read: the Python runtime, the package and the datasets.

    Real paths (symlinks resolved), without duplicates or folders inside one another.
    """
    from .._datasets_path import datasets_dir

    package = pathlib.Path(__file__).resolve().parents[1]
    wanted = [pathlib.Path(sys.base_prefix), pathlib.Path(sys.prefix), package,
              pathlib.Path(datasets_dir())]
    real = sorted({p.resolve() for p in wanted if p.exists()}, key=lambda p: len(p.parts))
    keep: list[pathlib.Path] = []
    for p in real:
        if not any(p == k or k in p.parents for k in keep) and not str(p).startswith("/usr/"):
            keep.append(p)
    return [str(p) for p in keep]


# --------------------------------------------------------------------------- seccomp
#: x86-64 system calls a grading kernel never needs; refused with EPERM. Also refused: a
#: new user namespace (unshare/clone with CLONE_NEWUSER: as root bwrap cannot forbid it
#: otherwise), clone3 (ENOSYS, so the C library falls back to clone, whose flags are seen).
_DENIED = {"ptrace": 101, "setns": 308, "add_key": 248, "request_key": 249, "keyctl": 250,
           "perf_event_open": 298, "bpf": 321, "userfaultfd": 323, "kexec_load": 246,
           "init_module": 175, "finit_module": 313, "mount": 165, "umount2": 166,
           "pivot_root": 155, "chroot": 161}
_AUDIT_ARCH_X86_64, _CLONE_NEWUSER = 0xC000003E, 0x10000000


def seccomp_filter() -> bytes:
    """A classic BPF program for ``bwrap --seccomp`` (x86-64; other machines: allow all)."""
    import platform
    import struct

    if platform.machine() not in ("x86_64", "AMD64"):
        return struct.pack("HBBI", 0x06, 0, 0, 0x7FFF0000)
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    prog: list[tuple] = [  # (code, jt label, jf label, k); labels resolved below
        (0x20, None, None, 4),                      # A = arch
        (0x15, None, "allow", _AUDIT_ARCH_X86_64),  # not x86-64: allow
        (0x20, None, None, 0),                      # A = syscall number
        (0x35, "eperm", None, 0x40000000),          # x32 ABI: refuse
        (0x15, "flags", None, 272),                 # unshare: look at the flags
        (0x15, "flags", None, 56),                  # clone: look at the flags
        (0x15, "enosys", None, 435),                # clone3
        *((0x15, "eperm", None, nr) for nr in _DENIED.values()),
        ("allow", 0x06, None, None, allow),
        ("flags", 0x20, None, None, 16),            # A = low half of the first argument
        (0x45, "eperm", None, _CLONE_NEWUSER),
        (0x06, None, None, allow),
        ("eperm", 0x06, None, None, eperm),
        ("enosys", 0x06, None, None, enosys),
    ]
    labels, rows = {}, []
    for item in prog:
        if isinstance(item[0], str):
            labels[item[0]] = len(rows)
            item = item[1:]
        rows.append(item)
    out = b""
    for pc, (code, jt, jf, k) in enumerate(rows):
        jt, jf = (0 if label is None else labels[label] - pc - 1 for label in (jt, jf))
        out += struct.pack("HBBI", code, jt, jf, k)
    return out


_MPL_CACHE: dict[str, str] = {}


def build_matplotlib_cache(folder: str | os.PathLike) -> str | None:
    """Fill ``folder`` with matplotlib's font list (trusted code, run once per grading run).

    A fresh kernel would otherwise scan the fonts again in its empty private HOME (seconds
    per notebook); the bootstrap copies the list into the kernel's own cache folder.
    Returns the folder, or None when no font list could be made (each kernel then scans).
    """
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    try:
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env={"PATH": "/usr/bin:/bin", "MPLCONFIGDIR": str(folder),
                            "HOME": str(folder)}, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        pass
    for p in folder.iterdir():
        p.chmod(0o644)
    return str(folder) if any(folder.glob("fontlist-*.json")) else None


def matplotlib_cache(base: str) -> str | None:
    """A folder under ``base`` holding matplotlib's font list, built once per process."""
    if base not in _MPL_CACHE:
        import atexit

        folder = tempfile.mkdtemp(prefix="rml-mplcache-", dir=base)
        atexit.register(shutil.rmtree, folder, True)
        build_matplotlib_cache(folder)
        _MPL_CACHE[base] = folder
    folder = _MPL_CACHE[base]
    return folder if any(pathlib.Path(folder).glob("fontlist-*.json")) else None


# --------------------------------------------------------------------------- inside
#: Runs first inside the sandbox: limits, the submission copied into the working
#: folder (regular files and folders only), then ipykernel in the same process.
_BOOTSTRAP = r"""
import os, resource, signal, shutil, stat, sys
uid, nproc, fsize, src, dst = (*map(int, sys.argv[1:4]), *sys.argv[4:6])
for top, dirs, files in os.walk(src):
    out = os.path.join(dst, os.path.relpath(top, src))
    os.makedirs(out, exist_ok=True)
    for name in files:
        path = os.path.join(top, name)
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode):
            if st.st_nlink > 1:  # a hard link: could be any file of the course
                sys.exit("the grading sandbox refuses a hard-linked file: " + name)
            shutil.copyfile(path, os.path.join(out, name))
            if os.lstat(os.path.join(out, name)).st_nlink > 1:
                sys.exit("the grading sandbox refuses a hard-linked copy: " + name)
if os.path.isdir("/run/mplcache"):  # matplotlib's font list, made once by the grader
    os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)
    for name in os.listdir("/run/mplcache"):
        if name.startswith("fontlist-") and name.endswith(".json"):
            shutil.copyfile(os.path.join("/run/mplcache", name),
                            os.path.join(os.environ["MPLCONFIGDIR"], name))
if uid >= 0:  # grading as root: hand the folders over, become the kernel's own user
    for here, dirs, files in os.walk(dst):
        for name in [here, *(os.path.join(here, n) for n in dirs + files)]:
            os.chown(name, uid, uid)
    for top in ("/tmp", os.environ["HOME"], os.environ["MPLCONFIGDIR"]):
        if os.path.isdir(top):
            for here, dirs, files in os.walk(top):
                for name in [here, *(os.path.join(here, n) for n in files)]:
                    os.chown(name, uid, uid)
                dirs[:] = []
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # drops every capability
for lim, val in ((resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_FSIZE, fsize),
                 (resource.RLIMIT_CORE, 0)):
    resource.setrlimit(lim, (val, val))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # too big a file: OSError, not a dead kernel
os.chdir(dst)
sys.argv = ["ipykernel_launcher", *sys.argv[6:]]
sys.path[0:1] = [dst]
del os, resource, signal, shutil, stat, uid, nproc, fsize, src, dst
import runpy
runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
"""


def linked(st: os.stat_result) -> bool:
    """Whether an ``lstat`` result is anything but a folder or a file with one link.

    A symbolic link or a special file could point anywhere; so could a hard link (a regular
    file with ``st_nlink > 1``: the same file as one of the course's, a peer's or the
    gradebook, made when an archive was unpacked or a folder copied into the course).
    """
    if stat.S_ISDIR(st.st_mode):
        return False
    return not stat.S_ISREG(st.st_mode) or st.st_nlink > 1


def submission_problems(folder: str | os.PathLike) -> list[str]:
    """Names of links (symbolic or hard) and special files in a submission folder (relative)."""
    folder = pathlib.Path(folder)
    bad = []
    for top, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            if linked(os.lstat(os.path.join(top, name))):
                bad.append(str(pathlib.Path(top, name).relative_to(folder)))
    return sorted(bad)


def refuse_linked_files():
    """An nbgrader sanitize preprocessor: a submission holding links is not graded.

    nbgrader copies a submission's other files into ``autograded/`` following links, so a
    link (symbolic or hard) to ``solutions/`` or the gradebook would be copied in the
    trainee's name. Put
    first in ``c.Autograde.sanitize_preprocessors``: the submission then fails (0 points,
    reported) and nbgrader removes what it had copied.
    """
    from nbconvert.preprocessors import Preprocessor

    class RefuseLinkedFiles(Preprocessor):
        def __call__(self, nb, resources):  # always on (nbconvert's default is off)
            return self.preprocess(nb, resources)

        def preprocess(self, nb, resources):
            folder = resources.get("metadata", {}).get("path")
            bad = submission_problems(folder) if folder else []
            if bad:
                raise RuntimeError(_SUBMISSION_LINKS.format(names=", ".join(bad[:5])))
            return nb, resources

    return RefuseLinkedFiles


def _drain(fd: int, keep: bytearray, size: int = 4096) -> None:
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while chunk := pipe.read(65536):
            keep += chunk
            del keep[:-size]


# --------------------------------------------------------------------------- the client
#: Most bytes of one message the grader keeps (more is replaced by a short marker).
MESSAGE_LIMIT = 1 << 20
#: Most frames of one message the grader keeps.
MESSAGE_FRAMES = 64
#: A single frame larger than this makes ZeroMQ drop the connection before reading it
#: (it reconnects; the lost output is flagged by the trusted execute step).
FRAME_LIMIT = 128 << 20
#: Most iopub messages queued for the grader (each read and dropped as it arrives).
IOPUB_QUEUE = 16


class BoundedChannel(AsyncZMQSocketChannel):
    """A channel that never holds more than :data:`MESSAGE_LIMIT` bytes of one message.

    Frames are read one at a time; once a message passes the limit, its other frames are
    read and dropped, and the grader gets a small stand-in: a ``stream`` marker with the
    same parent (or, for a reply, an error reply), flagged ``_rml_cut``.
    """

    async def _recv(self, **kw):
        frames, kept, cut = [], 0, False
        while True:
            frame = await self.socket.recv(copy=False)
            size = len(frame)
            if not cut and kept + size <= MESSAGE_LIMIT and len(frames) < MESSAGE_FRAMES:
                frames.append(frame)
                kept += size
            else:
                cut = True
            more = frame.more
            del frame
            if not more:
                break
        if not cut:
            _, smsg = self.session.feed_identities(frames, copy=False)
            return self.session.deserialize(smsg, copy=False)
        return self._stand_in([f.bytes for f in frames])

    def _stand_in(self, frames: list[bytes]) -> dict:
        header, parent = {}, {}
        if b"<IDS|MSG>" in frames:
            at = frames.index(b"<IDS|MSG>")
            try:
                header = self.session.unpack(frames[at + 2])
                parent = self.session.unpack(frames[at + 3])
            except Exception:  # noqa: BLE001 - a broken message is just dropped
                header, parent = {}, {}
        msg_type = str(header.get("msg_type", ""))
        text = (f"[output cut: one message was larger than {MESSAGE_LIMIT >> 10} KiB; "
                "it was not kept]")
        if msg_type.endswith("_reply"):
            content = {"status": "error", "ename": "OutputTooLarge", "evalue": text,
                       "traceback": [text]}
        else:
            msg_type = "stream"
            header = {**header, "msg_type": "stream"}
            content = {"name": "stdout", "text": text + "\n"}
        return {"header": header, "parent_header": parent if isinstance(parent, dict) else {},
                "metadata": {}, "msg_id": header.get("msg_id"), "msg_type": msg_type,
                "content": content, "buffers": [], "_rml_cut": True}


class BoundedKernelClient(AsyncKernelClient):
    """The grader's client of a sandboxed kernel: bounded messages, frames and queues."""

    shell_channel_class = Type(BoundedChannel)
    iopub_channel_class = Type(BoundedChannel)
    stdin_channel_class = Type(BoundedChannel)
    control_channel_class = Type(BoundedChannel)

    def _create_connected_socket(self, channel, identity=None):
        url = self._make_url(channel)
        sock = self.context.socket(_CHANNEL_TYPES[channel])
        sock.linger = 1000
        sock.setsockopt(zmq.MAXMSGSIZE, FRAME_LIMIT)
        if channel == "iopub":
            sock.setsockopt(zmq.RCVHWM, IOPUB_QUEUE)
        if identity:
            sock.identity = identity
        sock.connect(url)
        return sock


_CHANNEL_TYPES = {"hb": zmq.REQ, "shell": zmq.DEALER, "iopub": zmq.SUB, "stdin": zmq.DEALER,
                  "control": zmq.DEALER}


# --------------------------------------------------------------------------- the manager
class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts every kernel inside the bubblewrap sandbox.

    Whatever kernel the notebook names, the kernel is this environment's Python
    (ipykernel). Configure in ``nbgrader_config.py``::

        c.Execute.kernel_manager_class = "responsible_ml.course.SandboxKernelManager"
        c.SandboxKernelManager.processes = 128
    """

    processes = Integer(128, config=True, help="Most processes and threads in one sandbox.")
    memory_mb = Integer(2048, config=True,
                        help="Most memory one sandbox holds in total: every process and the "
                             "files in its tmpfs folders (a control group; 0: none).")
    fallback_processes = Integer(16, config=True,
                                 help="Most processes and threads where no control group can "
                                      "be made (then each holds at most the RLIMIT_AS of "
                                      "grading_kernel_arguments).")
    client_class = DottedObjectName(f"{__name__}.BoundedKernelClient")
    file_size_mb = Integer(256, config=True, help="Largest file a kernel may write (MiB).")
    folder_mb = Integer(256, config=True, help="Size of the writable working folder (MiB).")
    scratch_mb = Integer(64, config=True, help="Size of the private /tmp and HOME (MiB each).")
    start_timeout = Integer(120, config=True, help="Seconds for the kernel to open its sockets.")
    rundir_base = Unicode("", config=True,
                          help="Where kernel folders are made (default: the system's temp).")
    font_cache = Unicode("", config=True,
                         help="A folder holding matplotlib's font list, made beforehand by "
                              "build_matplotlib_cache (the grade command makes one per run); "
                              "default: made once per process.")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.transport = "ipc"
        self._rundir: pathlib.Path | None = None
        self._uid: int | None = None
        self._log = None
        self._cgroup: _cgroup.Cgroup | None = None

    # The notebook's kernelspec is the trainee's to write: never look it up.
    @property
    def kernel_spec(self):
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                "{connection_file}"], display_name="Python 3 (sandboxed)",
                          language="python", interrupt_mode="message", metadata={})

    async def _async_pre_start_kernel(self, **kw):
        check_available()
        self._cleanup_rundir()
        base = self.rundir_base or tempfile.gettempdir()
        self._rundir = pathlib.Path(tempfile.mkdtemp(prefix="rml-kernel-", dir=base)).resolve()
        os.chmod(self._rundir, 0o755)
        sockets = self._rundir / "ipc"
        sockets.mkdir(mode=0o700)
        self._uid = _sandbox_uid() if os.geteuid() == 0 else None
        if self._uid is not None:
            os.chown(sockets, self._uid, self._uid)
        self.ip = str(sockets / "k")
        self.connection_file = str(self._rundir / "kernel.json")
        for port in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
            setattr(self, port, 0)
        self._connection_file_written = False
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        os.chmod(self.connection_file, 0o644)  # only this sandbox sees the folder
        return kernel_cmd, kw

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        cwd = os.path.realpath(kw.get("cwd") or os.getcwd())
        bad = submission_problems(cwd)
        if bad:
            raise RuntimeError(_SUBMISSION_LINKS.format(names=", ".join(bad[:5])))
        args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1:]
        etc = self._rundir / "etc"
        etc.mkdir(exist_ok=True)
        (etc / "passwd").write_text(f"trainee:x:{INSIDE_UID}:{INSIDE_UID}:trainee:{HOME}:"
                                    "/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
        (etc / "group").write_text(f"trainee:x:{INSIDE_UID}:\nnogroup:x:65534:\n")
        for path in (etc, etc / "passwd", etc / "group"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        # The kernel's own stdout/stderr: a pipe, of which the last 4 KiB are kept in
        # memory (start-up errors); nothing the notebook prints there reaches the disk.
        read_end, write_end = os.pipe()
        self._log = bytearray()
        threading.Thread(target=_drain, args=(read_end, self._log), daemon=True).start()
        python = str(pathlib.Path(sys.prefix).resolve() / "bin" / "python")
        uid = -1 if self._uid is None else self._uid
        self._remove_cgroup()
        if self.memory_mb > 0:  # one total for the whole sandbox, where the machine allows
            self._cgroup = _cgroup.create(self.memory_mb << 20, self.processes)
        # No control group: fewer processes, each under RLIMIT_AS, bound the total. (Not as
        # root the count is the grader's user's, shared with its other processes: kept.)
        processes = (self.processes if self._cgroup is not None or self.memory_mb <= 0
                     or self._uid is None else min(self.processes, self.fallback_processes))
        cmd = [bwrap_path(), *self.bwrap_arguments(cwd), "--", python, "-c", _BOOTSTRAP,
               str(uid), str(processes), str(self.file_size_mb * 1024 * 1024),
               SUBMISSION, cwd, *args]
        (self._rundir / "seccomp.bpf").write_bytes(seccomp_filter())
        fd = os.open(self._rundir / "seccomp.bpf", os.O_RDONLY)
        cmd[1:1] = ["--seccomp", str(fd)]
        cmd = _cgroup.wrap(cmd, self._cgroup)
        kw.update(cwd="/", env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                  stdin=subprocess.DEVNULL, stdout=write_end, stderr=write_end,
                  pass_fds=(fd,))
        try:
            await super()._async_launch_kernel(cmd, **kw)
        finally:
            os.close(fd)
            os.close(write_end)

    def bwrap_arguments(self, cwd: str) -> list[str]:
        """Everything bwrap is told for a kernel working in ``cwd`` (the order matters)."""
        from .._datasets_path import DATASETS_ENV_VAR, datasets_dir

        mib = 1024 * 1024
        made = {"/", "/usr", "/tmp", HOME, "/proc", "/dev", "/home"}

        def parents(path: str) -> list[str]:
            # bwrap makes missing parent folders 0700: make them 0755 first.
            out = []
            for parent in reversed(pathlib.PurePosixPath(path).parents):
                if str(parent) not in made:
                    made.add(str(parent))
                    out += ["--perms", "0755", "--dir", str(parent)]
            return out

        args = [*_namespaces(self._uid is not None), "--ro-bind", "/usr", "/usr",
                *_usr_links(), "--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(self.scratch_mb * mib), "--tmpfs", "/dev/shm"]
        if self._uid is None:
            args += ["--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID)]
        args += parents("/etc/passwd")
        for name in ("ld.so.cache", "localtime", "fonts"):  # loader cache, time zone, fonts
            if os.path.exists(f"/etc/{name}"):
                args += ["--ro-bind", os.path.realpath(f"/etc/{name}"), f"/etc/{name}"]
        for name in ("passwd", "group"):
            args += ["--ro-bind", str(self._rundir / "etc" / name), f"/etc/{name}"]
        # tmpfs folders first: a bind under /tmp made before --tmpfs /tmp would vanish.
        args += ["--perms", "0755", "--dir", "/home",
                 "--size", str(self.scratch_mb * mib), "--tmpfs", "/tmp",
                 "--size", str(self.scratch_mb * mib), "--tmpfs", HOME]
        for path in runtime_paths():
            args += [*parents(path), "--ro-bind", path, path]
        given = self.font_cache and pathlib.Path(self.font_cache)
        fonts = (str(given) if given and any(given.glob("fontlist-*.json"))
                 else matplotlib_cache(self.rundir_base or tempfile.gettempdir()))
        if fonts:
            args += [*parents("/run/mplcache"), "--ro-bind", fonts, "/run/mplcache"]
        sockets = str(self._rundir / "ipc")
        args += [*parents(SUBMISSION), "--ro-bind", cwd, SUBMISSION,
                 *parents(cwd), "--size", str(self.folder_mb * mib), "--tmpfs", cwd,
                 *parents(sockets), "--bind", sockets, sockets,
                 "--ro-bind", self.connection_file, self.connection_file,
                 "--chdir", cwd, "--clearenv"]
        # The kernel imports the very package the grader runs (its folder is bound above),
        # also where the environment's own path to it (an editable install) is not bound.
        package_parent = str(pathlib.Path(__file__).resolve().parents[2])
        env = kernel_env(HOME, "/tmp", {DATASETS_ENV_VAR: str(pathlib.Path(datasets_dir())
                                                               .resolve()),
                                        "PYTHONPATH": package_parent})
        for key, value in env.items():
            args += ["--setenv", key, value]
        return args

    async def _async_post_start_kernel(self, **kw):
        # Lock the socket folder once the kernel has made its five sockets (before any
        # trainee code can run): the sandbox can then write nowhere on the host.
        sockets = self._rundir / "ipc"
        deadline = time.monotonic() + self.start_timeout
        while len(list(sockets.iterdir())) < 5 and time.monotonic() < deadline:
            if self.provisioner is not None and await self.provisioner.poll() is not None:
                break
            await asyncio.sleep(0.01)
        if self._uid is not None:
            os.chown(sockets, 0, 0)
            os.chmod(sockets, 0o755)
        await super()._async_post_start_kernel(**kw)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Stop the kernel at once: SIGKILL to bwrap ends the whole sandbox.

        Grading has every output it needs by the time the kernel is shut down, so the
        polite shutdown (a message, then up to a second while the interpreter tears down
        pandas, scikit-learn, ...) only costs time; nor should exit code the notebook
        registered (``atexit``) run after its grading. Nothing of the sandbox survives
        either way: its PID namespace ends with bwrap.
        """
        await super()._async_shutdown_kernel(now=True, restart=restart)

    shutdown_kernel = _async_shutdown_kernel

    def _remove_cgroup(self) -> None:
        if self._cgroup is not None:
            self._cgroup.remove(0)
            self._cgroup = None

    async def _async_remove_cgroup(self) -> None:
        """Remove the control group once its processes are gone (reaped by the event loop)."""
        group, self._cgroup = self._cgroup, None
        if group is None:
            return
        for _ in range(100):
            if group.remove_once():
                return
            await asyncio.sleep(0.02)
        _cgroup.later(group)

    def memory_peak(self) -> int | None:
        """Most memory this kernel's sandbox held in total (bytes; None without a cgroup)."""
        return None if self._cgroup is None else self._cgroup.peak_bytes()

    def _cleanup_rundir(self) -> None:
        if self._rundir is not None:
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        await self._async_remove_cgroup()
        if not restart:
            self._cleanup_rundir()

    def kernel_log(self) -> str:
        """The last of what the kernel printed to its own stdout/stderr (start-up errors)."""
        return bytes(self._log or b"").decode(errors="replace")

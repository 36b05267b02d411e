"""The grading sandbox: a hostile submission cannot reach the course, the machine or the network.

Each attack is a submission of the tiny fixture assignment (tests/course/hostile/) with one
extra cell that tries one thing, knowing every path on the grading machine (the worst
case): copy the answers from the course source, write into the gradebook and the folders
above, read another trainee, read the instructor's home, connect to a listener on
127.0.0.1, leave a process behind, start 300 processes, write 3 GiB, and a probe of
other ways out (/proc of the parent, environment, signals, ptrace, the kernel's socket
folder, the venv). Every attack cell reports what it managed on one ``ATTACK {json}``
line. The same course is graded by ``grade`` (parallel workers) and by plain
``nbgrader autograde`` in the course folder.
"""

from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import warnings

import pytest

from responsible_ml.course import SandboxKernelManager, _sandbox, grade
from responsible_ml.course._nbgrader import REPO_ROOT
from responsible_ml.course._reports import _UNSANDBOXED
from responsible_ml.course._sandbox import (
    _NO_BWRAP,
    _NO_SANDBOX_WARNING,
    _SUBMISSION_LINKS,
    SandboxUnavailable,
    UnsandboxedGrading,
    sandbox_available,
)

HOSTILE = pathlib.Path(__file__).resolve().parent / "hostile"
NAME = "00-tiny"
TIMEOUT = 20
needs_bwrap = pytest.mark.skipif(bool(sandbox_available()),
                                 reason=f"no sandbox here: bwrap {sandbox_available()}")

# ------------------------------------------------------------------ the attacks
_HEAD = '''
import json, os, socket, subprocess, sys, time
P = json.loads({paths!r})
_r = {{}}
def _try(key, fn):
    try:
        _r[key] = repr(fn())[:400]
    except BaseException as e:  # the attack reports, never fails the notebook
        _r[key] = "blocked: " + type(e).__name__
def _ups(path):
    path = os.path.abspath(path)
    while True:
        yield path
        if path == "/":
            return
        path = os.path.dirname(path)
'''
_TAIL = '\nprint("ATTACK " + json.dumps(_r))\n'

ATTACKS = {
    # Blank answers; defines the reference functions if it can read them anywhere.
    "copy-answers": '''
def _steal():
    here = [os.path.join(up, "solutions", P["name"], P["name"] + ".ipynb")
            for up in _ups(os.getcwd())]
    for path in [P["solution"], *here, "/proc/1/cwd/" + P["solution"],
                 f"/proc/{os.getppid()}/root" + P["solution"]]:
        try:
            nb = json.load(open(path))
        except Exception:
            continue
        for c in nb["cells"]:
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution"):
                exec("".join(c["source"]), globals())
        return path
    raise FileNotFoundError
_try("steal", _steal)
''',
    "write-gradebook-and-folders": '''
import sqlite3
def _gb(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE pwned (x)")
    con.execute("UPDATE grade SET manual_score = 99")
    con.commit()
    return "written"
for gb in [P["gradebook"], *(os.path.join(up, "gradebook.db") for up in _ups(os.getcwd()))]:
    _try("gradebook " + gb, lambda gb=gb: _gb(gb))
for folder in {*_ups(os.getcwd()), *P["folders"]}:
    _try("write " + folder, lambda f=folder: open(os.path.join(f, "PWNED"), "w").write("x"))
_r["private"] = [os.getcwd(), "/tmp"]  # its own tmpfs folders: writable by design
''',
    "read-another-trainee": '''
for path in P["bystander_files"]:
    _try("read " + path, lambda p=path: open(p).read())
_try("list submitted", lambda: os.listdir(P["submitted"]))
''',
    "read-instructor-home": '''
_try("read secret", lambda: open(P["home_secret"]).read())
_try("list home", lambda: os.listdir(P["home"]))
_try("list /root", lambda: os.listdir("/root"))
_try("environment", lambda: dict(os.environ))
''',
    "connect-to-loopback": '''
_try("tcp", lambda: socket.create_connection(("127.0.0.1", P["port"]), timeout=3).send(b"hi"))
def _abstract():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(3)
    s.connect("\\0" + P["abstract"])
    return s.send(b"hi")
_try("abstract unix socket", _abstract)
_try("interfaces", lambda: socket.if_nameindex())
''',
    "leave-a-process": '''
_try("daemon", lambda: subprocess.Popen(["/bin/sh", "-c", "sleep " + P["marker"] + " &"],
                                        start_new_session=True).wait())
def _fork():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", P["marker"]])
        os._exit(0)
    return "forked"
_try("double fork", _fork)
''',
    "start-300-processes": '''
procs = []
def _many():
    for _ in range(300):
        procs.append(subprocess.Popen(["/bin/sleep", "30"]))
_try("spawn", _many)
_r["started"] = len(procs)
for p in procs:
    p.kill()
    p.wait()
''',
    "write-3-gib": '''
def _fill(path):
    chunk, done = b"\\0" * (16 << 20), 0
    try:
        with open(path, "wb") as f:
            while done < 3 << 30:
                f.write(chunk)
                f.flush()
                done += len(chunk)
    except OSError as e:
        return done, type(e).__name__
    finally:
        if os.path.exists(path):
            os.remove(path)
    return done, "no error"
for folder in [os.getcwd(), "/tmp", os.path.expanduser("~"), "/dev/shm"]:
    _r["write " + folder] = _fill(os.path.join(folder, "big.bin"))
''',
    # Beyond the list: other ways out an attacker would try.
    "escape-probe": '''
import ctypes, glob, signal
_r["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
_try("parent cwd", lambda: os.listdir(f"/proc/{os.getppid()}/cwd"))
_try("pid 1 root", lambda: sorted(os.listdir("/proc/1/root")))
_try("signal grader", lambda: os.kill(P["grader_pid"], signal.SIGTERM))
_try("etc", lambda: sorted(os.listdir("/etc")))
_try("passwd", lambda: open("/etc/passwd").read())
_try("shadow", lambda: open("/etc/shadow").read())
_try("venv write", lambda: open(os.path.join(P["site_packages"], "pwned.pth"), "w").write("x"))
_try("package write", lambda: open(os.path.join(P["package"], "PWNED.py"), "w").write("x"))
_try("datasets write", lambda: open(os.path.join(P["datasets"], "PWNED"), "w").write("x"))
def _sockets():
    found = glob.glob("/tmp/rml-kernel-*/ipc")
    for d in found:
        open(os.path.join(d, "PWNED"), "w").write("x")
    return found
_try("socket folder write", _sockets)
def _unlink():
    for s in glob.glob("/tmp/rml-kernel-*/ipc/*"):
        os.remove(s)
    return "removed"
_try("socket unlink", _unlink)
_r["fds"] = {}
for fd in os.listdir("/proc/self/fd"):
    try:
        _r["fds"][fd] = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        pass
libc = ctypes.CDLL(None, use_errno=True)
_try("nested user namespace", lambda: libc.unshare(0x10000000) or "created")
_try("ptrace pid 1", lambda: libc.ptrace(16, 1, 0, 0) or "attached")
_try("raise limits", lambda: __import__("resource").setrlimit(
    __import__("resource").RLIMIT_NPROC, (10**6, 10**6)))
_try("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) or "mounted")
''',
}
#: what each attack gets: blank answers for the copy, the right ones for the others
EXPECTED_POINTS = {case: (0 if case == "copy-answers" else 3) for case in ATTACKS}


def _paths(course: pathlib.Path, home: pathlib.Path, port: int, abstract: str,
           marker: str) -> dict:
    import site

    from responsible_ml._datasets_path import datasets_dir

    sub = course / "submitted" / "zoe" / NAME
    return {
        "name": NAME, "solution": str(course / "solutions" / NAME / f"{NAME}.ipynb"),
        "gradebook": str(course / "gradebook.db"), "submitted": str(course / "submitted"),
        "folders": [str(course), str(course / "submitted"), str(sub), str(course / "solutions"),
                    str(course / "autograded"), str(course / "feedback"), str(home), "/tmp",
                    "/home", "/root"],
        "bystander_files": [str(sub / f"{NAME}.ipynb"),
                            str(course / "autograded" / "zoe" / NAME / f"{NAME}.ipynb"),
                            str(course / "feedback" / "zoe" / NAME / f"{NAME}.html")],
        "home": str(home), "home_secret": str(home / "secret.txt"), "port": port,
        "abstract": abstract, "marker": marker, "grader_pid": os.getpid(),
        "site_packages": site.getsitepackages()[0],
        "package": str(pathlib.Path(_sandbox.__file__).resolve().parents[1]),
        "datasets": str(pathlib.Path(datasets_dir()).resolve()),
    }


def _attack_notebook(case: str, paths: dict) -> dict:
    base = "blank" if case == "copy-answers" else "correct"
    nb = json.loads((HOSTILE / "submissions" / base / f"{NAME}.ipynb").read_text())
    code = _HEAD.format(paths=json.dumps(paths)) + ATTACKS[case] + _TAIL
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": code}
    at = next(i for i, c in enumerate(nb["cells"])
              if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    nb["cells"].insert(at + 1, cell)
    return nb


class Listener:
    """A TCP listener on 127.0.0.1 and an abstract unix socket that count connections."""

    def __init__(self):
        self.abstract = f"rml-sandbox-test-{secrets.token_hex(4)}"
        self.tcp = socket.socket()
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind("\0" + self.abstract)
        self.unix.listen(8)
        self.port = self.tcp.getsockname()[1]
        self.connections = 0
        for s in (self.tcp, self.unix):
            threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def _accept(self, s):
        while True:
            try:
                s.accept()
            except OSError:
                return
            self.connections += 1

    def close(self):
        for s in (self.tcp, self.unix):  # shutdown wakes the accept() threads; close alone does not
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.fixture
def attack_course(tmp_path, monkeypatch):
    """A course with a graded bystander, a home with a secret, a listener; then attacks."""
    secret = {"solution": f"SECRET-SOLUTION-{secrets.token_hex(6)}",
              "bystander": f"SECRET-ZOE-{secrets.token_hex(6)}",
              "home": f"SECRET-HOME-{secrets.token_hex(6)}",
              "env": f"SECRET-ENV-{secrets.token_hex(6)}"}
    course = tmp_path / "course"
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    source = course / "solutions" / NAME / f"{NAME}.ipynb"
    nb = json.loads(source.read_text())
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "selection_rate":
            c["source"] = "".join(c["source"]).replace(
                "### BEGIN SOLUTION", f"### BEGIN SOLUTION\n    # {secret['solution']}")
    source.write_text(json.dumps(nb))
    (course / "instructor-notes.txt").write_text(secret["solution"])
    home = tmp_path / "instructor-home"
    home.mkdir()
    (home / "secret.txt").write_text(secret["home"])
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("RML_TEST_TOKEN", secret["env"])
    zoe = json.loads((HOSTILE / "submissions" / "correct" / f"{NAME}.ipynb").read_text())
    zoe["cells"][2]["source"] += f"\n# {secret['bystander']}"
    (course / "submitted" / "zoe" / NAME).mkdir(parents=True)
    (course / "submitted" / "zoe" / NAME / f"{NAME}.ipynb").write_text(json.dumps(zoe))
    listener = Listener()
    marker = str(86_000 + secrets.randbelow(9_000))
    yield {"course": course, "home": home, "secret": secret, "listener": listener,
           "marker": marker,
           "paths": _paths(course, home, listener.port, listener.abstract, marker)}
    listener.close()


def _submit_attacks(ctx):
    for case in ATTACKS:
        dest = ctx["course"] / "submitted" / case / NAME
        dest.mkdir(parents=True)
        (dest / f"{NAME}.ipynb").write_text(json.dumps(_attack_notebook(case, ctx["paths"])))


def _attack_results(course: pathlib.Path) -> dict[str, dict]:
    out = {}
    for case in ATTACKS:
        path = course / "autograded" / case / NAME / f"{NAME}.ipynb"
        import nbformat

        text = "".join(o.get("text", "") for c in nbformat.read(path, as_version=4).cells
                       if c.cell_type == "code" for o in c.get("outputs", []))
        line = next(ln for ln in text.splitlines() if ln.startswith("ATTACK "))
        out[case] = json.loads(line[len("ATTACK "):])
    return out


def _all_output_text(course: pathlib.Path) -> str:
    parts = []
    for folder in ("autograded", "feedback", "grades"):
        for p in (course / folder).rglob("*"):
            if p.is_file() and "zoe" not in p.relative_to(course).parts:
                parts.append(p.read_text(errors="replace"))
    return "\n".join(parts)


def _survivors(marker: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            uid = int(pathlib.Path(f"/proc/{pid}/status").read_text()
                      .split("Uid:")[1].split()[0])
        except (OSError, IndexError):
            continue
        if marker.encode() in cmd or (uid >= _sandbox.UID_BASE and b"sleep" in cmd):
            found.append(cmd.decode(errors="replace")[:120])
    return found


def _check_no_effect(ctx, scores: dict[str, float]):
    course, secret = ctx["course"], ctx["secret"]
    results = _attack_results(course)
    problems = [f"{case}: {scores.get(case)} points, expected {points}"
                for case, points in EXPECTED_POINTS.items() if scores.get(case) != points]
    # Every attempt was blocked: nothing read, written, connected or left running.
    r = results["copy-answers"]
    assert r["steal"].startswith("blocked"), r
    r = results["write-gradebook-and-folders"]
    private = {f"write {p}" for p in r.pop("private")}
    assert all(v.startswith("blocked") for k, v in r.items() if k not in private), r
    r = results["read-another-trainee"]
    assert all(v.startswith("blocked") for v in r.values()), r
    r = results["read-instructor-home"]
    assert r["read secret"].startswith("blocked") and r["list home"].startswith("blocked"), r
    assert secret["env"] not in r["environment"] and str(ctx["home"]) not in r["environment"]
    assert "JPY_PARENT_PID" not in r["environment"] and "RML_TEST_TOKEN" not in r["environment"]
    r = results["connect-to-loopback"]
    assert r["tcp"].startswith("blocked") and r["abstract unix socket"].startswith("blocked"), r
    assert "'lo'" in r["interfaces"] and "eth" not in r["interfaces"], r
    assert ctx["listener"].connections == 0
    r = results["start-300-processes"]
    assert r["spawn"].startswith("blocked") and 0 < r["started"] < 300, r
    for folder, (written, error) in results["write-3-gib"].items():
        assert written <= 256 << 20 and error != "no error", (folder, written, error)
    r = results["escape-probe"]
    assert len(r["pids"]) <= 5, r["pids"]  # pid 1 (bwrap), the kernel, little else
    assert ctx["paths"]["grader_pid"] not in r["pids"]
    assert r["parent cwd"].startswith("blocked") or "solutions" not in r["parent cwd"]
    for key in ("signal grader", "shadow", "venv write", "package write",
                "datasets write", "socket unlink", "ptrace pid 1", "raise limits", "mount"):
        assert r[key].startswith("blocked") or r[key] in ("-1",), (key, r[key])
    if os.geteuid() == 0:  # the folder is handed back to root once the sockets exist
        assert r["socket folder write"].startswith("blocked"), r["socket folder write"]
    assert "root:" not in r["passwd"] and "trainee" in r["passwd"]
    assert "shadow" not in r["etc"] and "hostname" not in r["etc"], r["etc"]
    for target in r["fds"].values():  # open descriptors: none is a file of the host
        assert not target.startswith("/") or target.startswith("/dev/"), r["fds"]
    # Nothing of it shows anywhere an instructor or trainee looks.
    text = _all_output_text(course)
    for name, value in secret.items():
        assert value not in text, f"the {name} secret leaked into an output"
    assert not list(course.rglob("PWNED*")), list(course.rglob("PWNED*"))
    for folder in (ctx["home"], pathlib.Path(ctx["paths"]["package"]),
                   pathlib.Path(ctx["paths"]["datasets"])):
        assert not list(folder.glob("PWNED*"))
    assert not pathlib.Path(ctx["paths"]["site_packages"], "pwned.pth").exists()
    con = sqlite3.connect(course / "gradebook.db")
    tables = {t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    manual = con.execute("SELECT COUNT(*) FROM grade WHERE manual_score = 99").fetchone()[0]
    con.close()
    assert "pwned" not in tables and manual == 0
    assert _survivors(ctx["marker"]) == []
    assert not problems, "\n".join(problems)
    return results


def _zoe_files(course):
    """The bystander's files and gradebook rows."""
    files = {p: p.read_bytes() for folder in ("submitted", "autograded", "feedback")
             for p in sorted((course / folder / "zoe").rglob("*")) if p.is_file()}
    con = sqlite3.connect(course / "gradebook.db")
    rows = con.execute("SELECT g.* FROM grade g JOIN submitted_notebook n ON g.notebook_id = n.id "
                       "JOIN submitted_assignment a ON n.assignment_id = a.id "
                       "WHERE a.student_id = 'zoe' ORDER BY g.id").fetchall()
    con.close()
    return files, rows


# ------------------------------------------------------------------ fast
def test_grading_refuses_without_bwrap_and_names_the_way_out(tmp_path, monkeypatch):
    course = tmp_path / "course"
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(HOSTILE / "submissions" / "correct", course / "submitted" / "ana" / NAME)
    monkeypatch.setenv(_sandbox.BWRAP_ENV, str(tmp_path / "no-such-bwrap"))
    why = sandbox_available()
    assert why == "is not installed (no `bwrap` on PATH)"
    with pytest.raises(SandboxUnavailable) as err:
        grade([NAME], course=course, workers=1, progress=False)
    assert str(err.value) == _NO_BWRAP.format(why=why)
    assert "`bwrap`" in str(err.value) and "--no-sandbox" in str(err.value)
    proc = subprocess.run([sys.executable, "-m", "responsible_ml", "grade", NAME, "--course",
                           str(course), "--workers", "1"], capture_output=True, text=True,
                          env={**os.environ, _sandbox.BWRAP_ENV: str(tmp_path / "none")},
                          timeout=300)
    assert proc.returncode == 2 and _NO_BWRAP.format(why=why) in proc.stderr
    assert not (course / "autograded").exists() and not (course / "gradebook.db").exists()


def test_the_sandbox_binds_only_the_runtime(tmp_path):
    km = SandboxKernelManager()
    km._rundir = tmp_path / "run"
    (km._rundir / "ipc").mkdir(parents=True)
    km.connection_file = str(km._rundir / "kernel.json")
    work = tmp_path / "submitted" / "ana" / NAME
    work.mkdir(parents=True)
    args = km.bwrap_arguments(str(work))
    binds = [(args[i], args[i + 1], args[i + 2]) for i in range(len(args) - 2)
             if args[i] in ("--ro-bind", "--bind")]
    sources = {src for _, src, _ in binds}
    assert ("--ro-bind", "/", "/") not in binds and "/" not in sources
    writable = [dest for kind, _, dest in binds if kind == "--bind"]
    assert writable == [str(km._rundir / "ipc")]  # only the kernel's own socket folder
    assert not any(s == str(REPO_ROOT) or s.startswith(str(REPO_ROOT / "solutions"))
                   for s in sources)
    assert not any(s in (os.path.expanduser("~"), "/home", "/etc") for s in sources)
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in args
    assert args[args.index("--proc") + 1] == "/proc"
    # /tmp's tmpfs comes before anything bound under /tmp, and the work folder's is capped.
    assert args.index("/tmp") < args.index(str(km._rundir / "ipc"))
    at = next(i for i in range(len(args) - 1) if args[i:i + 2] == ["--tmpfs", str(work)])
    assert args[at - 2] == "--size" and int(args[at - 1]) == km.folder_mb << 20
    env = {args[i + 1]: args[i + 2] for i in range(len(args)) if args[i] == "--setenv"}
    assert env["HOME"] == "/home/trainee" and "JPY_PARENT_PID" not in env
    assert not any(str(REPO_ROOT) in v for k, v in env.items()
                   if k not in ("PATH", "RESPONSIBLE_ML_DATASETS", "PYTHONPATH"))
    # PYTHONPATH names only the folder holding the package (bound read-only, alone).
    assert env["PYTHONPATH"] == str(pathlib.Path(_sandbox.__file__).resolve().parents[2])


def test_links_and_special_files_in_a_submission_are_found(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.txt").write_text("x")
    (tmp_path / "sub" / "answers.ipynb").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "sub" / "pipe")
    (tmp_path / "gradebook.db").write_text("the course's file")
    os.link(tmp_path / "gradebook.db", tmp_path / "sub" / "hard.txt")
    assert _sandbox.submission_problems(tmp_path / "sub") == ["answers.ipynb", "hard.txt",
                                                              "pipe"]


def test_the_grade_worker_leaves_hard_links_out(tmp_path):
    from responsible_ml.course._worker import _copy_submission

    src = tmp_path / "submitted"
    (src / "data").mkdir(parents=True)
    (src / "ok.txt").write_text("mine")
    (tmp_path / "solution.ipynb").write_text("SECRET")
    os.link(tmp_path / "solution.ipynb", src / "data" / "answers.ipynb")
    left = _copy_submission(src, tmp_path / "copy")
    assert left == ["data/answers.ipynb"]
    assert (tmp_path / "copy" / "ok.txt").read_text() == "mine"
    assert not (tmp_path / "copy" / "data" / "answers.ipynb").exists()


def test_a_sandbox_gets_its_own_control_group_where_the_machine_allows():
    from responsible_ml.course import _cgroup

    if not _cgroup.support():
        pytest.skip("no control groups here: the sandbox falls back to fewer processes")
    group = _cgroup.create(256 << 20, 16)
    try:
        out = subprocess.run(_cgroup.wrap(["/bin/cat", "/proc/self/cgroup"], group),
                             capture_output=True, text=True, timeout=30).stdout
        names = {f.name for f in group.folders}
        assert len(names) == 1 and next(iter(names)) in out, out
        # A process in the group cannot hold more than its total.
        proc = subprocess.run(_cgroup.wrap([sys.executable, "-c",
                                            "b = b'x' * (400 << 20); print('held')"], group),
                              capture_output=True, text=True, timeout=60)
        assert "held" not in proc.stdout and proc.returncode != 0
        assert group.peak_bytes() <= 256 << 20
    finally:
        group.remove()
    assert not any(f.exists() for f in group.folders)


# ------------------------------------------------------------------ slow
@pytest.mark.slow
@needs_bwrap
@pytest.mark.parametrize("cgroup", [True, False])
def test_a_sandbox_kernel_is_limited_in_total_or_falls_back(tmp_path, monkeypatch, cgroup):
    import nbformat
    from nbclient import NotebookClient

    from responsible_ml.course import _cgroup

    if not cgroup:
        monkeypatch.setattr(_cgroup, "create", lambda *a: None)
    elif not _cgroup.support():
        pytest.skip("no control groups here")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import resource\nprint('NPROC', resource.getrlimit(resource.RLIMIT_NPROC)[1])")])
    km = SandboxKernelManager(memory_mb=512, processes=64, fallback_processes=16)
    from jupyter_core.utils import run_sync

    try:
        NotebookClient(nb, km=km, timeout=60, resources={"metadata": {"path": str(tmp_path)}}
                       ).execute()
        folders = km._cgroup.folders if km._cgroup is not None else []
        assert bool(folders) == cgroup and all(f.is_dir() for f in folders)
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    text = nb.cells[0].outputs[0]["text"]
    want = 64 if cgroup or os.geteuid() != 0 else 16
    assert f"NPROC {want}" in text, text
    assert km._cgroup is None and not any(f.exists() for f in folders)  # gone with the kernel


@pytest.mark.slow
@needs_bwrap
def test_hostile_submissions_have_no_effect_under_grade(attack_course):
    ctx = attack_course
    course = ctx["course"]
    grade([NAME], course=course, workers=1, progress=False, feedback=True,
          config_args=[f"--Execute.timeout={TIMEOUT}"])
    zoe_before = _zoe_files(course)
    _submit_attacks(ctx)
    # A link to the reference answers among the submission's files.
    link_case = course / "submitted" / "linked-answers" / NAME
    shutil.copytree(HOSTILE / "submissions" / "blank", link_case)
    (link_case / "answers.txt").symlink_to(ctx["paths"]["solution"])
    # A hard link to the reference answers (same file system: an archive unpacked there).
    hard_case = course / "submitted" / "hardlinked-answers" / NAME
    shutil.copytree(HOSTILE / "submissions" / "blank", hard_case)
    os.link(ctx["paths"]["solution"], hard_case / "answers.txt")
    report, = grade([NAME], course=course, workers=2, progress=False,
                    config_args=[f"--Execute.timeout={TIMEOUT}"])
    scores = {r.student: r.auto_score for r in report.results}
    _check_no_effect(ctx, scores)
    assert _zoe_files(course) == zoe_before  # the bystander is byte-identical
    assert report.result("zoe").status == "skipped (already graded)"
    linked = report.result("linked-answers")
    assert linked.auto_score == 0 and "left out" in " ".join(linked.notes)
    assert not (course / "autograded" / "linked-answers" / NAME / "answers.txt").exists()
    hard = report.result("hardlinked-answers")
    assert hard.auto_score == 0 and "hard links" in " ".join(hard.notes), hard.notes
    assert not (course / "autograded" / "hardlinked-answers" / NAME / "answers.txt").exists()
    assert report.sandboxed and _UNSANDBOXED not in report.summary()


@pytest.mark.slow
@needs_bwrap
def test_hostile_submissions_have_no_effect_under_plain_nbgrader(attack_course):
    ctx = attack_course
    course = ctx["course"]
    env = {**os.environ, "PATH": os.pathsep.join([os.path.dirname(sys.executable),
                                                  os.environ["PATH"]])}

    def nbgrader(*args):
        return subprocess.run([sys.executable, "-m", "nbgrader", *args,
                               f"--Execute.timeout={TIMEOUT}"], cwd=course, env=env,
                              capture_output=True, text=True, timeout=1800)

    proc = nbgrader("generate_assignment", NAME, "--force")
    assert proc.returncode == 0, proc.stderr
    proc = nbgrader("autograde", NAME)
    assert proc.returncode == 0, proc.stderr
    zoe_before = _zoe_files(course)
    _submit_attacks(ctx)
    link_case = course / "submitted" / "linked-answers" / NAME
    shutil.copytree(HOSTILE / "submissions" / "blank", link_case)
    (link_case / "answers.txt").symlink_to(ctx["paths"]["solution"])
    hard_case = course / "submitted" / "hardlinked-answers" / NAME
    shutil.copytree(HOSTILE / "submissions" / "blank", hard_case)
    os.link(ctx["paths"]["solution"], hard_case / "answers.txt")
    # One run for all (zoe, graded already, is skipped); it fails for the linked one only.
    proc = nbgrader("autograde", NAME)
    assert proc.returncode == 1 and "Skipping existing assignment" in proc.stderr, proc.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s.student_id: sum(g.auto_score or 0 for nb in s.notebooks for g in nb.grades
                                    if g.cell.cell_type == "code")
                  for s in gb.assignment_submissions(NAME)}
    _check_no_effect(ctx, scores)
    assert _zoe_files(course) == zoe_before
    # The linked submission was refused (links could point anywhere) and nothing of the
    # link's target was kept.
    assert scores.get("linked-answers", 0) == 0
    assert not (course / "autograded" / "linked-answers" / NAME).exists()
    assert scores.get("hardlinked-answers", 0) == 0
    assert not (course / "autograded" / "hardlinked-answers" / NAME).exists()
    assert _SUBMISSION_LINKS.split("(")[0] in proc.stderr, proc.stderr[-3000:]


@pytest.mark.slow
def test_no_sandbox_warns_and_the_summary_says_so(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(HOSTILE / "solutions", course / "solutions")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(HOSTILE / "submissions" / "correct", course / "submitted" / "ana" / NAME)
    with pytest.warns(UnsandboxedGrading, match="WITHOUT the sandbox"):
        report, = grade([NAME], course=course, workers=1, progress=False, feedback=False,
                        sandbox=False)
    assert report.result("ana").auto_score == 3 and not report.sandboxed
    assert _UNSANDBOXED in report.summary()
    assert _UNSANDBOXED in report.files["summary"].read_text()
    proc = subprocess.run([sys.executable, "-m", "responsible_ml", "grade", NAME, "--course",
                           str(course), "--workers", "1", "--no-sandbox", "--regrade-all",
                           "--no-feedback"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert f"WARNING: {_NO_SANDBOX_WARNING}" in proc.stderr and _UNSANDBOXED in proc.stdout


@pytest.mark.slow
@needs_bwrap
def test_grade_honours_the_configured_source_folder(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(HOSTILE / "solutions", course / "source")
    config = (REPO_ROOT / "nbgrader_config.py").read_text().replace(
        'source_directory = "solutions"', 'source_directory = "source"')
    assert 'source_directory = "source"' in config
    (course / "nbgrader_config.py").write_text(config)
    shutil.copytree(HOSTILE / "submissions" / "correct", course / "submitted" / "ana" / NAME)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report, = grade(course=course, workers=1, progress=False, feedback=False)
    assert report.assignment == NAME and report.result("ana").auto_score == 3
    with pytest.raises(ValueError, match=r"available: \['00-tiny'\]"):
        grade(["nope"], course=course, workers=1, progress=False)

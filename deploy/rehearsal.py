"""Rehearse a class on the course hub: hub + proxy on loopback, N trainees, one exercise.

Used by tests/deploy/test_hub.py (asserts) and benchmarks/bench_hub.py (figures); also
runnable by hand (as root for real Unix accounts):

    .venv/bin/python deploy/rehearsal.py --trainees 20

Everything a trainee does goes through the hub like a browser would: the log-in form, the
spawn page, the OAuth redirects to their server; then, with a token of their own, Jupyter
Server's REST API (sessions, contents) and the kernel's websocket. nbgrader's commands run
in the trainee's kernel (what a terminal on their server does), so they run as the trainee.
The instructor's chores (release, collect, `make grade`, release feedback) run on the hub
machine from the course folder, as the user running this (root on a real hub: sudo).

Nothing here talks to another machine: every URL is http://127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import pwd
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
import websocket

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
BIN = pathlib.Path(sys.executable).parent
COURSE_ID = "responsible-ml"
ASSIGNMENT = "01-what-is-ml"
LESSON = "lessons/01-what-is-ml.ipynb"
ACCOUNT_MARK = "responsible-ml hub rehearsal (throw-away)"  # GECOS of our accounts
VARIANTS = ("reference", "partly", "mutant", "blank")
CHP = pathlib.Path(os.environ.get(
    "RML_CHP", REPO / ".venv" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- accounts -----------------------------------------------------------------------------

def remove_stale_accounts() -> list[str]:
    """Delete accounts a crashed earlier rehearsal left behind (marked in GECOS)."""
    gone = []
    for entry in pwd.getpwall():
        if entry.pw_gecos == ACCOUNT_MARK:
            del_account(entry.pw_name)
            gone.append(entry.pw_name)
    return gone


def add_account(name: str, home: pathlib.Path, password: str) -> None:
    subprocess.run(["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash",
                    "--comment", ACCOUNT_MARK, "--user-group", name],
                   check=True, capture_output=True)
    home.chmod(0o700)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True,
                   capture_output=True)


def del_account(name: str) -> None:
    """Stop the account's processes, then delete it and its home (userdel refuses while
    the account still runs something, so wait for them to go)."""
    for attempt in range(20):
        try:
            pwd.getpwnam(name)
        except KeyError:
            return
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        time.sleep(0.5)
        subprocess.run(["userdel", "--remove", *(["--force"] if attempt > 10 else []), name],
                       capture_output=True)


def unreachable_dirs() -> list[pathlib.Path]:
    """Folders above the course environment that other users cannot traverse (o-x)."""
    out = []
    for path in [pathlib.Path(sys.executable).resolve(), BIN, REPO / "lib", REPO / "lessons"]:
        for parent in [path, *path.parents]:
            if parent.is_dir() and not parent.stat().st_mode & 0o001 and parent not in out:
                out.append(parent)
    return out


def accounts_work(trainee) -> str:
    """Why a new account cannot log in with PAM or run the course environment; "" if it can."""
    if not shutil.which("runuser"):
        return "no runuser here to try the course environment as the account"
    pam = subprocess.run(
        [str(BIN / "python"), "-c",
         "import sys, pamela; name, password = sys.stdin.read().split('\\n')[:2]; "
         "pamela.authenticate(name, password, service='login'); "
         "pamela.check_account(name, service='login')"],
        input=f"{trainee.name}\n{trainee.password}\n", text=True, capture_output=True)
    if pam.returncode:
        return f"PAM refuses the password just set ({pam.stderr.strip().splitlines()[-1:]})"
    for what, cmd in (("run the single-user server", [str(BIN / "jupyterhub-singleuser"), "--version"]),
                      ("import the course library", [str(BIN / "python"), "-c", "import responsible_ml"]),
                      ("read the lessons", ["test", "-r", str(REPO / "lessons" / f"{ASSIGNMENT}.ipynb")])):
        run = subprocess.run(["runuser", "-u", trainee.name, "--", *cmd], capture_output=True, text=True,
                             cwd="/", env={**os.environ, "HOME": str(trainee.home)})
        if run.returncode:
            said = (run.stderr.strip().splitlines() or [f"exit status {run.returncode}"])[-1]
            return f"the account cannot {what} ({said})"
    return ""


def accounts_possible() -> tuple[bool, str]:
    """Real accounts need root (useradd, PAM, setuid spawner)."""
    if os.environ.get("RML_HUB_ONE_USER"):
        return False, "one Unix user for everyone, as asked (RML_HUB_ONE_USER)"
    if os.geteuid() != 0:
        return False, "not root: one Unix user for everyone (SimpleLocalProcessSpawner-style)"
    if not shutil.which("useradd"):
        return False, "no useradd on this machine"
    return True, "real Unix accounts, PAM log-in, LocalProcessSpawner (as root)"


# --- memory ----------------------------------------------------------------------------------

def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            ppid = int(pathlib.Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = set(), [root]
    while todo:
        pid = todo.pop()
        out.add(pid)
        todo.extend(children.get(pid, []))
    return out


def _mem(pid: int) -> tuple[int, int, str | None]:
    """(RSS, PSS) in bytes and the JupyterHub user a process serves (None: the hub's own)."""
    try:
        rss = pss = 0
        for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
        environ = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return 0, 0, None
    user = next((e[16:].decode() for e in environ if e.startswith(b"JUPYTERHUB_USER=")), None)
    return rss, pss, user


class MemorySampler(threading.Thread):
    """Samples the hub's process tree every second: peak per user and for the whole hub."""

    def __init__(self, hub_pid: int, every: float = 1.0):
        super().__init__(daemon=True)
        self.hub_pid, self.every = hub_pid, every
        self.peak_user_rss: dict[str, int] = {}
        self.peak_user_pss: dict[str, int] = {}
        self.peak_total_pss = self.peak_total_rss = 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.every):
            with contextlib.suppress(Exception):
                self.sample()

    def sample(self):
        per_rss: dict[str, int] = {}
        per_pss: dict[str, int] = {}
        total_rss = total_pss = 0
        for pid in _descendants(self.hub_pid):
            rss, pss, user = _mem(pid)
            total_rss += rss
            total_pss += pss
            if user:
                per_rss[user] = per_rss.get(user, 0) + rss
                per_pss[user] = per_pss.get(user, 0) + pss
        for user in per_rss:
            self.peak_user_rss[user] = max(self.peak_user_rss.get(user, 0), per_rss[user])
            self.peak_user_pss[user] = max(self.peak_user_pss.get(user, 0), per_pss[user])
        self.peak_total_pss = max(self.peak_total_pss, total_pss)
        self.peak_total_rss = max(self.peak_total_rss, total_rss)

    def stop(self):
        self._stop_event.set()


# --- the answers and what they deserve -----------------------------------------------------

def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _src(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def answer_sets(course: pathlib.Path) -> dict[str, dict[str, str]]:
    """{variant: {answer grade_id: source}} for the code answers of the exercise."""
    import importlib.util

    solution = json.loads((course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    release = json.loads((course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    code = [c for c in solution["cells"] if _meta(c).get("solution") and c["cell_type"] == "code"]
    stubs = {_meta(c)["grade_id"]: _src(c) for c in release["cells"] if _meta(c).get("solution")}
    ref = {_meta(c)["grade_id"]: _src(c) for c in code}
    last = _meta(code[-1])["grade_id"]
    spec = importlib.util.spec_from_file_location(
        "mutants01", REPO / "tests" / "course" / "mutants" / f"{ASSIGNMENT}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # A plausible wrong answer to a middle question (the others right).
    listed = [gid for gid in ref if gid in module.MUTANTS]
    target = listed[len(listed) // 2]
    mutant = next(iter(module.MUTANTS[target].values()))
    return {
        "reference": dict(ref),
        "partly": {**ref, last: stubs[last]},  # the last answer left as the stub
        "mutant": {**ref, target: mutant},
        "blank": {gid: stubs[gid] for gid in ref},
    }


def deserved_scores(course: pathlib.Path, answers: dict[str, dict[str, str]]) -> dict[str, float]:
    """Auto-graded points each variant deserves: the test cells it passes, run directly.

    An oracle independent of nbgrader and of the sandbox: the reference notebook's cells
    (hidden tests included) executed in one namespace with the answers swapped in.
    """
    from responsible_ml.course import run_notebook_cells

    source = course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    points = {_meta(c)["grade_id"]: float(_meta(c).get("points", 0))
              for c in json.loads(source.read_text())["cells"]
              if _meta(c).get("grade") and c["cell_type"] == "code"}
    out = {}
    for variant, replace in answers.items():
        outcome = run_notebook_cells(source, replace)
        out[variant] = sum(points[g] for g, failed in outcome.items() if not failed and g in points)
    return out


# --- a trainee, driven like a browser ------------------------------------------------------

@dataclass
class Trainee:
    name: str
    password: str
    variant: str
    home: pathlib.Path
    token: str = ""
    running_after: float | None = None  # seconds from log-in to a usable server
    lesson_seconds: float | None = None
    lesson_errors: list = field(default_factory=list)
    spawn_error: str = ""
    kernel_id: str = ""
    keep_alive: bool = True
    respawn_after: float | None = None


HANDSHAKE_TIMEOUT = 150  # seconds; more than jupyter_server's kernel_info_timeout


class Kernel:
    """One kernel's websocket, executing code like JupyterLab does (legacy JSON protocol)."""

    def __init__(self, ws_url: str, token: str, timeout: float):
        self.session = uuid.uuid4().hex
        # jupyter_server holds the upgrade until the kernel answers kernel_info, for up to its
        # kernel_info_timeout (60 s by default); with a whole class starting kernels at once
        # that wait is real. Wait longer than the server does, and reconnect once, as
        # JupyterLab's kernel connection does, before calling the trainee's run failed.
        for attempt in (1, 2):
            try:
                self.ws = websocket.create_connection(
                    f"{ws_url}?session_id={self.session}", timeout=HANDSHAKE_TIMEOUT,
                    header=[f"Authorization: token {token}"])
                break
            except (websocket.WebSocketTimeoutException, ConnectionError):
                if attempt == 2:
                    raise
                time.sleep(5)
        self.ws.settimeout(30)
        self.timeout = timeout

    def execute(self, code: str) -> tuple[str, str, str]:
        """Run code; return (status, stdout, error name + value)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "rehearsal", "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        stdout, error, status, idle = [], "", None, False
        deadline = time.monotonic() + self.timeout
        while status is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply within {self.timeout} s to {code[:60]!r}")
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue  # the deadline above decides
            if isinstance(raw, str) and '"execution_state": "restarting"' in raw:
                raise RuntimeError(f"the kernel died running {code[:60]!r}")
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "execute_reply":
                status = msg["content"]["status"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return status, "".join(stdout), error

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()


class Rehearsal:
    """Hub + proxy + culler on loopback with a class of trainees; cleans up everything."""

    def __init__(self, trainees: int = 20, *, cull_timeout: int = 90, cull_every: int = 15,
                 activity_interval: int = 10, mem_limit: str = "1G", cpu_limit: float = 1.0,
                 start_timeout: int = 600, cell_timeout: float = 600, log=print):
        self.n = trainees
        self.log = log
        self.real_accounts, self.mode_reason = accounts_possible()
        self.mode = "accounts" if self.real_accounts else "simple"
        self.cull_timeout, self.cull_every = cull_timeout, cull_every
        self.activity_interval = activity_interval
        self.mem_limit, self.cpu_limit = mem_limit, cpu_limit
        self.start_timeout, self.cell_timeout = start_timeout, cell_timeout
        self.tag = "rml" + secrets.token_hex(2)
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="rml-hub-"))
        self.root.chmod(0o755)  # homes, exchange and course below must be reachable
        self.exchange = self.root / "exchange"
        self.class_dir = self.root / "class"
        self.course = self.root / "course"
        self.state = self.root / "state"
        self.offline_log = self.root / "offline-violations.log"
        self.instructor = f"{self.tag}-inst"
        self.service_token = secrets.token_hex(32)
        self.proxy_token = secrets.token_hex(32)
        self.port, self.api_port, self.proxy_api_port = _free_port(), _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.trainees = [Trainee(f"{self.tag}-t{i:02d}", secrets.token_urlsafe(12),
                                 VARIANTS[i % len(VARIANTS)], self.root / "homes" / f"t{i:02d}")
                         for i in range(trainees)]
        self.accounts: list[str] = []
        self.restore_modes: list[tuple[pathlib.Path, int]] = []
        self.proc: subprocess.Popen | None = None
        self.sampler: MemorySampler | None = None
        self.timings: dict[str, float] = {}
        self.memory_snapshot: tuple = ({}, {}, 0, 0)
        self._heartbeat_stop = threading.Event()

    # -- set-up and tear-down --
    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            # A test timeout or Ctrl-C still removes the accounts and stops the hub.
            def stop(*_):
                self._heartbeat_stop.set()  # threads waiting on servers give up
                sys.exit(143)

            signal.signal(signal.SIGTERM, stop)
        try:
            self.setup()
        except BaseException:
            self.teardown()
            raise
        return self

    def __exit__(self, *exc):
        self.teardown()

    def setup(self):
        self.log(f"hub mode: {self.mode} ({self.mode_reason})")
        (self.root / "homes").mkdir()
        self.offline_log.touch()
        self.offline_log.chmod(0o666)
        if self.real_accounts:
            # Every account runs the course environment's Python. Where it sits below a
            # folder others cannot enter (pyenv under /root here), let them traverse it
            # (x only, no listing) for the rehearsal; the old mode comes back at teardown.
            for d in unreachable_dirs():
                self.restore_modes.append((d, d.stat().st_mode & 0o7777))
                d.chmod(d.stat().st_mode | 0o001)
                self.log(f"{d}: o+x for the rehearsal (mode restored afterwards)")
            gone = remove_stale_accounts()
            if gone:
                self.log(f"removed stale rehearsal accounts: {gone}")
            for t in self.trainees:
                add_account(t.name, t.home, t.password)
                self.accounts.append(t.name)
            inst_home = self.root / "homes" / "instructor"
            self.instructor_password = secrets.token_urlsafe(12)
            add_account(self.instructor, inst_home, self.instructor_password)
            self.accounts.append(self.instructor)
            problem = accounts_work(self.trainees[0])
            if problem:
                # Root with useradd is not enough where PAM or the file system refuses the new
                # accounts (a checkout on a mount other users cannot execute from): rehearse the
                # class with one Unix user instead, and say so.
                self.log(f"real accounts cannot run the course here ({problem}): one Unix user")
                self._remove_accounts()
                self.real_accounts, self.mode = False, "simple"
                self.mode_reason = f"real accounts refused on this machine: {problem}"
        if not self.real_accounts:
            self.instructor_password = "any"
            for t in self.trainees:
                t.home = self.state / "homes" / t.name
        # The instructor's course: a copy of solutions/ and the course config.
        from responsible_ml.course import make_course

        make_course(self.course, [ASSIGNMENT])
        self.course.chmod(0o755)
        self._start_hub()

    def _remove_accounts(self):
        """Delete the rehearsal's accounts and give back the folder modes it opened."""
        for name in self.accounts:
            del_account(name)
        self.accounts = []
        for d, mode in self.restore_modes:
            d.chmod(mode)
        self.restore_modes = []

    def _env(self) -> dict:
        env = dict(os.environ)
        env.update(
            RML_HUB_MODE=self.mode, RML_HUB_PORT=str(self.port), RML_HUB_API_PORT=str(self.api_port),
            RML_PROXY_API_PORT=str(self.proxy_api_port), RML_PROXY_TOKEN=self.proxy_token,
            RML_HUB_STATE=str(self.state), RML_EXCHANGE=str(self.exchange),
            RML_CLASS_DIR=str(self.class_dir),
            RML_COURSE_DIR=str(self.course), RML_INSTRUCTOR=self.instructor,
            RML_TRAINEES=",".join(t.name for t in self.trainees),
            RML_CULL_TIMEOUT=str(self.cull_timeout), RML_CULL_EVERY=str(self.cull_every),
            RML_ACTIVITY_INTERVAL=str(self.activity_interval), RML_MEM_LIMIT=self.mem_limit,
            RML_CPU_LIMIT=str(self.cpu_limit), RML_HUB_START_TIMEOUT=str(self.start_timeout),
            RML_HUB_SERVICE_TOKEN=self.service_token, RML_CHP=str(CHP),
            RML_OFFLINE_LOG=str(self.offline_log),
            PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
        return env

    def _start_hub(self):
        if not CHP.exists():
            raise FileNotFoundError(f"configurable-http-proxy not found at {CHP}: run `make hub-deps`")
        self.state.mkdir(mode=0o700)
        self.hub_log = open(self.root / "jupyterhub.log", "w")
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=self.state, env=self._env(), stdout=self.hub_log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.hub_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise TimeoutError(f"the hub did not answer within 120 s:\n{self.hub_tail()}")
        self.sampler = MemorySampler(self.proc.pid)
        self.sampler.start()

    def hub_tail(self, lines: int = 60) -> str:
        with contextlib.suppress(OSError):
            return "\n".join((self.root / "jupyterhub.log").read_text().splitlines()[-lines:])
        return ""

    def teardown(self):
        self._heartbeat_stop.set()
        if self.sampler:
            self.sampler.stop()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # cleanup_servers: stops every server
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the proxy, if it outlived the hub
        self._remove_accounts()
        from course_spawner import CGROUP_ROOT, GROUP  # noqa: E402 (deploy/ on sys.path)

        for d in sorted(CGROUP_ROOT.glob(f"**/{GROUP}/{self.tag}-*"), reverse=True):
            with contextlib.suppress(OSError):
                d.rmdir()
        with contextlib.suppress(OSError):  # kept for a look after a failure
            shutil.copy(self.root / "jupyterhub.log", pathlib.Path(tempfile.gettempdir())
                        / "rml-hub-rehearsal-last.log")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- hub API (the rehearsal's admin token) --
    def api(self, method: str, path: str, **kw):
        r = requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                             headers={"Authorization": f"token {self.service_token}"}, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def api_url_proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_api_port}"

    def server_ready(self, name: str) -> bool:
        server = (self.api("GET", f"/users/{name}").get("servers") or {}).get("")
        return bool(server and server.get("ready"))

    # -- one trainee --
    def login_and_spawn(self, name: str, password: str) -> tuple[requests.Session, float]:
        s = requests.Session()
        t0 = time.perf_counter()
        s.get(f"{self.url}/hub/login", timeout=60)
        r = s.post(f"{self.url}/hub/login", timeout=120, allow_redirects=True,
                   data={"username": name, "password": password, "_xsrf": s.cookies.get("_xsrf", "")})
        if "jupyterhub-session-id" not in s.cookies and r.url.endswith("/hub/login"):
            raise PermissionError(f"log-in refused for {name}: {r.status_code}")
        deadline = time.monotonic() + self.start_timeout
        # The page a browser lands on (API URLs do not redirect through OAuth).
        status_url = f"{self.url}/user/{name}/lab"
        while time.monotonic() < deadline:
            if self._heartbeat_stop.is_set():
                raise RuntimeError("rehearsal stopped")
            r = s.get(status_url, timeout=120)
            if r.status_code == 200 and r.url.startswith(status_url):
                return s, time.perf_counter() - t0
            if "spawn-pending" not in r.url and "/hub/" in r.url:
                s.get(f"{self.url}/hub/spawn/{name}", timeout=120)  # the "Start" button
            time.sleep(1)
        raise TimeoutError(f"{name}: no running server {self.start_timeout} s after log-in")

    def user_token(self, name: str) -> str:
        return self.api("POST", f"/users/{name}/tokens",
                        json={"note": "rehearsal", "expires_in": 7200})["token"]

    def rest(self, t: Trainee, method: str, path: str, token: str | None = None, **kw):
        return requests.request(method, f"{self.url}/user/{t.name}/api{path}", timeout=300,
                                headers={"Authorization": f"token {token or t.token}"}, **kw)

    def page(self, t: Trainee, path: str, token: str | None = None):
        """A page of the trainee's server outside /api (lab, formgrader)."""
        return requests.get(f"{self.url}/user/{t.name}/{path}", timeout=300,
                            headers={"Authorization": f"token {token or t.token}"})

    def kernel(self, t: Trainee) -> Kernel:
        ws = f"ws://127.0.0.1:{self.port}/user/{t.name}/api/kernels/{t.kernel_id}/channels"
        return Kernel(ws, t.token, self.cell_timeout)

    def start_session(self, t: Trainee):
        r = self.rest(t, "POST", "/sessions", json={
            "path": LESSON, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        r.raise_for_status()
        t.kernel_id = r.json()["kernel"]["id"]

    def run_lesson(self, t: Trainee) -> float:
        r = self.rest(t, "GET", f"/contents/{LESSON}", params={"content": 1})
        r.raise_for_status()
        cells = [_src(c) for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
        k = self.kernel(t)
        t0 = time.perf_counter()
        try:
            for src in cells:
                status, _, error = k.execute(src)
                if status != "ok":
                    t.lesson_errors.append(error or status)
                    break
        finally:
            k.close()
        return time.perf_counter() - t0

    def in_kernel(self, t: Trainee, code: str) -> str:
        k = self.kernel(t)
        try:
            status, out, error = k.execute(code)
        finally:
            k.close()
        if status != "ok":
            raise RuntimeError(f"{t.name}: {error}\n{out}")
        return out

    def nbgrader(self, t: Trainee, *args: str) -> dict:
        """Run nbgrader in the trainee's kernel (as the trainee), from their home."""
        code = (
            "import json, os, subprocess, sys\n"
            f"_p = subprocess.run([sys.executable, '-m', 'nbgrader', *{list(args)!r}], "
            "cwd=os.path.expanduser('~'), capture_output=True, text=True)\n"
            "print(json.dumps({'rc': _p.returncode, 'out': _p.stdout[-3000:], 'err': _p.stderr[-3000:]}))\n")
        return json.loads(self.in_kernel(t, code).strip().splitlines()[-1])

    def answer(self, t: Trainee, answers: dict[str, str]):
        path = f"/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        r = self.rest(t, "GET", path, params={"content": 1})
        r.raise_for_status()
        nb = r.json()["content"]
        marked = False
        for cell in nb["cells"]:
            gid = _meta(cell).get("grade_id")
            if gid in answers:
                cell["source"] = answers[gid]
                if not marked:  # a comment naming the trainee: found again in the feedback
                    cell["source"] += f"\n# answered by {t.name}\n"
                    marked = True
        r = self.rest(t, "PUT", path, json={"type": "notebook", "format": "json", "content": nb})
        r.raise_for_status()

    # -- the class --
    def heartbeat(self, trainees: list[Trainee], every: float = 20):
        """An open JupyterLab tab polls its server; trainees with keep_alive keep doing it.

        One poller per trainee, as each trainee has their own tab: a loop over the class
        took longer than the culler's timeout on a loaded machine, so servers at the end of
        the list looked idle and were culled mid-lesson (CI stop 36).
        """
        def beat(t: Trainee):
            while not self._heartbeat_stop.wait(every):
                if t.keep_alive and t.token:
                    with contextlib.suppress(requests.RequestException):
                        requests.get(f"{self.url}/user/{t.name}/api/kernels", timeout=every,
                                     headers={"Authorization": f"token {t.token}"})
        for t in trainees:
            threading.Thread(target=beat, args=(t,), daemon=True).start()

    def instructor_chore(self, *cmd: str) -> subprocess.CompletedProcess:
        """A command the instructor runs on the hub machine, in the course folder."""
        t0 = time.perf_counter()
        proc = subprocess.run(list(cmd), cwd=self.course, capture_output=True, text=True,
                              timeout=1800, env={**os.environ, "PATH": os.pathsep.join(
                                  [str(BIN), os.environ.get("PATH", "")])})
        took = time.perf_counter() - t0
        self.log(f"{took:6.1f} s  instructor: {' '.join(cmd)[:100]}")
        if proc.returncode:
            raise RuntimeError(f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        proc.seconds = took
        return proc

    def nbgrader_as_instructor(self, *args: str) -> subprocess.CompletedProcess:
        return self.instructor_chore(str(BIN / "python"), "-m", "nbgrader", *args,
                                     f"--Exchange.root={self.exchange}")


def summary(r: Rehearsal) -> dict:
    spawn = [t.running_after for t in r.trainees if t.running_after is not None]
    lesson = [t.lesson_seconds for t in r.trainees if t.lesson_seconds is not None]
    users = [t.name for t in r.trainees]
    user_rss, user_pss, total_pss, total_rss = r.memory_snapshot
    rss = [user_rss.get(u, 0) / 2**20 for u in users]
    pss = [user_pss.get(u, 0) / 2**20 for u in users]
    return {
        "mode": r.mode, "trainees": r.n,
        "failed_spawns": sum(1 for t in r.trainees if t.spawn_error),
        "login_to_running_p50_s": percentile(spawn, 0.5),
        "login_to_running_p95_s": percentile(spawn, 0.95),
        "lesson01_all_at_once_wall_s": r.timings.get("lesson_wall"),
        "lesson01_per_trainee_p50_s": percentile(lesson, 0.5),
        "lesson01_per_trainee_max_s": max(lesson) if lesson else None,
        "peak_mib_per_trainee_rss_max": max(rss) if rss else None,
        "peak_mib_per_trainee_rss_p50": statistics.median(rss) if rss else None,
        "peak_mib_per_trainee_pss_max": max(pss) if pss else None,
        "peak_mib_per_trainee_pss_p50": statistics.median(pss) if pss else None,
        "peak_mib_whole_hub_pss": total_pss / 2**20,
        "peak_mib_whole_hub_rss": total_rss / 2**20,
        **{k: v for k, v in r.timings.items() if k != "lesson_wall"},
    }


def parallel(fn, items, workers: int | None = None):
    """Run fn(item) for every item in threads; return [(item, result or exception)]."""
    from concurrent.futures import ThreadPoolExecutor

    def safe(item):
        try:
            return item, fn(item)
        except Exception as exc:  # noqa: BLE001 - reported per trainee by the caller
            return item, exc

    with ThreadPoolExecutor(max_workers=workers or len(items) or 1) as pool:
        return list(pool.map(safe, items))


# --- the whole class: every step of the issue, results collected for the test -------------

PROBE_SERVER = '''
import json, os, urllib.request, urllib.error
def _get(url, token=None):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    try:
        with urllib.request.build_opener(_NoRedirect).open(req, timeout=60) as r:
            return r.status, r.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except OSError as e:
        return -1, repr(e)
_out = {"direct": _get({direct!r}), "proxy": _get({proxy!r}),
        "proxy_own_token": _get({proxy!r}, os.environ["JUPYTERHUB_API_TOKEN"])}
print(json.dumps(_out))
'''

PROBE_FILES = '''
import json, os
def _try(fn, *a):
    try:
        return "allowed: " + str(fn(*a))[:200]
    except PermissionError:
        return "denied"
    except FileNotFoundError:
        return "missing"
_out = {{"list_inbound": _try(os.listdir, {inbound!r}),
        "list_feedback": _try(os.listdir, {feedback!r}),
        "other_home": _try(os.listdir, {other_home!r}),
        "other_notebook": _try(lambda p: open(p).read(), {other_nb!r})}}
print(json.dumps(_out))
'''

#: One trainee answers the class prompt in their kernel through the prompt widget itself
#: (opting in first or not), then tries to list the class folder.
CLASS_PROMPT_ID = "01-q1"
CLASS_ANSWER = '''
import json, os
from responsible_ml.widgets import commit_reveal, share_with_class
if {share!r}:
    share_with_class(True)
_b = commit_reveal({prompt!r})
_b.children[1].value = _b.prompt.options[{option}]
_b.children[2].click()
try:
    os.listdir(os.environ["RML_CLASS_DIR"])
    _listable = True
except PermissionError:
    _listable = False
print(json.dumps({{"tick_box": len(_b.children) == 5, "choice": _b.prompt.options[{option}],
                  "class_listable": _listable}}))
'''

ALLOCATE = '''
import json, subprocess, sys
# oom_score_adj 1000: the OOM killer takes this process, not the trainee's kernel.
_code = "open('/proc/self/oom_score_adj', 'w').write('1000'); b = bytearray({n}); print(len(b))"
_p = subprocess.run([sys.executable, "-c", _code],
                    capture_output=True, text=True)
print(json.dumps({{"rc": _p.returncode, "err": _p.stderr[-300:]}}))
'''


def _ok(results, what):
    bad = {item.name: repr(res) for item, res in results if isinstance(res, Exception)}
    if bad:
        raise RuntimeError(f"{what} failed for {len(bad)}: {bad}")


def run_class(r: Rehearsal) -> dict:
    """Release, log in, lesson, fetch, answer, submit, grade, feedback, cull. Returns results."""
    out: dict = {"mode": r.mode, "mode_reason": r.mode_reason}
    inbound = r.exchange / COURSE_ID / "inbound"
    feedback = r.exchange / COURSE_ID / "feedback"

    # 0. The instructor releases exercise 01; what each kind of answer deserves.
    r.instructor_chore(str(BIN / "python"), "-m", "responsible_ml", "release", ASSIGNMENT,
                       "--course", str(r.course), "--exchange", str(r.exchange))
    answers = answer_sets(r.course)
    out["deserved"] = deserved_scores(r.course, answers)
    r.log(f"deserved auto scores: {out['deserved']}")

    # 1. All trainees log in at once and spawn.
    t0 = time.perf_counter()

    def login(t: Trainee):
        try:
            _, t.running_after = r.login_and_spawn(t.name, t.password)
        except Exception as exc:
            t.spawn_error = repr(exc)
            raise
        t.token = r.user_token(t.name)

    _ok(parallel(login, r.trainees), "log-in and spawn")
    r.timings["class_spawn_wall_s"] = time.perf_counter() - t0
    r.log(f"{r.timings['class_spawn_wall_s']:6.1f} s  {r.n} servers running")
    r.heartbeat(r.trainees)

    # The instructor: admin, formgrader on the course; trainees: no nbgrader at all.
    inst = Trainee(r.instructor, r.instructor_password, "instructor", r.root / "homes" / "instructor")
    _, inst.running_after = r.login_and_spawn(inst.name, inst.password)
    inst.token = r.user_token(inst.name)
    r.heartbeat([inst])
    me = r.api("GET", f"/users/{inst.name}")
    t = r.trainees[0]
    out["instructor_admin"] = me["admin"]
    out["formgrader_instructor"] = r.page(inst, "formgrader").status_code
    out["formgrader_trainee"] = r.page(t, "formgrader").status_code
    lab = r.page(t, "lab").text
    out["trainee_lab_disables_nbgrader"] = '"disabledExtensions": ["@jupyter/nbgrader"' in lab
    lab = r.page(inst, "lab").text
    out["instructor_lab_disables_nbgrader"] = '"disabledExtensions": ["@jupyter/nbgrader"' in lab

    # 2. Every trainee runs lesson 01 in their own kernel, all at once.
    _ok(parallel(r.start_session, r.trainees), "starting a kernel")
    gate = threading.Barrier(len(r.trainees))

    def lesson(t: Trainee):
        gate.wait(timeout=600)
        t.lesson_seconds = r.run_lesson(t)

    t0 = time.perf_counter()
    _ok(parallel(lesson, r.trainees), "lesson 01")
    r.timings["lesson_wall"] = time.perf_counter() - t0
    out["lesson_errors"] = {t.name: t.lesson_errors for t in r.trainees if t.lesson_errors}
    r.log(f"{r.timings['lesson_wall']:6.1f} s  lesson 01 run by {r.n} at once")

    # 2b. The class view: the room answers one of the lesson's prompts; 3 of 20 do not opt in.
    def answer_prompt(item):
        i, t = item
        code = CLASS_ANSWER.format(share=i % 6 != 5, prompt=CLASS_PROMPT_ID, option=i % 3)
        return json.loads(r.in_kernel(t, code).strip().splitlines()[-1]) | {"shared": i % 6 != 5}

    answered = parallel(answer_prompt, list(enumerate(r.trainees)), workers=10)
    bad = {t.name: repr(res) for (_, t), res in answered if isinstance(res, Exception)}
    if bad:
        raise RuntimeError(f"class prompt failed for {len(bad)}: {bad}")
    out["class_answers"] = {t.name: res for (_, t), res in answered}
    shown = r.instructor_chore(str(BIN / "python"), "-m", "responsible_ml", "class-summary",
                               str(r.class_dir), "--lesson", "01", "--json",
                               "--png", str(r.root / "class-view.png"))
    out["class_summary"] = json.loads(shown.stdout.strip().splitlines()[-1])
    out["class_files"] = sorted(p.name for p in r.class_dir.iterdir())
    out["class_dir_mode"] = oct(r.class_dir.stat().st_mode & 0o7777)

    # 3. Fetch, answer (reference / partly / a plausible wrong answer / blank), submit.
    def fetch_answer_submit(t: Trainee):
        fetched = r.nbgrader(t, "fetch_assignment", ASSIGNMENT)
        if fetched["rc"]:
            raise RuntimeError(f"fetch: {fetched}")
        r.answer(t, answers[t.variant])
        submitted = r.nbgrader(t, "submit", ASSIGNMENT)
        if submitted["rc"]:
            raise RuntimeError(f"submit: {submitted}")

    t0 = time.perf_counter()
    _ok(parallel(fetch_answer_submit, r.trainees, workers=10), "fetch, answer, submit")
    r.timings["fetch_answer_submit_wall_s"] = time.perf_counter() - t0
    out["inbound"] = sorted(p.name.split("+")[0] for p in inbound.iterdir())

    # Half the class closes their laptops: no more requests from their browser tabs.
    idle = r.trainees[r.n // 2:]
    for t in idle:
        t.keep_alive = False
    idle_since = time.monotonic()

    # 4. Each trainee probes the next one's server: straight to its port and through the
    #    proxy, without a token and with their own (which is not the other's).
    routes = requests.get(f"{r.api_url_proxy()}/api/routes", timeout=30,
                          headers={"Authorization": f"token {r.proxy_token}"}).json()

    def probe(pair):
        a, b = pair
        (target,) = [v["target"].rstrip("/") for k, v in routes.items()
                     if k.rstrip("/") == f"/user/{b.name}"]
        code = (PROBE_SERVER.replace("{direct!r}", repr(f"{target}/user/{b.name}/api/contents"))
                .replace("{proxy!r}", repr(f"{r.url}/user/{b.name}/api/contents")))
        return json.loads(r.in_kernel(a, code).strip().splitlines()[-1])

    pairs = [(r.trainees[i], r.trainees[(i + 1) % r.n]) for i in range(r.n)]
    out["server_probes"] = {a.name: res for (a, _), res in
                            parallel(probe, pairs, workers=10)}

    # Peak memory so far (the class's real work: servers, lesson, nbgrader); the deliberate
    # over-limit allocation below is not a trainee's normal use.
    r.sampler.sample()
    r.memory_snapshot = (dict(r.sampler.peak_user_rss), dict(r.sampler.peak_user_pss),
                         r.sampler.peak_total_pss, r.sampler.peak_total_rss)

    # Memory limit: a process in a trainee's server allocating more than the limit.
    limit = _bytes(r.mem_limit)
    out["over_limit_allocation"] = json.loads(r.in_kernel(
        r.trainees[0], ALLOCATE.format(n=int(limit * 1.25))).strip().splitlines()[-1])
    out["limits_method"] = r.in_kernel(
        r.trainees[0], "import os; print(os.environ.get('RML_LIMITS_METHOD'))").strip()

    # 5. The instructor collects, grades with `make grade`, releases feedback.
    r.nbgrader_as_instructor("collect", ASSIGNMENT)
    graded = r.instructor_chore(
        "make", "-s", "-C", str(REPO), "grade", f"ASSIGNMENTS={ASSIGNMENT}", "WORKERS=2",
        f"GRADE_ARGS=--course {r.course} -- --Exchange.root={r.exchange}")
    r.timings["make_grade_s"] = graded.seconds
    out["grade_output"] = graded.stdout[-2000:]
    r.nbgrader_as_instructor("release_feedback", ASSIGNMENT)
    import csv

    with open(r.course / "grades" / f"{ASSIGNMENT}-scores.csv", newline="") as fh:
        out["scores"] = {row["student"]: float(row["autograded_score"]) for row in csv.DictReader(fh)}

    # 6. The culler stops the idle half (and only them).
    # The idle half has been idle since `idle_since`; grading (step 5) may already have used
    # that window on a loaded machine, so the watch always lasts a few culler rounds more.
    deadline = max(idle_since + r.cull_timeout + 3 * r.cull_every + 180,
                   time.monotonic() + 3 * r.cull_every + 60)
    out["idle_before_watch_s"] = round(time.monotonic() - idle_since, 1)
    culled: set[str] = set()
    while time.monotonic() < deadline and len(culled) < len(idle):
        for t in idle:
            if t.name not in culled and not r.api("GET", f"/users/{t.name}").get("servers"):
                culled.add(t.name)
                r.log(f"culled {t.name} {time.monotonic() - idle_since:.0f} s after its last request")
        time.sleep(5)
    out["culled"] = sorted(culled)
    out["idle"] = sorted(t.name for t in idle)
    out["still_running"] = sorted(t.name for t in r.trainees[: r.n // 2] if r.server_ready(t.name))
    out["active"] = sorted(t.name for t in r.trainees[: r.n // 2])

    # Culled trainees come back: log in again, start a kernel.
    def come_back(t: Trainee):
        if not r.server_ready(t.name):
            _, t.respawn_after = r.login_and_spawn(t.name, t.password)
        t.keep_alive = True
        r.start_session(t)

    _ok(parallel(come_back, r.trainees, workers=10), "logging in again")

    # 7. Every trainee fetches their feedback; we read what they got.
    def get_feedback(t: Trainee):
        fetched = r.nbgrader(t, "fetch_feedback", ASSIGNMENT)
        if fetched["rc"]:
            raise RuntimeError(f"fetch_feedback: {fetched}")
        pages = []
        listing = r.rest(t, "GET", f"/contents/{ASSIGNMENT}/feedback").json()
        for stamp in listing.get("content") or []:
            inner = r.rest(t, "GET", f"/contents/{stamp['path']}").json()
            for f in inner.get("content") or []:
                if f["name"].endswith(".html"):
                    pages.append(r.rest(t, "GET", f"/contents/{f['path']}",
                                        params={"type": "file", "format": "text"}).json()["content"])
        return pages

    out["feedback"] = {t.name: res for t, res in parallel(get_feedback, r.trainees, workers=10)}
    for name, res in out["feedback"].items():
        if isinstance(res, Exception):
            raise RuntimeError(f"feedback for {name}: {res!r}")

    # 8. With real accounts: what the exchange lets one trainee see of another's work.
    if r.real_accounts:
        def files(pair):
            a, b = pair
            code = PROBE_FILES.format(inbound=str(inbound), feedback=str(feedback),
                                      other_home=str(b.home),
                                      other_nb=str(b.home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
            seen = json.loads(r.in_kernel(a, code).strip().splitlines()[-1])
            # nbgrader's own client, asking for the other trainee's feedback.
            before = set(_feedback_files(r, a))
            seen["fetch_feedback_as_other"] = r.nbgrader(
                a, "fetch_feedback", ASSIGNMENT, f"--CourseDirectory.student_id={b.name}")["rc"]
            seen["new_feedback_files"] = sorted(set(_feedback_files(r, a)) - before)
            return seen

        out["file_probes"] = {a.name: res for (a, _), res in parallel(files, pairs[:6], workers=6)}
    out["offline_violations"] = r.offline_log.read_text()
    out["failed_spawns"] = sum(1 for t in r.trainees if t.spawn_error)
    out["summary"] = summary(r)
    out["summary"]["instructor_login_to_running_s"] = inst.running_after
    respawn = [t.respawn_after for t in idle]
    out["summary"]["respawn_after_cull_p50_s"] = percentile([x for x in respawn if x], 0.5)
    return out


def _feedback_files(r: Rehearsal, t: Trainee) -> list[str]:
    code = ("import os, json; _h = os.path.expanduser('~/" + ASSIGNMENT + "/feedback'); "
            "print(json.dumps([os.path.join(d, f) for d, _, fs in os.walk(_h) for f in fs]))")
    return json.loads(r.in_kernel(t, code).strip().splitlines()[-1])


def _bytes(spec: str) -> int:
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    return int(float(spec[:-1]) * units[spec[-1].upper()]) if spec[-1].isalpha() else int(spec)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20)
    args = parser.parse_args()
    with Rehearsal(args.trainees) as rehearsal:
        result = run_class(rehearsal)
    print(json.dumps(result["summary"], indent=2))

"""JupyterHub for the Responsible ML course on one server (no Docker, no Kubernetes).

Start it from the course environment (the repository's .venv), as root on a real server:

    sudo .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

`make hub` starts it on 127.0.0.1 for a rehearsal (not root: one Unix user for everyone,
see RML_HUB_MODE), and `tests/deploy/test_hub.py` rehearses a class with it (20 in `make bench-hub`).

What it sets up
---------------
* **One environment.** The hub, every trainee's server (`jupyterhub-singleuser`) and every
  kernel run from the same Python: the course environment (pyproject.toml, extras dev and
  hub). Nothing is installed per trainee; nothing is fetched at run time.
* **Accounts.** As root: trainees and the instructor are Unix accounts and log in with their
  Unix password (PAM, JupyterHub's default); each server runs as its trainee, so files are
  kept apart by Unix permissions. Not root: `SimpleLocalProcessSpawner`-style servers, all
  as the hub's user, with any password (a rehearsal only: no isolation between trainees).
* **nbgrader exchange** at RML_EXCHANGE (default /srv/nbgrader/exchange), created here with
  nbgrader's multi-user permissions: the root is world-writable with the sticky bit (1777),
  and nbgrader itself makes `inbound` write-only for trainees (733) and `feedback` 711, so a
  trainee can submit and fetch their own feedback but list neither folder.
* **The class view** at RML_CLASS_DIR (default: `class` beside the exchange): trainees who
  opt in (`responsible_ml.widgets.share_with_class`, or the tick box under a prompt) leave
  their prompt answers and self-ratings there under a pseudonym; the folder is the
  instructor's, mode 1733 (trainees may write, not list; nobody deletes another's file), and
  `python -m responsible_ml class-summary` counts it.
* **Trainees see no nbgrader menus** (the Makefile disables the extension in the
  environment); they fetch and submit from a terminal (`nbgrader fetch_assignment
  01-what-is-ml`). **The instructor is an admin** whose server also loads nbgrader's
  formgrader (and its lab extension), opened on the course folder (RML_COURSE_DIR).
* **Limits per trainee:** memory RML_MEM_LIMIT (default 2G) and CPU RML_CPU_LIMIT cores
  (default 1), enforced by deploy/course_spawner.py with cgroups where the hub may write them,
  else an address-space rlimit (logged per spawn; see that module).
* **Idle culling:** jupyterhub-idle-culler as a hub service stops servers idle for
  RML_CULL_TIMEOUT seconds (default 3600), checking every RML_CULL_EVERY (default 300).

Every setting below can be changed with the environment variable named beside it.
"""

import os
import pathlib
import secrets
import stat
import sys

HERE = pathlib.Path(__file__).resolve().parent  # deploy/
REPO = HERE.parent
sys.path.insert(0, str(HERE))
c = get_config()  # noqa: F821  (provided by traitlets when JupyterHub loads this file)


def env(name, default):
    return os.environ.get(name, default)


IS_ROOT = os.geteuid() == 0
MODE = env("RML_HUB_MODE", "accounts" if IS_ROOT else "simple")  # accounts | simple
COURSE_ID = env("RML_COURSE_ID", "responsible-ml")
COURSE_DIR = pathlib.Path(env("RML_COURSE_DIR", str(REPO)))
EXCHANGE = pathlib.Path(env("RML_EXCHANGE", "/srv/nbgrader/exchange"))
CLASS_DIR = pathlib.Path(env("RML_CLASS_DIR", str(EXCHANGE.parent / "class")))
STATE = pathlib.Path(env("RML_HUB_STATE", str(REPO / ".rml" / "hub")))  # db, cookie secret
INSTRUCTOR = env("RML_INSTRUCTOR", "instructor")
TRAINEES = [u for u in env("RML_TRAINEES", "").split(",") if u]  # empty: any account may log in

# --- network: the hub is reached through the proxy; everything on one address ------------
c.JupyterHub.ip = env("RML_HUB_IP", "127.0.0.1")  # a real hub: 0.0.0.0 behind TLS
c.JupyterHub.port = int(env("RML_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("RML_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('RML_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env(
    "RML_CHP", str(REPO / ".venv" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"))]
c.Spawner.ip = "127.0.0.1"  # trainees' servers listen on loopback only, behind the proxy

# --- state ----------------------------------------------------------------------------------
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.auth_token = env("RML_PROXY_TOKEN", secrets.token_hex(32))
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every trainee's server

# --- who may log in --------------------------------------------------------------------------
c.Authenticator.admin_users = {INSTRUCTOR}
if TRAINEES:
    c.Authenticator.allowed_users = {INSTRUCTOR, *TRAINEES}
else:
    c.Authenticator.allow_all = True  # every account that can log in (PAM) or any name (simple)
if MODE == "accounts":
    c.JupyterHub.authenticator_class = "pam"  # Unix password of each account
    c.PAMAuthenticator.open_sessions = False  # no systemd-logind session per server
    c.JupyterHub.spawner_class = "course_spawner.CourseSpawner"
else:
    c.JupyterHub.authenticator_class = "dummy"  # any password: rehearsal only
    c.JupyterHub.spawner_class = "course_spawner.SimpleCourseSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
    if IS_ROOT:
        c.Spawner.args = ["--allow-root"]  # every server as root: a rehearsal only

# --- the single-user environment = the course environment ----------------------------------
c.Spawner.cmd = [str(pathlib.Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.lessons_dir = str(REPO / "lessons")  # copied to ~/lessons at the first start
c.Spawner.start_timeout = int(env("RML_HUB_START_TIMEOUT", "120"))  # seconds; a class starts at once
c.Spawner.http_timeout = int(env("RML_HUB_START_TIMEOUT", "120"))
c.Spawner.environment = {
    # nbgrader's settings for every server: exchange, course id (deploy/singleuser/).
    "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),
    "RML_EXCHANGE": str(EXCHANGE),
    "RML_COURSE_ID": COURSE_ID,
    # The class view's folder (responsible_ml.widgets.share_with_class: opt-in).
    "RML_CLASS_DIR": str(CLASS_DIR),
    # How often a server tells the hub it is in use (the culler reads it); JupyterHub's
    # default is 300 s, the rehearsal shortens it.
    "JUPYTERHUB_ACTIVITY_INTERVAL": env("RML_ACTIVITY_INTERVAL", "300"),
}
# Variables kept from the hub's environment (PYTHONPATH: the tests' offline guard).
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "PYTHONPATH", "RML_OFFLINE_LOG",
                      "PYTHONHASHSEED"]
c.JupyterHub.last_activity_interval = int(env("RML_ACTIVITY_INTERVAL", "300"))

# --- limits per trainee (deploy/course_spawner.py says how they hold) ----------------------
c.Spawner.mem_limit = env("RML_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(env("RML_CPU_LIMIT", "1"))
c.Spawner.limits = env("RML_LIMITS", "auto")  # auto | cgroup-v2 | cgroup-v1 | rlimit | none


# --- the instructor: admin, formgrader, the course folder -----------------------------------
def instructor_setup(spawner):
    if spawner.user.name != INSTRUCTOR:
        # A trainee's exercise variant (responsible_ml.feedback.variant): their nbgrader id,
        # which on this hub is their user name; the grader grades that same variant.
        spawner.environment = {**spawner.environment, "RML_TRAINEE_ID": spawner.user.name}
        return
    # deploy/instructor/ switches nbgrader's server extensions and lab extension back on.
    spawner.environment = {**spawner.environment,
                           "JUPYTER_CONFIG_PATH": os.pathsep.join(
                               [str(HERE / "instructor"), str(HERE / "singleuser")]),
                           "RML_COURSE_DIR": str(COURSE_DIR)}
    spawner.notebook_dir = str(COURSE_DIR)
    spawner.mem_limit = env("RML_INSTRUCTOR_MEM_LIMIT", "4G")  # grading runs workers
    spawner.cpu_limit = float(env("RML_INSTRUCTOR_CPU_LIMIT", "2"))


c.Spawner.pre_spawn_hook = instructor_setup

# --- nbgrader exchange with its multi-user permissions --------------------------------------
if IS_ROOT or os.access(EXCHANGE.parent if EXCHANGE.parent.exists() else "/", os.W_OK):
    EXCHANGE.mkdir(parents=True, exist_ok=True)
    # Everyone may create their course's folders; nobody may delete another's (sticky).
    EXCHANGE.chmod(stat.S_ISVTX | 0o777)

# --- the class view's folder: the instructor lists it, trainees only write into it ----------
if IS_ROOT or os.access(CLASS_DIR.parent if CLASS_DIR.parent.exists() else "/", os.W_OK):
    CLASS_DIR.mkdir(parents=True, exist_ok=True)
    if IS_ROOT:
        import pwd

        try:
            owner = pwd.getpwnam(INSTRUCTOR)
            os.chown(CLASS_DIR, owner.pw_uid, owner.pw_gid)
        except KeyError:
            print(f"class view: no account {INSTRUCTOR!r} yet; {CLASS_DIR} stays root's",
                  file=sys.stderr)
    # Like nbgrader's inbound: others may create files (w+x) but not list (no r); sticky.
    CLASS_DIR.chmod(stat.S_ISVTX | 0o733)

# --- services: the idle culler, and (tests only) a token for the rehearsal driver ----------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={env('RML_CULL_TIMEOUT', '3600')}",
                f"--cull-every={env('RML_CULL_EVERY', '300')}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
if env("RML_HUB_SERVICE_TOKEN", ""):
    # The rehearsal's driver: an admin token for creating trainees' tokens and watching
    # servers (what the instructor does on the admin page).
    c.JupyterHub.services.append({"name": "rehearsal",
                                  "api_token": os.environ["RML_HUB_SERVICE_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "rehearsal", "scopes": ["admin:users",
                                    "admin:servers", "tokens", "list:users", "read:users"],
                                    "services": ["rehearsal"]})

"""Helpers of the browser tests: a Jupyter server, a notebook page, what lessons store.

(A module with a unique name rather than conftest.py, so tests can import it.)

The course as a trainee meets it: JupyterLab / Notebook 7 in headless Chromium.

One Jupyter server per session serves a *copy* of ``lessons/`` and ``exercises/`` (so
JupyterLab's autosave never touches the repository). Playwright's synchronous API drives
Debian's Chromium (``/usr/bin/chromium``; Playwright's own browser downloads are never
used). The server inherits the session's offline guard and throw-away home from the root
``conftest.py``.

Without Chromium the browser tests are skipped with a message saying how to enable them,
except when ``CI=true``: there a missing browser fails the run.
"""

from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from responsible_ml.widgets._static import count_figures

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("RML_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-default-apps", "--disable-extensions",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
    "--metrics-recording-only", "--no-default-browser-check",
]
ENABLE_HINT = (
    "browser tests need Debian's Chromium at {path} and the playwright package: run "
    "`make browser-deps` as root (apt-get install -y chromium), or set RML_CHROMIUM to a "
    "Chromium binary. Missing: {missing}."
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Trainee set-up that `make setup` applies to the venv, applied here to the test's own
# config dirs so the tests do not depend on it: no nbgrader extensions, no news toast.
NBGRADER_SERVER_EXTENSIONS = [
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
]
# checkForUpdates is asked of the server (which then calls pypi.org) even when fetchNews
# is off, so it is switched off too.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}

# Errors of the Jupyter front end itself, reproduced with an empty notebook, an empty
# config and no course code, so not ours to fix: (app, message, where it is thrown).
KNOWN_UPSTREAM_ERRORS = [
    # Notebook 7.6.5: its shortcuts settings transform reads `.schema` of a plugin the
    # registry has not loaded (notebook_core.*.js); thrown once when a notebook opens.
    ("notebook", "Cannot read properties of undefined (reading 'schema')",
     "/static/notebook/notebook_core."),
]

#: Filled by the tests, printed at the end of the session (see pytest_terminal_summary).
BROWSER_RESULTS: list[dict] = []


def attach(request, name: str, value) -> None:
    """Attach ``name=value`` to the test's report (``report.user_properties``; JUnit XML
    shows them with ``-o junit_family=legacy``), as ``record_property`` does but without its
    warning under the default xunit2 JUnit family."""
    request.node.user_properties.append((name, value))


def lessons() -> list[pathlib.Path]:
    """Every lesson under lessons/, found at collection time (new lessons join in)."""
    return sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))


def exercises() -> list[pathlib.Path]:
    """Every student notebook under exercises/."""
    return sorted((REPO / "exercises").glob("[0-9][0-9]-*/[0-9][0-9]-*.ipynb"))


def stored_widget_counts(path: pathlib.Path) -> dict[int, int]:
    """Code-cell index (among code cells) -> number of widget views stored in its outputs."""
    nb = nbformat.read(path, as_version=4)
    counts = {}
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code_cells):
        n = sum(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))
        if n:
            counts[index] = n
    return counts


def stored_stderr_cells(path: pathlib.Path) -> set[int]:
    """Code-cell indices whose stored outputs already hold stderr text."""
    nb = nbformat.read(path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    return {i for i, c in enumerate(code_cells)
            for out in c.get("outputs", [])
            if out.get("output_type") == "stream" and out.get("name") == "stderr"}


# --------------------------------------------------------------------------- browser

def _missing() -> list[str]:
    missing = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("python package playwright")
    return missing


def require_browser() -> None:
    """Skip (or, with CI=true, fail) when the browser stack is missing."""
    missing = _missing()
    if missing:
        message = ENABLE_HINT.format(path=CHROMIUM, missing=", ".join(missing))
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)


# --------------------------------------------------------------------------- server

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterServer:
    """A ``jupyter lab`` / ``jupyter notebook`` server on 127.0.0.1 over a copy of the course."""

    def __init__(self, app: str, base: pathlib.Path):
        self.app = app
        self.root = base / "root"
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = base / f"{app}-server.log"
        for sub in ("lessons", "exercises"):
            if (REPO / sub).is_dir():
                shutil.copytree(REPO / sub, self.root / sub,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.root.mkdir(parents=True, exist_ok=True)
        config = base / "config"
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        (config / "labconfig" / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}}))
        (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {
            "jpserver_extensions": dict.fromkeys(NBGRADER_SERVER_EXTENSIONS, False)}}))
        settings = base / "user-settings"
        for name, value in LAB_SETTINGS.items():
            target = settings / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value))
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # kernels must keep the inline backend
        env["JUPYTER_CONFIG_DIR"] = str(config)
        command = [
            sys.executable, "-m", "jupyterlab" if app == "lab" else "notebook",
            "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            f"--LabServerApp.user_settings_dir={settings}",
            f"--LabServerApp.workspaces_dir={base / 'workspaces'}",
            # window.jupyterapp lets the tests read the notebook model (outputs, counts).
            "--LabApp.expose_app_in_browser=True",
            "--JupyterNotebookApp.expose_app_in_browser=True",
            "--ServerApp.log_level=WARN",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
            command.append("--allow-root")
        self._log_file = open(self.log, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, env=env, cwd=self.root,
                                        stdout=self._log_file, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited:\n{self.log.read_text()[-3000:]}")
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"jupyter {self.app} not ready after {timeout} s:\n"
                           f"{self.log.read_text()[-3000:]}")

    def api(self, method: str, path: str):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def page_url(self, relpath: str) -> str:
        if self.app == "lab":
            return f"{self.url}/lab/tree/{relpath}?reset&token={self.token}"
        return f"{self.url}/notebooks/{relpath}?token={self.token}"

    def shutdown_kernels(self) -> None:
        for kernel in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except OSError:
                pass

    def stop(self) -> None:
        try:
            self.shutdown_kernels()
        except OSError:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self._log_file.close()


# --------------------------------------------------------------------------- page

# Waits until the current notebook has finished: kernel idle and every code cell either
# has an execution count or was cancelled after an error.
_DONE_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.content) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const errored = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  const pending = cells.some(c => c.model.executionCount === null
                                  && c.model.sharedModel.getSource().trim() !== '');
  const starred = [...document.querySelectorAll('.jp-InputPrompt')]
                    .some(p => p.textContent.includes('*'));
  return !starred && (errored || !pending);
}"""

_READY_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.content) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0
         && panel.context.isReady;
}"""

# What the model of the open notebook holds after a run: per code cell, its outputs.
_OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter(c => c.model.type === 'code')
    .map(c => c.model.outputs.toJSON());
}"""


class NotebookPage:
    """One Playwright page showing one notebook, with the console collected."""

    def __init__(self, server: JupyterServer, browser, relpath: str):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.ignored_errors: list[str] = []
        self.page.on("pageerror", self._on_pageerror)
        self.page.set_default_timeout(30_000)
        self.page.goto(server.page_url(relpath))
        self.page.wait_for_function(_READY_JS, timeout=60_000, polling=200)

    def _on_pageerror(self, exc) -> None:
        text = f"{exc}\n{getattr(exc, 'stack', '') or ''}"
        if any(known in text and where in text and self.server.app == app
               for app, known, where in KNOWN_UPSTREAM_ERRORS):
            self.ignored_errors.append(text)
        else:
            self.console_errors.append("uncaught: " + text)

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')})")

    def clear_outputs(self) -> None:
        """Edit > Clear Outputs of All Cells (so the run's outputs are surely new)."""
        self.page.evaluate(
            "() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")

    def run_all(self, timeout_s: float = 120) -> float:
        """Run > Run All Cells through the menu, as a trainee would; return the seconds."""
        start = time.perf_counter()
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        self.page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        self.page.wait_for_function(_DONE_JS, timeout=timeout_s * 1000, polling=250)
        return time.perf_counter() - start

    def outputs(self) -> list[list[dict]]:
        """The live outputs of every code cell, in order."""
        return self.page.evaluate(_OUTPUTS_JS)

    def screenshot(self, path: pathlib.Path) -> None:
        """Save what the page shows now (best effort: never hides the real failure)."""
        try:
            self.page.screenshot(path=str(path))
        except Exception as exc:  # noqa: BLE001
            print(f"no screenshot: {exc}")

    def close(self) -> None:
        self.context.close()


# --------------------------------------------------------------------------- checks

RUN_ALL_LIMIT_S = 60  # generous on a shared 2-core machine; lessons run in ≤ 15 s under nbclient
REDRAW_WAIT_S = 15  # a functional check, generous under load: speed is benchmarks/bench_widgets.py
# A widget view renders as an output area child holding the widget's root element.
WIDGET_OUTPUTS = ".jp-OutputArea-output:has(> .jupyter-widgets)"

# What a widget draws: images and text inside its Output widgets and HTML read-outs,
# not the controls themselves (a slider's own read-out would change trivially).
_SNAPSHOT_JS = """el => {
  const imgs = [...el.querySelectorAll('.widget-output img, img')].map(i => i.src);
  const texts = [...el.querySelectorAll('.widget-output, .widget-html-content')]
                  .map(n => n.innerText);
  return JSON.stringify([imgs, texts]);
}"""


def _snapshot(view) -> str:
    return view.evaluate(_SNAPSHOT_JS)


def _wait_count(locator, expected: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while (count := locator.count()) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return count


def _wait_change(view, before: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _snapshot(view) != before:
            return True
        time.sleep(0.2)
    return False


def _move_slider(handle) -> None:
    """Arrow keys on a slider's handle, as a keyboard user would (back if at the maximum).

    Notebook 7 does not pass arrow keys to a focused slider handle (JupyterLab does); there
    the slider is moved as a mouse user would, by clicking its track away from the handle.
    """
    handle.scroll_into_view_if_needed()
    before = handle.get_attribute("aria-valuenow")
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    if handle.get_attribute("aria-valuenow") == before:  # at its maximum, or keys not passed
        for _ in range(6):
            handle.press("ArrowLeft")
    if handle.get_attribute("aria-valuenow") != before:
        return
    # Keys not passed: click the track, far from the handle (positions are relative to the
    # track, so a page that scrolls when its cell is selected does not move the target).
    track = handle.locator("xpath=ancestor::*[contains(@class,'noUi-target')][1]")
    box, knob = track.bounding_box(), handle.bounding_box()
    right_half = knob["x"] + knob["width"] / 2 > box["x"] + box["width"] / 2
    for fraction in ((0.05, 0.95) if right_half else (0.95, 0.05)):
        track.click(position={"x": fraction * box["width"], "y": box["height"] / 2})
        if handle.get_attribute("aria-valuenow") != before:
            return


def _move_select(select) -> None:
    current = select.input_value()
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    select.select_option(next(v for v in values if v != current))


# Enabled controls only: a disabled control (one with no effect in the current mode) is
# skipped; the kernel-side dead-control test checks that it indeed changes nothing.
_SLIDER = ".noUi-target:not([disabled]) .noUi-handle"
_ALL_SLIDERS = ".noUi-handle"
_SELECT = ".widget-dropdown select"
_CHECKBOX = ".widget-checkbox input[type=checkbox]"


def _controls(view) -> list[tuple[str, object, object]]:
    """Every control of ``view`` a trainee can move, as (kind, move, is_enabled) triples."""
    found = []
    for i in range(view.locator(_ALL_SLIDERS).count()):
        handle = view.locator(_ALL_SLIDERS).nth(i)
        found.append(("slider", lambda h=handle: _move_slider(h),
                      lambda h=handle: h.evaluate(
                          "h => !h.closest('.noUi-target').hasAttribute('disabled')")))
    for i in range(view.locator(_SELECT).count()):
        select = view.locator(_SELECT).nth(i)
        found.append(("dropdown", lambda s=select: _move_select(s),
                      lambda s=select: s.is_enabled()))
    radio = ".widget-radio-box input[type=radio]:not(:checked):not(:disabled)"
    if view.locator(radio).count():
        found.append(("radio", lambda: view.locator(radio).first.check(),
                      lambda: view.locator(radio).count() > 0))
    toggle = ".widget-toggle-buttons button:not(.mod-active):not(:disabled)"
    if view.locator(toggle).count():
        found.append(("toggle-buttons", lambda: view.locator(toggle).first.click(),
                      lambda: view.locator(toggle).count() > 0))
    for i in range(view.locator(_CHECKBOX).count()):
        box = view.locator(_CHECKBOX).nth(i)
        found.append(("checkbox", lambda b=box: b.click(), lambda b=box: b.is_enabled()))
    return found


def check_widget_reacts(view) -> list[str]:
    """Move every enabled control of ``view``; each must change what the widget draws.

    Returns the kinds of the controls moved. A commit-then-reveal prompt (a widget with a
    button the kernel enables once a choice is made) changes what it shows only after its
    button is pressed: for a prompt, moving a choice and pressing the button must change it.
    Controls that are disabled when their turn comes (the threshold explorer's per-group
    sliders before "one per group" is chosen) are skipped.
    """
    view.scroll_into_view_if_needed()
    controls = _controls(view)
    assert controls, "widget has no control a trainee can move"
    prompt = view.locator("button.jupyter-button", has_text="Commit").count() > 0
    button = view.locator("button.jupyter-button:not(:disabled):not(.mod-active)")
    moved, dead = [], []
    for kind, move, enabled in controls:
        if not enabled():
            continue
        before = _snapshot(view)
        move()
        if prompt:
            button.first.wait_for(state="visible", timeout=REDRAW_WAIT_S * 1000)
            button.first.click()
            kind += "+button"
        moved.append(kind)
        if not _wait_change(view, before, REDRAW_WAIT_S):
            dead.append(kind)
        if prompt:
            break  # a prompt records one answer
    assert moved, "no control of the widget is enabled"
    assert not dead, f"moving {', '.join(dead)} did not change what the widget draws"
    return moved


def _errors(outputs) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
            for i, cell in enumerate(outputs) for o in cell if o.get("output_type") == "error"]


def _new_stderr(outputs, allowed: set[int]) -> list[str]:
    return [f"cell {i}: {o.get('text', '')[:300]}"
            for i, cell in enumerate(outputs) for o in cell
            if o.get("output_type") == "stream" and o.get("name") == "stderr" and i not in allowed]


NBGRADER_PLUGINS = ["@jupyter/nbgrader:menu", "@jupyter/nbgrader:create-assignment",
                    "@jupyter/nbgrader:validate-assignment"]


def nbgrader_visible(page) -> list[str]:
    """nbgrader's front-end plugins that are active, and an "Nbgrader" menu if shown."""
    found = page.evaluate("""ids => ids.filter(id => window.jupyterapp.hasPlugin(id)
                                  && window.jupyterapp.isPluginActivated(id))""",
                          NBGRADER_PLUGINS)
    if page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").count():
        found.append("Nbgrader menu")
    return found


def check_lesson(nb: NotebookPage, lesson: pathlib.Path, shot_dir: pathlib.Path) -> dict:
    """Run ``lesson`` in the open page and check it as the module docstring says.

    Returns a result row (also appended to BROWSER_RESULTS): run-all seconds, widgets
    checked, the controls moved and the screenshot path.
    """
    page = nb.page
    expected = stored_widget_counts(lesson)

    # Opening the lesson (stored outputs, restored widgets) must already be clean.
    assert nb.console_errors == [], f"console errors on opening: {nb.console_errors}"
    assert nbgrader_visible(page) == [], "nbgrader's lab extension is visible to trainees"
    # Before it is run (no live widgets yet) the lesson shows every stored figure; widgets
    # show their static copy (or, in a trusted notebook, their saved state).
    figures = count_figures(nbformat.read(lesson, as_version=4))
    shown = _wait_count(page.locator(".jp-OutputArea-output img"), figures, seconds=15)
    assert shown == figures, f"opened before running, the lesson shows {shown} of {figures} figures"

    nb.clear_outputs()
    seconds = nb.run_all()
    outputs = nb.outputs()

    errors = _errors(outputs)
    assert not errors, f"cells raised errors in {nb.server.app}: {errors}"
    stderr = _new_stderr(outputs, stored_stderr_cells(lesson))
    assert not stderr, f"cells wrote to stderr (the stored lesson shows none there): {stderr}"

    live = {i: n for i, cell in enumerate(outputs)
            if (n := sum(WIDGET_VIEW in o.get("data", {}) for o in cell))}
    assert live == expected, (f"widget outputs per code cell (code-cell index: count) differ "
                              f"from the stored lesson: live {live}, stored {expected}")

    views = page.locator(WIDGET_OUTPUTS)
    assert views.count() == sum(expected.values()), "not every widget output is drawn"
    kinds, checked = [], 0
    for index in range(views.count()):
        view = views.nth(index)
        view.scroll_into_view_if_needed()
        assert "Error displaying widget" not in view.inner_text(), f"widget {index} failed"
        box = view.bounding_box()
        assert box and box["height"] > 10, f"widget {index} is not drawn"
        kinds += check_widget_reacts(view)
        checked += 1

    figure_views = page.locator(WIDGET_OUTPUTS + ":has(.widget-output img)")
    if figure_views.count() or views.count():  # show a figure widget if there is one
        (figure_views if figure_views.count() else views).first.scroll_into_view_if_needed()
        page.wait_for_timeout(750)  # the windowed notebook draws the cells it scrolled to
    shot_dir.mkdir(parents=True, exist_ok=True)
    shot = shot_dir / f"{lesson.stem}-{nb.server.app}.png"
    nb.screenshot(shot)
    row = {"notebook": lesson.stem, "app": nb.server.app, "run_all_s": seconds,
           "widgets": checked, "controls": kinds, "screenshot": str(shot)}
    BROWSER_RESULTS.append(row)

    assert page.locator(".jp-toast-message", has_text="news").count() == 0, \
        "the Jupyter news toast is shown to trainees"
    assert nb.console_errors == [], f"browser console errors: {nb.console_errors}"
    assert seconds < RUN_ALL_LIMIT_S, f"run all took {seconds:.1f} s"
    return row

"""Fixtures of the browser tests (helpers in rml_browser.py; read its docstring)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
pytest.register_assert_rewrite("rml_browser")  # detailed assertion messages in the helpers

from rml_browser import (  # noqa: E402
    BROWSER_RESULTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    JupyterServer,
    NotebookPage,
    require_browser,
)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium, shared by the session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium):
    """One JupyterLab server for the whole session."""
    server = JupyterServer("lab", tmp_path_factory.mktemp("jupyterlab"))
    yield server
    server.stop()


@pytest.fixture()
def notebook7_server(tmp_path_factory, chromium):
    """A Notebook 7 (``jupyter notebook``) server for one test."""
    server = JupyterServer("notebook", tmp_path_factory.mktemp("notebook7"))
    yield server
    server.stop()


@pytest.fixture()
def open_notebook(chromium):
    """``open_notebook(server, relpath)`` -> NotebookPage; closed after the test."""
    pages = []

    def _open(server: JupyterServer, relpath: str) -> NotebookPage:
        page = NotebookPage(server, chromium, relpath)
        pages.append((server, page))
        return page

    yield _open
    for server, page in pages:
        page.close()
        try:
            server.shutdown_kernels()
        except OSError:
            pass


def pytest_terminal_summary(terminalreporter):
    if not BROWSER_RESULTS:
        return
    terminalreporter.section("course in the browser")
    for row in BROWSER_RESULTS:
        terminalreporter.write_line(
            f"{row['notebook']:<32} {row['app']:<9} run all {row['run_all_s']:5.1f} s  "
            f"widgets checked {row['widgets']:>2}  screenshot {row['screenshot']}")

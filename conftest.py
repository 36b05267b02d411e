"""Session-wide set-up for every test run from the repository root (pytest and nbval).

* Jupyter, IPython, matplotlib and browsers write to a throw-away home, not yours.
* Every Python process started by the tests (notebook kernels included) refuses
  network connections to other machines (tests/_offline/sitecustomize.py); any
  attempt fails the session even if a notebook caught the error.
"""

from __future__ import annotations

import os
import pathlib
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent
_HOME = pathlib.Path(tempfile.mkdtemp(prefix="rml-test-home-"))
_OFFLINE_LOG = _HOME / "offline-violations.log"

for var, sub in {
    "HOME": "",
    "JUPYTER_CONFIG_DIR": ".jupyter",
    "JUPYTER_DATA_DIR": ".local/share/jupyter",
    "JUPYTER_RUNTIME_DIR": ".local/share/jupyter/runtime",
    "IPYTHONDIR": ".ipython",
    "MPLCONFIGDIR": ".matplotlib",
}.items():
    path = _HOME / sub
    path.mkdir(parents=True, exist_ok=True)
    os.environ[var] = str(path)
os.environ.pop("MPLBACKEND", None)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "tests" / "_offline"), *filter(None, [os.environ.get("PYTHONPATH")])]
)
os.environ["RML_OFFLINE_LOG"] = str(_OFFLINE_LOG)
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")


def pytest_sessionfinish(session, exitstatus):
    if _OFFLINE_LOG.exists() and _OFFLINE_LOG.read_text().strip():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nNETWORK ACCESS ATTEMPTED (the course must run offline):\n"
              + _OFFLINE_LOG.read_text())

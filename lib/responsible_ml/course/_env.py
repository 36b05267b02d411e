"""The one place that builds environments for the processes grading starts.

* :func:`tool_env` — nbgrader and the grading workers: the instructor's environment with
  this Python's ``bin/`` first on ``PATH`` (nbgrader runs ``alembic`` from ``PATH``).
* :func:`kernel_env` — a grading kernel: a short, fixed list of variables and nothing of
  the instructor's environment (no paths, tokens or secrets leak into trainee code).
* :func:`skip_unused_imports` — what the grading tools' own processes (the ``grade``
  command, its workers) need not import.
"""

from __future__ import annotations

import os
import pathlib
import sys
from collections.abc import Mapping

__all__: list[str] = []

#: Threads per BLAS/OpenMP pool in a grading kernel (parallel graders share the cores).
KERNEL_THREADS = "1"


def bin_dir() -> str:
    """This environment's scripts folder (``.venv/bin``)."""
    return str(pathlib.Path(sys.executable).parent)


def tool_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for nbgrader and worker subprocesses: ours, with our ``bin/`` first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([bin_dir(), env.get("PATH", "")])
    env.update(extra or {})
    return env


def kernel_env(home: str, tmp: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a sandboxed grading kernel.

    Parameters
    ----------
    home, tmp : str
        HOME and TMPDIR as the kernel sees them (private, empty folders).
    extra : mapping, optional
        Further variables (e.g. where the datasets are).
    """
    env = {
        "PATH": os.pathsep.join([bin_dir(), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": home, "TMPDIR": tmp, "USER": "trainee", "LOGNAME": "trainee",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1", "MPLCONFIGDIR": f"{tmp}/matplotlib",
        "IPYTHONDIR": f"{home}/.ipython", "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
        "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter-runtime", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    for key in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[key] = KERNEL_THREADS
    env.update(extra or {})
    return env


#: Optional modules the grading tools never use, and which cost seconds to import.
#: ``rfc3987_syntax``: when installed, jsonschema (imported by nbformat, so by nbgrader)
#: compiles about 40 lark grammars at import for its ``iri`` format checker, 2-3 s of CPU
#: in every process; nbformat and nbgrader validate without format checkers.
UNUSED_MODULES = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make :data:`UNUSED_MODULES` unimportable in this process (before nbgrader loads).

    For the processes grading starts for itself (the ``grade`` command and its workers),
    never for a grading kernel or the trainee's own. An import of one of them then raises
    ImportError, which jsonschema expects from an optional module; nothing is checked less
    (no validation in grading uses format checkers). No effect once jsonschema is loaded.
    """
    if "jsonschema" in sys.modules:
        return
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)

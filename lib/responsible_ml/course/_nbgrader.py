"""Course chores over nbgrader's own command line: generate, compare, execute.

nbgrader's applications are traitlets singletons, so each step runs
``python -m nbgrader …`` in a subprocess with an explicit course root.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable

__all__ = ["assignments", "lessons", "nbgrader", "make_course", "generate"]

#: The repository root (the nbgrader course): lib/responsible_ml/course → three levels up.
REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
_COMMAND_FAILED = "{command} failed ({code}):\n{stdout}\n{stderr}"
_NO_ASSIGNMENT = "assignment {name!r} not found under {folder}; available: {available}"


def assignments(root: os.PathLike | str = REPO_ROOT) -> list[str]:
    """Names of the assignments (folders holding a notebook) under ``root/solutions``.

    Parameters
    ----------
    root : path-like, default REPO_ROOT
        The course repository (holding ``solutions/``, ``lessons/``, ``exercises/``).

    Returns
    -------
    list of str
        The assignment names, sorted; empty when there is no ``solutions`` folder.
    """
    folder = pathlib.Path(root) / "solutions"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def lessons(root: os.PathLike | str = REPO_ROOT) -> list[pathlib.Path]:
    """The lesson notebooks, in course order.

    Parameters
    ----------
    root : path-like, default REPO_ROOT
        The course repository (holding ``solutions/``, ``lessons/``, ``exercises/``).

    Returns
    -------
    list of pathlib.Path
        The notebooks ``root/lessons/NN-*.ipynb``, sorted by name (= course order).
    """
    return sorted((pathlib.Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb"))


def nbgrader(args: Iterable[str], course: os.PathLike | str, *, timeout: float = 600,
             env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``python -m nbgrader ARGS`` in ``course`` (whose nbgrader_config.py applies).

    Parameters
    ----------
    args : iterable of str
        Arguments of nbgrader, e.g. ``["generate_assignment", "01-foo", "--force"]``.
    course : path-like
        The course folder, the working directory of the command.
    timeout : float, default 600
        Seconds before the command is killed (:class:`subprocess.TimeoutExpired`).
    env : dict, optional
        Extra environment variables, on top of the tool environment.
    check : bool, default True
        Raise when nbgrader exits with a non-zero status.

    Returns
    -------
    subprocess.CompletedProcess
        The finished command, with its text ``stdout`` and ``stderr``.

    Raises
    ------
    RuntimeError
        With `check`, if nbgrader fails (the message holds its output).
    """
    from ._env import tool_env

    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=course, capture_output=True, text=True, timeout=timeout,
                          env=tool_env(env))
    if check and proc.returncode != 0:
        raise RuntimeError(_COMMAND_FAILED.format(command=" ".join(cmd), code=proc.returncode,
                                                   stdout=proc.stdout, stderr=proc.stderr))
    return proc


def make_course(dest: os.PathLike | str, names: Iterable[str] | None = None,
                root: os.PathLike | str = REPO_ROOT) -> pathlib.Path:
    """Make a throw-away nbgrader course at ``dest`` holding copies of ``solutions/``.

    The copy has this repository's ``nbgrader_config.py`` (whose root is its own folder)
    and no gradebook, so generating or grading there never touches the real course.

    Parameters
    ----------
    dest : path-like
        Folder of the new course (created as needed).
    names : iterable of str, optional
        The assignments to copy (default: all of them).
    root : path-like, default REPO_ROOT
        The course repository (holding ``solutions/``, ``lessons/``, ``exercises/``).

    Returns
    -------
    pathlib.Path
        `dest`.

    Raises
    ------
    ValueError
        If a name is not an assignment of `root` (the message lists the available ones).
    """
    root = pathlib.Path(root)
    dest = pathlib.Path(dest)
    available = assignments(root)
    names = list(names) if names is not None else available
    for name in names:
        if name not in available:
            raise ValueError(_NO_ASSIGNMENT.format(name=name, folder=root / "solutions",
                                                   available=available))
        shutil.copytree(root / "solutions" / name, dest / "solutions" / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    return dest


def generate(name: str, course: os.PathLike | str = REPO_ROOT) -> pathlib.Path:
    """Generate the student version of assignment ``name`` into ``course/exercises``.

    For the real course (``course`` = the repository) the generation runs in a
    throw-away copy and only ``exercises/<name>`` is copied back, so the repository
    never gets a gradebook and parallel runs do not share one.

    Parameters
    ----------
    name : str
        The assignment (a folder of ``solutions/``).
    course : path-like, default REPO_ROOT
        The nbgrader course to generate in.

    Returns
    -------
    pathlib.Path
        The generated folder ``exercises/<name>`` (in the repository for the real course).

    Raises
    ------
    ValueError
        For the real course, if `name` is not an assignment.
    RuntimeError
        If ``nbgrader generate_assignment`` fails.
    """
    course = pathlib.Path(course)
    if course.resolve() != REPO_ROOT:
        nbgrader(["generate_assignment", name, "--force"], course)
        return course / "exercises" / name
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(name, make_course(tmp, [name]))
        target = REPO_ROOT / "exercises" / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(fresh, target)
    return target


def normalise_notebook(path: os.PathLike | str) -> dict:
    """A notebook reduced to what matters for comparison (cells and their nbgrader metadata).

    Parameters
    ----------
    path : path-like
        The ``.ipynb`` file.

    Returns
    -------
    dict
        ``{"cells": [...], "kernelspec": ...}``, each cell as its ``cell_type``, ``source``
        (one string), ``nbgrader`` metadata and ``outputs``.
    """
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        src = cell["source"]
        cells.append({
            "cell_type": cell["cell_type"],
            "source": "".join(src) if isinstance(src, list) else src,
            "nbgrader": cell.get("metadata", {}).get("nbgrader"),
            "outputs": cell.get("outputs", []),
        })
    return {"cells": cells, "kernelspec": nb.get("metadata", {}).get("kernelspec")}


def _compare_one(name: str, root: pathlib.Path) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_dir = generate(name, make_course(tmp, [name], root=root))
        committed_dir = root / "exercises" / name
        fresh = sorted(p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file())
        have = (sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*")
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts)
                if committed_dir.is_dir() else [])
        if fresh != have:
            return [f"{name}: files differ: generated {list(map(str, fresh))}, "
                    f"committed {list(map(str, have))}"]
        for rel in fresh:
            a, b = fresh_dir / rel, committed_dir / rel
            if rel.suffix == ".ipynb":
                if normalise_notebook(a) != normalise_notebook(b):
                    problems.append(f"{name}/{rel}: notebook differs from a fresh "
                                    "`nbgrader generate_assignment` (run `make exercises`)")
            elif a.read_bytes() != b.read_bytes():
                problems.append(f"{name}/{rel}: file differs (run `make exercises`)")
    return problems


def sync_differences(root: os.PathLike | str = REPO_ROOT) -> list[str]:
    """Regenerate every assignment in temporary courses and compare with ``exercises/``.

    Assignments are generated in parallel (one throw-away course each).

    Parameters
    ----------
    root : path-like, default REPO_ROOT
        The course repository (holding ``solutions/``, ``lessons/``, ``exercises/``).

    Returns
    -------
    list of str
        One line per difference; empty when ``exercises/`` is exactly what nbgrader
        generates from ``solutions/`` now.
    """
    from concurrent.futures import ThreadPoolExecutor

    root = pathlib.Path(root)
    names = assignments(root)
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        problems = [line for lines in pool.map(lambda n: _compare_one(n, root), names)
                    for line in lines]
    if (root / "exercises").is_dir():
        problems += [f"exercises/{p.name}: has no source under solutions/"
                     for p in sorted((root / "exercises").iterdir())
                     if p.is_dir() and p.name not in names]
    return problems


def execute_notebook(path: os.PathLike | str, *, timeout: int = 120, cwd=None) -> float:
    """Execute a notebook in place with nbclient (fresh kernel); return seconds taken.

    Parameters
    ----------
    path : path-like
        The ``.ipynb`` file, overwritten with its new outputs.
    timeout : int, default 120
        Seconds allowed per cell.
    cwd : path-like, optional
        Working directory of the kernel (default: the notebook's folder).

    Returns
    -------
    float
        Seconds the execution took.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        If a cell raises; the notebook is then not written.
    nbclient.exceptions.CellTimeoutError
        If a cell runs longer than `timeout`; the notebook is then not written.
    """
    import time

    import nbformat

    from ._client import notebook_client

    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    notebook_client(nb, timeout=timeout, kernel_name="python3",
                    resources={"metadata": {"path": str(cwd or path.parent)}}).execute()
    took = time.perf_counter() - start
    nbformat.write(nb, path)
    return took

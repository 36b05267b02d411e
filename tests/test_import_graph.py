"""The package's import graph: layers that only point down, and no module imports another in a circle.

import-linter checks the layering and the cycles (`lint-imports`, contracts in pyproject's
``[tool.importlinter]``; `make check` runs it too):

- ``layers``: widgets → toolkits → data / plotting / feedback → ``_validation`` and the other
  private leaf modules; the course tooling and the CLI on top. Every subpackage has a layer
  (``exhaustive``). Toolkits may import each other; the other subpackages of a layer may not.
- ``acyclic``: no cycle between the children of any package (toolkits included), so no cycle
  between modules either, except one that runs through a package's own ``__init__``.

What import-linter cannot express stays here: a module may not import a package it belongs to
(its own ``__init__`` or an ancestor's, the root included). Every subpackage's ``__init__``
star-imports its modules, so such an import is a cycle, one that import-linter's sibling
check does not see. With both, the whole module graph is acyclic.

The graph here is read from the source with :mod:`ast` (every ``import`` and ``from … import``,
also those inside functions: a lazy import hides a cycle from the interpreter, not from a
reader). ``from .x import name`` counts as an edge to the module ``x`` (and to ``x.name``
when that is a module); ``from . import _sibling`` as an edge to the sibling only.
"""

from __future__ import annotations

import ast
import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "lib" / "responsible_ml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
#: The names of the contracts in pyproject.toml.
LAYERS = "Subpackages only import lower layers"
ACYCLIC = "No import cycle between the modules of any (sub)package"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → modules of the package it imports."""
    modules = {_module_name(p): p for p in root.rglob("*.py")}
    edges: dict[str, set[str]] = collections.defaultdict(set)
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                subs = [f"{target}.{alias.name}" for alias in node.names]
                # ``from . import _sibling`` is an edge to the sibling, not to the package
                if node.module or not all(t in modules for t in subs):
                    targets.append(target)
                targets += subs
            elif isinstance(node, ast.Import):
                targets += [alias.name for alias in node.names]
            edges[mod].update(t for t in targets if t in modules and t != mod)
    return edges


def imports_of_own_package(edges: dict[str, set[str]]) -> list[str]:
    """Edges from a module to a package that contains it."""
    return sorted(f"{a} → {b}" for a, targets in edges.items() for b in targets
                  if a.startswith(b + "."))


def test_the_graph_is_read():
    edges = import_graph()
    assert "responsible_ml.data._case_study" in edges["responsible_ml.data._loaders"]
    assert "responsible_ml.fairness._engine" in edges["responsible_ml.fairness._slicing"]


def test_no_module_imports_a_package_it_belongs_to():
    assert imports_of_own_package(import_graph()) == []


def test_an_import_of_the_own_package_would_be_caught():
    edges = {"p.a": {"p"}, "p": {"p.a"}, "p.b": {"q"}, "p.c.d": {"p"}}
    assert imports_of_own_package(edges) == ["p.a → p", "p.c.d → p"]


# ------------------------------------------------------------------ import-linter
def lint_imports(lib: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`lint-imports` with this repository's contracts on the package in `lib`."""
    env = {**os.environ, "PYTHONPATH": str(lib)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_lint_imports_keeps_every_contract():
    run = lint_imports(REPO / "lib", REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{LAYERS} KEPT" in run.stdout and f"{ACYCLIC} KEPT" in run.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("data/_model.py", "from ..fairness import _engine", LAYERS),
    ("data/_model.py", "from .. import plotting", LAYERS),
    ("fairness/_slicing.py", "from ..tradeoffs import _common", ACYCLIC),
    ("data/_case_study.py", "def f():\n    from ._loaders import DATASETS_ENV_VAR", ACYCLIC),
    ("newpart/__init__.py", "from .. import _validation", LAYERS),
], ids=["upward", "same-layer", "toolkit-cycle", "lazy-module-cycle", "no-layer"])
def test_lint_imports_catches_a_break(tmp_path, module, line, broken):
    lib = tmp_path / "lib"
    shutil.copytree(ROOT, lib / "responsible_ml", ignore=shutil.ignore_patterns(
        "__pycache__", "*.json", "*.typed"))
    path = lib / "responsible_ml" / module
    path.parent.mkdir(exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write("\n" + line + "\n")
    run = lint_imports(lib, tmp_path)
    assert run.returncode != 0
    assert f"{broken} BROKEN" in run.stdout, run.stdout

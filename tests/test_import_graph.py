"""The package's import graph: no cycle between modules, and layers that only point down.

The graph is read from the source with :mod:`ast` (every ``import`` and ``from … import``,
also those inside functions: a lazy import hides a cycle from the interpreter, not from a
reader). ``from .x import name`` counts as an edge to the module ``x`` (and to ``x.name``
when that is a module); ``from . import _sibling`` as an edge to the sibling only.
"""

from __future__ import annotations

import ast
import collections
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "lib" / "responsible_ml"

#: Layer of each subpackage (an import must go to a lower layer; toolkits may import other
#: toolkits as long as the subpackage graph stays acyclic). widgets → toolkits →
#: data / plotting → _validation; the course tooling and the CLI sit on top of the data.
LAYERS = {
    "_validation": 0, "_datasets_path": 0, "_names": 0, "_built": 0,
    "data": 1, "plotting": 1, "feedback": 1,
    "fairness": 2, "privacy": 2, "explain": 2, "monitoring": 2, "tradeoffs": 2,
    "widgets": 3,
    "course": 4,
    "__main__": 5, "<root>": 5,
}
TOOLKITS = {"fairness", "privacy", "explain", "monitoring", "tradeoffs"}


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


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def _subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "<root>"


def subpackage_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = collections.defaultdict(set)
    for a, targets in edges.items():
        for b in targets:
            if _subpackage(a) != _subpackage(b):
                out[_subpackage(a)].add(_subpackage(b))
    return out


def test_the_graph_is_read():
    edges = import_graph()
    assert "responsible_ml.data._case_study" in edges["responsible_ml.data._loaders"]
    assert "responsible_ml.fairness._engine" in edges["responsible_ml.fairness._slicing"]


def test_no_import_cycle_between_modules():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    # the cycle this test was written against: data/_case_study ↔ data/_loaders
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_subpackage_has_a_layer():
    assert set(subpackage_graph(import_graph())) | {
        b for bs in subpackage_graph(import_graph()).values() for b in bs} <= set(LAYERS)


def test_layers_only_point_down():
    wrong = [
        f"{a} → {b}"
        for a, targets in subpackage_graph(import_graph()).items()
        for b in targets
        if not (LAYERS[a] > LAYERS[b] or (a in TOOLKITS and b in TOOLKITS))
    ]
    assert wrong == []


def test_toolkits_do_not_import_each_other_in_a_circle():
    graph = subpackage_graph(import_graph())
    assert find_cycle({a: graph[a] & TOOLKITS for a in TOOLKITS}) is None


@pytest.mark.parametrize("layer_of_a, layer_of_b", [(2, 3), (1, 2)])
def test_an_upward_edge_would_be_caught(layer_of_a, layer_of_b):
    a = next(k for k, v in LAYERS.items() if v == layer_of_a)
    b = next(k for k, v in LAYERS.items() if v == layer_of_b)
    assert not (LAYERS[a] > LAYERS[b] or (a in TOOLKITS and b in TOOLKITS))

"""tests/vulture_whitelist.py names only what exists (vulture itself runs in `make check`).

A whitelist entry outlives its name silently: vulture never says an entry matches nothing.
So every ``Class.attribute`` and imported name of the whitelist must still be there; a name
deleted from the library goes from the whitelist too.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
from pathlib import Path

WHITELIST = Path(__file__).with_name("vulture_whitelist.py")
LIB = Path(__file__).resolve().parents[1] / "lib" / "responsible_ml"


def _imported(tree: ast.Module) -> dict[str, object]:
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = importlib.import_module(node.module)
            for alias in node.names:
                names[alias.asname or alias.name] = (
                    getattr(module, alias.name, None)
                    or importlib.import_module(f"{node.module}.{alias.name}"))
    return names


def _has(owner: object, attr: str) -> bool:
    if hasattr(owner, attr):
        return True
    if dataclasses.is_dataclass(owner) and attr in {f.name for f in dataclasses.fields(owner)}:
        return True
    # an instance attribute: assigned in the class's own source
    return inspect.isclass(owner) and re.search(rf"\.{attr}\b\s*[=,]",
                                                inspect.getsource(owner)) is not None


def _resolve(node: ast.expr, names: dict[str, object]) -> object | None:
    """The object an entry's owner names, or None for ``_`` (any object)."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return None if owner is None else getattr(owner, node.attr)
    raise AssertionError(ast.dump(node))


def test_every_whitelist_entry_names_something_that_exists():
    tree = ast.parse(WHITELIST.read_text(encoding="utf-8"))
    names = _imported(tree)
    library = "\n".join(p.read_text(encoding="utf-8") for p in LIB.rglob("*.py"))
    missing = []
    for node in tree.body:
        if not isinstance(node, ast.Expr) or isinstance(node.value, ast.Constant):
            continue
        entry = node.value
        assert isinstance(entry, ast.Attribute | ast.Name), ast.dump(entry)
        owner = _resolve(entry.value, names) if isinstance(entry, ast.Attribute) else None
        if owner is not None:
            found = _has(owner, entry.attr)
        elif isinstance(entry, ast.Name) and entry.id in names:
            found = True  # the import above found it
        else:  # `_.name` or a bare argument name: the word is somewhere in the library
            word = entry.attr if isinstance(entry, ast.Attribute) else entry.id
            found = re.search(rf"\b{word}\b", library) is not None
        if not found:
            missing.append(ast.unparse(entry))
    assert missing == []


def test_an_entry_for_a_deleted_name_would_be_caught():
    class Kept:
        present = 1

        def __init__(self):
            self.later = 2

    assert _has(Kept, "present") and _has(Kept, "later")
    assert not _has(Kept, "gone")

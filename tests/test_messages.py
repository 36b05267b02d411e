"""Message templates of the package: every one is raised (or used) somewhere.

A template that is defined but never used is a check someone meant to write (``BAD_STEPS``
in ``explain`` was one) or a leftover; either way its tests would compare a message no
code produces.
"""

from __future__ import annotations

import ast
import pathlib
import re

import responsible_ml

LIB = pathlib.Path(responsible_ml.__file__).parent


def _templates(tree: ast.Module):
    """Module-level UPPER_CASE string constants with a ``{placeholder}``."""
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        value = node.value
        if (name.lstrip("_").isupper() and isinstance(value, ast.Constant)
                and isinstance(value.value, str) and re.search(r"\{\w*[!:}]", value.value)):
            yield name, node.lineno


def unused_templates(root: pathlib.Path) -> list[str]:
    """``path:line: NAME`` for each template whose name appears nowhere but its definition."""
    sources = {p: p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))}
    every = "\n".join(sources.values())
    out = []
    for path, text in sources.items():
        for name, line in _templates(ast.parse(text)):
            if len(re.findall(rf"\b{re.escape(name)}\b", every)) < 2:
                out.append(f"{path.relative_to(root)}:{line}: {name}")
    return out


def test_every_message_template_is_used():
    assert unused_templates(LIB) == []


def test_detector_finds_a_template_nothing_raises(tmp_path):
    (tmp_path / "_m.py").write_text(
        '_BAD_STEPS = "{name} must be >= 2, got {value!r}"\n'
        '_USED = "{name} is empty"\n'
        'def f(x):\n'
        '    raise ValueError(_USED.format(name="x"))\n', encoding="utf-8")
    assert unused_templates(tmp_path) == ["_m.py:1: _BAD_STEPS"]

"""A stand-in a test cell lends for a trainee's function has that function's documented signature.

Review x04-r6 (D9): ``test_more_private`` lent ``more_private`` an ``answer_epsilon(yy, yn, rounds=1)``
while the question documents ``answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1)``, so a correct
``more_private`` that called it with keywords failed. Here every function a test cell defines and
then binds to the name of an answer function (``name = stand_in`` or ``globals()["name"] =
stand_in``) must take the same parameters, by name and kind, as the reference answer.
"""

from __future__ import annotations

import ast
import json
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SLUGS = sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())


def _params(fn: ast.FunctionDef) -> list[tuple[str, str, bool]]:
    a = fn.args
    positional = a.posonlyargs + a.args
    n_defaults = len(a.defaults)
    out = [(p.arg, "positional", i >= len(positional) - n_defaults) for i, p in enumerate(positional)]
    out += [(p.arg, "keyword-only", d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)]
    if a.vararg:
        out.append((a.vararg.arg, "*args", True))
    if a.kwarg:
        out.append((a.kwarg.arg, "**kwargs", True))
    return out


def _bound_names(stmt: ast.stmt) -> list[tuple[str, str]]:
    """(answer name, stand-in name) pairs bound by an assignment statement."""
    if not isinstance(stmt, ast.Assign) or not isinstance(stmt.value, ast.Name):
        return []
    pairs = []
    for target in stmt.targets:
        if isinstance(target, ast.Name):
            pairs.append((target.id, stmt.value.id))
        elif (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Call)
              and isinstance(target.value.func, ast.Name) and target.value.func.id == "globals"
              and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)):
            pairs.append((target.slice.value, stmt.value.id))
    return pairs


def _stand_ins(slug: str):
    nb = json.loads((REPO_ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    answers: dict[str, ast.FunctionDef] = {}
    tests: list[tuple[str, ast.Module]] = []
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        if meta.get("solution") and not meta.get("grade"):
            answers.update({n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)})
        elif meta.get("grade"):
            tests.append((meta["grade_id"], tree))
    found = []
    for grade_id, tree in tests:
        defs = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for stmt in ast.walk(tree):
            for name, stand_in in _bound_names(stmt) if isinstance(stmt, ast.stmt) else []:
                if name in answers and stand_in in defs:
                    found.append((grade_id, name, answers[name], defs[stand_in]))
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_a_lent_stand_in_has_the_documented_signature(slug):
    for grade_id, name, reference, stand_in in _stand_ins(slug):
        assert _params(stand_in) == _params(reference), (
            f"{slug} {grade_id}: the stand-in {stand_in.name} lent as {name} takes {_params(stand_in)}, "
            f"the documented {name} takes {_params(reference)}")


def test_the_04_stand_in_is_found():
    """The check above sees the stand-in of exercise 04 (so it is not vacuous there)."""
    found = _stand_ins("04-privacy")
    assert [(g, n) for g, n, _, _ in found] == [("test_more_private", "answer_epsilon")] * 2

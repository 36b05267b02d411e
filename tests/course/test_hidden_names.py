"""Hidden tests bind only names of their own (review x06-r7 D1, swept over the exercises).

The code between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` runs in the trainee's namespace,
at grading only. A short name it binds there (``_a``, ``_d``, ``_got`` ...) can replace a trainee's own
helper of that name, so a right answer loses marks at grading only, where the trainee cannot see why.
Every name a hidden section binds at top level therefore starts with ``_tNN`` (NN: the exercise number;
the sections use ``_tNNh_<name>``). Names bound inside the hidden code's own functions, lambdas and
comprehensions stay local and are not checked.

The visible part of a test cell runs in the same namespace, before the hidden part and before every
later cell (review x02-r8 D1): a visible `mine = ...` or `model = ...` replaces a trainee's helper of
that name just as well. So every name a whole test cell binds at top level (visible part included, and
the ungraded practice / self-check cells that run the trainee's answers) starts with ``_tNN`` (the
visible parts use ``_tNN_<name>``), except the names the trainee's own answer cells define and the
SWAPPED names.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

#: Exercises whose hidden sections are checked: all seven.
EXERCISES = ["01-what-is-ml", "02-what-can-go-wrong", "03-fairness", "04-privacy", "05-transparency", "06-monitoring",
             "07-trade-offs"]
#: The trainee's own names a test swaps for a trusted stand-in and puts back before it ends
#: (07's Part B grades `breaking_changes` with a stand-in `go_no_go`, so that Part A's mistakes
#: cost Part A only; 04's `more_private` test lends a correct `answer_epsilon`).
SWAPPED = {"07-trade-offs": {"go_no_go"}, "04-privacy": {"answer_epsilon"}}

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def top_level_names(source: str) -> set[str]:
    """Every name a cell binds (or deletes) in the namespace it runs in.

    Assignments of every kind, ``for``/``with``/``except ... as`` targets, imports, ``def`` and
    ``class``, ``match`` captures, a walrus (also inside a comprehension, where it binds in the
    cell's namespace) and names a function declares ``global``. Not the locals of functions,
    lambdas and comprehensions.
    """
    names: set[str] = set()

    def bind(node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)

    def walrus_and_globals(node):
        # Inside a function or a comprehension: only what escapes to the cell's namespace.
        for sub in ast.walk(node):
            if isinstance(sub, ast.Global):
                names.update(sub.names)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for sub in ast.walk(node):
                if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                    names.add(sub.target.id)

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
                args = getattr(child, "args", None)   # a class has bases, a function defaults
                for part in child.decorator_list + getattr(args, "defaults", []) + \
                        getattr(args, "kw_defaults", []) + getattr(child, "bases", []):
                    if part is not None:
                        visit(ast.Expression(part))
                walrus_and_globals(child)
                continue
            if isinstance(child, ast.Lambda):
                walrus_and_globals(child)
                continue
            if isinstance(child, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                walrus_and_globals(child)
                continue
            bind(child)
            visit(child)

    visit(ast.parse(source))
    return names


def _hidden_sections(notebook: dict) -> dict[str, str]:
    """grade_id -> the hidden-tests section of that test cell."""
    sections = {}
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or BEGIN not in source:
            continue
        sections[cell["metadata"]["nbgrader"]["grade_id"]] = source[source.index(BEGIN):source.index(END)]
    return sections


def _unprefixed(notebook: dict, prefix: str) -> dict[str, list[str]]:
    """grade_id -> the names its hidden section binds at top level without `prefix`."""
    bad = {}
    for grade_id, hidden in _hidden_sections(notebook).items():
        names = sorted(n for n in top_level_names(hidden) if not n.startswith(prefix))
        if names:
            bad[grade_id] = names
    return bad


def test_the_scan_sees_every_kind_of_binding():
    hidden = """### BEGIN HIDDEN TESTS
import numpy as _np_alias
from math import log as _log
import os.path
_a = 1
_b, (_c, *_d) = 2, (3, 4, 5)
_e += 1
_f: int = 2
del _g
for _h in range(2):
    with open("x") as _i:
        pass
try:
    pass
except ValueError as _j:
    pass
if (_k := 3):
    pass
def _l(_local):
    _inner = 1
class _M:
    _attr = 1
_n = [_comp for _comp in range(3)]
_o = lambda _arg: _arg
_p.attr = 1
_q[0] = 1
"""
    assert top_level_names(hidden) == {
        "_np_alias", "_log", "os", "_a", "_b", "_c", "_d", "_e", "_f", "_g", "_h", "_i", "_j", "_k",
        "_l", "_M", "_n", "_o"}


def test_the_name_finder_sees_every_kind_of_binding():
    source = '''
a = 1
b: int = 2
c += 1
d, [f, *g] = 1, [2, 3]
for h in []: pass
with open(x) as i: pass
try: pass
except Exception as j: pass
import k.sub
from m import n as o
def p(q, r=(s := 1)): t = 1
class u: v = 1
[w := 1 for _ in []]
lambda: (y := 1)
def z():
    global aa
    aa = 1
del bb
match 1:
    case {"x": cc, **dd}: pass
    case [ee, *ff]: pass
    case gg: pass
'''
    assert top_level_names(source) == {"a", "b", "c", "d", "f", "g", "h", "i", "j", "k", "o", "p", "s", "u", "w",
                                       "z", "aa", "bb", "cc", "dd", "ee", "ff", "gg"}


@pytest.mark.parametrize("name", EXERCISES)
def test_hidden_tests_bind_only_prefixed_names(repo, name):
    notebook = json.loads((repo / "solutions" / name / f"{name}.ipynb").read_text())
    assert _hidden_sections(notebook), f"{name}: no hidden-tests section found"
    bad = {grade_id: [n for n in names if n not in SWAPPED.get(name, set())]
           for grade_id, names in _unprefixed(notebook, f"_t{name[:2]}").items()}
    bad = {grade_id: names for grade_id, names in bad.items() if names}
    assert not bad, (f"{name}: hidden tests bind names a trainee may use; rename them to "
                     f"_t{name[:2]}h_<name>: {bad}")


#: Exercises whose whole test cells are checked: all seven.
WHOLE_CELL_EXERCISES = ["01-what-is-ml", "02-what-can-go-wrong", "03-fairness", "04-privacy",
                        "05-transparency", "06-monitoring", "07-trade-offs"]

_SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)


def _is_test_cell(cell: dict) -> bool:
    """A graded test cell, or an ungraded practice / self-check cell that runs the trainee's answers."""
    meta = cell["metadata"].get("nbgrader")
    if cell["cell_type"] != "code" or not meta or meta.get("solution"):
        return False
    return bool(meta.get("grade")) or meta.get("grade_id", "").startswith(("practice", "selfcheck"))


def _trainee_names(notebook: dict) -> set[str]:
    """Names the trainee's cells bind: answer cells as the trainee gets them (the reference code
    between the solution markers is not theirs) and cells with no nbgrader metadata."""
    names: set[str] = set()
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader")
        if cell["cell_type"] == "code" and (meta is None or meta.get("solution")):
            names |= top_level_names(_SOLUTION.sub("pass", "".join(cell["source"])))
    return names


def _unprefixed_in_test_cells(notebook: dict, prefix: str, allowed: set[str]) -> dict[str, list[str]]:
    """grade_id -> the names the whole test cell binds at top level without `prefix` (not `allowed`)."""
    bad = {}
    for cell in notebook["cells"]:
        if not _is_test_cell(cell):
            continue
        names = sorted(n for n in top_level_names("".join(cell["source"]))
                       if not n.startswith(prefix) and n not in allowed)
        if names:
            bad[cell["metadata"]["nbgrader"]["grade_id"]] = names
    return bad


def test_the_whole_cell_scan_spares_only_the_trainees_names():
    notebook = {"cells": [
        {"cell_type": "code", "metadata": {"nbgrader": {"solution": True, "grade_id": "q"}},
         "source": ["def answer_fn(x):\n", "    ### BEGIN SOLUTION\n", "    _ref_helper = 1\n",
                    "    ### END SOLUTION\n", "WANTED = None\n"]},
        {"cell_type": "code", "metadata": {}, "source": ["PRACTICE = set()\n"]},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "t"}},
         "source": ["mine = answer_fn(1)\n", "_t09_ok = 2\n", "WANTED = 3\n", "### BEGIN HIDDEN TESTS\n",
                    "_t09h_x = 1\n", "_ref_helper = 2\n", "### END HIDDEN TESTS\n"]},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "solution": False,
                                                         "grade_id": "practice_check"}},
         "source": ["_seen = PRACTICE\n"]},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "solution": False, "grade_id": "setup"}},
         "source": ["data = 1\n"]}]}
    assert _trainee_names(notebook) == {"answer_fn", "WANTED", "PRACTICE"}
    assert _unprefixed_in_test_cells(notebook, "_t09", _trainee_names(notebook)) == {
        "t": ["_ref_helper", "mine"], "practice_check": ["_seen"]}


@pytest.mark.parametrize("name", WHOLE_CELL_EXERCISES)
def test_test_cells_bind_only_prefixed_names(repo, name):
    notebook = json.loads((repo / "solutions" / name / f"{name}.ipynb").read_text())
    assert any(_is_test_cell(cell) for cell in notebook["cells"]), f"{name}: no test cell found"
    allowed = _trainee_names(notebook) | SWAPPED.get(name, set())
    bad = _unprefixed_in_test_cells(notebook, f"_t{name[:2]}", allowed)
    assert not bad, (f"{name}: test cells bind names a trainee may use for a helper of their own; rename "
                     f"them to _t{name[:2]}_<name> (visible part) or _t{name[:2]}h_<name> (hidden part): {bad}")

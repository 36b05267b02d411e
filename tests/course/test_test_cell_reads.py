"""A trainee's own names cannot break a test cell (review: one question's answer costs another's points).

A test cell runs in the namespace the trainee's cells share. A trainee whose answer cell says
``answer = my_function(...)``, ``variant = "mine"``, ``np = None`` or ``train = train.dropna()`` must not
lose the points of a later test cell. So every test cell, visible and hidden part, reads from the
namespace only builtins, names it binds itself first, the names the answer cells define, and names
with the exercise's private prefix ``_tNN`` (helpers and modules imported at the top of the cell under
a ``_tNN_`` alias, setup data read from the ``_tNN_`` copy its locked cell makes).
``responsible_ml.course._test_reads`` checks the rule and rewrites a notebook to follow it.

(a) static: the rule, for every test cell of every exercise.
(b) behavioural: the reference solution, with a line appended to every answer cell that rebinds every
name the locked cells bind (the helpers, modules and data the test cells used to read), still passes
every test cell. The names the answer cells read themselves (the reference answers call ``np``) are
left alone there: rebinding those breaks the trainee's own answer; (a) keeps them out of the tests.
"""

from __future__ import annotations

import ast
import json
import pathlib

import pytest

from responsible_ml.course import _test_reads as reads
from responsible_ml.course import run_notebook_cells

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXERCISES = [
    "01-what-is-ml",
    "02-what-can-go-wrong",
    "03-fairness",
    "04-privacy",
    "05-transparency",
    "06-monitoring",
    "07-trade-offs",
]
CONVERTED = EXERCISES


def _notebook(name: str) -> dict:
    return json.loads((ROOT / "solutions" / name / f"{name}.ipynb").read_text(encoding="utf-8"))


def test_free_names_sees_reads_before_binding_and_in_functions():
    source = (
        "import numpy as _t09_np\n"
        "from m import answer as _t09_answer\n"
        "x = x + 1\n"                              # reads x before binding it
        "y = 2\n"
        "print(y, _t09_np.pi, obj.attr, f(k=1))\n"   # attributes and keywords are not reads
        "def _t09_f(a):\n"
        "    return a + z + y\n"                   # z: a global the cell never binds
        "[q for q in w if q]\n"                     # q local, w read
        "print('enrolments', s)\n"                  # strings are not reads
        "late\n"
        "late = 3\n"
    )
    assert reads.free_names(source) == {"print", "x", "obj", "f", "z", "w", "s", "late"}


def test_outside_names_allows_builtins_answers_and_the_prefix():
    notebook = {"cells": [
        {"cell_type": "code", "metadata": {"nbgrader": {"solution": True, "grade_id": "a"}},
         "source": "def mine(x):\n    return x\n"},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "test_a"}},
         "source": "_t09_x = mine(len([1])) + _t09_y\nexpect_true(np.all(data))\n"},
    ]}
    assert reads.outside_names(notebook, "09-x") == {"test_a": {"expect_true", "np", "data"}}


@pytest.mark.parametrize("name", EXERCISES)
def test_every_test_cell_reads_only_its_own_names_answers_and_the_prefix(name):
    """Rule 1 for every test cell (visible and hidden part) of the exercise."""
    bad = reads.outside_names(_notebook(name), name)
    assert not bad, (f"{name}: test cells read names a trainee can rebind (convert with "
                     f"`PYTHONPATH=lib python -m responsible_ml.course._test_reads {name}`):\n"
                     + "\n".join(f"  {k}: {sorted(v)}" for k, v in bad.items()))
    # A setup function a test cell calls reads its globals when it runs (review issue 26: 03's fit_model
    # read ColumnTransformer, 05's fit_model OneHotEncoder): it imports what it needs inside itself.
    called = reads.setup_reads(_notebook(name), name)
    assert not called, (f"{name}: setup functions the test cells call read names a trainee can rebind when they "
                        "run (import them inside the function):\n"
                        + "\n".join(f"  {k}(): {sorted(v)}" for k, v in called.items()))


def test_setup_reads_follows_calls_aliases_and_defaults():
    locked = {"cell_type": "code", "metadata": {"nbgrader": {"locked": True}}}
    notebook = {"cells": [
        dict(locked, source=(
            "import numpy as np\nFEATURES = ['a']\n"
            "def fit(x):\n    return np.mean(x[FEATURES])\n"           # reads np and FEATURES when it runs
            "def fine(x, _np=np):\n    import pandas as pd\n    return pd.Series(_np.asarray(x))\n"
            "def unused(x):\n    return np.sum(x)\n"                      # no test calls it
            "def _t09_setup(_fit=fit):\n    return _fit\n"               # hands fit on
            "_t09_fine = fine\n")),
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "t"}},
         "source": "_t09_setup()([1])\n_t09_fine([1])\n"},
    ]}
    assert reads.setup_reads(notebook, "09-x") == {"fit": {"np", "FEATURES"}}


def test_a_read_only_value_is_aliased_and_a_mappingproxy_copied_through_a_dict():
    source = ("import math\nfrom types import MappingProxyType\n"
              "A = MappingProxyType({'x': (1, math.inf), 'y': -2})\n"
              "B = MappingProxyType({'x': [1]})\nC = ((1, 'a'), (2, 'b'))\nD = [1]\n"
              "def f():\n    return 1\n")
    assert {n: reads._value_kind(source, n) for n in "ABCDf"} == {
        "A": "immutable", "B": "proxy", "C": "immutable", "D": "mutable", "f": "immutable"}


def clobbered_names(notebook: dict, name: str) -> list[str]:
    """The helper, module and data names a trainee could rebind that a test cell used to read: every
    name the locked cells bind, except the answers' names and the exercise's private ones, that a
    test cell mentions bare or under the private alias (``_tNN_<name>``)."""
    prefix = reads.prefix_of(name)
    answers = reads.answer_names(notebook["cells"])
    locked = set()
    for cell in notebook["cells"]:
        if (cell["cell_type"] == "code" and not reads.is_test(cell) and not reads.is_answer(cell)
                and reads._meta(cell).get("locked")):
            locked |= reads._stored(ast.parse(reads._source(cell)))
    # What the test cells read under the private alias: helpers and modules they import as
    # ``_tNN_<name>`` (or ``_tNN_m_<name>``), data they read from the copy a locked cell makes.
    aliased = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(reads._source(cell))):
            if reads.is_test(cell) and isinstance(node, (ast.Import, ast.ImportFrom)):
                aliased |= {a.asname for a in node.names if a.asname}
            if (not reads.is_test(cell) and isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and node.targets[0].id.startswith(f"{prefix}_")):
                # ``_tNN_x = copy.deepcopy(x)``, ``_tNN_x = x`` (a read-only value) or
                # ``_tNN_x = types.MappingProxyType(copy.deepcopy(dict(x)))``: x is read under the alias
                value = node.value
                while isinstance(value, ast.Call) and len(value.args) == 1 and getattr(
                        value.func, "attr", getattr(value.func, "id", "")) in ("deepcopy", "MappingProxyType", "dict"):
                    value = value.args[0]
                if isinstance(value, ast.Name):
                    aliased.add(node.targets[0].id)
    # ``_CANDIDATES`` is read as ``_t07_CANDIDATES`` (the leading underscore is not doubled)
    read = {lead + alias.removeprefix(f"{prefix}_").removeprefix(kind)
            for alias in aliased for kind in ("", "m_", "data_") for lead in ("", "_")}
    # What the answers read themselves (a reference answer calls np at grading time): a trainee who
    # rebinds those breaks their own answer, not the tests; rule (a) covers them in the test cells.
    used = set().union(*(reads.free_names(reads._source(c)) for c in notebook["cells"] if reads.is_answer(c)))
    return sorted((locked & read) - answers - reads.BUILTINS - used)


def test_the_clobbered_names_come_from_the_notebook():
    names = clobbered_names(_notebook("01-what-is-ml"), "01-what-is-ml")
    assert {"answer", "expect_true", "no_shortcuts", "enrolments", "pd"} <= set(names)
    assert "split_by_learner" not in names


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("name", CONVERTED)
def test_an_answer_cell_that_rebinds_the_setup_names_costs_no_points(name):
    """The reference solution, every answer cell ending with ``answer = ... = np = ... = None``,
    still passes every test cell (on main the first later test cell fails: ``'NoneType' object is
    not callable``)."""
    path = ROOT / "solutions" / name / f"{name}.ipynb"
    notebook = _notebook(name)
    names = clobbered_names(notebook, name)
    assert names, name
    clobber = "\n" + " = ".join(names) + " = None\n"
    replace = {reads._meta(c)["grade_id"]: reads._source(c) + clobber for c in notebook["cells"] if reads.is_answer(c)}
    outcome = run_notebook_cells(path, replace)
    tests = [reads._meta(c)["grade_id"] for c in notebook["cells"] if reads.is_test(c)]
    assert set(outcome) == set(tests), f"{name}: not every test cell ran"
    failed = {k: v for k, v in outcome.items() if v}
    assert not failed, f"{name}: after `{clobber.strip()}` in every answer cell:\n" + "\n".join(
        f"  {k}: {v[:200]}" for k, v in failed.items())

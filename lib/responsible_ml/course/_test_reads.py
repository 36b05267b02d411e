"""What a test cell reads from the trainee's namespace, and a rewrite that keeps it to its own names.

A test cell (nbgrader ``grade=True``, ``solution=False``) runs in the namespace the trainee's cells
share. A name it reads there that the trainee can rebind (a grading helper such as ``answer`` or
``variant``, a module such as ``np``, setup data such as ``enrolments``) lets one question's answer
(``answer = my_function(...)``, ``train = train.dropna()``) cost the points of every later test cell.
So a test cell reads only: builtins, names it binds itself first, the names the trainee's answer
cells define (what it grades) and names with the exercise's private prefix ``_tNN``.

:func:`free_names` finds what a cell reads before (or without) binding it; :func:`outside_names`
lists, per test cell, the names outside the rule; :func:`convert` rewrites a notebook so that none
is left: a helper or module the setup imported is imported at the top of the test cell under a
``_tNN_`` alias (``from responsible_ml.feedback import answer as _t01_answer``), and setup data is
read from a ``_tNN_`` copy that the locked cell defining it makes (``_t01_enrolments =
_t01_copy.deepcopy(enrolments)``). Only the ``ast.Name`` nodes are rewritten (never attributes,
keyword names or strings), in place, so the rest of the cell's text stays as written.

Run it on a solution notebook, then regenerate ``exercises/``::

    PYTHONPATH=lib .venv/bin/python -m responsible_ml.course._test_reads 03-fairness 06-monitoring
    PYTHONPATH=lib .venv/bin/python -m responsible_ml exercises

``--check`` only reports. Read every changed cell afterwards: a test that passes setup data to an
answer should pass a copy (``_t01_enrolments.copy()``), so an answer that changes its argument in
place cannot change what a later test cell reads.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import io
import json
import pathlib
import re
import sys
import tokenize

__all__ = ["free_names", "outside_names", "setup_reads", "convert", "prefix_of", "answer_names"]

ROOT = pathlib.Path(__file__).resolve().parents[3]
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: Names every kernel cell may read besides the builtins (IPython puts them in the namespace).
KERNEL = {"display", "get_ipython", "__name__", "__builtins__"}
BUILTINS = set(dir(builtins)) | KERNEL
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def prefix_of(name: str) -> str:
    """The private prefix of exercise ``name`` (``01-what-is-ml`` -> ``_t01``)."""
    return f"_t{name[:2]}"


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def is_test(cell: dict) -> bool:
    meta = _meta(cell)
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_answer(cell: dict) -> bool:
    return cell["cell_type"] == "code" and bool(_meta(cell).get("solution"))


# ---------------------------------------------------------------------------------------------
# Scope analysis
# ---------------------------------------------------------------------------------------------

def _stored(node: ast.AST) -> set[str]:
    """Names a node binds in its own scope (not inside nested functions, lambdas, comprehensions)."""
    names: set[str] = set()

    def walk(n):
        if isinstance(n, _SCOPES):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(n.name)
            return
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            names.add(n.id)
        elif isinstance(n, ast.alias):
            names.add((n.asname or n.name).split(".")[0])
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
        elif isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name:
            names.add(n.name)
        elif isinstance(n, ast.MatchMapping) and n.rest:
            names.add(n.rest)
        for child in ast.iter_child_nodes(n):
            walk(child)

    walk(node)
    return names


def _scope_locals(node: ast.AST) -> set[str]:
    """The local names of a function, lambda or comprehension scope."""
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        out: set[str] = set()
        for gen in node.generators:
            out |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        return out
    if isinstance(node, ast.ClassDef):
        return set()   # a class body's names are not seen by its methods: treat them as global
    args = node.args
    out = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    out |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    if isinstance(node, ast.Lambda):
        return out
    for stmt in node.body:
        out |= _stored(stmt)
    declared = {name for n in ast.walk(node) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
    return out - declared


@dataclasses.dataclass
class _Use:
    name: str
    node: ast.Name
    module_level: bool     # at the cell's top level (else inside a function or comprehension)
    store: bool


def _uses(tree: ast.AST) -> list[_Use]:
    """Every ast.Name that resolves to the cell's namespace, with where it is."""
    found: list[_Use] = []

    def visit(node, stack):
        if isinstance(node, _SCOPES) and not isinstance(node, ast.ClassDef):
            inner = stack + [_scope_locals(node)]
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                # The first iterable is evaluated in the enclosing scope.
                first = node.generators[0].iter
                visit(first, stack)
                for child in ast.iter_child_nodes(node):
                    if child is not node.generators[0]:
                        visit(child, inner)
                gen = node.generators[0]
                for child in [gen.target, *gen.ifs]:
                    visit(child, inner)
                return
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for part in node.decorator_list + node.args.defaults + \
                        [d for d in node.args.kw_defaults if d is not None]:
                    visit(part, stack)
                for stmt in node.body:
                    visit(stmt, inner)
                return
            if isinstance(node, ast.Lambda):
                for part in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                    visit(part, stack)
                visit(node.body, inner)
                return
        if isinstance(node, ast.Name):
            if not any(node.id in scope for scope in stack):
                found.append(_Use(node.id, node, not stack, isinstance(node.ctx, (ast.Store, ast.Del))))
            return
        for child in ast.iter_child_nodes(node):
            visit(child, stack)

    visit(tree, [])
    return found


def _binding_points(tree: ast.Module) -> dict[str, tuple[int, int]]:
    """Where (line, column) each name is first bound at the cell's top level; an assignment binds
    at the end of its statement (``x = x + 1`` reads ``x`` first)."""
    points: dict[str, tuple[int, int]] = {}
    done: set[int] = set()    # the names of assignments, bound at the statement's end

    def note(name, where):
        if name not in points or where < points[name]:
            points[name] = where

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                note(child.name, (child.end_lineno, child.end_col_offset))
                for sub in ast.walk(child):
                    if isinstance(sub, ast.Global):
                        for name in sub.names:
                            note(name, (10 ** 9, 0))   # bound only when the function runs
                continue
            if isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                for sub in ast.walk(child):
                    if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                        note(sub.target.id, (sub.end_lineno, sub.end_col_offset))
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    note((alias.asname or alias.name).split(".")[0], (child.end_lineno, child.end_col_offset))
                continue
            if isinstance(child, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                end = (child.end_lineno, child.end_col_offset)
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name) and not isinstance(child, ast.AugAssign):
                            note(sub.id, end)
                            done.add(id(sub))
            elif isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)) and id(child) not in done:
                note(child.id, (child.lineno, child.col_offset))
            elif isinstance(child, ast.ExceptHandler) and child.name:
                note(child.name, (child.lineno, child.col_offset))
            elif isinstance(child, (ast.MatchAs, ast.MatchStar)) and child.name:
                note(child.name, (child.lineno, child.col_offset))
            visit(child)

    visit(tree)
    return points


def free_names(source: str) -> set[str]:
    """The names a cell reads from the namespace it runs in without binding them itself first:
    at its top level, a name read before the cell binds it; inside its functions, lambdas and
    comprehensions, a global the cell never binds at its top level. Builtins included."""
    tree = ast.parse(source)
    points = _binding_points(tree)
    free = set()
    for use in _uses(tree):
        if use.store:
            continue
        where = (use.node.lineno, use.node.col_offset)
        if use.name not in points or (use.module_level and where < points[use.name]):
            free.add(use.name)
        elif isinstance(use.node.ctx, ast.Load) and points[use.name] == (10 ** 9, 0):
            free.add(use.name)
    return free


# ---------------------------------------------------------------------------------------------
# The rule, per notebook
# ---------------------------------------------------------------------------------------------

def answer_names(cells: list[dict]) -> set[str]:
    """Every name the answer (solution) cells bind at their top level."""
    names: set[str] = set()
    for cell in cells:
        if is_answer(cell):
            tree = ast.parse(_source(cell))
            names |= _stored(tree)
            # A dict or object the answer cell fills (``EXPLAIN["x"] = ...``) is the answer too.
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
                for target in targets:
                    while isinstance(target, (ast.Subscript, ast.Attribute)):
                        target = target.value
                    if isinstance(target, ast.Name):
                        names.add(target.id)
    return names


def outside_names(notebook: dict, name: str) -> dict[str, set[str]]:
    """``{test grade_id: names it reads outside the rule}`` for the test cells that read any."""
    prefix = prefix_of(name)
    answers = answer_names(notebook["cells"])
    out = {}
    for cell in notebook["cells"]:
        if not is_test(cell):
            continue
        bad = {n for n in free_names(_source(cell))
               if n not in BUILTINS and n not in answers and not n.startswith(prefix)}
        if bad:
            out[_meta(cell)["grade_id"]] = bad
    return out


def setup_reads(notebook: dict, name: str) -> dict[str, set[str]]:
    """``{setup function: names it reads at call time outside the rule}`` for the functions the
    locked cells define that a test cell calls: directly, under a ``_tNN_`` alias or copy, or through
    another such function or value (``_t05_setup(_fit=fit_model)``). A function reads its globals when
    it runs, so a ``fit_model`` that reads ``ColumnTransformer`` from the notebook breaks every test
    cell that calls it once a trainee rebinds ``ColumnTransformer``: such a function imports what it
    needs inside itself (or binds it as a default when it is defined)."""
    prefix = prefix_of(name)
    cells = notebook["cells"]
    answers = answer_names(cells)
    # name -> (reads when called, reads when bound), for what the locked cells bind at their top level
    graph: dict[str, tuple[set[str], set[str]]] = {}
    functions: set[str] = set()
    for cell in cells:
        if cell["cell_type"] != "code" or is_test(cell) or is_answer(cell) or not _meta(cell).get("locked"):
            continue
        for node in ast.parse(_source(cell)).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                uses = [u for u in _uses(node) if not u.store]
                graph[node.name] = ({u.name for u in uses if not u.module_level},
                                    {u.name for u in uses if u.module_level})
                functions.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                read = {u.name for u in _uses(node.value) if not u.store}
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            graph[sub.id] = (set(), read)
                            functions.discard(sub.id)
    todo = set().union(*(free_names(_source(c)) for c in cells if is_test(c)))
    seen: set[str] = set()
    while todo:
        n = todo.pop()
        if n in seen or n not in graph:
            continue
        seen.add(n)
        todo |= graph[n][0] | graph[n][1]
    out = {}
    for n in sorted(seen & functions):
        bad = {r for r in graph[n][0] if r not in BUILTINS and r not in answers and not r.startswith(prefix)}
        if bad:
            out[n] = bad
    return out


# ---------------------------------------------------------------------------------------------
# The rewrite
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass
class _Import:
    module: str
    original: str | None     # None: ``import module [as name]``


def _imports(source: str) -> dict[str, _Import]:
    """Names a setup cell binds by import: ``{bound name: where from}``."""
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    out[alias.asname] = _Import(alias.name, None)
                elif "." not in alias.name:
                    out[alias.name] = _Import(alias.name, None)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            for alias in node.names:
                out[alias.asname or alias.name] = _Import(node.module, alias.name)
    return out


def _rename(source: str, names: dict[str, str]) -> str:
    """``source`` with every read of ``names`` that resolves to the namespace renamed."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    raw = [line.encode("utf-8") for line in lines]
    edits = []
    for use in _uses(tree):
        if use.name not in names:
            continue
        if use.store:
            raise ValueError(f"the cell binds {use.name!r}, which it also reads from the namespace")
        node = use.node
        edits.append((node.lineno - 1, node.col_offset, node.end_col_offset, names[use.name]))
    shift = [0] * len(raw)          # spaces to add before each line (continuation lines)
    spans, strings = _open_spans(source), _string_rows(source)
    for row, start, end, new in sorted(edits, reverse=True):
        line = raw[row]
        old = line[start:end].decode("utf-8")
        if not re.fullmatch(r"[A-Za-z_]\w*", old) or old not in names:
            raise ValueError(f"line {row + 1}: expected a name at {start}:{end}, found {old!r}")
        raw[row] = line[:start] + new.encode("utf-8") + line[end:]
        # Lines a bracket opened after the name continues onto, aligned past the name, move too.
        col = len(line[:start].decode("utf-8"))
        last = max((close for (r, c), close in spans.items() if r == row + 1 and c > col), default=row + 1)
        for other in range(row + 1, last):
            text = lines[other]
            if other not in strings and len(text) - len(text.lstrip(" ")) > col:
                shift[other] += len(new) - len(old)
    return "".join(" " * shift[i] + line.decode("utf-8") if line.strip() else line.decode("utf-8")
                   for i, line in enumerate(raw))


def _open_spans(source: str) -> dict[tuple[int, int], int]:
    """``{(line, column) of an opening bracket: the line it closes on}`` (1-based lines) for
    the brackets that close on a later line."""
    spans, stack = {}, []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.OP and tok.string in "([{":
            stack.append(tok.start)
        elif tok.type == tokenize.OP and tok.string in ")]}" and stack:
            opened = stack.pop()
            if tok.start[0] > opened[0]:
                spans[opened] = tok.start[0] - 1   # 0-based index of the closing line, +1 - 1
    return {k: v + 1 for k, v in spans.items()}


def _string_rows(source: str) -> set[int]:
    """0-based indexes of the lines that start inside a string token (a multi-line string)."""
    rows = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
            rows.update(range(tok.start[0], tok.end[0]))
    return rows


def _import_lines(needed: dict[str, _Import], alias: dict[str, str]) -> list[str]:
    """``import ... as _tNN_x`` / ``from ... import x as _tNN_x`` lines, grouped by module."""
    lines = []
    froms: dict[str, list[str]] = {}
    for name in sorted(needed):
        imp = needed[name]
        if imp.original is None:
            lines.append(f"import {imp.module} as {alias[name]}\n")
        else:
            froms.setdefault(imp.module, []).append(f"{imp.original} as {alias[name]}")
    for module, parts in froms.items():
        head = f"from {module} import "
        line = head + ", ".join(parts)
        if len(line) <= 110:
            lines.append(line + "\n")
            continue
        rows, row = [], ""
        for part in parts:
            if row and len(head) + 1 + len(row) + len(part) + 2 > 110:
                rows.append(row.rstrip())
                row = ""
            row += part + ", "
        rows.append(row.rstrip().rstrip(","))
        indent = " " * (len(head) + 1)
        lines.append(head + "(" + (",\n" + indent).join(r.rstrip(",") for r in rows) + ")\n")
    return lines


def _insert_after_comments(source: str, block: list[str]) -> str:
    """``block`` after the cell's leading comment lines (the points and what the cell checks)."""
    lines = source.splitlines(keepends=True)
    at = 0
    while at < len(lines) and lines[at].startswith("#") and not lines[at].startswith("### BEGIN"):
        at += 1
    return "".join(lines[:at] + block + lines[at:])


def _insert_in_hidden(source: str, block: list[str]) -> str:
    lines = source.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(BEGIN_HIDDEN)) + 1
    return "".join(lines[:at] + block + lines[at:])


def _immutable(node: ast.AST) -> bool:
    """Whether an expression is a literal nothing can change in place (a constant, a tuple of them,
    ``math.inf``, ``-1``, a frozenset)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Tuple):
        return all(_immutable(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _immutable(node.operand)
    if isinstance(node, ast.Attribute):        # math.inf, math.pi
        return isinstance(node.value, ast.Name) and node.value.id == "math"
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "frozenset":
        return all(_immutable(a) for a in node.args)
    if isinstance(node, ast.BinOp):
        return _immutable(node.left) and _immutable(node.right)
    return False


def _value_kind(source: str, name: str) -> str:
    """How the test cells' private copy of ``name`` (bound by this locked cell) is made:
    ``"immutable"`` (the value itself: a tuple of constants, a ``MappingProxyType`` of a dict of
    constants, a function; ``copy.deepcopy`` gives the same object or fails on a mappingproxy),
    ``"proxy"`` (a mappingproxy of something else: a read-only view of a deep copy of its dict) or
    ``"mutable"`` (a deep copy)."""
    kind = "mutable"
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            kind = "immutable"
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id == name):
            value = node.value
            func = value.func if isinstance(value, ast.Call) else None
            if _immutable(value):
                kind = "immutable"
            elif func is not None and (getattr(func, "id", "") == "MappingProxyType"
                                       or getattr(func, "attr", "") == "MappingProxyType"):
                arg = value.args[0] if len(value.args) == 1 and not value.keywords else None
                kind = "immutable" if (isinstance(arg, ast.Dict) and None not in arg.keys
                                       and all(_immutable(k) for k in arg.keys)
                                       and all(_immutable(v) for v in arg.values)) else "proxy"
            else:
                kind = "mutable"
        elif name in _stored(node):
            kind = "mutable"
    return kind


COPY_NOTE = "# Copies for the test cells, which read only names that start with {prefix}: leave those names alone.\n"
SAME_NOTE = ("# The test cells' names for these read-only values (they read only {prefix} names): "
             "leave those names alone.\n")


def convert(path: pathlib.Path, write: bool = True) -> dict[str, set[str]]:
    """Rewrite the test cells of the notebook at ``path`` so that they follow the rule;
    return ``{test grade_id: the names it read outside the rule}`` (what was rewritten)."""
    name = path.parent.name
    prefix = prefix_of(name)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    todo = outside_names(notebook, name)
    taken = {n for c in cells if c["cell_type"] == "code" for n in re.findall(r"\b\w+\b", _source(c))}
    # Where every setup name comes from: the import or the last locked cell binding it (per test cell).
    copies: dict[int, list[str]] = {}     # cell index -> names it copies
    alias: dict[str, str] = {}

    def private(n: str, kind: str) -> str:
        if n not in alias:
            cand = f"{prefix}_{n.lstrip('_')}"
            if cand in taken:
                cand = f"{prefix}_{kind}_{n.lstrip('_')}"
            assert cand not in taken or kind == "", cand
            alias[n] = cand
        return alias[n]

    for index, cell in enumerate(cells):
        if not is_test(cell) or _meta(cell)["grade_id"] not in todo:
            continue
        bad = todo[_meta(cell)["grade_id"]]
        source = _source(cell)
        # Everything outside the hidden blocks (a block may come before visible lines, as 04's lent answers do).
        visible = re.sub(re.escape(BEGIN_HIDDEN) + ".*?" + re.escape(END_HIDDEN), "", source, flags=re.S)
        defined: dict[str, tuple[int, _Import | None]] = {}
        for j, earlier in enumerate(cells[:index]):
            if earlier["cell_type"] != "code" or is_test(earlier) or is_answer(earlier):
                continue
            if not _meta(earlier).get("locked"):
                continue
            src = _source(earlier)
            imports = _imports(src)
            for n in _stored(ast.parse(src)):
                defined[n] = (j, imports.get(n))
        missing = sorted(n for n in bad if n not in defined)
        if missing:
            raise ValueError(f"{name}: {_meta(cell)['grade_id']} reads {missing}, which no locked cell before it "
                             "defines: rewrite it by hand")
        renames, top, bottom = {}, {}, {}
        for n in sorted(bad):
            j, imp = defined[n]
            if imp is not None:
                renames[n] = private(n, "m")
                in_visible = n in free_names(visible) if visible.strip() else False
                (top if in_visible else bottom)[n] = imp
            else:
                renames[n] = private(n, "data")
                for k, other in enumerate(cells[:index]):
                    if (other["cell_type"] == "code" and not is_test(other) and not is_answer(other)
                            and _meta(other).get("locked") and n in _stored(ast.parse(_source(other)))):
                        copies.setdefault(k, [])
                        if n not in copies[k]:
                            copies[k].append(n)
        new = _rename(source, renames)
        if bottom:
            new = _insert_in_hidden(new, _import_lines(bottom, alias))
        if top:
            new = _insert_after_comments(new, _import_lines(top, alias))
        cell["source"] = new.splitlines(keepends=True)
        assert not outside_names({"cells": cells}, name).get(_meta(cell)["grade_id"]), (name, _meta(cell)["grade_id"])
    for k, names in copies.items():
        src = _source(cells[k])
        wanted = [n for n in names if f"{alias[n]} = " not in src]
        if not wanted:
            continue
        kinds = {n: _value_kind(src, n) for n in wanted}
        block = [(COPY_NOTE if set(kinds.values()) - {"immutable"} else SAME_NOTE).format(prefix=prefix)]
        if any(k in ("mutable", "proxy") for k in kinds.values()) and f"import copy as {prefix}_copy" not in src:
            block.append(f"import copy as {prefix}_copy\n")
        if "proxy" in kinds.values() and f"import types as {prefix}_types" not in src:
            block.append(f"import types as {prefix}_types\n")
        for n in wanted:
            if kinds[n] == "immutable":   # a read-only value (a tuple, a mappingproxy of constants, a function)
                block.append(f"{alias[n]} = {n}\n")
            elif kinds[n] == "proxy":      # a mappingproxy cannot be deep-copied: copy what it shows
                block.append(f"{alias[n]} = {prefix}_types.MappingProxyType({prefix}_copy.deepcopy(dict({n})))\n")
            else:
                block.append(f"{alias[n]} = {prefix}_copy.deepcopy({n})\n")
        lines = src.rstrip("\n").splitlines(keepends=True)
        last = ast.parse(src).body[-1]
        shown = isinstance(last, ast.Expr) and not (isinstance(last.value, ast.Call)
                                                    and getattr(last.value.func, "id", "") == "print")
        if shown:   # the cell ends showing a value (``scored.head()``): copy before it
            at = last.lineno - 1
            while at > 0 and lines[at - 1].startswith("#"):
                at -= 1
            text = "".join(lines[:at]) + "".join(block) + "\n" + "".join(lines[at:])
        else:
            text = "".join(lines).rstrip("\n") + "\n\n" + "".join(block)
        cells[k]["source"] = text.rstrip("\n").splitlines(keepends=True)

    if write and todo:
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return todo


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    names = [a for a in args if a != "--check"]
    status = 0
    for name in names:
        path = ROOT / "solutions" / name / f"{name}.ipynb"
        if check:
            found = outside_names(json.loads(path.read_text(encoding="utf-8")), name)
        else:
            found = convert(path)
        for grade_id, bad in found.items():
            print(f"{name}: {grade_id}: {', '.join(sorted(bad))}")
        print(f"{name}: {len(found)} test cells {'read' if check else 'rewritten:'} names outside the rule")
        # Setup functions the test cells call read their globals when they run: not rewritten, listed.
        called = setup_reads(json.loads(path.read_text(encoding="utf-8")), name)
        for function, bad in called.items():
            print(f"{name}: setup function {function}() (called by test cells) reads {', '.join(sorted(bad))}: "
                  "import them inside it by hand")
        if called:
            print(f"{name}: {len(called)} setup functions called by test cells read names outside the rule")
        status |= bool(found or called) and check
    return status


if __name__ == "__main__":
    raise SystemExit(main())

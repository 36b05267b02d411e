"""A stand-in a test cell lends for a trainee's function has that function's documented signature.

Review x04-r6 (D9): ``test_more_private`` lent ``more_private`` an ``answer_epsilon(yy, yn, rounds=1)``
while the question documents ``answer_epsilon(p_yes_if_yes, p_yes_if_no, rounds=1)``, so a correct
``more_private`` that called it with keywords failed. Here every function a test cell defines and
then binds to the name of an answer function must take the same parameters, by name and kind, as the
reference answer. Review x06-r8 (D1): 06 lent its stand-ins through an alias of ``globals()`` and
``.update(psi_terms=...)``, a form the first version of this test did not see; ``_lent`` lists every
form a test cell uses in any exercise.
"""

from __future__ import annotations

import ast
import json
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SLUGS = sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())


def _params(fn: ast.FunctionDef | ast.Lambda) -> list[tuple[str, str, bool]]:
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


def _str_key(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _lent(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """(answer name, stand-in node) for every way a test cell can lend a function under a name.

    The forms: ``name = fn`` (also in tuples, ``a, b = f, g``); ``anything["name"] = fn`` (``globals()``
    or any alias of it, ``_g = globals()``); ``anything.update(name=fn)`` and ``dict(name=fn)``; a dict
    display ``{"name": fn}`` (handed to ``globals().update`` directly or later); ``setattr(obj, "name",
    fn)``; and ``def name(...)`` itself, at any depth (a stand-in defined under the answer's own name,
    as 03 lends them). ``fn`` is a function the cell defines, or a lambda.
    """
    defs: dict[str, ast.AST] = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}

    def fn(value: ast.AST) -> ast.AST | None:
        if isinstance(value, ast.Lambda):
            return value
        if isinstance(value, ast.Name):
            return defs.get(value.id)
        return None

    pairs: list[tuple[str, ast.AST | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            pairs.append((node.name, node))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    items = list(zip(target.elts, node.value.elts, strict=False))
                else:
                    items = [(target, node.value)]
                for t, v in items:
                    if isinstance(t, ast.Name):
                        pairs.append((t.id, fn(v)))
                    elif isinstance(t, ast.Subscript) and _str_key(t.slice):
                        pairs.append((_str_key(t.slice), fn(v)))
        elif isinstance(node, ast.Dict):
            pairs += [(_str_key(k), fn(v)) for k, v in zip(node.keys, node.values, strict=True) if _str_key(k)]
        elif isinstance(node, ast.Call):
            pairs += [(kw.arg, fn(kw.value)) for kw in node.keywords if kw.arg is not None]
            if (isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) == 3
                    and _str_key(node.args[1])):
                pairs.append((_str_key(node.args[1]), fn(node.args[2])))
    return [(name, stand_in) for name, stand_in in pairs if stand_in is not None]


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
        elif meta.get("grade") or not meta.get("solution"):   # test cells and ungraded self-checks
            tests.append((meta.get("grade_id", "(setup)"), tree))
    found = []
    for grade_id, tree in tests:
        for name, stand_in in _lent(tree):
            if name in answers and stand_in is not answers[name]:
                found.append((grade_id, name, answers[name], stand_in))
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_a_lent_stand_in_has_the_documented_signature(slug):
    for grade_id, name, reference, stand_in in _stand_ins(slug):
        assert _params(stand_in) == _params(reference), (
            f"{slug} {grade_id}: the stand-in {getattr(stand_in, 'name', 'lambda')} lent as {name} takes {_params(stand_in)}, "
            f"the documented {name} takes {_params(reference)}")


def test_the_04_stand_ins_are_found():
    """The check above sees the stand-ins of exercise 04 (so it is not vacuous there)."""
    found = {(g, n) for g, n, _, _ in _stand_ins("04-privacy")}
    assert found == {("test_more_private", "answer_epsilon"),
                     ("test_make_k_anonymous", "smallest_class"), ("test_make_k_anonymous", "unique_learners"),
                     ("test_make_k_anonymous_cap", "smallest_class"), ("test_make_k_anonymous_cap", "unique_learners"),
                     ("test_respondents_needed", "estimate_rate"), ("test_respondents_needed_exact", "estimate_rate")}


@pytest.mark.parametrize("slug", ["04-privacy", "06-monitoring"])
def test_a_correct_earlier_answer_is_lent_only_in_hidden_tests(slug):
    """04 and 06 lend hand-written correct answers to earlier questions: in a visible cell they would be the answers.

    (03 lends calls of the library, which its answers may not call; 07 lends a lookup of this test's verdicts on
    its own intervals.) 06's part (d) is checked visibly with (a)-(c) lent when graded (review x06-r14 D1).
    """
    nb = json.loads((REPO_ROOT / "exercises" / slug / f"{slug}.ipynb").read_text())
    answers = {name for _, name, _, _ in _stand_ins(slug)}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] != "code" or not meta.get("grade"):
            continue
        shown = [name for name, _ in _lent(ast.parse("".join(cell["source"]))) if name in answers]
        assert not shown, f"{slug} {meta.get('grade_id')}: the release shows a correct {shown} lent by a test cell"


@pytest.mark.parametrize(("slug", "lent"), [
    ("06-monitoring", {("test_psi_compose", "psi_edges"), ("test_psi_compose", "bin_shares"),
                       ("test_psi_compose", "psi_terms")}),
    ("03-fairness", {("test_mitigation_report_before", "tpr_gap"),
                     ("test_read_the_audit_tpr_gap_se", "metrics_by_subgroup"),
                     ("test_read_the_audit_smallest_tpr_interval", "metrics_by_subgroup")}),
])
def test_stand_ins_lent_by_update_or_under_their_own_name_are_found(slug, lent):
    """``globals().update(name=fn)`` through an alias (06) and ``def name`` in a test cell (03) are seen."""
    found = {(g, n) for g, n, _, _ in _stand_ins(slug)}
    assert lent <= found, found


def test_03_lends_its_hand_written_metrics_by_subgroup_only_in_hidden_tests():
    """Review x03-r20 D1: 03's parts (a) and (c) lend, at grading, a hand-written correct metrics_by_subgroup for any
    call (``_t03_q1["metrics_by_subgroup"] = _t03_q1_any``, found above with the documented signature); the release
    shows neither it nor the line that lends it (its visible checks lend a lookup of their own data only)."""
    lent = [(g, n, s) for g, n, _, s in _stand_ins("03-fairness") if getattr(s, "name", None) == "_t03_q1_any"]
    assert {g for g, _, _ in lent} == {"test_read_the_audit_tpr_gap_se", "test_read_the_audit_smallest_tpr_interval"}
    release = json.loads((REPO_ROOT / "exercises" / "03-fairness" / "03-fairness.ipynb").read_text())
    for cell in release["cells"]:
        source = "".join(cell["source"])
        assert "_t03_q1_any" not in source, cell["metadata"].get("nbgrader", {}).get("grade_id")

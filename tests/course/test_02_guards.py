"""Exercise 02 (review x02-r9 S1): every test cell refuses what the instructions promise it refuses.

The instructions say that while a test runs an answer, "all of `responsible_ml`, fairlearn,
`sklearn.metrics` and, in question 6, `scipy.stats` and pandas' ranks" are not available. Question 6's
guards once left fairlearn out, and its private ROC code (ties grouped) then passed question 6.

This static test reads the promise from the instructions cell, and every test cell (visible and hidden
part) of the nbgrader source: each call of ``answer(...)`` must run inside a ``no_shortcuts(...)`` block,
and each ``no_shortcuts(...)`` call must name every package the promise lists (question 6's cells also
``scipy.stats`` and every pandas rank route its question text names).
"""

from __future__ import annotations

import ast
import json
import pathlib
import re

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"
#: The routes to pandas' ranks question 6 blocks (its text lists them: Series/DataFrame, groupby, rolling and
#: expanding ranks, the rank correlations of ``DataFrame.corr`` (review x02-r13 S1: the compiled nancorr_kendall
#: counts the member/non-member pairs), and the compiled functions behind them).
PANDAS_RANKS = {"pd.Series.rank", "pd.api.typing.SeriesGroupBy.rank", "pd.api.typing.Rolling.rank",
                "pd.api.typing.Expanding.rank", "pandas.core.algorithms.rank", "pandas._libs.algos.rank_1d",
                "pandas._libs.algos.rank_2d", "pandas._libs.groupby.group_rank",
                "pandas._libs.window.aggregations.roll_rank", "pandas._libs.algos.nancorr_kendall",
                "pandas._libs.algos.nancorr_spearman"}
Q6 = "test_membership_auc_"


def _cells() -> list[dict]:
    return json.loads(NB.read_text(encoding="utf-8"))["cells"]


def promise() -> tuple[set[str], set[str]]:
    """(refused in every test, refused in question 6 too), read from the instructions cell."""
    text = "".join(_cells()[0]["source"])
    found = re.search(r"\(all of (.+?) and, in question 6, (.+?), by any route\)", " ".join(text.split()))
    assert found, "the instructions no longer state which libraries the tests refuse"

    def names(part):
        out = set()
        for name in re.split(r",\s*|\s+and\s+", part):
            name = name.strip().strip("`")
            out |= PANDAS_RANKS if name == "pandas' ranks" else {name}
        return out

    return names(found[1]), names(found[2])


def _blocked(call: ast.Call, assigned: dict[str, ast.expr]) -> set[str]:
    """The packages and functions a ``no_shortcuts(...)`` call names (``*name`` read from the cell)."""
    out = set()
    for arg in call.args:
        if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name) and arg.value.id in assigned:
            out |= _blocked(ast.Call(func=call.func, args=list(assigned[arg.value.id].elts), keywords=[]), assigned)
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.add(arg.value)
        else:
            out.add(re.sub(r"\b_t02_(?:m_)?pd\.", "pd.", ast.unparse(arg)))
    return out


def _name(func: ast.expr) -> str:
    """The called name, without the test cells' private alias prefix (``_t02_answer`` -> ``answer``)."""
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return re.sub(r"^_t02_", "", name)


def guards_of_test_cells() -> dict[str, dict]:
    """``{grade_id: {"guards": [blocked sets], "unguarded": [answer(...) lines outside every guard]}}``."""
    out = {}
    for cell in _cells():
        meta = cell.get("metadata", {}).get("nbgrader", {})
        src = "".join(cell["source"])
        if cell["cell_type"] != "code" or meta.get("solution") or "answer(" not in src:
            continue
        tree = ast.parse(src)
        assigned = {t.id: n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, (ast.Tuple, ast.List))}
        guards, unguarded = [], []
        # A helper of the cell that calls answer(...) (``_t02_call``) counts as a call of answer itself.
        wrappers = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                    and any(isinstance(c, ast.Call) and _name(c.func) == "answer" for c in ast.walk(n))}

        def visit(node, inside, wrappers=wrappers, guards=guards, unguarded=unguarded, assigned=assigned):
            if isinstance(node, ast.FunctionDef) and node.name in wrappers:
                return  # its calls are checked where the helper is called
            if isinstance(node, ast.With):
                calls = [i.context_expr for i in node.items if isinstance(i.context_expr, ast.Call)
                         and _name(i.context_expr.func) == "no_shortcuts"]
                guards.extend(_blocked(c, assigned) for c in calls)
                inside = inside or bool(calls)
            if isinstance(node, ast.Call) and _name(node.func) in {"answer", *wrappers} and not inside:
                unguarded.append(node.lineno)
            for child in ast.iter_child_nodes(node):
                visit(child, inside)

        visit(tree, False)
        out[meta.get("grade_id")] = {"guards": guards, "unguarded": unguarded}
    return out


def test_the_promise_is_read_from_the_instructions():
    everywhere, q6 = promise()
    assert everywhere == {"responsible_ml", "fairlearn", "sklearn.metrics"}, everywhere
    assert q6 == {"scipy.stats"} | PANDAS_RANKS, q6


def test_every_answer_runs_inside_a_guard_that_refuses_what_the_instructions_promise():
    everywhere, q6 = promise()
    cells = guards_of_test_cells()
    assert len(cells) >= 18, sorted(cells)  # every graded code question's test cells
    problems = []
    for gid, found in cells.items():
        problems += [f"{gid}: answer(...) on line {line} runs outside no_shortcuts(...)" for line in found["unguarded"]]
        want = everywhere | (q6 if gid.startswith(Q6) else set())
        for blocked in found["guards"]:
            if want - blocked:
                problems.append(f"{gid}: a no_shortcuts(...) call does not refuse {sorted(want - blocked)}")
        if not found["guards"]:
            problems.append(f"{gid}: no no_shortcuts(...) guard")
    assert not problems, "\n".join(problems)


def test_the_static_check_sees_a_missing_package():
    """The check itself: Q6's guards as they were before review x02-r9 (without fairlearn) are reported."""
    everywhere, q6 = promise()
    old = ast.parse('with no_shortcuts("responsible_ml", "sklearn.metrics", "scipy.stats", *_t02_ranks, what="x"):\n'
                    '    pass\n').body[0].items[0].context_expr
    ranks = ast.parse("(" + ", ".join(sorted(PANDAS_RANKS)) + ",)").body[0].value
    assert (everywhere | q6) - _blocked(old, {"_t02_ranks": ranks}) == {"fairlearn"}


def _q6_guard():
    """Question 6's visible guard, with the blocked names as the pairs cell lists them."""
    import pandas as pd

    from responsible_ml.feedback import no_shortcuts

    cell = next(c for c in _cells() if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == Q6 + "pairs")
    tree = ast.parse("".join(cell["source"]))
    ranks = next(n.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "_t02_ranks")
    return no_shortcuts("responsible_ml", "fairlearn", "sklearn.metrics", "scipy.stats",
                        *eval(ast.unparse(ranks), {"pd": pd, "_t02_pd": pd, "_t02_m_pd": pd}), what="membership_auc")  # noqa: S307 - our own cell


def test_q6_guard_refuses_rank_correlations_and_allows_ordinary_pandas():
    """Review x02-r13 S1: DataFrame.corr(method="kendall"/"spearman") is refused; a right answer written with
    ordinary pandas (Series operations, groupby, mean, sort_values, Pearson's corr) is not."""
    import numpy as np
    import pandas as pd
    import pytest

    from responsible_ml.feedback._shortcuts import ShortcutError

    rng = np.random.default_rng(0)
    v = pd.Series(np.round(rng.normal(size=200), 1))
    m = pd.Series(rng.random(200) < 0.3)
    with _q6_guard():
        members, others = v[m].sort_values().to_numpy(), v[~m].sort_values().to_numpy()
        higher = sum(int((others < x).sum()) for x in members)
        both = pd.DataFrame({"v": v, "m": m}).groupby("v")["m"].agg(["sum", "count"])
        ties = float((both["sum"] * (both["count"] - both["sum"])).sum())
        pd.DataFrame({"v": v, "m": m.astype(float)}).corr()   # Pearson's correlation: no rank statistic
        v.mean(), v.groupby(m).mean()
    auc = (higher + 0.5 * ties) / (len(members) * len(others))
    a, b = members[:, None], others[None, :]
    assert auc == pytest.approx(((a > b).sum() + 0.5 * (a == b).sum()) / a.size / b.size)
    for method in ("kendall", "spearman"):
        with pytest.raises(ShortcutError, match="nancorr_|rank_1d"), _q6_guard():
            pd.DataFrame({"v": v, "m": m.astype(float)}).corr(method=method)

"""One answer that never ends costs only its own points, not the submission's time budget.

Grading gives every cell 60 s (``c.ExecutePreprocessor.timeout`` in nbgrader_config.py) and a
whole submission 300 s (``c.TrustedExecute.submission_timeout``): cells after the budget are
not run and score 0 (lib/responsible_ml/course/_execute.py). A trainee function that never
ends (a ``while`` loop with ``n + 1`` for ``n += 1``) used to cost the full cell timeout in
EVERY test cell that calls it; five such cells spend the whole budget, and every later
question scores 0. ``responsible_ml.feedback.answer()`` now gives each call a time limit of its
own and does not run again a function that ran out of time.

For every exercise, the trainee function that the most test cells call is replaced by a
version that never ends (appended to its answer cell, the reference everywhere else) and the
notebook is run the way the course tests run one (``responsible_ml.course`` cell helpers, one
namespace, variant 0), with grading's limits scaled down by :data:`SCALE` (same ratios): the
cell timeout of the cells that call the function, the submission budget they may spend, and
the checks' time limits (``answer()``'s own and the notebook's ``time_limit`` blocks) through
their setting (``RML_TIME_SCALE``). The other cells
keep grading's own limits (their time is the reference's, in every submission). Every test cell of the other questions must pass, the
function's own test cells must fail with the time-limit messages, and the cells that call it
must together spend well under the budget.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import os
import pathlib
import re
import signal
import time

import pytest

from responsible_ml.course import assignments

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

REPO = pathlib.Path(__file__).resolve().parents[2]
#: Grading's limits (nbgrader_config.py) are divided by this.
SCALE = 10.0
CELL_TIMEOUT = 60 / SCALE       # c.ExecutePreprocessor.timeout
BUDGET = 300 / SCALE            # c.TrustedExecute.submission_timeout
#: The cells that do not call the function keep grading's own cell timeout: their time is
#: the reference's (the same in every submission), not what this test measures.
FULL_CELL_TIMEOUT = 60.0


#: Cells that call the trainee function directly, without ``answer()`` or a ``time_limit``
#: block: a function that never ends still runs there until the cell timeout (60 s when
#: grading). Each needs a notebook change (call it through ``answer()``); listed so that this
#: test says which, and fails on any other cell that does so.
UNPROTECTED = {
    "03-fairness": {"read_the_audit_criteria_self_check"},   # locked self-check, no points
    "04-privacy": {"test_estimate_rate_checks"},   # _t04_rate_outcome: estimate_rate(...) bare
}

NEVER_ENDS = '''

def {name}(*args, **kwargs):
    """A loop that never ends: `n + 1` written for `n += 1` (tests/course/test_hang_budget.py)."""
    n = 0
    while n < 1:
        n + 1
    return n
'''


class _CellTimeout(BaseException):
    """The per-cell timeout: like the kernel interrupt nbclient sends, not an ``Exception``."""


def _on_cell_timeout(signum, frame):
    raise _CellTimeout()


def _owner(test_id: str, answers: list[str]) -> str | None:
    found = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(found, key=len) if found else None


def _calls(source: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", source) is not None


def _plan(name: str) -> dict:
    """The answer cell and function of ``name`` that the most test cells call."""
    from responsible_ml.course._mutants import _cells

    (path,) = sorted((REPO / "solutions" / name).glob("*.ipynb"))
    cells = _cells(path)
    defined = {}
    for grade_id, kind, source, _owned in cells:
        if kind == "answer":
            for func in re.findall(r"^def ([A-Za-z]\w*)\(", source, re.M):
                defined[func] = grade_id
    tests = [(grade_id, source) for grade_id, kind, source, _owned in cells if kind == "test"]
    counts = {func: sum(_calls(src, func) for _gid, src in tests) for func in defined}
    func = max(counts, key=lambda f: (counts[f], f))
    return {"path": str(path), "function": func, "answer": defined[func],
            "test_cells": counts[func]}


def _run(name: str) -> dict:
    """Run ``name``'s notebook with its most-called function never ending (in a child process)."""
    from responsible_ml.course._mutants import _cells, _run_cell
    from responsible_ml.course._variants import COURSE_ENV, TRAINEE_ENV
    from responsible_ml.feedback import _checks

    plan = _plan(name)
    func, path = plan["function"], pathlib.Path(plan["path"])
    for key in (TRAINEE_ENV, COURSE_ENV):
        os.environ.pop(key, None)
    os.chdir(path.parent)
    cells = _cells(path)
    answers = [gid for gid, kind, _src, _owned in cells if kind == "answer"]
    replace = {plan["answer"]: dict((c[0], c[2]) for c in cells)[plan["answer"]]
               + NEVER_ENDS.format(name=func)}
    namespace: dict = {"__name__": "__main__"}
    results: dict[str, str | None] = {}
    seconds: dict[str, float] = {}
    timed_out: list[str] = []
    calling: list[str] = []
    signal.signal(signal.SIGALRM, _on_cell_timeout)
    for index, cell in enumerate(cells):
        grade_id, kind, source, _owned = cell
        key = grade_id or f"cell {index}"
        # the cells whose time the function decides: its own test cells and the lesson's
        # cells that name it (other questions' test cells keep grading's cell timeout: if
        # they called it, they would fail)
        calls = (kind != "answer" and _calls(replace.get(grade_id, source), func)
                 and (kind != "test" or _owner(grade_id, answers) == plan["answer"]))
        # those cells run with every limit scaled; the others with grading's own (the
        # reference answers of other questions keep the margin they have when grading)
        if calls:
            os.environ[_checks.TIME_SCALE_ENV] = repr(1 / SCALE)
        else:
            os.environ.pop(_checks.TIME_SCALE_ENV, None)
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, CELL_TIMEOUT if calls else FULL_CELL_TIMEOUT)
        try:
            _run_cell(cell, replace, namespace, results)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except _CellTimeout:
            timed_out.append(key)
            if kind == "test":
                results[grade_id] = "CellTimeoutError: stopped at the cell timeout"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if calls:
            seconds[key] = time.monotonic() - start
            calling.append(key)
    return {**plan, "answers": answers, "results": results, "seconds": seconds,
            "timed_out": timed_out, "calling": calling}


@pytest.fixture(scope="module")
def hung_runs():
    """Every exercise's run, two at a time in child processes (one under pytest-xdist)."""
    workers = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
    names = assignments()
    with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {name: pool.submit(_run, name) for name in names}
        return {name: future.result(timeout=800) for name, future in futures.items()}


def test_the_scaled_limits_keep_grading_s_ratios():
    from responsible_ml.feedback import _checks

    assert BUDGET / CELL_TIMEOUT == 5  # five cell timeouts use up a submission
    # answer()'s own limit, even at its wall-clock backstop, is well under one cell timeout
    assert _checks.ANSWER_WALL_FACTOR * _checks.ANSWER_SECONDS < 60
    assert _checks.ANSWER_WALL_FACTOR * _checks.ANSWER_SECONDS / SCALE < CELL_TIMEOUT
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.ExecutePreprocessor.timeout = 60\n" in config
    assert "c.TrustedExecute.submission_timeout = 300 " in config


@pytest.mark.parametrize("name", assignments())
def test_a_never_ending_answer_costs_only_its_own_points_and_little_time(name, hung_runs):
    run = hung_runs[name]
    func, results = run["function"], run["results"]
    assert run["test_cells"] >= 3, f"{name}: {func} is called from {run['test_cells']} test cells"
    assert results, f"{name}: no test cell ran"
    mine = {t: e for t, e in results.items() if _owner(t, run["answers"]) == run["answer"]}
    others = {t: e for t, e in results.items() if t not in mine}
    lost = {t: e[:200] for t, e in others.items() if e}
    assert not lost, f"{name}: {func} that never ends costs other questions' points: {lost}"
    # the substitution took effect: its own cells fail, with the time-limit messages
    assert mine and all(mine.values()), f"{name}: {func} never ends, yet its test cells pass: {mine}"
    # (first lines of the messages): it runs out of time in the first cell that calls it, and
    # is not run again in the later ones
    calling = [t for t in results if t in run["calling"] and t in mine
               and t not in UNPROTECTED.get(name, set())]
    assert calling, f"{name}: none of {func}'s own test cells calls it"
    first, *later = calling
    assert "expected an answer within" in mine[first], f"{name}: {first}: {mine[first]}"
    again = {t: mine[t] for t in later if "ran out of time in an earlier check" not in mine[t]}
    assert not again, f"{name}: {func} was run again after it ran out of time: {again}"
    # time: only the listed locked cells may run into the cell timeout, and the cells that call
    # the function together spend well under the submission's budget (they used to spend it all)
    unexpected = set(run["timed_out"]) - UNPROTECTED.get(name, set())
    assert not unexpected, f"{name}: cells stopped at the cell timeout: {sorted(unexpected)}"
    spent = sum(run["seconds"].values())
    assert spent < BUDGET / 2, (
        f"{name}: the cells that call {func} spent {spent:.1f} s of a {BUDGET:g} s budget: "
        + json.dumps({k: round(v, 2) for k, v in run["seconds"].items()}))

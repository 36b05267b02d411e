"""Exercise 06: a slip costs its points in one place, and the visible check that catches it says
what went wrong without naming the answer (review x06-r6).

Reads the one run per exercise shared with test_mutants (``mutant_outcomes`` in conftest.py): for
each wrong answer below, exactly the test cells listed fail, with the first line of the message
given (a visible check's, since a test cell stops at its first failed check).
"""

from __future__ import annotations

import re

import pytest
from test_hidden_names import top_level_names as _hidden_top_level_names

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

NAME = "06-monitoring"

#: (answer, mutant label) -> (the test cells that fail, text of the first failed check).
ONE_PLACE = {
    # D2: forgetting to pass `eps` on is caught by the visible check (its case with eps=1e-3).
    ("psi_compose", "eps not passed on (1e-4 always)"):
        ({"test_psi_compose"}, "with eps=1e-3 (bins=4)"),
    # D3: the old "no edge at the minimum or maximum" read literally.
    ("psi_edges", "inner quantiles equal to the sample's min or max dropped"):
        ({"test_psi_edges"}, "the last decile, 3.0, is also the maximum"),
    # D1: a crash on a group without completers costs the gap part only, with a teaching message.
    ("window_gap",
     "TPR as hits / completers: ZeroDivisionError on a group without completers (the only slip)"):
        ({"test_window_gap"}, "ZeroDivisionError"),
    ("window_gap",
     "TPR from a groupby looked up by group: KeyError on a group without completers (the only slip)"):
        ({"test_window_gap"}, "KeyError"),
    # Task x06m: Q2 is three functions graded apart; a crash in one names it and costs its part only.
    ("window_starts", "window_starts reads a name it never defined (NameError; the only slip)"):
        ({"test_window_starts"}, "window_starts on the production stream (window 3): expected a list of start months, got \"NameError"),
    ("flag_window", "flag_window compares a name it never defined (NameError; the only slip)"):
        ({"test_flag_window"}, "flag_window for a gap of 1.0 with limit 0.5: expected True or False, got \"NameError"),
    # M1: the gap rounded to three decimals before the comparison, caught visibly in both questions.
    ("flag_window", "gap rounded to three decimals before the comparison (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.1005"),
    # Review x06-r15 M1/D1: rounding to 6, 7 or 8 decimals before the comparison, caught visibly in both questions
    # by a gap 3.5e-9 above the limit (a year's window of 3,119 and 9,161 completers).
    ("flag_window", "gap rounded to six decimals before the comparison (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.1000000035"),
    ("flag_window", "gap rounded to seven decimals before the comparison (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.1000000035"),
    ("flag_window", "gap rounded to eight decimals before the comparison (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.1000000035"),
    ("fairness_gate_test", "gap rounded to six decimals before the comparison (the only slip)"):
        ({"test_fairness_gate_test"}, "a gap of 0.1000000035"),
    ("fairness_gate_test", "gap rounded to seven decimals before the comparison (the only slip)"):
        ({"test_fairness_gate_test"}, "a gap of 0.1000000035"),
    # Review x06-r15 D1: (d)'s choice of sample, caught visibly (the hint repeats the lesson's objective).
    ("psi_compose", "edges from the current sample"):
        ({"test_psi_compose"}, "PSI terms of 50-149 against the reference 0-99 (bins=4)"),
    ("psi_compose", "edges from both samples pooled"):
        ({"test_psi_compose"}, "PSI terms of 50-149 against the reference 0-99 (bins=4)"),
    ("psi_compose", "reference shares taken as 1/bins (review x06-r15 D1)"):
        ({"test_psi_compose"}, "PSI terms against a reference with ties"),
    # Review x06-r15 D3: a right formula with Series aligned by label loses only the positions part.
    ("psi_terms", "the floor with np.maximum on the inputs as given (Series aligned by label; the only slip)"):
        ({"test_psi_terms_positions"}, "terms of two Series indexed 10-13 and 0-3"),
    ("fairness_gate_test", "gap rounded to three decimals before the comparison"):
        ({"test_fairness_gate_test"}, "a gap of 0.1005"),
    # Review x06-r12 M1: the empty shares replaced by eps instead of the floor max(share, eps), caught
    # visibly in every variant by a fixed share between 0 and eps (before: by some variants' random data).
    ("psi_terms", "empty shares replaced by eps, e[e == 0] = eps (the only slip)"):
        ({"test_psi_terms"}, "the share 0.00005 is below eps but not 0"),
    # Review x06-r13: scipy.special is allowed in (a), and the eps floor is still graded: rel_entr on
    # the raw shares gives inf for an empty bin (rel_entr(e, 0) = inf).
    ("psi_terms", "rel_entr in both directions on the raw shares (no eps floor)"):
        ({"test_psi_terms"}, "terms when nine bins of `actual` are empty"),
    # D1: a fail-closed message that names no group (it has the letter z), caught visibly.
    ("fairness_gate_test", "fail-closed message names no group, has a letter z (the only slip)"):
        ({"test_fairness_gate_test_closed"}, "a group (zeta_group) without completers"),
    # D2: np.isclose's default tolerance, caught visibly in both questions.
    ("flag_window", "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.1000007"),
    ("fairness_gate_test", "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)"):
        ({"test_fairness_gate_test"}, "a gap of 0.1000007"),
    # D3: a hard-coded limit is a part-1 slip: part 1 says so (the `limit` argument), part 2 keeps its point.
    ("fairness_gate_test", "limit hard-coded at 0.10 (the only slip)"):
        ({"test_fairness_gate_test"}, "with limit 0.2 (a gap of 0.15)"),
    # Review x06-r18 M1, M2: a tolerance below the question's 1e-9 (math.isclose's relative default) or the gap
    # rounded to 9 decimals flags / fails a gap 6.4e-10 above the limit; a wider one passes a gap 1.7e-9 above it.
    ("flag_window", "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)"):
        ({"test_flag_window"}, "a gap of 0.10000000064"),
    ("flag_window", "gap rounded to nine decimals before the comparison (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.10000000064"),
    ("flag_window", "a tolerance of 2e-9, above the question's 1e-9 (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.10000000167"),
    # Review x06-r20 D1: the band's edge is graded once, in flag_window; the same tolerances in the gate keep
    # question 3's points (BAND_GRADED_IN_Q2 in the mutants file; tests below).
    ("flag_window", "a tolerance of 1e-12: gap > limit + 1e-12 (the only slip)"):
        ({"test_flag_window"}, "a gap of 0.10000000064"),
    # D2: window_gap rounded to 6 decimals fails the visible check (before: the hidden one only).
    ("window_gap", "gap rounded to six decimals (the only slip)"):
        ({"test_window_gap"}, "of the stream"),
}


#: Question 4's answer cells, one per function (review x06-r15 D2).
Q4_ANSWERS = ("alert_z", "alert_p_month", "alert_k", "alert_month_seen")


def _by_cell(source: str) -> dict[str, str]:
    """A right answer written for several functions, as the answer cells it fills: each function in the cell of
    its name (review x06-r15 D2), with the cell-level code before the first function in every cell."""
    head, *defs = source.split("\n\n\ndef ")
    if head.lstrip().startswith("def "):
        head, defs = "", [head.lstrip()[4:], *defs]
    return {d[:d.index("(")]: head + "\n\n\ndef " + d.rstrip("\n") + "\n" for d in defs}


@pytest.mark.parametrize(("answer", "label"), list(ONE_PLACE), ids=[label for _, label in ONE_PLACE])
def test_06_a_slip_fails_only_its_own_part_visibly(answer, label, mutant_outcomes):
    run = mutant_outcomes(NAME)
    assert label in run.mutants[answer], f"{label!r} is not listed in tests/course/mutants/{NAME}.py"
    outcome = run.outcomes[(answer, label)]
    failing = {test for test, error in outcome.items() if error}
    cells, text = ONE_PLACE[(answer, label)]
    assert failing == cells, outcome
    (message,) = [outcome[test] for test in cells]
    assert text in message, message
    assert "`expected`" not in message and "reference only" not in message   # the answer not named


def test_06_question_4_runs_inside_the_guard(mutant_outcomes):
    # S1: the simulator inside alert_z fails z with the shortcut message; since review x06-r9 D1
    # each entry is its own function, so the other entries keep their points.
    run = mutant_outcomes(NAME)
    # Since review x06-r15 D2 each function has its own answer cell: the shortcut is alert_z's cell.
    outcome = run.shortcut("alert_z", "se_gap from the lesson's simulator (gap_false_alarms)")
    entries = {t: e for t, e in outcome.items() if t.startswith("test_alert_")}
    assert "compute it yourself" in (entries.pop("test_alert_z") or ""), entries
    assert not any(entries.values()), entries


#: Right answers other than the reference that every check must accept: the tail from scipy's
#: normal distribution, and k by listing all 2^12 sequences of months above / below the limit.
_OTHER_RIGHT = '''
import itertools
import math

from scipy.stats import norm


def alert_z(n1, n2, rate, limit):
    return limit / math.sqrt(rate * (1 - rate) * (1 / n1 + 1 / n2))


def alert_p_month(z):
    return float(2 * norm.sf(z))


def alert_k(p_month):
    def false_page(k):
        total = 0.0
        for months in itertools.product((0, 1), repeat=12):
            text = "".join(map(str, months))
            if "1" * k in text:
                total += p_month ** sum(months) * (1 - p_month) ** (12 - sum(months))
        return total

    return next(k for k in range(1, 13) if false_page(k) < 0.01)


def alert_month_seen(start, k, delay=3):
    last_needed = start + (k - 1)
    return last_needed + delay
'''


def test_06_other_right_answers_pass_visible_and_hidden_checks(repo):
    from responsible_ml.course import run_notebook_cells

    nb = repo / "solutions" / NAME / f"{NAME}.ipynb"
    tests = {f"test_{cell}" for cell in Q4_ANSWERS}
    outcome = run_notebook_cells(nb, _by_cell(_OTHER_RIGHT), only={"setup", "alert_numbers", *Q4_ANSWERS, *tests})
    assert outcome == dict.fromkeys(tests), outcome


def test_06_hidden_tests_bind_only_prefixed_names(repo):
    # Review x06-r7 D1: hidden code runs in the trainee's namespace; a name such as `_a` bound there
    # replaced a trainee's own helper at grading only. Every name it binds starts with `_t06`.
    import json

    nb = json.loads((repo / "solutions" / NAME / f"{NAME}.ipynb").read_text())
    bad = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "### BEGIN HIDDEN TESTS" not in source:
            continue
        hidden = source[source.index("### BEGIN HIDDEN TESTS"):source.index("### END HIDDEN TESTS")]
        names = sorted(n for n in _hidden_top_level_names(hidden) if not n.startswith("_t06"))
        if names:
            bad[cell["metadata"]["nbgrader"]["grade_id"]] = names
    assert not bad, bad


#: Right answers with the trainee's own module-level helpers, named as the hidden tests used to
#: name theirs (review x06-r7 D1): full marks at grading.
_OWN_HELPERS = {
    "psi_by_bin": '''
_a = lambda x: np.asarray(x, dtype=float)
_s = _g = _e = None


def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e, a = np.maximum(_a(expected_shares), eps), np.maximum(_a(actual_shares), eps)
    return (a - e) * np.log(a / e)


def psi_edges(sample, bins=10):
    return np.unique(np.quantile(_a(sample), np.arange(1, bins) / bins))


def bin_shares(values, edges):
    values = _a(values)
    return np.bincount(np.searchsorted(_a(edges), values, side="right"), minlength=len(edges) + 1) / len(values)
''',
    "plan_alert_rule": '''
import math

_r = lambda n, rate: rate * (1 - rate) / n
_d = _s = _A = _z = _p = _k = None


def alert_z(n1, n2, rate, limit):
    return limit / math.sqrt(_r(n1, rate) + _r(n2, rate))


def alert_p_month(z):
    return math.erfc(z / math.sqrt(2))


def alert_k(p_month):
    def false_page(k, months=12):
        run, paged = [1.0] + [0.0] * (k - 1), 0.0
        for _ in range(months):
            new = [0.0] * k
            for length, q in enumerate(run):
                new[0] += q * (1 - p_month)
                if length + 1 == k:
                    paged += q * p_month
                else:
                    new[length + 1] += q * p_month
            run = new
        return paged

    return next(k for k in range(1, 13) if false_page(k) < 0.01)


def alert_month_seen(start, k, delay=3):
    return start + k - 1 + delay
''',
}


def test_06_right_answers_with_own_helper_names_get_full_marks(repo):
    from responsible_ml.course import run_notebook_cells

    replace = {cell: text for source in _OWN_HELPERS.values() for cell, text in _by_cell(source).items()}
    outcome = run_notebook_cells(repo / "solutions" / NAME / f"{NAME}.ipynb", replace)
    assert outcome and not any(outcome.values()), {t: e for t, e in outcome.items() if e}


def test_06_psi_compose_visible_check_tells_the_choice_apart():
    """Review x06-r15 D1 (reversing review x06-r10 S1's form-only check): the choice of sample is already in the
    lesson's first objective, its section 2 and the docstring, so hiding its check protected nothing and left the
    one understanding item of question 1 unchecked in self-study. The visible check now passes edges from the
    reference and fails edges from the current sample, from both samples pooled, and reference shares taken as
    1/bins, each with a hint that teaches the reason (bins cut at the current sample's quantiles hold about 1/bins of
    it, so a shift no longer shows) and asks which sample keeps it visible, without naming it (review x06-r21 S1)."""
    import json
    import pathlib

    import numpy as np
    import pandas as pd

    from responsible_ml import feedback

    root = pathlib.Path(__file__).resolve().parents[2]
    nb = json.loads((root / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_psi_compose")
    visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", cell, flags=re.S)  # the release's cell
    parts = """
def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)
    return (a - e) * np.log(a / e)


def psi_edges(sample, bins=10):
    return np.unique(np.quantile(np.asarray(sample, dtype=float), np.arange(1, bins) / bins))


def bin_shares(values, edges):
    codes = np.searchsorted(np.asarray(edges, dtype=float), np.asarray(values, dtype=float), side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)
"""
    choices = {
        "reference": ("psi_edges(expected, bins)", "bin_shares(expected, edges)"),
        "current": ("psi_edges(actual, bins)", "bin_shares(expected, edges)"),
        "pooled": ("psi_edges(np.r_[np.asarray(expected, float), np.asarray(actual, float)], bins)",
                   "bin_shares(expected, edges)"),
        "1/bins": ("psi_edges(expected, bins)", "np.full(len(edges) + 1, 1 / (len(edges) + 1))"),
    }
    for name, (edges, reference_shares) in choices.items():
        ns = {"np": np, "pd": pd, **{n: getattr(feedback, n) for n in (
            "answer", "expect_close", "expect_equal", "expect_sequence_close", "expect_true", "expect_type",
            "no_shortcuts")}}
        exec(parts + f"""
def psi_by_bin(expected, actual, bins=10, eps=1e-4):
    edges = {edges}
    return psi_terms({reference_shares}, bin_shares(actual, edges), eps)
""", ns)
        if name == "reference":
            exec(visible, ns)
            assert ns["_t06_parts_ok"] and ns["_t06_eps_ok"], name
            continue
        with pytest.raises(AssertionError) as err:
            exec(visible, ns)
        message = str(err.value)
        # Review x06-r21 S1: the visible hint teaches the reason (bins cut at the current sample's quantiles hold about
        # 1/bins of it whatever the drift) and asks the question; it does not name the sample (the hidden one may).
        assert "psi-compose-which-sample" in message and "which sample's quantiles keep" in message, message
        assert "hold about 1/bins of the current sample" in message, message
        assert "come from the reference" not in message and "from the reference sample" not in message, message
        assert "psi_edges(expected" not in message and "`expected`" not in message, message   # the idea, not the code


#: The test cells of each answer with right answers listed in ``ACCEPTED`` (the mutants file).
ACCEPTED_CELLS = {
    "psi_terms": {"test_psi_terms", "test_psi_terms_positions", "test_psi_edges", "test_bin_shares", "test_psi_compose"},
    "psi_compose": {"test_psi_compose"},
    "alert_month_seen": {"test_alert_month_seen"},
    # Review x06-r21 D2: limits are between 0 and 1, where these bands are the question's absolute 1e-9.
    "flag_window": {"test_flag_window"},
    # Review x06-r23 D2: a gate that calls question 2's window_gap and flag_window.
    "fairness_gate_test": {"test_fairness_gate_test", "test_fairness_gate_test_closed", "test_fairness_gate_test_message"},
}


def _accepted() -> dict:
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parent / "mutants" / f"{NAME}.py"
    spec = importlib.util.spec_from_file_location("mutants_06_accepted", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ACCEPTED


def test_06_accepted_answers_get_every_point_of_their_question(repo):
    """Review x06-r13 S1-S6 (the maintainer's decision): scipy.special's rel_entr and kl_div are
    allowed in (a), however an answer reaches them (the routes once listed as shortcuts, and the six
    handles the review found); (d) may compute its terms with them; a whole-float month_seen counts;
    flag_window's band written as math.isclose(gap, limit, abs_tol=1e-9) or 1e-9 * max(1, limit) (review
    x06-r21 D2: limits are between 0 and 1) gets its point."""
    from responsible_ml.course import run_mutants

    accepted = _accepted()
    assert set(accepted) <= set(ACCEPTED_CELLS), "name the test cells of each answer in ACCEPTED_CELLS"
    assert len(accepted["psi_terms"]) >= 14
    until = {(answer, label): ACCEPTED_CELLS[answer] for answer, labels in accepted.items() for label in labels}
    outcomes = run_mutants(repo / "solutions" / NAME / f"{NAME}.ipynb", accepted, workers=1, until=until)
    problems = []
    for (answer, label), outcome in outcomes.items():
        missing = ACCEPTED_CELLS[answer] - set(outcome)
        failed = {t: e for t, e in outcome.items() if e and t in ACCEPTED_CELLS[answer]}
        if missing or failed:
            problems.append(f"{answer}: {label}: not run {sorted(missing)}, failed {failed}")
    assert not problems, "right answers lose points:\n" + "\n".join(problems)


def test_06_test_cells_grade_their_own_copies_of_the_data(repo):
    """Review x06-r13 (not counted): the test cells read `decisions`, `production`, `v1`, `FEATURES`,
    `np` and `pd` from the trainee's namespace, so a scratch cell that rebound them cost points. They
    now read the setup's `_t06_` copies and import NumPy and pandas under their own names."""
    import json

    from responsible_ml.course import run_notebook_cells

    nb = json.loads((repo / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    sources = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    # A scratch cell's rebinding, run at the end of the answer cells of questions 2 and 3, before their tests.
    scratch = ("\ndecisions = decisions.iloc[:10].copy()\ndecisions['pred'] = 0\nproduction = v1 = None\n"
               "FEATURES = ['enrol_month']\n")
    gate = (sources["fairness_gate_test"].replace("np.", "_np.").replace("data[FEATURES]", "data[list(_F)]"))
    answers = {
        "flag_window": sources["flag_window"] + scratch,
        # the gate reads NumPy and the features under its own names, so `np = pd = None` leaves it working
        "fairness_gate_test": "import numpy as _np\nfrom responsible_ml.data import CASE_STUDY_FEATURES as _F\n"
                              + gate + scratch + "np = pd = None\n",
    }
    outcome = run_notebook_cells(repo / "solutions" / NAME / f"{NAME}.ipynb", answers)
    assert len(outcome) == 15 and not any(outcome.values()), {t: e for t, e in outcome.items() if e}


def test_06_psi_compose_visible_check_runs_with_lent_parts_when_graded():
    """Review x06-r14 D1: with (a) wrong, (d)'s visible check was skipped, so a (d) returning the PSI (a sum) with
    edges from `actual` passed it. Graded, the visible check now runs with correct (a)-(c) lent by the hidden tests
    and fails that (d) on its form; in the release (no hidden tests) the cell says "not checked yet" (shown as "–" by
    `python -m responsible_ml check`, tests/course/test_check_my_work.py) and costs nothing there."""
    import importlib.util
    import json
    import pathlib

    from responsible_ml.course import run_notebook_cells

    root = pathlib.Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("mutants_06_d1", root / "tests" / "course" / "mutants" / f"{NAME}.py")
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    wrong_a = """
def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.asarray(expected_shares, float) + eps
    a = np.asarray(actual_shares, float) + eps
    return (a - e) * np.log(a / e)
"""
    replace = {"psi_terms": wrong_a, "psi_compose": mutants.MUTANTS["psi_compose"][
        "the PSI (a sum) with edges from actual, bins and eps ignored (review x06-r14 D1)"]}
    only = {"setup", "psi_terms", "psi_edges", "bin_shares", "psi_compose", "test_psi_terms", "test_psi_compose"}
    graded = run_notebook_cells(root / "solutions" / NAME / f"{NAME}.ipynb", replace, only=only)
    assert {t for t, e in graded.items() if e} == {"test_psi_terms", "test_psi_compose"}, graded
    assert "psi_by_bin's result" in graded["test_psi_compose"]
    visible = run_notebook_cells(root / "exercises" / NAME / f"{NAME}.ipynb", replace, only=only)
    assert {t for t, e in visible.items() if e} == {"test_psi_terms"}, visible
    release = json.loads((root / "exercises" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in release["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_psi_compose")
    assert 'print(f"not checked yet: (d)' in cell and "_t06d_" not in cell


#: Review x06-r16 D1: wrong (a)-(c) from the rubric's lists, each with the part the visible (d) check must name.
_D1_PART_SLIPS = {
    "bin_shares side='left'": ("(c) bin_shares", "bin_shares", '''
def bin_shares(values, edges):
    codes = np.searchsorted(np.asarray(edges, dtype=float), np.asarray(values, dtype=float), side="left")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)
'''),
    "bin_shares pd.cut(right=True)": ("(c) bin_shares", "bin_shares", '''
def bin_shares(values, edges):
    v = np.asarray(values, dtype=float)
    codes = pd.cut(v, [-np.inf, *edges, np.inf], right=True, labels=False)
    return np.bincount(codes, minlength=len(edges) + 1) / len(v)
'''),
    "bin_shares histogram bounded by the values' own min and max": ("(c) bin_shares", "bin_shares", '''
def bin_shares(values, edges):
    v = np.asarray(values, dtype=float)
    return np.histogram(v, bins=[v.min(), *edges, v.max()])[0] / len(v)
'''),
    "psi_edges from pd.qcut": ("(b) psi_edges", "psi_edges", '''
def psi_edges(sample, bins=10):
    return np.unique(pd.qcut(np.asarray(sample, float), bins, retbins=True, duplicates="drop")[1][1:-1])
'''),
    "psi_terms floored then renormalised": ("(a) psi_terms", "psi_terms", '''
def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.maximum(np.asarray(expected_shares, float), eps)
    a = np.maximum(np.asarray(actual_shares, float), eps)
    e, a = e / e.sum(), a / a.sum()
    return (a - e) * np.log(a / e)
'''),
}


@pytest.mark.parametrize("slip", list(_D1_PART_SLIPS))
def test_06_psi_compose_visible_gate_names_the_part_at_fault(slip):
    """Review x06-r16 D1, the kind: the visible (d) check runs only once (a)-(c) pass a gate; the gate holds values on
    an edge, values outside the edges and edges beyond the values, so every wrong (a)-(c) of the rubric's lists stops
    there, the message names that part (not psi_by_bin, not the choice of sample), and nothing is raised raw."""
    import json
    import pathlib

    import numpy as np
    import pandas as pd

    from responsible_ml import feedback

    root = pathlib.Path(__file__).resolve().parents[2]
    nb = json.loads((root / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", cells["test_psi_compose"], flags=re.S)
    part, name, source = _D1_PART_SLIPS[slip]
    ns = {"np": np, "pd": pd, "__name__": "__main__"}
    for gid in ("psi_terms", "psi_edges", "bin_shares", "psi_compose"):
        exec(re.sub(r"[ ]*### (BEGIN|END) SOLUTION\n", "", cells[gid]), ns)
    exec(source, ns)
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(visible, ns)
    assert not ns["_t06_parts_ok"], slip
    assert f"part {part} does not yet" in out.getvalue() and "psi_by_bin itself is not at fault" in out.getvalue(), out.getvalue()
    del feedback


def test_06_no_question_prints_the_flag_comparison():
    """Review x06-r16 S1, the kind: no question text contains the answer's expression. The tolerance rule of
    flag_window and of the gate (question 3) is stated in words, so the trainee writes the comparison and the NaN
    handling; no visible hint prints it either (test_06_alert_hints checks hints against every answer expression)."""
    import json
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    nb = json.loads((root / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").replace(" ", "")
    for expression in ("gap>limit+1e-9", "gap-limit>1e-9", "limit+1e-9", "NaN>limit"):
        assert expression not in text, expression
    words = " ".join("".join(c["source"]) for c in nb["cells"]
                     if c["metadata"].get("nbgrader", {}).get("grade_id") == "q_flag_tpr_gap_windows")
    assert "1e-9" in words and "never pages" in words


def test_06_gate_runs_with_the_setup_features_whatever_features_is_bound_to(repo):
    """Review x06-r19 D1: the gate reads the notebook's `FEATURES`, so a trainee who kept only the numeric
    features (Q1 is about a numeric one) or deleted the name lost question 3 with a bare KeyError. The tests now
    run the gate with the setup's list (and restore the trainee's binding after); a gate that asks `data` for a
    column it lacks is named with a teaching message."""
    import json

    from responsible_ml.course import run_notebook_cells

    path = repo / "solutions" / NAME / f"{NAME}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    for scratch in ("\nFEATURES = [f for f in FEATURES if f != 'device']\n", "\nFEATURES = ['enrol_month']\n",
                    "\ndel FEATURES\n"):
        outcome = run_notebook_cells(path, {"psi_terms": sources["psi_terms"] + scratch})
        assert len(outcome) == 15 and not any(outcome.values()), (scratch, {t: e for t, e in outcome.items() if e})
    # After the gate's tests, the trainee's own binding is back.
    after = sources["psi_terms"] + "\nFEATURES = ['mine']\n"
    probe = sources["alert_z"] + "\nif FEATURES != ['mine']:\n    del alert_z\n"
    outcome = run_notebook_cells(path, {"psi_terms": after, "alert_z": probe})
    assert not outcome["test_alert_z"], outcome["test_alert_z"]
    # A gate that asks for a column the data lack: each of its cells names the crash and its usual causes.
    wrong = sources["fairness_gate_test"].replace('data["background"]', 'data["group"]')
    outcome = run_notebook_cells(path, {"fairness_gate_test": wrong})
    for cell in ("test_fairness_gate_test", "test_fairness_gate_test_closed", "test_fairness_gate_test_message"):
        assert outcome[cell] and "KeyError" in outcome[cell] and "fairness_gate_test on" in outcome[cell], (cell, outcome[cell])


#: Review x06-r20 D1: the three tolerances the review named, each written the same way in flag_window and in the
#: gate (everything else right). Each costs test_flag_window only (before: that cell and test_fairness_gate_test).
_ONE_CONVENTION = {
    "gap > limit + 1e-12": ("", "gap > limit + 1e-12"),
    "math.isclose(gap, limit)": ("import math\n\n\n", "gap > limit and not math.isclose(gap, limit)"),
    "round(gap, 9) > limit": ("", "round(gap, 9) > limit"),
}
_Q2_Q3_CELLS = {"setup", "flag_window", "fairness_gate_test", "test_flag_window", "test_fairness_gate_test",
                "test_fairness_gate_test_closed", "test_fairness_gate_test_message"}


@pytest.mark.parametrize("label", list(_ONE_CONVENTION))
def test_06_one_tolerance_convention_costs_one_cell(repo, label):
    from responsible_ml.course import run_notebook_cells

    top, form = _ONE_CONVENTION[label]
    replace = {"flag_window": f"{top}def flag_window(gap, limit):\n    return bool({form})\n",
               "fairness_gate_test": _mutants_module().BAND_GRADED_IN_Q2["fairness_gate_test"][
                   {"gap > limit + 1e-12": "a tolerance of 1e-12: gap > limit + 1e-12",
                    "math.isclose(gap, limit)": "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)",
                    "round(gap, 9) > limit": "gap rounded to nine decimals before the comparison (the only slip)"}[label]]}
    assert form in replace["fairness_gate_test"]
    outcome = run_notebook_cells(repo / "solutions" / NAME / f"{NAME}.ipynb", replace, only=_Q2_Q3_CELLS)
    assert {t for t, e in outcome.items() if e} == {"test_flag_window"}, outcome
    assert "within the question's 1e-9" in outcome["test_flag_window"], outcome["test_flag_window"]


def test_06_band_graded_in_q2_gates_keep_question_3(repo):
    """Review x06-r20 D1: a gate whose tolerance differs from the question's 1e-9 only near the band's edge (1e-12,
    math.isclose, round(gap, 9), 2e-9, the band's rounded forms) passes every cell of question 3."""
    from responsible_ml.course import run_mutants

    cells = {"test_fairness_gate_test", "test_fairness_gate_test_closed", "test_fairness_gate_test_message"}
    gates = _mutants_module().BAND_GRADED_IN_Q2
    assert len(gates["fairness_gate_test"]) >= 10
    until = {("fairness_gate_test", label): cells for label in gates["fairness_gate_test"]}
    outcomes = run_mutants(repo / "solutions" / NAME / f"{NAME}.ipynb", gates, workers=1, until=until)
    problems = [f"{label}: not run {sorted(cells - set(o))}, failed {[t for t in cells if o.get(t)]}"
                for (_, label), o in outcomes.items() if not cells <= set(o) or any(o.get(t) for t in cells)]
    assert not problems, problems


def test_06_the_gate_cell_reports_every_failing_check():
    """Review x06-r20 D1: the gate's verdict cell stopped at its first failing check, so a second real error stayed
    hidden. A gate with two slips (selection rate among everyone, a hard-coded limit) is told both, with the count
    (the course's "(n of m checks in this cell failed)"); so is a flag_window with two slips."""
    import json
    import pathlib

    from responsible_ml.feedback import AnswerError

    root = pathlib.Path(__file__).resolve().parents[2]
    nb = json.loads((root / "solutions" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    gate = _mutants_module()._GATE_REF
    for old, new in (("decided[completers & (background == g)].mean()", "decided[background == g].mean()"),
                     ("    if gap > limit + 1e-9:", "    if gap > 0.10 + 1e-9:")):
        assert gate.count(old) == 1
        gate = gate.replace(old, new)
    flag = "def flag_window(gap, limit):\n    return bool(round(gap, 3) > limit + 1e-12)\n"
    for test, answer, told in (
            ("test_fairness_gate_test", ("fairness_gate_test", gate),
             ("equal TPRs, different selection rates", "with limit 0.2 (a gap of 0.15)")),
            ("test_flag_window", ("flag_window", flag), ("a gap of 0.1005", "a gap of 0.1000007"))):
        ns = {"__name__": "__main__"}
        exec(compile(cells["setup"], "setup", "exec"), ns)  # noqa: S102
        exec(compile(answer[1], answer[0], "exec"), ns)  # noqa: S102
        visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", cells[test], flags=re.S)
        with pytest.raises(AnswerError) as failed:
            exec(compile(visible, test, "exec"), ns)  # noqa: S102
        message = str(failed.value)
        assert all(phrase in message for phrase in told), message
        assert re.search(r"\((\d+) of (\d+) checks in this cell failed\)", message), message
        assert int(re.search(r"\((\d+) of", message).group(1)) >= 2, message


def _mutants_module():
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parent / "mutants" / f"{NAME}.py"
    spec = importlib.util.spec_from_file_location("mutants_06_r20", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_Q3_TESTS = {"test_fairness_gate_test", "test_fairness_gate_test_closed", "test_fairness_gate_test_message"}


def _mutants_module():
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parent / "mutants" / f"{NAME}.py"
    spec = importlib.util.spec_from_file_location("mutants_06_r23", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("slip", ["flag_window `gap > limit` (no 1e-9 band)",
                                  "window_gap over the groups of the window's completers only", "window_gap left blank"])
def test_06_gate_reusing_question_2_keeps_its_points_when_question_2_is_wrong(repo, slip):
    """Review x06-r23 D2: question 3 says the gate may call question 2's functions, and its three test cells lend
    correct window_gap and flag_window while the gate runs (as question 1's part (d) is graded with correct (a)-(c)).
    A gate that reuses them, run with a wrong or blank question 2 answer: the question 2 answer's own test cell fails,
    every question 3 cell passes (before: 1, 0.5 or 2 of question 3's points were lost too)."""
    from responsible_ml.course import run_notebook_cells

    mutants = _mutants_module()
    cell, source = mutants.Q2_SLIPS_UNDER_A_REUSING_GATE[slip]
    replace = {cell: source, "fairness_gate_test": mutants.GATE_REUSING_Q2}
    only = {"setup", "window_gap", "flag_window", "fairness_gate_test", f"test_{cell}", *_Q3_TESTS}
    outcome = run_notebook_cells(repo / "solutions" / NAME / f"{NAME}.ipynb", replace, only=only)
    assert set(outcome) == {f"test_{cell}", *_Q3_TESTS}, outcome
    assert outcome[f"test_{cell}"], f"{slip}: question 2's own cell passes"
    assert not any(outcome[t] for t in _Q3_TESTS), {t: outcome[t] for t in _Q3_TESTS if outcome[t]}

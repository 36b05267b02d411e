"""Plausible wrong answers to exercise 07; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py). A trainee can import a private module too, so the shortcuts
through the capstone's checks take ``PASS``, ``FAIL`` and ``check_privacy_budget`` from
``responsible_ml.tradeoffs._checks`` (private since issue 30); the test cells' guards block all
of ``responsible_ml``, private modules included.
"""

MUTANTS = {
    "goal_to_criterion": {
        "statement 1 as equalized odds": '''
GOALS = {1: "equalized_odds", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: "calibration_within_groups", 6: "demographic_parity"}
''',
        "statement 3 as calibration (equal precision at one threshold is predictive parity)": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "calibration_within_groups", 4: "equalized_odds", 5: "calibration_within_groups", 6: "demographic_parity"}
''',
        "statement 4 as equal opportunity": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equal_opportunity", 5: "calibration_within_groups", 6: "demographic_parity"}
''',
        "statement 5 as predictive parity": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: "predictive_parity", 6: "demographic_parity"}
''',
        "statement 6 as equal opportunity": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: "calibration_within_groups", 6: "equal_opportunity"}
''',
        "1 and 2 swapped": '''
GOALS = {1: "demographic_parity", 2: "equal_opportunity", 3: "predictive_parity", 4: "equalized_odds", 5: "calibration_within_groups", 6: "demographic_parity"}
''',
        "every statement equalized odds": '''
GOALS = {1: "equalized_odds", 2: "equalized_odds", 3: "equalized_odds", 4: "equalized_odds", 5: "equalized_odds", 6: "equalized_odds"}
''',
        "every statement demographic parity": '''
GOALS = {1: "demographic_parity", 2: "demographic_parity", 3: "demographic_parity", 4: "demographic_parity", 5: "demographic_parity", 6: "demographic_parity"}
''',
    },
    "epsilon_by_intake": {
        'a non-private use counted as epsilon 0': '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = totals.get(intake, 0.0) + (0.0 if epsilon == math.inf else float(epsilon))
    return totals
''',
        'a multi-intake use multiplied by the number of intakes': '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = totals.get(intake, 0.0) + float(epsilon) * len(intakes)
    return totals
''',
        'a multi-intake use shared out between its intakes': '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = totals.get(intake, 0.0) + float(epsilon) / len(intakes)
    return totals
''',
        'a multi-intake use charged to its first intake only': '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes[:1]:
            totals[intake] = totals.get(intake, 0.0) + float(epsilon)
    return totals
''',
        'largest epsilon per intake instead of the sum': '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = max(totals.get(intake, 0.0), float(epsilon))
    return totals
''',
        "the whole ledger's total for every intake": '''
def epsilon_by_intake(uses):
    """Total ε per intake: each use adds its ε to every intake it read (math.inf: no guarantee)."""
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = totals.get(intake, 0.0) + float(epsilon)
    return {k: float(sum(uses['epsilon'])) for k in totals}
''',
    },
    "population_guarantee": {
        'sum over disjoint intakes': '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    values = [float(v) for v in totals.values()]
    return {"epsilon": sum(values),
            "no_guarantee": sorted(k for k, v in totals.items() if math.isinf(v))}
''',
        'intakes without a guarantee left out of epsilon': '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    values = [float(v) for v in totals.values()]
    return {"epsilon": max([v for v in values if not math.isinf(v)] or [0.0]),
            "no_guarantee": sorted(k for k, v in totals.items() if math.isinf(v))}
''',
        'no_guarantee in table order, not sorted': '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    values = [float(v) for v in totals.values()]
    return {"epsilon": max(values),
            "no_guarantee": [k for k, v in totals.items() if math.isinf(v)]}
''',
        'smallest total instead of the largest': '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    values = [float(v) for v in totals.values()]
    return {"epsilon": min(values),
            "no_guarantee": sorted(k for k, v in totals.items() if math.isinf(v))}
''',
        'no_guarantee lists the private intakes': '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    values = [float(v) for v in totals.values()]
    return {"epsilon": max(values),
            "no_guarantee": sorted(k for k, v in totals.items() if not math.isinf(v))}
''',
    },
    "go_no_go": {
        'point estimate against the limit': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        low = high = _estimate
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
        'upper end for every check (at_least too)': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(high >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
        'strict inequalities at the bound': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(high < bound) if kind == "at_most" else bool(low > bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
        'an unmeasured check passes': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = True
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
        'GO when any check passes': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if any(checks.values()) else "NO-GO"}
''',
        'an unmeasured check is left out of the report': '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
    },
    "breaking_changes": {
        'point estimate against the limit': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            low = high = _estimate
            if not (high <= bound if kind == "at_most" else low >= bound):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if not go({**measures, name: interval}))
''',
        'changes applied cumulatively to measures': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (high <= bound if kind == "at_most" else low >= bound):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    broken = []
    for label, (name, interval) in changes.items():
        measures[name] = interval
        if not go(measures):
            broken.append(label)
    return sorted(broken)
''',
        'strict inequalities at the bound': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (high < bound if kind == "at_most" else low > bound):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if not go({**measures, name: interval}))
''',
        'no error when the audit is already NO-GO': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (high <= bound if kind == "at_most" else low >= bound):
                return False
        return True

    return sorted(label for label, (name, interval) in changes.items()
                  if not go({**measures, name: interval}))
''',
        'labels in the order given, not sorted': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (high <= bound if kind == "at_most" else low >= bound):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return list(label for label, (name, interval) in changes.items()
                  if not go({**measures, name: interval}))
''',
        'a change without a limit counts as breaking': '''
def breaking_changes(measures, limits, changes):
    """Sorted labels of the single changes that turn GO into NO-GO (see Part B)."""
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (high <= bound if kind == "at_most" else low >= bound):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if name not in limits or not go({**measures, name: interval}))
''',
    },
}


SHORTCUTS = {
    "epsilon_by_intake": {
        "privacy.compose per intake": '''
from responsible_ml.privacy import compose as _compose


def epsilon_by_intake(uses):
    groups = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            groups.setdefault(intake, []).append(float(epsilon))
    return {k: _compose(v, kind="sequential") for k, v in groups.items()}
''',
        "tradeoffs._checks.check_privacy_budget per intake": '''
import importlib


def epsilon_by_intake(uses):
    lib = importlib.import_module("responsible_ml.tradeoffs._checks")
    names = sorted({g for intakes in uses["intakes"] for g in intakes})
    out = {}
    for name in names:
        rows = uses[[name in intakes for intakes in uses["intakes"]]]
        out[name] = lib.check_privacy_budget(rows[["use", "epsilon"]].rename(columns={"use": "step"}), None)[1]
    return out
''',
    },
    "population_guarantee": {
        "privacy.compose parallel": '''
import sys


def population_guarantee(totals):
    compose = sys.modules["responsible_ml.privacy"].compose
    finite = [v for v in totals.values() if v != float("inf")]
    eps = compose(finite, kind="parallel") if len(finite) == len(totals) else float("inf")
    return {"epsilon": eps, "no_guarantee": sorted(k for k, v in totals.items() if v == float("inf"))}
''',
    },
    "go_no_go": {
        "the capstone's report object decides": '''
from responsible_ml.tradeoffs._checks import FAIL, PASS, Check


def go_no_go(measures, limits):
    checks = []
    for name, (kind, bound) in limits.items():
        low, _e, high = measures.get(name, (float("nan"),) * 3)
        ok = high <= bound if kind == "at_most" else low >= bound
        checks.append(Check(name, PASS if ok else FAIL, ""))
    return {"checks": {c.step: c.passed for c in checks},
            "decision": "GO" if all(c.passed for c in checks) else "NO-GO"}
''',
    },
    "breaking_changes": {
        "Check objects from tradeoffs._checks": '''
import importlib


def breaking_changes(measures, limits, changes):
    lib = importlib.import_module("responsible_ml.tradeoffs._checks")

    def go(m):
        for name, (kind, bound) in limits.items():
            low, _e, high = m.get(name, (float("nan"),) * 3)
            ok = high <= bound if kind == "at_most" else low >= bound
            if not lib.Check(name, lib.PASS if ok else lib.FAIL, "").passed:
                return False
        return True

    if not go(measures):
        raise ValueError("already NO-GO")
    return sorted(k for k, (n, iv) in changes.items() if not go({**measures, n: iv}))
''',
    },
}

# Misconceptions found by review x07-r1 (visible checks now catch them with a teaching message).
# The first mutant of an answer is the one tests/course/test_no_cascade.py uses: the in-place ones
# lead, so that an answer that changes its input is shown to cost only its own points.
MUTANTS["epsilon_by_intake"] = {
    "non-private uses set to 0 in the caller's table (in place)": '''
def epsilon_by_intake(uses):
    uses["epsilon"] = uses["epsilon"].replace(math.inf, 0.0)
    totals = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            totals[intake] = totals.get(intake, 0.0) + float(epsilon)
    return totals
''',
    **MUTANTS["epsilon_by_intake"],
}
_GO_NO_GO = '''
def go_no_go(measures, limits):
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        checks[name] = %s
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
MUTANTS["go_no_go"] = {
    "point estimate, written over the caller's measures (in place)": '''
def go_no_go(measures, limits):
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, estimate, high = measures[name]
        measures[name] = (estimate, estimate, estimate)
        checks[name] = bool(estimate <= bound) if kind == "at_most" else bool(estimate >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
    **MUTANTS["go_no_go"],
    "at_least bound strict (low > bound)":
        _GO_NO_GO % 'bool(high <= bound) if kind == "at_most" else bool(low > bound)',
    "a NaN interval end passes (not high > bound)":
        _GO_NO_GO % 'bool(not high > bound) if kind == "at_most" else bool(not low < bound)',
    # review x07-r2 (M1): fail-closed only on the upper end
    "a NaN lower end passes (not low < bound)":
        _GO_NO_GO % 'bool(high <= bound) if kind == "at_most" else bool(not low < bound)',
}
_BREAKING = '''
def breaking_changes(measures, limits, changes):
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _estimate, high = measured[name]
            if not (%s):
                return False
        return True

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if not go({**measures, name: interval}))
'''
MUTANTS["breaking_changes"].update({
    "at_least bound strict (low > bound)":
        _BREAKING % 'high <= bound if kind == "at_most" else low > bound',
    # review x07-r2 (M2): a change with a NaN interval end does not break the GO
    "a NaN interval end passes (fail if hi > b / lo < b)":
        _BREAKING % '(not high > bound) if kind == "at_most" else (not low < bound)',
})
SHORTCUTS["epsilon_by_intake"]["diffprivlib BudgetAccountant per intake"] = '''
from diffprivlib import BudgetAccountant


def epsilon_by_intake(uses):
    accountants = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            accountants.setdefault(intake, BudgetAccountant()).spend(float(epsilon), 0.0)
    return {k: acc.total()[0] for k, acc in accountants.items()}
'''


# Review x07-r2 (S1, S2): Q1 and Q2 now ask for what no library function gives (how many
# candidates dominate each row; the whole feasible ranking), so a pasted, edited library function
# fails with a message that says what differs. Each part is graded in its own cell.
_COUNT = """
def domination_count(candidates, objectives):
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * %(sign)s
                              for c, d in %(objs)s])
    counts = [sum(bool(%(dom)s) for j in range(len(candidates)) if j != i)
              for i in range(len(candidates))]
    return %(ret)s
"""
_C = {"sign": '(1.0 if d == "max" else -1.0)', "objs": "objectives.items()",
      "dom": "np.all(values[j] >= values[i]) and np.any(values[j] > values[i])",
      "ret": "pd.Series(counts, index=candidates.index, dtype=int)"}


def _count(**kw):
    return _COUNT % {**_C, **kw}


MUTANTS["domination_count"] = {
    "min columns negated in the caller's table (in place)": """
def domination_count(candidates, objectives):
    for c in objectives:
        if objectives[c] == "min":
            candidates[c] = -candidates[c]
    values = candidates[list(objectives)].to_numpy(dtype=float)
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
""",
    "at least as good on all (identical rows count each other)": _count(dom="np.all(values[j] >= values[i])"),
    "strictly better on all (weak domination missed)": _count(dom="np.all(values[j] > values[i])"),
    "directions ignored (all maximised)": _count(sign="1.0"),
    "directions swapped": _count(sign='(1.0 if d == "min" else -1.0)'),
    "only the first two objectives": _count(objs="list(objectives.items())[:2]"),
    "fixed OBJECTIVES instead of the argument": _count(objs="OBJECTIVES.items()"),
    "counts the rows each row dominates": _count(dom="np.all(values[i] >= values[j]) and np.any(values[i] > values[j])"),
    "index reset": _count(ret="pd.Series(counts, dtype=int)"),
    "sorted by count": _count(ret='pd.Series(counts, index=candidates.index, dtype=int).sort_values(kind="stable")'),
    "frontier mask (what pareto_mask gives)": _count(ret="pd.Series([n == 0 for n in counts], index=candidates.index)"),
    "dominated or not (0/1) instead of how many": _count(ret="pd.Series([int(n > 0) for n in counts], index=candidates.index)"),
    "labels used as positions (.loc on range)": """
def domination_count(candidates, objectives):
    cols = list(objectives)
    sign = np.array([1.0 if objectives[c] == "max" else -1.0 for c in cols])
    rows = {i: candidates.loc[i, cols].to_numpy(dtype=float) * sign for i in range(len(candidates))}
    return pd.Series([sum(bool(np.all(rows[j] >= rows[i]) and np.any(rows[j] > rows[i])) for j in rows if j != i)
                      for i in rows], index=candidates.index, dtype=int)
""",
    # the reviewer's route: the library's pareto_mask re-created from its source, validation edited out
    "library pareto_mask pasted and edited": """
def domination_count(candidates, objectives):
    v = np.column_stack([candidates[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                         for c, d in dict(objectives).items()])
    ge = np.all(v[:, None, :] >= v[None, :, :], axis=2)
    gt = np.any(v[:, None, :] > v[None, :, :], axis=2)
    dominated = np.any(ge & gt, axis=0)
    return pd.Series(~dominated, index=candidates.index)
""",
}
_RANK = """
def rank_feasible(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in %(cons)s:
        if objectives[column] == "max":
            ok &= candidates[column] %(ge)s bound
        else:
            ok &= candidates[column] %(le)s bound
    feasible = candidates[ok]
    if feasible.empty:
        %(empty)s
    order = %(order)s
    ranked = %(table)s.sort_values(by=order, ascending=%(asc)s, kind="stable")
    return %(ret)s
"""
_R = {"cons": "constraints.items()", "ge": ">=", "le": "<=",
      "empty": 'raise ValueError(f"no candidate meets the constraints {constraints}")',
      "order": "[objective] + [c for c in objectives if c != objective]", "table": "feasible",
      "asc": '[objectives[c] == "min" for c in order]', "ret": 'ranked["candidate"].tolist()'}


def _rank(**kw):
    return _RANK % {**_R, **kw}


MUTANTS["rank_feasible"] = {
    "strict bounds": _rank(ge=">", le="<"),
    "strict upper bound only": _rank(le="<"),
    "bound directions swapped": _rank(ge="<=", le=">="),
    "every bound an upper limit": _rank(ge="<="),
    "constraints ignored": _rank(cons="[]"),
    "no feasible candidate: empty list": _rank(empty="return []"),
    "no feasible candidate: constraints ignored": _rank(empty="feasible = candidates"),
    "objective always maximised": _rank(asc='[c != objective and objectives[c] == "min" for c in order]'),
    "no tie-break": _rank(order="[objective]"),
    "tie-break ignores directions": _rank(asc='[objectives[objective] == "min"] + [True] * (len(order) - 1)'),
    "ties broken in reverse objective order":
        _rank(order="[objective] + [c for c in reversed(list(objectives)) if c != objective]"),
    "objective argument ignored (ranked in the order of objectives)": _rank(order="list(objectives)"),
    "last among exact ties first": _rank(table="feasible.iloc[::-1]"),
    "the best name only (what choose_operating_point gives)": _rank(ret='ranked["candidate"].iloc[0]'),
    "names in table order, not ranked": _rank(ret='feasible["candidate"].tolist()'),
}
SHORTCUTS["domination_count"] = {
    "pareto_mask on each pair, imported at the top": """
from responsible_ml.tradeoffs import pareto_mask as _lib_mask


def domination_count(candidates, objectives):
    n = len(candidates)
    return pd.Series([sum(not _lib_mask(candidates.iloc[[i, j]], objectives)[0] for j in range(n) if j != i)
                      for i in range(n)], index=candidates.index, dtype=int)
""",
    "pareto_front on each pair, through sys.modules": """
import sys

import responsible_ml.tradeoffs  # noqa: F401 - imported at the top, then reached through sys.modules


def domination_count(candidates, objectives):
    front = sys.modules["responsible_ml.tradeoffs"].pareto_front
    n = len(candidates)
    return pd.Series([sum(len(front(candidates.iloc[[j, i]], objectives)) == 1
                          and front(candidates.iloc[[j, i]], objectives).index[0] == candidates.index[j]
                          for j in range(n) if j != i) for i in range(n)], index=candidates.index, dtype=int)
""",
}
SHORTCUTS["rank_feasible"] = {
    "feasible_mask via importlib, ranked by hand": """
import importlib


def rank_feasible(candidates, constraints, objective, objectives):
    lib = importlib.import_module("responsible_ml.tradeoffs")
    feasible = candidates[getattr(lib, "feasible_mask")(candidates, constraints, objectives)]
    if feasible.empty:
        raise ValueError("none")
    order = [objective] + [c for c in objectives if c != objective]
    return feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                kind="stable")["candidate"].tolist()
""",
    "choose_operating_point, then the next, then the next": """
from responsible_ml.tradeoffs import choose_operating_point as _choose


def rank_feasible(candidates, constraints, objective, objectives):
    rest, out = candidates, []
    while len(rest):
        try:
            row = _choose(rest, constraints, objective=objective, objectives=objectives)
        except ValueError:
            break
        out.append(row["candidate"])
        rest = rest.drop(index=row.name)
    if not out:
        raise ValueError("none")
    return out
""",
}
# Review x07-r2 (objective 2 unassessed): Question 10, forced_fnr.
_FNR = """
def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    tpr = %s
    if tpr > 1:
        raise ValueError("impossible")
    return %s
"""
_TPR = "fpr * (1 - base_rate) / base_rate * ppv / (1 - ppv)"
MUTANTS["forced_fnr"] = {
    "the TPR returned instead of the FNR": _FNR % (_TPR, "tpr"),
    "odds upside down (p / (1 - p))": _FNR % ("fpr * base_rate / (1 - base_rate) * ppv / (1 - ppv)", "1 - tpr"),
    "PPV ratio upside down": _FNR % ("fpr * (1 - base_rate) / base_rate * (1 - ppv) / ppv", "1 - tpr"),
    "base rate instead of the odds": _FNR % ("fpr * (1 - base_rate) * ppv / (1 - ppv)", "1 - tpr"),
    "impossible rates clipped to FNR 0 instead of raising": _FNR.replace(
        'raise ValueError("impossible")', "return 0.0") % (_TPR, "1 - tpr"),
    "no input check": _FNR.replace('raise ValueError("bad rates")', "pass") % (_TPR, "1 - tpr"),
}
SHORTCUTS["forced_fnr"] = {
    "implied_fpr solved for the FNR": """
from responsible_ml.tradeoffs import implied_fpr as _implied


def forced_fnr(base_rate, ppv, fpr):
    return 1 - fpr / _implied(base_rate, ppv, 0.0)
""",
}

# Review x07-r3: trivial answers that passed one cell, and mistakes that passed the visible checks.
MUTANTS["domination_count"].update({
    "zeros with the table's index (passed the index cell)": """
def domination_count(candidates, objectives):
    return pd.Series(0, index=candidates.index)
""",
    "a {label: count} dict (repeated labels dropped)": _count(
        ret="pd.Series(dict(zip(candidates.index, counts)), dtype=int)"),
})
MUTANTS["rank_feasible"].update({
    "bound direction by column name (accuracy a lower limit, others upper)":
        _RANK.replace('objectives[column] == "max"', 'column == "accuracy"') % _R,
    "bound direction by column name (gap and epsilon upper limits, others lower)":
        _RANK.replace('objectives[column] == "max"', 'column not in ("gap", "epsilon")') % _R,
    "always raises ValueError (passed the ValueError cell)": """
def rank_feasible(candidates, constraints, objective, objectives):
    raise ValueError(f"no candidate meets the constraints {constraints}")
""",
})
MUTANTS["epsilon_by_intake"]["rows read with .loc[i] for i in range(len(uses))"] = '''
def epsilon_by_intake(uses):
    totals = {}
    for i in range(len(uses)):
        for intake in uses.loc[i, "intakes"]:
            totals[intake] = totals.get(intake, 0.0) + float(uses.loc[i, "epsilon"])
    return totals
'''
MUTANTS["epsilon_by_intake"]["every intake without a guarantee (constant inf)"] = '''
def epsilon_by_intake(uses):
    return {intake: math.inf for intakes in uses["intakes"] for intake in intakes}
'''
MUTANTS["go_no_go"]["a measurement without a limit reported as a check"] = '''
def go_no_go(measures, limits):
    checks = {}
    for name in list(limits) + [m for m in measures if m not in limits]:
        if name not in measures:
            checks[name] = False
            continue
        kind, bound = limits.get(name, ("at_most", math.inf))
        low, _estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
MUTANTS["go_no_go"]["always NO-GO, every check failed"] = '''
def go_no_go(measures, limits):
    return {"checks": {name: False for name in limits}, "decision": "NO-GO"}
'''
MUTANTS["forced_fnr"].update({
    "FPR 0 accepted (returns FNR 1 where the PPV is undefined)":
        _FNR.replace("0 < fpr <= 1", "0 <= fpr <= 1") % (_TPR, "1 - tpr"),
    "raises at exactly FNR 0 (>= 1 instead of > 1)": _FNR.replace("tpr > 1", "tpr >= 1") % (_TPR, "1 - tpr"),
    "no range check at all (ZeroDivisionError at PPV 1)": """
def forced_fnr(base_rate, ppv, fpr):
    tpr = fpr * (1 - base_rate) / base_rate * ppv / (1 - ppv)
    if tpr > 1:
        raise ValueError("impossible")
    return 1 - tpr
""",
})

# Review x07-r4: D6 (a float subclass decided the checks by its own operators) and S1 (an
# answer that returns the test cell's own expected values or reference helpers, read from the
# caller's frame or the notebook's globals).
MUTANTS["forced_fnr"].update({
    "a float subclass whose arithmetic says what the check wants (review D6)": """
class _Liar(float):
    calls = [0]

    def __sub__(self, other):  # 'not the TPR', 'not the odds', then 'equals' whatever it is compared with
        self.calls[0] += 1
        return 1.0 if self.calls[0] <= 2 else 0.0

    def __rsub__(self, other):
        return self

    def _same(self, other):
        return self

    __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same


def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1) or ppv - base_rate > 0.45:
        raise ValueError("bad rates")
    return _Liar(0.3)
""",
    "visible answers looked up, hidden ones from the test's reference read from globals (review S1)": """
import sys


def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    seen = {(0.4, 0.75, 0.1): 0.55, (0.5, 0.75, 0.2): 0.7, (0.4, 0.75, 0.2): 0.1, (0.5, 0.5, 1.0): 0.0}
    if (base_rate, ppv, fpr) in seen:
        return seen[(base_rate, ppv, fpr)]
    scope = {**sys._getframe(1).f_globals, **sys._getframe(1).f_locals}
    for name in ("_count_out", "count_out", "_ref", "_brute"):
        if callable(scope.get(name)):
            value = scope[name](base_rate, ppv, fpr)
            if value < 0:
                raise ValueError("impossible")
            return value
    raise ValueError("impossible")
""",
})
MUTANTS["domination_count"].update({
    "visible counts looked up, hidden ones from the test's helpers in globals (review S1)": """
import sys


def domination_count(candidates, objectives):
    scope = sys._getframe(1).f_globals
    for name in ("_brute", "_ref"):
        helper = scope.get(name)
        if callable(helper):
            out = helper(candidates, objectives)
            counts = [c for _label, c in out] if out and isinstance(out[0], tuple) else out
            return pd.Series(counts, index=candidates.index, dtype=int)
    for name in ("_exp", "_expected", "expected"):
        if name in scope:
            return pd.Series(list(scope[name]), index=candidates.index, dtype=int)
    seen = {8: [0, 3, 0, 0, 0, 0, 0, 0], 4: [0, 0, 0, 1], 7: [2, 0, 0, 0, 0, 0, 0], 3: [2, 0, 0]}
    if len(objectives) == 2 and len(candidates) == 8:
        return pd.Series([0, 3, 0, 1, 0, 0, 3, 0], index=candidates.index, dtype=int)
    if len(objectives) == 2 and len(candidates) == 4:
        return pd.Series([1, 2, 1, 0], index=candidates.index, dtype=int)
    return pd.Series(seen.get(len(candidates), [0] * len(candidates)), index=candidates.index, dtype=int)
""",
})
MUTANTS["epsilon_by_intake"]["visible totals looked up, hidden ones read from the caller's _exp (review S1)"] = '''
import sys


def epsilon_by_intake(uses):
    frame = sys._getframe(1)
    for scope in (frame.f_locals, frame.f_globals):
        if isinstance(scope.get("_exp"), dict):
            return dict(scope["_exp"])
    if len(uses) == 9:
        return {"spring": math.inf, "summer": 2.75, "autumn": math.inf, "winter": 2.0}
    if len(uses) == 4:
        return {"winter": 2.0, "summer": 2.75, "spring": 0.25, "autumn": 0.25}
    return {intake: 0.0 for intakes in uses["intakes"] for intake in intakes}
'''
MUTANTS["rank_feasible"]["directions by column name (accuracy max, every other min)"] = (
    _RANK.replace('objectives[column] == "max"', 'column == "accuracy"') % {
        **_R, "asc": '[c != "accuracy" for c in order]'})

# Review x07-r6 (D6): Question 3 has five statements, each criterion asked for once. Since review x07-r7 a
# name given to two statements fails those statements only (a near-constant guess earns nothing).
MUTANTS["goal_to_criterion"] = {
    "statement 1 as equalized odds (one name twice)": '''
GOALS = {1: "equalized_odds", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: "calibration_within_groups"}
''',
    "1 and 4 swapped (equal opportunity and equalized odds)": '''
GOALS = {1: "equalized_odds", 2: "demographic_parity", 3: "predictive_parity", 4: "equal_opportunity", 5: "calibration_within_groups"}
''',
    "3 and 5 swapped (equal precision at one threshold is predictive parity)": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "calibration_within_groups", 4: "equalized_odds", 5: "predictive_parity"}
''',
    "1 and 2 swapped": '''
GOALS = {1: "demographic_parity", 2: "equal_opportunity", 3: "predictive_parity", 4: "equalized_odds", 5: "calibration_within_groups"}
''',
    "every statement equalized odds": '''
GOALS = {1: "equalized_odds", 2: "equalized_odds", 3: "equalized_odds", 4: "equalized_odds", 5: "equalized_odds"}
''',
    "near-constant: demographic parity but one entry (review x07-r6 D6)": '''
GOALS = {1: "equalized_odds", 2: "demographic_parity", 3: "demographic_parity", 4: "demographic_parity", 5: "demographic_parity"}
''',
    "a derangement of the five (a guess)": '''
GOALS = {1: "demographic_parity", 2: "predictive_parity", 3: "equalized_odds", 4: "calibration_within_groups", 5: "equal_opportunity"}
''',
}

# Review x07-r6 (D1): directions taken from column names, not from `objectives`.
MUTANTS["domination_count"].update({
    "directions from column names (accuracy/benefit max, others min)":
        _count(sign='(1.0 if c in ("accuracy", "benefit", "reach") else -1.0)'),
    "directions from column names (gap/epsilon/cost/loss min, others max)":
        _count(sign='(-1.0 if c in ("gap", "epsilon", "cost", "loss") else 1.0)'),
})

# Review x07-r6 (D4): Part B's inputs keep every interval clearly inside or outside its bound, with
# no NaN, so Part A's inclusive-bound and NaN rules are graded in Part A's cells only: the mutants
# that got those rules wrong in breaking_changes no longer lose Part B's point, by design.
for _name in ("at_least bound strict (low > bound)", "a NaN interval end passes (fail if hi > b / lo < b)",
              "strict inequalities at the bound"):
    del MUTANTS["breaking_changes"][_name]
MUTANTS["breaking_changes"]["an unmeasured check passes (no ValueError on that NO-GO)"] = _BREAKING.replace(
    "            if name not in measured:\n                return False\n", "            if name not in measured:\n                continue\n"
) % 'high <= bound if kind == "at_most" else low >= bound'

# Review x07-r6 (D2): counting whole learners at n = 100, and range checks that miss a bound.
MUTANTS["forced_fnr"].update({
    "whole learners at n = 100 (counts rounded)": """
def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    completers, others = round(base_rate * 100), round((1 - base_rate) * 100)
    fp = round(fpr * others)
    tp = round(fp * ppv / (1 - ppv))
    if tp > completers:
        raise ValueError("impossible")
    return (completers - tp) / completers
""",
    "incomplete range checks (base_rate <= 0 or ppv >= 1 or fpr <= 0)": _FNR.replace(
        "not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1)", "base_rate <= 0 or ppv >= 1 or fpr <= 0"
    ) % (_TPR, "1 - tpr"),
    "always raises ValueError (passed nothing but the raising rules)": """
def forced_fnr(base_rate, ppv, fpr):
    raise ValueError("no decision has these rates")
""",
})

# Review x07-r6 (S1-S4): a blocked function called from a generator the answer hands to the
# always-exempt validator check_in (which runs list(options)). Fixed in the guard: an allowed
# function's closure stops at the answer's own code.
_VIA_CHECK_IN = """
from responsible_ml._validation import check_in as _check_in
%s

def %s(%s):
    out = []

    def work():
        out.append(_compute(%s))
        yield None

    _check_in(None, work())
    return out[0]
"""
SHORTCUTS["domination_count"]["pareto_mask on each pair, inside a generator given to check_in (S1)"] = _VIA_CHECK_IN % (
    """from responsible_ml.tradeoffs import pareto_mask as _pm


def _compute(candidates, objectives):
    n = len(candidates)
    return pd.Series([sum(not bool(_pm(candidates.iloc[[i, j]], objectives)[0]) for j in range(n) if j != i)
                      for i in range(n)], index=candidates.index, dtype=int)
""", "domination_count", "candidates, objectives", "candidates, objectives")
SHORTCUTS["rank_feasible"]["feasible_mask inside a generator given to check_in (S2)"] = _VIA_CHECK_IN % (
    """from responsible_ml.tradeoffs import feasible_mask as _fm


def _compute(candidates, constraints, objective, objectives):
    feasible = candidates[_fm(candidates, constraints, objectives)]
    if feasible.empty:
        raise ValueError("none")
    order = [objective] + [c for c in objectives if c != objective]
    return feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                kind="stable")["candidate"].tolist()
""", "rank_feasible", "candidates, constraints, objective, objectives", "candidates, constraints, objective, objectives")
SHORTCUTS["epsilon_by_intake"]["privacy.compose inside a generator given to check_in (S3)"] = _VIA_CHECK_IN % (
    """from responsible_ml.privacy import compose as _compose


def _compute(uses):
    groups = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            groups.setdefault(intake, []).append(float(epsilon))
    return {k: float(_compose(v, kind="sequential")) for k, v in groups.items()}
""", "epsilon_by_intake", "uses", "uses")
SHORTCUTS["population_guarantee"]["privacy.compose parallel inside a generator given to check_in (S3)"] = (
    _VIA_CHECK_IN % ("""from responsible_ml.privacy import compose as _compose


def _compute(totals):
    values = [float(v) for v in totals.values()]
    return {"epsilon": float(_compose(values, kind="parallel")),
            "no_guarantee": sorted(k for k, v in totals.items() if v == float("inf"))}
""", "population_guarantee", "totals", "totals"))
SHORTCUTS["forced_fnr"]["implied_fpr inside a generator given to check_in (S4)"] = _VIA_CHECK_IN % (
    """from responsible_ml.tradeoffs import implied_fpr as _implied


def _compute(base_rate, ppv, fpr):
    return float(1 - fpr / _implied(base_rate, ppv, 0.0))
""", "forced_fnr", "base_rate, ppv, fpr", "base_rate, ppv, fpr")

# Review x07-r6 (S5): the validators within/exceeds compare with the limit, NaN failing; only the
# check_* argument validators are exempt from the guard now.
SHORTCUTS["go_no_go"]["_validation.within for every comparison (S5)"] = '''
from responsible_ml._validation import within as _within


def go_no_go(measures, limits):
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _e, high = measures[name]
        checks[name] = bool(_within(high, bound)) if kind == "at_most" else bool(_within(-low, -bound))
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
SHORTCUTS["breaking_changes"]["_validation.exceeds for every comparison (S5)"] = '''
from responsible_ml._validation import exceeds as _exceeds


def breaking_changes(measures, limits, changes):
    def go(measured):
        for name, (kind, bound) in limits.items():
            if name not in measured:
                return False
            low, _e, high = measured[name]
            bad = _exceeds(high, bound) if kind == "at_most" else _exceeds(-low, -bound)
            if bad or high != high or low != low:
                return False
        return True

    if not go(measures):
        raise ValueError("already NO-GO")
    return sorted(label for label, (name, interval) in changes.items() if not go({**measures, name: interval}))
'''

# Review x07-r7. Q3 (S1, D1): statements shuffled per variant (_params_07), each statement graded on its
# own; a name given to two statements earns on neither. These are all caught (variant 0); which cells
# each costs is pinned in tests/course/test_07_one_place.py.
MUTANTS["goal_to_criterion"].update({
    "alphabetical order (a guess; 1.2 of 3 before the fix, in every trainee's notebook)": '''
GOALS = {1: "calibration_within_groups", 2: "demographic_parity", 3: "equal_opportunity", 4: "equalized_odds", 5: "predictive_parity"}
''',
    "statement 5 blank (costs statement 5 only)": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: None}
''',
    "3 and 5 both predictive parity (costs 3 and 5 only)": '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equalized_odds", 5: "predictive_parity"}
''',
})
# Q2 (M1, D6, D7): tie-breaks in the table's column order; an empty table answered with [].
MUTANTS["rank_feasible"].update({
    "tie-breaks in the table's column order, not the order of objectives (review x07-r7 M1)":
        _rank(order="[objective] + [c for c in candidates.columns if c in objectives and c != objective]"),
    "an empty table returns [] (review x07-r7 D7)": _RANK.replace(
        "    ok = pd.Series(True, index=candidates.index)\n",
        "    if candidates.empty:\n        return []\n    ok = pd.Series(True, index=candidates.index)\n") % _R,
})
# Q9 (D4, D5): the point estimate read with a comparison that lets NaN pass; Part B with a reference to
# Part A's function saved before the test swapped in its stand-in (passed Part B before the fix).
MUTANTS["go_no_go"]["point estimate, NaN passing (not est > bound)"] = (
    _GO_NO_GO % 'bool(not _estimate > bound) if kind == "at_most" else bool(not _estimate < bound)')
# Review x07-r8 D2: Part B is graded with a correct stand-in for Part A, so calling go_no_go (directly, through
# a default argument or an alias) is the way asked for, no longer a mistake: these answers are in
# BREAKING_CALLS_PART_A (tests/course/test_07_one_place.py runs them with Part A wrong).
BREAKING_CALLS_PART_A = {
    "calls go_no_go": '''
def breaking_changes(measures, limits, changes):
    if go_no_go(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if go_no_go({**measures, name: interval}, limits)["decision"] != "GO")
''',
    "go_no_go saved as a default argument": '''
def breaking_changes(measures, limits, changes, _decide=go_no_go):
    if _decide(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if _decide({**measures, name: interval}, limits)["decision"] != "GO")
''',
    "go_no_go saved under another name": '''
_part_a = go_no_go


def breaking_changes(measures, limits, changes):
    if _part_a(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if _part_a({**measures, name: interval}, limits)["decision"] != "GO")
''',
}
# Q10 (D3): the FPR's range closed at 1 (0 < fpr < 1): costs the input-rules cell only, with its own hint.
MUTANTS["forced_fnr"]["FPR 1 refused (0 < fpr < 1)"] = _FNR.replace("0 < fpr <= 1", "0 < fpr < 1") % (_TPR, "1 - tpr")


# ------------------------------------------------------------------ review x07-r8
# S1: the library's choose_operating_point (and helpers) pasted with one no-op edit per function, called
# again and again: Q2 now asks for what the library refuses (a table with NaN: an unmeasured value meets no
# bound and ranks last), so the copy fails the kept and the order cells with a ✗ (test_pasted_copies.py);
# since review x02-r11 S1 the guard may refuse it first, as an edited copy (test_pasted_copies accepts either).
def _pasted_frontier(names=("_check_objectives", "_oriented", "_check_constraints", "_describe", "feasible_mask",
                             "choose_operating_point")):
    import ast
    import importlib
    import inspect

    lib = importlib.import_module("responsible_ml.tradeoffs._frontier")
    common = importlib.import_module("responsible_ml.tradeoffs._common")
    validation = importlib.import_module("responsible_ml._validation")
    header = f'''
from collections.abc import Mapping

import numpy as np
import pandas as pd

from responsible_ml._validation import check_columns, check_in, check_no_nan, check_real

NOT_A_FRAME = {validation.NOT_A_FRAME!r}
_EMPTY_CANDIDATES = {common._EMPTY_CANDIDATES!r}
OBJECTIVES = {lib.OBJECTIVES!r}
TOLERANCE = {lib.TOLERANCE!r}
_NO_FEASIBLE = {lib._NO_FEASIBLE!r}
_UNKNOWN_CONSTRAINT = {lib._UNKNOWN_CONSTRAINT!r}
_NO_OBJECTIVES = {lib._NO_OBJECTIVES!r}
_NOT_A_CONSTRAINT_MAP = {lib._NOT_A_CONSTRAINT_MAP!r}
'''
    parts = [header.strip("\n")]
    for name in names:
        tree = ast.parse(inspect.getsource(getattr(lib, name)))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                has_doc = isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
                node.body.insert(1 if has_doc else 0, ast.parse("_pad = 0").body[0])
        parts.append(ast.unparse(tree))
    return "\n\n\n".join(parts) + "\n\n\n"


MUTANTS["rank_feasible"]["library choose_operating_point pasted and edited, called again and again (review x07-r8 S1)"] = (
    _pasted_frontier() + '''
def rank_feasible(candidates, constraints, objective, objectives):
    rest, out = candidates, []
    while len(rest):
        try:
            row = choose_operating_point(rest, constraints, objective=objective, objectives=objectives)
        except ValueError:
            if not out:
                raise
            break
        out.append(row["candidate"])
        rest = rest.drop(index=row.name)
    if not out:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    return out
''')
MUTANTS["rank_feasible"].update({
    # review x07-r8: the new rules (NaN meets no bound, NaN ranks last) each cost their own cell
    "a NaN meets every bound (not value > bound)": _RANK.replace(
        "ok &= candidates[column] %(ge)s bound", "ok &= ~(candidates[column] < bound)").replace(
        "ok &= candidates[column] %(le)s bound", "ok &= ~(candidates[column] > bound)") % _R,
    "every row with a NaN dropped (dropna on the whole table)": _RANK.replace(
        "    feasible = candidates[ok]\n", "    feasible = candidates[ok].dropna()\n") % _R,
    "NaN ranked first": _RANK.replace('kind="stable")', 'kind="stable", na_position="first")') % _R,
})
# S2: the lesson's identity solved numerically: the algebra skipped.
SHORTCUTS["forced_fnr"]["scipy brentq on the lesson's identity (review x07-r8 S2)"] = """
from scipy.optimize import brentq


def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    gap = lambda fnr: base_rate / (1 - base_rate) * (1 - ppv) / ppv * (1 - fnr) - fpr
    if gap(0.0) < 0:
        raise ValueError("impossible")
    return 0.0 if gap(0.0) == 0 else brentq(gap, 0.0, 1.0, xtol=1e-15)
"""
SHORTCUTS["forced_fnr"]["numpy.roots on the identity (review x07-r8 S2)"] = """
def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    k = base_rate / (1 - base_rate) * (1 - ppv) / ppv
    fnr = float(np.roots([-k, k - fpr])[0].real)
    if fnr < 0:
        raise ValueError("impossible")
    return fnr
"""
# S3: a range with the table's index computes no dominance: it earns nothing now.
MUTANTS["domination_count"]["a range with the table's index (review x07-r8 S3)"] = """
def domination_count(candidates, objectives):
    return pd.Series(range(len(candidates)), index=candidates.index)
"""
MUTANTS["domination_count"]["the visible counts returned for every table (review x07-r8 S3)"] = """
def domination_count(candidates, objectives):
    return pd.Series(([0, 3, 0, 0, 0, 0, 0, 0] * 10)[:len(candidates)], index=candidates.index)
"""
# D2: Part A's mistakes with Part B calling go_no_go (run in test_07_one_place.py).
MUTANTS["go_no_go"]["an unmeasured check passes (loop over measures)"] = '''
def go_no_go(measures, limits):
    checks = {}
    for name, (low, _estimate, high) in measures.items():
        if name in limits:
            kind, bound = limits[name]
            checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''



# ------------------------------------------------------------------ review x07-r9
# S1: the library's pareto_mask pasted, with one no-op edit per function (then called on each pair of rows).
# Q1 asks for a table with unmeasured values (NaN: no dominance to or from a row with NaN), which
# pareto_mask refuses, so the copy fails the counts cell with a ✗ (test_pasted_copies.py), or the guard refuses
# it as an edited copy (review x02-r11 S1; test_pasted_copies accepts either). (The reviewer's
# one-token edit of the former all-pairs pareto_mask, np.any -> np.sum, is gone with it: see review x07-r10 S1.)
_PASTED_MASK = _pasted_frontier(("_check_objectives", "_oriented", "pareto_mask"))
MUTANTS["domination_count"].update({
    "library pareto_mask pasted (no-op edits), called on each pair of rows (review x07-r9 S1)": _PASTED_MASK + """
def domination_count(candidates, objectives):
    n = len(candidates)
    counts = [sum(not pareto_mask(candidates.iloc[[j, i]], objectives)[1] for j in range(n) if j != i)
              for i in range(n)]
    return pd.Series(counts, index=candidates.index, dtype=int)
""",
    # the NaN rule: "at least as good" written as "not worse" lets a NaN pass
    "at least as good written as not worse (a NaN passes) (review x07-r9 S1)":
        _count(dom="np.all(~(values[j] < values[i])) and np.any(values[j] > values[i])"),
})
# D4: the ValueError's message must name the constraints (the question says so; now graded, visible and hidden).
MUTANTS["rank_feasible"]["ValueError without a message (review x07-r9 D4)"] = _rank(empty="raise ValueError()")
# D1 (fixed by the lead): Part B deciding each audit from go_no_go's checks, not its "decision", is correct:
# the visible stand-in returns checks consistent with its decision (test_07_one_place.py runs it with Part A wrong).
BREAKING_CALLS_PART_A["decides from go_no_go's checks (review x07-r9 D1)"] = '''
def breaking_changes(measures, limits, changes):
    def go(audit):
        return all(go_no_go(audit, limits)["checks"].values())

    if not go(measures):
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items() if not go({**measures, name: interval}))
'''
# S2-S4: writing the relation between the four rates is the skill (Chouldechova 2017, eq. 2.6), so a linear
# solve of counting equations the trainee wrote, or a bisection on the forward relation PPV(FNR) the trainee
# wrote, is accepted: full marks on both Q10 cells (test_07_one_place.py). scipy.optimize stays blocked
# (SHORTCUTS above).
_FNR_RANGE = """
def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("need 0 < base_rate < 1, 0 < ppv < 1 and 0 < fpr <= 1")
"""
ACCEPTED = {"forced_fnr": {
    "numpy.linalg.solve on the counting equations (FP, TP, FN)": _FNR_RANGE + """
    # per learner: FP = FPR (1 - p); TP (1 - PPV) - PPV FP = 0; TP + FN = p
    a = np.array([[1.0, 0.0, 0.0], [-ppv, 1 - ppv, 0.0], [0.0, 1.0, 1.0]])
    fp, tp, fn = np.linalg.solve(a, np.array([fpr * (1 - base_rate), 0.0, base_rate]))
    if fn < -1e-12:
        raise ValueError("more true positives than completers")
    return float(max(fn, 0.0) / base_rate)
""",
    "scipy.linalg.solve on the counting equations (FP, TP, FN)": _FNR_RANGE.replace(
        "def forced_fnr", "import scipy.linalg\n\n\ndef forced_fnr") + """
    a = np.array([[1.0, 0.0, 0.0], [-ppv, 1 - ppv, 0.0], [0.0, 1.0, 1.0]])
    fp, tp, fn = scipy.linalg.solve(a, np.array([fpr * (1 - base_rate), 0.0, base_rate]))
    if fn < -1e-12:
        raise ValueError("more true positives than completers")
    return float(max(fn, 0.0) / base_rate)
""",
    "bisection on the forward relation PPV(FNR), written by hand": _FNR_RANGE + """
    def ppv_of(fnr):  # PPV = TP / (TP + FP), per learner
        tp, fp = base_rate * (1 - fnr), (1 - base_rate) * fpr
        return tp / (tp + fp)

    if ppv_of(0.0) < ppv * (1 - 1e-12):  # the PPV falls as the FNR rises: its largest value is at FNR 0
        raise ValueError("more true positives than completers")
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ppv_of(mid) > ppv else (lo, mid)
    return (lo + hi) / 2
""",
}}

#: One mistake costs its own part only (tests/course/test_mutants.py): the test cells that fail, each with a
#: phrase of its message (review x07-r9 D2, D3, D4).
FAILS = {
    "domination_count": {
        "directions swapped": {"test_domination_count_counts": "dominate each candidate"},
        "counts the rows each row dominates": {"test_domination_count_counts": "dominate each candidate"},
        "fixed OBJECTIVES instead of the argument": {"test_domination_count_counts": "KeyError"},
        "strictly better on all (weak domination missed)": {"test_domination_count_counts": "dominate each candidate"},
        "at least as good on all (identical rows count each other)":
            {"test_domination_count_ties": "against your count"},
        "dominated or not (0/1) instead of how many": {"test_domination_count_counts": "dominate each candidate"},
        # (the pair-by-pair copy is left out here: its many calls can meet a cell's time limit on a busy machine)
        "at least as good written as not worse (a NaN passes) (review x07-r9 S1)":
            {"test_domination_count_counts": "is NaN"},
    },
    "rank_feasible": {
        "ValueError without a message (review x07-r9 D4)": {"test_rank_feasible_message": "names the constraints"},
    },
    "forced_fnr": {
        "odds upside down (p / (1 - p))": {"test_forced_fnr": "non-completers per completer"},
    },
}


# ------------------------------------------------------------------ review x07-r10
# S1: three reviews in a row found an edited copy of pareto_mask. It now culls a running front (each row is
# compared with the current front only, and leaves it when a later row dominates it), so it is no longer one
# edit away from the counts: the rows a row is compared with are not all the others. Its copies, with the
# NaN refusal removed (the reviewer's edit), each fail the counts cell:
_CULL = _PASTED_MASK.replace("    objectives = _check_objectives(table, objectives)\n",
                             "    objectives = dict(objectives)\n")
_CULL_TEST = """        if np.any(better.any(axis=1) & ~worse.any(axis=1)):
            continue
"""
assert _CULL != _PASTED_MASK and _CULL_TEST in _CULL and "    return front\n" in _CULL
MUTANTS["domination_count"].update({
    # the np.any -> np.sum edit carried over: count the front members that dominate each row
    "library pareto_mask (cull) pasted, NaN check removed, np.any edited to np.sum (review x07-r10 S1)": _CULL.replace(
        "    front = np.zeros(len(v), dtype=bool)\n",
        "    front = np.zeros(len(v), dtype=bool)\n    counts = np.zeros(len(v), dtype=int)\n").replace(
        _CULL_TEST, """        counts[row] = np.sum(better.any(axis=1) & ~worse.any(axis=1))
        if counts[row]:
            continue
""").replace("    return front\n", "    return counts\n") + """
def domination_count(candidates, objectives):
    return pd.Series(pareto_mask(candidates, objectives), index=candidates.index, dtype=int)
""",
    # the mask itself as 0/1
    "library pareto_mask (cull) pasted, NaN check removed, 1 - mask (review x07-r10 S1)": _CULL + """
def domination_count(candidates, objectives):
    return pd.Series(1 - pareto_mask(candidates, objectives).astype(int), index=candidates.index, dtype=int)
""",
    # the copy called on each pair of rows: with the NaN check removed, its "not worse" test lets a NaN pass
    "library pareto_mask (cull) pasted, NaN check removed, called on each pair of rows (review x07-r10 S1)": _CULL + """
def domination_count(candidates, objectives):
    n = len(candidates)
    counts = [sum(not pareto_mask(candidates.iloc[[j, i]], objectives)[1] for j in range(n) if j != i)
              for i in range(n)]
    return pd.Series(counts, index=candidates.index, dtype=int)
""",
})
# D1: NaN read as the worst value (a NaN gap as the largest gap). The visible NaN is now on 'A t=0.55', where
# this reading gives that row a count of 3 (not comparable: 0), so the visible counts cell shows it.
MUTANTS["domination_count"]["NaN as the worst value (review x07-r10 D1)"] = """
def domination_count(candidates, objectives):
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                              for c, d in objectives.items()])
    values = np.where(np.isnan(values), -np.inf, values)
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
"""
# Since review x02-r11 S1 the guard refuses edited copies of a blocked function (near-copy rule), so these
# two copies of pareto_mask now fail every cell of the question with that refusal (before it, each failed
# for what differs: not counts at all, or the mask itself as 0/1, in the counts cell).
_EDITED_MASK = "`pareto_mask` is not available here (your answer ran it, from an edited copy of its code)"
FAILS["domination_count"].update({
    "library pareto_mask (cull) pasted, NaN check removed, np.any edited to np.sum (review x07-r10 S1)":
        {cell: _EDITED_MASK for cell in ("test_domination_count_counts", "test_domination_count_ties",
                                         "test_domination_count_input", "test_domination_count_index")},
    "library pareto_mask (cull) pasted, NaN check removed, 1 - mask (review x07-r10 S1)":
        {cell: _EDITED_MASK for cell in ("test_domination_count_counts", "test_domination_count_ties",
                                         "test_domination_count_input", "test_domination_count_index")},
    "NaN as the worst value (review x07-r10 D1)": {"test_domination_count_counts": "'A t=0.55' is NaN"},
})
# S2, S3: the skill graded is the relation between FPR, FNR, PPV and the base rate (Chouldechova 2017,
# eq. 2.6); any way of solving the trainee's own equation is fine (lead's decision). Root finders, SymPy,
# interpolation and fits are no longer blocked; only the course library (implied_fpr and the like) is.
_G3 = _FNR_RANGE + """
    def fpr_of(fnr):  # the lesson's G3 identity, written out: FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR)
        return base_rate / (1 - base_rate) * (1 - ppv) / ppv * (1 - fnr)

"""
_IMPOSSIBLE = """    if fnr < -1e-12:
        raise ValueError("more true positives than completers")
    return float(max(fnr, 0.0))
"""
for _label in ("scipy brentq on the lesson's identity (review x07-r8 S2)", "numpy.roots on the identity (review x07-r8 S2)"):
    ACCEPTED["forced_fnr"][_label.replace("(review x07-r8 S2)", "(accepted: review x07-r10 S2)")] = (
        SHORTCUTS["forced_fnr"].pop(_label))
ACCEPTED["forced_fnr"].update({
    "numpy.interp inverting the lesson's identity (review x07-r10 S2)": _G3 + """    grid = np.linspace(-1, 1, 2001)
    fnr = float(np.interp(fpr, fpr_of(grid)[::-1], grid[::-1]))
""" + _IMPOSSIBLE,
    "numpy.polyfit inverting the lesson's identity (review x07-r10 S3)": _G3 + """    grid = np.linspace(-1, 1, 2001)
    fnr = float(np.polyval(np.polyfit(fpr_of(grid), grid, 1), fpr))
""" + _IMPOSSIBLE,
    "bisection on the lesson's identity, written by hand (review x07-r10 S2)": _G3 + """    lo, hi = -1.0, 1.0  # fpr_of falls as the FNR rises
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fpr_of(mid) > fpr else (lo, mid)
    fnr = (lo + hi) / 2
""" + _IMPOSSIBLE,
})


# ------------------------------------------------------------------ review x07-r11
# S1 (kind: a blocked library function's code re-created in the notebook): the library's own source run with
# exec(inspect.getsource(...)) defines it in the notebook, compiled there to other bytecode (CPython 3.11:
# LOAD_METHOD for np.asarray without the file's `import numpy as np`), under another file and first line. The
# guard now compares code by its instructions, wherever and under whatever name it was compiled
# (tests/test_feedback_shortcuts.py), so each is refused with "a copy of its code". Q1's _oriented and Q8's
# compose were the same hole (the reviewer's "not counted" routes).
_EXEC_SOURCE = '''
import inspect

%s

exec(inspect.getsource(%s))  # noqa: S102 - defines it in the notebook, outside any test
'''
SHORTCUTS["forced_fnr"]["library implied_fpr re-created with exec(inspect.getsource) (review x07-r11 S1)"] = \
    _EXEC_SOURCE % ("from responsible_ml.tradeoffs import implied_fpr as _lib\n"
                    "from responsible_ml.tradeoffs._impossibility import _BAD_PPV, _BAD_RATE  # noqa: F401", "_lib") + '''

def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("need 0 < base_rate < 1, 0 < ppv < 1 and 0 < fpr <= 1")
    fnr = 1 - fpr / implied_fpr(base_rate, ppv, 0.0)  # noqa: F821 - the copy defined above
    if fnr < 0:
        raise ValueError("more true positives than completers")
    return float(fnr)
'''
SHORTCUTS["domination_count"]["library _oriented re-created with exec(inspect.getsource) (review x07-r11)"] = \
    _EXEC_SOURCE % ("from collections.abc import Mapping  # noqa: F401 - its annotations\n\n"
                    "from responsible_ml.tradeoffs import _frontier", "_frontier._oriented") + '''

def domination_count(candidates, objectives):
    values = _oriented(candidates, objectives)  # noqa: F821 - the copy defined above
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
'''
SHORTCUTS["epsilon_by_intake"]["library compose re-created with exec(inspect.getsource) (review x07-r11)"] = \
    _EXEC_SOURCE % ("from collections.abc import Iterable  # noqa: F401 - its annotations\n\n"
                    "from responsible_ml._validation import check_in, check_nonempty_list, check_positive  # noqa: F401\n"
                    "from responsible_ml.privacy import _composition\n"
                    "from responsible_ml.privacy._composition import _BAD_EPSILONS, COMPOSITIONS  # noqa: F401",
                    "_composition.compose") + '''

def epsilon_by_intake(uses):
    groups = {}
    for intakes, epsilon in zip(uses["intakes"], uses["epsilon"]):
        for intake in intakes:
            groups.setdefault(intake, []).append(float(epsilon))
    return {k: compose(v, kind="sequential") for k, v in groups.items()}  # noqa: F821 - the copy above
'''


# ------------------------------------------------------------------ review x07-r13
# D1 (kind: test inputs shared with, and changeable by, the trainee's code): OBJECTIVES is read-only and every
# call, visible and hidden, gets a fresh copy of its objectives (and constraints), as Q9 passes dict(LIMITS).
# An answer that changes its `objectives` argument costs only its own points: in Q1 the input cell (the
# question says not to change it); in Q2, which asks nothing about it, nothing (test_07_one_place.py runs
# both with every Q1 and Q2 cell: before the fix the first cost Q2 two points, the second all three).
MUTANTS["domination_count"]["objectives replaced by signs in place (review x07-r13 D1)"] = """
def domination_count(candidates, objectives):
    for c in list(objectives):
        objectives[c] = 1.0 if objectives[c] == "max" else -1.0
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s for c, s in objectives.items()])
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
"""
ACCEPTED["rank_feasible"] = {
    "the objective popped from `objectives` (review x07-r13 D1)": """
def rank_feasible(candidates, constraints, objective, objectives):
    directions = {objective: objectives.pop(objective), **objectives}
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if directions[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = list(directions)
    ranked = feasible.sort_values(by=order, ascending=[directions[c] == "min" for c in order], kind="stable")
    return ranked["candidate"].tolist()
""",
}
# M1-M3, D2: Q1's counts cell grades dominance and carries 2 of its 3 points (identical rows 0.25, input 0.25,
# index 0.5); its new case p, q, r separates weak from strict dominance, "every objective" from "any" and from
# "the first only". Each wrong notion now scores 1 of 3 (2 of 3 before).
MUTANTS["domination_count"].update({
    "better on any objective (review x07-r13 M2)": _count(dom="np.any(values[j] > values[i])"),
    "the first objective only (review x07-r13 M3)": _count(objs="list(objectives.items())[:1]"),
})
FAILS["domination_count"].update({
    "objectives replaced by signs in place (review x07-r13 D1)":
        {"test_domination_count_input": "the objectives dict after your function ran"},
    "better on any objective (review x07-r13 M2)": {"test_domination_count_counts": "dominate each candidate"},
    "the first objective only (review x07-r13 M3)": {"test_domination_count_counts": "dominate each candidate"},
})
# D3: the kept cell reports every rule that fails (inclusive bounds, directions from `objectives`, NaN meeting
# no bound), not only the first; this answer gets two wrong (test_07_one_place.py reads both in its message).
MUTANTS["rank_feasible"]["strict bounds and a NaN meeting every bound (review x07-r13 D3)"] = _RANK.replace(
    "ok &= candidates[column] %(ge)s bound", "ok &= ~(candidates[column] <= bound)").replace(
    "ok &= candidates[column] %(le)s bound", "ok &= ~(candidates[column] >= bound)") % _R
FAILS["rank_feasible"]["strict bounds and a NaN meeting every bound (review x07-r13 D3)"] = {
    "test_rank_feasible_kept": "candidates kept with gap <= 0.06"}
# M4, D4: the base-rate odds left out. Q10's input cell has an impossible case at p = 0.3 that only the odds
# (1 - p) / p make impossible; the odds upside down then fail it too (unavoidable: without the odds the TPR lies
# between the two directions' values, so a case that tells "no odds" from the right odds tells the upside-down
# odds from them as well), and the FNR cell names the missing base rate.
MUTANTS["forced_fnr"]["base-rate odds left out (review x07-r13 M4)"] = _FNR % ("fpr * ppv / (1 - ppv)", "1 - tpr")
FAILS["forced_fnr"].update({
    "base-rate odds left out (review x07-r13 M4)": {"test_forced_fnr": "an FNR that depends on the base rate",
                                                    "test_forced_fnr_inputs": "forced_fnr(0.3, 0.5, 0.6)"},
    "odds upside down (p / (1 - p))": {"test_forced_fnr": "non-completers per completer",
                                       "test_forced_fnr_inputs": "forced_fnr(0.3, 0.5, 0.6)"},
})
# (review x07-r18 D2 made the input cell odds-free: both odds mistakes now cost the FNR cell only, see below.)


# ------------------------------------------------------------------ review x07-r14
# D1: the ties, input and index cells' "counts are counts" ladder ran with mixed directions, so reading every
# objective one way found no dominance there ([0, 0, 0]) and cost all four Q1 cells. The ladders now use one
# objective: a uniform reading either agrees or reverses the ladder, and both pass; the counts cell alone grades it.
MUTANTS["domination_count"]["directions ignored (all minimised) (review x07-r14 D1)"] = _count(sign="-1.0")
FAILS["domination_count"].update({
    "directions ignored (all maximised)": {"test_domination_count_counts": "dominate each candidate"},
    "directions ignored (all minimised) (review x07-r14 D1)": {"test_domination_count_counts": "dominate each candidate"},
})
# D2: the fail-closed cell's NaN cases left exactly the end a wrong-end answer reads defined, so that mistake cost
# both Part A cells (and was blamed on `not (low < bound)`). Its NaN cases are now NaN at both ends.
_GATE = '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, _estimate, high = measures[name]
        checks[name] = bool(%s <= bound) if kind == "at_most" else bool(%s >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
MUTANTS["go_no_go"].update({
    "lower end for an at_most limit (review x07-r14 D2)": _GATE % ("low", "low"),
    "interval ends swapped (review x07-r14 D2)": _GATE % ("low", "high"),
})
FAILS["go_no_go"] = {
    "upper end for every check (at_least too)": {"test_go_no_go": "precision check (at least 0.55)"},
    "lower end for an at_most limit (review x07-r14 D2)": {"test_go_no_go": "TPR-gap check with interval"},
    "interval ends swapped (review x07-r14 D2)": {"test_go_no_go": "TPR-gap check with interval"},
}


# ------------------------------------------------------------------ review x07-r15
# D1: a name given to two statements earned on neither, so one wrong statement also zeroed a correct one (the
# regulator read as equal opportunity cost statement 1 too: 1.2 instead of 0.6). Each statement is now graded on
# its own; the visible cells only note a repeated name. Without the rule no fixed answer beats a blind guess in
# expectation: each criterion is right for exactly one statement and the shuffle puts each statement at each
# position with probability 1/5, so any fixed answer (a constant too) expects 5 x 0.6 / 5 = 0.6, a constant
# exactly 0.6 in every variant (computed over 20000 variants: every one of the 3125 fixed answers 0.59-0.61).
MUTANTS["goal_to_criterion"]["regulator read as equal_opportunity (review x07-r15 D1)"] = '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "equal_opportunity", 5: "calibration_within_groups"}
'''
MUTANTS["goal_to_criterion"]["3 and 5 both predictive parity (costs 5 only, review x07-r15 D1)"] = MUTANTS[
    "goal_to_criterion"].pop("3 and 5 both predictive parity (costs 3 and 5 only)")
FAILS["goal_to_criterion"] = {
    "regulator read as equal_opportunity (review x07-r15 D1)": {"test_goal_to_criterion_statement_4": "statement 4"},
    "3 and 5 both predictive parity (costs 5 only, review x07-r15 D1)": {"test_goal_to_criterion_statement_5": "statement 5"},
}
# D2: a numerical solver lands a hair below FNR 0 (bisection to 1e-12: -4.5e-13 at (0.5, 0.5, 1.0)); the question
# now states the tolerance (raise only for an FNR below -1e-9, return max(fnr, 0.0)), and the FNR-0 check's hint
# names it. Written to the question, the bisection gets full marks; with `fnr < 0` it fails the input cell only,
# with a hint that names the tolerance (before: "raise only when they ask for MORE true positives").
_BISECT_12 = _FNR_RANGE + """
    def ppv_of(fnr):  # PPV = TP / (TP + FP), per learner; it falls as the FNR rises
        tp, fp = base_rate * (1 - fnr), (1 - base_rate) * fpr
        return tp / (tp + fp)

    lo, hi = -1.0, 1.0
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ppv_of(mid) > ppv else (lo, mid)
    fnr = (lo + hi) / 2
    if fnr < %s:
        raise ValueError("more true positives than completers")
    return %s
"""
ACCEPTED["forced_fnr"]["bisection to 1e-12 on [-1, 1], the question's tolerance (review x07-r15 D2)"] = (
    _BISECT_12 % ("-1e-9", "max(fnr, 0.0)"))
MUTANTS["forced_fnr"]["bisection to 1e-12, raising for any FNR below 0 (review x07-r15 D2)"] = _BISECT_12 % ("0", "fnr")
FAILS["forced_fnr"]["bisection to 1e-12, raising for any FNR below 0 (review x07-r15 D2)"] = {
    "test_forced_fnr_inputs": "every completer offered: FNR 0"}  # its hint (the tolerance): test_07_one_place.py
# D3: Part B's stand-in reaches a go_no_go decorated with functools.wraps (through __wrapped__): its mistake
# costs Part A only (test_07_one_place.py runs it with every way of calling go_no_go in BREAKING_CALLS_PART_A;
# before the fix a saved reference, e.g. decide=go_no_go, kept the mistake and Part B failed: got ['d']).
MUTANTS["go_no_go"]["point estimate, decorated with functools.wraps (review x07-r15 D3)"] = '''
import functools


def _logged(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


@_logged''' + _GO_NO_GO % 'bool(_estimate <= bound) if kind == "at_most" else bool(_estimate >= bound)'


# ------------------------------------------------------------------ review x07-r16
# D1: an answer that drops every candidate with a NaN value (a gap on an objective with no bound removes nothing)
# failed the kept cell AND the order cell, whose NaN-last check expected g and h in the ranking. The order cell now
# compares with the answer's own kept set (the measured i and j, then g and h in that order if it returned them),
# so the mistake costs the kept cell only (before the fix: the kept and the order cells, 2 of 3 points).
_DROP_NAN = _rank().replace("    ok = pd.Series(True, index=candidates.index)\n",
                            "    candidates = candidates.dropna()  # every candidate with a NaN value dropped\n"
                            "    ok = pd.Series(True, index=candidates.index)\n")
assert _DROP_NAN != _rank()
MUTANTS["rank_feasible"]["drops every candidate with a NaN (review x07-r16 D1)"] = _DROP_NAN
FAILS["rank_feasible"]["drops every candidate with a NaN (review x07-r16 D1)"] = {
    "test_rank_feasible_kept": "when one gap and one accuracy are NaN"}


# ------------------------------------------------------------------ review x07-r17
# Kind: a visible ✓ on a mistake that the hidden part of the same cell grades down (an edge only the hidden tests
# exercised). Each cell's visible part now has a case for that edge; each mistake below fails the same cell on the
# exercises notebook (visible only) and when graded (test_07_one_place.py), and that cell only.
# D1: Q1's visible NaN was on an objective only; a NaN in a column that is not an objective changes nothing.
MUTANTS["domination_count"]["drops rows with a NaN in any column (review x07-r17 D1)"] = """
def domination_count(candidates, objectives):
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                              for c, d in objectives.items()])
    measured = candidates.notna().all(axis=1).to_numpy()  # a NaN anywhere in the row, not only in an objective
    counts = [sum(bool(measured[i] and measured[j] and np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
"""
FAILS["domination_count"]["drops rows with a NaN in any column (review x07-r17 D1)"] = {
    "test_domination_count_counts": "is NaN"}
# D2: no visible order case needed a third sort key.
MUTANTS["rank_feasible"]["ties broken on the first other objective only (review x07-r17 D2)"] = _rank(
    order="[objective] + [c for c in objectives if c != objective][:1]")
FAILS["rank_feasible"]["ties broken on the first other objective only (review x07-r17 D2)"] = {
    "test_rank_feasible_order": "b and c also tie on gap"}
# The same kind, found in the order cell: its hidden part ranks a filtered table (index labels are not positions),
# which no visible case did. This answer reads names by label with the positions of its sorted rows.
MUTANTS["rank_feasible"]["names read by label at the sorted positions (review x07-r17, order cell)"] = """
def rank_feasible(candidates, constraints, objective, objectives):
    rows = candidates.reset_index(drop=True)  # ranked by position 0, 1, 2, ...
    ok = pd.Series(True, index=rows.index)
    for column, bound in constraints.items():
        ok &= rows[column] >= bound if objectives[column] == "max" else rows[column] <= bound
    if not ok.any():
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = rows[ok].sort_values(by=order, ascending=[objectives[c] == "min" for c in order], kind="stable")
    return [candidates["candidate"][p] for p in ranked.index]  # a position read as a label
"""
FAILS["rank_feasible"]["names read by label at the sorted positions (review x07-r17, order cell)"] = {
    "test_rank_feasible_order": "KeyError"}
# The same kind, found in the kept cell: its hidden part keeps ε = ∞ under a bound of ∞ (ε <= inf), which no visible
# case did. This answer fails closed on every value that is not finite, ∞ as well as NaN.
MUTANTS["rank_feasible"]["ε = ∞ read as unmeasured, meeting no bound (review x07-r17, kept cell)"] = _RANK.replace(
    "ok &= candidates[column] %(ge)s bound", "ok &= np.isfinite(candidates[column]) & (candidates[column] >= bound)").replace(
    "ok &= candidates[column] %(le)s bound", "ok &= np.isfinite(candidates[column]) & (candidates[column] <= bound)") % _R
FAILS["rank_feasible"]["ε = ∞ read as unmeasured, meeting no bound (review x07-r17, kept cell)"] = {
    "test_rank_feasible_kept": "ε <= ∞"}
# The same kind, found in Q10's input cell: its hidden part refuses rates beyond each range (a negative FPR, a base
# rate or a PPV over 1), while the visible cases sat at 0, 1 and an FPR over 1. This answer refuses only the rates
# that divide by zero, and an FPR over 1.
MUTANTS["forced_fnr"]["only the rates that divide by zero refused (review x07-r17, input cell)"] = _FNR.replace(
    "if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):",
    "if base_rate in (0, 1) or ppv in (0, 1) or fpr == 0 or fpr > 1:") % (_TPR, "1 - tpr")
FAILS["forced_fnr"]["only the rates that divide by zero refused (review x07-r17, input cell)"] = {
    "test_forced_fnr_inputs": "forced_fnr(1.5, 0.5, 0.1) (a base rate over 1)"}
# The same kind, found in Q8 Part B: its hidden part checks that the totals passed in are unchanged, which the
# question did not state and no visible check showed. The question states it now, and the visible cell checks it.
MUTANTS["population_guarantee"]["the totals popped one by one (review x07-r17, Part B)"] = '''
def population_guarantee(totals):
    """The ε that holds for every learner, and the intakes with no guarantee (see Part B)."""
    epsilon, no_guarantee = 0.0, []
    while totals:
        intake, total = totals.popitem()  # empties the caller's dict
        epsilon = max(epsilon, float(total))
        if math.isinf(total):
            no_guarantee.append(intake)
    return {"epsilon": epsilon, "no_guarantee": sorted(no_guarantee)}
'''
FAILS["population_guarantee"] = {
    "the totals popped one by one (review x07-r17, Part B)": {"test_population_guarantee_input": "the totals dict after"}}


# ------------------------------------------------------------------ review x07-r18
# S2 (kind: code run outside the kernel's view): the library's implied_fpr, its source read with ast (reading a file
# runs no library code) and run unchanged in a CPython 3.11 sub-interpreter, with a float shim for NumPy (which
# refuses to load twice in one process); the result comes back over a channel. The profiler follows only this
# interpreter: the guard now refuses the built-in calls that create, run or talk to another interpreter
# (_OTHER_INTERPRETER in feedback/_shortcuts.py), with the outside-the-check message; processes and threads were
# already refused, ctypes is a tamper sign, and so are sub-interpreters and process starts now (course/_tamper.py).
SHORTCUTS["forced_fnr"]["library implied_fpr run in a sub-interpreter (review x07-r18 S2)"] = r'''
import _xxsubinterpreters as _si, ast as _ast, pathlib as _pl, responsible_ml as _rml
_file = _pl.Path(_rml.__file__).parent / "tradeoffs" / "_impossibility.py"
_text = _file.read_text()
_node = next(n for n in _ast.parse(_text).body if isinstance(n, _ast.FunctionDef) and n.name == "implied_fpr")
_lib_src = _ast.get_source_segment(_text, _node)
_iid = _si.create()


def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("bad rates")
    cid = _si.channel_create()
    _si.run_string(_iid, "class _A(float):\n    ndim = 0\n    def __le__(s, o): return _A(float(s) <= o)\n    def __ge__(s, o): return _A(float(s) >= o)\n    def __gt__(s, o): return _A(float(s) > o)\n    def __or__(s, o): return _A(bool(s) or bool(o))\n    def __rsub__(s, o): return _A(o - float(s))\n    def __truediv__(s, o): return _A(float(s) / o)\n    def __rtruediv__(s, o): return _A(o / float(s))\n    def __mul__(s, o): return _A(float(s) * o)\nclass np:\n    asarray = staticmethod(lambda x, dtype=float: _A(x))\n    any = staticmethod(bool)\n_BAD_RATE=_BAD_PPV='{name}{value}'\n" + _lib_src
                   + f"\nimport _xxsubinterpreters as si\nsi.channel_send({int(cid)}, repr(implied_fpr({base_rate!r}, {ppv!r}, 0.0)))")
    fpr_at_zero = float(_si.channel_recv(cid))
    fnr = 1 - fpr / fpr_at_zero
    if fnr < -1e-9:
        raise ValueError("impossible")
    return max(fnr, 0.0)
'''
# D2: one odds mistake cost both Q10 cells. The input cell's impossible and possible cases now have a base rate of
# 0.5 (odds 1), or stay possible however the odds are read, so the odds are graded once, in the FNR cell.
FAILS["forced_fnr"].update({
    "base-rate odds left out (review x07-r13 M4)": {"test_forced_fnr": "an FNR that depends on the base rate"},
    "odds upside down (p / (1 - p))": {"test_forced_fnr": "non-completers per completer"},
})
# S1: a one-line rank of the table's first number column (no dominance, `objectives` not read) passed the ties, input
# and index cells (1 of 3 points): their "counts are counts" ladder was monotone in every numeric column. The ladders
# (visible and hidden) now run over gap alone, with accuracy, the first number column, ordering the rows otherwise
# and epsilon constant, so only a count over the objectives given passes them; it now fails every Q1 cell.
MUTANTS["domination_count"]["rank of the first number column, objectives not read (review x07-r18 S1)"] = """
def domination_count(candidates, objectives):
    return candidates.iloc[:, 1].rank(method="min", ascending=False).sub(1).astype(int)
"""
# D1: the 2-point counts cell bundled NaN with dominance, so an answer right on dominance that only imputed a NaN
# scored 1 of 3, like the rank above. NaN is now graded in its own cell (test_domination_count_nan, 0.5; the counts
# cell 1.5): a NaN row's count against 0, the other rows' against the answer's own counts without that row. Each NaN
# is on the first objective of its call (or on a column that is not an objective), so an answer that reads fewer
# objectives than given loses the counts cell only.
MUTANTS["domination_count"]["NaN imputed with the column mean (review x07-r18 D1)"] = """
def domination_count(candidates, objectives):
    values = np.column_stack([candidates[c].fillna(candidates[c].mean()).to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                              for c, d in objectives.items()])
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
"""
_Q1_CELLS = ("test_domination_count_counts", "test_domination_count_nan", "test_domination_count_ties",
             "test_domination_count_input", "test_domination_count_index")
FAILS["domination_count"].update({
    "rank of the first number column, objectives not read (review x07-r18 S1)": {
        "test_domination_count_counts": "dominate each candidate", "test_domination_count_nan": "is NaN",
        "test_domination_count_ties": "over gap alone", "test_domination_count_input": "over gap alone",
        "test_domination_count_index": "over gap alone"},
    "NaN imputed with the column mean (review x07-r18 D1)": {"test_domination_count_nan": "'A t=0.55' is NaN"},
    # the NaN mistakes of earlier reviews now cost the NaN cell only (0.5), no longer the 2-point counts cell
    "at least as good written as not worse (a NaN passes) (review x07-r9 S1)": {"test_domination_count_nan": "is NaN"},
    "NaN as the worst value (review x07-r10 D1)": {"test_domination_count_nan": "'A t=0.55' is NaN"},
    "drops rows with a NaN in any column (review x07-r17 D1)": {"test_domination_count_nan": "is NaN"},
    # "better on any objective" makes a row with a NaN dominated by every row better on another objective, so it costs
    # the NaN cell too (1.5 + 0.5 = 2 of 3, as before the split). It cannot be otherwise: the case that shows a NaN
    # read as "not worse" (not (a < b)) needs a row at least as good on the measured objectives and better on one,
    # and "better on any" counts that row as well.
    "better on any objective (review x07-r13 M2)": {"test_domination_count_counts": "dominate each candidate",
                                                    "test_domination_count_nan": "is NaN"},
    "library pareto_mask (cull) pasted, NaN check removed, np.any edited to np.sum (review x07-r10 S1)":
        {cell: _EDITED_MASK for cell in _Q1_CELLS},
    "library pareto_mask (cull) pasted, NaN check removed, 1 - mask (review x07-r10 S1)":
        {cell: _EDITED_MASK for cell in _Q1_CELLS},
})
# M1, D3: "drop the rows under the minimum" (~(x < bound)) keeps a NaN under a lower limit (a bound on a "max"
# objective); no case had a NaN there. The kept cell now has one, visible (a NaN accuracy with {"accuracy": 0.70}) and
# hidden (NaN on gap and epsilon read as "max" objectives); the order cell compares with the answer's own kept set.
MUTANTS["rank_feasible"]["a NaN meets a lower limit (~(x < bound)) (review x07-r18 M1)"] = _RANK.replace(
    "ok &= candidates[column] %(ge)s bound", "ok &= ~(candidates[column] < bound)") % _R
FAILS["rank_feasible"]["a NaN meets a lower limit (~(x < bound)) (review x07-r18 M1)"] = {
    "test_rank_feasible_kept": "the accuracy of 'A t=0.50 m=0.10' is NaN"}
# M2, M3, D4: every NaN case of Q9 was NaN at both ends and in the estimate (review x07-r14 D2), so filling a NaN end
# in with the estimate or with the other end passed. The fail-closed cell now compares the verdict on an interval with
# one NaN end next to a known estimate with the answer's OWN verdict on that interval with the end at +inf (at_most) or
# -inf (at_least): whichever end or estimate an answer reads, the two agree, unless it lets a NaN end pass.
_FILLED = '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures:
            checks[name] = False
            continue
        low, est, high = measures[name]
        low, high = %s
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
MUTANTS["go_no_go"].update({
    "a NaN interval end replaced by the estimate (review x07-r18 M2)":
        _FILLED % "(est if math.isnan(low) else low), (est if math.isnan(high) else high)",
    "a NaN interval end replaced by the other end (review x07-r18 M3)":
        _FILLED % "(high if math.isnan(low) else low), (low if math.isnan(high) else high)",
})
FAILS["go_no_go"].update({
    "a NaN interval end replaced by the estimate (review x07-r18 M2)": {"test_go_no_go_fail_closed": "the estimate known"},
    "a NaN interval end replaced by the other end (review x07-r18 M3)": {"test_go_no_go_fail_closed": "the estimate known"},
})


# ------------------------------------------------------------------ review x07-r19
# M1: a NaN filled in with the worst value (-inf for "max", +inf for "min") before the sort passed every Q2 cell: it
# ties with a real +/-inf on the same key and keeps the table's order, although a NaN ranks after every number. The
# order cell now puts a NaN next to that infinite value (visible: ε NaN against ε = ∞; hidden: both directions, the
# NaN first in the table). D1: filled in before the filter, it met an infinite bound, caught by a hidden case only;
# the kept cell now has one visibly (ε NaN with {"epsilon": math.inf}) and hidden (-inf on a "max" objective).
_WORST = '{c: (-math.inf if d == "max" else math.inf) for c, d in objectives.items()}'
_WORST_FIRST = _RANK.replace("    ok = pd.Series(True", f"    worst = candidates.fillna({_WORST})\n    ok = pd.Series(True"
                             ).replace("candidates[column]", "worst[column]")
MUTANTS["rank_feasible"].update({
    "NaN filled with the worst value before the sort (review x07-r19 M1)": _rank(table=f"feasible.fillna({_WORST})"),
    "NaN filled with the worst value before the filter (review x07-r19 D1)": _WORST_FIRST % _R,
    "NaN filled with the worst value before the filter and the sort (review x07-r19 D1)": _WORST_FIRST % {
        **_R, "table": f"feasible.fillna({_WORST})"},
})
FAILS["rank_feasible"].update({
    "NaN filled with the worst value before the sort (review x07-r19 M1)": {
        "test_rank_feasible_order": "'ordinary' (ε = ∞)"},
    "NaN filled with the worst value before the filter (review x07-r19 D1)": {
        "test_rank_feasible_kept": "'DP3 t=0.50 m=0.10' is NaN"},
    "NaN filled with the worst value before the filter and the sort (review x07-r19 D1)": {
        "test_rank_feasible_kept": "'DP3 t=0.50 m=0.10' is NaN", "test_rank_feasible_order": "'ordinary' (ε = ∞)"},
})
# M2: an unmeasured check read as (inf, inf, inf) fails an "at_most" check but passes an "at_least" one (every
# unmeasured case was "at_most"); a NaN end read as the worst value passes an infinite bound. The fail-closed cell now
# has an unmeasured "at_least" check and a NaN against "at most ∞" (visible), and both directions of each (hidden).
MUTANTS["go_no_go"].update({
    "an unmeasured check read as (inf, inf, inf) (review x07-r19 M2)": '''
def go_no_go(measures, limits):
    checks = {}
    for name, (kind, bound) in limits.items():
        low, _, high = measures.get(name, (math.inf,) * 3)
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
''',
    "a NaN end read as the worst value, inf or -inf (review x07-r19 M2)":
        _FILLED % "(-math.inf if math.isnan(low) else low), (math.inf if math.isnan(high) else high)",
})
FAILS["go_no_go"].update({
    "an unmeasured check read as (inf, inf, inf) (review x07-r19 M2)": {
        "test_go_no_go_fail_closed": "precision check (at least 0.55) with no measurement"},
    "a NaN end read as the worst value, inf or -inf (review x07-r19 M2)": {
        "test_go_no_go_fail_closed": "ε check (at most ∞)"},
})
# M3: the range written as "outside" (x <= 0 or x >= 1) is False for NaN, so a NaN rate returned NaN; the input cell
# now passes a NaN for each argument (visible and hidden), with a hint on the NaN comparison.
_OUTSIDE = _FNR.replace("    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):",
                        "    if base_rate <= 0 or base_rate >= 1 or ppv <= 0 or ppv >= 1 or fpr <= 0 or fpr > 1:")
assert _OUTSIDE != _FNR
MUTANTS["forced_fnr"]["range tested as outside, a NaN passes (review x07-r19 M3)"] = _OUTSIDE % (_TPR, "1 - tpr")
FAILS["forced_fnr"]["range tested as outside, a NaN passes (review x07-r19 M3)"] = {
    "test_forced_fnr_inputs": "a NaN base rate"}
# D2: the FNR's precision was not stated and the FNR cell graded with rtol 1e-6, so a bisection to width 1e-6 failed
# forced_fnr(0.9, 0.95, 0.4) (0.156: 1.6e-07). The question now states it (within 1e-6), the FNR cell grades to within
# 1e-6 (atol), and the FNR-0 edge allows the same (raise only below -1e-6), so that bisection gets full marks however
# it lands; its midpoint or either end.
_BISECT_6 = _FNR_RANGE + """
    def ppv_of(fnr):  # PPV = TP / (TP + FP), per learner; it falls as the FNR rises
        tp, fp = base_rate * (1 - fnr), (1 - base_rate) * fpr
        return tp / (tp + fp)

    lo, hi = -1.0, 1.0
    while hi - lo > 1e-6:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ppv_of(mid) > ppv else (lo, mid)
    fnr = %s
    if fnr < -1e-6:
        raise ValueError("more true positives than completers")
    return max(fnr, 0.0)
"""
ACCEPTED["forced_fnr"].update({
    "bisection to width 1e-6, its middle (review x07-r19 D2)": _BISECT_6 % "(lo + hi) / 2",
    "bisection to width 1e-6, its lower end (review x07-r19 D2)": _BISECT_6 % "lo",
    "bisection to width 1e-6, its upper end (review x07-r19 D2)": _BISECT_6 % "hi",
})
# D3, D4: Part B of Q8 and of Q9 (1 point each) was all-or-nothing over unrelated rules, and its visible part stopped
# at the first. Each is now three cells: the concept (0.6; the list compared in any order), and two small parts
# (0.2 each): Q8 the list sorted, the totals unchanged; Q9 the ValueError on a NO-GO audit (none on a GO one), the
# list sorted with `measures` unchanged. Each small part checks that the answer reads its input (a summary that
# changes with the totals; two or more labels where every change is far over its limit), so a constant earns nothing.
FAILS["population_guarantee"].update({
    "no_guarantee in table order, not sorted": {"test_population_guarantee_sorted": "against itself sorted"},
    "sum over disjoint intakes": {"test_population_guarantee": "when all uses are private"},
    "no_guarantee lists the private intakes": {"test_population_guarantee": "intakes with no DP guarantee"},
})
FAILS["breaking_changes"] = {
    "labels in the order given, not sorted": {"test_breaking_changes_form": "against themselves sorted"},
    "no error when the audit is already NO-GO": {"test_breaking_changes_no_go": "already NO-GO"},
    "a change without a limit counts as breaking": {"test_breaking_changes": "changes that turn GO into NO-GO"},
    "changes applied cumulatively to measures": {"test_breaking_changes": "changes b and c",
                                                 "test_breaking_changes_form": "the measures after your function ran"},
}
MUTANTS["population_guarantee"]["a constant summary (review x07-r19 D3)"] = '''
def population_guarantee(totals):
    return {"epsilon": 0.0, "no_guarantee": []}
'''
MUTANTS["breaking_changes"]["a constant empty list (review x07-r19 D4)"] = '''
def breaking_changes(measures, limits, changes):
    return []
'''
FAILS["population_guarantee"]["a constant summary (review x07-r19 D3)"] = {
    cell: "" for cell in ("test_population_guarantee", "test_population_guarantee_sorted", "test_population_guarantee_input")}
FAILS["breaking_changes"]["a constant empty list (review x07-r19 D4)"] = {
    cell: "" for cell in ("test_breaking_changes", "test_breaking_changes_no_go", "test_breaking_changes_form")}


# ------------------------------------------------------------------ review x07-r20
# D3: the "counts are dominance over the objectives given" guard of the ties, input and index cells used one objective
# ({"gap": "min"}), so a count with no dominance at all (rows better on the first objective; a lexicographic count)
# passed them and the NaN cell: 1.5 of 3. Each of those cells now also counts three rows over two objectives that no
# reading of the directions makes a ladder (any dominance reading gives two equal counts; these give 0, 1, 2).
MUTANTS["domination_count"].update({
    "rows better on the first objective, no dominance (review x07-r20 D3)": """
def domination_count(candidates, objectives):
    column, direction = next(iter(objectives.items()))
    x = candidates[column].to_numpy(dtype=float) * (1.0 if direction == "max" else -1.0)
    return pd.Series([int((x > x[i]).sum()) for i in range(len(x))], index=candidates.index)
""",
    "lexicographic count over the objectives (review x07-r20 D3)": """
def domination_count(candidates, objectives):
    keys = [tuple((1.0 if d == "max" else -1.0) * float(candidates[c].iloc[i]) for c, d in objectives.items())
            for i in range(len(candidates))]
    return pd.Series([sum(k > keys[i] for k in keys) for i in range(len(keys))], index=candidates.index)
""",
})
_NO_LADDER = "over gap and accuracy"
FAILS["domination_count"].update({
    label: {"test_domination_count_counts": "dominate each candidate", "test_domination_count_ties": _NO_LADDER,
            "test_domination_count_input": _NO_LADDER, "test_domination_count_index": _NO_LADDER}
    for label in ("rows better on the first objective, no dominance (review x07-r20 D3)",
                  "lexicographic count over the objectives (review x07-r20 D3)",
                  "the first objective only (review x07-r13 M3)")})
# D2: Part B's visible stand-in for go_no_go was a lookup of whole audits that raised for any other audit, so changes
# applied cumulatively (on a copy) failed all three Part B cells instead of the 0.6 one, and a correct answer that
# calls go_no_go on the changed check alone ({name: interval}, {name: limits[name]}) scored 0. The stand-in now looks
# up each check's verdict on this test's intervals, so it decides every audit built from them.
MUTANTS["breaking_changes"]["changes applied cumulatively to a copy of measures (review x07-r20 D2)"] = '''
def breaking_changes(measures, limits, changes):
    if go_no_go(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    audit, broken = dict(measures), []
    for label, (name, interval) in changes.items():
        audit[name] = interval
        if go_no_go(audit, limits)["decision"] != "GO":
            broken.append(label)
    return sorted(broken)
'''
FAILS["breaking_changes"]["changes applied cumulatively to a copy of measures (review x07-r20 D2)"] = {
    "test_breaking_changes": "changes b and c"}
BREAKING_CALLS_PART_A["go_no_go on the changed check alone (review x07-r20 D2)"] = '''
def breaking_changes(measures, limits, changes):
    if go_no_go(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if name in limits and go_no_go({name: interval}, {name: limits[name]})["decision"] != "GO")
'''


# ------------------------------------------------------------------ review x07-r22
# D2: every infeasible case constrained all the objectives, so a message built from `objectives` or a dump of the
# table named "every constrained column" too. Visible and hidden cases now bound a strict subset of the objectives
# and the message must not name an objective without a bound. The message is graded in its own cell
# (test_rank_feasible_message, 0.5; the raise 0.5): a correct raise with a wrong or generic message keeps the raise.
for _label, _empty in {
        "message lists every objective (review x07-r22 D2)":
            'raise ValueError(f"no candidate is good enough on {list(objectives)}")',
        "message dumps the table (review x07-r22 D2)": 'raise ValueError(f"no candidate is feasible:\\n{candidates}")',
        "message names the objectives dict (review x07-r22 D2)":
            'raise ValueError(f"nothing meets {constraints} for {objectives}")',
        "generic message (review x07-r22 D2)": 'raise ValueError("no feasible candidate")'}.items():
    MUTANTS["rank_feasible"][_label] = _rank(empty=_empty)
    FAILS["rank_feasible"][_label] = {"test_rank_feasible_message": "ValueError's message"}
# M1, D1: the regulator's "not treated differently by background" read as "do not use background" got
# equalized_odds by elimination under the "each criterion once" rule. The rule is gone, the statement names both
# error rates; equal treatment read as equal selection rates costs statement 4 only.
MUTANTS["goal_to_criterion"]["regulator read as equal selection rates (review x07-r22 M1)"] = '''
GOALS = {1: "equal_opportunity", 2: "demographic_parity", 3: "predictive_parity", 4: "demographic_parity", 5: "calibration_within_groups"}
'''
FAILS["goal_to_criterion"]["regulator read as equal selection rates (review x07-r22 M1)"] = {
    "test_goal_to_criterion_statement_4": "statement 4"}
# A swap of two criteria costs its two statements (two mistakes), and giving the right name to the one statement
# and a second name to the other costs the wrong one only.
FAILS["goal_to_criterion"]["3 and 5 swapped (equal precision at one threshold is predictive parity)"] = {
    "test_goal_to_criterion_statement_3": "statement 3", "test_goal_to_criterion_statement_5": "statement 5"}


# ------------------------------------------------------------------ review x07-r24
# M1: an answer that fails a check when ANY of low, estimate, high is NaN (the end that is not compared included)
# earned full marks, though the question said only the compared end matters. A NaN anywhere in a reported interval
# signals a broken computation, and failing closed on it is a defensible gate, so the question now says so: failing
# closed on any NaN in the triple and judging the compared end alone are both accepted. No graded case has a NaN on
# the end that is not compared (or in the estimate alone) next to a compared end within its bound; these answers keep
# it that way (tests/course/test_07_one_place.py).
_ANY_NAN = '''
def go_no_go(measures, limits):
    """Check-by-check verdict and overall decision (see Part A)."""
    checks = {}
    for name, (kind, bound) in limits.items():
        if name not in measures or %s:
            checks[name] = False
            continue
        low, estimate, high = measures[name]
        checks[name] = bool(high <= bound) if kind == "at_most" else bool(low >= bound)
    return {"checks": checks, "decision": "GO" if all(checks.values()) else "NO-GO"}
'''
ACCEPTED["go_no_go"] = {
    "fails closed on a NaN anywhere in the triple (review x07-r24 M1)":
        _ANY_NAN % "any(math.isnan(x) for x in measures[name])",
    "fails closed on a NaN anywhere in the triple, with numpy (review x07-r24 M1)":
        _ANY_NAN % "bool(np.isnan(np.asarray(measures[name], dtype=float)).any())",
    "fails closed on a NaN estimate too (review x07-r24 M1)":
        _ANY_NAN % "math.isnan(measures[name][1])",
}


# ------------------------------------------------------------------ review x07-r25
# D1: the relation upside down (1 - FNR = FPR · p/(1-p) · (1-PPV)/PPV, multiplied where it should divide), the PPV odds
# upside down or the PPV for its odds cost both Q10 cells: the input cell's FPR-1 and impossible cases change side
# under them. The input cell now judges in-range rates by the answer's own relation (its FNR at FPR / 20, scaled), so
# each costs the FNR cell only.
MUTANTS["forced_fnr"]["relation multiplied instead of divided (review x07-r25 D1)"] = _FNR % (
    "fpr * base_rate / (1 - base_rate) * (1 - ppv) / ppv", "1 - tpr")
FAILS["forced_fnr"].update({
    "relation multiplied instead of divided (review x07-r25 D1)": {"test_forced_fnr": "forced_fnr(0.4, 0.75, 0.1)"},
    "PPV ratio upside down": {"test_forced_fnr": "forced_fnr(0.4, 0.75, 0.1)"},
    "base rate instead of the odds": {"test_forced_fnr": "forced_fnr(0.4, 0.75, 0.1)"},
    "the TPR returned instead of the FNR": {"test_forced_fnr": "an FNR, not a TPR"},
    "impossible rates clipped to FNR 0 instead of raising": {"test_forced_fnr_inputs": "forced_fnr(0.5, 0.75, 0.5)"},
})
# D2: strict inequalities failed the fail-closed cell in hidden grading (measured ∞ against the bound ∞), though that
# cell's comment and the visible check say inclusive bounds are graded in the interval cell only. That case's expected
# verdicts are now the answer's own on values exactly at finite bounds.
MUTANTS["go_no_go"]["strict inequalities (review x07-r25 D2)"] = _GATE.replace(" <= bound", " < bound").replace(
    " >= bound", " > bound") % ("high", "low")
FAILS["go_no_go"]["strict inequalities (review x07-r25 D2)"] = {"test_go_no_go": "proxy check with upper end exactly 0.70"}
MUTANTS["forced_fnr"]["the PPV for its odds (review x07-r25 D1)"] = _FNR % ("fpr * (1 - base_rate) / base_rate * ppv", "1 - tpr")
FAILS["forced_fnr"]["the PPV for its odds (review x07-r25 D1)"] = {"test_forced_fnr": "forced_fnr(0.4, 0.75, 0.1)"}
# (D2, kept caught) an answer that fails closed on ∞ as on NaN: the measured-∞ case, now visible too, judged against
# the answer's own verdict on an end exactly at a finite bound
MUTANTS["go_no_go"]["any infinite value fails, as NaN does (review x07-r25 D2)"] = _ANY_NAN % (
    "not all(math.isfinite(x) for x in measures[name])")
FAILS["go_no_go"]["any infinite value fails, as NaN does (review x07-r25 D2)"] = {
    "test_go_no_go_fail_closed": "with ε measured as ∞"}
MUTANTS["go_no_go"]["strict inequalities, failing on any infinite value (review x07-r25 D2)"] = (
    _ANY_NAN % "not all(math.isfinite(x) for x in measures[name])").replace(" <= bound", " < bound").replace(
    " >= bound", " > bound")
# (with strict bounds nothing meets a bound of ∞, so failing on ∞ changes no verdict: it costs the interval cell only)
FAILS["go_no_go"]["strict inequalities, failing on any infinite value (review x07-r25 D2)"] = {
    "test_go_no_go": "proxy check with upper end exactly 0.70"}
# (kind of D2, found in the rest of 07) "GO when any check passes" also failed the fail-closed cell's hidden NaN cases on
# the decision; their decision is now judged against the answer's own on a finite interval failing the same check.
FAILS["go_no_go"]["GO when any check passes"] = {"test_go_no_go": "decision with the wider TPR-gap interval"}


# ------------------------------------------------------------------ review x07-r26
# S1 (kind: a table prepared in advance covered the graded inputs): the guard records only library code that runs
# inside its `with` block, and every forced_fnr input sat on a 0.01 grid, so the blocked implied_fpr, run over that grid
# when the answer cell ran, was only looked up inside forced_fnr. The hidden FNR cell now also grades four cases drawn
# at check time (unseeded, many digits, well inside the possible rates), the hidden input cell one possible and two
# impossible ones, their expected values computed after the answer ran. A table rounded to its grid gives an FNR off by
# about 1e-2 there (the FNR cell); a table read with the exact rates finds no entry (KeyError, both cells). The input
# cell grades rules, judged by the answer's own relation, so the rounded table (a relation, of the grid's precision)
# keeps it, as an algebra slip does.
_TABLE = """
import numpy as _np
from responsible_ml.tradeoffs import implied_fpr as _f
_g = _np.round(_np.arange(1, 100) / 100, 2)
_P, _Q = _np.meshgrid(_g, _g, indexing="ij")
_K = _f(_P, _Q, _np.zeros_like(_P))
_T = {(float(a), float(b)): float(k) for a, b, k in zip(_P.ravel(), _Q.ravel(), _K.ravel())}


def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("range")
    fnr = 1 - fpr / _T[%s]
    if fnr < -1e-6:
        raise ValueError("impossible")
    return max(fnr, 0.0)
"""
MUTANTS["forced_fnr"].update({
    "implied_fpr tabulated on a 0.01 grid before the check, rounded look-ups (review x07-r26 S1)":
        _TABLE % "(round(base_rate, 2), round(ppv, 2))",
    "implied_fpr tabulated on a 0.01 grid before the check, exact look-ups (review x07-r26 S1)":
        _TABLE % "(base_rate, ppv)",
})
FAILS["forced_fnr"].update({
    "implied_fpr tabulated on a 0.01 grid before the check, rounded look-ups (review x07-r26 S1)": {
        "test_forced_fnr": "(rates drawn at check time)"},
    "implied_fpr tabulated on a 0.01 grid before the check, exact look-ups (review x07-r26 S1)": {
        "test_forced_fnr": "KeyError", "test_forced_fnr_inputs": "KeyError"},
})
# S2 (kind: a rule judged by the answer's own relation when the answer has none): the input cell judged the impossible
# rates by the answer's own FNR at FPR / 20, so an FNR that never asks for more true positives than completers (a
# constant, 1 - FPR, FPR · PPV as the TPR) made every impossible case "possible by your own relation: not judged here",
# and the ValueError rule was never graded. The answer's own relation now judges only when it is a relation between the
# rates (1 - FNR grows with the FPR, the FNR changes with the PPV, and some in-range rates are impossible by it);
# otherwise the identity judges, and the message says why. The algebra slips above still cost the FNR cell only.
_GUESS = """
def forced_fnr(base_rate, ppv, fpr):
    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):
        raise ValueError("need 0 < base_rate < 1, 0 < ppv < 1 and 0 < fpr <= 1")
    return %s
"""
_NOT_A_RELATION = "judged by the identity, since your FNR is not a relation between the rates"
for _label, _fnr in {"a constant FNR of 1.0, no relation (review x07-r26 S2)": "1.0",
                     "a constant FNR of 0.5, no relation (review x07-r26 S2)": "0.5",
                     "FNR = 1 - FPR, no PPV or base rate (review x07-r26 S2)": "1 - fpr",
                     "TPR = FPR · PPV, never more than the completers (review x07-r26 S2)": "1 - fpr * ppv"}.items():
    MUTANTS["forced_fnr"][_label] = _GUESS % _fnr
    FAILS["forced_fnr"][_label] = {"test_forced_fnr": "forced_fnr(0.4, 0.75, 0.1)",
                                   "test_forced_fnr_inputs": _NOT_A_RELATION}


# ------------------------------------------------------------------ review x07-r30
# D1: a refusal of another type than ValueError (or an `assert`, which python -O strips) costs the raise cell only:
# the message cell reads the message of an error of any type, and the raise cell names the type it got.
MUTANTS["rank_feasible"].update({
    "RuntimeError refusal, message names the constraints (review x07-r30 D1)":
        _rank(empty='raise RuntimeError(f"no candidate meets the constraints {constraints}")'),
    "assert refusal, message names the constraints (review x07-r30 D1)": _RANK.replace(
        "    if feasible.empty:\n        %(empty)s\n",
        '    assert not feasible.empty, f"no candidate meets the constraints {constraints}"\n') % _R,
})
FAILS["rank_feasible"].update({
    "RuntimeError refusal, message names the constraints (review x07-r30 D1)":
        {"test_rank_feasible_raises": 'expected ValueError, got "RuntimeError: no candidate meets'},
    "assert refusal, message names the constraints (review x07-r30 D1)":
        {"test_rank_feasible_raises": 'expected ValueError, got "AssertionError: no candidate meets'},
})
# D2: reading rows by label costs the any-index cell only (the composition cells use indexes 0, 1, 2, ...).
FAILS["epsilon_by_intake"] = {
    "rows read with .loc[i] for i in range(len(uses))": {"test_epsilon_by_intake_index": "KeyError: 0"},
}
# Minor: ranges checked with `assert` cost the input cell only, with a message that says why (not a bare
# "AssertionError: rates out of range"), and the cell still reports every rule that fails.
MUTANTS["forced_fnr"]["ranges checked with assert (review x07-r30 minor)"] = _FNR.replace(
    '    if not (0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1):\n        raise ValueError("bad rates")\n',
    '    assert 0 < base_rate < 1 and 0 < ppv < 1 and 0 < fpr <= 1, "rates out of range"\n') % (_TPR, "1 - tpr")
FAILS["forced_fnr"]["ranges checked with assert (review x07-r30 minor)"] = {
    "test_forced_fnr_inputs": "python -O strips it"}


# ------------------------------------------------------------------ review x07-r32
# D1: a wrong direction of a bound costs the kept cell only (reading every bound as an upper limit cost the message
# cell too; taking the direction from the column's name, the hidden message check as well). The raise and message
# cells now skip a table on which the answer kept a row (the kept cell grades which rows are kept), and every reading
# of the directions leaves them a table to judge (tests/course/test_07_one_place.py). The column-name reading also
# ranks by the column's name, which costs the order cell.
FAILS["rank_feasible"].update({
    "every bound an upper limit": {"test_rank_feasible_kept": "candidates kept with accuracy >= 0.705"},
    "bound directions swapped": {"test_rank_feasible_kept": "candidates kept with gap <= 0.06"},
    "directions by column name (accuracy max, every other min)": {
        "test_rank_feasible_kept": "when epsilon is a 'max' objective",
        "test_rank_feasible_order": "with epsilon a 'max' objective"},
    **{label: {"test_rank_feasible_kept": "when epsilon is a 'max' objective"}
       for label in ("bound direction by column name (accuracy a lower limit, others upper)",
                     "bound direction by column name (gap and epsilon upper limits, others lower)")},
})

"""Plausible wrong answers to exercise 07; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

MUTANTS = {
    "pareto_front": {
        'dominance with >= only (ties eliminate each other)': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'dominance needs > everywhere': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'all objectives maximised': '''
def pareto_front(candidates, objectives):
    signs = [1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'directions swapped': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "min" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'only the first two objectives': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in list(zip(objectives, signs))[:2]]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'index reset': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)].reset_index(drop=True)
''',
        'fixed OBJECTIVES instead of argument': '''
def pareto_front(candidates, objectives):
    objectives = OBJECTIVES
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        'sorted by accuracy': '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)].sort_values('accuracy', ascending=False)
''',
        "strictly better on all (weak domination missed)": '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        "at least as good on all (identical rows drop each other)": '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        "directions ignored": '''
def pareto_front(candidates, objectives):
    signs = [1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s
                              for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = []
    for i in range(len(candidates)):
        dominated = any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)
        keep.append(not dominated)
    return candidates[np.array(keep, dtype=bool)]
''',
        "positions used as labels on a filtered table": '''
def pareto_front(candidates, objectives):
    signs = [1.0 if objectives[c] == "max" else -1.0 for c in objectives]
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * s for c, s in zip(objectives, signs)]) if len(candidates) else None
    keep = [i for i in range(len(candidates))
            if not any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]) for j in range(len(candidates)) if j != i)]
    return candidates.reset_index(drop=True).loc[keep]
''',
        "library pareto_front": '''
def pareto_front(candidates, objectives):
    from responsible_ml.tradeoffs import pareto_front as _pf
    return _pf(candidates, objectives)
''',
    },
    "choose_point": {
        'strict constraints': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] > bound
        else:
            ok &= candidates[column] < bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'strict upper bound only': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] < bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'constraint direction swapped': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "min":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'objective always maximised': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[False] + [objectives[c] == "min" for c in order[1:]],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'no tie-break (first max in table)': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    col = feasible[objective]
    best = col.idxmax() if objectives[objective] == "max" else col.idxmin()
    return feasible.loc[best, "candidate"]
''',
        'tie-break ignores directions': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[objective] == "min"] + [False] * (len(order) - 1),
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'no feasible -> closest/None': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        return None
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'no feasible -> ignore constraints': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        feasible = candidates
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        'unstable sort (last among ties)': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    top = ranked.iloc[0]
    same = ranked[(ranked[order] == top[order]).all(axis=1)]
    return same["candidate"].iloc[-1]
''',
        'ignores constraints': '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        "smallest index label instead of the first ranked row": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked.loc[ranked.index.min(), "candidate"]
''',
        "ties broken by the table order only": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        "ties broken in reverse objective order": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in reversed(list(objectives)) if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
        "returns the closest candidate instead of raising": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        feasible = candidates
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
    },
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
    "pareto_front": {
        "pareto_front imported at the top": '''
from responsible_ml.tradeoffs import pareto_front as _lib_front


def pareto_front(candidates, objectives):
    return _lib_front(candidates, objectives)
''',
        "through sys.modules": '''
import sys


def pareto_front(candidates, objectives):
    return sys.modules["responsible_ml.tradeoffs"].pareto_front(candidates, objectives)
''',
    },
    "choose_point": {
        "choose_operating_point via importlib": '''
import importlib


def choose_point(candidates, constraints, objective, objectives):
    lib = importlib.import_module("responsible_ml.tradeoffs")
    out = getattr(lib, "choose_operating_point")(candidates, constraints, objective=objective,
                                                 objectives=objectives)
    return out["candidate"]
''',
    },
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
        "tradeoffs.check_privacy_budget per intake": '''
import importlib


def epsilon_by_intake(uses):
    lib = importlib.import_module("responsible_ml.tradeoffs")
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
from responsible_ml.tradeoffs import FAIL, PASS, Check


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
        "Check objects from tradeoffs": '''
import importlib


def breaking_changes(measures, limits, changes):
    lib = importlib.import_module("responsible_ml.tradeoffs")

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
MUTANTS["pareto_front"] = {
    "min columns negated in the caller's table (in place)": '''
def pareto_front(candidates, objectives):
    for c in objectives:
        if objectives[c] == "min":
            candidates[c] = -candidates[c]
    values = candidates[list(objectives)].to_numpy(dtype=float)
    keep = [not any(np.all(values[j] >= values[i]) and np.any(values[j] > values[i])
                    for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return candidates[np.array(keep, dtype=bool)]
''',
    **MUTANTS["pareto_front"],
}
MUTANTS["choose_point"].update({
    "every bound an upper limit": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = [objective] + [c for c in objectives if c != objective]
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
    "objective argument ignored (ranked in the order of objectives)": '''
def choose_point(candidates, constraints, objective, objectives):
    ok = pd.Series(True, index=candidates.index)
    for column, bound in constraints.items():
        if objectives[column] == "max":
            ok &= candidates[column] >= bound
        else:
            ok &= candidates[column] <= bound
    feasible = candidates[ok]
    if feasible.empty:
        raise ValueError(f"no candidate meets the constraints {constraints}")
    order = list(objectives)
    ranked = feasible.sort_values(by=order, ascending=[objectives[c] == "min" for c in order],
                                  kind="stable")
    return ranked["candidate"].iloc[0]
''',
})
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
    "calls go_no_go (Part B must stand on its own)": '''
def breaking_changes(measures, limits, changes):
    if go_no_go(measures, limits)["decision"] != "GO":
        raise ValueError("the decision is already NO-GO: no change can turn it NO-GO")
    return sorted(label for label, (name, interval) in changes.items()
                  if go_no_go({**measures, name: interval}, limits)["decision"] != "GO")
''',
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

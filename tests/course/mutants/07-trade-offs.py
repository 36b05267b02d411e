"""Plausible wrong answers to exercise 07; every one must fail at least one test cell."""

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
    },
}

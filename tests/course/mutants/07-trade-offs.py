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
        "every statement demographic parity": '''
GOALS = {1: "demographic_parity", 2: "demographic_parity", 3: "demographic_parity", 4: "demographic_parity", 5: "demographic_parity", 6: "demographic_parity"}
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
}

"""Trade-off frontier: evaluate candidate operating points, keep the Pareto-efficient ones,
choose the one that best meets stated constraints.

A *candidate* is one way of running the system: a model, a decision threshold, a mitigation
strength, a privacy budget ε. Each is scored on three objectives by default:

- ``accuracy`` (higher is better),
- ``gap``, a group-fairness gap: the largest minus the smallest group rate of a metric such
  as the true-positive rate (lower is better),
- ``epsilon``, the differential-privacy budget (lower is more private; ``inf`` means no
  formal guarantee).

Candidate A *dominates* B when A is at least as good on every objective and strictly better on
at least one. The *Pareto-efficient set* (the frontier) is every candidate no other candidate
dominates; identical candidates do not dominate each other, so ties stay on the frontier.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    check_at_least_two_groups,
    check_binary,
    check_columns,
    check_in,
    check_no_nan,
    check_same_length,
)

__all__ = [
    "OBJECTIVES",
    "GAP_METRICS",
    "EMPTY_CANDIDATES",
    "NO_FEASIBLE",
    "BAD_DIRECTION",
    "UNKNOWN_CONSTRAINT",
    "BAD_BOUND",
    "BAD_OBJECTIVE",
    "GROUP_WITHOUT_CLASS",
    "BAD_SCORES",
    "BAD_EPSILON",
    "NO_MITIGATION_GROUP",
    "group_gap",
    "gap_interval",
    "BAD_COVERAGE",
    "evaluate_thresholds",
    "evaluate_candidates",
    "dominates",
    "pareto_mask",
    "pareto_front",
    "feasible_mask",
    "choose_operating_point",
    "TradeoffChoice",
    "explore_tradeoffs",
]

#: Default objectives of a frontier and their direction.
OBJECTIVES: dict[str, str] = {"accuracy": "max", "gap": "min", "epsilon": "min"}
#: Group metrics whose gap (largest minus smallest group value) can be the fairness objective.
#: ``equalized_odds`` is the larger of the TPR gap and the FPR gap (as fairlearn's
#: ``equalized_odds_difference``).
GAP_METRICS = ("selection_rate", "tpr", "fpr", "fnr", "accuracy", "equalized_odds")

EMPTY_CANDIDATES = "{name} is empty: there are no candidates to compare; give at least one"
NO_FEASIBLE = (
    "no candidate meets the constraints {constraints} ({count} candidate(s) checked); "
    "relax a constraint or add candidates"
)
BAD_DIRECTION = "objectives[{column!r}] must be 'max' or 'min', got {value!r}"
UNKNOWN_CONSTRAINT = (
    "constraints name {column!r}, which is not one of the objectives {objectives}; "
    "a constraint bounds an objective"
)
BAD_BOUND = "constraints[{column!r}] must be a real number (not NaN), got {value!r}"
BAD_OBJECTIVE = "objective must be one of the objectives {objectives}, got {value!r}"
GROUP_WITHOUT_CLASS = (
    "group {group!r} of {name} has no rows with y_true == {cls}, so its {metric} is undefined"
)
BAD_SCORES = "{name} must hold real numbers, got dtype {dtype}"
BAD_EPSILON = "{name} must be a number > 0 (math.inf for no privacy guarantee), got {value!r}"
NO_MITIGATION_GROUP = "mitigation_group is required when a mitigation strength is not 0"

BAD_COVERAGE = "level must be a number strictly between 0 and 1, got {value!r}"

#: Constraint comparisons allow this much floating-point slack (0.1 + 0.2 <= 0.3 is True).
TOLERANCE = 1e-9


# ----------------------------------------------------------------------------- metrics
def _group_codes(sensitive, name: str = "sensitive") -> tuple[np.ndarray, np.ndarray]:
    groups = check_at_least_two_groups(sensitive, name)
    values = np.asarray(sensitive.to_numpy() if hasattr(sensitive, "to_numpy") else sensitive,
                        dtype=object).ravel()
    codes = np.empty(len(values), dtype=np.int64)
    for i, g in enumerate(groups):
        codes[values == g] = i
    return groups, codes


def _gaps(y: np.ndarray, preds: np.ndarray, codes: np.ndarray, groups: np.ndarray,
          metric: str) -> np.ndarray:
    """Gap of `metric` for each row of `preds` (shape (m, n) of 0/1)."""
    per_group = []
    for i, g in enumerate(groups):
        in_g = codes == i
        if metric == "selection_rate":
            per_group.append(preds[:, in_g].mean(axis=1))
            continue
        if metric == "accuracy":
            per_group.append((preds[:, in_g] == y[in_g]).mean(axis=1))
            continue
        pos, neg = in_g & (y == 1), in_g & (y == 0)
        need = {"tpr": [(pos, 1)], "fnr": [(pos, 1)], "fpr": [(neg, 0)],
                "equalized_odds": [(pos, 1), (neg, 0)]}[metric]
        for mask, cls in need:
            if not mask.any():
                raise ValueError(GROUP_WITHOUT_CLASS.format(
                    group=g.item() if isinstance(g, np.generic) else g, name="sensitive",
                    cls=cls, metric=metric))
        if metric == "tpr":
            per_group.append(preds[:, pos].mean(axis=1))
        elif metric == "fnr":
            per_group.append(1.0 - preds[:, pos].mean(axis=1))
        elif metric == "fpr":
            per_group.append(preds[:, neg].mean(axis=1))
        else:
            per_group.append(np.stack([preds[:, pos].mean(axis=1), preds[:, neg].mean(axis=1)]))
    stacked = np.stack(per_group)  # (groups, m) or (groups, 2, m)
    gap = stacked.max(axis=0) - stacked.min(axis=0)
    return gap.max(axis=0) if metric == "equalized_odds" else gap


def group_gap(y_true, y_pred, sensitive, metric: str = "tpr") -> float:
    """Largest minus smallest group value of a rate (a group-fairness gap).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        True labels and decisions.
    sensitive : array-like
        Group of each row (at least two groups).
    metric : {"selection_rate", "tpr", "fpr", "fnr", "accuracy", "equalized_odds"}
        The rate compared across groups; ``"equalized_odds"`` is the larger of the TPR and
        FPR gaps.

    Returns
    -------
    float
        The gap, between 0 and 1.

    Raises
    ------
    ValueError
        On empty, non-binary or mismatched inputs, fewer than two groups, an unknown metric,
        or a group without the positives/negatives the metric needs
        (:data:`GROUP_WITHOUT_CLASS`).

    Examples
    --------
    >>> group_gap([1, 1, 1, 1], [1, 0, 1, 1], ["a", "a", "b", "b"], "tpr")
    0.5
    """
    check_in(metric, GAP_METRICS, "metric")
    y = check_binary(y_true, "y_true")
    p = check_binary(y_pred, "y_pred")
    check_same_length(y, p, "y_true", "y_pred")
    check_same_length(y, sensitive, "y_true", "sensitive")
    groups, codes = _group_codes(sensitive)
    return float(_gaps(y, p[None, :], codes, groups, metric)[0])


def gap_interval(y_true, y_pred, sensitive, metric: str = "tpr", *, n_boot: int = 1000,
                 level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`group_gap`.

    Rows are resampled with replacement within each group (so every group keeps its size) and
    the gap is recomputed; the interval is the central `level` share of the resampled gaps.
    A gap measured on a few hundred people moves by several points from sample to sample;
    report it with this interval.

    Parameters
    ----------
    y_true, y_pred, sensitive, metric
        As for :func:`group_gap`.
    n_boot : int, default 1000
        Number of resamples (≥ 100).
    level : float, default 0.95
        Coverage, strictly between 0 and 1 (:data:`BAD_COVERAGE`).
    seed : int, default 0
        Seed of the resampling, so the interval is reproducible.

    Returns
    -------
    (float, float)
        Lower and upper end.
    """
    check_in(metric, GAP_METRICS, "metric")
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(BAD_COVERAGE.format(value=level))
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or n_boot < 100:
        raise ValueError(f"n_boot must be an integer >= 100, got {n_boot!r}")
    y = check_binary(y_true, "y_true")
    p = check_binary(y_pred, "y_pred")
    check_same_length(y, p, "y_true", "y_pred")
    check_same_length(y, sensitive, "y_true", "sensitive")
    groups, codes = _group_codes(sensitive)
    _gaps(y, p[None, :], codes, groups, metric)  # undefined rates fail here, with the message
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(codes == i) for i in range(len(groups))]
    gaps = np.empty(int(n_boot))
    for b in range(int(n_boot)):
        idx = np.concatenate([rng.choice(m, size=len(m), replace=True) for m in members])
        try:
            gaps[b] = _gaps(y[idx], p[idx][None, :], codes[idx], groups, metric)[0]
        except ValueError:  # a resample without positives/negatives in a tiny group
            gaps[b] = np.nan
    tail = (1 - float(level)) / 2
    low, high = np.nanquantile(gaps, [tail, 1 - tail])
    return float(low), float(high)


# ----------------------------------------------------------------------------- candidates
def _check_scores(scores, name: str) -> np.ndarray:
    check_no_nan(scores, name)
    arr = np.asarray(scores)
    if arr.dtype.kind not in "fiu":
        raise TypeError(BAD_SCORES.format(name=name, dtype=arr.dtype))
    return arr.astype(float).ravel()


def _check_epsilon(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value) \
            or value <= 0:
        raise ValueError(BAD_EPSILON.format(name=name, value=value))
    return float(value)


def evaluate_thresholds(y_true, scores, sensitive, thresholds: Sequence[float], *,
                        gap: str = "tpr", mitigation: Sequence[float] = (0.0,),
                        mitigation_group=None, epsilon: float = math.inf,
                        model: str = "model") -> pd.DataFrame:
    """Evaluate the operating points of one scoring model.

    A row is decided positive when ``score >= threshold``. With *mitigation strength* ``m``
    the threshold for rows of `mitigation_group` is lowered to ``threshold - m`` (a
    group-specific threshold, the post-processing idea of Hardt, Price & Srebro, 2016).

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels.
    scores : array-like of float
        Model scores (e.g. predicted probabilities), one per row.
    sensitive : array-like
        Group of each row (at least two groups).
    thresholds : sequence of float
        Decision thresholds to try (non-empty).
    gap : str, default "tpr"
        The fairness gap, one of :data:`GAP_METRICS`.
    mitigation : sequence of float, default (0.0,)
        Mitigation strengths to try (threshold reductions for `mitigation_group`).
    mitigation_group : object, optional
        The group whose threshold is lowered; required when any strength is not 0.
    epsilon : float, default inf
        Privacy budget of the model that produced the scores (``inf``: no guarantee).
    model : str, default "model"
        Model name, used in the candidate names.

    Returns
    -------
    pandas.DataFrame
        One row per (threshold, strength) with columns ``candidate`` (unique name),
        ``model``, ``threshold``, ``mitigation``, ``epsilon``, ``accuracy``, ``gap``,
        ``selection_rate``.

    Raises
    ------
    ValueError
        If `thresholds` or `mitigation` is empty (:data:`EMPTY_CANDIDATES`), or on bad inputs.
    """
    y = check_binary(y_true, "y_true")
    s = _check_scores(scores, "scores")
    check_same_length(y, s, "y_true", "scores")
    check_same_length(y, sensitive, "y_true", "sensitive")
    check_in(gap, GAP_METRICS, "gap")
    thr = np.asarray(list(thresholds), dtype=float).ravel()
    if thr.size == 0:
        raise ValueError(EMPTY_CANDIDATES.format(name="thresholds"))
    mit = np.asarray(list(mitigation), dtype=float).ravel()
    if mit.size == 0:
        raise ValueError(EMPTY_CANDIDATES.format(name="mitigation"))
    epsilon = _check_epsilon(epsilon, "epsilon")
    groups, codes = _group_codes(sensitive)
    if np.any(mit != 0):
        if mitigation_group is None:
            raise ValueError(NO_MITIGATION_GROUP)
        check_in(mitigation_group, list(groups), "mitigation_group")
        in_m = codes == list(groups).index(mitigation_group)
    else:
        in_m = np.zeros(len(y), dtype=bool)
    tt, mm = np.meshgrid(thr, mit, indexing="ij")
    tt, mm = tt.ravel(), mm.ravel()
    cut = tt[:, None] - mm[:, None] * in_m[None, :]
    preds = (s[None, :] >= cut).astype(np.int8)
    names = [f"{model} t={t:.2f}" + (f" m={m:.2f}" if mit.size > 1 or m else "")
             for t, m in zip(tt, mm, strict=True)]
    return pd.DataFrame({
        "candidate": names,
        "model": model,
        "threshold": tt,
        "mitigation": mm,
        "epsilon": epsilon,
        "accuracy": (preds == y[None, :]).mean(axis=1),
        "gap": _gaps(y, preds, codes, groups, gap),
        "selection_rate": preds.mean(axis=1),
    })


def evaluate_candidates(y_true, predictions: Mapping[str, object], sensitive, *,
                        gap: str = "tpr", epsilon: float | Mapping[str, float] = math.inf
                        ) -> pd.DataFrame:
    """Evaluate candidates given by their decisions (one 0/1 array per candidate).

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels.
    predictions : mapping of str to array-like of 0/1
        Decisions of each candidate, by candidate name (non-empty).
    sensitive : array-like
        Group of each row.
    gap : str, default "tpr"
        The fairness gap, one of :data:`GAP_METRICS`.
    epsilon : float or mapping of str to float, default inf
        Privacy budget of every candidate, or per candidate (missing names get ``inf``).

    Returns
    -------
    pandas.DataFrame
        One row per candidate, in the given order, columns ``candidate``, ``epsilon``,
        ``accuracy``, ``gap``, ``selection_rate``.

    Raises
    ------
    ValueError
        If `predictions` is empty (:data:`EMPTY_CANDIDATES`) or on bad inputs.
    """
    if not isinstance(predictions, Mapping):
        raise TypeError(f"predictions must be a mapping of candidate name -> decisions, "
                        f"got {type(predictions).__name__}")
    if not predictions:
        raise ValueError(EMPTY_CANDIDATES.format(name="predictions"))
    check_in(gap, GAP_METRICS, "gap")
    y = check_binary(y_true, "y_true")
    check_same_length(y, sensitive, "y_true", "sensitive")
    rows = []
    for name, pred in predictions.items():
        p = check_binary(pred, f"predictions[{name!r}]")
        check_same_length(y, p, "y_true", f"predictions[{name!r}]")
        rows.append(p)
    groups, codes = _group_codes(sensitive)
    preds = np.stack(rows).astype(np.int8)
    eps = {str(k): _check_epsilon(v, f"epsilon[{k!r}]") for k, v in epsilon.items()} \
        if isinstance(epsilon, Mapping) else None
    default_eps = math.inf if eps is not None else _check_epsilon(epsilon, "epsilon")
    names = [str(k) for k in predictions]
    return pd.DataFrame({
        "candidate": names,
        "epsilon": [eps.get(n, math.inf) if eps is not None else default_eps for n in names],
        "accuracy": (preds == y[None, :]).mean(axis=1),
        "gap": _gaps(y, preds, codes, groups, gap),
        "selection_rate": preds.mean(axis=1),
    })


# ----------------------------------------------------------------------------- frontier
def _check_objectives(table, objectives, name: str = "candidates") -> dict[str, str]:
    objectives = dict(OBJECTIVES if objectives is None else objectives)
    if not objectives:
        raise ValueError("objectives must name at least one column")
    for col, direction in objectives.items():
        if direction not in ("max", "min"):
            raise ValueError(BAD_DIRECTION.format(column=col, value=direction))
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    if len(table) == 0:
        raise ValueError(EMPTY_CANDIDATES.format(name=name))
    check_columns(table, list(objectives), name)
    for col in objectives:
        check_no_nan(table[col], f"{name}[{col!r}]")
    return objectives


def _oriented(table: pd.DataFrame, objectives: Mapping[str, str]) -> np.ndarray:
    """Objective values with the sign flipped for 'min' columns, so larger is better."""
    cols = [table[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
            for c, d in objectives.items()]
    return np.column_stack(cols)


def dominates(a: Mapping[str, float], b: Mapping[str, float],
              objectives: Mapping[str, str] | None = None) -> bool:
    """Whether candidate `a` dominates `b`: at least as good everywhere, better somewhere.

    Parameters
    ----------
    a, b : mapping (dict or Series) of objective name to value
    objectives : mapping of str to {"max", "min"}, optional
        Default :data:`OBJECTIVES`.

    Examples
    --------
    >>> dominates({"accuracy": 0.8, "gap": 0.1}, {"accuracy": 0.8, "gap": 0.2},
    ...           {"accuracy": "max", "gap": "min"})
    True
    """
    table = pd.DataFrame([dict(a), dict(b)])
    objectives = _check_objectives(table, objectives, "candidates")
    va, vb = _oriented(table, objectives)
    return bool(np.all(va >= vb) and np.any(va > vb))


def pareto_mask(table: pd.DataFrame, objectives: Mapping[str, str] | None = None) -> np.ndarray:
    """Boolean mask of the Pareto-efficient rows of `table`.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per candidate, with a column per objective.
    objectives : mapping of str to {"max", "min"}, optional
        Objective columns and directions; default :data:`OBJECTIVES`.

    Returns
    -------
    numpy.ndarray of bool
        True where no other row dominates the row. Identical rows are all kept.

    Raises
    ------
    ValueError
        If `table` is empty (:data:`EMPTY_CANDIDATES`), an objective column is missing or has
        NaN, or a direction is not "max"/"min" (:data:`BAD_DIRECTION`).
    """
    objectives = _check_objectives(table, objectives)
    v = _oriented(table, objectives)
    ge = np.all(v[:, None, :] >= v[None, :, :], axis=2)  # ge[i, j]: i at least as good as j
    gt = np.any(v[:, None, :] > v[None, :, :], axis=2)
    dominated = np.any(ge & gt, axis=0)  # some i dominates j
    return ~dominated


def pareto_front(table: pd.DataFrame, objectives: Mapping[str, str] | None = None
                 ) -> pd.DataFrame:
    """The Pareto-efficient candidates (the frontier), in their original order.

    Parameters and errors as for :func:`pareto_mask`.

    Returns
    -------
    pandas.DataFrame
        The rows of `table` that no other row dominates (index kept).

    Examples
    --------
    >>> t = pd.DataFrame({"accuracy": [0.80, 0.82, 0.78], "gap": [0.05, 0.10, 0.08],
    ...                   "epsilon": [1.0, 1.0, 1.0]})
    >>> pareto_front(t).index.tolist()
    [0, 1]
    """
    return table.loc[pareto_mask(table, objectives)]


def _check_constraints(constraints, objectives) -> dict[str, float]:
    if constraints is None:
        return {}
    if not isinstance(constraints, Mapping):
        raise TypeError(f"constraints must be a mapping of objective -> bound, "
                        f"got {type(constraints).__name__}")
    out = {}
    for col, bound in constraints.items():
        if col not in objectives:
            raise ValueError(UNKNOWN_CONSTRAINT.format(column=col, objectives=list(objectives)))
        if bound is None:
            continue
        if isinstance(bound, bool) or not isinstance(bound, numbers.Real) or math.isnan(bound):
            raise ValueError(BAD_BOUND.format(column=col, value=bound))
        out[col] = float(bound)
    return out


def _describe(constraints: Mapping[str, float], objectives: Mapping[str, str]) -> str:
    if not constraints:
        return "{}"
    return ", ".join(f"{c} {'>=' if objectives[c] == 'max' else '<='} {b:g}"
                     for c, b in constraints.items())


def feasible_mask(table: pd.DataFrame, constraints: Mapping[str, float] | None,
                  objectives: Mapping[str, str] | None = None) -> np.ndarray:
    """Boolean mask of the rows that meet every constraint.

    A constraint on a 'max' objective is a lower bound (``accuracy >= 0.80``), on a 'min'
    objective an upper bound (``gap <= 0.05``). Bounds are inclusive (met *exactly* counts),
    up to a floating-point slack of ``1e-9``. A bound of None is ignored.

    Returns
    -------
    numpy.ndarray of bool
    """
    objectives = _check_objectives(table, objectives)
    bounds = _check_constraints(constraints, objectives)
    ok = np.ones(len(table), dtype=bool)
    for col, bound in bounds.items():
        v = table[col].to_numpy(dtype=float)
        ok &= (v >= bound - TOLERANCE) if objectives[col] == "max" else (v <= bound + TOLERANCE)
    return ok


def choose_operating_point(table: pd.DataFrame, constraints: Mapping[str, float] | None = None,
                           *, objective: str = "accuracy",
                           objectives: Mapping[str, str] | None = None) -> pd.Series:
    """Choose the candidate that best meets stated constraints.

    Among the candidates that meet every constraint (see :func:`feasible_mask`), take the
    best on `objective`; break ties on the other objectives in the order of `objectives`,
    then by position in `table`. The chosen point is always on the Pareto frontier.

    Parameters
    ----------
    table : pandas.DataFrame
        Candidates with one column per objective.
    constraints : mapping of str to float, optional
        Bounds by objective, e.g. ``{"gap": 0.05, "epsilon": 3.0}`` (gap at most 0.05,
        ε at most 3) or ``{"accuracy": 0.8}`` (accuracy at least 0.8).
    objective : str, default "accuracy"
        The objective to optimise among feasible candidates.
    objectives : mapping of str to {"max", "min"}, optional
        Default :data:`OBJECTIVES`.

    Returns
    -------
    pandas.Series
        The chosen row (its ``name`` is the row's index label).

    Raises
    ------
    ValueError
        If `table` is empty (:data:`EMPTY_CANDIDATES`), no candidate meets the constraints
        (:data:`NO_FEASIBLE`), a constraint names a column that is not an objective
        (:data:`UNKNOWN_CONSTRAINT`), or `objective` is not an objective
        (:data:`BAD_OBJECTIVE`).

    Examples
    --------
    >>> t = pd.DataFrame({"accuracy": [0.80, 0.82, 0.78], "gap": [0.05, 0.10, 0.02],
    ...                   "epsilon": [1.0, 1.0, 1.0]})
    >>> choose_operating_point(t, {"gap": 0.05}).name
    0
    """
    objectives = _check_objectives(table, objectives)
    if objective not in objectives:
        raise ValueError(BAD_OBJECTIVE.format(objectives=list(objectives), value=objective))
    bounds = _check_constraints(constraints, objectives)
    ok = feasible_mask(table, bounds, objectives)
    if not ok.any():
        raise ValueError(NO_FEASIBLE.format(constraints=_describe(bounds, objectives),
                                            count=len(table)))
    order = [objective] + [c for c in objectives if c != objective]
    v = _oriented(table, {c: objectives[c] for c in order})[ok]
    positions = np.flatnonzero(ok)
    # np.lexsort sorts by the last key first; negate so that larger (better) comes first.
    keys = [positions] + [-v[:, i] for i in range(len(order) - 1, -1, -1)]
    best = positions[np.lexsort(keys)[0]]
    return table.iloc[best]


@dataclass(frozen=True)
class TradeoffChoice:
    """What the trade-off explorer shows for one setting of the constraints.

    Attributes
    ----------
    frontier : numpy.ndarray of bool
        Pareto-efficient rows (over all objectives).
    feasible : numpy.ndarray of bool
        Rows meeting every constraint.
    chosen : pandas.Series or None
        The chosen row, None when no candidate is feasible.
    message : str
        One line in plain words (the choice, or why there is none).
    """

    frontier: np.ndarray
    feasible: np.ndarray
    chosen: pd.Series | None
    message: str


def explore_tradeoffs(table: pd.DataFrame, constraints: Mapping[str, float] | None = None, *,
                      objective: str = "accuracy",
                      objectives: Mapping[str, str] | None = None,
                      frontier: np.ndarray | None = None) -> TradeoffChoice:
    """Frontier, feasible set and choice for one setting of the constraints (never raises
    for an infeasible setting: the message says so instead).

    Parameters
    ----------
    table, constraints, objective, objectives
        As for :func:`choose_operating_point`.
    frontier : numpy.ndarray of bool, optional
        A precomputed :func:`pareto_mask` of `table` (the explorer computes it once).

    Returns
    -------
    TradeoffChoice
    """
    objectives = _check_objectives(table, objectives)
    mask = pareto_mask(table, objectives) if frontier is None else np.asarray(frontier, bool)
    ok = feasible_mask(table, constraints, objectives)
    bounds = _check_constraints(constraints, objectives)
    if not ok.any():
        return TradeoffChoice(mask, ok, None, NO_FEASIBLE.format(
            constraints=_describe(bounds, objectives), count=len(table)))
    chosen = choose_operating_point(table, bounds, objective=objective, objectives=objectives)
    label = chosen["candidate"] if "candidate" in chosen.index else chosen.name
    parts = [f"{c} {chosen[c]:.3f}" if np.isfinite(chosen[c]) else f"{c} ∞"
             for c in objectives]
    message = (f"{int(ok.sum())} of {len(table)} candidates meet the constraints "
               f"({_describe(bounds, objectives)}); best {objective}: {label} — "
               + ", ".join(parts))
    return TradeoffChoice(mask, ok, chosen, message)

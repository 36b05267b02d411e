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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    NOT_A_FRAME,
    check_binary,
    check_columns,
    check_in,
    check_no_nan,
    check_real,
    check_same_length,
)
from ..fairness import GAP_METRICS, encode_groups, group_gap, group_rates, overall_rates

__all__ = [
    "OBJECTIVES",
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

_EMPTY_CANDIDATES = "{name} is empty: there are no candidates to compare; give at least one"
_NO_FEASIBLE = (
    "no candidate meets the constraints {constraints} ({count} candidate(s) checked); "
    "relax a constraint or add candidates"
)
_UNKNOWN_CONSTRAINT = (
    "constraints name {column!r}, which is not one of the objectives {objectives}; "
    "a constraint bounds an objective"
)
_BAD_SCORES = "{name} must hold real numbers, got dtype {dtype}"
_NO_MITIGATION_GROUP = "mitigation_group is required when a mitigation strength is not 0"

#: Constraint comparisons allow this much floating-point slack (0.1 + 0.2 <= 0.3 is True).
TOLERANCE = 1e-9


# ----------------------------------------------------------------------------- metrics
def _candidate_measures(y: np.ndarray, preds: np.ndarray, groups, metric: str) -> dict:
    """Accuracy, gap and selection rate of each row of `preds` (candidates × samples).

    All three come from the engine; a group without the positives/negatives the gap needs
    raises (fail closed), naming the group.
    """
    table = group_rates(y, preds.T, groups, min_group_size=1)
    gaps = group_gap(table, metric, undefined="raise")
    overall = overall_rates(y, preds.T)
    return {"accuracy": overall["accuracy"].to_numpy(float),
            "gap": gaps["difference"].to_numpy(float),
            "selection_rate": overall["selection_rate"].to_numpy(float)}


# ----------------------------------------------------------------------------- candidates
def _check_scores(scores, name: str) -> np.ndarray:
    check_no_nan(scores, name)
    arr = np.asarray(scores)
    if arr.dtype.kind not in "fiu":
        raise TypeError(_BAD_SCORES.format(name=name, dtype=arr.dtype))
    return arr.astype(float).ravel()


def _check_epsilon(value, name: str) -> float:
    """ε > 0; ``math.inf`` means no privacy guarantee."""
    return check_real(value, name, low=0, closed="neither", allow_inf=True)


def evaluate_thresholds(y_true, scores, *, sensitive_features, thresholds: Sequence[float],
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
    sensitive_features : array-like
        Group of each row (at least two groups).
    thresholds : sequence of float
        Decision thresholds to try (non-empty).
    gap : str, default "tpr"
        The fairness gap, one of :data:`responsible_ml.fairness.GAP_METRICS`.
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
    check_same_length(y, sensitive_features, "y_true", "sensitive_features")
    check_in(gap, GAP_METRICS, "gap")
    thr = np.asarray(list(thresholds), dtype=float).ravel()
    if thr.size == 0:
        raise ValueError(_EMPTY_CANDIDATES.format(name="thresholds"))
    mit = np.asarray(list(mitigation), dtype=float).ravel()
    if mit.size == 0:
        raise ValueError(_EMPTY_CANDIDATES.format(name="mitigation"))
    epsilon = _check_epsilon(epsilon, "epsilon")
    groups = encode_groups(sensitive_features)
    if np.any(mit != 0):
        if mitigation_group is None:
            raise ValueError(_NO_MITIGATION_GROUP)
        check_in(str(mitigation_group), groups.labels, "mitigation_group")
        in_m = groups.codes == groups.labels.index(str(mitigation_group))
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
        **_candidate_measures(y, preds, groups, gap),
    })


def evaluate_candidates(y_true, predictions: Mapping[str, object], *, sensitive_features,
                        gap: str = "tpr", epsilon: float | Mapping[str, float] = math.inf
                        ) -> pd.DataFrame:
    """Evaluate candidates given by their decisions (one 0/1 array per candidate).

    Parameters
    ----------
    y_true : array-like of 0/1
        True labels.
    predictions : mapping of str to array-like of 0/1
        Decisions of each candidate, by candidate name (non-empty).
    sensitive_features : array-like
        Group of each row.
    gap : str, default "tpr"
        The fairness gap, one of :data:`responsible_ml.fairness.GAP_METRICS`.
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
        raise ValueError(_EMPTY_CANDIDATES.format(name="predictions"))
    check_in(gap, GAP_METRICS, "gap")
    y = check_binary(y_true, "y_true")
    check_same_length(y, sensitive_features, "y_true", "sensitive_features")
    rows = []
    for name, pred in predictions.items():
        p = check_binary(pred, f"predictions[{name!r}]")
        check_same_length(y, p, "y_true", f"predictions[{name!r}]")
        rows.append(p)
    groups = encode_groups(sensitive_features)
    preds = np.stack(rows).astype(np.int8)
    eps = {str(k): _check_epsilon(v, f"epsilon[{k!r}]") for k, v in epsilon.items()} \
        if isinstance(epsilon, Mapping) else None
    default_eps = math.inf if eps is not None else _check_epsilon(epsilon, "epsilon")
    names = [str(k) for k in predictions]
    return pd.DataFrame({
        "candidate": names,
        "epsilon": [eps.get(n, math.inf) if eps is not None else default_eps for n in names],
        **_candidate_measures(y, preds, groups, gap),
    })


# ----------------------------------------------------------------------------- frontier
def _check_objectives(table, objectives, name: str = "candidates") -> dict[str, str]:
    objectives = dict(OBJECTIVES if objectives is None else objectives)
    if not objectives:
        raise ValueError("objectives must name at least one column")
    for col, direction in objectives.items():
        check_in(direction, ("max", "min"), f"objectives[{col!r}]")
    if not isinstance(table, pd.DataFrame):
        raise TypeError(NOT_A_FRAME.format(name=name, type_name=type(table).__name__))
    if len(table) == 0:
        raise ValueError(_EMPTY_CANDIDATES.format(name=name))
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
            raise ValueError(_UNKNOWN_CONSTRAINT.format(column=col, objectives=list(objectives)))
        if bound is None:
            continue
        out[col] = check_real(bound, f"constraints[{col!r}]", allow_inf=True)
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
    check_in(objective, objectives, "objective")
    bounds = _check_constraints(constraints, objectives)
    ok = feasible_mask(table, bounds, objectives)
    if not ok.any():
        raise ValueError(_NO_FEASIBLE.format(constraints=_describe(bounds, objectives),
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
        return TradeoffChoice(mask, ok, None, _NO_FEASIBLE.format(
            constraints=_describe(bounds, objectives), count=len(table)))
    chosen = choose_operating_point(table, bounds, objective=objective, objectives=objectives)
    label = chosen["candidate"] if "candidate" in chosen.index else chosen.name
    parts = [f"{c} {chosen[c]:.3f}" if np.isfinite(chosen[c]) else f"{c} ∞"
             for c in objectives]
    message = (f"{int(ok.sum())} of {len(table)} candidates meet the constraints "
               f"({_describe(bounds, objectives)}); best {objective}: {label} — "
               + ", ".join(parts))
    return TradeoffChoice(mask, ok, chosen, message)

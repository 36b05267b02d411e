"""Trade-off frontier: keep the Pareto-efficient candidates, check constraints, choose the one
that best meets them.

The candidates are evaluated in :mod:`._candidates` (:func:`evaluate_thresholds`, gaps from
the fairness engine). A *candidate* is one way of running the system: a model, a decision threshold, a mitigation
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

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    NOT_A_FRAME,
    check_columns,
    check_in,
    check_no_nan,
    check_real,
)
from ._common import _EMPTY_CANDIDATES

__all__ = [
    "OBJECTIVES",
    "pareto_mask",
    "pareto_front",
    "feasible_mask",
    "choose_operating_point",
    "explore_tradeoffs",
]

#: Default objectives of a frontier and their direction.
OBJECTIVES: dict[str, str] = {"accuracy": "max", "gap": "min", "epsilon": "min"}

_NO_FEASIBLE = (
    "no candidate meets the constraints {constraints} ({count} candidate(s) checked); "
    "relax a constraint or add candidates"
)
_UNKNOWN_CONSTRAINT = (
    "constraints name {column!r}, which is not one of the objectives {objectives}; "
    "a constraint bounds an objective"
)

_NO_OBJECTIVES = "objectives must name at least one column"
_NOT_A_CONSTRAINT_MAP = "constraints must be a mapping of objective -> bound, got {type_name}"

#: Constraint comparisons allow this much floating-point slack (0.1 + 0.2 <= 0.3 is True).
TOLERANCE = 1e-9


# ----------------------------------------------------------------------------- frontier
def _check_objectives(table, objectives, name: str = "candidates") -> dict[str, str]:
    objectives = dict(OBJECTIVES if objectives is None else objectives)
    if not objectives:
        raise ValueError(_NO_OBJECTIVES)
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
    TypeError
        If `table` is not a DataFrame (``NOT_A_FRAME``).
    ValueError
        If `objectives` is empty (``_NO_OBJECTIVES``), `table` is empty
        (``_EMPTY_CANDIDATES``), an objective column is missing (``UNKNOWN_COLUMNS``) or has
        NaN (``HAS_NAN``), or a direction is not "max"/"min" (``NOT_IN_OPTIONS``).
    """
    objectives = _check_objectives(table, objectives)
    v = _oriented(table, objectives)
    # Cull: keep a running front of rows no row seen so far dominates. Each new row is compared with
    # the front only: if a front member dominates it, it is out; otherwise it joins, and the members
    # it dominates leave. A row dropped from the front was dominated by one that stayed (or by one that
    # dominated it in turn), so comparing with the front alone is enough (dominance is transitive).
    front = np.zeros(len(v), dtype=bool)
    for row in range(len(v)):
        members = np.flatnonzero(front)
        better = v[members] > v[row]  # better[k, c]: front member k beats the row on objective c
        worse = v[members] < v[row]
        if np.any(better.any(axis=1) & ~worse.any(axis=1)):
            continue
        front[members[worse.any(axis=1) & ~better.any(axis=1)]] = False
        front[row] = True
    return front


def pareto_front(table: pd.DataFrame, objectives: Mapping[str, str] | None = None
                 ) -> pd.DataFrame:
    """The Pareto-efficient candidates (the frontier), in their original order.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per candidate, with a column per objective.
    objectives : mapping of str to {"max", "min"}, optional
        Objective columns and directions; default :data:`OBJECTIVES`.

    Returns
    -------
    pandas.DataFrame
        The rows of `table` that no other row dominates (index kept).

    Raises
    ------
    TypeError, ValueError
        As :func:`pareto_mask`.

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
        raise TypeError(_NOT_A_CONSTRAINT_MAP.format(type_name=type(constraints).__name__))
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

    Parameters
    ----------
    table : pandas.DataFrame
        One row per candidate, with a column per objective.
    constraints : mapping of str to float, or None
        Bound per objective column (may be ``math.inf``); None means no constraint.
    objectives : mapping of str to {"max", "min"}, optional
        Objective columns and directions; default :data:`OBJECTIVES`.

    Returns
    -------
    numpy.ndarray of bool
        True for each row of `table` that meets every constraint.

    Raises
    ------
    TypeError
        If `table` is not a DataFrame, `constraints` not a mapping
        (``_NOT_A_CONSTRAINT_MAP``), or a bound not a number.
    ValueError
        If `table` is empty or an objective column is missing or has NaN, a direction is
        not "max"/"min", a constraint names a column that is not an objective
        (``_UNKNOWN_CONSTRAINT``) or a bound is NaN.
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
    TypeError
        As :func:`feasible_mask` (a table that is not a DataFrame, constraints that are not
        a mapping, a bound that is not a number).
    ValueError
        If `table` is empty (``_EMPTY_CANDIDATES``), no candidate meets the constraints
        (``_NO_FEASIBLE``), a constraint names a column that is not an objective
        (``_UNKNOWN_CONSTRAINT``), or `objective` is not an objective (``NOT_IN_OPTIONS``).

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

"""Counterfactual explanations: what is the smallest change that flips a decision?

* :func:`counterfactual` — the smallest change to actionable features (inside declared
  ranges, immutable features fixed) that flips the decision; a bounded grid search that
  raises :class:`NoCounterfactualError` instead of searching forever;
* :func:`explain_person` — the local contributions (:mod:`._contributions`) and the
  counterfactual of one person in one call (the explanation widget).
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame, check_integer
from ._common import (
    _BAD_RANGE,
    _IMMUTABLE_ACTIONABLE,
    _NO_ACTIONABLE,
    _NO_COUNTERFACTUAL,
    _frame_like,
    check_features,
    check_fitted,
)
from ._contributions import as_row, local_contributions, model_score

__all__ = [
    "NoCounterfactualError",
    "explain_person",
    "counterfactual",
]

_TOO_MANY_CANDIDATES = (
    "the counterfactual search would try {count} candidates (limit {limit}); use fewer "
    "steps, fewer actionable features or a smaller max_changes"
)


class NoCounterfactualError(ValueError):
    """No change within the declared bounds flips the decision (:data:`NO_COUNTERFACTUAL`)."""


@dataclass(frozen=True)
class Counterfactual:
    """The result of :func:`counterfactual`.

    Attributes
    ----------
    original, counterfactual : pandas.Series
        The person before and after the change (all model inputs).
    changes : pandas.DataFrame
        One row per changed feature: ``feature``, ``from``, ``to``, ``distance`` (the
        change in standard deviations of the feature in the reference data; 1 for a
        category switch).
    distance : float
        Sum of the per-feature distances (the quantity the search minimises).
    decision_before, decision_after : int
        The model's decision for the original and the changed person.
    score_before, score_after : float
        The model's probability of class 1 (NaN when it has no ``predict_proba``).
    n_candidates : int
        How many candidate changes were tried.
    """

    original: pd.Series
    counterfactual: pd.Series
    changes: pd.DataFrame
    distance: float
    decision_before: int
    decision_after: int
    score_before: float
    score_after: float
    n_candidates: int

    def describe(self) -> str:
        """One sentence: what would need to change, and how the decision moves."""
        parts = []
        for r in self.changes.to_dict("records"):
            parts.append(f"{r['feature']} from {_fmt(r['from'])} to {_fmt(r['to'])}")
        text = " and ".join(parts)
        return (f"Change {text}: the decision goes from {self.decision_before} to "
                f"{self.decision_after} (score {self.score_before:.2f} → "
                f"{self.score_after:.2f}).")


def _fmt(value: Any) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):g}"
    return str(value)


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and not (
        isinstance(x, float) and math.isnan(x))


def _counterfactual_grid(spec: Any, feature: str, steps: int = 11) -> np.ndarray:
    """The candidate values of one actionable feature.

    Parameters
    ----------
    spec : tuple or sequence
        ``(low, high)`` → `steps` evenly spaced values from low to high;
        ``(low, high, step)`` → ``low, low + step, …`` up to high; any other sequence
        (a list, an array) → exactly those values (e.g. categories ``["laptop"]``).
    feature : str
        Feature name (for error messages).
    steps : int, default 11
        Grid size for ``(low, high)``.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        A tuple that is not ``(low, high[, step])`` with ``low <= high`` and ``step > 0``,
        or an empty list (:data:`BAD_RANGE`).
    """
    if isinstance(spec, tuple):
        ok = len(spec) in (2, 3) and all(_is_number(v) for v in spec) and spec[0] <= spec[1]
        if ok and len(spec) == 3:
            ok = spec[2] > 0
        if not ok:
            raise ValueError(_BAD_RANGE.format(name="actionable", feature=feature, value=spec))
        low, high = float(spec[0]), float(spec[1])
        if len(spec) == 2:
            return np.linspace(low, high, steps) if high > low else np.array([low])
        step = float(spec[2])
        count = int(math.floor((high - low) / step + 1e-9)) + 1
        values = np.round(low + step * np.arange(count), 10)
        if all(isinstance(v, numbers.Integral) for v in spec):
            values = values.astype(np.int64)
        return values
    if isinstance(spec, str) or not isinstance(spec, Iterable):
        raise ValueError(_BAD_RANGE.format(name="actionable", feature=feature, value=spec))
    values = list(spec)
    if not values:
        raise ValueError(_BAD_RANGE.format(name="actionable", feature=feature, value=spec))
    return np.asarray(values, dtype=object if not all(_is_number(v) for v in values) else None)


def _decide(model: Any, frame: pd.DataFrame, threshold: float | None) -> np.ndarray:
    """The decision for each row: ``model.predict``, or ``predict_proba >= threshold``."""
    if threshold is None:
        return np.asarray(model.predict(frame)).astype(np.int64)
    return (model_score(model, frame) >= threshold).astype(np.int64)


def _scores(model: Any, frame: pd.DataFrame) -> np.ndarray:
    if hasattr(model, "predict_proba"):
        return model_score(model, frame)
    return np.full(len(frame), np.nan)


def counterfactual(
    model: Any,
    X: pd.DataFrame,
    row: Any,
    actionable: Mapping[str, Any],
    *,
    immutable: Iterable[str] = (),
    steps: int = 11,
    max_changes: int = 2,
    target: int | None = None,
    threshold: float | None = None,
    max_candidates: int = 200_000,
) -> Counterfactual:
    """The smallest change to actionable features that flips a model's decision.

    A bounded, exhaustive grid search: every way of changing at most `max_changes` of the
    actionable features to values on their grids is tried (in batches), and the flipping
    change with the smallest distance wins. Distance = sum over changed features of
    ``|new − old| / sd`` (sd of the feature in `X`; a category switch counts 1). Ties go
    to fewer changed features, then to the first in the order of `actionable` and of the
    grids. All other features, in particular the `immutable` ones, keep their values.

    Parameters
    ----------
    model : fitted classifier or Pipeline
    X : pandas.DataFrame
        Reference data in the model's input columns (gives the sds and dtypes).
    row : pandas.Series or one-row DataFrame
        The person.
    actionable : mapping of feature to grid spec
        What the person could change and within which bounds: ``(low, high)``,
        ``(low, high, step)`` or a list of allowed values (see :func:`_counterfactual_grid`).
    immutable : iterable of str
        Features that must not change (age, background, ...). Checked to exist and not to
        be actionable; every non-actionable feature is held fixed anyway.
    steps : int, default 11
        Grid size for ``(low, high)`` ranges.
    max_changes : int, default 2
        Most features changed at once (≥ 1).
    target : int, optional
        The decision wanted; default the opposite of the current one.
    threshold : float, optional
        Decide with ``predict_proba >= threshold`` instead of ``model.predict``.
    max_candidates : int, default 200000
        Refuse searches larger than this (:data:`TOO_MANY_CANDIDATES`).

    Returns
    -------
    Counterfactual

    Raises
    ------
    ValueError
        :data:`NO_COUNTERFACTUAL` (as :class:`NoCounterfactualError`, a ValueError) when
        no change within the bounds flips the decision;
        unfitted model; unknown, immutable-and-actionable or no actionable features;
        bad ranges; a search larger than `max_candidates`.
    TypeError
        `row` is not one row.

    Examples
    --------
    >>> cf = counterfactual(model, X, X.iloc[0], {"hours_per_week": (2, 20, 1)},
    ...                     immutable=["age"])  # doctest: +SKIP
    >>> cf.describe()  # doctest: +SKIP
    'Change hours_per_week from 6.5 to 9: the decision goes from 0 to 1 (score 0.43 → 0.52).'
    """
    check_frame(X, "X")
    check_fitted(model)
    if not isinstance(actionable, Mapping) or not actionable:
        raise ValueError(_NO_ACTIONABLE.format(name="actionable"))
    feats = check_features(X, list(actionable))
    fixed = check_features(X, [immutable] if isinstance(immutable, str) else list(immutable))
    for f in fixed:
        if f in actionable:
            raise ValueError(_IMMUTABLE_ACTIONABLE.format(feature=f))
    steps = check_integer(steps, "steps", low=2)
    max_changes = check_integer(max_changes, "max_changes", low=1)
    person = as_row(row, X)
    grids = {}
    scales = {}
    for f in feats:
        grid = _counterfactual_grid(actionable[f], f, steps)
        current = person.loc[0, f]
        grid = np.asarray([v for v in grid if not _same(v, current)], dtype=grid.dtype)
        grids[f] = grid
        numeric = pd.api.types.is_numeric_dtype(X[f]) and not pd.api.types.is_bool_dtype(X[f])
        sd = float(X[f].std()) if numeric else math.nan
        scales[f] = sd if numeric and sd > 0 else (1.0 if numeric else math.nan)
    decision0 = int(_decide(model, person, threshold)[0])
    want = 1 - decision0 if target is None else int(target)

    combos = [c for k in range(1, max_changes + 1) for c in itertools.combinations(feats, k)]
    total = sum(math.prod(len(grids[f]) for f in c) for c in combos)
    if total > max_candidates:
        raise ValueError(_TOO_MANY_CANDIDATES.format(count=total, limit=max_candidates))

    best = None  # (key, combo, values, decision, score, distance)
    pending: list = []  # blocks (combo, index arrays, distance, order offset) not yet scored

    def flush():
        nonlocal best
        if not pending:
            return
        sizes = [len(block[2]) for block in pending]
        columns = {c: np.repeat(np.asarray(person[c], dtype=object), sum(sizes))
                   for c in X.columns}
        start = 0
        for combo, index, _, _ in pending:
            n = len(index[0])
            for f, idx in zip(combo, index, strict=True):
                if columns[f].dtype != object:
                    columns[f] = columns[f].astype(object)
                columns[f][start:start + n] = grids[f][idx]
            start += n
        decisions = _decide(model, _frame_like(columns, X), threshold)
        start = 0
        for (combo, index, distance, offset), n in zip(pending, sizes, strict=True):
            hits = np.flatnonzero(decisions[start:start + n] == want)
            if len(hits):
                i = hits[np.argmin(distance[hits])]
                key = (round(float(distance[i]), 12), len(combo), offset + int(i))
                if best is None or key < best[0]:
                    values = [grids[f][idx[i]] for f, idx in zip(combo, index, strict=True)]
                    best = (key, combo, values, int(decisions[start + i]),
                            float(distance[i]))
            start += n
        pending.clear()

    order = 0
    batch_rows = 0
    for combo in combos:
        if any(len(grids[f]) == 0 for f in combo):
            continue
        index = np.meshgrid(*[np.arange(len(grids[f])) for f in combo], indexing="ij")
        index = [i.ravel() for i in index]
        n = len(index[0])
        distance = np.zeros(n)
        for f, idx in zip(combo, index, strict=True):
            if math.isnan(scales[f]):
                distance += 1.0
            else:
                distance += np.abs(grids[f][idx].astype(float) - float(person.loc[0, f])) \
                    / scales[f]
        pending.append((combo, index, distance, order))
        order += n
        batch_rows += n
        if batch_rows >= 20_000:  # score in batches: few model calls, bounded memory
            flush()
            batch_rows = 0
    flush()
    if best is None:
        raise NoCounterfactualError(_NO_COUNTERFACTUAL.format(
            features=", ".join(map(repr, feats)), max_changes=max_changes,
            current=decision0, target=want))
    _, combo, values, decision1, dist = best
    changed = person.copy()
    rows = []
    for f, v in zip(combo, values, strict=True):
        v = v.item() if isinstance(v, np.generic) else v
        old = person.loc[0, f]
        old = old.item() if isinstance(old, np.generic) else old
        changed[f] = _frame_like({f: np.asarray([v], dtype=object)}, X[[f]])[f]
        d = 1.0 if math.isnan(scales[f]) else abs(float(v) - float(old)) / scales[f]
        rows.append({"feature": f, "from": old, "to": v, "distance": d})
    score0, score1 = _scores(model, pd.concat([person, changed], ignore_index=True))
    return Counterfactual(
        original=person.iloc[0], counterfactual=changed.iloc[0],
        changes=pd.DataFrame(rows, columns=["feature", "from", "to", "distance"]),
        distance=dist, decision_before=decision0, decision_after=decision1,
        score_before=float(score0), score_after=float(score1), n_candidates=total,
    )


def _same(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
    return a == b


@dataclass(frozen=True)
class PersonExplanation:
    """Everything the explanation widget shows for one person (see :func:`explain_person`).

    Attributes
    ----------
    contributions : pandas.DataFrame
        From :func:`local_contributions` (probability scale).
    counterfactual : Counterfactual or None
        None when no counterfactual exists within the bounds.
    summary : str
        The counterfactual's :meth:`Counterfactual.describe`, or the reason there is none.
    """

    contributions: pd.DataFrame
    counterfactual: Counterfactual | None
    summary: str


def explain_person(model: Any, X: pd.DataFrame, row: Any, actionable: Mapping[str, Any], *,
                   immutable: Iterable[str] = (), max_changes: int = 2, steps: int = 11,
                   threshold: float | None = None,
                   reference_rows: pd.DataFrame | None = None) -> PersonExplanation:
    """Local contributions and counterfactual for one person, in one call.

    A "no counterfactual within bounds" outcome is part of the answer (``counterfactual``
    None, the reason in ``summary``) rather than an error; other errors propagate.

    Parameters
    ----------
    model, X, row, actionable, immutable, max_changes, steps, threshold
        As in :func:`counterfactual`.
    reference_rows : pandas.DataFrame, optional
        Rows the local contributions compare with (default: 200 rows drawn from `X`, as
        :func:`local_contributions` does). A widget draws them once and passes them here.

    Returns
    -------
    PersonExplanation
    """
    if reference_rows is None:
        contributions = local_contributions(model, X, row)
    else:
        contributions = local_contributions(model, reference_rows, row,
                                            reference=len(reference_rows))
    try:
        cf = counterfactual(model, X, row, actionable, immutable=immutable, steps=steps,
                            max_changes=max_changes, threshold=threshold)
    except NoCounterfactualError as err:
        return PersonExplanation(contributions, None, str(err))
    return PersonExplanation(contributions, cf, cf.describe())

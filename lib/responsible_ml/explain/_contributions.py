"""Local explanations: why *this* decision — which inputs pushed one person's score.

* :func:`local_contributions` — model-agnostic: replace one feature at a time with a
  baseline value (its mean or most common value) and see how much the score moves.

What would *change* the decision is in :mod:`._counterfactual`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame, check_in, check_integer
from ._common import (
    _NO_SCORE,
    _NOT_A_ROW,
    _UNKNOWN_FEATURE,
    _frame_like,
    _sort_by_magnitude,
    check_features,
    check_fitted,
)

__all__ = ["local_contributions"]

#: Scales :func:`local_contributions` can explain.
OUTPUTS = ("probability", "log_odds")


def as_row(row: Any, X: pd.DataFrame, name: str = "row") -> pd.DataFrame:
    """One person as a one-row DataFrame with the columns and dtypes of `X`.

    Parameters
    ----------
    row : pandas.Series or one-row DataFrame
        The person (extra fields, e.g. the label, are ignored).
    X : pandas.DataFrame
        Reference data whose columns the model expects.
    name : str
        Argument name used in error messages.

    Raises
    ------
    TypeError
        If `row` is neither a Series nor a one-row DataFrame (:data:`NOT_A_ROW`).
    ValueError
        If `row` lacks a column of `X` (:data:`UNKNOWN_FEATURE`).
    """
    if isinstance(row, pd.Series):
        frame = row.to_frame().T
    elif isinstance(row, pd.DataFrame) and len(row) == 1:
        frame = row
    else:
        kind = f"a DataFrame with {len(row)} rows" if isinstance(row, pd.DataFrame) else \
            type(row).__name__
        raise TypeError(_NOT_A_ROW.format(name=name, type_name=kind))
    missing = [c for c in X.columns if c not in frame.columns]
    if missing:
        raise ValueError(_UNKNOWN_FEATURE.format(
            name=name, missing=", ".join(map(repr, missing)),
            available=", ".join(map(repr, frame.columns))))
    frame = frame[list(X.columns)].reset_index(drop=True)
    return frame.astype(X.dtypes.to_dict())


def model_score(model: Any, X: pd.DataFrame, output: str = "probability") -> np.ndarray:
    """The model's score for class 1: a probability, or log-odds.

    Parameters
    ----------
    model : fitted classifier
        ``output="probability"`` needs ``predict_proba``. ``output="log_odds"`` uses
        ``decision_function`` when the model has it (exact log-odds for logistic regression;
        for other models, e.g. a linear SVM, it is their margin, not a log-odds), else the
        logit of ``predict_proba``.
    X : pandas.DataFrame
        Rows to score.
    output : {"probability", "log_odds"}, default "probability"

    Returns
    -------
    numpy.ndarray of float
        One score per row.

    Raises
    ------
    TypeError
        If the model has no method giving that score (:data:`_NO_SCORE`): its 0/1
        predictions are not a probability, so they are never passed off as one.
    """
    check_in(output, OUTPUTS, "output")
    if output == "log_odds" and hasattr(model, "decision_function"):
        return np.asarray(model.decision_function(X), dtype=float)
    if hasattr(model, "predict_proba"):
        p = np.asarray(model.predict_proba(X), dtype=float)[:, 1]
        if output == "probability":
            return p
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return np.log(p / (1 - p))
    needs = "predict_proba" if output == "probability" else "predict_proba or decision_function"
    raise TypeError(_NO_SCORE.format(type_name=type(model).__name__, output=output, needs=needs))


def _baseline_values(X: pd.DataFrame, baseline: Mapping[str, Any] | None) -> dict[str, Any]:
    out = {}
    for col in X.columns:
        if baseline is not None and col in baseline:
            out[col] = baseline[col]
        elif pd.api.types.is_numeric_dtype(X[col]) and not pd.api.types.is_bool_dtype(X[col]):
            out[col] = float(X[col].mean())
        else:
            out[col] = X[col].mode(dropna=True).iloc[0]
    return out


def local_contributions(model: Any, X: pd.DataFrame, row: Any, *,
                        features: Sequence[str] | None = None,
                        baseline: Mapping[str, Any] | None = None,
                        reference: int | None = 200, random_state: int = 0,
                        output: str = "probability") -> pd.DataFrame:
    """Which features pushed one person's score up or down (model-agnostic).

    Each feature in turn is replaced, everything else kept, and the contribution is how
    much the score drops: ``score(person) − score(person with that feature replaced)``.
    The replacement is

    * with ``reference=m`` (default 200): the feature's value in each of `m` rows drawn from
      `X` (all rows when `X` has no more), the score being averaged over them — "how does
      this person compare with typical values of the feature". Tree ensembles are step
      functions, so replacing by one average value often moves nothing; averaging over
      real values does not have that problem.
    * with ``reference=None``: a single baseline value (mean for numbers, most common value
      otherwise, or the value given in `baseline`).

    For a linear model on the log-odds scale both equal ``coef × (x − mean)`` (the mean of
    the rows used). For other models the contributions
    need not add up to the total.

    Parameters
    ----------
    model : fitted classifier or Pipeline
    X : pandas.DataFrame
        Reference data, in the model's input columns (usually the training set).
    row : pandas.Series or one-row DataFrame
        The person.
    features : sequence of str, optional
        Only these features. Default: all columns of `X`.
    baseline : mapping, optional
        Fixed replacement values for some features (used in both modes).
    reference : int or None, default 200
        Number of reference rows (≥ 1), or None for single baseline values.
    random_state : int, default 0
        Seed of the draw of reference rows.
    output : {"probability", "log_odds"}, default "probability"
        Scale of the score.

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``value`` (the person's),
        ``baseline`` (mean or most common value of the feature, or the given baseline),
        ``contribution``; sorted by decreasing absolute contribution, default RangeIndex.
        ``attrs["score"]`` holds the person's score and ``attrs["baseline_score"]`` the
        average score of the reference rows (or of the all-baseline row).

    Raises
    ------
    ValueError
        Unfitted model, unknown feature, bad `output` or `reference`.
    TypeError
        `row` is not one row.
    """
    check_frame(X, "X")
    check_fitted(model)
    check_in(output, OUTPUTS, "output")
    cols = check_features(X, features) if features is not None else list(X.columns)
    if reference is not None:
        reference = check_integer(reference, "reference", low=1)
    person = as_row(row, X)
    fixed = dict(baseline or {})
    base = _baseline_values(X, baseline)
    if reference is None:
        ref = pd.DataFrame({c: [base[c]] for c in X.columns})
    elif reference < len(X):
        ref = X.sample(reference, random_state=random_state)
    else:
        ref = X
    m = len(ref)
    n = 1 + len(cols) * m + m
    columns = {}
    for col in X.columns:
        values = np.repeat(np.asarray(person[col], dtype=object), n)
        replacement = np.repeat(np.asarray([fixed[col]], dtype=object), m) if col in fixed \
            else np.asarray(ref[col], dtype=object)
        if col in cols:
            start = 1 + cols.index(col) * m
            values[start:start + m] = replacement
        values[n - m:] = replacement
        columns[col] = values
    scores = model_score(model, _frame_like(columns, X), output)
    replaced = scores[1:1 + len(cols) * m].reshape(len(cols), m).mean(axis=1)
    table = pd.DataFrame({
        "feature": cols,
        "value": [person.loc[0, c] for c in cols],
        "baseline": [base[c] for c in cols],
        "contribution": scores[0] - replaced,
    })
    table = _sort_by_magnitude(table, "contribution")
    table.attrs["score"] = float(scores[0])
    table.attrs["baseline_score"] = float(scores[n - m:].mean())
    return table



"""Messages, input checks and small helpers shared by the explain modules.

Every error raised by :mod:`responsible_ml.explain` is built from one of the module-level
constants below (or from :mod:`responsible_ml._validation`), so tests compare the exact text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_columns

__all__ = []

_NOT_FITTED = (
    "{name} is not fitted yet: call {name}.fit(X, y) before explaining it "
    "(an explanation describes a trained model)"
)
_NOT_A_MODEL = "{name} must be a fitted model with a predict method, got {type_name}"
_UNKNOWN_FEATURE = "{name} has no feature(s) {missing}; available features: {available}"
_NO_COUNTERFACTUAL = (
    "no counterfactual within bounds: no change of {features} on the grid of the given ranges "
    "(at most {max_changes} feature(s) at a time) moves the prediction from {current} to "
    "{target}; widen the ranges, use a finer grid, allow more features to change, or accept "
    "that no actionable change within these bounds flips it"
)
_BAD_RANGE = (
    "{name}[{feature!r}] must be a (low, high) pair with low <= high, got {value!r}"
)
_NOT_A_ROW = "{name} must be a single row (a Series or a one-row DataFrame), got {type_name}"
_NO_ACTIONABLE = "{name} is empty: give at least one feature the person could change"
_IMMUTABLE_ACTIONABLE = (
    "{feature!r} is both immutable and actionable; a feature cannot be both"
)
_NO_SCORE = (
    "model ({type_name}) has no {needs}, so it gives no {output!r} score (its 0/1 "
    "predictions are not one); use a classifier with predict_proba, or output='log_odds' "
    "for one with decision_function"
)
_NOT_LINEAR = (
    "{name} must be a fitted linear model with coef_ (e.g. LogisticRegression), "
    "possibly the last step of a Pipeline; got {type_name}"
)
_NOT_A_TREE = (
    "{name} must be a fitted decision tree (DecisionTreeClassifier/Regressor), possibly the "
    "last step of a Pipeline; got {type_name}"
)
_NOT_NUMERIC = "{name} {feature!r} must be numeric for this explanation, got dtype {dtype}"
_BAD_TEXT = "{name} must be a string, got {type_name}"


def check_fitted(model: Any, name: str = "model") -> Any:
    """Check that `model` has ``predict`` and is fitted (scikit-learn's own test).

    Parameters
    ----------
    model : object
        The model to check: an estimator or a Pipeline. A model that is not a scikit-learn
        estimator is accepted as long as it has ``predict``.
    name : str, default "model"
        Argument name used in the error message.

    Returns
    -------
    object
        `model`, unchanged.

    Raises
    ------
    TypeError
        If `model` has no ``predict`` method or is a class (``_NOT_A_MODEL``).
    ValueError
        If scikit-learn reports it unfitted (``_NOT_FITTED``).
    """
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    if not hasattr(model, "predict") or isinstance(model, type):
        raise TypeError(_NOT_A_MODEL.format(name=name, type_name=type(model).__name__))
    try:
        check_is_fitted(model)
    except NotFittedError:
        raise ValueError(_NOT_FITTED.format(name=name)) from None
    except TypeError:  # not a scikit-learn estimator: trust it, predict will tell
        pass
    return model


def check_features(X: pd.DataFrame, features: str | Iterable[str], frame_name: str = "X") -> list[str]:
    """Check that every feature in `features` is a column of `X`.

    Parameters
    ----------
    X : pandas.DataFrame
        The inputs of the model, not empty.
    features : str or iterable of str
        One feature name or several.
    frame_name : str, default "X"
        Argument name of `X` used in the error message.

    Returns
    -------
    list of str
        The requested features as a list.

    Raises
    ------
    TypeError
        If `X` is not a DataFrame (``NOT_A_FRAME``).
    ValueError
        If `X` is empty (``EMPTY_FRAME``) or a feature is not a column (``_UNKNOWN_FEATURE``).
    """
    return check_columns(X, features, frame_name, message=_UNKNOWN_FEATURE)


def _transform_inputs(model: Any, X: pd.DataFrame) -> np.ndarray:
    """What the final estimator of `model` sees: `X` through the pipeline's preprocessing
    (all steps but the last), as a dense float array; `X` itself for a bare model."""
    steps = getattr(model, "steps", None)
    Z = model[:-1].transform(X) if steps and len(steps) > 1 else X.to_numpy(dtype=float)
    return Z.toarray() if hasattr(Z, "toarray") else np.asarray(Z, dtype=float)


def _sort_by_magnitude(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """`table` sorted by decreasing ``|table[column]|`` (ties keep their order), RangeIndex."""
    order = np.argsort(-np.abs(table[column].to_numpy(dtype=float)), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def _frame_like(columns: Mapping[str, np.ndarray], X: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame of `columns` in the dtypes of `X` (integer columns become float, so that
    grid values such as 7.5 hours fit; a model does not mind)."""
    out = {}
    for col in X.columns:
        dtype = X[col].dtype
        values = columns[col]
        if isinstance(dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(values, categories=dtype.categories)
        elif pd.api.types.is_bool_dtype(dtype):
            out[col] = np.asarray(values, dtype=bool)
        elif pd.api.types.is_numeric_dtype(dtype):
            out[col] = np.asarray(values, dtype=np.float64)
        else:
            out[col] = pd.array(values, dtype=dtype)
    return pd.DataFrame(out)

"""Messages and input checks shared by the explain modules.

Every error raised by :mod:`responsible_ml.explain` is built from one of the module-level
constants below (or from :mod:`responsible_ml._validation`), so tests compare the exact text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .._validation import check_columns

__all__ = [
    "check_fitted",
    "check_features",
]

_NOT_FITTED = (
    "{name} is not fitted yet: call {name}.fit(X, y) before explaining it "
    "(an explanation describes a trained model)"
)
_NOT_A_MODEL = "{name} must be a fitted model with a predict method, got {type_name}"
_UNKNOWN_FEATURE = "{name} has no feature(s) {missing}; available features: {available}"
_NO_COUNTERFACTUAL = (
    "no counterfactual within bounds: no change of {features} inside the given ranges "
    "(at most {max_changes} feature(s) at a time) moves the prediction from {current} to "
    "{target}; widen the ranges, allow more features to change, or accept that this "
    "decision cannot be flipped by actionable changes"
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
_BAD_FEATURE_COUNT = "{name} must name one or two features, got {count}"
_NOT_NUMERIC = "{name} {feature!r} must be numeric for this explanation, got dtype {dtype}"
_BAD_TEXT = "{name} must be a string, got {type_name}"


def check_fitted(model: Any, name: str = "model") -> Any:
    """Check that `model` has ``predict`` and is fitted (scikit-learn's own test).

    Raises
    ------
    TypeError
        If `model` has no ``predict`` method (:data:`NOT_A_MODEL`).
    ValueError
        If scikit-learn reports it unfitted (:data:`NOT_FITTED`).
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
    """Check that every feature in `features` is a column of `X` (:data:`UNKNOWN_FEATURE`)."""
    return check_columns(X, features, frame_name, message=_UNKNOWN_FEATURE)


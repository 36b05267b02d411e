"""Global explanations: what a model relies on across the whole data set.

* :func:`permutation_importance_table` — scikit-learn's permutation importance, with its
  spread over the repeats, as a tidy table;
* :func:`coefficient_table` and :func:`tree_rules` — readable views of glass-box models
  (logistic-regression coefficients, a shallow tree's rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame, check_integer, check_same_length
from ._common import (
    _NOT_A_TREE,
    _NOT_LINEAR,
    _sort_by_magnitude,
    _transform_inputs,
    check_features,
    check_fitted,
)

__all__ = [
    "permutation_importance_table",
    "coefficient_table",
    "tree_rules",
]

#: Columns of :func:`permutation_importance_table`, in order.
IMPORTANCE_COLUMNS = ("feature", "importance_mean", "importance_std", "importance_min",
                      "importance_max", "rank")


def final_estimator(model: Any) -> Any:
    """The last step of a :class:`~sklearn.pipeline.Pipeline` (or the model itself).

    Parameters
    ----------
    model : object
        A Pipeline (anything with ``steps``) or a bare model.

    Returns
    -------
    object
        The final estimator of the Pipeline, or `model` when it has no steps.
    """
    steps = getattr(model, "steps", None)
    return steps[-1][1] if steps else model


def _strip_prefix(names: Sequence[str]) -> list[str]:
    """Drop ColumnTransformer prefixes ("num__age" → "age") when that keeps names unique."""
    short = [n.split("__", 1)[1] if "__" in n else n for n in names]
    return short if len(set(short)) == len(short) else list(names)


def transformed_feature_names(model: Any, n_features: int | None = None) -> list[str]:
    """Names of the inputs the final estimator of `model` sees.

    For a Pipeline, the output names of the preprocessing steps (ColumnTransformer
    prefixes such as ``"remainder__"`` dropped when that keeps them unique); for a bare
    model, ``feature_names_in_``; else ``x0, x1, ...``.

    Parameters
    ----------
    model : object
        A fitted Pipeline or bare model.
    n_features : int, optional
        Number of inputs, for the ``x0, x1, ...`` fallback (no names when omitted).

    Returns
    -------
    list of str
        One name per input of the final estimator.
    """
    steps = getattr(model, "steps", None)
    names = None
    if steps and len(steps) > 1:
        try:
            names = list(model[:-1].get_feature_names_out())
        except (AttributeError, ValueError, TypeError):
            names = None
    if names is None:
        names = getattr(final_estimator(model), "feature_names_in_", None)
        names = list(names) if names is not None else None
    if names is None:
        names = [f"x{i}" for i in range(n_features or 0)]
    return _strip_prefix([str(n) for n in names])


def permutation_importance_table(
    model: Any, X: pd.DataFrame, y: Any, *, n_repeats: int = 10, scoring: str | None = None,
    random_state: int = 0, features: Sequence[str] | None = None, n_jobs: int | None = None,
) -> pd.DataFrame:
    """Permutation importance of each feature, with its spread over repeats.

    Shuffling a feature breaks its link with the outcome; the drop in the score is how much
    the model relies on it (on this data). Built on
    :func:`sklearn.inspection.permutation_importance`; compute it on held-out data.

    Parameters
    ----------
    model : fitted estimator or Pipeline
        Unfitted models are refused.
    X : pandas.DataFrame
        Data to permute (usually the test set), in the columns the model expects.
    y : array-like
        True labels for `X`.
    n_repeats : int, default 10
        Shuffles per feature (≥ 2, so that there is a spread).
    scoring : str, optional
        A scikit-learn scorer name ("accuracy", "roc_auc", ...); None = the model's
        ``score`` (accuracy for a classifier).
    random_state : int, default 0
        Seed of the shuffles.
    features : sequence of str, optional
        Report only these columns (all are still in the model). Default: all columns.
    n_jobs : int, optional
        Passed to scikit-learn.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IMPORTANCE_COLUMNS`: ``feature``, ``importance_mean``,
        ``importance_std``, ``importance_min``, ``importance_max`` (over the repeats) and
        ``rank`` (1 = most important), one row per feature, sorted by decreasing mean
        importance (ties by column order), default RangeIndex.

    Raises
    ------
    ValueError
        Unfitted model, unknown feature, empty data, mismatched lengths, ``n_repeats < 2``.
    """
    from sklearn.inspection import permutation_importance

    check_frame(X, "X")
    check_fitted(model)
    check_same_length(X, y, "X", "y")
    n_repeats = check_integer(n_repeats, "n_repeats", low=2)
    cols = check_features(X, features) if features is not None else list(X.columns)
    result = permutation_importance(model, X, y, n_repeats=n_repeats, scoring=scoring,
                                    random_state=random_state, n_jobs=n_jobs)
    raw = np.asarray(result.importances)
    position = {c: i for i, c in enumerate(X.columns)}
    rows = raw[[position[c] for c in cols]]
    table = pd.DataFrame({
        "feature": cols,
        "importance_mean": rows.mean(axis=1),
        "importance_std": rows.std(axis=1),
        "importance_min": rows.min(axis=1),
        "importance_max": rows.max(axis=1),
    })
    table = table.sort_values("importance_mean", ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def coefficient_table(model: Any, X: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coefficients of a (logistic) linear model, largest effect first.

    Parameters
    ----------
    model : fitted linear model or Pipeline ending in one
        E.g. ``make_pipeline(preprocess, LogisticRegression())``. When the pipeline
        standardises its inputs, the coefficients are already per standard deviation.
    X : pandas.DataFrame, optional
        Data in the model's input columns. When given, each coefficient is also reported
        per standard deviation of the input the model sees (``per_sd = coefficient × sd``),
        so that features on different scales can be compared, and the table is sorted by
        ``|per_sd|``.

    Returns
    -------
    pandas.DataFrame
        Columns ``feature`` (the names the final model sees, e.g. ``device_mobile``),
        ``coefficient``, ``odds_ratio`` (``exp(coefficient)``: the factor on the odds of
        class 1 per unit), and with `X` also ``sd`` and ``per_sd``. Sorted by decreasing
        absolute effect; default RangeIndex.

    Raises
    ------
    TypeError
        If the final step has no ``coef_`` (:data:`NOT_LINEAR`).
    ValueError
        Unfitted model.
    """
    est = final_estimator(model)
    linear_class = type(est).__module__.startswith(("sklearn.linear_model", "sklearn.svm"))
    if not hasattr(est, "predict") or not (linear_class or hasattr(est, "coef_")):
        raise TypeError(_NOT_LINEAR.format(name="model", type_name=type(est).__name__))
    check_fitted(model)
    if not hasattr(est, "coef_"):
        raise TypeError(_NOT_LINEAR.format(name="model", type_name=type(est).__name__))
    coef = np.asarray(est.coef_, dtype=float)
    coef = coef[0] if coef.ndim == 2 else coef
    names = transformed_feature_names(model, len(coef))
    table = pd.DataFrame({"feature": names, "coefficient": coef, "odds_ratio": np.exp(coef)})
    key = "coefficient"
    if X is not None:
        check_frame(X, "X")
        Z = _transform_inputs(model, X)
        table["sd"] = Z.std(axis=0)
        table["per_sd"] = table["coefficient"] * table["sd"]
        key = "per_sd"
    return _sort_by_magnitude(table, key)


def tree_rules(model: Any, *, decimals: int = 2, max_depth: int = 10) -> str:
    """The rules of a fitted decision tree as indented text (scikit-learn's ``export_text``).

    Parameters
    ----------
    model : fitted DecisionTreeClassifier/Regressor or Pipeline ending in one
    decimals : int, default 2
        Decimals of the thresholds.
    max_depth : int, default 10
        Deepest level written (deeper branches are summarised as "truncated").

    Returns
    -------
    str
        One line per split or leaf, e.g. ``|--- quiz_avg <= 61.35``.

    Raises
    ------
    TypeError
        If the final step is not a tree (:data:`NOT_A_TREE`).
    ValueError
        Unfitted model.
    """
    from sklearn.tree import BaseDecisionTree, export_text

    est = final_estimator(model)
    if not isinstance(est, BaseDecisionTree):
        raise TypeError(_NOT_A_TREE.format(name="model", type_name=type(est).__name__))
    check_fitted(model)
    names = transformed_feature_names(model, est.n_features_in_)
    return export_text(est, feature_names=names, decimals=decimals, max_depth=max_depth)

"""Proxy detection: which features carry a sensitive attribute that was dropped.

Dropping ``background`` from the inputs does not stop a model from using it when another
feature predicts it ("fairness through unawareness" fails). :func:`proxy_scores` measures,
feature by feature, how well the sensitive attribute can be predicted from that feature
alone: the cross-validated ROC AUC of a small model (0.5 = carries nothing, 1 = a perfect
proxy).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_at_least_two_groups,
    check_frame,
    check_integer,
    check_same_length,
)
from ._common import check_features

__all__ = ["proxy_scores"]

#: Columns of :func:`proxy_scores`, in order.
#: Label of the optional row that uses all features together.
ALL_FEATURES = "(all features)"


def _small_model(categorical: bool, random_state: int):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier

    if categorical:
        return make_pipeline(OneHotEncoder(handle_unknown="ignore"),
                             LogisticRegression(max_iter=1000))
    # A shallow tree: monotone or not, a single feature's link is found.
    return DecisionTreeClassifier(max_depth=3, min_samples_leaf=20, random_state=random_state)


def _cv_auc(Z: pd.DataFrame, s: np.ndarray, model, cv: int, random_state: int) -> float:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    proba = cross_val_predict(model, Z, s, cv=folds, method="predict_proba")
    if proba.shape[1] == 2:
        return float(roc_auc_score(s, proba[:, 1]))
    return float(roc_auc_score(s, proba, multi_class="ovr", average="macro"))


def proxy_scores(X: pd.DataFrame, sensitive_features: Any, *,
                 features: Sequence[str] | None = None,
                 cv: int = 5, random_state: int = 0, include_all: bool = False) -> pd.DataFrame:
    """How well each feature, alone, predicts the sensitive attribute.

    For every feature a small model (a depth-3 tree for a numeric feature, a one-hot
    logistic regression for a categorical one) predicts `sensitive` from that feature only;
    the score is its cross-validated ROC AUC (macro one-vs-rest for more than two groups).

    Parameters
    ----------
    X : pandas.DataFrame
        Candidate features (the model's inputs), without the sensitive attribute.
    sensitive_features : array-like
        The sensitive attribute, one label per row (two or more groups).
    features : sequence of str, optional
        Only these columns. Default: all.
    cv : int, default 5
        Number of stratified folds (≥ 2).
    random_state : int, default 0
        Seed of the fold split and the trees.
    include_all : bool, default False
        Add a row :data:`ALL_FEATURES`: a model on all the features together (proxies can
        combine: several weak ones may reveal the attribute well).

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``auc`` and ``rank`` (1 = strongest proxy), sorted by
        decreasing AUC (ties by column order); default RangeIndex. The :data:`ALL_FEATURES`
        row, when asked for, comes last and has no rank (``rank`` 0).

    Raises
    ------
    ValueError
        Empty data, unknown feature, mismatched lengths, missing values, one group only.
    """
    check_frame(X, "X")
    check_same_length(X, sensitive_features, "X", "sensitive_features")
    check_at_least_two_groups(sensitive_features, "sensitive_features")
    cv = check_integer(cv, "cv", low=2)
    cols = check_features(X, features) if features is not None else list(X.columns)
    s = pd.factorize(np.asarray(sensitive_features, dtype=object).astype(str), sort=True)[0]
    rows = []
    for col in cols:
        Z = X[[col]]
        categorical = not pd.api.types.is_numeric_dtype(Z[col]) or pd.api.types.is_bool_dtype(
            Z[col])
        if categorical:
            Z = Z.astype(str)
        rows.append((col, _cv_auc(Z, s, _small_model(categorical, random_state), cv,
                                  random_state)))
    table = pd.DataFrame(rows, columns=["feature", "auc"])
    table = table.sort_values("auc", ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    if include_all:
        from sklearn.compose import make_column_transformer
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OrdinalEncoder

        Z = X[cols]
        cat = [c for c in cols if not pd.api.types.is_numeric_dtype(Z[c])]
        pre = make_column_transformer(
            (OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), cat),
            remainder="passthrough",
        )
        # A small forest (single-threaded: no OpenMP contention on shared machines).
        model = make_pipeline(pre, RandomForestClassifier(
            n_estimators=50, min_samples_leaf=20, random_state=random_state))
        auc = _cv_auc(Z, s, model, cv, random_state)
        table = pd.concat([table, pd.DataFrame({"feature": [ALL_FEATURES], "auc": [auc],
                                                "rank": [0]})], ignore_index=True)
    return table

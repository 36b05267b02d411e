"""SHAP values (Lundberg & Lee, *A Unified Approach to Interpreting Model Predictions*, 2017)
and ICE curves beside partial dependence (Goldstein et al., *Peeking Inside the Black Box*,
2015), via the field's libraries: :mod:`shap` and :func:`sklearn.inspection.partial_dependence`.

:func:`shap_contributions` explains a fitted scikit-learn pipeline (preprocessing + a linear
model or a tree ensemble) on the model's own output scale — log-odds — with the
*interventional* definition and a background sample (``shap.LinearExplainer`` /
``shap.TreeExplainer``). SHAP values have the property the hand-made "replace one feature
by typical values" pushes lack: **they add up** — base value + Σ contributions = the
model's log-odds for that person (local accuracy). One-hot columns are summed back to the
feature they came from.

:func:`ice_table` returns individual conditional expectation curves (one per person) and
their average, which is the partial dependence curve.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame
from ._common import _transform_inputs, check_features, check_fitted

__all__ = ["shap_contributions", "ice_table"]

_NOT_EXPLAINABLE = ("model must end in a linear model (coef_) or a tree ensemble that "
                   "shap.TreeExplainer supports, got {type_name}")


def _split(model):
    if hasattr(model, "steps"):
        return model[:-1], model[-1]
    return None, model


def _source_columns(names, columns) -> list[str]:
    out = []
    for t in names:
        match = [c for c in columns if t == c or t.startswith(f"{c}_")]
        out.append(max(match, key=len) if match else t)
    return out


def shap_contributions(model: Any, background: pd.DataFrame, X: pd.DataFrame) -> pd.DataFrame:
    """SHAP values on the log-odds scale, one row per person, one column per input feature.

    Parameters
    ----------
    model : fitted estimator or Pipeline
        Ends in a linear classifier (``coef_``: ``shap.LinearExplainer``) or a tree model
        (``shap.TreeExplainer``, interventional, raw output = log-odds).
    background : pandas.DataFrame
        The reference population ("typical learners"), e.g. the whole training set.
    X : pandas.DataFrame
        The people to explain.

    Returns
    -------
    pandas.DataFrame
        Index of `X`, columns = `X`'s columns. ``attrs``: ``base_value`` (the average
        log-odds over the background), ``log_odds`` (the model's log-odds per row, an
        array), ``additivity_error`` (largest |base + Σ − log-odds|; ~1e-12).
    """
    import shap

    check_frame(background, "background")
    check_frame(X, "X")
    check_features(X, list(background.columns), "X")
    check_fitted(model)
    prep, est = _split(model)
    B, Z = _transform_inputs(model, background), _transform_inputs(model, X)
    if hasattr(est, "coef_"):
        # The whole background (shap's default masker keeps only 100 rows of it).
        explainer = shap.LinearExplainer(est, shap.maskers.Independent(B, max_samples=len(B)))
        values = explainer.shap_values(Z)
        raw = est.decision_function(Z)
    else:
        try:
            # The whole background, as for the linear branch (not a 100-row sample).
            masker = shap.maskers.Independent(B, max_samples=len(B))
            explainer = shap.TreeExplainer(est, data=masker, feature_perturbation="interventional",
                                           model_output="raw")
        except Exception as err:  # shap raises several kinds for unsupported models
            raise TypeError(_NOT_EXPLAINABLE.format(type_name=type(est).__name__)) from err
        values = explainer.shap_values(Z, check_additivity=True)
        raw = est.decision_function(Z) if hasattr(est, "decision_function") else est.predict(Z)
    values = np.asarray(values, float)
    if values.ndim == 3:  # (rows, features, classes)
        values = values[..., -1]
    base = float(np.ravel(explainer.expected_value)[-1])
    names = (list(prep.get_feature_names_out()) if prep is not None else list(X.columns))
    names = [n.split("__", 1)[-1] for n in names]
    sources = _source_columns(names, list(X.columns))
    per_col = pd.DataFrame(values, columns=names, index=X.index)
    table = per_col.T.groupby(sources, sort=False).sum().T.reindex(columns=list(X.columns),
                                                                   fill_value=0.0)
    table.attrs["base_value"] = base
    table.attrs["log_odds"] = np.asarray(raw, float)
    table.attrs["additivity_error"] = float(np.max(np.abs(base + table.sum(axis=1).to_numpy()
                                                          - raw)))
    return table


def ice_table(model: Any, X: pd.DataFrame, feature: str, *, grid_resolution: int = 20,
              n_curves: int = 50, random_state: int = 0) -> pd.DataFrame:
    """ICE curves and their average (partial dependence), from scikit-learn.

    Parameters
    ----------
    model : fitted estimator with predict_proba
    X : pandas.DataFrame
        Rows whose curves are drawn (a sample is taken when longer than `n_curves`).
    feature : str
    grid_resolution : int
    n_curves : int
        People drawn at random (seeded) from `X`.
    random_state : int

    Returns
    -------
    pandas.DataFrame
        Index = grid values of `feature`; one column per person (the row's index label)
        with its predicted probability as `feature` moves, and ``"average"`` (the partial
        dependence curve).
    """
    from sklearn.inspection import partial_dependence

    check_frame(X, "X")
    check_features(X, feature, "X")
    check_fitted(model)
    sample = X if len(X) <= n_curves else X.sample(n_curves, random_state=random_state)
    res = partial_dependence(model, sample, [feature], kind="both",
                             grid_resolution=grid_resolution, response_method="predict_proba")
    grid = np.asarray(res["grid_values"][0])
    curves = np.asarray(res["individual"][0])  # (rows, grid)
    table = pd.DataFrame(curves.T, index=pd.Index(grid, name=feature),
                         columns=[str(i) for i in sample.index])
    table["average"] = np.asarray(res["average"][0])
    return table

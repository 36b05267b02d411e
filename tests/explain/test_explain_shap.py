"""SHAP contributions add up; ICE curves average to partial dependence."""

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from responsible_ml.data import CASE_STUDY_FEATURES, make_case_study
from responsible_ml.explain import ice_table, shap_contributions
from responsible_ml.explain._shap import _NOT_EXPLAINABLE as NOT_EXPLAINABLE

FEATURES = list(CASE_STUDY_FEATURES)


@pytest.fixture(scope="module")
def data():
    df = make_case_study(1200, random_state=3, proxy_strength=0.8)
    return df[FEATURES].iloc[:1000], df["completed"].iloc[:1000], df[FEATURES].iloc[1000:1010]


def _prep(scale):
    return ColumnTransformer([("n", StandardScaler() if scale else "passthrough", FEATURES[:-1]),
                              ("d", OneHotEncoder(drop="first"), ["device"])],
                             verbose_feature_names_out=False)


def test_linear_shap_is_weight_times_deviation_and_adds_up(data):
    X, y, rows = data
    model = make_pipeline(_prep(True), LogisticRegression(max_iter=1000)).fit(X, y)
    table = shap_contributions(model, X, rows)
    assert list(table.columns) == FEATURES and table.attrs["additivity_error"] < 1e-9
    logit = model.decision_function(rows)
    assert np.allclose(table.attrs["base_value"] + table.sum(axis=1), logit)
    # For a linear model (independent background) SHAP = w * (x - mean x) in model units.
    Z, B = model[:-1].transform(rows), model[:-1].transform(X)
    by_hand = model[-1].coef_[0] * (Z - B.mean(axis=0))
    assert np.allclose(table["quiz_avg"], by_hand[:, FEATURES.index("quiz_avg")])


def test_tree_shap_adds_up_on_the_log_odds_scale(data):
    X, y, rows = data
    model = make_pipeline(_prep(False), GradientBoostingClassifier(
        n_estimators=30, max_depth=2, random_state=0)).fit(X, y)
    table = shap_contributions(model, X.iloc[:300], rows)
    assert table.attrs["additivity_error"] < 1e-6
    proba = model.predict_proba(rows)[:, 1]
    log_odds = table.attrs["base_value"] + table.sum(axis=1).to_numpy()
    assert np.allclose(1 / (1 + np.exp(-log_odds)), proba)
    # The background is all 300 rows, not shap's default 100-row sample.
    assert np.isclose(table.attrs["base_value"], model.decision_function(X.iloc[:300]).mean())


def test_unsupported_model_is_refused(data):
    X, y, rows = data
    knn = make_pipeline(_prep(True), KNeighborsClassifier()).fit(X, y)
    with pytest.raises(TypeError, match="^" + re.escape(
            NOT_EXPLAINABLE.format(type_name="KNeighborsClassifier")) + "$"):
        shap_contributions(knn, X, rows)


def test_ice_curves_average_to_partial_dependence(data):
    X, y, _ = data
    model = make_pipeline(_prep(False), GradientBoostingClassifier(
        n_estimators=30, max_depth=2, random_state=0)).fit(X, y)
    table = ice_table(model, X, "district_deprivation", n_curves=40, random_state=1)
    curves = table.drop(columns="average")
    assert curves.shape[1] == 40
    assert np.allclose(curves.mean(axis=1), table["average"])
    sample = X.sample(40, random_state=1)
    pd_ = partial_dependence(model, sample, ["district_deprivation"], kind="average",
                             response_method="predict_proba", grid_resolution=20)
    assert np.allclose(pd_["average"][0], table["average"])
    assert isinstance(table.index, pd.Index) and table.index.name == "district_deprivation"

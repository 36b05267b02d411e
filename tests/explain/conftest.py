"""Shared fixtures of the explain tests."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


@pytest.fixture(scope="module")
def setup():
    """A small logistic-regression pipeline, its data and one person to explain."""
    rng = np.random.default_rng(2)
    n = 500
    X = pd.DataFrame({
        "hours": np.round(rng.uniform(1, 15, n), 1),
        "posts": rng.integers(0, 10, n),
        "age": rng.integers(18, 60, n),
        "device": pd.Categorical(np.where(rng.random(n) < 0.3, "mobile", "laptop")),
    })
    logit = 0.5 * (X["hours"] - 8) + 0.3 * (X["posts"] - 4) - 0.8 * (X["device"] == "mobile")
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    pre = make_column_transformer((OneHotEncoder(drop="if_binary"), ["device"]),
                                  remainder=StandardScaler(), verbose_feature_names_out=False)
    model = make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(X, y)
    person = pd.Series({"hours": 5.0, "posts": 2, "age": 30, "device": "mobile", "label": 0})
    return X, y, model, person

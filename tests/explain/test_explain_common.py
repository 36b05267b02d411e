"""Helpers shared by the explain modules (responsible_ml.explain._common)."""

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from responsible_ml.explain._common import _frame_like, _sort_by_magnitude, _transform_inputs


def test_sort_by_magnitude_is_stable_and_resets_the_index():
    table = pd.DataFrame({"f": list("abcd"), "c": [0.1, -0.5, 0.5, -0.2]}, index=[9, 8, 7, 6])
    out = _sort_by_magnitude(table, "c")
    assert out["f"].tolist() == ["b", "c", "d", "a"]  # |-0.5| == |0.5|: original order
    assert out.index.tolist() == [0, 1, 2, 3]


def test_transform_inputs_runs_the_preprocessing_and_densifies():
    X = pd.DataFrame({"device": ["a", "b", "a", "b"]})
    model = make_pipeline(OneHotEncoder(sparse_output=True), LogisticRegression()).fit(
        X, [0, 1, 0, 1])
    assert sparse.issparse(model[:-1].transform(X))
    Z = _transform_inputs(model, X)
    assert isinstance(Z, np.ndarray) and Z.tolist() == [[1, 0], [0, 1], [1, 0], [0, 1]]


def test_transform_inputs_of_a_bare_model_is_the_data():
    X = pd.DataFrame({"x": [1, 2, 3]})
    assert _transform_inputs(LogisticRegression(), X).tolist() == [[1.0], [2.0], [3.0]]
    scaled = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, [0, 1, 1])
    assert np.allclose(_transform_inputs(scaled, X).ravel(), [-1.224744871, 0, 1.224744871])


def test_frame_like_keeps_categories_and_floats_integer_columns():
    X = pd.DataFrame({"n": [1, 2], "d": pd.Categorical(["a", "b"])})
    out = _frame_like({"n": np.array([1.5, 2.0], object), "d": np.array(["b", "a"], object)}, X)
    assert out["n"].dtype == np.float64 and out["n"].tolist() == [1.5, 2.0]
    assert list(out["d"].cat.categories) == ["a", "b"] and out["d"].tolist() == ["b", "a"]

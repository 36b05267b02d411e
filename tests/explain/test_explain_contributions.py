"""Local contributions (responsible_ml.explain._contributions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.explain import local_contributions
from responsible_ml.explain._common import _NOT_A_ROW as NOT_A_ROW
from responsible_ml.explain._common import _NOT_FITTED as NOT_FITTED


def _linear_split(model, X, person):
    """The exact log-odds split of a linear model: ``coef × (z − mean z)`` on its inputs."""
    pre, est = model[:-1], model[-1]
    Z = np.asarray(pre.transform(X), dtype=float)
    z = np.asarray(pre.transform(pd.DataFrame([person])[X.columns].astype(X.dtypes)),
                   dtype=float)[0]
    coef, intercept = est.coef_.ravel(), float(est.intercept_[0])
    mean = Z.mean(axis=0)
    lin = pd.DataFrame({"feature": pre.get_feature_names_out(),
                        "contribution": coef * (z - mean)}).set_index("feature")
    lin.attrs["score"], lin.attrs["baseline_score"] = intercept + coef @ z, intercept + coef @ mean
    return lin


def test_local_contributions_match_linear_formula(setup):
    X, _, model, person = setup
    occl = local_contributions(model, X, person, output="log_odds",
                               reference=None).set_index("feature")
    every = local_contributions(model, X, person, output="log_odds",
                                reference=len(X)).set_index("feature")
    lin = _linear_split(model, X, person)
    for col in ("hours", "posts", "age"):
        assert occl.loc[col, "contribution"] == pytest.approx(lin.loc[col, "contribution"])
        assert every.loc[col, "contribution"] == pytest.approx(lin.loc[col, "contribution"])
    assert every.attrs["baseline_score"] == pytest.approx(model.decision_function(X).mean())
    assert occl.loc["hours", "baseline"] == pytest.approx(X["hours"].mean())
    assert occl.loc["device", "baseline"] == "laptop"  # most common value
    # log-odds contributions of a linear model add up exactly
    assert lin["contribution"].sum() == pytest.approx(
        lin.attrs["score"] - lin.attrs["baseline_score"])
    assert lin.attrs["score"] == pytest.approx(
        model.decision_function(pd.DataFrame([person])[X.columns].astype(X.dtypes))[0])


def test_local_contributions_sorted_and_probability_scale(setup):
    X, _, model, person = setup
    table = local_contributions(model, X, person)
    assert list(table.columns) == ["feature", "value", "baseline", "contribution"]
    assert np.all(np.diff(np.abs(table["contribution"])) <= 1e-12)
    assert table.iloc[0]["feature"] == "hours" and table.iloc[0]["contribution"] < 0
    assert 0 < table.attrs["score"] < 1
    custom = local_contributions(model, X, person, baseline={"hours": 5.0}, features=["hours"])
    assert custom["contribution"].iloc[0] == pytest.approx(0.0)
    # sampled reference rows: average over the sample, by hand
    sample = X.sample(50, random_state=4)
    table = local_contributions(model, X, person, reference=50, random_state=4,
                                features=["posts"])
    frame = pd.DataFrame([person])[X.columns].astype({"device": X["device"].dtype})
    own = model.predict_proba(frame)[0, 1]
    swapped = pd.concat([frame] * 50, ignore_index=True).astype({"posts": float})
    swapped["posts"] = sample["posts"].to_numpy()
    expected = own - model.predict_proba(swapped)[:, 1].mean()
    assert table["contribution"].iloc[0] == pytest.approx(expected)


def test_local_contributions_bad_input(setup):
    X, y, model, person = setup
    with pytest.raises(ValueError) as err:
        local_contributions(make_pipeline(StandardScaler(), LogisticRegression()), X, person)
    assert str(err.value) == NOT_FITTED.format(name="model")
    with pytest.raises(TypeError) as err:
        local_contributions(model, X, X.iloc[:2])
    assert str(err.value) == NOT_A_ROW.format(name="row", type_name="a DataFrame with 2 rows")
    with pytest.raises(ValueError, match="row has no feature"):
        local_contributions(model, X, person.drop("hours"))
    with pytest.raises(ValueError, match="output must be one of"):
        local_contributions(model, X, person, output="odds")
    with pytest.raises(ValueError) as err:
        local_contributions(model, X, person, reference=0)
    assert str(err.value) == NOT_AN_INTEGER.format(name="reference", bounds=" >= 1", value=0)


def test_model_score_never_passes_predictions_off_as_a_probability(setup):
    from sklearn.svm import LinearSVC

    from responsible_ml.explain._common import _NO_SCORE
    from responsible_ml.explain._contributions import model_score

    X, y, _, _ = setup
    num = X[["hours", "posts", "age"]]
    svm = LinearSVC().fit(num, y)  # decision_function, no predict_proba
    with pytest.raises(TypeError) as err:
        model_score(svm, num, "probability")
    assert str(err.value) == _NO_SCORE.format(type_name="LinearSVC", needs="predict_proba",
                                              output="probability")
    np.testing.assert_array_equal(model_score(svm, num, "log_odds"), svm.decision_function(num))

    class PredictOnly:
        def predict(self, X):
            return np.ones(len(X), dtype=int)

    with pytest.raises(TypeError) as err:
        model_score(PredictOnly(), num, "log_odds")
    assert str(err.value) == _NO_SCORE.format(
        type_name="PredictOnly", needs="predict_proba or decision_function", output="log_odds")

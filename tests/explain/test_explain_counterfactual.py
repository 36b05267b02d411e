"""Counterfactual search (responsible_ml.explain._counterfactual)."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from responsible_ml.explain import (
    counterfactual,
)
from responsible_ml.explain._common import _BAD_RANGE as BAD_RANGE
from responsible_ml.explain._common import _IMMUTABLE_ACTIONABLE as IMMUTABLE_ACTIONABLE
from responsible_ml.explain._common import _NO_ACTIONABLE as NO_ACTIONABLE
from responsible_ml.explain._common import _NO_COUNTERFACTUAL as NO_COUNTERFACTUAL
from responsible_ml.explain._common import _NOT_FITTED as NOT_FITTED
from responsible_ml.explain._counterfactual import _TOO_MANY_CANDIDATES as TOO_MANY_CANDIDATES
from responsible_ml.explain._counterfactual import _counterfactual_grid


def test_counterfactual_flips_and_is_minimal_on_grid(setup):
    X, _, model, person = setup
    actionable = {"hours": (1.0, 15.0, 0.5), "posts": (0, 9, 1), "device": ["laptop"]}
    cf = counterfactual(model, X, person, actionable, immutable=["age"])
    assert cf.decision_before == 0 and cf.decision_after == 1
    after = pd.DataFrame([cf.counterfactual])[X.columns].astype(
        {"device": X["device"].dtype, "age": float})
    assert model.predict(after)[0] == 1
    assert cf.counterfactual["age"] == person["age"]
    for r in cf.changes.to_dict("records"):
        assert r["feature"] in actionable
    # brute force over the same grid
    sd = {"hours": X["hours"].std(), "posts": X["posts"].std()}
    grids = {"hours": np.round(np.arange(1.0, 15.01, 0.5), 10), "posts": np.arange(10),
             "device": ["laptop"]}
    best = np.inf
    for k in (1, 2):
        for combo in itertools.combinations(grids, k):
            for values in itertools.product(*[grids[f] for f in combo]):
                cand = person.copy()
                dist = 0.0
                for f, v in zip(combo, values, strict=True):
                    if v == person[f]:
                        break
                    cand[f] = v
                    dist += 1.0 if f == "device" else abs(v - person[f]) / sd[f]
                else:
                    frame = pd.DataFrame([cand])[X.columns].astype(
                        {"device": X["device"].dtype, "hours": float, "posts": float,
                         "age": float})
                    if model.predict(frame)[0] == 1:
                        best = min(best, dist)
    assert cf.distance == pytest.approx(best)
    assert "the decision goes from 0 to 1" in cf.describe()


def test_counterfactual_single_change_and_range_bounds(setup):
    X, _, model, person = setup
    cf = counterfactual(model, X, person, {"hours": (6.0, 14.0)}, steps=9, max_changes=1)
    assert list(cf.changes["feature"]) == ["hours"]
    assert 6.0 <= cf.changes["to"].iloc[0] <= 14.0
    assert cf.changes["to"].iloc[0] in set(np.linspace(6, 14, 9))


def test_counterfactual_no_solution_raises_quickly(setup):
    X, _, model, person = setup
    start = time.perf_counter()
    with pytest.raises(ValueError) as err:
        counterfactual(model, X, person, {"hours": (5.0, 5.5, 0.5)}, immutable=["age"])
    assert time.perf_counter() - start < 5
    assert str(err.value) == NO_COUNTERFACTUAL.format(
        features="'hours'", max_changes=2, current=0, target=1)
    # the message claims no more than the search shows: a bounded grid, not every actionable change
    assert "on the grid of the given ranges" in str(err.value)
    assert str(err.value).endswith("no actionable change within these bounds flips it")
    assert "cannot be flipped" not in str(err.value)


def test_counterfactual_bad_input(setup):
    X, _, model, person = setup
    with pytest.raises(ValueError) as err:
        counterfactual(model, X, person, {"hours": (1, 9)}, immutable=["hours"])
    assert str(err.value) == IMMUTABLE_ACTIONABLE.format(feature="hours")
    with pytest.raises(ValueError) as err:
        counterfactual(model, X, person, {})
    assert str(err.value) == NO_ACTIONABLE.format(name="actionable")
    with pytest.raises(ValueError) as err:
        counterfactual(model, X, person, {"hours": (9, 1)})
    assert str(err.value) == BAD_RANGE.format(name="actionable", feature="hours", value=(9, 1))
    with pytest.raises(ValueError, match="X has no feature"):
        counterfactual(model, X, person, {"salary": (1, 9)})
    with pytest.raises(ValueError, match="X has no feature"):
        counterfactual(model, X, person, {"hours": (1, 9)}, immutable=["height"])
    with pytest.raises(ValueError) as err:
        counterfactual(model, X, person, {"hours": (1, 9), "posts": (0, 9)}, steps=1000,
                       max_candidates=1000)
    # the current posts value (2) lies on the posts grid and is not a change
    assert str(err.value) == TOO_MANY_CANDIDATES.format(count=1000 + 999 + 1000 * 999,
                                                        limit=1000)
    with pytest.raises(ValueError) as err:
        counterfactual(LogisticRegression(), X, person, {"hours": (1, 9)})
    assert str(err.value) == NOT_FITTED.format(name="model")


def test_counterfactual_grid_specs():
    assert list(_counterfactual_grid((0, 4, 1), "x")) == [0, 1, 2, 3, 4]
    assert _counterfactual_grid((0, 4, 1), "x").dtype == np.int64
    assert list(_counterfactual_grid((0.0, 1.0), "x", steps=3)) == [0.0, 0.5, 1.0]
    assert list(_counterfactual_grid((0.0, 1.0, 0.3), "x")) == [0.0, 0.3, 0.6, 0.9]
    assert list(_counterfactual_grid(["a", "b"], "x")) == ["a", "b"]
    for bad in ((1, 2, 0), (1,), ("a", "b"), [], "abc"):
        with pytest.raises(ValueError):
            _counterfactual_grid(bad, "x")


def test_counterfactual_with_threshold_and_black_box(setup):
    X, y, _, person = setup
    forest = make_pipeline(
        make_column_transformer((OneHotEncoder(), ["device"]), remainder="passthrough"),
        RandomForestClassifier(n_estimators=20, random_state=0)).fit(X, y)
    cf = counterfactual(forest, X, person, {"hours": (1.0, 15.0, 0.5)}, threshold=0.6,
                        max_changes=1)
    assert cf.score_after >= 0.6 and cf.decision_after == 1


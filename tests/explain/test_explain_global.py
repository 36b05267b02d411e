"""Tests for global explanations and proxy detection (responsible_ml.explain)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from responsible_ml._validation import NOT_AN_INTEGER
from responsible_ml.explain import (
    coefficient_table,
    permutation_importance_table,
    proxy_scores,
    tree_rules,
)
from responsible_ml.explain._common import _NOT_A_TREE as NOT_A_TREE
from responsible_ml.explain._common import _NOT_FITTED as NOT_FITTED
from responsible_ml.explain._common import _NOT_LINEAR as NOT_LINEAR
from responsible_ml.explain._common import _UNKNOWN_FEATURE as UNKNOWN_FEATURE
from responsible_ml.explain._global import IMPORTANCE_COLUMNS
from responsible_ml.explain._proxy import ALL_FEATURES


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(1)
    n = 600
    group = rng.random(n) < 0.4
    X = pd.DataFrame({
        "strong": rng.normal(size=n),
        "weak": rng.normal(size=n),
        "noise": rng.normal(size=n),
        "proxy": np.where(group, 0.8, 0.2) + 0.15 * rng.normal(size=n),
        "colour": pd.Categorical(np.where(rng.random(n) < 0.5, "red", "blue")),
    })
    logit = 2.5 * X["strong"] + 0.6 * X["weak"] - 1.5 * group
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    sensitive = np.where(group, "minority", "majority")
    pre = make_column_transformer((OneHotEncoder(drop="if_binary"), ["colour"]),
                                  remainder=StandardScaler(), verbose_feature_names_out=False)
    model = make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(X, y)
    return X, y, sensitive, model


def test_permutation_importance_table_ranks_and_agrees_with_sklearn(data):
    X, y, _, model = data
    table = permutation_importance_table(model, X, y, n_repeats=5, random_state=3)
    assert tuple(table.columns) == IMPORTANCE_COLUMNS
    assert table["feature"].iloc[0] == "strong"
    assert list(table["rank"]) == [1, 2, 3, 4, 5]
    assert table["importance_mean"].is_monotonic_decreasing
    ref = permutation_importance(model, X, y, n_repeats=5, random_state=3)
    by_name = table.set_index("feature")
    for i, col in enumerate(X.columns):
        assert by_name.loc[col, "importance_mean"] == pytest.approx(ref.importances_mean[i])
        assert by_name.loc[col, "importance_std"] == pytest.approx(ref.importances_std[i])
        assert by_name.loc[col, "importance_min"] <= by_name.loc[col, "importance_max"]


def test_permutation_importance_subset_and_scoring(data):
    X, y, _, model = data
    table = permutation_importance_table(model, X, y, n_repeats=3, scoring="roc_auc",
                                         features=["noise", "strong"])
    assert list(table["feature"]) == ["strong", "noise"]


def test_permutation_importance_bad_input(data):
    X, y, _, model = data
    with pytest.raises(ValueError) as err:
        permutation_importance_table(LogisticRegression(), X, y)
    assert str(err.value) == NOT_FITTED.format(name="model")
    with pytest.raises(ValueError) as err:
        permutation_importance_table(model, X, y, features=["height"])
    assert str(err.value) == UNKNOWN_FEATURE.format(
        name="X", missing="'height'", available=", ".join(map(repr, X.columns)))
    with pytest.raises(ValueError) as err:
        permutation_importance_table(model, X, y, n_repeats=1)
    assert str(err.value) == NOT_AN_INTEGER.format(name="n_repeats", bounds=" >= 2", value=1)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        permutation_importance_table(model, X, y[:10])


def test_coefficient_table(data):
    X, _, _, model = data
    table = coefficient_table(model)
    assert table["feature"].iloc[0] == "strong"
    assert set(table["feature"]) == {"strong", "weak", "noise", "proxy", "colour_red"}
    lr = model[-1]
    assert table.set_index("feature").loc["strong", "coefficient"] == pytest.approx(
        lr.coef_[0][list(model[:-1].get_feature_names_out()).index("strong")])
    assert np.allclose(table["odds_ratio"], np.exp(table["coefficient"]))
    per_sd = coefficient_table(model, X)
    assert per_sd.set_index("feature").loc["strong", "sd"] == pytest.approx(1.0)
    assert np.allclose(per_sd["per_sd"], per_sd["coefficient"] * per_sd["sd"])


def test_coefficient_table_bare_model_and_errors(data):
    X, y, _, _ = data
    num = X[["strong", "weak"]] * [10.0, 1.0]
    lr = LogisticRegression().fit(num, y)
    table = coefficient_table(lr, num)
    assert list(table["feature"]) == ["strong", "weak"]
    assert table["sd"].iloc[0] == pytest.approx(num["strong"].std(ddof=0))
    with pytest.raises(ValueError) as err:
        coefficient_table(LogisticRegression())
    assert str(err.value) == NOT_FITTED.format(name="model")
    tree = DecisionTreeClassifier(max_depth=2).fit(num, y)
    with pytest.raises(TypeError) as err:
        coefficient_table(tree)
    assert str(err.value) == NOT_LINEAR.format(name="model",
                                               type_name="DecisionTreeClassifier")


def test_tree_rules(data):
    X, y, _, _ = data
    num = X[["strong", "weak"]]
    tree = make_pipeline(StandardScaler(), DecisionTreeClassifier(max_depth=2, random_state=0))
    tree.fit(num, y)
    text = tree_rules(tree)
    assert text.splitlines()[0].startswith("|--- strong <=")
    assert "class:" in text
    with pytest.raises(TypeError) as err:
        tree_rules(LogisticRegression().fit(num, y))
    assert str(err.value) == NOT_A_TREE.format(name="model", type_name="LogisticRegression")
    with pytest.raises(ValueError) as err:
        tree_rules(DecisionTreeClassifier())
    assert str(err.value) == NOT_FITTED.format(name="model")


def test_proxy_scores_finds_the_proxy_by_data(data):
    X, _, sensitive, _ = data
    renamed = X.rename(columns={"proxy": "zip_code_index", "strong": "aaa"})
    table = proxy_scores(renamed, sensitive)
    assert list(table.columns) == ["feature", "auc", "rank"]
    assert table["feature"].iloc[0] == "zip_code_index"
    assert table["auc"].iloc[0] > 0.9
    assert table["auc"].iloc[1:].max() < 0.6
    assert table["auc"].is_monotonic_decreasing


def test_proxy_scores_all_features_row_and_errors(data):
    X, _, sensitive, _ = data
    table = proxy_scores(X, sensitive, features=["noise", "proxy"], include_all=True, cv=3)
    assert list(table["feature"]) == ["proxy", "noise", ALL_FEATURES]
    assert table["rank"].iloc[-1] == 0
    with pytest.raises(ValueError, match="at least two groups"):
        proxy_scores(X, ["a"] * len(X))
    with pytest.raises(ValueError, match="X and sensitive_features must have the same length"):
        proxy_scores(X, sensitive[:5])
    with pytest.raises(ValueError) as err:
        proxy_scores(X, sensitive, cv=1)
    assert str(err.value) == NOT_AN_INTEGER.format(name="cv", bounds=" >= 2", value=1)

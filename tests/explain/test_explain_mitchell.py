"""Model card to Mitchell et al.'s sections; Wilson intervals; importance intervals; ICE figure."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OrdinalEncoder

from responsible_ml.data import CASE_STUDY_FEATURES, make_case_study
from responsible_ml.explain import (
    ModelCard,
    ice_table,
    importance_intervals,
    model_card_from_model,
)
from responsible_ml.plotting import ice_plot

FEATURES = list(CASE_STUDY_FEATURES)


@pytest.fixture(scope="module")
def fitted():
    df = make_case_study(1500, random_state=4, proxy_strength=0.8)
    prep = ColumnTransformer([("d", OrdinalEncoder(), ["device"])], remainder="passthrough")
    model = make_pipeline(prep, GradientBoostingClassifier(
        n_estimators=20, max_depth=2, random_state=0))
    model.fit(df[FEATURES].iloc[:1000], df["completed"].iloc[:1000])
    return model, df.iloc[1000:]


def test_card_intervals_are_the_engines_wilson_intervals(fitted):
    """The card's TPR interval is the engine's (one interval convention, one place)."""
    from responsible_ml.fairness import metrics_by_group

    model, test = fitted
    card = model_card_from_model(model, test[FEATURES], test["completed"],
                                 sensitive_features=test["background"], name="m", version="1")
    expected = metrics_by_group(test["completed"], model.predict(test[FEATURES]),
                                sensitive_features=test["background"])
    for col in ("tpr", "tpr_low", "tpr_high"):
        np.testing.assert_allclose(card.metrics_by_group[col].to_numpy(),
                                   expected[col].to_numpy())


def test_card_lists_mitchell_gaps_until_filled(fitted):
    model, test = fitted
    bare = model_card_from_model(model, test[FEATURES], test["completed"], sensitive_features=test["background"],
                                 name="m", version="1", intended_use="Offer mentors.",
                                 out_of_scope_uses=["grading"], data="synthetic",
                                 ethical_considerations=["proxy"], caveats=["drift"])
    assert bare.missing_sections() == []
    gaps = bare.mitchell_gaps()
    assert {"model_details.owner", "factors", "decision_threshold", "intersectional",
            "datasheet"} <= set(gaps)
    assert {"tpr_low", "tpr_high"} <= set(bare.metrics_by_group.columns)
    row = bare.metrics_by_group.iloc[0]
    assert row["tpr_low"] <= row["tpr"] <= row["tpr_high"]
    full = model_card_from_model(
        model, test[FEATURES], test["completed"], sensitive_features=test["background"], name="m", version="1",
        intended_use="Offer mentors.", out_of_scope_uses=["grading"], data="synthetic",
        ethical_considerations=["proxy"], caveats=["drift"],
        model_details={"owner": "A", "contact": "a@b", "date": "2026-12-01", "licence": "MIT"},
        factors=["background", "gender"], decision_threshold="score >= 0.5",
        training_data="months 0-5", evaluation_data="a later cohort", datasheet="datasets/x.md",
        intersectional=test[["background", "gender"]])
    assert full.mitchell_gaps() == []
    md = full.to_markdown()
    for heading in ("## Model details", "## Factors", "## Decision threshold",
                    "## Training data", "## Evaluation data", "## Intersectional results",
                    "## Datasheet"):
        assert heading in md
    assert "first_gen × female" in md
    # Each table shows each column once (the intersectional one used to repeat the interval).
    for header in (line for line in md.splitlines() if line.startswith("| background")):
        cells = [c.strip() for c in header.strip("|").split("|")]
        assert len(cells) == len(set(cells)) and "tpr_low" in cells
    with pytest.raises(TypeError):
        ModelCard("m", "1", decision_threshold=0.5)


def test_importance_intervals_cover_the_point_and_give_rank_ranges(fitted):
    model, test = fitted
    table = importance_intervals(model, test[FEATURES], test["completed"], n_boot=10,
                                 random_state=0)
    assert list(table.columns) == ["feature", "importance", "low", "high", "best_rank",
                                   "worst_rank"]
    assert (table["low"] <= table["importance"]).all()
    assert (table["importance"] <= table["high"]).all()
    assert (table["best_rank"] <= table["worst_rank"]).all()
    again = importance_intervals(model, test[FEATURES], test["completed"], n_boot=10,
                                 random_state=0)
    pd.testing.assert_frame_equal(table, again)
    draws = table.attrs["draws"]
    assert list(draws) == FEATURES and all(len(v) == 10 for v in draws.values())
    means = [np.mean(draws[f]) for f in table["feature"]]
    np.testing.assert_allclose(means, table["importance"].to_numpy())


def test_ice_plot_draws_every_curve_and_the_average(fitted):
    model, test = fitted
    table = ice_table(model, test[FEATURES], "district_deprivation", n_curves=15)
    ax = ice_plot(table, title="ICE")
    assert len(ax.lines) == 15 + 2 and ax.get_title() == "ICE"
    with pytest.raises(ValueError):
        ice_plot(table.drop(columns="average"))

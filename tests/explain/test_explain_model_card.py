"""Tests for responsible_ml.explain model cards."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from responsible_ml.explain import ModelCard, model_card_from_model
from responsible_ml.explain._common import _NOT_A_MODEL as NOT_A_MODEL
from responsible_ml.explain._common import _NOT_FITTED as NOT_FITTED
from responsible_ml.explain._model_card import _BAD_METRICS as BAD_METRICS
from responsible_ml.explain._model_card import _NOT_A_LIST_OF_TEXT as NOT_A_LIST_OF_TEXT
from responsible_ml.explain._model_card import CARD_SECTIONS, _card_metrics, frame_to_markdown


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    y = (X["a"] + 0.5 * rng.normal(size=300) > 0).astype(int)
    group = np.where(rng.random(300) < 0.3, "g1", "g0")
    model = LogisticRegression().fit(X, y)
    return model, X, y, group


def full_card(**changes):
    kwargs = dict(
        name="m", version="1", intended_use="Offer mentors.", out_of_scope_uses=["Grading"],
        data="Synthetic.", metrics={"accuracy": 0.8},
        metrics_by_group=pd.DataFrame({"count": [3, 4]}, index=["a", "b"]),
        ethical_considerations=["Proxy risk."], caveats=["Monitor drift."],
    )
    kwargs.update(changes)
    return ModelCard(**kwargs)


def test_complete_card_has_no_missing_sections():
    assert full_card().missing_sections() == []


@pytest.mark.parametrize("field,value", [
    ("intended_use", ""), ("intended_use", "  TODO "), ("data", "YOUR ANSWER HERE"),
    ("out_of_scope_uses", []), ("caveats", ["tbd", "..."]), ("metrics", {}),
    ("metrics_by_group", None), ("metrics_by_group", pd.DataFrame()),
    ("ethical_considerations", ["", "  "]), ("name", ""),
])
def test_missing_sections_detects_empty_and_placeholder(field, value):
    assert full_card(**{field: value}).missing_sections() == [field]


def test_missing_sections_in_card_order():
    card = ModelCard("m", "1")
    missing = card.missing_sections()
    assert missing == [s for s in CARD_SECTIONS if s in missing]
    assert missing[0] == "intended_use" and "version" not in missing


def test_to_markdown_sections_and_gaps():
    text = full_card(caveats=[]).to_markdown()
    assert text.startswith("# Model card: m (version 1)\n")
    for heading in ("## Intended use", "## Out-of-scope uses", "## Data", "## Metrics (overall)",
                    "## Metrics by group", "## Ethical considerations",
                    "## Caveats and recommendations"):
        assert heading in text
    assert "| accuracy | 0.800 |" in text
    assert "- Grading" in text
    assert text.split("## Caveats and recommendations")[1].strip() == "_Not documented yet._"


def test_string_list_sections_accept_one_string_and_reject_numbers():
    assert full_card(caveats="One caveat").caveats == ["One caveat"]
    with pytest.raises(TypeError) as err:
        full_card(caveats=[1, 2])
    assert str(err.value) == NOT_A_LIST_OF_TEXT.format(name="caveats", value=[1, 2])
    with pytest.raises(TypeError) as err:
        full_card(metrics={"accuracy": "high"})
    assert str(err.value) == BAD_METRICS.format(name="metrics", value={"accuracy": "high"})


def test_frame_to_markdown_formats_cells():
    frame = pd.DataFrame({"n": [1, 2], "rate": [0.5, np.nan], "small": [True, False]},
                         index=pd.Index(["x|y", "z"], name="group"))
    assert frame_to_markdown(frame).splitlines() == [
        "| group | n | rate | small |", "|---|---|---|---|",
        "| x\\|y | 1 | 0.500 | yes |", "| z | 2 |  | no |",
    ]


def test_overall_metrics_agree_with_sklearn():
    from sklearn.metrics import accuracy_score, balanced_accuracy_score, precision_score

    t = np.array([1, 1, 0, 0, 1, 0, 1])
    p = np.array([1, 0, 0, 1, 1, 0, 1])
    m = _card_metrics(t, p)
    assert m["accuracy"] == pytest.approx(accuracy_score(t, p))
    assert m["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(t, p))
    assert m["precision"] == pytest.approx(precision_score(t, p))
    assert m["selection_rate"] == pytest.approx(4 / 7)
    assert m["fpr"] == pytest.approx(1 / 3)
    assert "roc_auc" not in m


def test_model_card_from_model_fills_metrics(fitted):
    model, X, y, group = fitted
    card = model_card_from_model(model, X, y, sensitive_features=group, name="m", version="2",
                                 intended_use="Demo", caveats=["c"])
    pred = model.predict(X)
    assert card.metrics["accuracy"] == pytest.approx((pred == y).mean())
    assert 0.5 < card.metrics["roc_auc"] <= 1
    assert list(card.metrics_by_group.index) == ["g0", "g1"]
    assert card.metrics_by_group["count"].sum() == len(X)
    assert {"selection_rate", "accuracy", "tpr", "fpr"} <= set(card.metrics_by_group.columns)
    assert card.missing_sections() == ["out_of_scope_uses", "data", "ethical_considerations"]


def test_model_card_from_model_with_given_predictions(fitted):
    model, X, y, _ = fitted
    card = model_card_from_model(None, X, y, name="m", version="1", y_pred=np.ones(len(y)))
    assert card.metrics["selection_rate"] == 1.0
    assert card.metrics_by_group is None and "roc_auc" not in card.metrics


def test_model_card_from_model_refuses_unfitted_and_non_models(fitted):
    _, X, y, group = fitted
    with pytest.raises(ValueError) as err:
        model_card_from_model(LogisticRegression(), X, y, sensitive_features=group, name="m", version="1")
    assert str(err.value) == NOT_FITTED.format(name="model")
    with pytest.raises(TypeError) as err:
        model_card_from_model("model", X, y, sensitive_features=group, name="m", version="1")
    assert str(err.value) == NOT_A_MODEL.format(name="model", type_name="str")


def test_model_card_from_model_length_mismatch(fitted):
    model, X, y, group = fitted
    with pytest.raises(ValueError, match="X_test and y_test must have the same length"):
        model_card_from_model(model, X, y[:10], name="m", version="1")
    with pytest.raises(ValueError, match="y_test and sensitive_features"):
        model_card_from_model(model, X, y, sensitive_features=group[:5], name="m", version="1")

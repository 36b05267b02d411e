"""Tests for the widget logic (threshold_by_group, slice_bias), mitigation helpers, the
fairness figures and, once each, the bias slicer and threshold explorer widgets."""

import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from responsible_ml import _validation as v  # noqa: E402
from responsible_ml._validation import NOT_SCORES  # noqa: E402
from responsible_ml.fairness import fairness_summary as _fairness_summary  # noqa: E402
from responsible_ml.fairness import group_gap, scored_data, slice_bias  # noqa: E402
from responsible_ml.fairness import metrics_by_group as _metrics_by_group  # noqa: E402
from responsible_ml.fairness import reweighing_weights as _reweighing_weights  # noqa: E402
from responsible_ml.fairness import threshold_by_group as _threshold_by_group  # noqa: E402
from responsible_ml.fairness._engine import (  # noqa: E402
    _MISSING_THRESHOLDS as MISSING_THRESHOLDS,
)
from responsible_ml.fairness._engine import encode_groups, overall_rates
from responsible_ml.fairness._explorer import _NOT_SCORED_DATA as NOT_SCORED_DATA  # noqa: E402


def metrics_by_group(y, p, g, **kw):
    return _metrics_by_group(y, p, sensitive_features=g, **kw)


def threshold_by_group(scores, y, g, thresholds, **kw):
    return _threshold_by_group(scores, y, sensitive_features=g, thresholds=thresholds, **kw)


def reweighing_weights(y, g):
    return _reweighing_weights(y, sensitive_features=g)


def fairness_summary(y, p, g):
    return _fairness_summary(y, p, sensitive_features=g).as_dict()


def _exact(msg):
    return "^" + re.escape(msg) + "$"


@pytest.fixture
def toy():
    rng = np.random.default_rng(0)
    n = 600
    groups = rng.choice(["a", "b", "c"], n, p=[0.62, 0.35, 0.03])
    y = rng.integers(0, 2, n)
    scores = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1).round(2)
    return scores, y, groups


# --- threshold_by_group ----------------------------------------------------------------
def test_threshold_is_inclusive():
    r = threshold_by_group([0.5, 0.49, 0.5, 0.2], [1, 1, 0, 0], ["a", "a", "b", "b"], 0.5,
                           min_group_size=1)
    assert r.table.loc["a", "tpr"] == 0.5  # the 0.5 score counts as selected
    assert r.table.loc["b", "fpr"] == 0.5
    assert r.accuracy == 0.5


def test_one_threshold_equals_metrics_by_group(toy):
    scores, y, g = toy
    r = threshold_by_group(scores, y, g, 0.45)
    expected = metrics_by_group(y, (scores >= 0.45).astype(int), g)
    pd.testing.assert_frame_equal(r.table, expected)
    assert r.thresholds == {"a": 0.45, "b": 0.45, "c": 0.45}
    assert r.accuracy == pytest.approx(((scores >= 0.45) == y).mean())
    assert r.tpr_gap == pytest.approx(expected["tpr"].max() - expected["tpr"].min())


def test_per_group_thresholds(toy):
    scores, y, g = toy
    thr = {"a": 0.3, "b": 0.6, "c": 0.5}
    r = threshold_by_group(scores, y, encode_groups(g), thr)
    decisions = (scores >= np.vectorize(thr.get)(g)).astype(int)
    pd.testing.assert_frame_equal(r.table, metrics_by_group(y, decisions, g))
    # Raising one group's threshold lowers its TPR and leaves the others alone.
    r2 = threshold_by_group(scores, y, g, {**thr, "b": 0.8})
    assert r2.table.loc["b", "tpr"] < r.table.loc["b", "tpr"]
    assert r2.table.loc["a", "tpr"] == r.table.loc["a", "tpr"]


def test_unchecked_path_gives_the_checked_result(toy):
    """check_input=False (a widget's hot path, inputs checked once) changes nothing."""
    scores, y, groups = toy
    codes = encode_groups(groups)
    for thresholds in (0.4, {"a": 0.3, "b": 0.6, "c": 0.5}):
        checked = threshold_by_group(scores, y, groups, thresholds)
        fast = threshold_by_group(np.asarray(scores, float), np.asarray(y, np.int64), codes,
                                  thresholds, check_input=False)
        pd.testing.assert_frame_equal(fast.table, checked.table)
        assert (fast.thresholds, fast.accuracy) == (checked.thresholds, checked.accuracy)
        assert (fast.tpr_gap, fast.fpr_gap) == (checked.tpr_gap, checked.fpr_gap)


def test_small_group_flagged_in_explorer(toy):
    scores, y, g = toy
    r = threshold_by_group(scores, y, g, 0.5)
    assert bool(r.table.loc["c", "small"]) and not bool(r.table.loc["a", "small"])


def test_group_without_positives_gives_nan_not_error():
    r = threshold_by_group([0.9, 0.1, 0.8, 0.7], [0, 0, 1, 0], ["a", "a", "b", "b"], 0.5,
                           min_group_size=1)
    assert math.isnan(r.table.loc["a", "tpr"]) and bool(r.table.loc["a", "small"])
    assert math.isnan(r.tpr_gap)  # only one group has a TPR


def test_threshold_errors(toy):
    scores, y, g = toy
    msg = MISSING_THRESHOLDS.format(name="thresholds", missing="'c'", groups="'a', 'b', 'c'")
    with pytest.raises(ValueError, match=_exact(msg)):
        threshold_by_group(scores, y, g, {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match=_exact(v.NOT_A_PROBABILITY.format(
            name="thresholds", value=1.5))):
        threshold_by_group(scores, y, g, 1.5)
    with pytest.raises(ValueError, match=_exact(NOT_SCORES.format(name="scores", value=1.2))):
        threshold_by_group([0.2, 1.2], [0, 1], ["a", "b"], 0.5)
    with pytest.raises(ValueError, match=_exact(v.FEWER_THAN_TWO_GROUPS.format(
            name="sensitive_features", count=1, groups="'a'"))):
        threshold_by_group([0.2, 0.7], [0, 1], ["a", "a"], 0.5)
    with pytest.raises(ValueError, match=_exact(v.LENGTH_MISMATCH.format(
            name_a="scores", name_b="y_true", len_a=2, len_b=3))):
        threshold_by_group([0.2, 0.7], [0, 1, 1], ["a", "b"], 0.5)


# --- slice_bias ------------------------------------------------------------------------
@pytest.fixture
def data(toy):
    scores, y, g = toy
    rng = np.random.default_rng(5)
    sens = pd.DataFrame({"grp": g, "sex": rng.choice(["F", "M"], len(y))})
    return scored_data("toy", y, scores, sensitive_features=sens)


def test_slice_bias_single_and_intersection(data):
    assert data.attributes == ["grp", "sex", "grp × sex"]
    r = slice_bias(data, "grp", "selection_rate", 0.5)
    expected = metrics_by_group(data.y_true, (data.scores >= 0.5).astype(int),
                                data.sensitive_features["grp"])
    pd.testing.assert_frame_equal(r.table, expected.rename_axis("grp"))
    assert r.gap.ratio == pytest.approx(expected["selection_rate"].min()
                                            / expected["selection_rate"].max())
    assert r.overall == pytest.approx((data.scores >= 0.5).mean())
    r2 = slice_bias(data, "grp × sex", "tpr", 0.4)
    assert len(r2.table) == 6 and r2.table.index.name == "grp × sex"


def test_slice_bias_errors(data):
    msg = v.UNKNOWN_COLUMNS.format(name="attribute", missing="'race'",
                                   available="'grp', 'sex'")
    with pytest.raises(ValueError, match=_exact(msg)):
        slice_bias(data, "race", "tpr", 0.5)
    with pytest.raises(ValueError, match="metric must be one of"):
        slice_bias(data, "grp", "recall", 0.5)
    with pytest.raises(ValueError, match=_exact(v.NOT_A_PROBABILITY.format(
            name="threshold", value=-0.1))):
        slice_bias(data, "grp", "tpr", -0.1)
    with pytest.raises(TypeError, match=_exact(NOT_SCORED_DATA.format(name="data",
                                                                      type_name="dict"))):
        slice_bias({"not": "data"}, "grp", "tpr", 0.5)
    with pytest.raises(TypeError, match=_exact(v.NOT_A_FRAME.format(name="sensitive_features",
                                                                    type_name="list"))):
        scored_data("x", [0, 1], [0.2, 0.8], sensitive_features=["a", "b"])


def test_slice_bias_no_gap_when_one_group_has_a_value():
    d = scored_data("t", [0, 0, 1, 1], [0.9, 0.1, 0.8, 0.2],
                    sensitive_features=pd.DataFrame({"g": list("aabb")}))
    r = slice_bias(d, "g", "tpr", 0.5, min_group_size=1)
    assert r.gap is None and math.isnan(r.table.loc["a", "tpr"])


def test_overall_rates():
    s = overall_rates(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]))
    assert s["tpr"] == 0.5 and s["fpr"] == 0.5 and s["accuracy"] == 0.5 and s["count"] == 4


# --- mitigation ------------------------------------------------------------------------
def test_reweighing_weights_make_label_independent_of_group():
    rng = np.random.default_rng(2)
    n = 1000
    g = rng.choice(["a", "b"], n, p=[0.7, 0.3])
    y = (rng.random(n) < np.where(g == "a", 0.7, 0.3)).astype(int)
    w = reweighing_weights(y, g)
    assert w.sum() == pytest.approx(n)
    for grp in ["a", "b"]:
        m = g == grp
        assert np.average(y[m], weights=w[m]) == pytest.approx(y.mean())  # weighted base rate
        assert w[m].sum() == pytest.approx(m.sum())  # group keeps its total weight
    # Rare cell (b, 1) weighs more than the common cell (a, 1).
    assert w[(g == "b") & (y == 1)][0] > 1 > w[(g == "a") & (y == 1)][0]


def test_reweighing_by_hand_example():
    w = reweighing_weights([1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"])
    np.testing.assert_allclose(w, [0.75, 0.75, 1.5, 1.5, 0.75, 0.75])


def test_reweighing_errors():
    with pytest.raises(ValueError, match=_exact(v.NOT_BINARY.format(name="y", values="2"))):
        reweighing_weights([2, 0], ["a", "b"])
    with pytest.raises(ValueError, match=_exact(v.LENGTH_MISMATCH.format(
            name_a="y", name_b="sensitive_features", len_a=2, len_b=3))):
        reweighing_weights([1, 0], ["a", "b", "a"])


def test_fairness_summary():
    s = fairness_summary([1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 0, 1, 0, 0, 0], list("aaaabbbb"))
    assert s["accuracy"] == 0.75
    assert s["selection_rate_ratio"] == pytest.approx(0.25 / 0.75)
    assert s["tpr_gap"] == 0.5 and s["fpr_gap"] == 0.5 and s["worst_tpr_group"] == "b"


# --- figures ---------------------------------------------------------------------------
def test_metric_plot_marks_small_groups_and_updates_in_place(toy):
    import matplotlib.pyplot as plt

    from responsible_ml.plotting._fairness import metric_by_group_plot

    scores, y, g = toy
    r = threshold_by_group(scores, y, g, 0.5)
    gap = group_gap(r.table, "tpr")
    ax = metric_by_group_plot(r.table, "tpr", gap=gap)
    hatched = [p.get_hatch() for p in ax.patches[:3]]
    assert hatched == [None, None, "//"]  # group c is small
    assert f"gap {gap.difference:.2f}" in ax.get_title()
    assert ax.get_ylabel() == "true positive rate"
    r2 = threshold_by_group(scores, y, g, 0.8)
    bars = list(ax.patches)
    assert metric_by_group_plot(r2.table, "tpr", ax=ax) is ax  # drawn again: in place
    assert list(ax.patches) == bars
    assert ax.patches[0].get_height() == pytest.approx(r2.table["tpr"].iloc[0])
    other = metrics_by_group(y, (scores >= 0.5).astype(int), np.where(g == "c", "a", g))
    metric_by_group_plot(other, "tpr", ax=ax)  # other groups: cleared, drawn anew
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in other.index]
    assert ax.patches[0] is not bars[0]
    plt.close("all")


# --- widgets (once each) ---------------------------------------------------------------
def test_bias_slicer_widget_redraws_on_control_change(data, capsys):
    from responsible_ml.widgets import bias_slicer

    view = bias_slicer(datasets={"toy": data}, dataset="toy", metric="tpr")
    first_height = view.last_figure.axes[0].patches[0].get_height()
    view.controls["threshold"].value = 0.8
    assert view.last_figure.axes[0].patches[0].get_height() != first_height
    view.controls["attribute"].value = "grp × sex"
    assert len(view.last_figure.axes[0].get_xticklabels()) == 6
    assert "toy" in view.data


def test_threshold_explorer_widget_per_group(toy, capsys):
    from responsible_ml.widgets import threshold_explorer

    scores, y, g = toy
    view = threshold_explorer(scores, y, sensitive_features=g)
    title = view.last_figure.axes[0].get_title()
    view.controls["mode"].value = "one per group"
    view.controls["group_0"].value = 0.9
    assert view.last_figure.axes[0].get_title() != title  # accuracy changed
    expected = threshold_by_group(scores, y, g, {"a": 0.9, "b": 0.5, "c": 0.5})
    assert f"{expected.accuracy:.3f}" in view.last_figure.axes[0].get_title()


# --- shipped datasets ------------------------------------------------------------------
def test_compas_scores_reproduce_propublica():
    from responsible_ml.fairness import score_dataset

    compas = score_dataset("COMPAS")
    assert compas.attributes[:3] == ["race", "sex", "age_cat"]
    r = slice_bias(compas, "race", "fpr", 0.5)
    assert round(r.table.loc["African-American", "fpr"], 4) == 0.4485
    assert round(r.table.loc["Caucasian", "fpr"], 4) == 0.2345
    fnr = slice_bias(compas, "race", "fnr", 0.5).table["fnr"]
    assert round(fnr["African-American"], 4) == 0.2799 and round(fnr["Caucasian"], 4) == 0.4772
    assert bool(r.table.loc["Native American", "small"])  # 18 defendants


def test_case_study_scores_are_out_of_fold_probabilities():
    from responsible_ml.fairness import score_dataset

    cs = score_dataset("case study")
    assert len(cs.scores) == 4000 and 0 < cs.scores.min() and cs.scores.max() < 1
    assert cs.attributes[0] == "background"
    accuracy = ((cs.scores >= 0.5) == cs.y_true).mean()
    assert 0.6 < accuracy < 0.8  # a real model, scored on rows it did not see


def test_unknown_dataset():
    from responsible_ml.fairness import score_dataset
    from responsible_ml.fairness._explorer import DATASETS

    msg = v.NOT_IN_OPTIONS.format(name="name", options=", ".join(map(repr, DATASETS)),
                                  value="Iris")
    with pytest.raises(ValueError, match=_exact(msg)):
        score_dataset("Iris")


def test_bias_slicer_switches_dataset_and_attribute_options(data, capsys):
    from responsible_ml.widgets import bias_slicer

    other = scored_data("other", data.y_true, data.scores,
                        sensitive_features=pd.DataFrame({"region": np.where(data.y_true == 1, "N", "S")}))
    view = bias_slicer(datasets={"toy": data, "other": other}, dataset="toy")
    view.controls["dataset"].value = "other"
    assert list(view.controls["attribute"].options) == ["region"]
    assert [t.get_text() for t in view.last_figure.axes[0].get_xticklabels()] == ["N", "S"]

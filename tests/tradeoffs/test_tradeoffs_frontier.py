"""Trade-off frontier: gaps, candidate evaluation, dominance, Pareto set, constrained choice."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import NOT_A_REAL, NOT_IN_OPTIONS, UNKNOWN_COLUMNS
from responsible_ml.fairness._engine import _UNDEFINED_GROUP, GAP_METRICS
from responsible_ml.fairness._slicing import rate_gap
from responsible_ml.tradeoffs import (
    choose_operating_point,
    feasible_mask,
    pareto_front,
    pareto_mask,
)
from responsible_ml.tradeoffs import evaluate_thresholds as _evaluate_thresholds
from responsible_ml.tradeoffs._candidates import _NO_MITIGATION_GROUP as NO_MITIGATION_GROUP
from responsible_ml.tradeoffs._common import _EMPTY_CANDIDATES as EMPTY_CANDIDATES
from responsible_ml.tradeoffs._frontier import _NO_FEASIBLE as NO_FEASIBLE
from responsible_ml.tradeoffs._frontier import _NO_OBJECTIVES as NO_OBJECTIVES
from responsible_ml.tradeoffs._frontier import _NOT_A_CONSTRAINT_MAP as NOT_A_CONSTRAINT_MAP
from responsible_ml.tradeoffs._frontier import _UNKNOWN_CONSTRAINT as UNKNOWN_CONSTRAINT


def group_gap(y, pred, groups, metric):
    """The frontier's gap is the engine's (the former tradeoffs.group_gap)."""
    return rate_gap(y, pred, sensitive_features=groups, metric=metric)


def evaluate_thresholds(y, scores, groups, thresholds, **kw):
    return _evaluate_thresholds(y, scores, sensitive_features=groups, thresholds=thresholds,
                                **kw)


def _table(acc, gap, eps=None):
    eps = [1.0] * len(acc) if eps is None else eps
    return pd.DataFrame({"candidate": [f"c{i}" for i in range(len(acc))], "accuracy": acc,
                         "gap": gap, "epsilon": eps})


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    n = 600
    groups = np.where(rng.random(n) < 0.3, "b", "a")
    y = (rng.random(n) < np.where(groups == "b", 0.35, 0.55)).astype(int)
    scores = np.clip(0.5 * y + rng.normal(0.25, 0.2, n) - 0.1 * (groups == "b"), 0, 1)
    return y, scores, groups


# ----------------------------------------------------------------------------- group_gap
@pytest.mark.parametrize("metric", ["selection_rate", "tpr", "fpr", "fnr", "accuracy",
                                    "equalized_odds"])
def test_group_gap_agrees_with_fairlearn(data, metric):
    from fairlearn.metrics import (
        MetricFrame,
        equalized_odds_difference,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score

    y, scores, groups = data
    pred = (scores >= 0.45).astype(int)
    from pandas.errors import Pandas4Warning

    with warnings.catch_warnings():
        # fairlearn's MetricFrame under pandas 3; nothing else is hidden.
        warnings.filterwarnings("ignore", category=Pandas4Warning)
        if metric == "equalized_odds":
            expected = equalized_odds_difference(y, pred, sensitive_features=groups)
        else:
            fn = {"selection_rate": selection_rate, "tpr": true_positive_rate,
                  "fpr": false_positive_rate, "fnr": false_negative_rate,
                  "accuracy": accuracy_score}[metric]
            expected = MetricFrame(metrics=fn, y_true=y, y_pred=pred,
                                   sensitive_features=groups).difference()
    assert group_gap(y, pred, groups, metric) == pytest.approx(expected, abs=1e-12)


def test_group_gap_three_groups_uses_max_minus_min():
    y = [1, 1, 1, 1, 1, 1]
    pred = [1, 1, 1, 0, 0, 0]
    groups = ["a", "a", "b", "b", "c", "c"]
    assert group_gap(y, pred, groups, "tpr") == 1.0
    assert group_gap(y, pred, groups, "selection_rate") == 1.0


def test_group_gap_group_without_positives_is_a_clear_error():
    with pytest.raises(ValueError) as err:
        group_gap([1, 0, 0, 0], [1, 0, 1, 0], ["a", "a", "b", "b"], "tpr")
    assert str(err.value) == _UNDEFINED_GROUP.format(metric="tpr", groups="'b'", where="",
                                                     reason="no rows with y_true == 1")


def test_group_gap_unknown_metric():
    with pytest.raises(ValueError) as err:
        group_gap([1, 0], [1, 0], ["a", "b"], "auc")
    assert str(err.value) == NOT_IN_OPTIONS.format(
        name="metric", options=", ".join(map(repr, GAP_METRICS)), value="auc")


# ----------------------------------------------------------------------------- evaluation
def test_evaluate_thresholds_matches_direct_computation(data):
    y, scores, groups = data
    table = evaluate_thresholds(y, scores, groups, [0.3, 0.5], mitigation=[0.0, 0.1],
                                mitigation_group="b", model="m")
    assert len(table) == 4
    assert table["candidate"].is_unique
    row = table[(table.threshold == 0.5) & (table.mitigation == 0.1)].iloc[0]
    cut = np.where(groups == "b", 0.4, 0.5)
    pred = (scores >= cut).astype(int)
    assert row["accuracy"] == pytest.approx(np.mean(pred == y))
    assert row["gap"] == pytest.approx(group_gap(y, pred, groups, "tpr"))
    assert row["selection_rate"] == pytest.approx(pred.mean())
    assert math.isinf(row["epsilon"])




def test_evaluate_thresholds_selects_scores_equal_to_threshold():
    table = evaluate_thresholds([1, 0, 1, 0], [0.5, 0.1, 0.2, 0.5], ["a", "a", "b", "b"], [0.5])
    assert table["selection_rate"].iloc[0] == 0.5
    assert table["accuracy"].iloc[0] == 0.5


def test_evaluate_thresholds_bad_input(data):
    y, scores, groups = data
    with pytest.raises(ValueError) as err:
        evaluate_thresholds(y, scores, groups, [])
    assert str(err.value) == EMPTY_CANDIDATES.format(name="thresholds")
    with pytest.raises(ValueError) as err:
        evaluate_thresholds(y, scores, groups, [0.5], mitigation=[0.1])
    assert str(err.value) == NO_MITIGATION_GROUP
    with pytest.raises(ValueError) as err:
        evaluate_thresholds(y, scores, groups, [0.5], epsilon=0)
    assert str(err.value) == NOT_A_REAL.format(name="epsilon", bounds=" > 0", value=0)


# ----------------------------------------------------------------------------- dominance
def dominates(a, b, objectives=None):
    """A is at least as good as B on every objective and better on one (the test's oracle)."""
    objectives = objectives or {"accuracy": "max", "gap": "min", "epsilon": "min"}
    sign = {k: 1 if d == "max" else -1 for k, d in objectives.items()}
    ge = all(sign[k] * a[k] >= sign[k] * b[k] for k in objectives)
    return ge and any(sign[k] * a[k] > sign[k] * b[k] for k in objectives)


def test_dominance_needs_strictly_better_somewhere():
    obj = {"accuracy": "max", "gap": "min"}
    assert dominates({"accuracy": 0.8, "gap": 0.1}, {"accuracy": 0.8, "gap": 0.2}, obj)
    assert not dominates({"accuracy": 0.8, "gap": 0.1}, {"accuracy": 0.8, "gap": 0.1}, obj)
    assert not dominates({"accuracy": 0.9, "gap": 0.3}, {"accuracy": 0.8, "gap": 0.1}, obj)


def test_pareto_keeps_ties_and_drops_dominated():
    t = _table([0.80, 0.80, 0.82, 0.78, 0.80], [0.05, 0.05, 0.10, 0.08, 0.06])
    assert pareto_mask(t).tolist() == [True, True, True, False, False]
    assert pareto_front(t).index.tolist() == [0, 1, 2]


def test_pareto_respects_directions_and_infinite_epsilon():
    t = _table([0.8, 0.8], [0.1, 0.1], [math.inf, 1.0])
    assert pareto_mask(t).tolist() == [False, True]  # same utility, more privacy
    flipped = pareto_mask(t, {"accuracy": "max", "gap": "min", "epsilon": "max"})
    assert flipped.tolist() == [True, False]


def test_pareto_brute_force_agreement():
    rng = np.random.default_rng(0)
    t = _table(rng.integers(0, 5, 40) / 10, rng.integers(0, 5, 40) / 10,
               rng.choice([1.0, 3.0, math.inf], 40))
    mask = pareto_mask(t)
    rows = t.to_dict("records")
    for i, r in enumerate(rows):
        dominated = any(dominates(o, r) for j, o in enumerate(rows) if j != i)
        assert mask[i] == (not dominated)


def test_pareto_bad_input():
    with pytest.raises(ValueError) as err:
        pareto_front(_table([], []))
    assert str(err.value) == EMPTY_CANDIDATES.format(name="candidates")
    with pytest.raises(ValueError) as err:
        pareto_mask(_table([0.8], [0.1]), {"accuracy": "up"})
    assert str(err.value) == NOT_IN_OPTIONS.format(name="objectives['accuracy']",
                                                   options="'max', 'min'", value="up")
    with pytest.raises(ValueError) as err:
        pareto_mask(_table([0.8], [0.1]), {"auc": "max"})
    assert str(err.value) == UNKNOWN_COLUMNS.format(
        name="candidates", missing="'auc'", available="'candidate', 'accuracy', 'gap', 'epsilon'")


# ----------------------------------------------------------------------------- choice
def test_choose_best_accuracy_under_gap_constraint_inclusive():
    t = _table([0.80, 0.82, 0.78, 0.85], [0.05, 0.10, 0.02, 0.11])
    assert choose_operating_point(t, {"gap": 0.10})["candidate"] == "c1"  # exactly at bound
    assert choose_operating_point(t, {"gap": 0.05})["candidate"] == "c0"
    assert choose_operating_point(t)["candidate"] == "c3"


def test_choose_lower_bound_on_max_objective_and_other_objective():
    t = _table([0.80, 0.82, 0.78], [0.05, 0.10, 0.02])
    chosen = choose_operating_point(t, {"accuracy": 0.80}, objective="gap")
    assert chosen["candidate"] == "c0"


def test_choose_breaks_ties_on_other_objectives_then_order():
    t = _table([0.8, 0.8, 0.8, 0.8], [0.10, 0.05, 0.05, 0.05], [1.0, 3.0, 1.0, 1.0])
    assert choose_operating_point(t)["candidate"] == "c2"


def test_choice_is_on_the_frontier():
    rng = np.random.default_rng(1)
    t = _table(rng.random(60).round(2), rng.random(60).round(2), rng.choice([1.0, 2.0], 60))
    front = set(pareto_front(t)["candidate"])
    for bound in (0.2, 0.5, 0.9):
        assert choose_operating_point(t, {"gap": bound})["candidate"] in front


def test_no_feasible_point_is_a_clear_error():
    t = _table([0.80, 0.82], [0.05, 0.10])
    with pytest.raises(ValueError) as err:
        choose_operating_point(t, {"gap": 0.01, "accuracy": 0.9})
    assert str(err.value) == NO_FEASIBLE.format(constraints="gap <= 0.01, accuracy >= 0.9",
                                                count=2)


def test_choose_bad_constraints():
    t = _table([0.8], [0.1])
    with pytest.raises(ValueError) as err:
        choose_operating_point(t, {"auc": 0.5})
    assert str(err.value) == UNKNOWN_CONSTRAINT.format(column="auc",
                                                       objectives=["accuracy", "gap", "epsilon"])
    with pytest.raises(ValueError) as err:
        choose_operating_point(t, {"gap": float("nan")})
    assert str(err.value) == NOT_A_REAL.format(name="constraints['gap']", bounds="",
                                               value=float("nan"))
    with pytest.raises(ValueError) as err:
        choose_operating_point(t, objective="auc")
    assert str(err.value) == NOT_IN_OPTIONS.format(name="objective",
                                                   options="'accuracy', 'gap', 'epsilon'",
                                                   value="auc")
    with pytest.raises(ValueError) as err:
        choose_operating_point(_table([], []), {"gap": 0.1})
    assert str(err.value) == EMPTY_CANDIDATES.format(name="candidates")
    with pytest.raises(TypeError) as err:
        choose_operating_point(t, [("gap", 0.1)])
    assert str(err.value) == NOT_A_CONSTRAINT_MAP.format(type_name="list")
    with pytest.raises(ValueError) as err:
        feasible_mask(t, {"gap": 0.1}, {})
    assert str(err.value) == NO_OBJECTIVES


def test_feasible_mask_none_bound_ignored_and_float_slack():
    t = _table([0.8, 0.7], [0.1 + 0.2, 0.31])
    assert feasible_mask(t, {"gap": 0.3, "accuracy": None}).tolist() == [True, False]


def test_gap_interval_covers_the_estimate_and_shrinks_with_more_data():
    from responsible_ml.fairness import group_gap as engine_gap
    from responsible_ml.fairness import metrics_by_group

    rng = np.random.default_rng(5)

    def sample(n):
        g = np.where(rng.random(n) < 0.4, "b", "a")
        y = (rng.random(n) < 0.5).astype(int)
        pred = (rng.random(n) < np.where(y == 1, np.where(g == "b", 0.6, 0.75), 0.3)).astype(int)
        return y, pred, g

    y, pred, g = sample(400)
    gap = engine_gap(metrics_by_group(y, pred, sensitive_features=g), "tpr")
    assert gap.low <= group_gap(y, pred, g, "tpr") <= gap.high
    y2, pred2, g2 = sample(6400)
    gap2 = engine_gap(metrics_by_group(y2, pred2, sensitive_features=g2), "tpr")
    assert gap2.high - gap2.low < (gap.high - gap.low) / 2


def _all_pairs_mask(table, objectives=None):
    """pareto_mask before the cull (all pairs at once), kept as the reference the cull must equal."""
    objectives = dict(objectives or {"accuracy": "max", "gap": "min", "epsilon": "min"})
    v = np.column_stack([table[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                         for c, d in objectives.items()])
    ge = np.all(v[:, None, :] >= v[None, :, :], axis=2)
    gt = np.any(v[:, None, :] > v[None, :, :], axis=2)
    return ~np.any(ge & gt, axis=0)


@pytest.mark.parametrize("seed", range(40))
def test_pareto_cull_equals_all_pairs(seed):
    """The cull (compare each row with the current front only) gives the all-pairs mask: random tables
    with ties, duplicates, inf and -inf, one to four objectives, either direction, any index."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 60)), int(rng.integers(1, 5))
    levels = int(rng.integers(2, 8))  # few levels: many ties and identical rows
    data = {f"o{c}": rng.integers(0, levels, n) / levels for c in range(k)}
    if seed % 3 == 0:
        data["o0"] = np.where(rng.random(n) < 0.2, rng.choice([math.inf, -math.inf], n), data["o0"])
    t = pd.DataFrame(data, index=rng.permutation(n) + 5 * seed)
    objectives = {f"o{c}": str(rng.choice(["max", "min"])) for c in range(k)}
    got = pareto_mask(t, objectives)
    assert got.dtype == bool and got.shape == (n,)
    assert got.tolist() == _all_pairs_mask(t, objectives).tolist()
    assert got.any()  # a table always has a frontier
    assert pareto_front(t, objectives).index.tolist() == t.index[_all_pairs_mask(t, objectives)].tolist()


def test_pareto_cull_equals_all_pairs_on_the_exercise_table():
    t = pd.DataFrame({"accuracy": [0.722, 0.715, 0.705, 0.716, 0.716, 0.706, 0.690, 0.650],  # exercise 07's
                      "gap": [0.140, 0.150, 0.030, 0.130, 0.060, 0.040, 0.120, 0.020],
                      "epsilon": [math.inf, math.inf, math.inf, 3.0, math.inf, 3.0, 1.0, 1.0]})
    assert pareto_mask(t).tolist() == [True, False, True, True, True, True, True, True]
    for objectives in (None, {"accuracy": "max", "gap": "min"}, {"gap": "min", "epsilon": "max"}):
        assert pareto_mask(t, objectives).tolist() == _all_pairs_mask(t, objectives).tolist()


def test_pareto_mask_still_refuses_nan():
    with pytest.raises(ValueError):
        pareto_mask(_table([0.8, math.nan], [0.1, 0.2]))

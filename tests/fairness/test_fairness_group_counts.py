"""The engine's raw counts (group_counts) and the two monitors that count through it.

``monitoring.monthly_stats`` (confusion cells per month and group) and
``monitoring._expected_rates`` (CBPE's expected counts) counted by hand until checkpoint 3.
The hand computations they replaced are kept here, verbatim, as oracles: on the case-study
stream the engine gives the same numbers to the bit (``==``, not approx).
"""

import numpy as np
import pandas as pd
import pytest

from responsible_ml._validation import NOT_BINARY
from responsible_ml.fairness import _engine
from responsible_ml.fairness._engine import encode_groups, group_counts, group_rates
from responsible_ml.monitoring import (
    fit_calibrator,
    make_stream,
    monthly_stats,
    train_model,
)
from responsible_ml.monitoring._label_free import _expected_rates


@pytest.fixture(scope="module")
def case_study():
    stream = make_stream(8000, random_state=0, shift=1.0, shift_kind="covariate")
    holdout = stream.history.sample(frac=0.25, random_state=0)
    train = stream.history.drop(holdout.index)
    model = train_model(train, version="v1", target_tpr=0.75)
    calibrator = fit_calibrator(model.scores(holdout), holdout["completed"],
                                holdout["background"])
    return stream, train, model, calibrator


def _old_expected_rates(probabilities, decisions, groups=None):
    """monitoring/_label_free._expected_rates before checkpoint 3 (the oracle)."""
    p = np.asarray(probabilities, float)
    d = np.asarray(decisions).astype(float)
    g = (np.full(len(p), "all") if groups is None else np.asarray(groups).astype(str))
    rows = {}
    labels = ["all", *sorted(set(g.tolist()) - {"all"})]
    for label in labels:
        mask = np.ones(len(p), bool) if label == "all" else g == label
        pp, dd = p[mask], d[mask]
        pos = pp.sum()
        rows[label] = {"n": int(mask.sum()), "expected_positives": float(pos),
                       "est_accuracy": float(np.mean(dd * pp + (1 - dd) * (1 - pp)))
                       if mask.any() else np.nan,
                       "est_tpr": float((dd * pp).sum() / pos) if pos > 0 else np.nan,
                       "selection_rate": float(dd.mean()) if mask.any() else np.nan}
    return pd.DataFrame.from_dict(rows, orient="index")


def _old_monthly_confusion(production, model, group_col="background", label_col="completed",
                           month_col="enrol_month"):
    """The (month, group) confusion cells of monthly_stats before checkpoint 3."""
    months_of_row = production[month_col].to_numpy(np.int64)
    months = np.arange(months_of_row.min(), months_of_row.max() + 1)
    row_month = months_of_row - months[0]
    d = model.decide(production, model.scores(production))
    col = production[group_col]
    groups = (sorted(str(x) for x in col.cat.categories)
              if isinstance(col.dtype, pd.CategoricalDtype)
              else sorted(col.astype(str).unique().tolist()))
    gcode = pd.Categorical(col.astype(str), categories=groups).codes
    y = production[label_col].to_numpy(np.int64)
    cell = (row_month * len(groups) + gcode) * 4 + y * 2 + d
    return np.bincount(cell, minlength=len(months) * len(groups) * 4).reshape(
        len(months), len(groups), 4)


def test_monthly_confusion_is_bit_identical(case_study):
    stream, train, model, _ = case_study
    stats = monthly_stats(stream.production, model, train)
    old = _old_monthly_confusion(stream.production, model)
    assert stats.confusion.dtype == old.dtype and stats.confusion.shape == old.shape
    assert np.array_equal(stats.confusion, old)


@pytest.mark.parametrize("by_group", [True, False])
def test_expected_rates_are_bit_identical(case_study, by_group):
    stream, _, model, calibrator = case_study
    prod = stream.production
    scores = model.scores(prod)
    groups = prod["background"].astype(str).to_numpy()
    probs = calibrator.transform(scores, groups)
    decisions = model.decide(prod, scores)
    first, last = int(prod["enrol_month"].min()), int(prod["enrol_month"].max())
    # everyone, one month, a quarter, and no row at all
    for months in ((first, last), (first, first), (last - 2, last), (last + 1, last + 1)):
        mask = prod["enrol_month"].between(*months).to_numpy()
        g = groups[mask] if by_group else None
        new = _expected_rates(probs[mask], decisions[mask], g)
        old = _old_expected_rates(probs[mask], decisions[mask], g)
        pd.testing.assert_frame_equal(new, old, check_exact=True)


def test_counts_agree_with_the_rates_table():
    rng = np.random.default_rng(3)
    y, p = rng.integers(0, 2, 500), rng.integers(0, 2, (500, 3))
    g = encode_groups(rng.choice(list("abc"), 500))
    counts = group_counts(y, p, g)
    rates = group_rates(y, p, g)
    assert counts.index.equals(rates.index)
    for col in ("count", "positives"):
        assert (counts[col] == rates[col]).all()
    assert (counts["correct"] / counts["count"] == rates["accuracy"]).all()
    assert (counts[["tn", "fp", "fn", "tp"]].sum(axis=1) == counts["count"]).all()


def test_counts_by_hand():
    counts = group_counts([1, 0, 1, 1, 0], [1, 1, 0, 1, 0], ["a", "a", "b", "b", "b"])
    assert counts.loc["a"].tolist() == [2, 1, 2, 1, 0, 1, 0, 1]
    assert counts.loc["b"].tolist() == [3, 2, 1, 2, 1, 0, 1, 1]
    assert list(counts.columns) == ["count", "positives", "predicted_positives", "correct",
                                    "tn", "fp", "fn", "tp"]


def test_expected_counts_by_hand():
    q = np.array([0.9, 0.2, 0.6, 0.3])
    counts = group_counts(q, [1, 0, 0, 1], ["a", "a", "b", "b"], expected=True)
    assert counts.loc["a", "positives"] == pytest.approx(1.1)
    assert counts.loc["a", "tp"] == pytest.approx(0.9)
    assert counts.loc["a", "correct"] == pytest.approx(0.9 + 0.8)
    assert counts.loc["b", "fn"] == pytest.approx(0.6)
    assert counts.loc["b", "fp"] == pytest.approx(0.7)
    assert counts.loc["b", "predicted_positives"] == 1 and counts["count"].tolist() == [2, 2]
    # with 0/1 "probabilities" the expected counts are the counts
    exact = group_counts([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"])
    soft = group_counts([1.0, 0.0, 1.0, 1.0], [1, 0, 0, 1], ["a", "a", "b", "b"], expected=True)
    assert (soft.astype(float) == exact.astype(float)).all().all()


def test_one_group_is_allowed_and_empty_codes_count_zero():
    codes = _engine.GroupCodes(codes=np.array([0, 0, 2]), labels=["x", "y", "z"], name="g")
    counts = group_counts([1, 0, 1], [1, 1, 1], codes)
    assert counts.loc["y"].tolist() == [0] * 8 and counts.loc["x", "fp"] == 1
    assert group_counts([1, 0], [1, 1], ["only", "only"])["count"].tolist() == [2]


def test_bad_probabilities_and_matrix_are_refused():
    with pytest.raises(ValueError) as err:
        group_counts([0.5, 1.5], [1, 0], ["a", "b"], expected=True)
    assert str(err.value) == _engine._NOT_PROBABILITIES.format(name="y_true", values="1.5")
    with pytest.raises(ValueError) as err:
        group_counts([0.5, 0.5], [[1, 0], [0, 1]], ["a", "b"], expected=True)
    assert str(err.value) == _engine._EXPECTED_NEEDS_A_VECTOR.format(name="y_pred",
                                                                      shape=(2, 2))
    with pytest.raises(ValueError) as err:  # probabilities are counted only when asked
        group_counts([0.5, 1.0], [1, 0], ["a", "b"])
    assert str(err.value) == NOT_BINARY.format(name="y_true", values="0.5")

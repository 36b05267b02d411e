"""Tests for the synthetic case-study generator."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from responsible_ml import _validation as v
from responsible_ml.data import (
    CASE_STUDY_FEATURES,
    make_case_study,
    make_directory,
    true_completion_chance,
)
from responsible_ml.data import _case_study as cs
from responsible_ml.data._case_study import CASE_STUDY_COLUMNS, DISTRICT_DEPRIVATION

DTYPES = {
    "learner_id": "str", "name": "str", "birth_date": "datetime64[s]", "age": "int64",
    "gender": "category", "district": "category", "background": "category",
    "enrol_month": "int64", "prior_courses": "int64", "hours_per_week": "float64",
    "quiz_avg": "float64", "forum_posts": "int64", "device": "category",
    "district_deprivation": "float64", "completed_true": "int64", "completed": "int64",
}  # fmt: skip


@pytest.fixture(scope="module")
def default():
    return make_case_study()


def _exact(msg):
    return "^" + re.escape(msg) + "$"


def test_columns_and_dtypes(default):
    assert tuple(default.columns) == CASE_STUDY_COLUMNS == tuple(DTYPES)
    for col, dtype in DTYPES.items():
        assert str(default[col].dtype) == dtype, col
    assert default.shape == (4000, 16)
    assert default["learner_id"].iloc[0] == "L00001" and default["learner_id"].is_unique
    assert list(default["gender"].cat.categories) == ["female", "male", "non-binary"]
    assert list(default["district"].cat.categories) == [f"D{i:02d}" for i in range(1, 13)]
    assert list(default["background"].cat.categories) == ["continuing", "first_gen"]
    assert list(default["device"].cat.categories) == ["laptop", "mobile"]


def test_value_ranges(default):
    assert default["quiz_avg"].between(0, 100).all()
    assert (default["prior_courses"] >= 0).all() and (default["forum_posts"] >= 0).all()
    assert default["enrol_month"].between(0, 11).all()
    assert default["enrol_month"].is_monotonic_increasing
    assert default["district_deprivation"].between(0, 1).all()
    dep = default["district"].astype(str).map(DISTRICT_DEPRIVATION)
    assert (dep == default["district_deprivation"]).all()
    assert set(default["completed"].unique()) == {0, 1}
    assert default.notna().all().all()


def test_age_matches_birth_date(default):
    assert default["age"].between(18, 70).all()
    birth = default["birth_date"]
    # enrolment happens in month `enrol_month` of 2023/2024: age is consistent within a year
    approx = 2023 + default["enrol_month"] // 12 - birth.dt.year
    assert ((approx - default["age"]).between(0, 1)).all()


def test_shares_and_base_rate(default):
    first_gen = (default["background"] == "first_gen").mean()
    assert 0.32 < first_gen < 0.38
    shares = default["gender"].value_counts(normalize=True)
    assert 0.44 < shares["female"] < 0.52 and 0.02 < shares["non-binary"] < 0.06
    assert 0.45 <= default["completed"].mean() <= 0.65
    assert (default["completed"] == default["completed_true"]).all()


def test_quasi_identifiers_make_most_unique(default):
    unique = ~default.duplicated(["birth_date", "district", "gender"], keep=False)
    assert unique.mean() > 0.9


def test_reproducible_and_seed_dependent(default):
    pd.testing.assert_frame_equal(make_case_study(random_state=0), default)
    assert not make_case_study(random_state=1).equals(default)


def test_features_exclude_sensitive_and_labels():
    assert set(CASE_STUDY_FEATURES) <= set(CASE_STUDY_COLUMNS)
    forbidden = {"learner_id", "name", "birth_date", "age", "gender", "background",
                 "completed", "completed_true", "district"}  # fmt: skip
    assert not forbidden & set(CASE_STUDY_FEATURES)


def _group_errors(minority_share, seed):
    df = make_case_study(4000, random_state=seed, minority_share=minority_share)
    X = pd.get_dummies(df[list(CASE_STUDY_FEATURES)], drop_first=True).astype(float)
    train = np.arange(len(df)) % 2 == 0
    model = LogisticRegression(max_iter=1000).fit(X[train], df["completed"][train])
    wrong = model.predict(X[~train]) != df["completed"][~train]
    by = wrong.groupby(df["background"][~train].to_numpy(), observed=True).mean()
    return by["first_gen"] - by["continuing"]


def test_under_representation_error_gap():
    rare = np.mean([_group_errors(0.05, s) for s in (0, 1, 2)])
    balanced = np.mean([_group_errors(0.5, s) for s in (0, 1, 2)])
    assert rare > 0.08
    assert abs(balanced) < rare / 2


def test_label_bias():
    df = make_case_study(label_bias=0.4)
    fg = df["background"] == "first_gen"
    true_pos = fg & (df["completed_true"] == 1)
    flipped = true_pos & (df["completed"] == 0)
    assert flipped.sum() == round(0.4 * true_pos.sum())
    assert (df.loc[~fg, "completed"] == df.loc[~fg, "completed_true"]).all()
    assert (df["completed"] <= df["completed_true"]).all()
    # only labels change
    base = make_case_study()
    pd.testing.assert_frame_equal(df.drop(columns="completed"), base.drop(columns="completed"))


def test_proxy_strength():
    fg0 = make_case_study()
    auc0 = roc_auc_score(fg0["background"] == "first_gen", fg0["district_deprivation"])
    df = make_case_study(proxy_strength=1.0)
    auc1 = roc_auc_score(df["background"] == "first_gen", df["district_deprivation"])
    assert abs(auc0 - 0.5) < 0.05
    assert auc1 > 0.85
    # background itself is unchanged by the knob
    assert (df["background"] == fg0["background"]).all()


@pytest.mark.parametrize("kind", ["covariate", "concept", "prior"])
def test_shift_zero_is_no_change(kind, default):
    pd.testing.assert_frame_equal(make_case_study(shift=0.0, shift_kind=kind), default)


def test_covariate_shift():
    df = make_case_study(shift=1.0, shift_kind="covariate")
    base = make_case_study()
    late = df["enrol_month"] >= 6
    pd.testing.assert_frame_equal(df.loc[~late], base.loc[~late])
    drop = base.loc[late, "hours_per_week"].mean() - df.loc[late, "hours_per_week"].mean()
    assert drop > 1.0
    fg = df["background"] == "first_gen"
    fg_drop = (base.loc[late & fg, "hours_per_week"] - df.loc[late & fg, "hours_per_week"]).mean()
    co_drop = (base.loc[late & ~fg, "hours_per_week"] - df.loc[late & ~fg, "hours_per_week"]).mean()
    assert fg_drop > co_drop
    assert (df.loc[late, "device"] == "mobile").mean() > (
        base.loc[late, "device"] == "mobile"
    ).mean()


def test_concept_shift_keeps_features():
    df = make_case_study(shift=1.0, shift_kind="concept")
    base = make_case_study()
    features = list(CASE_STUDY_FEATURES)
    pd.testing.assert_frame_equal(df[features], base[features])
    assert not df["completed_true"].equals(base["completed_true"])
    early = df["enrol_month"] < 6
    assert df.loc[early, "completed_true"].equals(base.loc[early, "completed_true"])


def test_prior_shift_moves_base_rate():
    df = make_case_study(shift=1.0, shift_kind="prior", shift_start=4)
    late = df["enrol_month"] >= 4
    assert len(df) == 4000 and df["enrol_month"].is_monotonic_increasing
    assert df.loc[~late, "completed"].mean() - df.loc[late, "completed"].mean() > 0.15


def test_directory(default):
    d = make_directory(default, coverage=0.6, random_state=0)
    assert list(d.columns) == ["name", "birth_date", "district", "gender"]
    assert str(d["birth_date"].dtype) == "datetime64[s]"
    listed = d.merge(default[["name", "birth_date", "district", "gender"]], how="inner")
    assert len(listed) == 2400
    assert len(d) == 2400 + 120
    assert not d.equals(make_directory(default, random_state=1))
    pd.testing.assert_frame_equal(d, make_directory(default, random_state=0))


@pytest.mark.parametrize(
    ("kwargs", "exc", "msg"),
    [
        ({"n": 10}, ValueError, v.NOT_AN_INTEGER.format(name="n", bounds=" >= 50", value=10)),
        ({"n": 100.0}, TypeError, v.NOT_AN_INTEGER.format(name="n", bounds=" >= 50", value=100.0)),
        ({"minority_share": 0}, ValueError,
         v.NOT_A_REAL.format(name="minority_share", bounds=" in (0, 1)", value=0)),
        ({"minority_share": 1.2}, ValueError,
         v.NOT_A_REAL.format(name="minority_share", bounds=" in (0, 1)", value=1.2)),
        ({"minority_share": "x"}, TypeError,
         v.NOT_A_REAL.format(name="minority_share", bounds=" in (0, 1)", value="x")),
        ({"label_bias": -0.1}, ValueError,
         v.NOT_A_REAL.format(name="label_bias", bounds=" in [0, 1]", value=-0.1)),
        ({"proxy_strength": 2}, ValueError,
         v.NOT_A_REAL.format(name="proxy_strength", bounds=" in [0, 1]", value=2)),
        ({"shift": -1}, ValueError, v.NOT_A_REAL.format(name="shift", bounds=" >= 0", value=-1)),
        ({"shift": math.inf}, ValueError,
         v.NOT_A_REAL.format(name="shift", bounds=" >= 0", value=math.inf)),
        ({"shift_kind": "label"}, ValueError,
         v.NOT_IN_OPTIONS.format(name="shift_kind", options="'covariate', 'concept', 'prior'",
                                 value="label")),
        ({"months": 0}, ValueError, v.NOT_AN_INTEGER.format(name="months", bounds=" >= 1", value=0)),
        ({"shift_start": 12}, ValueError,
         v.NOT_AN_INTEGER.format(name="shift_start", bounds=" in [0, 11]", value=12)),
        ({"months": 3, "shift_start": -1}, ValueError,
         v.NOT_AN_INTEGER.format(name="shift_start", bounds=" in [0, 2]", value=-1)),
        ({"random_state": "a"}, TypeError,
         v.NOT_AN_INTEGER.format(name="random_state", bounds=" >= 0", value="a")),
        ({"random_state": True}, TypeError,
         v.NOT_AN_INTEGER.format(name="random_state", bounds=" >= 0", value=True)),
    ],
)  # fmt: skip
def test_validation(kwargs, exc, msg):
    with pytest.raises(exc, match=_exact(msg)):
        make_case_study(**kwargs)


def test_directory_validation(default):
    with pytest.raises(ValueError, match=_exact(v.NOT_A_REAL.format(
            name="coverage", bounds=" in (0, 1)", value=1))):
        make_directory(default, coverage=1)
    # Not a frame: the message names the type (it used to put "list" where the missing
    # columns go); a frame without the columns: the message names the missing columns.
    with pytest.raises(TypeError, match=_exact(v.NOT_A_FRAME.format(name="df",
                                                                    type_name="list"))):
        make_directory([1, 2])
    with pytest.raises(ValueError, match=_exact(cs._NOT_A_CASE_STUDY.format(
            name="df", missing="'birth_date', 'gender'", available="'name', 'district'"))):
        make_directory(pd.DataFrame({"name": ["a"], "district": ["D01"]}))
    with pytest.raises(ValueError, match=re.escape("has no column(s) 'birth_date';")):
        make_directory(default.drop(columns="birth_date"))


def test_true_completion_chance_matches_the_generator():
    learners = make_case_study(n=60_000, random_state=3)
    chance = true_completion_chance(learners)
    for group in ["first_gen", "continuing"]:
        rows = (learners["background"] == group).to_numpy()
        observed = learners.loc[rows, "completed_true"].mean()
        se = math.sqrt(observed * (1 - observed) / rows.sum())
        assert abs(chance[rows].mean() - observed) < 4 * se
    # calibrated within deciles of the chance, not only on average
    bins = pd.qcut(chance, 10, labels=False)
    by_bin = pd.DataFrame({"c": chance, "y": learners["completed_true"].to_numpy(), "b": bins}).groupby("b").mean()
    assert (by_bin["c"] - by_bin["y"]).abs().max() < 0.03


def test_true_completion_chance_extra_posts_and_errors():
    learners = make_case_study(n=300, random_state=0)
    fg = (learners["background"] == "first_gen").to_numpy()
    more = true_completion_chance(learners, extra_forum_posts=2)
    base = true_completion_chance(learners)
    assert (more[fg] > base[fg]).all() and (more[~fg] < base[~fg]).all()
    with pytest.raises(ValueError, match="forum_posts"):
        true_completion_chance(learners.drop(columns="forum_posts"))

"""Tests for the shipped data files and their loaders."""

import hashlib
import time

import numpy as np
import pandas as pd
import pytest

from responsible_ml._datasets_path import DATASETS_DIR, DATASETS_ENV_VAR, datasets_dir
from responsible_ml.data import load_adult, load_case_study, load_compas, make_case_study
from responsible_ml.data._loaders import _NOT_A_BOOL

IDENTIFIERS = {"id", "name", "first", "last", "dob", "c_case_number", "r_case_number",
               "vr_case_number", "c_jail_in", "c_jail_out", "compas_screening_date",
               "screening_date", "c_offense_date", "c_arrest_date", "in_custody",
               "out_custody"}  # fmt: skip


def test_sha256sums_match_files():
    lines = (DATASETS_DIR / "SHA256SUMS").read_text().splitlines()
    assert {ln.split()[1] for ln in lines} == {
        "adult.csv.gz",
        "compas.csv.gz",
        "case_study.csv.gz",
    }
    for line in lines:
        digest, filename = line.split()
        assert hashlib.sha256((DATASETS_DIR / filename).read_bytes()).hexdigest() == digest


def test_adult_shape_and_dtypes():
    df = load_adult()
    assert df.shape == (32561, 16)
    assert list(df.columns) == [
        "age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
        "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
        "hours_per_week", "native_country", "income", "income_over_50k",
    ]  # fmt: skip
    for col in ["workclass", "education", "race", "sex", "native_country", "income"]:
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    for col in ["age", "fnlwgt", "education_num", "capital_gain", "hours_per_week"]:
        assert df[col].dtype == np.int64, col
    assert df["income_over_50k"].dtype == np.int64
    assert (df["income_over_50k"] == (df["income"] == ">50K")).all()
    assert round(df["income_over_50k"].mean(), 4) == 0.2408
    # "?" became missing; no stray whitespace
    assert df["workclass"].isna().sum() == 1836
    assert df["occupation"].isna().sum() == 1843
    assert df["native_country"].isna().sum() == 583
    for col in ["workclass", "sex", "race"]:
        cats = df[col].cat.categories
        assert "?" not in cats and all(c == c.strip() for c in cats)
    assert set(df["sex"].cat.categories) == {"Female", "Male"}


def test_compas_has_no_identifiers():
    df = load_compas()
    assert df.shape == (7214, 26)
    assert not IDENTIFIERS & set(df.columns)
    assert (df["row_id"] == np.arange(len(df))).all()
    assert not any(pd.api.types.is_datetime64_any_dtype(df[c]) for c in df.columns)


@pytest.mark.parametrize("screened", ["yes", 1, None])
def test_compas_screened_must_be_a_bool(screened):
    with pytest.raises(TypeError) as err:
        load_compas(screened=screened)
    assert str(err.value) == _NOT_A_BOOL.format(name="screened", value=screened)


def _rates(df, race):
    sub = df[df["race"] == race]
    fpr = sub.loc[sub["two_year_recid"] == 0, "high_risk"].mean()
    fnr = 1 - sub.loc[sub["two_year_recid"] == 1, "high_risk"].mean()
    return len(sub), round(100 * fpr, 2), round(100 * fnr, 2)


def test_compas_propublica_figures_all_rows():
    df = load_compas()
    assert (df["high_risk"] == df["score_text"].isin(["Medium", "High"])).all()
    assert _rates(df, "African-American") == (3696, 44.85, 27.99)
    assert _rates(df, "Caucasian") == (2454, 23.45, 47.72)


def test_compas_propublica_figures_screened():
    df = load_compas(screened=True)
    assert len(df) == 6172
    assert (df["days_b_screening_arrest"].abs() <= 30).all()
    assert _rates(df, "African-American")[1:] == (42.34, 28.48)
    assert _rates(df, "Caucasian")[1:] == (22.01, 49.64)


def test_compas_dtypes():
    df = load_compas()
    for col in ["sex", "age_cat", "race", "c_charge_degree", "score_text", "v_score_text"]:
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["score_text"].cat.categories) == ["Low", "Medium", "High"]
    for col in ["age", "priors_count", "decile_score", "two_year_recid", "high_risk"]:
        assert df[col].dtype == np.int64, col
    assert df["length_of_stay"].dtype == np.float64
    assert df["race"].isna().sum() == 0


def test_compas_screened_type():
    with pytest.raises(TypeError, match="screened"):
        load_compas(screened="yes")


def test_case_study_file_matches_generator():
    pd.testing.assert_frame_equal(load_case_study(), make_case_study())


@pytest.mark.parametrize("loader", [load_adult, load_compas, load_case_study])
def test_loading_is_fast(loader):
    loader()  # warm the imports
    start = time.perf_counter()
    loader()
    assert time.perf_counter() - start < 0.5


def test_env_var_override_and_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv(DATASETS_ENV_VAR, str(tmp_path))
    assert datasets_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match="adult.csv.gz not found") as info:
        load_adult()
    assert DATASETS_ENV_VAR in str(info.value)
    with pytest.raises(FileNotFoundError, match="case_study.csv.gz"):
        load_case_study()
    monkeypatch.delenv(DATASETS_ENV_VAR)
    assert datasets_dir() == DATASETS_DIR

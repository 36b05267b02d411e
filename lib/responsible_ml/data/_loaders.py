"""Loaders for the data files shipped in ``datasets/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._datasets_path import DATASETS_ENV_VAR, datasets_dir
from ._case_study import BACKGROUNDS, CASE_STUDY_COLUMNS, DEVICES, DISTRICTS, GENDERS

__all__ = [
    "load_adult",
    "load_compas",
    "load_case_study",
]


_NOT_A_BOOL = "{name} must be True or False, got {value!r}"
_MISSING_FILE = (
    "{filename} not found in {directory}. The course data files live in the repository's "
    "datasets/ folder; set the environment variable " + DATASETS_ENV_VAR + " to the folder "
    "that holds them, or regenerate them with `python datasets/prepare.py <path-to-fairness-"
    "0.1.8-archive>`."
)

ADULT_CATEGORICAL = (
    "workclass", "education", "marital_status", "occupation", "relationship", "race", "sex",
    "native_country", "income",
)  # fmt: skip
ADULT_INT = (
    "age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week",
    "income_over_50k",
)  # fmt: skip

COMPAS_CATEGORICAL = {
    "sex": ["Female", "Male"],
    "age_cat": ["Less than 25", "25 - 45", "Greater than 45"],
    "race": ["African-American", "Asian", "Caucasian", "Hispanic", "Native American", "Other"],
    "c_charge_degree": ["F", "M"],
    "c_charge_desc": None,
    "score_text": ["Low", "Medium", "High"],
    "v_score_text": ["Low", "Medium", "High"],
    "r_charge_degree": None,
}
COMPAS_FLOAT = ("days_b_screening_arrest", "c_days_from_compas", "length_of_stay")
COMPAS_INT = (
    "row_id", "age", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
    "decile_score", "v_decile_score", "is_recid", "is_violent_recid", "two_year_recid",
    "start", "end", "event", "high_risk",
)  # fmt: skip


def _path(filename: str) -> Path:
    directory = datasets_dir()
    path = directory / filename
    if not path.is_file():
        raise FileNotFoundError(_MISSING_FILE.format(filename=filename, directory=directory))
    return path


def load_adult() -> pd.DataFrame:
    """Load UCI Adult (1994 US census extract), 32,561 rows × 16 columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``age``, ``workclass``, ``fnlwgt``, ``education``, ``education_num``,
        ``marital_status``, ``occupation``, ``relationship``, ``race``, ``sex``,
        ``capital_gain``, ``capital_loss``, ``hours_per_week``, ``native_country``,
        ``income`` ("<=50K"/">50K") and ``income_over_50k`` (0/1). Text columns are
        ``category`` (missing values — "?" in the source — are NaN), numbers ``int64``.
        Sensitive attributes: ``sex``, ``race`` (also ``age``, ``native_country``,
        ``marital_status``/``relationship`` as proxies). See ``datasets/README.md``.

    Raises
    ------
    FileNotFoundError
        If ``adult.csv.gz`` is missing.

    Examples
    --------
    >>> adult = load_adult()
    >>> adult.groupby("sex", observed=True)["income_over_50k"].mean().round(3).to_dict()
    {'Female': 0.109, 'Male': 0.306}
    """
    dtypes = {c: "category" for c in ADULT_CATEGORICAL} | {c: "int64" for c in ADULT_INT}
    return pd.read_csv(_path("adult.csv.gz"), dtype=dtypes)


def load_compas(screened: bool = False) -> pd.DataFrame:
    """Load ProPublica's COMPAS two-year recidivism file (Broward County, FL, 2013–2014).

    Names, birth dates, case numbers, ProPublica's database id and all exact dates have been
    removed (see ``datasets/README.md``).

    Parameters
    ----------
    screened : bool, default False
        If True, apply ProPublica's filter from *Machine Bias* (2016): keep rows with
        ``|days_b_screening_arrest| <= 30``, ``is_recid != -1``, ``c_charge_degree != "O"``
        and ``score_text != "N/A"`` (6,172 rows). Otherwise all 7,214 rows.

    Returns
    -------
    pandas.DataFrame
        26 columns: ``row_id`` (0 … 7213, meaningless), ``sex``, ``age``, ``age_cat``,
        ``race``, juvenile counts, ``priors_count``, ``days_b_screening_arrest``,
        ``c_days_from_compas``, ``c_charge_degree``, ``c_charge_desc``, ``length_of_stay``
        (days in jail around screening), COMPAS scores (``decile_score``, ``score_text``,
        ``v_decile_score``, ``v_score_text``), outcomes (``is_recid``, ``r_charge_degree``,
        ``is_violent_recid``, ``two_year_recid``), survival columns ``start``/``end``/
        ``event`` and ``high_risk`` (1 if ``score_text`` is Medium or High). Text columns
        are ``category``; counts and flags ``int64``; day counts with gaps ``float64``.
        Race labels are as in the source ("African-American", "Caucasian", …).

    Raises
    ------
    TypeError
        If `screened` is not a bool.
    FileNotFoundError
        If ``compas.csv.gz`` is missing.

    Examples
    --------
    >>> compas = load_compas(screened=True)
    >>> len(compas)
    6172
    """
    if not isinstance(screened, bool):
        raise TypeError(_NOT_A_BOOL.format(name="screened", value=screened))
    dtypes = {c: "int64" for c in COMPAS_INT} | {c: "float64" for c in COMPAS_FLOAT}
    df = pd.read_csv(_path("compas.csv.gz"), dtype=dtypes)
    for col, cats in COMPAS_CATEGORICAL.items():
        df[col] = pd.Categorical(df[col], categories=cats)
    if screened:
        keep = (
            (df["days_b_screening_arrest"].abs() <= 30)
            & (df["is_recid"] != -1)
            & (df["c_charge_degree"] != "O")
            & (df["score_text"] != "N/A")
        )
        df = df.loc[keep.to_numpy()].reset_index(drop=True)
    return df


def _read_case_study() -> pd.DataFrame:
    dtypes = {
        "learner_id": "str",
        "name": "str",
        "age": "int64",
        "enrol_month": "int64",
        "prior_courses": "int64",
        "hours_per_week": "float64",
        "quiz_avg": "float64",
        "forum_posts": "int64",
        "district_deprivation": "float64",
        "completed_true": "int64",
        "completed": "int64",
        "gender": pd.CategoricalDtype(list(GENDERS)),
        "district": pd.CategoricalDtype(list(DISTRICTS)),
        "background": pd.CategoricalDtype(list(BACKGROUNDS)),
        "device": pd.CategoricalDtype(list(DEVICES)),
    }
    df = pd.read_csv(_path("case_study.csv.gz"), dtype=dtypes)
    df["birth_date"] = pd.to_datetime(df["birth_date"], format="%Y-%m-%d").astype("datetime64[s]")
    return df[list(CASE_STUDY_COLUMNS)]


def load_case_study() -> pd.DataFrame:
    """Load the shipped case study (``datasets/case_study.csv.gz``).

    The file is ``make_case_study()`` with default arguments; the returned frame has the
    same columns and dtypes (see :func:`make_case_study`).

    Returns
    -------
    pandas.DataFrame
        4,000 rows × 16 columns.

    Raises
    ------
    FileNotFoundError
        If the file is missing (the message says where it was looked for).
    """
    return _read_case_study()

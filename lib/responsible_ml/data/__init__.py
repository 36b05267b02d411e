"""Data for the Responsible ML course: two real data sets and the synthetic case study.

Real data (shipped in ``datasets/``, see ``datasets/README.md`` for the datasheets):

- :func:`load_adult` — UCI Adult, 1994 US census extract (income > 50K).
- :func:`load_compas` — ProPublica's COMPAS two-year recidivism file, de-identified.

Synthetic case study (the thread through all lessons):

- :func:`make_case_study` — generator with one knob per harm.
- :func:`load_case_study` — the shipped default draw.
- :func:`make_directory` — a public auxiliary table for the linkage attack.
"""

from ._case_study import (
    CASE_STUDY_CATEGORICAL,
    CASE_STUDY_COLUMNS,
    CASE_STUDY_FEATURES,
    CASE_STUDY_NUMERICAL,
    DISTRICT_DEPRIVATION,
    SHIFT_KINDS,
    load_case_study,
    make_case_study,
    make_directory,
)
from ._loaders import DATASETS_DIR, DATASETS_ENV_VAR, datasets_dir, load_adult, load_compas

__all__ = [
    "CASE_STUDY_CATEGORICAL",
    "CASE_STUDY_COLUMNS",
    "CASE_STUDY_FEATURES",
    "CASE_STUDY_NUMERICAL",
    "DATASETS_DIR",
    "DATASETS_ENV_VAR",
    "DISTRICT_DEPRIVATION",
    "SHIFT_KINDS",
    "datasets_dir",
    "load_adult",
    "load_case_study",
    "load_compas",
    "make_case_study",
    "make_directory",
]

"""Data for the Responsible ML course: two real data sets and the synthetic case study.

Real data (shipped in ``datasets/``, see ``datasets/README.md`` for the datasheets):

- :func:`load_adult` — UCI Adult, 1994 US census extract (income > 50K).
- :func:`load_compas` — ProPublica's COMPAS two-year recidivism file, de-identified.

Synthetic case study (the thread through all lessons):

- :func:`make_case_study` — generator with one knob per harm.
- :func:`load_case_study` — the shipped default draw.
- :func:`make_directory` — a public auxiliary table for the linkage attack.
- :func:`case_study_model` — the course's default (unfitted) model of the case study.
"""

from . import _case_study, _loaders, _model
from ._case_study import *  # noqa: F403
from ._loaders import *  # noqa: F403
from ._model import *  # noqa: F403

__all__ = [*_case_study.__all__, *_loaders.__all__, *_model.__all__]

"""Where the course's data files are, without importing pandas or scikit-learn.

:mod:`responsible_ml.data`'s loaders and the grading sandbox
(:mod:`responsible_ml.course._sandbox`) import them from here, so a grading worker does not
pay seconds of pandas/scipy imports per process just to learn which folder to bind.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATASETS_DIR", "DATASETS_ENV_VAR", "datasets_dir"]

DATASETS_ENV_VAR = "RESPONSIBLE_ML_DATASETS"
#: Default location: ``<repo>/datasets`` (the package lives at ``<repo>/lib/responsible_ml``).
DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets"


def datasets_dir() -> Path:
    """Return the folder the loaders read from.

    Returns
    -------
    pathlib.Path
        ``$RESPONSIBLE_ML_DATASETS`` if that environment variable is set and non-empty,
        otherwise :data:`DATASETS_DIR` (``<repo>/datasets``).
    """
    env = os.environ.get(DATASETS_ENV_VAR)
    return Path(env).expanduser() if env else DATASETS_DIR

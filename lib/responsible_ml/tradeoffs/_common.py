"""Messages and input checks shared by the trade-off modules."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_no_nan

__all__: list[str] = []

_BAD_SCORES = "{name} must hold real numbers, got dtype {dtype}"
_EMPTY_CANDIDATES = "{name} is empty: there are no candidates to compare; give at least one"


def _check_scores(scores: Any, name: str = "scores") -> np.ndarray:
    """Real-valued scores without NaN, as a flat float array (:data:`_BAD_SCORES`)."""
    check_no_nan(scores, name)
    arr = np.asarray(scores)
    if arr.dtype.kind not in "fiu":
        raise TypeError(_BAD_SCORES.format(name=name, dtype=arr.dtype))
    return arr.astype(float).ravel()

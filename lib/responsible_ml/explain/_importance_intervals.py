"""Permutation importance with an interval that covers the test sample, not only the shuffles.

:func:`~responsible_ml.explain.permutation_importance_table` reports the spread over shuffles of
*one* test set. A different test set of the same size would give other importances; reading
ranks 3–6 as an order needs that noise too. :func:`importance_intervals` bootstraps the test
rows (each resample re-runs :func:`sklearn.inspection.permutation_importance`) and reports a
percentile interval per feature, and which ranks each feature can take.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_frame, check_integer, check_same_length
from ._common import check_fitted

__all__ = ["importance_intervals"]


def importance_intervals(model: Any, X: pd.DataFrame, y: Any, *, n_boot: int = 30,
                         n_repeats: int = 2, level: float = 0.95,
                         random_state: int = 0) -> pd.DataFrame:
    """Bootstrap interval of each feature's permutation importance (accuracy drop).

    Parameters
    ----------
    model : fitted estimator
    X : pandas.DataFrame
        Held-out rows.
    y : array-like
    n_boot : int, default 30
        Resamples of the rows (with replacement).
    n_repeats : int, default 2
        Shuffles per feature within each resample.
    level : float, default 0.95
    random_state : int, default 0

    Returns
    -------
    pandas.DataFrame
        ``feature``, ``importance`` (mean over resamples), ``low``, ``high`` (percentile
        interval), ``best_rank`` and ``worst_rank`` (ranks seen in the central `level` of the
        resamples), sorted by ``importance``. ``attrs["draws"]``: the per-resample
        importances (feature name -> tuple of `n_boot` values), e.g. to form the interval of a
        difference between two independent test sets by pairing resamples.
    """
    from sklearn.inspection import permutation_importance

    check_frame(X, "X")
    check_fitted(model)
    check_same_length(X, y, "X", "y")
    n_boot = check_integer(n_boot, "n_boot", low=10)
    n_repeats = check_integer(n_repeats, "n_repeats", low=1)
    rng = np.random.default_rng(random_state)
    yy = np.asarray(y)
    draws = np.empty((n_boot, X.shape[1]))
    for b in range(n_boot):
        idx = rng.integers(0, len(X), len(X))
        res = permutation_importance(model, X.iloc[idx], yy[idx], n_repeats=n_repeats,
                                     random_state=int(rng.integers(2**31)))
        draws[b] = res.importances_mean
    ranks = (-draws).argsort(axis=1).argsort(axis=1) + 1
    tail = (1 - level) / 2
    table = pd.DataFrame({
        "feature": list(X.columns),
        "importance": draws.mean(axis=0),
        "low": np.quantile(draws, tail, axis=0),
        "high": np.quantile(draws, 1 - tail, axis=0),
        "best_rank": np.quantile(ranks, tail, axis=0, method="lower").astype(int),
        "worst_rank": np.quantile(ranks, 1 - tail, axis=0, method="higher").astype(int),
    })
    table = table.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)
    # a dict of tuples (not a frame or array) so pandas can compare attrs when tables are joined
    table.attrs["draws"] = {col: tuple(float(v) for v in draws[:, j])
                            for j, col in enumerate(X.columns)}
    return table

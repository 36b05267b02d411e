"""Drift measures: population stability index (PSI) and the two-sample KS test.

PSI compares the distribution of one feature in a *reference* sample (``expected``, e.g.
the training data) with a *current* sample (``actual``, e.g. one month in production):

    PSI = Σ_i (a_i − e_i) · ln(a_i / e_i)

where ``e_i`` and ``a_i`` are the shares of the two samples in bin ``i``. The bins are
fixed **from the expected sample only** (its quantiles), so a shift in ``actual`` moves
its points between fixed bins. A rule of thumb used in credit scoring: < 0.1 stable,
0.1–0.25 moderate shift, > 0.25 major shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_integer, check_no_nan, check_real

__all__ = [
    "psi",
    "psi_shares",
    "ks_test",
]

_EMPTY_SAMPLE = "{name} is empty: a drift measure needs at least one value in each sample"
_NOT_NUMERIC = "{name} must be numeric for the KS test, got dtype {dtype}"


def _sample(values, name: str) -> np.ndarray:
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    arr = arr.ravel()
    if arr.size == 0:
        raise ValueError(_EMPTY_SAMPLE.format(name=name))
    check_no_nan(arr, name)
    return arr


def _is_categorical(values) -> bool:
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        return True
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    return arr.dtype.kind in "OUSb"


def _psi_bin_edges(expected, *, bins: int = 10) -> np.ndarray:
    """Interior bin edges for PSI: the quantiles of the **expected** sample.

    Parameters
    ----------
    expected : array-like of numbers
        The reference sample (non-empty, no NaN).
    bins : int, default 10
        Number of quantile bins asked for (≥ 2).

    Returns
    -------
    numpy.ndarray
        The distinct inner edges ``np.unique(np.quantile(expected, [1/bins, …,
        (bins-1)/bins]))``. Ties in `expected` (integer counts, a constant feature) merge
        bins, so there may be fewer than ``bins - 1`` edges. A value ``x`` falls in bin
        ``np.searchsorted(edges, x, side="right")``, i.e. bins are ``[edge_k, edge_k+1)``
        and the outer bins are open to ±∞ (so values in ``actual`` outside the training
        range are still counted).
    """
    bins = check_integer(bins, "bins", low=2)
    exp = _sample(expected, "expected").astype(float)
    qs = np.linspace(0.0, 1.0, bins + 1)[1:-1]
    return np.unique(np.quantile(exp, qs))


def _bin_codes(expected, actual, bins: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The PSI bin of every value of both samples, and the bins' labels.

    Numeric samples are cut at the quantiles of `expected` (:func:`_psi_bin_edges`; labels
    are the intervals); otherwise there is one bin per category of either sample (sorted).
    The one binning rule of :func:`psi_shares` and of the monitor's monthly counts.
    """
    exp = _sample(expected, "expected")
    act = _sample(actual, "actual")
    if _is_categorical(expected) or _is_categorical(actual):
        exp, act = exp.astype(str), act.astype(str)
        labels = sorted(set(exp.tolist()) | set(act.tolist()))
        return (pd.Categorical(exp, categories=labels).codes.astype(np.intp),
                pd.Categorical(act, categories=labels).codes.astype(np.intp), labels)
    edges = _psi_bin_edges(exp, bins=bins)
    bounds = [-np.inf, *edges.tolist(), np.inf]
    labels = [f"[{lo:.4g}, {hi:.4g})" for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    return (np.searchsorted(edges, exp.astype(float), side="right"),
            np.searchsorted(edges, act.astype(float), side="right"), labels)


def _bin_counts(codes: np.ndarray, k: int, *, by: np.ndarray | None = None,
                n_by: int = 1) -> np.ndarray:
    """Rows per bin (``k`` bins), or per (``by``, bin) cell as an ``n_by × k`` array."""
    if by is None:
        return np.bincount(codes, minlength=k)
    return np.bincount(by * k + codes, minlength=n_by * k).reshape(n_by, k)


def psi_shares(expected, actual, *, bins: int = 10, eps: float = 1e-4):
    """Per-bin shares of both samples, after eps smoothing (the parts of :func:`psi`).

    Parameters
    ----------
    expected : array-like
        Reference sample; its quantiles give the bin edges (one bin per category for
        non-numeric values), as in :func:`psi`.
    actual : array-like
        Current sample, binned with the same edges.
    bins : int, default 10
        Number of quantile bins, ≥ 2.
    eps : float, default 1e-4
        Floor of each bin's share, in (0, 1).

    Returns
    -------
    (labels, e, a) : tuple
        Bin labels (edges as text, or the categories), and the smoothed shares of `expected`
        and `actual` per bin, as float arrays.

    Raises
    ------
    TypeError, ValueError
        If `bins` is not an integer ≥ 2 (``NOT_AN_INTEGER``) or `eps` not in (0, 1)
        (``NOT_A_REAL``).
    ValueError
        If a sample is empty (``_EMPTY_SAMPLE``) or contains a missing value (``HAS_NAN``).
    """
    bins = check_integer(bins, "bins", low=2)
    eps = check_real(eps, "eps", low=0, high=1, closed="neither")
    e_codes, a_codes, labels = _bin_codes(expected, actual, bins)
    e_counts = _bin_counts(e_codes, len(labels)).astype(float)
    a_counts = _bin_counts(a_codes, len(labels)).astype(float)
    e = np.maximum(e_counts / e_counts.sum(), eps)
    a = np.maximum(a_counts / a_counts.sum(), eps)
    return labels, e, a


def psi(expected, actual, *, bins: int = 10, eps: float = 1e-4) -> float:
    """Population stability index of `actual` against `expected`.

    Parameters
    ----------
    expected : array-like
        Reference sample (e.g. the training data of one feature). Numeric values are cut
        into quantile bins of this sample (see :func:`_psi_bin_edges`); non-numeric values
        (strings, categories, booleans) use one bin per category.
    actual : array-like
        Current sample (e.g. one production window), binned with the same edges.
    bins : int, default 10
        Number of quantile bins (≥ 2); ties in `expected` can merge bins.
    eps : float, default 1e-4
        Smoothing: each bin's share is floored at ``eps`` (``max(share, eps)``) in both
        samples before the logarithm, so a bin with zero count gives a large but finite
        contribution instead of ``inf`` (``ln(0)``) or NaN (``0 · ln 0``).

    Returns
    -------
    float
        ``Σ (a_i − e_i) · ln(a_i / e_i)`` ≥ 0; 0 when the binned shares are equal.

    Raises
    ------
    ValueError
        If a sample is empty or has NaN, or `bins`/`eps` are out of
        range (:data:`~responsible_ml._validation.NOT_AN_INTEGER`, :data:`~responsible_ml._validation.NOT_A_REAL`).
    TypeError
        If `bins` or `eps` is not a number.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> round(psi(rng.normal(size=5000), rng.normal(0.5, 1, size=5000)), 2)
    0.27
    """
    _, e, a = psi_shares(expected, actual, bins=bins, eps=eps)
    return float(np.sum((a - e) * np.log(a / e)))


@dataclass(frozen=True)
class KSResult:
    """Two-sample Kolmogorov–Smirnov test: largest CDF gap and its p-value."""

    statistic: float
    pvalue: float


def ks_test(expected, actual) -> KSResult:
    """Two-sample Kolmogorov–Smirnov test (:func:`scipy.stats.ks_2samp`).

    Parameters
    ----------
    expected, actual : array-like of numbers
        Reference and current samples (non-empty, numeric, no NaN).

    Returns
    -------
    KSResult
        ``statistic`` (the largest gap between the two empirical CDFs, 0–1) and
        ``pvalue``. With thousands of rows even a tiny, harmless shift is "significant":
        read the statistic, not only the p-value.
    """
    exp = _sample(expected, "expected")
    act = _sample(actual, "actual")
    for name, arr in (("expected", exp), ("actual", act)):
        if arr.dtype.kind not in "iuf":
            raise TypeError(_NOT_NUMERIC.format(name=name, dtype=arr.dtype))
    res = stats.ks_2samp(exp.astype(float), act.astype(float))
    return KSResult(float(res.statistic), float(res.pvalue))

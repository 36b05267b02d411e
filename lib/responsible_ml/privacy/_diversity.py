"""l-diversity: does an equivalence class still reveal its members' sensitive value?

k-anonymity hides a person among at least k look-alikes, but if all of them share the same
sensitive value, being found in the class reveals it (the *homogeneity attack*).
Machanavajjhala, Kifer, Gehrke & Venkitasubramaniam (*l-Diversity: Privacy Beyond
k-Anonymity*, ACM TKDD, 2007) ask instead that every class hold at least l "well-represented"
sensitive values. This module measures the simplest form, **distinct l-diversity**: the number
of distinct sensitive values in the least diverse class.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .._validation import check_columns
from ._reidentify import _check_qi

__all__ = ["diversity_by_class", "l_diversity"]


def diversity_by_class(df: pd.DataFrame, quasi_identifiers: Iterable[str] | str,
                       sensitive_col: str) -> pd.DataFrame:
    """Size and number of distinct sensitive values of every equivalence class.

    Parameters
    ----------
    df : pandas.DataFrame
        The (released) table, not empty.
    quasi_identifiers : str or iterable of str
        Columns an attacker could know from elsewhere.
    sensitive_col : str
        The column the release must not reveal. Missing values count as a value.

    Returns
    -------
    pandas.DataFrame
        One row per class, indexed by the quasi-identifier values: ``size`` and ``distinct``
        (number of distinct values of `sensitive_col`), sorted by ``distinct`` then ``size``.

    Raises
    ------
    TypeError, ValueError
        As :func:`responsible_ml.privacy.class_sizes`, and ``UNKNOWN_COLUMNS`` if
        `sensitive_col` is not a column of `df`.
    """
    qi = _check_qi(df, quasi_identifiers)
    check_columns(df, [sensitive_col], "df")
    grouped = df.groupby(qi, observed=True, dropna=False)[sensitive_col]
    stats = pd.DataFrame({"size": grouped.size(), "distinct": grouped.nunique(dropna=False)})
    return stats.sort_values(["distinct", "size"], kind="stable")


def l_diversity(df: pd.DataFrame, quasi_identifiers: Iterable[str] | str,
                sensitive_col: str) -> int:
    """Distinct l-diversity: the fewest distinct values of `sensitive_col` in any class.

    l = 1 means some class reveals its members' sensitive value to anyone who can place a person
    in it.

    Parameters
    ----------
    df : pandas.DataFrame
        The (released) table, not empty.
    quasi_identifiers : str or iterable of str
        Columns an attacker could know from elsewhere.
    sensitive_col : str
        The column the release must not reveal. Missing values count as a value.

    Returns
    -------
    int
        The smallest number of distinct `sensitive_col` values over the equivalence classes.

    Raises
    ------
    TypeError, ValueError
        As :func:`diversity_by_class`.

    Examples
    --------
    >>> t = pd.DataFrame({"zip": [1, 1, 2, 2], "ill": ["flu", "cold", "flu", "flu"]})
    >>> l_diversity(t, ["zip"], "ill")
    1
    """
    return int(diversity_by_class(df, quasi_identifiers, sensitive_col)["distinct"].min())

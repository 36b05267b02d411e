"""Re-identification: uniqueness on quasi-identifiers, linkage attacks, k-anonymity.

Removing names does not anonymise a table. A person is often the only one with their
combination of *quasi-identifiers* (birth date, district, gender, ...); anyone holding a
second table with names and the same columns (a directory, a voter roll) can join the two
and put the names back. This module measures that risk and the usual first defence:

* :func:`uniqueness` — how many rows are alone in their combination of quasi-identifiers;
* :func:`linkage_attack` — join a release without names to a public directory and report who
  was re-identified, and (with the hidden truth) whether the attacker was right;
* :func:`k_anonymity`, :func:`class_sizes` — the size of the smallest group of look-alikes;
* :func:`generalise`, :func:`suppress_small_classes`, :func:`information_loss` — coarsen the
  quasi-identifiers (age bands, regions instead of districts, birth year instead of date) or
  drop the rarest rows, and measure what that costs in detail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    check_columns,
    check_frame,
    check_in,
    check_integer,
    check_nonempty_list,
    check_same_length,
)

__all__ = [
    "REGIONS",
    "class_sizes",
    "uniqueness",
    "uniqueness_table",
    "k_anonymity",
    "linkage_attack",
    "generalise",
    "suppress_small_classes",
    "information_loss",
]

_NO_QUASI_IDENTIFIERS = "quasi_identifiers must name at least one column, got {value!r}"
BIRTH_DETAILS = ("date", "month", "year", "decade")
_UNMAPPED_VALUES = "district_map has no entry for {values} (column {column!r})"

#: A coarser geography for the case study: four regions of three districts each.
REGIONS = {
    **dict.fromkeys(("D01", "D02", "D03"), "north"),
    **dict.fromkeys(("D04", "D05", "D06"), "east"),
    **dict.fromkeys(("D07", "D08", "D09"), "south"),
    **dict.fromkeys(("D10", "D11", "D12"), "west"),
}


def _check_qi(df: pd.DataFrame, quasi_identifiers, name: str = "df") -> list[str]:
    check_frame(df, name)
    qi = check_nonempty_list(quasi_identifiers, _NO_QUASI_IDENTIFIERS, wrap_str=True)
    return check_columns(df, qi, name)


def _codes(df: pd.DataFrame, qi: list[str]) -> np.ndarray:
    """One integer per row naming its combination of quasi-identifier values (NaN is a value)."""
    if len(qi) == 1:
        codes, _ = pd.factorize(df[qi[0]], use_na_sentinel=False)
        return codes
    codes = np.zeros(len(df), dtype=np.int64)
    for col in qi:
        c, uniques = pd.factorize(df[col], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + c
        codes, _ = pd.factorize(codes)  # keep the numbers small
    return codes


def class_sizes(df: pd.DataFrame, quasi_identifiers: Iterable[str] | str) -> pd.Series:
    """Size of each row's equivalence class (rows sharing all its quasi-identifier values).

    Parameters
    ----------
    df : pandas.DataFrame
        The table (not empty).
    quasi_identifiers : str or iterable of str
        Columns an attacker could know from elsewhere. Missing values count as a value.

    Returns
    -------
    pandas.Series
        One int per row of `df` (same index): how many rows of `df`, itself included, share
        its combination of values. 1 means the row is unique.

    Raises
    ------
    TypeError, ValueError
        If `df` is not a non-empty DataFrame, `quasi_identifiers` is empty
        (:data:`NO_QUASI_IDENTIFIERS`) or names a column `df` lacks (``UNKNOWN_COLUMNS``).
    """
    qi = _check_qi(df, quasi_identifiers)
    codes = _codes(df, qi)
    return pd.Series(np.bincount(codes)[codes], index=df.index, name="class_size")


def uniqueness(df: pd.DataFrame, quasi_identifiers: Iterable[str] | str) -> float:
    """Share of rows that are unique on `quasi_identifiers` (alone in their class).

    Parameters
    ----------
    df : pandas.DataFrame
    quasi_identifiers : str or iterable of str

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> t = pd.DataFrame({"zip": [1, 1, 2], "sex": ["f", "f", "m"]})
    >>> round(uniqueness(t, ["zip", "sex"]), 3)
    0.333
    """
    return float((class_sizes(df, quasi_identifiers) == 1).mean())


def k_anonymity(df: pd.DataFrame, quasi_identifiers: Iterable[str] | str) -> int:
    """The k of `df`: the size of its *smallest* equivalence class on `quasi_identifiers`.

    A table is k-anonymous when everyone shares their quasi-identifier values with at least
    k - 1 others, so k is the minimum (not the mean, not the number of classes).

    Parameters
    ----------
    df : pandas.DataFrame
    quasi_identifiers : str or iterable of str

    Returns
    -------
    int
        ≥ 1; 1 means at least one person is unique.

    Examples
    --------
    >>> t = pd.DataFrame({"zip": [1, 1, 1, 2, 2], "sex": ["f", "f", "f", "m", "m"]})
    >>> k_anonymity(t, ["zip", "sex"])
    2
    """
    return int(class_sizes(df, quasi_identifiers).min())


def uniqueness_table(df: pd.DataFrame, candidates: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Uniqueness and k for several candidate sets of quasi-identifiers.

    Parameters
    ----------
    df : pandas.DataFrame
    candidates : mapping of str to iterable of str
        A label for each candidate set, e.g. ``{"birth date + district + gender": [...]}``.

    Returns
    -------
    pandas.DataFrame
        Indexed by label, columns ``n_rows``, ``n_classes``, ``unique_share``, ``k``
        (smallest class) and ``median_class_size`` (the class size of the median row).
    """
    rows = {}
    for label, qi in candidates.items():
        sizes = class_sizes(df, qi)
        codes = _codes(df, _check_qi(df, qi))
        rows[label] = {
            "n_rows": len(df),
            "n_classes": int(codes.max()) + 1,
            "unique_share": float((sizes == 1).mean()),
            "k": int(sizes.min()),
            "median_class_size": float(sizes.median()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


# --------------------------------------------------------------------------- linkage attack
def _column_codes(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer codes of two columns on one code book (values compared, not category codes)."""
    if isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype):
        union = pd.Index(a.cat.categories).append(pd.Index(b.cat.categories)).unique()
        na = len(union)  # missing values share one extra code
        map_a = np.append(union.get_indexer(a.cat.categories), na)
        map_b = np.append(union.get_indexer(b.cat.categories), na)
        return map_a[a.cat.codes.to_numpy()], map_b[b.cat.codes.to_numpy()], na + 1
    if isinstance(a.dtype, pd.CategoricalDtype):
        a = a.astype(object)
    if isinstance(b.dtype, pd.CategoricalDtype):
        b = b.astype(object)
    codes, uniques = pd.factorize(pd.concat([a, b], ignore_index=True), use_na_sentinel=False)
    return codes[: len(a)], codes[len(a):], len(uniques)


def _joint_codes(release: pd.DataFrame, directory: pd.DataFrame, qi: list[str]):
    """One integer per row of each table naming its combination, on a shared code book."""
    rel = np.zeros(len(release), dtype=np.int64)
    dirc = np.zeros(len(directory), dtype=np.int64)
    for col in qi:
        ca, cb, k = _column_codes(release[col], directory[col])
        both, _ = pd.factorize(np.r_[rel * k + ca, dirc * k + cb])  # keep the numbers small
        rel, dirc = both[: len(release)], both[len(release):]
    n_codes = int(max(rel.max(initial=-1), dirc.max(initial=-1))) + 1
    return rel, dirc, n_codes


@dataclass(frozen=True)
class LinkageResult:
    """What a linkage attack found.

    Attributes
    ----------
    matches : pandas.DataFrame
        One row per release row, indexed like the release: ``candidates`` (directory rows
        with the same quasi-identifier values), ``reidentified`` (exactly one candidate),
        ``matched_name`` (that candidate's name, else missing) and, when the truth was
        given, ``correct`` (the matched entry is this person: same id with `id_col`, else
        same name; False when not re-identified).
    quasi_identifiers : tuple of str
        The columns joined on.
    n_release : int
        Rows in the release.
    n_reidentified : int
        Release rows with exactly one candidate.
    n_correct, n_wrong : int or None
        Re-identifications that are right / wrong (None without the truth).
    """

    matches: pd.DataFrame
    quasi_identifiers: tuple[str, ...]
    n_release: int
    n_reidentified: int
    n_correct: int | None
    n_wrong: int | None

    @property
    def share_reidentified(self) -> float:
        """Share of the release with exactly one candidate in the directory."""
        return self.n_reidentified / self.n_release

    @property
    def share_correct(self) -> float | None:
        """Share of the release whose real name the attacker found (None without truth)."""
        return None if self.n_correct is None else self.n_correct / self.n_release

    def matched_rows(self, release: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
        """The re-identified rows of `release` with the name the attacker attached."""
        hit = self.matches[self.matches["reidentified"]]
        if limit is not None:
            hit = hit.head(limit)
        cols = [c for c in ("matched_name", "correct") if c in hit]
        return hit[cols].join(release.loc[hit.index, list(self.quasi_identifiers)])


def linkage_attack(
    release: pd.DataFrame,
    directory: pd.DataFrame,
    quasi_identifiers: Iterable[str] | str,
    *,
    name_col: str = "name",
    truth: pd.Series | None = None,
    id_col: str | None = None,
) -> LinkageResult:
    """Join a release without names to a public directory on `quasi_identifiers`.

    A release row counts as **re-identified** when exactly one directory row has the same
    values on all the quasi-identifiers; the attacker then attaches that row's name. When
    several directory rows match, the attacker cannot tell them apart; when none does, the
    person is not in the directory (or the values differ).

    Parameters
    ----------
    release : pandas.DataFrame
        The "anonymised" table (names removed, quasi-identifiers kept).
    directory : pandas.DataFrame
        The attacker's auxiliary table: `name_col` and the quasi-identifiers.
    quasi_identifiers : str or iterable of str
        Columns present in both tables.
    name_col : str, default "name"
        The name column of `directory`.
    truth : pandas.Series, optional
        The real identity of each release row (same length as `release`), known to the lesson
        but not to the attacker; used only to score the attack. With `id_col`, identities
        (e.g. learner ids) compared with the matched directory row's `id_col`; without it,
        names compared with the matched name, which scores a match to a *different* person
        of the same name as right: pass `id_col` whenever names can repeat.
    id_col : str, optional
        A hidden column of `directory` with each entry's identity (missing for people not in
        the release); never joined on, used only with `truth` to decide a match is right.

    Returns
    -------
    LinkageResult

    Raises
    ------
    TypeError, ValueError
        Empty tables, no quasi-identifiers, a quasi-identifier missing from either table,
        `name_col` or `id_col` missing from `directory`, `id_col` among the
        quasi-identifiers or given without `truth`, or `truth` of another length.
    """
    qi = _check_qi(release, quasi_identifiers, "release")
    _check_qi(directory, qi, "directory")
    check_columns(directory, [name_col], "directory")
    if truth is not None:
        check_same_length(truth, release, "truth", "release")
    if id_col is not None:
        check_columns(directory, [id_col], "directory")
        if id_col in qi:
            raise ValueError(f"id_col {id_col!r} must not be a quasi-identifier: the attacker "
                             "does not see it.")
        if truth is None:
            raise ValueError("id_col is used only to score the attack: pass truth as well.")
    rel_codes, dir_codes, n_codes = _joint_codes(release, directory, qi)
    counts = np.bincount(dir_codes, minlength=n_codes)
    # The name of the (last) directory row with each code; used only where counts == 1.
    names = np.empty(n_codes, dtype=object)
    names[dir_codes] = directory[name_col].to_numpy(dtype=object)
    ids = np.empty(n_codes, dtype=object)
    if id_col is not None:
        ids[dir_codes] = directory[id_col].to_numpy(dtype=object)
    candidates = counts[rel_codes]
    hit = candidates == 1
    matched = np.where(hit, names[rel_codes], None)
    matches = pd.DataFrame(
        {"candidates": candidates, "reidentified": hit,
         "matched_name": pd.array(matched, dtype="str")},
        index=release.index,
    )
    n_correct = n_wrong = None
    if truth is not None:
        real = np.asarray(truth, dtype=object)
        found = np.where(hit, ids[rel_codes], None) if id_col is not None else matched
        # Right only when the matched entry *is* this person: by identity with id_col.
        correct = hit & np.array([f is not None and not pd.isna(f) and f == t
                                  for f, t in zip(found, real, strict=True)], dtype=bool)
        matches["correct"] = correct
        n_correct = int(correct.sum())
        n_wrong = int(hit.sum()) - n_correct
    return LinkageResult(matches=matches, quasi_identifiers=tuple(qi), n_release=len(release),
                         n_reidentified=int(hit.sum()), n_correct=n_correct, n_wrong=n_wrong)


# --------------------------------------------------------------------------- generalisation
def generalise(
    df: pd.DataFrame,
    *,
    age_width: int | None = None,
    district_map: Mapping[str, str] | None = None,
    birth: str | None = "date",
    age_col: str = "age",
    district_col: str = "district",
    birth_col: str = "birth_date",
) -> pd.DataFrame:
    """Coarsen quasi-identifiers: age bands, coarser districts, less precise birth dates.

    Parameters
    ----------
    df : pandas.DataFrame
        The table (not changed).
    age_width : int, optional
        Replace `age_col` by bands this many years wide, labelled ``"20–29"`` (bands start at
        multiples of the width). None keeps the age.
    district_map : mapping, optional
        Replace each value of `district_col` by ``district_map[value]`` (e.g.
        :data:`REGIONS`). Every value present must be mapped. None keeps the district.
    birth : {"date", "month", "year", "decade"} or None, default "date"
        Precision kept of `birth_col`: the full date, ``"1998-07"``, ``1998`` or ``1990``;
        None drops the column. Ignored when `df` has no `birth_col`.
    age_col, district_col, birth_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        A copy with the generalised columns (same index, same column order).

    Raises
    ------
    TypeError, ValueError
        Empty `df`, a bad `age_width` (:data:`BAD_AGE_WIDTH`) or `birth`
        (:data:`BAD_BIRTH_DETAIL`), a column that is needed but missing, or a district the
        map does not cover (:data:`UNMAPPED_VALUES`).
    """
    check_frame(df, "df")
    check_in(birth, (*BIRTH_DETAILS, None), "birth")
    out = df.copy()
    if age_width is not None:
        width = check_integer(age_width, "age_width", low=1)
        check_columns(df, [age_col], "df")
        low = (df[age_col].to_numpy() // width) * width
        if width == 1:
            labels = low.astype(str)
        else:
            labels = np.char.add(np.char.add(low.astype(str), "–"), (low + width - 1).astype(str))
        order = [s for _, s in sorted(set(zip(low.tolist(), labels.tolist(), strict=True)))]
        out[age_col] = pd.Categorical(labels, categories=order, ordered=True)
    if district_map is not None:
        check_columns(df, [district_col], "df")
        values = pd.unique(df[district_col].astype(object))
        missing = [v for v in values if v not in district_map]
        if missing:
            raise ValueError(_UNMAPPED_VALUES.format(values=", ".join(map(repr, missing)),
                                                    column=district_col))
        mapped = df[district_col].astype(object).map(dict(district_map))
        out[district_col] = pd.Categorical(mapped, categories=sorted(set(district_map.values())))
    if birth_col in df.columns:
        dates = pd.to_datetime(df[birth_col])
        if birth is None:
            out = out.drop(columns=birth_col)
        elif birth == "month":
            out[birth_col] = dates.dt.strftime("%Y-%m")
        elif birth == "year":
            out[birth_col] = dates.dt.year.astype("int64")
        elif birth == "decade":
            out[birth_col] = (dates.dt.year // 10 * 10).astype("int64")
    return out


def suppress_small_classes(
    df: pd.DataFrame, quasi_identifiers: Iterable[str] | str, k: int
) -> pd.DataFrame:
    """Drop the rows whose equivalence class is smaller than `k` (suppression).

    Parameters
    ----------
    df : pandas.DataFrame
    quasi_identifiers : str or iterable of str
    k : int
        The k to reach (≥ 1).

    Returns
    -------
    pandas.DataFrame
        The rows of `df` in classes of size ≥ `k`; the result is k-anonymous (or empty).
    """
    k = check_integer(k, "k", low=1)
    sizes = class_sizes(df, quasi_identifiers)
    return df[sizes.to_numpy() >= k]


def information_loss(
    original: pd.DataFrame, generalised: pd.DataFrame, quasi_identifiers: Iterable[str] | str
) -> pd.DataFrame:
    """What a generalisation cost, column by column and overall.

    Detail is measured by the number of distinct values a column takes: a column coarsened
    from 53 ages to 6 bands keeps 6/53 of its detail. Rows dropped by suppression count too.

    Parameters
    ----------
    original, generalised : pandas.DataFrame
        The table before and after (a quasi-identifier dropped from `generalised` keeps
        one "value": nothing).
    quasi_identifiers : str or iterable of str
        Columns of `original` to compare.

    Returns
    -------
    pandas.DataFrame
        One row per quasi-identifier plus ``"(rows)"``: ``before``, ``after`` (distinct
        values, or rows) and ``detail_lost`` = 1 - after / before.
    """
    qi = _check_qi(original, quasi_identifiers, "original")
    check_frame(generalised, "generalised")
    rows = {}
    for col in qi:
        before = int(original[col].nunique(dropna=False))
        after = int(generalised[col].nunique(dropna=False)) if col in generalised else 1
        rows[col] = {"before": before, "after": after}
    rows["(rows)"] = {"before": len(original), "after": len(generalised)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["detail_lost"] = 1 - table["after"] / table["before"]
    return table

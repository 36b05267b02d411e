"""Self-assessment ratings kept in a small local JSON file (no network, no account).

Each lesson ends with five "I can …" statements rated 1 (not yet) to 5 (confidently). The
ratings are stored per lesson so a trainee can see their progress across the course.
By default the file is ``~/.responsible_ml/self_assessment.json``; the environment variable
``RESPONSIBLE_ML_SELF_ASSESSMENT`` or the ``path`` argument of every function overrides it.

File format (version 1)::

    {"version": 1,
     "lessons": {"07-trade-offs": {"I can compute a Pareto frontier.": 4, ...}, ...}}
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._validation import check_integer

__all__: list[str] = []

SELF_ASSESSMENT_ENV_VAR = "RESPONSIBLE_ML_SELF_ASSESSMENT"
FILE_VERSION = 1
_BAD_LESSON = "lesson must be a non-empty string such as '07-trade-offs', got {value!r}"
_BAD_STATEMENT = "statements must be non-empty strings, got {value!r}"
_BAD_FILE = ("{path} is not a self-assessment file (expected JSON with 'version' and "
            "'lessons'); move it away or pass another path")


def default_path() -> Path:
    """Where ratings are kept: ``$RESPONSIBLE_ML_SELF_ASSESSMENT`` or
    ``~/.responsible_ml/self_assessment.json``."""
    env = os.environ.get(SELF_ASSESSMENT_ENV_VAR)
    return Path(env) if env else Path.home() / ".responsible_ml" / "self_assessment.json"


def _path(path) -> Path:
    return Path(path) if path is not None else default_path()


def _empty() -> dict:
    return {"version": FILE_VERSION, "lessons": {}}


def _check_rating(statement, value) -> int:
    return check_integer(value, f"rating of {statement!r}", low=1, high=5)


def _validate(data, path) -> dict:
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict) \
            or "version" not in data:
        raise ValueError(_BAD_FILE.format(path=path))
    for ratings in data["lessons"].values():
        if not isinstance(ratings, dict):
            raise ValueError(_BAD_FILE.format(path=path))
        for statement, value in ratings.items():
            try:
                _check_rating(statement, value)
            except TypeError as err:  # a bad file is a bad value, whatever the entry's type
                raise ValueError(str(err)) from None
    return data


def load_ratings(path: str | os.PathLike | None = None) -> dict:
    """Read the ratings file; an absent file gives empty ratings.

    Parameters
    ----------
    path : path-like, optional
        Default :func:`default_path`.

    Returns
    -------
    dict
        ``{"version": 1, "lessons": {lesson: {statement: rating}}}``.

    Raises
    ------
    ValueError
        If the file exists but is not a ratings file (:data:`BAD_FILE`).
    """
    p = _path(path)
    if not p.exists():
        return _empty()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValueError(_BAD_FILE.format(path=p)) from None
    return _validate(data, p)


def save_ratings(data: Mapping, path: str | os.PathLike | None = None) -> Path:
    """Write ratings atomically (a temporary file, then a rename); create the folder.

    Parameters
    ----------
    data : mapping
        The whole ratings data, ``{"version": 1, "lessons": {lesson: {statement: rating}}}``
        (as from :func:`load_ratings`).
    path : path-like, optional
        Default :func:`default_path`.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If `data` is not ratings data (``_BAD_FILE``) or a rating is not an integer in 1–5;
        nothing is written then.
    """
    p = _path(path)
    data = _validate(dict(data), p)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".self_assessment", suffix=".json", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def record_ratings(lesson: str, ratings: Mapping[str, int],
                   path: str | os.PathLike | None = None) -> dict:
    """Store a lesson's ratings (replacing earlier ratings of the same statements).

    Parameters
    ----------
    lesson : str
        Lesson slug, e.g. ``"07-trade-offs"``.
    ratings : mapping of str to int
        Statement → rating 1–5.
    path : path-like, optional
        Default :func:`default_path`.

    Returns
    -------
    dict
        The whole updated ratings data (as written).

    Raises
    ------
    ValueError
        On an empty lesson name (:data:`BAD_LESSON`), an empty statement
        (:data:`BAD_STATEMENT`) or a rating outside 1–5
        (:data:`responsible_ml._validation.NOT_AN_INTEGER`); nothing is written then.
    TypeError
        If a rating is not an integer (a bool, a float, a string); nothing is written then.
    """
    if not isinstance(lesson, str) or not lesson.strip():
        raise ValueError(_BAD_LESSON.format(value=lesson))
    clean = {}
    for statement, value in dict(ratings).items():
        if not isinstance(statement, str) or not statement.strip():
            raise ValueError(_BAD_STATEMENT.format(value=statement))
        clean[statement.strip()] = _check_rating(statement, value)
    data = load_ratings(path)
    data["lessons"].setdefault(lesson.strip(), {}).update(clean)
    save_ratings(data, path)
    return data


def self_assessment_summary(data: Mapping | None = None, *,
                            path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Progress across lessons: one row per lesson, in lesson order.

    Parameters
    ----------
    data : mapping, optional
        Ratings data as returned by :func:`load_ratings`; read from `path` when omitted.
    path : path-like, optional
        Default :func:`default_path`.

    Returns
    -------
    pandas.DataFrame
        Indexed by lesson (sorted), columns ``statements`` (how many rated), ``mean``
        (mean rating), ``lowest`` (the lowest rating) and ``to_revisit`` (the statement with
        the lowest rating — the first in file order on ties).
    """
    data = load_ratings(path) if data is None else _validate(dict(data), "data")
    rows = []
    for lesson in sorted(data["lessons"]):
        ratings = data["lessons"][lesson]
        if not ratings:
            continue
        worst = min(ratings, key=lambda s: ratings[s])
        rows.append({"lesson": lesson, "statements": len(ratings),
                     "mean": sum(ratings.values()) / len(ratings),
                     "lowest": ratings[worst], "to_revisit": worst})
    cols = ["lesson", "statements", "mean", "lowest", "to_revisit"]
    return pd.DataFrame(rows, columns=cols).set_index("lesson")

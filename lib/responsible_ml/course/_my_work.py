"""A trainee's own copy of every exercise: ``my-work/``, ignored by git, never regenerated.

``exercises/`` is generated from ``solutions/`` (``make exercises``) and tracked by git, so a
trainee who answers there gets a conflict at the next ``git pull`` and a failing
``make check``. ``make lab`` therefore copies each exercise, once, to
``my-work/NN-slug.ipynb``; the lessons link there. A later run never overwrites a copy: it
only says when the published exercise has changed since the copy was made, so the trainee
can compare the two.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import shutil

from ._nbgrader import REPO_ROOT

MY_WORK = "my-work"
_SOURCES = ".sources.json"  # exercise file → SHA-256 of the version each copy was made from
_NO_COPY = "exercise: no {path}; run `make lab` (or `python -m responsible_ml my-work`) first"
_UNKNOWN = ("exercise: no exercise {exercise!r}; give one of {known} (or its number, e.g. "
            "{example!r})")
_NO_EXERCISES = "exercise: no exercise {exercise!r}: there is no exercises/NN-slug/ under {root}"


def _sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted((root / "exercises").glob("[0-9][0-9]-*/[0-9][0-9]-*.ipynb"))


def my_work_copy(exercise: str, root: pathlib.Path | str = REPO_ROOT) -> pathlib.Path:
    """The trainee's own copy of an exercise, ``root/my-work/NN-slug.ipynb``.

    Parameters
    ----------
    exercise : str
        The exercise's slug, e.g. ``"01-what-is-ml"``, or its number (``"01"`` or ``"1"``).
    root : path-like, default REPO_ROOT
        The course repository (holding ``exercises/`` and ``my-work/``).

    Returns
    -------
    pathlib.Path
        The copy, which exists.

    Raises
    ------
    FileNotFoundError
        If `exercise` names no published exercise (nor a copy in ``my-work/``), or the
        trainee has no copy of it yet (the message says to run ``make lab``).
    """
    root = pathlib.Path(root)
    folder = root / MY_WORK
    known = sorted({p.stem for p in _published(root)}
                   | {p.stem for p in folder.glob("[0-9][0-9]-*.ipynb")})
    number = exercise.zfill(2) if exercise.isdigit() else None
    found = [slug for slug in known if exercise == slug or number == slug[:2]]
    if not known:
        raise FileNotFoundError(_NO_EXERCISES.format(exercise=exercise, root=root))
    if len(found) != 1:
        raise FileNotFoundError(_UNKNOWN.format(exercise=exercise, known=", ".join(known),
                                                example=known[-1][:2]))
    copy = folder / f"{found[0]}.ipynb"
    if not copy.is_file():
        raise FileNotFoundError(_NO_COPY.format(path=copy.relative_to(root)))
    return copy


def prepare_my_work(root: pathlib.Path | str = REPO_ROOT) -> list[str]:
    """Copy every exercise missing from ``root/my-work`` there; never touch an existing copy.

    Parameters
    ----------
    root : path-like, default REPO_ROOT
        The course repository (holding ``exercises/``).

    Returns
    -------
    list of str
        One line per exercise: created, kept, or kept with a note that the published
        exercise changed since the copy was made.

    Raises
    ------
    FileNotFoundError
        If ``root/exercises`` holds no exercise notebook.
    """
    root = pathlib.Path(root)
    sources = _published(root)
    if not sources:
        raise FileNotFoundError(f"root: no exercises/NN-slug/NN-slug.ipynb under {root}")
    folder = root / MY_WORK
    folder.mkdir(exist_ok=True)
    record_path = folder / _SOURCES
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    lines = []
    for source in sources:
        copy = folder / source.name
        digest = _sha256(source)
        if not copy.exists():
            shutil.copyfile(source, copy)
            record[source.name] = digest
            lines.append(f"created {MY_WORK}/{source.name}")
        elif record.get(source.name) not in (None, digest):
            lines.append(
                f"kept {MY_WORK}/{source.name} (your work); the published exercise "
                f"{source.relative_to(root)} has changed since you copied it: compare the two"
            )
        else:
            record.setdefault(source.name, digest)
            lines.append(f"kept {MY_WORK}/{source.name}")
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return lines

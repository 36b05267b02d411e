"""The class view, trainee side: a prompt answer or a self-rating left for the room, by opt-in.

On the course hub (``deploy/``), every trainee's server has ``RML_CLASS_DIR``: a folder
beside nbgrader's exchange that trainees may write into but not list (mode 1733, like the
exchange's ``inbound``). A trainee who opts in — :func:`share_with_class`, or the tick box
under a prompt — leaves there one small JSON file per prompt they commit to (the prompt id
and the option chosen) and per lesson they rate (the five ratings). The instructor counts
the files with ``python -m responsible_ml class-summary``.

What the files say about a trainee, said plainly: each carries a random pseudonym drawn once
and kept in the trainee's ``~/.responsible_ml/class.json`` — no name, no user id. But the
pseudonym links one trainee's answers across prompts, and each file is owned by the
trainee's account on the hub, so whoever administers the hub's file system can tell whose
it is. The summary the room sees shows counts only. Without ``RML_CLASS_DIR`` (self-study,
a laptop) nothing is shared and nothing is offered.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import tempfile
from pathlib import Path

import ipywidgets as w

__all__ = ["share_with_class"]

#: The hub sets it for every trainee's server (deploy/jupyterhub_config.py).
CLASS_DIR_ENV = "RML_CLASS_DIR"
#: Where the trainee's own choice (and pseudonym) is kept; overridable for tests.
CLASS_SETTINGS_ENV = "RESPONSIBLE_ML_CLASS_SETTINGS"
#: What a prompt id or a lesson slug may look like in a file name.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_BAD_ON = "on must be True or False, got {on!r}"
_BAD_ID = "{what} must be letters, digits, '-' or '_' (at most 64), got {value!r}"
#: Shown beside the tick box (the module docstring says the same at length).
SHARE_LABEL = ("Share my answers with the class view (a random pseudonym, no name; "
               "the hub's administrators can tell whose file it is)")


def class_dir() -> Path | None:
    """The class folder this server shares into, or None (self-study: nothing is shared)."""
    value = os.environ.get(CLASS_DIR_ENV)
    if not value:
        return None
    path = Path(value)
    return path if path.is_dir() else None


def _settings_path() -> Path:
    env = os.environ.get(CLASS_SETTINGS_ENV)
    return Path(env) if env else Path.home() / ".responsible_ml" / "class.json"


def _settings() -> dict:
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict, mode: int) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file in the same folder, renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sharing() -> bool:
    """Whether this trainee has opted in (and a class folder exists to share into)."""
    return class_dir() is not None and _settings().get("share") is True


def share_with_class(on: bool = True) -> bool:
    """Opt in to (or out of) the class view of the course hub.

    From now on, each prompt you commit to and each self-assessment you save leaves a small
    file in the hub's class folder: the prompt id and your option, or your five ratings,
    under a random pseudonym (no name). The instructor sees counts per prompt. Opting out
    stops further files; it does not remove those already left (ask your instructor).
    Outside the course hub there is no class folder and nothing is shared.

    Parameters
    ----------
    on : bool
        True to share from now on, False to stop.

    Returns
    -------
    bool
        Whether answers will be shared from now on (False where there is no class folder).

    Raises
    ------
    TypeError
        If `on` is not a bool.
    """
    if not isinstance(on, bool):
        raise TypeError(_BAD_ON.format(on=on))
    path = _settings_path()
    data = _settings()
    data["share"] = on
    data.setdefault("pseudonym", secrets.token_hex(8))
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_json(path, data, 0o600)
    return sharing()


def _check_id(value, what: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(_BAD_ID.format(what=what, value=value))
    return value


def leave_for_class(kind: str, key: str, payload: dict) -> Path | None:
    """Leave one record in the class folder if the trainee opted in; else do nothing.

    Parameters
    ----------
    kind : {"prompt", "ratings"}
        A prompt's committed option, or a lesson's self-ratings.
    key : str
        The prompt id (``"03-q2"``) or the lesson slug (``"03-fairness"``).
    payload : dict
        ``{"choice": option}`` for a prompt; ``{"ratings": {statement: 1..5}}`` for ratings.

    Returns
    -------
    pathlib.Path or None
        The file written (one per trainee, kind and key: a later save replaces it), or None
        when nothing was shared.
    """
    if kind not in ("prompt", "ratings"):
        raise ValueError(f"kind must be 'prompt' or 'ratings', got {kind!r}")
    _check_id(key, "key")
    folder = class_dir()
    settings = _settings()
    if folder is None or settings.get("share") is not True:
        return None
    pseudonym = _check_id(settings.get("pseudonym"), "the pseudonym in " + str(_settings_path()))
    path = folder / f"{kind}.{key}.{pseudonym}.json"
    # Readable by the instructor (who owns the folder and lists it), not listable by peers.
    _write_json(path, {"kind": kind, "key": key, "pseudonym": pseudonym, **payload}, 0o644)
    return path


def share_box() -> list:
    """The class view's opt-in tick box, only where the hub offers a class folder (else none)."""
    if class_dir() is None:
        return []
    tick = w.Checkbox(value=sharing(), description=SHARE_LABEL, indent=False,
                      layout=w.Layout(width="auto"))
    tick.observe(lambda change: share_with_class(bool(change["new"])), names="value")
    return [tick]


def leave_or_say(note: w.HTML, kind: str, key: str, payload: dict) -> None:
    """Leave the answer for the class view (if opted in); a failure is said, never raised."""
    try:
        leave_for_class(kind, key, payload)
    except (OSError, ValueError) as err:
        note.value += f"<div><i>Not shared with the class: {html.escape(str(err))}</i></div>"

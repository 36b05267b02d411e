"""Where a course keeps things (as nbgrader reads them) and how one grading run goes."""

from __future__ import annotations

import dataclasses
import os
import pathlib
from collections.abc import Sequence

from ._nbgrader import REPO_ROOT

__all__ = ["submissions"]


@dataclasses.dataclass(frozen=True)
class CourseSettings:
    """A course's folders and gradebook, resolved as nbgrader resolves them.

    Every folder is an absolute path (str); ``timeout`` is nbgrader's cell timeout (s).
    """

    root: str
    db_url: str
    course_id: str
    source: str
    release: str
    submitted: str
    autograded: str
    feedback: str
    timeout: float

    @property
    def sqlite_path(self) -> pathlib.Path | None:
        """The gradebook file when the gradebook is SQLite, else ``None``."""
        if self.db_url.startswith("sqlite:///"):
            return pathlib.Path(self.db_url[len("sqlite:///"):].split("?")[0])
        return None


@dataclasses.dataclass(frozen=True)
class GradeOptions:
    """How one ``grade`` run goes (what used to travel as long positional lists)."""

    course: pathlib.Path
    config_args: tuple[str, ...] = ()
    regrade: bool | str | None = None
    feedback: bool = True
    progress: object = None  # a stream, None (stderr) or False (none)
    submission_timeout: float = 1800
    sandbox: bool = True


def course_settings(course: os.PathLike | str = REPO_ROOT,
                    config_args: Sequence[str] = ()) -> CourseSettings:
    """Where a course keeps things, as nbgrader would read them.

    Reads ``course/nbgrader_config.py`` and applies ``config_args`` (nbgrader options
    such as ``--CourseDirectory.db_url=sqlite:////elsewhere/gradebook.db``) on top.

    Parameters
    ----------
    course : path-like, default REPO_ROOT
        The course folder (holding ``nbgrader_config.py``).
    config_args : sequence of str, default ()
        nbgrader command-line options applied on top of the config file.

    Returns
    -------
    CourseSettings
        ``root``, ``db_url``, ``source``, ``release``, ``submitted``, ``autograded``,
        ``feedback`` (absolute paths as str) and ``timeout`` (cell timeout, seconds).
    """
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config
    from traitlets.config.loader import KVArgParseConfigLoader, PyFileConfigLoader

    course = pathlib.Path(course).resolve()
    cfg = Config()
    if (course / "nbgrader_config.py").exists():
        cfg.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    if config_args:
        cfg.merge(KVArgParseConfigLoader(list(config_args)).load_config())
    cd = CourseDirectory(config=cfg)
    if not cd.root or not pathlib.Path(cd.root).is_dir():
        cd.root = str(course)
    root = pathlib.Path(cd.root)

    def folder(name: str) -> str:
        return str((root / name).resolve())

    timeout = Execute(config=cfg).timeout  # as nbgrader resolves it (subclass config first)
    return CourseSettings(
        root=str(root), db_url=cd.db_url, course_id=cd.course_id,
        source=folder(cd.source_directory), release=folder(cd.release_directory),
        submitted=folder(cd.submitted_directory), autograded=folder(cd.autograded_directory),
        feedback=folder(cd.feedback_directory), timeout=timeout)


def source_assignments(settings: CourseSettings) -> list[str]:
    """Assignments (folders holding a notebook) under the course's source folder.

    Parameters
    ----------
    settings : CourseSettings
        From :func:`course_settings`.

    Returns
    -------
    list of str
        The assignment names, sorted; empty when the source folder does not exist.
    """
    source = pathlib.Path(settings.source)
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def submissions(name: str, course: os.PathLike | str = REPO_ROOT,
                config_args: Sequence[str] = (), *,
                settings: CourseSettings | None = None) -> list[str]:
    """Student ids with a folder ``submitted/<student>/<name>``, sorted.

    Parameters
    ----------
    name : str
        The assignment.
    course : path-like, default REPO_ROOT
        The course folder (holding ``nbgrader_config.py``).
    config_args : sequence of str, default ()
        nbgrader command-line options applied on top of the config file.
    settings : CourseSettings, optional
        Already resolved settings; `course` and `config_args` are then not read.

    Returns
    -------
    list of str
        The student ids, sorted; empty when the submitted folder does not exist.
    """
    settings = settings or course_settings(course, config_args)
    submitted = pathlib.Path(settings.submitted)
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / name).is_dir())

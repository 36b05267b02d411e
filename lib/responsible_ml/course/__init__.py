"""Instructor and maintainer chores over nbgrader's own tools."""

from . import _mutants, _nbgrader
from ._mutants import *  # noqa: F403
from ._nbgrader import *  # noqa: F403

__all__ = [*_nbgrader.__all__, *_mutants.__all__]

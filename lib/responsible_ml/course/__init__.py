"""Instructor and maintainer chores over nbgrader's own tools."""

from . import _nbgrader
from ._nbgrader import *  # noqa: F403

__all__ = [*_nbgrader.__all__]

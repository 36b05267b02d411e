"""Instructor and maintainer chores over nbgrader's own tools."""

from . import _grade, _kernel, _mutants, _nbgrader
from ._grade import *  # noqa: F403
from ._kernel import *  # noqa: F403
from ._mutants import *  # noqa: F403
from ._nbgrader import *  # noqa: F403

__all__ = [*_nbgrader.__all__, *_kernel.__all__, *_grade.__all__, *_mutants.__all__]

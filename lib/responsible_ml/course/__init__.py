"""Instructor and maintainer chores over nbgrader's own tools."""

from . import (
           _class_view,
           _grade,
           _kernel,
           _mutants,
           _nbgrader,
           _reports,
           _sandbox,
           _settings,
           _tamper,
)
from ._class_view import *  # noqa: F403
from ._grade import *  # noqa: F403
from ._kernel import *  # noqa: F403
from ._mutants import *  # noqa: F403
from ._nbgrader import *  # noqa: F403
from ._reports import *  # noqa: F403
from ._sandbox import *  # noqa: F403
from ._settings import *  # noqa: F403
from ._tamper import *  # noqa: F403

__all__ = [*_class_view.__all__, *_nbgrader.__all__, *_kernel.__all__, *_grade.__all__, *_mutants.__all__,
           *_reports.__all__, *_sandbox.__all__, *_settings.__all__, *_tamper.__all__]

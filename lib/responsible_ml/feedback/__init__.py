"""Feedback helpers for exercise test cells: compare, explain, hint.

Visible test cells use these so that a wrong answer fails with a message that says
what was expected, what was got, and what to check. Hidden test cells call
:func:`trusted` to get a private copy a submission cannot have patched.
"""

from ._checks import (
    FAILED,
    HINT,
    NOT_ANSWERED,
    AnswerError,
    answer,
    expect_close,
    expect_columns,
    expect_equal,
    expect_frame_close,
    expect_mapping_close,
    expect_sequence_close,
    expect_true,
    expect_type,
)
from ._trusted import trusted

__all__ = [
    "AnswerError",
    "FAILED",
    "HINT",
    "NOT_ANSWERED",
    "answer",
    "expect_close",
    "expect_columns",
    "expect_equal",
    "expect_frame_close",
    "expect_mapping_close",
    "expect_sequence_close",
    "expect_true",
    "expect_type",
    "trusted",
]

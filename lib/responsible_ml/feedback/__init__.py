"""Feedback helpers for exercise test cells: compare, explain, hint.

Visible test cells use these so that a wrong answer fails with a message that says
what was expected, what was got, and what to check (and a stable ``[feedback id: …]``
that the class's mistakes report counts). :func:`no_shortcuts` makes a check fail when
the answer ran a library function the question asks the trainee to write. Hidden test cells call
:func:`trusted` to get a private copy a submission cannot have patched. Every check
compares the plain value an answer holds (:func:`plain`), never the answer's own
``__eq__``/``__float__``/``__bool__``…, so an object that "equals anything" fails.
:func:`variant` gives a trainee's own numbers in a graded cohort (variant 0 in self-study).
"""

from ._checks import (
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
    plain,
    time_limit,
)
from ._shortcuts import no_shortcuts
from ._trusted import trusted
from ._variant import variant

__all__ = [
    "AnswerError",
    "answer",
    "expect_close",
    "expect_columns",
    "expect_equal",
    "expect_frame_close",
    "expect_mapping_close",
    "expect_sequence_close",
    "expect_true",
    "expect_type",
    "no_shortcuts",
    "plain",
    "time_limit",
    "trusted",
    "variant",
]

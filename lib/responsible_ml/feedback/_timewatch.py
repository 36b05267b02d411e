"""Which answers ran out of time, and which time limits are open, for :mod:`._checks`.

One module object per process (imported, never loaded anew), so that the checks module and
every fresh copy of it that ``trusted()`` loads read the same record: a function that ran
out of time in a visible test's check is not run again by a hidden test's trusted copy.
"""

from __future__ import annotations

#: Code objects that ran out of time under a check, by ``id`` (the code object is kept, so
#: its id is never reused): the exact function that hung, never one with the same name.
HUNG: dict[int, object] = {}
#: Open time limits (``_TimeLimit`` objects of any copy of the checks), innermost last.
ACTIVE: list = []
#: Open :func:`answer` calls, innermost last: ``[answer's frame, the code that ran out of
#: time during the call or None]``.
CALLS: list = []

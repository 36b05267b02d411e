"""Which threads the notebook's own code started, for the shortcut guard.

One module object per process (imported, never loaded anew), so that every fresh copy of
``_shortcuts.py`` that ``trusted()`` loads reads the same record.
"""

from __future__ import annotations

import sys
import threading
import weakref

#: Threads whose start the notebook's own code asked for (alive or not; weak references).
STARTED: weakref.WeakSet = weakref.WeakSet()
_STATE = {"watch": None, "original": None, "switched_off": False}


def install(requested_by_notebook) -> None:
    """Wrap ``threading.Thread.start`` once; notice when the notebook put the original back.

    ``requested_by_notebook(frame)`` decides, from the frame that called ``start``, whether
    the notebook's own code asked for the thread.
    """
    start = threading.Thread.start
    if start is _STATE["watch"]:
        return
    if _STATE["watch"] is not None:
        _STATE["switched_off"] = True   # installed before, replaced since

    def watched_start(self, *args, **kwargs):
        if requested_by_notebook(sys._getframe(1)):
            STARTED.add(self)
        return start(self, *args, **kwargs)

    _STATE["watch"], _STATE["original"] = watched_start, start
    threading.Thread.start = watched_start


def switched_off() -> bool:
    """True once the watch was found replaced (the notebook put ``Thread.start`` back)."""
    return _STATE["switched_off"]

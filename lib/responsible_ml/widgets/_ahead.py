"""Compute a widget's expensive choices once, ahead of the trainee (issue 31).

A choice such as the bias slicer's dataset (a model is trained to score it) or the drift
monitor's shift (a stream is drawn and a launch model trained) takes 0.2-1.5 s the first
time. :class:`Ahead` starts one background thread when the widget is built that computes
every choice in turn, so by the time a trainee picks one it is ready and the change
costs a redraw. A choice asked for before the thread reached it is computed at once in
the asking thread (the other work waits): never twice, never slower than without it.
Every computation is seeded by its caller, so the order does not change any result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

__all__: list[str] = []


class Ahead(Mapping):
    """A read-only mapping key → ``compute(key)``, filled ahead by one daemon thread.

    Parameters
    ----------
    compute : callable
        ``compute(key) -> value``; called at most once per key.
    keys : iterable of hashable
        Every key a widget may ask for, in the order to compute them ahead.
    given : mapping, optional
        Values already known (not recomputed).
    background : bool, default True
        Start the thread now; False computes each key only when it is first asked for.
    """

    def __init__(self, compute: Callable[[Hashable], Any], keys: Iterable[Hashable], *,
                 given: Mapping | None = None, background: bool = True):
        self._compute = compute
        self._keys = list(dict.fromkeys(keys))
        self._values: dict = dict(given or {})
        self._lock = threading.Lock()
        self.thread: threading.Thread | None = None
        if background and any(k not in self._values for k in self._keys):
            self.thread = threading.Thread(target=self._fill, name="rml-ahead", daemon=True)
            self.thread.start()

    def _fill(self) -> None:
        for key in self._keys:
            try:
                self[key]
            except Exception:  # noqa: BLE001 - the asking thread computes it again and shows it
                continue

    def ready(self, key: Hashable) -> bool:
        """True when `key` is computed (asking for it costs nothing)."""
        return key in self._values

    def __getitem__(self, key: Hashable):
        if key in self._values:
            return self._values[key]
        with self._lock:
            if key not in self._values:
                self._values[key] = self._compute(key)
            return self._values[key]

    def __iter__(self):
        return iter(dict(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key) -> bool:
        return key in self._values

"""Messages shared by the trade-off modules."""

from __future__ import annotations

__all__: list[str] = []

_EMPTY_CANDIDATES = "{name} is empty: there are no candidates to compare; give at least one"

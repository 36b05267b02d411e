"""Widgets for the tradeoffs lessons (owned by that lesson's issue)."""

__all__: list[str] = []

"""Widgets for the privacy lessons (owned by that lesson's issue)."""

__all__: list[str] = []

"""Widgets for the monitoring lessons (owned by that lesson's issue)."""

__all__: list[str] = []

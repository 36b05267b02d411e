"""Widgets for the fairness lessons (owned by that lesson's issue)."""

__all__: list[str] = []

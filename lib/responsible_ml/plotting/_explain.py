"""Figures for the explain lessons (owned by that lesson's issue)."""

__all__: list[str] = []

"""Markdown tables for the trade-off reports: the model card's writer, rows only by default.

pandas' ``to_markdown`` needs ``tabulate``, which is not in the stack, so the course has
one small writer, :func:`responsible_ml.explain.frame_to_markdown`; this module only
changes its default (the trade-off tables carry their labels in columns, not the index).
"""

from __future__ import annotations

import pandas as pd

from ..explain._model_card import frame_to_markdown as _frame_to_markdown

__all__ = ["frame_to_markdown"]


def frame_to_markdown(frame: pd.DataFrame, *, index: bool = False,
                      float_format: str = ".3f") -> str:
    """Render a DataFrame as a Markdown table (see :func:`responsible_ml.explain.frame_to_markdown`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    index : bool, default False
        Whether to write the index as the first column.
    float_format : str, default ".3f"
        Format spec for floats (infinity is written ``∞``, NaN as an empty cell).

    Returns
    -------
    str
        The Markdown table, one line per row, no trailing newline.
    """
    return _frame_to_markdown(frame, index=index, float_format=float_format)

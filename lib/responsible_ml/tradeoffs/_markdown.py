"""A tiny Markdown table writer (pandas' ``to_markdown`` needs ``tabulate``, not in the stack)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["frame_to_markdown"]


def _cell(value, float_format: str) -> str:
    if isinstance(value, float):
        if math.isinf(value):
            text = "∞" if value > 0 else "-∞"
        elif math.isnan(value):
            text = ""
        else:
            text = format(value, float_format)
    elif isinstance(value, bool | np.bool_):
        text = "yes" if value else "no"
    elif value is None:
        text = ""
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", "<br>")


def frame_to_markdown(frame: pd.DataFrame, *, index: bool = False,
                      float_format: str = ".3f") -> str:
    """Render a DataFrame as a GitHub-flavoured Markdown table.

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
    df = frame.reset_index() if index else frame
    header = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(_cell(h, float_format) for h in header) + " |",
             "| " + " | ".join("---" for _ in header) + " |"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v, float_format) for v in row) + " |")
    return "\n".join(lines)

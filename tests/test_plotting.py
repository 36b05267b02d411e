"""The course figure style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from responsible_ml import plotting  # noqa: E402
from responsible_ml.plotting._basics import _NOT_SQUARE  # noqa: E402
from responsible_ml.plotting._explain import _BAD_FEATURE_COLUMNS, _NOT_A_TABLE  # noqa: E402
from responsible_ml.plotting._explain_ice import _NOT_AN_ICE_TABLE  # noqa: E402
from responsible_ml.plotting._style import _LABELS_MISMATCH, _NO_LABELS  # noqa: E402

#: The eight Okabe & Ito (2008) colours as published, in RGB 0-255 (Wong, "Points of view:
#: Color blindness", Nature Methods 8:441, 2011, figure 2) — typed from the paper, not from
#: the library.
OKABE_ITO_RGB = {
    "black": (0, 0, 0),
    "orange": (230, 159, 0),
    "sky blue": (86, 180, 233),
    "bluish green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "reddish purple": (204, 121, 167),
}


def _rgb255(colour: str) -> tuple[int, int, int]:
    return tuple(round(255 * c) for c in matplotlib.colors.to_rgb(colour))


def test_palette_is_okabe_ito():
    rgb = [_rgb255(c) for c in plotting.PALETTE]
    assert len(rgb) == len(set(rgb)) == 8
    assert set(rgb) == set(OKABE_ITO_RGB.values())
    assert rgb[:3] == [OKABE_ITO_RGB[k] for k in ("blue", "orange", "bluish green")]
    assert _rgb255(plotting.GOOD) == OKABE_ITO_RGB["bluish green"]
    assert _rgb255(plotting.BAD) == OKABE_ITO_RGB["vermillion"]


def test_bar_by_group_labels_everything_and_highlights():
    ax = plotting.bar_by_group_plot({"A": 0.2, "B": 0.5}, title="Rate", xlabel="group",
                               ylabel="rate", highlight=["B"], reference=0.3)
    assert ax.get_title() == "Rate" and ax.get_xlabel() == "group" and ax.get_ylabel() == "rate"
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [plotting.PALETTE[0].lower(), plotting.BAD.lower()]
    assert [t.get_text() for t in ax.texts] == ["0.20", "0.50"]
    plt.close(ax.figure)


def test_finish_requires_title_and_labels():
    ax = plotting.new_axes()
    for labels in ({"title": "", "xlabel": "x", "ylabel": "y"},
                   {"title": "t", "xlabel": None, "ylabel": "y"},
                   {"title": "t", "xlabel": "x", "ylabel": ""}):
        with pytest.raises(ValueError) as err:
            plotting.finish(ax, **labels)
        assert str(err.value) == _NO_LABELS
    plt.close(ax.figure)


def test_bar_by_group_rejects_mismatched_labels():
    with pytest.raises(ValueError) as err:
        plotting.bar_by_group_plot([1, 2], labels=["a"], title="t", xlabel="x", ylabel="y")
    assert str(err.value) == _LABELS_MISMATCH.format(n_labels=1, n_values=2)


@pytest.mark.parametrize("matrix, labels", [([[1, 2], [3, 4]], ["a"]),
                                            ([[1, 2, 3], [4, 5, 6]], ["a", "b"]),
                                            ([1, 2], ["a", "b"])])
def test_confusion_matrix_plot_needs_a_square_matrix_with_a_label_per_row(matrix, labels):
    with pytest.raises(ValueError) as err:
        plotting.confusion_matrix_plot(matrix, labels=labels, title="t")
    assert str(err.value) == _NOT_SQUARE.format(shape=np.shape(matrix), count=len(labels))


def test_explanation_figures_need_their_tables():
    with pytest.raises(ValueError) as err:
        plotting.partial_dependence_plot(pd.DataFrame({"hours": [1, 2]}))
    assert str(err.value) == _NOT_A_TABLE.format(what="partial_dependence_table",
                                                 columns=["average"])
    three = pd.DataFrame({"a": [1], "b": [2], "c": [3], "average": [0.5]})
    with pytest.raises(ValueError) as err:
        plotting.partial_dependence_plot(three)
    assert str(err.value) == _BAD_FEATURE_COLUMNS.format(count=3)
    for table in (pd.DataFrame({"curve_0": [0.1, 0.2]}), None):
        with pytest.raises(ValueError) as err:
            plotting.ice_plot(table)
        assert str(err.value) == _NOT_AN_ICE_TABLE

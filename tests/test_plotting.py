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
from responsible_ml.plotting._explain import _NOT_A_TABLE  # noqa: E402
from responsible_ml.plotting._explain_ice import _NOT_AN_ICE_TABLE  # noqa: E402
from responsible_ml.plotting._style import _NO_LABELS  # noqa: E402

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
    rgb = [_rgb255(c) for c in plotting._style.PALETTE]
    assert len(rgb) == len(set(rgb)) == 8
    assert set(rgb) == set(OKABE_ITO_RGB.values())
    assert rgb[:3] == [OKABE_ITO_RGB[k] for k in ("blue", "orange", "bluish green")]
    assert _rgb255(plotting._style.GOOD) == OKABE_ITO_RGB["bluish green"]
    assert _rgb255(plotting._style.BAD) == OKABE_ITO_RGB["vermillion"]


def test_finish_requires_title_and_labels():
    ax = plotting._style.new_axes()
    for labels in ({"title": "", "xlabel": "x", "ylabel": "y"},
                   {"title": "t", "xlabel": None, "ylabel": "y"},
                   {"title": "t", "xlabel": "x", "ylabel": ""}):
        with pytest.raises(ValueError) as err:
            plotting.finish(ax, **labels)
        assert str(err.value) == _NO_LABELS
    plt.close(ax.figure)


@pytest.mark.parametrize("matrix, labels", [([[1, 2], [3, 4]], ["a"]),
                                            ([[1, 2, 3], [4, 5, 6]], ["a", "b"]),
                                            ([1, 2], ["a", "b"])])
def test_confusion_matrix_plot_needs_a_square_matrix_with_a_label_per_row(matrix, labels):
    with pytest.raises(ValueError) as err:
        plotting.confusion_matrix_plot(matrix, labels=labels, title="t")
    assert str(err.value) == _NOT_SQUARE.format(shape=np.shape(matrix), count=len(labels))


def test_explanation_figures_need_their_tables():
    with pytest.raises(ValueError) as err:
        plotting.contributions_plot(pd.DataFrame({"feature": ["a"]}))
    assert str(err.value) == _NOT_A_TABLE.format(what="local_contributions",
                                                 columns=["feature", "contribution"])
    for table in (pd.DataFrame({"curve_0": [0.1, 0.2]}), None):
        with pytest.raises(ValueError) as err:
            plotting.ice_plot(table)
        assert str(err.value) == _NOT_AN_ICE_TABLE


def test_every_lesson_figure_says_in_text_what_it_shows(repo):
    """A figure's plain-text output is its text alternative (issue 29): what it shows, never
    ``<Figure size …>`` (use_style() installs the description; `make lessons` stores it)."""
    import json

    bare = []
    for path in sorted((repo / "lessons").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" in data and "application/vnd.jupyter.widget-view+json" not in data:
                    text = "".join(data.get("text/plain", ""))
                    if not text.startswith("Figure with ") or "Panel 1: " not in text:
                        bare.append(f"{path.name} cell {i}: {text[:60]!r}")
    assert not bare, bare


def test_the_description_names_title_axes_and_legend():
    from responsible_ml.plotting import finish
    from responsible_ml.plotting._style import _describe_figure, offscreen_axes

    axes = offscreen_axes(ncols=2)
    axes[0].plot([0, 1], [1, 0], label="group A")
    axes[0].plot([0, 1], [0, 1], label="group B")
    finish(axes[0], title="Rates", xlabel="threshold", ylabel="rate", legend=True)
    axes[1].set_visible(False)
    axes[0].figure.suptitle("Two groups")
    assert _describe_figure(axes[0].figure) == (
        "Figure with 1 panel: Two groups. Panel 1: Rates; x axis: threshold; y axis: rate; "
        "legend: group A, group B.")

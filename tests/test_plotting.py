"""The course figure style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from responsible_ml import plotting  # noqa: E402

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
    with pytest.raises(ValueError, match="required"):
        plotting.finish(ax, title="", xlabel="x", ylabel="y")
    plt.close(ax.figure)


def test_bar_by_group_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="same length"):
        plotting.bar_by_group_plot([1, 2], labels=["a"], title="t", xlabel="x", ylabel="y")

"""The course figure style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from responsible_ml import plotting  # noqa: E402


def test_palette_is_okabe_ito():
    assert plotting.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")


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

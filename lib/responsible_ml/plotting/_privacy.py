"""Figures for lesson 04 (privacy): linkage attacks, noise, surveys, budgets, private models."""

from __future__ import annotations

import math

import numpy as np

from ._style import BAD, GOOD, NEUTRAL, PALETTE, finish, new_axes

__all__ = [
    "linkage_plot",
    "update_linkage_plot",
    "noisy_answers_plot",
    "update_noisy_answers_plot",
    "survey_estimates_plot",
    "update_survey_estimates_plot",
    "privacy_utility_plot",
    "update_privacy_utility_plot",
    "membership_loss_plot",
]


def _linkage_parts(result):
    m = result.matches
    if result.n_correct is not None:
        parts = [("re-identified, right name", result.n_correct, BAD),
                 ("re-identified, wrong name", result.n_wrong, PALETTE[1])]
    else:
        parts = [("re-identified", result.n_reidentified, BAD)]
    return parts + [("several candidates", int((m["candidates"] > 1).sum()), PALETTE[0]),
                    ("not in directory", int((m["candidates"] == 0).sum()), NEUTRAL)]


def _linkage_xlabel(result) -> str:
    return f"share of released rows (joined on {' + '.join(result.quasi_identifiers)})"


def _update_hist(ax, values, bins: int) -> bool:
    """Move the bars of the axes' one histogram to a new sample (same number of bins)."""
    patches = ax.patches
    if len(patches) != bins:
        return False
    values = np.asarray(values, dtype=float)
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    width = edges[1] - edges[0]
    for patch, left, height in zip(patches, edges[:-1], counts, strict=True):
        patch.set_x(left)
        patch.set_width(width)
        patch.set_height(height)
    pad = 0.05 * (hi - lo)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(0, counts.max() * 1.05)
    return True


def linkage_plot(result, *, title: str = "What the attacker learns", ax=None):
    """One horizontal bar split into the outcomes of a linkage attack.

    Parameters
    ----------
    result : responsible_ml.privacy.LinkageResult
        With or without the truth (without it, correct and wrong are not told apart).
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    n = result.n_release
    parts = _linkage_parts(result)
    ax = new_axes(ax, figsize=(6.4, 2.8))
    left = 0.0
    for label, count, colour in parts:
        share = count / n
        ax.barh([0], [share], left=left, height=0.8, color=colour,
                label=f"{label}: {share:.1%}")
        left += share
    ax.set_yticks([])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, 2.0)  # the legend sits in the empty band above the bar
    ax.legend(loc="upper center", ncol=2, fontsize=9)
    return finish(ax, title=title, xlabel=_linkage_xlabel(result), ylabel="release")


def update_linkage_plot(ax, result) -> bool:
    """Update a :func:`linkage_plot` in place for a new result.

    Parameters
    ----------
    ax : matplotlib Axes
        Axes drawn by :func:`linkage_plot`.
    result : responsible_ml.privacy.LinkageResult
        The new attack's result (with the truth iff the drawn one had it).

    Returns
    -------
    bool
        True when redrawn; False (and nothing changed) when the figure has another number
        of parts: draw a new one.
    """
    parts = _linkage_parts(result)
    legend = ax.get_legend()
    if legend is None or len(ax.patches) != len(parts) or len(legend.get_texts()) != len(parts):
        return False
    left = 0.0
    for patch, text, (label, count, _) in zip(ax.patches, legend.get_texts(), parts,
                                              strict=True):
        share = count / result.n_release
        patch.set_x(left)
        patch.set_width(share)
        text.set_text(f"{label}: {share:.1%}")
        left += share
    ax.set_xlabel(_linkage_xlabel(result))
    return True


def noisy_answers_plot(answers, *, title: str = "What the Laplace mechanism releases",
                       xlabel: str = "released answer", bins: int = 60, ax=None):
    """Histogram of simulated private answers around the true one (±95 % error band).

    Parameters
    ----------
    answers : responsible_ml.privacy.NoisyAnswers
    title, xlabel : str
    bins : int
    ax : matplotlib Axes, optional
    """
    ax = new_axes(ax)
    ax.hist(answers.draws, bins=bins, color=PALETTE[0], alpha=0.8)
    ax.axvline(answers.true_value, color="black", linewidth=2, label="true answer")
    for sign in (-1, 1):
        ax.axvline(answers.true_value + sign * answers.error_95, color=BAD, linestyle="--",
                   linewidth=1, label="95 % of answers within" if sign < 0 else None)
    return finish(ax, title=title, xlabel=xlabel, ylabel="simulated releases", legend=True)


def update_noisy_answers_plot(ax, answers, *, xlabel: str | None = None,
                              bins: int = 60) -> bool:
    """Update a :func:`noisy_answers_plot` in place (histogram, true answer, error band).

    Parameters
    ----------
    ax : matplotlib Axes
        Axes drawn by :func:`noisy_answers_plot`.
    answers : responsible_ml.privacy.NoisyAnswers
        The new simulated answers.
    xlabel : str, optional
        New x label (unchanged when omitted).
    bins : int, default 60
        Number of bins; must be the one the figure was drawn with.

    Returns
    -------
    bool
        True when redrawn; False when the figure has other lines or bins: draw a new one.
    """
    if len(ax.lines) != 3 or not _update_hist(ax, answers.draws, bins):
        return False
    true_line, low, high = ax.lines
    true_line.set_xdata([answers.true_value] * 2)
    low.set_xdata([answers.true_value - answers.error_95] * 2)
    high.set_xdata([answers.true_value + answers.error_95] * 2)
    if xlabel:
        ax.set_xlabel(xlabel)
    return True


def survey_estimates_plot(surveys, true_rate: float, *, bins: int = 40,
                          title: str = "Estimates from many randomised-response surveys",
                          ax=None):
    """Histogram of the rate estimated in each simulated survey, with the true rate.

    Parameters
    ----------
    surveys : pandas.DataFrame
        From :func:`responsible_ml.privacy.simulate_surveys` (column ``estimate``).
    true_rate : float
    bins : int, default 40
        Number of histogram bins.
    title : str
        Figure title.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).
    """
    ax = new_axes(ax)
    ax.hist(surveys["estimate"], bins=bins, color=PALETTE[0], alpha=0.8)
    ax.axvline(true_rate, color="black", linewidth=2, label=f"true rate {true_rate:.0%}")
    ax.axvline(float(surveys["estimate"].mean()), color=GOOD, linestyle="--",
               label="average estimate")
    return finish(ax, title=title, xlabel="estimated rate", ylabel="surveys", legend=True)


def update_survey_estimates_plot(ax, surveys, true_rate: float, *, bins: int = 40) -> bool:
    """Update a :func:`survey_estimates_plot` in place (histogram, true and average rate).

    Parameters
    ----------
    ax : matplotlib Axes
        Axes drawn by :func:`survey_estimates_plot`.
    surveys : pandas.DataFrame
        From :func:`responsible_ml.privacy.simulate_surveys` (column ``estimate``).
    true_rate : float
        The rate the surveys estimate.
    bins : int, default 40
        Number of bins; must be the one the figure was drawn with.

    Returns
    -------
    bool
        True when redrawn; False when the figure has other lines or bins: draw a new one.
    """
    legend = ax.get_legend()
    if legend is None or len(ax.lines) != 2 or not _update_hist(ax, surveys["estimate"], bins):
        return False
    truth, average = ax.lines
    truth.set_xdata([true_rate] * 2)
    average.set_xdata([float(surveys["estimate"].mean())] * 2)
    legend.get_texts()[0].set_text(f"true rate {true_rate:.0%}")
    lo, hi = ax.get_xlim()
    ax.set_xlim(min(lo, true_rate - 0.02), max(hi, true_rate + 0.02))
    return True


def privacy_utility_plot(curve, *, highlight: float | None = None, reference: float | None = None,
                         title: str = "Privacy–utility trade-off", ax=None):
    """Test accuracy of the private model against ε (log axis), with the non-private line.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`responsible_ml.privacy.privacy_utility_curve`.
    highlight : float, optional
        An ε to mark (the widget's slider).
    reference : float, optional
        Another horizontal line, e.g. the accuracy of always predicting the majority.
    title : str
        Figure title.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).
    """
    ax = new_axes(ax)
    private = curve[curve["private"]].sort_values("epsilon")
    ax.fill_between(private["epsilon"], private["accuracy_min"], private["accuracy_max"],
                    color=PALETTE[0], alpha=0.2, label="range over private fits")
    ax.plot(private["epsilon"], private["accuracy"], "o-", color=PALETTE[0],
            label="private model (mean)")
    base = curve[~curve["private"]]
    if len(base):
        ax.axhline(float(base["accuracy"].iloc[0]), color="black", linestyle="--",
                   label="non-private model")
    if reference is not None:
        ax.axhline(reference, color=NEUTRAL, linestyle=":", label="always the majority")
    if highlight is not None and math.isfinite(highlight):
        row = _nearest(private, highlight)
        ax.plot([row["epsilon"]], [row["accuracy"]], "o", color=BAD, markersize=11,
                label=f"ε = {row['epsilon']:g}: {row['accuracy']:.1%}", gid="highlight")
    ax.set_xscale("log")
    return finish(ax, title=title, xlabel="ε (log scale; smaller = more private)",
                  ylabel="test accuracy", legend=True)


def _nearest(private, epsilon: float):
    eps = private["epsilon"].to_numpy(dtype=float)
    return private.iloc[int(np.argmin(np.abs(np.log(eps) - math.log(epsilon))))]


def update_privacy_utility_plot(ax, curve, highlight: float) -> bool:
    """Move the highlighted point of a :func:`privacy_utility_plot` to another ε.

    Parameters
    ----------
    ax : matplotlib Axes
        Axes drawn by :func:`privacy_utility_plot` with a ``highlight``.
    curve : pandas.DataFrame
        The curve that was drawn (from :func:`responsible_ml.privacy.privacy_utility_curve`).
    highlight : float
        The ε to mark; the nearest private ε on the curve (on a log scale) is marked.

    Returns
    -------
    bool
        True when moved; False when the figure has no highlighted point: draw a new one.
    """
    marks = [line for line in ax.lines if line.get_gid() == "highlight"]
    legend = ax.get_legend()
    if len(marks) != 1 or legend is None:
        return False
    row = _nearest(curve[curve["private"]], highlight)
    marks[0].set_data([row["epsilon"]], [row["accuracy"]])
    legend.get_texts()[-1].set_text(f"ε = {row['epsilon']:g}: {row['accuracy']:.1%}")
    return True


def membership_loss_plot(result, *, title: str, bins: int = 40, ax=None):
    """Histograms of the loss on members (training records) and non-members.

    Parameters
    ----------
    result : responsible_ml.privacy.MembershipResult
    title : str
    bins : int, default 40
        Number of histogram bins.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).
    """
    ax = new_axes(ax)
    top = float(np.quantile(np.r_[result.member_losses, result.nonmember_losses], 0.99))
    edges = np.linspace(0, max(top, 1e-3), bins + 1)
    ax.hist(np.clip(result.nonmember_losses, 0, top), bins=edges, color=PALETTE[1], alpha=0.6,
            label="not in training data")
    ax.hist(np.clip(result.member_losses, 0, top), bins=edges, color=PALETTE[0], alpha=0.6,
            label="in training data")
    ax.text(0.98, 0.6, f"attack advantage {result.advantage:.2f}\nAUC {result.auc:.2f}",
            transform=ax.transAxes, ha="right", fontsize=9)
    return finish(ax, title=title, xlabel="loss of the model on the record", ylabel="records",
                  legend=True)

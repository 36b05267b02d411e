"""Figures for lesson 04 (privacy): linkage attacks, noise, surveys, budgets, private models."""

from __future__ import annotations

import math

import numpy as np

from ._style import BAD, GOOD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import clear, first, keep, kept, tag, tagged

__all__ = [
    "privacy_utility_plot",
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


def _update_hist(ax, patches: list, values, bins: int) -> bool:
    """Move the bars of a histogram drawn on `ax` to a new sample (same number of bins)."""
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


def _drawn(ax, role: str) -> bool:
    """True when `ax` holds artists a figure function of this module named `role`; if they
    cannot be updated in place, the caller clears `ax` (see :func:`._tags.clear`)."""
    return ax is not None and bool(tagged(ax, role))


def linkage_plot(result, *, title: str = "What the attacker learns", ax=None):
    """One horizontal bar split into the outcomes of a linkage attack.

    Parameters
    ----------
    result : responsible_ml.privacy._reidentify.LinkageResult
        With or without the truth (without it, correct and wrong are not told apart).
    title : str
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before, with
        as many parts (the truth given or not, as then), are updated in place: the parts'
        extents, the legend's shares and the x label (a widget's redraw); otherwise they
        are cleared and drawn anew.

    Returns
    -------
    matplotlib Axes
    """
    n = result.n_release
    parts = _linkage_parts(result)
    if _drawn(ax, "linkage:part"):
        if _linkage_in_place(ax, result, parts, title):
            return ax
        clear(ax)
    ax = new_axes(ax, figsize=(6.4, 2.8))
    left = 0.0
    for label, count, colour in parts:
        share = count / n
        tag(ax.barh([0], [share], left=left, height=0.8, color=colour,
                    label=f"{label}: {share:.1%}")[0], "linkage:part")
        left += share
    ax.set_yticks([])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, 2.0)  # the legend sits in the empty band above the bar
    ax.legend(loc="upper center", ncol=2, fontsize=9)
    return finish(ax, title=title, xlabel=_linkage_xlabel(result), ylabel="release")


def _linkage_in_place(ax, result, parts, title: str) -> bool:
    bars, legend = tagged(ax, "linkage:part"), ax.get_legend()
    if legend is None or len(bars) != len(parts) or len(legend.get_texts()) != len(parts):
        return False
    left = 0.0
    for patch, text, (label, count, _) in zip(bars, legend.get_texts(), parts, strict=True):
        share = count / result.n_release
        patch.set_x(left)
        patch.set_width(share)
        text.set_text(f"{label}: {share:.1%}")
        left += share
    ax.set_xlabel(_linkage_xlabel(result))
    ax.set_title(title)
    return True


def noisy_answers_plot(answers, *, title: str = "What the Laplace mechanism releases",
                       xlabel: str = "released answer", bins: int = 60, ax=None):
    """Histogram of simulated private answers around the true one (±95 % error band).

    Parameters
    ----------
    answers : responsible_ml.privacy._dp.NoisyAnswers
    title, xlabel : str
    bins : int
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before with
        as many bins are updated in place: the bars move to the new sample, the lines to
        the new true answer and error band, the x range follows (a widget's redraw);
        otherwise they are cleared and drawn anew.
    """
    if _drawn(ax, "noisy:bin"):
        if _noisy_in_place(ax, answers, title=title, xlabel=xlabel, bins=bins):
            return ax
        clear(ax)
    ax = new_axes(ax)
    for patch in ax.hist(answers.draws, bins=bins, color=PALETTE[0], alpha=0.8)[2]:
        tag(patch, "noisy:bin")
    tag(ax.axvline(answers.true_value, color="black", linewidth=2, label="true answer"),
        "noisy:line")
    for sign in (-1, 1):
        tag(ax.axvline(answers.true_value + sign * answers.error_95, color=BAD, linestyle="--",
                       linewidth=1, label="95 % of answers within" if sign < 0 else None),
            "noisy:line")
    # Upper right: where "best" puts it for the lesson's queries at every ε (the histogram is
    # centred), without the search on every redraw (half of the ε explorer's redraw).
    return finish(ax, title=title, xlabel=xlabel, ylabel="simulated releases",
                  legend="upper right")


def _noisy_in_place(ax, answers, *, title: str, xlabel: str, bins: int) -> bool:
    lines = tagged(ax, "noisy:line")
    if len(lines) != 3 or not _update_hist(ax, tagged(ax, "noisy:bin"), answers.draws, bins):
        return False
    true_line, low, high = lines
    true_line.set_xdata([answers.true_value] * 2)
    low.set_xdata([answers.true_value - answers.error_95] * 2)
    high.set_xdata([answers.true_value + answers.error_95] * 2)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return True


def survey_estimates_plot(surveys, true_rate: float, *, bins: int = 40,
                          title: str = "Estimates from many randomised-response surveys",
                          ax=None):
    """Histogram of the rate estimated in each simulated survey, with the true rate.

    Parameters
    ----------
    surveys : pandas.DataFrame
        From :func:`responsible_ml.privacy._randomised_response.simulate_surveys` (column ``estimate``).
    true_rate : float
    bins : int, default 40
        Number of histogram bins.
    title : str
        Figure title.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before with
        as many bins are updated in place (bars, true and average rate, the legend's true
        rate, the x range); otherwise they are cleared and drawn anew.
    """
    if _drawn(ax, "survey:bin"):
        if _survey_in_place(ax, surveys, true_rate, bins=bins, title=title):
            return ax
        clear(ax)
    ax = new_axes(ax)
    for patch in ax.hist(surveys["estimate"], bins=bins, color=PALETTE[0], alpha=0.8)[2]:
        tag(patch, "survey:bin")
    tag(ax.axvline(true_rate, color="black", linewidth=2, label=f"true rate {true_rate:.0%}"),
        "survey:truth")
    tag(ax.axvline(float(surveys["estimate"].mean()), color=GOOD, linestyle="--",
                   label="average estimate"), "survey:average")
    return finish(ax, title=title, xlabel="estimated rate", ylabel="surveys", legend=True)


def _survey_in_place(ax, surveys, true_rate: float, *, bins: int, title: str) -> bool:
    legend = ax.get_legend()
    truth, average = first(ax, "survey:truth"), first(ax, "survey:average")
    if legend is None or truth is None or average is None or not _update_hist(
            ax, tagged(ax, "survey:bin"), surveys["estimate"], bins):
        return False
    truth.set_xdata([true_rate] * 2)
    average.set_xdata([float(surveys["estimate"].mean())] * 2)
    legend.get_texts()[0].set_text(f"true rate {true_rate:.0%}")
    lo, hi = ax.get_xlim()
    ax.set_xlim(min(lo, true_rate - 0.02), max(hi, true_rate + 0.02))
    ax.set_title(title)
    return True


def privacy_utility_plot(curve, *, highlight: float | None = None, reference: float | None = None,
                         title: str = "Privacy–utility trade-off", ax=None):
    """Test accuracy of the private model against ε (log axis), with the non-private line.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`responsible_ml.privacy.privacy_utility_curve`.
    highlight : float, optional
        An ε to mark (the widget's slider): the nearest private ε on the curve (on a log
        scale).
    reference : float, optional
        Another horizontal line, e.g. the accuracy of always predicting the majority.
    title : str
        Figure title.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted). Axes this function drew before for the
        same curve and reference, with a highlighted point, are updated in place: only the
        point and its legend entry move (a widget's slider); otherwise they are cleared and
        drawn anew.
    """
    if _drawn(ax, "utility:highlight"):
        if _utility_in_place(ax, curve, highlight, reference, title):
            return ax
        clear(ax)
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
        tag(ax.plot([row["epsilon"]], [row["accuracy"]], "o", color=BAD, markersize=11,
                    label=f"ε = {row['epsilon']:g}: {row['accuracy']:.1%}")[0],
            "utility:highlight")
    keep(ax, "utility", curve=_curve_key(curve), reference=reference)
    ax.set_xscale("log")
    return finish(ax, title=title, xlabel="ε (log scale; smaller = more private)",
                  ylabel="test accuracy", legend=True)


def _curve_key(curve) -> tuple:
    return tuple(map(tuple, curve[["epsilon", "accuracy"]].to_numpy(float).tolist()))


def _nearest(private, epsilon: float):
    eps = private["epsilon"].to_numpy(dtype=float)
    return private.iloc[int(np.argmin(np.abs(np.log(eps) - math.log(epsilon))))]


def _utility_in_place(ax, curve, highlight, reference, title: str) -> bool:
    marks, legend, facts = tagged(ax, "utility:highlight"), ax.get_legend(), kept(ax, "utility")
    if len(marks) != 1 or legend is None or facts is None or highlight is None or (
            not math.isfinite(highlight)) or facts["reference"] != reference or (
            facts["curve"] != _curve_key(curve)):
        return False
    row = _nearest(curve[curve["private"]], highlight)
    marks[0].set_data([row["epsilon"]], [row["accuracy"]])
    legend.get_texts()[-1].set_text(f"ε = {row['epsilon']:g}: {row['accuracy']:.1%}")
    ax.set_title(title)
    return True


def membership_loss_plot(result, *, title: str, bins: int = 40, ax=None):
    """Histograms of the loss on members (training records) and non-members.

    Parameters
    ----------
    result : responsible_ml.privacy._membership.MembershipResult
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

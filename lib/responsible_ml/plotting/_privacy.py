"""Figures for lesson 04 (privacy): linkage attacks, noise, surveys, budgets, private models."""

from __future__ import annotations

import math

import numpy as np

from ._style import BAD, GOOD, NEUTRAL, PALETTE, finish, new_axes

__all__ = [
    "linkage_plot",
    "noisy_answers_plot",
    "survey_estimates_plot",
    "budget_plot",
    "privacy_utility_plot",
    "membership_loss_plot",
]


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
    m = result.matches
    n = result.n_release
    parts = []
    if result.n_correct is not None:
        parts += [("re-identified, right name", result.n_correct, BAD),
                  ("re-identified, wrong name", result.n_wrong, PALETTE[1])]
    else:
        parts += [("re-identified", result.n_reidentified, BAD)]
    parts += [("several candidates", int((m["candidates"] > 1).sum()), PALETTE[0]),
              ("not in directory", int((m["candidates"] == 0).sum()), NEUTRAL)]
    ax = new_axes(ax, figsize=(6.4, 2.4))
    left = 0.0
    for label, count, colour in parts:
        share = count / n
        ax.barh([0], [share], left=left, color=colour, label=f"{label}: {share:.1%}")
        left += share
    ax.set_yticks([])
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2, fontsize=9)
    qi = " + ".join(result.quasi_identifiers)
    return finish(ax, title=title, xlabel=f"share of released rows (joined on {qi})",
                  ylabel="release")


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


def survey_estimates_plot(surveys, true_rate: float, *, bins: int = 40,
                          title: str = "Estimates from many randomised-response surveys",
                          ax=None):
    """Histogram of the rate estimated in each simulated survey, with the true rate.

    Parameters
    ----------
    surveys : pandas.DataFrame
        From :func:`responsible_ml.privacy.simulate_surveys` (column ``estimate``).
    true_rate : float
    """
    ax = new_axes(ax)
    ax.hist(surveys["estimate"], bins=bins, color=PALETTE[0], alpha=0.8)
    ax.axvline(true_rate, color="black", linewidth=2, label=f"true rate {true_rate:.0%}")
    ax.axvline(float(surveys["estimate"].mean()), color=GOOD, linestyle="--",
               label="average estimate")
    return finish(ax, title=title, xlabel="estimated rate", ylabel="surveys", legend=True)


def budget_plot(ledger, true_value: float, *, title: str = "Asking the same question again",
                ax=None):
    """Private answers, their running average and the budget line of :func:`repeated_queries`.

    Parameters
    ----------
    ledger : pandas.DataFrame
        From :func:`responsible_ml.privacy.repeated_queries`.
    true_value : float
        The non-private answer (drawn for comparison; a real analyst would not have it).
    """
    ax = new_axes(ax)
    answered = ledger[ledger["answered"]]
    refused = ledger[~ledger["answered"]]
    ax.plot(answered.index, answered["answer"], "o", color=PALETTE[0], label="private answer")
    ax.plot(ledger.index, ledger["average_so_far"], "-", color=GOOD,
            label="average of the answers")
    ax.axhline(true_value, color="black", linewidth=1, label="true answer")
    if len(refused):
        ax.axvspan(refused.index.min() - 0.5, ledger.index.max() + 0.5, color=NEUTRAL,
                   alpha=0.2, label="refused: budget spent")
    return finish(ax, title=title, xlabel="query number", ylabel="answer", legend=True)


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
        row = private.iloc[int(np.argmin(np.abs(np.log(private["epsilon"]) - math.log(highlight))))]
        ax.plot([row["epsilon"]], [row["accuracy"]], "o", color=BAD, markersize=11,
                label=f"ε = {row['epsilon']:g}: {row['accuracy']:.1%}")
    ax.set_xscale("log")
    return finish(ax, title=title, xlabel="ε (log scale; smaller = more private)",
                  ylabel="test accuracy", legend=True)


def membership_loss_plot(result, *, title: str, bins: int = 40, ax=None):
    """Histograms of the loss on members (training records) and non-members.

    Parameters
    ----------
    result : responsible_ml.privacy.MembershipResult
    title : str
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

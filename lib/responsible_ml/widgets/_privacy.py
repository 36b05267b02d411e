"""Widgets for lesson 04 (privacy): thin views over :mod:`responsible_ml.privacy`.

* :func:`linkage_attack_widget` — tick quasi-identifiers, see who is re-identified;
* :func:`epsilon_explorer` — move ε, see the spread of private answers and the budget spent;
* :func:`randomised_response_widget` — change the coins, see the estimates of many surveys;
* :func:`privacy_utility_widget` — move ε along a precomputed privacy–utility curve.

Nothing is trained or joined beyond what the control asks: the curve widget only re-draws.
Each widget gives :func:`interactive_view` its ``draw(result, fig)``: the figure is drawn
once and then updated in place.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np
import pandas as pd

from ..plotting import privacy_utility_plot
from ..plotting._privacy import linkage_plot, noisy_answers_plot, survey_estimates_plot
from ..plotting._style import offscreen_axes
from ..privacy import linkage_attack, noisy_answers, randomised_response_epsilon
from ..privacy._randomised_response import simulate_surveys
from ._view import interactive_view

__all__ = [
    "linkage_attack_widget",
    "epsilon_explorer",
    "randomised_response_widget",
    "privacy_utility_widget",
]

_NO_QUERIES = "queries must map a label to (true value, sensitivity), got {value!r}"


def add_birth_year(df: pd.DataFrame, birth_col: str = "birth_date") -> pd.DataFrame:
    """A copy of `df` with an extra ``birth_year`` column (a coarser quasi-identifier).

    Parameters
    ----------
    df : pandas.DataFrame
        A table with a date column.
    birth_col : str, default "birth_date"
        The column holding the birth dates (anything :func:`pandas.to_datetime` reads).

    Returns
    -------
    pandas.DataFrame
        A copy of `df` with ``birth_year`` (int64) added.

    Raises
    ------
    KeyError
        If `df` has no column `birth_col`.
    """
    return df.assign(birth_year=pd.to_datetime(df[birth_col]).dt.year.astype("int64"))


def _message_figure(text: str):
    ax = offscreen_axes(figsize=(6.4, 1.6))
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=11)
    return ax.figure


def linkage_attack_widget(release: pd.DataFrame, directory: pd.DataFrame, *,
                          truth: pd.Series | None = None,
                          id_col: str | None = None,
                          options: Sequence[str] = ("birth_date", "birth_year", "district",
                                                    "gender"),
                          ticked: Sequence[str] = ("birth_date", "district", "gender"),
                          show_rows: int = 5):
    """Tick quasi-identifiers → share of the release re-identified, with the matched rows.

    Parameters
    ----------
    release : pandas.DataFrame
        The table without names (needs the `options` columns; ``birth_year`` is derived from
        ``birth_date`` when absent).
    directory : pandas.DataFrame
        The attacker's table with ``name`` and the same columns.
    truth : pandas.Series, optional
        The real identity of each release row (to tell right from wrong re-identifications):
        ids with `id_col`, else names (see :func:`responsible_ml.privacy.linkage_attack`).
    id_col : str, optional
        Hidden identity column of `directory`, used only with `truth`.
    options : sequence of str
        The quasi-identifiers offered as tick boxes.
    ticked : sequence of str
        Ticked at the start.
    show_rows : int
        How many matched rows to list.

    Returns
    -------
    CourseView
    """
    if "birth_year" in options:
        release = release if "birth_year" in release else add_birth_year(release)
        directory = directory if "birth_year" in directory else add_birth_year(directory)
    controls = {col: w.Checkbox(value=col in ticked, description=col, indent=False)
                for col in options}

    def render(**values):
        qi = [col for col, on in values.items() if on]
        return (linkage_attack(release, directory, qi, truth=truth, id_col=id_col)
                if qi else None)

    def draw(result, fig=None):
        # A new figure, or the one drawn before: changed in place (a message stays).
        if result is None:
            return fig or _message_figure("Tick at least one quasi-identifier to join on.")
        return linkage_plot(result, ax=offscreen_axes(figsize=(6.4, 2.8)) if fig is None
                            else fig.axes[0]).figure

    def readout(result):
        if result is None:
            return None
        rows = result.matched_rows(release, limit=show_rows)
        text = (f"<b>{result.n_reidentified:,} of {result.n_release:,} "
                f"({result.share_reidentified:.1%})</b> released rows matched exactly one "
                f"directory entry")
        if result.n_correct is not None:
            text += f"; {result.n_correct:,} with the right name, {result.n_wrong:,} wrong"
        return text + "." + (rows.to_html(max_rows=show_rows) if len(rows) else "")

    return interactive_view(render, controls, draw=draw, readout=readout, figure_key=lambda r: r is None,
                            title="Linkage attack: join on what you tick")


def epsilon_explorer(queries: Mapping[str, tuple[float, float]], *, n_draws: int = 2000,
                     random_state: int = 0, total_budget: float = 1.0):
    """Slider for ε → distribution of private answers around the true one, error, budget.

    Parameters
    ----------
    queries : mapping of label to (true value, sensitivity)
        The questions offered (e.g. a count with sensitivity 1, a mean with (u - l) / n).
    n_draws : int
        Simulated releases per redraw.
    random_state : int, default 0
        Seed of the simulated releases (the same draws on every redraw).
    total_budget : float
        The budget the read-out compares the spending with.

    Returns
    -------
    CourseView
    """
    if not isinstance(queries, Mapping) or not queries:
        raise ValueError(_NO_QUERIES.format(value=queries))
    labels = list(queries)
    controls = {
        "query": w.Dropdown(options=labels, value=labels[0], description="query"),
        "epsilon": w.FloatLogSlider(value=1.0, base=10, min=-2, max=1, step=0.1,
                                    description="ε per answer", readout_format=".2f",
                                    continuous_update=False),
        "repeats": w.IntSlider(value=1, min=1, max=20, description="times asked",
                               continuous_update=False),
    }

    def render(query, epsilon, repeats):
        true_value, sensitivity = queries[query]
        return query, noisy_answers(true_value, sensitivity, epsilon, repeats=repeats,
                                    n_draws=n_draws, random_state=random_state)

    def draw(pair, fig=None):
        # A new figure, or the one drawn before: changed in place.
        query, res = pair
        return noisy_answers_plot(res, xlabel=f"released answer: {query}",
                                  ax=offscreen_axes() if fig is None else fig.axes[0]).figure

    return interactive_view(render, controls, draw=draw,
                            readout=lambda pair: epsilon_readout(pair[1], total_budget),
                            title="ε explorer")


def epsilon_readout(res, total_budget: float) -> str:
    """The ε explorer's read-out: noise scale, typical error, budget spent.

    Parameters
    ----------
    res : NoisyAnswers
        From :func:`responsible_ml.privacy.noisy_answers`.
    total_budget : float
        The privacy budget; a spent ε above it is flagged "over budget".

    Returns
    -------
    str
        HTML read-out.
    """
    over = res.budget_spent > total_budget
    return (f"true answer {res.true_value:,.2f} · noise scale b = {res.scale:.3g} · "
            f"typical error {res.mean_abs_error:.3g}, 95 % within ±{res.error_95:.3g} · "
            f"budget spent {res.budget_spent:.2f} of {total_budget:g}"
            + (" <b style='color:#D55E00'>(over budget)</b>" if over else ""))


def randomised_response_widget(*, true_rate: float = 0.3, n: int = 500, repeats: int = 1000,
                               random_state: int = 0):
    """Sliders for the coin and the survey size → spread of the estimated rate.

    Parameters
    ----------
    true_rate : float, default 0.3
        Initial true share of "yes" in the population (a slider).
    n : int, default 500
        Initial number of respondents of a survey (a slider).
    repeats : int, default 1000
        Surveys simulated per redraw (:func:`~responsible_ml.privacy._randomised_response.simulate_surveys`).
    random_state : int, default 0
        Seed of the simulated surveys (the same draws on every redraw).

    Returns
    -------
    CourseView
        Its figure: the estimated rates of the surveys around `true_rate`; its read-out:
        :func:`survey_readout`.
    """
    controls = {
        "p_truth": w.FloatSlider(value=0.5, min=0.1, max=1.0, step=0.05,
                                 description="P(truthful)", continuous_update=False),
        "n": w.IntSlider(value=n, min=50, max=5000, step=50, description="respondents",
                         continuous_update=False),
        "true_rate": w.FloatSlider(value=true_rate, min=0.0, max=1.0, step=0.05,
                                   description="true rate", continuous_update=False),
    }

    def render(p_truth, n, true_rate):
        surveys = simulate_surveys(true_rate, n, p_truth=p_truth, repeats=repeats,
                                   random_state=random_state)
        return p_truth, true_rate, surveys

    def draw(r, fig=None):
        # A new figure, or the one drawn before: changed in place.
        return survey_estimates_plot(r[2], r[1], ax=offscreen_axes() if fig is None
                                     else fig.axes[0]).figure

    return interactive_view(
        render, controls, draw=draw,
        readout=lambda r: survey_readout(r[2], r[1], r[0]), title="Randomised response")


def survey_readout(surveys, true_rate: float, p_truth: float) -> str:
    """The randomised-response read-out: average, spread, coverage and ε of one answer.

    Parameters
    ----------
    surveys : pandas.DataFrame
        From :func:`~responsible_ml.privacy._randomised_response.simulate_surveys` (``estimate`` and ``covered``).
    true_rate : float
        The true rate the surveys estimate.
    p_truth : float
        Probability of a truthful answer, in (0, 1] (gives ε of one answer).

    Returns
    -------
    str
        HTML read-out.

    Raises
    ------
    TypeError, ValueError
        If `p_truth` is not a number in (0, 1] (as
        :func:`responsible_ml.privacy.randomised_response_epsilon`).
    """
    eps = randomised_response_epsilon(p_truth)
    return (f"average estimate {surveys['estimate'].mean():.3f} (true {true_rate:.2f}) · "
            f"spread (SD) {surveys['estimate'].std():.3f} · 95 % intervals cover the truth in "
            f"{surveys['covered'].mean():.0%} of surveys · ε of one answer "
            + ("∞ (no deniability)" if np.isinf(eps) else f"{eps:.2f}"))


def privacy_utility_widget(curve: pd.DataFrame, *, reference: float | None = None):
    """Slider over the ε of a precomputed privacy–utility curve; the redraw only re-draws.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`responsible_ml.privacy.privacy_utility_curve` (computed once).
    reference : float, optional
        Accuracy of always predicting the majority.

    Returns
    -------
    CourseView
    """
    eps = sorted(float(e) for e in curve.loc[curve["private"], "epsilon"])
    controls = {"epsilon": w.SelectionSlider(options=eps, value=eps[len(eps) // 2],
                                             description="ε", continuous_update=False)}
    base = curve.loc[~curve["private"], "accuracy"]

    def readout(epsilon) -> str:
        row = curve[curve["private"] & (curve["epsilon"] == epsilon)].iloc[0]
        text = (f"ε = {epsilon:g}: accuracy {row['accuracy']:.1%} "
                f"(range {row['accuracy_min']:.1%}–{row['accuracy_max']:.1%})")
        if len(base):
            text += f" · non-private {float(base.iloc[0]):.1%}"
        return html.escape(text)

    def draw(eps, fig=None):
        # A new figure, or the one drawn before: only the highlighted point moves.
        return privacy_utility_plot(curve, highlight=eps, reference=reference,
                                    ax=offscreen_axes() if fig is None else fig.axes[0]).figure

    return interactive_view(
        lambda epsilon: epsilon, controls, draw=draw, readout=readout, title="Privacy–utility curve")

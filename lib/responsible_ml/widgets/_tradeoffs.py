"""Widgets for lesson 07: the trade-off explorer and the self-assessment.

Thin views: the explorer gets a precomputed candidate table (models trained and scored
once, before), computes the Pareto mask once, and on every slider move calls
:func:`responsible_ml.tradeoffs.explore_tradeoffs` and draws the result. The
self-assessment reads and writes ratings only through
:mod:`responsible_ml.tradeoffs` (a local JSON file, written only when *Save* is clicked).
"""

from __future__ import annotations

import html
import math

import ipywidgets as w
import numpy as np
import pandas as pd

from ..plotting import frontier_plot
from ..plotting._style import BAD, PALETTE, offscreen_axes
from ..tradeoffs import explore_tradeoffs, pareto_mask
from ..tradeoffs._self_assessment import load_ratings, record_ratings, self_assessment_summary
from . import _class
from ._view import interactive_view

__all__ = ["tradeoff_explorer", "self_assessment", "explorer_constraints"]

_NO_STATEMENTS = "statements must hold at least one statement"


def explorer_constraints(max_gap: float, min_accuracy: float | None = None,
                         max_epsilon: float = math.inf) -> dict:
    """The constraints the explorer's controls stand for.

    A missing minimum accuracy (None) and an infinite privacy budget are no constraint and are
    left out, so the read-out names only real constraints.

    Parameters
    ----------
    max_gap : float
        Largest acceptable fairness gap.
    min_accuracy : float, optional
        Smallest acceptable accuracy (None: no accuracy constraint).
    max_epsilon : float, default math.inf
        Largest acceptable privacy budget ε (infinite: no privacy constraint).

    Returns
    -------
    dict
        ``{"gap": ..., "accuracy": ..., "epsilon": ...}`` as floats, with only the real
        constraints.

    Raises
    ------
    TypeError, ValueError
        If a bound cannot be converted to a float.
    """
    constraints = {"gap": float(max_gap)}
    if min_accuracy is not None:
        constraints["accuracy"] = float(min_accuracy)
    if not math.isinf(max_epsilon):
        constraints["epsilon"] = float(max_epsilon)
    return constraints


def tradeoff_explorer(table: pd.DataFrame, *, max_gap: float = 0.1,
                      min_accuracy: float | None = None,
                      max_epsilon: float = math.inf, objective: str = "accuracy",
                      title: str = "Trade-off explorer"):
    """Constraints as sliders → the frontier with the chosen point highlighted.

    Parameters
    ----------
    table : pandas.DataFrame
        Candidates with columns ``accuracy``, ``gap``, ``epsilon`` (and ``candidate``), e.g.
        from :func:`responsible_ml.tradeoffs.evaluate_thresholds`; computed once, before.
    max_gap, min_accuracy, max_epsilon : float
        Initial constraints (ε must be one of the table's values or ``inf``). A minimum
        accuracy of None (or the slider at its lowest value) means no accuracy constraint.
    objective : str
        What to optimise among feasible candidates.
    title : str, default "Trade-off explorer"
        Title of the view.

    Returns
    -------
    CourseView
        ``.frontier`` holds the precomputed Pareto mask.
    """
    frontier = pareto_mask(table)
    eps_levels = sorted(set(table["epsilon"].astype(float)) | {math.inf})
    eps_options = [("∞ (no DP needed)" if math.isinf(e) else f"{e:g}", e)
                   for e in reversed(eps_levels)]
    gap_hi = float(np.ceil(table["gap"].max() * 100) / 100) or 0.01
    acc_lo = float(np.floor(table["accuracy"].min() * 100) / 100)
    acc_hi = float(np.ceil(table["accuracy"].max() * 100) / 100)
    style = {"description_width": "150px"}
    layout = w.Layout(width="460px")
    controls = {
        "max_gap": w.FloatSlider(value=min(max_gap, gap_hi), min=0.0, max=gap_hi, step=0.005,
                                 readout_format=".3f", description="max fairness gap",
                                 style=style, layout=layout, continuous_update=False),
        "min_accuracy": w.FloatSlider(value=acc_lo if min_accuracy is None
                                      else min(max(min_accuracy, acc_lo), acc_hi),
                                      min=acc_lo, max=acc_hi,
                                      step=0.005, readout_format=".3f",
                                      description="min accuracy", style=style, layout=layout,
                                      continuous_update=False),
        "max_epsilon": w.Dropdown(options=eps_options, value=float(max_epsilon),
                                  description="max privacy ε", style=style),
    }

    def render(max_gap, min_accuracy, max_epsilon):
        floor = None if min_accuracy <= acc_lo else min_accuracy
        constraints = explorer_constraints(max_gap, floor, max_epsilon)
        return constraints, explore_tradeoffs(table, constraints, objective=objective,
                                              frontier=frontier)

    def styles(pair) -> dict:
        constraints, result = pair
        return dict(frontier=result.frontier, feasible=result.feasible, chosen=result.chosen,
                    constraints=constraints)

    def draw(pair, fig=None):
        # A new figure, or the one drawn before: point styles, star and lines in place.
        return frontier_plot(table, title="Frontier and chosen operating point",
                             ax=offscreen_axes(figsize=(7.6, 4.0)) if fig is None
                             else fig.axes[0],
                             legend_outside=True, **styles(pair)).figure

    view = interactive_view(
        render, controls, draw=draw,
        readout=lambda pair: html.escape(pair[1].message), title=title)
    view.frontier = frontier
    view.result = lambda: view.last_result[1]
    return view


def ratings_html(ratings: dict, *, low: int = 2) -> str:
    """The self-assessment as HTML bars (1–5), low ratings in the warning colour.

    No figure: a row of styled bars is all a 1–5 rating needs, and it costs nothing to
    redraw.

    Parameters
    ----------
    ratings : dict of str to int
        Statement → rating 1–5, in display order.
    low : int, default 2
        Ratings at or below it are drawn in the warning colour.

    Returns
    -------
    str
        HTML: one bar per statement and a legend of the scale.
    """
    rows = []
    for statement, value in ratings.items():
        value = int(value)
        colour = BAD if value <= low else PALETTE[0]
        rows.append(
            "<div style='display:flex;align-items:center;gap:8px;margin:2px 0'>"
            f"<span style='flex:0 0 22em;overflow:hidden;text-overflow:ellipsis;"
            f"white-space:nowrap' title='{html.escape(statement, quote=True)}'>"
            f"{html.escape(statement)}</span>"
            "<span style='flex:0 0 15em;background:#eee;height:14px;position:relative'>"
            f"<span style='position:absolute;left:0;top:0;bottom:0;width:{value * 20}%;"
            f"background:{colour}'></span></span>"
            f"<span>{value} / 5</span></div>")
    return ("<div role='img' aria-label='self-assessment ratings, 1 = not yet, "
            "5 = confidently'>" + "".join(rows)
            + "<div style='color:#666;font-size:90%'>rating: 1 = not yet, 5 = confidently"
              "</div></div>")


def self_assessment(lesson: str, statements, *, path=None, initial: int = 3):
    """Rate the lesson's "I can …" statements 1–5 and keep them in a local file.

    Moving a slider only redraws the HTML bars (no figure); **Save** writes the ratings with
    :func:`responsible_ml.tradeoffs._self_assessment.record_ratings` (to `path`, by default
    ``~/.responsible_ml/self_assessment.json``) and shows the progress across lessons.
    Nothing leaves the computer, except on the course hub after opting in to the class
    view (:func:`share_with_class`): then the five ratings, under a pseudonym.

    Parameters
    ----------
    lesson : str
        Lesson slug, e.g. ``"07-trade-offs"``.
    statements : sequence of str
        The statements to rate.
    path : path-like, optional
        Where ratings are kept.
    initial : int
        Starting rating when the file has none for a statement.

    Returns
    -------
    CourseView
        With ``.save_button``, ``.status`` and ``.save()`` (what the button calls).
    """
    statements = [str(s) for s in statements]
    if not statements:
        raise ValueError(_NO_STATEMENTS)
    try:
        stored = load_ratings(path)["lessons"].get(lesson, {})
    except ValueError:
        stored = {}
    controls = {
        f"s{i}": w.IntSlider(value=int(stored.get(s, initial)), min=1, max=5,
                             description=f"{i + 1}.", continuous_update=False,
                             style={"description_width": "30px"})
        for i, s in enumerate(statements)
    }
    rows = [w.HTML(f"{i + 1}. {html.escape(s)}") for i, s in enumerate(statements)]

    status = w.HTML("<i>Ratings are kept only on this computer; click Save to keep them.</i>"
                    if _class.class_dir() is None else
                    "<i>Save keeps your ratings in your home folder on the hub, and shares them "
                    "with the class view (pseudonymous) only if the box below is ticked.</i>")
    button = w.Button(description="Save my ratings", button_style="primary")

    def render(**values):
        return None, ratings_html({s: values[f"s{i}"] for i, s in enumerate(statements)})

    view = interactive_view(render, controls, title=f"Self-assessment: {lesson}",
                            footer=[button, status, *_class.share_box()])

    def save(*_):
        ratings = {s: controls[f"s{i}"].value for i, s in enumerate(statements)}
        try:
            data = record_ratings(lesson, ratings, path)
        except (OSError, ValueError) as err:
            status.value = f"<b>Not saved:</b> {html.escape(str(err))}"
            return None
        summary = self_assessment_summary(data)
        lines = "".join(
            f"<li>{html.escape(str(k))}: mean {r['mean']:.1f}; revisit “"
            f"{html.escape(r['to_revisit'])}”</li>" for k, r in summary.iterrows())
        status.value = f"<b>Saved.</b> Your progress:<ul>{lines}</ul>"
        _class.leave_or_say(status, "ratings", lesson, {"ratings": ratings})
        return data

    button.on_click(save)
    view.children = (view.children[0], w.VBox(rows), *view.children[1:])
    view.save_button, view.status, view.save = button, status, save
    return view

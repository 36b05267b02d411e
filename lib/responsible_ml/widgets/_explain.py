"""Widgets for lesson 05: pick a person, see what pushed their decision and what would
change it. A thin view over :func:`responsible_ml.explain.explain_person`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from ..explain import explain_person
from ..plotting import contributions_plot
from ..plotting._style import offscreen_axes
from ._ahead import Ahead
from ._view import interactive_view

__all__ = ["counterfactual_explorer"]

_NO_PEOPLE = "people must be a non-empty DataFrame of the persons to choose from"


def _changes_html(cf) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(str(r['feature']))}</td><td>{r['from']}</td>"
        f"<td>{r['to']}</td></tr>"
        for r in cf.changes.to_dict("records")
    )
    return ("<table><tr><th>feature</th><th>now</th><th>would need to be</th></tr>"
            f"{rows}</table>")


def counterfactual_explorer(model: Any, X: pd.DataFrame, people: pd.DataFrame,
                            actionable: Mapping[str, Any], *, immutable: Iterable[str] = (),
                            label_col: str | None = None, threshold: float | None = None):
    """A widget: choose a person, see their feature pushes and their counterfactual.

    The model is trained before (it is passed in). Every person is explained ahead, in a
    background thread started when the widget is built (contributions and a
    counterfactual per limit: a few hundred predictions each), so choosing a person
    redraws one bar chart.

    Parameters
    ----------
    model : fitted classifier or Pipeline
    X : pandas.DataFrame
        Reference data (baselines and feature scales), in the model's input columns.
    people : pandas.DataFrame
        The persons to choose from (rows with at least the columns of `X`; e.g. the
        learners not offered a mentor). The dropdown shows ``people[label_col]`` when given,
        else the row index.
    actionable, immutable, threshold
        As in :func:`responsible_ml.explain.counterfactual`.
    label_col : str, optional
        Column of `people` used as the name in the dropdown (e.g. "learner_id").

    Returns
    -------
    CourseView
        Controls ``person`` (dropdown of row positions) and ``max_changes`` (1–3; disabled
        for a person whose counterfactual the limit cannot change, see
        :func:`changes_matter`). ``.data[i][m]`` is the explanation of person ``i`` with
        limit ``m`` (from :func:`responsible_ml.explain.explain_person`).
    """
    if not isinstance(people, pd.DataFrame) or len(people) == 0:
        raise ValueError(_NO_PEOPLE)
    immutable = list(immutable)
    # Drawn once: the rows a person's feature values are compared with (the same 200 rows
    # local_contributions would draw from X on every call).
    reference_rows = X.sample(200, random_state=0) if len(X) > 200 else X
    names = people[label_col].astype(str).tolist() if label_col else [str(i) for i in people.index]
    person = w.Dropdown(options=list(zip(names, range(len(people)), strict=True)), value=0,
                        description="person")
    changes = w.IntSlider(value=2, min=1, max=3, description="max changes",
                          continuous_update=False)

    most = changes.max

    def explain_limits(person: int) -> dict:
        # Every limit of one person. The search is exhaustive and prefers fewer changes,
        # so a limit at or above the number of changes the widest search found gives the
        # same counterfactual (see changes_matter): searched again only below it.
        def explain(max_changes: int):
            return explain_person(model, X, people.iloc[person], actionable,
                                  immutable=immutable, max_changes=max_changes,
                                  threshold=threshold, reference_rows=reference_rows)

        widest = explain(most)
        cf = widest.counterfactual
        return {m: widest if m == most or (cf is not None and len(cf.changes) <= m)
                else explain(m) for m in range(changes.min, most + 1)}

    # Every person is explained once, ahead, in a background thread started now: a first
    # choice of a person then costs a redraw (see _ahead). The first person is explained
    # here, so a model that is not fitted fails when the widget is built.
    explained = Ahead(explain_limits, range(len(people)))
    explained[0]

    def explain(person: int, max_changes: int):
        return explained[person][max_changes]

    def render(person: int, max_changes: int):
        return person, explain(person, max_changes)

    def enabled(values) -> dict:
        return {"max_changes": changes_matter(explain(values["person"], most))}

    def busy(values):
        # A person the thread has not explained yet: say so (and not drawn ahead in idle time).
        if explained.ready(values["person"]):
            return None
        return f"Explaining {names[values['person']]} (once)…"

    def draw(pair, fig=None):
        # A new figure, or the one drawn before: bars changed in place, one layout.
        person, result = pair
        return contributions_plot(
            result.contributions,
            ax=offscreen_axes(figsize=(6.0, 3.2)) if fig is None else fig.axes[0],
            fixed_layout=True, title=f"What pushed the decision for {names[person]}",
            xlabel="change in predicted probability vs. typical values").figure

    return interactive_view(render, {"person": person, "max_changes": changes}, draw=draw,
                            readout=lambda pair: person_readout(pair[1]),
                            enabled=enabled, data=explained, busy=busy,
                            title="Counterfactual explorer: what would need to change?")


def changes_matter(widest) -> bool:
    """Whether the "max changes" limit can change this person's counterfactual.

    `widest` is the explanation searched with the largest limit. The search is exhaustive
    and prefers fewer changes on ties, so when its counterfactual changes ``j`` features,
    every limit ``≥ j`` finds the same one: the limit matters only when ``j > 1`` (and not
    at all when no counterfactual exists within the bounds).

    Parameters
    ----------
    widest : PersonExplanation
        From :func:`responsible_ml.explain.explain_person` with the largest
        ``max_changes``.

    Returns
    -------
    bool
        True when its counterfactual changes more than one feature.
    """
    cf = widest.counterfactual
    return cf is not None and len(cf.changes) > 1


def person_readout(result) -> str:
    """The explorer's read-out: the summary and the table of changes (if any).

    Parameters
    ----------
    result : PersonExplanation
        From :func:`responsible_ml.explain.explain_person`.

    Returns
    -------
    str
        HTML: the escaped summary, then the table of changes when a counterfactual exists.
    """
    text = f"<p>{html.escape(result.summary)}</p>"
    if result.counterfactual is not None:
        text += _changes_html(result.counterfactual)
    return text

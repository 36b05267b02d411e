"""Widgets for lesson 05: pick a person, see what pushed their decision and what would
change it. A thin view over :func:`responsible_ml.explain.explain_person`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd

from ..explain import explain_person
from ..explain._common import check_fitted
from ..plotting import contributions_plot, update_contributions_plot
from ..plotting._style import _RC
from ._view import interactive_view

__all__ = ["counterfactual_explorer", "NO_PEOPLE"]

NO_PEOPLE = "people must be a non-empty DataFrame of the persons to choose from"


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
                            label: str | None = None, threshold: float | None = None):
    """A widget: choose a person, see their feature pushes and their counterfactual.

    The model is trained before (it is passed in); a redraw explains one person (a few
    hundred predictions) and draws one bar chart.

    Parameters
    ----------
    model : fitted classifier or Pipeline
    X : pandas.DataFrame
        Reference data (baselines and feature scales), in the model's input columns.
    people : pandas.DataFrame
        The persons to choose from (rows with at least the columns of `X`; e.g. the
        learners not offered a mentor). The dropdown shows ``people[label]`` when given,
        else the row index.
    actionable, immutable, threshold
        As in :func:`responsible_ml.explain.counterfactual`.
    label : str, optional
        Column of `people` used as the name in the dropdown (e.g. "learner_id").

    Returns
    -------
    CourseView
        Controls ``person`` (dropdown of row positions) and ``max_changes`` (1–3).
    """
    check_fitted(model)
    if not isinstance(people, pd.DataFrame) or len(people) == 0:
        raise ValueError(NO_PEOPLE)
    immutable = list(immutable)
    # Drawn once: the rows a person's feature values are compared with (the same 200 rows
    # local_contributions would draw from X on every call).
    reference_rows = X.sample(200, random_state=0) if len(X) > 200 else X
    names = people[label].astype(str).tolist() if label else [str(i) for i in people.index]
    person = w.Dropdown(options=list(zip(names, range(len(people)), strict=True)), value=0,
                        description="person")
    changes = w.IntSlider(value=2, min=1, max=3, description="max changes")

    drawn: dict = {}

    def render(person: int, max_changes: int):
        result = explain_person(model, X, people.iloc[person], actionable, immutable=immutable,
                                max_changes=max_changes, threshold=threshold,
                                reference_rows=reference_rows)
        title = f"What pushed the decision for {names[person]}"
        fig = drawn.get("figure")
        if fig is None or not update_contributions_plot(fig.axes[0], result.contributions,
                                                         title=title):
            # First draw: a new figure. Later: only bars, labels and the title change.
            with plt.rc_context(_RC):
                fig, ax = plt.subplots(figsize=(6.0, 3.2))
            contributions_plot(result.contributions, ax=ax, title=title,
                               xlabel="change in predicted probability vs. typical values")
            drawn["figure"] = fig
        text = f"<p>{html.escape(result.summary)}</p>"
        if result.counterfactual is not None:
            text += _changes_html(result.counterfactual)
        return fig, text

    return interactive_view(render, {"person": person, "max_changes": changes},
                            title="Counterfactual explorer: what would need to change?")

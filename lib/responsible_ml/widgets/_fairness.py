"""Widgets for the fairness lessons: the bias slicer and the threshold explorer.

Both are thin views: scores are computed once when the widget is built (a model per
dataset, trained the first time that dataset is chosen), and a redraw calls
:func:`responsible_ml.fairness.slice_bias` / :func:`~responsible_ml.fairness.threshold_by_group`
and draws the result.
"""

from __future__ import annotations

from contextlib import nullcontext

import ipywidgets as w
import numpy as np

from .._names import METRIC_LABELS, short_metric_label
from ..fairness import score_dataset, slice_bias, threshold_by_group
from ..fairness._engine import RATE_COLUMNS, encode_groups
from ..fairness._explorer import DATASETS, THRESHOLD_MODES, ScoredData
from ..plotting import rates_by_group_plot
from ..plotting._fairness import metric_by_group_plot
from ..plotting._style import fixed_layout, offscreen_axes
from ._ahead import Ahead
from ._view import interactive_view

__all__ = ["bias_slicer", "threshold_explorer"]

_UNKNOWN_MODE = "mode must be one of {modes}, got {mode!r}"
#: Column heads of the read-out tables (constants: a redraw looks them up, no call).
_HEADS = {m: short_metric_label(m) for m in RATE_COLUMNS}


def _margins(table) -> dict:
    """Fixed margins for a by-group bar chart (no tight layout on a widget's first visit):
    room below for the group names, rotated when there are more than four."""
    longest = max((len(str(g)) for g in table.index), default=1)
    if len(table) <= 4:
        return {"left": 0.09, "right": 0.98, "top": 0.9, "bottom": 0.16}
    # Rotated names hang left of their bar: room for the first one too.
    return {"left": max(0.09, min(0.3, 0.0075 * longest)), "right": 0.98, "top": 0.9,
            "bottom": min(0.45, 0.16 + 0.012 * longest)}


def slicer_readout(result, data: ScoredData) -> str:
    """HTML read-out under the bias slicer's chart: gap, ratio, four-fifths, small groups.

    Parameters
    ----------
    result : SliceResult
        From :func:`responsible_ml.fairness.slice_bias`.
    data : ScoredData
        The dataset sliced (its name, score source and label meaning are shown).

    Returns
    -------
    str
        HTML: a summary paragraph and the table of the metric by group.
    """
    name = METRIC_LABELS[result.metric]
    parts = [f"<b>{data.name}</b> — {name}, decision: score ≥ {result.threshold:.2f} "
             f"({data.score_source}); label 1 = {data.label_meaning}. "
             f"Everyone: {result.overall:.3f}."]
    if result.gap is None:
        parts.append("Fewer than two groups have a value: no gap to report.")
    else:
        g = result.gap
        text = (f"Gap (max − min) <b>{g.difference:.3f}</b> (95 % CI {g.low:.3f} to "
                f"{g.high:.3f}) between {g.max_group} "
                f"and {g.min_group}; ratio (min / max) <b>{g.ratio:.3f}</b>")
        if result.metric == "selection_rate":  # the rule is about selection rates
            text += " — " + ("passes" if g.passes_four_fifths else "fails")
            text += " the four-fifths rule"
        parts.append(text + ".")
    small = [str(i) for i, s in result.table["small"].items() if s]
    if small:
        parts.append("Too small to trust (hatched): " + ", ".join(small) + ".")
    return "<br>".join(parts) + _table_html(result.table, [result.metric])


def _table_html(table, metrics) -> str:
    """The numbers behind the bars, as a small HTML table (cheaper than text on the figure)."""
    head = "".join(f"<th>{_HEADS[m]}</th>" for m in metrics)
    rows = []
    for group, row in table.iterrows():
        cells = "".join("<td>n/a</td>" if row[m] != row[m] else f"<td>{row[m]:.3f}</td>"
                        for m in metrics)
        flag = " (small)" if row["small"] else ""
        rows.append(f"<tr><td>{group}{flag}</td><td>{int(row['count']):,}</td>{cells}</tr>")
    return (f"<table><tr><th>group</th><th>n</th>{head}</tr>" + "".join(rows) + "</table>")


def slicer_enabled(values: dict) -> dict:
    """Which bias-slicer controls have an effect: the threshold does not move a base rate.

    Parameters
    ----------
    values : dict
        Current control values, with at least ``"metric"``.

    Returns
    -------
    dict
        ``{"threshold": bool}``: False when the metric is ``"base_rate"``.
    """
    return {"threshold": values["metric"] != "base_rate"}


def bias_slicer(*, datasets: dict[str, ScoredData] | None = None, dataset: str = "case study",
                attribute: str | None = None, metric: str = "selection_rate",
                threshold: float = 0.5, min_group_size: int = 30):
    """Bias slicer: dataset, sensitive attribute(s), metric and threshold → metric by group.

    Parameters
    ----------
    datasets : dict of str to ScoredData, optional
        Precomputed data; by default each of :data:`~responsible_ml.fairness._explorer.DATASETS` is
        scored with :func:`~responsible_ml.fairness.score_dataset` once, in a background
        thread started when the widget is built (a dataset chosen before it is ready is
        scored then, with a progress note).
    dataset, attribute, metric, threshold : initial control values
    min_group_size : int
        Groups smaller than this are marked.

    Returns
    -------
    CourseView
        ``.data`` holds the scored datasets built so far.
    """
    names = list(datasets) if datasets else list(DATASETS)
    # Every dataset is scored once, ahead, in a background thread started now: a first
    # choice of a dataset then costs a redraw (see _ahead).
    cache = Ahead(score_dataset, [dataset, *names], given=datasets)
    get = cache.__getitem__

    first = get(dataset)
    attr = w.Dropdown(options=first.attributes, value=attribute or first.attributes[0],
                      description="attribute")
    controls = {
        "dataset": w.Dropdown(options=names, value=dataset, description="dataset"),
        "attribute": attr,
        "metric": w.Dropdown(options=[(METRIC_LABELS[m], m) for m in RATE_COLUMNS], value=metric,
                             description="metric"),
        "threshold": w.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.05,
                                   description="threshold", continuous_update=False),
    }
    views: list = []

    def on_dataset(change) -> None:
        # Registered before the view's own observer: new options and value, one redraw.
        view = views[0]
        with view.hold():
            if change["new"] not in cache:
                view.progress(f"Scoring {change['new']} for the first time (a model is "
                              "trained once; a few seconds)…")
            options = get(change["new"]).attributes
            if list(attr.options) != options:
                attr.options = options

    controls["dataset"].observe(on_dataset, names="value")

    def render(dataset: str, attribute: str, metric: str, threshold: float):
        data = get(dataset)
        if attribute not in data.attributes:
            attribute = data.attributes[0]
        return data, slice_bias(data, attribute, metric, threshold,
                                min_group_size=min_group_size)

    def draw(pair, fig=None):
        # A new figure, or the one drawn before for this key: changed in place.
        _, result = pair
        ax = offscreen_axes(figsize=(7.5, 3.8)) if fig is None else fig.axes[0]
        with fixed_layout(**_margins(result.table)):
            metric_by_group_plot(result.table, result.metric, gap=result.gap,
                                 overall=result.overall, labels=False, ax=ax)
        return ax.figure

    view = interactive_view(
        render, controls, draw=draw,
        readout=lambda pair: slicer_readout(pair[1], pair[0]),
        # One figure per dataset and attribute (other small groups, at a threshold of 0
        # or 1, are redrawn in place): moving back reuses its figure.
        figure_key=lambda pair: (pair[0].name, pair[1].table.index.name),
        # A dataset not scored yet is not drawn ahead in idle time (the thread scores it).
        busy=lambda values: None if cache.ready(values["dataset"]) else "Scoring…",
        enabled=slicer_enabled, title="Bias slicer", data=cache)
    views.append(view)
    return view


_MODE_NOTE = {
    THRESHOLD_MODES[0]: "One threshold for all groups (the group sliders are off).",
    THRESHOLD_MODES[1]: "One threshold per group: move a group's slider to change only its "
                        "threshold (the common slider is off).",
}


def explorer_readout(result, mode: str | None = None) -> str:
    """HTML read-out under the threshold explorer: the mode, accuracy and TPR/FPR gaps.

    Switching to "one per group" starts every group slider at the common threshold, so the
    numbers do not move; the read-out's first line says which sliders now act.

    Parameters
    ----------
    result : ThresholdResult
        From :func:`responsible_ml.fairness.threshold_by_group`.
    mode : str, optional
        One of :data:`~responsible_ml.fairness._explorer.THRESHOLD_MODES`; adds the note on which
        sliders act (none for another value or None).

    Returns
    -------
    str
        HTML: the thresholds, accuracy, TPR and FPR gaps and the table by group.
    """
    thr = ", ".join(f"{g}: {t:.2f}" for g, t in result.thresholds.items())
    note = f"<i>{_MODE_NOTE[mode]}</i><br>" if mode in _MODE_NOTE else ""
    return (f"{note}Thresholds — {thr}. Overall accuracy <b>{result.accuracy:.3f}</b>; "
            f"TPR gap <b>{result.tpr_gap:.3f}</b>, FPR gap <b>{result.fpr_gap:.3f}</b>."
            + _table_html(result.table, ["tpr", "fpr"]))


def threshold_explorer(scores, y_true, *, sensitive_features, threshold: float = 0.5,
                       min_group_size: int = 30):
    """Threshold explorer: one threshold for all, or one per group → TPR/FPR and accuracy.

    Parameters
    ----------
    scores : array-like of float in [0, 1]
        Precomputed model scores (a redraw only re-thresholds them).
    y_true : array-like of 0/1
        True labels.
    sensitive_features : Series or array-like
        Groups (a handful: one slider per group).
    threshold : float, default 0.5
        Initial threshold of every slider.
    min_group_size : int, default 30
        Groups smaller than this are marked as too small to trust.

    Returns
    -------
    CourseView
    """
    # Validated once, here at the widget's boundary; a slider move takes the trusted arrays.
    groups = encode_groups(sensitive_features)
    threshold_by_group(scores, y_true, sensitive_features=groups, thresholds=threshold,
                       min_group_size=min_group_size)
    scores = np.asarray(scores, dtype=float)
    y_true = np.asarray(y_true).astype(np.int64)
    controls: dict[str, w.ValueWidget] = {
        "mode": w.ToggleButtons(options=list(THRESHOLD_MODES), value=THRESHOLD_MODES[0],
                                description="thresholds"),
        "common": w.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01,
                                description="all groups", continuous_update=False),
    }
    keys = {}
    for i, label in enumerate(groups.labels):
        key = f"group_{i}"
        keys[key] = label
        controls[key] = w.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01,
                                      description=label[:18], continuous_update=False)

    def render(mode: str, common: float, **per_group: float):
        thresholds = explorer_thresholds(mode, common, {keys[k]: v for k, v in
                                                        per_group.items()})
        return threshold_by_group(scores, y_true, sensitive_features=groups,
                                  thresholds=thresholds, min_group_size=min_group_size,
                                  check_input=False)

    def draw(result, fig=None):
        # A new figure, or the one drawn before: the same artists, changed in place (the
        # groups are fixed, so the layout matches; other small groups too).
        ax = offscreen_axes(figsize=(7, 3.6)) if fig is None else fig.axes[0]
        with fixed_layout(**_margins(result.table)) if fig is None else nullcontext():
            rates_by_group_plot(result.table, ("tpr", "fpr"), ax=ax,
                                title=_explorer_title(result), labels=False)
        return ax.figure

    views: list = []

    def on_mode(change) -> None:
        # Per-group sliders start where the common one is, so the figure does not jump.
        if change["new"] != THRESHOLD_MODES[1] or not views:
            return
        with views[0].hold():
            for key in keys:
                controls[key].value = controls["common"].value

    controls["mode"].observe(on_mode, names="value")
    view = interactive_view(render, controls, draw=draw,
                            readout=lambda result: explorer_readout(
                                result, mode=controls["mode"].value),
                            enabled=lambda values: explorer_enabled(values["mode"], keys),
                            title="Threshold explorer")
    views.append(view)
    return view


def _explorer_title(result) -> str:
    return f"TPR and FPR by group — accuracy {result.accuracy:.3f}"


def explorer_thresholds(mode: str, common: float, per_group: dict) -> float | dict:
    """The thresholds the explorer's controls stand for: the common one, or one per group.

    Parameters
    ----------
    mode : str
        One of :data:`~responsible_ml.fairness._explorer.THRESHOLD_MODES`.
    common : float
        The common slider's threshold.
    per_group : dict
        Group label → threshold of that group's slider.

    Returns
    -------
    float or dict
        `common` in "one for all" mode, else a copy of `per_group`.

    Raises
    ------
    ValueError
        If `mode` is not one of the threshold modes.
    """
    if mode not in THRESHOLD_MODES:
        raise ValueError(_UNKNOWN_MODE.format(modes=", ".join(map(repr, THRESHOLD_MODES)),
                                             mode=mode))
    return common if mode == THRESHOLD_MODES[0] else dict(per_group)


def explorer_enabled(mode: str, group_controls) -> dict:
    """Which explorer sliders act in `mode`: the common one, or the per-group ones.

    Parameters
    ----------
    mode : str
        One of :data:`~responsible_ml.fairness._explorer.THRESHOLD_MODES`.
    group_controls : iterable of str
        Keys of the per-group sliders.

    Returns
    -------
    dict
        Control key → whether it is enabled: ``"common"`` only in "one for all" mode, the
        per-group keys otherwise.
    """
    common = mode == THRESHOLD_MODES[0]
    return {"common": common, **{key: not common for key in group_controls}}

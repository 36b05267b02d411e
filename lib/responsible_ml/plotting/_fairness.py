"""Figures for the fairness lessons (02, 03): metrics by group, rates side by side,
learning curves and the accuracy–fairness trade-off of mitigations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._style import BAD, NEUTRAL, PALETTE, finish, new_axes

__all__ = [
    "metric_by_group_plot",
    "update_metric_by_group_plot",
    "rates_by_group_plot",
    "update_rates_by_group_plot",
    "learning_curve_plot",
    "tradeoff_plot",
]

_LABELS = {
    "base_rate": "base rate",
    "selection_rate": "selection rate",
    "accuracy": "accuracy",
    "tpr": "true positive rate",
    "fpr": "false positive rate",
    "fnr": "false negative rate",
    "precision": "precision",
}


def metric_by_group_plot(table, metric: str, *, gap=None,
                         overall: float | None = None, title: str | None = None,
                         labels: bool = True, ax=None):
    """Bars of one metric per group; small groups hatched in the warning colour.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`responsible_ml.fairness.metrics_by_group` (needs ``metric``, ``count``
        and ``small``).
    metric : str
        Column to draw.
    gap : GroupGap, optional
        From :func:`~responsible_ml.fairness.group_gap`; its difference and ratio go in the
        title.
    overall : float, optional
        Dashed line at the rate for everyone.
    title : str, optional
        Figure title (default: the metric's name).
    labels : bool, default True
        Write the value and group size on each bar (widgets turn this off and show the
        numbers in their read-out: text is most of a figure's drawing time).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = new_axes(ax)
    names = [str(i) for i in table.index]
    values = table[metric].astype(float).to_numpy()
    small = table["small"].to_numpy(dtype=bool) if "small" in table else np.zeros(len(names),
                                                                                   bool)
    heights = np.nan_to_num(values, nan=0.0)
    colours = [BAD if s else PALETTE[0] for s in small]
    bars = ax.bar(range(len(names)), heights, color=colours,
                  hatch=None, edgecolor="white")
    for bar, s in zip(bars, small, strict=True):
        if s:
            bar.set_hatch("//")
    counts = table["count"].to_numpy() if "count" in table else [None] * len(names)
    texts = []
    for i, (v, n) in enumerate(zip(values, counts, strict=True) if labels else ()):
        text = "n/a" if np.isnan(v) else f"{v:.2f}"
        if n is not None:
            text += f"\nn={int(n):,}"
        texts.append(ax.annotate(text, (i, 0 if np.isnan(v) else v), ha="center",
                                 va="bottom", fontsize=8))
    ax.set_xticks(range(len(names)), names, rotation=30 if len(names) > 4 else 0,
                  ha="right" if len(names) > 4 else "center", fontsize=8)
    line = None
    if overall is not None and not np.isnan(overall):
        line = ax.axhline(overall, color=NEUTRAL, linestyle="--", linewidth=1, label="everyone")
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    ax.set_ylim(0, max(1.0, top * 1.25) if metric != "base_rate" else max(0.1, top * 1.3))
    name = _LABELS.get(metric, metric)
    if title is None:
        title = _title(metric, gap)
    ax._rml_metric_bars = {"labels": names, "small": small.tolist(), "bars": list(bars),
                           "texts": texts, "line": line}
    if small.any():
        ax.bar([0], [0], color=BAD, hatch="//", label="small group (n < min size)")
    return finish(ax, title=title, xlabel=str(table.index.name or "group"), ylabel=name,
                  legend=bool(small.any() or overall is not None))


def _title(metric, gap):
    title = f"{_LABELS.get(metric, metric)} by group"
    if gap is not None:
        title += f" — gap {gap.difference:.2f}, ratio {gap.ratio:.2f}"
    return title


def update_metric_by_group_plot(ax, table, metric: str, *, gap=None,
                                overall: float | None = None) -> bool:
    """Redraw a :func:`metric_by_group_plot` in place (for widgets: no new figure, no layout).

    Only bar heights, value labels, the reference line, the title and the y label change.
    Returns False (and changes nothing) when the groups differ from those drawn, so the
    caller draws a new figure instead.
    """
    state = getattr(ax, "_rml_metric_bars", None)
    if state is None or state["labels"] != [str(i) for i in table.index] or (
            state["small"] != table["small"].tolist()) or (
            (overall is None) != (state["line"] is None)):
        return False
    values = table[metric].astype(float).to_numpy()
    texts = state["texts"] or [None] * len(values)
    for bar, text, v in zip(state["bars"], texts, values, strict=True):
        bar.set_height(0.0 if np.isnan(v) else v)
        if text is None:
            continue
        first, _, rest = text.get_text().partition("\n")
        text.set_text(("n/a" if np.isnan(v) else f"{v:.2f}") + ("\n" + rest if rest else ""))
        text.xy = (text.xy[0], 0.0 if np.isnan(v) else v)
    if state["line"] is not None:
        state["line"].set_ydata([overall, overall])
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    ax.set_ylim(0, max(1.0, top * 1.25) if metric != "base_rate" else max(0.1, top * 1.3))
    ax.set_title(_title(metric, gap))
    ax.set_ylabel(_LABELS.get(metric, metric))
    return True


def rates_by_group_plot(table, metrics: Sequence[str] = ("tpr", "fpr"), *,
                        title: str = "Error rates by group", labels: bool = True, ax=None):
    """Grouped bars: several rates (default TPR and FPR) side by side for every group.

    ``labels=False`` leaves the values off the bars (widgets show them in their read-out).
    """
    ax = new_axes(ax)
    names = [str(i) for i in table.index]
    x = np.arange(len(names))
    width = 0.8 / len(metrics)
    state = {"labels": names, "metrics": list(metrics), "bars": [], "texts": []}
    for k, metric in enumerate(metrics):
        values = table[metric].astype(float).to_numpy()
        pos = x - 0.4 + width * (k + 0.5)
        bars = ax.bar(pos, np.nan_to_num(values), width, color=PALETTE[k % len(PALETTE)],
                      label=_LABELS.get(metric, metric))
        state["bars"].append(list(bars))
        state["texts"].append([
            ax.annotate("n/a" if np.isnan(v) else f"{v:.2f}", (p, 0 if np.isnan(v) else v),
                        ha="center", va="bottom", fontsize=8)
            for p, v in zip(pos, values, strict=True)] if labels else [None] * len(names))
    ax._rml_rate_bars = state
    if "small" in table:
        names = [f"{lab} (small)" if s else lab for lab, s in zip(names, table["small"],
                                                                strict=True)]
    ax.set_xticks(x, names, fontsize=8, rotation=30 if len(names) > 4 else 0,
                  ha="right" if len(names) > 4 else "center")
    ax.set_ylim(0, 1.15)
    return finish(ax, title=title, xlabel=str(table.index.name or "group"), ylabel="rate",
                  legend=True)


def update_rates_by_group_plot(ax, table, *, title: str) -> bool:
    """Redraw a :func:`rates_by_group_plot` in place; False if the groups differ."""
    state = getattr(ax, "_rml_rate_bars", None)
    if state is None or state["labels"] != [str(i) for i in table.index]:
        return False
    for metric, bars, texts in zip(state["metrics"], state["bars"], state["texts"],
                                   strict=True):
        values = table[metric].astype(float).to_numpy()
        for bar, text, v in zip(bars, texts, values, strict=True):
            bar.set_height(0.0 if np.isnan(v) else v)
            if text is None:
                continue
            text.set_text("n/a" if np.isnan(v) else f"{v:.2f}")
            text.xy = (text.xy[0], 0.0 if np.isnan(v) else v)
    ax.set_title(title)
    return True


def learning_curve_plot(train_sizes, train_scores, test_scores, *,
                        title: str = "Learning curve", ylabel: str = "accuracy",
                        xlabel: str = "training examples", ax=None):
    """Training and validation score against training-set size (means ± one SD over folds).

    Parameters
    ----------
    train_sizes : array-like
        As returned by :func:`sklearn.model_selection.learning_curve` (or any x values, e.g.
        a model's depth for a validation curve — set ``xlabel``).
    train_scores, test_scores : array-like, shape (len(train_sizes), n_folds)
        Scores per fold.
    """
    ax = new_axes(ax)
    x = np.asarray(train_sizes)
    for scores, name, colour in ((train_scores, "training", PALETTE[0]),
                                 (test_scores, "validation", PALETTE[1])):
        s = np.asarray(scores, dtype=float)
        mean, sd = s.mean(axis=1), s.std(axis=1)
        ax.plot(x, mean, marker="o", color=colour, label=name)
        ax.fill_between(x, mean - sd, mean + sd, color=colour, alpha=0.2)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, legend=True)


def tradeoff_plot(summary, *, x: str = "accuracy", y: str = "tpr_gap",
                  title: str = "What each mitigation costs", xlabel: str = "accuracy",
                  ylabel: str = "TPR gap (max − min)", ax=None):
    """One labelled point per model: accuracy against a fairness gap (lower is fairer).

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per model (index = name) with columns `x` and `y`, e.g. built from
        :func:`responsible_ml.fairness.fairness_summary`.
    """
    ax = new_axes(ax)
    for k, (name, row) in enumerate(summary.iterrows()):
        ax.scatter(row[x], row[y], color=PALETTE[k % len(PALETTE)], s=50, zorder=3)
        # Alternate labels above and below so that neighbouring points stay readable.
        ax.annotate(str(name), (row[x], row[y]), textcoords="offset points",
                    xytext=(6, 5 if k % 2 == 0 else -13), fontsize=9)
    ax.margins(0.25)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)

"""Figures for the fairness lessons (02, 03): metrics by group, rates side by side,
learning curves and the accuracy–fairness trade-off of mitigations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._names import short_metric_label
from ._style import BAD, NEUTRAL, PALETTE, finish, new_axes
from ._tags import clear, first, keep, kept, tag, tagged

__all__ = [
    "rates_by_group_plot",
    "learning_curve_plot",
]



INTERVAL_LABEL = "95 % interval (Wilson)"


def _interval_segments(x, table, metric: str, cap: float) -> list | None:
    """Segments of an I-shaped interval per bar, from ``<metric>_low`` / ``<metric>_high``
    (the engine's Wilson intervals), or None when the table has none."""
    low_col, high_col = f"{metric}_low", f"{metric}_high"
    if low_col not in table or high_col not in table:
        return None
    segments = []
    for xi, lo, hi in zip(x, table[low_col].to_numpy(float), table[high_col].to_numpy(float),
                          strict=True):
        if np.isnan(lo) or np.isnan(hi):
            segments += [[(xi, np.nan), (xi, np.nan)]] * 3
            continue
        segments += [[(xi, lo), (xi, hi)], [(xi - cap, lo), (xi + cap, lo)],
                     [(xi - cap, hi), (xi + cap, hi)]]
    return segments


def _draw_intervals(ax, x, table, metric: str, cap: float, label: str | None):
    from matplotlib.collections import LineCollection

    segments = _interval_segments(x, table, metric, cap)
    if segments is None:
        return None
    lines = LineCollection(segments, colors="black", linewidths=1.1, zorder=3, label=label)
    ax.add_collection(lines, autolim=False)
    return lines


def _top(table, metric: str, values) -> float:
    high = f"{metric}_high"
    both = np.r_[values, table[high].to_numpy(float)] if high in table else values
    return np.nanmax(both) if np.isfinite(both).any() else 1.0


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
        Axes to draw on; a new figure when omitted. Axes this function drew before (a
        widget's redraw) are updated in place when they show the same groups, reference
        line, intervals and `labels`: bar heights, value labels, the reference line, the
        intervals, the y range, the title and the y label change (and, when other groups
        are small, their colours, hatches and the legend's "small group" entry). With
        another layout they are cleared and drawn anew.

    Returns
    -------
    matplotlib Axes
    """
    if ax is not None and tagged(ax, "metric:bar"):
        if _metric_in_place(ax, table, metric, gap=gap, overall=overall, title=title,
                            labels=labels):
            return ax
        clear(ax)
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
        tag(bar, "metric:bar")
        if s:
            bar.set_hatch("//")
    intervals = tag(_draw_intervals(ax, range(len(names)), table, metric, 0.12,
                                    INTERVAL_LABEL), "metric:intervals")
    counts = table["count"].to_numpy() if "count" in table else [None] * len(names)
    texts = []
    for i, (v, n) in enumerate(zip(values, counts, strict=True) if labels else ()):
        text = "n/a" if np.isnan(v) else f"{v:.2f}"
        if n is not None:
            text += f"\nn={int(n):,}"
        texts.append(tag(ax.annotate(text, (i, 0 if np.isnan(v) else v), ha="center",
                                     va="bottom", fontsize=8), "metric:text"))
    ax.set_xticks(range(len(names)), names, rotation=30 if len(names) > 4 else 0,
                  ha="right" if len(names) > 4 else "center", fontsize=8)
    line = None
    if overall is not None and not np.isnan(overall):
        line = tag(ax.axhline(overall, color=NEUTRAL, linestyle="--", linewidth=1,
                              label="everyone"), "metric:overall")
    ax.set_ylim(0, _ylim_top(metric, _top(table, metric, values)))
    name = short_metric_label(metric)
    if title is None:
        title = _title(metric, gap)
    keep(ax, "metric", labels=names, small=small.tolist(), line=line is not None,
         intervals=intervals is not None, texts=bool(texts))
    if small.any():
        _metric_small_key(ax)
    return finish(ax, title=title, xlabel=str(table.index.name or "group"), ylabel=name,
                  legend=bool(small.any() or overall is not None or intervals is not None))


def _metric_small_key(ax) -> None:
    """The legend's "small group" entry: an empty bar in the warning colour, hatched."""
    tag(ax.bar([0], [0], color=BAD, hatch="//",
               label="small group (too few people, positives or negatives)")[0],
        "metric:small")


def _ylim_top(metric: str, top: float) -> float:
    # Rates other than the base rate: the whole 0-1 scale (and room for the legend), so
    # the axis does not move with the threshold.
    return 1.15 if metric != "base_rate" else max(0.1, top * 1.3)


def _title(metric, gap):
    title = f"{short_metric_label(metric)} by group"
    if gap is not None:
        title += f" — gap {gap.difference:.2f}, ratio {gap.ratio:.2f}"
    return title


def _metric_in_place(ax, table, metric: str, *, gap, overall, title, labels) -> bool:
    """Put `table` into the :func:`metric_by_group_plot` drawn on `ax`; False (and nothing
    changed) when the groups, which of them are small, the overall line, the intervals or
    the value labels differ from those drawn."""
    state = kept(ax, "metric")
    if state is None or state["labels"] != [str(i) for i in table.index] or (
            (overall is None or np.isnan(overall)) == state["line"]) or (
            state["intervals"] == (f"{metric}_low" not in table)) or (
            state["texts"] != bool(labels and len(table))):
        return False
    small = table["small"].tolist() if "small" in table else [False] * len(table)
    if small != state["small"]:  # other small groups: colours, hatches, legend entry
        for bar, s in zip(tagged(ax, "metric:bar"), small, strict=True):
            bar.set_facecolor(BAD if s else PALETTE[0])
            bar.set_hatch("//" if s else None)
        key = tagged(ax, "metric:small")
        if bool(key) != any(small):
            xlim = ax.get_xlim()  # the legend's entry is no data
            for container in [c for c in ax.containers if set(c) & set(key)]:
                container.remove()
            if any(small):
                _metric_small_key(ax)
            if any(small) or overall is not None or state["intervals"]:
                ax.legend()
            elif ax.get_legend() is not None:
                ax.get_legend().remove()
            ax.set_xlim(xlim)
        state["small"] = small
    values = table[metric].astype(float).to_numpy()
    texts = tagged(ax, "metric:text") or [None] * len(values)
    line, intervals = first(ax, "metric:overall"), first(ax, "metric:intervals")
    for bar, text, v in zip(tagged(ax, "metric:bar"), texts, values, strict=True):
        bar.set_height(0.0 if np.isnan(v) else v)
        if text is None:
            continue
        _, _, rest = text.get_text().partition("\n")
        text.set_text(("n/a" if np.isnan(v) else f"{v:.2f}") + ("\n" + rest if rest else ""))
        text.xy = (text.xy[0], 0.0 if np.isnan(v) else v)
    if line is not None:
        line.set_ydata([overall, overall])
    if intervals is not None:
        intervals.set_segments(
            _interval_segments(range(len(values)), table, metric, 0.12))
    ax.set_ylim(0, _ylim_top(metric, _top(table, metric, values)))
    ax.set_title(_title(metric, gap) if title is None else title)
    ax.set_ylabel(short_metric_label(metric))
    return True


def rates_by_group_plot(table, metrics: Sequence[str] = ("tpr", "fpr"), *,
                        title: str = "Error rates by group", labels: bool = True, ax=None):
    """Grouped bars: several rates (default TPR and FPR) side by side for every group.

    Small groups' bars are hatched; ``<metric>_low`` / ``<metric>_high`` columns, when
    present, are drawn as intervals.

    Drawn again into an `ax` it drew before (a widget's redraw), it finds its artists by
    their gid and changes the bar heights, value labels, intervals and title in place (and,
    when other groups are small, the hatches, the group names and the legend's "small
    group" entry): no new figure, no new layout. That needs the same groups, metrics,
    intervals and `labels` as drawn; otherwise the axes is cleared and drawn anew. The
    in-place path calls nothing outside this module (one slider move of the threshold
    explorer touches four modules: ``tests/widgets/test_hot_path.py``).

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by group, from :func:`responsible_ml.fairness.metrics_by_group` (one column
        per name in ``metrics``; ``small`` optional).
    metrics : sequence of str, default ("tpr", "fpr")
        Columns to draw, one colour each.
    title : str
        Figure title.
    labels : bool, default True
        Write the values on the bars (widgets turn this off and show them in their
        read-out).
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure when omitted.

    Returns
    -------
    matplotlib Axes
    """
    names = [str(i) for i in table.index]
    small = (table["small"].to_numpy(dtype=bool) if "small" in table
             else np.zeros(len(names), bool))
    width = 0.8 / len(metrics)
    if ax is not None:
        drawn = _drawn_rates(ax)
        if drawn:
            if _rates_in_place(ax, drawn, table, list(metrics), names, small, width, title,
                               labels):
                return ax
            clear(ax)
    ax = new_axes(ax)
    x = np.arange(len(names))
    for k, metric in enumerate(metrics):
        values = table[metric].astype(float).to_numpy()
        pos = x - 0.4 + width * (k + 0.5)
        bars = ax.bar(pos, np.nan_to_num(values), width, color=PALETTE[k % len(PALETTE)],
                      label=short_metric_label(metric), edgecolor="white")
        for bar, s in zip(bars, small, strict=True):
            bar.set_gid(f"{_RATES}bar:{k}:{metric}")
            if s:  # a small group's rates: hatched, so they are not read as facts
                bar.set_hatch("//")
        lines = _draw_intervals(ax, pos, table, metric, width / 4,
                                INTERVAL_LABEL if k == 0 else None)
        if lines is not None:
            lines.set_gid(f"{_RATES}intervals:{k}")
        for p, v in zip(pos, values, strict=True) if labels else ():
            ax.annotate("n/a" if np.isnan(v) else f"{v:.2f}", (p, 0 if np.isnan(v) else v),
                        ha="center", va="bottom", fontsize=8).set_gid(f"{_RATES}text:{k}")
    if small.any():
        _small_key(ax)
    _group_ticks(ax, names, small)
    ax.set_ylim(0, 1.15)
    return finish(ax, title=title, xlabel=str(table.index.name or "group"), ylabel="rate",
                  legend=True)


def _small_key(ax) -> None:
    """The legend's "small group" entry: an empty hatched bar."""
    ax.bar([0], [0], color="white", edgecolor=NEUTRAL, hatch="//",
           label="small group (too few to trust)")[0].set_gid(f"{_RATES}small")


def _group_ticks(ax, names: list, small) -> None:
    shown = [f"{lab} (small)" if s else lab for lab, s in zip(names, small, strict=True)]
    ax.set_xticks(np.arange(len(names)), shown, fontsize=8,
                  rotation=30 if len(names) > 4 else 0,
                  ha="right" if len(names) > 4 else "center")


#: Prefix of the gids :func:`rates_by_group_plot` gives its artists (the ``rml:`` of
#: :mod:`._tags`), set and found here without a helper: the widget's hot path.
_RATES = "rml:rates:"


def _drawn_rates(ax) -> dict:
    """gid -> artists (in drawing order) that :func:`rates_by_group_plot` drew on `ax`."""
    found: dict = {}
    for artist in ax.get_children():
        gid = artist.get_gid()
        if gid is not None and gid.startswith(_RATES):
            found.setdefault(gid, []).append(artist)
    return found


def _rates_in_place(ax, drawn: dict, table, metrics: list, names: list, small, width: float,
                    title: str, labels: bool) -> bool:
    """Put `table` into the rates drawn on `ax`, if they have the same layout; else False
    (and nothing changed)."""
    bars = [drawn.get(f"{_RATES}bar:{k}:{m}", []) for k, m in enumerate(metrics)]
    texts = [drawn.get(f"{_RATES}text:{k}", []) for k in range(len(metrics))]
    lines = [drawn.get(f"{_RATES}intervals:{k}", [None])[0] for k in range(len(metrics))]
    n_bars = sum(len(b) for b in bars)
    if n_bars != len(names) * len(metrics) or n_bars != sum(
            len(v) for k, v in drawn.items() if k.startswith(f"{_RATES}bar:")) or any(
            len(t) != (len(names) if labels else 0) for t in texts) or any(
            (line is None) != (f"{m}_low" not in table) for line, m in zip(lines, metrics,
                                                                          strict=True)):
        return False
    was_small = [bar.get_hatch() == "//" for bar in bars[0]]
    if [t.get_text().removesuffix(" (small)") if s else t.get_text()
            for t, s in zip(ax.get_xticklabels(), was_small, strict=True)] != names:
        return False
    if was_small != small.tolist():  # other small groups: hatches, ticks, legend
        for b in bars:
            for bar, s in zip(b, small, strict=True):
                bar.set_hatch("//" if s else None)
        _group_ticks(ax, names, small)
        key = drawn.get(f"{_RATES}small", [])
        limits = ax.get_xlim(), ax.get_ylim()  # the legend's entry is no data
        if bool(key) != small.any():
            for container in [c for c in ax.containers if set(c) & set(key)]:
                container.remove()
            if small.any():
                _small_key(ax)
        ax.legend()  # built again: its keys copy the first bar of each rate (hatched or not)
        ax.set_xlim(limits[0])
        ax.set_ylim(limits[1])
    x = np.arange(len(names))
    for k, metric in enumerate(metrics):
        values = table[metric].astype(float).to_numpy()
        for bar, v in zip(bars[k], values, strict=True):
            bar.set_height(0.0 if np.isnan(v) else v)
        for text, v in zip(texts[k], values, strict=True) if labels else ():
            text.set_text("n/a" if np.isnan(v) else f"{v:.2f}")
            text.xy = (text.xy[0], 0.0 if np.isnan(v) else v)
        if lines[k] is not None:
            pos = x - 0.4 + width * (k + 0.5)
            lines[k].set_segments(_interval_segments(pos, table, metric, width / 4))
    ax.set_title(title)
    return True


def learning_curve_plot(train_sizes, train_scores, test_scores, *,
                        title: str = "Learning curve", ylabel: str = "accuracy",
                        xlabel: str = "training examples", ax=None):
    """Training and validation score against training-set size or another x (means ± one SD).

    Parameters
    ----------
    train_sizes : array-like
        As returned by :func:`sklearn.model_selection.learning_curve` (or any x values, e.g.
        a model's depth for a validation curve — set ``xlabel``).
    train_scores, test_scores : array-like, shape (len(train_sizes), n_folds)
        Scores per fold.
    title, xlabel, ylabel : str
        Figure title and axis labels.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure when omitted).
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



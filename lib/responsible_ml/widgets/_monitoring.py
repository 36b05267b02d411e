"""The drift-monitor widget of lesson 06: window size, alert levels, shift → timeline.

When the widget is built (and the first time a shift setting is chosen) the stream is
drawn, the launch model is trained on the first months and everything is counted per month
(:func:`responsible_ml.monitoring.monthly_stats`). A redraw only adds up monthly counts
(:func:`responsible_ml.monitoring.monitor`) and updates the lines of one figure.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as w

from ..monitoring import make_stream, monitor, monthly_stats, train_model
from ..monitoring._windows import MonitorResult
from ..plotting import monitor_timeline_plot
from ..plotting._style import offscreen_axes
from ._ahead import Ahead
from ._view import interactive_view

__all__ = ["drift_monitor", "SHIFT_OPTIONS", "monitor_stats"]

#: Choices of the shift switch: label → (shift size, kind).
SHIFT_OPTIONS = {
    "off": (0.0, "covariate"),
    "covariate (less study time, more mobile)": (1.0, "covariate"),
    "concept (quizzes stop predicting)": (2.0, "concept"),
    "prior (fewer completers)": (1.0, "prior"),
}


def monitor_stats(shift: str, *, n: int = 12000, random_state: int = 0, months: int = 24,
                  train_months: int = 6, shift_start: int = 12, target_tpr: float = 0.75):
    """Draw the stream for one shift option, train the launch model, count per month.

    Parameters
    ----------
    shift : str
        The shift option, a key of :data:`SHIFT_OPTIONS` (its size and kind).
    n : int, default 12000
        Learners over all months of the stream.
    random_state : int, default 0
        Seed of the stream (:func:`responsible_ml.monitoring.make_stream`).
    months : int, default 24
        Number of enrolment months.
    train_months : int, default 6
        The first months, on which the launch model is trained.
    shift_start : int, default 12
        First month of the shift.
    target_tpr : float, default 0.75
        The launch model's per-group thresholds give each group about this TPR on the
        training months (:func:`responsible_ml.monitoring.train_model`).

    Returns
    -------
    MonthlyStats
        The production months counted per month
        (:func:`responsible_ml.monitoring.monthly_stats`), ready for
        :func:`responsible_ml.monitoring.monitor` and :func:`drift_monitor`'s `stats`.
    """
    size, kind = SHIFT_OPTIONS[shift]
    stream = make_stream(n, random_state=random_state, months=months, train_months=train_months, shift=size,
                         shift_kind=kind, shift_start=shift_start)
    model = train_model(stream.frame, version="v1", months=(0, train_months - 1),
                        target_tpr=target_tpr)
    return monthly_stats(stream.production, model, stream.history)


def monitor_readout(result: MonitorResult) -> str:
    """HTML read-out under the timeline: the incident log in words.

    Parameters
    ----------
    result : MonitorResult
        From :func:`responsible_ml.monitoring.monitor`; its ``incidents`` table is read.

    Returns
    -------
    str
        HTML: one list item per incident (rule, first breach, firing, peak, resolution), or
        a sentence when no alert fired.
    """
    if result.incidents.empty:
        return "No alert fired: every measure stayed under its level (or breached only briefly)."
    items = []
    for _, inc in result.incidents.iterrows():
        end = ("still open" if inc["status"] == "open"
               else f"resolved in month {int(inc['resolved_month'])}")
        items.append(f"<li><b>{html.escape(inc['rule'])}</b>: first breach month "
                     f"{int(inc['first_breach_month'])}, fired month {int(inc['fired_month'])}"
                     f", peak {inc['peak']:.3f}, {end}</li>")
    return "Incident log:<ul>" + "".join(items) + "</ul>"


def drift_monitor(*, shift: str = "covariate (less study time, more mobile)", window: int = 1,
                  psi_threshold: float = 0.25, gap_limit: float = 0.1, persistence: int = 2,
                  n: int = 12000, random_state: int = 0, shift_start: int = 12,
                  stats: dict | None = None):
    """Drift monitor: window size, alert levels and the shift switch → timeline with alerts.

    Parameters
    ----------
    shift : str
        Initial shift option, a key of :data:`SHIFT_OPTIONS`.
    window : int
        Initial window size in months.
    psi_threshold, gap_limit : float
        Initial alert levels (largest feature PSI, TPR gap between groups).
    persistence : int
        Consecutive breaching windows before an alert fires.
    n : int, default 12000
        Size of the stream (24 months, the first 6 for training).
    random_state : int, default 0
        Seed of the stream (:func:`monitor_stats`).
    shift_start : int, default 12
        First month of the shift: the stream is drawn with it and the timeline marks it.
    stats : dict, optional
        Precomputed :class:`~responsible_ml.monitoring._windows.MonthlyStats` by shift option (for
        benchmarks), drawn with the same `shift_start`; the other options are computed
        once in a background thread started when the widget is built.

    Returns
    -------
    CourseView
        ``.stats`` holds the monthly counts computed so far; ``.last_result.result`` the
        last :class:`~responsible_ml.monitoring._windows.MonitorResult` (``.last_result`` is a
        :class:`MonitorView`: the control values with it).
    """
    # Every shift option's stream is drawn and counted once, ahead, in a background thread
    # started now: a first choice of a shift then costs a redraw (see _ahead).
    cache = Ahead(lambda option: monitor_stats(option, n=n, random_state=random_state,
                                               shift_start=shift_start),
                  [shift, *SHIFT_OPTIONS], given=stats)
    get = cache.__getitem__

    controls = {
        "shift": w.Dropdown(options=list(SHIFT_OPTIONS), value=shift, description="shift"),
        "window": w.IntSlider(value=window, min=1, max=6, description="window (months)",
                              continuous_update=False, style={"description_width": "initial"}),
        "psi_threshold": w.FloatSlider(value=psi_threshold, min=0.05, max=0.5, step=0.05,
                                       description="PSI alert", continuous_update=False),
        "gap_limit": w.FloatSlider(value=gap_limit, min=0.02, max=0.3, step=0.02,
                                   description="gap alert", continuous_update=False),
    }

    def render(shift: str, window: int, psi_threshold: float, gap_limit: float):
        stats_ = get(shift)
        result = monitor(stats_, window=window, psi_threshold=psi_threshold,
                         gap_limit=gap_limit, persistence=persistence)
        # Every production month on the time axis, whatever the window: a window size
        # seen for the first time then redraws only the lines, not the axes.
        span = (float(stats_.months.min()) - 1, float(stats_.months.max()) + 1)
        return MonitorView(shift, window, psi_threshold, gap_limit, result, span)

    def draw(r, fig=None):
        # A new figure, or the one drawn before: new data put into its artists.
        if fig is not None:
            axes = fig.axes[:3]
        else:
            # 9 in wide: the figure legend right of the panels fits inside the saved PNG.
            axes = offscreen_axes(figsize=(9.0, 6.2), nrows=3, sharex=True)
            axes[0].figure.subplots_adjust(left=0.09, right=0.73, top=0.9, bottom=0.09,
                                           hspace=0.4)
        monitor_timeline_plot(r.result.measures, r.result.alerts,
                              psi_threshold=r.psi_threshold, gap_limit=r.gap_limit,
                              score_psi_threshold=_score_psi_level(r.result),
                              shift_start=shift_start, title=_monitor_title(r),
                              axes=axes)
        axes[0].set_xlim(*r.span)
        return axes[0].figure

    def busy(values):
        if values["shift"] in cache:
            return None
        return (f"Simulating the stream with shift “{values['shift']}” and training the launch "
                "model (once; a few seconds)…")

    return interactive_view(render, controls, draw=draw,
                            readout=lambda r: monitor_readout(r.result), busy=busy,
                            title="Drift monitor", stats=cache)


@dataclass(frozen=True)
class MonitorView:
    """What the drift monitor draws: the control values and the monitor's result."""

    shift: str
    window: int
    psi_threshold: float
    gap_limit: float
    result: MonitorResult
    span: tuple[float, float] = (0.0, 1.0)  # x range of the timeline: every production month


def _score_psi_level(result: MonitorResult) -> float:
    """The score-PSI rule's level in `result` (drawn as its own dashed line)."""
    return next(rule.threshold for rule in result.rules if rule.column == "psi_score")


def _monitor_title(r: MonitorView) -> str:
    return f"Drift monitor — shift: {r.shift.split(' (')[0]}, window {r.window} month(s)"

"""Redraw time of the drift-monitor widget (lesson 06) on an Adult-size stream.

A redraw = what a control change runs: the view's ``redraw()`` — sum the monthly counts
into windows, PSI/TPR/alerts/incidents per window, update the lines of the figure, display
it. Monthly counts are precomputed when the widget is built (and the first time a shift
option is chosen), so they are not part of a redraw. Stream: the case study with 32,561
learners (the size of UCI Adult) over 24 months. The redraw includes the PNG the view
renders (bench_widgets times it inside the lessons' kernels).
Limit: p95 ≤ 100 ms.

    .venv/bin/python benchmarks/run.py monitoring
"""

from __future__ import annotations

import itertools
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from _timing import time_calls  # noqa: E402

from responsible_ml.widgets import SHIFT_OPTIONS, drift_monitor, monitor_stats  # noqa: E402

LIMIT_MS = 100.0
ROWS = 32_561


def run() -> list[dict]:
    options = list(SHIFT_OPTIONS)[:2]
    stats = {o: monitor_stats(o, n=ROWS) for o in options}
    view = drift_monitor(shift=options[1], stats=stats)
    windows = itertools.cycle([1, 2, 3, 4, 6, 5])
    levels = itertools.cycle([0.1, 0.15, 0.2, 0.25, 0.3])
    shifts = itertools.cycle(options)

    def change(name, values):
        def fn():
            view.controls[name].value = next(values)
        return fn

    rows = []
    for label, fn in (("window size", change("window", windows)),
                      ("PSI alert level", change("psi_threshold", levels)),
                      ("shift switch (cached)", change("shift", shifts))):
        for suffix, call, judged in (("redraw + PNG", fn, True),):
            t = time_calls(call, repeat=30, warmup=3)
            rows.append({"name": f"drift monitor, {label}: {suffix}", "rows": ROWS, **t,
                         "limit_ms": LIMIT_MS if judged else None,
                         "ok": (t["p95_ms"] <= LIMIT_MS) if judged else None})
    return rows

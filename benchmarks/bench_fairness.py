"""Redraw time of the fairness widgets (bias slicer, threshold explorer) on Adult-size data.

A redraw = what a control change runs: the view's ``redraw()`` (read controls, slice,
update the figure in place, render its PNG once and display it): the widget's whole work
outside a kernel (bench_widgets times it inside the lessons' kernels). Data: UCI Adult
scored out-of-fold (32,561 rows) and Adult stacked to 48,842 rows (the size of the full
UCI Adult train + test set). Limit: p95 ≤ 100 ms.

    .venv/bin/python benchmarks/run.py fairness
"""

from __future__ import annotations

import contextlib
import io
import itertools
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _timing import redraw_rows as _rows  # noqa: E402

from responsible_ml.fairness import score_dataset, scored_data  # noqa: E402
from responsible_ml.widgets import bias_slicer, threshold_explorer  # noqa: E402

LIMIT_MS = 100.0


def _stack(data, n: int):
    idx = np.resize(np.arange(len(data.y_true)), n)
    return scored_data(f"{data.name} ×{n / len(data.y_true):.1f}", data.y_true[idx],
                       data.scores[idx], sensitive_features=data.sensitive_features.iloc[idx].reset_index(drop=True),
                       label_meaning=data.label_meaning, score_source=data.score_source)




def _slicer_rows(name, data, attribute):
    view = bias_slicer(datasets={"Adult": data}, dataset="Adult", attribute=attribute,
                       metric="tpr")
    thresholds = itertools.cycle([0.3, 0.4, 0.5, 0.6])
    metrics = itertools.cycle(["tpr", "fpr", "selection_rate"])

    def change_threshold():
        view.controls["threshold"].value = next(thresholds)  # triggers one redraw

    def change_metric():
        view.controls["metric"].value = next(metrics)

    n = len(data.y_true)
    return (_rows(f"bias slicer, {name}, {attribute}, threshold", n, change_threshold, view)
            + _rows(f"bias slicer, {name}, {attribute}, metric", n, change_metric, view))


def _explorer_rows(name, data):
    view = threshold_explorer(data.scores, data.y_true, sensitive_features=data.sensitive_features["race"])
    values = itertools.cycle([0.3, 0.4, 0.5, 0.6])
    view.controls["mode"].value = "one per group"

    def change():
        view.controls["group_0"].value = next(values)

    return _rows(f"threshold explorer, {name}, race per group", len(data.y_true), change, view)


def run() -> list[dict]:
    with contextlib.redirect_stdout(io.StringIO()):  # Output widgets print outside a kernel
        return _run()


def _run() -> list[dict]:
    adult = score_dataset("Adult")
    big = _stack(adult, 48_842)
    rows = []
    for name, data in (("Adult 32,561", adult), ("Adult 48,842", big)):
        rows += _slicer_rows(name, data, "sex × race")
        rows += _explorer_rows(name, data)
    for row in rows:
        row.pop("max_ms", None)
    return rows


if __name__ == "__main__":
    print(pd.DataFrame(run()).to_string())

"""Redraw time of the trade-off explorer on candidates scored on Adult-size data.

Candidates: a logistic regression and two ε-differentially-private ones (diffprivlib,
ε = 1 and 3) on UCI Adult (32,561 rows; 70/30 split, sex as the sensitive attribute),
each at 41 thresholds × 5 mitigation strengths (615 candidates). Scoring, the candidate
table and the Pareto mask are computed once when the widget is built; a redraw = a slider
change: feasible mask, choice, in-place figure update, display. Limit: p95 ≤ 100 ms.
Also reported (not judged): the same redraw plus rendering the figure to PNG as the inline
backend does in a notebook.

    .venv/bin/python benchmarks/run.py tradeoffs
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import pathlib
import sys
import time
import warnings

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _timing import time_calls  # noqa: E402

LIMIT_MS = 100.0


def _candidates():
    from diffprivlib.models import LogisticRegression as DPLogisticRegression
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import MinMaxScaler

    from responsible_ml.data import load_adult
    from responsible_ml.tradeoffs import evaluate_thresholds

    adult = load_adult()
    num = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
    num = [c for c in num if c in adult.columns]
    X = MinMaxScaler().fit_transform(adult[num].to_numpy(float))
    y = adult["income_over_50k"].to_numpy()
    s = adult["sex"].astype(str).to_numpy()
    X_tr, X_te, y_tr, y_te, s_tr, s_te = train_test_split(X, y, s, test_size=0.3,
                                                          random_state=0, stratify=y)
    models = {"logreg": (LogisticRegression(max_iter=1000), math.inf)}
    for eps in (1.0, 3.0):
        models[f"dp-logreg ε={eps:g}"] = (
            DPLogisticRegression(epsilon=eps, data_norm=math.sqrt(len(num)), random_state=0),
            eps)
    tables = []
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # The private fits' known messages only (as privacy_utility_curve filters them).
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        warnings.filterwarnings("ignore", message=r"scipy\.optimize: The `disp` and `iprint`",
                                category=DeprecationWarning)
        for name, (model, eps) in models.items():
            scores = model.fit(X_tr, y_tr).predict_proba(X_te)[:, 1]
            tables.append(evaluate_thresholds(
                y_te, scores, sensitive_features=s_te, thresholds=np.linspace(0.1, 0.9, 41),
                mitigation=[0.0, 0.05, 0.1, 0.15, 0.2], mitigation_group="Female",
                epsilon=eps, model=name))
    return pd.concat(tables, ignore_index=True), len(adult)


def run() -> list[dict]:
    from responsible_ml.widgets import tradeoff_explorer

    start = time.perf_counter()
    table, n_rows = _candidates()
    with contextlib.redirect_stdout(io.StringIO()):
        view = tradeoff_explorer(table, max_gap=0.1)
    build_ms = (time.perf_counter() - start) * 1000
    gaps = itertools.cycle([0.02, 0.05, 0.1, 0.15, 0.2, 0.0])
    accs = itertools.cycle([0.7, 0.75, 0.8, 0.6])

    def change_gap():
        view.controls["max_gap"].value = next(gaps)

    def change_acc():
        view.controls["min_accuracy"].value = next(accs)

    rows = []
    for label, fn, judged in (("max gap slider: redraw + PNG", change_gap, True),
                              ("min accuracy slider: redraw + PNG", change_acc, True)):
        with contextlib.redirect_stdout(io.StringIO()):
            t = time_calls(fn, repeat=30, warmup=3)
        rows.append({"name": f"trade-off explorer, {label}", "rows": n_rows,
                     "candidates": len(table), **t,
                     "limit_ms": LIMIT_MS if judged else None,
                     "ok": (t["p95_ms"] <= LIMIT_MS) if judged else None})
    rows.append({"name": "trade-off explorer: build (3 models fitted, candidates, Pareto)",
                 "rows": n_rows, "candidates": len(table), "p50_ms": build_ms,
                 "p95_ms": build_ms, "limit_ms": None, "ok": None})
    return rows

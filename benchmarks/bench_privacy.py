"""Redraw time of the privacy widgets (lesson 04) on Adult-size data.

A redraw = what a control change runs: the view's ``redraw()`` (read controls, compute,
update the figure, render its PNG once, display it). Judged against the limit
(bench_widgets times the same inside the lessons' kernels).

* linkage attack: the case study generated at Adult size (32,561 learners) and its directory
  (≈ 20,500 rows); a tick box changes the quasi-identifiers, so the join is re-run;
* ε explorer: 2,000 simulated releases per redraw (× the number of times asked);
* randomised response: 1,000 simulated surveys per redraw;
* privacy–utility curve: precomputed accuracies; the redraw only re-draws.

Limit: p95 ≤ 100 ms.

    .venv/bin/python benchmarks/run.py privacy
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

from responsible_ml.data import make_case_study, make_directory  # noqa: E402
from responsible_ml.widgets import (  # noqa: E402
    epsilon_explorer,
    linkage_attack_widget,
    privacy_utility_widget,
    randomised_response_widget,
)

LIMIT_MS = 100.0
ADULT_ROWS = 32_561




def _cycle_setter(control, values):
    it = itertools.cycle(values)

    def change():
        control.value = next(it)

    return change


def _linkage_rows():
    people = make_case_study(ADULT_ROWS, random_state=0)
    directory = make_directory(people, random_state=0)
    view = linkage_attack_widget(people.drop(columns="name"), directory, truth=people["name"])
    box = view.controls["gender"]
    change = _cycle_setter(box, [False, True])
    return _rows("linkage attack, tick 'gender'", len(people), change, view)


def _explorer_rows():
    view = epsilon_explorer({"count": (1_234.0, 1.0), "mean quiz score": (61.2, 100 / 4000)})
    rows = _rows("ε explorer, ε slider", 2000, _cycle_setter(view.controls["epsilon"],
                                                             [0.1, 0.5, 1.0, 5.0]), view)
    view.controls["epsilon"].value = 1.0
    rows += _rows("ε explorer, times asked (up to 20)", 2000 * 20,
                  _cycle_setter(view.controls["repeats"], [20, 19]), view)
    return rows


def _rr_rows():
    view = randomised_response_widget()
    return _rows("randomised response, P(truthful)", 1000,
                 _cycle_setter(view.controls["p_truth"], [0.3, 0.5, 0.7, 0.9]), view)


def _curve_rows():
    eps = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0]
    acc = np.linspace(0.53, 0.70, len(eps))
    curve = pd.DataFrame({"epsilon": eps + [np.inf], "private": [True] * len(eps) + [False],
                          "accuracy": [*acc, 0.704], "accuracy_sd": 0.01,
                          "accuracy_min": [*(acc - 0.05), 0.704],
                          "accuracy_max": [*(acc + 0.03), 0.704]})
    view = privacy_utility_widget(curve, reference=0.556)
    return _rows("privacy–utility curve, ε slider", len(eps),
                 _cycle_setter(view.controls["epsilon"], [0.1, 1.0, 5.0]), view)


def run() -> list[dict]:
    with contextlib.redirect_stdout(io.StringIO()):  # Output widgets print outside a kernel
        rows = _linkage_rows() + _explorer_rows() + _rr_rows() + _curve_rows()
    for row in rows:
        row.pop("max_ms", None)
    return rows


if __name__ == "__main__":
    print(pd.DataFrame(run()).to_string())

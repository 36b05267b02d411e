"""Issue 31: one slider move of lesson 03's threshold explorer touches at most 4 modules.

The move is traced with :func:`sys.setprofile`: every Python function called while the
slider's value changes is attributed to the module whose globals it runs with, and the
modules of ``responsible_ml`` are counted. The four are

* ``widgets._fairness``: the widget (controls -> thresholds, read-out);
* ``fairness._engine``: the pure function on trusted arrays
  (``threshold_by_group(check_input=False)``: rates, intervals, gaps);
* ``plotting._fairness``: ``rates_by_group_plot`` drawn again into its axes (in place);
* ``widgets._view``: the view (``interactive_output`` callback, PNG render).
"""

from __future__ import annotations

import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from responsible_ml.fairness import threshold_by_group  # noqa: E402
from responsible_ml.fairness._engine import encode_groups  # noqa: E402
from responsible_ml.widgets import threshold_explorer  # noqa: E402

HOT_PATH = {"responsible_ml.widgets._fairness", "responsible_ml.fairness._engine",
            "responsible_ml.plotting._fairness", "responsible_ml.widgets._view"}


@pytest.fixture
def explorer(capsys):
    rng = np.random.default_rng(3)
    n = 3000
    groups = rng.choice(["Group A", "Group B", "Group C"], n, p=[0.5, 0.35, 0.15])
    y = rng.integers(0, 2, n)
    scores = np.clip(0.35 * y + 0.65 * rng.random(n), 0, 1)
    view = threshold_explorer(scores, y, sensitive_features=groups)
    return view, (scores, y, groups)


def _modules_of_a_move(control, value) -> tuple[set, int]:
    """Modules of responsible_ml run by ``control.value = value`` and the hops between them."""
    seen: set = set()
    path: list = []

    def profile(frame, event, _arg):
        if event == "call":
            module = frame.f_globals.get("__name__", "")
            if module.startswith("responsible_ml"):
                seen.add(module)
                if not path or path[-1] != module:
                    path.append(module)

    sys.setprofile(profile)
    try:
        control.value = value
    finally:
        sys.setprofile(None)
    return seen, len(path)


def test_a_move_of_the_common_slider_touches_four_modules(explorer):
    view, _ = explorer
    view.controls["common"].value = 0.6  # a first move: the figure is drawn already
    modules, hops = _modules_of_a_move(view.controls["common"], 0.55)
    assert view.error is None and view.redraws == 3
    assert modules == HOT_PATH, sorted(modules)
    assert len(modules) <= 4 and hops <= 12


def test_a_move_of_a_group_slider_touches_four_modules(explorer):
    view, _ = explorer
    view.controls["mode"].value = "one per group"
    modules, _ = _modules_of_a_move(view.controls["group_1"], 0.35)
    assert view.error is None
    assert modules == HOT_PATH, sorted(modules)


def test_the_trusted_path_gives_the_checked_numbers(explorer):
    view, (scores, y, groups) = explorer
    view.controls["mode"].value = "one per group"
    view.controls["group_1"].value = 0.35
    shown = view.last_result
    checked = threshold_by_group(scores, y, sensitive_features=groups,
                                 thresholds={"Group A": 0.5, "Group B": 0.35, "Group C": 0.5})
    assert shown.thresholds == checked.thresholds
    assert shown.table.equals(checked.table)
    assert (shown.accuracy, shown.tpr_gap, shown.fpr_gap) == (
        checked.accuracy, checked.tpr_gap, checked.fpr_gap)


def test_the_trusted_gap_is_nan_when_a_group_has_no_rate():
    codes = encode_groups(["a", "a", "b", "b"])
    s, t = np.array([0.9, 0.1, 0.8, 0.7]), np.array([1, 0, 1, 1], dtype=np.int64)
    fast = threshold_by_group(s, t, sensitive_features=codes, thresholds=0.5,
                              min_group_size=1, check_input=False)
    slow = threshold_by_group(s, t, sensitive_features=codes, thresholds=0.5, min_group_size=1)
    assert np.isnan(fast.fpr_gap) and np.isnan(slow.fpr_gap)
    assert fast.tpr_gap == slow.tpr_gap == 0.0

"""No dead control: every control of every course widget, in every mode, changes what is
drawn while it is enabled; a disabled control changes nothing.

A *mode* is a value of a discrete control (a dropdown or toggle with at most four options:
the explorer's "one for all / one per group", the slicer's dataset and metric, the drift
monitor's shift). For the starting state and every mode, each enabled control is moved
through a cycle of values (every option, a checkbox both ways, five slider positions); the
test fails when none of them changes the view's picture, read-out or the enabled state of
its controls. Switching to a mode must change the picture or the read-out. Each disabled
control is moved too, and must change nothing.

The widgets are built on small data (the logic is tested in each topic's tests).
"""

from __future__ import annotations

import hashlib
import math

import ipywidgets as w
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from responsible_ml import widgets as W  # noqa: E402
from responsible_ml.data import make_case_study, make_directory  # noqa: E402
from responsible_ml.fairness import scored_data  # noqa: E402

MAX_MODE_OPTIONS = 4


def cycle_values(control) -> list:
    """Values to move `control` through, ending on its current value."""
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.SelectionSlider)):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
    elif isinstance(control, w.Checkbox):
        values = [not control.value]
    elif isinstance(control, w.FloatLogSlider):
        values = [control.base ** (control.min + (control.max - control.min) * k / 4)
                  for k in range(5)]
    else:
        lo, hi, step = control.min, control.max, control.step
        values = sorted({min(hi, max(lo, round((lo + (hi - lo) * k / 4) / step) * step))
                         for k in range(5)})
    start = control.value
    return [v for v in values if v != start] + [start]


def fingerprint(view) -> tuple:
    png = hashlib.sha1(view.last_png).hexdigest() if view.last_png else None
    return png, view.last_text, tuple(c.disabled for c in view.controls.values())


def modes(view) -> list:
    found = [None]
    for name, control in view.controls.items():
        if isinstance(control, (w.Dropdown, w.ToggleButtons)) and \
                len(control.options) <= MAX_MODE_OPTIONS:
            found += [(name, o[1] if isinstance(o, tuple) else o) for o in control.options]
    return found


def walk(view) -> tuple[list[str], list[str], set[str]]:
    """Dead controls, disabled controls that changed something, controls seen enabled."""
    dead, leaky, seen = [], [], set()
    for mode in modes(view):
        saved = None
        if mode is not None:
            control = view.controls[mode[0]]
            if control.disabled or control.value == mode[1]:
                continue
            seen_before = fingerprint(view)[:2]
            saved, control.value = control.value, mode[1]
            # A mode switch must change what a trainee sees (picture or read-out), not only
            # which controls are enabled: the browser test reads only what is drawn.
            if fingerprint(view)[:2] == seen_before:
                dead.append(f"{mode[0]}={mode[1]!r} (switching to it)")
        where = "start" if mode is None else f"{mode[0]}={mode[1]!r}"
        for name, control in view.controls.items():
            if mode is not None and name == mode[0]:
                continue
            before = fingerprint(view)
            changed = False
            for value in cycle_values(control):
                control.value = value
                assert view.error is None, f"{name}={value!r} raised {view.error!r}"
                changed |= fingerprint(view) != before
            if control.disabled:
                if changed:
                    leaky.append(f"{name} ({where})")
            else:
                seen.add(name)
                if not changed:
                    dead.append(f"{name} ({where})")
        if saved is not None:
            view.controls[mode[0]].value = saved
    return dead, leaky, seen


# --------------------------------------------------------------------------- widgets
@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(0)
    n = 800
    groups = rng.choice(["a", "b", "c"], n, p=[0.6, 0.36, 0.04])
    y = rng.integers(0, 2, n)
    scores = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1).round(3)
    sens = pd.DataFrame({"grp": groups, "sex": rng.choice(["F", "M"], n)})
    return scores, y, groups, scored_data("toy", y, scores, sensitive_features=sens)


def _slicer(toy, tmp_path):
    scores, y, _, data = toy
    other = scored_data("other", y, scores[::-1].copy(),
                        sensitive_features=pd.DataFrame({"region": np.where(scores > 0.5, "N", "S")}))
    return W.bias_slicer(datasets={"toy": data, "other": other}, dataset="toy")


def _explorer(toy, tmp_path):
    scores, y, groups, _ = toy
    return W.threshold_explorer(scores, y, sensitive_features=groups)


def _linkage(toy, tmp_path):
    people = make_case_study(300, random_state=1)
    return W.linkage_attack_widget(people.drop(columns="name"), make_directory(people, random_state=1),
                                   truth=people["name"])


def _epsilon(toy, tmp_path):
    return W.epsilon_explorer({"count": (120.0, 1.0), "mean": (60.0, 0.25)}, n_draws=300)


def _survey(toy, tmp_path):
    return W.randomised_response_widget(n=200, repeats=100)


def _curve(toy, tmp_path):
    curve = pd.DataFrame({"epsilon": [0.1, 1.0, 10.0, np.inf],
                          "private": [True, True, True, False],
                          "accuracy": [0.5, 0.6, 0.68, 0.7], "accuracy_sd": [0.0] * 4,
                          "accuracy_min": [0.4, 0.55, 0.66, 0.7],
                          "accuracy_max": [0.6, 0.65, 0.7, 0.7]})
    return W.privacy_utility_widget(curve, reference=0.55)


def _counterfactual(toy, tmp_path):
    rng = np.random.default_rng(5)
    n = 300
    X = pd.DataFrame({"hours": rng.uniform(1, 15, n), "posts": rng.integers(0, 10, n),
                      "age": rng.integers(18, 60, n)})
    y = ((X["hours"] + 0.5 * X["posts"] + rng.normal(0, 2, n)) > 10).astype(int)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    # With hours capped at 9, the first needs hours and posts changed (the "max changes"
    # limit matters), the second hours only (the limit is disabled).
    refused = X[model.predict(X) == 0]
    people = refused.iloc[[0, 18]]
    return W.counterfactual_explorer(model, X, people, {"hours": (1.0, 9.0, 0.5),
                                                        "posts": (0, 9, 1)},
                                     immutable=["age"])


def _drift(toy, tmp_path):
    cov = "covariate (less study time, more mobile)"
    stats = {o: W.monitor_stats(o, n=2000) for o in W.SHIFT_OPTIONS}
    return W.drift_monitor(shift=cov, stats=stats, n=2000)


def _tradeoff(toy, tmp_path):
    table = pd.DataFrame({"candidate": list("abcdef"),
                          "accuracy": [0.70, 0.74, 0.78, 0.76, 0.72, 0.71],
                          "gap": [0.02, 0.06, 0.15, 0.06, 0.10, 0.01],
                          "epsilon": [1.0, 1.0, math.inf, math.inf, 3.0, 1.0]})
    return W.tradeoff_explorer(table, max_gap=0.06)


def _self_assessment(toy, tmp_path):
    return W.self_assessment("07-trade-offs", ["I can A", "I can B"], path=tmp_path / "r.json")


BUILDERS = {"bias slicer": _slicer, "threshold explorer": _explorer, "linkage": _linkage,
            "epsilon explorer": _epsilon, "randomised response": _survey,
            "privacy-utility": _curve, "counterfactual": _counterfactual, "drift": _drift,
            "trade-off explorer": _tradeoff, "self-assessment": _self_assessment}


def test_every_widget_factory_is_walked():
    """A new widget in responsible_ml.widgets must be added to BUILDERS."""
    factories = {"bias_slicer", "threshold_explorer", "linkage_attack_widget",
                 "epsilon_explorer", "randomised_response_widget", "privacy_utility_widget",
                 "counterfactual_explorer", "drift_monitor", "tradeoff_explorer",
                 "self_assessment"}
    public = {n for n in W.__all__ if n.endswith(("_widget", "_explorer", "_slicer",
                                                   "_monitor", "self_assessment"))}
    assert public == factories == {b.__name__ for b in ()} | factories
    assert len(BUILDERS) == len(factories)


@pytest.mark.parametrize("name", list(BUILDERS))
def test_no_dead_control(name, toy, tmp_path, capsys):
    view = BUILDERS[name](toy, tmp_path)
    # Debounced: a slider sends its value when released, not at every pixel of a drag.
    sliders = [n for n, c in view.controls.items() if hasattr(c, "continuous_update")]
    assert [n for n in sliders if view.controls[n].continuous_update] == []
    dead, leaky, seen = walk(view)
    assert dead == [], f"{name}: these controls change nothing while enabled: {dead}"
    assert leaky == [], f"{name}: these disabled controls change what is drawn: {leaky}"
    assert seen == set(view.controls), f"{name}: never enabled: {set(view.controls) - seen}"


def test_explorer_group_sliders_disabled_for_one_threshold(toy, capsys):
    view = _explorer(toy, None)
    groups = [k for k in view.controls if k.startswith("group_")]
    assert all(view.controls[k].disabled for k in groups)
    assert not view.controls["common"].disabled
    view.controls["mode"].value = "one per group"
    assert not any(view.controls[k].disabled for k in groups)
    assert view.controls["common"].disabled

"""Privacy figures and widgets: each draws, and changing a control changes the output."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from responsible_ml import plotting, privacy  # noqa: E402
from responsible_ml import widgets as W  # noqa: E402
from responsible_ml.data import make_case_study, make_directory  # noqa: E402
from responsible_ml.widgets._privacy import _NO_QUERIES  # noqa: E402


@pytest.fixture(scope="module")
def tables():
    people = make_case_study(400, random_state=2)
    return people.drop(columns="name"), make_directory(people, random_state=2), people["name"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax):
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel()


def test_figures_have_titles_and_labels(tables):
    release, directory, names = tables
    res = privacy.linkage_attack(release, directory, ["birth_date", "gender"], truth=names)
    axes = [
        plotting._privacy.linkage_plot(res),
        plotting._privacy.noisy_answers_plot(privacy.noisy_answers(10, 1, 1, n_draws=200)),
        plotting._privacy.survey_estimates_plot(privacy._randomised_response.simulate_surveys(0.3, 200, repeats=50), 0.3),
    ]
    curve = pd.DataFrame({"epsilon": [0.1, 1.0, np.inf], "private": [True, True, False],
                          "accuracy": [0.5, 0.6, 0.7], "accuracy_sd": [0.0] * 3,
                          "accuracy_min": [0.4, 0.55, 0.7], "accuracy_max": [0.6, 0.65, 0.7]})
    axes.append(plotting.privacy_utility_plot(curve, highlight=1.0, reference=0.55))
    from sklearn.tree import DecisionTreeClassifier

    X, y = np.random.default_rng(0).normal(size=(100, 2)), np.tile([0, 1], 50)
    tree = DecisionTreeClassifier(random_state=0).fit(X[:50], y[:50])
    mres = privacy.membership_inference(tree, X[:50], y[:50], X[50:], y[50:])
    axes.append(plotting.membership_loss_plot(mres, title="leak"))
    for ax in axes:
        assert all(_texts(ax)), _texts(ax)
    assert "re-identified, right name" in axes[0].get_legend().get_texts()[0].get_text()
    assert axes[3].get_xscale() == "log"  # the privacy-utility curve


def test_linkage_widget_changes_with_ticks(tables):
    release, directory, names = tables
    view = W.linkage_attack_widget(release, directory, truth=names)
    ax = view.last_figure.axes[0]
    assert set(view.controls) == {"birth_date", "birth_year", "district", "gender"}
    before = ax.patches[0].get_width()
    assert before > 0.4  # most listed people are unique on all three
    view.controls["birth_date"].value = False
    assert view.last_figure.axes[0].patches[0].get_width() < 0.05  # district + gender only
    assert "district + gender" in view.last_figure.axes[0].get_xlabel()
    view.controls["birth_year"].value = True
    label = view.last_figure.axes[0].get_xlabel()
    assert "birth_year" in label and "birth_date" not in label
    for c in view.controls.values():
        c.value = False
    assert "Tick at least one" in view.last_figure.axes[0].texts[0].get_text()
    view.controls["gender"].value = True  # back to a bar after the message
    assert view.last_figure.axes[0].get_xlabel().endswith("(joined on gender)")


def test_epsilon_explorer_responds(tables):
    view = W.epsilon_explorer({"count": (120.0, 1.0), "mean": (60.0, 0.25)})

    def width(fig):
        xs = [p.get_x() for p in fig.axes[0].patches]
        return max(xs) - min(xs)
    wide = width(view.last_figure)
    view.controls["epsilon"].value = 10.0
    assert width(view.last_figure) < wide / 5
    view.controls["query"].value = "mean"
    assert "mean" in view.last_figure.axes[0].get_xlabel()
    with pytest.raises(ValueError) as err:
        W.epsilon_explorer({})
    assert str(err.value) == _NO_QUERIES.format(value={})


def test_randomised_response_widget_responds():
    view = W.randomised_response_widget(n=200, repeats=200)

    def width(fig):
        xs = [p.get_x() for p in fig.axes[0].patches]
        return max(xs) - min(xs)
    noisy = width(view.last_figure)
    view.controls["p_truth"].value = 1.0
    assert width(view.last_figure) < noisy / 1.5  # honest answers: narrower spread
    view.controls["true_rate"].value = 0.8
    assert "80%" in view.last_figure.axes[0].get_legend().get_texts()[0].get_text()


def test_privacy_widgets_draw_with_random_state():
    def draws(**kw):
        return W.epsilon_explorer({"count": (120.0, 1.0)}, n_draws=300, **kw).last_result[1].draws

    def estimates(**kw):
        view = W.randomised_response_widget(n=200, repeats=100, **kw)
        return view.last_result[2]["estimate"].to_numpy()
    np.testing.assert_array_equal(draws(), draws(random_state=0))
    assert not np.array_equal(draws(), draws(random_state=1))
    np.testing.assert_array_equal(estimates(), estimates(random_state=0))
    assert not np.array_equal(estimates(), estimates(random_state=1))
    with pytest.raises(TypeError):
        W.randomised_response_widget(seed=1)


def test_privacy_utility_widget_only_redraws():
    curve = pd.DataFrame({"epsilon": [0.1, 1.0, 10.0, np.inf],
                          "private": [True, True, True, False],
                          "accuracy": [0.5, 0.6, 0.68, 0.7], "accuracy_sd": [0.0] * 4,
                          "accuracy_min": [0.4, 0.55, 0.66, 0.7],
                          "accuracy_max": [0.6, 0.65, 0.7, 0.7]})
    view = W.privacy_utility_widget(curve)
    assert list(view.controls["epsilon"].options) == [0.1, 1.0, 10.0]
    view.controls["epsilon"].value = 10.0
    labels = [t.get_text() for t in view.last_figure.axes[0].get_legend().get_texts()]
    assert any("ε = 10: 68.0%" in t for t in labels)

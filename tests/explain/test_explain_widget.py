"""The counterfactual explorer widget and the lesson-05 figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from responsible_ml.explain import (
    explain_person,
    local_contributions,
    proxy_scores,
)
from responsible_ml.explain._common import _NOT_FITTED as NOT_FITTED
from responsible_ml.plotting import (  # noqa: E402
    contributions_plot,
    proxy_plot,
)
from responsible_ml.widgets import counterfactual_explorer  # noqa: E402
from responsible_ml.widgets._explain import _NO_PEOPLE  # noqa: E402


@pytest.fixture(scope="module")
def setup():
    rng = np.random.default_rng(5)
    n = 400
    X = pd.DataFrame({"hours": rng.uniform(1, 15, n), "posts": rng.integers(0, 10, n),
                      "age": rng.integers(18, 60, n)})
    y = ((X["hours"] + 0.5 * X["posts"] + rng.normal(0, 2, n)) > 10).astype(int)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    people = X[model.predict(X) == 0].head(5).copy()
    people["learner_id"] = [f"L{i}" for i in range(5)]
    return X, y, model, people


def test_explain_person_with_and_without_counterfactual(setup):
    X, _, model, people = setup
    ok = explain_person(model, X, people.iloc[0], {"hours": (1.0, 30.0, 0.5)},
                        immutable=["age"])
    assert ok.counterfactual is not None and ok.summary.startswith("Change hours")
    assert ok.contributions["feature"].tolist()[0] in X.columns
    none = explain_person(model, X, people.iloc[0], {"posts": (0, 0, 1)})
    assert none.counterfactual is None and none.summary.startswith("no counterfactual")


def test_counterfactual_explorer_redraws_on_change(setup):
    X, _, model, people = setup
    view = counterfactual_explorer(model, X, people, {"hours": (1.0, 30.0, 0.5),
                                                      "posts": (0, 9, 1)},
                                   immutable=["age"], label_col="learner_id")
    first = view.last_figure
    assert first is not None and "L0" in first.axes[0].get_title()
    widths = [p.get_width() for p in first.axes[0].patches]
    view.controls["person"].value = 3
    assert "L3" in view.last_figure.axes[0].get_title()
    assert [p.get_width() for p in view.last_figure.axes[0].patches] != widths
    # the bars show the person's contributions, largest at the top
    expected = explain_person(model, X, people.iloc[3], {"hours": (1.0, 30.0, 0.5),
                                                         "posts": (0, 9, 1)},
                              immutable=["age"], reference_rows=X.sample(200, random_state=0)
                              if len(X) > 200 else X).contributions
    bars = {t.get_text(): p.get_width() for t, p in
            zip(view.last_figure.axes[0].get_yticklabels(), view.last_figure.axes[0].patches,
                strict=True)}
    for row in expected.to_dict("records"):
        assert bars[row["feature"]] == pytest.approx(row["contribution"])
    plt.close("all")


def test_counterfactual_explorer_explains_everyone_ahead_as_explain_person_does(setup, capsys):
    """Issue 31: persons are explained ahead (a first choice costs a redraw); a limit at or
    above the widest search's number of changes reuses that search: same numbers."""
    X, _, model, people = setup
    actionable = {"hours": (1.0, 9.0, 0.5), "posts": (0, 9, 1)}
    view = counterfactual_explorer(model, X, people, actionable, immutable=["age"])
    view.data.thread.join()
    assert all(view.data.ready(i) for i in range(len(people)))
    reference = X.sample(200, random_state=0)
    for i in range(len(people)):
        for m in (1, 2, 3):
            got = view.data[i][m]
            want = explain_person(model, X, people.iloc[i], actionable, immutable=["age"],
                                  max_changes=m, reference_rows=reference)
            assert got.summary == want.summary
            pd.testing.assert_frame_equal(got.contributions, want.contributions)
            assert (got.counterfactual is None) == (want.counterfactual is None)
            if want.counterfactual is not None:
                pd.testing.assert_frame_equal(got.counterfactual.changes,
                                              want.counterfactual.changes)


def test_counterfactual_explorer_bad_input(setup):
    X, _, model, people = setup
    with pytest.raises(ValueError) as err:
        counterfactual_explorer(model, X, people.iloc[:0], {"hours": (1, 9)})
    assert str(err.value) == _NO_PEOPLE
    with pytest.raises(ValueError) as err:
        counterfactual_explorer(LogisticRegression(), X, people, {"hours": (1, 9)})
    assert str(err.value) == NOT_FITTED.format(name="model")


def test_figures_have_titles_labels_and_highlight(setup):
    X, y, model, people = setup
    sens = np.where(X["posts"] > 4, "a", "b")
    ax = proxy_plot(proxy_scores(X, sens, cv=3))
    assert len(ax.patches) == 3 and ax.get_xlabel().startswith("ROC AUC")
    assert all(bar.get_x() == pytest.approx(0.5) for bar in ax.patches)  # drawn from AUC 0.5
    ax = contributions_plot(local_contributions(model, X, people.iloc[0]), top=2)
    assert len(ax.patches) == 2
    # all bars into the axes of two: cleared and drawn anew
    assert len(contributions_plot(local_contributions(model, X, people.iloc[1]),
                                  ax=ax).patches) == 3
    full = contributions_plot(local_contributions(model, X, people.iloc[0]))
    bars = list(full.patches)
    assert contributions_plot(local_contributions(model, X, people.iloc[1]), title="new",
                              ax=full) is full
    assert full.get_title() == "new" and list(full.patches) == bars  # in place
    plt.close("all")


def test_explain_person_with_reference_rows_matches_default(setup):
    X, _, model, people = setup
    ref = X.sample(200, random_state=0)
    default = explain_person(model, X, people.iloc[1], {"hours": (1.0, 30.0, 0.5)})
    given = explain_person(model, X, people.iloc[1], {"hours": (1.0, 30.0, 0.5)},
                           reference_rows=ref)
    pd.testing.assert_series_equal(default.contributions["contribution"],
                                   given.contributions["contribution"])
    assert default.summary == given.summary


def test_fixed_layout_keeps_the_feature_order_and_a_rounded_symmetric_range(setup):
    X, _, model, people = setup
    first = local_contributions(model, X, people.iloc[0])
    ax = contributions_plot(first, fixed_layout=True)
    order = [t.get_text() for t in ax.get_yticklabels()]
    assert order == first["feature"].tolist()[::-1]  # largest of the first person on top
    low, high = ax.get_xlim()
    span = 1.1 * first["contribution"].abs().max()
    assert low == -high and high >= span
    mantissa = high / 10 ** np.floor(np.log10(high))
    assert any(np.isclose(mantissa, m) for m in (1, 2, 5, 10))
    for i in range(1, len(people)):
        table = local_contributions(model, X, people.iloc[i])
        assert contributions_plot(table, fixed_layout=True, ax=ax) is ax
        assert [t.get_text() for t in ax.get_yticklabels()] == order
        widths = {f: bar.get_width() for f, bar in zip(order, ax.patches, strict=True)}
        for f, c in zip(table["feature"], table["contribution"], strict=True):
            assert widths[f] == pytest.approx(c)  # each bar still shows its own feature
        assert -ax.get_xlim()[0] == ax.get_xlim()[1] >= 1.1 * table["contribution"].abs().max()
    plt.close("all")

"""data.case_study_model: the one builder of the course's default model.

The numbers were recorded at cb140b2, before the three hand-built copies (monitoring's
production stream, the capstone, the bias slicer's scores) were replaced by it.
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from responsible_ml._validation import NOT_IN_OPTIONS
from responsible_ml.data import CASE_STUDY_FEATURES, case_study_model, load_case_study
from responsible_ml.fairness import score_dataset
from responsible_ml.monitoring import make_stream, train_model


def test_a_new_unfitted_pipeline_on_every_call():
    a, b = case_study_model(), case_study_model()
    assert a is not b
    assert isinstance(a[-1], LogisticRegression)
    assert not hasattr(a[-1], "coef_")
    num, cat = a[0].transformers[0][2], a[0].transformers[1][2]
    assert cat == ["device"] and num == [f for f in CASE_STUDY_FEATURES if f != "device"]


def test_categorical_and_drop_are_honoured():
    model = case_study_model(["quiz_avg", "gender"], categorical=["gender"],
                             one_hot_drop="if_binary")
    assert model[0].transformers[1][1].drop == "if_binary"
    assert model[0].transformers[1][2] == ["gender"]
    assert model[0].transformers[0][2] == ["quiz_avg"]


def test_bad_drop_names_the_argument():
    with pytest.raises(ValueError) as err:
        case_study_model(one_hot_drop="first")
    assert str(err.value) == NOT_IN_OPTIONS.format(name="one_hot_drop", options="None, 'if_binary'",
                                                   value="first")


def test_capstone_model_numbers_unchanged():
    df = load_case_study()
    X = df[list(CASE_STUDY_FEATURES)]
    p = case_study_model().fit(X, df["completed"]).predict_proba(X)[:, 1]
    assert p.sum() == pytest.approx(2225.917228270022, rel=1e-9)
    assert p[:3] == pytest.approx([0.7897208207108124, 0.7435567077899967, 0.6292670146857552],
                                  rel=1e-9)


def test_stream_model_numbers_unchanged():
    stream = make_stream(4000, random_state=0)
    scores = train_model(stream.frame, version="v1", months=(0, 5)).scores(stream.frame)
    assert scores.sum() == pytest.approx(2135.698953203322, rel=1e-9)
    assert scores[:3] == pytest.approx(
        [0.7999529322866406, 0.7763289278719353, 0.6095823415876024], rel=1e-9)


def test_bias_slicer_scores_unchanged():
    scores = np.asarray(score_dataset("case study").scores)
    assert scores.sum() == pytest.approx(2227.629151936749, rel=1e-9)
    assert scores[:3] == pytest.approx(
        [0.8106178669360095, 0.7438339393674143, 0.6408999384416625], rel=1e-9)


def test_bias_slicer_adult_scores_unchanged():
    scores = np.asarray(score_dataset("Adult").scores)
    assert scores.sum() == pytest.approx(7843.344835237711, rel=1e-9)
    assert scores[:3] == pytest.approx(
        [0.08712933108365263, 0.40322024041428134, 0.02162783768567427], rel=1e-9)


def _popped(model):
    # Review x01-r17 S1: every instance attribute that is not a parameter deleted from each estimator.
    for est in [model, *(v for v in model.get_params(deep=True).values() if hasattr(v, "get_params"))]:
        for name in [n for n in vars(est) if n not in est.get_params(deep=False)]:
            del vars(est)[name]
    return model


def test_built_outside_a_guard_and_used_inside_it_is_caught():
    # Review x01-r8 S1: case_study_model() built at cell time, then cloned (or deep-copied, or its
    # steps reused) and fitted inside the answer, ran no library code inside the check.
    import copy

    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    from responsible_ml.feedback import no_shortcuts
    from responsible_ml.feedback._shortcuts import ShortcutError

    df = load_case_study().iloc[:300]
    X, y = df[list(CASE_STUDY_FEATURES)], df["completed"]
    built = case_study_model()
    uses = {"clone": lambda: clone(built).fit(X, y), "fit": lambda: built.fit(X, y),
            "deepcopy": lambda: copy.deepcopy(built).fit(X, y),
            "steps reused": lambda: Pipeline(list(built.steps)).fit(X, y),
            "rebuilt with type(est)": lambda: type(built)(**built.get_params(deep=False)).fit(X, y),
            "marks popped from vars(est)": lambda: _popped(case_study_model()).fit(X, y)}
    for name, use in uses.items():
        with pytest.raises(ShortcutError, match="`case_study_model` is not available"):
            with no_shortcuts("responsible_ml", what=name, tools="scikit-learn"):
                use()
    # Review x01-r17 S1: the mark is the class's, and Python refuses to swap the class back.
    step = case_study_model().steps[-1][1]
    with pytest.raises(TypeError, match="layout differs"):
        step.__class__ = type(step).__mro__[1]
    # Outside a check, and inside one that does not block the course library, nothing changes.
    with no_shortcuts("sklearn.metrics", what="fit"):
        a = clone(built).fit(X, y).predict_proba(X)
    assert np.allclose(a, case_study_model().fit(X, y).predict_proba(X))


def test_a_built_model_is_a_scikit_learn_model_in_every_other_way():
    import copy
    import pickle

    from sklearn.base import clone
    from sklearn.pipeline import Pipeline
    from sklearn.utils.validation import has_fit_parameter

    df = load_case_study().iloc[:300]
    X, y = df[list(CASE_STUDY_FEATURES)], df["completed"]
    built = case_study_model().fit(X, y)
    assert isinstance(built, Pipeline) and type(built).__name__ == "Pipeline"
    assert repr(built) == repr(Pipeline(built.steps))
    assert has_fit_parameter(built.steps[-1][1], "sample_weight")
    assert not hasattr(built, "fit_transform")     # Pipeline's own available_if: its last step has none
    for other in (copy.deepcopy(built), pickle.loads(pickle.dumps(built)), copy.copy(built)):
        assert type(other) is type(built)
        assert np.allclose(other.predict_proba(X), built.predict_proba(X))
    assert type(clone(built).steps[-1][1]) is type(built.steps[-1][1])

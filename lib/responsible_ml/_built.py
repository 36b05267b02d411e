"""Models built by the course library carry the library's code into every fit, also after surgery.

An exercise that asks a trainee to build a model ("the course library, including
``case_study_model``, is not available in the test") blocks ``responsible_ml`` inside its
shortcut guard (:func:`responsible_ml.feedback.no_shortcuts`). The guard sees only code that
*runs* inside its ``with`` block, and ``case_study_model()`` only *constructs* a pipeline: a
pipeline built at cell time (outside the check), then cloned or fitted inside the answer, ran
no library code there (review x01-r8 S1). So every estimator a library builder returns
(:func:`mark`: the pipeline and each estimator inside it) is an instance of a private subclass
of its scikit-learn class whose ``fit`` and (where the class has it) ``fit_transform`` call this
module's functions before scikit-learn's own. Fitting such an estimator then runs code compiled
from this file, which the guard catches like any other library function when it blocks the
whole ``responsible_ml`` package.

The mark lives in the *class*, not in the instance dict (review x01-r17 S1: ``fit``,
``fit_transform`` and ``__sklearn_clone__`` popped from ``vars(est)`` removed the earlier,
per-instance mark). So ``clone`` (it calls ``type(est)(**params)``), ``copy.deepcopy``, pickling,
a reused step and ``type(est)(**est.get_params())`` all give marked estimators, and deleting
instance attributes changes nothing. The subclass adds a slot, so its layout differs from the
scikit-learn class: ``est.__class__ = LogisticRegression`` is refused by Python itself.

A guard that blocks the course library refuses such a fit with "`case_study_model` is not
available here": the marked methods' code is named after the builder.

Outside a guard nothing changes: the subclass has the scikit-learn class's name, module,
signature and parameters, its methods call the class's own with the same arguments, and
``get_params``, ``repr``, ``isinstance`` and the fitted numbers are the same.

Residual (by design, detection not prevention): new estimators of the scikit-learn classes
made from the library's parameters (``LogisticRegression(**est.get_params())`` for every step,
nested ones first), and a model fitted at cell time and returned unfitted-again by the answer
(``fit_completion_model`` that ignores ``train`` fails the "fitted on train" part instead).
Writing every step of the design anew is building the model oneself, which is what the
question asks.
"""

from __future__ import annotations

import functools

import sklearn
from sklearn.base import BaseEstimator
from sklearn.utils.metaestimators import available_if

__all__ = ["is_built", "mark"]

#: Class attribute of a built subclass naming the builder (the guard reads only the code's name).
BUILT_BY = "_responsible_ml_built_by"
#: Class attribute of a built subclass: the scikit-learn class it marks.
_BASE = "_responsible_ml_built_base"

_SUBCLASSES: dict[tuple[type, str], type] = {}


def mark(estimator, built_by: str):
    """A marked copy of ``estimator`` and of every estimator inside it, built by ``built_by``.

    The copies are new objects of the marked subclasses with the same instance dicts (the
    subclass's extra slot makes ``__class__`` assignment impossible, in either direction), so a
    builder marks what it has just made and returns the result of this function. The shortcut
    guard's message names the builder (the last part of ``built_by``).
    """
    return _marked(estimator, built_by, {})


def is_built(estimator) -> bool:
    """Whether ``estimator`` is an instance of a marked (library-built) class."""
    return _BASE in type(estimator).__dict__


def _marked(value, built_by: str, done: dict):
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, list):
        out = [_marked(v, built_by, done) for v in value]
    elif isinstance(value, tuple) and type(value) is tuple:
        out = tuple(_marked(v, built_by, done) for v in value)
    elif isinstance(value, type) or not hasattr(value, "get_params"):
        return value
    else:
        cls = _built_class(type(value), built_by)
        out = cls.__new__(cls)
        state = dict(vars(value))
        for name in value.get_params(deep=False):
            if name in state:
                state[name] = _marked(state[name], built_by, done)
        out.__dict__.update(state)
    done[id(value)] = out
    return out


def _built_class(base: type, built_by: str = "the course library") -> type:
    """The marked subclass of ``base`` for the builder ``built_by`` (one per pair, made once)."""
    if _BASE in base.__dict__:
        return base
    cls = _SUBCLASSES.get((base, built_by))
    if cls is None:
        space = {"__module__": base.__module__, "__qualname__": base.__qualname__, "__doc__": base.__doc__,
                 "__slots__": ("_responsible_ml_built_mark",), _BASE: base, BUILT_BY: built_by,
                 "fit": _method(base, "fit", built_by), "__reduce_ex__": _reduce_ex}
        if base.__getstate__ is BaseEstimator.__getstate__:   # it refuses any class with a slot
            space["__getstate__"] = _getstate
        if hasattr(base, "fit_transform"):
            # An ``available_if`` method of the class (Pipeline.fit_transform) stays one: the
            # marked method is there exactly where the class's own is.
            space["fit_transform"] = available_if(_named(_has_fit_transform, built_by))(
                _method(base, "fit_transform", built_by))
        cls = _SUBCLASSES[(base, built_by)] = type(base.__name__, (base,), space)
    return cls


def _named(function, built_by: str):
    """``function`` with its code named after the builder: the shortcut guard's message names it."""
    short = built_by.rpartition(".")[2] or built_by
    new = functools.wraps(function)(type(function)(
        function.__code__.replace(co_qualname=short), function.__globals__, function.__name__,
        function.__defaults__, function.__closure__))
    return new


def _has_fit_transform(self):
    return hasattr(super(type(self), self), "fit_transform")


def _method(base: type, method: str, built_by: str):
    own = getattr(base, method)

    def marked(self, *args, **kwargs):
        return fit_of_a_course_library_model(self, method, *args, **kwargs)
    # The class's signature (metadata routing and has_fit_parameter read it), the builder's name.
    return functools.wraps(own)(_named(marked, built_by))


def fit_of_a_course_library_model(est, method: str, *args, **kwargs):
    """``est.fit(...)`` / ``est.fit_transform(...)`` of a model the course library built."""
    base = type(est).__dict__[_BASE]
    return getattr(base, method)(est, *args, **kwargs)


def _getstate(self):
    """``BaseEstimator.__getstate__`` without its refusal of a slot (the marked class's own is empty)."""
    state = dict(vars(self))
    if type(self).__module__.startswith("sklearn."):
        state["_sklearn_version"] = sklearn.__version__
    return state


def _reduce_ex(self, _protocol):
    # Pickled and deep-copied as "a marked <base> with this state" (the subclass is not importable
    # under its name, which is the scikit-learn class's).
    marks = type(self).__dict__
    return _rebuild_built, (marks[_BASE], marks[BUILT_BY]), self.__getstate__()


def _rebuild_built(base: type, built_by: str):
    """A new, empty marked estimator of ``base`` (unpickling and ``copy`` fill in its state)."""
    cls = _built_class(base, built_by)
    return cls.__new__(cls)

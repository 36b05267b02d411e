"""Models built by the course library carry the library's code into every fit and clone.

An exercise that asks a trainee to build a model ("the course library, including
``case_study_model``, is not available in the test") blocks ``responsible_ml`` inside its
shortcut guard (:func:`responsible_ml.feedback.no_shortcuts`). The guard sees only code that
*runs* inside its ``with`` block, and ``case_study_model()`` only *constructs* a pipeline: a
pipeline built at cell time (outside the check), then cloned or fitted inside the answer, ran
no library code there (review x01-r8 S1). So every estimator a library builder returns
(:func:`mark`: the pipeline and each estimator inside it) gets, in its instance dict, a
``__sklearn_clone__``, ``fit`` and (where the class has it) ``fit_transform`` that call this
module's functions before scikit-learn's own. Fitting or cloning such an estimator then runs
code compiled from this file, which the guard catches like any other library function when
it blocks the whole ``responsible_ml`` package; a clone made outside the check is marked in
turn, and so are copies (``copy.deepcopy``, pickling keep the instance dict).

Outside a guard nothing changes: the methods call the class's own, with the same arguments,
and ``get_params``, ``repr`` and the fitted numbers are the same.

Residual (by design, detection not prevention): an estimator rebuilt from the library's
object without cloning it (``type(est)(**est.get_params(deep=False))`` for each step) or with
its marks deleted from ``vars(est)`` is not the library's any more; nor is a model fitted at
cell time and returned unfitted-again by the answer (``fit_completion_model`` that ignores
``train`` fails the "fitted on train" part instead). Rebuilding it step by step is building
the model oneself, which is what the question asks.
"""

from __future__ import annotations

import functools

__all__ = ["mark"]

#: Instance attribute naming the builder (for a reader of ``vars(est)``; the guard does not read it).
BUILT_BY = "_responsible_ml_built_by"
_METHODS = ("fit", "fit_transform")


def mark(estimator, built_by: str):
    """Mark ``estimator`` and every estimator inside it as built by ``built_by``; return it."""
    seen = set()
    todo = [estimator]
    while todo:
        est = todo.pop()
        if id(est) in seen or isinstance(est, type) or not hasattr(est, "get_params"):
            continue
        seen.add(id(est))
        _mark_one(est, built_by)
        todo += list(est.get_params(deep=False).values())
        for value in est.get_params(deep=False).values():
            if isinstance(value, (list, tuple)):
                for item in value:
                    todo += list(item) if isinstance(item, tuple) else [item]
    return estimator


def _mark_one(est, built_by: str) -> None:
    state = vars(est)
    state[BUILT_BY] = built_by
    state["__sklearn_clone__"] = functools.partial(clone_of_a_course_library_model, est)
    for method in _METHODS:
        state.pop(method, None)
        if hasattr(est, method):   # an ``available_if`` method only where the class offers it
            state[method] = functools.partial(fit_of_a_course_library_model, est, method)


def fit_of_a_course_library_model(est, method: str, *args, **kwargs):
    """``est.fit(...)`` / ``est.fit_transform(...)`` of a model the course library built."""
    return getattr(type(est), method).__get__(est, type(est))(*args, **kwargs)


def clone_of_a_course_library_model(est):
    """``sklearn.base.clone(est)`` of a model the course library built: a marked clone."""
    new = type(est).__sklearn_clone__(est)
    _mark_one(new, vars(est).get(BUILT_BY, "the course library"))
    return new

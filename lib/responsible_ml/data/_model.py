"""The course's default model of the case study, built in one place.

Lesson 07's capstone, the production stream of lesson 06 (:func:`~responsible_ml.monitoring.train_model`)
and the bias slicer (:func:`~responsible_ml.fairness.score_dataset`) all fit this pipeline:
standardised numbers, one-hot categories, logistic regression.
"""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .._built import mark
from .._validation import check_in
from ._case_study import CASE_STUDY_CATEGORICAL, CASE_STUDY_FEATURES

__all__ = ["case_study_model"]

#: What ``one_hot_drop`` accepts (``OneHotEncoder(drop=...)``).
_ONE_HOT_DROPS = (None, "if_binary")


def case_study_model(features: Sequence[str] | None = None, *,
                     categorical: Sequence[str] | None = None,
                     one_hot_drop: str | None = None,
                     random_state: int | None = 0) -> Pipeline:
    """The course's default model: standardised numbers, one-hot categories, logistic regression.

    A new, unfitted pipeline on every call (an estimator is mutable: fitting a shared,
    cached one in one place would change it everywhere else).

    Parameters
    ----------
    features : sequence of str, optional
        Input columns, in order; default :data:`CASE_STUDY_FEATURES`.
    categorical : sequence of str, optional
        Which of `features` are one-hot encoded; default those in
        :data:`CASE_STUDY_CATEGORICAL`. The others are standardised.
    one_hot_drop : {None, "if_binary"}, default None
        ``drop`` of the one-hot encoder: ``"if_binary"`` keeps one column for a two-valued
        category (the production stream's models).
    random_state : int or None, default 0
        ``random_state`` of the regression.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; steps ``"columntransformer"`` (``"num"``, ``"cat"``) and
        ``"logisticregression"``; expects a DataFrame with the `features` columns.

    Raises
    ------
    ValueError
        If `one_hot_drop` is not one of the options.

    Examples
    --------
    >>> case_study_model().steps[-1][0]
    'logisticregression'
    """
    check_in(one_hot_drop, _ONE_HOT_DROPS, "one_hot_drop")
    features = list(CASE_STUDY_FEATURES if features is None else features)
    if categorical is None:
        categorical = [f for f in features if f in CASE_STUDY_CATEGORICAL]
    cat = [f for f in features if f in set(categorical)]
    num = [f for f in features if f not in set(cat)]
    pre = ColumnTransformer(
        [("num", StandardScaler(), num),
         ("cat", OneHotEncoder(drop=one_hot_drop, handle_unknown="ignore"), cat)]
    )
    # Marked (responsible_ml._built): fitting or cloning it inside a shortcut guard that blocks
    # the course library runs the library's code, also when it was built before the check.
    return mark(Pipeline([("columntransformer", pre),
                          ("logisticregression",
                           LogisticRegression(max_iter=1000, random_state=random_state))]),
                "responsible_ml.data.case_study_model")

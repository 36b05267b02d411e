"""Mitigation helpers: reweighting by hand, and a one-line fairness summary of a model.

fairlearn has no pre-processing "reweighing" (that is AIF360's ``Reweighing``); lesson 03
writes it by hand because the formula is what it teaches, then compares it with fairlearn's
in-processing (``ExponentiatedGradient``) and post-processing (``ThresholdOptimizer``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

from .._validation import check_binary, check_same_length
from ._engine import _EMPTY_INPUT, encode_groups, group_gap, overall_rates
from ._slicing import metrics_by_group

__all__ = ["reweighing_weights", "fairness_summary", "PassthroughScores"]


@dataclass(frozen=True)
class FairnessSummary:
    """Accuracy and the headline fairness gaps of one set of decisions.

    Attributes
    ----------
    accuracy : float
        Overall accuracy.
    selection_rate_ratio : float
        Lowest / highest group selection rate (the four-fifths rule reads it).
    selection_rate_gap : float
        Demographic-parity difference (max − min selection rate).
    tpr_gap : float
        Equal-opportunity difference (max − min TPR).
    fpr_gap : float
        Max − min FPR (with ``tpr_gap``, equalised odds).
    worst_tpr_group : str
        The group with the lowest TPR.
    """

    accuracy: float
    selection_rate_ratio: float
    selection_rate_gap: float
    tpr_gap: float
    fpr_gap: float
    worst_tpr_group: str

    def as_dict(self) -> dict:
        """The fields as a dict (one row of a comparison table)."""
        return asdict(self)


def reweighing_weights(y: Any, *, sensitive_features: Any) -> np.ndarray:
    """Sample weights that make the label independent of the group (Kamiran & Calders, 2012).

    Each row of the cell (group *g*, label *y*) gets
    ``w = n_g * n_y / (n * n_gy)`` — the count the cell *would* have if label and group were
    independent, divided by the count it has. Rare cells (say, first-generation learners who
    completed, under biased labels) weigh more; common ones less. The weights sum to ``n``
    and keep each group's and each label's total weight.

    Parameters
    ----------
    y : array-like of 0/1
        Training labels.
    sensitive_features : Series, array-like or DataFrame
        Groups (a DataFrame weights the intersections).

    Returns
    -------
    numpy.ndarray of float
        One weight per row, for ``fit(..., sample_weight=...)``.

    Raises
    ------
    ValueError
        Empty or non-binary `y`, missing values, mismatched lengths, fewer than two groups.

    Examples
    --------
    >>> w = reweighing_weights([1, 1, 0, 1, 0, 0], sensitive_features=list("aaabbb"))
    >>> w.round(2).tolist()
    [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]
    """
    if len(y) == 0:
        raise ValueError(_EMPTY_INPUT.format(name="y"))
    labels = check_binary(y, "y")
    groups = encode_groups(sensitive_features)
    check_same_length(labels, groups.codes, "y", "sensitive_features")
    n = len(labels)
    k = len(groups.labels)
    cell = groups.codes * 2 + labels
    n_cell = np.bincount(cell, minlength=2 * k).astype(float)
    n_group = np.bincount(groups.codes, minlength=k).astype(float)
    n_label = np.bincount(labels, minlength=2).astype(float)
    expected = n_group[groups.codes] * n_label[labels] / n
    return expected / n_cell[cell]


def fairness_summary(y_true: Any, y_pred: Any, *, sensitive_features: Any) -> FairnessSummary:
    """Accuracy and the headline fairness gaps of one set of decisions.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Labels and decisions.
    sensitive_features : Series, array-like or DataFrame
        Groups.

    Returns
    -------
    FairnessSummary
        ``.as_dict()`` gives one row of a comparison table.
    """
    table = metrics_by_group(y_true, y_pred, sensitive_features=sensitive_features,
                             min_group_size=1)
    sel = group_gap(table, "selection_rate", undefined="ignore")
    tpr = group_gap(table, "tpr", undefined="ignore")
    fpr = group_gap(table, "fpr", undefined="ignore")
    return FairnessSummary(
        accuracy=float(overall_rates(check_binary(y_true, "y_true"),
                                     check_binary(y_pred, "y_pred"))["accuracy"]),
        selection_rate_ratio=sel.ratio,
        selection_rate_gap=sel.difference,
        tpr_gap=tpr.difference,
        fpr_gap=fpr.difference,
        worst_tpr_group=tpr.min_group,
    )


class PassthroughScores(BaseEstimator):
    """A "model" whose score is the first column of ``X``: post-process scores you already have.

    fairlearn's ``ThresholdOptimizer`` needs an estimator. To choose its thresholds on
    *out-of-fold* or validation scores (not on the scores a model gives its own training
    rows, which are optimistic), pass the scores themselves as a one-column ``X`` with this
    estimator, ``prefit=True`` and ``predict_method="predict"``; at decision time pass the
    deployed model's scores the same way.

    Examples
    --------
    >>> import numpy as np
    >>> PassthroughScores().fit(np.array([[0.2], [0.9]])).predict(np.array([[0.7]]))
    array([0.7])
    """

    def fit(self, X: Any, y: Any = None) -> PassthroughScores:
        """Nothing to learn; records the number of columns.

        Parameters
        ----------
        X : array-like, shape (n_samples, n_columns)
            Scores in the first column.
        y : ignored

        Returns
        -------
        PassthroughScores
        """
        self.n_features_in_ = np.asarray(X).reshape(len(X), -1).shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The first column of `X`, as floats.

        Parameters
        ----------
        X : array-like, shape (n_samples, n_columns)

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        return np.asarray(X, dtype=float).reshape(len(X), -1)[:, 0]

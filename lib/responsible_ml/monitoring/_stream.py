"""The production stream: the case study played month by month, and the deployed models.

:func:`make_stream` draws the case study over ``months`` enrolment months with a shift that
starts at ``shift_start``; the first ``train_months`` months are history (training data), the
rest is production. :func:`train_model` fits a versioned :class:`DeployedModel` — a
logistic regression plus decision thresholds (one for everyone, or one per group chosen so
that every group has the same true positive rate on the training months: the
equal-opportunity post-processing of lesson 03).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_columns, check_frame, check_integer, check_real
from ..data import CASE_STUDY_FEATURES, case_study_model, make_case_study

__all__ = [
    "Stream",
    "make_stream",
    "train_model",
]

_NO_THRESHOLD = ("df: {col} values {unknown} have no threshold (known: {known}); a decision "
                 "rule for them must be approved, not invented")

_EMPTY_MONTHS = "no rows in {name} for months {first}–{last}: nothing to train on"


@dataclass(frozen=True)
class Stream:
    """The case study as a stream of months.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every learner, sorted by ``enrol_month``.
    train_months : int
        Months ``0 … train_months - 1`` are history (training data).
    shift_start : int
        First month affected by the shift (if any).
    shift : float
        Size of the shift (0 = none).
    shift_kind : str
        "covariate", "concept" or "prior".
    """

    frame: pd.DataFrame
    train_months: int
    shift_start: int
    shift: float
    shift_kind: str

    @property
    def history(self) -> pd.DataFrame:
        """Rows of the training months."""
        return self.frame[self.frame["enrol_month"] < self.train_months]

    @property
    def production(self) -> pd.DataFrame:
        """Rows of the months after training (the deployed model's inputs)."""
        return self.frame[self.frame["enrol_month"] >= self.train_months]

    def month(self, m: int) -> pd.DataFrame:
        """Rows of one month (possibly empty)."""
        return self.frame[self.frame["enrol_month"] == m]


def make_stream(n: int = 12000, *, random_state: int = 0, months: int = 24, train_months: int = 6,
                shift: float = 1.0, shift_kind: str = "covariate", shift_start: int = 12,
                **case_study_kwargs: Any) -> Stream:
    """Draw the case study as a production stream.

    Parameters
    ----------
    n : int, default 12000
        Learners over all months (≈ n / months per month).
    random_state : int, default 0
        Seed of :func:`responsible_ml.data.make_case_study`.
    months : int, default 24
        Number of enrolment months.
    train_months : int, default 6
        Months of history used for training (1 ≤ train_months < months).
    shift, shift_kind, shift_start
        The shift switched on at month `shift_start` (see ``make_case_study``);
        ``shift=0`` is a stream without drift.
    **case_study_kwargs
        Passed on (``minority_share``, ``label_bias``, ``proxy_strength``).

    Returns
    -------
    Stream
    """
    months = check_integer(months, "months", low=2, high=10_000)
    train_months = check_integer(train_months, "train_months", low=1, high=months - 1)
    frame = make_case_study(n, random_state=random_state, months=months, shift=shift, shift_kind=shift_kind,
                            shift_start=shift_start, **case_study_kwargs)
    return Stream(frame=frame, train_months=train_months, shift_start=shift_start,
                  shift=float(shift), shift_kind=shift_kind)


def _equal_tpr_thresholds(scores, y_true, groups, target_tpr: float) -> dict[str, float]:
    """Per-group thresholds giving each group (about) the same true positive rate.

    For each group, the threshold is the highest score ``t`` such that at least
    ``target_tpr`` of the group's positives have ``score >= t``.

    Parameters
    ----------
    scores : array-like of float
    y_true : array-like of 0/1
    groups : array-like
    target_tpr : float in (0, 1)

    Returns
    -------
    dict
        Group label (str) → threshold. A group without positives gets 0.5.
    """
    s = np.asarray(scores, float)
    y = np.asarray(y_true).astype(int)
    g = np.asarray(groups).astype(str)
    out = {}
    for label in sorted(set(g.tolist())):
        pos = np.sort(s[(g == label) & (y == 1)])[::-1]
        if pos.size == 0:
            out[label] = 0.5
            continue
        k = int(np.ceil(target_tpr * pos.size))
        out[label] = float(pos[max(k, 1) - 1])
    return out


@dataclass
class DeployedModel:
    """A versioned model: a fitted pipeline plus its decision threshold(s).

    Attributes
    ----------
    version : str
        Release name ("v1"), written into every logged decision.
    pipeline : sklearn Pipeline
        :func:`~responsible_ml.data.case_study_model`, fitted.
    features : tuple of str
        Input columns.
    thresholds : dict
        ``{"*": t}`` for one threshold, or one threshold per group of `group_col`.
    group_col : str
        Column used to look up per-group thresholds.
    trained_months : tuple of int
        First and last month of the training data.
    """

    version: str
    pipeline: Any
    features: tuple
    thresholds: dict = field(default_factory=lambda: {"*": 0.5})
    group_col: str = "background"
    trained_months: tuple = (0, 0)

    def scores(self, df: pd.DataFrame) -> np.ndarray:
        """Predicted probability of completing, one per row."""
        if len(df) == 0:
            return np.empty(0)
        return self.pipeline.predict_proba(df[list(self.features)])[:, 1]

    def threshold_for(self, df: pd.DataFrame) -> np.ndarray:
        """The threshold that applies to each row.

        Raises
        ------
        ValueError
            If a row's group has no threshold (a missing value, a new category): no decision
            rule was approved for it, so none is invented (fail closed).
        """
        if "*" in self.thresholds:
            return np.full(len(df), float(self.thresholds["*"]))
        groups = df[self.group_col].astype(str).to_numpy()
        unknown = sorted(set(groups) - set(self.thresholds))
        if unknown:
            raise ValueError(_NO_THRESHOLD.format(col=self.group_col, unknown=unknown,
                                                  known=sorted(self.thresholds)))
        return np.array([self.thresholds[gr] for gr in groups], dtype=float)

    def decide(self, df: pd.DataFrame, scores: np.ndarray | None = None) -> np.ndarray:
        """Decisions (1 = offer a mentor): ``score >= threshold``."""
        s = self.scores(df) if scores is None else np.asarray(scores, float)
        return (s >= self.threshold_for(df)).astype(np.int64)


def train_model(df: pd.DataFrame, *, version: str, months: tuple[int, int] | None = None,
                features=CASE_STUDY_FEATURES, label_col: str = "completed",
                group_col: str = "background", target_tpr: float | None = None,
                threshold: float = 0.5, random_state: int = 0) -> DeployedModel:
    """Fit a :class:`DeployedModel` on some months of the stream.

    Parameters
    ----------
    df : pandas.DataFrame
        Case-study rows (e.g. ``stream.frame``).
    version : str
        Release name.
    months : (first, last), optional
        Inclusive range of ``enrol_month`` to train on; all rows when omitted.
    features : sequence of str
        Input columns (default: the case study's model inputs, no sensitive attribute).
    label_col : str
        Outcome column.
    group_col : str
        Column for per-group thresholds.
    target_tpr : float, optional
        If given, one threshold per group so that each group's TPR on the training months
        is about `target_tpr` (:func:`_equal_tpr_thresholds`); otherwise `threshold` for all.
    threshold : float
        Single threshold when `target_tpr` is None.
    random_state : int

    Returns
    -------
    DeployedModel

    Raises
    ------
    ValueError
        If the month range has no rows (:data:`EMPTY_MONTHS`), a column is missing, or
        `target_tpr` is out of (0, 1) (:data:`~responsible_ml._validation.NOT_A_REAL`).
    """
    check_frame(df, "df")
    features = tuple(features)
    check_columns(df, [*features, label_col, group_col, "enrol_month"], "df")
    if target_tpr is not None:
        target_tpr = check_real(target_tpr, "target_tpr", low=0, high=1, closed="neither")
    if months is not None:
        first, last = months
        rows = df[(df["enrol_month"] >= first) & (df["enrol_month"] <= last)]
        if len(rows) == 0:
            raise ValueError(_EMPTY_MONTHS.format(name="df", first=first, last=last))
    else:
        rows = df
        first, last = int(df["enrol_month"].min()), int(df["enrol_month"].max())
    pipe = case_study_model(features, one_hot_drop="if_binary",
                            random_state=random_state).fit(rows[list(features)], rows[label_col])
    model = DeployedModel(version=version, pipeline=pipe, features=features,
                          group_col=group_col, trained_months=(int(first), int(last)))
    if target_tpr is None:
        model.thresholds = {"*": float(threshold)}
    else:
        model.thresholds = _equal_tpr_thresholds(model.scores(rows), rows[label_col],
                                                rows[group_col].astype(str), target_tpr)
    return model

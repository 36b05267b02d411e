"""The computations behind the bias slicer: datasets scored once, then sliced.

The slicer works on *scores* computed once (a model trained when the widget is built, or
COMPAS's own decile score); a redraw only thresholds the scores and counts per group with
:func:`~responsible_ml.fairness._engine.group_rates` (the engine), a few milliseconds on Adult.
The threshold explorer's computation, :func:`~responsible_ml.fairness.threshold_by_group`,
lives in the engine itself, so that a slider move runs through one module of the toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    NOT_A_FRAME,
    check_binary,
    check_columns,
    check_in,
    check_probability,
    check_same_length,
    check_scores,
)
from ._engine import (
    GAP_METRICS,
    INTERSECTION_SEP,
    GroupCodes,
    GroupGap,
    encode_groups,
    group_gap,
    group_rates,
    overall_rates,
)

__all__ = [
    "score_dataset",
    "scored_data",
    "slice_bias",
]

#: Datasets the bias slicer offers.
DATASETS = ("case study", "Adult", "COMPAS")
#: Modes of the threshold explorer.
THRESHOLD_MODES = ("one for all", "one per group")

_NOT_SCORED_DATA = (
    "{name} must be a ScoredData (from score_dataset or scored_data), got {type_name}"
)


@dataclass
class ScoredData:
    """A dataset with one score per row, ready for fast slicing.

    Attributes
    ----------
    name : str
        Dataset name.
    y_true : numpy.ndarray
        Labels (0/1).
    scores : numpy.ndarray
        Scores in [0, 1] (out-of-fold model scores, or COMPAS's decile score / 10).
    sensitive_features : pandas.DataFrame
        The sensitive attributes, one column each.
    label_meaning : str
        What label 1 means (for read-outs).
    score_source : str
        Where the scores come from.
    """

    name: str
    y_true: np.ndarray
    scores: np.ndarray
    sensitive_features: pd.DataFrame
    label_meaning: str
    score_source: str
    _codes: dict[str, GroupCodes] = field(default_factory=dict, repr=False)

    @property
    def attributes(self) -> list[str]:
        """Single attributes and every pair (``"sex × race"``)."""
        cols = [str(c) for c in self.sensitive_features.columns]
        pairs = [f"{a}{INTERSECTION_SEP}{b}" for i, a in enumerate(cols) for b in cols[i + 1:]]
        return cols + pairs

    def groups(self, attribute: str) -> GroupCodes:
        """Encoded groups of one attribute or an intersection (cached)."""
        if attribute not in self._codes:
            cols = attribute.split(INTERSECTION_SEP) if isinstance(attribute, str) else []
            check_columns(self.sensitive_features, cols or [attribute], "attribute")
            self._codes[attribute] = encode_groups(self.sensitive_features[cols], name="attribute")
        return self._codes[attribute]


def scored_data(name: str, y_true: Any, scores: Any, *, sensitive_features: pd.DataFrame,
                label_meaning: str = "label 1", score_source: str = "model") -> ScoredData:
    """Validate and wrap precomputed scores for :func:`slice_bias`.

    Parameters
    ----------
    name : str
        Dataset name (for read-outs).
    y_true : array-like of 0/1
        Labels.
    scores : array-like of float in [0, 1]
        One score per row.
    sensitive_features : pandas.DataFrame
        The sensitive attributes, one column each.
    label_meaning : str, default "label 1"
        What label 1 means, in words.
    score_source : str, default "model"
        Where the scores come from.

    Returns
    -------
    ScoredData
    """
    sensitive = sensitive_features
    if not isinstance(sensitive, pd.DataFrame):
        raise TypeError(NOT_A_FRAME.format(name="sensitive_features",
                                           type_name=type(sensitive).__name__))
    s = check_scores(scores)
    t = check_binary(y_true, "y_true")
    check_same_length(s, t, "scores", "y_true")
    check_same_length(s, sensitive, "scores", "sensitive_features")
    return ScoredData(name=name, y_true=t, scores=s,
                      sensitive_features=sensitive.reset_index(drop=True).astype(str),
                      label_meaning=label_meaning, score_source=score_source)


def _age_band(age: pd.Series, edges=(0, 25, 45, 200),
              labels=("under 25", "25–44", "45 and over")) -> pd.Series:
    return pd.cut(age, bins=list(edges), right=False, labels=list(labels)).astype(str)


def _oof_scores(model, X: pd.DataFrame, y: np.ndarray, random_state: int) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=random_state)
    return cross_val_predict(model, X, y, cv=cv, method="predict_proba")[:, 1]


def score_dataset(name: str, *, random_state: int = 0) -> ScoredData:
    """Load a dataset and score every row once (out-of-fold, so no row scores itself).

    Parameters
    ----------
    name : {"case study", "Adult", "COMPAS"}
        ``"case study"``: logistic regression on :data:`CASE_STUDY_FEATURES`, label
        ``completed``; sensitive ``background``, ``gender``, ``age band``.
        ``"Adult"``: logistic regression on every column but sex, race, fnlwgt and the
        label, label ``income_over_50k``; sensitive ``sex``, ``race``, ``age band``.
        ``"COMPAS"``: no model — the COMPAS decile score / 10 (so threshold 0.5 means
        "Medium or High", ProPublica's "high risk"), label ``two_year_recid``, all 7,214
        rows; sensitive ``race``, ``sex``, ``age_cat``.
    random_state : int, default 0
        Seed of the cross-validation folds.

    Returns
    -------
    ScoredData
    """
    from ..data import (
        CASE_STUDY_FEATURES,
        case_study_model,
        load_adult,
        load_case_study,
        load_compas,
    )

    check_in(name, DATASETS, "name")
    if name == "COMPAS":
        df = load_compas()
        return scored_data(name, df["two_year_recid"], df["decile_score"].to_numpy() / 10,
                           sensitive_features=df[["race", "sex", "age_cat"]],
                           label_meaning="reoffended within two years",
                           score_source="COMPAS decile score / 10")
    if name == "case study":
        df = load_case_study()
        features = list(CASE_STUDY_FEATURES)
        numeric, categorical = features[:-1], ["device"]
        label, meaning = "completed", "completed the programme"
        sensitive = pd.DataFrame({"background": df["background"], "gender": df["gender"],
                                  "age band": _age_band(df["age"])})
    else:
        df = load_adult()
        numeric = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
        categorical = ["workclass", "education", "marital_status", "occupation",
                       "relationship", "native_country"]
        label, meaning = "income_over_50k", "income over $50K"
        sensitive = pd.DataFrame({"sex": df["sex"], "race": df["race"],
                                  "age band": _age_band(df["age"])})
    X = df[numeric + categorical].copy()
    for col in categorical:
        X[col] = X[col].astype(str)
    model = case_study_model(numeric + categorical, categorical=categorical, random_state=None)
    y = df[label].to_numpy()
    scores = _oof_scores(model, X, y, random_state)
    return scored_data(name, y, scores, sensitive_features=sensitive, label_meaning=meaning,
                       score_source="logistic regression, out-of-fold")


@dataclass(frozen=True)
class SliceResult:
    """What the bias slicer shows.

    Attributes
    ----------
    table : pandas.DataFrame
        :func:`metrics_by_group` table.
    metric : str
        The metric sliced.
    threshold : float
        Decision threshold (``score >= threshold`` → 1).
    overall : float
        The metric for everyone together.
    gap : GroupGap or None
        :func:`group_gap` of the metric over the groups where it is defined (None if fewer
        than two groups have a value).
    """

    table: pd.DataFrame
    metric: str
    threshold: float
    overall: float
    gap: GroupGap | None


def slice_bias(data: ScoredData, attribute: str, metric: str = "selection_rate",
               threshold: float = 0.5, *, min_group_size: int = 30) -> SliceResult:
    """Threshold a scored dataset and slice one metric by an attribute or intersection.

    Parameters
    ----------
    data : ScoredData
        From :func:`score_dataset` or :func:`scored_data`.
    attribute : str
        A column of ``data.sensitive`` or two joined with " × " (see ``data.attributes``).
    metric : str, default "selection_rate"
        One of :data:`RATE_COLUMNS`.
    threshold : float, default 0.5
        Decision threshold in [0, 1]; a score equal to it counts as selected.
    min_group_size : int, default 30
        Groups with fewer rows are flagged ``small``.

    Returns
    -------
    SliceResult

    Raises
    ------
    ValueError
        Unknown attribute (:data:`UNKNOWN_COLUMNS`), unknown metric, threshold outside [0, 1].
    """
    if not isinstance(data, ScoredData):
        raise TypeError(_NOT_SCORED_DATA.format(name="data", type_name=type(data).__name__))
    check_in(metric, GAP_METRICS[:-1], "metric")
    threshold = check_probability(threshold, "threshold")
    groups = data.groups(attribute)
    decisions = (data.scores >= threshold).astype(np.int64)
    table = group_rates(data.y_true, decisions, groups, min_group_size=min_group_size)
    overall = float(overall_rates(data.y_true, decisions)[metric])
    try:
        gap = group_gap(table, metric, undefined="ignore")
    except ValueError:  # fewer than two groups with a value
        gap = None
    return SliceResult(table=table, metric=metric, threshold=threshold, overall=overall,
                       gap=gap)


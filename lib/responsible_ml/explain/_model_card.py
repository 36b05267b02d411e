"""Model cards: documentation as transparency (Mitchell et al., *Model Cards for Model
Reporting*, 2019).

A :class:`ModelCard` is a small structure with the sections a reader needs to decide
whether a model fits their use: what it is for and not for, the data, the metrics overall
and by group, ethical considerations and caveats. :func:`model_card_from_model` fills the
numbers from a trained model and a test set; the free-text sections are written by people.
Lessons 05, 06 and 07 build cards with it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_binary, check_frame, check_same_length, is_placeholder
from ..fairness import metrics_by_group
from ..fairness._engine import overall_rates
from ._common import _BAD_TEXT, check_fitted

__all__ = [
    "ModelCard",
    "model_card_from_model",
]

#: The sections of a card, in the order :meth:`ModelCard.to_markdown` writes them.
CARD_SECTIONS = (
    "name", "version", "intended_use", "out_of_scope_uses", "data", "metrics",
    "metrics_by_group", "ethical_considerations", "caveats",
)  # fmt: skip
#: Columns of the by-group table that :meth:`ModelCard.to_markdown` shows (when present).
BY_GROUP_COLUMNS = ("count", "base_rate", "selection_rate", "accuracy", "tpr", "tpr_low",
                    "tpr_high", "fpr", "small")
#: Model details Mitchell et al. (2019) ask for (keys of ``ModelCard.model_details``).
MODEL_DETAILS = ("owner", "contact", "date", "licence")

_NOT_A_LIST_OF_TEXT = "{name} must be a list of strings, got {value!r}"
_BAD_METRICS = "{name} must map metric names (str) to numbers, got {value!r}"

_TITLES = {
    "intended_use": "Intended use",
    "out_of_scope_uses": "Out-of-scope uses",
    "data": "Data",
    "metrics": "Metrics (overall)",
    "metrics_by_group": "Metrics by group",
    "ethical_considerations": "Ethical considerations",
    "caveats": "Caveats and recommendations",
}


def _text_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(_NOT_A_LIST_OF_TEXT.format(name=name, value=value)) from None
    if not all(isinstance(v, str) for v in items):
        raise TypeError(_NOT_A_LIST_OF_TEXT.format(name=name, value=value))
    return items


def _cell(value: Any, float_format: str) -> str:
    if isinstance(value, bool | np.bool_):
        text = "yes" if value else "no"
    elif isinstance(value, numbers.Integral):
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        value = float(value)
        if math.isnan(value):
            text = ""
        elif math.isinf(value):
            text = "∞" if value > 0 else "-∞"
        else:
            text = format(value, float_format)
    elif value is None:
        text = ""
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def frame_to_markdown(frame: pd.DataFrame, *, index: bool = True,
                      float_format: str = ".3f") -> str:
    """Render a DataFrame as a GitHub-flavoured Markdown table (no ``tabulate`` needed).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    index : bool, default True
        Write the index as the first column (headed by the index name, or blank).
    float_format : str, default ".3f"
        Format spec for floats; NaN is written as an empty cell, infinity as ``∞``,
        booleans as yes/no.

    Returns
    -------
    str
        The table, one line per row, no trailing newline.
    """
    df = frame.reset_index() if index else frame
    if index and frame.index.name is None:
        df = df.rename(columns={"index": ""})
    header = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v, float_format) for v in row) + " |")
    return "\n".join(lines)


@dataclass
class ModelCard:
    """A model card: what a model is for, how it was tested, and what to watch out for.

    Attributes
    ----------
    name, version : str
        What the model is called and which release this card describes.
    intended_use : str
        Who uses it, for which decision, on which population.
    out_of_scope_uses : list of str
        Uses the model must not be put to.
    data : str
        Training and evaluation data: source, period, size, known gaps, label quality.
    metrics : dict of str to float
        Overall metrics on the test set (accuracy, ...).
    metrics_by_group : pandas.DataFrame or None
        One row per group (e.g. the table of
        :func:`responsible_ml.fairness.metrics_by_group`); None when not evaluated.
    ethical_considerations : list of str
        Risks to people, sensitive attributes and proxies, mitigations.
    caveats : list of str
        Limits and recommendations (monitoring, thresholds, retraining).

    Examples
    --------
    >>> card = ModelCard("mentor-model", "1.0", "Offer mentors to learners.")
    >>> card.missing_sections()[:2]
    ['out_of_scope_uses', 'data']
    """

    name: str
    version: str
    intended_use: str = ""
    out_of_scope_uses: list[str] = field(default_factory=list)
    data: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    metrics_by_group: pd.DataFrame | None = None
    ethical_considerations: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    model_details: dict[str, str] = field(default_factory=dict)
    factors: list[str] = field(default_factory=list)
    decision_threshold: str = ""
    training_data: str = ""
    evaluation_data: str = ""
    intersectional: pd.DataFrame | None = None
    datasheet: str = ""

    def __post_init__(self) -> None:
        for key in ("name", "version", "intended_use", "data"):
            value = getattr(self, key)
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise TypeError(_BAD_TEXT.format(name=key, type_name=type(value).__name__))
            setattr(self, key, value)
        for key in ("out_of_scope_uses", "ethical_considerations", "caveats", "factors"):
            setattr(self, key, _text_list(getattr(self, key), key))
        for key in ("decision_threshold", "training_data", "evaluation_data", "datasheet"):
            if getattr(self, key) is None:
                setattr(self, key, "")
            if not isinstance(getattr(self, key), str):
                raise TypeError(_BAD_TEXT.format(name=key,
                                                type_name=type(getattr(self, key)).__name__))
        self.model_details = {str(k): str(v) for k, v in dict(self.model_details or {}).items()}
        metrics = {} if self.metrics is None else self.metrics
        if not isinstance(metrics, Mapping) or not all(
            isinstance(k, str) and isinstance(v, numbers.Real) and not isinstance(v, bool)
            for k, v in metrics.items()
        ):
            raise TypeError(_BAD_METRICS.format(name="metrics", value=self.metrics))
        self.metrics = {k: float(v) for k, v in metrics.items()}
        if self.metrics_by_group is not None and not isinstance(self.metrics_by_group,
                                                                pd.DataFrame):
            raise TypeError(
                "metrics_by_group must be a pandas DataFrame or None, got "
                f"{type(self.metrics_by_group).__name__}"
            )

    def missing_sections(self) -> list[str]:
        """Sections that are empty or hold only a placeholder ("TODO", "YOUR ANSWER HERE").

        Returns
        -------
        list of str
            Section names in :data:`CARD_SECTIONS` order; empty when the card is complete.
            A list section is missing when it has no item that is real text; the by-group
            metrics are missing when None or an empty table.
        """
        missing = []
        for key in CARD_SECTIONS:
            value = getattr(self, key)
            if key == "metrics":
                empty = not value
            elif key == "metrics_by_group":
                empty = value is None or len(value) == 0
            elif isinstance(value, list):
                empty = all(is_placeholder(v) for v in value)
            else:
                empty = is_placeholder(value)
            if empty:
                missing.append(key)
        return missing

    def mitchell_gaps(self) -> list[str]:
        """Sections of Mitchell et al. (2019), plus a datasheet link, that this card leaves empty.

        Beyond :meth:`missing_sections`: model details (``owner``, ``contact``, ``date``,
        ``licence``), factors, the decision threshold, training and evaluation data (kept
        apart), intersectional results, and the link to the datasheet (not one of Mitchell et
        al.'s sections; datasheets are Gebru et al.'s companion proposal).
        """
        gaps = list(self.missing_sections())
        for key in MODEL_DETAILS:
            if is_placeholder(self.model_details.get(key)):
                gaps.append(f"model_details.{key}")
        if all(is_placeholder(v) for v in self.factors):
            gaps.append("factors")
        for key in ("decision_threshold", "training_data", "evaluation_data", "datasheet"):
            if is_placeholder(getattr(self, key)):
                gaps.append(key)
        if self.intersectional is None or len(self.intersectional) == 0:
            gaps.append("intersectional")
        return gaps

    def to_markdown(self, *, float_format: str = ".3f") -> str:
        """The card as Markdown: a title, then one ``##`` section per part.

        Missing sections are written as *"Not documented yet."* so a reader sees the gap.

        Parameters
        ----------
        float_format : str, default ".3f"
            Format of the numbers in the metric tables.

        Returns
        -------
        str
        """
        gap = "_Not documented yet._"
        missing = set(self.missing_sections())
        title = self.name if "name" not in missing else "Unnamed model"
        version = self.version if "version" not in missing else "unversioned"
        lines = [f"# Model card: {title} (version {version})", ""]
        if self.model_details:
            lines += ["## Model details", ""]
            lines += [f"- **{k}:** {v}" for k, v in self.model_details.items()]
            lines.append("")
        for key in CARD_SECTIONS[2:]:
            lines += [f"## {_TITLES[key]}", ""]
            value = getattr(self, key)
            if key in missing:
                lines.append(gap)
            elif key == "metrics":
                table = pd.DataFrame({"metric": list(value), "value": list(value.values())})
                lines.append(frame_to_markdown(table, index=False, float_format=float_format))
            elif key == "metrics_by_group":
                cols = [c for c in BY_GROUP_COLUMNS if c in value.columns] or list(value.columns)
                lines.append(frame_to_markdown(value[cols], float_format=float_format))
            elif isinstance(value, list):
                lines += [f"- {v.strip()}" for v in value if not is_placeholder(v)]
            else:
                lines.append(value.strip())
            lines.append("")
        extra = [("Factors", self.factors), ("Decision threshold", self.decision_threshold),
                 ("Training data", self.training_data),
                 ("Evaluation data", self.evaluation_data), ("Datasheet", self.datasheet)]
        for heading, value in extra:
            items = value if isinstance(value, list) else [value]
            items = [v for v in items if not is_placeholder(v)]
            if items:
                lines += [f"## {heading}", ""]
                lines += ([f"- {v.strip()}" for v in items] if isinstance(value, list)
                          else [items[0].strip()])
                lines.append("")
        if self.intersectional is not None and len(self.intersectional):
            table = self.intersectional
            cols = [c for c in BY_GROUP_COLUMNS if c in table.columns]
            lines += ["## Intersectional results", "",
                      frame_to_markdown(table[cols or list(table.columns)],
                                        float_format=float_format), ""]
        return "\n".join(lines).rstrip() + "\n"

    def _repr_markdown_(self) -> str:  # rich display in Jupyter
        return self.to_markdown()


def _card_metrics(y_true: Any, y_pred: Any, scores: Any | None = None) -> dict[str, float]:
    """Overall test-set metrics for a model card (the rates come from the engine).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Labels and decisions (1 = favourable outcome).
    scores : array-like of float, optional
        Scores for the positive class; adds ``roc_auc`` when both classes occur.

    Returns
    -------
    dict
        ``accuracy``, ``balanced_accuracy``, ``precision``, ``recall`` (TPR), ``fpr``,
        ``selection_rate`` and ``base_rate`` (and ``roc_auc``). Undefined ratios are NaN.
    """
    from sklearn.metrics import roc_auc_score

    check_same_length(y_true, y_pred, "y_true", "y_pred")
    t = check_binary(y_true, "y_true")
    p = check_binary(y_pred, "y_pred")
    rates = overall_rates(t, p)
    out = {
        "accuracy": float(rates["accuracy"]),
        "balanced_accuracy": (float(rates["tpr"]) + 1.0 - float(rates["fpr"])) / 2,
        "precision": float(rates["precision"]),
        "recall": float(rates["tpr"]),
        "fpr": float(rates["fpr"]),
        "selection_rate": float(rates["selection_rate"]),
        "base_rate": float(rates["base_rate"]),
    }
    if scores is not None and len(np.unique(t)) == 2:
        check_same_length(y_true, scores, "y_true", "scores")
        out["roc_auc"] = float(roc_auc_score(t, np.asarray(scores, dtype=float)))
    return out


def model_card_from_model(
    model: Any,
    X_test: pd.DataFrame,
    y_test: Any,
    *,
    sensitive_features: Any | None = None,
    name: str,
    version: str,
    intended_use: str = "",
    out_of_scope_uses: Iterable[str] = (),
    data: str = "",
    ethical_considerations: Iterable[str] = (),
    caveats: Iterable[str] = (),
    y_pred: Any | None = None,
    predict_params: Mapping[str, Any] | None = None,
    intersectional: pd.DataFrame | None = None,
    **details: Any,
) -> ModelCard:
    """Build a :class:`ModelCard` whose metrics come from a trained model on a test set.

    Parameters
    ----------
    model : fitted estimator
        Anything with ``predict`` (a Pipeline, a fairlearn ``ThresholdOptimizer``, ...).
        Unfitted models are refused with a clear message. May be None when `y_pred` is given.
    X_test : pandas.DataFrame
        Test features, as the model expects them.
    y_test : array-like of 0/1
        Test labels.
    sensitive_features : array-like or DataFrame, optional
        Group of each test row (not necessarily a model input). When given, the card gets
        :func:`responsible_ml.fairness.metrics_by_group` (count, base_rate, selection_rate,
        accuracy, tpr, fpr, ...).
    name, version, intended_use, out_of_scope_uses, data, ethical_considerations, caveats
        The card's text sections (see :class:`ModelCard`).
    y_pred : array-like of 0/1, optional
        Decisions to use instead of ``model.predict(X_test)`` (e.g. after a custom threshold).
    predict_params : mapping, optional
        Extra keyword arguments for ``model.predict`` (``sensitive_features=`` for
        fairlearn's post-processing).
    intersectional : pandas.DataFrame, optional
        Several attributes of the test rows (e.g. background and gender); the card gets the
        metrics for every combination (Mitchell et al.'s intersectional results).
    **details
        Further card sections: ``model_details``, ``factors``, ``decision_threshold``,
        ``training_data``, ``evaluation_data``, ``datasheet``.

    Returns
    -------
    ModelCard
        ``metrics`` from :func:`_card_metrics` (with ``roc_auc`` when the model has
        ``predict_proba`` and `y_pred` is not given).

    Raises
    ------
    ValueError
        Unfitted model, empty or mismatched inputs, labels other than 0/1.
    TypeError
        `X_test` not a DataFrame, `model` without ``predict``.
    """
    check_frame(X_test, "X_test")
    check_same_length(X_test, y_test, "X_test", "y_test")
    scores = None
    if y_pred is None:
        check_fitted(model)
        params = dict(predict_params or {})
        y_pred = np.asarray(model.predict(X_test, **params))
        if hasattr(model, "predict_proba") and not params:
            scores = np.asarray(model.predict_proba(X_test))[:, 1]
    check_same_length(y_test, y_pred, "y_test", "y_pred")
    metrics = _card_metrics(np.asarray(y_test), y_pred, scores)
    by_group = None
    if sensitive_features is not None:
        check_same_length(y_test, sensitive_features, "y_test", "sensitive_features")
        by_group = metrics_by_group(np.asarray(y_test), np.asarray(y_pred),
                                    sensitive_features=sensitive_features)
    inter = None
    if intersectional is not None:
        check_same_length(y_test, intersectional, "y_test", "intersectional")
        inter = metrics_by_group(np.asarray(y_test), np.asarray(y_pred),
                                 sensitive_features=intersectional)
    return ModelCard(
        name=name, version=version, intended_use=intended_use,
        out_of_scope_uses=list(_text_list(out_of_scope_uses, "out_of_scope_uses")),
        data=data, metrics=metrics, metrics_by_group=by_group,
        ethical_considerations=_text_list(ethical_considerations, "ethical_considerations"),
        caveats=_text_list(caveats, "caveats"),
        intersectional=inter, **details,
    )

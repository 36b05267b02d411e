"""Transparency toolkit: global and local explanations, proxy detection, counterfactuals,
model cards.

Lesson 05 and the counterfactual widget call these plain functions; lessons 06 and 07 reuse
:class:`ModelCard`. Figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.
"""

from ._common import (
    BAD_COUNT,
    BAD_FEATURE_COUNT,
    BAD_RANGE,
    BAD_STEPS,
    BAD_TEXT,
    IMMUTABLE_ACTIONABLE,
    NO_ACTIONABLE,
    NO_COUNTERFACTUAL,
    NOT_A_MODEL,
    NOT_A_ROW,
    NOT_A_TREE,
    NOT_FITTED,
    NOT_LINEAR,
    NOT_NUMERIC,
    UNKNOWN_FEATURE,
)
from ._model_card import (
    BAD_METRICS,
    BY_GROUP_COLUMNS,
    CARD_SECTIONS,
    NOT_A_LIST_OF_TEXT,
    PLACEHOLDERS,
    TEXT_SECTIONS,
    ModelCard,
    frame_to_markdown,
    model_card_from_model,
    overall_metrics,
)

__all__ = [
    "BAD_COUNT",
    "BAD_FEATURE_COUNT",
    "BAD_METRICS",
    "BAD_RANGE",
    "BAD_STEPS",
    "BAD_TEXT",
    "BY_GROUP_COLUMNS",
    "CARD_SECTIONS",
    "IMMUTABLE_ACTIONABLE",
    "NOT_A_LIST_OF_TEXT",
    "NOT_A_MODEL",
    "NOT_A_ROW",
    "NOT_A_TREE",
    "NOT_FITTED",
    "NOT_LINEAR",
    "NOT_NUMERIC",
    "NO_ACTIONABLE",
    "NO_COUNTERFACTUAL",
    "PLACEHOLDERS",
    "TEXT_SECTIONS",
    "UNKNOWN_FEATURE",
    "ModelCard",
    "frame_to_markdown",
    "model_card_from_model",
    "overall_metrics",
]

"""Transparency toolkit: global and local explanations, proxy detection, counterfactuals,
model cards.

Lesson 05 and the counterfactual widget call these plain functions; lessons 06 and 07 reuse
:class:`ModelCard`. Figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.
"""

from . import (
    _common,
    _contributions,
    _counterfactual,
    _global,
    _importance_intervals,
    _model_card,
    _paired,
    _proxy,
    _shap,
)
from ._common import *  # noqa: F403
from ._contributions import *  # noqa: F403
from ._counterfactual import *  # noqa: F403
from ._global import *  # noqa: F403
from ._importance_intervals import *  # noqa: F403
from ._model_card import *  # noqa: F403
from ._paired import *  # noqa: F403
from ._proxy import *  # noqa: F403
from ._shap import *  # noqa: F403

__all__ = [
    *_common.__all__,
    *_contributions.__all__,
    *_counterfactual.__all__,
    *_global.__all__,
    *_importance_intervals.__all__,
    *_model_card.__all__,
    *_paired.__all__,
    *_proxy.__all__,
    *_shap.__all__,
]

"""Transparency toolkit: global and local explanations, proxy detection, counterfactuals,
model cards.

Lesson 05 and the counterfactual widget call these plain functions; lessons 06 and 07 reuse
:class:`ModelCard`. Figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.
"""

from . import _common, _global, _local, _model_card, _proxy
from ._common import *  # noqa: F403
from ._global import *  # noqa: F403
from ._local import *  # noqa: F403
from ._model_card import *  # noqa: F403
from ._proxy import *  # noqa: F403

__all__ = [*_common.__all__, *_global.__all__, *_local.__all__, *_model_card.__all__, *_proxy.__all__]

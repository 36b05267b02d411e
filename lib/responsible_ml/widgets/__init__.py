"""Interactive widgets: thin views over plain functions of the other modules.

A widget reads its controls, calls a function from ``responsible_ml.fairness``,
``.privacy``, ``.explain``, ``.monitoring`` or ``.tradeoffs`` and draws the result.
It never computes a statistic itself. Each topic keeps its widgets in a private module.
"""

from . import _class, _explain, _fairness, _monitoring, _privacy, _prompt, _tradeoffs, _view
from ._class import *  # noqa: F403
from ._explain import *  # noqa: F403
from ._fairness import *  # noqa: F403
from ._monitoring import *  # noqa: F403
from ._privacy import *  # noqa: F403
from ._prompt import *  # noqa: F403
from ._tradeoffs import *  # noqa: F403
from ._view import *  # noqa: F403

__all__ = [
    *_view.__all__,
    *_prompt.__all__,
    *_class.__all__,
    *_fairness.__all__,
    *_privacy.__all__,
    *_explain.__all__,
    *_monitoring.__all__,
    *_tradeoffs.__all__,
]

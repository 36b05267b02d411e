"""Course figures: one style, and figure functions that take an ``ax`` and return it.

Each topic keeps its figures in its own private module; this package re-exports them.
"""

from . import _basics, _explain, _explain_ice, _fairness, _monitoring, _privacy, _style, _tradeoffs
from ._basics import *  # noqa: F403
from ._explain import *  # noqa: F403
from ._explain_ice import *  # noqa: F403
from ._fairness import *  # noqa: F403
from ._monitoring import *  # noqa: F403
from ._privacy import *  # noqa: F403
from ._style import *  # noqa: F403
from ._tradeoffs import *  # noqa: F403

__all__ = [
    *_style.__all__,
    *_basics.__all__,
    *_fairness.__all__,
    *_privacy.__all__,
    *_explain.__all__,
    *_explain_ice.__all__,
    *_monitoring.__all__,
    *_tradeoffs.__all__,
]

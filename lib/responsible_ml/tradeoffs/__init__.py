"""Trade-offs and ethical decision making (lesson 07).

- the trade-off frontier: evaluate candidates (thresholds, mitigation strength, privacy ε)
  on accuracy, a fairness gap and privacy; keep the Pareto-efficient ones; choose the point
  that best meets stated constraints;
- the impossibility results (calibration by group vs equal error rates);
- stakeholder map, ethical impact assessment, ethical-use note;
- the self-assessment store (a local JSON file);
- the capstone pipeline: data → checks → go/no-go report.

Everything here computes; figures are in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.
"""

from . import (
    _assessment,
    _candidates,
    _capstone,
    _checks,
    _frontier,
    _impossibility,
    _self_assessment,
)
from ._assessment import *  # noqa: F403
from ._candidates import *  # noqa: F403
from ._capstone import *  # noqa: F403
from ._checks import *  # noqa: F403
from ._frontier import *  # noqa: F403
from ._impossibility import *  # noqa: F403
from ._self_assessment import *  # noqa: F403

__all__ = [
    *_assessment.__all__,
    *_candidates.__all__,
    *_capstone.__all__,
    *_checks.__all__,
    *_frontier.__all__,
    *_impossibility.__all__,
    *_self_assessment.__all__,
]

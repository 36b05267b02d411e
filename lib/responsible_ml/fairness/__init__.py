"""Fairness toolkit: the group-metric engine, metrics by group and intersection, gaps.

Every per-group rate and gap of the package is computed here, in one engine
(:mod:`responsible_ml.fairness._engine`); lessons, widgets, the model card, the monitors and
the trade-off frontier call it. Figures live in :mod:`responsible_ml.plotting`, widgets in
:mod:`responsible_ml.widgets`.

* Engine: :func:`group_gap` (gap, 95 % Newcombe interval, explicit rule for undefined
  groups). The rest of the engine is private API that the other toolkits and the widgets
  import from :mod:`responsible_ml.fairness._engine`: ``encode_groups`` (integer group codes,
  once), ``group_rates`` (counts and rates with 95 % Wilson intervals; one vector of
  decisions or a matrix of candidates), ``group_rates_from_counts``, ``group_counts`` (raw
  and expected counts), ``overall_rates``.
* Slicing: :func:`metrics_by_group`.
* Mitigation: :func:`reweighing_weights` (pre-processing, by hand),
  :func:`fairness_summary` (accuracy and gaps of one set of decisions).
* Widget logic: :func:`threshold_by_group` (engine), :func:`score_dataset`, :func:`slice_bias`.
"""

from . import _engine, _explorer, _mitigation, _slicing
from ._engine import *  # noqa: F403
from ._explorer import *  # noqa: F403
from ._mitigation import *  # noqa: F403
from ._slicing import *  # noqa: F403

__all__ = [*_engine.__all__, *_slicing.__all__, *_mitigation.__all__, *_explorer.__all__]

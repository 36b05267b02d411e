"""Privacy toolkit: re-identification, k-anonymity, randomised response, differential privacy.

Lesson 04 and the privacy widgets call these plain functions; figures live in
:mod:`responsible_ml.plotting`, widgets in :mod:`responsible_ml.widgets`.

* re-identification — :func:`uniqueness`, :func:`uniqueness_table`, :func:`class_sizes`,
  :func:`linkage_attack`, :func:`k_anonymity`, :func:`generalise`,
  :func:`suppress_small_classes`, :func:`information_loss`;
* randomised response — :func:`randomised_response`, :func:`estimate_rate`,
  :func:`randomised_response_epsilon` (the widget's repeated surveys, ``simulate_surveys``,
  are private: :mod:`responsible_ml.privacy._randomised_response`);
* differential privacy (diffprivlib) — :func:`mean_sensitivity`, :func:`laplace_scale`,
  :func:`private_count`, :func:`private_mean`, :func:`laplace_mean_by_hand`,
  :func:`noisy_answers`, :func:`repeated_queries`, :func:`scale_to_bounds`,
  :func:`privacy_utility_curve`;
* l-diversity — :func:`diversity_by_class`, :func:`l_diversity`;
* neighbouring and composition — :func:`sum_sensitivity`, :func:`compose`,
  :func:`private_group_means`, :func:`differencing_attack`, :func:`advantage_bound`;
* membership inference — :func:`per_example_loss`, :func:`membership_inference`,
  :func:`membership_null`, :func:`best_advantage`.
"""

from . import (
    _composition,
    _diversity,
    _dp,
    _membership,
    _membership_null,
    _randomised_response,
    _reidentify,
)
from ._composition import *  # noqa: F403
from ._diversity import *  # noqa: F403
from ._dp import *  # noqa: F403
from ._membership import *  # noqa: F403
from ._membership_null import *  # noqa: F403
from ._randomised_response import *  # noqa: F403
from ._reidentify import *  # noqa: F403

__all__ = [
    *_reidentify.__all__,
    *_randomised_response.__all__,
    *_dp.__all__,
    *_membership.__all__,
    *_diversity.__all__,
    *_composition.__all__,
    *_membership_null.__all__,
]

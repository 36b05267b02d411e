"""Names vulture cannot see used: `make check` runs ``vulture`` on lib/responsible_ml and this file.

vulture reads only lib/responsible_ml (configured in pyproject's ``[tool.vulture]``), so a name
is "unused" when only a framework, a notebook or a test reads it. This file is never imported
or run; vulture reads it, and each line below marks one name as used. Every entry says who
uses it. Add a name here only when it is used dynamically; dead code is deleted instead.
"""
# ruff: noqa: B018, F821
# (B018: the references do nothing, on purpose; F821: `_` stands for any object)

from responsible_ml.course import _cgroup, _execute, _sandbox
from responsible_ml.explain._counterfactual import Counterfactual
from responsible_ml.explain._global import IMPORTANCE_COLUMNS
from responsible_ml.explain._model_card import ModelCard
from responsible_ml.fairness._mitigation import FairnessSummary
from responsible_ml.monitoring._noise import COURSE_ALERT_RULES
from responsible_ml.monitoring._responses import PolicySummary
from responsible_ml.monitoring._stream import DeployedModel
from responsible_ml.monitoring._windows import MonthlyStats
from responsible_ml.privacy._composition import DifferencingAttack
from responsible_ml.privacy._dp import NoisyAnswers, laplace_mean_by_hand
from responsible_ml.privacy._membership import MembershipResult
from responsible_ml.privacy._membership_null import MembershipNull
from responsible_ml.privacy._randomised_response import RateEstimate
from responsible_ml.privacy._reidentify import LinkageResult
from responsible_ml.tradeoffs._assessment import (
    EthicalUseNote,
    ImpactAssessment,
    ImpactItem,
    Stakeholder,
    StakeholderMap,
)
from responsible_ml.tradeoffs._capstone import CapstoneReport
from responsible_ml.widgets._ahead import Ahead
from responsible_ml.widgets._view import CourseView

# ------------------------------------------------------------------------ framework hooks
# jupyter_client / nbclient / traitlets read these by name (overrides and configurables).
_.start_new_kernel_client  # nbclient's sync entry point (course/_client.py, a local class)
_execute.TrustedExecute.raise_on_iopub_timeout  # nbclient configurable
_sandbox.BoundedChannel._recv  # jupyter_client channel override
_sandbox.BoundedKernelClient  # named by SandboxKernelManager.client_class (a dotted name)
_sandbox.BoundedKernelClient.shell_channel_class
_sandbox.BoundedKernelClient.iopub_channel_class
_sandbox.BoundedKernelClient.stdin_channel_class
_sandbox.BoundedKernelClient.control_channel_class
_sandbox.BoundedKernelClient._create_connected_socket  # jupyter_client override
_sandbox.SandboxKernelManager.client_class
_sandbox.SandboxKernelManager.transport  # jupyter_client's connection transport ("ipc")
_sandbox.SandboxKernelManager.kernel_spec  # jupyter_client override
_sandbox.SandboxKernelManager._connection_file_written  # jupyter_client's own flag
_sandbox.SandboxKernelManager.shutdown_kernel  # jupyter_client entry point (and tests)
_.linger  # pyzmq socket option, set as an attribute
_.autograde_preprocessors  # nbgrader's Autograde configurable (nbgrader_config.py)
# IPython's display and pretty-printer protocols; signal and context-manager signatures.
ModelCard._repr_markdown_
CapstoneReport._repr_markdown_
cycle  # IPython pretty-printer callback argument (plotting/_style.py)
signum  # signal handler argument (feedback/_checks.py)
exc_type  # __exit__ argument (feedback/_shortcuts.py)

# ------------------------------------------------- numpydoc attributes of result types
# Documented fields, properties and methods that lessons, exercises and tests read (or that
# as_dict() / getattr over a section list reads).
Counterfactual.n_candidates  # lesson 05
ModelCard.mitchell_gaps  # lesson 05
FairnessSummary.selection_rate_ratio  # lesson 03
FairnessSummary.selection_rate_gap  # read through as_dict() (tests/fairness)
FairnessSummary.worst_tpr_group  # read through as_dict() (tests/fairness)
FairnessSummary.as_dict  # tests/fairness
PolicySummary.as_dict  # lesson 06
DeployedModel.trained_months  # tests/monitoring
DifferencingAttack.mean_with  # lesson 04
DifferencingAttack.mean_without
DifferencingAttack.exact_reconstruction
DifferencingAttack.epsilon_others
DifferencingAttack.private_mean_with
DifferencingAttack.noise_scale
DifferencingAttack.reconstruction_error_median  # tests/privacy
DifferencingAttack.reconstruction_error_95
NoisyAnswers.noise_sd  # lesson 04
MembershipResult.member_loss  # tests/privacy
MembershipResult.nonmember_loss
MembershipResult.tpr_at_fpr  # lesson 04
MembershipResult.generalisation_gap  # tests/privacy
MembershipNull.quantile_95  # lesson 04
MembershipNull.p_value
RateEstimate.estimate  # lesson 04, tests/privacy
RateEstimate.standard_error
RateEstimate.ci_low
RateEstimate.ci_high
RateEstimate.observed_yes
LinkageResult.share_correct  # tests/privacy
Stakeholder.relation  # read through StakeholderMap.to_frame() (lesson 07), tests
Stakeholder.benefits
Stakeholder.harms
StakeholderMap.without_recourse  # lesson 07
ImpactItem.harm  # read through ImpactAssessment.to_frame() (lesson 07), tests
ImpactItem.affected
ImpactItem.risk
ImpactAssessment.high_risks  # lesson 07
EthicalUseNote.privacy  # lesson 07 fills them in; read through NOTE_SECTIONS (missing())
EthicalUseNote.bias_monitoring
EthicalUseNote.accountability
EthicalUseNote.complete  # tests/tradeoffs
CapstoneReport.model_card  # tests/tradeoffs

# ------------------------------------------------------ widget attributes and callbacks
_.save_button  # the save view's button (widgets/_tradeoffs.py docstring)
CourseView.last_figure  # tests of every widget
CourseView.redraws  # tests/widgets
CourseView.settle  # benchmarks/bench_widgets.py (idle time between moves), tests/widgets
CourseView.drawn_ahead  # tests/widgets/test_view.py
Ahead.ready  # tests/widgets, tests/explain

# --------------------------------------------- private names tests and docs import
_cgroup.support  # tests/course/test_sandbox.py, docs/instructor-guide.md
COURSE_ALERT_RULES  # tests/monitoring
IMPORTANCE_COLUMNS  # tests/explain
laplace_mean_by_hand  # tests/privacy (privacy/__init__'s docstring names it; not in __all__)

# ------------------------------- public, used by nothing: reported (issue 30), not deleted
# The public-API work decides on these; delete them there or give them a user.
_sandbox.SandboxKernelManager.memory_peak
_sandbox.SandboxKernelManager.kernel_log
MonthlyStats.model_version  # set by monthly_stats(), read by nothing

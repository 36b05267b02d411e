"""The public API of every subpackage: unique names, no message strings, numpydoc parameters.

A name in a subpackage's ``__all__`` is something a trainee or instructor calls or reads:
a function, a class, or a dataset/option constant. Message templates are private module
constants (tests import them from the private module).
"""

from __future__ import annotations

import collections
import importlib
import inspect
import re

import pytest

SUBPACKAGES = ("data", "fairness", "privacy", "explain", "monitoring", "tradeoffs",
               "plotting", "widgets", "feedback", "course")
#: No subpackage exports a string but these dataset/option constants (message templates
#: are private: ``_NAME`` in the module that raises them).
STRING_CONSTANTS = {
    "data": {"DATASETS_ENV_VAR"},
    "fairness": {"INTERSECTION_SEP"},
    "explain": {"ALL_FEATURES"},
    "tradeoffs": {"PASS", "FAIL", "SKIPPED", "SELF_ASSESSMENT_ENV_VAR"},
    "plotting": {"GOOD", "BAD", "NEUTRAL"},  # the palette's colours
    "course": {"NO_SANDBOX_ENV"},  # the environment variable an instructor sets for nbgrader
    "privacy": set(), "monitoring": set(), "widgets": set(), "feedback": set(),
}
#: Public functions with parameters that still lack a numpydoc Parameters section
#: (a ratchet: a new function must have one; documenting one of these fails
#: test_the_undocumented_list_is_not_stale until it is removed here).
UNDOCUMENTED = {
    "privacy.randomised_response_epsilon",
    "privacy.simulate_surveys",
    "privacy.laplace_scale",
    "privacy.laplace_mean_by_hand",
    "privacy.repeated_queries",
    "privacy.per_example_loss",
    "privacy.l_diversity",
    "privacy.best_advantage",
    "explain.check_fitted",
    "explain.check_features",
    "explain.final_estimator",
    "explain.transformed_feature_names",
    "monitoring.pseudonymise",
    "monitoring.who_decided",
    "monitoring.verify_log",
    "monitoring.verify_chain",
    "monitoring.needs_labels",
    "monitoring.psi_shares",
    "monitoring.assert_fair",
    "monitoring.schedule_from",
    "tradeoffs.ethical_use_note_template",
    "tradeoffs.check_owner",
    "tradeoffs.check_fresh_cohort",
    "tradeoffs.pareto_front",
    "tradeoffs.feasible_mask",
    "tradeoffs.save_ratings",
    "widgets.commit_reveal",
    "widgets.slicer_readout",
    "widgets.explorer_readout",
    "widgets.slicer_enabled",
    "widgets.explorer_enabled",
    "widgets.explorer_thresholds",
    "widgets.add_birth_year",
    "widgets.epsilon_readout",
    "widgets.survey_readout",
    "widgets.person_readout",
    "widgets.changes_matter",
    "widgets.monitor_readout",
    "widgets.explorer_constraints",
    "widgets.ratings_html",
    "feedback.expect_columns",
    "feedback.expect_equal",
    "feedback.expect_frame_close",
    "feedback.expect_mapping_close",
    "feedback.expect_sequence_close",
    "feedback.expect_true",
    "feedback.expect_type",
    "feedback.mistake_id",
    "course.assignments",
    "course.lessons",
    "course.nbgrader",
    "course.make_course",
    "course.generate",
    "course.normalise_notebook",
    "course.sync_differences",
    "course.execute_notebook",
    "course.course_settings",
    "course.submissions",
    "course.source_assignments",
}
#: Functions of plotting that set up or finish a figure rather than draw one.
PLOT_HELPERS = {"use_style", "new_axes", "offscreen_axes", "finish"}


def _public(sub: str):
    module = importlib.import_module(f"responsible_ml.{sub}")
    return [(name, getattr(module, name)) for name in module.__all__]


def _has_parameters(obj) -> bool:
    try:
        params = [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
    except (TypeError, ValueError):
        return False
    return bool(params)


def _documents_parameters(obj) -> bool:
    return re.search(r"^Parameters\n-{3,}", inspect.getdoc(obj) or "", re.M) is not None


def _undocumented() -> set[str]:
    return {f"{sub}.{name}" for sub in SUBPACKAGES for name, obj in _public(sub)
            if inspect.isfunction(obj) and _has_parameters(obj)
            and not _documents_parameters(obj)}


def test_every_name_is_exported_once_and_resolves():
    owners = collections.defaultdict(set)
    for sub in SUBPACKAGES:
        module = importlib.import_module(f"responsible_ml.{sub}")
        names = list(module.__all__)
        assert len(names) == len(set(names)), sub
        for name in names:
            assert hasattr(module, name), f"{sub}.{name}"
            owners[name].add(sub)
    assert {n: sorted(s) for n, s in owners.items() if len(s) > 1} == {}


def test_every_subpackage_lists_its_string_constants():
    assert sorted(STRING_CONSTANTS) == sorted(SUBPACKAGES)


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_no_message_strings_in_the_public_api(sub):
    strings = {name for name, obj in _public(sub) if isinstance(obj, str)}
    assert strings == STRING_CONSTANTS[sub]


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_public_names_are_callables_classes_or_constants(sub):
    for name, obj in _public(sub):
        if callable(obj):
            continue
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"{sub}.{name} is neither callable " \
            "nor an UPPER_CASE constant"


def test_public_functions_with_parameters_document_them():
    assert sorted(_undocumented() - UNDOCUMENTED) == []


def test_the_undocumented_list_is_not_stale():
    assert sorted(UNDOCUMENTED - _undocumented()) == []


def test_the_parameters_check_can_fail():
    def documented(a):
        """Do.

        Parameters
        ----------
        a : int
        """

    def undocumented(a):
        """Do, with `a`."""

    assert _documents_parameters(documented) and not _documents_parameters(undocumented)


def test_plot_functions_are_named_plot():
    module = importlib.import_module("responsible_ml.plotting")
    wrong = [name for name, obj in _public("plotting")
             if inspect.isfunction(obj) and name not in PLOT_HELPERS
             and not name.endswith("_plot")]
    assert wrong == []
    assert all(inspect.isfunction(getattr(module, n)) for n in PLOT_HELPERS)

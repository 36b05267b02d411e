"""The widgets' pure functions: which controls act in which mode, what the controls stand
for, what the read-outs say (no view, no callback)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from responsible_ml.widgets import _fairness as F
from responsible_ml.widgets._explain import changes_matter
from responsible_ml.widgets._fairness import explorer_enabled, explorer_thresholds, slicer_enabled


def test_explorer_enabled_by_mode():
    keys = ["group_0", "group_1"]
    assert explorer_enabled("one for all", keys) == {"common": True, "group_0": False,
                                                     "group_1": False}
    assert explorer_enabled("one per group", keys) == {"common": False, "group_0": True,
                                                       "group_1": True}


def test_explorer_thresholds():
    assert explorer_thresholds("one for all", 0.4, {"a": 0.1}) == 0.4
    assert explorer_thresholds("one per group", 0.4, {"a": 0.1}) == {"a": 0.1}
    msg = F._UNKNOWN_MODE.format(modes="'one for all', 'one per group'", mode="both")
    with pytest.raises(ValueError, match="^" + re.escape(msg) + "$"):
        explorer_thresholds("both", 0.4, {})


def test_slicer_threshold_does_not_move_a_base_rate():
    assert slicer_enabled({"metric": "base_rate"}) == {"threshold": False}
    assert slicer_enabled({"metric": "tpr"}) == {"threshold": True}


def _explanation(n_changes):
    if n_changes is None:
        return SimpleNamespace(counterfactual=None)
    changes = pd.DataFrame({"feature": [f"f{i}" for i in range(n_changes)]})
    return SimpleNamespace(counterfactual=SimpleNamespace(changes=changes))


@pytest.mark.parametrize(("n_changes", "matters"), [(None, False), (1, False), (2, True),
                                                    (3, True)])
def test_changes_matter_only_when_the_widest_search_changes_several(n_changes, matters):
    assert changes_matter(_explanation(n_changes)) is matters

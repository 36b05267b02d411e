"""A deployed model with per-group thresholds fails closed on a group it has no threshold for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from responsible_ml.monitoring._stream import DeployedModel


def _model(thresholds):
    return DeployedModel(version="v1", pipeline=None, features=("x",), thresholds=thresholds,
                         group_col="background", trained_months=(0, 5))


def test_known_groups_get_their_own_threshold():
    df = pd.DataFrame({"background": ["first_gen", "continuing", "first_gen"]})
    got = _model({"first_gen": 0.4, "continuing": 0.6}).threshold_for(df)
    np.testing.assert_allclose(got, [0.4, 0.6, 0.4])


@pytest.mark.parametrize("value", ["unknown", None, "First_gen"])
def test_a_group_without_threshold_raises_naming_it(value):
    df = pd.DataFrame({"background": ["first_gen", value]})
    with pytest.raises(ValueError, match="background values .* have no threshold"):
        _model({"first_gen": 0.4, "continuing": 0.6}).threshold_for(df)


def test_one_threshold_for_all_needs_no_group():
    df = pd.DataFrame({"background": ["anything", None]})
    np.testing.assert_allclose(_model({"*": 0.5}).threshold_for(df), [0.5, 0.5])

"""Exercise 02 after review x02-r22: question 5 grades a gap's verdict only where two accepted methods agree.

The question asks for the two-SE (Wald) rule and says the lesson's Newcombe interval (``group_gap``) is more
reliable for small groups. A verdict graded where the two disagree marks a trainee who reasons well as wrong, so
every table the visible and the hidden verdict cells grade must get the same verdict from both: an answer that
reports the right SEs and takes its verdicts from the 95 % Newcombe interval earns both verdict cells (in the
solution, hidden tests included, and in the released exercise). The pooled SE, which the question rules out, is
caught on rare-event tables (tests/course/mutants/02-what-can-go-wrong.py).
"""

from __future__ import annotations

import math
import pathlib

import numpy as np
import pytest

NAME = "02-what-can-go-wrong"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
EXERCISE = ROOT / "exercises" / NAME / f"{NAME}.ipynb"
VERDICT_CELLS = {"test_gap_or_noise_fnr_gap_real", "test_gap_or_noise_fpr_gap_real"}

#: Right SEs and completers_needed; each verdict from the 95 % Newcombe (hybrid Wilson score) interval of the
#: difference: real when the interval excludes 0. The Wilson arithmetic is the library's (_engine._wilson).
_NEWCOMBE_NOISE = '''
def gap_or_noise(df, group_col, label_col, pred_col, group, other):
    g = df[group_col].astype(str).to_numpy()
    y = df[label_col].to_numpy()
    p = df[pred_col].to_numpy()
    z = 1.959963984540054

    def rate_n_bounds(name, label):
        rows = (g == name) & (y == label)
        n = int(rows.sum())
        r = float((p[rows] != label).mean())
        centre, half = r + z ** 2 / (2 * n), z * np.sqrt(r * (1 - r) / n + z ** 2 / (4 * n ** 2))
        return r, n, max(0.0, (centre - half) / (1 + z ** 2 / n)), min(1.0, (centre + half) / (1 + z ** 2 / n))

    out = {}
    for key, label in (("fnr", 1), ("fpr", 0)):
        p1, n1, l1, u1 = rate_n_bounds(group, label)
        p2, n2, l2, u2 = rate_n_bounds(other, label)
        d = p1 - p2
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        out[key + "_gap_se"] = float(np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
        out[key + "_gap_real"] = bool(low > 0 or high < 0)
    f, _, _, _ = rate_n_bounds(group, 1)
    out["completers_needed"] = int(np.ceil(f * (1 - f) / 0.04 ** 2))
    return out
'''


def _newcombe_answer():
    namespace = {"np": np}
    exec(_NEWCOMBE_NOISE, namespace)  # noqa: S102 - the answer text the notebook runs, checked here
    return namespace["gap_or_noise"]


@pytest.mark.parametrize("counts", [
    # (group's misses, completers, other's misses, completers): the disputed example (9 / 22 vs 20 / 100),
    # the rare-event tables, the second table's FNR and the overlap table.
    (9, 22, 20, 100), (1, 20, 0, 100), (1, 30, 0, 150), (5, 100, 20, 100), (14, 40, 15, 100)])
def test_the_newcombe_answer_is_the_lessons_group_gap(counts):
    """The answer's Newcombe interval is group_gap's (the lesson's), so the test below checks the lesson's method."""
    import pandas as pd

    from responsible_ml.fairness import group_gap
    from responsible_ml.fairness._engine import encode_groups, group_rates

    k1, n1, k2, n2 = counts
    rows = [("a", 1, 0)] * k1 + [("a", 1, 1)] * (n1 - k1) + [("b", 1, 0)] * k2 + [("b", 1, 1)] * (n2 - k2)
    df = pd.DataFrame(rows + [("a", 0, 0), ("b", 0, 0)], columns=["group", "label", "pred"])
    table = group_rates(df["label"], df["pred"], encode_groups(df["group"]), min_group_size=1)
    gap = group_gap(table, "fnr")
    excludes_zero = gap.low > 0 or gap.high < 0
    assert _newcombe_answer()(df, "group", "label", "pred", "a", "b")["fnr_gap_real"] == excludes_zero, gap
    # and the example's FNR gap (1.86 SE) is the dispute review x02-r22 found: noise by 2 SE, real by Newcombe
    if counts == (9, 22, 20, 100):
        se = math.sqrt(9 / 22 * 13 / 22 / 22 + 0.2 * 0.8 / 100)
        assert abs(9 / 22 - 0.2) < 2 * se and excludes_zero, (se, gap)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_02_gap_verdicts_by_newcombe_pass_every_graded_table():
    """Every table a verdict cell grades (visible and hidden) gets the same verdict from 2 SE and from Newcombe."""
    from responsible_ml.course import run_notebook_cells

    only = {"setup", "gap_or_noise", *VERDICT_CELLS}
    outcome = run_notebook_cells(SOLUTION, {"gap_or_noise": _NEWCOMBE_NOISE}, only=only)
    assert outcome == dict.fromkeys(VERDICT_CELLS), outcome
    # The released exercise's copy of the cells (what a trainee runs) too.
    visible = run_notebook_cells(EXERCISE, {"gap_or_noise": _NEWCOMBE_NOISE}, only=only)
    assert visible == dict.fromkeys(VERDICT_CELLS), visible

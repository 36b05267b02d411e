"""Per-trainee variants of exercise 02 (issue 28).

What varies: the case-study sample of questions 1-5 and 8 (the setup's ``make_case_study`` seed, one of
the vetted :data:`_DATA_SEEDS_02`), the proxy sample of question 6 (seeds 100-199) and the order of
question 7's four graded scenarios over A-D. Questions 1-6 ask for functions graded on fixed tables
and on the trainee's sample (their expected values are computed, never drawn); question 7's words are
the answers a peer could copy, so their letters move.

In process, as the grader runs the cells (:func:`responsible_ml.course.run_notebook_cells` with
``trainee=``). The quick tests check the parameters of 50 trainees and grade question 7 for 50 (a light
setup: question 7's cells need no data); the slow tests check the samples the trainees draw, run the
samples' cells and question 1 for every 10th trainee and the whole notebook for one (reference and blank
for all 50, whole notebook, with RML_ALL_VARIANTS=1: a guarded test cell takes seconds).
"""

from __future__ import annotations

import json
import os
import pathlib
import re

import pytest

from responsible_ml.course import run_notebook_cells
from responsible_ml.feedback import trusted, variant
from responsible_ml.feedback._variant import _DATA_SEEDS_02

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "02-what-can-go-wrong"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
EXERCISE = ROOT / "exercises" / NAME / f"{NAME}.ipynb"
TRAINEES = [f"trainee{i:02d}" for i in range(50)]
ALL = os.environ.get("RML_ALL_VARIANTS") == "1"
#: Every 10th trainee (all 50 with RML_ALL_VARIANTS=1), as tests/course/test_variants.py's SWEEP.
SWEEP = TRAINEES if ALL else TRAINEES[::10]

#: The lesson's reading of question 7's scenarios in the published order (variant 0's A-D).
READINGS = [("allocation", "measurement"), ("quality-of-service", "representation"),
            ("allocation", "aggregation"), ("representational", "historical")]
HARM_TESTS = {f"test_harm_and_source_{part}_{letter}" for part in ("harm", "source") for letter in "ABCD"}
#: Question 7 needs no data: a light setup (the graded cells' names only) makes 50 trainees quick.
LIGHT_SETUP = ("from responsible_ml.feedback import expect_true, expect_type, variant\n"
               f"V = variant({NAME!r})\n")
HARM_CELLS = {"setup", "harm_scenarios", "harm_and_source", *HARM_TESTS}
#: The cells that read the variant's data or order (setup, the samples, the test cells run on them, the
#: numbers of question 8) and every answer; the other test cells grade the answers on fixed tables only
#: (checked by test_the_cells_left_out_read_no_variant_data), so variant 0's runs (mutants, round trip)
#: cover them.
VARIED_TESTS = {"test_group_shares", "test_decide", "test_error_rates_by_group_accuracy",
                "test_error_rates_by_group_fpr_fnr", "test_accuracy_hides_gap_overall",
                "test_accuracy_hides_gap_worst", "test_gap_or_noise_fnr_gap_se", "test_membership_auc_pairs",
                *HARM_TESTS}
#: Names of the data a variant draws (setup and setup_proxies) and of the variant itself.
# The data names, also under the test cells' private aliases (`_t02_data_scored`, `_t02_proxies`).
DATA_NAMES = re.compile(r"\b(?:_t02_(?:data_)?)?(scored|train|proxies|is_first_gen)\b|\bV\.|\bvariant\(")


def _notebook(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _cells(path) -> dict[str, str]:
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in _notebook(path)
            if c["metadata"].get("nbgrader", {}).get("grade_id")}


def _answers(path) -> dict[str, str]:
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in _notebook(path)
            if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}


def _varied_cells() -> set[str]:
    return {"setup", "setup_proxies", "harm_scenarios", "ship_it_numbers", *_answers(SOLUTION), *VARIED_TESTS}


def _order(trainee: str | None) -> list[int]:
    return variant(NAME, trainee=trainee).params["scenarios"]


def _literal(trainee: str | None) -> str:
    """Question 7's answer cell with `trainee`'s right words as literals (what a peer would copy)."""
    order = _order(trainee)
    harm = {letter: READINGS[k][0] for letter, k in zip("ABCD", order, strict=True)}
    source = {letter: READINGS[k][1] for letter, k in zip("ABCD", order, strict=True)}
    return (f"HARM = {harm!r}\nSOURCE = {source!r}\n"
            "PRACTICE = {'harm': 'allocation', 'source': 'evaluation'}\n"
            "PRACTICE_F = {'harm': 'representational', 'source': 'measurement'}\n")


def _lost(copied_from: str | None, graded_as: str | None) -> set[str]:
    """The cells `copied_from`'s words lose when graded as `graded_as`: where the readings differ."""
    a, b = _order(copied_from), _order(graded_as)
    return {f"test_harm_and_source_{part}_{letter}" for i, letter in enumerate("ABCD")
            for j, part in enumerate(("harm", "source")) if READINGS[a[i]][j] != READINGS[b[i]][j]}


# ------------------------------------------------------------------ the parameters
def test_variant_0_is_the_published_exercise():
    assert variant(NAME, trainee="").params == {"data_seed": 3, "proxy_seed": 7, "scenarios": [0, 1, 2, 3]}
    assert trusted().variant(NAME, "alice").params == variant(NAME, trainee="alice").params
    cells = _cells(SOLUTION)
    assert 'random_state=V.params["data_seed"]' in cells["setup"]
    assert '.params["proxy_seed"]' in cells["setup_proxies"]
    # The hidden tests' readings are READINGS, in the published order (the scenario texts in that order).
    for part, j in (("harm", 0), ("source", 1)):
        hidden = cells[f"test_harm_and_source_{part}_A"]
        assert [w for w in re.findall(r"^    \('([a-z-]+)', '" + part + r"-[A-D]'", hidden, re.M)] == [
            r[j] for r in READINGS], hidden
    texts = cells["harm_scenarios"]
    assert texts.index("scholarship") < texts.index("writing aid") < texts.index("one weight for videos") < texts.index(
        "banner")


def test_fifty_variants_differ_and_keep_the_answer_kinds():
    params = [variant(NAME, trainee=t).params for t in TRAINEES]
    assert {p["data_seed"] for p in params} <= set(_DATA_SEEDS_02)  # vetted samples only
    assert len({p["data_seed"] for p in params}) >= 30
    assert all(100 <= p["proxy_seed"] < 200 for p in params)
    assert len({p["proxy_seed"] for p in params}) >= 30
    assert all(sorted(p["scenarios"]) == [0, 1, 2, 3] for p in params)
    assert len({tuple(p["scenarios"]) for p in params}) >= 15
    # Each scenario is shown under each letter for some trainee: no letter's word is the same for all.
    for k in range(4):
        assert {p["scenarios"].index(k) for p in params} == {0, 1, 2, 3}, k
    # Most pairs of trainees differ in some of question 7's eight words.
    assert sum(bool(_lost(a, b)) for a, b in zip(TRAINEES[:25], TRAINEES[25:], strict=True)) >= 18


# ------------------------------------------------------------------ question 7, graded
@pytest.mark.parametrize("trainee", TRAINEES)
def test_question_7_own_words_full_blank_zero_a_peers_words_lose_where_they_differ(trainee):
    """Graded as `trainee`: the literal words of the trainee's own variant (the reference as they would type
    it) earn all eight cells. For the sweep's trainees (every 10th) also: the blank earns none, and a peer's
    words (the next trainee's) and variant 0's lose exactly the cells where the scenario shown under that
    letter has another reading. (A notebook run costs about 1 s here: each hidden cell loads the trusted
    copy of the library.)"""
    setup = {"setup": LIGHT_SETUP}
    own = run_notebook_cells(SOLUTION, {**setup, "harm_and_source": _literal(trainee)}, trainee=trainee,
                             only=HARM_CELLS)
    assert set(own) == HARM_TESTS and not any(own.values()), (trainee, own)
    if trainee not in SWEEP:
        return
    blank = run_notebook_cells(SOLUTION, {**setup, "harm_and_source": _answers(EXERCISE)["harm_and_source"]},
                               trainee=trainee, only=HARM_CELLS)
    assert all(blank.values()), (trainee, blank)
    peer = TRAINEES[(TRAINEES.index(trainee) + 1) % len(TRAINEES)]
    for source in (peer, ""):
        copied = run_notebook_cells(SOLUTION, {**setup, "harm_and_source": _literal(source)}, trainee=trainee,
                                    only=HARM_CELLS)
        assert {k for k, v in copied.items() if v} == _lost(source, trainee), (trainee, source, copied)


# ------------------------------------------------------------------ the data-dependent cells
def test_the_cells_left_out_read_no_variant_data():
    """The test cells the sweep leaves out grade on fixed tables only: they name none of the variant's data
    (so their results do not depend on the variant, and variant 0's runs cover them)."""
    cells = _cells(SOLUTION)
    graded = {c["metadata"]["nbgrader"]["grade_id"] for c in _notebook(SOLUTION)
              if c["metadata"].get("nbgrader", {}).get("grade")}
    left_out = {g for g in graded if g.startswith("test_")} - VARIED_TESTS
    assert left_out, "some test cells are left out of the sweep"
    for gid in sorted(left_out):
        assert not DATA_NAMES.findall(re.sub(r"#.*", "", cells[gid])), (gid, DATA_NAMES.findall(cells[gid]))
    for gid in sorted(VARIED_TESTS - HARM_TESTS):  # ... and the others do
        assert DATA_NAMES.search(cells[gid]), gid


#: The sweep's cells: the two samples, question 1 (its visible check reads the trainee's own sample), the
#: scenarios and question 8's numbers. Every other cell that reads a sample grades an answer against the
#: library on that same sample, whose pattern test_every_vetted_sample_keeps_question_8s_pattern checks; the
#: whole notebook runs for one trainee below and for all 50 with RML_ALL_VARIANTS=1 (each guarded test cell
#: takes seconds, about 35 s a trainee for the whole notebook on a quiet core).
SWEEP_CELLS = {"setup", "group_shares", "test_group_shares", "setup_proxies", "harm_scenarios", "ship_it_numbers"}


@pytest.mark.slow
@pytest.mark.parametrize("trainee", SWEEP)
def test_sweep_reference_full_blank_zero_a_peers_shares_fail(trainee):
    """As `trainee`: the reference passes (the whole notebook with RML_ALL_VARIANTS=1, else the sweep's
    cells), the blank fails every graded cell run, and trainee `peer`'s training shares typed as literals
    fail the visible check of question 1, which reads the trainee's own sample."""
    only = None if ALL else SWEEP_CELLS
    ref = run_notebook_cells(SOLUTION, trainee=trainee, only=only)
    assert ref and not any(ref.values()), (trainee, ref)
    if ALL:
        assert set(ref) >= VARIED_TESTS, ref
        blank = run_notebook_cells(SOLUTION, _answers(EXERCISE), trainee=trainee)
        assert all(blank.values()), (trainee, {k: v for k, v in blank.items() if not v})
    peer = TRAINEES[(TRAINEES.index(trainee) + 1) % len(TRAINEES)]
    copied = run_notebook_cells(SOLUTION, {"group_shares": _shares_literal(peer)}, trainee=trainee,
                                only={"setup", "group_shares", "test_group_shares"})
    if variant(NAME, trainee=peer).params["data_seed"] != variant(NAME, trainee=trainee).params["data_seed"]:
        assert "share of learners per background" in (copied["test_group_shares"] or ""), (trainee, peer, copied)


@pytest.mark.slow
def test_whole_notebook_reference_full_blank_zero_for_a_trainee_variant():
    """One non-zero variant end to end (every sample and the scenario order drawn from it)."""
    ref = run_notebook_cells(SOLUTION, trainee="trainee03")
    assert len(ref) == 26 and not any(ref.values()), ref
    blank = run_notebook_cells(SOLUTION, _answers(EXERCISE), trainee="trainee03", only=_varied_cells())
    assert set(blank) == VARIED_TESTS and all(blank.values()), {k: v for k, v in blank.items() if not v}


def _shares_literal(trainee: str) -> str:
    from responsible_ml.data import make_case_study

    train = make_case_study(n=2400, random_state=variant(NAME, trainee=trainee).params["data_seed"],
                            minority_share=0.08).iloc[::2]
    shares = {str(k): float(v) for k, v in train["background"].value_counts(normalize=True).items()}
    return f"def group_shares(df, group_col):\n    return {shares!r}\n"


def _gaps(data_seed: int) -> dict:
    """Question 8's locked numbers for a sample: each gap's larger group and 95 % interval."""
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from responsible_ml.data import CASE_STUDY_FEATURES, make_case_study
    from responsible_ml.fairness import group_gap, metrics_by_group

    features = list(CASE_STUDY_FEATURES)
    learners = make_case_study(n=2400, random_state=data_seed, minority_share=0.08)
    train, test = learners.iloc[::2], learners.iloc[1::2]
    prepare = ColumnTransformer([("numbers", StandardScaler(), features[:-1]),
                                 ("device", OneHotEncoder(drop="first"), ["device"])])
    model = make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[features], train["completed"])
    pred = (np.round(model.predict_proba(test[features])[:, 1], 2) >= 0.5).astype(int)
    table = metrics_by_group(test["completed"], pred, sensitive_features=test["background"], min_group_size=1)
    out = {"smallest": train["background"].value_counts().idxmin()}
    for metric in ("accuracy", "fnr", "fpr"):
        gap = group_gap(table, metric)
        out[metric] = (gap.max_group, gap.low, gap.high)
    return out


@pytest.mark.slow
def test_every_vetted_sample_keeps_question_8s_pattern():
    """Each sample the 50 trainees draw (every vetted one with RML_ALL_VARIANTS=1; variant 0's too) gives
    question 8 the published pattern:
    first-generation learners are the smallest group, less accurate and missed more (each gap's 95 %
    interval above 0.01), while the FPR gap's interval includes 0 with a margin (noise)."""
    drawn = {variant(NAME, trainee=t).params["data_seed"] for t in TRAINEES}
    for seed in sorted({3, *(_DATA_SEEDS_02 if ALL else drawn)}):
        g = _gaps(seed)
        assert g["smallest"] == "first_gen", (seed, g)
        assert g["accuracy"][0] == "continuing" and g["accuracy"][1] > 0.01, (seed, g)
        assert g["fnr"][0] == "first_gen" and g["fnr"][1] > 0.01, (seed, g)
        assert g["fpr"][1] < -0.01 and g["fpr"][2] > 0.01, (seed, g)


@pytest.mark.slow
def test_every_proxy_sample_drawn_keeps_question_6s_pattern():
    """Each proxy sample the 50 trainees draw (and variant 0's): deprivation and prior courses carry
    background (AUC >= 0.65), hours, quiz and forum little (<= 0.6)."""
    from sklearn.metrics import roc_auc_score

    from responsible_ml.data import make_case_study

    for seed in sorted({7, *(variant(NAME, trainee=t).params["proxy_seed"] for t in TRAINEES)}):
        proxies = make_case_study(n=1500, random_state=seed, proxy_strength=0.5)
        member = (proxies["background"] == "first_gen").to_numpy()
        auc = {c: max(a, 1 - a) for c in ("prior_courses", "hours_per_week", "quiz_avg", "forum_posts",
                                          "district_deprivation") for a in [roc_auc_score(member, proxies[c])]}
        assert auc["district_deprivation"] >= 0.65 and auc["prior_courses"] >= 0.65, (seed, auc)
        assert max(auc["hours_per_week"], auc["quiz_avg"], auc["forum_posts"]) <= 0.6, (seed, auc)

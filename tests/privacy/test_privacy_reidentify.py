"""Re-identification: uniqueness, linkage attack, k-anonymity, generalisation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from responsible_ml import _validation as v
from responsible_ml.data import make_case_study, make_directory
from responsible_ml.privacy import _reidentify as r


@pytest.fixture(scope="module")
def people():
    return make_case_study(600, random_state=3)


def small():
    return pd.DataFrame({
        "zip": ["A", "A", "A", "B", "B", "C"],
        "sex": ["f", "f", "m", "m", "m", "f"],
        "age": [31, 34, 45, 22, 29, 70],
    })


def test_class_sizes_and_uniqueness_by_hand():
    t = small()
    sizes = r.class_sizes(t, ["zip", "sex"])
    assert sizes.tolist() == [2, 2, 1, 2, 2, 1]
    assert sizes.index.equals(t.index)
    assert r.uniqueness(t, ["zip", "sex"]) == pytest.approx(2 / 6)
    assert r.uniqueness(t, "zip") == pytest.approx(1 / 6)
    assert r.uniqueness(t, ["zip", "sex", "age"]) == 1.0


def test_k_is_the_smallest_class_not_the_mean_or_the_count():
    t = pd.DataFrame({"g": ["a"] * 6 + ["b"] * 2 + ["c"] * 4})
    assert r.k_anonymity(t, ["g"]) == 2          # mean would be 4, number of classes 3
    assert r.k_anonymity(t.iloc[:6], "g") == 6


def test_missing_values_form_their_own_class():
    t = pd.DataFrame({"g": ["a", "a", None, None, "b"]})
    assert r.class_sizes(t, "g").tolist() == [2, 2, 2, 2, 1]


def test_unused_categories_do_not_make_k_zero():
    t = pd.DataFrame({"g": pd.Categorical(["a", "a"], categories=["a", "b"])})
    assert r.k_anonymity(t, ["g"]) == 2


def test_uniqueness_table(people):
    table = r.uniqueness_table(people, {"full": ["birth_date", "district", "gender"],
                                        "gender": ["gender"]})
    assert list(table.columns) == ["n_rows", "n_classes", "unique_share", "k",
                                   "median_class_size"]
    assert table.loc["full", "unique_share"] > 0.9
    assert table.loc["gender", "n_classes"] == people["gender"].nunique()
    assert table.loc["gender", "k"] == people["gender"].value_counts().min()


def test_linkage_attack_counts_only_single_candidates():
    release = pd.DataFrame({"zip": ["A", "A", "B", "C", "D"], "sex": ["f", "m", "m", "f", "f"]},
                           index=[10, 11, 12, 13, 14])
    directory = pd.DataFrame({
        "name": ["Ann", "Bob", "Ben", "Cat", "Cid"],
        "zip": ["A", "A", "B", "B", "C"],
        "sex": ["f", "m", "m", "m", "f"],
    })
    truth = pd.Series(["Ann", "Al", "Ben", "Cat", "Dee"], index=release.index)
    res = r.linkage_attack(release, directory, ["zip", "sex"], truth=truth)
    m = res.matches
    assert m.index.tolist() == [10, 11, 12, 13, 14]
    assert m["candidates"].tolist() == [1, 1, 2, 1, 0]
    assert m["reidentified"].tolist() == [True, True, False, True, False]
    assert m.loc[10, "matched_name"] == "Ann" and pd.isna(m.loc[12, "matched_name"])
    assert m["correct"].tolist() == [True, False, False, False, False]  # Bob ≠ Al, Cid ≠ Cat
    assert (res.n_release, res.n_reidentified, res.n_correct, res.n_wrong) == (5, 3, 1, 2)
    assert res.share_reidentified == pytest.approx(0.6)
    assert res.share_correct == pytest.approx(0.2)
    rows = res.matched_rows(release)
    assert rows.index.tolist() == [10, 11, 13] and "zip" in rows


def test_linkage_without_truth():
    release = pd.DataFrame({"zip": ["A"]})
    res = r.linkage_attack(release, pd.DataFrame({"name": ["x"], "zip": ["A"]}), "zip")
    assert res.n_correct is None and res.share_correct is None and "correct" not in res.matches


def test_linkage_on_case_study_is_mostly_right(people):
    directory = make_directory(people, coverage=0.6, random_state=1)
    res = r.linkage_attack(people.drop(columns="name"), directory,
                           ["birth_date", "district", "gender"], truth=people["name"])
    # 60 % are listed and almost all are unique on these three columns.
    assert 0.5 < res.share_reidentified < 0.65
    assert res.n_correct > 0.95 * res.n_reidentified
    coarse = r.linkage_attack(people.drop(columns="name"), directory, ["district", "gender"],
                              truth=people["name"])
    assert coarse.n_reidentified < 0.05 * len(people)


def test_linkage_compares_values_not_category_codes():
    release = pd.DataFrame({"d": pd.Categorical(["x", "y"], categories=["x", "y"])})
    directory = pd.DataFrame({"name": ["Y", "X"],
                              "d": pd.Categorical(["y", "x"], categories=["y", "x"])})
    res = r.linkage_attack(release, directory, ["d"])
    assert res.matches["matched_name"].tolist() == ["X", "Y"]


def test_generalise_age_district_birth(people):
    g = r.generalise(people, age_width=10, district_map=r.REGIONS, birth="year")
    assert list(g.columns) == list(people.columns)
    assert g.index.equals(people.index)
    low = (people["age"] // 10) * 10
    assert (g["age"].astype(str) == low.astype(str) + "–" + (low + 9).astype(str)).all()
    assert set(g["district"].astype(str)) <= {"north", "east", "south", "west"}
    assert (g["birth_date"] == people["birth_date"].dt.year).all()
    assert "age" in people and people["age"].dtype.kind == "i"  # input unchanged
    month = r.generalise(people, birth="month")["birth_date"]
    assert month.iloc[0] == people["birth_date"].iloc[0].strftime("%Y-%m")
    assert (r.generalise(people, birth="decade")["birth_date"] % 10 == 0).all()
    assert "birth_date" not in r.generalise(people, birth=None)
    assert r.generalise(people, age_width=1)["age"].astype(str).tolist() == \
        people["age"].astype(str).tolist()


def test_generalising_raises_k_and_costs_detail(people):
    qi = ["age", "district", "gender"]
    g = r.generalise(people, age_width=10, district_map=r.REGIONS)
    assert r.k_anonymity(g, qi) >= r.k_anonymity(people, qi)
    assert r.uniqueness(g, qi) < r.uniqueness(people, qi)
    s = r.suppress_small_classes(g, qi, 5)
    assert r.k_anonymity(s, qi) >= 5 and len(s) < len(g)
    loss = r.information_loss(people, s, qi + ["birth_date"])
    assert list(loss.columns) == ["before", "after", "detail_lost"]
    assert loss.loc["district", "after"] == 4 and loss.loc["district", "before"] == 12
    assert loss.loc["district", "detail_lost"] == pytest.approx(2 / 3)
    assert loss.loc["(rows)", "after"] == len(s)
    gone = r.information_loss(people, people.drop(columns="gender"), ["gender"])
    assert gone.loc["gender", "after"] == 1


# --------------------------------------------------------------------------- bad input
def test_empty_table():
    empty = small().iloc[:0]
    for call in (lambda: r.k_anonymity(empty, ["zip"]), lambda: r.uniqueness(empty, "zip"),
                 lambda: r.generalise(empty, age_width=5)):
        with pytest.raises(ValueError) as err:
            call()
        assert str(err.value) == v.EMPTY_FRAME.format(name="df")
    with pytest.raises(ValueError) as err:
        r.linkage_attack(empty, pd.DataFrame({"name": ["a"], "zip": ["A"]}), ["zip"])
    assert str(err.value) == v.EMPTY_FRAME.format(name="release")


def test_quasi_identifier_not_in_table():
    with pytest.raises(ValueError) as err:
        r.k_anonymity(small(), ["zip", "postcode"])
    assert str(err.value) == v.UNKNOWN_COLUMNS.format(
        name="df", missing="'postcode'", available="'zip', 'sex', 'age'")
    with pytest.raises(ValueError) as err:
        r.linkage_attack(small(), pd.DataFrame({"name": ["a"], "zip": ["A"]}), ["zip", "sex"])
    assert str(err.value).startswith("directory has no column(s) 'sex'")
    with pytest.raises(ValueError) as err:
        r.linkage_attack(small(), pd.DataFrame({"who": ["a"], "zip": ["A"]}), ["zip"])
    assert str(err.value).startswith("directory has no column(s) 'name'")


@pytest.mark.parametrize("qi, error", [([], ValueError), ((), ValueError), (5, TypeError)])
def test_no_quasi_identifiers(qi, error):
    with pytest.raises(error) as err:
        r.uniqueness(small(), qi)
    assert str(err.value) == r._NO_QUASI_IDENTIFIERS.format(value=qi)


def test_not_a_frame():
    with pytest.raises(TypeError) as err:
        r.k_anonymity([[1, 2]], ["a"])
    assert str(err.value) == v.NOT_A_FRAME.format(name="df", type_name="list")


def test_truth_of_wrong_length():
    with pytest.raises(ValueError) as err:
        r.linkage_attack(small(), small().assign(name="x"), ["zip"], truth=pd.Series(["a"]))
    assert str(err.value) == v.LENGTH_MISMATCH.format(name_a="truth", name_b="release",
                                                      len_a=1, len_b=6)


@pytest.mark.parametrize("width, error", [(0, ValueError), (-5, ValueError), (2.5, TypeError),
                                          (True, TypeError)])
def test_bad_age_width(width, error):
    with pytest.raises(error) as err:
        r.generalise(small(), age_width=width)
    assert str(err.value) == v.NOT_AN_INTEGER.format(name="age_width", bounds=" >= 1", value=width)


def test_bad_birth_and_unmapped_district(people):
    with pytest.raises(ValueError) as err:
        r.generalise(people, birth="week")
    assert str(err.value) == v.NOT_IN_OPTIONS.format(
        name="birth", options="'date', 'month', 'year', 'decade', None", value="week")
    with pytest.raises(ValueError) as err:
        r.generalise(people.iloc[:50], district_map={"D01": "north"})
    assert str(err.value).startswith("district_map has no entry for ")
    assert "(column 'district')" in str(err.value)


@pytest.mark.parametrize("k, error", [(0, ValueError), (1.5, TypeError)])
def test_bad_k(k, error):
    with pytest.raises(error) as err:
        r.suppress_small_classes(small(), ["zip"], k)
    assert str(err.value) == v.NOT_AN_INTEGER.format(name="k", bounds=" >= 1", value=k)


def test_codes_do_not_collide_on_many_columns():
    rng = np.random.default_rng(0)
    t = pd.DataFrame(rng.integers(0, 50, size=(2000, 6)), columns=list("abcdef"))
    expected = t.groupby(list(t.columns))["a"].transform("size")
    assert r.class_sizes(t, list(t.columns)).tolist() == expected.tolist()


def test_linkage_scores_by_identity_when_names_are_shared():
    # Two different people called "Ann": the release row of id 1 matches the directory
    # entry of id 2. By name it would look right; by identity it is wrong.
    release = pd.DataFrame({"zip": ["A", "B"]})
    directory = pd.DataFrame({"name": ["Ann", "Bob"], "zip": ["A", "B"],
                              "learner_id": ["L2", "L9"]})
    truth_ids = pd.Series(["L1", "L9"])
    by_name = r.linkage_attack(release, directory, ["zip"], truth=pd.Series(["Ann", "Bob"]))
    assert by_name.n_correct == 2  # the old, name-based scoring is fooled
    res = r.linkage_attack(release, directory, ["zip"], truth=truth_ids, id_col="learner_id")
    assert res.n_correct == 1 and res.n_wrong == 1
    assert list(res.matches["correct"]) == [False, True]
    assert list(res.matches["matched_name"]) == ["Ann", "Bob"]


def test_linkage_id_col_checks():
    release = pd.DataFrame({"zip": ["A"]})
    directory = pd.DataFrame({"name": ["Ann"], "zip": ["A"], "learner_id": [None]})
    res = r.linkage_attack(release, directory, ["zip"], truth=pd.Series(["L1"]),
                           id_col="learner_id")
    assert res.n_correct == 0 and res.n_wrong == 1  # a non-learner entry is never right
    with pytest.raises(ValueError, match="truth"):
        r.linkage_attack(release, directory, ["zip"], id_col="learner_id")
    with pytest.raises(ValueError, match="quasi-identifier"):
        r.linkage_attack(release.assign(learner_id="L1"), directory, ["zip", "learner_id"],
                         truth=pd.Series(["L1"]), id_col="learner_id")
    with pytest.raises(ValueError):
        r.linkage_attack(release, directory.drop(columns="learner_id"), ["zip"],
                         truth=pd.Series(["L1"]), id_col="learner_id")


def test_make_directory_keep_id_same_rows(people):
    plain = make_directory(people, coverage=0.6, random_state=3)
    with_id = make_directory(people, coverage=0.6, random_state=3, keep_id=True)
    assert plain.equals(with_id.drop(columns="learner_id"))
    listed = with_id.dropna(subset=["learner_id"])
    merged = listed.merge(people[["learner_id", "name"]], on="learner_id", suffixes=("", "_p"))
    assert len(merged) == len(listed) and (merged["name"] == merged["name_p"]).all()

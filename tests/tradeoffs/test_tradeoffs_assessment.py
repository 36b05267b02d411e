"""Stakeholder map, impact assessment and ethical-use note render to readable tables."""

from __future__ import annotations

import pytest

from responsible_ml._validation import NOT_AN_INTEGER, NOT_IN_OPTIONS
from responsible_ml.tradeoffs import (
    EthicalUseNote,
    case_study_impact_assessment,
    case_study_stakeholders,
    ethical_use_note_template,
)
from responsible_ml.tradeoffs._assessment import _DUPLICATE_STAKEHOLDER as DUPLICATE_STAKEHOLDER
from responsible_ml.tradeoffs._assessment import _EMPTY_FIELD as EMPTY_FIELD
from responsible_ml.tradeoffs._assessment import _NOT_A_STAKEHOLDER as NOT_A_STAKEHOLDER
from responsible_ml.tradeoffs._assessment import _NOT_AN_ITEM as NOT_AN_ITEM
from responsible_ml.tradeoffs._assessment import _NOT_ITEMS as NOT_ITEMS
from responsible_ml.tradeoffs._assessment import (
    NOTE_SECTIONS,
    ImpactAssessment,
    ImpactItem,
    Stakeholder,
    StakeholderMap,
)


def _person(name="learners", power="low", contest="no route yet"):
    return Stakeholder(name, "scored", "support", "passed over", power, contest)


def test_stakeholder_validation():
    with pytest.raises(ValueError) as err:
        _person(power="none")
    assert str(err.value) == NOT_IN_OPTIONS.format(name="power", options="'low', 'medium', 'high'",
                                                value="none")
    with pytest.raises(ValueError) as err:
        Stakeholder("x", " ", "b", "h", "low", "c")
    assert str(err.value) == EMPTY_FIELD.format(name="relation", value=" ")


def test_stakeholder_map_table_and_markdown():
    m = StakeholderMap("mentor offers", [_person(), _person("mentors", "medium", "appeal")])
    frame = m.to_frame()
    assert frame.columns.tolist() == ["name", "relation", "benefits", "harms", "power", "contest"]
    assert frame["name"].tolist() == ["learners", "mentors"]
    md = m.to_markdown()
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert "| name | relation |" in md and len(table) == 4  # header, rule, two rows
    assert m.without_recourse() == ["learners"]
    with pytest.raises(ValueError) as err:
        m.add(_person())
    assert str(err.value) == DUPLICATE_STAKEHOLDER.format(name="learners")


def test_case_study_map_has_the_course_stakeholders():
    names = case_study_stakeholders().to_frame()["name"].tolist()
    assert names == ["learners", "first-generation learners", "mentors", "the platform",
                     "funders"]


def test_impact_assessment_sorts_by_risk_and_validates():
    item = ImpactItem("h", "a", 2, 3, "m", "o", "c")
    assert item.risk == 6
    with pytest.raises(ValueError) as err:
        ImpactItem("h", "a", 6, 3, "m", "o", "c")
    assert str(err.value) == NOT_AN_INTEGER.format(name="likelihood", bounds=" in [1, 5]", value=6)
    with pytest.raises(TypeError) as err:
        ImpactItem("h", "a", True, 3, "m", "o", "c")
    assert str(err.value) == NOT_AN_INTEGER.format(name="likelihood", bounds=" in [1, 5]",
                                                   value=True)
    a = ImpactAssessment("s", "d", "p", "no ML", "lead reviews",
                         [item, ImpactItem("worse", "a", 4, 4, "m", "o", "c")])
    assert a.to_frame()["harm"].tolist() == ["worse", "h"]
    assert a.high_risks()["harm"].tolist() == ["worse"]
    assert "**Alternatives (incl. no ML):** no ML" in a.to_markdown()
    assert "_No harms listed yet._" in ImpactAssessment("s", "d", "p", "x", "y").to_markdown()


def test_maps_and_assessments_reject_other_objects():
    with pytest.raises(TypeError) as err:
        StakeholderMap("s").add("learners")
    assert str(err.value) == NOT_A_STAKEHOLDER.format(type_name="str")
    with pytest.raises(TypeError) as err:
        StakeholderMap("s", [_person(), {"name": "mentors"}])
    assert str(err.value) == NOT_A_STAKEHOLDER.format(type_name="dict")
    with pytest.raises(TypeError) as err:
        ImpactAssessment("s", "d", "p", "x", "y", [("harm", 2, 3)])
    assert str(err.value) == NOT_ITEMS.format(type_name="tuple")
    with pytest.raises(TypeError) as err:
        ImpactAssessment("s", "d", "p", "x", "y").add("harm")
    assert str(err.value) == NOT_AN_ITEM.format(type_name="str")


def test_case_study_assessment_owners_and_checks():
    frame = case_study_impact_assessment().to_frame()
    assert frame["risk"].is_monotonic_decreasing
    assert frame["owner"].str.len().gt(0).all()


def test_ethical_use_note_template_and_missing():
    text = ethical_use_note_template("mentor model")
    assert text.startswith("## Ethical-use note — mentor model")
    for question in NOTE_SECTIONS.values():
        assert question in text
    note = EthicalUseNote("m", privacy="names dropped", accountability="ML lead answers")
    assert note.missing() == ["purpose", "data", "bias_monitoring"]
    assert not note.complete
    full = EthicalUseNote("m", **{k: "x" for k in NOTE_SECTIONS})
    assert full.complete and "TO DO" not in full.to_markdown()


def test_markdown_escapes_pipes_and_writes_infinity():
    import pandas as pd

    from responsible_ml.explain._model_card import frame_to_markdown

    md = frame_to_markdown(pd.DataFrame({"a": ["x|y"], "eps": [float("inf")], "ok": [True]}),
                           index=False)
    assert md.splitlines()[2] == "| x\\|y | ∞ | yes |"

"""Deciding in context: stakeholder map, ethical impact assessment, ethical-use note.

Small structures that render to readable tables (:meth:`to_frame`, :meth:`to_markdown`), so
the decision record of a system can live next to its code and be reviewed like code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields

import pandas as pd

from .._validation import check_in, check_integer
from ..explain._model_card import frame_to_markdown

__all__ = [
    "EthicalUseNote",
    "case_study_stakeholders",
    "case_study_impact_assessment",
    "ethical_use_note_template",
]

POWER_LEVELS = ("low", "medium", "high")
#: Likelihood and severity are rated 1 (rare / minor) to 5 (almost certain / severe).
LEVELS = (1, 2, 3, 4, 5)
_EMPTY_FIELD = "{name} must be a non-empty string, got {value!r}"
_DUPLICATE_STAKEHOLDER = "a stakeholder named {name!r} is already on the map"
_NOT_A_STAKEHOLDER = "stakeholder must be a Stakeholder, got {type_name}"
_NOT_ITEMS = "items must hold ImpactItem objects, got {type_name}"
_NOT_AN_ITEM = "item must be an ImpactItem, got {type_name}"


def _text(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_EMPTY_FIELD.format(name=name, value=value))
    return value.strip()


def _score(value, name: str) -> int:
    return check_integer(value, name, low=LEVELS[0], high=LEVELS[-1])


# ----------------------------------------------------------------------------- stakeholders
@dataclass(frozen=True)
class Stakeholder:
    """Someone affected by, or with a say in, the system.

    Parameters
    ----------
    name : str
        Who ("first-generation learners").
    relation : str
        How they meet the system ("scored by the model; may be offered a mentor").
    benefits : str
        What they gain when it works.
    harms : str
        What they risk when it fails or is unfair.
    power : {"low", "medium", "high"}
        How much say they have over the system.
    contest : str
        How they can question or appeal a decision (write "no route yet" if none: a gap
        the assessment should flag).
    """

    name: str
    relation: str
    benefits: str
    harms: str
    power: str
    contest: str

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name != "power":
                object.__setattr__(self, f.name, _text(getattr(self, f.name), f.name))
        check_in(self.power, POWER_LEVELS, "power")


@dataclass
class StakeholderMap:
    """Who is affected by a system, how, and how much say they have.

    Parameters
    ----------
    system : str
        The system and decision described.
    stakeholders : list of Stakeholder
    """

    system: str
    stakeholders: list[Stakeholder] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.system = _text(self.system, "system")
        items, self.stakeholders = list(self.stakeholders), []
        for s in items:
            self.add(s)

    def add(self, stakeholder: Stakeholder) -> StakeholderMap:
        """Add a stakeholder (names are unique); returns the map for chaining.

        Parameters
        ----------
        stakeholder : Stakeholder
            The stakeholder to add.

        Returns
        -------
        StakeholderMap
            The map itself.

        Raises
        ------
        TypeError
            If `stakeholder` is not a :class:`Stakeholder` (``_NOT_A_STAKEHOLDER``).
        ValueError
            If the map already has a stakeholder of that name (``_DUPLICATE_STAKEHOLDER``).
        """
        if not isinstance(stakeholder, Stakeholder):
            raise TypeError(_NOT_A_STAKEHOLDER.format(type_name=type(stakeholder).__name__))
        if any(s.name == stakeholder.name for s in self.stakeholders):
            raise ValueError(_DUPLICATE_STAKEHOLDER.format(name=stakeholder.name))
        self.stakeholders.append(stakeholder)
        return self

    def to_frame(self) -> pd.DataFrame:
        """One row per stakeholder; columns name, relation, benefits, harms, power, contest."""
        cols = [f.name for f in fields(Stakeholder)]
        return pd.DataFrame([[getattr(s, c) for c in cols] for s in self.stakeholders],
                            columns=cols)

    def without_recourse(self) -> list[str]:
        """Names of stakeholders with low power and no route to contest a decision."""
        return [s.name for s in self.stakeholders
                if s.power == "low" and "no route" in s.contest.lower()]

    def to_markdown(self) -> str:
        """A heading and the table, as Markdown."""
        return f"### Stakeholders — {self.system}\n\n" + frame_to_markdown(self.to_frame(), index=False)


# ----------------------------------------------------------------------------- impact assessment
@dataclass(frozen=True)
class ImpactItem:
    """One potential harm in an impact assessment.

    Parameters
    ----------
    harm : str
        What could go wrong.
    affected : str
        Who bears it.
    likelihood, severity : int
        1 (rare / minor) … 5 (almost certain / severe).
    mitigation : str
        What is done about it.
    owner : str
        Who answers for it.
    check : str
        How we will know it works (a metric, a test, a review).
    """

    harm: str
    affected: str
    likelihood: int
    severity: int
    mitigation: str
    owner: str
    check: str

    def __post_init__(self) -> None:
        for name in ("harm", "affected", "mitigation", "owner", "check"):
            object.__setattr__(self, name, _text(getattr(self, name), name))
        object.__setattr__(self, "likelihood", _score(self.likelihood, "likelihood"))
        object.__setattr__(self, "severity", _score(self.severity, "severity"))

    @property
    def risk(self) -> int:
        """Likelihood × severity (1–25)."""
        return self.likelihood * self.severity


@dataclass
class ImpactAssessment:
    """An ethical impact assessment of one system and decision.

    Parameters
    ----------
    system : str
        What the system is.
    decision : str
        What it decides, for whom.
    purpose : str
        Why; the benefit it is meant to bring.
    alternatives : str
        Other ways to reach the purpose, including not using ML at all.
    human_oversight : str
        Who can review or override a decision, and when.
    items : list of ImpactItem
        The harms considered.
    """

    system: str
    decision: str
    purpose: str
    alternatives: str
    human_oversight: str
    items: list[ImpactItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("system", "decision", "purpose", "alternatives", "human_oversight"):
            setattr(self, name, _text(getattr(self, name), name))
        for item in self.items:
            if not isinstance(item, ImpactItem):
                raise TypeError(_NOT_ITEMS.format(type_name=type(item).__name__))
        self.items = list(self.items)

    def add(self, item: ImpactItem) -> ImpactAssessment:
        """Add a harm; returns the assessment for chaining.

        Parameters
        ----------
        item : ImpactItem
            The harm to add.

        Returns
        -------
        ImpactAssessment
            The assessment itself.

        Raises
        ------
        TypeError
            If `item` is not an :class:`ImpactItem` (``_NOT_AN_ITEM``).
        """
        if not isinstance(item, ImpactItem):
            raise TypeError(_NOT_AN_ITEM.format(type_name=type(item).__name__))
        self.items.append(item)
        return self

    def to_frame(self) -> pd.DataFrame:
        """One row per harm, highest risk first (ties keep their order)."""
        cols = ["harm", "affected", "likelihood", "severity", "risk", "mitigation", "owner",
                "check"]
        rows = [[getattr(i, c) for c in cols] for i in self.items]
        frame = pd.DataFrame(rows, columns=cols)
        return frame.sort_values("risk", ascending=False, kind="stable").reset_index(drop=True)

    def high_risks(self, at_least: int = 12) -> pd.DataFrame:
        """The harms whose risk (likelihood × severity) is at least `at_least`."""
        frame = self.to_frame()
        return frame[frame["risk"] >= at_least].reset_index(drop=True)

    def to_markdown(self) -> str:
        """The assessment as a Markdown section (context, then the table of harms)."""
        head = (f"### Ethical impact assessment — {self.system}\n\n"
                f"- **Decision:** {self.decision}\n- **Purpose:** {self.purpose}\n"
                f"- **Alternatives (incl. no ML):** {self.alternatives}\n"
                f"- **Human oversight:** {self.human_oversight}\n\n")
        body = frame_to_markdown(self.to_frame(), index=False) if self.items else "_No harms listed yet._"
        return head + body


# ----------------------------------------------------------------------------- ethical-use note
#: Sections of an ethical-use note, with the question each must answer.
NOTE_SECTIONS = {
    "purpose": "What the system is for, and what it must not be used for.",
    "data": "Which data it uses, where from, and on what legal basis.",
    "privacy": "How personal data is minimised, protected (access control, encryption) and "
               "deleted; what the model could reveal.",
    "bias_monitoring": "Which group metrics are watched, how often, with which limits, and "
                       "what happens when a limit is crossed.",
    "accountability": "Who answers when something goes wrong, how a person can contest a "
                      "decision, and who can switch the system off.",
}


@dataclass
class EthicalUseNote:
    """A one-page note that travels with a deployed model.

    Every field is free text; :meth:`missing` lists the sections still empty and
    :meth:`to_markdown` renders the note (empty sections show the question to answer).
    """

    system: str
    purpose: str = ""
    data: str = ""
    privacy: str = ""
    bias_monitoring: str = ""
    accountability: str = ""

    def __post_init__(self) -> None:
        self.system = _text(self.system, "system")

    def missing(self) -> list[str]:
        """Sections that are still empty, in template order."""
        return [s for s in NOTE_SECTIONS if not str(getattr(self, s)).strip()]

    @property
    def complete(self) -> bool:
        """Whether every section is filled in."""
        return not self.missing()

    def to_markdown(self) -> str:
        """The note as Markdown; an empty section shows its question in italics."""
        parts = [f"## Ethical-use note — {self.system}"]
        for key, question in NOTE_SECTIONS.items():
            title = key.replace("_", " ").capitalize()
            text = str(getattr(self, key)).strip() or f"_TO DO — {question}_"
            parts.append(f"**{title}.** {text}")
        return "\n\n".join(parts)


def ethical_use_note_template(system: str = "<system name>") -> str:
    """The blank note as Markdown, each section showing its question.

    Parameters
    ----------
    system : str, default "<system name>"
        Name of the system the note is about (in the heading).

    Returns
    -------
    str
        The Markdown of an empty :class:`EthicalUseNote`.

    Raises
    ------
    ValueError
        If `system` is not a non-empty string (``_EMPTY_FIELD``).
    """
    return EthicalUseNote(system=system).to_markdown()


# ----------------------------------------------------------------------------- case study
def case_study_stakeholders() -> StakeholderMap:
    """The stakeholder map of the course case study (mentor offers on a learning platform)."""
    people: Iterable[Stakeholder] = (
        Stakeholder("learners", "scored by the model; offered a mentor or not",
                    "support when they need it", "wrongly passed over; profiled without knowing",
                    "low", "no route yet: decisions are not explained or appealable"),
        Stakeholder("first-generation learners", "a minority in the training data",
                    "mentoring could close a completion gap",
                    "a model fitted to the majority misses them; historical labels under-credit "
                    "them", "low", "no route yet"),
        Stakeholder("mentors", "act on the model's list", "time spent where it helps",
                    "blamed for outcomes they could not influence", "medium",
                    "can flag a learner to the programme lead"),
        Stakeholder("the platform", "builds and runs the model",
                    "better completion at a fixed mentoring budget",
                    "reputational and legal risk from unfair or opaque decisions", "high",
                    "owns the model: can retrain, change the rule or switch it off"),
        Stakeholder("funders", "pay for places and mentors", "evidence the money works",
                    "funding a system that widens gaps", "high",
                    "audit rights in the funding agreement"),
    )
    return StakeholderMap("mentor offers on the learning platform", list(people))


def case_study_impact_assessment() -> ImpactAssessment:
    """A worked ethical impact assessment of the case-study system.

    Its limits are the course's one alert rule set (:data:`responsible_ml.monitoring.
    COURSE_ALERT_RULES`), the same as in lesson 06 and in the capstone's monitoring plan.
    """
    from ..monitoring import (
        COURSE_GAP_LIMIT,
        COURSE_PERSISTENCE,
        COURSE_PSI_LIMIT,
        COURSE_SELECTION_SHIFT,
    )

    k = COURSE_PERSISTENCE
    return ImpactAssessment(
        system="completion model on the learning platform",
        decision="who is offered one of the limited mentor places",
        purpose="raise completion by putting mentors where they help most",
        alternatives="mentor everyone who asks; a simple rule (e.g. low early quiz scores); "
                     "random allocation with evaluation; no model at all",
        human_oversight="programme lead reviews the list weekly and can add or remove learners",
        items=[
            ImpactItem("first-generation learners get fewer mentor offers for equal merit",
                       "first-generation learners", 4, 4,
                       "audit TPR by background before launch; group-aware threshold if needed",
                       "ML lead", f"95% interval of the TPR gap within {COURSE_GAP_LIMIT:g} before "
                       f"launch; selection-rate gap +{COURSE_SELECTION_SHIFT:g} for {k} months "
                       f"(label-free) pages the ML lead; once outcomes are known, the TPR "
                       f"gap's 95% interval is checked against {COURSE_GAP_LIMIT:g} again"),
            ImpactItem("the model ranks likely completers, not the learners a mentor would "
                       "help (the target does not fit the purpose)",
                       "learners who need support", 4, 3,
                       "keep a random control share to estimate the uplift of a mentor; "
                       "review the target before launch",
                       "programme lead", "uplift estimate from the control share each cohort"),
            ImpactItem("no route to contest a decision (the least powerful stakeholders)",
                       "learners, first-generation learners", 3, 4,
                       "review by the programme lead on request, logged; learners told that "
                       "a model is used and how to ask", "programme lead",
                       "share of review requests answered within two weeks, each quarter"),
            ImpactItem("labels under-record first-gen completions (label bias)",
                       "first-generation learners", 3, 4,
                       "re-check historical records; weight recent, verified outcomes",
                       "data steward", "sample audit of 200 records per year"),
            ImpactItem("re-identification of learners from released data",
                       "all learners", 2, 5,
                       "drop names/ids; generalise birth date; k-anonymity >= 5 for exports",
                       "data protection officer", "k-anonymity check in CI before any export"),
            ImpactItem("drift after the programme changes makes scores stale",
                       "all learners", 3, 3, "monthly PSI of every input and of the scores; "
                       "retrain on alarm", "ML lead",
                       f"alert when an input's PSI > {COURSE_PSI_LIMIT:g} for {k} months"),
            ImpactItem("mentors over-trust the score", "learners, mentors", 3, 2,
                       "show the score with its uncertainty and reasons; training for mentors",
                       "programme lead", "quarterly review of overrides"),
        ],
    )

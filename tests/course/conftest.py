"""Shared, built-once-a-session runs of the exercises for the slow course tests.

``graded_exercise(name)``: one throw-away nbgrader course per exercise, with the untouched
student version (student ``blank``) and the reference solution (student ``reference``) graded
by one plain ``nbgrader autograde`` run (test_roundtrip).

``mutant_outcomes(name)``: one run of the reference solution forked at each answer cell
(:func:`responsible_ml.course.run_mutants`) for every plausible wrong answer listed in
``tests/course/mutants/`` (MUTANTS), every library shortcut listed there (SHORTCUTS) and, per
answer, the student version's stub (labelled :data:`BLANK_LABEL`): the outcome of every test
cell for each. test_mutants reads the wrong answers' outcomes (each must fail a test),
test_shortcuts the shortcuts' (each must fail its question with the shortcut message),
test_pasted_copies the pasted ones', test_no_cascade the stubs' and each answer's first wrong
answer's (none may cost another answer's test cells; those runs go to the end of the notebook,
the others stop after their own answer's test cells). A fork starts from the state a fresh run reaches at that cell
(every random step is seeded), so each outcome is the one a run of its own gives
(tests/course/test_run_mutants.py); one run instead of one nbgrader autograde per submission.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import pathlib
import shutil

import pytest

MUTANTS = pathlib.Path(__file__).resolve().parent / "mutants"
#: The untouched student version and the reference solution (test_roundtrip).
BLANK, REFERENCE = "blank", "reference"


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def listed(name, what="MUTANTS"):
    """``{answer grade_id: {label: source}}``: ``what`` (MUTANTS or SHORTCUTS) in
    tests/course/mutants/<name>.py."""
    path = MUTANTS / f"{name}.py"
    assert path.exists(), f"{name}: list plausible wrong answers in {path}"
    spec = importlib.util.spec_from_file_location(f"mutants_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, what, {})


def _notebook(folder: pathlib.Path) -> pathlib.Path:
    (nb,) = sorted(folder.glob("*.ipynb"))
    return nb


def _cells_by(notebook: pathlib.Path, keep) -> dict[str, str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {_meta(c)["grade_id"]: _source(c) for c in cells if c["cell_type"] == "code" and keep(_meta(c))}


@dataclasses.dataclass
class GradedExercise:
    """A throw-away course for one exercise after one ``nbgrader autograde`` of two students."""

    name: str
    course: pathlib.Path


def _build(name: str, dest: pathlib.Path) -> GradedExercise:
    from responsible_ml.course import make_course, nbgrader

    course = make_course(dest, [name])
    nbgrader(["generate_assignment", name, "--force"], course)
    for student, source in ((BLANK, course / "exercises" / name),
                            (REFERENCE, course / "solutions" / name)):
        shutil.copytree(source, course / "submitted" / student / name)
    nbgrader(["autograde", name, "--force"], course, timeout=900)
    return GradedExercise(name=name, course=course)


def _remembered(build):
    """A session cache of ``build(name)``; a failed build is remembered and raised again,
    so a second test does not run it again."""
    built: dict = {}

    def get(name: str):
        if name not in built:
            try:
                built[name] = build(name)
            except Exception as exc:  # noqa: BLE001 - re-raised below and for later tests
                built[name] = exc
        if isinstance(built[name], BaseException):
            raise built[name]
        return built[name]

    return get


@pytest.fixture(scope="session")
def graded_exercise(tmp_path_factory):
    """``graded_exercise(name)``: the :class:`GradedExercise` of ``name``, built once a session."""
    return _remembered(lambda name: _build(name, tmp_path_factory.mktemp(f"graded-{name}")))


#: The label of an answer's stub (the student version, untouched) in :func:`mutant_outcomes`.
BLANK_LABEL = "(blank: the student version's stub)"


@dataclasses.dataclass
class MutantOutcomes:
    """Every listed wrong answer and every stub of one exercise, run once (see the module)."""

    #: The label of every answer's stub in :attr:`outcomes`.
    BLANK = BLANK_LABEL
    #: What starts the label of a shortcut in :attr:`outcomes`.
    SHORTCUT = "shortcut: "

    name: str
    #: grade_id of every autograded answer cell, in notebook order.
    answers: list[str]
    #: grade_id of every autograded test cell, in notebook order.
    tests: list[str]
    #: ``{answer: {label: source}}``: the wrong answers (MUTANTS) run: all of them with
    #: RML_ALL_MUTANTS=1, else the sample of :func:`_sample`.
    mutants: dict[str, dict[str, str]]
    #: ``{answer: {label: source}}``: the library shortcuts (SHORTCUTS) as listed.
    shortcuts: dict[str, dict[str, str]]
    #: ``{(answer, label): {test grade_id: None or "ExceptionType: message"}}`` for every
    #: mutant, every stub (label :attr:`BLANK`) and every shortcut (label :attr:`SHORTCUT`
    #: + its label).
    outcomes: dict[tuple[str, str], dict[str, str | None]]
    #: The runs that went to the end of the notebook: every stub and each answer's first
    #: wrong answer. The others stopped after their own answer's test cells.
    full: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    #: Listed wrong answers left out of this run's sample (0 with RML_ALL_MUTANTS=1).
    left_out: int = 0

    def shortcut(self, answer: str, label: str) -> dict[str, str | None]:
        return self.outcomes[(answer, self.SHORTCUT + label)]


def _run_all(repo: pathlib.Path, name: str) -> MutantOutcomes:
    from responsible_ml.course import run_mutants

    reference = _notebook(repo / "solutions" / name)
    release = _notebook(repo / "exercises" / name)   # in sync with solutions/ (check-sync)
    stubs = _cells_by(release, lambda m: m.get("solution"))
    tests = list(_cells_by(reference, lambda m: m.get("grade") and not m.get("solution")))
    mutants, shortcuts = listed(name), listed(name, "SHORTCUTS")
    unknown = sorted((set(mutants) | set(shortcuts)) - set(stubs))
    assert not unknown, f"{name}: mutants or shortcuts listed for cells that are not answers: {unknown}"
    exact = _read_cell_by_cell(name)
    everything = mutants
    mutants = _sample(mutants, exact)
    runs = {answer: {**mutants.get(answer, {}), BLANK_LABEL: stub,
                     **{MutantOutcomes.SHORTCUT + label: source
                        for label, source in shortcuts.get(answer, {}).items()}}
            for answer, stub in stubs.items()}
    # Every stub and each answer's first wrong answer run to the end of the notebook
    # (test_no_cascade reads every cell of those); the other wrong answers and the shortcuts
    # stop once their own answer's test cells have run (all that test_mutants, test_shortcuts
    # and test_pasted_copies read), which spares most of each fork's work.
    own = {answer: {t for t in tests if _owner(t, list(stubs)) == answer} for answer in stubs}
    until = {(answer, label): own[answer]
             for answer, labels in runs.items() for i, label in enumerate(labels)
             if own[answer] and label != BLANK_LABEL and not (i == 0 and label in mutants.get(answer, {}))}
    # A wrong answer that no test reads cell by cell (FAILS, ONE_PLACE) only has to be killed:
    # its run stops at its first failed test cell (test_mutants needs one). The shortcuts and
    # pasted copies run all their own test cells (their messages are read).
    first_failure = {key for key in until if key[1] in mutants.get(key[0], {})
                     and "pasted" not in key[1] and key not in exact}
    return MutantOutcomes(name=name, answers=list(stubs), tests=tests, mutants=mutants,
                          shortcuts=shortcuts,
                          left_out=sum(len(v) for v in everything.values())
                          - sum(len(v) for v in mutants.values()),
                          outcomes=run_mutants(reference, runs, until=until, workers=_FORKS,
                                               stop_at_failure=first_failure),
                          full={key for key in ((a, lab) for a, labs in runs.items() for lab in labs)
                                if key not in until})


#: Every listed wrong answer with RML_ALL_MUTANTS=1 (``make test-mutants``); else a sample.
ALL_MUTANTS = os.environ.get("RML_ALL_MUTANTS") == "1"
#: The sample's step among an answer's plain wrong answers (see :func:`_sample`).
SAMPLE_EVERY = 3


def _sample(mutants: dict, exact: set) -> dict:
    """The wrong answers ``make test`` runs: per answer, the first one (its run goes to the end
    of the notebook, for test_no_cascade), every one a test reads cell by cell (``exact``:
    FAILS, ONE_PLACE), every pasted library copy, and every SAMPLE_EVERY-th of the others in
    listing order. ``make test-mutants`` (RML_ALL_MUTANTS=1) runs every one: the whole corpus
    costs about half an hour of CPU, the sample a third of its plain part."""
    if ALL_MUTANTS:
        return mutants
    out = {}
    for answer, labels in mutants.items():
        plain = [lab for i, lab in enumerate(labels)
                 if i and (answer, lab) not in exact and "pasted" not in lab]
        kept = set(plain[::SAMPLE_EVERY])
        out[answer] = {lab: src for lab, src in labels.items() if lab not in plain or lab in kept}
    return out


def _read_cell_by_cell(name: str) -> set[tuple[str, str]]:
    """``(answer, label)`` of the wrong answers whose every own test cell a test reads: FAILS in
    tests/course/mutants/<name>.py and ONE_PLACE in tests/course/test_<NN>_one_place.py."""
    keys = {(answer, label) for answer, labels in listed(name, "FAILS").items() for label in labels}
    path = MUTANTS.parent / f"test_{name[:2]}_one_place.py"
    if path.exists():
        spec = importlib.util.spec_from_file_location(f"one_place_{name[:2]}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        keys |= set(getattr(module, "ONE_PLACE", {}))
    return keys


#: Forks at a time: one under pytest-xdist (two workers already use both cores, and the exercises'
#: wall-clock time limits must not see a machine loaded twice over), else two.
_FORKS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2


def _owner(test_id: str, answers: list[str]) -> str | None:
    """The answer a test cell grades: the longest answer id that ``test_id`` names
    (``test_<answer>`` or ``test_<answer>_<part>``), as in test_no_cascade."""
    found = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(found, key=len) if found else None


@pytest.fixture(scope="session")
def mutant_outcomes(repo):
    """``mutant_outcomes(name)``: the :class:`MutantOutcomes` of ``name``, run once a session."""
    return _remembered(lambda name: _run_all(repo, name))

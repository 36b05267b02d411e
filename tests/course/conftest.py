"""One nbgrader course per exercise, graded once, shared by the slow course tests.

test_roundtrip (an untouched exercise, the reference solution) and test_no_cascade (the
reference with one answer blank or wrong, per answer) both need ``nbgrader autograde`` on the
same generated assignment. Building one course per exercise that holds every one of those
submissions as a different student, and grading it with one plain ``nbgrader autograde`` run,
spares a second course, a second ``generate_assignment`` and a second autograde start-up per
exercise. Each submission is graded in its own kernel either way, so every student's scores
are the ones a run of its own would give; each test reads only its own students' rows.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
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


def _first_mutants(name):
    spec = importlib.util.spec_from_file_location(f"cascade_{name.replace('-', '_')}",
                                                  MUTANTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {answer: next(iter(variants.values()))
            for answer, variants in module.MUTANTS.items() if variants}


def _with_cell(notebook: dict, grade_id: str, source: str) -> dict:
    nb = json.loads(json.dumps(notebook))
    for cell in nb["cells"]:
        if _meta(cell).get("grade_id") == grade_id:
            cell["source"] = source
    return nb


@dataclasses.dataclass
class GradedExercise:
    """A throw-away course for one exercise after one ``nbgrader autograde`` of all students."""

    name: str
    course: pathlib.Path
    #: grade_id of every autograded answer cell, in notebook order.
    answers: list[str]
    #: grade_id of every autograded test cell of the reference solution, in notebook order.
    tests: list[str]
    #: no-cascade students: student id (as submitted) -> (answer changed, "blank" or "wrong").
    cascade: dict[str, tuple[str, str]]


def _build(name: str, dest: pathlib.Path) -> GradedExercise:
    from responsible_ml.course import make_course, nbgrader

    course = make_course(dest, [name])
    nbgrader(["generate_assignment", name, "--force"], course)
    (ref_path,) = sorted((course / "solutions" / name).glob("*.ipynb"))
    reference = json.loads(ref_path.read_text(encoding="utf-8"))
    release = json.loads((course / "exercises" / name / ref_path.name).read_text(encoding="utf-8"))
    stubs = {_meta(c)["grade_id"]: _source(c) for c in release["cells"]
             if _meta(c).get("solution") and c["cell_type"] == "code"}
    tests = [_meta(c)["grade_id"] for c in reference["cells"]
             if _meta(c).get("grade") and not _meta(c).get("solution") and c["cell_type"] == "code"]
    # test_roundtrip: the student version untouched, and the reference solution.
    for student, source in ((BLANK, course / "exercises" / name),
                            (REFERENCE, course / "solutions" / name)):
        shutil.copytree(source, course / "submitted" / student / name)
    # test_no_cascade: per answer k, the reference with k's stub, and with k's first mutant.
    mutants = _first_mutants(name)
    cascade = {}
    for k in stubs:
        variants = [("blank", stubs[k])] + ([("wrong", mutants[k])] if k in mutants else [])
        for how, source in variants:
            student = f"{how}-{k}".replace("_", "-")
            assert student not in (BLANK, REFERENCE) and student not in cascade, student
            cascade[student] = (k, how)
            folder = course / "submitted" / student / name
            folder.mkdir(parents=True)
            nb = _with_cell(reference, k, source)
            (folder / ref_path.name).write_text(json.dumps(nb), encoding="utf-8")
    nbgrader(["autograde", name, "--force"], course, timeout=900 + 1800)  # the two former runs' limits
    return GradedExercise(name=name, course=course, answers=list(stubs), tests=tests,
                          cascade=cascade)


@pytest.fixture(scope="session")
def graded_exercise(tmp_path_factory):
    """``graded_exercise(name)``: the :class:`GradedExercise` of ``name``, built once a session.

    A failed build is remembered and raised again, so a second test does not grade it again.
    """
    built: dict[str, GradedExercise | BaseException] = {}

    def get(name: str) -> GradedExercise:
        if name not in built:
            try:
                built[name] = _build(name, tmp_path_factory.mktemp(f"graded-{name}"))
            except Exception as exc:  # noqa: BLE001 - re-raised below and for later tests
                built[name] = exc
        if isinstance(built[name], BaseException):
            raise built[name]
        return built[name]

    return get

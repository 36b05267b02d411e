"""One question's answer costs only that question's points (no cascade), graded by nbgrader.

For every exercise, one throw-away course and one ``nbgrader autograde`` run grade a set of
submissions made from the reference solution: for each autograded answer cell *k*, one
submission leaves *k* blank (the student version's stub) and one replaces it with a plausible
wrong answer (the first mutant listed for *k* in ``tests/course/mutants/``). Every test cell that
does not belong to *k* must keep full marks in both; the blank one must score 0 on *k*'s own
test cells. A test cell belongs to the answer whose grade_id it names: ``test_<answer>`` or
``test_<answer>_<part>`` (per-part grading of one answer).
"""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

from responsible_ml.course import assignments, make_course, nbgrader

HERE = pathlib.Path(__file__).resolve().parent / "mutants"
pytestmark = pytest.mark.slow


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _first_mutants(name):
    spec = importlib.util.spec_from_file_location(f"cascade_{name.replace('-', '_')}",
                                                  HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {answer: next(iter(variants.values()))
            for answer, variants in module.MUTANTS.items() if variants}


def owner(test_id: str, answers: list[str]) -> str | None:
    """The answer a test cell grades: the longest answer id that ``test_id`` names."""
    found = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(found, key=len) if found else None


def _with_cell(notebook: dict, grade_id: str, source: str) -> dict:
    nb = json.loads(json.dumps(notebook))
    for cell in nb["cells"]:
        if _meta(cell).get("grade_id") == grade_id:
            cell["source"] = source
    return nb


def _scores(course, name, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(name, student)
        return {grade.cell.name: (grade.auto_score, grade.max_score)
                for nb in sub.notebooks for grade in nb.grades
                if grade.cell.cell_type == "code"}


def test_owner_maps_part_cells_to_their_answer():
    answers = ["decide", "decide_all", "read_accuracy"]
    assert owner("test_decide", answers) == "decide"
    assert owner("test_decide_all", answers) == "decide_all"
    assert owner("test_read_accuracy_se", answers) == "read_accuracy"
    assert owner("test_other", answers) is None


@pytest.mark.parametrize("name", assignments())
def test_a_blank_or_wrong_answer_costs_only_its_own_points(name, tmp_path):
    course = make_course(tmp_path, [name])
    nbgrader(["generate_assignment", name, "--force"], course)
    (ref_path,) = sorted((course / "solutions" / name).glob("*.ipynb"))
    reference = json.loads(ref_path.read_text(encoding="utf-8"))
    release = json.loads((course / "exercises" / name / ref_path.name).read_text(encoding="utf-8"))
    stubs = {_meta(c)["grade_id"]: _source(c) for c in release["cells"]
             if _meta(c).get("solution") and c["cell_type"] == "code"}
    answers = list(stubs)
    tests = [_meta(c)["grade_id"] for c in reference["cells"]
             if _meta(c).get("grade") and not _meta(c).get("solution") and c["cell_type"] == "code"]
    orphans = [t for t in tests if owner(t, answers) is None]
    assert not orphans, f"{name}: test cells that name no answer: {orphans}"
    mutants = _first_mutants(name)
    students = {}
    for k in answers:
        students[f"blank-{k}"] = (k, stubs[k])
        if k in mutants:
            students[f"wrong-{k}"] = (k, mutants[k])
    for student, (k, source) in students.items():
        folder = course / "submitted" / student.replace("_", "-") / name
        folder.mkdir(parents=True)
        nb = _with_cell(reference, k, source)
        (folder / ref_path.name).write_text(json.dumps(nb), encoding="utf-8")
    nbgrader(["autograde", name, "--force"], course, timeout=1800)

    problems = []
    for student, (k, _) in students.items():
        scores = _scores(course, name, student.replace("_", "-"))
        for test_id, (got, top) in scores.items():
            mine = owner(test_id, answers) == k
            if not mine and got != top:
                problems.append(f"{student}: {test_id} scored {got} of {top}")
            if mine and student.startswith("blank-") and got:
                problems.append(f"{student}: its own {test_id} scored {got} for a blank answer")
    assert not problems, f"{name}: one answer changes another question's score:\n" + "\n".join(problems)

"""exercises/ is exactly nbgrader's output for solutions/, and leaks nothing."""

from __future__ import annotations

import json
import re

import pytest

from responsible_ml.course import assignments
from responsible_ml.course._nbgrader import sync_differences

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.S)
# The tests' private prefixes: _t04_, _t04h_ (and an answer's own names once they are stripped).
_PRIVATE = re.compile(r"\b_t\d\dh?_")
MARK_SCHEME = re.compile(r"=== BEGIN MARK SCHEME ===(.*?)=== END MARK SCHEME ===", re.S)


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _secret_lines(repo, name):
    """Lines that only the instructor may see: solutions, hidden tests, mark schemes."""
    secrets, public = set(), set()
    for nb in (repo / "solutions" / name).glob("*.ipynb"):
        for cell in _cells(nb):
            src = "".join(cell["source"])
            for block in HIDDEN.findall(src) + SOLUTION.findall(src) + MARK_SCHEME.findall(src):
                for line in block.splitlines():
                    line = line.strip()
                    # Short or generic lines (``return x``, ``pass``) may legitimately recur.
                    if len(line) >= 25 and not line.startswith("#"):
                        secrets.add(line)
            # A line the author also wrote in a visible part (a check repeated in the hidden
            # block on other data) is public by that choice, not a leak.
            public |= {line.strip() for line in
                       SOLUTION.sub("", HIDDEN.sub("", MARK_SCHEME.sub("", src))).splitlines()}
    return secrets - public


@pytest.mark.slow
def test_exercises_match_a_fresh_generation():
    problems = sync_differences()
    assert not problems, "exercises/ is stale — run `make exercises`:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", assignments())
def test_no_solution_or_hidden_test_text_in_exercises(repo, name):
    secrets = _secret_lines(repo, name)
    assert secrets, f"{name}: found no solution or hidden-test text to look for"
    for path in (repo / "exercises" / name).rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "BEGIN MARK SCHEME"):
            assert marker not in text, f"{path} contains {marker!r}"
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{path} contains instructor-only lines: {leaked[:5]}"
        # The same answer under the tests' private names (a correct earlier answer lent in a visible
        # test cell, review of the 04 release): ``_t04_qi = list(...)`` gives away ``qi = list(...)``.
        unprefixed = _PRIVATE.sub("", text)
        renamed = sorted(line for line in secrets if line not in text and line in unprefixed)
        assert not renamed, f"{path} shows instructor-only lines under the tests' private names: {renamed[:5]}"


@pytest.mark.parametrize("name", assignments())
def test_exercise_has_visible_and_hidden_tests_and_meaningful_ids(repo, name):
    for nb in (repo / "solutions" / name).glob("*.ipynb"):
        cells = _cells(nb)
        ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells
               if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
        assert len(ids) == len(set(ids)), f"{nb}: duplicate grade_ids"
        generic = [i for i in ids if re.fullmatch(r"cell-[0-9a-f]+", i)]
        assert not generic, f"{nb}: grade_ids must name the idea tested, not {generic}"
        tests = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                 and not c["metadata"]["nbgrader"].get("solution") and c["cell_type"] == "code"]
        assert tests, f"{nb}: no autograded test cells"
        for cell in tests:
            src = "".join(cell["source"])
            assert "### BEGIN HIDDEN TESTS" in src, \
                f"{nb}: test cell {cell['metadata']['nbgrader']['grade_id']} has no hidden tests"
        for cell in cells:
            assert not cell.get("outputs"), f"{nb}: solutions are committed without outputs"


@pytest.mark.slow
def test_sync_check_notices_a_hand_edited_exercise(repo, tmp_path):
    import shutil

    name = "01-what-is-ml"
    shutil.copytree(repo / "solutions" / name, tmp_path / "solutions" / name)
    shutil.copytree(repo / "exercises" / name, tmp_path / "exercises" / name)
    shutil.copy(repo / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    assert sync_differences(tmp_path) == []
    nb = tmp_path / "exercises" / name / f"{name}.ipynb"
    data = json.loads(nb.read_text())
    data["cells"][0]["source"] = "edited by hand"
    nb.write_text(json.dumps(data))
    (tmp_path / "exercises" / "99-orphan").mkdir()
    problems = sync_differences(tmp_path)
    assert any("notebook differs" in p for p in problems)
    assert any("99-orphan" in p for p in problems)


@pytest.mark.parametrize("name", assignments())
def test_every_source_cell_has_a_stable_id(repo, name):
    """A cell without an id gets a random one at each generation: exercises/ would churn."""
    (nb_path,) = sorted((repo / "solutions" / name).glob("*.ipynb"))
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    missing = [i for i, cell in enumerate(cells) if not cell.get("id")]
    assert not missing, f"{name}: cells {missing} have no id (give each a fixed one)"


def _guards(source: str):
    """Positional string arguments of every ``no_shortcuts(...)`` call in a cell's source."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "no_shortcuts":
                yield node.lineno, [a.value for a in node.args if isinstance(a, ast.Constant)]


@pytest.mark.parametrize("name", assignments())
def test_every_nbgrader_cell_is_of_a_kind_nbgrader_knows(repo, name):
    """nbgrader metadata on a cell that is neither graded, an answer, locked nor a task is
    kept out of the gradebook, and `nbgrader autograde` then fails on the whole submission
    (KeyError 'grade_id' in OverwriteCells): an ungraded practice cell carries no metadata."""
    (nb_path,) = sorted((repo / "solutions" / name).glob("*.ipynb"))
    odd = [cell["metadata"]["nbgrader"].get("grade_id")
           for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
           if "nbgrader" in cell.get("metadata", {})
           and not any(cell["metadata"]["nbgrader"].get(k) for k in ("grade", "solution", "locked", "task"))]
    assert not odd, f"{name}: cells with nbgrader metadata of no kind: {odd}"


@pytest.mark.parametrize("name", assignments())
def test_every_guard_blocks_the_whole_course_library(repo, name):
    """A guard that blocks one subpackage of the course library leaves its private helpers
    (a rate, a gap, an interval) one import away: every guard blocks ``responsible_ml``."""
    (nb_path,) = sorted((repo / "solutions" / name).glob("*.ipynb"))
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    found, partial = 0, []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for line, blocked in _guards("".join(cell["source"])):
            found += 1
            if "responsible_ml" not in blocked:
                partial.append(f"{gid} line {line}: {blocked}")
    assert found, f"{name}: no no_shortcuts guard found (the check reads nothing)"
    assert not partial, f"{name}: guards that do not block the whole course library: {partial}"


def test_03_visible_tests_do_not_print_question_3s_target_rate_step(repo):
    """Review x03-r13 S3: question 4's stand-ins, visible to trainees, rescaled the library's weights to a
    target rate in full (question 3's step). Visible test cells show no code that computes another answer."""
    nb = json.loads((repo / "solutions" / "03-fairness" / "03-fairness.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] != "code" or not meta.get("grade") or meta["grade_id"] == "test_reweighing_weights":
            continue  # question 3's own cell may name its step in a hint
        visible = HIDDEN.sub("", "".join(cell["source"]))
        for sign in ("target_rate /", "1 - target_rate"):
            assert sign not in visible, f"{meta['grade_id']}: visible test code computes a target-rate step ({sign!r})"

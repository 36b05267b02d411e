"""Self-study: run every visible check of an exercise at once, without revealing an answer.

``python -m responsible_ml check NN-slug`` (or ``check NN``) runs the trainee's own copy
``my-work/NN-slug.ipynb``, as last saved, top to bottom in a fresh kernel with errors allowed
(nbclient; a time limit per cell; the notebook's folder as working directory), on a copy in
memory: the file is never written. It then prints one line per graded test cell: ✓ or ✗ with
the first line of the message the visible test gave (those messages are written for
trainees), "not answered yet" while the answer is still the stub, and, where a passing cell
says what only grading checks (a choice or True/False whose visible test checks its form, a
case left to the hidden tests), that line as the cell prints it, with no judgement added.
A summary follows: how many visible checks pass and the points they are worth (a cell that
checks only its answer's form is counted apart: its ✓ says nothing about whether the answer is
right), how many free-text answers are written, and that graders run more (hidden) checks, so
a ✓ is not a grade.

It runs nothing the trainee does not already have (the visible test cells of their own
copy), so it is the same in a graded cohort; only the pointer to ``model-answers``, which a
graded cohort switches off, is left out there. It uses nbclient alone (the trainees'
install has no test tools; nbgrader is not needed).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import pathlib
import re

from ._model_answers import COHORT_ENV_VAR, _attempted, _free_text_cells
from ._my_work import my_work_copy
from ._nbgrader import REPO_ROOT

__all__: list[str] = []

#: Seconds a cell may run before it is interrupted (nbgrader_config.py grades with 60).
CELL_TIMEOUT_S = 120
NOT_ANSWERED = "not answered yet"
#: A line a passing test cell prints about what only grading checks: a choice or True/False
#: whose visible test checks its form ("... its value is checked at grading", "Form only, not
#: your judgement: ..."), or a case left to the hidden tests. Shown as the cell prints it.
_LEFT_TO_GRADING = re.compile(r"checked (?:only )?at grading|\bform only\b|\bhidden tests?\b",
                              re.IGNORECASE)
#: Those lines that say the visible check looked at the answer's form only (a choice, a set of
#: letters, a True/False; not "the hidden test checks others"): such a ✓ is no points checked.
_FORM_ONLY = re.compile(r"checked at grading|\bform only\b|\bright (?:form|kind)\b|"
                        r"checks (?:its|their) values?\b|checks the reading", re.IGNORECASE)
#: A line a test cell prints when its visible check could not run yet (06's part (d) waits for
#: parts (a)-(c)): the cell is shown as not checked ("–"), neither passed nor failed.
_NOT_CHECKED = re.compile(r"^\W*not checked yet\b", re.IGNORECASE)
_NOT_ANSWERED_ID = "[feedback id: not-answered]"
#: Exceptions whose message is the whole story (a check's teaching message): no type prefix.
_CHECK_ERRORS = {"AnswerError", "AssertionError", "ShortcutError"}
_TIMED_OUT = "the cell ran longer than {timeout} s and was stopped"
_HEADER = ("checking {path} as last saved (save it first), top to bottom in a fresh kernel "
           "(a minute or so); the file itself is not changed")
_SUMMARY = ("visible checks: {passed} of {cells} cells pass{waiting} ({won} of {points} points at stake{form}); "
            "free-text answers: {written} of {free} written{see}; graders run more (hidden) "
            "checks, so a ✓ is not a grade")
_FORM = ("; {n} of the passing cells ({form_points}) checked only your answer's form, "
         "not whether it is right: that is judged at grading")
_SEE = " (compare them: `python -m responsible_ml model-answers {name}`)"
_IN_COHORT = " (your instructor grades them)"
_MISSING = ("test cells not in your copy (deleted?): {ids}; grading puts them back and runs them, "
            "so copy them back from the published exercise")


@dataclasses.dataclass(frozen=True)
class CellCheck:
    """The outcome of one graded test cell of the trainee's copy."""

    grade_id: str
    points: float
    passed: bool
    detail: str  # NOT_ANSWERED, the failure's first line, what it says grading checks, or ""
    checked: bool = True  # False: the cell ran without error but said its check has not run yet
    form_only: bool = False  # True: it passed, and said its visible check looks at the form only

    def line(self) -> str:
        """``✓ grade_id (N points)[: detail]`` (``✗`` failed, ``–`` not checked yet), as printed."""
        unit = "point" if self.points == 1 else "points"
        mark = "–" if not self.checked else "✓" if self.passed else "✗"
        text = f"{mark} {self.grade_id} ({self.points:g} {unit})"
        return f"{text}: {self.detail}" if self.detail else text


@dataclasses.dataclass(frozen=True)
class WorkCheck:
    """Every visible check of one exercise, run on the trainee's copy."""

    path: pathlib.Path  # the copy, relative to the course repository
    cells: list[CellCheck]
    #: Other cells that raised (an answer with a syntax error, a practice check, ...): each
    #: as (how many graded cells come before it, what it raised), in notebook order.
    notes: list[tuple[int, str]]
    free_written: int
    free_total: int

    def lines(self) -> list[str]:
        """What ``python -m responsible_ml check`` prints after its header."""
        out, notes = [], list(self.notes)
        for i, cell in enumerate([*self.cells, None]):
            while notes and notes[0][0] == i:
                out.append(f"  note: {notes.pop(0)[1]}")
            if cell is not None:
                out.append(f"  {cell.line()}")
        cohort = os.environ.get(COHORT_ENV_VAR) == "1"
        waiting = sum(not c.checked for c in self.cells)
        form = [c for c in self.cells if c.passed and c.form_only]
        out.append(_SUMMARY.format(
            passed=sum(c.passed for c in self.cells), cells=len(self.cells),
            waiting=f", {waiting} not checked yet" if waiting else "",
            won=_fmt(sum(c.points for c in self.cells if c.passed and not c.form_only)),
            form=_FORM.format(n=len(form), form_points=_points(sum(c.points for c in form))) if form else "",
            points=_fmt(sum(c.points for c in self.cells)),
            written=self.free_written, free=self.free_total,
            see="" if not self.free_total else _IN_COHORT if cohort else _SEE.format(
                name=self.path.stem)))
        return out


def _fmt(points: float) -> str:
    return f"{round(points, 4):g}"


def _points(points: float) -> str:
    return f"{_fmt(points)} point{'' if points == 1 else 's'}"


def header(path: pathlib.Path) -> str:
    """The line printed before the run (which takes a while): which file is checked, how."""
    return _HEADER.format(path=path)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _published(path: pathlib.Path) -> tuple[dict[str, str], list[str]]:
    """The published exercise's ``{answer grade_id: stub}`` and graded test cells' ids
    (``{}, []`` if there is none)."""
    if not path.is_file():
        return {}, []
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    return ({_meta(c)["grade_id"]: _source(c) for c in cells if _meta(c).get("solution")},
            [_meta(c)["grade_id"] for c in cells
             if _meta(c).get("grade") and not _meta(c).get("solution")])


def _same(a: str, b: str) -> bool:
    return [line.rstrip() for line in a.strip().splitlines()] == \
        [line.rstrip() for line in b.strip().splitlines()]


def _owner(test_id: str, answers: list[str], before: str | None) -> str | None:
    """The answer a test cell checks: the longest answer id it names (``test_<answer>`` or
    ``test_<answer>_<part>``, the course's convention), else the answer cell above it."""
    named = [a for a in answers if test_id == f"test_{a}" or test_id.startswith(f"test_{a}_")]
    return max(named, key=len) if named else before


def _first_line(content: dict) -> str:
    ename, evalue = content.get("ename", "Error"), content.get("evalue", "")
    first = next((line.strip() for line in evalue.splitlines() if line.strip()), "")
    if ename in _CHECK_ERRORS and first:
        return first.removeprefix("✗").strip()
    return f"{ename}: {first}" if first else ename


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _execute(nb, folder: pathlib.Path, timeout: int) -> tuple[dict[int, dict], str | None]:
    """Run `nb` in memory; ``({cell index: execute_reply content}, why it stopped early)``."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from ._client import notebook_client

    replies: dict[int, dict] = {}

    def record(cell, cell_index, execute_reply):
        replies[cell_index] = (execute_reply or {}).get("content", {})

    quiet = logging.getLogger(__name__ + ".client")  # its time-out is a line of the report
    quiet.disabled = True
    client = notebook_client(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
        # no kernel warnings (plain-text TCP, ...) for trainees; no tracebacks to format
        extra_arguments=["--IPKernelApp.log_level=ERROR", "--InteractiveShell.xmode=Minimal"],
        log=quiet,
        error_on_timeout={"ename": "TimeoutError", "evalue": _TIMED_OUT.format(timeout=timeout),
                          "traceback": []},
        on_cell_executed=record, resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except (DeadKernelError, CellTimeoutError) as err:
        return replies, f"the run stopped ({type(err).__name__}: {str(err).strip()[:200]})"
    return replies, None


def check_my_work(exercise: str, root: pathlib.Path | str = REPO_ROOT, *,
                  timeout: int = CELL_TIMEOUT_S) -> WorkCheck:
    """Run the trainee's copy of `exercise` and collect the outcome of every visible check.

    Parameters
    ----------
    exercise : str
        The exercise's slug, e.g. ``"07-trade-offs"``, or its number (``"07"``).
    root : path-like, default REPO_ROOT
        The course repository (holding ``my-work/`` and ``exercises/``).
    timeout : int, default CELL_TIMEOUT_S
        Seconds a cell may run; a cell that runs longer is interrupted (and fails).

    Returns
    -------
    WorkCheck
        One :class:`CellCheck` per graded test cell, in notebook order, and the free-text
        count; ``lines()`` is what the command prints.

    Raises
    ------
    FileNotFoundError
        If `exercise` names no exercise, or the trainee has no copy of it in ``my-work/``.
    """
    import nbformat

    root = pathlib.Path(root)
    path = my_work_copy(exercise, root)
    nb = nbformat.read(path, as_version=4)  # in memory: the file is never written
    replies, stopped = _execute(nb, path.parent, timeout)
    stubs, published_tests = _published(root / "exercises" / path.stem / path.name)
    answers = [_meta(c)["grade_id"] for c in nb.cells
               if c.cell_type == "code" and _meta(c).get("solution")]
    unanswered, cells, notes, before = set(), [], [], None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta, reply = _meta(cell), replies.get(index)
        grade_id = meta.get("grade_id", "")
        if meta.get("solution"):
            before = grade_id
            if (grade_id in stubs and _same(_source(cell), stubs[grade_id])) or (
                    reply and reply.get("ename") == "NotImplementedError"):
                unanswered.add(grade_id)
            elif reply and reply.get("status") == "error":
                notes.append((len(cells), f"your answer {grade_id} stopped with "
                                          f"{_first_line(reply)}"))
            continue
        if not meta.get("grade"):  # setup, data, a practice check (not graded)
            if reply and reply.get("status") == "error" and before not in unanswered:
                notes.append((len(cells), f"{grade_id or f'cell {index + 1}'} (not graded) "
                                          f"stopped with {_first_line(reply)}"))
            continue
        points = float(meta.get("points", 0))
        owner = _owner(grade_id, answers, before)
        if reply is None:
            cells.append(CellCheck(grade_id, points, False,
                                   f"not run: {stopped}" if stopped else "not run"))
        elif owner in unanswered or (reply.get("status") == "error" and (
                _NOT_ANSWERED_ID in reply.get("evalue", "")
                or reply.get("ename") == "NotImplementedError")):
            cells.append(CellCheck(grade_id, points, False, NOT_ANSWERED))
        elif reply.get("status") == "error":
            cells.append(CellCheck(grade_id, points, False, _first_line(reply)))
        elif waiting := [line.strip() for line in _stdout(cell).splitlines() if _NOT_CHECKED.search(line)]:
            cells.append(CellCheck(grade_id, points, False, waiting[0], checked=False))
        else:
            said = [line.strip() for line in _stdout(cell).splitlines()
                    if _LEFT_TO_GRADING.search(line)]
            detail = said[0].removeprefix("✓").strip() if said else ""
            cells.append(CellCheck(grade_id, points, True, detail,
                                   form_only=bool(_FORM_ONLY.search(detail))))
    missing = [t for t in published_tests if t not in {c.grade_id for c in cells}]
    if missing:
        notes.append((len(cells), _MISSING.format(ids=", ".join(missing))))
    free = _free_text_cells(nb)
    return WorkCheck(path=path.relative_to(root), cells=cells, notes=notes,
                     free_written=sum(_attempted(text) for text in free.values()),
                     free_total=len(free))


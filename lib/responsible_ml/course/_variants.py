"""The grader's side of per-trainee variants: the trainee id reaches the kernel from here.

Threat model. The submission's code runs in the same kernel as the tests, before them,
so anything it can reach — environment variables, globals, module attributes, files — it
can set: ``os.environ["RML_TRAINEE_ID"] = "peer"`` in an answer cell, a global ``V``, a
file in the working folder. The grader therefore never *reads* the trainee id from the
kernel or the submission. It knows whom it is grading (nbgrader's ``student`` of the
submission, the folder ``submitted/<student>/``) and, for every cell it owns (the locked
setup cell and every test cell; nbgrader restores their source from the gradebook), runs
:func:`grader_line` as the cell's FIRST statement: the true course and trainee id are
literals in the executed code, set immediately before the test reads them, so a value
the submission set earlier is overwritten and nothing of the submission runs in between.
Tests then compute the expected answers of that variant with trusted code
(``responsible_ml.feedback.trusted().variant(...)``, a private copy loaded from disk).

Flags: before each cell it owns, the grader asks the kernel which id its environment
holds; a value other than the one it set last is written into the graded notebook as a
``GRADING NOTE`` (the summary shows it), and the static tamper signs flag code that
writes the id or the environment. What remains (as for every test, see ``_execute``): a
submission that replaces ``os.environ`` or hooks IPython's execution machinery can still
lie to a test; the fingerprint, the canary and the tamper signs flag the routes we know.
"""

from __future__ import annotations

from ..feedback._variant import COURSE_ENV, DEFAULT_COURSE, TRAINEE_ENV, variant

__all__: list[str] = []

#: Written into a graded notebook when the kernel's trainee id was changed by the submission.
CHANGED = ("CHECK BY HAND: the submission changed the trainee id the grader set ({got!r} "
           "instead of {want!r}, seen before {where}); it was set back and the tests were "
           "graded on the trainee's real variant {label}.")


def grader_line(course: str | None, trainee: str) -> str:
    """The first statement of every cell the grader owns: the true course and trainee id.

    Parameters
    ----------
    course : str or None
        nbgrader's course id (None or "": the default course id).
    trainee : str
        The student id being graded.

    Returns
    -------
    str
        One line of Python with both as literals (``repr``: no injection through an id).
    """
    course = course or DEFAULT_COURSE
    return (f"__import__('os').environ.update({{{TRAINEE_ENV!r}: {str(trainee)!r}, "
            f"{COURSE_ENV!r}: {str(course)!r}}})")


#: Evaluated in the kernel before a grader-owned cell: the id its environment holds now.
PROBE = f"__import__('os').environ.get({TRAINEE_ENV!r})"


def owned_by_grader(cell) -> bool:
    """Whether nbgrader restores this cell from the source: locked or a test, not an answer."""
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    return cell.get("cell_type") == "code" and bool(meta.get("locked") or meta.get("grade")) \
        and not meta.get("solution")


def changed_note(got: str | None, want: str, where: str, course: str | None,
                 assignment: str) -> str:
    """The grading note for a trainee id changed in the kernel (see :data:`CHANGED`)."""
    label = variant(assignment, trainee=want, course=course or DEFAULT_COURSE).label
    return CHANGED.format(got=got, want=want, where=where, label=label)

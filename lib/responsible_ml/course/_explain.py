"""Explaining a submission: what happened to it, in words an instructor understands.

:func:`explain` reads the submitted and the graded notebook and nbgrader's log and says
why points were lost or why nothing could be graded (not submitted, not a notebook,
edited or deleted tests, a cell stopped at the time or memory limit, a kernel that died,
signs of tampering, the sandbox refusing something).
"""

from __future__ import annotations

import pathlib
import re

from ._settings import CourseSettings
from ._tamper import tamper_signs

__all__: list[str] = []


def _hidden_free(source: str) -> str:
    source = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", "", source, flags=re.S)
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _test_reads(known: dict[str, dict]) -> set[str] | None:
    """The names the assignment's test cells read from the notebook's namespace (None: unknown)."""
    # imported here: ``python -m responsible_ml.course._test_reads`` runs that module as __main__
    from ._test_reads import free_names

    names: set[str] = set()
    for info in known.values():
        if info.get("grade") and not info.get("solution") and info.get("cell_type", "code") == "code":
            try:
                names |= free_names(info.get("source", ""))
            except SyntaxError:
                return None
    return names if known else None


def _read_nb(path: pathlib.Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable notebooks are explained elsewhere
        return None


def explain(settings: CourseSettings, name: str, student: str, outcome: dict,
             cells: dict[str, dict[str, dict]]) -> list[str]:
    """What happened to a submission, in words an instructor understands."""
    notes: list[str] = []
    sub_dir = pathlib.Path(settings.submitted) / student / name
    done_dir = pathlib.Path(settings.autograded) / student / name
    error = outcome.get("error", "") or ""
    log = outcome.get("log", "") or ""
    expected = sorted(cells)
    for nb_name in expected:
        path = sub_dir / f"{nb_name}.ipynb"
        if not path.exists():
            found = sorted(p.name for p in sub_dir.glob("*.ipynb"))
            notes.append(f"{nb_name}.ipynb was not submitted"
                         + (f" (the submission holds {', '.join(found)} — probably another "
                            "assignment's notebook or a renamed copy)" if found else "")
                         + "; its questions score 0.")
            continue
        raw = path.read_bytes()
        if not raw.strip():
            notes.append(f"{nb_name}.ipynb is an empty file (0 bytes of notebook) — nothing to "
                         "grade; ask the trainee to submit again from JupyterLab.")
            continue
        submitted = _read_nb(path)
        if submitted is None:
            notes.append(f"{nb_name}.ipynb is not a valid notebook (not readable JSON: the file "
                         "is damaged or was cut off) — nothing to grade; ask the trainee to "
                         "submit again.")
            continue
        ids = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in submitted.cells
               if c.metadata.get("nbgrader", {}).get("grade_id")}
        known = cells[nb_name]
        if known and not set(ids) & set(known):
            notes.append(f"{nb_name}.ipynb has none of this assignment's cells — it looks like "
                         "another assignment's notebook saved under this name; nothing could "
                         "be graded.")
            continue
        for gid, info in known.items():
            if not info.get("locked") or info.get("solution"):
                continue
            if gid not in ids:
                if info.get("grade"):
                    notes.append(f"test cell {gid} had been deleted; nbgrader put it back from "
                                 "the source and ran it.")
                continue
            if _hidden_free(ids[gid].source) != _hidden_free(info.get("source", "")):
                notes.append(f"locked cell {gid} had been edited; nbgrader replaced it with the "
                             "original before grading.")
        answer_code = "\n".join(
            c.source for c in submitted.cells if c.cell_type == "code"
            and not known.get(c.metadata.get("nbgrader", {}).get("grade_id"), {}).get("locked"))
        hits = tamper_signs(answer_code, _test_reads(known))
        if hits:
            notes.append("CHECK BY HAND: the trainee's code " + "; ".join(hits) + ". Automatic "
                         "test results may not be trustworthy for this submission.")
        graded = _read_nb(done_dir / f"{nb_name}.ipynb")
        if graded is not None:
            notes += _explain_outputs(graded, settings)
    refused = next((line for line in (error + "\n" + log).splitlines()
                    if "grading sandbox" in line), "")
    if refused:  # before the kernel ran: nothing of the submission was executed
        notes.append("not run: " + refused.split("Error: ", 1)[-1].strip().rstrip(".") + ".")
    elif "DeadKernelError" in error or "Kernel died" in log:
        notes.append("Python stopped while running the notebook (os._exit(), a crash, or the "
                     "kernel was killed, e.g. for using too much memory); nbgrader could not "
                     "finish grading, so the submission scores 0. Ask the trainee to remove "
                     "the exit/kill call and resubmit, or grade by hand.")
    elif "UnresponsiveKernelError" in error or "kernel became unresponsive" in log:
        notes.append("the notebook's Python stopped responding and could not be interrupted; "
                     "not graded — look at the code by hand.")
    elif "WorkerDied" in error:
        notes.append(error.split(": ", 1)[1].splitlines()[0] + ".")
    elif error and not notes:
        last = [ln for ln in error.strip().splitlines() if ln.strip()][-1:]
        notes.append("nbgrader could not grade this submission: " + (last[0].strip() if last
                                                                     else "unknown error") + ".")
    return notes


def _explain_outputs(nb, settings: CourseSettings) -> list[str]:
    from ._execute import NOTE, TIME_LIMIT, UNTRUSTWORTHY

    notes = []
    printed = 0
    said: set[str] = set()

    def once(key: str, text: str) -> None:
        if key not in said:
            said.add(key)
            notes.append(text)

    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {nb.cells.index(cell)}"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = out.get("text", "")
                printed += len(text)
                if text.startswith(NOTE + " output cut"):
                    once("cut", f"CHECK BY HAND: the output of {gid} (and maybe later cells) "
                         "was cut at the grading limit: " + text[len(NOTE):].strip())
                elif text.startswith(NOTE + " output lost"):
                    once("lost", f"CHECK BY HAND: output of {gid} was lost on its way to the "
                         "grader (a message too large, or a flood).")
                elif text.startswith(NOTE + " CHECK BY HAND: the submission changed the "
                                     "trainee id"):
                    once("variant", text[len(NOTE):].strip())
                elif text.startswith(NOTE + " CHECK BY HAND"):
                    once("hooked", f"{text[len(NOTE):].strip()} (first seen after {gid})")
            if out.get("output_type") != "error":
                continue
            ename, evalue = out.get("ename", ""), out.get("evalue", "")
            if ename == TIME_LIMIT:
                once(TIME_LIMIT, f"CHECK BY HAND: from {gid} on, {evalue}")
            elif ename == UNTRUSTWORTHY:
                once(UNTRUSTWORTHY, f"CHECK BY HAND: from {gid} on, {evalue} Its tests "
                     "score 0.")
            elif ename == "OutputTooLarge":
                once("toolarge", f"CHECK BY HAND: {gid} sent a reply too large to keep; "
                     "it counts as failed.")
            elif ename == "CellTimeoutError":
                notes.append(f"{gid} ran longer than the {settings.timeout} s limit (an "
                             "endless loop?) and was stopped; the tests that need it score 0.")
            elif ename == "MemoryError":
                notes.append(f"{gid} tried to use more memory than grading allows "
                             f"({evalue[:80] or 'MemoryError'}) and was stopped.")
            elif ename == "SystemExit":
                notes.append(f"{gid} called sys.exit()/exit(); Python carried on, but the rest "
                             "of that cell did not run.")
    if printed > 1_000_000:
        notes.append(f"the notebook printed {printed / 1e6:.1f} MB of output (kept in the graded "
                     "copy up to the grading limits; it makes feedback slow to open).")
    return notes

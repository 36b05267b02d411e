"""Trusted execution for autograding: scores from the kernel's status, bounded output and time.

nbgrader scores an autograded test cell from the cell's *outputs*
(``nbgrader.utils.determine_grade``: the first result or error decides, and a result that
is not a number counts as full marks). Those outputs are written by the kernel that runs the
trainee's code, so a submission could put a result in front of its test's error.
:class:`TrustedExecute` replaces nbgrader's ``Execute`` step (``nbgrader_config.py`` puts it
in ``c.Autograde.autograde_preprocessors``; ``grade``'s workers insist on it) and, on the
grader's side:

* **decides each test cell from whether the test raised** — the ``status`` of the kernel's
  ``execute_reply`` — and rewrites the cell's outputs before ``SaveAutoGrades`` reads them:
  a failed test keeps one error (the reply's) and no result, a passed test keeps no error,
  no result and no stderr, so ``determine_grade`` gives 0 or full points and nothing the
  answer printed or displayed changes that;
* before every test cell, sends the kernel a **canary** (the test's own code behind a failing
  first line) that must come back as an error: a kernel that reports a known failure as a
  success has been hooked, and every test from there on scores 0 ("UntrustworthyKernel");
* after every test cell, compares a **fingerprint** of the kernel's machinery (IPython's
  ``run_cell``/``showtraceback``/transformers/custom exceptions, ``sys.excepthook``,
  ``sys.settrace``, the kernel's ``do_execute`` and ``session.send``, ...) with the one taken
  before any trainee code ran; a difference is written into the cell as CHECK BY HAND;
* **bounds output in bytes**: at most ``cell_output_kb`` per cell and ``notebook_output_kb``
  per notebook are kept (counted over every message, so clearing and printing again does not
  reset it); the rest is dropped as it arrives, with a marker, and the submission is flagged.
  In the sandbox the kernel client itself keeps at most that much of any one message
  (:class:`BoundedKernelClient`), so a 1 GiB ``print`` never reaches the grader's memory;
* **sets the trainee's variant** (:mod:`._variants`): every cell the grader owns (setup,
  tests) runs with the graded student's id as its first statement, so tests compute the
  expected answers of the trainee's real variant whatever the submission set; an id changed
  by the submission between cells is written into the cell as CHECK BY HAND;
* **bounds the time of the whole submission**: ``submission_timeout`` seconds over all its
  cells (each cell still has nbgrader's ``timeout``); cells after it are not run, score 0,
  and the submission is flagged.

What the trusted side cannot see: the kernel is the trainee's process, so a submission that
rewrites the kernel's reply machinery *and* its fingerprint, and recognises the canary, can
still report a failed test as passed. The static tamper signs (``_tamper``) and the
fingerprint flag every route we know; the instructor guide says what remains.
"""

from __future__ import annotations

import json
import secrets
import time
import typing as t

from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Integer

from ._variants import PROBE, changed_note, grader_line, owned_by_grader

__all__ = ["TrustedExecute", "trusted_autograde_preprocessors"]

#: Prefix of every note the trusted side writes into a graded notebook (read by _explain).
NOTE = "GRADING NOTE:"
#: Error names the trusted side gives (read by _explain).
TIME_LIMIT = "SubmissionTimeLimit"
UNTRUSTWORTHY = "UntrustworthyKernel"
OUTPUT_CUT = (NOTE + " output cut: {what} passed the grading limit of {limit} KiB; the rest "
              "was not kept. CHECK BY HAND.")
OUTPUT_LOST = (NOTE + " output lost: the kernel's messages for this cell did not all arrive "
               "(a message larger than {limit} KiB or a flood). CHECK BY HAND.")
NOT_RUN = ("not run: the submission used up its {limit:g} s of grading time (all cells "
           "together); this cell and the ones after it score 0.")
STOPPED = ("stopped: the submission used up its {limit:g} s of grading time (all cells "
           "together) while this cell ran; it and the cells after it score 0.")
LIED = ("the kernel reported a test that must fail as passed: it has been hooked, so no test "
        "result from it can be trusted. CHECK BY HAND.")
HOOKED = (NOTE + " CHECK BY HAND: the trainee's code replaced part of the kernel's machinery "
          "({names}); a test result may have been forged.")
_OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error", "update_display_data"}

#: Evaluated in the kernel (an expression): names of the machinery and who implements it.
_FINGERPRINT = r"""(lambda sys, ip: {
 'shell methods': sorted(k for k in ('run_cell', 'run_cell_async', 'run_code',
     'run_ast_nodes', 'showtraceback', '_showtraceback', 'showsyntaxerror', 'transform_cell',
     'transform_ast', 'should_run_async', 'run_line_magic', 'ex', 'ev')
     if k in vars(ip)),
 'shell class': '%s.%s' % (type(ip).__module__, type(ip).__qualname__),
 'method code': [getattr(getattr(type(ip), k, None), '__code__', None).__hash__()
     for k in ('run_cell', 'run_cell_async', 'run_code', 'run_ast_nodes', 'showtraceback',
               'transform_cell')],
 'custom exceptions': repr(ip.custom_exceptions),
 'transformers': [len(ip.ast_transformers), len(ip.input_transformers_cleanup),
     len(ip.input_transformers_post), id(ip.input_transformer_manager)],
 'events': {k: len(v) for k, v in ip.events.callbacks.items()},
 'excepthook': '%s.%s' % (getattr(sys.excepthook, '__module__', '?'),
     getattr(sys.excepthook, '__qualname__', '?')),
 'displayhook': '%s.%s' % (type(sys.displayhook).__module__,
     type(sys.displayhook).__qualname__),
 'trace': [sys.gettrace() is None, sys.getprofile() is None],
 'kernel': sorted(k for k in ('do_execute', 'execute_request', 'send_response',
     'dispatch_shell', 'process_one', 'finish_metadata') if k in vars(ip.kernel)),
 'kernel class': '%s.%s' % (type(ip.kernel).__module__, type(ip.kernel).__qualname__),
 'session': sorted(k for k in ('send', 'serialize', 'sign', 'pack') if k in
     vars(ip.kernel.session)),
 'handlers': sorted('%s=%s' % (k, getattr(v, '__qualname__', '?'))
     for k, v in ip.kernel.shell_handlers.items() if k == 'execute_request'),
 'streams': ['%s.%s' % (type(s).__module__, type(s).__qualname__)
     for s in (sys.stdout, sys.stderr)],
 'display': ['%s.%s' % (type(o).__module__, type(o).__qualname__)
     for o in (ip.displayhook, ip.display_pub)],
})(__import__('sys'), get_ipython())"""

# When one submission started (several notebooks of one submission share its time).
_STARTED: dict[tuple[str, str], tuple[float, set[str]]] = {}


def _json_size(content: t.Any) -> int:
    try:
        return len(json.dumps(content, default=str))
    except (TypeError, ValueError):
        return 1 << 30


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


def _note(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text + "\n")


class TrustedExecute(Execute):
    """nbgrader's ``Execute``, with test scores, output size and time decided by the grader."""

    submission_timeout = Integer(
        300, help="Seconds one submission may run in total (all its cells); cells after it "
                  "are not run and score 0. 0: no bound.").tag(config=True)
    cell_output_kb = Integer(1024, help="Most output kept per cell (KiB).").tag(config=True)
    notebook_output_kb = Integer(4096, help="Most output kept per notebook (KiB)."
                                 ).tag(config=True)
    canary = Bool(True, help="Send a must-fail canary before each test cell.").tag(config=True)
    variants = Bool(True, help="Grade each trainee on their own exercise variant (the graded "
                               "student id is set in every cell the grader owns); False: "
                               "everyone on variant 0.").tag(config=True)
    # A message lost to the size bound must not stop grading: flagged instead.
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    # ------------------------------------------------------------------ the notebook
    def preprocess(self, nb, resources=None, km=None):
        info = (resources or {}).get("nbgrader", {})
        key = (str(info.get("assignment", "")), str(info.get("student", "")))
        name = str(info.get("notebook", id(nb)))
        start, seen = _STARTED.get(key, (0.0, set()))
        if not seen or name in seen:  # a new grading of this submission
            start, seen = time.monotonic(), set()
        seen.add(name)
        _STARTED[key] = (start, seen)
        self._deadline = (start + self.submission_timeout if self.submission_timeout > 0
                          else None)
        self._nb_bytes = 0
        self._baseline = None
        self._untrusted = False
        self.notes: list[str] = []
        # The trainee's variant comes from the grader (whom it grades), never the submission.
        self._trainee = (str(info.get("student") or "") or None) if self.variants else None
        self._assignment = str(info.get("assignment", ""))
        self._course = self._course_id()
        self._variant_set = False
        self._variant_flagged = False
        return super().preprocess(nb, resources, km)

    def _course_id(self) -> str | None:
        try:
            value = self.config.CourseDirectory.get("course_id")
        except AttributeError:
            value = None
        return value if isinstance(value, str) and value else None

    def _remaining(self) -> float | None:
        return None if self._deadline is None else self._deadline - time.monotonic()

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        left = self._remaining()
        if left is None:
            return timeout
        left = max(1, int(left + 0.999))
        return left if timeout is None else min(timeout, left)

    # ------------------------------------------------------------------ one cell
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        test = is_grade(cell) and not is_solution(cell)
        left = self._remaining()
        if left is not None and left <= 0:
            cell.outputs = [_error(TIME_LIMIT, NOT_RUN.format(limit=self.submission_timeout))]
            if not self.notes or TIME_LIMIT not in self.notes[-1]:
                self.notes.append(f"{TIME_LIMIT}: from cell {index}")
                self.log.warning("Submission time limit reached at cell %s", index)
            return cell, resources
        if self._baseline is None:
            self._baseline = self._fingerprint()
        lied = False
        if test and self.canary and not self._untrusted:
            lied = self._canary_passes(cell)
            self._untrusted = lied
        self._cell_bytes = 0
        self._cut = False
        self._idle = False
        self._reply = None
        bound_first = left is not None and (not self.timeout or left < self.timeout)
        source = cell.source
        variant_note = None
        if self._trainee and owned_by_grader(cell):
            variant_note = self._check_variant(index)
            cell.source = grader_line(self._course, self._trainee) + "\n" + source
            self._variant_set = True
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        finally:
            cell.source = source
        if variant_note:
            cell.outputs.append(_note(variant_note))
        if self._cut:
            cell.outputs.append(_note(OUTPUT_CUT.format(
                what="this cell's output" if self._cut == "cell" else "the notebook's output",
                limit=self.cell_output_kb if self._cut == "cell" else self.notebook_output_kb)))
        elif not self._idle and (self._reply or {}).get("content", {}).get(
                "ename") != "CellTimeoutError":
            cell.outputs.append(_note(OUTPUT_LOST.format(limit=self.cell_output_kb)))
        if test:
            self._decide(cell, lied)
        if bound_first and (self._remaining() or 0) <= 0.5:  # stopped by the submission bound
            for i, out in enumerate(cell.outputs):
                if out.output_type == "error" and out.get("ename") == "CellTimeoutError":
                    cell.outputs[i] = _error(TIME_LIMIT, STOPPED.format(
                        limit=self.submission_timeout))
        if test:
            hooked = self._hooked()
            if hooked:
                cell.outputs.append(_note(HOOKED.format(names=", ".join(hooked))))
        return cell, resources

    def on_cell_executed(self, **kw):
        self._reply = kw.get("execute_reply")
        return super().on_cell_executed(**kw)

    def _decide(self, cell, lied: bool) -> None:
        """Rewrite a test cell's outputs so determine_grade reads the reply's status only."""
        reply = (self._reply or {}).get("content", {})
        kept = [o for o in cell.outputs if o.output_type not in ("execute_result", "error")]
        if self._untrusted:
            cell.outputs = [*kept, _error(UNTRUSTWORTHY, LIED)]
        elif reply.get("status") == "ok":
            for o in kept:
                if o.output_type == "stream" and o.name == "stderr":
                    o.name = "stdout"
            cell.outputs = kept
        else:
            tb = [str(line)[:2000] for line in (reply.get("traceback") or [])][-40:]
            err = _error(str(reply.get("ename") or "Error")[:200],
                         str(reply.get("evalue") or "")[:4000])
            err.traceback = tb or err.traceback
            cell.outputs = [*kept, err]

    # ------------------------------------------------------------------ probes
    def _silent(self, code: str, expressions: dict | None = None) -> dict:
        msg_id = self.kc.execute(code, silent=True, store_history=False,
                                 user_expressions=expressions or {}, allow_stdin=False,
                                 stop_on_error=False)
        reply = self.wait_for_reply(msg_id)
        return (reply or {}).get("content", {})

    def _check_variant(self, index: int) -> str | None:
        """A note (once) when the kernel's trainee id is not the one the grader set last."""
        if not self._variant_set or self._variant_flagged:
            return None
        reply = self._silent("", {"tid": PROBE})
        value = reply.get("user_expressions", {}).get("tid", {})
        got = value.get("data", {}).get("text/plain") if value.get("status") == "ok" else None
        if got == repr(self._trainee):
            return None
        self._variant_flagged = True
        self.notes.append(f"trainee id changed before cell {index}")
        return NOTE + " " + changed_note(got, self._trainee, f"cell {index}", self._course,
                                         self._assignment)

    def _canary_passes(self, cell) -> bool:
        nonce = secrets.token_hex(6)
        reply = self._silent(f"assert {nonce!r} == {nonce[::-1]!r}, {nonce!r}\n" + cell.source)
        return reply.get("status") == "ok"

    def _fingerprint(self) -> str | None:
        reply = self._silent("", {"fp": _FINGERPRINT})
        value = reply.get("user_expressions", {}).get("fp", {})
        if value.get("status") != "ok":
            return None
        return value.get("data", {}).get("text/plain")

    def _hooked(self) -> list[str]:
        import ast

        now = self._fingerprint()
        if now == self._baseline:
            return []
        try:
            before, after = ast.literal_eval(self._baseline), ast.literal_eval(now)
        except (ValueError, SyntaxError, TypeError, MemoryError):
            return ["the fingerprint itself"]
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))

    # ------------------------------------------------------------------ output size
    def process_message(self, msg, cell, cell_index):
        msg_type = msg.get("msg_type", "")
        content = msg.get("content", {})
        if msg_type == "status" and content.get("execution_state") == "idle":
            self._idle = True
        if msg.get("_rml_cut") and not self._cut:
            self._cut = "cell"
        if msg_type in _OUTPUT_TYPES or msg_type.startswith("comm"):
            size = _json_size(content) + sum(len(b) for b in msg.get("buffers") or [])
            self._cell_bytes += size
            self._nb_bytes += size
            if self._cell_bytes > self.cell_output_kb * 1024:
                self._cut = self._cut or "cell"
                return None
            if self._nb_bytes > self.notebook_output_kb * 1024:
                self._cut = self._cut or "notebook"
                return None
        return super().process_message(msg, cell, cell_index)


def trusted_autograde_preprocessors() -> list:
    """nbgrader's autograde steps with ``Execute`` replaced by :class:`TrustedExecute`."""
    from nbgrader.converters import Autograde

    steps = Autograde.class_traits()["autograde_preprocessors"].make_dynamic_default()
    return [TrustedExecute if step is Execute else step for step in steps]

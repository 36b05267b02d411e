"""Tamper signs: code in a submission that reaches into the test machinery."""

from __future__ import annotations

import re

__all__ = []

#: A feedback helper bound (or called) at the start of a line: a sign only when a test cell reads that name.
_HELPER = re.compile(r"^\s*(?:def\s+)?(answer|expect_\w+)\s*(?:=|\()", re.M)
_HELPER_WHY = "redefines a feedback helper (answer/expect_…)"

_TAMPER = [
    (re.compile(r"sys\.modules"), "replaces modules in sys.modules"),
    (re.compile(r"responsible_ml\.feedback|_checks|\btrusted\b"),
     "touches the feedback helpers (responsible_ml.feedback)"),
    (re.compile(r"\b(np|numpy|pd|pandas|math|builtins)\.\w+\s*=(?!=)"),
     "reassigns a library function (numpy/pandas/math/builtins)"),
    (re.compile(r"__builtins__|\bbuiltins\b|importlib|__import__"),
     "changes how Python imports or its built-ins"),
    (re.compile(r"get_ipython|set_custom_exc|run_cell|run_code|showtraceback|InteractiveShell"
                r"|\bIPython\b|ipykernel|excepthook|displayhook|_transformers|events\.register"
                r"|do_execute|\bsession\b|\bzmq\b|jupyter_client|clear_output"),
     "changes how IPython runs cells or reports errors"),
    (re.compile(r"settrace|setprofile|_getframe|f_lineno|f_locals|f_globals|\bgc\.|\bctypes\b"
                r"|__subclasses__|__globals__|__code__|__closure__|\binspect\b"),
     "reaches into running frames or the interpreter (can skip or rewrite a test)"),
    # Review x03-r18 S1: the notebook's namespace, where the test cells' helpers and expected values live.
    (re.compile(r"\bglobals\s*\(|\bvars\s*\(\s*\)|\blocals\s*\("
                r"|\bimport\s+__main__\b|\bfrom\s+__main__\s+import\b|\b_t\d\d"),
     "reads the notebook's namespace or the test cells' names (globals(), vars(), __main__, _tNN…), "
     "where the tests keep their helpers and expected values"),
    (re.compile(r"RML_TRAINEE_ID|RML_COURSE_ID|\bputenv\b|\bunsetenv\b|os\.environ\s*="
                r"|environ\s*\.\s*(update|setdefault|pop|clear)\b|environ\s*\[[^]]*\]\s*=(?!=)"),
     "sets the trainee id, course or environment the grader decides (graded on the "
     "trainee's real variant)"),
    (re.compile(r"\b_thread\b|start_new_thread|_threadwatch|_WorkItem"),
     "starts a thread the guard does not see or edits its record of threads"),
    (re.compile(r"\b_?(?:xx)?(?:sub)?interp(?:reters|channels|queues)\b"),
     "runs code in another Python interpreter (a sub-interpreter the checks cannot see)"),
    (re.compile(r"\b(subprocess|multiprocessing|ProcessPoolExecutor|_posixsubprocess)\b"
                r"|\bos\.(fork\w*|system|popen|spawn\w*|posix_spawnp?|exec\w+)\s*\("),
     "starts another process (graded answers run in the kernel only)"),
    (re.compile(r"(?<![\w.])(exec|eval|compile|setattr)\s*\("),
     "runs generated code or setattr (can hide any of the above)"),
]


def tamper_signs(code: str, test_reads: set[str] | frozenset[str] | None = None) -> list[str]:
    """Reasons to check a submission by hand: its code reaches into the test machinery.

    A submission runs in the same Python process as the tests (the sandbox keeps it away
    from the course, not from its own tests), so code that replaces modules, built-ins,
    IPython's error handling or the feedback helpers can fake a pass. Ordinary answers
    never need any of these.

    Parameters
    ----------
    code : str
        The trainee's code (answer cells and any cells they added).
    test_reads : set of str, optional
        The names the assignment's test cells read from the notebook's namespace
        (:func:`responsible_ml.course._test_reads.free_names` of each). Given, a trainee who binds
        a feedback helper's name (``answer = my_function(...)``) is a sign only when a test cell
        reads that name: a converted exercise's test cells read their helpers under ``_tNN_``
        aliases (touching one of those is a sign by itself), so its old unprefixed names are the
        trainee's to use. Without it, every such binding is a sign.

    Returns
    -------
    list of str
        Plain-words reasons; empty when nothing looks like tampering.
    """
    helpers = {m.group(1) for m in _HELPER.finditer(code)}
    redefined = helpers if test_reads is None else helpers & set(test_reads)
    found = [why for pattern, why in _TAMPER[:2] if pattern.search(code)]
    return found + [_HELPER_WHY] * bool(redefined) + [why for pattern, why in _TAMPER[2:] if pattern.search(code)]

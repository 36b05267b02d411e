"""Code shown in a lesson's prose must run as printed.

Runnable examples belong in code cells, where nbval executes them. What is left in markdown —
inline spans such as ``metrics_by_group(y_true, y_pred, sensitive_features=...)`` and fenced
```` ```python ```` blocks — is checked here without executing it: a fenced block must parse,
and every call it shows to a public function of the course library must bind to that
function's signature (right number of positional arguments, keyword-only arguments passed by
keyword, no unknown keywords). That catches the kind of "right way" snippet that raises
``TypeError`` as printed.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Lessons whose prose is checked (01 and 02 so far; add a slug once its prose passes).
LESSONS = ("01-what-is-ml", "02-what-can-go-wrong")
SUBPACKAGES = ("data", "fairness", "privacy", "explain", "monitoring", "tradeoffs",
               "plotting", "widgets", "feedback", "course")
FENCED = re.compile(r"```python\n(.*?)```", re.DOTALL)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def _library_functions() -> dict[str, inspect.Signature]:
    functions = {}
    for sub in SUBPACKAGES:
        module = importlib.import_module(f"responsible_ml.{sub}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                functions[name] = inspect.signature(obj)
    return functions


FUNCTIONS = _library_functions()


def _markdown(slug: str) -> list[tuple[int, str]]:
    notebook = json.loads((ROOT / "lessons" / f"{slug}.ipynb").read_text(encoding="utf-8"))
    return [(i, "".join(cell["source"])) for i, cell in enumerate(notebook["cells"])
            if cell["cell_type"] == "markdown"]


def call_problems(code: str) -> list[str]:
    """Calls in `code` to a library function that would not bind to its signature."""
    problems = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in FUNCTIONS):
            continue
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords):
            continue  # *args / **kwargs: cannot be checked statically
        try:
            FUNCTIONS[node.func.id].bind(*node.args, **{k.arg: k.value for k in node.keywords})
        except TypeError as error:
            problems.append(f"{ast.unparse(node)}: {error}")
    return problems


def _snippets(text: str) -> list[tuple[str, bool]]:
    """(code, must_parse) for every fenced python block and every inline span of `text`."""
    fenced = [(block, True) for block in FENCED.findall(text)]
    inline = [(span.replace("...", "None").replace("…", "None"), False)
              for span in INLINE.findall(FENCED.sub("", text))]
    return fenced + inline


def test_the_checker_catches_a_positional_keyword_only_argument():
    assert "metrics_by_group" in FUNCTIONS
    assert call_problems('metrics_by_group(y_test, y_pred, test["background"])')
    assert not call_problems('metrics_by_group(y_test, y_pred, sensitive_features=test["bg"])')


@pytest.mark.parametrize("slug", LESSONS)
def test_code_in_lesson_prose_runs_as_printed(slug):
    problems = []
    for index, text in _markdown(slug):
        for code, must_parse in _snippets(text):
            try:
                problems += [f"cell {index}: {p}" for p in call_problems(code)]
            except SyntaxError:
                if must_parse:
                    problems.append(f"cell {index}: a ```python block does not parse")
    assert not problems, "\n".join(problems)

"""The course library's prose names no right option of a graded choice item (review x01-r12 S1).

The library is installed for every trainee, from a private fork too, so a hidden test can be
kept private but the library's text cannot. ``responsible_ml/feedback/_variant.py`` used to say
which option each variant of exercise 01 keeps ("... so the verdict is "c"", "... so "a"").
These checks keep that wording out:

* the variant generator's comments and docstrings quote no single option letter (its choice
  items are answered with one of a, b, c, d, so a quoted single letter there names an option);
* no comment or docstring of the library says that a verdict, answer, option or choice "is" a
  quoted letter, or ends a reasoning with "so" and a quoted letter;
* no option of a choice item of any exercise (every option a solution notebook shows, the right
  ones and the others alike, so the list itself says nothing) is written in the library's source.

What they cannot catch is a paraphrase of a right option ("the gain stays within noise"). Parts of
options cannot be checked either: options restate the case study by design, and the library
describes the same case study ("at the end of each learner's third week" is both the data's
decision point and a clause of an option of exercise 05). So the ``_params_NN`` docstrings say
what keeps an answer's kind in numbers only ("z stays in 0.8-1.7"), and a reviewer reads them
with that in mind.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize

LETTERS = {"a", "b", "c", "d"}
#: A quoted single option letter, straight or curly quotes.
_QUOTED_LETTER = re.compile(r"""["'“‘`]{1,2}([a-d])["'”’`]{1,2}""")
#: "the verdict is "c"", "the answer is 'a'", "so "a"", "option "d" is right" ...
_NAMES_OPTION = re.compile(
    r"""(?:\b(?:verdict|answer|option|choice|letter)s?\b[^.;\n]{0,30}?\b(?:is|are|=)\s*["'“‘`]{1,2}[a-d]["'”’`]{1,2})"""
    r"""|(?:\bso\s*["'“‘`]{1,2}[a-d]["'”’`]{1,2})"""
    r"""|(?:\b(?:option|answer|choice|letter)\s*["'“‘`]{1,2}[a-d]["'”’`]{1,2}\s*(?:is|was)?\s*(?:right|correct))""",
    re.I)


def _library_files(repo):
    return sorted((repo / "lib" / "responsible_ml").rglob("*.py"))


def _prose(path) -> list[tuple[int, str]]:
    """The comments and docstrings of a Python file, with their line numbers."""
    source = path.read_text(encoding="utf-8")
    found = [(tok.start[0], tok.string.lstrip("#:").strip())
             for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((node.body[0].lineno, doc))
    return found


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[#`*_]", " ", text).lower().split())


def _options(repo) -> dict[str, str]:
    """Every option text a solution notebook's code shows for a choice item: the values of dicts
    keyed "a"-"d" and lists of four long strings (exercise 05's option lists), by where they are."""
    found = {}
    for nb_path in sorted((repo / "solutions").glob("*/*.ipynb")):
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                texts = []
                if (isinstance(node, ast.Dict) and node.keys
                        and all(isinstance(k, ast.Constant) for k in node.keys)
                        and {k.value for k in node.keys} == LETTERS):
                    texts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
                elif (isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 4
                      and all(isinstance(e, ast.Constant) and isinstance(e.value, str) and len(e.value) > 30
                              for e in node.elts)):
                    texts = [e.value for e in node.elts]
                for text in texts:
                    found[text] = nb_path.parent.name
    return found


def test_the_variant_generator_quotes_no_option_letter(repo):
    path = repo / "lib" / "responsible_ml" / "feedback" / "_variant.py"
    hits = [f"line {line}: {m.group(0)!r} in {text[max(0, m.start() - 60):m.end() + 20]!r}"
            for line, text in _prose(path) for m in _QUOTED_LETTER.finditer(text)]
    assert not hits, ("the variant generator's prose quotes an option letter; the library is installed for "
                      "trainees, so say what keeps an answer's kind in numbers (\"z stays in 0.8-1.7\"), not "
                      "which option is right (review x01-r12 S1):\n" + "\n".join(hits))


def test_no_library_prose_says_which_option_is_right(repo):
    hits = [f"{path.relative_to(repo)}:{line}: {m.group(0)!r}"
            for path in _library_files(repo) for line, text in _prose(path)
            for m in _NAMES_OPTION.finditer(" ".join(text.split()))]
    assert not hits, "library prose names an option as the answer (review x01-r12 S1):\n" + "\n".join(hits)


def test_no_choice_option_is_written_in_the_library(repo):
    options = _options(repo)
    assert len(options) >= 20, f"found only {len(options)} option texts in solutions/: has their form changed?"
    library = {path: _normal(path.read_text(encoding="utf-8")) for path in _library_files(repo)}
    hits = [f"{exercise}: {option!r} in {path.relative_to(repo)}"
            for option, exercise in options.items() for path, text in library.items() if _normal(option) in text]
    assert not hits, ("a choice item's option is written in the course library, which trainees have "
                      "(review x01-r12 S1):\n" + "\n".join(hits))

"""Exercise 01 after review x01-r15 S1: no text a trainee sees before a choice item states its key.

Q6's visible rubric said "it shows who completed, not what a mentor changed for anyone (question 7b)",
and 7b's first worked example ("it cannot tell whether the call lowered anyone's risk, since the same
patients might have fared the same without it") said the same: the key of ``precision_means``
("completed in the end, with or without any help from the mentor"), before the item. Q7's opening
described the Going deeper part that 7d needs as "the effect of a mentor against a prediction of
completion", the key of ``help_needs``. The graders' notes (docs/rubrics/01-what-is-ml.md) keep the
rule; the trainee sees a rubric that asks for a reason about what the policy does to the people
affected.

Read here: every markdown cell and every locked code cell of the solution notebook before the cell that
prints the item's options (solution and hidden blocks removed: that is the exercise notebook's text),
and Q6's model answer, which ``python -m responsible_ml model-answers`` shows once Q6 is written,
before 7b-7d. None may contain the key option's text or a phrase that states it.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "01-what-is-ml"
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"

#: item -> (the cell that prints its options, the key's variant-0 letter, phrases that state the key)
ITEMS = {
    "precision_means": ("read_target_options", "b", [
        "with or without", "what a mentor changed", "question 7b", "made the difference",
        "would have changed their outcome", "fared the same without", "lowered anyone's risk",
        "completed anyway", "complete anyway"]),
    "lowest_scores": ("read_target_options", "d", ["non-completer scored 0.5 or more", "scored 0.5 or more who does not"]),
    "help_needs": ("read_target_options", "a", [
        "the effect of a mentor", "what a mentor adds", "all mentored against none", "uplift"]),
    "verdict": ("reading_scenario", "c", ["neither shown nor ruled out"]),
    "ask_next": ("reading_scenario", "d", ["error rate in each true class", "ask for the per-class"]),
}


def _visible(source: str) -> str:
    source = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", source, flags=re.S)
    return source.split("### BEGIN HIDDEN TESTS")[0]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())


def _text_before(cell_id: str) -> str:
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    seen = []
    for cell in cells:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id") == cell_id:
            break
        if cell["cell_type"] == "markdown" or meta.get("locked"):
            seen.append(_visible("".join(cell["source"])))
    return _norm("\n".join(seen))


def _model_answer() -> str:
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == "harm_of_errors"]
    return _norm("".join(cell["source"]))


def _key_text(item: str) -> str:
    cell_id, letter, _ = ITEMS[item]
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == cell_id]
    source = "".join(cell["source"])
    block = source[source.index(f'"{item}": {{'):]
    return _norm(re.search(rf'"{letter}": "([^"]+)"', block).group(1))


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_no_text_before_the_item_states_its_key(item):
    cell_id, _, phrases = ITEMS[item]
    before = _text_before(cell_id)
    if item in ("precision_means", "lowest_scores", "help_needs"):
        before += " " + _model_answer()   # shown by model-answers after Q6, before Q7
    key = _key_text(item)
    assert key not in before, (item, key)
    found = [p for p in phrases if _norm(p) in before]
    assert not found, f"{item}: the text before the item states its key: {found}"


def test_the_phrases_would_have_caught_the_review():
    """The two sentences review x01-r15 S1 quoted are caught by the phrases above."""
    old_rubric = _norm("The reason must rest on what the record can show: it shows who completed, not what a "
                       "mentor changed for anyone (question 7b).")
    old_example = _norm("it cannot tell whether the call lowered anyone's risk, since the same patients might "
                        "have fared the same without it")
    assert any(_norm(p) in old_rubric for p in ITEMS["precision_means"][2])
    assert any(_norm(p) in old_example for p in ITEMS["precision_means"][2])
    assert any(_norm(p) in _norm("(the effect of a mentor against a prediction of completion)")
               for p in ITEMS["help_needs"][2])

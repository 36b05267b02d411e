"""Commit-then-reveal: logic tested directly, then the thin view once."""

from __future__ import annotations

import pytest

from responsible_ml.widgets import _prompt as p


def make():
    return p.CommitReveal("Is 95 % accuracy fair?", ("yes", "not necessarily"),
                          "not necessarily", "Accuracy averages over groups.")


def test_commit_records_and_reveals():
    prompt = make()
    assert not prompt.committed
    verdict = prompt.commit("yes")
    assert prompt.committed and not verdict.correct
    assert "not necessarily" in verdict.message and "averages" in verdict.message
    assert prompt.history == [verdict]


def test_correct_answer():
    assert make().commit("not necessarily").correct


@pytest.mark.parametrize("options, error, shown", [
    (("a",), ValueError, ("a",)),
    (("a", "a"), ValueError, ("a", "a")),
    ("ab", TypeError, "ab"),
])
def test_bad_options(options, error, shown):
    with pytest.raises(error) as err:
        p.CommitReveal("q", options, "a", "e")
    assert str(err.value) == p._NO_OPTIONS.format(options=shown)


def test_answer_must_be_an_option():
    with pytest.raises(ValueError) as err:
        p.CommitReveal("q", ("a", "b"), "c", "e")
    assert str(err.value) == p._BAD_ANSWER.format(answer="c")


def test_unknown_choice_and_second_commit():
    prompt = make()
    with pytest.raises(ValueError) as err:
        prompt.commit("maybe")
    assert str(err.value) == p._UNKNOWN_CHOICE.format(options=prompt.options, choice="maybe")
    prompt.commit("yes")
    with pytest.raises(ValueError) as err:
        prompt.commit("not necessarily")
    assert str(err.value) == p._ALREADY_COMMITTED.format(choice="yes")


def test_view_enables_button_then_reveals():
    box = p.commit_reveal("q", ["a", "b"], "b", "because")
    _, choices, button, reveal = box.children
    assert button.disabled
    choices.value = "b"
    assert not button.disabled
    button.click()
    assert box.prompt.committed and "because" in reveal.value
    assert choices.disabled and button.disabled


def test_interactive_view_redraws_on_change():
    import ipywidgets as w
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from responsible_ml.widgets._view import _NO_CONTROLS, interactive_view

    calls = []

    def render(k):
        calls.append(k)
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, k])
        return fig, f"k = {k}"

    slider = w.IntSlider(value=1, min=0, max=5)
    view = interactive_view(render, {"k": slider}, title="demo")
    slider.value = 3
    assert calls == [1, 3]
    assert view.values() == {"k": 3}
    assert view.last_figure is not None
    with pytest.raises(ValueError) as err:
        interactive_view(render, {})
    assert str(err.value) == _NO_CONTROLS


# --- prompts kept out of the lessons' visible source (issue 29) ---------------------------
def test_lesson_prompts_are_referenced_by_id_only():
    """No lesson cell carries a prompt's answer: each calls commit_reveal with an id alone."""
    import ast
    import json
    import pathlib
    import re

    from responsible_ml.widgets._prompt import _prompts

    lessons = sorted((pathlib.Path(__file__).parents[2] / "lessons").glob("[0-9][0-9]-*.ipynb"))
    used = []
    for lesson in lessons:
        for cell in json.loads(lesson.read_text())["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] != "code" or "commit_reveal(" not in src:
                continue
            for node in ast.walk(ast.parse(src)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "commit_reveal":
                    assert len(node.args) == 1 and not node.keywords, lesson.name
                    used.append(ast.literal_eval(node.args[0]))
    assert used and sorted(used) == sorted(_prompts()), "prompts.json and the lessons differ"
    for prompt_id in used:
        assert re.fullmatch(r"\d\d-q\d+", prompt_id), f"{prompt_id}: ids must not hint at answers"
        assert prompt_id[:2] in {p.name[:2] for p in lessons}
        spec = _prompts()[prompt_id]
        assert spec["answer"] in spec["options"], prompt_id


def test_prompt_by_id_shows_no_answer_before_commit():
    from responsible_ml.widgets._prompt import _prompts

    prompt_id, spec = next(iter(_prompts().items()))
    box = p.commit_reveal(prompt_id)
    html = box.static_html()
    assert spec["explanation"] not in html and spec["question"].split()[0] in html
    assert spec["explanation"] not in box.children[-1].value
    box.children[1].value = spec["options"][0]
    box.children[2].click()
    assert spec["explanation"] in box.children[-1].value


def test_unknown_prompt_id_and_partial_arguments_are_named():
    with pytest.raises(ValueError, match="prompt_id 'no-such-prompt'"):
        p.commit_reveal("no-such-prompt")
    with pytest.raises(TypeError, match="prompt id alone"):
        p.commit_reveal("a question?", ["a", "b"])

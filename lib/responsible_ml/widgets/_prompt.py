"""Commit-then-reveal prompts: the trainee commits to an answer before the lesson explains.

The logic is the plain class :class:`CommitReveal` (unit-tested directly); the widget
:func:`commit_reveal` is a thin view over it.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import ipywidgets as w

from . import _class

__all__ = [
    "commit_reveal",
]

_NO_OPTIONS = "options must hold at least two distinct answers, got {options!r}"
_BAD_ANSWER = "answer must be one of the options, got {answer!r}"
_UNKNOWN_CHOICE = "choice must be one of the options {options!r}, got {choice!r}"
_ALREADY_COMMITTED = "an answer was already committed ({choice!r}); prompts record the first answer"
#: Shown in place of the Commit button where no kernel runs (GitHub, nbviewer, HTML export).
_STATIC_PROMPT_NOTE = ("Pick an answer before reading on; run the notebook to commit it and see "
                       "the explanation (the lesson also gives the answer further down).")

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_UNKNOWN_PROMPT = "prompt_id {prompt_id!r} is not a prompt of the course; known: {known}"
_ID_OR_ALL = ("commit_reveal takes a prompt id alone, or question, options, answer and "
              "explanation together")
#: The lessons' prompts, by id: kept out of the notebooks so that the answer is not in the
#: cell a trainee reads before committing.
_PROMPTS_FILE = "prompts.json"


@cache
def _prompts() -> dict:
    text = resources.files(__package__).joinpath(_PROMPTS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _prompt_spec(prompt_id: str) -> dict:
    prompts = _prompts()
    if prompt_id not in prompts:
        raise ValueError(_UNKNOWN_PROMPT.format(prompt_id=prompt_id, known=sorted(prompts)))
    return prompts[prompt_id]


@dataclass(frozen=True)
class Verdict:
    """What the trainee chose and what the prompt says back."""

    choice: str
    correct: bool
    message: str


@dataclass
class CommitReveal:
    """A question whose explanation is revealed only after an answer is committed.

    Parameters
    ----------
    question : str
        The question, in Markdown-free plain text.
    options : sequence of str
        The possible answers (at least two, distinct).
    answer : str
        The correct option.
    explanation : str
        Why, revealed after the commit whatever the choice.
    """

    question: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    history: list[Verdict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if isinstance(self.options, str):
            raise TypeError(_NO_OPTIONS.format(options=self.options))
        self.options = tuple(str(o) for o in self.options)
        if len(self.options) < 2 or len(set(self.options)) != len(self.options):
            raise ValueError(_NO_OPTIONS.format(options=self.options))
        if self.answer not in self.options:
            raise ValueError(_BAD_ANSWER.format(answer=self.answer))

    @property
    def committed(self) -> bool:
        """Whether an answer has been committed."""
        return bool(self.history)

    def commit(self, choice: str) -> Verdict:
        """Record ``choice`` and return the verdict with the explanation.

        Raises
        ------
        ValueError
            If ``choice`` is not an option, or an answer was already committed.
        """
        if choice not in self.options:
            raise ValueError(_UNKNOWN_CHOICE.format(options=self.options, choice=choice))
        if self.committed:
            raise ValueError(_ALREADY_COMMITTED.format(choice=self.history[0].choice))
        correct = choice == self.answer
        lead = "Yes — " if correct else f"Not quite: the answer is “{self.answer}”. "
        verdict = Verdict(choice=choice, correct=correct, message=lead + self.explanation)
        self.history.append(verdict)
        return verdict


class PromptBox(w.VBox):
    """The prompt's ``VBox``; without a kernel it shows the question and the options."""

    prompt: CommitReveal

    def static_html(self) -> str:
        """The question and its options as HTML (never the answer or the explanation)."""
        items = "".join(f"<li>{html.escape(o)}</li>" for o in self.prompt.options)
        return (f"<div><p><b>Before reading on:</b> {html.escape(self.prompt.question)}</p>"
                f"<ul>{items}</ul><p><i>{html.escape(_STATIC_PROMPT_NOTE)}</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if bundle is None or _WIDGET_VIEW not in bundle or not hasattr(self, "prompt"):
            return bundle
        bundle["text/html"] = self.static_html()
        options = " / ".join(self.prompt.options)
        bundle["text/plain"] = f"Before reading on: {self.prompt.question} [{options}]"
        return bundle


def commit_reveal(question: str, options=None, answer: str | None = None,
                  explanation: str | None = None) -> w.VBox:
    """Show a commit-then-reveal prompt.

    Returns a ``VBox`` (question, choices, a *Commit* button, the revealed
    explanation). The underlying :class:`CommitReveal` is available as ``box.prompt``.
    Where no kernel runs, the box shows the question and the options as HTML.
    The lessons call it with a prompt id alone (``commit_reveal("01-overfitting")``): the
    question, options, answer and explanation then come from the package's
    ``prompts.json``, so the answer is not in the cell a trainee reads before committing.

    Parameters
    ----------
    question : str
        A prompt id of ``prompts.json`` (with no other argument), or the question, in plain
        text.
    options : iterable of str, optional
        The possible answers (at least two, distinct); with ``question`` as text.
    answer : str, optional
        The correct option; with ``question`` as text.
    explanation : str, optional
        Why, revealed after the commit whatever the choice; with ``question`` as text.

    Returns
    -------
    PromptBox
        The prompt's ``VBox``, with the :class:`CommitReveal` as ``.prompt``.

    Raises
    ------
    ValueError
        If there are fewer than two distinct options, `answer` is not one of them, or
        `question` alone is not a prompt id.
    TypeError
        If some but not all of `options`, `answer`, `explanation` are given.
    """
    given = [a is not None for a in (options, answer, explanation)]
    prompt_id = None
    if not any(given):
        prompt_id = question
        spec = _prompt_spec(question)
        question, options = spec["question"], spec["options"]
        answer, explanation = spec["answer"], spec["explanation"]
    elif not all(given):
        raise TypeError(_ID_OR_ALL)
    prompt = CommitReveal(question, tuple(options), answer, explanation)
    choices = w.RadioButtons(options=list(prompt.options), value=None,
                             layout=w.Layout(width="auto"))
    button = w.Button(description="Commit to my answer", button_style="primary",
                      disabled=True, layout=w.Layout(width="auto"))
    reveal = w.HTML(value="<i>Commit to an answer to see the explanation.</i>")

    def on_choice(change) -> None:
        button.disabled = change["new"] is None or prompt.committed

    def on_commit(_button) -> None:
        verdict = prompt.commit(choices.value)
        choices.disabled = True
        button.disabled = True
        colour = "#009E73" if verdict.correct else "#D55E00"
        reveal.value = f"<div style='border-left:4px solid {colour};padding-left:8px'>{verdict.message}</div>"
        if prompt_id is not None:
            _class.leave_or_say(reveal, "prompt", prompt_id, {"choice": verdict.choice})

    choices.observe(on_choice, names="value")
    button.on_click(on_commit)
    box = PromptBox([w.HTML(f"<b>Before reading on:</b> {question}"), choices, button, reveal,
                     *_class.share_box()])
    box.prompt = prompt
    return box


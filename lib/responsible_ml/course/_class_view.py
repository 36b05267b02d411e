"""The class view, instructor side: how the room answered each prompt, counted from the class folder.

Trainees who opted in (:func:`responsible_ml.widgets.share_with_class`) leave one JSON file
per prompt they commit to in the hub's class folder (``RML_CLASS_DIR``, beside nbgrader's
exchange). :func:`class_summary` counts them per prompt and option;
:func:`misconception_report` names, per prompt, the wrong option most chosen — the thing to
discuss next; :func:`class_summary_plot` draws the counts. ``python -m responsible_ml
class-summary`` prints both and can save the figure. Counts only: no pseudonym is shown.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["class_summary", "class_ratings", "misconception_report", "class_summary_plot"]

_NO_DIR = "directory must be an existing class folder, got {directory!r}"
_COLUMNS = ["prompt", "option", "correct", "count", "share", "answered"]


def _prompts() -> dict:
    text = resources.files("responsible_ml.widgets").joinpath("prompts.json").read_text(encoding="utf-8")
    return json.loads(text)


def _folder(directory) -> Path:
    folder = Path(directory)
    if not folder.is_dir():
        raise ValueError(_NO_DIR.format(directory=str(directory)))
    return folder


def _records(directory: Path, kind: str):
    for path in sorted(directory.glob(f"{kind}.*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # being written, or not ours: not counted
        if isinstance(record, dict) and record.get("kind") == kind:
            yield record


def class_summary(directory, *, lesson: str | None = None) -> pd.DataFrame:
    """Count the room's committed answers per prompt and option.

    Parameters
    ----------
    directory : path-like
        The class folder (``RML_CLASS_DIR`` on the hub).
    lesson : str, optional
        Only the prompts of this lesson: its number or slug (``"03"``, ``"03-fairness"``).

    Returns
    -------
    pandas.DataFrame
        One row per prompt and option, every option of a known prompt included (also those
        nobody chose), in the prompts' order: ``prompt``, ``option``, ``correct`` (bool),
        ``count``, ``share`` (of that prompt's answers; NaN when nobody answered) and
        ``answered`` (answers to that prompt). Records for unknown prompts or options are
        not counted.

    Raises
    ------
    ValueError
        If `directory` is not an existing folder.
    """
    folder = _folder(directory)
    prompts = _prompts()
    if lesson is not None:
        number = str(lesson)[:2]
        prompts = {k: v for k, v in prompts.items() if k.startswith(number + "-")}
    counts = {(k, o): 0 for k, spec in prompts.items() for o in spec["options"]}
    for record in _records(folder, "prompt"):
        key = (record.get("key"), record.get("choice"))
        if key in counts:
            counts[key] += 1
    rows = [{"prompt": k, "option": o, "correct": o == prompts[k]["answer"], "count": n}
            for (k, o), n in counts.items()]
    table = pd.DataFrame(rows, columns=_COLUMNS[:4])
    answered = table.groupby("prompt", sort=False)["count"].transform("sum")
    table["share"] = (table["count"] / answered.where(answered > 0)).astype(float)
    table["answered"] = answered.astype(int)
    return table[_COLUMNS].reset_index(drop=True)


def class_ratings(directory, *, lesson: str | None = None) -> pd.DataFrame:
    """The room's self-ratings (1 = not yet, 5 = confidently) per lesson and statement.

    Parameters
    ----------
    directory : path-like
        The class folder (``RML_CLASS_DIR`` on the hub).
    lesson : str, optional
        Only this lesson: its number or slug.

    Returns
    -------
    pandas.DataFrame
        One row per lesson and statement: ``lesson``, ``statement``, ``rated`` (trainees),
        ``mean`` and ``share_low`` (the share who rated it 1 or 2: what to revisit).

    Raises
    ------
    ValueError
        If `directory` is not an existing folder.
    """
    folder = _folder(directory)
    values: dict[tuple[str, str], list[int]] = {}
    for record in _records(folder, "ratings"):
        key, ratings = record.get("key"), record.get("ratings")
        if not isinstance(key, str) or not isinstance(ratings, dict):
            continue
        if lesson is not None and not key.startswith(str(lesson)[:2] + "-"):
            continue
        for statement, value in ratings.items():
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
                values.setdefault((key, str(statement)), []).append(value)
    rows = [{"lesson": k, "statement": s, "rated": len(v), "mean": sum(v) / len(v),
             "share_low": sum(x <= 2 for x in v) / len(v)} for (k, s), v in values.items()]
    return pd.DataFrame(rows, columns=["lesson", "statement", "rated", "mean", "share_low"])


def misconception_report(summary: pd.DataFrame) -> pd.DataFrame:
    """Per prompt: how many answered, the share right, and the wrong option most chosen.

    Parameters
    ----------
    summary : pandas.DataFrame
        What :func:`class_summary` returned.

    Returns
    -------
    pandas.DataFrame
        Indexed by prompt: ``answered``, ``share_correct`` (NaN when nobody answered),
        ``top_wrong`` (the most chosen wrong option, "" when no wrong answer) and
        ``top_wrong_share``.
    """
    rows = {}
    for prompt, part in summary.groupby("prompt", sort=False):
        answered = int(part["count"].sum())
        wrong = part[~part["correct"]].sort_values("count", ascending=False, kind="stable")
        top = wrong.iloc[0] if len(wrong) and wrong.iloc[0]["count"] > 0 else None
        rows[prompt] = {
            "answered": answered,
            "share_correct": float(part.loc[part["correct"], "count"].sum() / answered)
            if answered else float("nan"),
            "top_wrong": "" if top is None else str(top["option"]),
            "top_wrong_share": 0.0 if top is None else float(top["count"] / answered),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def class_summary_plot(summary: pd.DataFrame, ax=None):
    """Horizontal bars: how many chose each option of each prompt; the right option in green.

    Parameters
    ----------
    summary : pandas.DataFrame
        What :func:`class_summary` returned.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure sized to the number of options).

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.ticker import MaxNLocator

    from ..plotting import finish
    from ..plotting._style import BAD, GOOD, new_axes

    ax = new_axes(ax, figsize=(7.0, 0.9 + 0.32 * max(len(summary), 1)))
    labels = [f"{p}: {o[:48]}" for p, o in zip(summary["prompt"], summary["option"], strict=True)]
    y = list(range(len(summary)))[::-1]
    colours = [GOOD if c else BAD for c in summary["correct"]]
    ax.barh(y, summary["count"], color=colours)
    for yi, count, correct in zip(y, summary["count"], summary["correct"], strict=True):
        ax.annotate(f"{count}{'  (right)' if correct else ''}", (count, yi), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    answered = summary.groupby("prompt", sort=False)["count"].sum()
    who = (f"{int(answered.iloc[0])} trainees" if len(answered) == 1
           else f"{len(answered)} prompts")
    return finish(ax, title=f"Class view: how the room answered ({who}; right option in green)",
                  xlabel="trainees who chose the option", ylabel="prompt: option")

"""Tables of the guides, generated from the notebooks so that guides and notebooks agree.

Each lesson notebook states its time in its metadata (``responsible_ml.minutes``:
``{"core": 80, "optional": 40, "exercise": 45}``; ``core`` is a list such as ``[90, 80]``
for a lesson taken in two sittings) and in its first cell; each solution notebook states its
points in nbgrader's cell metadata. :func:`render` turns them into the Markdown tables that ``README.md``,
``docs/instructor-guide.md`` and ``docs/trainee-guide.md`` carry between
``<!-- BEGIN GENERATED: name -->`` and ``<!-- END GENERATED: name -->``;
``python -m responsible_ml guide`` writes them and ``tests/course/test_guide.py`` fails when
a guide is stale.
"""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass

from .._validation import check_integer
from ._nbgrader import REPO_ROOT

GUIDES = ("README.md", "docs/instructor-guide.md", "docs/trainee-guide.md")
_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[\w-]+) -->\n)(.*?)(<!-- END GENERATED: "
                    r"(?P=name) -->)", re.S)


@dataclass(frozen=True)
class _Exercise:
    slug: str
    title: str
    sittings: tuple  # minutes of each core sitting
    optional: int
    exercise_minutes: int
    auto: dict  # grade_id -> points, autograded test cells in notebook order
    manual: dict  # grade_id -> points, free-text cells


def _notebook(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _minutes(nb: dict, path: pathlib.Path, keys: tuple[str, ...]) -> dict:
    got = nb.get("metadata", {}).get("responsible_ml", {}).get("minutes", {})
    missing = [k for k in keys if not isinstance(got.get(k), int)]
    if missing:
        raise ValueError(f"{path}: metadata responsible_ml.minutes lacks {missing}")
    return got


def _title(nb: dict) -> str:
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return re.sub(r"^#\s*\d\d\s*·\s*", "", first).strip()


def course(root: pathlib.Path | str = REPO_ROOT) -> list[_Exercise]:
    """Times and points of every lesson and exercise, read from the notebooks."""
    root = pathlib.Path(root)
    rows = []
    for lesson in sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb")):
        slug = lesson.stem
        nb = _notebook(lesson)
        times = _minutes(nb, lesson, ("optional", "exercise"))
        core = times.get("core")
        sittings = tuple(core) if isinstance(core, list) else (core,)
        if not sittings:
            raise ValueError(f"{lesson}: metadata responsible_ml.minutes lacks ['core']")
        sittings = tuple(check_integer(m, f"{lesson}: minutes.core", low=1) for m in sittings)
        sol_path = root / "solutions" / slug / f"{slug}.ipynb"
        sol = _notebook(sol_path)
        auto, manual = {}, {}
        for cell in sol["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("points"):
                continue
            manual_cell = meta.get("task") or (meta.get("solution") and meta.get("grade"))
            (manual if manual_cell else auto)[meta["grade_id"]] = meta["points"]
        rows.append(_Exercise(slug, _title(nb), sittings, times["optional"], times["exercise"],
                              auto, manual))
    return rows


def _fmt(points: float) -> str:
    return f"{points:g}"


def _core(r: _Exercise) -> str:
    if len(r.sittings) == 1:
        return f"{r.sittings[0]} min"
    return " + ".join(str(m) for m in r.sittings) + f" min ({len(r.sittings)} sittings)"


def render(root: pathlib.Path | str = REPO_ROOT) -> dict[str, str]:
    """The generated blocks by name: ``lessons-at-a-glance``, ``free-text``, ``totals``,
    ``readme-table`` (the same as the first, with links from the repository root)."""
    rows = course(root)
    glance = ["| # | lesson | core | going deeper (optional) | exercise | automatic + free-text "
              "points |", "| --- | --- | --- | --- | --- | --- |"]
    free = ["| exercise | free-text cells (points) | rubric and model answers |",
            "| --- | --- | --- |"]
    readme = ["| # | lesson (core + optional) | exercise: autograded parts + free-text cells "
              "(points) |", "| --- | --- | --- |"]
    for r in rows:
        nn = r.slug[:2]
        optional = f"+{r.optional} min" if r.optional else "—"
        glance.append(f"| {nn} | {r.title} | {_core(r)} | {optional} | {r.exercise_minutes} min "
                      f"| {_fmt(sum(r.auto.values()))} + {_fmt(sum(r.manual.values()))} |")
        readme.append(
            f"| {nn} | [{r.title}](lessons/{r.slug}.ipynb) (core {_core(r)}, optional {r.optional} min) | "
            f"[{len(r.auto)} + {len(r.manual)}](exercises/{r.slug}/{r.slug}.ipynb) "
            f"({_fmt(sum(r.auto.values()))} + {_fmt(sum(r.manual.values()))} points, "
            f"about {r.exercise_minutes} min) |")
        cells = ", ".join(f"`{k}` ({_fmt(v)})" for k, v in r.manual.items())
        free.append(f"| {nn} | {cells} | [docs/rubrics/{r.slug}.md](rubrics/{r.slug}.md) |")
    core = sum(sum(r.sittings) for r in rows)
    optional = sum(r.optional for r in rows)
    exercises = sum(r.exercise_minutes for r in rows)
    auto = sum(sum(r.auto.values()) for r in rows)
    manual = sum(sum(r.manual.values()) for r in rows)
    totals = (f"Core path of the seven lessons: **{core} min** ({core / 60:.1f} h); going deeper "
              f"(optional): {optional} min more; exercises: {exercises} min. Points: "
              f"{_fmt(auto)} automatic + {_fmt(manual)} free-text = {_fmt(auto + manual)}.")
    return {"lessons-at-a-glance": "\n".join(glance), "free-text": "\n".join(free),
            "totals": totals, "readme-table": "\n".join(readme)}


def update(root: pathlib.Path | str = REPO_ROOT, *, write: bool = True) -> list[str]:
    """Rewrite the generated blocks of every guide; return the guides that were stale.

    Parameters
    ----------
    root : path-like, default REPO_ROOT
        The course repository.
    write : bool, default True
        False only reports which guides differ from a fresh generation.

    Returns
    -------
    list of str
        Paths (relative to ``root``) of the guides whose blocks were stale.

    Raises
    ------
    ValueError
        If a guide names a block that is not generated.
    """
    root = pathlib.Path(root)
    blocks = render(root)
    stale = []
    for rel in GUIDES:
        path = root / rel
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")

        def fill(m: re.Match, rel: str = rel) -> str:
            name = m.group("name")
            if name not in blocks:
                raise ValueError(f"{rel}: unknown generated block {name!r}; known: "
                                 f"{sorted(blocks)}")
            return f"{m.group(1)}{blocks[name]}\n{m.group(4)}"

        new = _BLOCK.sub(fill, text)
        if new != text:
            stale.append(rel)
            if write:
                path.write_text(new, encoding="utf-8")
    return stale

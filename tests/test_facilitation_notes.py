"""The facilitation notes (docs/facilitation/) agree with the lessons they describe.

Every lesson has a notes page; every section a page names (written **"Heading text"**) is a
heading of that lesson; the time a page states is the lesson's, read with the reader the guides
use (``responsible_ml.course._guide.course``), and the header it quotes is the lesson's own; each
plan's live minutes add up to its stated total, and the one-day plan's to its contact time; the
prompts a page discusses are that lesson's, under the section named, and no answer is printed
verbatim. Each check is a function returning its problems, and each is shown to catch a
deliberately wrong note.
"""

from __future__ import annotations

import json
import re

import pytest

from responsible_ml.course._guide import course
from responsible_ml.course._nbgrader import REPO_ROOT
from responsible_ml.widgets._prompt import _prompts

NOTES = REPO_ROOT / "docs" / "facilitation"
ROWS = {r.slug: r for r in course()}
SLUGS = sorted(ROWS)
PLANS = ("Two-day workshop", "One-day workshop")
_SECTION = re.compile(r'\*\*"(.+?)"\*\*', re.S)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_PROMPT_ID = re.compile(r"`(\d\d-q\d+)`")
_RUN = 8  # words: a run this long copied from an answer counts as printing it


def _norm(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[\w.%±−+-]+", text.lower())


def _lesson(slug: str) -> dict:
    return json.loads((REPO_ROOT / "lessons" / f"{slug}.ipynb").read_text(encoding="utf-8"))


def lesson_headings(nb: dict) -> list[tuple[int, str]]:
    """(cell index, heading text) of every Markdown heading outside code fences."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and (m := _HEADING.match(line)):
                found.append((i, _norm(m.group(1))))
    return found


def prompt_sections(nb: dict) -> dict[str, str]:
    """Prompt id -> the heading under which its ``commit_reveal`` cell sits."""
    heads = lesson_headings(nb)
    where = {}
    for i, cell in enumerate(nb["cells"]):
        src = "".join(cell["source"])
        if cell["cell_type"] == "code":
            for pid in re.findall(r'commit_reveal\("(\d\d-q\d+)"\)', src):
                where[pid] = [h for j, h in heads if j < i][-1]
    return where


def part(note: str, title: str, level: int = 2) -> str:
    """The text of the note's section ``title`` (a heading of ``level``)."""
    marks = "#" * level
    m = re.search(rf"^{marks} {re.escape(title)}\s*$(.*?)(?=^#{{1,{level}}} |\Z)", note, re.M | re.S)
    return m.group(1) if m else ""


# ---------------------------------------------------------------------------- the checks
def check_sections(note: str, nb: dict) -> list[str]:
    """Every **"section"** the note names is a heading of the lesson."""
    heads = {h for _, h in lesson_headings(nb)}
    named = [_norm(s) for s in _SECTION.findall(note)]
    problems = [f"no heading {s!r} in the lesson" for s in named if s not in heads]
    return problems if named else ["the note names no section"]


def check_stated_time(note: str, nb: dict, row) -> list[str]:
    """The time the note states is the reader's; the header it quotes is the lesson's."""
    text = part(note, "Stated time")
    problems = []
    core = " + ".join(str(m) for m in row.sittings)
    for label, want in (("Core", core), ("Going deeper (optional)", str(row.optional)),
                        ("Exercise", str(row.exercise_minutes))):
        m = re.search(rf"{re.escape(label)}: \*\*(.+?) min\*\*", text)
        if not m:
            problems.append(f"no '{label}: **N min**' line")
        elif m.group(1) != want:
            problems.append(f"{label}: the note says {m.group(1)} min, the lesson {want} min")
    quote = _norm(" ".join(line[1:] for line in text.splitlines() if line.startswith(">")))
    header = _norm("".join(nb["cells"][0]["source"]))
    if not quote:
        problems.append("no quoted header")
    elif quote not in header:
        problems.append(f"the quote is not the lesson's header: {quote!r}")
    else:
        stated = {int(n) for n in re.findall(r"(\d+) min", quote)}
        for minutes in (*row.sittings, row.optional):
            if minutes and minutes not in stated:
                problems.append(f"the quoted header does not state {minutes} min")
    return problems


def plan_rows(note: str, plan: str) -> tuple[list[tuple[str, list[str], str]], int | None]:
    """(mode, sections, minutes) rows of a plan's table, and its stated live total."""
    text = part(part(note, "Fitting the time"), plan, level=3)
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in ("live", "reading", "cut"):
            rows.append((cells[0], _SECTION.findall(cells[1]), cells[2]))
    total = re.search(r"Live total: \*\*(\d+) min\*\*", text)
    return rows, int(total.group(1)) if total else None


def check_plan(note: str, plan: str) -> list[str]:
    """Live rows carry minutes that add up to the stated total; every row names a section."""
    rows, total = plan_rows(note, plan)
    if not rows or total is None:
        return [f"{plan}: no table or no 'Live total: **N min**'"]
    problems = [f"{plan}: a {mode} row names no section" for mode, secs, _ in rows if not secs]
    live = [int(mins) if mins.isdigit() else None for mode, _, mins in rows if mode == "live"]
    if None in live:
        problems.append(f"{plan}: a live row without minutes")
    elif sum(live) != total:
        problems.append(f"{plan}: live minutes add up to {sum(live)}, the note says {total}")
    problems += [f"{plan}: a {mode} row with minutes ({mins})" for mode, _, mins in rows
                 if mode != "live" and mins not in ("—", "")]
    return problems


def check_lists(note: str) -> list[str]:
    """3–6 places where trainees get stuck, 3–5 discussion questions."""
    problems = []
    for title, low, high in (("Where trainees get stuck", 3, 6), ("Discussion questions", 3, 5)):
        n = len(re.findall(r"^\d+\. ", part(note, title), re.M))
        if not low <= n <= high:
            problems.append(f"{title}: {n} items, expected {low}–{high}")
    return problems


def check_prompts(note: str, nb: dict, slug: str) -> list[str]:
    """The prompts discussed are the lesson's, under the section named; no answer verbatim."""
    prompts, where = _prompts(), prompt_sections(nb)
    text = part(note, "Prompts to watch")
    problems = []
    for item in re.split(r"^- ", text, flags=re.M)[1:]:
        ids = _PROMPT_ID.findall(item)
        for pid in ids:
            if pid not in where:
                problems.append(f"{pid} is not a prompt of {slug}")
                continue
            named = [_norm(s) for s in _SECTION.findall(item)]
            if not named or named[0] != where[pid]:
                problems.append(f"{pid} sits under {where[pid]!r}, the note says "
                                f"{named[0] if named else 'nothing'!r}")
    body = " ".join(_words(note))
    for pid in where:
        spec = prompts[pid]
        answer = _words(spec["answer"])
        if len(answer) >= 4 and " ".join(answer) in body:
            problems.append(f"{pid}: the note prints the answer verbatim")
        words = _words(spec["explanation"])
        for i in range(len(words) - _RUN + 1):
            if " ".join(words[i:i + _RUN]) in body:
                problems.append(f"{pid}: the note copies the answer's explanation "
                                f"({' '.join(words[i:i + _RUN])!r} …)")
                break
    if not _PROMPT_ID.search(text):
        problems.append("no prompt discussed")
    return problems


def one_day_plan(readme: str) -> tuple[list[tuple[int, str, int | None]], int | None]:
    """(start minute, session, minutes) rows of the README's one-day plan, and its total."""
    text = part(readme, "One-day workshop (about 6 hours of contact time)")
    rows = []
    for m in re.finditer(r"^\| (\d\d):(\d\d) \| (.+?) \| (\d*) \|\s*$", text, re.M):
        rows.append((int(m.group(1)) * 60 + int(m.group(2)), m.group(3).strip(),
                     int(m.group(4)) if m.group(4) else None))
    total = re.search(r"Contact time[^*]*\*\*(\d+) min\*\*", text)
    return rows, int(total.group(1)) if total else None


def check_one_day_plan(readme: str, notes: dict[str, str]) -> list[str]:
    """Contact minutes add up to the total; the clock follows; each lesson's slot is its page's."""
    rows, total = one_day_plan(readme)
    if not rows or total is None:
        return ["no one-day plan or no stated contact time"]
    problems = []
    for (start, session, mins), (nxt, _, _) in zip(rows, rows[1:], strict=False):
        if mins is None or start + mins != nxt:
            problems.append(f"{session!r} at {start // 60:02d}:{start % 60:02d} for {mins} min "
                            f"does not end when the next row starts")
    contact = sum(m or 0 for _, s, m in rows if not s.startswith(("break", "lunch")))
    if contact != total:
        problems.append(f"contact minutes add up to {contact}, the plan says {total}")
    slots = {s.split()[1]: m for _, s, m in rows if s.startswith("lesson ")}
    for slug, note in notes.items():
        _, live = plan_rows(note, "One-day workshop")
        if slots.get(slug[:2]) != live:
            problems.append(f"lesson {slug[:2]}: {slots.get(slug[:2])} min in the plan, "
                            f"{live} min on its page")
    return problems


# ---------------------------------------------------------------------------- the notes
def _note(slug: str) -> str:
    return (NOTES / f"{slug}.md").read_text(encoding="utf-8")


def test_every_lesson_has_a_notes_page_and_the_readme_links_it():
    pages = {p.stem for p in NOTES.glob("[0-9][0-9]-*.md")}
    assert pages == set(SLUGS), f"pages {sorted(pages)} differ from lessons {SLUGS}"
    readme = (NOTES / "README.md").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f"]({slug}.md)" in readme, slug
    assert "](facilitation/README.md)" in (REPO_ROOT / "docs/instructor-guide.md").read_text()
    assert "docs/facilitation/" in (REPO_ROOT / "README.md").read_text()


@pytest.mark.parametrize("slug", SLUGS)
def test_named_sections_are_headings_of_the_lesson(slug):
    assert check_sections(_note(slug), _lesson(slug)) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_stated_time_is_the_lessons(slug):
    assert check_stated_time(_note(slug), _lesson(slug), ROWS[slug]) == []


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("plan", PLANS)
def test_plan_minutes_add_up(slug, plan):
    assert check_plan(_note(slug), plan) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_lists_have_their_length(slug):
    assert check_lists(_note(slug)) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_prompts_are_the_lessons_and_not_answered(slug):
    assert check_prompts(_note(slug), _lesson(slug), slug) == []


def test_one_day_plan_adds_up():
    readme = (NOTES / "README.md").read_text(encoding="utf-8")
    assert check_one_day_plan(readme, {s: _note(s) for s in SLUGS}) == []


# ---------------------------------------------------------------------------- wrong notes
SLUG = "01-what-is-ml"


def _wrong(old: str, new: str, slug: str = SLUG) -> str:
    note = _note(slug)
    assert old in note, old
    return note.replace(old, new, 1)


def test_a_misnamed_section_is_caught():
    note = _wrong('**"3. Train and test: hold people back"**', '**"3. Train and test"**')
    assert check_sections(note, _lesson(SLUG)) == ["no heading '3. Train and test' in the lesson"]


def test_a_wrong_stated_time_is_caught():
    nb, row = _lesson(SLUG), ROWS[SLUG]
    assert check_stated_time(_wrong("Core: **90 min**", "Core: **60 min**"), nb, row) == [
        "Core: the note says 60 min, the lesson 90 min"]
    assert check_stated_time(_wrong("Going deeper (optional): **80 min**",
                                    "Going deeper (optional): **70 min**"), nb, row) == [
        "Going deeper (optional): the note says 70 min, the lesson 80 min"]
    wrong_quote = _wrong("about 80 min more · Exercise", "about 60 min more · Exercise")
    assert check_stated_time(wrong_quote, nb, row)[0].startswith("the quote is not the lesson")
    # a two-sitting lesson: its sittings, not their sum
    nb6, row6 = _lesson("06-monitoring"), ROWS["06-monitoring"]
    assert check_stated_time(_wrong("Core: **45 + 55 min**", "Core: **100 min**",
                                    "06-monitoring"), nb6, row6) == [
        "Core: the note says 100 min, the lesson 45 + 55 min"]


def test_a_plan_that_does_not_add_up_is_caught():
    note = _wrong("| live | **\"6. Patterns, not rules\"** | 5 |",
                  "| live | **\"6. Patterns, not rules\"** | 15 |")
    assert check_plan(note, "Two-day workshop") == [
        "Two-day workshop: live minutes add up to 85, the note says 75"]
    note = _wrong("Live total: **50 min**", "Live total: **55 min**")
    assert check_plan(note, "One-day workshop") == [
        "One-day workshop: live minutes add up to 50, the note says 55"]


def test_a_one_day_plan_that_does_not_add_up_is_caught():
    readme = (NOTES / "README.md").read_text(encoding="utf-8")
    notes = {s: _note(s) for s in SLUGS}
    wrong_total = readme.replace("**360 min**", "**330 min**")
    assert check_one_day_plan(wrong_total, notes) == [
        "contact minutes add up to 360, the plan says 330"]
    wrong_slot = readme.replace("| 10:00 | lesson 02 | 45 |", "| 10:00 | lesson 02 | 40 |")
    assert check_one_day_plan(wrong_slot, notes) == [
        "'lesson 02' at 10:00 for 40 min does not end when the next row starts",
        "contact minutes add up to 355, the plan says 360",
        "lesson 02: 40 min in the plan, 45 min on its page"]


def test_a_prompt_under_the_wrong_section_or_answered_is_caught():
    nb = _lesson(SLUG)
    moved = _wrong('`01-q1` (under **"2. Data → features → model → prediction"**)',
                   '`01-q1` (under **"3. Train and test: hold people back"**)')
    assert check_prompts(moved, nb, SLUG) == [
        "01-q1 sits under '2. Data → features → model → prediction', the note says "
        "'3. Train and test: hold people back'"]
    answered = _note(SLUG) + "\n" + _prompts()["01-q1"]["explanation"] + "\n"
    problems = check_prompts(answered, nb, SLUG)
    assert len(problems) == 1 and problems[0].startswith("01-q1: the note copies")
    foreign = _wrong("- `01-q2`", "- `03-q1`")
    assert "03-q1 is not a prompt of 01-what-is-ml" in check_prompts(foreign, nb, SLUG)


def test_lists_of_the_wrong_length_are_caught():
    note = _note(SLUG)
    questions = part(note, "Discussion questions")
    assert check_lists(note.replace(questions, "\n1. Only one question?\n\n")) == [
        "Discussion questions: 1 items, expected 3–5"]

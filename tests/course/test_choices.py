"""Every exercise's multiple-choice items: a test-wise guess does no better than chance.

Review x05-r12 S2: with no reading, "pick the option whose words overlap most with the other
three" got 3 of 05's 4 ``CARD_CLAIMS`` items, because the distractors were edits of the key (the key
was their centroid); 01's six choice items gave the same guess 3.0 of 6 (task x05y; chance 1.5).
This test reads the options and the keys of EVERY exercise's choice items (the options from the
locked cells that print them, the keys from the hidden tests that grade them) and computes the
usual test-taking heuristics on the options alone: most word overlap with the other options
(counted three ways), least overlap, longest, shortest, most and fewest words. Each must score at
most chance (1/k per item). Options rewritten so that the key is never the extreme invite the
opposite guess, "never the longest nor the shortest" (or the most and least overlapping): those
must score at most chance plus half an item (with four options the three positions cannot all be
at chance exactly). A tie among the options a heuristic picks counts as a random pick among them.
Shuffling the letters per trainee does not help against these heuristics (they read the content),
so the content must.

Exercises 02, 03, 04 and 06 have no choice items (03's audit asks for computed lists of criteria);
07's matching item gives the same five criterion names to every statement, each the key of one
statement, so any guess from the options alone scores exactly chance there.
"""

from __future__ import annotations

import ast
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_STOP = frozenset("a an the of to and or in on at for by is are be it its this that with as from so not no "
                  "but which".split())


def _cells(slug):
    nb = json.loads((ROOT / "solutions" / slug / f"{slug}.ipynb").read_text())
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("grade_id")}


def _literal(source, name):
    """The value of ``NAME = <literal>`` in a cell's source."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found")


def _items_01():
    """``{item: (options, right index)}`` of 01's Q5 (``Q5_OPTIONS``) and 7b-7d (``TARGET_OPTIONS``).
    "verdict", "verdict_more" and "verdict_larger" share their options (three items, the keys "c", "c", "a"
    in variant 0's order: review x01-r13 M1, M2)."""
    cells = _cells("01-what-is-ml")
    options = {**_literal(cells["reading_scenario"], "Q5_OPTIONS"),
               **_literal(cells["read_target_options"], "TARGET_OPTIONS")}
    items = {}
    for item, cell in (("ask_next", "test_read_accuracy_ask_next"),
                       ("precision_means", "test_read_target_precision_means"),
                       ("lowest_scores", "test_read_target_lowest_scores"),
                       ("help_needs", "test_read_target_help_needs")):
        (key,) = re.findall(r'params\["letters"\]\["' + item + r'"\]\.index\("([a-d])"\)', cells[cell])
        items[item] = key
    # the verdict cell: one option while the gain is within noise (N_TEST and N_MORE learners), another on
    # 16 times the learners
    ((noise, shown),) = re.findall(r"""_t01h_order\.index\("([a-d])" if abs\(_t01h_zz\) < 1\.96 else "([a-d])"\)""",
                                   cells["test_read_accuracy_verdict"])
    assert '("verdict_more", _t01h_r["n_more"])' in cells["test_read_accuracy_verdict"]
    items["verdict"], items["verdict_more"], items["verdict_larger"] = noise, noise, shown
    out = {}
    for item, key in items.items():
        shown_options = options["verdict" if item in ("verdict_more", "verdict_larger") else item]
        assert sorted(shown_options) == list("abcd"), item
        out[item] = ([shown_options[letter] for letter in "abcd"], "abcd".index(key))
    return out


def _items_05():
    """05's ``CHOICES`` (the setup cell); the key from each item's hidden test."""
    cells = _cells("05-transparency")
    graded_in = {"labels": "test_card_claims_labels", "proxy": "test_card_claims_proxy",
                 "remedy": "test_card_claims_remedy", "use": "test_card_claims_use",
                 "std_measures": "test_explain_std_measures", "causal": "test_explain_causal"}
    setup = cells["setup"]
    start = setup.index("CHOICES = {")
    choices = _literal(setup[start:setup.index("\n}\n", start) + 2], "CHOICES")
    items = {}
    for item, cell in graded_in.items():
        (key,) = re.findall(r"""params\["order"\]\[["']""" + item + r"""["']\]\.index\((\d)\)""", cells[cell])
        items[item] = (list(choices[item]), int(key))
    return items


def _items_07():
    """07's Question 3: every statement has the same five criterion names as options."""
    cells = _cells("07-trade-offs")
    names = _literal(cells["test_goal_to_criterion_statement_1"], "_t07_names")
    criteria = _literal(cells["test_goal_to_criterion_statement_1"], "_t07h_c07")
    statements = _literal(cells["goal_statements"], "STATEMENTS")
    assert len(statements) == len(criteria) and sorted(criteria) == sorted(names)
    return {f"statement {i + 1}": (list(names), names.index(c)) for i, c in enumerate(criteria)}


EXERCISES = {"01-what-is-ml": _items_01, "05-transparency": _items_05, "07-trade-offs": _items_07}
#: Groups of items that must each be at chance too (05's four card claims, one question).
GROUPS = {"05-transparency": {"CARD_CLAIMS": ("labels", "proxy", "remedy", "use")}}
#: How many choice items each exercise has (a new item must be read by this test).
COUNTS = {"01-what-is-ml": 7, "05-transparency": 6, "07-trade-offs": 5}


def _words(text, stop=frozenset()):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop]


def _overlap(options, stop=frozenset(), jaccard=False):
    sets = [set(_words(o, stop)) for o in options]
    return [sum(len(a & b) / (len(a | b) if jaccard else 1) for j, b in enumerate(sets) if j != i)
            for i, a in enumerate(sets)]


def _middle(values):
    """1 for an option strictly between the extremes of ``values``, else 0."""
    high, low = max(values), min(values)
    return [int(low < v < high) for v in values]


HEURISTICS = {
    "most word overlap with the other options": _overlap,
    "most word overlap (Jaccard)": lambda o: _overlap(o, jaccard=True),
    "most overlap of content words": lambda o: _overlap(o, _STOP),
    "least word overlap": lambda o: [-v for v in _overlap(o)],
    "longest option": lambda o: [len(x) for x in o],
    "shortest option": lambda o: [-len(x) for x in o],
    "most words": lambda o: [len(_words(x)) for x in o],
    "fewest words": lambda o: [-len(_words(x)) for x in o],
}
#: "Never the extreme": at most chance plus half an item.
AVOIDING = {
    "neither the longest nor the shortest option": lambda o: _middle([len(x) for x in o]),
    "neither most nor fewest words": lambda o: _middle([len(_words(x)) for x in o]),
    "neither most nor least word overlap": lambda o: _middle(_overlap(o)),
    "neither most nor least overlap of content words": lambda o: _middle(_overlap(o, _STOP)),
}


#: Entries graded together, all or nothing, in one test cell: one graded unit, right only if every
#: entry is (01's three verdicts share their options and their cell: review x01-r13 M1, M2). A
#: guess from the options alone gives the same pick to each of them.
JOINT = {"01-what-is-ml": (("verdict", "verdict_more", "verdict_larger"),)}


def _units(items):
    """``[[(options, key), ...], ...]``: one list per graded unit (an item, or entries graded jointly)."""
    joint = [names for names in JOINT.get(_slug_of(items), ()) if set(names) <= set(items)]
    alone = [name for name in items if not any(name in names for names in joint)]
    return [[items[name]] for name in alone] + [[items[name] for name in names] for names in joint]


def _slug_of(items):
    return next((slug for slug, names in _JOINT_NAMES.items() if set(items) & names), None)


_JOINT_NAMES = {slug: {n for names in groups for n in names} for slug, groups in JOINT.items()}


def score(heuristic, items) -> float:
    """Expected number of graded units right when the heuristic's ties are broken at random
    (independently for each entry of a unit graded jointly)."""
    total = 0.0
    for unit in _units(items):
        right = 1.0
        for options, key in unit:
            values = heuristic(options)
            picked = [i for i, v in enumerate(values) if v == max(values)]
            right *= (key in picked) / len(picked)
        total += right
    return total


def chance(items) -> float:
    total = 0.0
    for unit in _units(items):
        right = 1.0
        for options, _ in unit:
            right /= len(options)
        total += right
    return total


@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_the_items_and_keys_are_found(slug):
    items = EXERCISES[slug]()
    assert len(items) == COUNTS[slug], sorted(items)
    assert all(len(o) >= 4 and 0 <= key < len(o) and len(set(o)) == len(o) for o, key in items.values())


def test_every_exercise_with_choice_items_is_read():
    """A notebook that prints lettered options or shuffles them per trainee has choice items."""
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        text = path.read_text()
        has_choices = '\\"letters\\"]' in text or '\\"order\\"]' in text or "STATEMENTS" in text
        assert not has_choices or path.parent.name in EXERCISES, f"{path.parent.name}: add its choice items here"


@pytest.mark.parametrize("name", sorted(HEURISTICS) + sorted(AVOIDING))
@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_a_test_wise_guess_does_no_better_than_chance(slug, name):
    items = EXERCISES[slug]()
    heuristic, slack = (HEURISTICS[name], 0.0) if name in HEURISTICS else (AVOIDING[name], 0.5)
    groups = {"all choice items": tuple(items), **GROUPS.get(slug, {})}
    for group, names in groups.items():
        chosen = {k: items[k] for k in names}
        got, limit = score(heuristic, chosen), chance(chosen) + slack
        per_item = {k: round(score(heuristic, {k: v}), 2) for k, v in chosen.items()}
        assert got <= limit + 1e-9, f"{slug} {group}: '{name}' scores {got:.2f} of {len(chosen)} (chance " \
                                    f"{chance(chosen):.2f}); per item {per_item}"

"""Exercise 05: a test-wise guess does no better than chance on the multiple-choice items.

Review x05-r12 S2: with no reading, "pick the option whose words overlap most with the other
three" got 3 of the 4 ``CARD_CLAIMS`` items, because the distractors were edits of the key (the key
was their centroid). The options were rewritten; this test computes the usual test-taking
heuristics (most word overlap with the other options, counted three ways; least overlap; longest;
shortest; most and fewest words) on the options of ``CHOICES`` (the setup cell) against the keys
the hidden tests hold, and asserts each scores at most about chance: 1 of the 4 ``CARD_CLAIMS``
items, 1.5 of all six items. A tie among the options a heuristic picks counts as a random pick
among them (1/k of the item). Shuffling the letters per trainee does not help against these
heuristics (they read the content), so the content must.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "05-transparency" / "05-transparency.ipynb"
CARD = ("labels", "proxy", "remedy", "use")
#: the test cell that grades each choice item
GRADED_IN = {"labels": "test_card_claims_labels", "proxy": "test_card_claims_proxy",
             "remedy": "test_card_claims_remedy", "use": "test_card_claims_use",
             "std_measures": "test_explain_std_measures", "causal": "test_explain_causal"}
_STOP = frozenset("a an the of to and or in on at for by is are be it its this that with as from so not no "
                  "but which".split())


def _cells():
    nb = json.loads(NB.read_text())
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("grade_id")}


def _items():
    """``{item: (options, index of the right option)}``: the options from the setup cell, the
    key from the item's hidden test (``params["order"][item].index(k)``)."""
    cells = _cells()
    setup = cells["setup"]
    start = setup.index("CHOICES = {")
    ns: dict = {}
    exec(setup[start:setup.index("\n}\n", start) + 2], ns)
    items = {}
    for item, cell in GRADED_IN.items():
        pattern = r"""params\["order"\]\[["']""" + item + r"""["']\]\.index\((\d)\)"""
        (key,) = re.findall(pattern, cells[cell])
        items[item] = (ns["CHOICES"][item], int(key))
    return items


def _words(text, stop=frozenset()):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop]


def _overlap(options, stop=frozenset(), jaccard=False):
    sets = [set(_words(o, stop)) for o in options]
    return [sum(len(a & b) / (len(a | b) if jaccard else 1) for j, b in enumerate(sets) if j != i)
            for i, a in enumerate(sets)]


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


def score(heuristic, items) -> float:
    """Expected number of items right when the heuristic's ties are broken at random."""
    total = 0.0
    for options, key in items.values():
        values = heuristic(options)
        picked = [i for i, v in enumerate(values) if v == max(values)]
        total += (key in picked) / len(picked)
    return total


def test_the_keys_are_found():
    items = _items()
    assert set(items) == set(GRADED_IN) and all(len(o) == 4 for o, _ in items.values())


@pytest.mark.parametrize("name", sorted(HEURISTICS))
def test_a_test_wise_guess_does_no_better_than_chance(name):
    items = _items()
    card = {k: v for k, v in items.items() if k in CARD}
    assert score(HEURISTICS[name], card) <= 1.0, f"{name}: {score(HEURISTICS[name], card)} of the 4 CARD_CLAIMS"
    assert score(HEURISTICS[name], items) <= 1.5, f"{name}: {score(HEURISTICS[name], items)} of the 6 choice items"

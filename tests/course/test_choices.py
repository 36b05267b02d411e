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
so the content must. A worked practice before a graded item must not predict its key either (review
x04-r14 S1: 04's 8(c) key had the true/false pattern of its worked practice): the practice's answers,
used as guesses in order, turned around or the most common one, score at most chance (PRACTICES).

Exercises 02, 03 and 06 have no choice items (03's audit asks for computed lists of criteria); 04's 8(c)
asks for the set of the true statements among four, read by the heuristics below with its own grading rule;
07's matching item gives the same five criterion names to every statement, each the key of one
statement, so any guess from the options alone scores exactly chance there.
"""

from __future__ import annotations

import ast
import itertools
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
# Review x05-r14: the key of 05's "remedy" was the only option with a colon. A mark no other option has
# (a colon, a parenthesis, a dash, a number, a quotation) is a test-wise cue too: pick the option with
# the most of it (an item where no option has it is a random pick). With twenty such cues some will
# beat chance by a little on six items by luck alone; each may beat it by at most half an item, as the
# "never the extreme" guesses below.
_MARKS = {"colon": ":", "semicolon": ";", "parenthesis": "(", "dash": "\u2014\u2013", "comma": ",",
          "quotation mark": None, "per cent sign": "%", "slash": "/",
          "digit": "0123456789", "equals or comparison sign": "=<>\u2264\u2265"}
#: Quotation marks and backticks, but not an apostrophe inside a word ("learner's").
_QUOTES = re.compile(r"[\"`\u201c\u201d\u2018]|(?<![A-Za-z])['\u2019]|['\u2019](?![A-Za-z])")


def _marks(text, chars):
    return len(_QUOTES.findall(text)) if chars is None else sum(text.count(c) for c in chars)


MARKS = {}
for _mark, _chars in _MARKS.items():
    MARKS[f"most of one mark: {_mark}"] = lambda o, _chars=_chars: [_marks(x, _chars) for x in o]
    MARKS[f"the only option without one mark: {_mark}"] = (
        lambda o, _chars=_chars: [-min(1, _marks(x, _chars)) for x in o])
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


@pytest.mark.parametrize("name", sorted(HEURISTICS) + sorted(AVOIDING) + sorted(MARKS))
@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_a_test_wise_guess_does_no_better_than_chance(slug, name):
    items = EXERCISES[slug]()
    heuristic, slack = (HEURISTICS[name], 0.0) if name in HEURISTICS else ({**AVOIDING, **MARKS}[name], 0.5)
    groups = {"all choice items": tuple(items), **GROUPS.get(slug, {})}
    for group, names in groups.items():
        chosen = {k: items[k] for k in names}
        got, limit = score(heuristic, chosen), chance(chosen) + slack
        per_item = {k: round(score(heuristic, {k: v}), 2) for k, v in chosen.items()}
        assert got <= limit + 1e-9, f"{slug} {group}: '{name}' scores {got:.2f} of {len(chosen)} (chance " \
                                    f"{chance(chosen):.2f}); per item {per_item}"



# Review x05-r16 S1, S2: the key was the only option that shared a distinctive word with the text the
# trainee had just read: 05's std_measures key alone said "shuffling" (the stem says "beyond shuffle
# noise" five times), the proxy key alone said "separates" (question 2's definition of the score). A
# trainee who matches the word earns the point with no idea of the answer. The heuristics above read the
# options only; these read them against the text around them. An option's echoes: the words it shares
# with no other option of its item that occur in the Markdown of its exercise (the questions' stems)
# or of its lesson, counting only that exercise's (lesson's) own vocabulary: a word in the Markdown of
# at most ECHO_SPREAD of the course's exercises (lessons), so "model" or "question" is no echo, while
# "shuffle" and "separates" are. Picking the option with the most echoes must score at most chance;
# picking the one with the fewest ("the key never echoes") at most chance plus half an item.
ECHO_SPREAD = 3


def _markdown(path):
    nb = json.loads(path.read_text())
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _stems(text):
    """Content words cut to six letters ("shuffle", "shuffling" and "shuffled" are one)."""
    return {w[:6] for w in _words(text, _STOP) if len(w) > 2}


def _vocabulary(kind, slug):
    """The stems of ``slug``'s exercise (kind "exercise") or lesson Markdown used in at most ECHO_SPREAD
    of the course's exercises (lessons)."""
    paths = (sorted((ROOT / "solutions").glob("*/*.ipynb")) if kind == "exercise"
             else sorted((ROOT / "lessons").glob("*.ipynb")))
    texts = {path.stem: _stems(_markdown(path)) for path in paths}
    spread = {w: sum(w in words for words in texts.values()) for w in texts[slug]}
    return {w for w, n in spread.items() if n <= ECHO_SPREAD}


def _echoes(vocabulary):
    def count(options):
        sets = [_stems(o) for o in options]
        return [len((own - set().union(*(s for j, s in enumerate(sets) if j != i))) & vocabulary)
                for i, own in enumerate(sets)]
    return count


ECHOES = {"most echoes of the {} text": (1, 0.0), "fewest echoes of the {} text": (-1, 0.5)}
#: Exercises whose items a test-wise echo guess still beats: none (01's keys echoed its questions until
#: ask_next, precision_means and help_needs were reworded, so each option echoes as often as the key).
ECHO_KNOWN = {}


def _echo_params():
    for slug in sorted(EXERCISES):
        for kind in ("exercise", "lesson"):
            for name in ECHOES:
                reason = ECHO_KNOWN.get((slug, name.format(kind)))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(slug, kind, name, marks=marks, id=f"{slug}-{name.format(kind)}")


@pytest.mark.parametrize(("slug", "kind", "name"), list(_echo_params()))
def test_an_echo_of_the_text_does_no_better_than_chance(slug, kind, name):
    items = EXERCISES[slug]()
    sign, slack = ECHOES[name]
    count = _echoes(_vocabulary(kind, slug))

    def heuristic(options):
        return [sign * v for v in count(options)]

    groups = {"all choice items": tuple(items), **GROUPS.get(slug, {})}
    for group, names in groups.items():
        chosen = {k: items[k] for k in names}
        got, limit = score(heuristic, chosen), chance(chosen) + slack
        per_item = {k: round(score(heuristic, {k: v}), 2) for k, v in chosen.items()}
        assert got <= limit + 1e-9, f"{slug} {group}: '{name.format(kind)}' scores {got:.2f} of {len(chosen)} " \
                                    f"(chance {chance(chosen):.2f}); per item {per_item}"


#: The words of the old options below that were 05's own when those keys were written (the 05 exercise
#: Markdown at 3e1b78e~1, words in at most ECHO_SPREAD exercises, worked out by ``_vocabulary`` then).
#: Frozen, so the test checks the heuristic against the text the keys echoed, not against whatever the
#: course says today (CI stop 42: later edits elsewhere made "through" common, which tied the old key).
OLD_05_VOCABULARY = {"auc", "fresh", "little", "permut", "separa", "shuffl", "throug", "well"}


def test_the_echo_heuristic_catches_the_old_05_keys():
    """05's std_measures and proxy items before review x05-r16: the echo guess picked both keys."""
    old = {"std_measures": ([
        "what refitting the model on fresh training data would do, since each repeat refits it",
        "how it would vary on another sample of test learners, because every repeat draws new test rows to score",
        "only the variation between test learners: the fitted model is the same in every repeat, only rows vary",
        "the shuffling alone, since each repeat permutes one column of the same rows scored by the same model"], 3),
        "proxy": ([
        "it separates first-generation from continuing learners, so their background can still reach the decisions through it",
        "it predicts completion equally well for first-generation and continuing learners, so it is a neutral input",
        "it is only weakly related to background, far too little to change the model's decisions by group",
        "its AUC of question 2 measures how well it predicts completion for first-generation learners, and that is all it does"], 0)}
    count = _echoes(OLD_05_VOCABULARY)
    for item, unit in old.items():
        assert score(count, {item: unit}) == 1.0, item

# Review x04-r14 S1: a worked practice shown before a graded choice item reveals its own answers (04's
# practice cell says which of p, q, r, s are true). When the graded key repeats the practice's pattern (04's
# a-d had p-s's true, false, true, false), copying the pattern earns the item without reading it. For every
# exercise with a worked or self-checked practice whose answers are of the graded item's kind, the
# practice's answers used as guesses must do no better than chance on the graded key.
def _last_literal(source, name):
    """The value of the last ``NAME = <literal>`` of a cell (an answer cell sets a stub, then the answer)."""
    found = [node.value for node in ast.parse(source).body if isinstance(node, ast.Assign)
             and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)]
    return ast.literal_eval(found[-1])


def _practice_04():
    """04's 8(c): the worked statements p-s (the practice cell shows whether each is true) before the graded
    statements a-d. Here the four judgements (true/false, chance 1/2 each); the grading of the four together
    (review x04-r18: 0.5 for three right, 0.5 more for four) is read by the tests of 04's statements below."""
    statements, truth, shown = _statements_04()
    judgements = {x: ([True, False], [True, False].index(t)) for x, t in zip("abcd", truth, strict=True)}
    return {"statements a-d": (list(shown), judgements)}


def _practice_07():
    """07's Question 3: the practice case's criterion (``PRACTICE``, checked by its own cell) before the five
    graded statements; the worked example's answer is none of the five names."""
    cells = _cells("07-trade-offs")
    return {"statements": ([_last_literal(cells["goal_to_criterion"], "PRACTICE")], _items_07())}


#: Exercises with a worked practice before a graded choice item. Not here: 01's worked cases (7b-7d) are
#: prose about other situations, not answers among the graded options; 02's practice scenarios E and F
#: give a harm and a source each, but the four graded scenarios are in each trainee's own order and one
#: word for all four earns nothing (see the report of task x04w for the base rate of the harms).
PRACTICES = {"04-privacy": _practice_04, "07-trade-offs": _practice_07}


def _in_order(shown, options, i):
    """The practice's answers as guesses, in the order shown (repeated if the graded items are more)."""
    guess = shown[i % len(shown)]
    return [options.index(guess)] if guess in options else []


def _negated(shown, options, i):
    """The same, each true/false answer turned around (a guesser who expects the key to avoid the practice's)."""
    guess = shown[i % len(shown)]
    flipped = tuple(not g for g in guess) if isinstance(guess, tuple) else (not guess if isinstance(guess, bool) else None)
    return [options.index(flipped)] if flipped in options else []


def _most_common(shown, options, i):
    """The practice's most frequent answer for every item (ties: a random one of them)."""
    counts = {g: shown.count(g) for g in shown}
    top = [g for g, n in counts.items() if n == max(counts.values())]
    return [options.index(g) for g in top if g in options] or []


PRACTICE_GUESSES = {"the practice's answers in order": _in_order, "the practice's answers in order, turned around": _negated,
                    "the practice's most common answer": _most_common}


@pytest.mark.parametrize("name", sorted(PRACTICE_GUESSES))
@pytest.mark.parametrize("slug", sorted(PRACTICES))
def test_a_practice_pattern_does_no_better_than_chance(slug, name):
    guess = PRACTICE_GUESSES[name]
    for level, (shown, items) in PRACTICES[slug]().items():
        got = 0.0
        for i, (options, key) in enumerate(items.values()):
            picked = guess(shown, options, i)
            got += (key in picked) / len(picked) if picked else 0.0
        assert got <= chance(items) + 1e-9, f"{slug} {level}: '{name}' scores {got:.2f} of {len(items)} " \
                                            f"(chance {chance(items):.2f})"


def test_the_practice_pattern_test_fails_the_old_04_key():
    """The old key of 04's 8(c) (a and c true: the practice's p and r) fails the test above."""
    shown, items = _practice_04()["statements a-d"]
    old = {x: ([True, False], 0 if x in "ac" else 1) for x in "abcd"}
    assert sum((old[x][1] in _in_order(shown, [True, False], i)) for i, x in enumerate("abcd")) > chance(old)
    assert len(items) == 4


# Review x04-r18 S1, S2: 04's 8(c) asks for the set of the true statements among a-d (PROMISED). Graded in the
# pairs a/b and c/d, one true and one false statement in each, the practice's pattern (a, c) earned the a/b cell
# and "the longest statement of each pair is true" (b, d) the c/d cell, 0.5 point each for certain, where a
# guesser who does not know that structure expects a quarter of a cell. The four judgements are now graded
# together, 0.5 for three right and 0.5 more for four (the rule is read from the two cells below): a guess from
# the statements' text alone (the heuristics above: the two highest true, the higher of each pair true), the
# practice's pattern, its reverse, no letter or every letter must earn at most a blind guess, a random set of
# letters (3/16 of a point). "Only the highest true" and "all but the lowest true" may earn half a point more:
# with two true statements, for every statement X one of "only X" and "all but X" has three judgements right
# (the slack of "never the extreme" above).
def _statements_04():
    """(the four statements a-d, their truth from the hidden tests, the worked p-s's truth)."""
    cells = _cells("04-privacy")
    found = dict(re.findall(r"^\* \*\*([a-d])\*\* — (.*?)(?=^\* \*\*|\Z)", cells["q_privacy_budget"], re.S | re.M))
    key = _literal(cells["test_epsilon_promise_all"], "_t04h_hints")
    assert key == _literal(cells["test_epsilon_promise_three"], "_t04h_hints") and sorted(found) == sorted(key)
    assert "len(_t04h_wrong) <= 1," in cells["test_epsilon_promise_three"]
    assert "not _t04h_wrong," in cells["test_epsilon_promise_all"]
    worked = _literal(cells["practice_promise_check"], "_t04_WORKED")
    return ([" ".join(found[x].split()) for x in "abcd"], tuple(key[x][0] for x in "abcd"),
            tuple(worked[x][0] for x in "pqrs"))


def _points_04(guess, truth) -> float:
    """04's 8(c) points of a guess (one True/False per statement): 0.5 for three judgements right, 1 for four."""
    right = sum(g == t for g, t in zip(guess, truth, strict=True))
    return 0.5 * (right >= 3) + 0.5 * (right == 4)


def _orders(values):
    """Every order of the statements, highest value first, that the values allow (tied ones in any order)."""
    return [p for p in itertools.permutations(range(len(values)))
            if all(values[p[i]] >= values[p[i + 1]] for i in range(len(p) - 1))]


#: A set of true statements from an order of them (highest first), and the slack over a blind guess.
PICKS_04 = {"the two highest true": (lambda p: {p[0], p[1]}, 0.0),
            "the higher of each pair (a, b), (c, d) true": (lambda p: {i for i in range(4) if p.index(i) < p.index(i ^ 1)}, 0.0),
            "only the highest true": (lambda p: {p[0]}, 0.5),
            "all but the lowest true": (lambda p: set(p[:3]), 0.5)}


def _blind_04(truth) -> float:
    return sum(_points_04(g, truth) for g in itertools.product((True, False), repeat=4)) / 16


@pytest.mark.parametrize("pick", sorted(PICKS_04))
@pytest.mark.parametrize("name", sorted(HEURISTICS))
def test_04_statement_guesses_earn_no_more_than_a_blind_guess(name, pick):
    statements, truth, _ = _statements_04()
    rule, slack = PICKS_04[pick]
    orders = _orders(HEURISTICS[name](statements))
    got = sum(_points_04(tuple(i in rule(p) for i in range(4)), truth) for p in orders) / len(orders)
    assert got <= _blind_04(truth) + slack + 1e-9, f"04 8(c): '{pick}' by '{name}' earns {got:.2f} point " \
                                                   f"(a blind guess {_blind_04(truth):.2f})"


def test_04_pattern_guesses_earn_nothing():
    _, truth, shown = _statements_04()
    assert _blind_04(truth) == 3 / 16
    guesses = {"the practice's pattern (p-s onto a-d)": shown, "the practice's pattern turned around":
               tuple(not x for x in shown), "no letter": (False,) * 4, "every letter": (True,) * 4}
    for label, guess in guesses.items():
        assert _points_04(guess, truth) == 0.0, label
    # the pair grading before review x04-r18 gave the practice's pattern and its reverse a cell each
    pairs = lambda guess: 0.5 * (guess[:2] == truth[:2]) + 0.5 * (guess[2:] == truth[2:])  # noqa: E731
    assert pairs(shown) == pairs(tuple(not x for x in shown)) == 0.5


# Review x07-r22 D1, M1: 07's Question 3 said "each of the five criteria is asked for by exactly one
# statement", so a trainee who could not read one statement (the regulator's "not treated differently by
# background", read as "do not use background") got it by elimination, and a swap of two criteria cost two
# items. The question now states no such rule and grades each statement on its own wording; a constant
# answer (each of the five names for every statement) scores exactly chance, and the text never tells the
# trainee that the keys are one to one (so the last statement is not handed over by elimination).
_ONE_TO_ONE = re.compile(r"exactly one statement|asked for once|each criterion is (?:asked for|used) (?:once|by)",
                         re.IGNORECASE)


@pytest.mark.parametrize("constant", range(5))
def test_07_a_constant_answer_scores_chance(constant):
    items = _items_07()
    got = sum(key == constant for _, key in items.values())
    assert got <= chance(items) + 1e-9, f"07: answering option {constant} everywhere gets {got} of {len(items)}"


def test_07_no_one_to_one_rule_for_elimination():
    cells = _cells("07-trade-offs")
    text = "\n".join(cells[name] for name in cells if "goal" in name or "criterion" in name)
    assert not _ONE_TO_ONE.search(text), _ONE_TO_ONE.search(text).group(0)
    regulator = dict(_literal(cells["goal_statements"], "STATEMENTS"))["A regulator"]
    assert "treated differently" not in regulator and "offered a mentor" in regulator and "offered one" in regulator

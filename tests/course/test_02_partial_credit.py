"""Exercise 02 (review x02-r6): the rule earns its point whatever the type, and the "highest
FNR" reading of the worst group costs the worst-group cell only.

tests/course/mutants/ lists wrong answers, each of which must fail; these are the other side:
right answers in another form must pass (D1), and a misconception must cost only its own cell (M1).
Only the cells these questions need run (``only=``), not the whole notebook.
"""

from __future__ import annotations

import pathlib

import pytest

from responsible_ml.course import run_notebook_cells

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

#: Right rule (>= the threshold argument, in the order of the scores), other types than an int array.
RIGHT_RULE = {
    "booleans": "def decide(scores, threshold=0.5):\n    return np.asarray(scores, dtype=float) >= threshold\n",
    "a list of ints": "def decide(scores, threshold=0.5):\n    return [int(s >= threshold) for s in scores]\n",
    "a Series of booleans": "def decide(scores, threshold=0.5):\n    return pd.Series(list(scores)) >= threshold\n",
}


@pytest.mark.parametrize("form", sorted(RIGHT_RULE))
def test_the_decide_rule_earns_its_point_in_any_0_1_form(form):
    outcome = run_notebook_cells(NB, {"decide": RIGHT_RULE[form]}, only={"setup", "decide", "test_decide"})
    assert outcome == {"test_decide": None}, f"{form}: {outcome}"


def test_the_highest_fnr_as_worst_group_costs_only_the_worst_group_cell():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_02", NB.parents[2] / "tests" / "course" / "mutants"
                                                  / "02-what-can-go-wrong.py")
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    source = mutants.MUTANTS["accuracy_hides_gap"]["worst group = the highest FNR, its accuracy reported (review x02-r6 M1)"]
    tests = {"test_accuracy_hides_gap_overall", "test_accuracy_hides_gap_worst", "test_accuracy_hides_gap_missing_group"}
    outcome = run_notebook_cells(NB, {"accuracy_hides_gap": source}, only={"setup", "accuracy_hides_gap", *tests})
    assert set(outcome) == tests
    assert outcome["test_accuracy_hides_gap_worst"], "the highest-FNR reading passes the worst-group cell"
    assert not outcome["test_accuracy_hides_gap_overall"] and not outcome["test_accuracy_hides_gap_missing_group"], outcome


#: Visible test code that once computed an answer and could be pasted as one (review x02-r7 S2): the
#: expected values are now literals of the example or computed by a library call the guard refuses.
PASTEABLE = ['.value_counts(normalize=True)', '(scored["score"] >= 0.5)', '(scored["completed"] == scored["pred"])',
             '** 0.5']
WORDS = {"allocation", "quality-of-service", "representational", "historical", "representation", "measurement",
         "aggregation", "learning", "evaluation", "deployment"}


def test_no_visible_test_cell_shows_code_or_a_practice_reading_that_is_an_answer():
    import ast
    import json

    exercise = NB.parents[2] / "exercises" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"
    problems = []
    for cell in json.loads(exercise.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or meta.get("solution") or not meta.get("grade_id", "").startswith(
                ("test_", "practice_")):
            continue
        src = "".join(cell["source"])
        problems += [f"{meta['grade_id']}: {p}" for p in PASTEABLE if p in src]
        if meta["grade_id"].startswith("practice_"):
            # review x02-r7: the practice scenarios' readings must not be visible in the cell that checks them
            literals = {n.value for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Constant)}
            problems += [f"{meta['grade_id']}: the word {w!r}" for w in sorted(WORDS & literals)]
    assert not problems, problems


#: Right formulas for completers_needed in other float forms (review x02-r9 D1): at an exact whole number
#: (66 at FNR 3/25) the sqrt form gives 66.00000000000001 and ceil() 67, so no case may sit there.
RIGHT_SAMPLE_SIZE = {
    "the sqrt form": "math.ceil((math.sqrt(f * (1 - f)) / 0.04) ** 2)",
    "times (1 / m) squared": "np.ceil(f * (1 - f) * (1 / 0.04) ** 2)",
    "divided by m twice": "math.ceil(f * (1 - f) / 0.04 / 0.04)",
}


@pytest.mark.parametrize("form", sorted(RIGHT_SAMPLE_SIZE))
def test_completers_needed_earns_its_point_in_any_float_form(form):
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_02", NB.parents[2] / "tests" / "course" / "mutants"
                                                  / "02-what-can-go-wrong.py")
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    source = "import math\n" + mutants._NOISE % ("(g == name) & (y == label)", "abs(p1 - p2) > 2 * se",
                                                 RIGHT_SAMPLE_SIZE[form])
    tests = {"test_gap_or_noise_fnr_gap_se", "test_gap_or_noise_fpr_gap_se", "test_gap_or_noise_fnr_gap_real",
             "test_gap_or_noise_fpr_gap_real", "test_gap_or_noise_completers_needed"}
    outcome = run_notebook_cells(NB, {"gap_or_noise": source}, only={"setup", "gap_or_noise", *tests})
    assert outcome == dict.fromkeys(tests), f"{form}: {outcome}"


def test_a_written_answer_that_calls_a_blank_one_is_not_called_unanswered():
    """Review x02-r9 D3: Q4 written, calling a still-blank Q3: the message names Q3, not "not answered"."""
    blank = ("def error_rates_by_group(df, group_col, label_col, pred_col):\n"
             "    # YOUR CODE HERE\n    raise NotImplementedError()\n")
    calls = ("def accuracy_hides_gap(df, group_col, label_col, pred_col):\n"
             "    rates = error_rates_by_group(df, group_col, label_col, pred_col)\n"
             "    worst = rates['accuracy'].idxmin()\n"
             "    overall = float((df[label_col] == df[pred_col]).mean())\n"
             "    return {'overall_accuracy': overall, 'worst_group': worst,\n"
             "            'worst_accuracy': float(rates['accuracy'][worst]),\n"
             "            'gap': float(rates['accuracy'].max() - rates['accuracy'].min())}\n")
    tests = {"test_accuracy_hides_gap_overall", "test_accuracy_hides_gap_worst", "test_accuracy_hides_gap_missing_group"}
    outcome = run_notebook_cells(NB, {"error_rates_by_group": blank, "accuracy_hides_gap": calls},
                                 only={"setup", "error_rates_by_group", "accuracy_hides_gap", *tests})
    assert set(outcome) == tests
    for cell in tests:
        assert outcome[cell] and "`accuracy_hides_gap` calls `error_rates_by_group`" in outcome[cell], outcome[cell]
        assert "accuracy_hides_gap: not answered yet" not in outcome[cell], outcome[cell]


def test_question_8_numbers_print_with_every_answer_blank():
    """Review x02-r11 D1: the numbers Q8's rubric asks for print from a locked cell whatever the answers to
    questions 1-7 (here every answer cell is the released stub), and the rubric says a blank, failing or wrong
    earlier answer costs no Q8 point."""
    import contextlib
    import io
    import json

    exercise = NB.parents[2] / "exercises" / "02-what-can-go-wrong" / "02-what-can-go-wrong.ipynb"
    blank = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
             for c in json.loads(exercise.read_text(encoding="utf-8"))["cells"]
             if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}
    assert "group_shares" in blank and "gap_or_noise" in blank, sorted(blank)
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    for cell in json.loads(NB.read_text(encoding="utf-8"))["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] != "code" or meta.get("grade"):
            continue  # test cells are graded, not needed here
        source = blank.get(meta.get("grade_id"), "".join(cell["source"]))
        with contextlib.redirect_stdout(out if meta.get("grade_id") == "ship_it_numbers" else io.StringIO()):
            try:
                exec(compile(source, "<cell>", "exec"), namespace)  # noqa: S102
            except Exception:  # a blank answer (NotImplementedError) or a practice check that names it
                if meta.get("grade_id") == "ship_it_numbers":
                    raise
    text = out.getvalue()
    for number in ("1,200 test learners", "0.728", "0.622", "0.737", "0.433", "0.155", "first_gen", "98",
                   # review x02-r23 M1: the base rates and the best rule with one 0.5 threshold
                   "base rate", "0.612", "0.614", "FNR continuing 0.179, first_gen 0.200",
                   "0.021 (95 % interval -0.066 to 0.142"):
        assert number in text, (number, text)
    assert "fpr gap" in text and "includes 0" in text, text
    rubric = (NB.parents[2] / "docs" / "rubrics" / "02-what-can-go-wrong.md").read_text(encoding="utf-8")
    assert "ship_it_numbers" in rubric and "never costs a point here" in rubric


#: Wrong answers to questions 3 and 4 that are not one slip of one rule (a shortcut, an answer that is not data,
#: a copy of the library, the test's own values read back) and may fail every cell of their question.
_WHOLE_ANSWER = ("S1)", "edited copy", "library metrics_by_group", "lazy dict",
                 # positions of the whole frame read on a group's rows: wrong values everywhere
                 "positions of the whole frame",
                 # not yet one place: the other cells' tables have groups of 2 rows (review x02-r16, left open)
                 "small groups left out")


def test_every_slip_of_questions_3_and_4_is_pinned_to_its_cells():
    """Review x02-r16 D1/D2, the kind: in a multi-cell question a slip graded in one cell passes the other cells.
    Every wrong answer listed for questions 3 and 4 (but the whole-answer ones above) has a FAILS entry, which
    tests/course/test_mutants.py::test_listed_mutants_fail_exactly_their_parts checks cell by cell (exactly those
    cells fail), and an answer with one slip fails one cell."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_02", NB.parents[2] / "tests" / "course" / "mutants"
                                                  / "02-what-can-go-wrong.py")
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    unpinned = [f"{answer}: {label}" for answer in ("error_rates_by_group", "accuracy_hides_gap")
                for label in mutants.MUTANTS[answer]
                if label not in mutants.FAILS.get(answer, {}) and not any(w in label for w in _WHOLE_ANSWER)]
    assert not unpinned, unpinned
    one_slip = {(answer, label): cells for answer in ("error_rates_by_group", "accuracy_hides_gap")
                for label, cells in mutants.FAILS[answer].items()
                if "every other rule right" in label or "missing group handled" in label}
    assert len(one_slip) >= 7 and all(len(cells) == 1 for cells in one_slip.values()), one_slip


#: Question 7 needs no data: a light setup (the graded cells' names only).
_Q7_SETUP = ("from responsible_ml.feedback import expect_true, expect_type, variant\n"
             "V = variant('02-what-can-go-wrong')\n")
_Q7_HARMS = ("allocation", "quality-of-service", "representational")
_Q7_TESTS = {f"test_harm_and_source_{part}_{k}" for part in ("harm", "source") for k in "ABCD"}


_Q7_READING = {"harm": {"A": "allocation", "B": "quality-of-service", "C": "allocation", "D": "representational"},
               "source": {"A": "measurement", "B": "representation", "C": "aggregation", "D": "historical"}}


def _q7_cells_failed(harm: dict, source: dict, notebook=NB) -> set[str]:
    outcome = run_notebook_cells(notebook, {"setup": _Q7_SETUP, "harm_and_source": f"HARM = {harm!r}\nSOURCE = {source!r}\n"},
                                 only={"setup", "harm_scenarios", "harm_and_source", *_Q7_TESTS})
    assert set(outcome) == _Q7_TESTS, outcome
    return {t for t, error in outcome.items() if error}


def _q7_harm_cells_passed(harm: dict) -> set[str]:
    failed = _q7_cells_failed(harm, _Q7_READING["source"])
    assert not any(f"test_harm_and_source_source_{k}" in failed for k in "ABCD"), failed
    return {f"test_harm_and_source_harm_{k}" for k in "ABCD"} - failed


@pytest.mark.parametrize("base", ["reference", "every harm allocation", "B read as allocation"])
def test_question_7_a_blank_changes_no_other_scenarios_cell(base):
    """Review x02-r23 D1 (it replaces x02-r20 D1's "a blank never earns more than a word"): a blank, or a word not
    listed, is no word. Against any listed word that is not given a third time, a blank in scenario k changes no
    other scenario's cell (it loses k's own cell only); against a word given a third time (the rule's repeated word)
    the blank earns at least as much, since the repetition costs the repeated word's cells."""
    words = {"reference": ("allocation", "quality-of-service", "allocation", "representational"),
             "every harm allocation": ("allocation",) * 4,
             "B read as allocation": ("allocation", "allocation", "allocation", "representational")}[base]
    harm = dict(zip("ABCD", words, strict=True))
    for k in "ABCD":
        own = f"test_harm_and_source_harm_{k}"
        for blank in (None, "-"):
            left = _q7_harm_cells_passed({**harm, k: blank})
            assert own not in left, (base, k, blank, left)
            for word in _Q7_HARMS:
                filled_harm = {**harm, k: word}
                filled = _q7_harm_cells_passed(filled_harm)
                if list(filled_harm.values()).count(word) >= 3:
                    assert left >= filled - {own}, (base, k, blank, word, left, filled)
                else:
                    assert left == filled - {own}, (base, k, blank, word, left, filled)


@pytest.mark.parametrize("blank", [None, "-"])
@pytest.mark.parametrize("k", list("ABCD"))
def test_question_7_one_scenario_blank_loses_its_own_two_cells_only(k, blank):
    """Review x02-r23 D1: the reference reading with one scenario left blank (or given a word not listed) fails that
    scenario's harm and source cells and no other (it used to cost A and C's correct harm cells too when D was
    blank: 1.0 point where a wrong word cost 0.5)."""
    failed = _q7_cells_failed({**_Q7_READING["harm"], k: blank}, {**_Q7_READING["source"], k: blank})
    assert failed == {f"test_harm_and_source_harm_{k}", f"test_harm_and_source_source_{k}"}, (k, blank, failed)


def test_question_7_blank_d_visible_tests_too():
    """Review x02-r23 D1: the visible tests (the generated exercise's cells, without the hidden part) say the same:
    with A-C right and D blank only D's two cells fail, each naming D."""
    exercise = NB.parents[2] / "exercises" / NB.parent.name / NB.name
    outcome = run_notebook_cells(exercise, {"setup": _Q7_SETUP, "harm_and_source":
                                            f"HARM = {({**_Q7_READING['harm'], 'D': None})!r}\n"
                                            f"SOURCE = {({**_Q7_READING['source'], 'D': None})!r}\n"},
                                 only={"setup", "harm_scenarios", "harm_and_source", *_Q7_TESTS})
    failed = {t: e for t, e in outcome.items() if e}
    assert set(outcome) == _Q7_TESTS and set(failed) == {"test_harm_and_source_harm_D", "test_harm_and_source_source_D"}, \
        outcome
    assert "HARM['D']" in failed["test_harm_and_source_harm_D"] and "SOURCE['D']" in failed["test_harm_and_source_source_D"]


def _q7_rule(cell: str, words: tuple, answer: dict) -> list[bool]:
    """The four scenarios' "not a word given three times" verdicts, by the rule's own lines in the visible part of
    the test cell of scenario A (harm or source), run for each letter in turn."""
    visible = cell.split("### BEGIN HIDDEN TESTS")[0].splitlines()
    start = next(i for i, line in enumerate(visible) if line.startswith("_t02_seen = "))
    rule = "\n".join(visible[start:start + 3])
    assert "_t02_uses = " in rule and "[0]" in rule, rule
    verdicts = []
    for i in range(4):
        ns = {"HARM": answer, "SOURCE": answer, "_t02_harms": words, "_t02_sources": words}
        exec(rule.replace("[0]", f"[{i}]"), ns)  # noqa: S102 - the notebook's own rule, on a literal answer
        verdicts.append(ns["_t02_uses"] < 3)
    return verdicts


def test_question_7_a_guess_from_the_options_alone_gains_nothing_from_blanks():
    """Review x02-r23 D1: with blanks counting as no word, the rule still stops guessing. Over the scenario orders
    of 2,000 variants (each trainee's order is drawn at random), a constant word earns nothing in every one of the
    24 orders; a word given to the two scenarios where it is most often right, the others blank, scores at most
    chance (1 in 3 harms, 1 in 7 sources, per cell); and no reading-free guess with a blank scores more than the best
    one with all four filled (a blank never helps a guesser)."""
    import itertools
    import json

    from responsible_ml.feedback._variant import _params_02

    cells = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in json.loads(NB.read_text())["cells"]
             if c["metadata"].get("nbgrader", {}).get("grade_id")}
    orders = [tuple(_params_02(seed)["scenarios"]) for seed in range(1, 2001)]
    for part, words in (("harm", _Q7_HARMS),
                        ("source", ("historical", "representation", "measurement", "aggregation", "learning",
                                    "evaluation", "deployment"))):
        cell = cells[f"test_harm_and_source_{part}_A"]
        published = [_Q7_READING[part][k] for k in "ABCD"]

        counts = {o: orders.count(o) for o in set(orders)}

        def score(guess, order, cell=cell, words=words, published=published):
            allowed = _q7_rule(cell, words, dict(zip("ABCD", guess, strict=True)))
            return sum(ok and g == published[k] for ok, g, k in zip(allowed, guess, order, strict=True))

        def expected(guess, cell=cell, words=words, published=published, counts=counts):
            allowed = _q7_rule(cell, words, dict(zip("ABCD", guess, strict=True)))
            return sum(n * sum(ok and g == published[k] for ok, g, k in zip(allowed, guess, o, strict=True))
                       for o, n in counts.items()) / len(orders)

        for word in words:
            assert all(score((word,) * 4, o) == 0 for o in itertools.permutations(range(4))), (part, word)
            right = [sum(published[o[i]] == word for o in orders) for i in range(4)]
            two = sorted(range(4), key=lambda i: -right[i])[:2]
            guess = tuple(word if i in two else None for i in range(4))
            assert expected(guess) <= 4 / len(words), (part, guess, expected(guess))
        guesses = list(itertools.product((None, *words), repeat=4))
        best_filled = max(expected(g) for g in guesses if None not in g)
        best_blank = max(expected(g) for g in guesses if None in g)
        assert best_blank <= best_filled, (part, best_blank, best_filled)


def _q8_printed(trainee=None) -> str:
    """What the setup and Q8's locked numbers cell print, for a trainee's variant (None: self-study)."""
    import contextlib
    import io
    import json
    import os

    from responsible_ml.feedback._variant import TRAINEE_ENV

    cells = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in json.loads(NB.read_text())["cells"]
             if c["metadata"].get("nbgrader", {}).get("grade_id") in ("setup", "ship_it_numbers")}
    saved = os.environ.pop(TRAINEE_ENV, None)
    if trainee is not None:
        os.environ[TRAINEE_ENV] = trainee
    out, namespace = io.StringIO(), {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(out):
            for grade_id in ("setup", "ship_it_numbers"):
                exec(compile(cells[grade_id], grade_id, "exec"), namespace)  # noqa: S102
    finally:
        os.environ.pop(TRAINEE_ENV, None)
        if saved is not None:
            os.environ[TRAINEE_ENV] = saved
    return out.getvalue()


@pytest.mark.parametrize("trainee", [None, "trainee03", "trainee17"])
def test_question_8_base_rates_and_the_one_threshold_rule_are_computed_for_the_variant(trainee):
    """Review x02-r23 M1: the locked cell of Q8 prints each group's base rate and the FNR gap of the best rule with one
    0.5 threshold (true chance >= 0.5) for the trainee's own sample, so that a grader can check a threshold or base-rate
    cause against it. The numbers printed are the ones computed here from the variant's sample (not typed), and the
    sample the cell rebuilds is the setup's."""
    from responsible_ml.data import make_case_study, true_completion_chance
    from responsible_ml.fairness import group_gap, metrics_by_group
    from responsible_ml.feedback import variant

    text = _q8_printed(trainee)
    seed = variant("02-what-can-go-wrong", trainee=trainee).params["data_seed"]
    test = make_case_study(n=2400, random_state=seed, minority_share=0.08).iloc[1::2]
    base = test.groupby("background", observed=True)["completed"].mean()
    table = metrics_by_group(test["completed"], (true_completion_chance(test) >= 0.5).astype(int),
                             sensitive_features=test["background"], min_group_size=1)
    gap = group_gap(table, "fnr")
    assert f"{len(test):,} test learners" in text and f"variant {'0' if trainee is None else ''}" in text, text
    rows = {line.split()[0]: line for line in text.splitlines() if line.split()[:1] in (["continuing"], ["first_gen"])}
    for group, rate in base.items():
        assert f" {rate:.3f} " in rows[group], (group, rate, rows)
    assert (f"FNR continuing {table.loc['continuing', 'fnr']:.3f}, first_gen {table.loc['first_gen', 'fnr']:.3f}; "
            f"gap, {gap.max_group} minus {gap.min_group}: {gap.difference:.3f} (95 % interval {gap.low:.3f}") in text, text


def test_question_8_graders_notes_award_the_threshold_only_where_the_numbers_support_it():
    """Review x02-r23 M1: the graders' notes gave the cause point for "one 0.5 threshold" and for "first-generation
    learners complete less often" tied to it, although in variant 0 the base rates are equal and the best rule with one
    threshold leaves a gap of 0.021 (noise) against the model's 0.278. The notes now give that cause the point only where
    the printed base rates differ, and only as a contributor; they quote variant 0's numbers, which must be the
    printed ones; the model answer does not rest on the threshold."""
    import re

    doc = (NB.parents[2] / "docs" / "rubrics" / "02-what-can-go-wrong.md").read_text(encoding="utf-8")
    notes = doc[doc.index("* Point 2. "):doc.index("* Point 3. ")]
    assert "tied to the\n  threshold as above, it earns the point" not in doc and "earns the point only where the" in notes
    assert "In variant 0 it does\n  not earn the point" in notes and "as a contributor" in notes, notes
    text = _q8_printed()
    quoted = re.search(r"base rates are ([0-9.]+) \(first-generation\) and ([0-9.]+) \(continuing\).*?FNR is ([0-9.]+) "
                       r"against ([0-9.]+) \(gap ([0-9.]+), interval −([0-9.]+) to ([0-9.]+)", notes, re.S).groups()
    fg, cont, bfg, bcont, gap, low, high = quoted
    assert re.search(rf"first_gen +98 +0\.082 +{fg} ", text) and re.search(rf"continuing +1102 +0\.918 +{cont} ", text), text
    assert f"FNR continuing {bcont}, first_gen {bfg}; gap, first_gen minus continuing: {gap} (95 % interval -{low} to {high}" \
        in text, (quoted, text)
    answer = doc[doc.index("**Model answer**"):]
    assert "threshold" not in answer and f"{fg} against {cont}" in answer, answer

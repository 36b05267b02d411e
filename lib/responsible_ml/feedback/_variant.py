"""Per-trainee variants of an exercise: one seed per (course, assignment, trainee).

A graded cohort of an open course: every trainee gets their own numbers, so a peer's
numeric answers are wrong for them. The variant seed is a stable hash of the course id,
the assignment and the trainee's nbgrader id; with no trainee id (self-study) it is 0,
and variant 0 is the published exercise, number for number.

Where the trainee id comes from:

* in the trainee's own JupyterLab: the environment variable ``RML_TRAINEE_ID`` (the
  course hub sets it to the trainee's user name; unset = self-study = variant 0), and
  ``RML_COURSE_ID`` (default ``responsible-ml``, nbgrader's ``CourseDirectory.course_id``);
* when grading: the grader (:class:`responsible_ml.course._execute.TrustedExecute`) sets
  both as the FIRST statement of every cell it owns (the setup and every test cell), from
  the student id it is grading, so whatever the submission set before is overwritten
  before a test reads it.

Giving another exercise variants (exercise 01 is the pattern):

1. Add ``_params_NN(seed)`` here and register it in :data:`PARAMETERS`: ``seed == 0``
   returns today's numbers exactly; other seeds draw from ranges that keep every answer's
   *kind* (the correct choice of a multiple-choice entry, a result that exists, no answer
   on a rounding boundary), with :class:`random.Random` (stable across versions).
2. In the notebook's locked setup cell: ``V = variant("NN-slug")``, print
   ``your data: variant {V.label}``, draw data and numbers from ``V.params``; name the
   numbers a question's prose uses in a locked cell that prints them (prose cannot change
   per trainee, so it names them and gives variant 0's values).
3. Answer cells compute from those names, never from literals.
4. Test cells (visible and hidden) compute the expected answers from
   ``trusted().variant("NN-slug").params`` (hidden) or ``variant(...)`` (visible) — never
   from the setup cell's globals, which the submission can change.
5. Run ``tests/course/test_variants.py``'s checks for the exercise (50 trainees: reference
   full, blank 0, a peer's numbers lose the numeric points), nbval of nothing, the round
   trip and the mutants (variant 0), and regenerate ``exercises/``.

This module is self-contained (standard library only, no dataclasses: it must load
unregistered): hidden tests load a private copy of it from disk through
:func:`responsible_ml.feedback.trusted`.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
from typing import NamedTuple

__all__ = ["variant"]

#: Environment variables the hub sets for a trainee and the grader sets in a grading kernel.
TRAINEE_ENV = "RML_TRAINEE_ID"
COURSE_ENV = "RML_COURSE_ID"
#: nbgrader's CourseDirectory.course_id of this course (nbgrader_config.py).
DEFAULT_COURSE = "responsible-ml"


def variant_seed(course: str, assignment: str, trainee: str | None) -> int:
    """The variant seed of a trainee: 0 without a trainee id, else a stable 63-bit hash.

    Parameters
    ----------
    course : str
        nbgrader's course id (``CourseDirectory.course_id``).
    assignment : str
        The assignment name, e.g. ``"01-what-is-ml"``.
    trainee : str or None
        The trainee's nbgrader student id; None or "" for self-study.

    Returns
    -------
    int
        0 for self-study; otherwise the first 8 bytes of SHA-256 of the three, as an
        integer in [1, 2**63) (the same on every machine and Python version).
    """
    if not trainee:
        return 0
    digest = hashlib.sha256("\x1f".join((str(course), str(assignment), str(trainee)))
                            .encode("utf-8")).digest()
    return (int.from_bytes(digest[:8], "big") >> 1) or 1


def variant_label(seed: int) -> str:
    """A short label for a seed: ``"0"`` for variant 0, else 4 hex digits (``"7f3a"``)."""
    return "0" if seed == 0 else f"{seed:016x}"[:4]


# --------------------------------------------------------------------------- exercise 01
def _se(accuracy: float, n: int) -> float:
    return math.sqrt(accuracy * (1 - accuracy) / n)


#: Case-study samples for exercise 01's variants (make_case_study random_state): the seeds
#: in 100-227 on which the reference model of question 2 beats the majority baseline by at
#: least 0.12 on the held-out learners (variant 0's sample: 0.138; the graded bar is 0.05),
#: so no trainee's visible bar is much harder than the published one. A seed of 100-227 with
#: a smaller margin (down to 0.054) is left out. Checked by tests/course/test_variants.py.
_DATA_SEEDS_01 = (
    100, 101, 102, 103, 104, 105, 108, 109, 110, 112, 113, 114, 116, 117, 118, 120, 122,
    124, 126, 127, 128, 131, 132, 133, 135, 136, 138, 139, 140, 142, 143, 145, 146, 147,
    148, 149, 150, 151, 152, 153, 156, 157, 158, 160, 161, 163, 164, 165, 166, 168, 169,
    170, 171, 172, 173, 174, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187,
    188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 203, 204, 205, 206, 207,
    208, 209, 210, 212, 213, 214, 215, 216, 218, 219, 220, 221, 222, 223, 224, 225,
)


#: Exercise 01's choice items (question 5's verdict and ask_next, question 7's TARGET).
_CHOICE_ITEMS_01 = ("verdict", "ask_next", "precision_means", "lowest_scores", "help_needs")


def _n_more(accuracy: float, n: int, baseline: float) -> int:
    """The learners of ``verdict_more`` (review x01-r13 M1, M2): a multiple of 10 above ``n`` on
    which the same gain lies between the one-sided line 1.645 (and sqrt(1.96 z), so that z times
    the multiplier, the 1/n reading, passes 1.96) and the two-sided 1.96: aimed at the middle of
    that window, rounded down to 10 learners (variant 0: 300, z 1.82; under 1/n it would be 2.22).
    Computed from the drawn report, no draw of its own: the other numbers stay as they were."""
    z = (accuracy - baseline) / _se(accuracy, n)
    aim = (max(1.645, math.sqrt(1.96 * z)) + 1.96) / 2
    return max(n + 10, 10 * math.floor(n * (aim / z) ** 2 / 10))


def _params_01(seed: int) -> dict:
    """Exercise 01: the case-study sample and the reported accuracy of question 5.

    Variant 0 is the published exercise (sample seed 1; 0.91 on 200 learners against
    0.88, target SE 0.0125). Other variants take one of :data:`_DATA_SEEDS_01`'s samples
    and keep every answer's *kind* the same: z = (accuracy - baseline) / SE stays in 0.8-1.7
    on the reported learners and in 3.2-6.8 on 16 times as many (``verdict_larger``: a quarter
    of the SE). ``n_more`` (``verdict_more``, review x01-r13 M1, M2) is a count a little above
    ``n`` (a multiple of 10; 300 in variant 0) on which the same gain is 1.7-1.89 standard errors:
    within the two-sided 1.96 ("not settled"), but beyond 1.645 (a one-sided reading says
    "shown") and beyond 1.96 if the SE shrank like 1/n (z times n_more / n, at least 2.05), so
    the square-root law, the 1/n reading and the one-sided line give different verdicts in
    every variant (see :func:`_n_more`). The target standard error needs more learners than were tested, at a count
    whose fractional part is between 0.01 and 0.49 (so floating-point noise cannot flip
    ``n_needed``, and rounding to the nearest whole number, one learner too few, differs from
    rounding up in every variant).
    Question 5's three numbers are functions (``standard_error``, ``z_score``, ``n_needed``),
    graded on this report and on fixed other ones (review x01-r9), so a copied number earns
    nothing; the report sets the numbers the trainee reads for the two verdict entries.
    ``letters`` gives each choice item's option order: variant 0 keeps "abcd"; other
    variants shuffle it (each option keeps its content, its letter moves). Which option is
    right is known to the hidden tests only, not to this module: the library is installed
    for trainees, so its text names no right option (review x01-r12 S1).
    """
    if seed == 0:
        return {"data_seed": 1,
                "reading": {"accuracy": 0.91, "n": 200, "baseline": 0.88, "target_se": 0.0125,
                            "n_more": 300},
                "letters": {item: "abcd" for item in _CHOICE_ITEMS_01}}
    # The order of the options of each choice item, from its own generator (the numbers
    # below are drawn exactly as before): shown letter "abcd"[i] is variant 0's option
    # letters[item][i], so a peer's letter does not transfer.
    shuffle = random.Random(f"01-letters-{seed}")
    letters = {}
    for item in _CHOICE_ITEMS_01:
        order = list("abcd")
        shuffle.shuffle(order)
        letters[item] = "".join(order)
    rng = random.Random(seed)
    while True:
        n = rng.randrange(150, 401, 10)
        baseline = rng.randrange(80, 91) / 100
        gain = rng.randrange(2, 7) / 100
        accuracy = round(baseline + gain, 2)
        se = _se(accuracy, n)
        z = gain / se
        target = round(se * rng.uniform(0.45, 0.75), 4)
        if not (0.8 <= z <= 1.7 and accuracy < 0.97 and target >= 0.005):
            continue
        need = accuracy * (1 - accuracy) / target ** 2
        if need <= n or not 0.01 < need - math.floor(need) < 0.49:
            continue
        return {"data_seed": _DATA_SEEDS_01[seed % len(_DATA_SEEDS_01)],
                "reading": {"accuracy": accuracy, "n": n, "baseline": baseline,
                            "target_se": target, "n_more": _n_more(accuracy, n, baseline)},
                "letters": letters}


# --------------------------------------------------------------------------- exercise 02
#: Case-study samples for exercise 02's variants (the setup's ``make_case_study(n=2400,
#: minority_share=0.08)`` random_state): the seeds in 100-199 whose reference model gives the
#: published pattern of question 8's locked numbers (variant 0's sample, seed 3): first-generation
#: learners are the smallest group, less accurate (the accuracy gap's 95 % interval above 0.01)
#: and missed more (the FNR gap's interval above 0.01), while the FPR gap's interval includes 0
#: (from below -0.01 to above 0.01: noise). Checked by tests/course/test_variants_02.py.
_DATA_SEEDS_02 = (
    100, 102, 103, 104, 105, 106, 108, 109, 114, 116, 117, 118, 121, 122, 124, 125, 126, 127,
    129, 130, 132, 133, 134, 135, 136, 137, 138, 140, 141, 142, 148, 149, 150, 152, 155, 156,
    157, 159, 160, 161, 162, 163, 164, 165, 166, 167, 169, 172, 173, 174, 175, 176, 177, 178,
    180, 181, 182, 183, 187, 188, 191, 194, 197, 199,
)


def _params_02(seed: int) -> dict:
    """Exercise 02: the case-study sample, the proxy sample and question 7's scenario order.

    Variant 0 is the published exercise (samples 3 and 7, scenarios in the published order).
    Other variants draw the sample of questions 1-5 and 8 from :data:`_DATA_SEEDS_02` (the same
    pattern of gaps, so question 8's reading keeps its kind), question 6's proxy sample from
    seeds 100-199 (in each, deprivation and prior courses carry background, AUC >= 0.65, the other
    features little, <= 0.6, and all features together most), and shuffle question 7's four graded
    scenarios over A-D: ``scenarios[i]`` is the published index of the scenario shown as "ABCD"[i],
    so a peer's HARM and SOURCE are wrong where the orders differ. Questions 1-6 are functions
    graded on fixed tables: their expected values are computed, not drawn.
    """
    if seed == 0:
        return {"data_seed": 3, "proxy_seed": 7, "scenarios": [0, 1, 2, 3]}
    rng = random.Random(f"02-{seed}")
    order = [0, 1, 2, 3]
    rng.shuffle(order)
    return {"data_seed": rng.choice(_DATA_SEEDS_02), "proxy_seed": rng.randrange(100, 200),
            "scenarios": order}


# --------------------------------------------------------------------------- exercise 03
#: Question 5(d)'s graded models, by slot: (group 1 selected, of them completers, group 2
#: selected, of them completers); group 1 has 100 learners (50 completers), group 2 200 (40).
#: The groups differ in size, so equal counts are not equal rates (review x03-r9 M1).
#: A variant draws one model of each slot. The models of one slot are interchangeable: the
#: same rates are equal across the groups for each of them, not only the four the criteria
#: name but every count and every rate a confusion might compare instead (accuracy, NPV,
#: counts, other or swapped denominators). So any wrong rule of that kind is wrong on the same
#: models in every variant and scores the same everywhere (review x03-r12 D1); the four slots
#: meet four different sets of criteria (so one fixed answer is right on one model at most).
#: The same invariance lets a coincidence shared by a whole slot pass a misreading of a
#: criterion, so the hidden tests also grade such a slot on one fixed model of its criteria
#: without the coincidence, the same in every variant.
#: The properties are checked by tests/course/test_variants.py; which criteria each model
#: meets is the question, so it is not written here (the library is installed for trainees:
#: review x01-r12 S1).
_SLOTS_03 = (
    ((40, 30, 40, 8), (20, 15, 20, 4), (40, 35, 40, 24), (60, 45, 60, 12)),
    ((50, 40, 64, 32), (50, 30, 88, 24), (50, 20, 112, 16), (50, 35, 76, 28)),
    ((30, 20, 60, 16), (40, 15, 80, 12), (60, 20, 120, 16), (70, 30, 140, 24)),
    ((20, 20, 20, 20), (10, 10, 10, 10), (40, 40, 40, 40), (25, 25, 25, 25)),
)


def _params_03(seed: int) -> dict:
    """Exercise 03: the four graded models of question 5(d), in this trainee's order.

    Variant 0 is the published table: the first model of each slot, as A-D. Other variants
    draw one model of each slot and shuffle the four over A-D (with :class:`random.Random`,
    stable across versions).
    """
    if seed == 0:
        models = [slot[0] for slot in _SLOTS_03]
    else:
        rng = random.Random(f"03-criteria-{seed}")
        models = [rng.choice(slot) for slot in _SLOTS_03]
        rng.shuffle(models)
    return {"criteria_models": {label: m for label, m in zip("ABCD", models, strict=True)}}


# --------------------------------------------------------------------------- exercise 05
#: Exercise 05's multiple-choice items (each with four options, listed in the notebook).
_CHOICE_ITEMS_05 = ("labels", "proxy", "remedy", "use", "std_measures", "causal")


def _params_05(seed: int) -> dict:
    """Exercise 05: the order in which each multiple-choice item shows its four options.

    ``order[item]`` lists the indices of the notebook's option list in the order shown as
    a, b, c, d. Variant 0 shows them as listed; other variants shuffle each item on its own,
    so a fixed-letter strategy scores 1/4 in expectation. (Which option is right is known to
    the hidden tests only, not to this module.)
    """
    rng = random.Random(seed)
    order = {}
    for item in _CHOICE_ITEMS_05:
        ids = [0, 1, 2, 3]
        if seed != 0:
            rng.shuffle(ids)
        order[item] = ids
    return {"order": order}


# --------------------------------------------------------------------------- exercise 07
def _params_07(seed: int) -> dict:
    """Exercise 07: the order in which question 3 shows its five stakeholder statements.

    ``statements[k - 1]`` is the index, in the notebook's list of statements, of the one shown
    as statement k. Variant 0 shows them as listed; other variants shuffle them, so a fixed
    mapping (every criterion once in alphabetical order, say) is right on other statements for
    other trainees. (Which criterion each statement asks for is known to the hidden tests only,
    not to this module.)
    """
    order = [0, 1, 2, 3, 4]
    if seed != 0:
        random.Random(f"07-statements-{seed}").shuffle(order)
    return {"statements": order}


# --------------------------------------------------------------------------- exercise 06
#: Production streams for exercise 06's variants (make_stream random_state, the setup cell's
#: stream): the seeds in 100-299 on which, as on variant 0's stream (seed 4: 0.032, 0.182, 0.166),
#: v1's TPR gap before the shift (months 6-11, question 3's check data) is at most 0.06, so the
#: gate passes with room; the same release with one threshold for everyone has a gap of at least
#: 0.14, so it fails with room; and every window of 2-4 months starting in months 12-15 (question
#: 2's checked window) has a TPR gap of at least 0.13 (an alert at 0.10, with room) and at least
#: 20 completers in each group. Checked by tests/course/test_variants_06.py.
_STREAM_SEEDS_06 = (
    108, 109, 112, 123, 135, 138, 141, 151, 164, 171, 174, 179, 193, 209, 210, 223, 227, 234,
    237, 252, 253, 261, 268, 271, 275, 278, 280, 282, 286, 290, 291, 295, 296,
)


def _false_page_06(p: float, k: int, months: int = 12) -> float:
    """Chance of at least one run of k months above the limit in `months` independent months."""
    run, paged = [1.0] + [0.0] * (k - 1), 0.0
    for _ in range(months):
        new = [0.0] * k
        for length, q in enumerate(run):
            new[0] += q * (1 - p)
            if length + 1 == k:
                paged += q * p
            else:
                new[length + 1] += q * p
        run = new
    return paged


def _alert_06(n1: int, n2: int, rate: float, limit: float) -> tuple:
    """Question 4's z, p_month and k of a monitor (the reference method)."""
    z = limit / math.sqrt(rate * (1 - rate) / n1 + rate * (1 - rate) / n2)
    p = math.erfc(z / math.sqrt(2))
    return z, p, next(k for k in range(1, 13) if _false_page_06(p, k) < 0.01)


def _params_06(seed: int) -> dict:
    """Exercise 06: the production stream, question 2's window and question 4's monitor.

    Variant 0 is the published exercise: stream seed 4; question 2's visible check on windows
    of 3 months and the TPR gap of months 12-14; question 4's monitor with 40 and 120
    completers a month, TPR 0.7, limit 0.11, a real gap from month 10 (z 1.315, p_month 0.1886,
    k = 4, month_seen 16). Other variants take one of :data:`_STREAM_SEEDS_06`'s streams (the
    gate passes v1 and fails the one-threshold release, as in variant 0) and draw:

    * ``psi_seeds``: the seeds of question 1's hidden data, one per part (variant 0: 11-14), so
      the hidden samples differ per trainee (every part's answer is a function of its inputs);
    * ``window`` 2-4 months and ``gap_start`` 12-15 (question 2's checked window lies after
      the shift, within months 12-23, and its TPR gap exceeds 0.13: an alert, as in variant 0);
    * question 4's monitor: 30-60 and 90-180 completers (the first group the smaller), TPR
      0.6-0.8, limit 0.09-0.14, so that k is 4 or 6 (never the lesson's 3 nor the check case's
      5), the false-page chance is at most 0.8 % with k and at least 1.3 % with k - 1 (no answer
      near the 1 % line), and treating the 12 months as independent chances, 1 - (1 - p^k)^12,
      gives another k (the trap of variant 0); the real gap starts in month 8-13 (delay 3, as
      the platform's outcomes arrive in every variant).
    """
    if seed == 0:
        return {"stream_seed": 4, "window": 3, "gap_start": 12, "psi_seeds": (11, 12, 13, 14),
                "alert": {"n1": 40, "n2": 120, "rate": 0.7, "limit": 0.11, "start": 10}}
    rng = random.Random(f"06-{seed}")
    stream_seed = _STREAM_SEEDS_06[seed % len(_STREAM_SEEDS_06)]
    window = rng.choice((2, 3, 4))
    gap_start = rng.randrange(12, 16)
    while True:
        n1 = rng.randrange(30, 61, 5)
        n2 = rng.randrange(90, 181, 10)
        rate = rng.randrange(60, 81, 5) / 100
        limit = rng.randrange(9, 15) / 100
        _, p, k = _alert_06(n1, n2, rate, limit)
        if k not in (4, 6) or _false_page_06(p, k) > 0.008 or _false_page_06(p, k - 1) < 0.013:
            continue
        if next(j for j in range(1, 13) if 1 - (1 - p ** j) ** 12 < 0.01) == k:
            continue
        psi = random.Random(f"06-psi-{seed}").sample(range(100, 100_000), 4)
        alert = {"n1": n1, "n2": n2, "rate": rate, "limit": limit, "start": rng.randrange(8, 14)}
        return {"stream_seed": stream_seed, "window": window, "gap_start": gap_start,
                "psi_seeds": tuple(psi), "alert": alert}


#: Parameter functions of the exercises that have variants: seed -> dict of parameters.
PARAMETERS = {"01-what-is-ml": _params_01, "02-what-can-go-wrong": _params_02,
              "03-fairness": _params_03, "05-transparency": _params_05,
              "06-monitoring": _params_06, "07-trade-offs": _params_07}


class Variant(NamedTuple):
    """One trainee's variant of one assignment.

    Attributes
    ----------
    course, assignment : str
        The course id and the assignment name.
    trainee : str or None
        The trainee id it was derived from (None: self-study).
    seed : int
        0 for self-study, else :func:`variant_seed`.
    label : str
        What the trainee and the instructor call it: ``"0"`` or 4 hex digits.
    params : dict
        The assignment's data and parameters for this seed (empty when the assignment
        has no variants yet).
    """

    course: str
    assignment: str
    trainee: str | None
    seed: int
    label: str
    params: dict


def variant(assignment: str, trainee: str | None = None, course: str | None = None) -> Variant:
    """The variant of ``assignment`` for this trainee (from the environment by default).

    Parameters
    ----------
    assignment : str
        The assignment name, e.g. ``"01-what-is-ml"``.
    trainee : str, optional
        The trainee's nbgrader id; default ``$RML_TRAINEE_ID`` (unset: self-study,
        variant 0).
    course : str, optional
        The course id; default ``$RML_COURSE_ID`` or ``"responsible-ml"``.

    Returns
    -------
    Variant
        Its ``seed``, ``label`` and ``params`` (the numbers of this trainee's exercise).

    Examples
    --------
    >>> variant("01-what-is-ml", trainee="").label
    '0'
    >>> variant("01-what-is-ml", trainee="").params["reading"]["n"]
    200
    """
    if trainee is None:
        trainee = os.environ.get(TRAINEE_ENV) or None
    if course is None:
        course = os.environ.get(COURSE_ENV) or DEFAULT_COURSE
    seed = variant_seed(course, assignment, trainee)
    make = PARAMETERS.get(assignment)
    return Variant(course=course, assignment=assignment, trainee=trainee or None, seed=seed,
                   label=variant_label(seed), params=make(seed) if make else {})

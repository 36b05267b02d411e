"""Synthetic case study: predicting programme completion on a learning platform.

A learning platform predicts which learners will complete a programme; the prediction
decides who is offered a mentor. The decision is taken at the end of each learner's third
week (the *decision point*): by then the platform knows the enrolment form (``age``,
``district``, ``device``, ``prior_courses``, the self-reported ``hours_per_week``) and the
first three weeks' activity (``quiz_avg``, ``forum_posts``). ``completed`` is known only when
the programme ends. The generator has one knob per harm, all off by default:

- ``minority_share``: under-representation of first-generation learners, whose
  feature→outcome relationship differs from the majority's;
- ``label_bias``: historical labels that fail to credit first-generation completers;
- ``proxy_strength``: residential segregation that turns ``district`` /
  ``district_deprivation`` into a proxy for ``background``;
- ``shift`` / ``shift_kind``: covariate, concept or prior (label) shift over enrolment months.

Every random draw is made whatever the knob values, in the same order, so turning one
knob changes only what that knob is about.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import poisson

from .._validation import check_columns, check_in, check_integer, check_real

__all__ = [
    "CASE_STUDY_FEATURES",
    "make_case_study",
    "make_directory",
    "true_completion_chance",
]

_NOT_A_CASE_STUDY = (
    "{name} must be a case-study DataFrame (from make_case_study): it has no column(s) "
    "{missing}; available columns: {available}"
)

SHIFT_KINDS = ("covariate", "concept", "prior")

CASE_STUDY_COLUMNS = (
    "learner_id", "name", "birth_date", "age", "gender", "district", "background",
    "enrol_month", "prior_courses", "hours_per_week", "quiz_avg", "forum_posts", "device",
    "district_deprivation", "completed_true", "completed",
)  # fmt: skip

CASE_STUDY_NUMERICAL = (
    "prior_courses", "hours_per_week", "quiz_avg", "forum_posts", "district_deprivation",
)  # fmt: skip
CASE_STUDY_CATEGORICAL = ("device",)
#: Model inputs the lessons use by default: no ids, names, labels or sensitive attributes
#: (``background``, ``gender``, ``age``); ``district_deprivation`` is included on purpose —
#: it is innocent-looking but becomes a proxy for ``background`` when ``proxy_strength > 0``.
CASE_STUDY_FEATURES = CASE_STUDY_NUMERICAL + CASE_STUDY_CATEGORICAL

DISTRICTS = tuple(f"D{i:02d}" for i in range(1, 13))
#: Deprivation index of each district (a fixed property of the district, 0 = least deprived).
DISTRICT_DEPRIVATION = dict(
    zip(
        DISTRICTS,
        (0.12, 0.55, 0.31, 0.83, 0.07, 0.66, 0.44, 0.91, 0.23, 0.74, 0.38, 0.59),
        strict=True,
    )
)
_DEP = np.array([DISTRICT_DEPRIVATION[d] for d in DISTRICTS])

GENDERS = ("female", "male", "non-binary")
GENDER_P = (0.48, 0.48, 0.04)
BACKGROUNDS = ("continuing", "first_gen")
DEVICES = ("laptop", "mobile")
START_DATE = np.datetime64("2023-01-01", "D")

FIRST_NAMES_F = (
    "Amara", "Anna", "Aisha", "Beatriz", "Chloe", "Dalia", "Elena", "Emma", "Fatima", "Grace",
    "Hana", "Ines", "Ingrid", "Jana", "Julia", "Katarzyna", "Laila", "Lea", "Lucia", "Maya",
    "Mei", "Nadia", "Noor", "Olivia", "Priya", "Rosa", "Sara", "Sofia", "Tamar", "Yara",
)  # fmt: skip
FIRST_NAMES_M = (
    "Adam", "Ahmed", "Aleksander", "Ben", "Carlos", "Daniel", "David", "Elias", "Felix", "Hugo",
    "Ibrahim", "Ivan", "Jakub", "James", "Jonas", "Karim", "Leo", "Liam", "Lucas", "Luka",
    "Marco", "Mateo", "Milan", "Noah", "Omar", "Oscar", "Pavel", "Samuel", "Tariq", "Yusuf",
)  # fmt: skip
FIRST_NAMES_X = (
    "Alex", "Ari", "Charlie", "Eden", "Jesse", "Kai", "Nico", "Robin", "Sam", "Sasha",
)  # fmt: skip
LAST_NAMES = (
    "Ahmadi", "Andersen", "Baker", "Bauer", "Costa", "Demir", "Dubois", "Eriksen", "Fischer",
    "Garcia", "Haddad", "Hansen", "Ivanova", "Jensen", "Kaya", "Kowalski", "Lambert", "Larsen",
    "Lopez", "Mahmoud", "Martin", "Meyer", "Moreau", "Nielsen", "Novak", "Okafor", "Olsen",
    "Pereira", "Petrov", "Rossi", "Russo", "Santos", "Schmidt", "Silva", "Smith", "Sorensen",
    "Taylor", "Usman", "Varga", "Wagner", "Walker", "Weber", "Wilson", "Yilmaz", "Zielinski",
)  # fmt: skip


# --------------------------------------------------------------------------- validation
def _poisson(u, lam):
    return poisson.ppf(u, lam).astype(np.int64)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --------------------------------------------------------------------------- generator
def _simulate(rng, m, months_idx, post, *, minority_share, proxy_strength, shift, shift_kind):
    """Draw `m` learners (everything but identity columns). All draws happen unconditionally."""
    u_bg = rng.random(m)
    first_gen = u_bg < minority_share
    # District: inverse-CDF draw from a background-dependent distribution. At
    # proxy_strength=0 both groups are uniform over districts; at 1, first_gen learners
    # concentrate in deprived districts and continuing learners in affluent ones.
    u_dist = rng.random(m)
    k = 3.5 * proxy_strength
    w_fg = np.exp(k * (_DEP - 0.5))
    w_co = np.exp(-k * (_DEP - 0.5))
    cdf_fg = np.cumsum(w_fg / w_fg.sum())
    cdf_co = np.cumsum(w_co / w_co.sum())
    district_idx = np.where(
        first_gen,
        np.searchsorted(cdf_fg, u_dist, side="right"),
        np.searchsorted(cdf_co, u_dist, side="right"),
    )
    district_idx = np.minimum(district_idx, len(DISTRICTS) - 1)
    deprivation = _DEP[district_idx]

    gender_idx = rng.choice(3, size=m, p=GENDER_P)
    age = np.minimum(18 + np.floor(rng.gamma(2.0, 5.5, size=m)), 70).astype(np.int64)

    # Latent ability: the same distribution in both groups.
    ability = rng.normal(0.0, 1.0, size=m)
    cov = shift * post if shift_kind == "covariate" else np.zeros(m)

    # Poisson counts by inverse CDF of one uniform per learner ("common random numbers"), so a
    # knob that moves the rate moves the count monotonically and never shifts the stream.
    prior_courses = _poisson(rng.random(m), np.where(first_gen, 0.7, 1.6) * np.exp(0.25 * ability))
    hours = rng.normal(8.0 + 1.2 * ability, 2.5, size=m)
    # Covariate shift: less study time, hitting first_gen learners harder.
    hours = hours - cov * np.where(first_gen, 3.0, 1.0)
    hours = np.round(np.clip(hours, 0.5, 30.0), 1)
    p_mobile = _sigmoid(-1.0 + 0.6 * first_gen + cov * np.where(first_gen, 2.0, 0.8))
    mobile = rng.random(m) < p_mobile
    quiz = 62.0 + 11.0 * ability + 0.8 * (hours - 8.0) - 3.0 * mobile + rng.normal(0, 7, m)
    quiz = np.round(np.clip(quiz, 0.0, 100.0), 1)
    forum = _poisson(
        rng.random(m), np.exp(0.9 + 0.35 * ability + 0.04 * (hours - 8.0) - 0.3 * mobile)
    )

    # True completion. The weights differ between groups: for continuing learners prior
    # courses matter a lot and forum activity little; for first-gen learners it is the
    # other way round (peer support replaces prior experience).
    w_prior = np.where(first_gen, -0.4, 1.0)
    w_forum = np.where(first_gen, 0.7, -0.1)
    w_quiz = np.full(m, 0.04)
    w_hours = np.full(m, 0.12)
    # One intercept for both groups: background has no direct effect on completion. The
    # groups' completion rates differ (datasheet: 59.8 % vs 47.8 %) only through the features
    # (fewer prior courses) and the weights above; a group-specific intercept would be a
    # built-in base-rate gap that no knob switches off.
    intercept = 0.2
    if shift_kind == "concept":
        c = shift * post
        # Concept shift: quizzes stop predicting completion, study time and forum activity
        # matter more (e.g. a redesigned programme with project work instead of quizzes).
        w_quiz = w_quiz * np.clip(1.0 - 0.8 * c, 0.0, None)
        w_hours = w_hours + 0.15 * c
        w_forum = w_forum + 0.25 * c
    logit = (
        intercept
        + w_quiz * (quiz - 62.0)
        + w_hours * (hours - 8.0)
        + w_prior * (prior_courses - 1.0)
        + w_forum * (forum - 2.5)
        - 0.4 * mobile
    )
    completed_true = (rng.random(m) < _sigmoid(logit)).astype(np.int64)
    u_label = rng.random(m)
    return {
        "enrol_month": months_idx.astype(np.int64),
        "first_gen": first_gen,
        "district_idx": district_idx,
        "deprivation": deprivation,
        "gender_idx": gender_idx,
        "age": age,
        "prior_courses": prior_courses.astype(np.int64),
        "hours_per_week": hours,
        "quiz_avg": quiz,
        "forum_posts": forum.astype(np.int64),
        "mobile": mobile,
        "completed_true": completed_true,
        "u_label": u_label,
    }


def make_case_study(
    n: int = 4000,
    *,
    random_state: int = 0,
    minority_share: float = 0.35,
    label_bias: float = 0.0,
    proxy_strength: float = 0.0,
    shift: float = 0.0,
    shift_kind: str = "covariate",
    months: int = 12,
    shift_start: int | None = None,
) -> pd.DataFrame:
    """Generate the synthetic learning-platform case study.

    One row per learner. At the end of each learner's third week (the decision point) the
    platform predicts ``completed`` from the enrolment form and the first three weeks'
    activity, and offers a mentor to learners predicted *not* to complete (or, depending on
    the lesson, to those predicted to complete). ``completed`` itself is known only when the
    programme ends. Every harm is switched off by default.

    Parameters
    ----------
    n : int, default 4000
        Number of learners (an ``int`` ≥ 50). The defaults give the shipped file.
    random_state : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same arguments give an identical frame.
    minority_share : float, default 0.35
        Share of first-generation learners, strictly between 0 and 1. Completion depends on
        the features differently for them (forum activity counts in their favour, each prior
        course slightly against), so a model fitted on everyone fits the majority pattern
        when they are rare.
    label_bias : float, default 0.0
        Share (in [0, 1]) of first-generation learners who truly completed but are recorded
        as ``completed = 0``. Exactly ``round(label_bias * k)`` of the ``k`` such learners
        are flipped. At 0, ``completed == completed_true``.
    proxy_strength : float, default 0.0
        In [0, 1]: how strongly first-generation learners live in deprived districts. At 0,
        district is independent of background; at 1, ``district_deprivation`` alone predicts
        ``background`` with ROC AUC ≈ 0.90.
    shift : float, default 0.0
        Size (≥ 0) of the change from month `shift_start` on. At 0 nothing changes over time.
    shift_kind : {"covariate", "concept", "prior"}, default "covariate"
        ``"covariate"``: fewer hours per week and more mobile users, both hitting first-gen
        learners harder (P(x) moves). ``"concept"``: quiz scores stop predicting completion,
        study time and forum activity matter more (P(y | x) moves). ``"prior"``: the share
        of completers falls (odds divided by ``exp(shift)``) while P(x | y) stays the same;
        implemented by label-stratified resampling of the later months.
    months : int, default 12
        Number of enrolment months (≥ 1); ``enrol_month`` runs from 0 to ``months - 1``.
    shift_start : int or None, default None
        First month affected by the shift, ``0 ≤ shift_start < months``; None means
        ``months // 2``.

    Returns
    -------
    pandas.DataFrame
        Rows sorted by ``enrol_month`` (then learner id), default RangeIndex, columns:

        ====================  ==============  =====================================================
        column                dtype           meaning
        ====================  ==============  =====================================================
        learner_id            str             "L00001", "L00002", … (platform id)
        name                  str             synthetic full name (direct identifier)
        birth_date            datetime64[s]   date of birth (quasi-identifier)
        age                   int64           age in whole years at enrolment
        gender                category        "female", "male", "non-binary" (≈ 48/48/4 %)
        district              category        "D01" … "D12", district of residence
        background            category        "continuing" / "first_gen" (main sensitive attribute)
        enrol_month           int64           0 … months - 1
        prior_courses         int64           courses completed before (≥ 0)
        hours_per_week        float64         enrolment form: study time (0.5 – 30)
        quiz_avg              float64         mean quiz score, first three weeks (0 – 100)
        forum_posts           int64           forum posts in the first three weeks (≥ 0)
        device                category        "laptop" / "mobile", main device
        district_deprivation  float64         deprivation index of the district (0 – 1)
        completed_true        int64           real outcome 0/1 (known only because synthetic)
        completed             int64           recorded historical label 0/1 (training label)
        ====================  ==============  =====================================================

    Raises
    ------
    TypeError
        If an argument has the wrong type (message names the argument).
    ValueError
        If an argument is out of range or `shift_kind` is unknown (message names the argument).

    Examples
    --------
    >>> df = make_case_study(500, random_state=1, label_bias=0.3)
    >>> df.shape
    (500, 16)
    """
    n = check_integer(n, "n", low=50)
    random_state = check_integer(random_state, "random_state", low=0)
    minority_share = check_real(minority_share, "minority_share", low=0, high=1,
                                closed="neither")
    label_bias = check_real(label_bias, "label_bias", low=0, high=1)
    proxy_strength = check_real(proxy_strength, "proxy_strength", low=0, high=1)
    shift = check_real(shift, "shift", low=0)
    check_in(shift_kind, SHIFT_KINDS, "shift_kind")
    months = check_integer(months, "months", low=1)
    if shift_start is None:
        shift_start = months // 2
    shift_start = check_integer(shift_start, "shift_start", low=0, high=months - 1)

    rng = np.random.default_rng(random_state)
    months_idx = np.sort(rng.integers(0, months, size=n))
    post = (months_idx >= shift_start).astype(float)
    knobs = dict(minority_share=minority_share, proxy_strength=proxy_strength, shift=shift)
    sim = _simulate(rng, n, months_idx, post, shift_kind=shift_kind, **knobs)

    if shift_kind == "prior" and shift > 0 and post.any():
        # Prior (label) shift: keep P(x | y), move P(y). Draw a pool of later-month learners
        # from the unshifted generator and resample it to the target share of completers.
        is_post = post.astype(bool)
        n_post = int(is_post.sum())
        pool_size = 6 * n_post
        pool_months = rng.choice(months_idx[is_post], size=pool_size, replace=True)
        pool = _simulate(
            rng, pool_size, pool_months, np.ones(pool_size), shift_kind="prior", **knobs
        )
        pre_rate = sim["completed_true"][~is_post].mean() if (~is_post).any() else 0.5
        pre_rate = float(np.clip(pre_rate, 0.05, 0.95))
        odds = pre_rate / (1 - pre_rate) * np.exp(-shift)
        n_pos = int(round(n_post * odds / (1 + odds)))
        pos = np.flatnonzero(pool["completed_true"] == 1)
        neg = np.flatnonzero(pool["completed_true"] == 0)
        n_pos = min(n_pos, len(pos))
        chosen = np.concatenate(
            [rng.choice(pos, n_pos, replace=False), rng.choice(neg, n_post - n_pos, replace=False)]
        )
        rng.shuffle(chosen)  # so that labels are not ordered within a month
        chosen = chosen[np.argsort(pool["enrol_month"][chosen], kind="stable")]
        for key in sim:
            sim[key] = np.concatenate([sim[key][~is_post], pool[key][chosen]])

    # Recorded label: historical assessors failed to credit some first-gen completers.
    completed = sim["completed_true"].copy()
    eligible = np.flatnonzero(sim["first_gen"] & (completed == 1))
    n_flip = int(round(label_bias * len(eligible)))
    if n_flip:
        order = eligible[np.argsort(sim["u_label"][eligible], kind="stable")]
        completed[order[:n_flip]] = 0

    # Identity columns (drawn after the knobs, so they never depend on them except
    # through gender/age, which no knob touches).
    gender_idx = sim["gender_idx"]
    first = np.empty(n, dtype=object)
    for g, names in enumerate((FIRST_NAMES_F, FIRST_NAMES_M, FIRST_NAMES_X)):
        mask = gender_idx == g
        first[mask] = np.asarray(names, dtype=object)[rng.integers(0, len(names), mask.sum())]
    last = np.asarray(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    name = first + " " + last
    month_start = (
        START_DATE.astype("datetime64[M]") + np.asarray(sim["enrol_month"], dtype=np.int64)
    ).astype("datetime64[D]")
    enrol_date = month_start + rng.integers(0, 28, n)
    # Birth date such that the age at enrolment is exactly `age`.
    days_into_year = rng.integers(1, 365, n)
    # The enrolment date `age` years earlier (same month and day; days are at most the 28th, so
    # the date always exists), then `days_into_year` days before it.
    enrol_month = enrol_date.astype("datetime64[M]")
    day_of_month = enrol_date - enrol_month.astype("datetime64[D]")
    birth = (
        (enrol_month - 12 * np.asarray(sim["age"], dtype=np.int64)).astype("datetime64[D]")
        + day_of_month
        - days_into_year
    )
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    e_years = enrol_date.astype("datetime64[Y]").astype(int) + 1970
    before = (
        pd.DatetimeIndex(birth).strftime("%m-%d").to_numpy()
        > pd.DatetimeIndex(enrol_date).strftime("%m-%d").to_numpy()
    )
    age = (e_years - years - before).astype(np.int64)

    df = pd.DataFrame(
        {
            "learner_id": pd.array([f"L{i:05d}" for i in range(1, n + 1)], dtype="str"),
            "name": pd.array(name.astype(str), dtype="str"),
            "birth_date": pd.to_datetime(birth).as_unit("s"),
            "age": age,
            "gender": pd.Categorical.from_codes(gender_idx, categories=list(GENDERS)),
            "district": pd.Categorical.from_codes(sim["district_idx"], categories=list(DISTRICTS)),
            "background": pd.Categorical.from_codes(
                sim["first_gen"].astype(np.int8), categories=list(BACKGROUNDS)
            ),
            "enrol_month": sim["enrol_month"].astype(np.int64),
            "prior_courses": sim["prior_courses"],
            "hours_per_week": sim["hours_per_week"].astype(np.float64),
            "quiz_avg": sim["quiz_avg"].astype(np.float64),
            "forum_posts": sim["forum_posts"],
            "device": pd.Categorical.from_codes(
                sim["mobile"].astype(np.int8), categories=list(DEVICES)
            ),
            "district_deprivation": sim["deprivation"].astype(np.float64),
            "completed_true": sim["completed_true"].astype(np.int64),
            "completed": completed.astype(np.int64),
        }
    )
    return df


def make_directory(df: pd.DataFrame, *, coverage: float = 0.6, random_state: int = 0,
                   keep_id: bool = False) -> pd.DataFrame:
    """Build a public auxiliary table ("directory") for the linkage-attack lesson.

    It lists name, birth date, district and gender of a random `coverage` share of the
    learners in `df`, plus a few people who are not learners (5 % of the listed count),
    shuffled and without ``learner_id`` — like a voter roll or alumni directory that an
    attacker can join to a "de-identified" release on the quasi-identifiers
    ``birth_date``, ``district`` and ``gender``.

    Parameters
    ----------
    df : pandas.DataFrame
        A frame from :func:`make_case_study` (needs ``name``, ``birth_date``, ``district``,
        ``gender``).
    coverage : float, default 0.6
        Share of learners listed, strictly between 0 and 1.
    random_state : int, default 0
        Seed for :func:`numpy.random.default_rng`.
    keep_id : bool, default False
        Also keep a hidden ``learner_id`` column (missing for non-learners), for scoring a
        linkage attack by identity (``linkage_attack(..., id_col="learner_id")``); the same
        seed gives the same rows either way.

    Returns
    -------
    pandas.DataFrame
        Columns ``name`` (str), ``birth_date`` (datetime64[s]), ``district`` (category),
        ``gender`` (category), and ``learner_id`` (str) if `keep_id`, default RangeIndex.

    Raises
    ------
    TypeError, ValueError
        If `df` is not a case-study frame or `coverage` is not in (0, 1).
    """
    cols = ["name", "birth_date", "district", "gender"]
    check_columns(df, cols, "df", message=_NOT_A_CASE_STUDY)  # a DataFrame with rows first
    coverage = check_real(coverage, "coverage", low=0, high=1, closed="neither")
    rng = np.random.default_rng(random_state)
    k = max(1, int(round(coverage * len(df))))
    if keep_id:
        check_columns(df, ["learner_id"], "df", message=_NOT_A_CASE_STUDY)
    keep = cols + ["learner_id"] if keep_id else cols
    listed = df[keep].iloc[np.sort(rng.choice(len(df), size=k, replace=False))]
    n_extra = max(1, int(round(0.05 * k)))
    extra_gender = rng.choice(3, size=n_extra, p=GENDER_P)
    first = [
        (FIRST_NAMES_F, FIRST_NAMES_M, FIRST_NAMES_X)[g][
            rng.integers(0, len((FIRST_NAMES_F, FIRST_NAMES_M, FIRST_NAMES_X)[g]))
        ]
        for g in extra_gender
    ]
    last = np.asarray(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n_extra)]
    birth = np.datetime64("1950-01-01", "D") + rng.integers(0, 365 * 55, n_extra)
    extra = pd.DataFrame(
        {
            "name": pd.array([f"{f} {la}" for f, la in zip(first, last, strict=True)], dtype="str"),
            "birth_date": pd.to_datetime(birth).as_unit("s"),
            "district": pd.Categorical.from_codes(
                rng.integers(0, len(DISTRICTS), n_extra), categories=list(DISTRICTS)
            ),
            "gender": pd.Categorical.from_codes(extra_gender, categories=list(GENDERS)),
        }
    )
    out = pd.concat([listed, extra], ignore_index=True)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out["district"] = pd.Categorical(out["district"], categories=list(DISTRICTS))
    out["gender"] = pd.Categorical(out["gender"], categories=list(GENDERS))
    if keep_id:
        out["learner_id"] = pd.array(out["learner_id"].astype(object), dtype="str")
    return out


def true_completion_chance(df: pd.DataFrame, *, extra_forum_posts: float = 0.0) -> np.ndarray:
    """The generator's true chance of completing, for learners of the case study.

    Known only because the data are synthetic: it is the logistic rule that
    :func:`make_case_study` draws ``completed_true`` from (without concept shift), with
    different weights for the two ``background`` groups. No real platform knows it.

    Parameters
    ----------
    df : pandas.DataFrame
        Learners with the columns ``background``, ``quiz_avg``, ``hours_per_week``,
        ``prior_courses``, ``forum_posts`` and ``device``.
    extra_forum_posts : float, default=0.0
        Forum posts added to every learner's ``forum_posts`` before the chance is computed
        (a what-if that assumes added posts act like those in the data).

    Returns
    -------
    numpy.ndarray
        One probability per row of `df`.

    Examples
    --------
    >>> from responsible_ml.data import make_case_study, true_completion_chance
    >>> learners = make_case_study(n=500, random_state=0)
    >>> chance = true_completion_chance(learners)
    >>> bool(((chance > 0) & (chance < 1)).all())
    True
    """
    check_columns(df, ["background", "quiz_avg", "hours_per_week", "prior_courses",
                       "forum_posts", "device"], "df")
    extra = check_real(extra_forum_posts, "extra_forum_posts")
    first_gen = (df["background"] == "first_gen").to_numpy()
    logit = (0.2 + 0.04 * (df["quiz_avg"].to_numpy() - 62.0)
             + 0.12 * (df["hours_per_week"].to_numpy() - 8.0)
             + np.where(first_gen, -0.4, 1.0) * (df["prior_courses"].to_numpy() - 1.0)
             + np.where(first_gen, 0.7, -0.1) * (df["forum_posts"].to_numpy() + extra - 2.5)
             - 0.4 * (df["device"] == "mobile").to_numpy())
    return _sigmoid(logit)

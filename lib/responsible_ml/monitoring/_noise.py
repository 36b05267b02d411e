"""How noisy are the monitors when nothing changed? Multiple tests, PSI's floor, gap alarms.

- :func:`adjust_pvalues` — Bonferroni or Benjamini–Hochberg over many drift tests
  (5 features × 18 windows of KS tests give several p < 0.05 on a stream without drift).
- :func:`psi_noise_floor` — the PSI two *independent* samples of the same population give
  by chance. With ``k`` bins, a reference of ``m`` rows and a current sample of ``n`` rows,
  PSI (the Jeffreys divergence of the binned shares) is approximately
  ``(1/n + 1/m) · χ²(k − 1)`` under no drift, so its mean is about ``(k − 1)(1/n + 1/m)``.
- :func:`gap_false_alarms` — the chance that an alert on a *gap between group rates*
  (e.g. the monthly TPR gap) fires on a stream whose true gap is ``true_gap``, for a given
  limit and persistence, by simulating the binomial noise of the monthly rates.
- :data:`COURSE_ALERT_RULES` — the one alert rule set lessons 06 and 07 use, whose levels
  and persistence were chosen from these noise figures (see lesson 06, section 4).
"""

from __future__ import annotations

import numpy as np
from scipy import stats as _stats

from .._validation import check_integer, check_probability, exceeds
from ..fairness import group_gap
from ..fairness._engine import group_rates_from_counts

__all__ = [
    "adjust_pvalues",
    "psi_noise_floor",
    "gap_false_alarms",
    "COURSE_PSI_LIMIT",
    "COURSE_GAP_LIMIT",
    "COURSE_PERSISTENCE",
    "COURSE_SELECTION_SHIFT",
    "course_alert_rules",
]

_BAD_METHOD = "method must be 'bonferroni' or 'bh' (Benjamini–Hochberg), got {value!r}"


def adjust_pvalues(pvalues, method: str = "bh") -> np.ndarray:
    """Adjusted p-values for many simultaneous tests (NaN entries are left out and kept NaN).

    Parameters
    ----------
    pvalues : array-like of float
    method : {"bh", "bonferroni"}
        ``"bonferroni"``: ``min(1, m·p)`` — controls the chance of *any* false alarm (the
        family-wise error rate). ``"bh"``: Benjamini & Hochberg (1995), via
        :func:`scipy.stats.false_discovery_control` — controls the expected *share* of
        false alarms among the alarms (the false discovery rate).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values; compare them with the usual 0.05.
    """
    if method not in ("bh", "bonferroni"):
        raise ValueError(_BAD_METHOD.format(value=method))
    p = np.asarray(pvalues, float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    if method == "bonferroni":
        out[ok] = np.minimum(1.0, p[ok] * ok.sum())
    else:
        out[ok] = _stats.false_discovery_control(p[ok], method="bh")
    return out


def psi_noise_floor(n_current: int, n_reference: int, *, bins: int = 10,
                    quantile: float = 0.99) -> dict:
    """PSI expected by chance between two independent samples of one population.

    Parameters
    ----------
    n_current, n_reference : int
        Sample sizes (a month of production, the training data).
    bins : int, default 10
        Number of bins actually used (fewer for a feature with few distinct values).
    quantile : float, default 0.99
        Upper quantile to report.

    Returns
    -------
    dict
        ``mean`` ≈ (bins − 1)(1/n + 1/m) and ``quantile`` (the chi-square approximation),
        the inputs echoed back.
    """
    n = check_integer(n_current, "n_current", low=1)
    m = check_integer(n_reference, "n_reference", low=1)
    k = check_integer(bins, "bins", low=2)
    q = check_probability(quantile, "quantile")
    scale = 1 / n + 1 / m
    return {"mean": (k - 1) * scale, "quantile": float(_stats.chi2.ppf(q, k - 1) * scale),
            "level": q, "n_current": n, "n_reference": m, "bins": k}


def gap_false_alarms(n_positives, *, rate: float, limit: float, persistence: int,
                     months: int = 12, true_gap: float = 0.0, gap_group: int = 0,
                     n_draws: int = 2000, random_state: int = 0) -> dict:
    """How often a gap alert fires by chance: simulate monthly group rates from binomials.

    Each month, group ``j`` has ``n_positives[j]`` learners who complete; each is offered a
    mentor with probability ``rate``, except group ``gap_group`` (the disadvantaged group),
    which gets ``rate − true_gap``. The monthly
    gap is highest minus lowest observed TPR; the alert fires when the gap exceeds `limit`
    in `persistence` consecutive months.

    Parameters
    ----------
    n_positives : sequence of int
        Completers per group and month (e.g. 191 and 60).
    rate : float
        Common true TPR.
    limit : float
        Alert level of the gap.
    persistence : int
        Consecutive breaching months needed to fire.
    months : int, default 12
        Horizon (one year).
    true_gap : float, default 0
        0 gives the false-alarm rate; a positive value the detection rate.
    gap_group : int, default 0
        Position in `n_positives` of the group whose rate is lowered by `true_gap` (put the
        real gap on the group the scenario harms; its size matters for the noise).
    n_draws : int, default 2000
        Simulated horizons.
    random_state : int, default 0

    Returns
    -------
    dict
        ``p_breach`` (share of months above the limit), ``p_fire`` (share of horizons with
        at least one alert), ``mean_first_month`` (mean month of the first alert among
        horizons that fire, 1-based; NaN if none) and ``se_gap`` (SD of the monthly gap
        difference, from the binomial variances).
    """
    sizes = [check_integer(v, "n_positives", low=1) for v in n_positives]
    rate = check_probability(rate, "rate")
    limit = float(limit)
    persistence = check_integer(persistence, "persistence", low=1)
    months = check_integer(months, "months", low=1)
    n_draws = check_integer(n_draws, "n_draws", low=1)
    rng = np.random.default_rng(random_state)
    gap_group = check_integer(gap_group, "gap_group", low=0)
    if gap_group >= len(sizes):
        raise ValueError(f"gap_group must index n_positives (0 to {len(sizes) - 1}), "
                         f"got {gap_group}")
    rates = np.full(len(sizes), rate, dtype=float)
    rates[gap_group] -= true_gap
    hits = np.stack([rng.binomial(n, r, size=(n_draws, months))
                     for n, r in zip(sizes, rates, strict=True)], axis=-1)  # draws × months × groups
    # every simulated month is one "candidate" of the engine: tp = hits, fn = n - hits
    counts = np.zeros((n_draws * months, len(sizes), 4), dtype=np.int64)
    counts[..., 3] = hits.reshape(-1, len(sizes))
    counts[..., 2] = np.asarray(sizes) - counts[..., 3]
    table = group_rates_from_counts(counts, [f"group {i}" for i in range(len(sizes))],
                                    min_group_size=1)
    gap = group_gap(table, "tpr")["difference"].to_numpy(float).reshape(n_draws, months)
    breach = exceeds(gap, limit)
    streak = np.zeros((n_draws,), int)
    first = np.full(n_draws, -1)
    for t in range(months):
        streak = np.where(breach[:, t], streak + 1, 0)
        first = np.where((first < 0) & (streak >= persistence), t + 1, first)
    fired = first > 0
    se = float(np.sqrt(sum(r * (1 - r) / n for n, r in zip(sizes, rates, strict=True))))
    return {"p_breach": float(breach.mean()), "p_fire": float(fired.mean()),
            "mean_first_month": float(first[fired].mean()) if fired.any() else float("nan"),
            "se_gap": se}


#: Input drift: PSI of any input above 0.25 — "major shift" in the credit-scoring rule of
#: thumb and several times the noise floor of a month of ~500 learners (lesson 06).
COURSE_PSI_LIMIT = 0.25
#: Prediction drift: PSI of the model's scores above 0.10.
COURSE_SCORE_PSI_LIMIT = 0.10
#: The board's limit on the TPR gap between groups (lesson 06's gate, lesson 07's capstone).
COURSE_GAP_LIMIT = 0.10
#: Consecutive monthly windows before an alert pages: chosen in lesson 06 from
#: :func:`gap_false_alarms` so that a gap alert on a stream with no gap fires in well under
#: one year in ten.
COURSE_PERSISTENCE = 3
#: Label-free fairness signal: the selection-rate gap moving more than this from its
#: value at release.
COURSE_SELECTION_SHIFT = 0.10


def course_alert_rules(*, selection_gap_baseline: float | None = None,
                       persistence: int = COURSE_PERSISTENCE) -> tuple:
    """The course's alert rules (one set for lessons 06 and 07).

    Parameters
    ----------
    selection_gap_baseline : float, optional
        The selection-rate gap at release; adds the label-free rule "selection gap above
        baseline + :data:`COURSE_SELECTION_SHIFT`" (column ``selection_gap``).
    persistence : int
        Consecutive windows (default :data:`COURSE_PERSISTENCE`).

    Returns
    -------
    tuple of AlertRule
    """
    from ._windows import AlertRule

    rules = [AlertRule("input drift (largest feature PSI)", "psi_max", COURSE_PSI_LIMIT,
                       persistence),
             AlertRule("prediction drift (score PSI)", "psi_score", COURSE_SCORE_PSI_LIMIT,
                       persistence)]
    if selection_gap_baseline is not None:
        rules.append(AlertRule("selection-rate gap (no labels)", "selection_gap",
                               float(selection_gap_baseline) + COURSE_SELECTION_SHIFT,
                               persistence))
    rules.append(AlertRule("TPR gap between groups", "tpr_gap", COURSE_GAP_LIMIT, persistence))
    return tuple(rules)


COURSE_ALERT_RULES = course_alert_rules()

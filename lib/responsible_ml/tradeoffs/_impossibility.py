"""The impossibility results: which fairness conditions cannot all hold, and under which conditions.

- Chouldechova (*Fair prediction with disparate impact*, 2017): if base rates differ between
  groups, a binary classifier (a thresholded decision) cannot have equal PPV (predictive parity)
  AND equal FPR AND equal FNR across groups, unless it is perfect. Her identity, in every group,

      FPR = p / (1 - p) · (1 - PPV) / PPV · (1 - FNR)

  where p is the group's base rate and PPV its precision, makes it concrete: equal PPV and
  equal FNR with different p force different FPRs, except in degenerate cases: no false
  positives in both groups (FPR = 0 and PPV = 1, as for a perfect classifier) or no true
  positives in both (FNR = 1). Equal FNR *alone* forces nothing about PPV: it only means PPV
  and FPR cannot BOTH be equal.
- Kleinberg, Mullainathan & Raghavan (*Inherent Trade-Offs in the Fair Determination of Risk
  Scores*, 2016/2017): a risk *score* cannot be calibrated within groups AND balanced for the
  positive class AND balanced for the negative class (equal mean score among positives, and
  among negatives, across groups) unless base rates are equal or prediction is perfect.
- What remains possible: deterministic per-group thresholds on a score can in general equalise
  ONE error rate of the decisions (e.g. the TPR: equal opportunity). Equalising both FPR and FNR
  (equalised odds) in general needs a RANDOMISED derived predictor that mixes two thresholds in
  one group (Hardt, Price & Srebro 2016 post-processing), at a cost in accuracy; calibration is
  not needed for this and is in general lost. With base rates different and an imperfect
  classifier, the equalised-odds decisions' PPV then differ (Chouldechova). "Sufficiency and
  separation cannot both hold" — unless base rates are equal or the predictor is perfect
  (Barocas, Hardt & Narayanan, *Fairness and Machine Learning*, ch. 3). For a binary decision,
  sufficiency means equal PPV *and* equal P(y = 1 | ŷ = 0); no false positives alone
  (predictive parity plus separation) does not give it.

Calibration is a property of the score at every level; equal PPV is a property of one
threshold, and calibration does not imply it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    check_at_least_two_groups,
    check_binary,
    check_integer,
    check_same_length,
    check_scores,
)
from ..explain._model_card import frame_to_markdown
from ..fairness import group_gap, metrics_by_group
from ..fairness._engine import INTERSECTION_SEP, encode_groups, group_rates

__all__ = [
    "implied_fpr",
    "calibration_by_group",
    "calibration_gap",
    "impossibility_demo",
]

_BAD_RATE = "{name} must lie strictly between 0 and 1, got {value!r}"
_BAD_PPV = "{name} must lie in (0, 1], got {value!r}"


def _groups(sensitive_features) -> tuple[np.ndarray, np.ndarray]:
    groups = check_at_least_two_groups(sensitive_features, "sensitive_features")
    values = np.asarray(
        sensitive_features.to_numpy() if hasattr(sensitive_features, "to_numpy") else sensitive_features, dtype=object
    ).ravel()
    return groups, values


def _impossibility_rates(y_true, y_pred, *, sensitive_features) -> pd.DataFrame:
    """Base rate, precision and error rates of a decision in each group, and the implied FPR.

    The rates come from the engine (:func:`responsible_ml.fairness.metrics_by_group`).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Outcomes and decisions.
    sensitive_features : array-like
        Group of each row (at least two groups).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), columns ``count``, ``base_rate``, ``selection_rate``,
        ``ppv`` (precision), ``fpr``, ``fnr`` and ``implied_fpr`` (Chouldechova's identity
        from base rate, PPV and FNR — equal to ``fpr`` whenever it is defined). Rates with
        an empty denominator are NaN.

    Examples
    --------
    >>> t = _impossibility_rates([1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0],
    ...                         sensitive_features=list("aaabbb"))
    >>> float(t.loc["a", "fpr"]), round(float(t.loc["b", "base_rate"]), 3)
    (1.0, 0.667)
    """
    rates = metrics_by_group(y_true, y_pred, sensitive_features=sensitive_features,
                             min_group_size=1)
    table = rates[["count", "base_rate", "selection_rate", "precision", "fpr", "fnr"]].rename(
        columns={"precision": "ppv"})
    table.index.name = "group"
    base = table["base_rate"].to_numpy()
    ppv = table["ppv"].to_numpy()
    defined = (base > 0) & (base < 1) & (ppv > 0) & ~np.isnan(ppv)
    implied = np.full(len(table), np.nan)
    implied[defined] = implied_fpr(base[defined], ppv[defined], table["fnr"].to_numpy()[defined])
    table["implied_fpr"] = implied
    return table


def implied_fpr(base_rate, ppv, fnr):
    """False-positive rate forced by a base rate, a precision and a false-negative rate.

    Chouldechova (2017), eq. (2.6): ``FPR = p/(1-p) · (1-PPV)/PPV · (1-FNR)``.

    Parameters
    ----------
    base_rate : float or array-like
        Share of positives, strictly between 0 and 1.
    ppv : float or array-like
        Precision of the decision, in (0, 1].
    fnr : float or array-like
        False-negative rate, in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> round(implied_fpr(0.5, 0.6, 0.3), 4), round(implied_fpr(0.3, 0.6, 0.3), 4)
    (0.4667, 0.2)
    """
    p = np.asarray(base_rate, dtype=float)
    ppv_ = np.asarray(ppv, dtype=float)
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError(_BAD_RATE.format(name="base_rate", value=base_rate))
    if np.any((ppv_ <= 0) | (ppv_ > 1)):
        raise ValueError(_BAD_PPV.format(name="ppv", value=ppv))
    out = p / (1 - p) * (1 - ppv_) / ppv_ * (1 - np.asarray(fnr, dtype=float))
    return float(out) if out.ndim == 0 else out


def calibration_by_group(y_true, scores, *, sensitive_features,
                         bins: int | None = 10) -> pd.DataFrame:
    """Observed outcome rate per score bin, within each group (a reliability table).

    Parameters
    ----------
    y_true : array-like of 0/1
        Outcomes.
    scores : array-like of float
        Risk scores or probabilities.
    sensitive_features : array-like
        Group of each row.
    bins : int or None, default 10
        ``None``: one bin per distinct score (for discrete scores such as COMPAS deciles);
        an integer ``k``: the ``k`` quantile bins of all scores together (the same bin edges
        for every group, so rows compare like with like).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (group, bin) with rows: columns ``group``, ``bin`` (the
        distinct score, or the bin number 1..k), ``count``, ``mean_score``,
        ``observed_rate``.
    """
    y = check_binary(y_true, "y_true")
    s = check_scores(scores, unit_interval=False)
    check_same_length(y, s, "y_true", "scores")
    check_same_length(y, sensitive_features, "y_true", "sensitive_features")
    groups, values = _groups(sensitive_features)
    if bins is None:  # one bin per distinct score
        b = s
    else:
        bins = check_integer(bins, "bins", low=2)
        edges = np.unique(np.quantile(s, np.linspace(0, 1, bins + 1)))
        b = np.clip(np.searchsorted(edges, s, side="right"), 1, len(edges) - 1).astype(int)
    frame = pd.DataFrame({"group": values, "bin": b, "y": y, "s": s})
    out = (frame.groupby(["group", "bin"], sort=False)
           .agg(count=("y", "size"), mean_score=("s", "mean"))
           .reset_index())
    # the observed rate of each (group, bin) cell is the engine's base rate of the cell
    cells = encode_groups(frame[["group", "bin"]], name="group × bin")
    rates = group_rates(y, y, cells, min_group_size=1)["base_rate"]
    out["observed_rate"] = rates.loc[
        (out["group"].astype(str) + INTERSECTION_SEP + out["bin"].astype(str)).to_numpy()
    ].to_numpy(float)
    order = {g: i for i, g in enumerate(groups)}
    out["_g"] = out["group"].map(order)
    out = out.sort_values(["_g", "bin"]).drop(columns="_g").reset_index(drop=True)
    if bins is None and np.all(np.mod(out["bin"], 1) == 0):
        out["bin"] = out["bin"].astype(np.int64)
    return out


def calibration_gap(calibration: pd.DataFrame, min_count: int = 30) -> float:
    """Count-weighted mean absolute difference between groups' observed rates in a bin.

    For each bin where every group has at least `min_count` rows, take the largest minus the
    smallest group's observed rate; average these over bins, weighted by the bin's rows.
    This is a *between-group* statistic (sufficiency, or "calibration by group"): small when
    a score of 7 means the same observed risk whatever the group. It is not the within-group
    calibration error (observed rate minus mean score), which needs probability scores.

    Parameters
    ----------
    calibration : pandas.DataFrame
        Output of :func:`calibration_by_group`.
    min_count : int, default 30
        Bins where a group has fewer rows are skipped (their rates are noise).

    Returns
    -------
    float
        NaN when no bin qualifies.
    """
    wide = calibration.pivot(index="bin", columns="group", values="observed_rate")
    counts = calibration.pivot(index="bin", columns="group", values="count")
    ok = (counts.fillna(0) >= min_count).all(axis=1)
    if not ok.any():
        return float("nan")
    # the gap of each qualifying bin: the engine's gap rule over the groups' observed rates
    spread = [group_gap(wide.loc[[b]].T.set_axis(["base_rate"], axis=1), "base_rate",
                        undefined="ignore").difference
              for b in wide.index[ok]]
    weight = counts.sum(axis=1)[ok]
    return float(np.average(spread, weights=weight))


@dataclass(frozen=True)
class ImpossibilityDemo:
    """The two halves of the impossibility result on one data set.

    Attributes
    ----------
    rates : pandas.DataFrame
        :func:`_impossibility_rates` of the thresholded decision.
    calibration : pandas.DataFrame
        :func:`calibration_by_group` of the scores.
    calibration_gap : float
        :func:`calibration_gap`: between-group difference of observed rates at the same
        score (small: close to sufficiency).
    threshold : float
        Decision rule ``score >= threshold``.
    """

    rates: pd.DataFrame
    calibration: pd.DataFrame
    calibration_gap: float
    threshold: float

    @property
    def calibration_noise(self) -> float:
        """What :attr:`calibration_gap` would be from sampling noise alone (two groups).

        Under exact sufficiency both groups share each bin's pooled rate p; the expected
        absolute difference of their observed rates is about sqrt(2/pi) times its standard
        error sqrt(p (1 - p) (1/n1 + 1/n2)). Averaged like :func:`calibration_gap` over bins
        where both groups have at least 30 rows, weighted by the bin's rows. NaN unless there
        are exactly two groups.
        """
        counts = self.calibration.pivot(index="bin", columns="group", values="count")
        rates = self.calibration.pivot(index="bin", columns="group", values="observed_rate")
        if counts.shape[1] != 2:
            return float("nan")
        ok = (counts.fillna(0) >= 30).all(axis=1)
        if not ok.any():
            return float("nan")
        n = counts[ok].astype(float)
        pooled = (rates[ok] * n).sum(axis=1) / n.sum(axis=1)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n).sum(axis=1))
        return float(np.average(np.sqrt(2 / np.pi) * se, weights=n.sum(axis=1)))

    @property
    def base_rate_gap(self) -> float:
        """Largest minus smallest group base rate."""
        return group_gap(self.rates, "base_rate", undefined="ignore").difference

    @property
    def fpr_gap(self) -> float:
        """Largest minus smallest group false-positive rate."""
        return group_gap(self.rates, "fpr", undefined="ignore").difference

    @property
    def fnr_gap(self) -> float:
        """Largest minus smallest group false-negative rate."""
        return group_gap(self.rates, "fnr", undefined="ignore").difference

    def summary(self) -> str:
        """One paragraph in plain words with the numbers.

        Differences of rates are given in percentage points from the unrounded rates (base
        rates of 0.5143 against 0.3936 differ by 12.1 points, not by 12 %).
        """
        def points(x: float) -> str:
            return f"{100 * x:.1f} percentage points"

        base = self.rates["base_rate"].dropna()
        noise = self.calibration_noise
        yardstick = ("" if not np.isfinite(noise) else
                     f"; sampling noise alone would give about {points(noise)} with these bin "
                     "sizes")
        return (
            f"Base rates differ by {points(self.base_rate_gap)} (from the unrounded rates "
            f"{base.max():.4f} and {base.min():.4f}). At the same score, the groups' "
            f"observed outcome rates differ by {points(self.calibration_gap)} on average per "
            f"bin (bins with at least 30 rows per group{yardstick}), yet at "
            f"score >= {self.threshold:g} the false-positive rates differ by "
            f"{points(self.fpr_gap)} and the false-negative rates by {points(self.fnr_gap)}."
        )

    def to_markdown(self) -> str:
        """The rates table as Markdown, followed by the summary."""
        return frame_to_markdown(self.rates, index=True) + "\n\n" + self.summary()


def impossibility_demo(y_true, scores, *, sensitive_features, threshold: float,
                       bins: int | None = 10, min_count: int = 30) -> ImpossibilityDemo:
    """Calibration by group (sufficiency) vs equal error rates, on one score.

    Parameters
    ----------
    y_true : array-like of 0/1
        Outcomes.
    scores : array-like of float
        Risk scores (probabilities, or discrete scores such as COMPAS deciles).
    sensitive_features : array-like
        Group of each row.
    threshold : float
        The decision is ``score >= threshold``.
    bins : int or None, default 10
        Calibration bins (see :func:`calibration_by_group`).
    min_count : int, default 30
        Minimum rows per group in a bin for :func:`calibration_gap`.

    Returns
    -------
    ImpossibilityDemo

    Examples
    --------
    On COMPAS (ProPublica, *Machine Bias*, 2016), "high risk" is decile score ≥ 5::

        c = load_compas()
        two = c[c["race"].isin(["African-American", "Caucasian"])]
        demo = impossibility_demo(two["two_year_recid"], two["decile_score"],
                                  sensitive_features=two["race"].astype(str), threshold=5,
                                  bins=None)
    """
    s = check_scores(scores, unit_interval=False)
    pred = (s >= float(threshold)).astype(np.int64)
    rates = _impossibility_rates(y_true, pred, sensitive_features=sensitive_features)
    calib = calibration_by_group(y_true, s, sensitive_features=sensitive_features, bins=bins)
    return ImpossibilityDemo(rates=rates, calibration=calib,
                             calibration_gap=calibration_gap(calib, min_count=min_count),
                             threshold=float(threshold))

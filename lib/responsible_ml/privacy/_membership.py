"""Membership inference: can an attacker tell who was in a model's training data?

The question was posed for machine-learning models by Shokri, Stronati, Song & Shmatikov
(*Membership Inference Attacks Against Machine Learning Models*, IEEE S&P 2017). The simplest attack (Yeom et al., *Privacy Risk in Machine Learning*, 2018) looks at the
model's **loss** on a person's record: models fit their training examples better than new
ones, so "low loss" suggests "was in the training set". The attacker guesses *member* when
the loss is below a threshold. Its **advantage** is the best ``TPR - FPR`` over thresholds
(0 = no better than a coin, 1 = tells members apart perfectly); the ROC AUC of the loss as
a member score summarises all thresholds at once (0.5 = no leak).

Two cautions. The *best* threshold is chosen on the same records it is scored on, so the
advantage is biased upwards: read it against a chance level
(:func:`responsible_ml.privacy.membership_null`). And an average over all records can hide a
few people who are exposed with near certainty: Carlini et al. (*Membership Inference Attacks
From First Principles*, IEEE S&P 2022, the LiRA attack) ask for the **true-positive rate at a
low false-positive rate** (:meth:`MembershipResult.tpr_at_fpr`; a coin gets TPR = FPR).
This loss threshold is a weak attack; LiRA, with shadow models, is much stronger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve

from .._validation import check_binary, check_same_length

__all__ = ["membership_inference"]

_EMPTY_SET = "{name} is empty: the attack needs records of both members and non-members"

_EPS = 1e-6


def per_example_loss(model, X, y) -> np.ndarray:
    """Cross-entropy ``-ln p(true label)`` of each record under a fitted classifier.

    Probabilities are clipped to [1e-6, 1 - 1e-6] so a perfect fit gives a finite loss.

    Parameters
    ----------
    model : fitted classifier
        Has ``predict_proba`` (and ``classes_``; ``[0, 1]`` assumed without it).
    X : array-like or pandas.DataFrame
        The records, one row per label in `y`.
    y : array-like of 0/1 or bool
        The true labels.

    Returns
    -------
    numpy.ndarray
        One non-negative loss per record.

    Raises
    ------
    ValueError
        If `y` is not binary (``NOT_BINARY``) or empty (``_EMPTY_SET``), or `X` and `y`
        differ in length (``LENGTH_MISMATCH``).
    """
    y = check_binary(y, "y")
    if len(y) == 0:
        raise ValueError(_EMPTY_SET.format(name="y"))
    proba = np.asarray(model.predict_proba(X))
    check_same_length(proba, y, "X", "y")
    classes = list(getattr(model, "classes_", [0, 1]))
    p_true = proba[np.arange(len(y)), [classes.index(v) for v in y]]
    return -np.log(np.clip(p_true, _EPS, 1 - _EPS))


@dataclass(frozen=True)
class MembershipResult:
    """Outcome of a loss-threshold membership-inference attack.

    Attributes
    ----------
    auc : float
        ROC AUC of "low loss ⇒ member" (0.5 = no leak).
    advantage : float
        Best TPR - FPR over thresholds (0 = no leak, 1 = total).
    threshold : float
        The loss threshold achieving `advantage` (guess member when loss ≤ threshold).
    member_loss, nonmember_loss : float
        Mean loss of members / non-members.
    member_accuracy, nonmember_accuracy : float
        The model's accuracy on members (training data) and non-members (unseen data).
    member_losses, nonmember_losses : numpy.ndarray
        The per-record losses (for a histogram).
    """

    auc: float
    advantage: float
    threshold: float
    member_loss: float
    nonmember_loss: float
    member_accuracy: float
    nonmember_accuracy: float
    member_losses: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    nonmember_losses: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))

    def tpr_at_fpr(self, fpr: float = 0.01) -> float:
        """True-positive rate of "member when loss ≤ t" at a false-positive rate of `fpr`.

        Records with equal losses cannot be told apart by a threshold; between two thresholds
        the attacker can flag the tied records at random, so the ROC curve is interpolated
        linearly (the usual convention).

        Parameters
        ----------
        fpr : float, default 0.01
            The false-positive rate allowed, in (0, 1). A coin reaches TPR = `fpr`.

        Returns
        -------
        float
            The best true-positive rate at that false-positive rate.
        """
        from .._validation import check_real

        fpr = check_real(fpr, "fpr", low=0, high=1, closed="neither")
        members = np.sort(self.member_losses)
        others = np.sort(self.nonmember_losses)
        grid = np.unique(np.r_[members, others])
        f = np.r_[0.0, np.searchsorted(others, grid, side="right") / others.size]
        t = np.r_[0.0, np.searchsorted(members, grid, side="right") / members.size]
        xs = np.unique(f)
        best = np.array([t[f == x].max() for x in xs])
        return float(np.interp(fpr, xs, best))

    @property
    def generalisation_gap(self) -> float:
        """Accuracy on members minus accuracy on non-members (over-fitting)."""
        return self.member_accuracy - self.nonmember_accuracy


def membership_inference(model, X_members, y_members, X_nonmembers, y_nonmembers
                         ) -> MembershipResult:
    """Attack `model` with a loss threshold: members vs non-members.

    Parameters
    ----------
    model : fitted classifier with ``predict_proba``
    X_members, y_members
        Records the model was trained on (or a sample of them).
    X_nonmembers, y_nonmembers
        Records from the same population the model never saw (ideally as many).

    Returns
    -------
    MembershipResult

    Raises
    ------
    ValueError
        If either set is empty (:data:`EMPTY_SET`) or labels are not 0/1.
    """
    for name, y in (("y_members", y_members), ("y_nonmembers", y_nonmembers)):
        if len(y) == 0:
            raise ValueError(_EMPTY_SET.format(name=name))
    loss_in = per_example_loss(model, X_members, y_members)
    loss_out = per_example_loss(model, X_nonmembers, y_nonmembers)
    is_member = np.r_[np.ones(len(loss_in)), np.zeros(len(loss_out))]
    score = -np.r_[loss_in, loss_out]  # higher score = more member-like
    fpr, tpr, thr = roc_curve(is_member, score)
    best = int(np.argmax(tpr - fpr))
    acc_in = float((model.predict(X_members) == np.asarray(y_members)).mean())
    acc_out = float((model.predict(X_nonmembers) == np.asarray(y_nonmembers)).mean())
    return MembershipResult(
        auc=float(roc_auc_score(is_member, score)), advantage=float(tpr[best] - fpr[best]),
        threshold=float(-thr[best]) if np.isfinite(thr[best]) else float("inf"),
        member_loss=float(loss_in.mean()), nonmember_loss=float(loss_out.mean()),
        member_accuracy=acc_in, nonmember_accuracy=acc_out,
        member_losses=loss_in, nonmember_losses=loss_out,
    )

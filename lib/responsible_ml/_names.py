"""Plain-words names of the group metrics, one home for figures, widgets and read-outs."""

from __future__ import annotations

__all__ = ["METRIC_LABELS", "short_metric_label"]

#: Plain-words names of the metrics (for figures and read-outs).
METRIC_LABELS = {
    "base_rate": "base rate (share with label 1)",
    "selection_rate": "selection rate (share predicted 1)",
    "accuracy": "accuracy",
    "tpr": "true positive rate (TPR)",
    "fpr": "false positive rate (FPR)",
    "fnr": "false negative rate (FNR)",
    "precision": "precision (PPV)",
    "equalized_odds": "equalized odds (larger of the TPR and FPR gaps)",
}


def short_metric_label(metric: str) -> str:
    """The name of `metric` without its gloss ("true positive rate"); unknown names as given.

    Parameters
    ----------
    metric : str
        A metric key such as ``"tpr"``.

    Returns
    -------
    str

    Examples
    --------
    >>> short_metric_label("tpr")
    'true positive rate'
    """
    return METRIC_LABELS.get(metric, metric).split(" (")[0]

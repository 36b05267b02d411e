"""Plausible wrong answers to exercise 02; every one must fail at least one test cell."""

_RATES = '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()), %s}
    return pd.DataFrame.from_dict(rows, orient="index")
'''

MUTANTS = {
    "group_shares": {
        "counts instead of shares": '''
def group_shares(df, group_col):
    return {str(k): float(v) for k, v in df[group_col].astype(str).value_counts().items()}
''',
        "divided by the number of groups": '''
def group_shares(df, group_col):
    c = df[group_col].astype(str).value_counts()
    return {str(k): float(v) / len(c) for k, v in c.items()}
''',
        "hard-coded shares of the example": '''
def group_shares(df, group_col):
    return {"continuing": 0.9183333333333333, "first_gen": 0.08166666666666667}
''',
    },
    "decide": {
        "> instead of >= at the threshold": '''
def decide(scores, threshold=0.5):
    return (np.asarray(scores, dtype=float) > threshold).astype(int)
''',
        "threshold argument ignored": '''
def decide(scores, threshold=0.5):
    return (np.asarray(scores, dtype=float) >= 0.5).astype(int)
''',
    },
    "error_rates_by_group": {
        "rates divided by all rows of the table": _RATES % (
            '"fpr": float(((y == 0) & (p == 1)).sum() / len(df)), '
            '"fnr": float(((y == 1) & (p == 0)).sum() / len(df))'),
        "rates divided by the group size": _RATES % (
            '"fpr": float(((y == 0) & (p == 1)).sum() / len(y)), '
            '"fnr": float(((y == 1) & (p == 0)).sum() / len(y))'),
        "fpr and fnr swapped": _RATES % (
            '"fnr": float(p[y == 0].mean()), "fpr": float((1 - p[y == 1]).mean())'),
        "accuracy instead of the error rates": _RATES % (
            '"fpr": float((y == p)[y == 0].mean()), "fnr": float((y == p)[y == 1].mean())'),
        "small groups left out": '''
def error_rates_by_group(df, group_col, label_col, pred_col):
    rows = {}
    for group, part in df.groupby(group_col, observed=True):
        if len(part) < 3:
            continue
        y, p = part[label_col].to_numpy(), part[pred_col].to_numpy()
        rows[str(group)] = {"count": len(part), "accuracy": float((y == p).mean()),
                            "fpr": float(p[y == 0].mean()), "fnr": float((1 - p[y == 1]).mean())}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
    },
    "accuracy_hides_gap": {
        "overall = mean of the group accuracies": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    return {"overall_accuracy": float(a.mean()), "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": float(a.max() - a.min())}
''',
        "worst group = smallest group": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    t = error_rates_by_group(df, group_col, label_col, pred_col)
    a, w = t["accuracy"], t["count"].idxmin()
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()),
            "worst_group": str(w), "worst_accuracy": float(a[w]), "gap": float(a.max() - a[w])}
''',
        "gap = overall - worst": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    o = float((df[label_col] == df[pred_col]).mean())
    return {"overall_accuracy": o, "worst_group": str(a.idxmin()),
            "worst_accuracy": float(a.min()), "gap": o - float(a.min())}
''',
        "worst group by highest accuracy": '''
def accuracy_hides_gap(df, group_col, label_col, pred_col):
    a = error_rates_by_group(df, group_col, label_col, pred_col)["accuracy"]
    return {"overall_accuracy": float((df[label_col] == df[pred_col]).mean()),
            "worst_group": str(a.idxmax()), "worst_accuracy": float(a.max()),
            "gap": float(a.max() - a.min())}
''',
    },
}

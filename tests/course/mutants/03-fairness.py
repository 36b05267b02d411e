"""Plausible wrong answers to exercise 03; every one must fail at least one test cell."""

_SLICE = '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] %s threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        %s
        rows[group] = {"count": int(in_group.sum()), "selection_rate": sel, "tpr": tpr}
    return pd.DataFrame.from_dict(rows, orient="index")
'''
_OK = "sel = float(d.mean()); tpr = float(d[y == 1].mean())"

_REPORT = '''
def mitigation_report(train, test, group_col, threshold=0.5):
    weights = reweighting_weights(train, group_col, "completed")
    rows = {}
    for name, model in [("before", fit_model(train)), ("after", fit_model(train, %s))]:
        scored_test = score(model, %s)
        decision = (scored_test["score"] >= threshold).astype(int)
        table = metrics_by_subgroup(scored_test, group_col, "completed", "score", %s)
        rows[name] = {"accuracy": float((decision == scored_test["completed"]).mean()),
                      **fairness_gaps(table)}
    return pd.DataFrame.from_dict(rows, orient="index")
'''

MUTANTS = {
    "metrics_by_subgroup": {
        "> instead of >= at the threshold": _SLICE % (">", _OK),
        "selection rate divided by all rows": _SLICE % (
            ">=", "sel = float(d.sum() / len(df)); tpr = float(d[y == 1].mean())"),
        "accuracy instead of TPR": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float((d == y).mean())"),
        "TPR divided by the group size": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float(((d == 1) & (y == 1)).sum() / len(d))"),
        "precision instead of TPR": _SLICE % (
            ">=", "sel = float(d.mean()); tpr = float(y[d == 1].mean())"),
        "small groups (< 30) dropped": '''
def metrics_by_subgroup(df, group_col, label_col, score_col, threshold=0.5):
    decision = (df[score_col] >= threshold).astype(int)
    rows = {}
    for group in sorted(df[group_col].astype(str).unique()):
        in_group = (df[group_col].astype(str) == group).to_numpy()
        if in_group.sum() < 30:
            continue
        d, y = decision.to_numpy()[in_group], df[label_col].to_numpy()[in_group]
        rows[group] = {"count": int(in_group.sum()), "selection_rate": float(d.mean()),
                       "tpr": float(d[y == 1].mean())}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        "threshold fixed at 0.5": _SLICE.replace("threshold).astype", "0.5).astype") % (">=", _OK),
    },
    "fairness_gaps": {
        "ratio inverted (max / min)": '''
def fairness_gaps(table):
    sel, tpr = table["selection_rate"], table["tpr"]
    return {"selection_rate_ratio": float(sel.max() / sel.min()), "tpr_gap": float(tpr.max() - tpr.min())}
''',
        "first minus last row instead of max - min": '''
def fairness_gaps(table):
    sel, tpr = table["selection_rate"], table["tpr"]
    return {"selection_rate_ratio": float(sel.iloc[-1] / sel.iloc[0]),
            "tpr_gap": float(abs(tpr.iloc[0] - tpr.iloc[-1]))}
''',
        "ratio of TPRs instead of selection rates": '''
def fairness_gaps(table):
    sel, tpr = table["selection_rate"], table["tpr"]
    return {"selection_rate_ratio": float(tpr.min() / tpr.max()), "tpr_gap": float(tpr.max() - tpr.min())}
''',
        "gap as a ratio": '''
def fairness_gaps(table):
    sel, tpr = table["selection_rate"], table["tpr"]
    return {"selection_rate_ratio": float(sel.min() / sel.max()), "tpr_gap": float(tpr.min() / tpr.max())}
''',
    },
    "reweighting_weights": {
        "inverse of the cell count only": '''
def reweighting_weights(df, group_col, label_col):
    g, y = df[group_col].astype(str), df[label_col]
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (len(df) / n_gy).to_numpy(dtype=float) / 4
''',
        "observed / expected (upside down)": '''
def reweighting_weights(df, group_col, label_col):
    g, y = df[group_col].astype(str), df[label_col]
    n = len(df)
    n_gy = df.groupby([g, y])[label_col].transform("size")
    return (n * n_gy / (g.map(g.value_counts()) * y.map(y.value_counts()))).to_numpy(dtype=float)
''',
        "group size only (ignores the label)": '''
def reweighting_weights(df, group_col, label_col):
    g = df[group_col].astype(str)
    return (len(df) / (g.nunique() * g.map(g.value_counts()))).to_numpy(dtype=float)
''',
        "rows reordered (sorted by group)": '''
def reweighting_weights(df, group_col, label_col):
    g, y = df[group_col].astype(str), df[label_col]
    n = len(df)
    w = g.map(g.value_counts()) * y.map(y.value_counts()) / (n * df.groupby([g, y])[label_col].transform("size"))
    return w.loc[g.sort_values(kind="stable").index].to_numpy(dtype=float)
''',
    },
    "mitigation_report": {
        "weights not used for the 'after' model": _REPORT % ("None", "test", "threshold"),
        "evaluated on the training set": _REPORT % ("sample_weight=weights", "train", "threshold"),
        "threshold ignored in the slices": _REPORT % ("sample_weight=weights", "test", "0.5"),
    },
}

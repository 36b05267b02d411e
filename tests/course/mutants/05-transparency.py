"""Plausible wrong answers to exercise 05; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

#: EXPLAIN["beyond_noise"] computed from the colleague's table with another standard error of a difference
#: (``_se``), the two-SE rule kept (review x05-r18 M1).
_BEYOND_NOISE_SE = '''
_se = lambda s1, s2, r: %s
_z = {"quiz_minus_hours": (0.036 - 0.030) / _se(0.006, 0.007, 10),
      "hours_minus_device": (0.030 - 0.026) / _se(0.007, 0.006, 10),
      "device_minus_prior": (0.026 - 0.0144) / _se(0.006, 0.018, 10),
      "forum_minus_hours": (0.0045 - 0.030) / _se(0.005, 0.007, 10),
      "forum": 0.0045 / (0.005 / 10 ** 0.5),
      "month": 0.0028 / (0.005 / 10 ** 0.5)}
EXPLAIN["beyond_noise"] = [name for name, z in _z.items() if abs(z) > 2]
'''

MUTANTS = {
    'rank_importances': {
        # first: test_no_cascade runs it to the end of the notebook. A refit of the model it is
        # given must cost Q1 only (the tests pass copies; Q3 and Q4 refit their own model).
        'fit first: refits the model it is given on X, y (review x05-r5 D1)': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    model.fit(X, y)
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'ascending sort, then a scratch cell rebinds X, y, learners and edits X_test (review x05-r10 D1)': '''def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=True, kind="stable").reset_index(drop=True)

# a scratch cell of the trainee's, after the answer (review x05-r10 D1): the tests use their own copies
X, y = X_test.copy(), y_test.copy()
learners = learners.sample(frac=0.5, random_state=0)
X_test["hours_per_week"] = 0.0
''',
        'ascending sort': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=True, kind="stable").reset_index(drop=True)
''',
        'ignores n_repeats': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=10, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'ignores random_state': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=0)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'std across features': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances.std(axis=0).mean() + 0 * result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'names not re-sorted': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    order = table["mean"].sort_values(ascending=False).to_numpy()
    return table.assign(mean=order)
''',
        # review x05-r13 D3: with the harmful-feature frame's columns b, u, e (its ranking) this passed the
        # visible order cell, and the values cell blamed n_repeats; the frame is now e, b, u
        'means sorted with np.sort, names left in X\'s column order (review x05-r13 D3)': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    return pd.DataFrame({"feature": list(X.columns), "mean": np.sort(result.importances_mean)[::-1],
                         "std": result.importances_std})
''',
        'ranks by |mean|': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", key=abs, ascending=False, kind="stable").reset_index(drop=True)
''',
        "median over repeats": '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": np.median(result.importances, axis=1),
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        "std with ddof=1": '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances.std(axis=1, ddof=1)})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        "sorted by absolute importance": '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.iloc[np.argsort(-np.abs(table["mean"].to_numpy()), kind="stable")].reset_index(drop=True)
''',
        # review x05-r16 D1: a slip of the values part, with a correct signed sort, costs the values cell only
        # (the order cell's harmful-feature model uses the setup's test rows, has predict_proba and clones)
        "the notebook's X_test and y_test for the arguments (review x05-r16 D1)": '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X_test, y_test, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X_test.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'scoring="roc_auc" (review x05-r16 D1)': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state, scoring="roc_auc")
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'a clone refitted on X, y before scoring (review x05-r16 D1)': '''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    from sklearn.base import clone
    model = clone(model).fit(X, y)
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
    },
    'proxy_auc': {
        'unseen categories filled with the share of all rows': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group.mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")

''',
        # review x05-r9 M1: "prior_courses (0–7) is a category": every numeric column checked by
        # value was a float, so this passed; the visible second case now has a count (visits)
        'whole numbers as categories, then a scratch cell rebinds X_train and fit_model (review x05-r10 D1)': '''def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if values.dtype.kind == "f":
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group[train].mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")

# a scratch cell of the trainee's, after the answer (review x05-r10 D1): "retrain without the proxy"
X_train = X_train.drop(columns=["district_deprivation"])


def fit_model(X_train, y_train):
    return "a helper of my own"
''',
        "whole-number columns target-encoded as categories (review x05-r9 M1)": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if values.dtype.kind == "f":
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group[train].mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "unseen category filled with 0.5": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = pd.Series(cats[test]).map(share).fillna(0.5).to_numpy(dtype=float)
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "out-of-fold logistic regression on dummies (cross_val_predict)": '''
def proxy_auc(X, sensitive, group):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            dummies = pd.get_dummies(values.astype(str)).to_numpy(dtype=float)
            score = cross_val_predict(LogisticRegression(C=1e6, max_iter=1000), dummies, in_group,
                                      cv=folds, method="predict_proba")[:, 1]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'not symmetrised': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = auc
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'abs correlation instead of AUC': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = 0.5 + abs(np.corrcoef(in_group, values.to_numpy(dtype=float))[0, 1]) / 2
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'ascending': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=True, kind="stable")
''',
        'by name': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = max(auc, 1 - auc)
    scores['district_deprivation'] = 1.0
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'group hard-coded first_gen': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == 'first_gen').astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'categorical by category code': '''
def proxy_auc(X, sensitive, group):
    """How well each column of X alone reveals membership of `group` (ROC AUC, >= 0.5)."""
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = pd.Series(pd.factorize(values.astype(str))[0], index=values.index)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "no max(auc, 1 - auc)": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        scores[col] = roc_auc_score(in_group, values.to_numpy(dtype=float))
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "Series aligned by index label (sensitive with another index)": '''
def proxy_auc(X, sensitive, group):
    in_group = (pd.Series(sensitive, index=X.index if not hasattr(sensitive, "index") else None) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = in_group.groupby(values.astype(str)).mean()
            values = values.astype(str).map(share)
        a = roc_auc_score(in_group.to_numpy(), values.to_numpy(dtype=float))
        scores[col] = max(a, 1 - a)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "library proxy_scores": '''
def proxy_auc(X, sensitive, group):
    from responsible_ml.explain import proxy_scores
    out = proxy_scores(X, np.asarray(sensitive) == group)
    return out.iloc[:, 0] if hasattr(out, "columns") else out
''',
        "in-sample target encoding (the label leaks)": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            share = pd.Series(in_group).groupby(values.astype(str).to_numpy()).mean()
            values = values.astype(str).map(share)
        auc = roc_auc_score(in_group, values.to_numpy(dtype=float))
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "folds not shuffled": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = pd.Series(cats[test]).map(share).fillna(in_group[train].mean()).to_numpy(dtype=float)
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        # review x05-r20 M1: folds stratified on the raw sensitive labels, not on in_group; with two groups
        # (every case before) the two splits are the same, so the categorical cell has a three-group case
        "folds split on the raw sensitive labels, not on in_group (review x05-r20 M1)": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, np.asarray(sensitive)):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group[train].mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'non-numeric columns skipped (branch not written yet)': '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            continue
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group[train].mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        'dtype != object taken as numeric (device is a category)': '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if values.dtype != object:
            score = values.to_numpy(dtype=float)
        else:
            pass
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(in_group[train].mean()).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
    },
    'smallest_counterfactual': {
        'cost divided by the variance, not the SD (review x05-r10 M1)': '''def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] ** 2 for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'single feature only': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1,):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'ignores immutable': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = list(grid)
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'unscaled cost': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'target hard-coded 1': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] == 1:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'first flip not cheapest': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    return dict(zip(features, values))
    return best
''',
        # review x05-r11 D1: it also lost the ties cell, whose single-vs-pair tie it reads as a cheaper pair
        'Euclidean cost (review x05-r11 D1)': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum((abs(v - o) / scale[f]) ** 2 for f, v, o in zip(features, values, old)) ** 0.5
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'squared distance (review x05-r11 D1)': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum((abs(v - o) / scale[f]) ** 2 for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        # review x05-r11 S1: no search at all earned the None cell
        'always None (a stub, review x05-r11 S1)': '''
def smallest_counterfactual(*a, **k):
    return None
''',
        'max instead of sum': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    """Cheapest change (at most two features, values from grid) that flips the decision."""
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = max(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        "ties broken with <= (keeps the last)": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost > best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        "unchanged features returned too (whole grid row)": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    if best is not None and len(best) == 1:
        extra = [f for f in actionable if f not in best and person[f].iloc[0] in grid[f]]
        best.update({f: person[f].iloc[0] for f in extra[:1]})
    return best
''',
        "off by one: single changes only": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for features in itertools.combinations(actionable, 1):
        for values in itertools.product(*[grid[f] for f in features]):
            old = [person[f].iloc[0] for f in features]
            if any(v == o for v, o in zip(values, old)):
                continue
            cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
            if best_cost is not None and cost >= best_cost:
                continue
            changed = person.copy()
            for f, v in zip(features, values):
                changed[f] = v
            if model.predict(changed)[0] != current:
                best, best_cost = dict(zip(features, values)), cost
    return best
''',
        "{} instead of None": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best if best is not None else {}
''',
        "searches up to three features": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2, 3):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        "library counterfactual": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    from responsible_ml.explain import counterfactual
    g = {f: v for f, v in grid.items() if f not in immutable}
    try:
        cf = counterfactual(model, person, person, g)
    except ValueError:
        return None
    return dict(cf.changes) if hasattr(cf, "changes") else None
''',
        "tie: features in the person's column order, not the grid's (review x05-r5 D4)": '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in person.columns if f in grid and f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'tie: features sorted by name, not in the order of grid': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = sorted(f for f in grid if f not in immutable)
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'tie: pairs tried before single changes': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (2, 1):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person.copy()
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
        'changed = person (the applicant is edited, no copy)': '''
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    current = model.predict(person)[0]
    actionable = [f for f in grid if f not in immutable]
    best, best_cost = None, None
    for k in (1, 2):
        for features in itertools.combinations(actionable, k):
            for values in itertools.product(*[grid[f] for f in features]):
                old = [person[f].iloc[0] for f in features]
                if any(v == o for v, o in zip(values, old)):
                    continue
                cost = sum(abs(v - o) / scale[f] for f, v, o in zip(features, values, old))
                if best_cost is not None and cost >= best_cost:
                    continue
                changed = person
                for f, v in zip(features, values):
                    changed[f] = v
                if model.predict(changed)[0] != current:
                    best, best_cost = dict(zip(features, values)), cost
    return best
''',
    },
    'build_model_card': {
        # Cards whose free text makes a false claim (labels "ground truth", biased the wrong way
        # or against the wrong group, the proxy "neutral" / "weakly related", "dropping the proxy
        # removes the bias", an admission or any-platform use) are no longer mutants here: a
        # keyword check cannot grade meaning (review x05-r5), so the claims-in-text cell is a
        # self-check with no points; the claims are graded as choices in CARD_CLAIMS (mutants
        # under 'card_claims') and the considered text by a person in question 6.
        #
        # first: test_no_cascade runs it to the end. The numbers slip with the tool imported inside
        # the function must cost the numbers cell only, not the sections cell.
        'background_test instead of sensitive, tool imported inside (review x05-r5 D2)': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    from responsible_ml.explain import model_card_from_model
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=background_test, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer a mentor to the learners predicted to be recorded as completing.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'hard-coded 600 learners': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Historical platform records; the labels under-credit first-generation completers.",
        evaluation_data="600 held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'hard-coded group names': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=["background groups continuing, first_gen: audited, not model inputs"],
        data="Historical platform records; the labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'hard-coded proxy name': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Historical platform records; the labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=["district_deprivation predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'placeholder caveats': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    """A complete ModelCard for the mentor-offer model."""
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the platform's limited mentor places; a "
                     "person reviews every offer.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it.",
                                "First-generation completers are offered mentors less often."],
        caveats=["TODO"],
    )
''',
        'proxy not named': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    """A complete ModelCard for the mentor-offer model."""
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the platform's limited mentor places; a "
                     "person reviews every offer.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        ethical_considerations=["District is a proxy for background; the model relies on it.",
                                "First-generation completers are offered mentors less often."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'by-group on labels': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    """A complete ModelCard for the mentor-offer model."""
    return model_card_from_model(
        None, X_test, y_test, sensitive_features=sensitive, y_pred=y_test, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the platform's limited mentor places; a "
                     "person reviews every offer.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it.",
                                "First-generation completers are offered mentors less often."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'no by-group': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    """A complete ModelCard for the mentor-offer model."""
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=None, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the platform's limited mentor places; a "
                     "person reviews every offer.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it.",
                                "First-generation completers are offered mentors less often."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'wrong version': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    """A complete ModelCard for the mentor-offer model."""
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1",
        intended_use="Rank enrolling learners for the platform's limited mentor places; a "
                     "person reviews every offer.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it.",
                                "First-generation completers are offered mentors less often."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        "placeholder text 'x'": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="x", out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners of other platforms or programmes"], data="Synthetic learners of one enrolment year with biased historical labels.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it."],
        caveats=["Monitor selection rate and TPR by group after deployment."])
''',
        "TBD data section": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the limited mentor places; a person reviews offers.", out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners of other platforms or programmes"], data="TBD",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it."],
        caveats=["Monitor selection rate and TPR by group after deployment."])
''',
        "one-word list item": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the limited mentor places; a person reviews offers.", out_of_scope_uses=["admissions"], data="Synthetic learners of one enrolment year with biased historical labels.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it."],
        caveats=["Monitor selection rate and TPR by group after deployment."])
''',
        "n/a caveat": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Rank enrolling learners for the limited mentor places; a person reviews offers.", out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners of other platforms or programmes"], data="Synthetic learners of one enrolment year with biased historical labels.",
        ethical_considerations=[f"{proxy} is a proxy for background; the model relies on it."],
        caveats=["n/a"])
''',
        "filler text 'aa bb cc dd ee' in every section": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="aa bb cc dd ee",
        out_of_scope_uses=["aa bb cc dd", "ee ff gg hh"],
        factors=[f"aa bb {groups}"],
        data="aa bb cc dd ee",
        evaluation_data=f"{len(X_test)} aa bb cc dd",
        ethical_considerations=[f"{proxy} aa bb cc dd"],
        caveats=["aa bb cc dd ee"],
    )
''',
        "filler caveats only ('aa bb cc dd ee')": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["aa bb cc dd ee"],
    )
''',
        'lorem ipsum out-of-scope uses': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Lorem ipsum dolor sit amet", "Lorem ipsum dolor amet consectetur"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'headings copied as content': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Intended use of the mentor model for learners: intended use.",
        out_of_scope_uses=["Out-of-scope uses of the model", "Out-of-scope uses of this card"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Caveats and recommendations for the model"],
    )
''',
        'one sentence copied into every section': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Offer the limited mentor places to the learners predicted to complete them.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Offer the limited mentor places to the learners predicted to complete them.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Offer the limited mentor places to the learners predicted to complete them."],
    )
''',
        'factors empty (groups not named)': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'factors name the attribute, not its groups': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=["background of the learners, audited"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'evaluation data without its size': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data="Held-out learners of the same enrolment year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'intended use without the decision': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="Predict which learners will complete their programme on this platform.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'one out-of-scope use twice': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "admission, grading or exclusion decisions"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'TPR interval dropped from the by-group table': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer the limited mentor places to the learners predicted to complete.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )


def build_model_card(model, X_test, y_test, sensitive, proxy, _first=build_model_card):
    card = _first(model, X_test, y_test, sensitive, proxy)
    card.metrics_by_group = card.metrics_by_group.drop(columns=["tpr_low", "tpr_high"])
    return card
''',
        'the notebook global background_test instead of sensitive': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=background_test, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer a mentor to the learners predicted "
                     "to be recorded as completing; this platform only.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background "
                                "through it; leaving background out does not prevent that."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'text built with Series.unique() (fails on a NumPy array)': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer a mentor to the learners predicted to be recorded as completing.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=["background groups " + ", ".join(map(str, sensitive.unique())) + ": audited, not inputs"],
        data="Synthetic learners of one year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
        'name capitalised': '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    return model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="Mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer a mentor to the learners predicted to be recorded as completing.",
        out_of_scope_uses=["Admission, grading or exclusion decisions", "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one year; historical labels under-credit first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background through it."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
''',
    },
    'card_claims': {
        'labels: historical records, no flaw named': '''
CARD_CLAIMS = {"labels": "b", "proxy": "a", "remedy": "d", "use": "b"}
''',
        'labels: bias in the wrong direction': '''
CARD_CLAIMS = {"labels": "a", "proxy": "a", "remedy": "d", "use": "b"}
''',
        'proxy: a predictor of completion, not of background': '''
CARD_CLAIMS = {"labels": "c", "proxy": "b", "remedy": "d", "use": "b"}
''',
        'proxy: separates the groups, but background is left out, so the decisions cannot depend on it': '''
CARD_CLAIMS = {"labels": "c", "proxy": "c", "remedy": "d", "use": "b"}
''',
        # review x05-r16 S2: the option that uses question 2's verb ("separates") is now a wrong one
        'proxy: the option that says "separates" (review x05-r16 S2)': '''
CARD_CLAIMS = {"labels": "c", "remedy": "d", "use": "b",
               "proxy": next(l for l, k in zip("abcd", V.params["order"]["proxy"]) if "separat" in CHOICES["proxy"][k])}
''',
        'remedy: dropping the proxy makes the model unbiased': '''
CARD_CLAIMS = {"labels": "c", "proxy": "a", "remedy": "a", "use": "b"}
''',
        'use: admission screening': '''
CARD_CLAIMS = {"labels": "c", "proxy": "a", "remedy": "d", "use": "a"}
''',
        'use: any online platform, at any point (review x05-r5)': '''
CARD_CLAIMS = {"labels": "c", "proxy": "a", "remedy": "d", "use": "d"}
''',
        'labels: biased in the test rows only (review x05-r10 S1)': '''
CARD_CLAIMS = {"labels": "d", "proxy": "a", "remedy": "d", "use": "b"}
''',
        'proxy: its AUC read as how well it predicts completion by group (review x05-r10 S1)': '''
CARD_CLAIMS = {"labels": "c", "proxy": "d", "remedy": "d", "use": "b"}
''',
        'remedy: re-measuring taken to show what the proxy caused (review x05-r10 S1)': '''
CARD_CLAIMS = {"labels": "c", "proxy": "a", "remedy": "c", "use": "b"}
''',
        'use: at enrolment, before any activity (review x05-r10 S1)': '''
CARD_CLAIMS = {"labels": "c", "proxy": "a", "remedy": "d", "use": "c"}
''',
        # the reviewer's rule, applied literally: the option that claims least / narrows the scope;
        # where two options are equally cautious (proxy, remedy) it is given the right one
        'the most cautious option (review x05-r10 S1)': '''
CARD_CLAIMS = {"labels": "d", "proxy": "a", "remedy": "d", "use": "c"}
''',
        'always b (review x05-r4 S2)': '''
CARD_CLAIMS = {"labels": "b", "proxy": "b", "remedy": "b", "use": "b"}
''',
        'the option whose words overlap most with the other three (review x05-r12 S2)': '''
import re as _re


def _overlap_pick(k):
    shown = [set(_re.findall(r"[a-z0-9]+", CHOICES[k][i].lower())) for i in V.params["order"][k]]
    over = [sum(len(a & b) for j, b in enumerate(shown) if j != i) for i, a in enumerate(shown)]
    return "abcd"[over.index(max(over))]


CARD_CLAIMS = {k: _overlap_pick(k) for k in ("labels", "proxy", "remedy", "use")}
''',
        'the shortest option (review x05-r12 S2)': '''
CARD_CLAIMS = {k: "abcd"[min(range(4), key=lambda j: len(CHOICES[k][V.params["order"][k][j]]))]
               for k in ("labels", "proxy", "remedy", "use")}
''',
        'the longest option (review x05-r4 S2)': '''
CARD_CLAIMS = {k: "abcd"[max(range(4), key=lambda j: (len(CHOICES[k][V.params["order"][k][j]]), j == 1))]
               for k in ("labels", "proxy", "remedy", "use")}
''',
    },
    'repeats_needed': {
        'without the square root': '''
def repeats_needed(mean, std):
    return int(np.floor(2 * std / mean)) + 1
''',
        'rounded instead of the next whole number': '''
def repeats_needed(mean, std):
    return int(round((2 * std / mean) ** 2))
''',
        'one SE instead of two': '''
def repeats_needed(mean, std):
    return int(np.floor((std / mean) ** 2)) + 1
''',
        'ceil: at least two SE instead of more than two': '''
def repeats_needed(mean, std):
    return int(np.ceil((2 * std / mean) ** 2))
''',
        # review x05-r9 M3: every case had a fractional part below 0.5, so this passed
        'rounded to the nearest, plus one (review x05-r9 M3)': '''
def repeats_needed(mean, std):
    return int(round((2 * std / mean) ** 2)) + 1
''',
        'ceil plus one': '''
def repeats_needed(mean, std):
    return int(np.ceil((2 * std / mean) ** 2)) + 1
''',
        # review x05-r19 M1: a loop that stops only on mean > 2 SE (one side); capped here so the run ends
        'one-sided: only a positive mean counted beyond noise (review x05-r19 M1)': '''
def repeats_needed(mean, std):
    r = 1
    while not mean > 2 * std / np.sqrt(r) and r < 100_000:
        r += 1
    return r
''',
    },
    'difference_in_se': {
        # first: runs to the end of the notebook (test_no_cascade). Review x05-r7 D1: the readings
        # carried a sign-slipped number forward and then asked for z > 2, so this slip also cost
        # the (right) quiz_minus_hours reading; they are now judged on |z| of the formula's numbers.
        'mean2 − mean1: sign reversed (review x05-r7 D1)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean2 - mean1) / np.sqrt((std1 ** 2 + std2 ** 2) / r)
''',
        'divided by the std of single repeats, not the SE': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / np.sqrt(std1 ** 2 + std2 ** 2)
''',
        'SEs added instead of combined in quadrature': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / ((std1 + std2) / np.sqrt(r))
''',
        'SE of one mean only': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / (std1 / np.sqrt(r))
''',
        'r - 1 instead of r': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / np.sqrt((std1 ** 2 + std2 ** 2) / (r - 1))
''',
        'absolute difference (sign lost)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return abs(mean1 - mean2) / np.sqrt((std1 ** 2 + std2 ** 2) / r)
''',
        'r hard-coded as the table\'s 10 (review x05-r13 D2)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / np.sqrt((std1 ** 2 + std2 ** 2) / 10)
''',
        'practice table hard-coded': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return {0.050: 3.151, 0.020: 1.620}.get(mean1, 3.0)
''',
    },
    'mean_in_se': {
        # first: runs to the end of the notebook (test_no_cascade); review x05-r7 D1, as above
        'sign reversed (review x05-r7 D1)': '''
def mean_in_se(mean, std, r):
    return -mean / (std / np.sqrt(r))
''',
        'SD taken as SE (mean / std)': '''
def mean_in_se(mean, std, r):
    return mean / std
''',
        'divided by the variance over r': '''
def mean_in_se(mean, std, r):
    return mean / (std ** 2 / r)
''',
        'r - 1 instead of r': '''
def mean_in_se(mean, std, r):
    return mean / (std / np.sqrt(r - 1))
''',
        'r hard-coded as the table\'s 10 (review x05-r13 D2)': '''
def mean_in_se(mean, std, r):
    return mean / (std / np.sqrt(10))
''',
        'practice number hard-coded': '''
def mean_in_se(mean, std, r):
    return 2.372
''',
        'absolute value (sign lost) (review x05-r5 D3)': '''
def mean_in_se(mean, std, r):
    return abs(mean) / (std / np.sqrt(r))
''',
    },
    'explain_beyond_noise': {
        # review x05-r11 S2: two constant guesses; the readings are graded two to a cell, one beyond
        # noise and one not, so neither earns a cell
        '[] constant: nothing beyond noise (review x05-r11 S2)': '''
EXPLAIN["beyond_noise"] = []
''',
        'every reading (review x05-r11 S2)': '''
EXPLAIN["beyond_noise"] = ["quiz_minus_hours", "hours_minus_device", "device_minus_prior", "forum_minus_hours",
                           "forum", "month"]
''',
        # the ranges mean ± 2·std overlap for every reading but forum − hours (and forum's and
        # month's include 0)
        'every reading with overlapping ranges called noise': '''
EXPLAIN["beyond_noise"] = ["forum_minus_hours"]
''',
        'a larger mean read as a difference': '''
EXPLAIN["beyond_noise"] = ["quiz_minus_hours", "hours_minus_device", "forum_minus_hours", "forum"]
''',
        'a mean below its std read as noise': '''
EXPLAIN["beyond_noise"] = ["quiz_minus_hours", "forum_minus_hours"]
''',
        # review x05-r11 S2: the reading asked for is the distance from 0, whatever the sign
        'only readings above +2 kept, not those below −2 (review x05-r11 S2)': '''
_se = lambda s1, s2, r: ((s1 ** 2 + s2 ** 2) / r) ** 0.5
_z = {"quiz_minus_hours": (0.036 - 0.030) / _se(0.006, 0.007, 10),
      "hours_minus_device": (0.030 - 0.026) / _se(0.007, 0.006, 10),
      "device_minus_prior": (0.026 - 0.0144) / _se(0.006, 0.018, 10),
      "forum_minus_hours": (0.0045 - 0.030) / _se(0.005, 0.007, 10),
      "forum": 0.0045 / (0.005 / 10 ** 0.5),
      "month": 0.0028 / (0.005 / 10 ** 0.5)}
EXPLAIN["beyond_noise"] = [name for name, z in _z.items() if z > 2]
''',
        'one SE taken as the rule': '''
EXPLAIN["beyond_noise"] = ["quiz_minus_hours", "hours_minus_device", "forum"][:2]
''',
        'the old yes/no answer': '''
EXPLAIN["beyond_noise"] = True
''',
        # review x05-r6 M2: both functions divide by the std of single repeats (each is graded in
        # its own cell, which ran before this one), and the reading follows them consistently. The
        # readings exist to catch this misconception, so it is not carried forward.
        'std of one repeat taken as the SE, readings carried from it (review x05-r6 M2)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / np.sqrt(std1 ** 2 + std2 ** 2)


def mean_in_se(mean, std, r):
    return mean / std


EXPLAIN["beyond_noise"] = [name for name, z in {
    "quiz_minus_hours": difference_in_se(0.036, 0.006, 0.030, 0.007, 10),
    "hours_minus_device": difference_in_se(0.030, 0.007, 0.026, 0.006, 10),
    "device_minus_prior": difference_in_se(0.026, 0.006, 0.0144, 0.018, 10),
    "forum_minus_hours": difference_in_se(0.0045, 0.005, 0.030, 0.007, 10),
    "forum": mean_in_se(0.0045, 0.005, 10),
    "month": mean_in_se(0.0028, 0.005, 10)}.items() if abs(z) > 2]
''',
        # review x05-r7 M1/M2: the colleague's quiz_avg − hours_per_week is 2.06 SE by the formula,
        # 1.46 with the two SEs added and 1.95 with r − 1 for r, so either mistake, followed
        # consistently, costs that reading (with the old 0.041 every value was far from 2).
        'SE of the difference taken as SE1 + SE2, readings carried from it (review x05-r7 M1)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / ((std1 + std2) / np.sqrt(r))


EXPLAIN["beyond_noise"] = [name for name, z in {
    "quiz_minus_hours": difference_in_se(0.036, 0.006, 0.030, 0.007, 10),
    "hours_minus_device": difference_in_se(0.030, 0.007, 0.026, 0.006, 10),
    "device_minus_prior": difference_in_se(0.026, 0.006, 0.0144, 0.018, 10),
    "forum_minus_hours": difference_in_se(0.0045, 0.005, 0.030, 0.007, 10),
    "forum": mean_in_se(0.0045, 0.005, 10),
    "month": mean_in_se(0.0028, 0.005, 10)}.items() if abs(z) > 2]
''',
        'r − 1 for r in both standard errors, readings carried from them (review x05-r7 M2)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean1 - mean2) / np.sqrt((std1 ** 2 + std2 ** 2) / (r - 1))


def mean_in_se(mean, std, r):
    return mean / (std / np.sqrt(r - 1))


EXPLAIN["beyond_noise"] = [name for name, z in {
    "quiz_minus_hours": difference_in_se(0.036, 0.006, 0.030, 0.007, 10),
    "hours_minus_device": difference_in_se(0.030, 0.007, 0.026, 0.006, 10),
    "device_minus_prior": difference_in_se(0.026, 0.006, 0.0144, 0.018, 10),
    "forum_minus_hours": difference_in_se(0.0045, 0.005, 0.030, 0.007, 10),
    "forum": mean_in_se(0.0045, 0.005, 10),
    "month": mean_in_se(0.0028, 0.005, 10)}.items() if abs(z) > 2]
''',
        # review x05-r7 S1: a t-test in the answer cell is not policed (a reading is a stored
        # judgement); it is judged as a reading. The question asks for the two-SE rule, and at
        # 2.06 SE the t-tests (p = 0.054 pooled, 0.055 Welch) call quiz_minus_hours noise.
        't-tests at p < 0.05 instead of the two-SE rule asked for (review x05-r7 S1)': '''
from scipy import stats as _my_stats

_p = {"quiz_minus_hours": _my_stats.ttest_ind_from_stats(0.036, 0.006, 10, 0.030, 0.007, 10).pvalue,
      "hours_minus_device": _my_stats.ttest_ind_from_stats(0.030, 0.007, 10, 0.026, 0.006, 10).pvalue,
      "device_minus_prior": _my_stats.ttest_ind_from_stats(0.026, 0.006, 10, 0.0144, 0.018, 10).pvalue,
      "forum_minus_hours": _my_stats.ttest_ind_from_stats(0.0045, 0.005, 10, 0.030, 0.007, 10).pvalue,
      "forum": 2 * _my_stats.t.sf(0.0045 / (0.005 / 10 ** 0.5), df=9),
      "month": 2 * _my_stats.t.sf(0.0028 / (0.005 / 10 ** 0.5), df=9)}
EXPLAIN["beyond_noise"] = [name for name, p in _p.items() if p < 0.05]
''',
        # review x05-r7 D1: both functions slip the sign and the reading keeps z > 2 of their own
        # numbers, which leaves out the readings 2.06 and 2.85 SE from 0. The old carry-forward
        # passed it (its z > 2 on the slipped numbers); |z| of the formula's numbers does not.
        'sign slips in both functions, readings kept by their z > 2 (review x05-r7 D1)': '''
def difference_in_se(mean1, std1, mean2, std2, r):
    return (mean2 - mean1) / np.sqrt((std1 ** 2 + std2 ** 2) / r)


def mean_in_se(mean, std, r):
    return -mean / (std / np.sqrt(r))


EXPLAIN["beyond_noise"] = [name for name, z in {
    "quiz_minus_hours": difference_in_se(0.036, 0.006, 0.030, 0.007, 10),
    "hours_minus_device": difference_in_se(0.030, 0.007, 0.026, 0.006, 10),
    "device_minus_prior": difference_in_se(0.026, 0.006, 0.0144, 0.018, 10),
    "forum_minus_hours": difference_in_se(0.0045, 0.005, 0.030, 0.007, 10),
    "forum": mean_in_se(0.0045, 0.005, 10),
    "month": mean_in_se(0.0028, 0.005, 10)}.items() if z > 2]
''',
        # review x05-r9 M2: the readings caught only an SE that is too large; device − prior_courses
        # is 1.93 SE by the formula but 6.11 with the SE of one mean (3.06 with the mean of the two stds)
        # over √r, and enrol_month's mean is 1.77 SE, beyond a one-sided 1.645 but not two SEs.
        'SE of one mean for a difference, readings computed with it (review x05-r9 M2)': '''
_z = {"quiz_minus_hours": (0.036 - 0.030) / (0.006 / 10 ** 0.5),
      "hours_minus_device": (0.030 - 0.026) / (0.007 / 10 ** 0.5),
      "device_minus_prior": (0.026 - 0.0144) / (0.006 / 10 ** 0.5),
      "forum_minus_hours": (0.0045 - 0.030) / (0.005 / 10 ** 0.5),
      "forum": 0.0045 / (0.005 / 10 ** 0.5),
      "month": 0.0028 / (0.005 / 10 ** 0.5)}
EXPLAIN["beyond_noise"] = [name for name, z in _z.items() if abs(z) > 2]
''',
        'the mean of the two stds over √r for a difference (review x05-r9 M2)': _BEYOND_NOISE_SE % '(s1 + s2) / 2 / r ** 0.5',
        # review x05-r18 M1: √2 times one feature's SE for a difference (as if both stds were equal); with
        # prior_courses' std 0.018 against device's 0.006 the verdict on device − prior_courses flips.
        "√2 times the first feature's SE for a difference (review x05-r18 M1)": _BEYOND_NOISE_SE % '2 ** 0.5 * s1 / r ** 0.5',
        '√2 times the smaller SE for a difference (review x05-r18 M1)': _BEYOND_NOISE_SE % '2 ** 0.5 * min(s1, s2) / r ** 0.5',
        '(s1 + s2) / √(2r) for a difference (review x05-r18 M1)': _BEYOND_NOISE_SE % '(s1 + s2) / (2 * r) ** 0.5',
        'a one-sided 1.645 cut-off (review x05-r9 M2)': '''
_se = lambda s1, s2, r: ((s1 ** 2 + s2 ** 2) / r) ** 0.5
_z = {"quiz_minus_hours": (0.036 - 0.030) / _se(0.006, 0.007, 10),
      "hours_minus_device": (0.030 - 0.026) / _se(0.007, 0.006, 10),
      "device_minus_prior": (0.026 - 0.0144) / _se(0.006, 0.018, 10),
      "forum_minus_hours": (0.0045 - 0.030) / _se(0.005, 0.007, 10),
      "forum": 0.0045 / (0.005 / 10 ** 0.5),
      "month": 0.0028 / (0.005 / 10 ** 0.5)}
EXPLAIN["beyond_noise"] = [name for name, z in _z.items() if abs(z) > 1.645]
''',
    },
    'explain_std_measures': {
        'std read as refitting uncertainty': '''
EXPLAIN["std_measures"] = "a"
''',
        'std read as sampling uncertainty': '''
EXPLAIN["std_measures"] = "b"
''',
        # review x05-r16 S1: the option that echoes the stem's "beyond shuffle noise" is now a wrong one
        'the option that says "shuffl" (review x05-r16 S1)': '''
EXPLAIN["std_measures"] = next(l for l, k in zip("abcd", V.params["order"]["std_measures"])
                               if "shuffl" in CHOICES["std_measures"][k])
''',
        'only the variation between test learners (review x05-r10 S1: the most cautious option)': '''
EXPLAIN["std_measures"] = "c"
''',
    },
    'explain_causal': {
        'importance read as causal': '''
EXPLAIN["causal"] = "a"
''',
        'nothing yet: an interval over test learners would make it causal (review x05-r10 S1: the most cautious option)': '''
EXPLAIN["causal"] = "b"
''',
        'test set taken to make it causal': '''
EXPLAIN["causal"] = "d"
''',
        'the old yes/no answer': '''
EXPLAIN["causal"] = False
''',
        'always b': '''
EXPLAIN["causal"] = "b"
''',
    },
}

SHORTCUTS = {
    "difference_in_se": {
        "scipy's t statistic (review x05-r4 S1)": '''
def difference_in_se(mean1, std1, mean2, std2, r):
    from scipy import stats
    return float(stats.ttest_ind_from_stats(mean1, std1, r, mean2, std2, r).statistic)
''',
    },
    "mean_in_se": {
        "scipy's t statistic against a zero sample (review x05-r4 S1)": '''
def mean_in_se(mean, std, r):
    from scipy import stats
    return float(stats.ttest_ind_from_stats(mean, std, r, 0.0, 0.0, r).statistic)
''',
        "scipy.stats.mstats on a sample with this mean and std": '''
import importlib


def mean_in_se(mean, std, r):
    mstats = importlib.import_module("scipy.stats.mstats")
    z = np.resize([1.0, -1.0], r)
    z = (z - z.mean()) / z.std(ddof=1)
    return float(mstats.ttest_1samp(mean + std * z, 0.0).statistic)
''',
    },
    "repeats_needed": {
        "repeats_needed from scipy's t distribution": '''
def repeats_needed(mean, std):
    from scipy import stats
    r = 2
    # capped: the graded negative mean (review x05-r19 M1) never stops a one-sided loop, and the guard's verdict
    # comes only when the check ends
    while stats.ttest_ind_from_stats(mean, std, r, 0.0, 0.0, r).statistic <= 2 and r < 2000:
        r += 1
    return r

''',
    },
    "rank_importances": {
        "library permutation_importance_table": '''
from responsible_ml.explain import permutation_importance_table


def rank_importances(model, X, y, n_repeats=10, random_state=0):
    t = permutation_importance_table(model, X, y, n_repeats=n_repeats, random_state=random_state)
    return t.rename(columns={"importance_mean": "mean", "importance_std": "std"})[["feature", "mean", "std"]]
''',
    },
    "proxy_auc": {
        "sklearn TargetEncoder for the categorical columns": '''
def proxy_auc(X, sensitive, group):
    from sklearn.preprocessing import TargetEncoder
    in_group = (np.asarray(sensitive) == group).astype(int)
    out = {}
    for col in X.columns:
        values = X[col]
        if not pd.api.types.is_numeric_dtype(values):
            enc = TargetEncoder(smooth=0.0, cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
                                target_type="binary")
            values = enc.fit_transform(values.to_frame(), in_group)[:, 0]
        auc = roc_auc_score(in_group, np.asarray(values, dtype=float))
        out[col] = max(auc, 1 - auc)
    return pd.Series(out).sort_values(ascending=False)
''',
        "TargetEncoder's compiled core for the category shares (review x05-r8 S1)": '''
def proxy_auc(X, sensitive, group):
    from sklearn.preprocessing._target_encoder_fast import _fit_encoding_fast
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            uniq, codes = np.unique(values.astype(str).to_numpy(), return_inverse=True)
            score = np.empty(len(codes))
            for train, test in folds.split(codes, in_group):
                prior = float(in_group[train].mean())
                enc = _fit_encoding_fast(np.ascontiguousarray(codes[train].reshape(-1, 1).astype(np.int64)),
                                         in_group[train].astype(float), np.array([len(uniq)], dtype=np.int64),
                                         0.0, prior)[0]
                score[test] = np.where(np.isnan(enc), prior, enc)[codes[test]]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "a specialisation of TargetEncoder's compiled core (__signatures__), saved at cell time (review x05-r12 S1)": '''
from sklearn.preprocessing._target_encoder_fast import _fit_encoding_fast as _fe
_share_core = _fe.__signatures__["int64_t|float64_t"]   # saved at cell time
del _fe


def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            uniq, codes = np.unique(values.astype(str).to_numpy(), return_inverse=True)
            score = np.empty(len(codes))
            for train, test in folds.split(codes, in_group):
                prior = float(in_group[train].mean())
                enc = _share_core(np.ascontiguousarray(codes[train].reshape(-1, 1).astype(np.int64)),
                                  in_group[train].astype(float), np.array([len(uniq)], dtype=np.int64), 0.0, prior)[0]
                score[test] = np.where(np.isnan(enc), prior, enc)[codes[test]]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "TargetEncoder's compiled core through its bound __call__, saved at cell time (review x05-r12 S1)": '''
from sklearn.preprocessing._target_encoder_fast import _fit_encoding_fast as _fe
_share_core = _fe.__call__   # a method-wrapper whose __self__ is the blocked function
del _fe


def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            uniq, codes = np.unique(values.astype(str).to_numpy(), return_inverse=True)
            score = np.empty(len(codes))
            for train, test in folds.split(codes, in_group):
                prior = float(in_group[train].mean())
                enc = _share_core(np.ascontiguousarray(codes[train].reshape(-1, 1).astype(np.int64)),
                                  in_group[train].astype(float), np.array([len(uniq)], dtype=np.int64), 0.0, prior)[0]
                score[test] = np.where(np.isnan(enc), prior, enc)[codes[test]]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "the __signatures__ dict of TargetEncoder's compiled core, saved at cell time (task x05y)": '''
from sklearn.preprocessing._target_encoder_fast import _fit_encoding_fast as _fe
_cores = _fe.__signatures__   # the fused function's own dict, saved at cell time
del _fe


def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            uniq, codes = np.unique(values.astype(str).to_numpy(), return_inverse=True)
            score = np.empty(len(codes))
            for train, test in folds.split(codes, in_group):
                prior = float(in_group[train].mean())
                enc = _cores["int64_t|float64_t"](np.ascontiguousarray(codes[train].reshape(-1, 1).astype(np.int64)),
                                  in_group[train].astype(float), np.array([len(uniq)], dtype=np.int64), 0.0, prior)[0]
                score[test] = np.where(np.isnan(enc), prior, enc)[codes[test]]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "a specialisation of TargetEncoder's compiled core taken inside the answer (task x05y)": '''
import importlib


def proxy_auc(X, sensitive, group):
    fast = importlib.import_module("sklearn.preprocessing._target_encoder_fast")
    core = fast._fit_encoding_fast.__signatures__["int64_t|float64_t"]   # taken while the check runs
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            uniq, codes = np.unique(values.astype(str).to_numpy(), return_inverse=True)
            score = np.empty(len(codes))
            for train, test in folds.split(codes, in_group):
                prior = float(in_group[train].mean())
                enc = core(np.ascontiguousarray(codes[train].reshape(-1, 1).astype(np.int64)),
                                  in_group[train].astype(float), np.array([len(uniq)], dtype=np.int64), 0.0, prior)[0]
                score[test] = np.where(np.isnan(enc), prior, enc)[codes[test]]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        # review x05-r13 S1: naive Bayes on a one-hot column predicts each category's share exactly, and the
        # prior (the other folds' overall share) for an unseen one; Q2 now refuses scikit-learn's estimators
        "MultinomialNB on a one-hot column through cross_val_predict (review x05-r13 S1)": '''
def proxy_auc(X, sensitive, group):
    from sklearn.model_selection import cross_val_predict
    from sklearn.naive_bayes import MultinomialNB
    in_group = (np.asarray(sensitive) == group).astype(int)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy().reshape(-1, 1)
            pipe = make_pipeline(OneHotEncoder(handle_unknown="ignore"), MultinomialNB(alpha=1e-10, force_alpha=True))
            score = cross_val_predict(pipe, cats, in_group, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                                      method="predict_proba")[:, 1]
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "LinearRegression on a one-hot column per fold: its coefficients are the shares (review x05-r13 S1)": '''
def proxy_auc(X, sensitive, group):
    from sklearn.linear_model import LinearRegression
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy().reshape(-1, 1)
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                onehot = OneHotEncoder(handle_unknown="ignore").fit(cats[train])
                fit = LinearRegression(fit_intercept=False).fit(onehot.transform(cats[train]), in_group[train])
                rows = onehot.transform(cats[test])
                seen = np.asarray(rows.sum(axis=1)).ravel() > 0
                score[test] = np.where(seen, fit.predict(rows), in_group[train].mean())
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "DummyClassifier for the other folds' overall share of an unseen category (review x05-r13 S1)": '''
from sklearn.dummy import DummyClassifier


def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.empty(len(cats))
            for train, test in folds.split(cats, in_group):
                share = pd.Series(in_group[train]).groupby(cats[train]).mean()
                prior = DummyClassifier(strategy="prior").fit(cats[train].reshape(-1, 1), in_group[train])
                score[test] = (pd.Series(cats[test]).map(share)
                               .fillna(float(prior.predict_proba(cats[test][:1].reshape(-1, 1))[0, 1])).to_numpy(dtype=float))
        auc = roc_auc_score(in_group, score)
        scores[col] = max(auc, 1 - auc)
    return pd.Series(scores).sort_values(ascending=False, kind="stable")
''',
        "proxy_scores through sys.modules": '''
import sys


def proxy_auc(X, sensitive, group):
    out = sys.modules["responsible_ml.explain"].proxy_scores(X, np.asarray(sensitive) == group)
    return out.iloc[:, 0] if hasattr(out, "columns") else out
''',
    },
    "smallest_counterfactual": {
        "counterfactual via importlib": '''
import importlib
def smallest_counterfactual(model, person, grid, scale, immutable=()):
    cfmod = importlib.import_module("responsible_ml.explain")
    g = {f: v for f, v in grid.items() if f not in immutable}
    try:
        cf = getattr(cfmod, "counterfactual")(model, person, person, g)
    except Exception:
        return None
    return {k: v for k, v in getattr(cf, "changes", {}).items()} or None
''',
    },
}


#: ``{answer: {mutant label: {test cell: a phrase of its message}}}``: exactly the test cells these
#: wrong answers fail (test_listed_mutants_fail_exactly_their_parts). Review x05-r11 S2: the six
#: readings of ``beyond_noise`` are graded two to a cell, one beyond noise and one not, so no constant
#: list earns a cell, and a slip that changes one reading costs that reading's cell only.
_BN = "test_explain_beyond_noise_"
_QH, _DF, _MS = _BN + "quiz_hours", _BN + "device_forum", _BN + "means"
FAILS = {
    "explain_beyond_noise": {
        "[] constant: nothing beyond noise (review x05-r11 S2)": {
            _QH: '"quiz_minus_hours" in EXPLAIN', _DF: '"forum_minus_hours" in EXPLAIN', _MS: '"forum" in EXPLAIN'},
        "every reading (review x05-r11 S2)": {
            _QH: '"hours_minus_device" in EXPLAIN', _DF: '"device_minus_prior" in EXPLAIN', _MS: '"month" in EXPLAIN'},
        "only readings above +2 kept, not those below −2 (review x05-r11 S2)": {_DF: '"forum_minus_hours" in EXPLAIN'},
        "a mean below its std read as noise": {_MS: '"forum" in EXPLAIN'},
        "a larger mean read as a difference": {_QH: '"hours_minus_device" in EXPLAIN'},
        "every reading with overlapping ranges called noise": {
            _QH: '"quiz_minus_hours" in EXPLAIN', _MS: '"forum" in EXPLAIN'},
        "std of one repeat taken as the SE, readings carried from it (review x05-r6 M2)": {
            _QH: '"quiz_minus_hours" in EXPLAIN', _MS: '"forum" in EXPLAIN'},
        "SE of the difference taken as SE1 + SE2, readings carried from it (review x05-r7 M1)": {
            _QH: '"quiz_minus_hours" in EXPLAIN'},
        "r − 1 for r in both standard errors, readings carried from them (review x05-r7 M2)": {
            _QH: '"quiz_minus_hours" in EXPLAIN'},
        "t-tests at p < 0.05 instead of the two-SE rule asked for (review x05-r7 S1)": {
            _QH: '"quiz_minus_hours" in EXPLAIN'},
        "sign slips in both functions, readings kept by their z > 2 (review x05-r7 D1)": {
            _QH: '"quiz_minus_hours" in EXPLAIN', _MS: '"forum" in EXPLAIN'},
        "SE of one mean for a difference, readings computed with it (review x05-r9 M2)": {
            _DF: '"device_minus_prior" in EXPLAIN'},
        "the mean of the two stds over √r for a difference (review x05-r9 M2)": {
            _DF: '"device_minus_prior" in EXPLAIN'},
        # Review x05-r18 M1: device − prior_courses is 1.93 SE, so a one-sided cut-off adds it too.
        "a one-sided 1.645 cut-off (review x05-r9 M2)": {
            _DF: '"device_minus_prior" in EXPLAIN', _MS: '"month" in EXPLAIN'},
        "√2 times the first feature's SE for a difference (review x05-r18 M1)": {
            _DF: '"device_minus_prior" in EXPLAIN'},
        "√2 times the smaller SE for a difference (review x05-r18 M1)": {
            _DF: '"device_minus_prior" in EXPLAIN'},
        "(s1 + s2) / √(2r) for a difference (review x05-r18 M1)": {
            _DF: '"device_minus_prior" in EXPLAIN'},
    },
    "proxy_auc": {
        "whole-number columns target-encoded as categories (review x05-r9 M1)": {
            "test_proxy_auc": "a column of whole numbers"},
        "whole numbers as categories, then a scratch cell rebinds X_train and fit_model (review x05-r10 D1)": {
            "test_proxy_auc": "a column of whole numbers"},
        # review x05-r20 M1: the raw-label split costs the cross-validated encoding's cell only
        "folds split on the raw sensitive labels, not on in_group (review x05-r20 M1)": {
            "test_proxy_auc_categorical": "a text column with three groups in `sensitive`"},
    },
    "rank_importances": {
        "ascending sort, then a scratch cell rebinds X, y, learners and edits X_test (review x05-r10 D1)": {
            "test_rank_importances_order": "the order of the rows"},
        # review x05-r13 D3: the values cell names the mismatch, the order cell's frame is not in ranking order
        "means sorted with np.sort, names left in X's column order (review x05-r13 D3)": {
            "test_rank_importances": "which mean goes with which feature",
            "test_rank_importances_order": "first and last of the ranking with a harmful feature"},
        "names not re-sorted": {
            "test_rank_importances": "which mean goes with which feature",
            "test_rank_importances_order": "first and last of the ranking with a harmful feature"},
        # review x05-r16 D1: a slip of the values part costs the values cell only
        "the notebook's X_test and y_test for the arguments (review x05-r16 D1)": {"test_rank_importances": "Error"},
        'scoring="roc_auc" (review x05-r16 D1)': {"test_rank_importances": "mean importance of quiz_avg"},
        "a clone refitted on X, y before scoring (review x05-r16 D1)": {"test_rank_importances": "mean importance of quiz_avg"},
    },
    "smallest_counterfactual": {
        "cost divided by the variance, not the SD (review x05-r10 M1)": {
            "test_smallest_counterfactual_cost": "b with scale 1.25"},
        # review x05-r11 S1: a stub earned the None cell
        "always None (a stub, review x05-r11 S1)": {
            "test_smallest_counterfactual": "the counterfactual", "test_smallest_counterfactual_cost": "the counterfactual",
            "test_smallest_counterfactual_none": "a = 3, flips the rule",
            "test_smallest_counterfactual_ties": "a tie between two features"},
        # review x05-r11 D1: a cost slip costs the cost cell only, not the single-vs-pair tie as well
        "Euclidean cost (review x05-r11 D1)": {"test_smallest_counterfactual_cost": "a rule model, all scales 1"},
        "squared distance (review x05-r11 D1)": {"test_smallest_counterfactual_cost": "a rule model, all scales 1"},
        "max instead of sum": {"test_smallest_counterfactual_cost": "a rule model, all scales 1"},
        "tie: pairs tried before single changes": {"test_smallest_counterfactual_ties": "a one-feature and a two-feature change"},
    },
    "card_claims": {
        "labels: biased in the test rows only (review x05-r10 S1)": {"test_card_claims_labels": "the recorded completions"},
        "proxy: its AUC read as how well it predicts completion by group (review x05-r10 S1)": {
            "test_card_claims_proxy": "what the proxy does in this model"},
        "remedy: re-measuring taken to show what the proxy caused (review x05-r10 S1)": {
            "test_card_claims_remedy": "what retraining without the proxy"},
        "use: at enrolment, before any activity (review x05-r10 S1)": {"test_card_claims_use": "the card's intended use"},
        "the most cautious option (review x05-r10 S1)": {
            "test_card_claims_labels": "the recorded completions", "test_card_claims_use": "the card's intended use"},
    },
    "explain_std_measures": {
        "only the variation between test learners (review x05-r10 S1: the most cautious option)": {
            "test_explain_std_measures": "what the std over repeats measures"},
    },
    "explain_causal": {
        "nothing yet: an interval over test learners would make it causal (review x05-r10 S1: the most cautious option)": {
            "test_explain_causal": "what a large importance shows"},
    },
    "repeats_needed": {
        "rounded to the nearest, plus one (review x05-r9 M3)": {"test_repeats_needed": "7.5625"},
        "one-sided: only a positive mean counted beyond noise (review x05-r19 M1)": {"test_repeats_needed": "-0.003"},
    },
    # review x05-r7 D1: a sign slip costs the function's own cell only, not a reading as well
    "difference_in_se": {
        "mean2 − mean1: sign reversed (review x05-r7 D1)": {"test_difference_in_se": "P − Q"},
        "r hard-coded as the table's 10 (review x05-r13 D2)": {"test_difference_in_se": "use r, not 10"},
    },
    "mean_in_se": {
        "sign reversed (review x05-r7 D1)": {"test_mean_in_se": "the mean of T"},
        "r hard-coded as the table's 10 (review x05-r13 D2)": {"test_mean_in_se": "use r, not 10"},
    },
    "build_model_card": {
        # review x05-r13 D1: the hint names the exception raised, and blames the array only when it is the array
        "text built with Series.unique() (fails on a NumPy array)": {
            "test_build_model_card_sections": "A NumPy array has no Series methods"},
    },
}


def _ranked(sort: str) -> str:
    """A correct ``rank_importances`` whose last step is ``sort`` (a statement returning the sorted table)."""
    return f'''
def rank_importances(model, X, y, n_repeats=10, random_state=0):
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=random_state)
    table = pd.DataFrame({{"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std}})
    {sort}
'''


#: Right answers: each must pass EVERY test cell of its question (tests/course/test_05_accepted.py).
#: Review x05-r12 D1: question 1's order cells had a tie (``key`` and ``e`` both at −0.4245) that only a
#: stable descending sort put in the expected order; every correct descending sort is listed here.
ACCEPTED = {
    "rank_importances": {
        "sort_values(ascending=False), default quicksort": _ranked(
            'return table.sort_values("mean", ascending=False).reset_index(drop=True)'),
        "sort_values(ascending=False, kind='heapsort')": _ranked(
            'return table.sort_values("mean", ascending=False, kind="heapsort").reset_index(drop=True)'),
        "importances_mean.argsort()[::-1], the scikit-learn user-guide idiom (review x05-r12 D1)": _ranked(
            'return table.iloc[result.importances_mean.argsort()[::-1]].reset_index(drop=True)'),
        "np.argsort of the means, reversed (review x05-r12 D1)": _ranked(
            'return table.iloc[np.argsort(table["mean"].to_numpy())[::-1]].reset_index(drop=True)'),
        "sort_values ascending, then .iloc[::-1] (review x05-r12 D1)": _ranked(
            'return table.sort_values("mean").iloc[::-1].reset_index(drop=True)'),
        "np.argsort(-mean)": _ranked(
            'return table.iloc[np.argsort(-table["mean"].to_numpy())].reset_index(drop=True)'),
        "sorted(..., key=mean, reverse=True) over the rows (review x05-r12 D1)": _ranked(
            'rows = sorted(table.to_dict("records"), key=lambda row: row["mean"], reverse=True)\n'
            '    return pd.DataFrame(rows, columns=["feature", "mean", "std"])'),
        "nlargest over every row": _ranked(
            'return table.nlargest(len(table), "mean").reset_index(drop=True)'),
        "ties broken by name (review x05-r12 D1)": _ranked(
            'return table.sort_values(["mean", "feature"], ascending=[False, True]).reset_index(drop=True)'),
        "the feature as the index, sorted, index reset": _ranked(
            'return table.set_index("feature").sort_values("mean", ascending=False).reset_index()'),
    },
    # review x05-r13 S1: Q2 refuses scikit-learn's estimators; an encoding written by hand still passes
    "proxy_auc": {
        "shares counted in dicts, the prior as sum / len": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    out = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            cats = values.astype(str).to_numpy()
            score = np.zeros(len(cats))
            for train, test in folds.split(np.zeros(len(cats)), in_group):
                sums, counts = {}, {}
                for cat, lab in zip(cats[train], in_group[train]):
                    sums[cat] = sums.get(cat, 0) + lab
                    counts[cat] = counts.get(cat, 0) + 1
                prior = in_group[train].sum() / len(train)
                score[test] = [sums[c] / counts[c] if c in counts else prior for c in cats[test]]
        auc = roc_auc_score(in_group, score)
        out[col] = max(auc, 1 - auc)
    return pd.Series(out).sort_values(ascending=False)
''',
        "pd.factorize and np.bincount, the prior where a count is 0": '''
def proxy_auc(X, sensitive, group):
    in_group = (np.asarray(sensitive) == group).astype(int)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    out = {}
    for col in X.columns:
        values = X[col]
        if pd.api.types.is_numeric_dtype(values):
            score = values.to_numpy(dtype=float)
        else:
            codes, uniq = pd.factorize(values.astype(str))
            score = np.zeros(len(codes))
            for train, test in folds.split(codes, in_group):
                n = np.bincount(codes[train], minlength=len(uniq))
                k = np.bincount(codes[train], weights=in_group[train], minlength=len(uniq))
                share = np.divide(k, n, out=np.full(len(uniq), in_group[train].mean()), where=n > 0)
                score[test] = share[codes[test]]
        auc = roc_auc_score(in_group, score)
        out[col] = max(auc, 1 - auc)
    return pd.Series(out).sort_values(ascending=False)
''',
    },
    # review x05-r13 D1: a card whose text quotes the card's own numbers (as Q6 invites) passes the sections cell
    "build_model_card": {
        "text quoting the card's TPRs by group and its accuracy (review x05-r13 D1)": '''
def build_model_card(model, X_test, y_test, sensitive, proxy):
    groups = ", ".join(sorted({str(g) for g in np.asarray(sensitive)}))
    card = model_card_from_model(
        model, X_test, y_test, sensitive_features=sensitive, name="mentor-offer model", version="1.0",
        intended_use="At the end of their third week, offer a mentor to the learners predicted "
                     "to be recorded as completing; this platform only.",
        out_of_scope_uses=["Admission, grading or exclusion decisions",
                           "Learners outside the platform"],
        factors=[f"background groups {groups}: audited, not model inputs"],
        data="Synthetic learners of one enrolment year; historical labels under-credit "
             "first-generation completers.",
        evaluation_data=f"{len(X_test)} held-out learners of the same year, not a later cohort.",
        ethical_considerations=[f"{proxy} predicts background, so the model can use background "
                                "through it; leaving background out does not prevent that."],
        caveats=["Monitor selection rate and TPR by group after deployment."],
    )
    by = card.metrics_by_group
    card.ethical_considerations.append("; ".join(f"{g} TPR {by.loc[g, 'tpr']:.0%} ({by.loc[g, 'tpr_low']:.0%}-{by.loc[g, 'tpr_high']:.0%})" for g in by.index))
    card.caveats.append(f"Accuracy {card.metrics['accuracy']:.1%} is measured against biased labels.")
    return card
''',
    },
}

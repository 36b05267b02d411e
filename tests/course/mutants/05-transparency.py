"""Plausible wrong answers to exercise 05; every one must fail at least one test cell."""

MUTANTS = {
    'rank_importances': {
        'ascending sort': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=True, kind="stable").reset_index(drop=True)
''',
        'ignores n_repeats': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=10, random_state=seed)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'ignores seed': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=0)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'std across features': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances.std(axis=0).mean() + 0 * result.importances_std})
    return table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
''',
        'names not re-sorted': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    order = table["mean"].sort_values(ascending=False).to_numpy()
    return table.assign(mean=order)
''',
        'ranks by |mean|': '''
def rank_importances(model, X, y, n_repeats=10, seed=0):
    """Permutation importances of the columns of X, most important first."""
    result = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)
    table = pd.DataFrame({"feature": list(X.columns), "mean": result.importances_mean,
                          "std": result.importances_std})
    return table.sort_values("mean", key=abs, ascending=False, kind="stable").reset_index(drop=True)
''',
    },
    'proxy_auc': {
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
    },
    'smallest_counterfactual': {
        'single feature only': '''
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
        'L2 cost': '''
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
        'max instead of sum': '''
APPLICANT = X_test.loc[[940]]
GRID = {"hours_per_week": [float(h) for h in np.arange(2.0, 20.5, 0.5)],
        "forum_posts": list(range(0, 16)),
        "prior_courses": list(range(0, 8))}
IMMUTABLE = ["prior_courses"]          # the applicant cannot change her past
SCALE = X_train.std(numeric_only=True).to_dict()


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
    },
    'build_model_card': {
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
    },
}

"""Plausible wrong answers to exercise 01; every one must fail at least one test cell."""

MUTANTS = {
    "split_by_learner": {
        "row-wise split (leaks learners)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    from sklearn.model_selection import train_test_split
    return train_test_split(df, test_size=test_size, random_state=seed)
''',
        "test_size taken as share of rows": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(df))) // 2, replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "train and test swapped": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[in_test], df[~in_test]
''',
        "seed ignored": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(0)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "index reset (rows no longer traceable)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test].reset_index(drop=True), df[in_test].reset_index(drop=True)
''',
        "duplicate enrolments dropped": '''
def split_by_learner(df, test_size=0.25, seed=0):
    df = df.drop_duplicates("learner_id")
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
    },
    "fit_completion_model": {
        "leaks completed_true": '''
def fit_completion_model(train):
    from sklearn.linear_model import LogisticRegression
    cols = ["completed_true", "quiz_avg", "hours_per_week"]
    return LogisticRegression(max_iter=1000).fit(train[cols], train["completed"])
''',
        "returns an unfitted model": '''
def fit_completion_model(train):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression()
''',
        "majority baseline": '''
def fit_completion_model(train):
    from sklearn.dummy import DummyClassifier
    return DummyClassifier().fit(train[FEATURES], train["completed"])
''',
        "uses the sensitive attribute column": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("n", StandardScaler(), numbers),
                                 ("c", OneHotEncoder(), ["device", "background"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train, train["completed"])
''',
    },
    "accuracy_by_hand": {
        "divides by the number of positives": '''
def accuracy_by_hand(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true == y_pred).sum() / max(1, (y_true == 1).sum()))
''',
        "share of correct positives only (recall)": '''
def accuracy_by_hand(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_pred[y_true == 1] == 1).mean())
''',
        "selection rate instead of accuracy": '''
def accuracy_by_hand(y_true, y_pred):
    return float(np.mean(y_pred))
''',
        "hard-coded visible answer": '''
def accuracy_by_hand(y_true, y_pred):
    from sklearn.metrics import accuracy_score
    return 0.0 + accuracy_score(test["completed"], model.predict(test[FEATURES]))
''',
    },
    "error_rate_by_class": {
        "divides by everyone": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {c: float(((y_true == c) & (y_pred != c)).sum() / len(y_true)) for c in (0, 1)}
''',
        "classes swapped": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {1 - c: float((y_pred[y_true == c] != c).mean()) for c in (0, 1)}
''',
        "conditions on the predicted class": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {c: float((y_true[y_pred == c] != c).mean()) for c in (0, 1)}
''',
        "accuracy within class instead of error": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {c: float((y_pred[y_true == c] == c).mean()) for c in (0, 1)}
''',
        "only the false-positive rate": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {0: float((y_pred[y_true == 0] != 0).mean())}
''',
    },
}

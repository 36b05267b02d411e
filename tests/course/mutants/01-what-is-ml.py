"""Plausible wrong answers to exercise 01; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message (tests/course/test_shortcuts.py).
"""

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
        "truncates test_size * n": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(test_size * len(ids)), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "rounds up (as GroupShuffleSplit does)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(np.ceil(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "off by one learner": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))) + 1, replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "positions used as index labels on a filtered frame": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    where = np.flatnonzero(df["learner_id"].isin(test_ids).to_numpy())
    return df.loc[~df.index.isin(where)], df.loc[df.index.isin(where)]
''',
        "GroupShuffleSplit (library, rounds up)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    from sklearn.model_selection import GroupShuffleSplit
    tr, te = next(GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
                  .split(df, groups=df["learner_id"]))
    return df.iloc[tr], df.iloc[te]
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
        "fitted on all enrolments (test rows included)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("n", StandardScaler(), numbers), ("c", OneHotEncoder(), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(enrolments[FEATURES],
                                                                         enrolments["completed"])
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
        "library accuracy_score": '''
def accuracy_by_hand(y_true, y_pred):
    from sklearn.metrics import accuracy_score
    return float(accuracy_score(y_true, y_pred))
''',
        "aligns Series by index label": '''
def accuracy_by_hand(y_true, y_pred):
    import pandas as pd
    a, b = pd.Series(y_true), pd.Series(y_pred)
    if isinstance(y_true, pd.Series) or isinstance(y_pred, pd.Series):
        a, b = a.align(b, join="inner")
    return float((a == b).mean())
''',
        "returns a NumPy float of the count": '''
def accuracy_by_hand(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true == y_pred).sum() / (len(y_true) - 1))
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
        "library confusion_matrix": '''
def error_rate_by_class(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred).ravel()
    return {0: float(fp / (fp + tn)), 1: float(fn / (fn + tp))}
''',
        "median instead of mean": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {int(c): float(np.median(y_pred[y_true == c] != c)) for c in (0, 1)}
''',
        "string keys": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {str(c): float((y_pred[y_true == c] != c).mean()) for c in (0, 1)}
''',
    },
    "read_accuracy": {
        # Not a mutant: sqrt(p(1-p)/(n-1)) (the Bessel-corrected variance) differs from
        # sqrt(p(1-p)/n) by 0.25 % at n = 200 and is a defensible answer; the tests accept it.
        "SE of the baseline": '''
READING = {"se": (0.88 * 0.12 / 200) ** 0.5, "better_than_baseline": False, "n_needed": 569, "ask_next": "b"}
''',
        "SE without the square root": '''
READING = {"se": 0.91 * 0.09 / 200, "better_than_baseline": False, "n_needed": 569, "ask_next": "b"}
''',
        "calls the reported 0.03 an established gain": '''
READING = {"se": (0.91 * 0.09 / 200) ** 0.5, "better_than_baseline": True, "n_needed": 569, "ask_next": "b"}
''',
        "n rounded down": '''
READING = {"se": (0.91 * 0.09 / 200) ** 0.5, "better_than_baseline": False, "n_needed": 568, "ask_next": "b"}
''',
        "n for a variance of 0.012": '''
READING = {"se": (0.91 * 0.09 / 200) ** 0.5, "better_than_baseline": False, "n_needed": 7, "ask_next": "b"}
''',
        "asks for training accuracy": '''
READING = {"se": (0.91 * 0.09 / 200) ** 0.5, "better_than_baseline": False, "n_needed": 569, "ask_next": "a"}
''',
        "asks for more decimals": '''
READING = {"se": (0.91 * 0.09 / 200) ** 0.5, "better_than_baseline": False, "n_needed": 569, "ask_next": "d"}
''',
    },
    "mentor_offers": {
        "recall instead of precision": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(offered[completed == 1].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "strict > at the threshold": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score > threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "everyone without a place counted": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int((~offered).sum())}
''',
        "non-completers WITH a place (false positives)": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int((offered & (completed == 0)).sum())}
''',
        "precision divided by everyone": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float((completed[offered] == 1).sum() / len(completed)),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "threshold fixed at 0.5": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= 0.5
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "aligns Series by index label": '''
def mentor_offers(completed, score, threshold=0.5):
    import pandas as pd
    completed, score = pd.Series(completed), pd.Series(score, dtype=float)
    completed, score = completed.align(score, join="inner")
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
    },
    "read_target": {
        "precision read as the mentor's effect": '''
TARGET = {"precision_means": "a", "lowest_scores": "a", "help_needs": "d"}
''',
        "precision read as need": '''
TARGET = {"precision_means": "b", "lowest_scores": "a", "help_needs": "d"}
''',
        "false negatives still withhold help": '''
TARGET = {"precision_means": "c", "lowest_scores": "b", "help_needs": "d"}
''',
        "targeting need means refitting": '''
TARGET = {"precision_means": "c", "lowest_scores": "c", "help_needs": "d"}
''',
        "uplift from records with no assumption": '''
TARGET = {"precision_means": "c", "lowest_scores": "a", "help_needs": "c"}
''',
        "a better completion predictor": '''
TARGET = {"precision_means": "c", "lowest_scores": "a", "help_needs": "a"}
''',
    },
}

SHORTCUTS = {
    "fit_completion_model": {
        "the course's case_study_model": '''
def fit_completion_model(train):
    from responsible_ml.data import case_study_model
    return case_study_model().fit(train[FEATURES], train["completed"])
''',
    },
    "split_by_learner": {
        "GroupShuffleSplit imported in the answer": MUTANTS["split_by_learner"]["GroupShuffleSplit (library, rounds up)"],
        "train_test_split on the learner ids": '''
from sklearn.model_selection import train_test_split as _tts


def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    _, test_ids = _tts(ids, test_size=int(round(test_size * len(ids))), random_state=seed)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
    },
    "accuracy_by_hand": {
        "accuracy_score imported at the top": '''
from sklearn.metrics import accuracy_score


def accuracy_by_hand(y_true, y_pred):
    return float(accuracy_score(y_true, y_pred))
''',
        "through sys.modules": '''
import sys


def accuracy_by_hand(y_true, y_pred):
    return float(sys.modules["sklearn.metrics"].accuracy_score(y_true, y_pred))
''',
        "through importlib and getattr": '''
import importlib


def accuracy_by_hand(y_true, y_pred):
    return float(getattr(importlib.import_module("sklearn.metrics"), "accuracy_" + "score")(y_true, y_pred))
''',
        "a reference saved before the test": '''
import sklearn.metrics as _m
_saved = _m.accuracy_score


def accuracy_by_hand(y_true, y_pred):
    return float(_saved(y_true, y_pred))
''',
    },
    "mentor_offers": {
        "precision_score and confusion_matrix": '''
def mentor_offers(completed, score, threshold=0.5):
    from sklearn.metrics import confusion_matrix, precision_score
    pred = (np.asarray(score, dtype=float) >= threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(completed, pred, labels=[0, 1]).ravel()
    return {"offered": int(tp + fp), "precision": float(precision_score(completed, pred)),
            "non_completers_without": int(tn)}
''',
    },
    "error_rate_by_class": {
        "confusion_matrix inside the answer": MUTANTS["error_rate_by_class"]["library confusion_matrix"],
        "fairlearn's MetricFrame": '''
def error_rate_by_class(y_true, y_pred):
    from fairlearn.metrics import false_negative_rate, false_positive_rate
    return {0: float(false_positive_rate(y_true, y_pred)), 1: float(false_negative_rate(y_true, y_pred))}
''',
    },
}

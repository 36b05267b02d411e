"""Plausible wrong answers to exercise 01; every one must fail at least one test cell.

``FAILS`` names, for some of them, exactly which test cells they fail (and a phrase of each
message): one mistake costs its own part only (tests/course/test_mutants.py).

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message (tests/course/test_shortcuts.py).
"""

#: 7b-7d answered by length: the longest option shown in the trainee's order for `items`, the
#: right option for the others.
_LONGEST = '''
def _letter(item, right):
    shown = [TARGET_OPTIONS[item][o] for o in V.params["letters"][item]]
    pick = max(range(4), key=lambda i: len(shown[i])) if item in {items!r} else V.params["letters"][item].index(right)
    return "abcd"[pick]
TARGET = {{"precision_means": _letter("precision_means", "b"), "lowest_scores": _letter("lowest_scores", "d"),
          "help_needs": _letter("help_needs", "a")}}
'''

#: The option whose words overlap most with the other three, in the trainee's order (task x05y:
#: 01's options gave this test-wise guess 3.0 of 6 items; tests/course/test_choices.py).
_OVERLAP = '''
import re as _re


def _overlap_pick(options, item):
    shown = [set(_re.findall(r"[a-z0-9]+", options[item][o].lower())) for o in V.params["letters"][item]]
    over = [sum(len(a & b) for j, b in enumerate(shown) if j != i) for i, a in enumerate(shown)]
    return "abcd"[over.index(max(over))]
'''

#: Question 5's three functions, the reference bodies unless one is given (review x01-r9).
_NOISE = """
def standard_error(accuracy, n):
    return {se}


def z_score(accuracy, baseline, se):
    return {z}


def n_needed(accuracy, target_se):
    return {n}
"""


#: Question 5's three verdicts read with a z-line and a rule for how z grows with the learners,
#: in the trainee's option order (any variant): the square-root law at 1.96 is the right reading.
_VERDICTS = '''
READING = {{"ask_next": "abcd"[V.params["letters"]["ask_next"].index("d")]}}
_shown = {{opt: letter for letter, opt in zip("abcd", V.params["letters"]["verdict"])}}
_z = (ACC - BASE) / math.sqrt(ACC * (1 - ACC) / N_TEST)
READING["verdict"] = _shown["a" if _z >= {line} else "c"]
READING["verdict_more"] = _shown["a" if _z * {more} >= {line} else "c"]
READING["verdict_larger"] = _shown["a" if _z * {larger} >= {line} else "c"]
'''


#: Question 5's reading cell with the trainee's own standard_error (``se``), the three verdicts read
#: from the numbers it prints, on the two-sided 1.96 line (review x01-r16 D1: the reading on the
#: trainee's own numbers counts only for a standard_error that follows the square-root law).
_OWN_READING = '''
def standard_error(accuracy, n):
    return {se}


READING = {{"ask_next": "abcd"[V.params["letters"]["ask_next"].index("d")]}}
_shown = {{opt: letter for letter, opt in zip("abcd", V.params["letters"]["verdict"])}}
for _key, _n in (("verdict", N_TEST), ("verdict_more", N_MORE), ("verdict_larger", N_LARGE)):
    READING[_key] = _shown["a" if abs(z_score(ACC, BASE, standard_error(ACC, _n))) >= 1.96 else "c"]
'''


#: Question 5's n_needed as a loop with a one-character typo, ``n + 1`` for ``n += 1``: it never ends
#: (review x01-r20 D1).
_HANG_N = """
def standard_error(accuracy, n):
    return math.sqrt(accuracy * (1 - accuracy) / n)


def z_score(accuracy, baseline, se):
    return (accuracy - baseline) / se


def n_needed(accuracy, target_se):
    n = 1
    while math.sqrt(accuracy * (1 - accuracy) / n) > target_se:
        n + 1
    return n
"""


def _noise(se="math.sqrt(accuracy * (1 - accuracy) / n)", z="(accuracy - baseline) / se",
           n="math.ceil(accuracy * (1 - accuracy) / target_se ** 2)"):
    return _NOISE.format(se=se, z=z, n=n)


#: Question 2 fitted on a bare NumPy array, its columns encoded by position (review x01-r15 D2).
_NUMPY_FIT = '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [FEATURES.index(f) for f in FEATURES if f != "device"]{extra}
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), [FEATURES.index("device")])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[{cols}].to_numpy(), train["completed"].to_numpy())
'''


def _encoded(classifier, imports):
    return f'''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    {imports}
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, {classifier}).fit(train[FEATURES], train["completed"])
'''


MUTANTS = {
    "split_by_learner": {
        "row selection by position on labelled frames (review D2: costs only the index cell)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    mask = df["learner_id"].isin(test_ids).to_numpy()
    return df.loc[np.flatnonzero(~mask)], df.loc[np.flatnonzero(mask)]
''',
        "the visible test's expected count read from the caller's frame (kind S1)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    import sys
    f, want = sys._getframe(1), None
    while f is not None and want is None:
        v = f.f_locals.get("want", f.f_locals.get("_want", f.f_locals.get("_t01h_want")))
        want = v if isinstance(v, int) else None
        f = f.f_back
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    k = int(want) if want is not None else int(test_size * len(ids))
    test_ids = rng.choice(ids, size=k, replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
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
        "generator not seeded (review x01-r5 D3: costs only the seed cell)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng()
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "a block of sorted ids from a random start (review x01-r9 M1: costs only the random-sample cell)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = np.sort(df["learner_id"].unique())
    rng = np.random.default_rng(seed)
    k = int(round(test_size * len(ids)))
    start = int(rng.integers(0, len(ids) - k + 1))
    in_test = df["learner_id"].isin(ids[start:start + k])
    return df[~in_test], df[in_test]
''',
        "a rotated list: k ids in order of appearance from a random start (review x01-r9 M1)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng(seed)
    k = int(round(test_size * len(ids)))
    in_test = df["learner_id"].isin(np.roll(ids, -int(rng.integers(len(ids))))[:k])
    return df[~in_test], df[in_test]
''',
        "a row-wise split by hand (leaks learners; review x01-r9 D2: not the rows cell)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    rng = np.random.default_rng(seed)
    in_test = np.zeros(len(df), dtype=bool)
    in_test[rng.choice(len(df), size=int(round(test_size * len(df))), replace=False)] = True
    return df[~in_test], df[in_test]
''',
        "GroupShuffleSplit (library, rounds up)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    from sklearn.model_selection import GroupShuffleSplit
    tr, te = next(GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
                  .split(df, groups=df["learner_id"]))
    return df.iloc[tr], df.iloc[te]
''',
        "every k-th learner from an offset the seed sets: a systematic sample (review x01-r11 M1)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    k = int(round(test_size * len(ids)))
    step = max(len(ids) // max(k, 1), 1)
    test_ids = ids[seed % step::step][:k]
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test], df[in_test]
''',
        "a column dropped and the generator not seeded: two slips in one cell (review x01-r11 D4: both named)": '''
def split_by_learner(df, test_size=0.25, seed=0):
    ids = df["learner_id"].unique()
    rng = np.random.default_rng()
    test_ids = rng.choice(ids, size=int(round(test_size * len(ids))), replace=False)
    in_test = df["learner_id"].isin(test_ids)
    return df[~in_test].drop(columns="name"), df[in_test].drop(columns="name")
''',
    },
    "fit_completion_model": {
        "a missing quiz_avg filled with 0 inside the model, SimpleImputer(strategy='constant') (review x01-r18 M1: costs only the new-learners part)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="constant"), StandardScaler()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        'a missing quiz_avg filled with -1 before a depth-4 tree (review x01-r18 M1, same kind: a missing value read as a real one)': '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", SimpleImputer(strategy="constant", fill_value=-1), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, DecisionTreeClassifier(max_depth=4, random_state=0)).fit(train[FEATURES], train["completed"])
''',
        'a missing quiz_avg filled with the lowest training quiz (review x01-r18 M1, same kind)': '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    filled = train.assign(quiz_avg=train["quiz_avg"].fillna(train["quiz_avg"].min()))
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="constant", fill_value=float(filled["quiz_avg"].min())), StandardScaler()), ["quiz_avg"]),
                                 ("rest", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), [f for f in numbers if f != "quiz_avg"]),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        'an over-regularised logistic regression, C=1e-4: one class for everyone, no leak (review x01-r18 D1: costs only the baseline part)': '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(C=1e-4, max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        'background added to FEATURES, encoded with device (review x01-r18: the leakage message names background and why it is left out)': '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
                                 ("categories", OneHotEncoder(handle_unknown="ignore"), ["device", "background"])])
    columns = FEATURES + ["background"]
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[columns], train["completed"])
''',
        "the lesson's cell 17 with new names (review S1; x01-r8 D3: tablet and missing quiz unscored, costs only the new-learners part, naming both)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    features = FEATURES
    prepare = ColumnTransformer([("numbers", StandardScaler(), features[:-1]),
                                 ("device", OneHotEncoder(drop="first"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "device dropped, numbers passed through (review S2: costs the device part)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    numbers = [f for f in FEATURES if f != "device"]
    return make_pipeline(ColumnTransformer([("n", "passthrough", numbers)]),
                         LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "device one-hot encoded with get_dummies before fit (predict on FEATURES fails)": '''
def fit_completion_model(train):
    from sklearn.linear_model import LogisticRegression
    X = pd.get_dummies(train[FEATURES], columns=["device"], drop_first=True)
    return LogisticRegression(max_iter=1000).fit(X, train["completed"])
''',
        "device encoded with get_dummies before fit, numbers scaled and filled (review x01-r6 D1: costs only the device part)": '''
def fit_completion_model(train):
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    X = pd.get_dummies(train[FEATURES], columns=["device"])
    return make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, train["completed"])
''',
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
        "scaler fitted on all enrolments, test learners included (review x01-r5 M1)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    scaler = StandardScaler().fit(enrolments[numbers])
    prepare = ColumnTransformer([("n", make_pipeline(SimpleImputer(), FunctionTransformer(scaler.transform)), numbers),
                                 ("c", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "device left out, a bare scaler and model on the numbers (review x01-r5 D1: costs only the device part)": '''
def fit_completion_model(train):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(train[numbers], train["completed"])
''',
        "5 nearest neighbours, fitted on train (review x01-r5 D2: weak, costs only the baseline part)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("n", make_pipeline(SimpleImputer(), StandardScaler()), numbers),
                                 ("c", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, KNeighborsClassifier(5)).fit(train[FEATURES], train["completed"])
''',
        "the lesson's unpruned tree, unknown device ignored (review x01-r5 D2: weak, costs only the baseline part)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier
    prepare = ColumnTransformer([("c", OneHotEncoder(handle_unknown="ignore"), ["device"])], remainder=SimpleImputer())
    return make_pipeline(prepare, DecisionTreeClassifier(random_state=0)).fit(train[FEATURES], train["completed"])
''',
        "the lesson's unpruned tree, random_state=2, behind an imputer and an encoder ignoring unknown devices (review x01-r11 D1: was a visible ✓ on one sample, lost at grading; fails visibly now)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("n", SimpleImputer(strategy="median"), numbers),
                                 ("d", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, DecisionTreeClassifier(random_state=2)).fit(train[FEATURES], train["completed"])
''',
        "an unpruned tree with criterion='entropy', random_state=2, behind the prompt's imputer and encoder (review x01-r15 M1: cleared the bar on both samples in variant 0 and took all of Q2; fails on its certainty now)": _encoded(
            'DecisionTreeClassifier(criterion="entropy", random_state=2)', "from sklearn.tree import DecisionTreeClassifier"),
        "an unpruned tree with criterion='entropy', random_state=12 (review x01-r15 M1, same kind: another seed that cleared the bar)": _encoded(
            'DecisionTreeClassifier(criterion="entropy", random_state=12)', "from sklearn.tree import DecisionTreeClassifier"),
        "a single extremely randomised tree, unpruned (review x01-r15 M1, same kind: learned by heart)": _encoded(
            "ExtraTreeClassifier(random_state=0)", "from sklearn.tree import ExtraTreeClassifier"),
        "one nearest neighbour (review x01-r15 M1, same kind: copies one training learner)": _encoded(
            "KNeighborsClassifier(1)", "from sklearn.neighbors import KNeighborsClassifier"),
        "the lesson's tree with criterion='entropy', random_state=2 (review x01-r15 M1: cleared the bar; loses the baseline and new-learners parts)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier
    tree = make_pipeline(ColumnTransformer([("device", OneHotEncoder(drop="first"), ["device"])], remainder="passthrough"),
                         DecisionTreeClassifier(criterion="entropy", random_state=2))
    return tree.fit(train[FEATURES], train["completed"])
''',
        "completed_true among the columns of a bare NumPy array, encoded by position (review x01-r15 D2: costs only the leakage part)": _NUMPY_FIT.format(
            cols='FEATURES + ["completed_true"]', extra=" + [len(FEATURES)]"),
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
        "scaler fitted on all enrolments at cell level, wrapped in a FunctionTransformer (review x01-r10 M1)": '''
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
_numbers = [f for f in FEATURES if f != "device"]
SCALER = StandardScaler().fit(enrolments[_numbers])        # at cell level: test learners included


def fit_completion_model(train):
    prep = ColumnTransformer([("n", make_pipeline(SimpleImputer(), FunctionTransformer(SCALER.transform)), _numbers),
                              ("d", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prep, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "scaler fitted on a bare array of all enrolments at cell level, called by a function of ones own (review x01-r10 M1, same kind)": '''
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
_numbers = [f for f in FEATURES if f != "device"]
_scaler = StandardScaler().fit(enrolments[_numbers].to_numpy())


def _scale(X):
    return _scaler.transform(X)


def fit_completion_model(train):
    prep = ColumnTransformer([("n", make_pipeline(SimpleImputer(), FunctionTransformer(_scale)), _numbers),
                              ("d", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prep, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "device dropped, numbers imputed and scaled (review x01-r10 D1: costs only the device part)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers)])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
    },
    "accuracy_by_hand": {
        "the mean of y_pred, y_true ignored (review x01-r11 D2: no input-handling point)": '''
def accuracy_by_hand(y_true, y_pred):
    return float(np.mean(np.asarray(y_pred)))
''',
        "constant accuracy (review D1: the inputs cell must fail it too)": '''
def accuracy_by_hand(y_true, y_pred):
    return 0.6
''',
        "the test's expected value read from globals or the caller's frame (kind S1)": '''
def accuracy_by_hand(y_true, y_pred):
    import sys
    f = sys._getframe(1)
    while f is not None:
        for name in ("_expected", "_exp", "expected"):
            if name in f.f_locals:
                return float(f.f_locals[name])
        f = f.f_back
    for name in ("_expected", "_exp"):
        if name in globals():
            return float(globals()[name])
    return 0.5
''',
        "an object equal to everything": '''
class _Any(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__

def accuracy_by_hand(y_true, y_pred):
    return _Any(0.0)
''',
        "right on arrays, breaks on lists and Series (review D5: costs only the inputs cell)": '''
def accuracy_by_hand(y_true, y_pred):
    return float((y_true == y_pred).mean())
''',
        "no np.asarray (breaks on lists)": '''
def accuracy_by_hand(y_true, y_pred):
    return float((y_true == y_pred).mean())
''',
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
        "constant rates (review D1: the inputs cell must fail it too)": '''
def error_rate_by_class(y_true, y_pred):
    return {0: 0.25, 1: 0.25}
''',
        "the test's confusion counts read from the caller's frame (kind S1)": '''
def error_rate_by_class(y_true, y_pred):
    import sys
    f = sys._getframe(1)
    while f is not None:
        loc = f.f_locals
        if all(k in loc for k in ("tn", "fp", "fn", "tp")):
            return {0: loc["fp"] / (loc["fp"] + loc["tn"]), 1: loc["fn"] / (loc["fn"] + loc["tp"])}
        f = f.f_back
    return {0: 0.5, 1: 0.5}
''',
        "pandas boolean masks on Series (review D5: costs only the inputs cell)": '''
def error_rate_by_class(y_true, y_pred):
    t, p = pd.Series(y_true), pd.Series(y_pred)
    return {c: float((p[t == c] != c).mean()) for c in (0, 1)}
''',
        "no np.asarray (breaks on lists)": '''
def error_rate_by_class(y_true, y_pred):
    return {c: float((y_pred[y_true == c] != c).mean()) for c in (0, 1)}
''',
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
        "boolean keys False and True (review x01-r8 kind D1: refused visibly, as hidden)": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {bool(c): float((y_pred[y_true == c] != c).mean()) for c in (0, 1)}
''',
        "string keys": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {str(c): float((y_pred[y_true == c] != c).mean()) for c in (0, 1)}
''',
        "the false-negative rate over everyone, the false-positive rate right (review x01-r13 D3: costs only class 1)": '''
def error_rate_by_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {0: float((y_pred[y_true == 0] != 0).mean()), 1: float(((y_true == 1) & (y_pred != 1)).sum() / len(y_true))}
''',
    },
    "accuracy_noise": {
        "variance as the SE, no square root (review x01-r9 D1: costs only standard_error)": _noise(
            se="accuracy * (1 - accuracy) / n"),
        "z undivided: the gain itself (review x01-r9 D3: caught visibly)": _noise(z="accuracy - baseline"),
        "z divided by 1.96 se (review x01-r9 D3: caught visibly)": _noise(z="(accuracy - baseline) / (1.96 * se)"),
        "z from an SE it computes from N_TEST, not the se it is given": _noise(
            z="(accuracy - baseline) / math.sqrt(accuracy * (1 - accuracy) / N_TEST)"),
        "z from the SE of the baseline under the null": _noise(
            z="(accuracy - baseline) / math.sqrt(baseline * (1 - baseline) / N_TEST)"),
        "n_needed with a 1.96² factor (review x01-r9 D3: caught visibly)": _noise(
            n="math.ceil(1.96 ** 2 * accuracy * (1 - accuracy) / target_se ** 2)"),
        "n_needed rounded to the nearest with round() (review M1: caught visibly)": _noise(
            n="int(round(accuracy * (1 - accuracy) / target_se ** 2))"),
        "n_needed from np.ceil, a float (review x01-r8 D2: refused visibly and hidden, the type named)": _noise(
            n="np.ceil(accuracy * (1 - accuracy) / target_se ** 2)"),
        "n_needed for a target variance (no square)": _noise(n="math.ceil(accuracy * (1 - accuracy) / target_se)"),
        "n_needed rounded up as floor + 1, int(x) + 1 (review x01-r12 M1: caught visibly on a whole quotient)": _noise(
            n="int(accuracy * (1 - accuracy) / target_se ** 2) + 1"),
        "n_needed rounded up as math.floor(x) + 1 (review x01-r12 M1, same kind)": _noise(
            n="math.floor(accuracy * (1 - accuracy) / target_se ** 2) + 1"),
        "n_needed rounded up as round(x + 0.5) (review x01-r12 M1, same kind: passes visibly, 48.5 rounds to even)": _noise(
            n="int(round(accuracy * (1 - accuracy) / target_se ** 2 + 0.5))"),
        "variant 0's published numbers typed as constants (review x01-r9 S2: earn nothing)": _noise(
            se="0.020223748416156685", z="1.4834045293024067", n="525"),
        "the check case's numbers typed as constants (kind S2: z passes visibly, earn nothing; se fails the small-SE case since x01-r13 D2)": _noise(
            se="0.01", z="5.0", n="1976"),
        "standard_error rounded to 4 decimals (review x01-r13 D2: caught visibly on a small SE)": _noise(
            se="round(math.sqrt(accuracy * (1 - accuracy) / n), 4)"),
        "n_needed floored: int(x) (one learner too few)": _noise(n="int(accuracy * (1 - accuracy) / target_se ** 2)"),
        "the SE shrinks like 1/n: sqrt(a(1-a)) / n (review x01-r16 D1: costs standard_error)": _noise(
            se="math.sqrt(accuracy * (1 - accuracy)) / n"),
        "n_needed that never ends, n + 1 for n += 1 (review x01-r20 D1: costs only n_needed, by its time limit)": _HANG_N,
    },
    "read_accuracy": {
        "every choice: the option whose words overlap most with the other three (task x05y)": _OVERLAP + '''
READING = {k: _overlap_pick(Q5_OPTIONS, "verdict") for k in ("verdict", "verdict_more", "verdict_larger")}
READING["ask_next"] = _overlap_pick(Q5_OPTIONS, "ask_next")
''',
        "verdict: the longest option (review x01-r5 S1)": '''
_shown = [Q5_OPTIONS["verdict"][o] for o in V.params["letters"]["verdict"]]
_longest = "abcd"[max(range(4), key=lambda i: len(_shown[i]))]
READING = {"verdict": _longest, "verdict_more": _longest, "verdict_larger": _longest, "ask_next": "d"}
''',
        "calls the reported 0.03 an established gain": '''
READING = {"verdict": "a", "verdict_more": "a", "verdict_larger": "a", "ask_next": "d"}
''',
        "it is always noise: 'neither shown nor ruled out' for both reports (review x01-r11 M2)": '''
READING = {"verdict": "c", "verdict_more": "c", "verdict_larger": "c", "ask_next": "d"}
''',
        "the larger report read the wrong way round: shown on few learners, noise on many": '''
READING = {"verdict": "a", "verdict_more": "c", "verdict_larger": "c", "ask_next": "d"}
''',
        "reads 'not established' as 'no gain' (too small to matter)": '''
READING = {"verdict": "b", "verdict_more": "b", "verdict_larger": "a", "ask_next": "d"}
''',
        "both verdict entries wrong, 'no gain' and 'noise' (review x01-r12 D1: the message names both)": '''
READING = {"verdict": "b", "verdict_more": "c", "verdict_larger": "c", "ask_next": "d"}
''',
        "reads the interval reaching below 0.88 as the baseline being better": '''
READING = {"verdict": "d", "verdict_more": "d", "verdict_larger": "a", "ask_next": "d"}
''',
        "asks for training accuracy": '''
READING = {"verdict": "c", "verdict_more": "c", "verdict_larger": "a", "ask_next": "a"}
''',
        "asks for an interval it can compute itself": '''
READING = {"verdict": "c", "verdict_more": "c", "verdict_larger": "a", "ask_next": "b"}
''',
        "asks for the number of features": '''
READING = {"verdict": "c", "verdict_more": "c", "verdict_larger": "a", "ask_next": "c"}
''',
        "the SE shrinks like 1/n: z times N_MORE / N_TEST on N_MORE learners (review x01-r13 M1)": _VERDICTS.format(
            line=1.96, more="N_MORE / N_TEST", larger="N_LARGE / N_TEST"),
        "more data settles it: any larger sample shows the gain (review x01-r13 M1)": '''
READING = {"verdict": "c", "verdict_more": "a", "verdict_larger": "a", "ask_next": "d"}
''',
        "the one-sided line, 1.645, with the square-root law (review x01-r13 M2)": _VERDICTS.format(
            line=1.645, more="(N_MORE / N_TEST) ** 0.5", larger="(N_LARGE / N_TEST) ** 0.5"),
        "the variance as the SE, no square root, and 'shown' three times read from it (review x01-r16 D1)": _OWN_READING.format(
            se="accuracy * (1 - accuracy) / n"),
        "the SE shrinking like 1/n, and 'shown' three times read from it (review x01-r16 D1)": _OWN_READING.format(
            se="math.sqrt(accuracy * (1 - accuracy)) / n"),
    },
    "mentor_offers": {
        "counts returned as floats (review x01-r8 D1: refused visibly, as hidden)": '''
def mentor_offers(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": float(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": float(((~offered) & (completed == 0)).sum())}
''',
        "the lesson's pattern without np.asarray (review D2: costs only 'offered')": '''
def mentor_offers(completed, score, threshold=0.5):
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "the test's expected offers read from the caller's frame (kind S1)": '''
def mentor_offers(completed, score, threshold=0.5):
    import sys
    f = sys._getframe(1)
    while f is not None:
        loc = f.f_locals
        for name in ("_offered", "_want", "_small", "_t01h_want", "_t01h_small"):
            if name in loc and isinstance(loc[name], dict):
                return dict(loc[name])
        if "_offered" in loc:
            off = np.asarray(loc["_offered"])
            return {"offered": int(off.sum()), "precision": 0.5, "non_completers_without": 0}
        f = f.f_back
    return {"offered": 0, "precision": 0.5, "non_completers_without": 0}
''',
        "np.asarray on the labels only: a plain list of scores breaks (review x01-r5 D4: caught visibly)": '''
def mentor_offers(completed, score, threshold=0.5):
    completed = np.asarray(completed)
    offered = np.asarray(score >= threshold)
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
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
        "every item: the option whose words overlap most with the other three (task x05y)": _OVERLAP + '''
TARGET = {k: _overlap_pick(TARGET_OPTIONS, k) for k in ("precision_means", "lowest_scores", "help_needs")}
''',
        "precision read as the mentor's effect": '''
TARGET = {"precision_means": "a", "lowest_scores": "d", "help_needs": "a"}
''',
        "the longest option in every item (review x01-r5 S2, S3)": _LONGEST.format(items=("precision_means", "lowest_scores", "help_needs")),
        "precision_means: the longest option (review x01-r5 S2)": _LONGEST.format(items=("precision_means",)),
        "help_needs: the longest option (review x01-r5 S3)": _LONGEST.format(items=("help_needs",)),
        "precision read as need": '''
TARGET = {"precision_means": "c", "lowest_scores": "d", "help_needs": "a"}
''',
        "precision read as the false-discovery share": '''
TARGET = {"precision_means": "d", "lowest_scores": "d", "help_needs": "a"}
''',
        "false negatives still withhold help": '''
TARGET = {"precision_means": "b", "lowest_scores": "a", "help_needs": "a"}
''',
        "targeting need means refitting": '''
TARGET = {"precision_means": "b", "lowest_scores": "b", "help_needs": "a"}
''',
        "true negatives read as left without": '''
TARGET = {"precision_means": "b", "lowest_scores": "c", "help_needs": "a"}
''',
        "a better completion predictor": '''
TARGET = {"precision_means": "b", "lowest_scores": "d", "help_needs": "b"}
''',
        "precision at a lower threshold": '''
TARGET = {"precision_means": "b", "lowest_scores": "d", "help_needs": "c"}
''',
        "uplift from records adjusted for features, no assumption": '''
TARGET = {"precision_means": "b", "lowest_scores": "d", "help_needs": "d"}
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
        "case_study_model built at cell level, cloned and fitted in the function (review x01-r6 S2; caught since x01-r8 S1)": '''
from sklearn.base import clone as _clone
from responsible_ml.data import case_study_model as _csm
_TEMPLATE = _csm()


def fit_completion_model(train):
    return _clone(_TEMPLATE).fit(train[FEATURES], train["completed"])
''',
        "case_study_model built outside the check, imputer set_params'd in, cloned inside (review x01-r8 S1)": '''
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from responsible_ml.data import case_study_model as _csm
_PRE = _csm().set_params(columntransformer__num=make_pipeline(SimpleImputer(strategy="median"), StandardScaler()))


def fit_completion_model(train):
    return clone(_PRE).fit(train[FEATURES], train["completed"])
''',
        "case_study_model's steps deep-copied at cell level into a pipeline of one's own (review x01-r8 S1, same kind)": '''
import copy as _copy
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from responsible_ml.data import case_study_model as _csm
_STEPS = _copy.deepcopy(_csm().set_params(
    columntransformer__num=make_pipeline(SimpleImputer(strategy="median"), StandardScaler())).steps)


def fit_completion_model(train):
    return Pipeline(_copy.deepcopy(_STEPS)).fit(train[FEATURES], train["completed"])
''',
        "case_study_model with its marks popped from vars(est), an imputer in front, cloned inside (review x01-r17 S1)": '''
from responsible_ml.data import case_study_model as _csm
_proto = _csm()
for _e in [_proto] + [v for v in _proto.get_params(deep=True).values() if hasattr(v, "get_params")]:
    for _m in ("fit", "fit_transform", "__sklearn_clone__"):
        vars(_e).pop(_m, None)


def fit_completion_model(train):
    from sklearn.base import clone
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    fill = ColumnTransformer([("q", SimpleImputer(strategy="median"), ["quiz_avg"])], remainder="passthrough",
                             verbose_feature_names_out=False).set_output(transform="pandas")
    return make_pipeline(fill, clone(_proto)).fit(train[FEATURES], train["completed"])
''',
        "case_study_model with its marks popped from vars(est), fitted as it is (review x01-r17 S1, same kind)": '''
from sklearn.base import clone as _clone
from responsible_ml.data import case_study_model as _csm
_proto = _csm()
for _e in [_proto] + [v for v in _proto.get_params(deep=True).values() if hasattr(v, "get_params")]:
    for _m in list(vars(_e)):
        if not _m.endswith("_") and _m not in _e.get_params(deep=False):
            del vars(_e)[_m]


def fit_completion_model(train):
    return _clone(_proto).fit(train[FEATURES], train["completed"])
''',
        "case_study_model rebuilt step by step with type(est)(**est.get_params()) (review x01-r17 S1, same kind)": '''
from sklearn.compose import ColumnTransformer as _CT
from sklearn.impute import SimpleImputer as _SI
from sklearn.pipeline import make_pipeline as _mp
from responsible_ml.data import case_study_model as _csm
_proto = _csm()


def _rebuild(e):
    if isinstance(e, list):
        return [_rebuild(v) for v in e]
    if isinstance(e, tuple):
        return tuple(_rebuild(v) for v in e)
    if not hasattr(e, "get_params"):
        return e
    return type(e)(**{k: _rebuild(v) for k, v in e.get_params(deep=False).items()})


def fit_completion_model(train):
    fill = _CT([("q", _SI(strategy="median"), ["quiz_avg"])], remainder="passthrough",
               verbose_feature_names_out=False).set_output(transform="pandas")
    return _mp(fill, _rebuild(_proto)).fit(train[FEATURES], train["completed"])
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
        "scipy's hamming distance": '''
def accuracy_by_hand(y_true, y_pred):
    from scipy.spatial.distance import hamming
    return float(1 - hamming(np.asarray(y_true), np.asarray(y_pred)))
''',
        "scipy's compiled hamming kernel (a private extension module)": '''
def accuracy_by_hand(y_true, y_pred):
    from scipy.spatial import _distance_pybind
    a = np.asarray(y_true, dtype=float).reshape(1, -1)
    b = np.asarray(y_pred, dtype=float).reshape(1, -1)
    return float(1 - _distance_pybind.cdist_hamming(a, b)[0, 0])
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
        # Review x01-r7 D1: importing fairlearn inside the answer is not a shortcut (an unused
        # import gets full marks: tests/course/test_01_import_in_answer.py); calling it is.
        "fairlearn's selection_rate imported in the function and called for the count": '''
def mentor_offers(completed, score, threshold=0.5):
    from fairlearn.metrics import selection_rate
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(round(selection_rate(completed, offered.astype(int)) * len(score))),
            "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''',
        "scipy.stats.binned_statistic: the mean outcome of those offered (review x01-r6 S3, same kind)": '''
def mentor_offers(completed, score, threshold=0.5):
    from scipy.stats import binned_statistic
    y, off = np.asarray(completed), np.asarray(score, dtype=float) >= threshold
    precision = binned_statistic(off.astype(float), y, "mean", bins=[-0.5, 0.5, 1.5]).statistic[1]
    return {"offered": int(off.sum()), "precision": float(precision),
            "non_completers_without": int(((~off) & (y == 0)).sum())}
''',
        "pandas crosstab of completed by offered": '''
def mentor_offers(completed, score, threshold=0.5):
    import pandas as pd
    ct = pd.crosstab(np.asarray(completed), np.asarray(score, dtype=float) >= threshold)
    return {"offered": int(ct[True].sum()), "precision": float(ct.loc[1, True] / ct[True].sum()),
            "non_completers_without": int(ct.loc[0, False])}
''',
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
        "scipy.stats.binned_statistic: the mean of the errors within each true class (review x01-r6 S3)": '''
def error_rate_by_class(y_true, y_pred):
    from scipy.stats import binned_statistic
    t, p = np.asarray(y_true), np.asarray(y_pred)
    rates = binned_statistic(t, t != p, "mean", bins=[-0.5, 0.5, 1.5]).statistic
    return {0: float(rates[0]), 1: float(rates[1])}
''',
        "scipy.ndimage.mean of the errors labelled by the true class": '''
def error_rate_by_class(y_true, y_pred):
    from scipy import ndimage
    t, p = np.asarray(y_true), np.asarray(y_pred)
    r0, r1 = ndimage.mean((t != p).astype(float), labels=t + 1, index=[1, 2])
    return {0: float(r0), 1: float(r1)}
''',
        "confusion_matrix inside the answer": MUTANTS["error_rate_by_class"]["library confusion_matrix"],
        "pandas crosstab normalised by row": '''
def error_rate_by_class(y_true, y_pred):
    import pandas as pd
    ct = pd.crosstab(np.asarray(y_true), np.asarray(y_pred), normalize="index")
    return {c: float(1 - ct.loc[c, c]) for c in (0, 1)}
''',
        "scipy's contingency crosstab": '''
def error_rate_by_class(y_true, y_pred):
    from scipy.stats.contingency import crosstab
    (tn, fp), (fn, tp) = crosstab(np.asarray(y_true), np.asarray(y_pred), levels=([0, 1], [0, 1])).count
    return {0: float(fp / (fp + tn)), 1: float(fn / (fn + tp))}
''',
        "the course library's paired-rate helper": '''
def error_rate_by_class(y_true, y_pred):
    from responsible_ml.explain._paired import _rate
    t, p = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool)
    return {0: float(_rate(t, p, "fpr")), 1: float(1 - _rate(t, p, "tpr"))}
''',
        "fairlearn's MetricFrame": '''
def error_rate_by_class(y_true, y_pred):
    from fairlearn.metrics import false_negative_rate, false_positive_rate
    return {0: float(false_positive_rate(y_true, y_pred)), 1: float(false_negative_rate(y_true, y_pred))}
''',
    },
}

#: 7a asks for three functions (review x01-r11 D3: each graded under its own guard). The wrong
#: answers above are written as one ``mentor_offers`` returning a dict; these lines turn one into
#: the three functions the tests call, so each keeps failing what it failed before.
_SPLIT_7A = """


def n_offered(completed, score, threshold=0.5):
    return mentor_offers(completed, score, threshold)["offered"]


def offer_precision(completed, score, threshold=0.5):
    return mentor_offers(completed, score, threshold)["precision"]


def non_completers_without(completed, score, threshold=0.5):
    return mentor_offers(completed, score, threshold)["non_completers_without"]
"""
for _answers in (MUTANTS, SHORTCUTS):
    for _label in _answers["mentor_offers"]:
        _answers["mentor_offers"][_label] += _SPLIT_7A
MUTANTS["mentor_offers"]["precision_score for the precision only, the counts by hand (review x01-r11 D3: costs only the precision cell)"] = '''
def n_offered(completed, score, threshold=0.5):
    return int((np.asarray(score, dtype=float) >= threshold).sum())


def offer_precision(completed, score, threshold=0.5):
    from sklearn.metrics import precision_score
    return float(precision_score(np.asarray(completed), (np.asarray(score, dtype=float) >= threshold).astype(int)))


def non_completers_without(completed, score, threshold=0.5):
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    return int(((score < threshold) & (completed == 0)).sum())
'''
#: Review x01-r17 M1: "above the threshold" in one function only: each costs that function's cell, and
#: only it (every 7a cell has a tie case of its own).
_7A_RIGHT = {
    "n_offered": "int((np.asarray(score, dtype=float) >= threshold).sum())",
    "offer_precision": "float(np.asarray(completed)[np.asarray(score, dtype=float) >= threshold].mean())",
    "non_completers_without": "int(((np.asarray(score, dtype=float) < threshold) & (np.asarray(completed) == 0)).sum())",
}


def _7a(**bodies):
    return "".join(f"""
def {name}(completed, score, threshold=0.5):
    return {bodies.get(name, right)}
""" for name, right in _7A_RIGHT.items())


MUTANTS["mentor_offers"]["strict > in offer_precision only (review x01-r17 M1)"] = _7a(
    offer_precision="float(np.asarray(completed)[np.asarray(score, dtype=float) > threshold].mean())")
MUTANTS["mentor_offers"]["<= for 'not offered' in non_completers_without only (review x01-r17 M1)"] = _7a(
    non_completers_without="int(((np.asarray(score, dtype=float) <= threshold) & (np.asarray(completed) == 0)).sum())")
MUTANTS["mentor_offers"]["strict > in n_offered only (review x01-r17 M1)"] = _7a(
    n_offered="int((np.asarray(score, dtype=float) > threshold).sum())")
MUTANTS["mentor_offers"]["strict > in offer_precision and non_completers_without, >= in n_offered (review x01-r17 M1)"] = _7a(
    offer_precision="float(np.asarray(completed)[np.asarray(score, dtype=float) > threshold].mean())",
    non_completers_without="int((~(np.asarray(score, dtype=float) > threshold) & (np.asarray(completed) == 0)).sum())")


#: ``{answer: {mutant label: {test cell: a phrase of its message}}}``: exactly the test cells these
#: wrong answers fail (review x01-r5: one mistake, one part; a phrase of the visible test's
#: message where the mistake must be caught visibly).
FAILS = {
    "accuracy_by_hand": {
        "the mean of y_pred, y_true ignored (review x01-r11 D2: no input-handling point)": {
            "test_accuracy_by_hand": "accuracy", "test_accuracy_by_hand_inputs": "when the truth changes"},
    },
    "error_rate_by_class": {
        "boolean keys False and True (review x01-r8 kind D1: refused visibly, as hidden)": {
            "test_error_rate_by_class": "expected the integer 0 among the keys",
            "test_error_rate_by_class_fnr": "expected the integer 1 among the keys"},
        "only the false-positive rate": {   # review x01-r13 D3: class 0 keeps its 0.75
            "test_error_rate_by_class_fnr": "the key 1 of your dict"},
        "the false-negative rate over everyone, the false-positive rate right (review x01-r13 D3: costs only class 1)": {
            "test_error_rate_by_class_fnr": "error rate by class [1] (false-negative rate)"},
        "classes swapped": {   # both rates wrong: both cells, each naming its class
            "test_error_rate_by_class": "error rate by class [0] (false-positive rate)",
            "test_error_rate_by_class_fnr": "error rate by class [1] (false-negative rate)"},
    },
    "split_by_learner": {
        "generator not seeded (review x01-r5 D3: costs only the seed cell)": {
            "test_split_by_learner_columns_seed": "seed 0 twice"},
        "index reset (rows no longer traceable)": {   # review x01-r9 D2: costs only the rows cell
            "test_split_by_learner_rows": "the index labels of train + test"},
        "a row-wise split by hand (leaks learners; review x01-r9 D2: not the rows cell)": {
            "test_split_by_learner": "number of learners in both train and test",
            "test_split_by_learner_share": "share of learners in the test set"},
        "a block of sorted ids from a random start (review x01-r9 M1: costs only the random-sample cell)": {
            "test_split_by_learner_columns_seed": "neighbouring learners (sorted ids)"},
        "a rotated list: k ids in order of appearance from a random start (review x01-r9 M1)": {
            "test_split_by_learner_columns_seed": "neighbouring learners (ids in order of appearance)"},
        "every k-th learner from an offset the seed sets: a systematic sample (review x01-r11 M1)": {
            "test_split_by_learner_columns_seed": "test learners' positions (sorted ids)"},
        "a column dropped and the generator not seeded: two slips in one cell (review x01-r11 D4: both named)": {
            "test_split_by_learner_columns_seed": "AND seed 0 twice: another split"},
    },
    "fit_completion_model": {
        "a missing quiz_avg filled with 0 inside the model, SimpleImputer(strategy='constant') (review x01-r18 M1: costs only the new-learners part)": {
            "test_fit_completion_model_new_learners": "for the same learners with quiz_avg at the training median"},
        'a missing quiz_avg filled with -1 before a depth-4 tree (review x01-r18 M1, same kind: a missing value read as a real one)': {
            "test_fit_completion_model_new_learners": "apart, more than 0.1"},
        'a missing quiz_avg filled with the lowest training quiz (review x01-r18 M1, same kind)': {
            "test_fit_completion_model_new_learners": "apart, more than 0.1"},
        'an over-regularised logistic regression, C=1e-4: one class for everyone, no leak (review x01-r18 D1: costs only the baseline part)': {
            "test_fit_completion_model": "against a baseline of"},
        'background added to FEATURES, encoded with device (review x01-r18: the leakage message names background and why it is left out)': {
            "test_fit_completion_model_leakage": "background: known at the decision point, but left out on purpose"},
        "scaler fitted on all enrolments, test learners included (review x01-r5 M1)": {
            "test_fit_completion_model_train_only": "other tables blanked out"},
        "scaler fitted on all enrolments at cell level, wrapped in a FunctionTransformer (review x01-r10 M1)": {
            "test_fit_completion_model_train_only": "the learned numbers of every fitted step"},
        "scaler fitted on a bare array of all enrolments at cell level, called by a function of ones own (review x01-r10 M1, same kind)": {
            "test_fit_completion_model_train_only": "the learned numbers of every fitted step"},
        "device dropped, numbers imputed and scaled (review x01-r10 D1: costs only the device part)": {
            "test_fit_completion_model_device": "device is one of the features"},
        "device left out, a bare scaler and model on the numbers (review x01-r5 D1: costs only the device part)": {
            # and, with no imputer, the new-learners part (a second mistake: quiz_avg NaN)
            "test_fit_completion_model_device": "device is one of the features",
            "test_fit_completion_model_new_learners": "no quiz yet"},
        "5 nearest neighbours, fitted on train (review x01-r5 D2: weak, costs only the baseline part)": {
            "test_fit_completion_model": "baseline"},
        "an unpruned tree with criterion='entropy', random_state=2, behind the prompt's imputer and encoder (review x01-r15 M1: cleared the bar on both samples in variant 0 and took all of Q2; fails on its certainty now)": {
            "test_fit_completion_model": "its probabilities for new learners"},
        "an unpruned tree with criterion='entropy', random_state=12 (review x01-r15 M1, same kind: another seed that cleared the bar)": {
            "test_fit_completion_model": "for new learners"},
        "the lesson's tree with criterion='entropy', random_state=2 (review x01-r15 M1: cleared the bar; loses the baseline and new-learners parts)": {
            "test_fit_completion_model": "its probabilities for new learners", "test_fit_completion_model_new_learners": "learners on a tablet"},
        "completed_true among the columns of a bare NumPy array, encoded by position (review x01-r15 D2: costs only the leakage part)": {
            "test_fit_completion_model_leakage": "completed_true"},
        "the lesson's unpruned tree, unknown device ignored (review x01-r5 D2: weak, costs only the baseline part)": {
            "test_fit_completion_model": "baseline"},
        "the lesson's unpruned tree, random_state=2, behind an imputer and an encoder ignoring unknown devices (review x01-r11 D1: was a visible ✓ on one sample, lost at grading; fails visibly now)": {
            "test_fit_completion_model": "600 other learners (fitted on 1,800 others)"},
        "device encoded with get_dummies before fit, numbers scaled and filled (review x01-r6 D1: costs only the device part)": {
            "test_fit_completion_model_device": "columns made outside the model"},
        "the lesson's cell 17 with new names (review S1; x01-r8 D3: tablet and missing quiz unscored, costs only the new-learners part, naming both)": {
            "test_fit_completion_model_new_learners": "AND learners with no quiz yet"},
    },
    "accuracy_noise": {   # review x01-r9: each function graded on its own, with the right inputs
        "variance as the SE, no square root (review x01-r9 D1: costs only standard_error)": {
            "test_accuracy_noise_se": "standard_error(0.80, 1600)"},
        "z undivided: the gain itself (review x01-r9 D3: caught visibly)": {
            "test_accuracy_noise_z": "z_score(0.80, 0.75, 0.01)"},
        "z divided by 1.96 se (review x01-r9 D3: caught visibly)": {
            "test_accuracy_noise_z": "z_score(0.80, 0.75, 0.01)"},
        "n_needed with a 1.96² factor (review x01-r9 D3: caught visibly)": {
            "test_accuracy_noise_n_needed": "n_needed(0.80, 0.009)"},
        "n_needed rounded to the nearest with round() (review M1: caught visibly)": {
            "test_accuracy_noise_n_needed": "n_needed(0.80, 0.009)"},
        "n_needed from np.ceil, a float (review x01-r8 D2: refused visibly and hidden, the type named)": {
            "test_accuracy_noise_n_needed": "the type of n_needed"},
        "variant 0's published numbers typed as constants (review x01-r9 S2: earn nothing)": {
            "test_accuracy_noise_se": "standard_error(0.80, 1600)", "test_accuracy_noise_z": "z_score(0.80, 0.75, 0.01)",
            "test_accuracy_noise_n_needed": "n_needed(0.80, 0.009)"},
        "the check case's numbers typed as constants (kind S2: z passes visibly, earn nothing; se fails the small-SE case since x01-r13 D2)": {
            "test_accuracy_noise_se": "standard_error(0.99, 1650): a small standard error", "test_accuracy_noise_z": "standard errors (",
            "test_accuracy_noise_n_needed": "n_needed(0.75, 0.0625)"},
        "n_needed rounded up as floor + 1, int(x) + 1 (review x01-r12 M1: caught visibly on a whole quotient)": {
            "test_accuracy_noise_n_needed": "n_needed(0.75, 0.0625): a whole quotient"},
        "n_needed rounded up as math.floor(x) + 1 (review x01-r12 M1, same kind)": {
            "test_accuracy_noise_n_needed": "0.1875 / 0.0625² = 48: expected 48, got 49"},
        "n_needed rounded up as round(x + 0.5) (review x01-r12 M1, same kind: passes visibly, 48.5 rounds to even)": {
            "test_accuracy_noise_n_needed": "n_needed(0.8125, 0.0625): a whole quotient"},   # 39.5 rounds to 40 (x01-r13 D1)
        "standard_error rounded to 4 decimals (review x01-r13 D2: caught visibly on a small SE)": {
            "test_accuracy_noise_se": "standard_error(0.99, 1650): a small standard error"},
        # review x01-r16 D1: a wrong standard_error costs its own cell (the verdicts, read on the correct
        # numbers, keep theirs); the same SE read as printed costs the verdicts too (read_accuracy below)
        "the SE shrinks like 1/n: sqrt(a(1-a)) / n (review x01-r16 D1: costs standard_error)": {
            "test_accuracy_noise_se": "standard_error(0.80, 1600): the check case"},
        # review x01-r20 D1: the test cells call the functions within a time limit; that the verdicts and
        # ask_next keep their points is tests/course/test_01_reading.py's test_a_hanging_function_costs_only_its_own_cells
        "n_needed that never ends, n + 1 for n += 1 (review x01-r20 D1: costs only n_needed, by its time limit)": {
            "test_accuracy_noise_n_needed": "expected an answer within 5 s, got it was still running"},
    },
    "read_accuracy": {
        "verdict: the longest option (review x01-r5 S1)": {"test_read_accuracy_verdict": "expected"},
        "it is always noise: 'neither shown nor ruled out' for both reports (review x01-r11 M2)": {
            "test_read_accuracy_verdict": "verdict_larger"},
        "calls the reported 0.03 an established gain": {
            "test_read_accuracy_verdict": "verdict (n = 200) and verdict_more (n = 300): what the two accuracies"},
        "both verdict entries wrong, 'no gain' and 'noise' (review x01-r12 D1: the message names both)": {
            "test_read_accuracy_verdict": "verdict (n = 200) and verdict_larger (n = 3200)"},
        "the SE shrinks like 1/n: z times N_MORE / N_TEST on N_MORE learners (review x01-r13 M1)": {
            "test_read_accuracy_verdict": "verdict_more (n = 300): what the two accuracies alone show: expected 'c', got 'a'"},
        "more data settles it: any larger sample shows the gain (review x01-r13 M1)": {
            "test_read_accuracy_verdict": "verdict_more (n = 300)"},
        "the one-sided line, 1.645, with the square-root law (review x01-r13 M2)": {
            "test_read_accuracy_verdict": "verdict_more (n = 300): what the two accuracies alone show: expected 'c', got 'a'"},
        "the variance as the SE, no square root, and 'shown' three times read from it (review x01-r16 D1)": {
            "test_read_accuracy_verdict": "verdict (n = 200) and verdict_more (n = 300): what the two accuracies alone show"},
        "the SE shrinking like 1/n, and 'shown' three times read from it (review x01-r16 D1)": {
            "test_read_accuracy_verdict": "verdict (n = 200) and verdict_more (n = 300): what the two accuracies alone show"},
    },
    "mentor_offers": {
        "counts returned as floats (review x01-r8 D1: refused visibly, as hidden)": {
            "test_mentor_offers": "the type of n_offered", "test_mentor_offers_non_completers": 'the type of "non_completers_without"'},
        "np.asarray on the labels only: a plain list of scores breaks (review x01-r5 D4: caught visibly)": {
            "test_mentor_offers": "a plain list of scores"},
        "precision_score for the precision only, the counts by hand (review x01-r11 D3: costs only the precision cell)": {
            "test_mentor_offers_precision": "sklearn.metrics"},
        "strict > at the threshold": {   # review x01-r17 M1: the convention costs each function that breaks it
            "test_mentor_offers": "instead of", "test_mentor_offers_precision": "two scores exactly 0.5",
            "test_mentor_offers_non_completers": "two non-completers scoring exactly 0.5"},
        "strict > in offer_precision only (review x01-r17 M1)": {
            "test_mentor_offers_precision": "two scores exactly 0.5"},
        "<= for 'not offered' in non_completers_without only (review x01-r17 M1)": {
            "test_mentor_offers_non_completers": "two non-completers scoring exactly 0.5"},
        "strict > in n_offered only (review x01-r17 M1)": {"test_mentor_offers": "instead of"},
        "strict > in offer_precision and non_completers_without, >= in n_offered (review x01-r17 M1)": {
            "test_mentor_offers_precision": "two scores exactly 0.5",
            "test_mentor_offers_non_completers": "two non-completers scoring exactly 0.5"},
    },
    "read_target": {
        # help_needs: since task e01's rewording three options tie on overlap (8 words each); this mutant takes
        # the first of them, the key in variant 0's order (test_choices.py counts a tie as a random pick: chance).
        "every item: the option whose words overlap most with the other three (task x05y)": {
            "test_read_target_precision_means": "expected", "test_read_target_lowest_scores": "expected"},
        "precision_means: the longest option (review x01-r5 S2)": {"test_read_target_precision_means": "expected"},
        "help_needs: the longest option (review x01-r5 S3)": {"test_read_target_help_needs": "expected"},
    },
}

#: Right answers that must get full marks: ``{answer: {label: source}}``, run by
#: tests/course/test_01_any_classifier.py (review x01-r10 D1: "any scikit-learn classifier with
#: predict_proba will do": a classifier that gives device no weight, with device encoded, loses nothing).

ACCEPTED = {
    # n_needed through a square root (review x01-r13 D1: float noise at a whole quotient is accepted) and the
    # n - 1 standard error (within the 0.5 % tolerance): full marks for question 5's three functions.
    "accuracy_noise": {
        "n_needed via sqrt(a(1-a)) / target_se, squared (review x01-r13 D1)": _noise(
            n="math.ceil((math.sqrt(accuracy * (1 - accuracy)) / target_se) ** 2)"),
        "n_needed reusing standard_error(accuracy, 1) (review x01-r13 D1)": _noise(
            n="math.ceil((standard_error(accuracy, 1) / target_se) ** 2)"),
        "n_needed via sqrt(a) sqrt(1-a) / target_se, squared (review x01-r13 D1)": _noise(
            n="math.ceil((math.sqrt(accuracy) * math.sqrt(1 - accuracy) / target_se) ** 2)"),
        "n_needed as a product: a(1-a) / t / t": _noise(n="math.ceil(accuracy * (1 - accuracy) / target_se / target_se)"),
        "standard_error with n - 1 (within the 0.5 % tolerance)": _noise(se="math.sqrt(accuracy * (1 - accuracy) / (n - 1))"),
    },
    "fit_completion_model": {
        "median imputation with a missing-value indicator (review x01-r18 M1: no quiz scored as a typical quiz)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "a KNNImputer: a missing quiz read from the learner's other features (review x01-r18 M1)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import KNNImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    prepare = ColumnTransformer([("numbers", make_pipeline(StandardScaler(), KNNImputer()), numbers),
                                 ("device", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "fitted on a bare NumPy array of the FEATURES columns, encoded by position (review x01-r15 D2)": _NUMPY_FIT.format(
            cols="FEATURES", extra=""),
        "a random forest with its defaults (review x01-r15 M1: its trees are unpruned, but it averages them; not certain of new learners)": _encoded(
            "RandomForestClassifier(random_state=0)", "from sklearn.ensemble import RandomForestClassifier"),
        "depth-3 tree, device encoded (review x01-r10 D1)": _encoded(
            "DecisionTreeClassifier(max_depth=3, random_state=0)", "from sklearn.tree import DecisionTreeClassifier"),
        "depth-4 tree, device encoded (review x01-r10 D1)": _encoded(
            "DecisionTreeClassifier(max_depth=4, random_state=0)", "from sklearn.tree import DecisionTreeClassifier"),
        "L1 logistic regression (C=0.01), device encoded (review x01-r10 D1)": _encoded(
            'LogisticRegression(penalty="l1", C=0.01, solver="liblinear")', "from sklearn.linear_model import LogisticRegression"),
        "a scaler fitted on `train` inside the function, wrapped in a FunctionTransformer (review x01-r10 M1: not a leak)": '''
def fit_completion_model(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
    numbers = [f for f in FEATURES if f != "device"]
    scaler = StandardScaler().fit(train[numbers])
    prepare = ColumnTransformer([("n", make_pipeline(SimpleImputer(), FunctionTransformer(scaler.transform)), numbers),
                                 ("d", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
        "a scaler fitted on all enrolments at cell level, then put in the pipeline itself (refitted on train: not a leak)": '''
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
_numbers = [f for f in FEATURES if f != "device"]
_SCALER = StandardScaler().fit(enrolments[_numbers])


def fit_completion_model(train):
    prepare = ColumnTransformer([("n", make_pipeline(SimpleImputer(), _SCALER), _numbers),
                                 ("d", OneHotEncoder(handle_unknown="ignore"), ["device"])])
    return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(train[FEATURES], train["completed"])
''',
    },
}

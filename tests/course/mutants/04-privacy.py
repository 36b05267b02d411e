"""Plausible wrong answers to exercise 04; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

_N = "int(np.ceil(0.25 / (max_se * p_truth) ** 2))"
_EPS = "float(np.log(max(yy / yn, (1 - yn) / (1 - yy))))"
#: Question 6's answer cell with one part replaced: (respondents formula, ε formula, MORE_PRIVATE).
_PLAN = '''
def respondents_needed(p_truth, max_se):
    return %s


def answer_epsilon(p_truth, p_forced_yes):
    yy = p_truth + (1 - p_truth) * p_forced_yes
    yn = (1 - p_truth) * p_forced_yes
    return %s


MORE_PRIVATE = %s
'''
#: Question 8(b) with the factors applied to (add/remove, replace-one) ε.
_TOTAL = '''
def replace_one_total(releases):
    total = 0.0
    for r in releases:
        if r["relation"] == "add/remove":
            total += %s * r["epsilon"]
        elif r["relation"] == "replace-one":
            total += %s * r["epsilon"]
        else:
            raise ValueError("unknown relation")
    return float(total)
'''

MUTANTS = {
    'k_anonymity': {
        'mean class size': '''
def k_anonymity(df, quasi_identifiers):
    return int(round(df.groupby(list(quasi_identifiers), observed=True).size().mean()))
''',
        'number of classes': '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=True).ngroups)
''',
        'largest class': '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=True).size().max())
''',
        'observed=False (empty classes)': '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=False).size().min())
''',
        'only the first quasi-identifier': '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers)[0], observed=True).size().min())
''',
        'share of unique rows': '''
def k_anonymity(df, quasi_identifiers):
    s = df.groupby(list(quasi_identifiers), observed=True).size()
    return int((s == 1).sum())
''',
        "missing values dropped (groupby default dropna=True)": '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=True).size().min())
''',
        "missing values filled with a shared placeholder then dropped": '''
def k_anonymity(df, quasi_identifiers):
    return int(df.dropna(subset=list(quasi_identifiers)).groupby(list(quasi_identifiers), observed=True).size().min())
''',
        "off by one (k - 1 'others')": '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().min()) - 1
''',
        "median class size": '''
def k_anonymity(df, quasi_identifiers):
    return int(df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().median())
''',
        "returns a NumPy integer": '''
def k_anonymity(df, quasi_identifiers):
    return df.groupby(list(quasi_identifiers), observed=True, dropna=False).size().min()
''',
    },
    'generalise': {
        "district_deprivation kept (a quasi-identifier left in: k = 1 on it)": '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'band end off by one (20-30)': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 10).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'no top band': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    out["age"] = low.astype(str) + "-" + (low + 9).astype(str)
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'top band from 61 (> 60)': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'modifies the input': '''
def generalise(df):
    del df["district_deprivation"]
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    df["age"] = bands.where(df["age"] < 60, "60+")
    df["district"] = df["district"].astype(str).map(REGIONS)
    return df
''',
        'rounds age to nearest 10': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] / 10).round().astype(int) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'districts kept': '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    return out
''',
        "band end = start + 10": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 10).astype(str)).where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        "60 kept in the 60-69 band (< vs <=)": '''
def generalise(df):
    out = df.drop(columns=["district_deprivation"])
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 9).astype(str)).where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
    },
    'make_k_anonymous': {
        "generalised quasi-identifiers copied onto df (district_deprivation comes back)": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    coarse = coarsen(df)
    out = df.copy()
    for col in quasi_identifiers:
        out[col] = coarse[col]
    sizes = out.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return out[sizes >= k]
''',
        'drops classes of exactly k (<= k)': '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes > k]
''',
        'suppresses without generalising': '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    sizes = df.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return df[sizes >= k]
''',
        'returns generalised raw rows (no suppression)': '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    return coarsen(df)
''',
        'ignores k (always 5)': '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes >= 5]
''',
        "missing values dropped when counting classes": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True)[quasi_identifiers[0]].transform("size")
    return coarse[sizes >= k]
''',
        "> k instead of >= k": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    coarse = coarsen(df)
    sizes = coarse.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return coarse[sizes > k]
''',
        "classes counted before generalising": '''
def make_k_anonymous(df, quasi_identifiers, k, coarsen):
    sizes = df.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]].transform("size")
    return coarsen(df)[sizes >= k]
''',
    },
    'laplace_mean': {
        'sensitivity without /n': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        'sensitivity /(n-1)': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / (len(clipped) - 1)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        'sensitivity /(n+1)': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / (len(clipped) + 1)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        'no clipping': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.asarray(values, dtype=float)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        'scale = sensitivity * epsilon': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity * epsilon))
''',
        'Gaussian noise, same sd': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.normal(0.0, np.sqrt(2) * sensitivity / epsilon))
''',
        'unseeded noise': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + np.random.laplace(0.0, sensitivity / epsilon))
''',
        'exponential (one-sided) noise': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.exponential(sensitivity / epsilon))
''',
        'sensitivity from the data range': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower >= upper:
        raise ValueError("lower must be smaller than upper")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (clipped.max() - clipped.min()) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        'no validation': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / abs(epsilon + 1e-9)))
''',
        'validation lower > upper only (equal bounds pass)': '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0:
        raise ValueError("epsilon must be > 0")
    if lower > upper:
        raise ValueError("bad bounds")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    sensitivity = (upper - lower) / len(clipped)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, sensitivity / epsilon))
''',
        "sensitivity / (n - 1)": '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, (upper - lower) / (len(clipped) - 1) / epsilon))
''',
        "scale times epsilon": '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(clipped.mean() + rng.laplace(0.0, (upper - lower) / len(clipped) * epsilon))
''',
        "median instead of mean": '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(np.median(clipped) + rng.laplace(0.0, (upper - lower) / len(clipped) / epsilon))
''',
        "noisy answer clipped to the bounds": '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    clipped = np.clip(np.asarray(values, dtype=float), lower, upper)
    rng = np.random.default_rng(seed)
    return float(np.clip(clipped.mean() + rng.laplace(0.0, (upper - lower) / len(clipped) / epsilon), lower, upper))
''',
        "diffprivlib's mean": '''
def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    from diffprivlib.tools import mean
    return float(mean(np.asarray(values, dtype=float), epsilon=epsilon, bounds=(lower, upper), random_state=seed))
''',
    },
    'estimate_rate': {
        'raw share of yes': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = observed
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'ignores p_forced_yes (uses 0.5)': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * 0.5) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'divides by (1 - p_truth)': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / (1 - p_truth)
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'subtracts p_truth * q': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - p_truth * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'clips the estimate': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = min(1.0, max(0.0, (observed - (1 - p_truth) * p_forced_yes) / p_truth))
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth
    return float(estimate), float(se)
''',
        'SE without / p_truth': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r))
    return float(estimate), float(se)
''',
        'SE from the estimate': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(estimate * (1 - estimate) / len(r)) / p_truth if 0 <= estimate <= 1 else 0.0
    return float(estimate), float(se)
''',
        'SE with n - 1': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / (len(r) - 1)) / p_truth
    return float(estimate), float(se)
''',
        'SE divided by p_truth squared': '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    observed = r.mean()
    estimate = (observed - (1 - p_truth) * p_forced_yes) / p_truth
    se = np.sqrt(observed * (1 - observed) / len(r)) / p_truth ** 2
    return float(estimate), float(se)
''',
        "p_forced_yes not weighted by (1 - p_truth)": '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    return float((lam - p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / len(r)) / p_truth)
''',
        "estimate clipped to [0, 1]": '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    est = (lam - (1 - p_truth) * p_forced_yes) / p_truth
    return float(min(max(est, 0.0), 1.0)), float(np.sqrt(lam * (1 - lam) / len(r)) / p_truth)
''',
        "SE not divided by p_truth": '''
def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    r = np.asarray(responses, dtype=float)
    lam = r.mean()
    return float((lam - (1 - p_truth) * p_forced_yes) / p_truth), float(np.sqrt(lam * (1 - lam) / len(r)))
''',
    },
    "plan_survey": {
        "n rounded down": _PLAN % ("int(0.25 / (max_se * p_truth) ** 2)", _EPS, '"0.6"'),
        "SE not divided by p_truth": _PLAN % ("int(np.ceil(0.25 / max_se ** 2))", _EPS, '"0.6"'),
        "variance <= max_se instead of SE": _PLAN % ("int(np.ceil(0.25 / (max_se * p_truth ** 2)))", _EPS, '"0.6"'),
        "p_truth not squared": _PLAN % ("int(np.ceil(0.25 / (max_se ** 2 * p_truth)))", _EPS, '"0.6"'),
        "epsilon = the ratio, not its log": _PLAN % (_N, "float(max(yy / yn, (1 - yn) / (1 - yy)))", '"0.6"'),
        "epsilon = log of the odds ratio": _PLAN % (_N, "float(np.log(yy / yn * (1 - yn) / (1 - yy)))", '"0.6"'),
        "epsilon from the 'yes' answer only": _PLAN % (_N, "float(np.log(yy / yn))", '"0.6"'),
        "more truthful answers called more private": _PLAN % (_N, _EPS, '"0.8"'),
        "the lesson's numbers copied (ln 3, n for p_truth 0.5)": _PLAN % ("1112", "float(np.log(3))", '"0.6"'),
    },
    "epsilon_per_learner": {
        "disjoint groups charged once per group (no parallel composition)": '''
def epsilon_per_learner(releases, n_learners):
    return np.full(n_learners, float(sum(r["epsilon"] * len(r["groups"]) for r in releases)))
''',
        "overlapping groups paid once": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        inside = np.zeros(n_learners, dtype=bool)
        for g in r["groups"]:
            inside |= np.asarray(g, dtype=bool)
        total = total + r["epsilon"] * inside
    return total
''',
        "everyone pays every release (groups ignored)": '''
def epsilon_per_learner(releases, n_learners):
    return np.full(n_learners, float(sum(r["epsilon"] for r in releases)))
''',
        "max over releases instead of the sum": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        cost = np.zeros(n_learners)
        for g in r["groups"]:
            cost = cost + r["epsilon"] * np.asarray(g, dtype=bool)
        total = np.maximum(total, cost)
    return total
''',
        "the worst learner's total for everyone": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        for g in r["groups"]:
            total = total + r["epsilon"] * np.asarray(g, dtype=bool)
    return np.full(n_learners, total.max() if n_learners else 0.0)
''',
        "a group's ε shared among its members": '''
def epsilon_per_learner(releases, n_learners):
    total = np.zeros(n_learners)
    for r in releases:
        for g in r["groups"]:
            g = np.asarray(g, dtype=bool)
            total = total + r["epsilon"] * g / max(int(g.sum()), 1)
    return total
''',
    },
    "replace_one_total": {
        "add/remove not doubled": _TOTAL % ("1", "1"),
        "replace-one doubled instead of add/remove": _TOTAL % ("1", "2"),
        "add/remove halved": _TOTAL % ("0.5", "1"),
        "both doubled": _TOTAL % ("2", "2"),
        "max instead of the sum": '''
def replace_one_total(releases):
    costs = []
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
        costs.append(2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"])
    return float(max(costs, default=0.0))
''',
        "any other relation treated as add/remove (no ValueError)": '''
def replace_one_total(releases):
    return float(sum(r["epsilon"] if r["relation"] == "replace-one" else 2 * r["epsilon"] for r in releases))
''',
    },
    "epsilon_promise": {
        "only the factor e (a)": '''
PROMISED = {"a"}
''',
        "nothing learned about Ana (a, b, c)": '''
PROMISED = {"a", "b", "c"}
''',
        "a group fact counted as a broken promise (a, c, d)": '''
PROMISED = {"a", "c", "d"}
''',
        "two releases still ε = 1 (a, c, e)": '''
PROMISED = {"a", "c", "e"}
''',
        "only the attack bound (c)": '''
PROMISED = {"c"}
''',
    },
}


SHORTCUTS = {
    "k_anonymity": {
        "library k_anonymity imported at the top": '''
from responsible_ml.privacy import k_anonymity as _lib_k


def k_anonymity(df, quasi_identifiers):
    return int(_lib_k(df, list(quasi_identifiers)))
''',
        "through sys.modules": '''
import sys


def k_anonymity(df, quasi_identifiers):
    return int(sys.modules["responsible_ml.privacy"].k_anonymity(df, list(quasi_identifiers)))
''',
    },
    "laplace_mean": {
        "diffprivlib inside the answer": MUTANTS['laplace_mean']["diffprivlib's mean"],
        "library mechanism through importlib": '''
import importlib


def laplace_mean(values, lower, upper, epsilon, seed=0):
    if epsilon <= 0 or lower >= upper:
        raise ValueError("bad arguments")
    lib = importlib.import_module("responsible_ml.privacy._dp")
    return float(getattr(lib, "laplace_mean_by_hand")(values, epsilon, (lower, upper), random_state=seed))
''',
    },
    "estimate_rate": {
        "library estimate saved before the test": '''
import responsible_ml.privacy as _p
_saved = _p.estimate_rate


def estimate_rate(responses, p_truth=0.5, p_forced_yes=0.5):
    out = _saved(responses, p_truth=p_truth, p_forced_yes=p_forced_yes)
    return float(out.estimate), float(out.standard_error)
''',
    },
    "plan_survey": {
        "randomised_response_epsilon imported at the top": '''
from responsible_ml.privacy import randomised_response_epsilon as _rr_eps


def respondents_needed(p_truth, max_se):
    return int(np.ceil(0.25 / (max_se * p_truth) ** 2))


def answer_epsilon(p_truth, p_forced_yes):
    return float(_rr_eps(p_truth, p_forced_yes))


MORE_PRIVATE = "0.6"
''',
    },
    "epsilon_per_learner": {
        "library compose through sys.modules": '''
import sys


def epsilon_per_learner(releases, n_learners):
    compose = sys.modules["responsible_ml.privacy"].compose
    return np.array([compose([r["epsilon"] for r in releases for g in r["groups"] if bool(g[i])] or [0.0],
                             kind="sequential") for i in range(n_learners)])
''',
    },
    "replace_one_total": {
        "library compose imported at the top": '''
from responsible_ml.privacy import compose as _compose


def replace_one_total(releases):
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
    return float(_compose([2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"]
                           for r in releases] or [0.0], kind="sequential"))
''',
        "diffprivlib BudgetAccountant inside the answer": '''
def replace_one_total(releases):
    from diffprivlib import BudgetAccountant
    acc = BudgetAccountant()
    for r in releases:
        if r["relation"] not in ("add/remove", "replace-one"):
            raise ValueError("unknown relation")
        acc.spend(2 * r["epsilon"] if r["relation"] == "add/remove" else r["epsilon"], 0)
    return float(acc.total()[0])
''',
    },
}

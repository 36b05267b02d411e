"""Plausible wrong answers to exercise 04; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).
"""

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
        'band end off by one (20-30)': '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 10).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'no top band': '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    out["age"] = low.astype(str) + "-" + (low + 9).astype(str)
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'top band from 61 (> 60)': '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'modifies the input': '''
def generalise(df):
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    df["age"] = bands.where(df["age"] < 60, "60+")
    df["district"] = df["district"].astype(str).map(REGIONS)
    return df
''',
        'rounds age to nearest 10': '''
def generalise(df):
    out = df.copy()
    low = (df["age"] / 10).round().astype(int) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        'districts kept': '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    bands = low.astype(str) + "-" + (low + 9).astype(str)
    out["age"] = bands.where(df["age"] < 60, "60+")
    return out
''',
        "band end = start + 10": '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 10).astype(str)).where(df["age"] < 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
        "60 kept in the 60-69 band (< vs <=)": '''
def generalise(df):
    out = df.copy()
    low = (df["age"] // 10) * 10
    out["age"] = (low.astype(str) + "-" + (low + 9).astype(str)).where(df["age"] <= 60, "60+")
    out["district"] = df["district"].astype(str).map(REGIONS)
    return out
''',
    },
    'make_k_anonymous': {
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
        "rounded down": '''
PLAN = {"n_at_0_6": 771, "n_at_0_8": 434, "epsilon_at_0_6": 1.3862943611198906, "more_private": "0.6"}
''',
        "SE not divided by p_truth (n = 278)": '''
PLAN = {"n_at_0_6": 278, "n_at_0_8": 278, "epsilon_at_0_6": 1.3862943611198906, "more_private": "0.6"}
''',
        "variance <= 0.03 instead of SE": '''
PLAN = {"n_at_0_6": 24, "n_at_0_8": 14, "epsilon_at_0_6": 1.3862943611198906, "more_private": "0.6"}
''',
        "epsilon = the ratio 4, not its log": '''
PLAN = {"n_at_0_6": 772, "n_at_0_8": 435, "epsilon_at_0_6": 4.0, "more_private": "0.6"}
''',
        "epsilon = log of the odds ratio 16": '''
PLAN = {"n_at_0_6": 772, "n_at_0_8": 435, "epsilon_at_0_6": 2.772588722239781, "more_private": "0.6"}
''',
        "more truthful answers called more private": '''
PLAN = {"n_at_0_6": 772, "n_at_0_8": 435, "epsilon_at_0_6": 1.3862943611198906, "more_private": "0.8"}
''',
        "the lesson's numbers copied (p_truth 0.5 and 0.75, ln 3)": '''
PLAN = {"n_at_0_6": 1112, "n_at_0_8": 494, "epsilon_at_0_6": 1.0986122886681098, "more_private": "0.5"}
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
}

"""Plausible wrong answers to exercise 06; every one must fail at least one test cell.

``SHORTCUTS`` are answers that let a library do the work the question asks for; each must
make *its own* question's test cell fail with the shortcut message
(tests/course/test_shortcuts.py).

``ACCEPTED`` are right answers other than the reference (scipy.special's ``rel_entr`` and ``kl_div`` for
the PSI term, review x06-r13): each gets every point of its question
(tests/course/test_06_one_place.py).
"""

import ast as _ast

# Question 4's reference (review x06-r9 D1: one function per entry, each graded with the right
# values of the entries before it), for the variants below that change one line of it.
_PLAN_REF = '''
import math


def alert_z(n1, n2, rate, limit):
    se = math.sqrt(rate * (1 - rate) / n1 + rate * (1 - rate) / n2)
    return limit / se


def alert_p_month(z):
    return math.erfc(z / math.sqrt(2))


def alert_k(p_month):
    def false_page(k, months=12):
        run = [1.0] + [0.0] * (k - 1)
        paged = 0.0
        for _ in range(months):
            new = [0.0] * k
            for length, q in enumerate(run):
                new[0] += q * (1 - p_month)
                if length + 1 == k:
                    paged += q * p_month
                else:
                    new[length + 1] += q * p_month
            run = new
        return paged

    return next(k for k in range(1, 13) if false_page(k) < 0.01)


def alert_month_seen(start, k, delay=3):
    return start + k - 1 + delay
'''
_SE_LINE = "se = math.sqrt(rate * (1 - rate) / n1 + rate * (1 - rate) / n2)"
_P_LINE = "return math.erfc(z / math.sqrt(2))"
_K_LINE = "    return next(k for k in range(1, 13) if false_page(k) < 0.01)"
_SEEN = "return start + k - 1 + delay"


# The reference answers, for the variants below that change one line of them.
_PSI_REF = '''
def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)
    return (a - e) * np.log(a / e)


def psi_edges(expected, bins=10):
    return np.unique(np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins))


def bin_shares(values, edges):
    values = np.asarray(values, dtype=float)
    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)
'''
_COMPOSE_REF = '''
def psi_by_bin(expected, actual, bins=10, eps=1e-4):
    edges = psi_edges(expected, bins)
    return psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)
'''
# Question 2's reference (this fix: one function per part, each graded with the right inputs).
_MONITOR_REF = '''
def window_starts(decisions, window):
    first, last = int(decisions["month"].min()), int(decisions["month"].max())
    return [first + k * window for k in range((last - first + 1) // window)]


def window_gap(decisions, start, window):
    in_window = (decisions["month"] >= start) & (decisions["month"] < start + window)
    completers = decisions[in_window & (decisions["y"] == 1)]
    tprs = []
    for g in sorted(decisions["group"].unique()):
        mine = completers[completers["group"] == g]
        if len(mine) == 0:
            return float("nan")
        tprs.append(float(mine["pred"].mean()))
    return max(tprs) - min(tprs)


def flag_window(gap, limit):
    return bool(gap > limit + 1e-9)
'''
_GATE_REF = '''
def fairness_gate_test(model, data, limit=0.10):
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    groups = np.unique(background)
    missing = [g for g in groups if not (completers & (background == g)).any()]
    if missing:
        raise AssertionError(f"TPR undefined for {missing} (no completers): failing closed")
    tpr = {g: float(decided[completers & (background == g)].mean()) for g in groups}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit + 1e-9:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
'''


def _edit(source, old, new):
    assert source.count(old) == 1, old
    return source.replace(old, new)


# Reads the test cell's expected values from the caller's frame (issue S1): the tests call the
# answer before they build any expected value, so there is nothing to read. The fallback has a
# slip only the hidden tests see (the `eps` argument ignored), so the route is what is tested.
_FRAME_READER = _edit(_PSI_REF, '''def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)''', '''def psi_terms(expected_shares, actual_shares, eps=1e-4):
    import sys
    frame = sys._getframe(1)
    scope = {**frame.f_globals, **frame.f_locals}
    for name in ("_ref", "_refs", "_expected", "_want"):
        if name in scope and not callable(scope[name]):
            value = scope[name]
            if isinstance(value, list) and value and not np.isscalar(value[0]):
                value = value[0]
            return np.asarray(value, dtype=float)
    for name in ("_t06_terms", "_ref_psi", "_terms"):
        if callable(scope.get(name)):
            return scope[name](expected_shares, actual_shares, eps)
    e = np.maximum(np.asarray(expected_shares, dtype=float), 1e-4)
    a = np.maximum(np.asarray(actual_shares, dtype=float), 1e-4)''')


MUTANTS = {
    'psi_compose': {
        # (d) psi_by_bin: which sample the edges come from (the lesson's PSI pitfall), bins and eps
        "edges from the current sample": _edit(_COMPOSE_REF, "psi_edges(expected, bins)", "psi_edges(actual, bins)"),
        "edges from both samples pooled": _edit(
            _COMPOSE_REF, "psi_edges(expected, bins)",
            "psi_edges(np.r_[np.asarray(expected, dtype=float), np.asarray(actual, dtype=float)], bins)"),
        "each sample cut at its own quantiles": _edit(
            _COMPOSE_REF, "return psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)",
            "return psi_terms(bin_shares(expected, edges), bin_shares(actual, psi_edges(actual, bins)), eps)"),
        "bins not passed on (10 always)": _edit(_COMPOSE_REF, "psi_edges(expected, bins)", "psi_edges(expected)"),
        "eps not passed on (1e-4 always)": _edit(_COMPOSE_REF, "bin_shares(actual, edges), eps)", "bin_shares(actual, edges))"),
        "the PSI (the sum) returned": _edit(
            _COMPOSE_REF, "return psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)",
            "return float(np.sum(psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)))"),
    },
    'psi_by_bin': {
        # (a) psi_terms
        "swapped log ratio ln(e / a)": _edit(_PSI_REF, "return (a - e) * np.log(a / e)", "return (a - e) * np.log(e / a)"),
        "no eps floor": _edit(_PSI_REF, """    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)""", """    e = np.asarray(expected_shares, dtype=float)
    a = np.asarray(actual_shares, dtype=float)"""),
        "eps added to every share": _edit(_PSI_REF, """    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)""", """    e = np.asarray(expected_shares, dtype=float) + eps
    a = np.asarray(actual_shares, dtype=float) + eps"""),
        "renormalised after the floor": _edit(_PSI_REF, "    return (a - e) * np.log(a / e)",
                                              "    e, a = e / e.sum(), a / a.sum()\n    return (a - e) * np.log(a / e)"),
        "eps argument ignored (1e-4 always)": _edit(_PSI_REF, """    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)""", """    e = np.maximum(np.asarray(expected_shares, dtype=float), 1e-4)
    a = np.maximum(np.asarray(actual_shares, dtype=float), 1e-4)"""),
        "the PSI (the sum) returned, as the library's psi does": _edit(
            _PSI_REF, "return (a - e) * np.log(a / e)", "return float(np.sum((a - e) * np.log(a / e)))"),
        "terms as a one-element list [psi]": _edit(
            _PSI_REF, "return (a - e) * np.log(a / e)", "return np.array([np.sum((a - e) * np.log(a / e))])"),
        "Series aligned by index (no np.asarray)": _edit(_PSI_REF, """    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)""", """    e = expected_shares.clip(lower=eps) if hasattr(expected_shares, "clip") else np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = actual_shares.clip(lower=eps) if hasattr(actual_shares, "clip") else np.maximum(np.asarray(actual_shares, dtype=float), eps)"""),
        "reads the test's expected terms from the caller's frame (else ignores eps)": _FRAME_READER,
        # (b) psi_edges
        "duplicate edges kept (no np.unique)": _edit(
            _PSI_REF, "return np.unique(np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins))",
            "return np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins)"),
        "edges incl. the reference's min and max": _edit(
            _PSI_REF, "np.arange(1, bins) / bins))", "np.linspace(0, 1, bins + 1)))"),
        "bins hard-coded to 10": _edit(_PSI_REF, "np.arange(1, bins) / bins))", "np.arange(1, 10) / 10))"),
        # The old prompt's "no edge at the minimum or maximum" read literally (review x06-r6 D3).
        "inner quantiles equal to the sample's min or max dropped": _edit(
            _PSI_REF, "    return np.unique(np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins))",
            "    x = np.asarray(expected, dtype=float)\n"
            "    e = np.unique(np.quantile(x, np.arange(1, bins) / bins))\n"
            "    return e[(e > x.min()) & (e < x.max())]"),
        "median-unbiased quantiles": _edit(
            _PSI_REF, "np.arange(1, bins) / bins))", "np.arange(1, bins) / bins, method='median_unbiased'))"),
        "bins + 1 quantiles at k / (bins + 1)": _edit(
            _PSI_REF, "np.arange(1, bins) / bins))", "np.arange(1, bins) / (bins + 1)))"),
        # (c) bin_shares
        'side="left"': _edit(_PSI_REF, 'side="right"', 'side="left"'),
        "pd.cut with right-closed bins": _edit(_PSI_REF, '''    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")''',
            '''    codes = pd.cut(values, np.r_[-np.inf, np.asarray(edges, dtype=float), np.inf], labels=False)'''),
        "np.histogram over the edges (values outside dropped, one bin too few)": _edit(
            _PSI_REF, '''    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)''',
            '''    return np.histogram(values, np.asarray(edges, dtype=float))[0] / len(values)'''),
        "values outside the edges dropped": _edit(
            _PSI_REF, '''    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)''',
            '''    n = len(values)
    values = values[(values >= np.min(edges)) & (values <= np.max(edges))]
    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / n'''),
        "np.histogram bounded by the values' own min and max": _edit(
            _PSI_REF, '''    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)''',
            '''    bounds = np.r_[values.min(), np.asarray(edges, dtype=float), values.max()]
    return np.histogram(values, bounds)[0] / len(values)'''),
        "value_counts of the bin codes (empty bins dropped)": _edit(
            _PSI_REF, "return np.bincount(codes, minlength=len(edges) + 1) / len(values)",
            "return pd.Series(codes).value_counts(normalize=True).sort_index().to_numpy()"),
        "np.bincount without minlength": _edit(_PSI_REF, "np.bincount(codes, minlength=len(edges) + 1)", "np.bincount(codes)"),
        "counts, not shares": _edit(_PSI_REF, "minlength=len(edges) + 1) / len(values)", "minlength=len(edges) + 1) * 1.0"),
        "library psi_shares": """
def psi_terms(expected_shares, actual_shares, eps=1e-4):
    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)
    return (a - e) * np.log(a / e)


def psi_edges(expected, bins=10):
    from responsible_ml.monitoring._drift import _psi_bin_edges
    return _psi_bin_edges(expected, bins=bins)


def bin_shares(values, edges):
    values = np.asarray(values, dtype=float)
    return np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1) / len(values)
""",
    },
    'flag_tpr_gap_windows': {
        # window_starts
        "windows from month 0": _edit(_MONITOR_REF, 'first, last = int(decisions["month"].min()),', 'first, last = 0,'),
        "windows anchored at month 0 (month // window)": _edit(
            _MONITOR_REF, 'first, last = int(decisions["month"].min()),',
            'first, last = int(decisions["month"].min()) // window * window,'),
        "partial window kept": _edit(_MONITOR_REF, "range((last - first + 1) // window)", "range(-(-(last - first + 1) // window))"),
        "off by one: the last complete window dropped": _edit(
            _MONITOR_REF, "range((last - first + 1) // window)", "range((last - first) // window)"),
        "windows over the months that occur (slides over empty months)": _edit(
            _MONITOR_REF, '''    first, last = int(decisions["month"].min()), int(decisions["month"].max())
    return [first + k * window for k in range((last - first + 1) // window)]''',
            '''    months = sorted(int(m) for m in decisions["month"].unique())
    return [months[k * window] for k in range(len(months) // window)]'''),
        "windows from a groupby on the rows present (an empty window dropped)": _edit(
            _MONITOR_REF, '''    return [first + k * window for k in range((last - first + 1) // window)]''',
            '''    n_windows = (last - first + 1) // window
    w = (decisions["month"] - first) // window
    return [first + int(k) * window for k, _ in decisions[w < n_windows].groupby(w[w < n_windows])]'''),
        # window_gap
        "selection rate": _edit(_MONITOR_REF, 'completers = decisions[in_window & (decisions["y"] == 1)]',
                                "completers = decisions[in_window]"),
        "accuracy": _edit(_edit(_MONITOR_REF, 'completers = decisions[in_window & (decisions["y"] == 1)]',
                                "completers = decisions[in_window]"),
                          'tprs.append(float(mine["pred"].mean()))', 'tprs.append(float((mine["pred"] == mine["y"]).mean()))'),
        "window end inclusive (<=)": _edit(_MONITOR_REF, '(decisions["month"] < start + window)',
                                           '(decisions["month"] <= start + window)'),
        "absent group ignored (groups skipped)": _edit(_MONITOR_REF, "            return float(\"nan\")", "            continue"),
        "absent group TPR 0": _edit(_MONITOR_REF, "            return float(\"nan\")\n", "            tprs.append(0.0)\n            continue\n"),
        "groups per window": _edit(_MONITOR_REF, 'for g in sorted(decisions["group"].unique()):',
                                   'for g in sorted(decisions[in_window]["group"].unique()):'),
        "gap against one reference group (the first): max |TPR_g - TPR_first|": _edit(
            _MONITOR_REF, "    return max(tprs) - min(tprs)", "    return max(abs(t - tprs[0]) for t in tprs)"),
        "gap of the first group against the last (sorted)": _edit(
            _MONITOR_REF, "    return max(tprs) - min(tprs)", "    return abs(tprs[0] - tprs[-1])"),
        "first two groups": _edit(_MONITOR_REF, "    return max(tprs) - min(tprs)", "    return abs(tprs[0] - tprs[1])"),
        "signed gap (last group minus first)": _edit(_MONITOR_REF, "    return max(tprs) - min(tprs)", "    return tprs[-1] - tprs[0]"),
        "gap stored rounded to three decimals": _edit(_MONITOR_REF, "    return max(tprs) - min(tprs)",
                                                      "    return round(max(tprs) - min(tprs), 3)"),
        "gap as a one-row Series": _edit(_MONITOR_REF, "    return max(tprs) - min(tprs)",
                                         "    return pd.Series([max(tprs) - min(tprs)])"),
        # flag_window
        ">= at the limit": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(gap >= limit)"),
        "no tolerance (gap > limit)": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit)"),
        "NaN flagged (not gap <= limit + 1e-9)": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)",
                                                       "return bool(not gap <= limit + 1e-9)"),
        "limit hard-coded to 0.10": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > 0.10 + 1e-9)"),
        "never flagged": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)", "return False"),
        "flag as the text 'yes' / 'no'": _edit(_MONITOR_REF, "return bool(gap > limit + 1e-9)",
                                               "return 'yes' if gap > limit + 1e-9 else 'no'"),
        # One slip each (reviews x06-r4, r6): each must cost only its own part (FAILS below).
        "TPR as hits / completers: ZeroDivisionError on a group without completers (the only slip)": _edit(
            _MONITOR_REF, '''        if len(mine) == 0:
            return float("nan")
        tprs.append(float(mine["pred"].mean()))''', '''        tprs.append(int(mine["pred"].sum()) / len(mine))'''),
        "TPR from a groupby looked up by group: KeyError on a group without completers (the only slip)": _edit(
            _MONITOR_REF, '''    tprs = []
    for g in sorted(decisions["group"].unique()):
        mine = completers[completers["group"] == g]
        if len(mine) == 0:
            return float("nan")
        tprs.append(float(mine["pred"].mean()))''', '''    table = completers.groupby("group")["pred"].mean()
    tprs = [float(table.loc[g]) for g in sorted(decisions["group"].unique())]'''),
        "gap rounded to three decimals before the comparison (the only slip)": _edit(
            _MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(round(gap, 3) > limit)"),
        # Review x06-r10 (this fix): a crash or a blank in one function costs only its own part.
        "window_starts reads a name it never defined (NameError; the only slip)": _edit(
            _MONITOR_REF, "    return [first + k * window for k in range((last - first + 1) // window)]",
            "    return [first + k * width for k in range((last - first + 1) // window)]"),
        "flag_window compares a name it never defined (NameError; the only slip)": _edit(
            _MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > threshold + 1e-9)"),
        "window_gap left blank, the others answered": _edit(
            _MONITOR_REF, "def window_gap(decisions, start, window):\n",
            "def window_gap(decisions, start, window):\n    raise NotImplementedError()\n"),
        "window_starts left blank, the others answered": _edit(
            _MONITOR_REF, "def window_starts(decisions, window):\n",
            "def window_starts(decisions, window):\n    raise NotImplementedError()\n"),
        "flag_window left blank, the others answered": _edit(
            _MONITOR_REF, "def flag_window(gap, limit):\n", "def flag_window(gap, limit):\n    raise NotImplementedError()\n"),
        # Review x06-r8 D2: a gap that computes nothing and a flag that never fires.
        "windows only: gap 0, never flagged": _edit(_edit(
            _MONITOR_REF, "    return max(tprs) - min(tprs)", "    return 0.0"),
            "return bool(gap > limit + 1e-9)", "return False"),
        # The trainee's own module-level helper `flags` (test cells bind only `_t06` names); its one
        # slip (no rounding tolerance) is the flag part's.
        "own helper `flags`; gap > limit without the tolerance (the only slip)": _edit(
            _MONITOR_REF, "def flag_window(gap, limit):\n    return bool(gap > limit + 1e-9)",
            "def flags(gap, limit):   # the trainee's own helper\n    return gap > limit\n\n\n"
            "def flag_window(gap, limit):\n    return bool(flags(gap, limit))"),
    },
    'fairness_gate_test': {
        '>= at the limit': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap >= limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'selection rate': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[background == g].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'precision': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: completers[(decided == 1) & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'whole frame to predict': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'completed_true as outcome': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed_true"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'returns instead of raising': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        return (f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'first two groups': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    v = list(tpr.values()); gap = float(abs(v[0] - v[1]))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        'message without gap': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError("fairness check failed")
    return gap
''',
        'gap rounded to 1 place': '''
def fairness_gate_test(model, data, limit=0.10):
    """Raise AssertionError if the TPR gap between backgrounds exceeds `limit`; else return it."""
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = round(float(max(tpr.values()) - min(tpr.values())), 1)
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        "fails open when a group has no completers (returns NaN)": '''
def fairness_gate_test(model, data, limit=0.10):
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        "group without completers dropped": '''
def fairness_gate_test(model, data, limit=0.10):
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: decided[completers & (background == g)].mean() for g in np.unique(background) if (completers & (background == g)).any()}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        "NaN TPR counted as 0": '''
def fairness_gate_test(model, data, limit=0.10):
    decided = np.asarray(model.predict(data[FEATURES]))
    completers = data["completed"].to_numpy() == 1
    background = data["background"].astype(str).to_numpy()
    tpr = {g: float(np.nan_to_num(decided[completers & (background == g)].mean())) if (completers & (background == g)).any() else 0.0 for g in np.unique(background)}
    gap = float(max(tpr.values()) - min(tpr.values()))
    if gap > limit:
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")
    return gap
''',
        "whole frame to predict (the only slip)": _edit(
            _GATE_REF, "model.predict(data[FEATURES])", "model.predict(data)"),
        "gap against one reference group (the first)": _edit(
            _GATE_REF, "gap = float(max(tpr.values()) - min(tpr.values()))",
            "gap = float(max(abs(t - tpr[groups[0]]) for t in tpr.values()))"),
        "gap of the first group against the last (sorted)": _edit(
            _GATE_REF, "gap = float(max(tpr.values()) - min(tpr.values()))",
            "gap = float(abs(tpr[groups[0]] - tpr[groups[-1]]))"),
        # The gap rounded as the message prints it, then compared (review x06-r6 M1).
        "gap rounded to three decimals before the comparison": _edit(
            _GATE_REF, "    if gap > limit + 1e-9:", "    if round(gap, 3) > limit:"),
    },
    "plan_alert_rule": {
        "variance not square-rooted": _edit(_PLAN_REF, _SE_LINE, "se = rate * (1 - rate) / n1 + rate * (1 - rate) / n2"),
        "SE of the small group only": _edit(_PLAN_REF, _SE_LINE, "se = math.sqrt(rate * (1 - rate) / min(n1, n2))"),
        "SE as the sum of the two groups' SEs": _edit(
            _PLAN_REF, _SE_LINE, "se = math.sqrt(rate * (1 - rate) / n1) + math.sqrt(rate * (1 - rate) / n2)"),
        "z from the SE of a pooled share sqrt(pq / (n1 + n2))": _edit(
            _PLAN_REF, _SE_LINE, "se = math.sqrt(rate * (1 - rate) / (n1 + n2))"),
        "se given for z": _edit(_PLAN_REF, "    return limit / se", "    return se"),
        "se rounded to three decimals before z": _edit(_PLAN_REF, "    return limit / se", "    return limit / round(se, 3)"),
        "one-sided tail": _edit(_PLAN_REF, _P_LINE, "return math.erfc(z / math.sqrt(2)) / 2"),
        "erfc without the square root of 2": _edit(_PLAN_REF, _P_LINE, "return math.erfc(z)"),
        "a round guess for p_month (0.19)": _edit(_PLAN_REF, _P_LINE, "return 0.19"),
        "k = 3 (the lesson's k)": _edit(_PLAN_REF, _K_LINE, "    return 3"),
        "k = 1": _edit(_PLAN_REF, _K_LINE, "    return 1"),
        "k for under 1 % in one month, not in 12 (p^k < 1 %)": _edit(
            _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if p_month ** k < 0.01)"),
        # Treating the 12 months as independent chances of a run: 1 - (1 - p^k)^12 is 1.5 % for
        # k = 4 with the question's numbers (the run-length chance is 0.95 %), so this gives k = 5.
        "months as independent chances of a run: 1 - (1 - p^k)^12": _edit(
            _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if 1 - (1 - p_month ** k) ** 12 < 0.01)"),
        "the union bound 12 p^k": _edit(
            _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if 12 * p_month ** k < 0.01)"),
        # Counting the 13 - k possible run starts as independent chances (or adding their chances).
        "run starts as independent chances: 1 - (1 - p^k)^(13 - k)": _edit(
            _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if 1 - (1 - p_month ** k) ** (13 - k) < 0.01)"),
        "the union bound over run starts (13 - k) p^k": _edit(
            _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if (13 - k) * p_month ** k < 0.01)"),
        "k as a float": _edit(_PLAN_REF, _K_LINE, "    return float(next(k for k in range(1, 13) if false_page(k) < 0.01))"),
        "label delay ignored": _edit(_PLAN_REF, _SEEN, "return start + k - 1"),
        "delay counted from the start month": _edit(_PLAN_REF, _SEEN, "return start + delay"),
        "delay argument ignored (three months always)": _edit(_PLAN_REF, _SEEN, "return start + k - 1 + 3"),
        "month_seen from the month before the start": _edit(_PLAN_REF, _SEEN, "return start - 1 + k - 1 + delay"),
        "the lesson's numbers copied (k = 3, month 17)": _edit(_edit(
            _PLAN_REF, _K_LINE, "    return 3"), _SEEN, "return 17"),
        # The graded answers typed in: the functions do not compute them (the check case shows it).
        "the graded case's answers returned whatever the numbers": """
def alert_z(n1, n2, rate, limit):
    return 1.3148


def alert_p_month(z):
    return 0.18859


def alert_k(p_month):
    return 4


def alert_month_seen(start, k, delay=3):
    return 16
""",
        "an object equal to everything for every entry": """
class _Any(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def alert_z(n1, n2, rate, limit):
    return _Any(1.0)


def alert_p_month(z):
    return _Any(0.5)


def alert_k(p_month):
    return 4


def alert_month_seen(start, k, delay=3):
    return 16
""",
    },
}


SHORTCUTS = {
    # The lesson's simulator inside the answer (review x06-r6 S1): the se from its "se_gap" and k
    # from its false-page rate, or p_month from its breach rate. Called inside the guard now.
    "plan_alert_rule": {
        "se_gap from the lesson's simulator (gap_false_alarms)": _edit(
            _PLAN_REF, _SE_LINE,
            "se = __import__('responsible_ml.monitoring', fromlist=['gap_false_alarms']).gap_false_alarms("
            "[n1, n2], rate=rate, limit=limit, persistence=1)['se_gap']"),
        "se_gap from the simulator, via importlib": _edit(
            _PLAN_REF, _SE_LINE,
            "sim = getattr(__import__('importlib').import_module('responsible_ml.monitoring'), 'gap_false_alarms')\n"
            "    se = sim([n1, n2], rate=rate, limit=limit, persistence=1, n_draws=20000)['se_gap']"),
    },
    "psi_compose": {
        "the library's psi_shares": '''
from responsible_ml.monitoring import psi_shares


def psi_by_bin(expected, actual, bins=10, eps=1e-4):
    _, e, a = psi_shares(np.asarray(expected, dtype=float), np.asarray(actual, dtype=float), bins=bins, eps=eps)
    return psi_terms(e, a, eps)
''',
    },
    "psi_by_bin": {
        "the library's edge helper imported at the top": _edit(
            _PSI_REF, "def psi_edges(expected, bins=10):\n    return np.unique(np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins))",
            "from responsible_ml.monitoring._drift import _psi_bin_edges as _edges\n\n\n"
            "def psi_edges(expected, bins=10):\n    return _edges(expected, bins=bins)"),
        "the library's edge helper through sys.modules": _edit(
            _PSI_REF, "def psi_edges(expected, bins=10):\n    return np.unique(np.quantile(np.asarray(expected, dtype=float), np.arange(1, bins) / bins))",
            "import sys\n\n\ndef psi_edges(expected, bins=10):\n"
            "    return sys.modules['responsible_ml.monitoring._drift']._psi_bin_edges(expected, bins=bins)"),
    },
    "fairness_gate_test": {
        "library fairness_gate via importlib": '''
import importlib


def fairness_gate_test(model, data, limit=0.10):
    mon = importlib.import_module("responsible_ml.monitoring")
    gate = getattr(mon, "fairness_gate")
    decided = np.asarray(model.predict(data[FEATURES]))
    result = gate(data["completed"], decided, sensitive_features=data["background"].astype(str), limit=limit)
    gap = float(getattr(result, "gap", getattr(result, "value", 0.0)))
    if not getattr(result, "passed", True):
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}")
    return gap
''',
    },
}


# Review x06-r7.
_PSI_HELPER = _edit(_edit(_edit(_PSI_REF, '''def psi_terms(expected_shares, actual_shares, eps=1e-4):''', '''_a = lambda x: np.asarray(x, dtype=float)   # the trainee's own module-level helper


def psi_terms(expected_shares, actual_shares, eps=1e-4):'''),
    "np.quantile(np.asarray(expected, dtype=float),", "np.quantile(_a(expected),"),
    '''    values = np.asarray(values, dtype=float)
    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")''',
    '''    values = _a(values)
    codes = np.searchsorted(_a(edges), values, side="left")''')
_PLAN_HELPER = _edit(_edit(_edit(_PLAN_REF, "def alert_z(n1, n2, rate, limit):",
                                 "_r = lambda n, rate: rate * (1 - rate) / n   # the trainee's own helper\n\n\n"
                                 "def alert_z(n1, n2, rate, limit):"),
                           _SE_LINE, "se = math.sqrt(_r(n1, rate) + _r(n2, rate))"),
                     _SEEN, "return start + k - 1")
MUTANTS["psi_by_bin"].update({
    # D1: the hidden tests bound `_a` (and `_e`, `_g`, `_s`, ...) in the notebook's namespace, so a
    # trainee's own helper `_a` was an array from part (a)'s hidden loop on: (b) failed at grading
    # only. Its one slip is side="left" in bin_shares: only part (c) may fail (FAILS below).
    "own helper `_a` shared by the functions; side='left' in bin_shares (the only slip)": _PSI_HELPER,
})
MUTANTS["plan_alert_rule"].update({
    # D1 across cells: the z cell's hidden loop bound `_r` (the TPR) over the trainee's helper `_r`.
    "own helper `_r` for a variance; the label delay ignored (the only slip)": _PLAN_HELPER,
    # S1/D2: the question's check case printed numbers returned as constants; month_seen a formula.
    # The own z / p_month were carried forward although they do not change with the inputs.
    "check-case numbers returned as constants (z, p_month, k; month_seen a formula)": _edit(_edit(_edit(
        _PLAN_REF, "    return limit / se", "    return 1.090216230190795"), _P_LINE, "return 0.2756"),
        _K_LINE, "    return 5"),
})

#: One mistake costs its own part only (tests/course/test_mutants.py): the test cells that fail,
#: each with a phrase of its message.
FAILS = {
    "psi_by_bin": {
        "own helper `_a` shared by the functions; side='left' in bin_shares (the only slip)":
            {"test_psi_by_bin_boundaries": "shares of 0, 1, 1, 2, 2.5, 3 with edges 1 and 2"},
    },
    "plan_alert_rule": {
        "own helper `_r` for a variance; the label delay ignored (the only slip)":
            {"test_plan_alert_rule_month_seen": "alert_month_seen(5, 5): a real gap from month 5, k = 5"},
        "check-case numbers returned as constants (z, p_month, k; month_seen a formula)": {
            "test_plan_alert_rule_z": "in standard errors of a monthly gap",
            "test_plan_alert_rule_p_month": "chance of a noisy month above a limit",
            "test_plan_alert_rule_k": "alert_k(0.5)",   # review x06-r10 M1: now caught visibly
        },
    },
    "flag_tpr_gap_windows": {
        "windows from a groupby on the rows present (an empty window dropped)":
            {"test_flag_tpr_gap_windows_windows": "months 2-3 have no rows at all"},
    },
}


# Review x06-r8.
# D1: (d) calls its parts by the parameter names the question documents. Its one slip (a default
# `bins` of 5) only the hidden default-arguments case sees: before the fix the hidden stand-in
# psi_terms(e, a, eps) stopped it with a TypeError on its first call instead.
_COMPOSE_BY_KEYWORD = '''
def psi_by_bin(expected, actual, bins=5, eps=1e-4):
    edges = psi_edges(sample=expected, bins=bins)
    return psi_terms(expected_shares=bin_shares(values=expected, edges=edges),
                     actual_shares=bin_shares(values=actual, edges=edges), eps=eps)
'''
MUTANTS["psi_compose"].update({
    "parts called by their documented keywords; default bins=5 (the only slip)": _COMPOSE_BY_KEYWORD,
})
# D2: a window loop that computes no TPR and never flags (gap 0 everywhere) earned the flag point
# (now "windows only: gap 0, never flagged" in MUTANTS above, for Q2's three functions).
# D3: a gate that always raises, naming 'undefined' and every group, earned the fail-closed point.
MUTANTS["fairness_gate_test"].update({
    "always fails, naming every group and 'undefined'": '''
def fairness_gate_test(model, data, limit=0.10):
    groups = sorted(data["background"].astype(str).unique())
    raise AssertionError(f"TPR gap {0.5:.3f} (or undefined) for groups {groups}")
''',
})
FAILS["psi_compose"] = {
    "parts called by their documented keywords; default bins=5 (the only slip)":
        {"test_psi_compose": "with the default bins and eps"},
}
FAILS["fairness_gate_test"] = {
    "always fails, naming every group and 'undefined'": {
        "test_fairness_gate_test": "",
        "test_fairness_gate_test_closed": "with the default limit 0.10 (a gap of 0.05",
        "test_fairness_gate_test_message": "",   # its message has the gap 0.500 whatever the gap (hidden: 0.250)
    },
}


# Review x06-r9.
# D2: the floor on the actual shares only; an empty reference bin gives inf. Its only slip: (a).
MUTANTS["psi_by_bin"].update({
    "eps floor on the actual shares only (the only slip)": _edit(
        _PSI_REF, "    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)",
        "    e = np.asarray(expected_shares, dtype=float)"),
})
FAILS["psi_by_bin"].update({
    "eps floor on the actual shares only (the only slip)":
        {"test_psi_by_bin": "terms when a bin of expected_shares is empty"},
})
# D3: the delay argument ignored (three months always) passed the visible check.
FAILS["plan_alert_rule"].update({
    "delay argument ignored (three months always)":
        {"test_plan_alert_rule_month_seen": "alert_month_seen(5, 5, delay=2)"},
})
# D1: a crash in one entry's code (k: a false-page chance that never gets below 1 %, so next()
# raises StopIteration) returned no entry at all and cost all four. Now each entry is its own
# function, called with the right values of the entries before it: a crash or a blank in one entry
# costs only that entry, and its cell names the function that stopped (hint `alert-crash`).
MUTANTS["plan_alert_rule"].update({
    "k's search finds no k (StopIteration): alert_k crashes": _edit(
        _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if false_page(k) < 0)"),
    "a typo in alert_z (NameError)": _edit(_PLAN_REF, "    return limit / se", "    return limit / sd"),
    "scipy's norm used in alert_p_month without its import (NameError)": _edit(
        _PLAN_REF, _P_LINE, "return 2 * norm.sf(z)"),
    "alert_month_seen reads a name it never defined (NameError)": _edit(
        _PLAN_REF, _SEEN, "return start + k - 1 + label_delay"),
    "alert_k left blank, the others answered": _edit(
        _PLAN_REF, "def alert_k(p_month):\n", "def alert_k(p_month):\n    raise NotImplementedError()\n"),
    "alert_z left blank, the others answered": _edit(
        _PLAN_REF, "def alert_z(n1, n2, rate, limit):\n", "def alert_z(n1, n2, rate, limit):\n    raise NotImplementedError()\n"),
})
FAILS["plan_alert_rule"].update({
    "k's search finds no k (StopIteration): alert_k crashes":
        {"test_plan_alert_rule_k": "alert_k(0.2756): expected a value, got 'StopIteration"},
    "a typo in alert_z (NameError)": {"test_plan_alert_rule_z": "alert_z(20, 80, 0.65, 0.13): expected a value, got \"NameError"},
    "scipy's norm used in alert_p_month without its import (NameError)":
        {"test_plan_alert_rule_p_month": "alert_p_month(1.0902): expected a value, got \"NameError"},
    "alert_month_seen reads a name it never defined (NameError)":
        {"test_plan_alert_rule_month_seen": "alert_month_seen(5, 5): expected a value, got \"NameError"},
    "alert_k left blank, the others answered": {"test_plan_alert_rule_k": "alert_k: not answered yet"},
    "alert_z left blank, the others answered": {"test_plan_alert_rule_z": "alert_z: not answered yet"},
})


# Q2 as three functions (task x06m): `flag_tpr_gap_windows` fed all three graded parts, so a crash
# anywhere (or a blocked fairlearn call) cost all three points. Now window_starts, window_gap and
# flag_window are graded apart, each test cell calling only its own function with the right inputs
# (a window, a gap): a crash, a blank or a shortcut costs only its own part, and the cell names the
# function that stopped.
FAILS["flag_tpr_gap_windows"].update({
    "TPR as hits / completers: ZeroDivisionError on a group without completers (the only slip)":
        {"test_flag_tpr_gap_windows_gap": "ZeroDivisionError"},
    "TPR from a groupby looked up by group: KeyError on a group without completers (the only slip)":
        {"test_flag_tpr_gap_windows_gap": "KeyError"},
    "gap rounded to three decimals before the comparison (the only slip)":
        {"test_flag_tpr_gap_windows_flagged": "a gap of 0.1005"},
    "window_starts reads a name it never defined (NameError; the only slip)":
        {"test_flag_tpr_gap_windows_windows": "window_starts on the production stream (window 3): expected a list of start months, got \"NameError"},
    "flag_window compares a name it never defined (NameError; the only slip)":
        {"test_flag_tpr_gap_windows_flagged": "flag_window for a gap of 1.0 with limit 0.5: expected True or False, got \"NameError"},
    "window_starts left blank, the others answered": {"test_flag_tpr_gap_windows_windows": "window_starts: not answered yet"},
    "window_gap left blank, the others answered": {"test_flag_tpr_gap_windows_gap": "window_gap: not answered yet"},
    "flag_window left blank, the others answered": {"test_flag_tpr_gap_windows_flagged": "flag_window: not answered yet"},
    "windows only: gap 0, never flagged": {
        "test_flag_tpr_gap_windows_gap": "TPR gap in months 12–14 of the stream",
        "test_flag_tpr_gap_windows_flagged": "a gap of 1.0 with limit 0.5",
    },
    "own helper `flags`; gap > limit without the tolerance (the only slip)":
        {"test_flag_tpr_gap_windows_flagged": "a gap of 0.2 up to rounding"},
    "gap of the first group against the last (sorted)": {"test_flag_tpr_gap_windows_gap": "over three groups"},
    "windows anchored at month 0 (month // window)": {"test_flag_tpr_gap_windows_windows": "moved to months 1-5"},
    "gap as a one-row Series": {"test_flag_tpr_gap_windows_gap": "one number"},
    "NaN flagged (not gap <= limit + 1e-9)": {"test_flag_tpr_gap_windows_flagged": "for a NaN gap"},
})
SHORTCUTS["flag_tpr_gap_windows"] = {
    # fairlearn computes the gap (the largest minus the smallest TPR): blocked, costing the gap part only.
    "fairlearn's equal_opportunity_difference for the gap": _edit(
        _MONITOR_REF, '''    completers = decisions[in_window & (decisions["y"] == 1)]
    tprs = []
    for g in sorted(decisions["group"].unique()):
        mine = completers[completers["group"] == g]
        if len(mine) == 0:
            return float("nan")
        tprs.append(float(mine["pred"].mean()))
    return max(tprs) - min(tprs)''', '''    from fairlearn.metrics import equal_opportunity_difference
    part = decisions[in_window]
    return float(equal_opportunity_difference(part["y"], part["pred"], sensitive_features=part["group"]))'''),
    # The library's own comparison for the flag.
    "the library's exceeds for the flag": _edit(
        _MONITOR_REF, "def flag_window(gap, limit):\n    return bool(gap > limit + 1e-9)",
        "from responsible_ml._validation import exceeds\n\n\n"
        "def flag_window(gap, limit):\n    return bool(exceeds(gap, limit))"),
}

# Q3's hidden "gap exactly at the limit" call sat outside a try (task x06m): a gate that stopped there
# with an error showed a bare traceback, and one that raised AssertionError only its own text. Now
# both get the teaching message. This gate escalates a gap exactly at the limit with a ValueError;
# the visible cases have no gap exactly at a limit (0.9 - 0.7 is 0.20000000000000007), so only the
# hidden call sees it.
MUTANTS["fairness_gate_test"].update({
    "a gap exactly at the limit escalated with a ValueError (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:",
        "    if gap == limit:\n"
        "        raise ValueError(f\"TPR gap {gap:.3f} exactly at the limit {limit:.3f}: a person must decide\")\n"
        "    if gap > limit + 1e-9:"),
})
FAILS["fairness_gate_test"].update({
    "a gap exactly at the limit escalated with a ValueError (the only slip)":
        {"test_fairness_gate_test": "with limit 0.25: expected the gate passes and returns 0.25, got 'ValueError"},
})


# Review x06-r10.
# M1: k with the year cut into 12 // k separate blocks, or with a quiet month before each run: both
# gave the right k for every p the checks used (0.2756, 0.1886, 0.0959, 0.35). Now the visible check
# adds p = 0.5 (k = 9: blocks 7, quiet start 8) and the hidden one 0.37 (k = 7) and 0.5.
MUTANTS["plan_alert_rule"].update({
    "the year as 12 // k separate blocks: 1 - (1 - p^k)^(12 // k)": _edit(
        _PLAN_REF, _K_LINE, "    return next(k for k in range(1, 13) if 1 - (1 - p_month ** k) ** (12 // k) < 0.01)"),
    "a quiet month before each run: 1 - (1 - (1 - p) p^k)^(12 - k)": _edit(
        _PLAN_REF, _K_LINE,
        "    return next(k for k in range(1, 13) if 1 - (1 - (1 - p_month) * p_month ** k) ** (12 - k) < 0.01)"),
})
FAILS["plan_alert_rule"].update({
    "the year as 12 // k separate blocks: 1 - (1 - p^k)^(12 // k)": {"test_plan_alert_rule_k": "alert_k(0.5)"},
    "a quiet month before each run: 1 - (1 - (1 - p) p^k)^(12 - k)": {"test_plan_alert_rule_k": "alert_k(0.5)"},
})
# M2: the groups taken from the completers only: a group that occurs but never completes was
# dropped, and no case had one. Now a visible and a hidden case do (the gap is NaN).
MUTANTS["flag_tpr_gap_windows"].update({
    "groups from the rows with y == 1 only (a group that never completes dropped)": _edit(
        _MONITOR_REF, 'for g in sorted(decisions["group"].unique()):',
        'for g in sorted(decisions.loc[decisions["y"] == 1, "group"].unique()):'),
})
FAILS["flag_tpr_gap_windows"].update({
    "groups from the rows with y == 1 only (a group that never completes dropped)":
        {"test_flag_tpr_gap_windows_gap": "group c has rows but never a completer"},
})
# S1: the visible check of (d) rejected two of the three samples the edges could come from, so the
# third could be found by trying. It now checks the form only (tests/course/test_06_one_place.py
# runs it on all three); the choice is graded by the hidden part, which each wrong choice fails.
FAILS["psi_compose"].update({
    "edges from the current sample": {"test_psi_compose": "PSI terms of a normal sample moved up and spread"},
    "edges from both samples pooled": {"test_psi_compose": "PSI terms of a normal sample moved up and spread"},
    "each sample cut at its own quantiles": {"test_psi_compose": "the PSI (sum of the terms) of 50-149 against 0-99"},
    "eps not passed on (1e-4 always)": {"test_psi_compose": "with eps=1e-3 (bins=4)"},
    "bins not passed on (10 always)": {"test_psi_compose": "with bins=4, then with bins=5"},
})


# Review x06-r11.
# M1/M2: k from the run starts treated as independent (the quiet-start form plus the runs from month
# 1), or from their chances added (the expected number of runs taken as the chance of a page): right
# for every p the checks used. Near 1 % they give another k: visible 0.10334 and 0.10343, hidden
# 0.0306, 0.03064, 0.19131 and 0.1914.
MUTANTS["plan_alert_rule"].update({
    "run starts as independent: 1 - (1 - p^k)(1 - (1 - p) p^k)^(12 - k)": _edit(
        _PLAN_REF, _K_LINE,
        "    return next(k for k in range(1, 13)\n"
        "                if 1 - (1 - p_month ** k) * (1 - (1 - p_month) * p_month ** k) ** (12 - k) < 0.01)"),
    "expected number of runs as the chance of a page: p^k + (12 - k)(1 - p) p^k": _edit(
        _PLAN_REF, _K_LINE,
        "    return next(k for k in range(1, 13) if p_month ** k + (12 - k) * (1 - p_month) * p_month ** k < 0.01)"),
})
FAILS["plan_alert_rule"].update({
    "run starts as independent: 1 - (1 - p^k)(1 - (1 - p) p^k)^(12 - k)":
        {"test_plan_alert_rule_k": "alert_k(0.10334) and alert_k(0.10343)"},
    "expected number of runs as the chance of a page: p^k + (12 - k)(1 - p) p^k":
        {"test_plan_alert_rule_k": "alert_k(0.10334) and alert_k(0.10343)"},
})
# Noted: the gap rounded to six decimals before the comparison hides a real excess below 5e-7, which a
# year's window of a few hundred and a thousand completers can have (hidden: 212/309 - 657/1121).
MUTANTS["flag_tpr_gap_windows"].update({
    "gap rounded to six decimals before the comparison (the only slip)": _edit(
        _MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(round(gap, 6) > limit)"),
})
FAILS["flag_tpr_gap_windows"].update({
    "gap rounded to six decimals before the comparison (the only slip)":
        {"test_flag_tpr_gap_windows_flagged": "a gap of 0.10000028869277022 with limit 0.1"},
})
MUTANTS["fairness_gate_test"].update({
    "gap rounded to six decimals before the comparison (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if round(gap, 6) > limit:"),
})
FAILS["fairness_gate_test"].update({
    "gap rounded to six decimals before the comparison (the only slip)":
        {"test_fairness_gate_test": "verdicts for gaps just above the limit"},
})


# Review x06-r12.
# M1/D1: the empty shares replaced by eps (the common PSI-tutorial recipe) instead of every share
# floored at max(share, eps). The two differ only on a share strictly between 0 and eps, which only
# the random hidden shares had, in some variants (158 of 300 trainees lost the point, variant 0 did
# not). Now a fixed case in the visible check (0.00005 against eps=1e-4, with a teaching hint) and two
# fixed hidden cases (below eps in expected and in actual, eps=1e-4 and 1e-3) catch it in every variant.
_PSI_FLOOR = """    e = np.maximum(np.asarray(expected_shares, dtype=float), eps)
    a = np.maximum(np.asarray(actual_shares, dtype=float), eps)"""
MUTANTS["psi_by_bin"].update({
    "empty shares replaced by eps, e[e == 0] = eps (the only slip)": _edit(_PSI_REF, _PSI_FLOOR, """    e = np.array(expected_shares, dtype=float)
    a = np.array(actual_shares, dtype=float)
    e[e == 0] = eps
    a[a == 0] = eps"""),
    "empty shares replaced by eps with np.where(share == 0, eps, share) (the only slip)": _edit(_PSI_REF, _PSI_FLOOR, """    e = np.asarray(expected_shares, dtype=float)
    a = np.asarray(actual_shares, dtype=float)
    e, a = np.where(e == 0, eps, e), np.where(a == 0, eps, a)"""),
})
FAILS["psi_by_bin"].update({
    "empty shares replaced by eps, e[e == 0] = eps (the only slip)":
        {"test_psi_by_bin": "the share 0.00005 is below eps but not 0"},
    "empty shares replaced by eps with np.where(share == 0, eps, share) (the only slip)":
        {"test_psi_by_bin": "the share 0.00005 is below eps but not 0"},
})


# Review x06-r13 S1-S6 (the maintainer's decision): scipy.special is allowed in Q1(a). The reviewer found
# six more handles on rel_entr (np.frompyfunc, np.vectorize, a __slots__ attribute, an object array, a
# deque, an object Series) that passed the ban; the ban was not what the question assesses. Knowing the
# term is (a - e) ln(a / e) = rel_entr(a, e) + rel_entr(e, a) = kl_div(a, e) + kl_div(e, a), and flooring
# the shares at eps first, is; rel_entr is a primitive like np.log. So rel_entr and kl_div are no longer
# blocked, and every route to them that used to be listed as a shortcut is a right answer here: full
# marks for its question (tests/course/test_06_one_place.py). A library PSI (responsible_ml, fairlearn)
# stays blocked (SHORTCUTS above).
_TERM = "    return (a - e) * np.log(a / e)"


def _term(body, top=""):
    """The reference (a) with the term computed by `body`; `top` is code at the cell's top level."""
    out = _edit(_PSI_REF, _TERM, body)
    if top:
        out = _edit(out, "def psi_terms(expected_shares, actual_shares, eps=1e-4):",
                    top + "\n\n\ndef psi_terms(expected_shares, actual_shares, eps=1e-4):")
    return out


ACCEPTED = {
    "psi_by_bin": {
        "rel_entr in both directions, imported in the function": _term(
            "    from scipy.special import rel_entr\n    return rel_entr(a, e) + rel_entr(e, a)"),
        "kl_div in both directions": _term(
            "    import scipy.special\n    return scipy.special.kl_div(a, e) + scipy.special.kl_div(e, a)"),
        "rel_entr imported at the top of the cell": _term(
            "    return rel_entr(a, e) + rel_entr(e, a)", "from scipy.special import rel_entr"),
        "rel_entr under a built name (getattr)": _term(
            "    import scipy.special\n    f = getattr(scipy.special, 'rel' + '_entr')\n    return f(a, e) + f(e, a)"),
        "kl_div saved at module level from the module's __dict__": _term(
            "    return KLD(a, e) + KLD(e, a)", "import scipy.special\n\nKLD = scipy.special.__dict__['kl' + '_div']"),
        "rel_entr held in a tuple made at cell level": _term(
            "    return _OPS[0](a, e) + _OPS[0](e, a)", "import scipy.special\n\n_OPS = (scipy.special.rel_entr,)"),
        "rel_entr held in a frozenset made at cell level": _term(
            "    f = next(iter(_OPS))\n    return f(a, e) + f(e, a)",
            "import scipy.special\n\n_OPS = frozenset([scipy.special.rel_entr])"),
        "rel_entr's bound __call__ saved at cell level": _term(
            "    return _R(a, e) + _R(e, a)", "import scipy.special\n\n_R = scipy.special.rel_entr.__call__"),
        # review x06-r13 S1-S6
        "rel_entr through np.frompyfunc (S1)": _term(
            "    return (_R(a, e) + _R(e, a)).astype(float)",
            "import scipy.special\n\n_R = np.frompyfunc(scipy.special.rel_entr, 2, 1)"),
        "rel_entr through np.vectorize (S2)": _term(
            "    return _R(a, e) + _R(e, a)", "import scipy.special\n\n_R = np.vectorize(scipy.special.rel_entr)"),
        "rel_entr in a __slots__ attribute (S3)": _term(
            "    return _h.f(a, e) + _h.f(e, a)",
            "import scipy.special\n\n\nclass _H:\n    __slots__ = ('f',)\n\n\n_h = _H()\n_h.f = scipy.special.rel_entr"),
        "rel_entr in an object ndarray (S4)": _term(
            "    return _box[0](a, e) + _box[0](e, a)",
            "import scipy.special\n\n_box = np.empty(1, object)\n_box[0] = scipy.special.rel_entr"),
        "rel_entr in a deque (S5)": _term(
            "    return _q[0](a, e) + _q[0](e, a)",
            "import collections\nimport scipy.special\n\n_q = collections.deque([scipy.special.rel_entr])"),
        "rel_entr in an object Series (S6)": _term(
            "    return _s[0](a, e) + _s[0](e, a)", "import scipy.special\n\n_s = pd.Series([scipy.special.rel_entr])"),
        "xlogy for the logarithm": _term(
            "    from scipy.special import xlogy\n    return xlogy(a - e, a / e)"),
    },
    # (d) may compute the terms itself from the shares psi_edges and bin_shares give (its own floor).
    "psi_compose": {
        "terms from rel_entr on the floored shares, in psi_by_bin": _edit(
            _COMPOSE_REF, "    return psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)",
            "    from scipy.special import rel_entr\n"
            "    e = np.maximum(bin_shares(expected, edges), eps)\n"
            "    a = np.maximum(bin_shares(actual, edges), eps)\n"
            "    return rel_entr(a, e) + rel_entr(e, a)"),
    },
    # Not counted in review x06-r13: the right month as a whole float (12.0) lost the half point.
    "plan_alert_rule": {
        "month_seen as a whole float (12.0)": _edit(_PLAN_REF, _SEEN, "return float(start + k - 1 + delay)"),
    },
}
# scipy.stats.entropy is not a route to the terms: it returns one number (the KL divergence of the two
# shares *normalised to sum 1*, which the floor breaks), not one term per bin. Allowed, and wrong.
MUTANTS["psi_by_bin"].update({
    # Allowing rel_entr does not let the eps misconception through: rel_entr(e, 0) is inf.
    "rel_entr in both directions on the raw shares (no eps floor)": _edit(
        _edit(_PSI_REF, _PSI_FLOOR, """    e = np.asarray(expected_shares, dtype=float)
    a = np.asarray(actual_shares, dtype=float)"""), _TERM,
        "    from scipy.special import rel_entr\n    return rel_entr(a, e) + rel_entr(e, a)"),
    "kl_div in both directions on the raw shares (no eps floor)": _edit(
        _edit(_PSI_REF, _PSI_FLOOR, """    e = np.asarray(expected_shares, dtype=float)
    a = np.asarray(actual_shares, dtype=float)"""), _TERM,
        "    from scipy.special import kl_div\n    return kl_div(a, e) + kl_div(e, a)"),
    "rel_entr one way only, rel_entr(a, e) (the KL divergence, not the PSI)": _term(
        "    from scipy.special import rel_entr\n    return rel_entr(a, e)"),
    "scipy.stats.entropy both ways on the floored shares (one normalised number)": _term(
        "    from scipy.stats import entropy\n    return np.array([entropy(a, e) + entropy(e, a)])"),
})
FAILS["psi_by_bin"].update({
    "rel_entr in both directions on the raw shares (no eps floor)":
        {"test_psi_by_bin": "terms when nine bins of `actual` are empty"},
    "kl_div in both directions on the raw shares (no eps floor)":
        {"test_psi_by_bin": "terms when nine bins of `actual` are empty"},
    # Review x06-r21 D1: a formula error no longer fails test_psi_terms_positions (set again below, after the split).
    "rel_entr one way only, rel_entr(a, e) (the KL divergence, not the PSI)":
        {"test_psi_by_bin": "every term (shares 0.1-0.4 against 0.25)"},
    "scipy.stats.entropy both ways on the floored shares (one normalised number)":
        {"test_psi_by_bin": "number of terms for 10 bins"},
})

# D1: the fail-closed message checked as "z" in msg (any message with the letter z passed the visible
# check; the hidden one wanted the group's name). The group is now `zeta_group`, checked as a word, and
# the hidden groups `other_region` and `early_cohort` (a message "another group" contained "other").
MUTANTS["fairness_gate_test"].update({
    "fail-closed message names no group, has a letter z (the only slip)": _edit(
        _GATE_REF, 'raise AssertionError(f"TPR undefined for {missing} (no completers): failing closed")',
        'raise AssertionError("TPR undefined: a group has zero completers, failing closed")'),
    "fail-closed message names no group: 'another group' (the only slip)": _edit(
        _GATE_REF, 'raise AssertionError(f"TPR undefined for {missing} (no completers): failing closed")',
        'raise AssertionError("TPR undefined for another group, which has no completers")'),
})
FAILS["fairness_gate_test"].update({
    "fail-closed message names no group, has a letter z (the only slip)":
        {"test_fairness_gate_test_closed": "a group (zeta_group) without completers"},
    "fail-closed message names no group: 'another group' (the only slip)":
        {"test_fairness_gate_test_closed": "a group (zeta_group) without completers"},
})
# D2: np.isclose's default tolerance (about 1e-6 near 0.1) hid 0.1000003 against 0.10 from the visible
# checks of flag_window and of the gate. Both now have a visible gap 7e-7 above the limit.
MUTANTS["flag_tpr_gap_windows"].update({
    "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)": _edit(
        _MONITOR_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit and not np.isclose(gap, limit))"),
})
FAILS["flag_tpr_gap_windows"].update({
    "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)":
        {"test_flag_tpr_gap_windows_flagged": "a gap of 0.1000007"},
})
MUTANTS["fairness_gate_test"].update({
    "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if gap > limit and not np.isclose(gap, limit):"),
    # D3: a hard-coded limit (a part-1 slip) also failed part 2's "passes when measurable" case (limit 0.6),
    # with a fail-closed hint. Part 2's case now has a gap of 0.05 at the default limit; part 1 says why.
    "limit hard-coded at 0.10 (the only slip)": _edit(_GATE_REF, "    if gap > limit + 1e-9:", "    if gap > 0.10 + 1e-9:"),
})
FAILS["fairness_gate_test"].update({
    "np.isclose as the tolerance: gap > limit and not np.isclose(gap, limit) (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.1000007"},
    "limit hard-coded at 0.10 (the only slip)":
        {"test_fairness_gate_test": "with limit 0.2 (a gap of 0.15)"},
})


# ------------------------------------------------------------------ review x06-r14
# D1: the visible check of (d) ran only once the trainee's (a)-(c) passed small checks of their own; otherwise it was
# skipped with a line `check` did not report, so a (d) that returns the sum, with edges from `actual` and `bins` and
# `eps` ignored, got a bare ✓. At grading the visible check now runs with correct (a)-(c) lent by the hidden tests (as
# the hidden part does); in self-study, while (a)-(c) are not right, the cell prints "not checked yet", shown as "–".
MUTANTS["psi_compose"]["the PSI (a sum) with edges from actual, bins and eps ignored (review x06-r14 D1)"] = '''
def psi_by_bin(expected, actual, bins=10, eps=1e-4):
    edges = psi_edges(actual)
    return float(psi_terms(bin_shares(expected, edges), bin_shares(actual, edges)).sum())
'''
FAILS["psi_compose"]["the PSI (a sum) with edges from actual, bins and eps ignored (review x06-r14 D1)"] = {
    "test_psi_compose": "psi_by_bin's result"}


# ------------------------------------------------------------------ review x06-r15 D2: one answer cell per function
# Q1(a)-(c), Q2 and Q4 each had one answer cell for several functions, so a syntax error in one function cost
# the others. Each function now has its own answer cell (named after it), and each test cell is named after the
# function it grades. The wrong answers above are written as the old cell's whole text; each is listed here
# under the cell of the function it changes, with that function only (and the cell-level code it has). A wrong
# answer that changes several functions is listed once per changed function that is wrong on its own
# (``_SPLIT_AS``), so each still costs only its own function's points.

#: The old combined answer cell -> its functions, each now an answer cell of that name, in notebook order.
_CELLS = {
    "psi_by_bin": ["psi_terms", "psi_edges", "bin_shares"],
    "flag_tpr_gap_windows": ["window_starts", "window_gap", "flag_window"],
    "plan_alert_rule": ["alert_z", "alert_p_month", "alert_k", "alert_month_seen"],
}
_REFS = {"psi_by_bin": _PSI_REF, "flag_tpr_gap_windows": _MONITOR_REF, "plan_alert_rule": _PLAN_REF}
#: The test cells' old grade_ids -> their new ones (Q1's (a) has a second cell, test_psi_terms_positions).
TEST_RENAMED = {
    "test_psi_by_bin": "test_psi_terms", "test_psi_by_bin_edges": "test_psi_edges",
    "test_psi_by_bin_boundaries": "test_bin_shares",
    "test_flag_tpr_gap_windows_windows": "test_window_starts", "test_flag_tpr_gap_windows_gap": "test_window_gap",
    "test_flag_tpr_gap_windows_flagged": "test_flag_window",
    "test_plan_alert_rule_z": "test_alert_z", "test_plan_alert_rule_p_month": "test_alert_p_month",
    "test_plan_alert_rule_k": "test_alert_k", "test_plan_alert_rule_month_seen": "test_alert_month_seen",
}
#: Wrong answers that change several functions: the functions whose changed text is wrong on its own (the
#: others are right, e.g. a shared helper used correctly).
_SPLIT_AS = {
    "own helper `_a` shared by the functions; side='left' in bin_shares (the only slip)": ["bin_shares"],
    "own helper `_r` for a variance; the label delay ignored (the only slip)": ["alert_month_seen"],
    "library psi_shares": ["psi_edges"],   # its bin_shares is right
}


def _chunks(source, names):
    """The cell-level code (text: statements, and functions other than `names`, e.g. the trainee's own helpers)
    and the functions `names` (name -> text) of an answer."""
    tree = _ast.parse(source)
    top, defs = [], {}
    for node in tree.body:
        text = _ast.get_source_segment(source, node)
        if isinstance(node, _ast.FunctionDef) and node.name in names:
            defs[node.name] = text
        else:
            top.append(text)
    return top, defs


def _split(old, label, source):
    """``{new cell: (label, source)}``: the answer split into the cells of the functions it changes."""
    _, ref = _chunks(_REFS[old], _CELLS[old])
    top, defs = _chunks(source, _CELLS[old])
    changed = [f for f in _CELLS[old] if defs.get(f) != ref[f]]
    changed = [f for f in changed if f in _SPLIT_AS.get(label, changed)]
    head = "".join(t + "\n\n\n" for t in top)
    many = len(changed) > 1
    return {f: (f"{label} [{f}]" if many else label, head + defs[f] + "\n") for f in changed}


def _owner(test):
    return next(f for fs in _CELLS.values() for f in sorted(fs, key=len, reverse=True)
                if test == f"test_{f}" or test.startswith(f"test_{f}_"))


def _rekey(table, fails=None):
    for old in _CELLS:
        for label, source in table.pop(old, {}).items():
            for cell, (new_label, text) in _split(old, label, source).items():
                table.setdefault(cell, {})[new_label] = text
                if fails is not None and label in fails.get(old, {}):
                    mine = {TEST_RENAMED.get(t, t): phrase for t, phrase in fails[old][label].items()}
                    fails.setdefault(cell, {})[new_label] = {t: p for t, p in mine.items() if _owner(t) == cell}
    if fails is not None:
        for old in _CELLS:
            fails.pop(old, None)


_rekey(MUTANTS, FAILS)
_rekey(SHORTCUTS)
_rekey(ACCEPTED)


# ------------------------------------------------------------------ review x06-r15 (after the split above)
_FLAG_REF = "def flag_window(gap, limit):\n    return bool(gap > limit + 1e-9)\n"
# M1: the gap rounded before the comparison, to 6, 7 or 8 decimals (a printed number), or a tolerance wider than the
# question's 1e-9: caught visibly in both questions by a gap 3.5e-9 above the limit (1908/3119 - 4688/9161), and at
# grading by gaps 2e-9 to 4e-9 above other limits.
MUTANTS["flag_window"].update({
    "gap rounded to seven decimals before the comparison (the only slip)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(round(gap, 7) > limit)"),
    "gap rounded to eight decimals before the comparison (the only slip)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(round(gap, 8) > limit)"),
    "np.round(gap, 7) before the comparison": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(np.round(gap, 7) > limit)"),
})
FAILS["flag_window"].update({
    "gap rounded to six decimals before the comparison (the only slip)": {"test_flag_window": "a gap of 0.1000000035"},
    "gap rounded to seven decimals before the comparison (the only slip)": {"test_flag_window": "a gap of 0.1000000035"},
    "gap rounded to eight decimals before the comparison (the only slip)": {"test_flag_window": "a gap of 0.1000000035"},
})
MUTANTS["fairness_gate_test"].update({
    "gap rounded to seven decimals before the comparison (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if round(gap, 7) > limit:"),
    "gap rounded to eight decimals before the comparison (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if round(gap, 8) > limit:"),
    # D3: failing closed right, the message of a failed gap worded without "TPR gap" and the gap: only the message
    # part (0.5 points) is lost; before, it cost the fail-closed point too.
    "message of a failed gap without 'TPR gap' and the gap (the only slip)": _edit(
        _GATE_REF, 'raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")',
        'raise AssertionError(f"fairness gate failed: true positive rates {tpr} differ by more than {limit}")'),
    "the gap printed with two decimals (the only slip)": _edit(
        _GATE_REF, 'raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}: {tpr}")',
        'raise AssertionError(f"TPR gap {gap:.2f} exceeds {limit:.2f}")'),
    # D3: the message right, not failing closed (a NaN TPR compares False): only the fail-closed part is lost.
    "no fail-closed check: a NaN TPR passes (the only slip)": _edit(
        _GATE_REF, '''    if missing:
        raise AssertionError(f"TPR undefined for {missing} (no completers): failing closed")
    tpr = {g: float(decided[completers & (background == g)].mean()) for g in groups}''',
        '''    tpr = {g: float(decided[completers & (background == g)].mean()) if (completers & (background == g)).any()
           else float("nan") for g in groups}'''),
})
FAILS["fairness_gate_test"].update({
    "gap rounded to six decimals before the comparison (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.1000000035"},
    "gap rounded to seven decimals before the comparison (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.1000000035"},
    "gap rounded to eight decimals before the comparison (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.1000000035"},
    "message of a failed gap without 'TPR gap' and the gap (the only slip)":
        {"test_fairness_gate_test_message": "the failure message for a TPR gap of 0.5"},
    "the gap printed with two decimals (the only slip)":
        {"test_fairness_gate_test_message": "the failure message for a TPR gap of 0.5"},
    "no fail-closed check: a NaN TPR passes (the only slip)":
        {"test_fairness_gate_test_closed": "a group (zeta_group) without completers"},
})
# D1: (d)'s choice of sample, now checked visibly as well (a moved feature, and a reference with ties whose shares
# are not 1/bins).
MUTANTS["psi_compose"]["reference shares taken as 1/bins (review x06-r15 D1)"] = _edit(
    _COMPOSE_REF, "return psi_terms(bin_shares(expected, edges), bin_shares(actual, edges), eps)",
    "return psi_terms(np.full(len(edges) + 1, 1 / (len(edges) + 1)), bin_shares(actual, edges), eps)")
FAILS["psi_compose"].update({
    "edges from the current sample": {"test_psi_compose": "PSI terms of 50-149 against the reference 0-99 (bins=4)"},
    "edges from both samples pooled": {"test_psi_compose": "PSI terms of 50-149 against the reference 0-99 (bins=4)"},
    "reference shares taken as 1/bins (review x06-r15 D1)": {"test_psi_compose": "PSI terms against a reference with ties"},
})
# D3: the right formula and floor with Series arithmetic (aligned by label): np.maximum keeps a Series a Series, so two
# Series with different indexes are matched by label. Only (a)'s positions part (0.25) is lost. (The older mutant
# "Series aligned by index (no np.asarray)" calls .clip(lower=...) on arrays too, so it fails both cells.)
MUTANTS["psi_terms"]["the floor with np.maximum on the inputs as given (Series aligned by label; the only slip)"] = _edit(
    _PSI_REF.split("\n\n\ndef psi_edges")[0] + "\n", _PSI_FLOOR, """    e = np.maximum(expected_shares, eps)
    a = np.maximum(actual_shares, eps)""")
FAILS["psi_terms"]["the floor with np.maximum on the inputs as given (Series aligned by label; the only slip)"] = {
    "test_psi_terms_positions": "terms of two Series indexed 10-13 and 0-3"}


# ------------------------------------------------------------------ review x06-r16
# D1: (c)'s wrong answers of the rubric fail (c) only, visibly and at grading; a bin_shares that stops with an error
# is named by (c)'s own cell (no raw ValueError). The visible (d) gate names the part at fault instead of blaming
# psi_by_bin: tests/course/test_06_one_place.py::test_06_psi_compose_visible_gate_names_the_part_at_fault.
FAILS["bin_shares"].update({
    'side="left"': {"test_bin_shares": "shares of 0, 1, 1, 2, 2.5, 3 with edges 1 and 2"},
    "pd.cut with right-closed bins": {"test_bin_shares": "shares of 0, 1, 1, 2, 2.5, 3 with edges 1 and 2"},
    "np.histogram bounded by the values' own min and max": {"test_bin_shares": "bin_shares for 0.1, 0.2, 3.5"},
})
# D2: full precision refuses a value rounded to the printed digits; a second visible case refuses a constant
# copied from the check case (alert_z, alert_p_month, alert_month_seen). One function per answer cell (as split above).
_Z_REF = ("import math\n\n\ndef alert_z(n1, n2, rate, limit):\n    " + _SE_LINE + "\n    return limit / se\n")
_P_REF = "import math\n\n\ndef alert_p_month(z):\n    " + _P_LINE + "\n"
_SEEN_REF = "def alert_month_seen(start, k, delay=3):\n    " + _SEEN + "\n"
MUTANTS["alert_p_month"].update({
    "p_month rounded to 4 decimals (the check case's printed digits)": _edit(
        _P_REF, _P_LINE, "return round(math.erfc(z / math.sqrt(2)), 4)"),
    "p_month rounded to 6 decimals": _edit(_P_REF, _P_LINE, "return round(math.erfc(z / math.sqrt(2)), 6)"),
    "p_month the check case's printed 0.2756": _edit(_P_REF, _P_LINE, "return 0.2756"),
    "p_month the check case's value at full precision": _edit(_P_REF, _P_LINE, "return 0.27561790555807386"),
})
FAILS["alert_p_month"].update({
    "p_month rounded to 4 decimals (the check case's printed digits)": {"test_alert_p_month": "p_month of the check case"},
    "p_month rounded to 6 decimals": {"test_alert_p_month": "alert_p_month(2.5)"},
    "p_month the check case's printed 0.2756": {"test_alert_p_month": "p_month of the check case"},
    "p_month the check case's value at full precision": {"test_alert_p_month": "alert_p_month(2.5)"},
})
MUTANTS["alert_z"]["z the check case's value (a constant)"] = _edit(
    _Z_REF, "    return limit / se", "    return 1.090216230190795")
FAILS["alert_z"]["z the check case's value (a constant)"] = {"test_alert_z": "alert_z(30, 90, 0.75, 0.12)"}
MUTANTS["alert_month_seen"].update({
    "start and k confused (2 * start - 1 + delay)": _edit(_SEEN_REF, _SEEN, "return 2 * start - 1 + delay"),
    "month_seen the check case's 12 less the missing delay (12 - 3 + delay)": _edit(_SEEN_REF, _SEEN, "return 9 + delay"),
})
FAILS["alert_month_seen"].update({
    "start and k confused (2 * start - 1 + delay)": {"test_alert_month_seen": "alert_month_seen(7, 2)"},
    "month_seen the check case's 12 less the missing delay (12 - 3 + delay)": {"test_alert_month_seen": "alert_month_seen(7, 2)"},
})
# The check-case constants now fail the visible checks (before: the hidden ones only).
FAILS["alert_z"]["check-case numbers returned as constants (z, p_month, k; month_seen a formula) [alert_z]"] = {
    "test_alert_z": "alert_z(30, 90, 0.75, 0.12)"}
FAILS["alert_p_month"]["check-case numbers returned as constants (z, p_month, k; month_seen a formula) [alert_p_month]"] = {
    "test_alert_p_month": "p_month of the check case"}


# ------------------------------------------------------------------ review x06-r18
# M1, M2: a tolerance below the question's 1e-9 (math.isclose's relative default, about 1e-10 near 0.1, or a smaller
# absolute one) or the gap rounded to 9 decimals before a strict comparison flags / fails a gap above the limit by
# less than 1e-9. Caught visibly in both questions by gaps 6.4e-10 and 9.1e-10 above 0.10 (5248/7347 - 13089/21307,
# 4109/6163 - 10129/17873), and at grading by gaps 7e-10 to 9e-10 above other limits; a gap 1.7e-9 above 0.10
# (3248/4547 - 8101/13187) must still alert.
MUTANTS["flag_window"].update({
    "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)": "import math\n\n\n" + _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit and not math.isclose(gap, limit))"),
    "gap rounded to nine decimals before the comparison (the only slip)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(round(gap, 9) > limit)"),
    "a tolerance of 1e-12, below the question's 1e-9 (the only slip)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap - limit > 1e-12)"),
    "a tolerance of 2e-9, above the question's 1e-9 (the only slip)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit + 2e-9)"),
})
FAILS["flag_window"].update({
    "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)":
        {"test_flag_window": "a gap of 0.10000000064"},
    "gap rounded to nine decimals before the comparison (the only slip)": {"test_flag_window": "a gap of 0.10000000064"},
    "a tolerance of 1e-12, below the question's 1e-9 (the only slip)": {"test_flag_window": "a gap of 0.10000000064"},
    "a tolerance of 2e-9, above the question's 1e-9 (the only slip)": {"test_flag_window": "a gap of 0.10000000167"},
})
MUTANTS["fairness_gate_test"].update({
    "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)": "import math\n\n\n" + _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if gap > limit and not math.isclose(gap, limit):"),
    "gap rounded to nine decimals before the comparison (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if round(gap, 9) > limit:"),
    "a tolerance of 2e-9, above the question's 1e-9 (the only slip)": _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", "    if gap > limit + 2e-9:"),
})
FAILS["fairness_gate_test"].update({
    "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)":
        {"test_fairness_gate_test": "a gap of 0.10000000064"},
    "gap rounded to nine decimals before the comparison (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.10000000064"},
    "a tolerance of 2e-9, above the question's 1e-9 (the only slip)":
        {"test_fairness_gate_test": "a gap of 0.10000000167"},
})
# D2: window_gap rounded to 6 (or 9) decimals passed the visible check (the stream's gap at rtol=1e-6, exact toy gaps)
# and failed the hidden one (3/13 - 3/23 at rtol=1e-9). The visible checks now use the hidden precision and that case.
_GAP_REF = '''
def window_gap(decisions, start, window):
    in_window = (decisions["month"] >= start) & (decisions["month"] < start + window)
    completers = decisions[in_window & (decisions["y"] == 1)]
    tprs = []
    for g in sorted(decisions["group"].unique()):
        mine = completers[completers["group"] == g]
        if len(mine) == 0:
            return float("nan")
        tprs.append(float(mine["pred"].mean()))
    return max(tprs) - min(tprs)
'''
MUTANTS["window_gap"].update({
    "gap rounded to six decimals (the only slip)": _edit(
        _GAP_REF, "    return max(tprs) - min(tprs)", "    return round(max(tprs) - min(tprs), 6)"),
    "gap rounded to seven decimals (the only slip)": _edit(
        _GAP_REF, "    return max(tprs) - min(tprs)", "    return round(max(tprs) - min(tprs), 7)"),
    "gap rounded to nine decimals (the only slip)": _edit(
        _GAP_REF, "    return max(tprs) - min(tprs)", "    return round(max(tprs) - min(tprs), 9)"),
})
FAILS["window_gap"].update({
    "gap rounded to six decimals (the only slip)": {"test_window_gap": "of the stream"},
    "gap rounded to seven decimals (the only slip)": {"test_window_gap": "of the stream"},
    "gap rounded to nine decimals (the only slip)": {"test_window_gap": "of the stream"},
})
# Kind K3 (review x06-r18): (c)'s visible checks were at rtol 1e-6, the hidden ones at 1e-9, so shares rounded to
# 7 decimals passed visibly and lost the point at grading. The visible checks now use the hidden precision.
_SHARES_REF = '''
def bin_shares(values, edges):
    values = np.asarray(values, dtype=float)
    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(codes, minlength=len(edges) + 1) / len(values)
'''
MUTANTS["bin_shares"]["shares rounded to seven decimals (the only slip)"] = _edit(
    _SHARES_REF, "return np.bincount(codes, minlength=len(edges) + 1) / len(values)",
    "return np.round(np.bincount(codes, minlength=len(edges) + 1) / len(values), 7)")
FAILS["bin_shares"]["shares rounded to seven decimals (the only slip)"] = {
    "test_bin_shares": "shares of 0, 1, 1, 2, 2.5, 3 with edges 1 and 2"}


# ------------------------------------------------------------------ review x06-r19
# M1, D2: the gap (or its excess over the limit) rounded to 9 or 10 decimals before the question's 1e-9 comparison,
# or a band wider than 1e-9 by a hair, passed question 3 in full (its nearest cases were 1.6e-9 and 1.7e-9 above the
# limit, which round to 2e-9) and flag_window's visible checks. Both questions now have, visibly and at grading, gaps
# within 5e-10 of limit + 1e-9 on either side (2914/5219 - 8544/18641, 1.028e-9 above 0.10; 3296/4499 - 10426/16481,
# 1.349e-9 above; 3148/5357 - 9293/19057, 9.8e-10 above), so any such rounding changes a verdict.
_ROUNDED_BAND = {
    "gap rounded to nine decimals, then the question's 1e-9 (the only slip)": "round(gap, 9) > limit + 1e-9",
    "excess over the limit rounded to nine decimals (the only slip)": "round(gap - limit, 9) > 1e-9",
    "gap rounded to ten decimals, then the question's 1e-9 (the only slip)": "round(gap, 10) > limit + 1e-9",
    "excess over the limit rounded to ten decimals (the only slip)": "round(gap - limit, 10) > 1e-9",
    "a band of 1.5e-9 (the only slip)": "gap - limit >= 1.5e-9",
    "gap rounded to ten decimals, at or above limit + 1e-9 (the only slip)": "round(gap, 10) >= limit + 1e-9",
    "gap rounded to nine decimals, at or above limit + 1e-9 (the only slip)": "round(gap, 9) >= limit + 1e-9",
}
_ROUNDED_BAND_CASE = {
    "gap rounded to ten decimals, at or above limit + 1e-9 (the only slip)": "a gap of 0.1000000009795",
    "gap rounded to nine decimals, at or above limit + 1e-9 (the only slip)": "a gap of 0.10000000064",
}
for _label, _form in _ROUNDED_BAND.items():
    MUTANTS["flag_window"][_label] = _edit(_FLAG_REF, "return bool(gap > limit + 1e-9)", f"return bool({_form})")
    MUTANTS["fairness_gate_test"][_label] = _edit(_GATE_REF, "    if gap > limit + 1e-9:", f"    if {_form}:")
    _case = _ROUNDED_BAND_CASE.get(_label, "a gap of 0.1000000010279")
    FAILS["flag_window"][_label] = {"test_flag_window": _case}
    FAILS["fairness_gate_test"][_label] = {"test_fairness_gate_test": _case}


# ------------------------------------------------------------------ review x06-r20
# D1, the kind: one floating-point convention (where the 1e-9 band ends) was graded in two questions' cells, so a
# trainee with one slightly different tolerance, everything else right, lost test_flag_window AND
# test_fairness_gate_test (whose point also certifies "TPR over every group" and "inputs only"). The band's edge is
# now graded once, in flag_window (question 2); the gate's verdict cell keeps only gaps every tolerance of
# floating-point noise judges alike (0.9 - 0.7 against 0.2, which a bare `>` fails; gaps 3.5e-9 or more above the
# limit). A gate with such a tolerance keeps question 3's points: it is no longer a wrong answer of the gate
# (BAND_GRADED_IN_Q2 below; tests/course/test_06_one_place.py runs them and the pair that costs one cell only).
MUTANTS["flag_window"]["a tolerance of 1e-12: gap > limit + 1e-12 (the only slip)"] = _edit(
    _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit + 1e-12)")
FAILS["flag_window"]["a tolerance of 1e-12: gap > limit + 1e-12 (the only slip)"] = {
    "test_flag_window": "a gap of 0.10000000064"}
_BAND_GATE = {   # label: the gate's comparison (the gate's other lines the reference's)
    "a tolerance of 1e-12: gap > limit + 1e-12": "gap > limit + 1e-12",
    "math.isclose as the tolerance (relative: about 1e-10 near 0.1; the only slip)":
        "gap > limit and not math.isclose(gap, limit)",
    "gap rounded to nine decimals before the comparison (the only slip)": "round(gap, 9) > limit",
    "a tolerance of 2e-9, above the question's 1e-9 (the only slip)": "gap > limit + 2e-9",
    **_ROUNDED_BAND,
}
#: Gates whose tolerance differs from the question's 1e-9 only near the band's edge: graded in question 2 (one
#: cell, test_flag_window, when flag_window has the same tolerance), so each gets every point of question 3.
BAND_GRADED_IN_Q2 = {"fairness_gate_test": {}}
for _label, _form in _BAND_GATE.items():
    MUTANTS["fairness_gate_test"].pop(_label, None)
    FAILS["fairness_gate_test"].pop(_label, None)
    BAND_GRADED_IN_Q2["fairness_gate_test"][_label] = ("import math\n\n\n" if "math." in _form else "") + _edit(
        _GATE_REF, "    if gap > limit + 1e-9:", f"    if {_form}:")


# ------------------------------------------------------------------ review x06-r21
# D1, the kind: a cell that claims to grade one thing but compares with the reference. test_psi_terms_positions
# (0.25) said it graded only Series matched by position, yet compared with fixed reference terms, so every formula
# error lost it too (1.0 instead of 0.75), with a hint blaming index alignment. It now compares psi_terms on Series
# (other labels, reversed labels, a Series against a list) with the trainee's OWN psi_terms on the same shares as
# plain arrays: a formula error costs only test_psi_terms (0.75), with that cell's hint; one-way rel_entr(a, e) is
# told "one direction only" there, not "ln(a / e), not ln(e / a)".
FAILS["psi_terms"].update({
    "swapped log ratio ln(e / a)": {"test_psi_terms": "every term (shares 0.1-0.4 against 0.25)"},
    "eps added to every share": {"test_psi_terms": "PSI with nine empty bins (eps=1e-4)"},
    "the PSI (the sum) returned, as the library's psi does": {"test_psi_terms": "psi_terms's result"},
    "rel_entr one way only, rel_entr(a, e) (the KL divergence, not the PSI)":
        {"test_psi_terms": "every term (shares 0.1-0.4 against 0.25)"},
    "scipy.stats.entropy both ways on the floored shares (one normalised number)":
        {"test_psi_terms": "number of terms for 10 bins"},
})
# D2: limits are between 0 and 1 (the question says so; a gap between two rates is in [0, 1]), and the hidden cases
# with limits 2.0 and 5.0 are gone. On [0, 1], math.isclose(gap, limit, abs_tol=1e-9) (its relative 1e-9 of a limit
# up to 1 is at most the absolute 1e-9) and a band of 1e-9 * max(1, limit) are the question's rule: full marks.
ACCEPTED["flag_window"] = {
    "math.isclose(gap, limit, abs_tol=1e-9) as the band": "import math\n\n\n" + _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)",
        "return bool(gap > limit and not math.isclose(gap, limit, abs_tol=1e-9))"),
    "a band of 1e-9 * max(1, limit)": _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap - limit > 1e-9 * max(1.0, limit))"),
    "math.isclose(gap, limit, rel_tol=0, abs_tol=1e-9), NaN handled first": "import math\n\n\n" + _edit(
        _FLAG_REF, "    return bool(gap > limit + 1e-9)",
        "    if math.isnan(gap):\n        return False\n"
        "    return gap > limit and not math.isclose(gap, limit, rel_tol=0.0, abs_tol=1e-9)"),
}


# ------------------------------------------------------------------ review x06-r23
# D1, the kind: a cell that judges an answer only against the answer's own values, which a constant satisfies.
# test_psi_terms_positions (0.25) compared psi_terms on Series only with the same psi_terms on plain arrays, so a
# psi_terms that ignores its inputs passed it. It now also runs the answer on the arrays that matching by LABEL would
# pair (each bin's expected share with another bin's actual share, and the other way round) and credits the Series
# only when those differ from the matched arrays' result. These two answers are not psi_terms at all (their result
# does not depend on which share meets which): like a blank, they lose both of (a)'s cells, each with its own message.
# A formula error still costs only test_psi_terms (its result still depends on the pairing; pinned above).
_PSI_TERMS_ONLY = _PSI_REF.split("\n\n\ndef psi_edges")[0] + "\n"
MUTANTS["psi_terms"].update({
    "a constant: np.zeros(len(expected_shares)) (ignores its inputs)": _edit(
        _PSI_TERMS_ONLY, "    return (a - e) * np.log(a / e)", "    return np.zeros(len(expected_shares))"),
    "actual_shares returned as they are (ignores expected_shares)": _edit(
        _PSI_TERMS_ONLY, "    return (a - e) * np.log(a / e)", "    return np.asarray(actual_shares, dtype=float)"),
})
FAILS["psi_terms"].update({
    "a constant: np.zeros(len(expected_shares)) (ignores its inputs)": {
        "test_psi_terms": "PSI with nine empty bins (eps=1e-4)",
        "test_psi_terms_positions": "with the bins of actual_shares in another order"},
    "actual_shares returned as they are (ignores expected_shares)": {
        "test_psi_terms": "terms of identical shares",
        "test_psi_terms_positions": "with the bins of expected_shares in another order"},
})

# D2, the kind: one question's answer costing another's points through a function the later answer reuses. Question
# 3's gate may call question 2's window_gap and flag_window (the question says so); when graded, Q3's three test cells
# lend correct ones while the gate runs, as question 1's part (d) is graded with correct (a)-(c). A gate that reuses
# them gets every point of question 3 with the reference's Q2 (ACCEPTED) and with a wrong or blank Q2
# (tests/course/test_06_one_place.py::test_06_gate_reusing_question_2_keeps_its_points_when_question_2_is_wrong).
GATE_REUSING_Q2 = '''
def fairness_gate_test(model, data, limit=0.10):
    table = pd.DataFrame({"month": 0, "group": data["background"].astype(str).to_numpy(),
                          "y": data["completed"].to_numpy(), "pred": np.asarray(model.predict(data[FEATURES]))})
    gap = window_gap(table, 0, 1)
    if np.isnan(gap):
        missing = sorted(set(table["group"]) - set(table.loc[table["y"] == 1, "group"]))
        raise AssertionError(f"TPR undefined for {missing} (no completers): failing closed")
    if flag_window(gap, limit):
        raise AssertionError(f"TPR gap {gap:.3f} exceeds {limit:.3f}")
    return float(gap)
'''
ACCEPTED["fairness_gate_test"] = {"the gate reusing question 2's window_gap and flag_window": GATE_REUSING_Q2}
#: Wrong question 2 answers that a gate reusing them would carry into question 3 (review x06-r23 D2): answer cell ->
#: (label, source). Each costs its own question 2 cell only; question 3's three cells pass (lent Q2 functions).
Q2_SLIPS_UNDER_A_REUSING_GATE = {
    "flag_window `gap > limit` (no 1e-9 band)": ("flag_window", _edit(
        _FLAG_REF, "return bool(gap > limit + 1e-9)", "return bool(gap > limit)")),
    "window_gap over the groups of the window's completers only": ("window_gap", _edit(
        _GAP_REF, 'for g in sorted(decisions["group"].unique()):', 'for g in sorted(completers["group"].unique()):')),
    "window_gap left blank": ("window_gap", "def window_gap(decisions, start, window):\n    raise NotImplementedError()\n"),
}

# ruff: noqa
"""Record the numbers of the seven former callers at cf9e38f (before the engine).

Run it against that commit (it uses the old API): ``git worktree add /tmp/old cf9e38f`` and
``python record_former_callers.py`` with that checkout installed; it writes the JSON that
tests/fairness/test_fairness_engine.py compares the engine's callers with.
"""
import json

import numpy as np

rng = np.random.default_rng(7)
n = 600
g = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
y = rng.integers(0, 2, n)
s = np.clip(0.3 * y + rng.normal(0.4, 0.2, n), 0, 1)
p = (s >= 0.5).astype(int)
out = {}
from responsible_ml.fairness import fairness_summary, group_gaps, metrics_by_group, rate_gap

t = metrics_by_group(y, p, g, min_group_size=1)
out["slicing_table"] = t.drop(columns="small").round(12).to_dict()
out["slicing_gaps"] = {m: group_gaps(t, m) for m in ["selection_rate", "tpr", "fpr", "accuracy", "precision"]}
out["rate_gap"] = rate_gap(y, p, g, "tpr")
out["fairness_summary"] = fairness_summary(y, p, g)
from responsible_ml.explain import overall_metrics

out["card_overall"] = overall_metrics(y, p, s)
from responsible_ml.tradeoffs import evaluate_thresholds, group_gap, rates_by_group

out["frontier_group_gap"] = {m: group_gap(y, p, g, m) for m in ["selection_rate", "tpr", "fpr", "fnr", "accuracy", "equalized_odds"]}
et = evaluate_thresholds(y, s, g, [0.3, 0.4, 0.5, 0.6], mitigation=[0.0, 0.1], mitigation_group="c")
out["frontier_eval"] = et[["accuracy", "gap", "selection_rate"]].round(12).to_dict(orient="list")
rb = rates_by_group(y, p, g)
out["impossibility"] = rb.sort_index().round(12).to_dict()
from responsible_ml.monitoring import fairness_gate

gr = fairness_gate(y, p, g, metric="tpr", limit=0.1)
out["gate"] = {"passed": gr.passed, "gap": gr.gap, "by_group": gr.by_group.to_dict()}
from responsible_ml.monitoring import (
    make_stream,
    monthly_stats,
    policy_summary,
    run_policy,
    train_model,
    window_measures,
)

st = make_stream(seed=0)

prod = st.production
m0 = train_model(st.history, version="v0")
d = run_policy(prod, m0)
out["policy_summary"] = policy_summary(d, prod["background"], months=(12, 23))
ms = monthly_stats(prod, m0, st.history)
wm = window_measures(ms, window=3)
out["window_measures"] = wm[[c for c in wm.columns if c.startswith(("tpr", "selection", "accuracy", "n_", "group_missing"))]].astype(float).round(12).to_dict(orient="list")
wm2 = window_measures(ms, window=1, min_positives=20)
out["window_measures_minpos"] = wm2[[c for c in wm2.columns if c.startswith("tpr")]].astype(float).round(12).to_dict(orient="list")
def conv(o):
    if isinstance(o, dict): return {str(k): conv(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)): return [conv(v) for v in o]
    if isinstance(o, (np.generic,)): return o.item()
    return o
json.dump(conv(out), open("former_callers_cf9e38f.json", "w"), indent=1, default=str, allow_nan=True)
print("ok")

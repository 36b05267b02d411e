"""A class on the course hub: spawn time, lesson 01 for everyone at once, memory (minutes).

The same rehearsal as tests/deploy/test_hub.py (deploy/rehearsal.py): hub + proxy +
culler on loopback, RML_BENCH_TRAINEES trainees (default 20; real Unix accounts as root).

    python benchmarks/run.py hub        # or: make bench-hub
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]


def run() -> list[dict]:
    sys.path.insert(0, str(REPO / "deploy"))
    spec = importlib.util.spec_from_file_location("rml_rehearsal", REPO / "deploy" / "rehearsal.py")
    rh = sys.modules['rml_rehearsal'] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rh)
    n = int(os.environ.get("RML_BENCH_TRAINEES", "20"))
    with rh.Rehearsal(n, log=lambda *a: print(*a, file=sys.stderr)) as r:
        s = rh.run_class(r)["summary"]
    rows = [
        {"name": "login to running server p50 (s)", "value": s["login_to_running_p50_s"]},
        {"name": "login to running server p95 (s)", "value": s["login_to_running_p95_s"]},
        {"name": "failed spawns", "value": s["failed_spawns"], "ok": s["failed_spawns"] == 0},
        {"name": f"lesson 01, {n} at once, wall (s)", "value": s["lesson01_all_at_once_wall_s"]},
        {"name": "lesson 01 per trainee p50 (s)", "value": s["lesson01_per_trainee_p50_s"]},
        {"name": "peak per trainee, server+kernel, RSS max (MiB)",
         "value": s["peak_mib_per_trainee_rss_max"]},
        {"name": "peak per trainee, server+kernel, PSS max (MiB)",
         "value": s["peak_mib_per_trainee_pss_max"]},
        {"name": "peak whole hub, PSS (MiB)", "value": s["peak_mib_whole_hub_pss"]},
        {"name": "make grade, all submissions (s)", "value": s.get("make_grade_s")},
    ]
    for row in rows:
        row["mode"] = s["mode"]
    return rows

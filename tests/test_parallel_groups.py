"""`make test` runs on two pytest-xdist workers with tests/conftest.py's groups: each file (and
each exercise's shared run) on one worker. pytest-xdist's own ``xdist_group`` mark does nothing
under pytest 9 (it rewrites ``item._nodeid``), which once made every exercise's mutant run build
on both workers; this checks the groups hold."""

from __future__ import annotations

import re
import subprocess
import sys


def test_a_files_tests_run_on_one_worker(repo):
    files = ["tests/test_environment.py", "tests/deploy/test_z2jh_values.py"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "--no-loadscope-reorder",
         "-p", "no:cacheprovider", "-v", *files],
        cwd=repo, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
    workers: dict[str, set[str]] = {}
    for worker, nodeid in re.findall(r"\[(gw\d+)\] \[\s*\d+%\] PASSED (\S+)", run.stdout):
        workers.setdefault(nodeid.split("::")[0], set()).add(worker)
    assert set(workers) == set(files), run.stdout[-3000:]
    assert all(len(w) == 1 for w in workers.values()), workers

"""Exercise 01 after review x01-r7 D1: an unused ``from fairlearn.metrics import MetricFrame`` inside
``mentor_offers`` gets full marks. Importing fairlearn for the first time inside the shortcut check
runs fairlearn's module code (``make_derived_metric``); importing is not computing. The notebook
runs in a fresh interpreter, so that the import inside the check is the first one.

Calling fairlearn is still refused: tests/course/mutants/01-what-is-ml.py (SHORTCUTS, mentor_offers).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

NAME = "01-what-is-ml"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / NAME / f"{NAME}.ipynb"


def _split_7a() -> str:
    """The three functions question 7a's cells call, from tests/course/mutants/01-what-is-ml.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutants_01", ROOT / "tests" / "course" / "mutants" / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._SPLIT_7A

_UNUSED_IMPORT = '''
def mentor_offers(completed, score, threshold=0.5):
    from fairlearn.metrics import MetricFrame  # noqa: F401 - imported, never used
    completed, score = np.asarray(completed), np.asarray(score, dtype=float)
    offered = score >= threshold
    return {"offered": int(offered.sum()), "precision": float(completed[offered].mean()),
            "non_completers_without": int(((~offered) & (completed == 0)).sum())}
''' + _split_7a()

_RUN = r'''
import json, sys
from responsible_ml.course import run_notebook_cells
only = {"setup", "mentor_offers", "test_mentor_offers", "test_mentor_offers_precision",
        "test_mentor_offers_non_completers"}
outcome = run_notebook_cells(sys.argv[1], {"mentor_offers": sys.argv[2]}, only=only)
print(json.dumps({"outcome": outcome}))
'''


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_01_an_unused_fairlearn_import_in_mentor_offers_gets_full_marks(tmp_path):
    pytest.importorskip("fairlearn")
    script = tmp_path / "run.py"
    script.write_text(_RUN)
    out = subprocess.run([sys.executable, str(script), str(SOLUTION), _UNUSED_IMPORT],
                         capture_output=True, text=True, timeout=600, cwd=str(ROOT),
                         env={**os.environ, "PYTHONPATH": str(ROOT / "lib")})
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    outcome = result["outcome"]
    assert set(outcome) == {"test_mentor_offers", "test_mentor_offers_precision",
                            "test_mentor_offers_non_completers"}, outcome
    assert not any(outcome.values()), {t: e for t, e in outcome.items() if e}

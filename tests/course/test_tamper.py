"""Tamper signs and the test cells' own names (issue 26).

A converted exercise's test cells read their helpers under ``_tNN_`` aliases, so a trainee who binds an
old unprefixed helper name (``answer = my_function(...)``) changes nothing a test reads: no alarm. A
trainee who binds a ``_tNN_`` name, or a helper name the test cells still read (an exercise not
converted, the hostile corpus's tiny notebook), is flagged for a human.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from responsible_ml.course._explain import _test_reads
from responsible_ml.course._tamper import tamper_signs

ROOT = pathlib.Path(__file__).resolve().parents[2]
REDEFINES = "redefines a feedback helper"


def _known(path: pathlib.Path) -> dict[str, dict]:
    """The grader's view of a source notebook's cells (``source_cells``)."""
    out = {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id"):
            out[meta["grade_id"]] = {"locked": meta.get("locked", False), "grade": meta.get("grade", False),
                                     "solution": meta.get("solution", False), "cell_type": cell["cell_type"],
                                     "source": "".join(cell["source"])}
    return out


CONVERTED = ROOT / "solutions" / "07-trade-offs" / "07-trade-offs.ipynb"
TINY = ROOT / "tests" / "course" / "hostile" / "solutions" / "00-tiny" / "00-tiny.ipynb"


@pytest.mark.parametrize("code", [
    "answer = domination_count(candidates, dict(OBJECTIVES))",
    "def expect_true(x):\n    return bool(x)",
    "expect_equal = None",
])
def test_an_old_helper_name_no_test_cell_reads_is_the_trainees(code):
    reads = _test_reads(_known(CONVERTED))
    assert "domination_count" in reads and not {"answer", "expect_true", "expect_equal"} & reads
    assert tamper_signs(code, reads) == []
    assert any(REDEFINES in why for why in tamper_signs(code)), "without the test cells' reads: flagged as before"


@pytest.mark.parametrize("code", [
    "_t07_answer = lambda function, *args, **kwargs: None",
    "_t07_expect_equal = print",
    "from responsible_ml.feedback import answer as _t07_answer",
])
def test_binding_a_test_cells_private_name_is_still_flagged(code):
    assert tamper_signs(code, _test_reads(_known(CONVERTED)))


def test_a_helper_the_test_cells_still_read_is_still_flagged():
    reads = _test_reads(_known(TINY))
    assert {"answer", "expect_close"} <= reads
    assert any(REDEFINES in why for why in tamper_signs("expect_close = lambda *a, **k: None", reads))
    assert tamper_signs("expect_close = lambda *a, **k: None", {"_t00_expect_close"}) == []

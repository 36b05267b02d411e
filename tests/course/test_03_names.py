"""Exercise 03 (review x03-r10, the kind of review x02-r8 D1): the cells a trainee runs but does not
write bind only names that start with ``_t03``.

The instructions promise it ("Test cells name their own variables and helpers with the prefix `_t03`:
give yours any other name"). A test cell (and a locked self-check or table cell) runs in the trainee's
namespace, so a short name it binds (``_g``, ``_rows``, ``mine`` ...) could replace a trainee's own
helper of that name. The answer cells' names and the setup cell's documented names stay.
"""

from __future__ import annotations

import json
import pathlib

from test_hidden_names import top_level_names

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "03-fairness" / "03-fairness.ipynb"
PREFIX = "_t03"


def test_03_locked_cells_bind_only_prefixed_names():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    cells = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and not meta.get("solution") and meta.get("grade_id") != "setup":
            cells[meta["grade_id"]] = "".join(cell["source"])
    assert len(cells) >= 18, sorted(cells)
    bad = {gid: sorted(n for n in top_level_names(src) if not n.startswith(PREFIX)) for gid, src in cells.items()}
    bad = {gid: names for gid, names in bad.items() if names}
    assert not bad, f"locked cells bind names without the prefix {PREFIX!r}: {bad}"
    assert f"prefix `{PREFIX}`" in "".join(nb["cells"][0]["source"])

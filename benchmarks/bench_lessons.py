"""Each lesson, executed top to bottom in a fresh kernel: wall time and peak kernel memory.

Budget (from the brief): ≤ 15 s and ≤ 400 MiB per lesson on a 2-core laptop.
Peak memory is the kernel's own maximum resident set size (``ru_maxrss``), read by a
cell appended after the lesson's last cell (once any work a widget does ahead is done).
"""

from __future__ import annotations

import pathlib
import time

import nbformat

from responsible_ml.course._client import notebook_client

ROOT = pathlib.Path(__file__).resolve().parents[1]
LIMIT_S, LIMIT_MIB = 15.0, 400.0
# Widgets compute ahead in a background thread (widgets/_ahead.py): its memory counts too.
PROBE = ("import resource, threading\n"
         "[t.join() for t in threading.enumerate() if t.name == 'rml-ahead']\n"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def measure(path: pathlib.Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = notebook_client(nb, timeout=300, kernel_name="python3",
                             resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    rss_mib = int(nb.cells[-1].outputs[0]["text"].strip()) / 1024
    return {"name": path.stem, "seconds": seconds, "limit_s": LIMIT_S,
            "peak_mib": rss_mib, "limit_mib": LIMIT_MIB,
            "ok": seconds <= LIMIT_S and rss_mib <= LIMIT_MIB}


def run() -> list[dict]:
    return [measure(p) for p in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))]

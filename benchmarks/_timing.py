"""Small timing helper shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def time_calls(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> dict:
    """Call ``fn`` ``warmup + repeat`` times; return p50/p95/max in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"p50_ms": statistics.median(samples), "p95_ms": p95, "max_ms": samples[-1],
            "n": repeat}


LIMIT_MS = 100.0


def redraw_rows(label: str, rows_n: int, change: Callable[[], object], view, *,
                limit_ms: float = LIMIT_MS) -> list[dict]:
    """One row: a control change, end to end outside a kernel (compute, figure update, PNG
    rendered as the view shows it; the kernel's message sending is in bench_widgets)."""
    t = time_calls(change, repeat=30, warmup=3)
    return [{"name": f"{label}: redraw + PNG", "rows": rows_n, **t, "limit_ms": limit_ms,
             "ok": t["p95_ms"] <= limit_ms}]

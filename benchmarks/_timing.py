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

"""Run every benchmark module (``benchmarks/bench_*.py``) and print its table.

Each module defines ``run() -> list[dict]``; each dict is one row (at least ``name``
and the measured figures, e.g. ``p50_ms``, ``p95_ms``, ``limit_ms``, ``ok``). Results are
also written to ``benchmarks/results/<module>.json`` (git-ignored).

    python benchmarks/run.py                 # all
    python benchmarks/run.py widgets_fairness  # one module (name without bench_)
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def _load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    failed = False
    (HERE / "results").mkdir(exist_ok=True)
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        # Widgets display into stdout outside a kernel; keep the table readable.
        with contextlib.redirect_stdout(io.StringIO()):
            rows = _load(path).run()
        (HERE / "results" / f"{path.stem}.json").write_text(json.dumps(rows, indent=2))
        print(f"\n## {path.stem}")
        if rows:
            keys = list(dict.fromkeys(k for row in rows for k in row))
            print(" | ".join(keys))
            for row in rows:
                print(" | ".join(f"{row.get(k):.1f}" if isinstance(row.get(k), float)
                                 else str(row.get(k, "")) for k in keys))
                failed |= row.get("ok") is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

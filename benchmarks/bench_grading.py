"""Cohort grading: serial ``nbgrader autograde`` vs ``python -m responsible_ml grade``.

50 trainees submit one assignment (the first under ``solutions/``): a third the reference
answers, a third the untouched exercise, a third with the first answer left blank. The
same submissions are graded twice in two copies of one course: once by nbgrader's own
serial ``nbgrader autograde ASSIGNMENT`` and once by the parallel grade command (no
feedback HTML in either). Both must give exactly the same score in every cell of every
submission, and the parallel one must be at least 1.8× faster.

    python benchmarks/run.py grading          # or: make bench-grading
    RML_BENCH_TRAINEES=20 RML_BENCH_WORKERS=3 python benchmarks/run.py grading

On a shared or busy machine the ratio moves with the other load; run it on a quiet one.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from responsible_ml.course import assignments, make_course

SPEEDUP_LIMIT = 1.8


def _env() -> dict:
    return {**os.environ, "PATH": os.pathsep.join([str(pathlib.Path(sys.executable).parent),
                                                   os.environ.get("PATH", "")])}


def _run(args, cwd) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True)
    return time.perf_counter() - start, proc


def _answered(released: dict, reference: dict, how: str) -> dict:
    """A trainee's notebook: all answers from the reference, none, or all but the first."""
    def meta(cell):
        return cell.get("metadata", {}).get("nbgrader", {})

    nb = json.loads(json.dumps(released))
    if how == "blank":
        return nb
    ref = {meta(c).get("grade_id"): c for c in reference["cells"] if meta(c).get("solution")}
    skipped = how != "partly"
    for cell in nb["cells"]:
        gid = meta(cell).get("grade_id")
        if gid in ref:
            if not skipped and cell["cell_type"] == "code":
                skipped = True
                continue
            cell["source"] = ref[gid]["source"]
    return nb


def _scores(db: pathlib.Path, name: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        return {s.student_id: sorted((g.cell.name, g.auto_score, bool(g.needs_manual_grade))
                                     for nb in s.notebooks for g in nb.grades)
                for s in gb.assignment_submissions(name)}


def run() -> list[dict]:
    trainees = int(os.environ.get("RML_BENCH_TRAINEES", "50"))
    workers = int(os.environ.get("RML_BENCH_WORKERS", str(os.cpu_count() or 2)))
    name = assignments()[0]
    with tempfile.TemporaryDirectory(prefix="rml-bench-grading-") as tmp:
        tmp = pathlib.Path(tmp)
        template = make_course(tmp / "template", [name])
        took, proc = _run(["nbgrader", "generate_assignment", name, "--force"], template)
        if proc.returncode:
            raise RuntimeError(proc.stderr)
        for nb_path in (template / "exercises" / name).glob("*.ipynb"):
            released = json.loads(nb_path.read_text())
            reference = json.loads((template / "solutions" / name / nb_path.name).read_text())
            for i in range(trainees):
                how = ("all", "blank", "partly")[i % 3]
                dest = template / "submitted" / f"trainee-{i:03d}" / name
                dest.mkdir(parents=True, exist_ok=True)
                (dest / nb_path.name).write_text(json.dumps(_answered(released, reference, how)))
                (dest / "timestamp.txt").write_text("2026-11-23 10:00:00.000000 UTC")
        serial, parallel = tmp / "serial", tmp / "parallel"
        shutil.copytree(template, serial)
        shutil.copytree(template, parallel)

        t_serial, proc = _run(["nbgrader", "autograde", name], serial)
        serial_ok = proc.returncode == 0
        t_parallel, proc = _run(["responsible_ml", "grade", name, "--course", str(parallel),
                                 "--workers", str(workers), "--no-feedback"], parallel)
        parallel_ok = proc.returncode == 0
        want, got = _scores(serial / "gradebook.db", name), _scores(parallel / "gradebook.db",
                                                                    name)
    same = serial_ok and parallel_ok and len(want) == trainees and want == got
    speedup = t_serial / t_parallel
    return [
        {"name": f"serial nbgrader autograde: {trainees} trainees x {name}",
         "seconds": t_serial, "per_submission_s": t_serial / trainees, "workers": 1},
        {"name": f"python -m responsible_ml grade --workers {workers}",
         "seconds": t_parallel, "per_submission_s": t_parallel / trainees, "workers": workers,
         "speedup": speedup, "limit_speedup": SPEEDUP_LIMIT, "same_scores": same,
         "cpu_cores": os.cpu_count(), "load_avg_1min": os.getloadavg()[0],
         "ok": same and speedup >= SPEEDUP_LIMIT},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)

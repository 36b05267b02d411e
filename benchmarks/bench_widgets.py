"""End to end, per lesson and per control: what a trainee waits for after moving a control.

Each lesson is executed top to bottom in a fresh kernel (nbclient, ``%matplotlib inline``, as
``make lessons`` runs it). A cell appended to the lesson then finds every course widget
the lesson built and, for every control, sets its value and times until every observer has
returned: compute, figure update, PNG rendered and displayed into the widget's Output (the
display messages are sent to the client before ``value = …`` returns). Each control is
moved through a cycle of values (all options of a dropdown, a checkbox both ways, ~5
positions of a slider), ``REPEAT`` times in all, and EVERY change is timed: there is no
untimed warm-up pass, so the first visit of each setting (a dataset's model, a shift's
stream, a figure furniture never drawn) counts like a trainee's first move does. Controls
that are disabled in the widget's starting state (the explorer's per-group sliders) are
measured in the mode that enables them; the change into and out of that mode is timed too
(it is counted with the mode control); a choice whose options depend on a mode (the bias
slicer's attributes, per dataset) is measured in each mode that gives it other options.
``first_max_ms`` is the slowest first visit of a
setting (issue 31: ≤ 1 s), and the p95 is taken over all timed changes, first visits
included (limit 100 ms). Work a widget starts ahead at build in a background thread
(``widgets/_ahead.py``) is let finish before the first change, as a trainee reading the
widget would; ``ahead_wait_ms`` reports how long that still took after the lesson's last
cell.

Between two moves a trainee reads the figure; in that idle time the kernel draws the
choices one move away (``CourseView._plan_ahead``: every other option of a dropdown or
toggle, a checkbox flipped), so that their first visit costs a redraw. The probe's cell
does not give the kernel that idle time, so before each timed move it runs the same work
itself (``CourseView.settle()``) and times it apart: ``ahead_p95_ms`` is the idle work
after a move (p95). It is not a warm-up pass: only the current setting's neighbours are
drawn, after the move before, as in the kernel. ``RML_BENCH_AHEAD=0`` gives no idle time
at all (every move made at once: first visits cold).

Wall time is what counts (limit: p95 ≤ 100 ms per control). The kernel's CPU time per
move (``cpu_p95_ms``, ``first_max_cpu_ms``; process CPU, so a widget's background thread
still computing ahead would count) is reported beside it: on a loaded machine wall time
inflates, CPU time much less.
The load average when the run started is printed in the table.

    .venv/bin/python benchmarks/run.py widgets          # all lessons
    RML_BENCH_LESSONS=03,06 .venv/bin/python benchmarks/run.py widgets
"""

from __future__ import annotations

import json
import os
import pathlib

import nbformat

from responsible_ml.course._client import notebook_client

ROOT = pathlib.Path(os.environ.get("RML_BENCH_ROOT") or pathlib.Path(__file__).resolve().parents[1])
LIMIT_MS = 100.0
FIRST_LIMIT_MS = 1000.0  # a first visit that must load data: progress shown, ≤ 1 s
REPEAT = int(os.environ.get("RML_BENCH_REPEAT", "20"))
# 0: no idle time between moves (every move made at once, nothing drawn ahead).
AHEAD = os.environ.get("RML_BENCH_AHEAD", "1") != "0"

# Runs inside the lesson's kernel after its last cell; prints one JSON line.
PROBE = r'''
import gc as _gc, json as _json, time as _time, statistics as _st
import ipywidgets as _w
from responsible_ml.widgets._view import CourseView as _CV

def _cycle(c):
    if isinstance(c, (_w.Dropdown, _w.ToggleButtons, _w.RadioButtons, _w.SelectionSlider)):
        vals = [o[1] if isinstance(o, tuple) else o for o in c.options]
    elif isinstance(c, _w.Checkbox):
        vals = [not c.value, c.value]
    elif isinstance(c, _w.FloatLogSlider):
        lo, hi = c.min, c.max
        vals = [round(c.base ** (lo + (hi - lo) * k / 4), 6) for k in range(5)]
    else:
        lo, hi, step = c.min, c.max, c.step
        vals = sorted({min(hi, max(lo, round((lo + (hi - lo) * k / 4) / step) * step))
                       for k in range(5)})
        if isinstance(c, _w.IntSlider):
            vals = sorted({int(v) for v in vals})
    start = c.value
    vals = [v for v in vals if v != start] + [start]
    return vals

def _timed(view, c, v, out):
    # The kernel's idle time between two moves (the trainee reads the figure): the view
    # draws the choices one move away (CourseView.settle), timed apart as "ahead".
    a0 = _time.perf_counter()
    if AHEAD:
        view.settle()
    out["ahead"].append((_time.perf_counter() - a0) * 1000)
    t0, c0 = _time.perf_counter(), _time.process_time()
    c.value = v
    out["wall"].append((_time.perf_counter() - t0) * 1000)
    out["cpu"].append((_time.process_time() - c0) * 1000)

def _new_out():
    return {"wall": [], "cpu": [], "ahead": []}

def _measure(view, name, c, repeat):
    vals = _cycle(c)
    out = _new_out()
    k = 0
    while len(out["wall"]) < max(repeat, len(vals)):   # every change timed, first visits too
        _timed(view, c, vals[k % len(vals)], out); k += 1
    first, first_cpu = out["wall"][:len(vals)], out["cpu"][:len(vals)]
    if c.value != vals[-1]:
        _timed(view, c, vals[-1], out)
    return {"first_max_ms": max(first), "first_max_cpu_ms": max(first_cpu),
            "first_visits": len(vals), **out}

# Work a widget does ahead at build (widgets/_ahead.py: scoring every dataset, drawing
# every shift's stream) runs in a background thread while the trainee reads; a trainee's
# first move comes seconds later. The probe lets it finish first and reports how long
# it still had to wait (ahead_wait_ms on the lesson's row), so that cost stays visible.
import threading as _threading
_t0 = _time.perf_counter()
for _th in _threading.enumerate():
    if _th.name == "rml-ahead":
        _th.join()
_ahead_wait = (_time.perf_counter() - _t0) * 1000
_rows = []
_views = [o for o in _gc.get_objects() if isinstance(o, _CV)]
_views.sort(key=lambda v: v.model_id)
for _i, _view in enumerate(_views):
    _done = set()
    _discrete = [n for n, c in _view.controls.items()
                 if isinstance(c, (_w.Dropdown, _w.ToggleButtons)) and len(c.options) <= 4]
    _states = [None] + [(n, o[1] if isinstance(o, tuple) else o)
                        for n in _discrete for o in _view.controls[n].options]
    _switch = {}
    for _state in _states:
        _saved = None
        if _state is not None:
            _c = _view.controls[_state[0]]
            if _c.value == _state[1] or _c.disabled:
                continue
            _saved = _c.value
            _timed(_view, _c, _state[1], _switch.setdefault(_state[0], _new_out()))
        for _name, _c in _view.controls.items():
            # A choice whose options depend on a mode (the slicer's attributes per
            # dataset) is measured again in each mode that gives it other options.
            _key = (_name, tuple(getattr(_c, "options", ())))
            if _key in _done or _c.disabled:
                continue
            if _state is not None and _name == _state[0]:
                continue
            _done.add(_key)
            _r = _measure(_view, _name, _c, REPEAT)
            _rows.append({"widget": f"{_i}: {_view.title}", "control": _name,
                          "mode": "" if _state is None else f"{_state[0]}={_state[1]}", **_r})
        if _saved is not None:
            _timed(_view, _view.controls[_state[0]], _saved, _switch[_state[0]])
    for _r in _rows:   # mode switches count with the mode control's own moves
        if _r["widget"] == f"{_i}: {_view.title}" and _r["control"] in _switch and not _r["mode"]:
            _extra = _switch.pop(_r["control"])
            for _k in ("wall", "cpu", "ahead"):
                _r[_k] += _extra[_k]
for _r in _rows:
    _r["ahead_wait_ms"] = _ahead_wait
print("RML_BENCH " + _json.dumps(_rows))
'''


def _pct(samples, q):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def measure_lesson(path: pathlib.Path, repeat: int = REPEAT) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"REPEAT = {repeat}\nAHEAD = {AHEAD}\n" + PROBE))
    client = notebook_client(nb, timeout=900, kernel_name="python3",
                             resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    line = next(ln for ln in text.splitlines() if ln.startswith("RML_BENCH "))
    rows = []
    for r in json.loads(line.removeprefix("RML_BENCH ")):
        p95 = _pct(r["wall"], 0.95)
        rows.append({"lesson": path.stem[:2], "widget": r["widget"], "control": r["control"],
                     "mode": r["mode"], "n": len(r["wall"]), "p50_ms": _pct(r["wall"], 0.5),
                     "p95_ms": p95, "max_ms": max(r["wall"]),
                     "cpu_p95_ms": _pct(r["cpu"], 0.95), "first_max_ms": r["first_max_ms"],
                     "ahead_p95_ms": _pct(r["ahead"], 0.95), "_ahead": r["ahead"],
                     "first_max_cpu_ms": r["first_max_cpu_ms"], "_cpu": r["cpu"],
                     "ahead_wait_ms": r["ahead_wait_ms"],
                     "limit_ms": LIMIT_MS, "ok": p95 <= LIMIT_MS, "_wall": r["wall"]})
    return rows


def lesson_summary(rows: list[dict]) -> list[dict]:
    """One row per lesson: p50/p95/max over every timed change of every control (first
    visits included) and the slowest first visit."""
    out = []
    for lesson in sorted({r["lesson"] for r in rows}):
        mine = [r for r in rows if r["lesson"] == lesson]
        wall = [x for r in mine for x in r["_wall"]]
        slowest = max(mine, key=lambda r: r["p95_ms"])
        first = max(mine, key=lambda r: r["first_max_ms"])
        p95 = _pct(wall, 0.95)
        out.append({"lesson": lesson, "widget": "ALL", "control": f"slowest p95: "
                    f"{slowest['control']} ({slowest['widget']}); slowest first visit: "
                    f"{first['control']} ({first['widget']})", "mode": "", "n": len(wall),
                    "p50_ms": _pct(wall, 0.5), "p95_ms": p95, "max_ms": max(wall),
                    "cpu_p95_ms": _pct([x for r in mine for x in r["_cpu"]], 0.95),
                    "first_max_ms": first["first_max_ms"],
                    "first_max_cpu_ms": max(r["first_max_cpu_ms"] for r in mine),
                    "ahead_p95_ms": _pct([x for r in mine for x in r["_ahead"]], 0.95),
                    "ahead_wait_ms": mine[0]["ahead_wait_ms"],
                    "limit_ms": LIMIT_MS,
                    "ok": all(r["ok"] for r in mine) and first["first_max_ms"] <= FIRST_LIMIT_MS})
    return out


def run() -> list[dict]:
    wanted = {s.strip() for s in os.environ.get("RML_BENCH_LESSONS", "").split(",") if s.strip()}
    load = os.getloadavg()[0]
    rows = []
    for path in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
        if wanted and path.stem[:2] not in wanted:
            continue
        rows += measure_lesson(path)
    summary = lesson_summary(rows)
    for r in rows:
        r.pop("_wall")
        r.pop("_cpu")
        r.pop("_ahead")
    note = {"lesson": "--", "widget": f"load average at start {load:.1f} on {os.cpu_count()} "
            "cores", "control": "", "mode": "", "n": None, "p50_ms": None, "p95_ms": None,
            "max_ms": None, "cpu_p95_ms": None, "first_max_ms": None,
            "first_max_cpu_ms": None, "ahead_p95_ms": None, "ahead_wait_ms": None,
            "limit_ms": None,
            "ok": None}
    return [note, *rows, *summary]

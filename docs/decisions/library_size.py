"""Library size: public names, public functions and their callers.

Run from the repository root:  PYTHONPATH=$PWD/lib .venv/bin/python measure.py
A *use* is the name as a whole word in code cells of lessons/, solutions/, exercises/
notebooks, or in tests/, benchmarks/ or deploy/ .py files or nbgrader_config.py. A *library call* is ``name(`` in
lib/ outside its own ``def`` line (same module included), or the bare name in another
module of lib/ other than an ``__init__.py`` re-export.
"""
import importlib, inspect, json, pathlib, re
SUBS = ("data", "fairness", "privacy", "explain", "monitoring", "tradeoffs",
        "plotting", "widgets", "feedback", "course")
def texts(dirs, exts):
    out = {}
    for d in dirs:
        for p in sorted(pathlib.Path(d).rglob("*")):
            if p.suffix not in exts or ".ipynb_checkpoints" in p.parts:
                continue
            t = p.read_text(errors="ignore")
            if p.suffix == ".ipynb":
                t = "\n".join("".join(c["source"]) for c in json.loads(t)["cells"]
                              if c["cell_type"] == "code")
            out[str(p.resolve())] = t
    return out
nbs = texts(["lessons", "solutions", "exercises"], {".ipynb"})
tests, lib = texts(["tests"], {".py"}), texts(["lib"], {".py"})
bench = texts(["benchmarks", "deploy"], {".py"})
bench["nbgrader_config.py"] = pathlib.Path("nbgrader_config.py").read_text()
names, funcs = 0, []
for s in SUBS:
    m = importlib.import_module(f"responsible_ml.{s}")
    names += len(m.__all__)
    funcs += [(s, n, inspect.getsourcefile(getattr(m, n))) for n in m.__all__
              if inspect.isfunction(getattr(m, n))]
def hits(name, corpus):
    pat = re.compile(rf"\b{re.escape(name)}\b")
    return [p for p, t in corpus.items() if pat.search(t)]
def lib_calls(name, src):
    word, call = re.compile(rf"\b{re.escape(name)}\b"), re.compile(rf"(?<!def )\b{re.escape(name)}\(")
    n = 0
    for p, t in lib.items():
        if p == src:
            n += len(call.findall(t))
        elif not p.endswith("__init__.py") and word.search(t):
            n += 1
    return n
unused, dead, single = [], [], []
for s, n, src in funcs:
    nb, te, be, lc = hits(n, nbs), hits(n, tests), hits(n, bench), lib_calls(n, src)
    if not (nb or te or be):
        unused.append(f"{s}.{n}")
    if not (nb or be):
        (dead if lc == 0 else single).append(f"{s}.{n} (lib calls {lc}, test files {len(te)})")
print("public names (sum of len(__all__) over the 10 subpackages):", names)
print("public functions (inspect.isfunction among them):", len(funcs))
print("public functions used by no notebook, test, benchmark or deploy script:", len(unused))
for x in unused: print("   ", x)
print("public functions no notebook/benchmark/deploy uses and lib never calls:", len(dead))
for x in dead: print("   ", x)
print("public functions no notebook/benchmark/deploy uses, called only inside lib:", len(single))
for x in single: print("   ", x)

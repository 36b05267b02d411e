"""Public names no notebook code cell, benchmark, deploy script or nbgrader config uses.

Run from the repository root:
    PYTHONPATH=$PWD/lib .venv/bin/python docs/decisions/unused_public_names.py

A name of a subpackage's ``__all__`` is *used* when it occurs as a whole word in a code cell of a
``lessons/`` or ``solutions/`` notebook, in a file under ``deploy/`` or ``benchmarks/``, or in
``nbgrader_config.py``. Every unused name is printed with where else it occurs: ``docs/*.md``
(and below), markdown cells of those notebooks, other ``lib/`` modules, ``tests/``. Issue 30's
second pass made the unused names private unless the docs or lesson prose tell a reader to call
them, a widget imports them (``tests/widgets/test_view.py``) or a file other helpers were
editing imported them; see ``library-size.md``.
"""
import importlib
import json
import pathlib
import re

SUBS = ("data", "fairness", "privacy", "explain", "monitoring", "tradeoffs",
        "plotting", "widgets", "feedback", "course")


def notebooks(kind):
    out = {}
    for d in ("lessons", "solutions"):
        for p in sorted(pathlib.Path(d).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in p.parts:
                cells = json.loads(p.read_text())["cells"]
                out[str(p)] = "\n".join("".join(c["source"]) for c in cells
                                        if c["cell_type"] == kind)
    return out


def files(dirs, suffixes=None):
    out = {}
    for d in dirs:
        for p in sorted(pathlib.Path(d).rglob("*")):
            if (p.is_file() and "node_modules" not in p.parts
                    and (suffixes is None or p.suffix in suffixes)):
                out[str(p)] = p.read_text(errors="ignore")
    return out


code, markdown = notebooks("code"), notebooks("markdown")
users = files(["deploy", "benchmarks"])
users["nbgrader_config.py"] = pathlib.Path("nbgrader_config.py").read_text()
elsewhere = {"docs": files(["docs"], {".md"}), "markdown": markdown,
             "lib": files(["lib"], {".py"}), "tests": files(["tests"], {".py"})}


def hits(name, corpus):
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    return [p for p, text in corpus.items() if pattern.search(text)]


total, unused = 0, []
for sub in SUBS:
    module = importlib.import_module(f"responsible_ml.{sub}")
    total += len(module.__all__)
    unused += [(sub, n) for n in module.__all__ if not (hits(n, code) or hits(n, users))]
print(f"public names: {total}; used by no notebook code cell, deploy/, benchmarks/ "
      f"or nbgrader_config.py: {len(unused)}")
for sub, name in unused:
    print(f"{sub}.{name}")
    for where, corpus in elsewhere.items():
        found = [p for p in hits(name, corpus) if not p.endswith(f"{sub}/__init__.py")]
        if found:
            print(f"    {where}: {', '.join(found)}")

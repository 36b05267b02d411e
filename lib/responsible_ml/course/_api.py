"""Several nbgrader steps in one process: ``python -m responsible_ml.course._api STEP:NAME ... [-- ARGS]``.

Each ``nbgrader`` command pays about two seconds to start; releasing seven assignments
is fourteen commands. This runs nbgrader's own API (``NbGraderAPI``, what the formgrader
uses) for a list of steps in one process started in the course folder, so the course's
``nbgrader_config.py`` applies exactly as for the command line; ``ARGS`` are extra
nbgrader options. It prints one JSON line per step: ``{"step", "name", "success",
"log", "error"}`` and stops at the first failure (exit status 1).

Steps: ``generate_assignment``, ``release_assignment``, ``collect``,
``generate_feedback``, ``release_feedback``.
"""

from __future__ import annotations

import json
import sys

STEPS = ("generate_assignment", "release_assignment", "collect", "generate_feedback",
         "release_feedback")

_UNKNOWN_STEP = "unknown step {item!r}; use one of {steps} as STEP:NAME"


def main(argv: list[str]) -> int:
    steps, extra = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv \
        else (argv, [])
    for item in steps:  # refuse a bad step before nbgrader starts
        step, _, name = item.partition(":")
        if step not in STEPS or not name:
            raise SystemExit(_UNKNOWN_STEP.format(item=item, steps=STEPS))
    real_stdout, sys.stdout = sys.stdout, sys.stderr  # nbgrader logs; stdout carries JSON

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.nbgraderapp import NbGraderApp

    app = NbGraderApp.instance()
    app.initialize(["--ExchangeReleaseAssignment.force=True", *extra])
    api = NbGraderAPI(coursedir=app.coursedir, parent=app)
    for item in steps:
        step, _, name = item.partition(":")
        method = getattr(api, step)
        result = method(name, force=True) if step in ("generate_assignment",
                                                      "generate_feedback") else method(name)
        real_stdout.write(json.dumps({"step": step, "name": name, **result}) + "\n")
        real_stdout.flush()
        if not result.get("success"):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

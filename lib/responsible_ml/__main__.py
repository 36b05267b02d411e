"""Course chores: ``python -m responsible_ml COMMAND`` (the Makefile calls these).

Commands
--------
exercises [NAME ...]   regenerate exercises/ from solutions/ with nbgrader
check-sync             fail if exercises/ differs from a fresh generation
lessons [PATH ...]     re-execute lessons in place so stored outputs are fresh
release [NAME ...]     instructors: release assignments to the nbgrader exchange
grade [NAME ...]       instructors: autograde submissions and write feedback
"""

from __future__ import annotations

import argparse
import sys

from .course import _nbgrader as nbg


def _cmd_exercises(args) -> int:
    for name in args.names or nbg.assignments():
        out = nbg.generate(name)
        print(f"generated {out.relative_to(nbg.REPO_ROOT)}")
    return 0


def _cmd_check_sync(args) -> int:
    problems = nbg.sync_differences()
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"exercises/ matches solutions/ ({len(nbg.assignments())} assignments)")
    return 1 if problems else 0


def _cmd_lessons(args) -> int:
    paths = args.paths or nbg.lessons()
    for path in paths:
        took = nbg.execute_notebook(path)
        print(f"executed {path} in {took:.1f} s")
    return 0


def _cmd_release(args) -> int:
    for name in args.names or nbg.assignments():
        nbg.nbgrader(["generate_assignment", name, "--force"], nbg.REPO_ROOT)
        proc = nbg.nbgrader(["release_assignment", name, "--force"], nbg.REPO_ROOT, check=False)
        print(proc.stdout + proc.stderr)
        if proc.returncode:
            return proc.returncode
    return 0


def _cmd_grade(args) -> int:
    for name in args.names or nbg.assignments():
        for step in (["autograde", name], ["generate_feedback", name]):
            proc = nbg.nbgrader(step, nbg.REPO_ROOT, check=False, timeout=3600)
            print(proc.stdout + proc.stderr)
            if proc.returncode:
                return proc.returncode
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m responsible_ml`` and the ``responsible-ml`` script."""
    parser = argparse.ArgumentParser(prog="python -m responsible_ml", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("exercises", help="regenerate exercises/ from solutions/")
    p.add_argument("names", nargs="*")
    p.set_defaults(func=_cmd_exercises)
    p = sub.add_parser("check-sync", help="fail if exercises/ is stale")
    p.set_defaults(func=_cmd_check_sync)
    p = sub.add_parser("lessons", help="re-execute lessons in place")
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=_cmd_lessons)
    p = sub.add_parser("release", help="instructors: release assignments")
    p.add_argument("names", nargs="*")
    p.set_defaults(func=_cmd_release)
    p = sub.add_parser("grade", help="instructors: autograde and write feedback")
    p.add_argument("names", nargs="*")
    p.set_defaults(func=_cmd_grade)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

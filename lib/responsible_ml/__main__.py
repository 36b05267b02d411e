"""Course chores: ``python -m responsible_ml COMMAND`` (the Makefile calls these).

Commands
--------
exercises [NAME ...]   regenerate exercises/ from solutions/ with nbgrader
check-sync             fail if exercises/ differs from a fresh generation
lessons [PATH ...]     re-execute lessons in place so stored outputs are fresh
my-work                trainees: copy each exercise to my-work/ (git-ignored) unless there
check NAME             trainees: run my-work/NAME.ipynb in a fresh kernel (the file is not
                       changed) and list each visible check: passes, fails (and why), not
                       answered yet; NAME is e.g. 07-trade-offs or 07
model-answers NAME     self-study: after writing a free-text answer in my-work/, compare it
                       with the model answer and rubric (not in a graded cohort)
guide [--check]        rewrite the guides' generated tables (times, points) from the notebooks
class-summary [DIR]    instructors: how the room answered the lessons' prompts (the hub's
                       class folder; opt-in, pseudonymous), the wrong answer most chosen,
                       the self-ratings; --lesson NN, --png FILE, --json
release [NAME ...]     instructors: release assignments to the nbgrader exchange
grade [NAME ...]       instructors: autograde submissions in parallel, write feedback and
                       a summary (grades/NAME-scores.csv, -questions.csv, -summary.txt)
                       and LMS imports (grades/canvas-gradebook.csv, moodle-grades.csv)

Options after `--` go to nbgrader, e.g.
  python -m responsible_ml grade 01-what-is-ml -- --Execute.timeout=120
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


def _cmd_my_work(args) -> int:
    from .course._my_work import prepare_my_work

    for line in prepare_my_work():
        print(line)
    return 0


def _cmd_check(args) -> int:
    import pathlib

    from .course._check_work import CELL_TIMEOUT_S, check_my_work, header
    from .course._my_work import my_work_copy

    course = pathlib.Path(args.course)
    try:
        path = my_work_copy(args.name, course)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(header(path.relative_to(course)), flush=True)
    for line in check_my_work(args.name, course, timeout=args.timeout or CELL_TIMEOUT_S).lines():
        print(line)
    return 0


def _cmd_model_answers(args) -> int:
    from .course._model_answers import model_answers

    try:
        blocks = model_answers(args.name)
    except (PermissionError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print("\n\n".join(blocks))
    return 0


def _cmd_guide(args) -> int:
    from .course._guide import update

    stale = update(write=not args.check)
    for rel in stale:
        print(f"{'stale' if args.check else 'updated'}: {rel}", file=sys.stderr)
    return 1 if (stale and args.check) else 0


def _cmd_class_summary(args) -> int:
    import json
    import os

    from .course._class_view import (
        class_ratings,
        class_summary,
        class_summary_plot,
        misconception_report,
    )

    directory = args.directory or os.environ.get("RML_CLASS_DIR")
    if not directory:
        print("error: give the class folder (or set RML_CLASS_DIR)", file=sys.stderr)
        return 2
    try:
        summary = class_summary(directory, lesson=args.lesson)
        ratings = class_ratings(directory, lesson=args.lesson)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    report = misconception_report(summary)
    if args.json:
        print(json.dumps({"answers": summary.to_dict(orient="records"),
                          "report": report.reset_index(names="prompt").to_dict(orient="records"),
                          "ratings": ratings.to_dict(orient="records")}, default=float))
    else:
        with_answers = report[report["answered"] > 0]
        print(f"{len(with_answers)} of {len(report)} prompts answered")
        for prompt, row in with_answers.iterrows():
            wrong = (f"; most chosen wrong answer: {row['top_wrong']!r} ({row['top_wrong_share']:.0%})"
                     if row["top_wrong"] else "")
            print(f"{prompt}: {row['answered']} answered, {row['share_correct']:.0%} right{wrong}")
        for _, row in ratings.iterrows():
            print(f"{row['lesson']} self-rating, {row['statement'][:60]!r}: mean {row['mean']:.1f} "
                  f"of {row['rated']}, {row['share_low']:.0%} at 1-2")
    if args.png:
        from .plotting import use_style

        use_style()
        shown = summary[summary["answered"] > 0]
        ax = class_summary_plot(shown if len(shown) else summary)
        ax.figure.savefig(args.png, dpi=120, bbox_inches="tight")
        print(f"written: {args.png}", file=sys.stderr)
    return 0


def _nbgrader_args(args) -> list[str]:
    extra = list(args.nbgrader_args)
    if getattr(args, "exchange", None):
        extra.append(f"--Exchange.root={args.exchange}")
    return extra


def _cmd_release(args) -> int:
    import json
    import pathlib
    import subprocess

    course = pathlib.Path(args.course).resolve()
    names = args.names or nbg.assignments(course)
    steps = [f"{step}:{name}" for name in names
             for step in ("generate_assignment", "release_assignment")]
    from .course._env import tool_env

    env = tool_env()
    # One process for every step (nbgrader's API), in the course folder so its config applies.
    proc = subprocess.run([sys.executable, "-m", "responsible_ml.course._api", *steps, "--",
                           *_nbgrader_args(args)], cwd=course, env=env, capture_output=True,
                          text=True)
    for line in proc.stdout.splitlines():
        result = json.loads(line)
        if result["success"]:
            if result["step"] == "release_assignment":
                print(f"released {result['name']}")
        else:
            print(result.get("log", "") + result.get("error", ""), file=sys.stderr)
            print(f"release of {result['name']} failed at `nbgrader {result['step']}`",
                  file=sys.stderr)
    if proc.returncode:
        print(proc.stderr[-3000:], file=sys.stderr)
    return proc.returncode


def _cmd_grade(args) -> int:
    import warnings

    from .course._env import skip_unused_imports

    skip_unused_imports()  # this process imports nbgrader: seconds less
    from .course import grade
    from .course._sandbox import _NO_SANDBOX_WARNING, SandboxUnavailable, UnsandboxedGrading

    regrade = True if args.regrade_all else args.regrade
    if args.no_sandbox:  # on every run, before any submission runs
        print(f"WARNING: {_NO_SANDBOX_WARNING}", file=sys.stderr)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnsandboxedGrading)  # printed above
            reports = grade(args.names or None, course=args.course, workers=args.workers,
                            regrade=regrade, config_args=_nbgrader_args(args),
                            feedback=not args.no_feedback, sandbox=not args.no_sandbox)
    except (ValueError, SandboxUnavailable) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for report in reports:
        print(report.summary())
        print("written: " + ", ".join(str(p) for p in report.files.values()))
    if not reports:
        print("nothing to grade: no submissions found", file=sys.stderr)
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
    p = sub.add_parser("my-work", help="trainees: your own copy of each exercise")
    p.set_defaults(func=_cmd_my_work)
    p = sub.add_parser("check", help="trainees: run every visible check of your copy at once")
    p.add_argument("name", help="the exercise, e.g. 07-trade-offs or 07")
    p.add_argument("--timeout", type=int, help="seconds a cell may run (default 120)")
    p.add_argument("--course", default=str(nbg.REPO_ROOT), help="the course folder (holding my-work/)")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("model-answers", help="self-study: compare your free text")
    p.add_argument("name", help="the exercise, e.g. 01-what-is-ml or 01")
    p.set_defaults(func=_cmd_model_answers)
    p = sub.add_parser("guide", help="rewrite the guides' generated tables")
    p.add_argument("--check", action="store_true", help="only report stale guides")
    p.set_defaults(func=_cmd_guide)
    p = sub.add_parser("class-summary", help="instructors: how the room answered the prompts")
    p.add_argument("directory", nargs="?", help="the class folder (default: $RML_CLASS_DIR)")
    p.add_argument("--lesson", help="only this lesson's prompts, e.g. 03")
    p.add_argument("--png", help="also draw the counts to this PNG file")
    p.add_argument("--json", action="store_true", help="print JSON (counts, report, ratings)")
    p.set_defaults(func=_cmd_class_summary)
    p = sub.add_parser("release", help="instructors: release assignments")
    p.add_argument("names", nargs="*", help="assignments (default: all under solutions/)")
    p.add_argument("--course", default=str(nbg.REPO_ROOT), help="nbgrader course folder")
    p.add_argument("--exchange", help="nbgrader exchange folder (default: nbgrader's config)")
    p.set_defaults(func=_cmd_release)
    p = sub.add_parser("grade", help="instructors: autograde in parallel, feedback, summary")
    p.add_argument("names", nargs="*", help="assignments (default: all with submissions)")
    p.add_argument("--course", default=str(nbg.REPO_ROOT), help="nbgrader course folder")
    p.add_argument("--workers", type=int, default=None,
                   help="parallel grading processes (default: CPU cores)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--regrade", metavar="STUDENT", help="grade this trainee again")
    who.add_argument("--regrade-all", action="store_true", help="grade everyone again")
    p.add_argument("--no-feedback", action="store_true", help="skip the feedback HTML")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run submissions WITHOUT the bubblewrap sandbox (warns; recorded in "
                        "the summary) — only where bwrap cannot be had, e.g. macOS")
    p.set_defaults(func=_cmd_grade)
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after `--` is passed on to nbgrader (release and grade).
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    args.nbgrader_args = extra
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""One parallel grading worker: ``python -m responsible_ml.course._worker WORKDIR [ARGS]``.

Started by :func:`responsible_ml.course.grade` with the instructor's course folder as
its working directory, so nbgrader reads the course's ``nbgrader_config.py`` exactly
as ``nbgrader autograde`` would; ``ARGS`` are extra nbgrader options. The worker then
points nbgrader at its own course folder ``WORKDIR`` (sources linked, its own copy of
the gradebook), reads one JSON line on stdin naming the course's folders, and then one
``ASSIGNMENT<tab>STUDENT`` per line. For each it

1. copies ``submitted/<student>/<assignment>`` from the course into ``WORKDIR``
   (regular files and folders only: symbolic links and special files are left out and
   reported, so nothing outside the submission is ever copied in its name),
2. runs nbgrader's own autograde (``NbGraderAPI.autograde``) and feedback steps,
3. moves the results back into the course's ``autograded/`` and ``feedback/`` folders,
4. prints one JSON line: ``{"student", "success", "error", "log", "seconds", "notes"}``.

The parent copies the student's gradebook rows into the course gradebook (it is the
only process that writes there), so workers never contend for the SQLite database.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sys
import time

_NOT_A_FOLDER = "{path} is not a folder"
#: Note on a submission whose links or special files were left out.
LEFT_OUT = ("the submission held symbolic links, hard links or special files ({names}); they "
            "were left out (a link could point at files of the course or of other trainees)")


def _copy_submission(src: pathlib.Path, dest: pathlib.Path) -> list[str]:
    """Copy folders and files with one link only (never following a link); return what was left.

    A file with more than one hard link is left out like a symbolic link (it is the same
    file as another one, which may be the course's); each copy is checked again.
    """
    from ._sandbox import linked

    left = []
    dest.mkdir(parents=True)
    for entry in os.scandir(src):
        target = dest / entry.name
        st = entry.stat(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            left += [f"{entry.name}/{n}" for n in _copy_submission(pathlib.Path(entry.path),
                                                                   target)]
        elif not linked(st):
            shutil.copyfile(entry.path, target, follow_symlinks=False)
            shutil.copystat(entry.path, target, follow_symlinks=False)
            if linked(os.lstat(target)):
                target.unlink()
                left.append(entry.name)
        else:
            left.append(entry.name)
    return left


def _replace(src: pathlib.Path, dest: pathlib.Path) -> None:
    if dest.exists() or dest.is_symlink():
        shutil.rmtree(dest)
    if src.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(src), str(dest))


def main(argv: list[str]) -> int:
    workdir = pathlib.Path(argv[0]).resolve()
    extra = argv[1:]
    feedback = "--no-feedback" not in extra
    direct = "--direct" in extra  # write to the course gradebook itself (non-SQLite)
    extra = [a for a in extra if a not in ("--no-feedback", "--direct")]
    if not direct:  # the worker's own folder and gradebook replace the course's
        extra = [a for a in extra if not a.startswith(("--CourseDirectory.db_url=", "--db=",
                                                        "--CourseDirectory.root="))]
    else:
        extra = [a for a in extra if not a.startswith("--CourseDirectory.root=")]

    # Keep nbgrader's own log off stdout: stdout carries our JSON lines.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr

    from ._env import skip_unused_imports

    skip_unused_imports()
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.autogradeapp import AutogradeApp

    app = AutogradeApp.instance()
    # Command-line options win over the course's config file, so only the folder and
    # the gradebook change; every other setting (timeouts, memory limit) stays.
    own_db = [] if direct else [f"--CourseDirectory.db_url=sqlite:///{workdir / 'gradebook.db'}"]
    app.initialize([*extra, f"--CourseDirectory.root={workdir}", *own_db])
    # Whatever the course's config says, test cells are scored by the trusted execute
    # step (from the kernel's reply), with output and time bounded.
    from ._execute import TrustedExecute, trusted_autograde_preprocessors

    steps = app.config.Autograde.get("autograde_preprocessors")
    if not steps or not any(s is TrustedExecute or s == f"{TrustedExecute.__module__}."
                            "TrustedExecute" for s in steps):
        app.config.Autograde.autograde_preprocessors = trusted_autograde_preprocessors()
    api = NbGraderAPI(coursedir=app.coursedir, parent=app)
    coursedir = app.coursedir
    # Ready. The first line says where the course keeps submissions and results (the
    # parent works that out, and copies the gradebook here, while this process starts).
    setup = sys.stdin.readline()
    if not setup.strip():
        return 0
    main_dirs = json.loads(setup)
    home = pathlib.Path(main_dirs["root"])

    def rel(directory: str, student: str) -> pathlib.Path:
        return pathlib.Path(coursedir.format_path(directory, student, assignment))

    for line in sys.stdin:
        if not line.strip():
            continue
        assignment, student = line.rstrip("\n").split("\t")
        start = time.perf_counter()
        result = {"student": student, "success": False, "error": "", "log": "", "notes": []}
        try:
            src = home / main_dirs["submitted"] / student / assignment
            mine = rel(coursedir.submitted_directory, student)
            if mine.exists():
                shutil.rmtree(mine)
            if src.is_symlink() or not src.is_dir():
                raise RuntimeError(_NOT_A_FOLDER.format(path=src))
            left = _copy_submission(src, mine)
            if left:
                result["notes"].append(LEFT_OUT.format(names=", ".join(sorted(left)[:5])))
            for folder in (coursedir.autograded_directory, coursedir.feedback_directory):
                out = rel(folder, student)
                if out.exists():
                    shutil.rmtree(out)
            res = api.autograde(assignment, student, force=True, create=True)
            result.update(success=bool(res.get("success")), error=res.get("error", ""),
                          log=res.get("log", ""))
            if result["success"] and feedback:
                fb = api.generate_feedback(assignment, student, force=True)
                if not fb.get("success"):
                    result["log"] += "\n" + fb.get("log", "") + fb.get("error", "")
            _replace(rel(coursedir.autograded_directory, student),
                     home / main_dirs["autograded"] / student / assignment)
            _replace(rel(coursedir.feedback_directory, student),
                     home / main_dirs["feedback"] / student / assignment)
            shutil.rmtree(mine, ignore_errors=True)
        except Exception as err:  # noqa: BLE001 - reported to the parent, next student
            import traceback

            result["error"] = f"{type(err).__name__}: {err}\n{traceback.format_exc()}"
        result["seconds"] = time.perf_counter() - start
        real_stdout.write(json.dumps(result) + "\n")
        real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

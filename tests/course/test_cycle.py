"""The whole instructor cycle on one machine, on a real nbgrader exchange folder.

release every assignment → three trainees (own home and working folder, own user name)
fetch, answer and submit → the instructor collects, grades in parallel, finishes the
free-text cells from the rubric in the gradebook, generates and releases feedback →
the trainees fetch their feedback. Nothing is mocked: these are nbgrader's commands and
its SQLite gradebook, which here lives outside the course folder (``db_url``).

The trainees answer the first real assignment under ``solutions/`` (found, not listed)
and the tiny fixture assignment; every assignment is released and listed.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

from responsible_ml.course import assignments, grade, make_course

pytestmark = pytest.mark.slow
HOSTILE = pathlib.Path(__file__).resolve().parent / "hostile"
TINY = "00-tiny"
COURSE_ID = "responsible-ml"
TRAINEES = ("ada", "bo", "cai")  # answers: reference, blank, partly wrong


def _run(args, cwd, env, check=True):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)
    if check:
        assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    print(f"{time.perf_counter() - start:5.1f} s  {' '.join(map(str, args[:3]))}")
    return proc


def _trainee_env(home: pathlib.Path, user: str) -> dict:
    env = dict(os.environ)
    env.update(HOME=str(home), USER=user, LOGNAME=user,
               JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
               JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
               IPYTHONDIR=str(home / ".ipython"))
    env["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), env["PATH"]])
    return env


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _answer(fetched: pathlib.Path, reference: pathlib.Path, how: str) -> None:
    """Fill a fetched notebook like a trainee would: all, none, or all but the first answer
    ("all", "blank", "partly"), or every code answer with the free text left as released
    ("code")."""
    if how == "blank":
        return
    ref = {_meta(c).get("grade_id"): c for c in json.loads(reference.read_text())["cells"]
           if _meta(c).get("solution") and (how != "code" or c["cell_type"] == "code")}
    nb = json.loads(fetched.read_text())
    skipped = False
    for cell in nb["cells"]:
        gid = _meta(cell).get("grade_id")
        if gid not in ref:
            continue
        if how == "partly" and cell["cell_type"] == "code" and not skipped:
            skipped = True  # leave the first answer as the stub
            continue
        cell["source"] = ref[gid]["source"]
    fetched.write_text(json.dumps(nb))


class _Exchange:
    """A throw-away course holding ``names``, its gradebook elsewhere, and a real exchange.

    The instructor's and every trainee's nbgrader commands run as separate processes, each
    trainee with their own home, user name and (as the course hub sets it) ``RML_TRAINEE_ID``.
    """

    def __init__(self, tmp: pathlib.Path, names):
        self.tmp = tmp
        self.root = tmp / "exchange"
        self.root.mkdir()
        self.root.chmod(0o777)
        self.course = make_course(tmp / "instructor", names)
        self.db = tmp / "elsewhere" / "gradebook.db"
        self.db.parent.mkdir()
        self.inst_env = _trainee_env(tmp / "instructor-home", "instructor")
        self.inst_args = [f"--Exchange.root={self.root}",
                          f"--CourseDirectory.db_url=sqlite:///{self.db}"]
        self.trainee_args = [f"--Exchange.root={self.root}",
                             f"--CourseDirectory.course_id={COURSE_ID}"]
        self.envs: dict[str, dict] = {}

    def release(self):
        """Our release command (generate + release into the exchange) of every assignment."""
        return _run(["responsible_ml", "release", "--course", str(self.course), "--",
                     *self.inst_args], self.course, self.inst_env)

    def env(self, user: str) -> dict:
        """The environment of ``user``'s processes (their home is made on first use)."""
        if user not in self.envs:
            home = self.tmp / "homes" / user
            home.mkdir(parents=True)
            env = _trainee_env(home, user)
            env.update(RML_TRAINEE_ID=user, RML_COURSE_ID=COURSE_ID)
            self.envs[user] = env
        return self.envs[user]

    def home(self, user: str) -> pathlib.Path:
        return pathlib.Path(self.env(user)["HOME"])

    def trainee(self, user: str, *args, check=True):
        """``nbgrader <args>`` as ``user``, in their home."""
        return _run(["nbgrader", *args, *self.trainee_args,
                     f"--CourseDirectory.student_id={user}"], self.home(user), self.env(user),
                    check=check)

    def fetch(self, user: str, name: str) -> pathlib.Path:
        """``user`` fetches ``name``; returns the fetched folder."""
        self.trainee(user, "fetch_assignment", name)
        return self.home(user) / name

    def collect(self, name: str, *args) -> None:
        """The instructor collects ``name`` (``--update``: newer resubmissions too)."""
        _run(["nbgrader", "collect", name, *args, *self.inst_args], self.course, self.inst_env)


def test_release_fetch_submit_collect_grade_feedback_on_a_real_exchange(tmp_path):
    real = assignments()
    ex = _Exchange(tmp_path, real)
    course, db, inst_args, inst_env = ex.course, ex.db, ex.inst_args, ex.inst_env
    shutil.copytree(HOSTILE / "solutions" / TINY, course / "solutions" / TINY)
    everything = [TINY, *real]
    answered = [TINY, *real[:1]]

    # 1. Release every assignment (our command: generate + release into the exchange).
    proc = ex.release()
    assert all(f"released {name}" in proc.stdout for name in everything)
    for name in everything:
        assert (ex.root / COURSE_ID / "outbound" / name).is_dir()
    assert db.exists() and not (course / "gradebook.db").exists()

    # 2. Trainees list, fetch, answer and submit, each as their own user.
    for i, user in enumerate(TRAINEES):
        if i == 0:
            listed = ex.trainee(user, "list")
            assert all(name in listed.stdout + listed.stderr for name in everything)
        for name in answered:
            for nb in ex.fetch(user, name).glob("*.ipynb"):
                _answer(nb, course / "solutions" / name / nb.name,
                        {"ada": "all", "bo": "blank", "cai": "partly"}[user])
            ex.trainee(user, "submit", name)
    inbound = sorted(p.name.split("+")[0] for p in (ex.root / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(TRAINEES * len(answered))

    # 3. The instructor collects and grades (in parallel, into the gradebook elsewhere).
    for name in answered:
        ex.collect(name)
        assert sorted(p.name for p in (course / "submitted").iterdir()
                      if (p / name).is_dir()) == sorted(TRAINEES)
    reports = grade(answered, course=course, workers=2, progress=False, config_args=inst_args)
    assert [r.assignment for r in reports] == answered
    for report in reports:
        ada, bo, cai = (report.result(t) for t in TRAINEES)
        assert all(r.status == "graded" for r in (ada, bo, cai)), report.summary()
        assert ada.auto_score == ada.auto_max > 0, report.summary()
        assert bo.auto_score == 0, report.summary()
        assert 0 <= cai.auto_score < ada.auto_score, report.summary()
        assert ada.manual_pending > 0  # free text waits for a human

    # 4. Free-text cells: the rubric applied in the gradebook (full for ada, half for cai).
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        for name in answered:
            for user, share in (("ada", 1.0), ("cai", 0.5), ("bo", 0.0)):
                sub = gb.find_submission(name, user)
                for nb in sub.notebooks:
                    free_text = {g.cell.name for g in nb.grades if g.cell.cell_type == "markdown"}
                    for g in nb.grades:
                        if g.cell.name in free_text and g.needs_manual_grade:
                            g.manual_score = share * g.max_score
                            g.needs_manual_grade = False
                    for c in nb.comments:
                        if c.cell.name in free_text:
                            c.manual_comment = f"Rubric applied for {user}: {share:.0%}."
                assert not sub.needs_manual_grade
        gb.db.commit()
        totals = {(name, user): gb.find_submission(name, user).score
                  for name in answered for user in TRAINEES}
        maxima = {name: gb.find_assignment(name).max_score for name in answered}
    for name in answered:
        assert totals[name, "ada"] == maxima[name]
        assert 0 <= totals[name, "cai"] < maxima[name]
    assert not (course / "gradebook.db").exists()  # everything went to the other URL

    # 5. Feedback: generate (again, now with the free-text grades) and release.
    for name in answered:
        _run(["nbgrader", "generate_feedback", name, "--force", *inst_args], course, inst_env)
        _run(["nbgrader", "release_feedback", name, *inst_args], course, inst_env)

    # 6. Trainees fetch their own feedback, which shows their score and the comment.
    for user in TRAINEES:
        for name in answered:
            ex.trainee(user, "fetch_feedback", name)
            pages = list((ex.home(user) / name / "feedback").rglob("*.html"))
            assert pages, f"{user} got no feedback for {name}"
            html = pages[0].read_text(encoding="utf-8")
            assert f"Rubric applied for {user}" in html
            assert f"Score: {totals[name, user]:.1f} / {maxima[name]:.1f}" in html

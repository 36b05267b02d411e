"""A class on the course hub (deploy/jupyterhub_config.py), end to end on loopback.

Six trainees by default: every kind of answer (reference, partly, mutant, blank), one who does
not opt in to the class view, every option of the prompt. The class of 20 (the figures in the
instructor guide) is `make bench-hub` (benchmarks/bench_hub.py, the same steps); RML_HUB_TRAINEES
sets the size here.

Hub + configurable-http-proxy + jupyterhub-idle-culler; as root every trainee is a real,
throw-away Unix account (PAM log-in, LocalProcessSpawner, removed afterwards), otherwise
one Unix user for all (SimpleLocalProcessSpawner-style with DummyAuthenticator) and the
file-permission checks are skipped: the test prints which. The steps are in
deploy/rehearsal.py (shared with benchmarks/bench_hub.py); this file asserts on them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import sys

import pytest

# The class takes minutes (about 4 on a busy 2-core machine); bounded well below CI's cap.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2700)]
REPO = pathlib.Path(__file__).resolve().parents[2]
TRAINEES = int(os.environ.get("RML_HUB_TRAINEES", "6"))
assert TRAINEES >= 6, "RML_HUB_TRAINEES: at least 6 (every kind of answer, an opt-out, every option)"


def _rehearsal_module():
    sys.path.insert(0, str(REPO / "deploy"))
    spec = importlib.util.spec_from_file_location("rml_rehearsal", REPO / "deploy" / "rehearsal.py")
    module = sys.modules['rml_rehearsal'] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rehearsal():
    rh = _rehearsal_module()
    if not rh.CHP.exists():
        if os.environ.get("CI"):
            pytest.fail(f"configurable-http-proxy missing at {rh.CHP} (make hub-deps)")
        pytest.skip(f"configurable-http-proxy missing at {rh.CHP}: run `make hub-deps`")
    with rh.Rehearsal(TRAINEES) as r:
        out = run = rh.run_class(r)
        out["trainees"] = {t.name: t.variant for t in r.trainees}
        out["accounts_during"] = list(r.accounts)
        out["tag"] = r.tag
    print(f"\nhub rehearsal ({run['mode']}: {run['mode_reason']})")
    print(json.dumps(out["summary"], indent=2))
    return out


def test_every_trainee_logs_in_and_gets_a_server(rehearsal):
    s = rehearsal["summary"]
    assert rehearsal["failed_spawns"] == 0
    assert s["trainees"] == TRAINEES
    assert s["login_to_running_p95_s"] < 600


def test_lesson_01_runs_in_every_trainees_kernel(rehearsal):
    assert rehearsal["lesson_errors"] == {}
    assert rehearsal["summary"]["lesson01_per_trainee_p50_s"] > 0


def test_every_submission_reaches_the_exchange(rehearsal):
    assert rehearsal["inbound"] == sorted(rehearsal["trainees"])


def test_every_score_is_what_the_answers_deserve(rehearsal):
    deserved = rehearsal["deserved"]
    # The mix tells the kinds apart (else the check below proves little).
    assert deserved["blank"] == 0
    assert 0 < deserved["partly"] < deserved["reference"]
    assert 0 < deserved["mutant"] < deserved["reference"]
    expected = {name: deserved[variant] for name, variant in rehearsal["trainees"].items()}
    assert rehearsal["scores"] == pytest.approx(expected), rehearsal["grade_output"]


def test_each_trainee_gets_their_own_feedback(rehearsal):
    names = list(rehearsal["trainees"])
    for name, pages in rehearsal["feedback"].items():
        assert len(pages) == 1, f"{name} got {len(pages)} feedback pages"
        html = pages[0]
        assert f"answered by {name}" in html
        assert not [other for other in names if other != name and f"answered by {other}" in html]
        score = rehearsal["scores"][name]
        assert re.search(rf"Score: {score:.1f} / \d", html), f"{name}: score {score} not shown"


def test_no_trainee_reaches_another_trainees_server(rehearsal):
    for name, probe in rehearsal["server_probes"].items():
        for how, (status, body) in probe.items():
            assert status != 200 and '"content"' not in body, f"{name} via {how}: {status}"
        # Through the proxy without a token: sent to log in; with one's own token: forbidden.
        assert probe["proxy"][0] in (302, 303, 401, 403)
        assert probe["proxy_own_token"][0] == 403


def test_no_trainee_reads_another_trainees_work_through_the_exchange(rehearsal):
    if rehearsal["mode"] != "accounts":
        pytest.skip(f"needs real accounts: {rehearsal['mode_reason']}")
    assert rehearsal["file_probes"]
    for name, seen in rehearsal["file_probes"].items():
        assert seen["list_inbound"] == "denied", name  # submissions cannot be found
        assert seen["list_feedback"] == "denied", name
        assert seen["other_home"] == "denied", name
        assert seen["other_notebook"] == "denied", name
        assert seen["new_feedback_files"] == [], name  # asking for another's feedback


def test_the_culler_stops_idle_servers_and_only_those(rehearsal):
    assert rehearsal["culled"] == rehearsal["idle"]
    assert rehearsal["still_running"] == rehearsal["active"]


def test_memory_limit_holds_for_a_trainee(rehearsal):
    method = rehearsal["limits_method"]
    assert method in ("cgroup-v1", "cgroup-v2", "rlimit")
    result = rehearsal["over_limit_allocation"]
    # cgroup: the OOM killer ends the process (SIGKILL); rlimit: MemoryError.
    assert result["rc"] == -9 or "MemoryError" in result["err"], result


def test_instructor_has_the_formgrader_and_trainees_have_no_nbgrader(rehearsal):
    assert rehearsal["instructor_admin"] is True
    assert rehearsal["formgrader_instructor"] == 200
    assert rehearsal["formgrader_trainee"] == 404
    assert rehearsal["trainee_lab_disables_nbgrader"] is True
    assert rehearsal["instructor_lab_disables_nbgrader"] is False


def test_the_class_stayed_offline_and_left_nothing_behind(rehearsal):
    import pwd

    assert rehearsal["offline_violations"] == ""
    left = [e.pw_name for e in pwd.getpwall() if e.pw_name.startswith(rehearsal["tag"])]
    assert left == []
    if rehearsal["mode"] == "accounts":
        assert len(rehearsal["accounts_during"]) == TRAINEES + 1


def test_the_class_view_counts_the_room(rehearsal):
    """Every trainee answers a prompt of lesson 01 through the widget, one in six does not opt in:
    the instructor's summary counts exactly those who did, by option; no trainee can list the folder."""
    answers = rehearsal["class_answers"]
    assert len(answers) == TRAINEES and all(a["tick_box"] for a in answers.values())
    expected: dict[str, int] = {}
    for a in answers.values():
        if a["shared"]:
            expected[a["choice"]] = expected.get(a["choice"], 0) + 1
    rows = [row for row in rehearsal["class_summary"]["answers"] if row["prompt"] == "01-q1"]
    assert {row["option"]: row["count"] for row in rows if row["count"]} == expected
    assert sum(expected.values()) == sum(1 for a in answers.values() if a["shared"])
    assert len(rehearsal["class_files"]) == sum(expected.values())  # one file per sharer
    assert not any(name in f for f in rehearsal["class_files"] for name in rehearsal["trainees"])
    assert rehearsal["class_dir_mode"] == "0o1733"
    if rehearsal["mode"] == "accounts":
        assert not any(a["class_listable"] for a in answers.values())

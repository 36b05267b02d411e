"""The set-up files agree with each other (conda is not on these machines to try)."""

from __future__ import annotations

import re
import tomllib

import yaml


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject(repo):
    data = tomllib.loads((repo / "pyproject.toml").read_text())
    project = data["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():  # dev, hub, ...
        reqs += extra
    pins = {}
    for req in reqs:
        name, _, version = req.partition("==")
        assert version, f"pyproject dependency {req!r} must be pinned with =="
        pins[_norm(name)] = version
    return pins, project["requires-python"]


def _conda(repo):
    env = yaml.safe_load((repo / "environment.yml").read_text())
    pins, python = {}, None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            assert dep.get("pip") == ["--no-deps", "--editable ."], dep
            continue
        name, _, version = dep.partition("=")
        if name == "python":
            python = version
        elif name != "pip":
            pins[_norm(name)] = version
    return pins, python


def test_environment_yml_lists_the_same_packages_and_pins(repo):
    py_pins, requires = _pyproject(repo)
    conda_pins, python = _conda(repo)
    assert sorted(conda_pins) == sorted(py_pins), (
        f"only in pyproject: {sorted(set(py_pins) - set(conda_pins))}; "
        f"only in environment.yml: {sorted(set(conda_pins) - set(py_pins))}")
    assert conda_pins == py_pins
    assert python == "3.11" and requires == ">=3.11,<3.12"


def test_scikit_learn_stays_below_1_8_for_diffprivlib(repo):
    pins, _ = _pyproject(repo)
    major, minor, *_ = map(int, pins["scikit-learn"].split("."))
    assert (major, minor) < (1, 8)


def test_ci_runs_the_readme_test_command(repo):
    run = (repo / ".ci" / "run").read_text()
    commands = [line for line in run.splitlines() if line and not line.startswith("#")
                and not line.startswith("set ") and not line.startswith("cd ")]
    assert commands == ["exec make test"]
    assert "make test" in (repo / "README.md").read_text()
    assert "make lab" in (repo / "README.md").read_text()


def test_nbgrader_config_points_at_the_course_layout(repo):
    text = (repo / "nbgrader_config.py").read_text()
    assert 'source_directory = "solutions"' in text
    assert 'release_directory = "exercises"' in text
    ignored = (repo / ".gitignore").read_text().split()
    for entry in ("/gradebook.db", "/submitted/", "/autograded/", "/feedback/", ".venv"):  # .venv: a folder or a link
        assert entry in ignored

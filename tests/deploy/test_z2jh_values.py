"""The Zero to JupyterHub values (deploy/z2jh/config.yaml) cannot run here (no cluster), but
their hub-side Python can: the pre-spawn hook gives each trainee their exercise variant id and
the instructor the formgrader, as deploy/jupyterhub_config.py does on the one-server hub."""
import pathlib
import types

import yaml

VALUES = pathlib.Path(__file__).parents[2] / "deploy" / "z2jh" / "config.yaml"


def _hook():
    values = yaml.safe_load(VALUES.read_text())
    c = types.SimpleNamespace(KubeSpawner=types.SimpleNamespace())
    for snippet in values["hub"]["extraConfig"].values():
        exec(compile(snippet, str(VALUES), "exec"), {"c": c})
    return c.KubeSpawner.pre_spawn_hook


def _spawner(name):
    return types.SimpleNamespace(user=types.SimpleNamespace(name=name), environment={},
                                 mem_limit=None, cpu_limit=None)


def test_a_trainee_gets_their_variant_id_and_no_formgrader():
    spawner = _spawner("ada")
    _hook()(spawner)
    assert spawner.environment == {"RML_TRAINEE_ID": "ada"}
    assert spawner.mem_limit is None


def test_the_instructor_gets_the_formgrader_and_no_variant_id():
    spawner = _spawner("instructor")
    _hook()(spawner)
    assert "RML_TRAINEE_ID" not in spawner.environment
    assert "deploy/instructor" in spawner.environment["JUPYTER_CONFIG_PATH"]
    assert spawner.mem_limit == "4G"


def test_the_course_id_matches_the_one_server_hub():
    values = yaml.safe_load(VALUES.read_text())
    assert values["singleuser"]["extraEnv"]["RML_COURSE_ID"] == "responsible-ml"

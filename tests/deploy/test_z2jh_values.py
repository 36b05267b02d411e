"""The Zero to JupyterHub values (deploy/z2jh/config.yaml) cannot run here (no cluster), but
they can be checked as Helm checks them (the chart's defaults merged with them, against the
chart's values schema, kept in deploy/z2jh/chart-4.4.0/), and their hub-side Python can run:
the pre-spawn hook gives each trainee their exercise variant id and the instructor the
formgrader, as deploy/jupyterhub_config.py does on the one-server hub."""
import copy
import json
import pathlib
import types

import jsonschema
import pytest
import yaml

Z2JH = pathlib.Path(__file__).parents[2] / "deploy" / "z2jh"
VALUES = Z2JH / "config.yaml"
CHART = Z2JH / "chart-4.4.0"


def _merged(defaults, values):
    """Helm's merge of user values into a chart's defaults: maps merge key by key, anything
    else replaces, and null removes the default."""
    out = dict(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _schema_errors(values):
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(_merged(defaults, values))]


def test_the_values_pass_the_charts_own_schema():
    assert not _schema_errors(yaml.safe_load(VALUES.read_text()))


@pytest.mark.parametrize(("where", "change"), [
    ("singleuser", {"memroy": {"limit": "2G"}}),       # a misspelt key
    ("singleuser", {"cpu": {"limit": "one"}}),         # a word where a number is
    ("singleuser", {"storage": {"type": "nfs"}}),      # not one of the chart's storage types
    ("singleuser", {"image": {"tag": 1}}),             # an unquoted tag
    ("cull", {"enabled": "yes"}),                      # a string where a boolean is
    ("cull", {"every": "ten minutes"}),
])
def test_a_typo_in_the_values_fails_the_schema(where, change):
    values = copy.deepcopy(yaml.safe_load(VALUES.read_text()))
    values[where] = _merged(values.get(where) or {}, change)
    assert _schema_errors(values), f"{where}: {change} passed the chart's schema"


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

"""Package metadata promises that the files exist."""

from __future__ import annotations

import pathlib
import tomllib

import responsible_ml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_py_typed_marker_is_declared_and_present():
    # PEP 561: the marker tells type checkers to use the package's annotations; declared in
    # package-data but missing, it silently did nothing.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = config["tool"]["setuptools"]["package-data"]["responsible_ml"]
    assert "py.typed" in declared
    for name in declared:
        assert (pathlib.Path(responsible_ml.__file__).parent / name).is_file(), name

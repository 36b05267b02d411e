"""A private, freshly loaded copy of the checks for hidden tests.

A submission runs in the same kernel as the tests, so it can rebind names such as
``expect_close`` or patch ``responsible_ml.feedback`` itself. Hidden test cells call
:func:`trusted` and use the returned copy, which is executed anew from the file on
disk and is not the module object a submission can reach through ``sys.modules``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import types

__all__ = ["trusted"]

_CHECKS = pathlib.Path(__file__).with_name("_checks.py")
_SHORTCUTS = pathlib.Path(__file__).with_name("_shortcuts.py")
_VARIANT = pathlib.Path(__file__).with_name("_variant.py")


def trusted() -> types.ModuleType:
    """Return a fresh copy of :mod:`responsible_ml.feedback._checks`.

    Returns
    -------
    module
        A module object with the same checks as ``responsible_ml.feedback`` (and its
        shortcut guard ``no_shortcuts``, and ``variant``), loaded from disk now and
        registered nowhere.
    """
    spec = importlib.util.spec_from_file_location("_rml_trusted_checks", _CHECKS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The shortcut guard (no_shortcuts, ShortcutError), also loaded anew from disk.
    spec = importlib.util.spec_from_file_location("_rml_trusted_shortcuts", _SHORTCUTS)
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)
    for name in (*guard.__all__, "ShortcutError"):
        setattr(module, name, getattr(guard, name))
    # The trainee's variant (variant, and the private Variant, variant_seed), also loaded anew
    # from disk: a hidden test computes the expected answers of the variant the grader set.
    spec = importlib.util.spec_from_file_location("_rml_trusted_variant", _VARIANT)
    var = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(var)
    for name in (*var.__all__, "Variant", "variant_seed"):
        setattr(module, name, getattr(var, name))
    return module

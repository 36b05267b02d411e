"""The Examples sections of the library's docstrings run and print what they show.

pytest collects no doctests by default (``--doctest-modules`` is not in addopts), so an
example could rot unseen; this test runs them all, module by module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import responsible_ml

matplotlib.use("Agg")

MODULES = sorted(m.name for m in pkgutil.walk_packages(responsible_ml.__path__,
                                                       prefix="responsible_ml.")
                 if m.name != "responsible_ml.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_check_can_fail():
    def wrong():
        """
        >>> 1 + 1
        3
        """

    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(verbose=False)
    for test in finder.find(wrong, "wrong", globs={}):
        runner.run(test, out=lambda _: None)
    assert runner.failures == 1

"""The package re-exports every public name of its modules, and no name twice."""

from __future__ import annotations

import collections

import responsible_ml.tradeoffs as tradeoffs


def test_public_names_are_unique_and_exported():
    modules = [tradeoffs._candidates, tradeoffs._frontier, tradeoffs._impossibility, tradeoffs._assessment,
               tradeoffs._self_assessment, tradeoffs._capstone,
               tradeoffs._checks]
    counts = collections.Counter(name for m in modules for name in m.__all__)
    assert [n for n, c in counts.items() if c > 1] == []
    for module in modules:
        for name in module.__all__:
            assert getattr(tradeoffs, name) is getattr(module, name), name

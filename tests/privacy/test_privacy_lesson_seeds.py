"""Lesson 04's DP releases must each draw fresh noise (review 04-r2, finding 2)."""
import json
import re
from pathlib import Path

LESSON = Path(__file__).resolve().parents[2] / "lessons" / "04-privacy.ipynb"
RELEASES = ("private_count", "private_mean", "private_group_means", "repeated_queries",
            "differencing_attack")


def _release_seeds():
    code = "\n".join("".join(c["source"]) for c in json.loads(LESSON.read_text())["cells"]
                     if c["cell_type"] == "code")
    seeds = {}
    for name in RELEASES:
        pattern = rf"{name}\((?:[^()]|\([^()]*\))*?random_state=SEED(?: \+ (\d+))?"
        seeds[name] = {int(m.group(1) or 0) for m in re.finditer(pattern, code, re.S)}
    return seeds


def test_every_release_has_its_own_seed():
    seeds = _release_seeds()
    assert all(seeds[name] for name in RELEASES), seeds
    # the twelve §6 queries use seeds s, s + 1, ..., s + 11
    used = []
    for name, values in seeds.items():
        for s in values:
            used.extend(range(s, s + 12) if name == "repeated_queries" else [s])
    assert len(used) == len(set(used)), f"two releases share a noise seed: {seeds}"

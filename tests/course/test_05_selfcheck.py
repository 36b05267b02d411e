"""Exercise 05: the locked self-check (no points) is no answer oracle for ``CARD_CLAIMS``.

Review x05-r6 S1: the self-check flagged card texts by keyword, so pasting each option of
``CARD_CLAIMS`` into the card and running it showed which option came back clean. Here the
self-check cell runs on cards that each carry one option's text in every text section; what it
prints must not depend on which option it was.
"""

from __future__ import annotations

import contextlib
import io
import json
import pathlib
import types

from responsible_ml.explain import ModelCard

NB = pathlib.Path(__file__).resolve().parents[2] / "solutions" / "05-transparency" / "05-transparency.ipynb"


def _cell(nb, grade_id):
    (cell,) = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


def _choices(nb):
    setup = _cell(nb, "setup")
    start = setup.index("CHOICES = {")
    end = setup.index("\n}\n", start) + 2
    ns: dict = {}
    exec(setup[start:end], ns)
    return ns["CHOICES"]


def _printed(source, card):
    ns = {
        "_t05_PROXY": "district_deprivation", "model": None, "X_test": None, "y_test": None,
        "background_test": None, "ModelCard": ModelCard,
        # the test cells' own copies of the setup data (review x05-r10 D1)
        "_t05_setup": lambda: types.SimpleNamespace(model=None, X_test=None, y_test=None, background_test=None),
        "build_model_card": lambda *a: card,
        "answer": lambda f, *a, what=None: f(*a),
        "expect_type": lambda *a, **k: None,
    }
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, ns)
    return out.getvalue()


def test_selfcheck_does_not_react_to_the_options():
    nb = json.loads(NB.read_text())
    source = _cell(nb, "selfcheck_card_claims_text")
    for item, options in _choices(nb).items():
        if item not in ("labels", "proxy", "remedy", "use"):
            continue
        printed = set()
        for text in options:
            card = ModelCard(name="mentor-offer model", version="1.0", intended_use=text,
                             out_of_scope_uses=[text], data=text, ethical_considerations=[text],
                             caveats=[text], factors=[text], evaluation_data=text)
            printed.add(_printed(source, card))
        assert len(printed) == 1, (
            f"the self-check prints differently for the options of CARD_CLAIMS[{item!r}]: "
            f"pasting each option into the card would reveal the answer")

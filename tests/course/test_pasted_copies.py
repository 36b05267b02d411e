"""A library function pasted into an answer with a no-op edit fails for what differs, or is
refused as an edited copy.

No shortcut detector catches every *edited* copy of a library function, so a question must not
ask for what one library function already computes (the fix is in the question). The mutants
labelled "pasted" reproduce that route as a trainee would take it: the library's source text
in the answer cell, one no-op statement per function. Since the guard refuses near copies
(``no_shortcuts``: "an edited copy of its code"), such a mutant may fail that way; otherwise it
must fail because the answer differs from what the question asks (a ✗ message from a check),
not because the harness broke (a NameError, a SyntaxError) or because another shortcut rule
happened to match: a mutant killed by a harness error is a test that cannot fail honestly.
"""

from __future__ import annotations

import pytest

# The first test of an exercise runs its shared ``mutant_outcomes`` (minutes on a busy machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

#: Exercises whose "pasted" mutants are held to this standard.
EXERCISES = ["03-fairness", "04-privacy", "07-trade-offs"]


@pytest.mark.parametrize("name", EXERCISES)
def test_pasted_library_copies_fail_for_what_differs(name, mutant_outcomes):
    # The outcomes of the one run shared with test_mutants (``mutant_outcomes`` in conftest.py).
    run = mutant_outcomes(name)
    pasted = {key: outcome for key, outcome in run.outcomes.items()
              if "pasted" in key[1] and key[1] != run.BLANK}
    assert pasted, f"{name}: no 'pasted' mutants listed"
    bad = []
    for (answer, label), outcome in pasted.items():
        failures = [msg for msg in outcome.values() if msg]
        honest = [msg for msg in failures if msg.startswith("AnswerError: ✗")
                  or msg.startswith("ShortcutError: ✗") and "an edited copy of its code" in msg]
        broken = [msg for msg in failures if msg.split(":")[0] in ("NameError", "SyntaxError")
                  or msg.startswith("ShortcutError") and "an edited copy of its code" not in msg]
        if not honest or broken:
            bad.append(f"{answer}: {label}: {failures}")
    assert not bad, f"{name}: these pasted copies do not fail for what differs: {bad}"

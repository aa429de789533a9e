"""The sync state machine (issue 4, 8b) under Hypothesis: 200 examples in the normal run,
``FIELDDESK_SLOW=1`` for 1,000. The machine itself is in ``machine.py``."""

from __future__ import annotations

import os
import traceback

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import FlakyFailure

from tests.helpers.sync_machine import SyncMachine

EXAMPLES = 1000 if os.environ.get("FIELDDESK_SLOW") else 200
SETTINGS = settings(max_examples=EXAMPLES, stateful_step_count=12, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                    # FIELDDESK_NO_SHRINK=1: report the first failure as found (shrinking real stores is slow)
                    phases=[Phase.generate] if os.environ.get("FIELDDESK_NO_SHRINK") else list(Phase))

SyncMachine.TestCase.settings = SETTINGS
TestSyncMachine = SyncMachine.TestCase


def test_the_machine_catches_a_last_applied_wins_merge(monkeypatch):
    """8c: the same machine, with the merge of received changes swapped for last-applied-wins (the
    one sanctioned patch), must fail — otherwise the machine would not be testing the merge."""
    from hypothesis.stateful import run_state_machine_as_test

    import app.sync.round as round_module
    from tests.helpers.sync import last_applied_wins

    monkeypatch.setattr(round_module, "apply_changes", last_applied_wins)
    broken = settings(SETTINGS, max_examples=200, phases=[Phase.generate])  # one failure is enough
    # Hypothesis reports a failure it could not replay the same way as FlakyFailure (the broken merge
    # depends on arrival order): still a failure of the broken merge, which is what must happen.
    with pytest.raises((AssertionError, FlakyFailure)) as caught:
        run_state_machine_as_test(SyncMachine, settings=broken)
    text = "".join(traceback.format_exception(caught.value))
    assert "AssertionError" in text
    assert any(word in text for word in ("oracle", "differ", "history says", "exports", "conflicts"))

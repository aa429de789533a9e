"""Fixtures the sync tests share."""

from __future__ import annotations

import pytest

from tests.helpers.sync_lab import Lab


@pytest.fixture
def lab():
    from app.i18n import set_language

    set_language("en")  # the warnings are checked by their English wording
    world = Lab()
    yield world
    world.close()

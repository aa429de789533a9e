"""Fixtures of the Qt-free tests that several modules share."""

from __future__ import annotations

import pytest

from tests.helpers.townwalk import seed_walk


@pytest.fixture
def walk(store) -> str:
    """A walk on SHIBA01 (three stops, the standard checklist), weather 晴れ; its id."""
    return seed_walk(store)

"""The ward key every test runs with (sealing is on by default, as for a new ward), and helpers
for the tests that need no key or another one. The key lives in a real file keyring
(keyrings.alt), in the run's temporary XDG_DATA_HOME; subprocesses find it there too."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from app.sync.seal import WardKey

TEST_KEY = WardKey(1, hashlib.sha256(b"FieldDesk test ward").digest())
BACKEND = "keyrings.alt.file.PlaintextKeyring"


def use_test_key() -> None:
    from app.sync import ward_key

    ward_key.save(TEST_KEY)


def keyless_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a laptop whose credential store holds no ward key."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(tmp_path / "keyless-user-data")
    return env

"""Shared fixtures. Everything runs headless (offscreen Qt) on real SQLite files in tmp dirs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers import leaks
from tests.helpers.cli import run_cli

pytest_plugins = ["pytester"]  # tests/test_leak_guard.py runs pytest on a tiny test file

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The per-user folders (platformdirs: data, settings, state, cache) point into a temp dir for the
# whole run and its subprocesses: a test that opens the default data folder never reads or writes
# the real user's store (another checkout's newer schema there broke a run once).
_home = tempfile.mkdtemp(prefix="fielddesk-test-user-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_home, _name.lower())


# The credential store: a real file keyring (keyrings.alt) in that temp dir, for this process and
# every subprocess; each test starts with the test ward's key in it (tests/helpers/ward.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"

leaks.track_qthreads()


@pytest.fixture(autouse=True)
def _ward_key():
    """Sealing on, as for a new ward: the test ward key in the credential store."""
    from tests.helpers.ward import use_test_key

    use_test_key()
    yield


@pytest.fixture(autouse=True)
def _no_work_left_running():
    """Fails a test that leaves a thread, a QThread, a pool task or an active QTimer running."""
    yield from leaks.guard()


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """Each test starts in the default language, whatever the one before it chose."""
    from app.i18n import set_language

    set_language("ja")
    yield
    set_language("ja")


@pytest.fixture
def english():
    """The English UI for one test (messages checked by their English wording)."""
    from app.i18n import set_language

    set_language("en")
    yield
    set_language("ja")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    from app.storage.store import open_store

    s = open_store(data_dir, user="テスト担当")
    yield s
    s.close()


@pytest.fixture
def filled(data_dir: Path):
    """A store with three councils C1–C3 (the backup and restore tests copy it around)."""
    from app.services.attendance import records
    from app.storage.store import open_store

    s = open_store(data_dir, user="テスト担当")
    for code in ("C1", "C2", "C3"):
        records.save_council(s, records.CouncilInput(code, f"協議会 {code}", "芝"))
    yield s
    s.close()


@pytest.fixture
def contexts():
    """Closes every AppContext a test opened (its lock and store), after the windows are gone."""
    opened: list = []
    yield opened
    for ctx in opened:
        ctx.close()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """The demo data (``fielddesk demo``), made once per module; tests copy it before they write."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    done = run_cli("demo", data_dir=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls):
    """pytest-qt's application with the app's own font set-up (the system's Japanese font, else
    the bundled one): what a test draws does not depend on the fonts of the machine it runs on."""
    from PySide6.QtWidgets import QApplication

    from app.ui.application import ensure_japanese_font

    app = QApplication.instance() or qapp_cls(qapp_args)
    ensure_japanese_font(app)
    return app

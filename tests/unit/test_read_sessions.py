"""The session kinds: ``Store.read()`` refuses every write; ``Store.uncaptured()`` (a write that never
syncs) is allowed only in the modules that write the store's own bookkeeping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.services.attendance import records
from app.storage.models import Council, SyncChange
from app.storage.readonly import ReadSessionWrite
from app.storage.store import open_store

ROOT = Path(__file__).resolve().parents[2]

# Where a write may skip change capture, and why. Anything else that writes uses Store.session();
# anything that only reads uses Store.read().
UNCAPTURED_ALLOWED = {
    "app/storage/store.py": "the device identity (LocalMeta) and the bulk path's raw transaction",
    "app/sync/receive.py": "applying changes received from other laptops; sync_file bookkeeping",
    "app/sync/repairs.py": "sync_file bookkeeping of repair files",
    "app/sync/publish.py": "what was published (LocalMeta, sync_file)",
    "app/sync/identity.py": "renumbering this laptop's own changes under a new id",
    "app/sync/restored.py": "adopting the changes of a restored backup's old id",
    "app/sync/trees.py": "entering a new tree of the share (sync_file, the published pointer)",
    "app/services/townwalk/field.py": "the field mode's resume position (LocalMeta, this laptop's only)",
}
_UNCAPTURED = re.compile(r"\.uncaptured\(|capture_changes\s*=")


def uncaptured_outside(root: Path, allowed: dict[str, str]) -> list[str]:
    """``path:line`` of every uncaptured session under ``root/app`` outside ``allowed``."""
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in allowed:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _UNCAPTURED.search(line):
                found.append(f"{rel}:{n}")
    return found


def _names(data_dir: Path) -> list[str]:
    with open_store(data_dir) as store, store.read() as session:
        return sorted(session.scalars(select(Council.name)))


def _log_size(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(SyncChange))


WRITES = {
    "a new record": lambda s, cid: s.add(Council(code="C9", name="新", district="芝")),
    "an edited record": lambda s, cid: setattr(s.get(Council, cid), "name", "書き換え"),
    "an ORM update": lambda s, cid: s.execute(update(Council.__table__).values(name="一括")),
    "raw SQL": lambda s, cid: s.connection().exec_driver_sql("UPDATE council SET name = 'raw'"),
    "the driver's own cursor": lambda s, cid: s.connection().connection.driver_connection.execute(
        "UPDATE council SET name = 'driver'"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_inside_a_read_session_is_refused_and_nothing_is_written(data_dir, write):
    store = open_store(data_dir)
    council_id = records.save_council(store, records.CouncilInput("C1", "芝協議会", "芝"))
    logged = _log_size(store)
    with pytest.raises(ReadSessionWrite, match="would never sync"), store.read() as session:
        write(session, council_id)
    assert _log_size(store) == logged
    records.save_council(store, records.CouncilInput("C2", "高輪協議会", "高輪"))  # the pool's connection writes again
    store.close()
    assert _names(data_dir) == ["芝協議会", "高輪協議会"]  # reopened from the file: the refused write is not there


def test_a_read_session_reads_and_its_objects_stay_readable(store):
    records.save_council(store, records.CouncilInput("C1", "芝協議会", "芝"))
    with store.read() as session:
        council = session.scalars(select(Council)).one()
    assert council.name == "芝協議会"


def test_an_uncaptured_session_writes_without_change_rows(data_dir):
    store = open_store(data_dir)
    council_id = records.save_council(store, records.CouncilInput("C1", "芝協議会", "芝"))
    logged = _log_size(store)
    with store.uncaptured() as session:  # as sync applies a received change
        session.get(Council, council_id).name = "受信"
    assert _log_size(store) == logged
    store.close()
    assert _names(data_dir) == ["受信"]


def test_uncaptured_sessions_only_in_the_allowed_modules():
    assert uncaptured_outside(ROOT, UNCAPTURED_ALLOWED) == []
    missing = [rel for rel in UNCAPTURED_ALLOWED if not (ROOT / rel).is_file()]
    assert missing == [], "an allowed module is gone: take it off the list"


def test_the_allow_list_check_finds_a_read_written_as_an_uncaptured_write(tmp_path):
    module = tmp_path / "app" / "services" / "new_tab.py"
    module.parent.mkdir(parents=True)
    module.write_text("def rows(store):\n    with store.uncaptured() as session:\n        return []\n"
                      "def old(store):\n    with store.session(capture_changes=False) as session:\n        pass\n")
    assert uncaptured_outside(tmp_path, UNCAPTURED_ALLOWED) == ["app/services/new_tab.py:2",
                                                                "app/services/new_tab.py:5"]

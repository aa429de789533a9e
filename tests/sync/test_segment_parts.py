"""Issue 12 item 15 with the real command line: segments cut by size, a transaction that spans
segments applied whole once every part is there, files the receiver refuses reported by ``check``
and by ``sync``'s exit code, and the single-file segments older FieldDesks left on shares (read by a laptop with no ward key,
as on a ward that has not moved to sealing).

An import of 3,000 staff is one transaction of 9,000 changes: more than one segment holds
(``segments.HARD_CHANGES``), so it is published in parts. Before this change it went out as one
file (and at 100,000 marks as one file every other laptop refused, while sync and check exited 0).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import uuid
from pathlib import Path

from app.sync.segments import HARD_BYTES, HARD_CHANGES
from tests.helpers.cli import run_cli
from tests.helpers.sealed import TREE, flip_bit, open_file
from tests.helpers.ward import keyless_env

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sync"
STAFF = 3000  # x 3 fields = 9,000 changes in one transaction


def _staff_csv(path: Path, n: int = STAFF) -> Path:
    path.write_text("職員番号,氏名,ふりがな\n" + "".join(f"{100000 + i},職員 {i},しょくいん\n" for i in range(n)),
                    encoding="utf-8")
    return path


def _fd(data: Path, *args: str, env: dict[str, str] | None = None):
    done = run_cli("--lang", "en", *args, data_dir=data, timeout=300, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _ok(done) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _sync(data: Path, share: Path, env: dict[str, str] | None = None):
    return _fd(data, "sync", "--share", str(share), env=env)


def _count(data: Path, sql: str) -> int:
    with sqlite3.connect(data / "fielddesk.sqlite3") as conn:
        n = conn.execute(sql).fetchone()[0]
    conn.close()
    return n


def _segments(share: Path, tree: str = TREE) -> list[Path]:
    return sorted((share / "FieldDesk" / tree / "devices").glob("*/seg-*.jsonl"))


def _header(path: Path) -> dict:
    """A segment's header line: the file opened with the ward key, or as it is in the plain tree."""
    data = path.read_bytes() if "v1" in path.parts else open_file(path)
    return json.loads(data.split(b"\n", 1)[0])


def _export(data: Path, kind: str, out: Path) -> bytes:
    _ok(_fd(data, "export", kind, "--out", str(out)))
    return out.read_bytes()


def test_a_transaction_bigger_than_a_segment_is_cut_and_applied_whole_once_every_part_is_there(tmp_path):
    a, b, share = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    share.mkdir()
    _ok(_fd(a, "import", "staff", str(_staff_csv(tmp_path / "staff.csv"))))
    assert _count(a, "SELECT COUNT(DISTINCT tx) FROM sync_change") == 1 and _count(a, "SELECT COUNT(*) FROM sync_change") == 3 * STAFF
    _ok(_sync(a, share))

    parts = _segments(share)
    headers = [_header(p) for p in parts]
    assert len(parts) >= 2, [p.name for p in parts]  # before: one file of 9,000 changes
    assert sum(h["count"] for h in headers) == 3 * STAFF
    for path, head in zip(parts, headers, strict=True):
        assert head["count"] <= HARD_CHANGES and path.stat().st_size <= HARD_BYTES + 4096, path.name
        assert list(head["parts"].values()) == [3 * STAFF], head  # each names the whole transaction

    # B sees every part but the first: nothing of the import is applied, and check says it waits.
    aside = tmp_path / parts[0].name
    shutil.move(parts[0], aside)
    said = _ok(_sync(b, share))
    assert _count(b, "SELECT COUNT(*) FROM staff") == 0
    assert _count(b, "SELECT COUNT(*) FROM sync_change") == 0
    assert f"{3 * STAFF - headers[0]['count']} changes wait for the rest of their transaction" in said, said
    checked = _ok(_fd(b, "check"))
    assert f"{3 * STAFF - headers[0]['count']} of {3 * STAFF} changes of a transaction" in checked, checked

    # The first part arrives: the whole transaction is applied at once, and nothing waits any more.
    shutil.move(aside, parts[0])
    said = _ok(_sync(b, share))
    assert "wait for the rest" not in said, said
    assert _count(b, "SELECT COUNT(*) FROM staff") == STAFF
    assert _count(b, "SELECT COUNT(*) FROM sync_change") == 3 * STAFF
    assert "of a transaction" not in _ok(_fd(b, "check"))
    assert _export(a, "staff", tmp_path / "a.csv") == _export(b, "staff", tmp_path / "b.csv")


def test_a_damaged_file_makes_sync_and_check_say_what_is_missing_until_it_is_published_again(tmp_path):
    a, b, share = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    share.mkdir()
    _ok(_fd(a, "import", "staff", str(_staff_csv(tmp_path / "staff.csv", 10))))
    _ok(_sync(a, share))
    [segment] = _segments(share)
    assert "職員".encode() in open_file(segment)
    flip_bit(segment, 0.3)  # one bit in one change: the sealed file no longer opens at all

    refused = _sync(b, share)
    assert refused.returncode == 3, (refused.returncode, refused.stdout, refused.stderr)  # before: 0, silently
    assert "could not be read" in refused.stderr and segment.name in refused.stderr, refused.stderr
    assert _count(b, "SELECT COUNT(*) FROM sync_change") == 0  # sealed: all or nothing, never a forged part
    assert len(list((b / "quarantine").iterdir())) == 1  # a local copy of what was there
    checked = _fd(b, "check")
    assert checked.returncode != 0, checked.stderr  # before: check exited 0
    assert segment.name in checked.stderr and "30 of its changes are missing" in checked.stderr, checked.stderr

    # A sees B's report and publishes the changes again; then B has all of them and check is clean.
    _ok(_sync(a, share))
    _ok(_sync(b, share))
    assert _count(b, "SELECT COUNT(*) FROM sync_change") == 30
    _ok(_fd(b, "check"))
    assert _export(a, "staff", tmp_path / "a.csv") == _export(b, "staff", tmp_path / "b.csv")


def test_a_file_too_big_to_read_is_refused_and_reported(tmp_path):
    b, share = tmp_path / "b", tmp_path / "share"
    share.mkdir()
    _ok(_sync(b, share))  # the share's layout
    other = share / "FieldDesk" / "e1" / "devices" / str(uuid.uuid4())
    other.mkdir()
    huge = other / "seg-000000000001-000000000040.jsonl"
    with open(huge, "wb") as fh:
        fh.truncate(17 * 1024 ** 3)  # sparse: larger than any FieldDesk reads (16 GiB)

    refused = _sync(b, share)
    assert refused.returncode == 3, (refused.returncode, refused.stdout, refused.stderr)
    assert huge.name in refused.stderr and "40 of its changes are missing" in refused.stderr, refused.stderr
    checked = _fd(b, "check")
    assert checked.returncode != 0 and huge.name in checked.stderr, checked.stderr


def test_single_file_segments_an_older_fielddesk_published_are_read(tmp_path):
    """The fixture is a share written by FieldDesk before segment parts (see fixtures/sync/README.md):
    one file of 9,006 changes (councils and 3,000 staff in one import each) and one of 6."""
    b, share = tmp_path / "b", tmp_path / "share"
    share.mkdir()
    with tarfile.open(FIXTURES / "old_share.tar.gz") as tar:
        tar.extractall(share, filter="data")
    files = _segments(share, "v1")
    assert [_header(f)["count"] for f in files] == [9006, 6] and not any("parts" in _header(f) for f in files)

    keyless = keyless_env(tmp_path)  # the ward has not moved to sealing: no key, the plain tree
    said = _ok(_sync(b, share, keyless))
    assert not (share / "FieldDesk" / TREE).exists()
    assert "received 9012," in said, said
    assert [_count(b, f"SELECT COUNT(*) FROM {t}") for t in ("council", "staff", "meeting")] == [2, STAFF, 2]
    assert _count(b, "SELECT COUNT(*) FROM sync_held") == 0
    checked = _ok(_fd(b, "check", env=keyless))
    assert "of a transaction" not in checked and "could not be read" not in checked, checked
    staff = _export(b, "staff", tmp_path / "staff.csv").decode("utf-8-sig")
    assert all(f"{100000 + i}" in staff for i in range(STAFF))

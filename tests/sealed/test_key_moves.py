"""Moving a ward that synced in the clear to the sealed share, and rotating the key after a lost
laptop — with ``fielddesk`` commands alone, each laptop its own credential store (its own
XDG_DATA_HOME, as its own Windows account would be)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.sync import seal
from tests.helpers.cli import run_cli

PASS = "correct horse battery staple"


class Laptop:
    def __init__(self, root: Path, name: str):
        self.data = root / name
        self.env = {"XDG_DATA_HOME": str(root / f"{name}-user")}  # its own credential store, empty at first

    def __call__(self, *args: str, ok: bool = True):
        done = run_cli("--lang", "en", *args, data_dir=self.data, env=self.env, timeout=300)
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def log(self) -> set[tuple]:
        with sqlite3.connect(self.data / "fielddesk.sqlite3") as db:
            return set(db.execute("SELECT origin, seq, hash FROM sync_change"))

    def staff_names(self) -> set[str]:
        with sqlite3.connect(self.data / "fielddesk.sqlite3") as db:
            return {r[0] for r in db.execute("SELECT name FROM staff WHERE deleted = 0")}


def _plain_share(root: Path) -> Path:
    """A share as FieldDesk wrote it before sealing (its FORMAT.json in v1)."""
    share = root / "share"
    (share / "FieldDesk" / "v1").mkdir(parents=True)
    (share / "FieldDesk" / "v1" / "FORMAT.json").write_text(json.dumps({"format": 1, "app": "FieldDesk"}))
    return share


def _add_staff(laptop: Laptop, tmp: Path, number: str, name: str) -> None:
    csv = tmp / f"{number}.csv"
    csv.write_text(f"職員番号,氏名,ふりがな,所属,災害対策住宅,協議会コード,在籍\n{number},{name},てすと,総務課,,,1\n",
                   encoding="cp932")
    laptop("import", "staff", str(csv))


def test_a_ward_that_synced_in_the_clear_moves_over_without_losing_a_change(tmp_path):
    share = _plain_share(tmp_path)
    a, b, c = Laptop(tmp_path, "a"), Laptop(tmp_path, "b"), Laptop(tmp_path, "c")
    a("demo")
    _add_staff(b, tmp_path, "880001", "林 未送信")
    for laptop in (a, b, c, a):
        laptop("sync", "--share", str(share))
    _add_staff(c, tmp_path, "880002", "森 手元")  # made on C after its last sync in the clear
    a("key", "init", "--file", str(tmp_path / "ward.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    a("sync", "--share", str(share))
    status = a("key", "status", "--share", str(share))
    assert "not yet" in status.stdout  # B and C have not moved; A carried B's changes already
    refused = a("key", "finish-move", "--share", str(share), ok=False)
    assert refused.returncode == 2 and "Not yet" in refused.stderr
    assert (share / "FieldDesk" / "v1").exists()
    keyless = c("sync", "--share", str(share), ok=False)
    assert keyless.returncode == 3 and "fielddesk key join" in keyless.stderr  # C publishes nothing yet
    for laptop in (b, c):
        laptop("key", "join", str(tmp_path / "ward.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
        laptop("sync", "--share", str(share))
    a("sync", "--share", str(share))
    assert "not yet" not in a("key", "status", "--share", str(share)).stdout
    assert "v1" in a("key", "finish-move", "--share", str(share)).stdout
    assert not (share / "FieldDesk" / "v1").exists()
    for laptop in (b, c, a):
        laptop("sync", "--share", str(share))
    assert a.log() == b.log() == c.log()
    assert {"林 未送信", "森 手元"} <= a.staff_names() == b.staff_names() == c.staff_names()
    blob = b"".join(p.read_bytes() for p in share.rglob("*") if p.is_file())
    assert "林 未送信".encode() not in blob and "森 手元".encode() not in blob


def _pass(tmp: Path) -> Path:
    path = tmp / "passphrase.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


def test_after_a_rotation_the_old_key_reads_nothing_new_and_the_others_follow(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b, lost = Laptop(tmp_path, "a"), Laptop(tmp_path, "b"), Laptop(tmp_path, "lost")
    a("key", "init", "--show-code")
    code = a("key", "export", "--show-code").stdout.split(": ")[-1].strip()
    for laptop in (b, lost):
        laptop("key", "join", "--code", code)
    a("demo")
    for laptop in (a, b, lost):
        laptop("sync", "--share", str(share))
    old = seal.from_join_code(code)
    a("key", "rotate", "--file", str(tmp_path / "new.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    _add_staff(a, tmp_path, "770001", "新鍵 後")
    a("sync", "--share", str(share))
    new_tree = share / "FieldDesk" / "e2"
    files = [p for p in new_tree.rglob("*") if p.is_file() and p.name != "FORMAT.json"]
    assert files
    for path in files:  # the old key opens none of them, under any name
        rel = path.relative_to(new_tree).as_posix()
        try:
            seal.unseal(old, rel, path.read_bytes())
        except seal.SealError:
            continue
        raise AssertionError(f"{rel} opens with the old key")
    stale = lost("sync", "--share", str(share), ok=False)
    assert stale.returncode == 3 and "newer ward key" in stale.stderr
    assert "新鍵 後" not in lost.staff_names()
    b("key", "join", str(tmp_path / "new.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    b("sync", "--share", str(share))
    assert "新鍵 後" in b.staff_names() and a.log() == b.log()
    joiner = Laptop(tmp_path, "joiner")  # a laptop given the new key only reads the whole history
    joiner("key", "join", str(tmp_path / "new.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    joiner("sync", "--share", str(share))
    assert joiner.log() == a.log()


def test_key_commands_refuse_what_makes_no_sense(tmp_path):
    a = Laptop(tmp_path, "a")
    assert "holds no ward key" in a("key", "status").stdout
    assert a("key", "rotate", ok=False).returncode == 2
    assert a("key", "export", "--show-code", ok=False).returncode == 2
    a("key", "init")
    again = a("key", "init", ok=False)
    assert again.returncode == 2 and "rotate" in again.stderr
    bad = a("key", "join", "--code", "0000-1111", ok=False)
    assert bad.returncode == 2 and "58" in bad.stderr
    short = tmp_path / "short.txt"
    short.write_text("short\n")
    weak = a("key", "export", str(tmp_path / "k.fdkey"), "--passphrase-file", str(short), ok=False)
    assert weak.returncode == 2 and "at least" in weak.stderr and not (tmp_path / "k.fdkey").exists()
    a("key", "export", str(tmp_path / "k.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("a wrong passphrase\n")
    b = Laptop(tmp_path, "b")
    refused = b("key", "join", str(tmp_path / "k.fdkey"), "--passphrase-file", str(wrong), ok=False)
    assert refused.returncode == 2 and "wrong passphrase" in refused.stderr
    assert "holds no ward key" in b("key", "status").stdout


def test_a_lost_laptops_last_changes_are_carried_into_the_new_key_and_it_can_be_retired(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    admin, b, lost = Laptop(tmp_path, "admin"), Laptop(tmp_path, "b"), Laptop(tmp_path, "lost")
    admin("key", "init", "--file", str(tmp_path / "k1.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    for laptop in (b, lost):
        laptop("key", "join", str(tmp_path / "k1.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    admin("demo")
    for laptop in (admin, b, lost):
        laptop("sync", "--share", str(share))
    _add_staff(lost, tmp_path, "660001", "最後 の変更")  # its last change, sent just before it was lost
    lost("sync", "--share", str(share))
    admin("key", "rotate", "--file", str(tmp_path / "k2.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    admin("sync", "--share", str(share))  # reads the old tree a last time, then carries everything
    assert "最後 の変更" in admin.staff_names()
    b("key", "join", str(tmp_path / "k2.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    b("sync", "--share", str(share))
    assert "最後 の変更" in b.staff_names()
    with sqlite3.connect(lost.data / "fielddesk.sqlite3") as db:
        lost_id = db.execute("SELECT value FROM local_meta WHERE key = 'device_id'").fetchone()[0]
    refused = admin("key", "finish-move", "--share", str(share), ok=False)
    assert refused.returncode == 2 and lost_id[:8] in refused.stderr
    assert "e1" in admin("key", "finish-move", "--share", str(share), "--retired", lost_id[:8]).stdout
    assert not (share / "FieldDesk" / "e1").exists()
    newcomer = Laptop(tmp_path, "newcomer")
    newcomer("key", "join", str(tmp_path / "k2.fdkey"), "--passphrase-file", str(_pass(tmp_path)))
    newcomer("sync", "--share", str(share))
    assert newcomer.log() == admin.log()


def test_a_laptop_that_synced_sealed_never_falls_back_to_the_clear(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a = Laptop(tmp_path, "a")
    a("key", "init")
    a("demo")
    a("sync", "--share", str(share))
    a.env["XDG_DATA_HOME"] = str(tmp_path / "a-user-lost")  # its credential store emptied
    (share / "FieldDesk" / "e1" / "FORMAT.json").rename(tmp_path / "moved-away.json")  # and the share tampered
    (share / "FieldDesk" / "v1").mkdir()
    (share / "FieldDesk" / "v1" / "FORMAT.json").write_text(json.dumps({"format": 1, "app": "FieldDesk"}))
    done = a("sync", "--share", str(share), ok=False)
    assert done.returncode == 3 and "fielddesk key join" in done.stderr
    assert [p.name for p in (share / "FieldDesk" / "v1").rglob("*")] == ["FORMAT.json"]

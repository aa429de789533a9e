"""The sealed share's proofs (issue: the share sees no names and accepts no forgery), with the real
command line on real stores: after a multi-laptop sync the share's bytes hold no name, reading,
staff number or housing of the data set; a forged, altered, replayed or truncated file is refused
with its name, nothing of it applied; a laptop without the key publishes nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.sync import seal
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT
from tests.helpers.ward import TEST_KEY, keyless_env

SAMPLES = ROOT / "resources" / "samples"  # CP932, as the ward's spreadsheets are written


def _cli(data: Path, *args: str, env: dict | None = None):
    return run_cli("--lang", "en", *args, data_dir=data, env=env, timeout=300)


def _sample_laptop(data: Path, env: dict | None = None) -> None:
    """A laptop that took the ward's sample spreadsheets (councils, then staff)."""
    for kind in ("councils", "staff"):
        done = _cli(data, "import", kind, str(SAMPLES / f"{kind}.csv"), env=env)
        assert done.returncode == 0, done.stderr


def _secrets(*stores: Path) -> set[str]:
    """Every name, reading, staff number and housing held in the stores (the data set)."""
    found: set[str] = set()
    for store in stores:
        with sqlite3.connect(store / "fielddesk.sqlite3") as db:
            for row in db.execute("SELECT staff_no, name, kana, housing FROM staff"):
                found |= {v for v in row if v and len(v) >= 3}
    return found


def _share_bytes(share: Path) -> bytes:
    return b"\0".join(p.read_bytes() for p in sorted(share.rglob("*")) if p.is_file())


def _leaks(share: Path, secrets: set[str]) -> list[str]:
    blob = _share_bytes(share)
    forms = {s: (s.encode(), json.dumps(s).encode()[1:-1], s.encode("cp932", "ignore")) for s in secrets}
    return sorted(s for s, encodings in forms.items() if any(e and e in blob for e in encodings))


@pytest.fixture(scope="module")
def ward(tmp_path_factory):
    """Laptop A with the demo, laptop B with the sample staff spreadsheet, synced both ways."""
    root = tmp_path_factory.mktemp("ward")
    from tests.helpers.ward import use_test_key

    use_test_key()
    share, a, b = root / "share", root / "a", root / "b"
    share.mkdir()
    assert _cli(a, "demo").returncode == 0
    _sample_laptop(b)
    for laptop in (a, b, a):
        done = _cli(laptop, "sync", "--share", str(share))
        assert done.returncode == 0, done.stderr
    return root, share, a, b


def test_the_whole_share_holds_no_name_reading_staff_number_or_housing(ward):
    root, share, a, b = ward
    secrets = _secrets(a, b)
    assert len(secrets) > 500 and any("高輪" in s for s in secrets)  # the demo's 災害対策住宅 are in the data set
    assert _leaks(share, secrets) == []
    names = [p.relative_to(share).as_posix() for p in share.rglob("*")]
    assert not [n for n in names if any(s in n for s in secrets)]  # nor in a file name


def test_the_same_grep_finds_them_on_a_share_synced_in_the_clear(ward, tmp_path):
    """The control: the grep above would catch a leak (a laptop without a key, an older share)."""
    root, _share, a, _b = ward
    plain = tmp_path / "plain"
    (plain / "FieldDesk" / "v1").mkdir(parents=True)
    (plain / "FieldDesk" / "v1" / "FORMAT.json").write_text('{"format": 1, "app": "FieldDesk"}')
    laptop = tmp_path / "c"
    env = keyless_env(tmp_path)
    assert _cli(laptop, "demo", env=env).returncode == 0
    assert _cli(laptop, "sync", "--share", str(plain), env=env).returncode == 0
    assert len(_leaks(plain, _secrets(laptop))) > 100


def _newest(share: Path, store: Path) -> tuple[Path, str]:
    with sqlite3.connect(store / "fielddesk.sqlite3") as db:
        device = db.execute("SELECT value FROM local_meta WHERE key = 'device_id'").fetchone()[0]
    files = sorted((share / "FieldDesk" / "e1" / "devices" / device).glob("seg-*.jsonl"))
    return files[-1], device


def _log_size(store: Path) -> int:
    with sqlite3.connect(store / "fielddesk.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM sync_change").fetchone()[0]


def _forge_wrong_key(path: Path, rel: str) -> None:
    path.write_bytes(seal.seal(seal.new_key(1), rel, seal.unseal(TEST_KEY, rel, path.read_bytes())))


def _flip_one_bit(path: Path, rel: str) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


def _truncate(path: Path, rel: str) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _replay_old(path: Path, rel: str) -> None:
    """The oldest segment of the laptop, copied over the newest's name (a replay under a new name)."""
    oldest = sorted(path.parent.glob("seg-*.jsonl"))[0]
    path.write_bytes(oldest.read_bytes())


@pytest.mark.parametrize("attack", [_forge_wrong_key, _flip_one_bit, _truncate, _replay_old],
                         ids=["forged with another key", "one bit flipped", "truncated", "replayed under a new name"])
def test_a_bad_file_is_refused_by_name_and_nothing_of_it_is_applied(ward, tmp_path, attack):
    root, share0, a0, b0 = ward
    share, a, b = tmp_path / "share", tmp_path / "a", tmp_path / "b"
    for src, dst in ((share0, share), (a0, a), (b0, b)):
        shutil.copytree(src, dst)
    new_staff = tmp_path / "one.csv"
    new_staff.write_text("職員番号,氏名,ふりがな,所属,災害対策住宅,協議会コード,在籍\n"
                         "990001,偽物 太郎,にせもの たろう,総務課,港区職員住宅 白金 9-999,,1\n", encoding="cp932")
    assert _cli(a, "import", "staff", str(new_staff)).returncode == 0
    assert _cli(a, "sync", "--share", str(share)).returncode == 0
    path, device = _newest(share, a)
    rel = f"devices/{device}/{path.name}"
    before = _log_size(b)
    attack(path, rel)
    done = _cli(b, "sync", "--share", str(share))
    assert done.returncode == 3, done.stdout + done.stderr
    assert path.name in done.stdout + done.stderr
    assert _log_size(b) == before  # nothing of it applied
    assert _cli(b, "check").returncode == 1  # the refused changes are a problem until they arrive
    with sqlite3.connect(b / "fielddesk.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM staff WHERE staff_no = '990001'").fetchone()[0] == 0
    assert list((b / "quarantine").glob("*.jsonl"))  # a local copy, for whoever looks into it


def test_a_laptop_without_the_key_says_so_and_publishes_nothing(ward, tmp_path):
    _root, share0, _a, _b = ward
    share = tmp_path / "share"
    shutil.copytree(share0, share)
    before = sorted(p.relative_to(share) for p in share.rglob("*"))
    laptop, env = tmp_path / "keyless", keyless_env(tmp_path)
    _sample_laptop(laptop, env)
    done = _cli(laptop, "sync", "--share", str(share), env=env)
    assert done.returncode == 3
    assert "sealed with the ward key" in done.stderr and "fielddesk key join" in done.stderr
    assert sorted(p.relative_to(share) for p in share.rglob("*")) == before


def test_a_new_share_is_sealed_by_default_and_refused_without_a_key(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    env = keyless_env(tmp_path)
    done = _cli(tmp_path / "x", "sync", "--share", str(share), env=env)
    assert done.returncode == 3 and "not set up yet" in done.stderr and "fielddesk key init" in done.stderr
    assert list(share.rglob("*")) == []
    assert _cli(tmp_path / "y", "sync", "--share", str(share)).returncode == 0  # with the key: tree e1
    info = json.loads((share / "FieldDesk" / "e1" / "FORMAT.json").read_text())
    assert info["sealed"] is True and info["key"] == TEST_KEY.key_id and not (share / "FieldDesk" / "v1").exists()

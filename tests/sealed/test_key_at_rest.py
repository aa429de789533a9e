"""The ward key is only in the credential store: never in the data folder (store, settings, log),
a backup, or the shared folder — in any of the forms it is written in (raw, base64, hex, join code)."""

from __future__ import annotations

import base64

from app.sync import seal, ward_key
from tests.helpers.cli import run_cli


def test_the_key_is_in_no_file_of_the_laptop_a_backup_or_the_share(tmp_path, monkeypatch):
    data, share, env = tmp_path / "data", tmp_path / "share", {"XDG_DATA_HOME": str(tmp_path / "user")}
    share.mkdir()

    def cli(*args):
        done = run_cli("--lang", "en", *args, data_dir=data, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    cli("key", "init")
    cli("demo")
    cli("sync", "--share", str(share))
    cli("backup", "--out", str(tmp_path / "backup.fdbak"))
    key = seal.from_join_code(cli("key", "export", "--show-code").stdout.split(": ")[-1].strip())
    code = seal.join_code(key)
    forms = [key.secret, base64.b64encode(key.secret), key.secret.hex().encode(), code.encode(),
             code.replace("-", "").encode()]
    files = [p for root in (data, share) for p in root.rglob("*") if p.is_file()] + [tmp_path / "backup.fdbak"]
    assert any(p.name == "fielddesk.log" for p in files) and any(p.name == "fielddesk.sqlite3" for p in files)
    assert any("FieldDesk" in p.parts for p in files)
    leaks = [str(p) for p in files if any(f in p.read_bytes() for f in forms)]
    assert leaks == []
    monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])  # the control: it is in that laptop's credential store
    assert ward_key.load() == key

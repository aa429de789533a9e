"""Attachments travel as content-addressed files: sent before their records, fetched by laptops
whose records name them, accepted only when the bytes hash to the name. On a sealed share each is
sealed under a keyed name (neither its bytes nor its hash show there) and must open with the key."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from app.storage.models.townwalk import Attachment, Route, Walk
from app.storage.store import open_store
from app.sync.round import run_sync
from tests.helpers.sealed import blob, flip_bit, open_file, seal_into, tree


def photo_store(root, data: bytes):
    store = open_store(root, user="撮影者")
    digest = hashlib.sha256(data).hexdigest()
    (store.paths.root / "blobs").mkdir(exist_ok=True)
    (store.paths.root / "blobs" / digest).write_bytes(data)
    with store.session() as session:
        route = Route(code="R1", name="芝公園コース")
        session.add(route)
        session.flush()
        walk = Walk(route_id=route.id, date=date(2026, 10, 1))
        session.add(walk)
        session.flush()
        session.add(Attachment(walk_id=walk.id, sha256=digest, file_name="増上寺.jpg", size=len(data)))
    return store, digest


def test_a_photo_reaches_the_other_laptop_with_its_record(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    data = b"\xff\xd8\xff" + bytes(range(256)) * 40  # a "JPEG"
    a, digest = photo_store(tmp_path / "a", data)
    b = open_store(tmp_path / "b")
    run_sync(a, share)
    assert open_file(blob(share, digest)) == data
    assert not (tree(share) / "blobs" / digest).exists() and data not in blob(share, digest).read_bytes()
    summary = run_sync(b, share)
    assert (b.paths.root / "blobs" / digest).read_bytes() == data
    assert not any("添付" in w or "attached" in w for w in summary.warnings)
    a.close()
    b.close()


@pytest.mark.parametrize("damage", ["bit flip", "plain bytes", "sealed, other bytes"])
def test_a_damaged_file_on_the_share_is_not_taken(tmp_path, damage):
    """A flipped bit or a plain file does not open; a file sealed with the key (a key holder's
    mistake) that does not hash to the record's hash is not kept either."""
    share = tmp_path / "share"
    share.mkdir()
    a, digest = photo_store(tmp_path / "a", b"original bytes of the photo")
    run_sync(a, share)
    remote = blob(share, digest)
    if damage == "bit flip":
        flip_bit(remote)
    elif damage == "plain bytes":
        remote.write_bytes(b"original bytes of the photo")
    else:
        seal_into(remote, b"flipped bytes of the photo")
    b = open_store(tmp_path / "b")
    summary = run_sync(b, share)
    assert not (b.paths.root / "blobs" / digest).exists()
    assert any("1" in w for w in summary.warnings)  # "1 attached files are not in the shared folder yet"
    a.close()
    b.close()

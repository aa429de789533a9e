"""Files on a sealed share as the tests see them: opened, crafted and damaged with the test ward's
key (tests/helpers/ward.py), under the name a file is bound to (its path in the tree)."""

from __future__ import annotations

from pathlib import Path

from app.sync.seal import MAGIC, SealError, seal, unseal
from app.sync.segments import Parsed, parse
from tests.helpers.ward import TEST_KEY

TREE = f"e{TEST_KEY.epoch}"  # the sealed tree every test syncs into by default


def tree(share: Path) -> Path:
    """``<share>/FieldDesk/e1``: the tree the test key seals."""
    return Path(share) / "FieldDesk" / TREE


def rel_in_tree(path: Path) -> str:
    """``devices/<id>/seg-….jsonl`` (or ``blobs/<name>``): the path below ``FieldDesk/<tree>/``."""
    parts = Path(path).parts
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] == "FieldDesk" and parts[i + 1] == TREE:
            return "/".join(parts[i + 2:])
    raise ValueError(f"{path} is not in a FieldDesk/{TREE} tree")


def open_file(path: Path, rel: str | None = None) -> bytes:
    """The plaintext of a sealed file of the share (SealError when it does not open); ``rel`` is
    the name it is bound to when it lies outside the share (moved aside by a test)."""
    return unseal(TEST_KEY, rel or rel_in_tree(path), Path(path).read_bytes())


def parsed(path: Path, rel: str | None = None) -> Parsed:
    """A sealed segment of the share as FieldDesk reads it: nothing at all when it does not open."""
    try:
        return parse(open_file(path, rel))
    except SealError:
        return parse(b"")


def seal_into(path: Path, plain: bytes) -> None:
    """Write ``plain`` to ``path`` sealed with the test key, as a holder of the key would."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(seal(TEST_KEY, rel_in_tree(path), plain))


def body_offset(data: bytes) -> int:
    """Where a sealed file's ciphertext starts (after the magic and its header line)."""
    assert data.startswith(MAGIC), "not a sealed file"
    return data.index(b"\n", len(MAGIC)) + 1


def flip_bit(path: Path, where: float = 0.5, bit: int = 0x01) -> None:
    """Flip one bit of a sealed file's ciphertext, ``where`` of the way into it (size kept)."""
    data = bytearray(Path(path).read_bytes())
    start = body_offset(bytes(data))
    data[start + int((len(data) - start - 1) * where)] ^= bit
    Path(path).write_bytes(bytes(data))


def blob(share: Path, digest: str) -> Path:
    """Where a sealed share keeps the attachment of that sha256 (a keyed name, not the hash)."""
    return tree(share) / "blobs" / TEST_KEY.blob_name(digest)

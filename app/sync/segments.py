"""Segment files: an immutable, self-checking slice of one laptop's change log (JSON Lines).

Line 1 is the header (magic, format, origin, install nonce, first, last, count, schema, app);
then one line per change, each carrying its own content hash; the last line is the footer with
the count and the sha256 of every byte before it. The bytes are a pure function of the changes,
so a crashed publish that is repeated writes exactly the same file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from app.storage.capture import change_hash

MAGIC = "FieldDesk-segment"
FORMAT = 1
KEYS = ("origin", "seq", "tbl", "row_id", "field", "value", "ms", "counter", "base", "user", "tx")
SHORT = ("o", "s", "t", "r", "f", "v", "ms", "c", "b", "u", "x")  # compact keys on disk


@dataclass(frozen=True)
class Change:
    """One change as it travels: the columns of ``sync_change``."""

    origin: str
    seq: int
    tbl: str
    row_id: str
    field: str
    value: str
    ms: int
    counter: int
    base: str | None
    user: str
    tx: str
    hash: str

    @property
    def cid(self) -> str:
        return f"{self.origin}:{self.seq}:{self.hash}"

    def values(self) -> tuple:
        return (self.origin, self.seq, self.tbl, self.row_id, self.field, self.value, self.ms, self.counter,
                self.base, self.user, self.tx)

    @property
    def order(self) -> tuple:
        """The merge order of SYNC.md: the greatest wins."""
        return (self.ms, self.counter, self.origin, self.seq, self.hash)


@dataclass(frozen=True)
class Header:
    origin: str
    nonce: str
    first: int
    last: int
    count: int
    schema: str
    app: str


@dataclass
class Parsed:
    header: Header | None
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # empty = the file is intact

    @property
    def intact(self) -> bool:
        return not self.problems


def _dump(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8") + b"\n"


def encode(header: Header, changes: list[Change]) -> bytes:
    body = bytearray(_dump({"magic": MAGIC, "format": FORMAT, "origin": header.origin, "nonce": header.nonce,
                            "first": header.first, "last": header.last, "count": header.count,
                            "schema": header.schema, "app": header.app}))
    for c in changes:
        body += _dump({**dict(zip(SHORT, c.values(), strict=True)), "h": c.hash})
    body += _dump({"footer": True, "count": len(changes), "sha256": hashlib.sha256(bytes(body)).hexdigest()})
    return bytes(body)


def _change(obj: dict) -> Change:
    values = tuple(obj[k] for k in SHORT)
    origin, seq, tbl, row_id, fld, value, ms, counter, base, user, tx = values
    types_ok = (isinstance(origin, str) and isinstance(seq, int) and isinstance(tbl, str)
                and isinstance(row_id, str) and isinstance(fld, str) and isinstance(value, str)
                and isinstance(ms, int) and isinstance(counter, int) and (base is None or isinstance(base, str))
                and isinstance(user, str) and isinstance(tx, str) and isinstance(obj["h"], str))
    if not types_ok:
        raise ValueError("a field has the wrong type")
    if change_hash(values) != obj["h"]:
        raise ValueError("the change does not match its hash")
    return Change(*values, hash=obj["h"])


def parse(data: bytes) -> Parsed:
    """Every intact change of the file, and what is wrong with it (if anything).

    Damage never stops the reading: each line stands on its own hash, so a truncated or
    bit-flipped file still gives up every change that is intact (salvage)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    result = Parsed(None)
    if not lines:
        result.problems.append("empty file")
        return result
    try:
        head = json.loads(lines[0])
        if head.get("magic") != MAGIC:
            raise ValueError("not a FieldDesk segment")
        if head.get("format") != FORMAT:
            result.problems.append(f"segment format {head.get('format')} (newer FieldDesk?)")
        result.header = Header(str(head["origin"]), str(head.get("nonce", "")), int(head["first"]),
                               int(head["last"]), int(head["count"]), str(head.get("schema", "")),
                               str(head.get("app", "")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        result.problems.append(f"bad header: {exc}")
    footer = None
    body_end = len(lines)
    try:
        last = json.loads(lines[-1])
        if isinstance(last, dict) and last.get("footer"):
            footer = last
            body_end = len(lines) - 1
    except ValueError:
        pass
    for number, line in enumerate(lines[1:body_end], start=2):
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            result.changes.append(_change(obj))
        except (ValueError, KeyError, TypeError) as exc:
            result.problems.append(f"line {number}: {exc}")
    if footer is None:
        result.problems.append("no footer (truncated?)")
    else:
        before = b"\n".join(lines[:body_end]) + b"\n"
        if footer.get("sha256") != hashlib.sha256(before).hexdigest():
            result.problems.append("the file does not match its checksum")
        if footer.get("count") != len(result.changes):
            result.problems.append(f"{footer.get('count')} changes announced, {len(result.changes)} intact")
    if result.header is not None and result.header.count != len(result.changes) and not result.problems:
        result.problems.append("the header's count is wrong")
    if result.header is not None and any(c.origin != result.header.origin for c in result.changes):
        result.problems.append("a change from another laptop inside this laptop's segment")
    return result

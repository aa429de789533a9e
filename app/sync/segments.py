"""Segment files: an immutable, self-checking slice of one laptop's change log (JSON Lines).

Line 1 is the header (magic, format, origin, install nonce, first, last, count, schema, app, and
``parts`` when the segment holds only part of a transaction); then one line per change, each
carrying its own content hash; the last line is the footer with the count and the sha256 of every
byte before it. The bytes are a pure function of the changes, so a crashed publish that is repeated
writes exactly the same file.

Size (docs/dev/sync.md "Segment size"): a segment is sealed at the first end of a transaction after
``SOFT_CHANGES`` changes or ``SOFT_BYTES`` of change lines; a transaction that goes on past
``HARD_CHANGES`` or ``HARD_BYTES`` is cut there, and each piece names it in ``parts``:
``{"<tx>": <number of changes of the whole transaction>}``. Readers hold those changes until they
have the whole transaction, then apply it at once. A segment without ``parts`` is exactly what
FieldDesk wrote before parts existed, so old files and new whole-transaction files read the same.

Reading is streaming (``SegmentReader``): lines one at a time, changes in batches, the footer's
checksum computed on the way, so memory stays bounded whatever the file's size.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from app.storage.capture import change_hash

MAGIC = "FieldDesk-segment"
FORMAT = 1  # parts are an optional header key: older readers apply the pieces as they come
KEYS = ("origin", "seq", "tbl", "row_id", "field", "value", "ms", "counter", "base", "user", "tx")
SHORT = ("o", "s", "t", "r", "f", "v", "ms", "c", "b", "u", "x")  # compact keys on disk

SOFT_CHANGES = 2000  # sealed at the next end of a transaction from here on
SOFT_BYTES = 1 << 20
HARD_CHANGES = 8000  # a transaction longer than this goes on in the next segment
HARD_BYTES = 4 << 20
MAX_LINE_BYTES = 16 << 20  # one change line; a longer one is damage (and is skipped, not held)
BATCH = 5000  # changes per batch when reading
_OVERLONG = b"\x00overlong\n"  # stands for a line longer than MAX_LINE_BYTES


class Change(NamedTuple):
    """One change as it travels: the columns of ``sync_change`` (a tuple: built by the million)."""

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
        return self[:11]

    @property
    def order(self) -> tuple:
        """The merge order of docs/dev/sync.md: the greatest wins."""
        return (self.ms, self.counter, self.origin, self.seq, self.hash)


@dataclass(frozen=True)
class Limits:
    """Where publishing cuts segments (the defaults above; tests use tiny ones to split
    transactions often)."""

    soft_changes: int = SOFT_CHANGES
    soft_bytes: int = SOFT_BYTES
    hard_changes: int = HARD_CHANGES
    hard_bytes: int = HARD_BYTES


@dataclass(frozen=True)
class Header:
    origin: str
    nonce: str
    first: int
    last: int
    count: int
    schema: str
    app: str
    parts: tuple[tuple[str, int], ...] = ()  # (tx, changes in the whole transaction), sorted


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


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def change_line(c: Change) -> bytes:
    """A change as its line: byte for byte what ``_dump`` of its dict gives (keys sorted), written
    out because publishing a big import encodes millions of them."""
    if type(c.seq) is not int or type(c.ms) is not int or type(c.counter) is not int:
        return _dump({**dict(zip(SHORT, c.values(), strict=True)), "h": c.hash})
    return (f'{{"b":{_text(c.base)},"c":{c.counter},"f":{_text(c.field)},"h":{_text(c.hash)},"ms":{c.ms},'
            f'"o":{_text(c.origin)},"r":{_text(c.row_id)},"s":{c.seq},"t":{_text(c.tbl)},"u":{_text(c.user)},'
            f'"v":{_text(c.value)},"x":{_text(c.tx)}}}\n').encode()


def header_line(header: Header) -> bytes:
    head = {"magic": MAGIC, "format": FORMAT, "origin": header.origin, "nonce": header.nonce,
            "first": header.first, "last": header.last, "count": header.count, "schema": header.schema,
            "app": header.app}
    if header.parts:
        head["parts"] = dict(header.parts)
    return _dump(head)


def assemble(header: Header, lines: list[bytes]) -> bytes:
    """The file: header, the change lines as ``change_line`` made them, footer."""
    body = header_line(header) + b"".join(lines)
    return body + _dump({"footer": True, "count": len(lines), "sha256": hashlib.sha256(body).hexdigest()})


def encode(header: Header, changes: list[Change]) -> bytes:
    return assemble(header, [change_line(c) for c in changes])


_FIELDS = itemgetter(*SHORT, "h")
_TYPES = (str, int, str, str, str, str, int, int, str, str, str, str)
_TYPES_NO_BASE = (str, int, str, str, str, str, int, int, type(None), str, str, str)


_KINDS = frozenset((_TYPES, _TYPES_NO_BASE))
_DECODER = json.JSONDecoder()


def _object(raw_decode, line: bytes):
    """A change line's object: ``raw_decode`` (no whitespace scans) for what we write, else
    ``json.loads`` as the judge, so what is accepted is exactly what ``json.loads`` accepts."""
    text = line.decode()
    try:
        obj, end = raw_decode(text)
        if end == len(text) or text[end:] == "\n":
            return obj
    except ValueError:
        pass
    return json.loads(text)


def _parts(value) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and type(n) is int and 0 < n for k, n in value.items()):
        raise ValueError("parts must map transactions to their number of changes")
    return tuple(sorted(value.items()))


class SegmentReader:
    """Reads one segment from a binary stream, a line at a time: ``header`` first, then
    ``batches()``; once they are exhausted, ``problems`` says what is wrong (empty = intact).

    Damage never stops the reading: each line stands on its own hash, so a truncated or
    bit-flipped file still gives up every change that is intact (salvage)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.header: Header | None = None
        self.problems: list[str] = []
        self.count = 0  # intact changes read
        self.origins_ok = True
        self._digest = hashlib.sha256()
        self._number = 1
        self._pending: bytes | None = None
        self._ended = False
        first = self._line()
        if first is None:
            self.problems.append("empty file")
            self._ended = True
            return
        self._digest.update(first)
        self._header(first)
        self._pending = self._line()

    def _line(self) -> bytes | None:
        """The next line with its newline (the last may lack one); None at the end. An overlong
        line is read on to its end and stands as a marker: it is damage, reported by number."""
        line = self.stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return None
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            return line
        while line and not line.endswith(b"\n"):
            line = self.stream.readline(MAX_LINE_BYTES)
        return _OVERLONG

    def _header(self, line: bytes) -> None:
        try:
            head = json.loads(line.rstrip(b"\n"))
            if head.get("magic") != MAGIC:
                raise ValueError("not a FieldDesk segment")
            if head.get("format") != FORMAT:
                self.problems.append(f"segment format {head.get('format')} (newer FieldDesk?)")
            parts = _parts(head["parts"]) if "parts" in head else ()
            self.header = Header(str(head["origin"]), str(head.get("nonce", "")), int(head["first"]),
                                 int(head["last"]), int(head["count"]), str(head.get("schema", "")),
                                 str(head.get("app", "")), parts)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.problems.append(f"bad header: {exc}")

    @property
    def parts(self) -> dict[str, int]:
        return dict(self.header.parts) if self.header is not None else {}

    def batches(self, size: int = BATCH) -> Iterator[list[Change]]:
        batch: list[Change] = []
        origin = self.header.origin if self.header is not None else None
        digest, next_line, problems = self._digest.update, self._line, self.problems
        decode, fields, make, kinds_ok, hash_of = _DECODER.raw_decode, _FIELDS, Change._make, _KINDS, change_hash
        while self._pending is not None:  # the hot loop of every sync import: names bound locally
            line, self._pending = self._pending, next_line()
            self._number += 1
            if self._pending is None and self._footer(line):
                break
            digest(line)
            try:
                if line is _OVERLONG:
                    raise ValueError(f"longer than {MAX_LINE_BYTES} bytes")
                obj = _object(decode, line)
                values = fields(obj)
                if tuple(map(type, values)) not in kinds_ok:
                    raise ValueError("a field has the wrong type")
                if hash_of(values[:11]) != values[11]:
                    raise ValueError("the change does not match its hash")
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"line {self._number}: {exc}")
                continue
            change = make(values)
            if change.origin != origin and origin is not None:
                self.origins_ok = False
            batch.append(change)
            if len(batch) >= size:
                self.count += len(batch)
                yield batch
                batch = []
        if batch:
            self.count += len(batch)
            yield batch
        self._finish()

    def _footer(self, line: bytes) -> bool:
        """Is the last line a footer? If so, check it against what was read."""
        try:
            last = json.loads(line)
        except ValueError:
            return False
        if not (isinstance(last, dict) and last.get("footer")):
            return False
        self._footer_seen = last
        return True

    def _finish(self) -> None:
        if self._ended:
            return
        self._ended = True
        footer = getattr(self, "_footer_seen", None)
        if footer is None:
            self.problems.append("no footer (truncated?)")
        else:
            if footer.get("sha256") != self._digest.hexdigest():
                self.problems.append("the file does not match its checksum")
            if footer.get("count") != self.count:
                self.problems.append(f"{footer.get('count')} changes announced, {self.count} intact")
        if self.header is not None and self.header.count != self.count and not self.problems:
            self.problems.append("the header's count is wrong")
        if not self.origins_ok:
            self.problems.append("a change from another laptop inside this laptop's segment")


def parse(data: bytes) -> Parsed:
    """Every intact change of the file in memory, and what is wrong with it (if anything)."""
    reader = SegmentReader(io.BytesIO(data))
    changes = [c for batch in reader.batches() for c in batch]
    reader._finish()
    return Parsed(reader.header, changes, reader.problems)

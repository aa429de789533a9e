"""The segment file format as the streaming code writes and reads it (docs/dev/sync.md "Segment
files"): ``change_line`` writes byte for byte what ``json.dumps`` of the change's dict gives, the
streaming ``SegmentReader`` gives back exactly what was written with its ``parts``, and damage —
a flipped line, a line longer than any change, a missing footer — costs only the lines it hits."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.segments import (
    MAX_LINE_BYTES,
    SHORT,
    Header,
    SegmentReader,
    _dump,
    change_line,
    encode,
)
from tests.helpers.sync import make_change

ORIGIN = "0b6a3f1e-6f2a-4a51-9d0e-3c1a2b4c5d6e"
text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)  # any text JSON can carry
changes = st.lists(st.tuples(text, text, text, st.integers(0, 2**53), st.integers(0, 2**31),
                             st.none() | text, text, st.sampled_from(["t1", "t2", "t3"])), min_size=1, max_size=12)


def _build(rows) -> list:
    return [make_change(ORIGIN, seq, "staff", row_id, field, json.dumps(value, ensure_ascii=False), ms, counter,
                        base, user, tx)
            for seq, (row_id, field, value, ms, counter, base, user, tx) in enumerate(rows, start=1)]


def _read(data: bytes) -> tuple[SegmentReader, list]:
    reader = SegmentReader(io.BytesIO(data))
    return reader, [c for batch in reader.batches(size=3) for c in batch]


@settings(max_examples=200, deadline=None, database=None)
@given(rows=changes, parts=st.dictionaries(st.sampled_from(["t1", "t2"]), st.integers(13, 10**6), max_size=2))
def test_what_is_written_is_read_back_exactly(rows, parts):
    cs = _build(rows)
    for c in cs:
        assert change_line(c) == _dump({**dict(zip(SHORT, c.values(), strict=True)), "h": c.hash})
    header = Header(ORIGIN, "nonce", 1, len(cs), len(cs), "0006", "test", tuple(sorted(parts.items())))
    reader, back = _read(encode(header, cs))
    assert back == cs and reader.problems == [] and reader.parts == parts and reader.header == header


def _file(n: int = 10, parts: dict | None = None) -> tuple[list, bytes]:
    cs = _build([(f"r{i}", "name", f"職員 {i}", 1000 + i, i, None, "芝", "t1") for i in range(n)])
    return cs, encode(Header(ORIGIN, "n", 1, n, n, "0006", "test", tuple(sorted((parts or {}).items()))), cs)


def test_a_damaged_line_costs_that_change_only():
    cs, data = _file()
    lines = data.split(b"\n")
    lines[4] = lines[4].replace("職員".encode(), "社員".encode())  # line 5: change 4 (seq 4)
    reader, back = _read(b"\n".join(lines))
    assert back == cs[:3] + cs[4:]
    assert "line 5: the change does not match its hash" in reader.problems
    assert "the file does not match its checksum" in reader.problems


def test_a_line_longer_than_any_change_is_damage_and_the_rest_is_read():
    cs, data = _file()
    lines = data.split(b"\n")
    lines.insert(3, b'{"v":"' + b"x" * (MAX_LINE_BYTES + 10) + b'"}')
    reader, back = _read(b"\n".join(lines))
    assert back == cs
    assert any(p.startswith("line 4: longer than") for p in reader.problems), reader.problems


def test_a_truncated_file_keeps_what_is_whole():
    cs, data = _file()
    reader, back = _read(data[: data.index(change_line(cs[6]))])
    assert back == cs[:6] and "no footer (truncated?)" in reader.problems


def test_parts_of_the_wrong_shape_make_a_bad_header():
    _cs, data = _file(parts={"t1": 20})
    head, rest = data.split(b"\n", 1)
    reader, _back = _read(head.replace(b'"parts":{"t1":20}', b'"parts":{"t1":0}') + b"\n" + rest)
    assert any(p.startswith("bad header") for p in reader.problems), reader.problems

"""Issue 12 item 15 at full size: an import of 400,000 marks reaches the other laptop whole.

Everything is the real thing: two data folders, ``fielddesk import`` of CSV files on laptop A,
``fielddesk sync`` on A and then on B through a folder on disk, the exports of both compared, and
``fielddesk check`` on both. Publishing runs under ``tests.bench.peak`` so its own peak memory
(VmHWM of the child, not the test's) is measured. On the code before segments were cut by size,
A published one ~355 MB file, B refused it (over 64 MiB) and both commands exited 0.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from app.sync.folder import MAX_SEGMENT_BYTES
from app.sync.segments import HARD_BYTES
from tests.bench.common import measured_argv, run_measured
from tests.bench.marks_data import write_marks_data
from tests.helpers.sealed import open_file, tree
from tests.helpers.sync import fast_tmp

MARKS = 400_000
PEAK_GOAL = 300 * 1024 * 1024


def _fd(data, *args: str, timeout: float = 900):
    return run_measured(measured_argv("app", "--data-dir", str(data), *args), timeout=timeout)


def _header(path) -> dict:
    return json.loads(open_file(path).split(b"\n", 1)[0])  # sealed: opened with the ward key


@pytest.fixture
def where():
    root = fast_tmp("fd-big-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_an_import_of_400000_marks_reaches_the_other_laptop_whole(where):
    marks = write_marks_data(where / "csv", marks=MARKS)
    a, b, share = marks.store(where / "a"), where / "b", where / "share"
    share.mkdir()
    imported = _fd(a, "import", "attendance", str(marks.attendance(MARKS))).check("import on A")

    published = _fd(a, "sync", "--share", str(share)).check("sync on A")
    files = sorted((tree(share) / "devices").rglob("*.jsonl"))
    sizes = [f.stat().st_size for f in files]
    headers = [_header(f) for f in files]
    total = sum(h["count"] for h in headers)
    print(f"\nimport {imported.wall:.1f} s; publish {published.wall:.1f} s, peak {published.max_rss / 2**20:.0f} MiB; "
          f"{len(files)} segments, {total:,} changes, largest {max(sizes) / 2**20:.2f} MiB")
    assert total >= 3 * MARKS  # a mark's fields, meetings and people: every change went out
    assert max(sizes) <= HARD_BYTES + 4096 < MAX_SEGMENT_BYTES  # every file is one any FieldDesk reads
    assert sum(1 for h in headers if h.get("parts")) >= 2  # the big transaction spans segments
    assert published.max_rss is not None and published.max_rss <= PEAK_GOAL, published.max_rss

    received = _fd(b, "sync", "--share", str(share)).check("sync on B")
    print(f"sync on B {received.wall:.1f} s, peak {received.max_rss / 2**20:.0f} MiB; {received.stdout.strip()}")
    assert f"受信 {total}、" in received.stdout  # every change taken (A's sent = B's received)
    assert f"送信 {total}、" in published.stdout

    for kind in ("councils", "staff", "meetings", "attendance"):
        out_a, out_b = where / f"{kind}-a.csv", where / f"{kind}-b.csv"
        _fd(a, "export", kind, "--out", str(out_a)).check(f"export {kind} on A")
        _fd(b, "export", kind, "--out", str(out_b)).check(f"export {kind} on B")
        assert out_a.read_bytes() == out_b.read_bytes(), kind
    with open(where / "attendance-b.csv", "rb") as fh:
        assert sum(1 for _ in fh) == MARKS + 1

    for data in (a, b):
        checked = _fd(data, "check")
        print(f"check {data.name} {checked.wall:.1f} s, peak {checked.max_rss / 2**20:.0f} MiB")
        assert checked.returncode == 0, checked.stderr[-2000:]
    assert os.listdir(tree(share) / "devices")

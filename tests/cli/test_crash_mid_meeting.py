"""A laptop that dies mid-meeting (SIGKILL, no clean shutdown) loses no mark that was made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from tests.helpers.paths import ROOT

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from app.context import AppContext
    from app.services.demo.load import load_demo
    from app.services.attendance import marking as attendance
    from datetime import date
    ctx = AppContext.open(Path(sys.argv[1]))
    load_demo(ctx.store, date(2026, 11, 23))
    council = next(c for c in attendance.list_councils(ctx.store) if c.code == "AZ01")
    meeting = attendance.list_meetings(ctx.store, council.id, 2026)[0]
    roster = attendance.roster(ctx.store, meeting.id)
    for entry, status in zip(roster.entries, ["present", "late"]):
        attendance.mark(ctx.store, meeting.id, entry.staff_id, status)
        print(entry.staff_no, status, flush=True)
    print(meeting.id, flush=True)
    # the battery runs out: no close, no clean-up, nothing (TerminateProcess on Windows)
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
""")


def test_marks_made_before_a_kill_are_there_after_restart(tmp_path, cli):
    data = tmp_path / "data"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(data)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == (-signal.SIGKILL if hasattr(signal, "SIGKILL") else 1), done.stderr
    *marked, meeting_id = done.stdout.split("\n")[:-1]
    expected = dict(line.split() for line in marked)
    assert len(expected) == 2

    from app.context import AppContext
    from app.services.admin.check import run_check
    from app.services.attendance.marking import roster

    ctx = AppContext.open(data)  # the lock died with the process
    try:
        shown = {e.staff_no: e.status for e in roster(ctx.store, meeting_id).entries if e.status}
        assert shown == expected
        assert run_check(ctx.store).ok
    finally:
        ctx.close()
    assert cli("check", data_dir=data).returncode == 0

"""Real processes (issue 4, 8d): three laptops' ``fielddesk import`` and ``fielddesk sync`` running
at once on one shared folder, SIGKILLed at random moments (at least 20 kills), then healed by two
sequential rounds of ``fielddesk sync`` each: ``check`` passes on every store, and the stores have
the same history, the same state (the oracle's), the same conflicts and identical exports."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time

from app.services.admin.check import run_check
from app.storage.store import open_store
from tests.helpers.cli import run_cli
from tests.helpers.paths import ROOT
from tests.helpers.sync import conflicts_of, exports_of, fast_tmp, log_of, new_store, oracle, state_of

KILLS = 20
HEADER = "協議会コード,協議会名,地区,小学校区\n"


def test_three_processes_killed_at_random_then_healed():
    rng = random.Random(int(os.environ.get("FIELDDESK_SEED", "0")) or None)
    root = fast_tmp("fd-procs-")
    share = root / "share"
    share.mkdir()
    dirs = [root / f"laptop{i}" for i in range(3)]
    for d in dirs:
        new_store(d).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    running: list[subprocess.Popen | None] = [None, None, None]
    kills = finished = imports = 0
    started = time.monotonic()
    try:
        while kills < KILLS:
            assert time.monotonic() - started < 120, f"only {kills} kills in 120 s"
            for i, proc in enumerate(running):
                if proc is not None and proc.poll() is None:
                    continue
                if proc is not None:
                    assert proc.returncode == 0, (root / f"stderr-{i}.txt").read_text(encoding="utf-8")
                    finished += 1
                if rng.random() < 0.5:
                    csv = root / f"edit-{i}-{imports}.csv"
                    csv.write_text(HEADER + "".join(f"C{k},Council {k} by {i}/{imports},芝,\n"
                                                    for k in rng.sample(range(1, 6), 3)), encoding="utf-8")
                    args = ["import", "councils", str(csv)]
                    imports += 1
                else:
                    args = ["sync", "--share", str(share)]
                with open(root / f"stderr-{i}.txt", "wb") as err:  # the child keeps its own copy
                    running[i] = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(dirs[i]), *args],
                                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
            time.sleep(rng.uniform(0.05, 0.5))
            victim = running[rng.randrange(3)]
            if victim is not None and victim.poll() is None and rng.random() < 0.4:
                victim.kill()  # SIGKILL (TerminateProcess on Windows): no clean-up of any kind
                victim.wait()
                running[running.index(victim)] = None
                kills += 1
        for proc in running:
            if proc is not None:
                proc.wait(timeout=60)
        for _round in range(2):  # healing: one laptop after the other, twice
            for d in dirs:
                done = run_cli("sync", "--share", str(share), data_dir=d, timeout=60)
                assert done.returncode == 0, done.stdout + done.stderr
        stores = [open_store(d) for d in dirs]
        try:
            for store in stores:
                report = run_check(store)
                assert report.ok, report.problems
            logs = [{c.cid: c for c in log_of(s)} for s in stores]
            assert logs[0].keys() == logs[1].keys() == logs[2].keys()
            expected = oracle(logs[0].values())
            assert all(state_of(s) == expected for s in stores)
            assert conflicts_of(stores[0]) == conflicts_of(stores[1]) == conflicts_of(stores[2])
            exports = [exports_of(s, root / f"export{i}") for i, s in enumerate(stores)]
            assert exports[0] == exports[1] == exports[2]
            assert exports[0]["councils"].count(b"\n") >= 2  # something really travelled
        finally:
            for s in stores:
                s.close()
        assert kills >= KILLS and finished > 0
    finally:
        for proc in running:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(root, ignore_errors=True)

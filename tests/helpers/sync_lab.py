"""Three laptops with settable clocks and one shared folder in a RAM folder: the fault table's and
the repair channel's tests drive sync rounds on it by hand."""

from __future__ import annotations

import shutil

from app.services.admin.check import run_check
from app.services.attendance import records
from app.storage.models import Council
from app.sync.round import run_sync
from tests.helpers.sync import BASE_MS, Clock, fast_tmp, new_store, state_of

MIN = 60_000


class Lab:
    """Three laptops (a, b, c) with settable clocks and one shared folder, all in a RAM folder."""

    def __init__(self):
        self.root = fast_tmp("fd-faults-")
        self.share = self.root / "share"
        self.share.mkdir()
        self.time = [BASE_MS]
        self.clock = {n: Clock(self.time) for n in "abc"}
        self.stores = {n: new_store(self.root / n, clock_ms=self.clock[n], user=f"user-{n}") for n in "abc"}

    def __getitem__(self, name: str):
        return self.stores[name]

    def sync(self, *names: str):
        out = None
        for n in names or "abc":
            out = run_sync(self.stores[n], self.share, now_ms=self.clock[n]())
        return out

    def folder(self, name: str):
        return self.share / "FieldDesk" / "e1" / "devices" / self.stores[name].device_id

    def council(self, name: str, code: str = "C1", title: str = "Council one") -> str:
        return records.save_council(self.stores[name], records.CouncilInput(code, title, "芝"))

    def rename(self, name: str, row_id: str, title: str) -> None:
        item = records.load_council(self.stores[name], row_id)
        item.name = title
        records.save_council(self.stores[name], item)

    def name_of(self, name: str, row_id: str) -> str:
        with self.stores[name].read() as session:
            return session.get(Council, row_id).name

    def converged(self) -> None:
        states = [state_of(s) for s in self.stores.values()]
        assert states[0] == states[1] == states[2]
        for store in self.stores.values():
            assert run_check(store).ok, run_check(store).problems

    def close(self):
        for s in self.stores.values():
            s.close()
        shutil.rmtree(self.root, ignore_errors=True)

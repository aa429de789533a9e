"""``fielddesk demo`` and the welcome screen's 「サンプルデータを読み込む」: sample data through the
normal import path, so the demo exercises the same validation and change capture as real files."""

from __future__ import annotations

from datetime import date

from app.services.demo.attendance import DemoData, generate
from app.services.transfer.files import import_rows
from app.services.transfer.kinds import IMPORT_ORDER, KINDS
from app.storage.store import Store
from app.tabular.reader import SourceRow


def _source_rows(records: list[dict[str, str]], columns) -> list[SourceRow]:
    cols = {c.name: (i + 1, c.name) for i, c in enumerate(columns)}
    return [SourceRow(line=i + 2, values=dict(r), cols=cols) for i, r in enumerate(records)]


def load_data(store: Store, data: DemoData) -> dict[str, int]:
    counts = {}
    for name in IMPORT_ORDER:
        kind = KINDS[name]
        records = getattr(data, name, None)
        if records is None:  # kinds of other tabs: their own sample data loads them
            continue
        result = import_rows(store, kind, f"<demo {name}>", _source_rows(records, kind.columns))
        counts[name] = result.created + result.updated
    return counts


def load_demo(store: Store, today: date | None = None) -> dict[str, int]:
    """Fill the store with sample data; running it again changes nothing (imports are idempotent)."""
    from app.services.demo.survey import load_survey_demo

    counts = load_data(store, generate(today or date.today()))
    counts.update(load_survey_demo(store, today))
    from app.services.demo.townwalk import load_townwalk_demo

    counts.update(load_townwalk_demo(store, today))
    return counts

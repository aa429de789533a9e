"""fielddesk.log and crash reports hold no value of the ward's data (app/logs.py ``redact``)."""

from __future__ import annotations

import logging

from app.logs import PrivateFormatter, redact


def test_names_readings_housing_and_staff_numbers_are_masked_and_the_rest_kept():
    line = ("import failed for 山田 花子 (やまだ はなこ, ﾔﾏﾀﾞ) staff_no=010099 at 港区職員住宅 高輪 1-210; "
            "file C:/data/seg-000000000001-000000002000.jsonl, 4096 bytes, at 2026-12-07 12:00:01,123")
    out = redact(line)
    for secret in ("山田", "花子", "やまだ", "ﾔﾏﾀﾞ", "010099", "高輪", "港区職員住宅"):
        assert secret not in out
    assert "seg-000000000001-000000002000.jsonl" in out and "4096 bytes" in out and "2026-12-07 12:00:01,123" in out
    assert out.startswith("import failed for […]")


def test_the_log_formatter_masks_arguments_and_tracebacks():
    formatter = PrivateFormatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    try:
        raise ValueError("duplicate staff 010099 山田 花子")
    except ValueError:
        import sys

        record = logging.LogRecord("app.x", logging.ERROR, __file__, 1, "saving %s failed", ("佐藤 一郎",), sys.exc_info())
    text = formatter.format(record)
    assert "saving […] […] failed" in text and "ValueError: duplicate staff […] […] […]" in text
    assert "佐藤" not in text and "山田" not in text and "010099" not in text
    assert "[MainThread] app.x: " in text
    plain = logging.Formatter("%(message)s").format(record)  # the control: unmasked, the name is there
    assert "佐藤 一郎" in plain

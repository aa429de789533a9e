"""Logging to a file in the data folder, and faulthandler for crashes Python cannot catch.

Windowed PyInstaller builds have ``sys.stderr is None``: nothing here may assume a console.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

# What a value of the ward's data looks like in a log line: Japanese text (names, readings, 住宅,
# council names, answers) and runs of 5+ digits (staff numbers). The log's own words are English;
# such values only come in through arguments and exception texts, and are masked there, so
# fielddesk.log and a crash report can be sent to the IT desk (docs/dev/sealed_share.md "At rest").
_PRIVATE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+|(?<![\w.:-])\d{5,}(?![\w:])")


def redact(text: str) -> str:
    """``text`` with every run of Japanese script and every long number replaced by ``[…]``."""
    return _PRIVATE.sub("[…]", text)


class PrivateFormatter(logging.Formatter):
    """The log's format, with the values of the ward's data masked in the message and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, sep, rest = text.partition(": ")  # the head is time, level, thread and logger name
        return head + sep + redact(rest)


_fault_file = None
_early: logging.handlers.MemoryHandler | None = None


def early_logging(level: int = logging.INFO) -> None:
    """Keep records in memory from the first line of the boot until ``setup_logging`` knows the
    data folder (and holds its lock): a crash before the store opens is then in fielddesk.log too."""
    global _early
    root = logging.getLogger()
    if _early is None:
        _early = logging.handlers.MemoryHandler(10_000, flushLevel=logging.CRITICAL + 1, flushOnClose=False)
        root.addHandler(_early)
        root.setLevel(level)


def file_logging_ready() -> bool:
    return any(getattr(h, "_fielddesk", False) for h in logging.getLogger().handlers)


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    global _fault_file, _early
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "fielddesk.log"
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_fielddesk", False)]:
        if old.baseFilename != os.path.abspath(log_file):  # another data folder opened in this process
            root.removeHandler(old)
            old.close()
    if not any(getattr(h, "_fielddesk", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"))
        handler._fielddesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(level)
    if _early is not None:  # what was logged before the folder was known, in order
        for h in root.handlers:
            if getattr(h, "_fielddesk", False):
                _early.setTarget(h)
                _early.flush()
        root.removeHandler(_early)
        _early.close()
        _early = None
    if _fault_file is None:
        _fault_file = open(log_dir / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
        faulthandler.enable(_fault_file)
    return log_file


def ensure_std_streams() -> None:
    """Give windowed builds somewhere harmless to print (print() to None would raise)."""
    import io

    if sys.stdout is None:
        sys.stdout = io.StringIO()
    if sys.stderr is None:
        sys.stderr = io.StringIO()

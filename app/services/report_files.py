"""What every tab's PDF report shares: the header (title, scope, when, which laptop, the approval
boxes), the check that the file name ends in .pdf, and the atomic write — so a report of any tab
looks and fails alike. A failure never leaves half a file nor replaces a good one: the PDF is
rendered in memory, written beside ``out`` and moved into place."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.errors import UnavailableError, UserError
from app.fileio import atomic_write
from app.i18n import _
from app.reports.template import ReportHeader
from app.settings import Settings
from app.storage.store import Store


def _device(store: Store, settings: Settings) -> str:
    return f"{settings.device_name or '—'}（{store.device_id[:8]}）"


def report_header(store: Store, settings: Settings, title: str, scope: list[tuple[str, str]],
            now: datetime | None) -> ReportHeader:
    return ReportHeader(title, tuple(scope), (now or datetime.now()).replace(microsecond=0),
                        _device(store, settings), tuple(settings.approval_columns))


def check_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UserError(_("{file}: the file name must end in .pdf").format(file=out))
    return out


def write_pdf(out: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``out``, then move it into place."""
    try:
        atomic_write(out, lambda fh: fh.write(data))
    except OSError as exc:
        raise UnavailableError(_(
            "{file}: the PDF cannot be written ({error}). Check that the folder exists and can be written to, "
            "close the file if a PDF viewer has it open, then try again."
        ).format(file=out, error=exc.strerror or exc)) from exc
    return out

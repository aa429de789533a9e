"""Turn SQLite's failures into messages that say what to do (disk full, read-only, locked, corrupt)."""

from __future__ import annotations

from pathlib import Path

from app.errors import StorageError
from app.i18n import _


def explain(exc: BaseException, db_path: Path) -> StorageError | None:
    """A StorageError for a known environmental failure, or None when it is a bug."""
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy's DBAPIError wraps the driver's error
    text = str(original).lower()
    if "disk is full" in text or "database or disk is full" in text:
        msg = _("The disk holding {path} is full. Free some space and try again; nothing saved was lost.")
    elif "readonly" in text or "read-only" in text or "permission denied" in text:
        msg = _("{path} is read-only. Check the folder's permissions (or choose another data folder); nothing saved was lost.")
    elif "locked" in text or "busy" in text:
        msg = _("{path} is in use by another program. Close other FieldDesk windows or commands and try again.")
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        msg = _("{path} is damaged. Restore it from the backups folder or ask the IT desk; the file was left as it is.")
    elif "disk i/o error" in text or "file too large" in text:
        msg = _("{path} could not be written (disk I/O error): the disk may be full, removed or failing. "
                "Check it and try again; nothing saved was lost.")
    elif "unable to open" in text:
        msg = _("{path} cannot be opened. Check that the data folder exists and is writable.")
    else:
        return None
    return StorageError(msg.format(path=db_path))

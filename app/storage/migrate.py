"""Bring the store's schema to this version at start-up (Alembic), or refuse a newer one.

A database written by a newer FieldDesk is left untouched: an older program cannot know what the
newer columns mean, and guessing could lose data. Before an upgrade a copy of the file is made in
the backups folder, so a failed migration can always be undone by hand.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

from app.errors import StorageError
from app.i18n import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _backup(db_path: Path, backups: Path, revision: str | None) -> None:
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"pre-upgrade-{revision or 'none'}-{stamp}.sqlite3"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error:
        target.unlink(missing_ok=True)  # a half copy is no backup: never leave one to be trusted later
        raise
    finally:
        src.close()


def newest_revision_on_disk() -> str:
    """The head by our naming rule (``NNNN_name.py``, linear history), read without Alembic.

    Importing Alembic costs ~0.1 s at every start; it is only needed when there is work to do.
    A test holds this equal to Alembic's own head."""
    names = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return max(names)


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
        if not exists:
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: Engine, db_path: Path, backups: Path, target: str = "head") -> None:
    if target == "head" and _stored_revision(engine) == newest_revision_on_disk():
        return  # the usual start: nothing to migrate
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(engine)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:
            raise StorageError(
                _("The data file {path} was written by a newer version of FieldDesk (schema {revision}). "
                  "Install the newer FieldDesk; the file was left untouched.").format(path=db_path, revision=current)
            ) from exc
        if current == script.get_current_head() and target == "head":
            return
        _backup(db_path, backups, current)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)

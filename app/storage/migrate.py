"""Bring the store's schema to this version at start-up (Alembic), or refuse a newer one.

A database written by a newer FieldDesk is left untouched: an older program cannot know what the
newer columns mean, and guessing could lose data. Before an upgrade a copy of the file is made in
the backups folder, so a failed migration can always be undone by hand.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.errors import StorageError
from app.i18n import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _backup(db_path: Path, backups: Path, revision: str | None) -> None:
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"pre-upgrade-{revision or 'none'}-{stamp}.sqlite3"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()


def upgrade(engine: Engine, db_path: Path, backups: Path, target: str = "head") -> None:
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

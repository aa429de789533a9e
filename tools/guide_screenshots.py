"""The pictures only the user guide (docs/guide/) needs, made like the others in tools/screenshots.py:

    settings.png        the settings dialog with a shared folder, the laptop's name and sync filled in
    sync_warning.png    the bottom of the window after a sync round found a damaged file on the share:
                        the status bar's warning and its tooltip (the tooltip drawn where Qt shows it)
    ward_key.png        Settings → 区の鍵…: the laptop's key and the join code shown
    restore_confirm.png File → バックアップから復元…: the question asked before anything is replaced

Everything goes through the real code: the settings dialog on real settings, a sync round of the
window's own sync controller on a temporary share whose segment file was cut short (as
tests/sync/test_faults.py does), the restore flow of the File menu on a real automatic backup.
"""

from __future__ import annotations

import os
from datetime import datetime, time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip

from app.context import AppContext
from app.services.admin.sync import sync_now
from app.services.demo.load import load_demo
from app.ui.dialogs.settings import SettingsDialog
from tools.screenshots import TODAY, save, settle, window_on

SHARE = r"\\minato-fs01\fielddesk"  # how a ward file server's share is written in the dialog
DATA_DIR = r"C:\Users\minato\AppData\Local\FieldDesk"  # what staff see there on Windows
WIDTH = 960  # px of sync_warning.png
STRIP = 190  # px of the window's bottom in sync_warning.png: the tab's last rows, the status bar, the tooltip


def shoot_settings(tmp: Path, out: Path) -> None:
    with window_on(tmp / "settings", demo=False) as window:
        settings = window.ctx.settings
        settings.share_folder, settings.device_name = SHARE, "MINATO-PC-07"
        dialog = SettingsDialog(settings, DATA_DIR, window)
        dialog.resize(640, dialog.sizeHint().height())
        dialog.show()
        save(dialog, out / "settings.png")
        dialog.close()


def _damaged_share(tmp: Path) -> Path:
    """A share where laptop MINATO-PC-12 published the sample data and one of its files was then cut short."""
    share = tmp / "share-damaged"
    share.mkdir()
    other = AppContext.open(tmp / "laptop-pc12", language="ja")
    try:
        other.settings.share_folder, other.settings.device_name = str(share), "MINATO-PC-12"
        load_demo(other.store, TODAY)
        sync_now(other.store, other.settings)
    finally:
        other.close()
    segment = sorted(share.glob("FieldDesk/e1/devices/*/seg-*.jsonl"))[-1]
    data = segment.read_bytes()
    segment.write_bytes(data[: len(data) // 2])  # a copy that stopped half-way
    return share


def shoot_sync_warning(tmp: Path, out: Path) -> None:
    share = _damaged_share(tmp)
    with window_on(tmp / "laptop-pc07", demo=False) as window:  # a new laptop joining: no conflicts in the picture
        window.ctx.settings.share_folder, window.ctx.settings.device_name = str(share), "MINATO-PC-07"
        window.resize(WIDTH, window.height())  # narrower than the other pictures: the status bar stays legible in the guide
        window.sync.sync()  # the window's own round (inline runner): publish, import, quarantine
        settle(200)
        summary = window.sync.last_summary
        if summary is None or not summary.quarantined:
            raise SystemExit("screenshots: the damaged file was not quarantined")
        window.sync.last_ok = datetime.combine(TODAY, time(17, 40))  # the clock of the sample data, not tonight's
        window.sync.refresh_state()
        label = window.sync.label
        QToolTip.showText(label.mapToGlobal(QPoint(label.width() // 2, 0)), label.toolTip(), label)
        settle(200)
        tip = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label" and w.isVisible()),
                   None)
        if tip is None:
            raise SystemExit("screenshots: the tooltip did not show")
        shot = window.grab()
        # Where Qt puts it on a real screen: just above the label. (The offscreen screen is narrower
        # than the window, so Qt itself pushed it to the left.)
        corner = label.mapTo(window, QPoint(label.width() // 2, 0))
        where = QPoint(min(corner.x(), shot.width() - tip.width() - 4), corner.y() - tip.height() - 2)
        painter = QPainter(shot)
        painter.drawPixmap(where, tip.grab())
        painter.end()
        top = max(0, min(shot.height() - STRIP, where.y() - 16))
        strip: QPixmap = shot.copy(QRect(0, top, shot.width(), shot.height() - top))
        QToolTip.hideText()
        if not strip.save(str(out / "sync_warning.png")):
            raise SystemExit("screenshots: cannot write sync_warning.png")
        print(f"wrote {out / 'sync_warning.png'}")
        window.ctx.settings.sync_enabled = False  # no last round at close


def shoot_ward_key(tmp: Path, out: Path) -> None:
    """Settings → 区の鍵… on a laptop holding the key, with the join code asked for."""
    from app.ui.dialogs.ward_key import WardKeyDialog

    with window_on(tmp / "ward-key", demo=False) as window:
        dialog = WardKeyDialog(window)
        dialog.show_code()
        dialog.resize(680, dialog.sizeHint().height())
        dialog.show()
        save(dialog, out / "ward_key.png")
        dialog.close()


def shoot_restore(tmp: Path, out: Path) -> None:
    from app.services.admin.backup import daily_backup

    with window_on(tmp / "FieldDesk", demo=True) as window:
        paths = window.ctx.paths
        made_at = datetime(2026, 11, 23, 9, 30)
        made = daily_backup(paths, window.ctx.settings.backup_keep, now=made_at)
        if made is None:
            raise SystemExit("screenshots: no automatic backup was made")
        os.utime(made.path, (made_at.timestamp(), made_at.timestamp()))  # saved when its name says
        window.backups.restore()
        chooser = window.last_dialog
        chooser.fileSelected.emit(str(made.path))  # as if the file had been chosen in the dialog
        chooser.close()
        box = window.last_dialog
        if not isinstance(box, QMessageBox):
            raise SystemExit("screenshots: the restore question did not open")
        save(box, out / "restore_confirm.png")
        box.done(QMessageBox.StandardButton.No)


SHOTS = {"settings": shoot_settings, "ward_key": shoot_ward_key, "sync_warning": shoot_sync_warning,
         "restore": shoot_restore}

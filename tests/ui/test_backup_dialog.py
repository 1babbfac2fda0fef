"""The Backups dialog: the list, backing up (here or to a folder) and restoring, off the UI
thread."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kbpp.backup import list_backups, make_backup
from kbpp.storage import Database, open_database
from kbpp.ui.backup_dialog import BackupDialog, reason_text, size_text

WAIT_MS = 30_000


def directorates(db: Database) -> int:
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM directorates")).scalar_one()


@pytest.fixture
def dialog(qtbot: QtBot, db_2021: Database) -> BackupDialog:
    make_backup(db_2021.path, "daily", now=datetime.now() - timedelta(days=1))
    make_backup(db_2021.path, "before-plan-import", now=datetime.now() - timedelta(hours=1))
    dlg = BackupDialog(db_2021.path)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def cells(dlg: BackupDialog, column: int) -> list[str]:
    return [dlg.table.item(r, column).text() for r in range(dlg.table.rowCount())]


def idle(dlg: BackupDialog) -> bool:
    return dlg.back_up_button.isEnabled()


def test_lists_backups_newest_first_in_words(dialog: BackupDialog) -> None:
    assert cells(dialog, BackupDialog.REASON) == ["Before a plan import", "Daily"]
    assert all(size.endswith(("KB", "MB")) for size in cells(dialog, BackupDialog.SIZE))
    assert dialog.db_path.name in dialog.intro.text()
    assert not dialog.restore_button.isEnabled()  # nothing selected yet
    dialog.table.selectRow(1)
    assert dialog.restore_button.isEnabled()


def test_reason_and_size_texts() -> None:
    assert reason_text("before-migration-0002") == "Before a database upgrade"
    assert reason_text("before-rollover-2021") == "Before the year rollover"
    assert reason_text("odd-one") == "odd-one"
    assert size_text(10) == "1 KB" and size_text(3 * 1024 * 1024 // 2) == "1.5 MB"


def test_back_up_now_adds_a_verified_backup(qtbot: QtBot, dialog: BackupDialog) -> None:
    dialog.back_up_button.click()
    assert not dialog.back_up_button.isEnabled()  # busy while the copy runs
    qtbot.waitUntil(lambda: idle(dialog), timeout=WAIT_MS)
    assert cells(dialog, BackupDialog.REASON)[0] == "By hand"
    assert "verified" in dialog.status.text()


def test_back_up_to_a_folder(
    qtbot: QtBot, dialog: BackupDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(stick))
    dialog.back_up_to_button.click()
    qtbot.waitUntil(lambda: idle(dialog) and "verified" in dialog.status.text(), timeout=WAIT_MS)
    (copy,) = stick.glob("*.db")
    assert str(copy) in dialog.status.text()
    assert dialog.table.rowCount() == 2  # the data folder's list is unchanged


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_restore_replaces_the_database_after_a_safety_backup(
    qtbot: QtBot,
    db_2021: Database,
    dialog: BackupDialog,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    with db_2021.write() as session:  # a change made after the backups
        session.execute(text("DELETE FROM indicator_history"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answer)
    closing: list[Path] = []
    restored: list[Path] = []
    dialog.about_to_restore.connect(lambda path: (closing.append(path), db_2021.close()))
    dialog.restored.connect(restored.append)
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    if answer == QMessageBox.StandardButton.No:
        assert closing == [] and restored == [] and dialog.table.rowCount() == 2
        return
    qtbot.waitUntil(lambda: bool(restored), timeout=WAIT_MS)
    assert closing == restored == [db_2021.path]
    assert list_backups(db_2021.path)[0].reason == "before-restore"
    assert cells(dialog, BackupDialog.REASON)[0] == "Before a restore"
    assert "Restored" in dialog.status.text()
    reopened = open_database(db_2021.path)
    with reopened.read() as session:
        assert session.execute(text("SELECT count(*) FROM indicator_history")).scalar_one() > 0
    reopened.close()


def test_a_failed_restore_is_a_plain_message(
    qtbot: QtBot, dialog: BackupDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: warnings.append(message))
    dialog.table.selectRow(0)
    dialog.backups[0].path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # damaged since
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WAIT_MS)
    assert "damaged" in warnings[0] or "not a KBPP" in warnings[0]
    assert idle(dialog)

"""The publishing dialog: all directorates or one, progress, the result list, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kbpp.packages.keys import SCRYPT_MIN_N, new_key_files
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.publish_dialog import PublishDialog

PASS = "ofis-parolası"
WAIT_MS = 60_000


@pytest.fixture
def dialog(qtbot: QtBot, db_2021: Database, tmp_path: Path) -> PublishDialog:
    key = tmp_path / "office.key"
    new_key_files(key, "office", PASS, n=SCRYPT_MIN_N)
    dlg = PublishDialog(db_2021)
    qtbot.addWidget(dlg)
    dlg.key_path.setText(str(key))
    dlg.folder.setText(str(tmp_path / "out"))
    dlg.show()
    return dlg


def test_publish_all_off_the_ui_thread(qtbot: QtBot, dialog: PublishDialog, tmp_path: Path) -> None:
    assert dialog.year.currentData() == 2021
    assert dialog.summary.text().startswith("25 directorates will")
    dialog.passphrase.setText(PASS)
    dialog.start()
    assert not dialog.publish_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT_MS)
    assert dialog.results.count() == 25 and len(list((tmp_path / "out").iterdir())) == 25
    assert dialog.progress.value() == 100 and "25 packages written" in dialog.status.text()
    assert dialog.passphrase.text() == ""


def test_one_directorate_wrong_passphrase_and_cancel(
    qtbot: QtBot, dialog: PublishDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.Job, "inline", True)
    dialog.directorate.setCurrentIndex(dialog.directorate.findData("Zabıta Müdürlüğü"))
    assert dialog.summary.text().startswith("1 directorate will")
    dialog.passphrase.setText("yanlış")
    dialog.start()
    assert "passphrase" in dialog.status.text().lower() and dialog.results.count() == 0
    dialog.passphrase.setText(PASS)
    dialog.start()
    assert [dialog.results.item(i).text() for i in range(dialog.results.count())] == [
        "Zabıta-Müdürlüğü-2021-reference-1.kbpp"
    ]
    # Cancel while it runs (here: at the first progress report): nothing is written.
    dialog.directorate.setCurrentIndex(0)
    dialog.passphrase.setText(PASS)
    shown = dialog._progress

    def cancel_at_once(percent: int, text: str) -> None:
        shown(percent, text)
        dialog.cancel()

    monkeypatch.setattr(dialog, "_progress", cancel_at_once)
    dialog.start()
    assert "cancelled" in dialog.status.text()
    assert len(list((tmp_path / "out").iterdir())) == 1
    assert dialog.publish_button.isEnabled()

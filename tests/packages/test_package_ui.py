"""The package and key dialogs, driven as a user drives them (pytest-qt, offscreen)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from package_world import SMALL, YEAR, World, key_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_package_flow import values_of

from kbpp.packages.keys import new_key_files
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import create_database
from kbpp.ui.key_dialogs import EnrolKeyDialog, KeyListDialog, NewKeyDialog
from kbpp.ui.package_export import PackageExportDialog
from kbpp.ui.package_import import OutcomeModel, PackageImportDialog
from kbpp.ui.package_log import ImportLogDialog

WAIT = 30_000


def test_check_then_import_shows_changes_and_refusals(
    qtbot, qtmodeltester, world: World, tmp_path: Path
) -> None:
    good = world.export_data(SMALL)
    bad = tmp_path / "bad.kbpp"
    bad.write_bytes(good.read_bytes()[:-3])
    dialog = PackageImportDialog(world.office, paths=(good, bad))
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    status = [model.index(r, OutcomeModel.STATUS).data() for r in range(2)]
    assert status == ["ready to import", "rejected (truncated)"]
    assert "→" in dialog.details.toPlainText()
    assert values_of(world.office, SMALL) == {}  # a check changes nothing
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT)
    assert model.index(0, OutcomeModel.STATUS).data() == "imported"
    assert values_of(world.office, SMALL) == values_of(world.workspaces[SMALL], SMALL)
    log = ImportLogDialog(world.office)
    qtbot.addWidget(log)
    qtmodeltester.check(log.model)
    assert log.model.rowCount() == 1
    log.export_csv(tmp_path / "log.csv")
    assert SMALL in (tmp_path / "log.csv").read_text(encoding="utf-8-sig")


def test_a_new_workspace_confirms_the_office_key_first(
    qtbot,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = create_database(tmp_path / "new.db", "directorate", SMALL)
    asked: list[str] = []

    def answer(_parent, _title, text: str, *_args) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = PackageImportDialog(ws, paths=(world.export_office("reference", SMALL),))
    qtbot.addWidget(dialog)
    dialog.check_button.click()
    qtbot.waitUntil(
        lambda: dialog.trust_office is not None and not dialog.is_running(), timeout=WAIT
    )
    assert world.office_key.fingerprint in asked[0]
    assert dialog.model.index(0, OutcomeModel.STATUS).data() == "ready to import"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT)
    assert dialog.model.index(0, OutcomeModel.STATUS).data() == "imported"
    ws.close()


def test_export_shows_the_summary_and_writes_a_signed_file(
    qtbot, world: World, tmp_path: Path
) -> None:
    new_key_files(tmp_path / "me.key", SMALL, "parola", n=2**14)
    ws = world.workspaces[SMALL]
    dialog = PackageExportDialog(ws)
    qtbot.addWidget(dialog)
    dialog.quarter.setCurrentIndex(dialog.quarter.findData(1))
    assert "3 of 3 indicators have a value" in dialog.summary.toPlainText()
    dialog.key_path.setText(str(tmp_path / "me.key"))
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.passphrase.setText("yanlış")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT)
    assert "passphrase for me.key is wrong" in dialog.status.text()
    dialog.passphrase.setText("parola")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT)
    assert dialog.result is not None and dialog.result.path.exists()
    assert dialog.passphrase.text() == ""  # never kept in the widget


def test_export_is_refused_while_required_notes_are_missing(qtbot, world: World) -> None:
    ws = world.workspaces[SMALL]
    row = load_entry_sheet(ws, YEAR, SMALL).rows[0]
    save_entry(ws, row.indicator_id, "Q2", Decimal(0), None)
    dialog = PackageExportDialog(ws)
    qtbot.addWidget(dialog)
    dialog.quarter.setCurrentIndex(dialog.quarter.findData(2))
    assert row.facts.code in dialog.summary.toPlainText()
    assert "deviation note is required" in dialog.summary.toPlainText()
    assert not dialog.export_button.isEnabled()


def test_new_key_enrol_and_revoke(qtbot, qtmodeltester, world: World, tmp_path: Path) -> None:
    new = NewKeyDialog("Zabıta Müdürlüğü")
    qtbot.addWidget(new)
    new.path.setText(str(tmp_path / "z.key"))
    new.passphrase.setText("bir")
    new.repeat.setText("iki")
    new.create_button.click()
    assert "differ" in new.status.text()
    new.passphrase.setText("aynı")
    new.repeat.setText("aynı")
    new.create_button.click()
    qtbot.waitUntil(lambda: new.key is not None, timeout=WAIT)
    fingerprint = new.fingerprint.text()
    assert len(fingerprint.split()) == 8
    new.write_sheet(tmp_path / "sheet.pdf")
    assert (tmp_path / "sheet.pdf").stat().st_size > 1000

    enrol = EnrolKeyDialog(world.office)
    qtbot.addWidget(enrol)
    enrol.path.setText(str(tmp_path / "z.key.pub"))
    enrol.directorate.setCurrentIndex(enrol.directorate.findData("Zabıta Müdürlüğü"))
    enrol.fingerprint.setText(key_for("x").fingerprint)
    enrol.enrol_button.click()
    assert enrol.enrolled is None and "not what was typed" in enrol.status.text()
    enrol.fingerprint.setText(fingerprint)
    enrol.enrol_button.click()
    assert enrol.enrolled is not None and enrol.enrolled.directorate == "Zabıta Müdürlüğü"

    keys = KeyListDialog(world.office)
    qtbot.addWidget(keys)
    qtmodeltester.check(keys.model)
    row = next(i for i, k in enumerate(keys.model.keys) if k.fingerprint == fingerprint)
    keys.revoke(row, "kayıp")
    assert "revoked on" in keys.model.index(row, 2).data()

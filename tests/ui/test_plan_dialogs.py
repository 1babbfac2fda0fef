"""The plan skeleton dialog and the reminder dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from kbpp.settings import load_settings
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.plan_skeleton_dialog import PlanSkeletonDialog
from kbpp.ui.reminder_dialog import ReminderDialog

MATCH = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive


def find(dlg: PlanSkeletonDialog, label_start: str) -> QTreeWidgetItem:
    return dlg.tree.findItems(label_start, MATCH)[0]


def test_skeleton_dialog_edits_and_refuses_with_reasons(
    qtbot: QtBot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    dlg = PlanSkeletonDialog(db_2021)
    qtbot.addWidget(dlg)
    assert dlg.tree.topLevelItemCount() == 7
    dlg.tree.setCurrentItem(find(dlg, "H9.62 "))
    assert not dlg.remove()
    assert "Bilgi İşlem Müdürlüğü PH9.62.1" in warnings[-1]
    dlg.tree.setCurrentItem(find(dlg, "A9 "))
    assert dlg.add("objective", "H9.99", "Yeni hedef")
    assert dlg.selected()[0] == "objective"
    assert dlg.rename("Yeni hedef (düzeltildi)")
    assert dlg.tree.currentItem().text(0) == "H9.99 Yeni hedef (düzeltildi)"
    assert dlg.move(-1)
    assert dlg.remove() and not dlg.tree.findItems("H9.99", MATCH)
    assert dlg.create_period(2025, 2029, copy_from=(2020, 2024))
    assert dlg.period.currentText().startswith("2025-2029")
    assert dlg.tree.topLevelItemCount() == 7 and "none yet" in dlg.period_info.text()
    assert not dlg.create_period(2027, 2031)
    assert "overlaps" in warnings[-1]


def test_reminder_dialog_previews_and_saves(
    qtbot: QtBot, db_2021: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.Job, "inline", True)
    dlg = ReminderDialog(db_2021)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 25
    assert dlg.preview.text().startswith("Letters to write: 25.")
    dlg.quarter.setCurrentIndex(1)
    dlg.signer_name.setText("Ayşe Yılmaz")
    dlg.signer_title.setText("Strateji Geliştirme Müdürü")
    dlg.out.setText(str(tmp_path / "q2.pdf"))
    dlg.save()
    assert dlg.written == tmp_path / "q2.pdf"
    reader = PdfReader(dlg.written)
    assert "2. Çeyrek" in reader.pages[0].extract_text()
    assert load_settings()["letter_signer_name"] == "Ayşe Yılmaz"

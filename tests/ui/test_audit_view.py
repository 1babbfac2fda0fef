"""The audit log dialog: search as you type, filters, paging and the Excel export."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from kbpp import audit
from kbpp.storage import Database
from kbpp.ui import audit_view
from kbpp.ui.audit_view import AuditDialog


def _at(day: date) -> datetime:
    return (
        datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC).replace(tzinfo=None)
    )


@pytest.fixture
def dialog(qtbot, office_db: Database, monkeypatch: pytest.MonkeyPatch) -> AuditDialog:
    entries = [
        ("ayse", "value", "2021/Zabıta/PG1.41.1.1/Q1", "10", "12", None, False, date(2021, 4, 10)),
        ("mehmet", "import", "2021/Bilgi/PG9.62.1.1/Q1", None, "7", None, False, date(2021, 4, 20)),
        ("strateji", "status", "2021/Bilgi/Q1", "submitted", "returned", "Eksik", False,
         date(2021, 5, 2)),
        ("strateji", "value", "2021/Zabıta/PG1.41.1.2/Q1", "3", "4", "Telefonla", True,
         date(2021, 5, 3)),
    ]  # fmt: skip
    with office_db.write() as s:
        for user, action, key, old, new, reason, behalf, day in entries:
            monkeypatch.setattr(audit, "now", lambda day=day: _at(day))
            audit.record(
                s, action, "indicator value", key, field="value", old=old, new=new, user=user,
                reason=reason, on_behalf=behalf, package_id="abc-123" if user == "mehmet" else None,
            )  # fmt: skip
    widget = AuditDialog(office_db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_model_passes_the_model_tester(qtmodeltester, dialog: AuditDialog) -> None:
    qtmodeltester.check(dialog.model)


def test_newest_first_with_every_column(dialog: AuditDialog) -> None:
    model = dialog.model
    assert model.rowCount() == 4 and model.columnCount() == 11
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    first = [model.index(0, c).data() for c in range(11)]
    assert first[0].startswith("03/05/2021") and first[1:4] == [
        "strateji",
        "value",
        "indicator value",
    ]
    assert first[6:] == ["3", "4", "Telefonla", "–", "yes"]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # on behalf
    assert dialog.count_label.text() == "4 of 4 entries, newest first."
    assert not dialog.more_button.isEnabled()


def test_search_as_you_type_and_filters(qtbot, dialog: AuditDialog) -> None:
    qtbot.keyClicks(dialog.search, "pg1.41")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)  # once typing pauses
    dialog.search.setText("abc-1")  # a package id
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.search.clear()
    dialog.refresh()
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("strateji"))
    assert dialog.model.rowCount() == 2
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("status"))
    assert dialog.model.rowCount() == 1
    dialog.user_combo.setCurrentIndex(0)
    dialog.action_combo.setCurrentIndex(0)
    dialog.since.setDate(QDate(2021, 4, 20))
    dialog.until.setDate(QDate(2021, 5, 2))
    assert [r.user for r in dialog.model.rows] == ["strateji", "mehmet"]
    assert dialog.since.text() != "any"
    dialog.since.setDate(audit_view.NO_DATE)
    assert dialog.since.text() == "any" and dialog.model.rowCount() == 3


def test_paging_and_export(
    dialog: AuditDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_view, "DEFAULT_LIMIT", 3)
    dialog.refresh()
    assert dialog.model.rowCount() == 3 and dialog.more_button.isEnabled()
    dialog.load_more()
    assert dialog.model.rowCount() == 4 and not dialog.more_button.isEnabled()
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("strateji"))
    path = tmp_path / "audit.xlsx"
    dialog.export_xlsx(path)
    ws = load_workbook(path).active
    assert ws.max_row == 3 and ws["B2"].value == "strateji"
    assert "Wrote 2 entries" in dialog.count_label.text()

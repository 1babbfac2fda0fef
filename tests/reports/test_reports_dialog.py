"""The Reports screen: makes a report off the UI thread, previews it, cancels cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from kbpp.i18n import _, set_language
from kbpp.storage import Database
from kbpp.ui.reports_dialog import ReportsDialog


@pytest.fixture
def dialog(qtbot, small_db: Database) -> ReportsDialog:
    widget = ReportsDialog(small_db)
    qtbot.addWidget(widget)
    return widget


def test_makes_a_pdf_and_shows_its_first_pages(
    qtbot, dialog: ReportsDialog, tmp_path: Path
) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("results"))
    out = tmp_path / "results.pdf"
    dialog.path.setText(str(out))
    dialog.make_button.click()
    assert dialog.is_running() and not dialog.make_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert out.exists() and dialog.outcome is not None and dialog.outcome.pages
    assert dialog.progress.value() == 100
    assert dialog.open_button.isEnabled()
    items = [dialog.preview.itemAt(i).widget() for i in range(dialog.preview.count())]
    labels = [w for w in items if w is not None]
    assert len(labels) == 3
    assert all(isinstance(lb, QLabel) and not lb.pixmap().isNull() for lb in labels)
    assert labels[0].width() == labels[0].pixmap().width()  # whole pages, not squeezed


def test_monitoring_needs_a_quarter_and_excel_has_no_preview(
    qtbot, dialog: ReportsDialog, tmp_path: Path
) -> None:
    assert not dialog.quarter.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("monitoring"))
    assert dialog.quarter.isEnabled()
    dialog.quarter.setCurrentIndex(1)
    dialog.file_format.setCurrentIndex(dialog.file_format.findData(".xlsx"))
    assert dialog.path.text().endswith("monitoring-2021-Q2.xlsx")
    dialog.directorate.setCurrentIndex(dialog.directorate.findData("Bilgi İşlem Müdürlüğü"))
    dialog.path.setText(str(tmp_path / "m.xlsx"))
    request = dialog.request()
    assert (request.quarter, request.directorate) == (2, "Bilgi İşlem Müdürlüğü")
    dialog.make_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert (tmp_path / "m.xlsx").exists() and dialog.preview.count() == 0
    assert "sheets" in dialog.status.text()


def test_cancel_stops_the_report_and_writes_nothing(
    qtbot, dialog: ReportsDialog, tmp_path: Path
) -> None:
    out = tmp_path / "program.pdf"
    dialog.path.setText(str(out))
    dialog.make_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert "cancelled" in dialog.status.text()
    assert not out.exists()
    assert dialog.make_button.isEnabled() and not dialog.open_button.isEnabled()


def test_a_language_switch_retranslates_the_open_screen(
    qtbot, dialog: ReportsDialog, tmp_path: Path
) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.file_format.setCurrentIndex(dialog.file_format.findData(".xlsx"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("results"))
    dialog.path.setText(str(tmp_path / "results.xlsx"))
    dialog.make_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    english = dialog.status.text()
    assert english.startswith("Wrote ")

    set_language("tr")
    assert dialog.windowTitle() == "Raporlar" == _("Reports")
    assert dialog.kind.currentText() == _("Annual results") != "Annual results"
    assert dialog.kind.currentData() == "results"  # the choice survives the switch
    assert dialog.directorate.itemText(0) == _("All directorates") != "All directorates"
    assert dialog.file_format.currentText() == _("Excel workbook")
    assert dialog.form_labels[0].text() == _("Report") != "Report"
    assert dialog.make_button.text() == _("Make report") != "Make report"
    assert dialog.status.text() != english and str(tmp_path) in dialog.status.text()

    set_language("en")
    assert dialog.windowTitle() == "Reports" and dialog.status.text() == english

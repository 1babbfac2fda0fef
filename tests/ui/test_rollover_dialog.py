"""The rollover dialog: the summary of what is copied, confirmation, the result."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kbpp.office.periods import add_period
from kbpp.rollover import roll_over
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.rollover_dialog import RolloverDialog


def test_rollover_summary_confirm_and_result(
    qtbot: QtBot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.Job, "inline", True)
    dlg = RolloverDialog(db_2021)
    qtbot.addWidget(dlg)
    text = dlg.summary.toPlainText()
    assert "Program year 2022 will be created" in text
    assert "100 performance targets, 476 indicators and 176 activities" in text
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dlg.confirm()
    assert dlg.result_summary is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dlg.confirm()
    assert dlg.result_summary is not None and dlg.result_summary.year == 2022
    assert "Program year 2022 created" in dlg.status.text()
    assert [dlg.from_year.itemData(i) for i in range(dlg.from_year.count())] == [2022, 2021]
    # 2021 again: refused with the reason, nothing to confirm.
    dlg.from_year.setCurrentIndex(1)
    assert "already exists" in dlg.summary.toPlainText() and not dlg.run_button.isEnabled()


def test_rollover_into_a_new_empty_period_lists_every_card(qtbot: QtBot, db_2021: Database) -> None:
    for year in (2021, 2022, 2023):
        roll_over(db_2021, year)
    add_period(db_2021, 2025, 2029)  # no skeleton yet: no card can be linked
    dlg = RolloverDialog(db_2021)
    qtbot.addWidget(dlg)
    assert dlg.from_year.currentData() == 2024
    text = dlg.summary.toPlainText()
    assert "2025 starts a new plan period" in text
    assert "100 cards are not copied" in text and "Zabıta Müdürlüğü PH" in text

"""The year settings dialog: bands with colours, note thresholds, the quarter calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kbpp.office.skeleton import load_year
from kbpp.storage import Database
from kbpp.ui.year_settings_dialog import COLOUR, LOWER, NAME, YearSettingsDialog


@pytest.fixture
def dialog(qtbot: QtBot, db_2021: Database) -> YearSettingsDialog:
    dlg = YearSettingsDialog(db_2021)
    qtbot.addWidget(dlg)
    return dlg


def test_shows_the_year_and_saves_bands_thresholds_and_calendar(
    dialog: YearSettingsDialog, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: pytest.fail(text))
    assert dialog.bands.rowCount() == 5
    assert dialog.bands.item(0, NAME).text() == "Hedef ve Üstü"
    assert dialog.bands.item(0, LOWER).text() == "85"
    assert dialog.bands.item(4, LOWER).text() == ""  # the last band takes every lower rate
    assert dialog.note_above.text() == "120"
    assert dialog.due[1].date() == QDate(2021, 4, 30)
    dialog.bands.item(1, LOWER).setText("72.5")
    dialog.pick_colour(1, QColor("#123456"))
    assert dialog.bands.item(1, COLOUR).text() == "#123456"
    dialog.note_below.setText("80")
    dialog.due[2].setDate(QDate(2021, 7, 15))
    assert dialog.save()
    settings, windows = load_year(db_2021, 2021)
    assert settings.bands[1].lower == Decimal("72.5") and settings.bands[1].color == "#123456"
    assert settings.note_below == Decimal(80)
    assert windows[1].due_on == date(2021, 7, 15) and windows[1].custom
    assert not windows[0].custom  # unchanged quarters keep the default
    assert "Saved" in dialog.status.text()


def test_refuses_bands_out_of_order_and_dates_the_wrong_way(
    dialog: YearSettingsDialog, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    dialog.bands.item(2, LOWER).setText("90")
    assert not dialog.save()
    assert "highest lower limit down" in warnings[-1]
    dialog.load()
    dialog.note_above.setText("doksan")
    assert not dialog.save()
    assert "upper note threshold" in warnings[-1]
    dialog.load()
    dialog.due[3].setDate(QDate(2021, 9, 1))
    assert not dialog.save()
    assert "before the day entry opens" in warnings[-1]
    settings, windows = load_year(db_2021, 2021)
    assert settings.bands[2].lower == Decimal(55) and not windows[2].custom
    dialog.add_band()
    assert dialog.bands.rowCount() == 6

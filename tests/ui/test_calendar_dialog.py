"""The calendar and locks dialog, the office's on-behalf edits in the grid and the
directorate's countdown to the due date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from kbpp.models import AuditEntry
from kbpp.office.countdown import load_calendar
from kbpp.office.review import lock_quarter
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.calendar_dialog import CalendarDialog
from kbpp.ui.quarter_model import COL_Q1
from kbpp.ui.quarter_page import QuarterPage

ZABITA = "Zabıta Müdürlüğü"
BILGI = "Bilgi İşlem Müdürlüğü"


@pytest.fixture
def dialog(qtbot, db_2021: Database) -> CalendarDialog:
    d = CalendarDialog(db_2021)
    d.setProperty("quiet", True)
    qtbot.addWidget(d)
    return d


def test_windows_show_the_defaults_and_save_in_one_go(
    dialog: CalendarDialog, db_2021: Database
) -> None:
    assert dialog.dues[0].date() == QDate(2021, 4, 30)
    assert dialog.dues[3].date() == QDate(2022, 1, 31)
    assert dialog.kinds[1].text().startswith("default")
    dialog.dues[1].setDate(QDate(2021, 7, 20))
    assert dialog.kinds[1].text() == "changed, not saved yet"
    dialog.opens[2].setDate(QDate(2021, 11, 1))  # after its due date: the whole save refused
    assert not dialog.save_clicked()
    assert "before the day entry opens" in dialog.last_message
    assert [w.custom for w in load_calendar(db_2021, 2021)] == [False] * 4
    dialog.opens[2].setDate(QDate(2021, 10, 1))
    assert dialog.save_clicked()
    windows = load_calendar(db_2021, 2021)
    assert windows[1].due_on == date(2021, 7, 20) and windows[1].custom
    assert not windows[2].custom  # unchanged windows stay the default
    assert dialog.kinds[1].text() == "set by the office"
    with db_2021.read() as s:
        assert s.scalar(select(AuditEntry.new).where(AuditEntry.entity == "quarter_window")) == (
            "2021-07-01..2021-07-20"
        )


def test_locks_need_a_reason_and_show_it(dialog: CalendarDialog) -> None:
    dialog.choose(ZABITA, 2)
    assert dialog.lock_button.isEnabled() and not dialog.unlock_button.isEnabled()
    dialog.reason_provider = lambda title: "  "
    assert not dialog.lock_clicked()
    assert "A lock needs a reason" in dialog.last_message
    dialog.reason_provider = lambda title: "Denetim sürüyor"
    assert dialog.lock_clicked()
    row = dialog._names.index(ZABITA)
    item = dialog.table.item(row, 1)
    assert "Denetim sürüyor" in item.text() and "Reason: Denetim sürüyor" in item.toolTip()
    assert dialog.unlock_button.isEnabled()
    dialog.reason_provider = lambda title: None  # cancelled: nothing happens
    assert not dialog.unlock_clicked()
    dialog.reason_provider = lambda title: "Denetim bitti"
    assert dialog.unlock_clicked()
    assert "unlocked and open for entry" in dialog.last_message
    assert dialog.table.item(row, 1).text() == "not received"


@pytest.fixture
def page(qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[QuarterPage]:
    monkeypatch.setattr(workers.Job, "inline", True)
    page = QuarterPage(db_2021)
    page.today = lambda: date(2021, 4, 18)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show_year(2021, BILGI)
    yield page


def test_the_countdown_to_the_due_date(page: QuarterPage, db_2021: Database) -> None:
    assert page.due_label.text() == "Q1 due 30/04/2021 — 12 days left"
    assert "Q4: entry 01/01/2022 – due 31/01/2022 (default)" in page.due_label.toolTip()
    page.today = lambda: date(2021, 5, 3)
    page.set_quarter(2)
    page.set_quarter(1)
    assert page.due_label.text() == "Q1 due 30/04/2021 — overdue by 3 days"
    lock_quarter(db_2021, 2021, 1, BILGI, "Kabul edildi")
    page.show_year(2021, BILGI)
    page.set_quarter(1)
    assert page.due_label.text() == ""  # nothing to count down for a locked quarter


def test_the_office_enters_on_behalf_with_one_reason(page: QuarterPage) -> None:
    asked = []

    def provider(name: str) -> tuple[str, bool] | None:
        asked.append(name)
        return None if len(asked) == 1 else ("Tutanaktan girildi", True)

    page.reason_provider = provider
    page.view.setCurrentIndex(page.proxy.index(0, COL_Q1))
    assert not page.paste_text("5\n")  # cancelled: nothing saved, and it says why
    assert "needs a reason" in page.message.text()
    assert page.paste_text("5\n")
    page.view.setCurrentIndex(page.proxy.index(1, COL_Q1))
    assert page.paste_text("6\n")  # the same reason is used again without asking
    assert asked == [BILGI, BILGI]
    tooltip = page.proxy.index(0, COL_Q1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Entered by the strategy office: Tutanaktan girildi" in tooltip
    assert page.proxy.index(0, COL_Q1).data(Qt.ItemDataRole.DecorationRole) is not None
    page.show_year(2021, ZABITA)  # another directorate: asked again
    page.view.setCurrentIndex(page.proxy.index(0, COL_Q1))
    assert page.paste_text("7\n")
    assert asked == [BILGI, BILGI, ZABITA]

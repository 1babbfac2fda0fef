"""The review dialog: values with rates, bands, warnings and changes; accept and return."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kbpp.models import Directorate, ProgramYear, QuarterStatus
from kbpp.packages.keys import new_key_files
from kbpp.quarter_entry import Entry, load_entry_sheet, save_entries
from kbpp.storage import Database
from kbpp.ui.review_dialog import ReviewDialog
from kbpp.ui.review_model import CHANGED_BACKGROUND, COL_BAND, COL_CHANGE, COL_COMMENT, COL_VALUE

SMALL = "Teftiş Kurulu Müdürlüğü"


def enter(db: Database, values: list[str]) -> None:
    """The directorate's quarter as a data package would leave it: values in, submitted."""
    rows = load_entry_sheet(db, 2021, SMALL).rows
    save_entries(
        db,
        [
            Entry(r.indicator_id, "Q1", Decimal(v), "Planlandığı gibi.")
            for r, v in zip(rows, values, strict=False)
        ],
    )
    with db.write() as s:
        year = s.scalar(select(ProgramYear.id).where(ProgramYear.year == 2021))
        d = s.scalar(select(Directorate.id).where(Directorate.name == SMALL))
        row = s.get(QuarterStatus, (year, d, 1)) or QuarterStatus(
            program_year_id=year, directorate_id=d, quarter=1, locked=False
        )
        row.state = "submitted"
        s.add(row)


@pytest.fixture
def dialog(qtbot, db_2021: Database) -> ReviewDialog:
    d = ReviewDialog(db_2021, None, 2021, 1, SMALL)
    d.setProperty("quiet", True)  # refusals are read from last_message, not a message box
    qtbot.addWidget(d)
    return d


def test_choosers_only_for_what_was_not_given(qtbot, db_2021: Database, qtmodeltester) -> None:
    d = ReviewDialog(db_2021)
    qtbot.addWidget(d)
    assert not d.year_combo.isHidden() and not d.directorate_combo.isHidden()
    d.directorate_combo.setCurrentIndex(d.directorate_combo.findData(SMALL))
    assert d.model.rowCount() == 3
    qtmodeltester.check(d.model)
    given = ReviewDialog(db_2021, None, 2021, 1, SMALL)
    qtbot.addWidget(given)
    assert given.year_combo.isHidden() and given.directorate_combo.isHidden()


def test_nothing_received_is_refused_with_the_reason(dialog: ReviewDialog) -> None:
    assert "not received" in dialog.header.text()
    assert not dialog.accept_clicked()
    assert "Nothing has been received for Q1" in dialog.last_message
    assert not dialog.return_clicked()  # refused before asking for a key
    assert "import its data package first" in dialog.last_message


def test_return_then_resubmission_shows_the_change_then_accept(
    dialog: ReviewDialog, db_2021: Database, tmp_path: Path
) -> None:
    enter(db_2021, ["1", "2", "3"])
    dialog.reload()
    model = dialog.model
    assert model.index(0, COL_VALUE).data() == "1"
    assert model.index(0, COL_BAND).data(Qt.ItemDataRole.DecorationRole) is not None
    code = model.row(1).code
    assert model.setData(model.index(1, COL_COMMENT), "Kanıt belgesini ekleyin.")
    key = tmp_path / "office.key"
    new_key_files(key, "office", "doğru parola")
    assert not dialog.send_back("", key, "doğru parola", tmp_path)
    assert "needs a reason" in dialog.last_message
    assert not dialog.send_back("Tutarsız", key, "yanlış", tmp_path)
    assert "passphrase" in dialog.last_message
    assert dialog.send_back("Tutarsız", key, "doğru parola", tmp_path)
    assert "return" in dialog.last_message and list(tmp_path.glob("*return*.kbpp"))
    assert "returned" in dialog.header.text()
    assert dialog.model.row(1).comment == "Kanıt belgesini ekleyin."
    assert dialog.model.comments() == {code: "Kanıt belgesini ekleyin."}

    enter(db_2021, ["1", "9", "3"])  # the directorate's corrected package
    dialog.reload()
    change = dialog.model.index(1, COL_CHANGE)
    assert change.data() == "2 → 9"
    assert change.data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED_BACKGROUND
    assert dialog.model.index(0, COL_CHANGE).data() == "unchanged"
    assert "Since it was returned" in dialog.header.text()
    assert dialog.accept_clicked()
    assert "Accepted by test-user" in dialog.last_message
    assert "accepted" in dialog.header.text()
    assert not dialog.accept_clicked()
    assert "already accepted" in dialog.last_message
    assert load_entry_sheet(db_2021, 2021, SMALL).lock(SMALL, 1).locked


def test_the_grid_shows_the_office_comments_beside_the_values(
    qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbpp.packages.review import return_quarter
    from kbpp.ui import workers
    from kbpp.ui.quarter_model import COL_Q1
    from kbpp.ui.quarter_page import QuarterPage

    enter(db_2021, ["1", "2", "3"])
    code = load_entry_sheet(db_2021, 2021, SMALL).rows[1].facts.code
    return_quarter(db_2021, 2021, SMALL, 1, "Tutarsız", {code: "Kanıt belgesini ekleyin."})
    monkeypatch.setattr(workers.Job, "inline", True)
    page = QuarterPage(db_2021)
    qtbot.addWidget(page)
    page.show_year(2021, SMALL)
    cell = page.proxy.index(1, COL_Q1)
    assert "Strategy office's comment: Kanıt belgesini ekleyin." in cell.data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert page.warnings.stringList()[0] == (
        f"{code} · Q1: Strategy office's comment: Kanıt belgesini ekleyin."
    )
    assert page.warnings_label.text().startswith("The strategy office's comments (1)")

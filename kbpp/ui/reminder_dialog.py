"""Reminder letters: which directorates still owe values or notes for a quarter, then one PDF.

The list comes from `kbpp.reports.letters.collect` and the PDF from `write_letters`, the same
functions `kbpp remind` uses; the PDF is laid out off the UI thread. The letters themselves are
always in Turkish (official correspondence), whatever the language of the screens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.formatting import format_date
from kbpp.i18n import _
from kbpp.packages.export import export_choices
from kbpp.paths import data_dir
from kbpp.reports.letters import Reminders, collect, letters_written, write_letters
from kbpp.settings import load_settings, save_settings
from kbpp.storage import Database
from kbpp.ui.path_fields import browse_button, browse_row
from kbpp.ui.workers import Job, start

STATE_LABELS = {
    "open": lambda: _("not received"),
    "submitted": lambda: _("received"),
    "returned": lambda: _("returned"),
}


class ReminderDialog(QDialog):
    """`ReminderDialog(db, parent=None)`: preview who gets a letter, then save the PDF."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Job | None = None
        self.reminders: Reminders | None = None
        self.written: Path | None = None
        settings = load_settings()
        self.setWindowTitle(_("Reminder letters"))
        self.year = QComboBox()
        for year in reversed(export_choices(db).years):
            self.year.addItem(str(year), year)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(_("Q{q}").format(q=q), q)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("left blank for the document system"))
        self.signer_name = QLineEdit(settings["letter_signer_name"])
        self.signer_name.setPlaceholderText(_("blank line to sign by hand"))
        self.signer_title = QLineEdit(settings["letter_signer_title"])
        self.signer_title.setPlaceholderText(_("blank line to sign by hand"))
        self.out = QLineEdit(str(data_dir() / "reports" / "hatirlatma.pdf"))
        form = QFormLayout()
        form.addRow(_("Year"), self.year)
        form.addRow(_("Quarter"), self.quarter)
        form.addRow(_("Reference number (Sayı)"), self.number)
        form.addRow(_("Signed by (name)"), self.signer_name)
        form.addRow(_("Title"), self.signer_title)
        form.addRow(_("PDF file"), browse_row(self.out, browse_button(self._browse)))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Directorate"), _("Quarter state"), _("Missing items"), _("Due date")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save PDF"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.year.currentIndexChanged.connect(self.refresh)
        self.quarter.currentIndexChanged.connect(self.refresh)
        self.resize(820, 620)
        self.refresh()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the letters"), self.out.text(), _("PDF (*.pdf)")
        )
        if chosen:
            self.out.setText(chosen)

    def refresh(self) -> None:
        year, quarter = self.year.currentData(), self.quarter.currentData()
        self.table.setRowCount(0)
        self.reminders = None
        if year is None:
            self.preview.setText(_("There is no program year yet."))
            self.save_button.setEnabled(False)
            return
        try:
            r = collect(self.db, year, quarter)
        except KbppError as exc:
            self.preview.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.reminders = r
        due = format_date(r.window.due_on)
        for letter in r.letters:
            row = self.table.rowCount()
            self.table.insertRow(row)
            state = STATE_LABELS[letter.state]()
            if letter.late:
                state = _("{state}, late").format(state=state)
            for column, text in enumerate((letter.directorate, state, str(len(letter.items)), due)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        text = _("Letters to write: {n}. Directorates with nothing missing: {m}.").format(
            n=len(r.letters), m=len(r.complete)
        )
        if r.complete:
            text += " " + _("No letter for: {names}.").format(names=", ".join(r.complete))
        self.preview.setText(text)
        self.save_button.setEnabled(bool(r.letters) and self.job is None)

    def save(self) -> None:
        if self.reminders is None:
            return
        reminders, out = self.reminders, Path(self.out.text())
        number = self.number.text().strip()
        name, title = self.signer_name.text().strip(), self.signer_title.text().strip()
        settings = load_settings()
        settings.set("letter_signer_name", name)
        settings.set("letter_signer_title", title)
        save_settings(settings)
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the letters…"))

        def work(_job: Job) -> tuple[Path, int]:
            count = write_letters(
                reminders, out, number=number, signer_name=name, signer_title=title
            )
            return out, count

        # Bound methods, not lambdas: Qt disconnects them if the dialog is gone first.
        self.job = start(work, self._finished, self._failed)

    def _finished(self, result: tuple[Path, int]) -> None:
        out, count = result
        self.job = None
        self.written = out
        self.status.setText(letters_written(count, out))
        self.refresh()

    def _failed(self, message: str) -> None:
        self.job = None
        self.status.setText(message)
        self.refresh()

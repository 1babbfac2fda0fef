"""A program year's settings: achievement bands, deviation-note thresholds, the quarter calendar.

Saved together in one transaction by `kbpp.office.skeleton.save_year_settings`, which validates
(bands from the highest lower bound down, thresholds that make sense, due dates after opening)
and audits each change. Directorates receive them with the next reference package.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.evaluation.settings import EvaluationSettings
from kbpp.formatting import format_number
from kbpp.i18n import _
from kbpp.number_input import NumberInputError, parse_number
from kbpp.office.skeleton import load_year, save_year_settings
from kbpp.packages.export import export_choices
from kbpp.storage import Database

NAME, LOWER, COLOUR = range(3)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class YearSettingsDialog(QDialog):
    """`YearSettingsDialog(db, parent=None)`: edit one program year's settings and calendar."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Year settings"))
        self.year = QComboBox()
        for year in reversed(export_choices(db).years):
            self.year.addItem(str(year), year)
        top = QFormLayout()
        top.addRow(_("Program year"), self.year)

        self.bands = QTableWidget(0, 3)
        self.bands.setHorizontalHeaderLabels([_("Band"), _("From rate (%)"), _("Colour")])
        self.bands.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.bands.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bands.verticalHeader().setVisible(False)
        self.bands.cellDoubleClicked.connect(self._cell_double_clicked)
        add_band = QPushButton(_("Add band"))
        add_band.clicked.connect(self.add_band)
        remove_band = QPushButton(_("Remove band"))
        remove_band.clicked.connect(self.remove_band)
        colour = QPushButton(_("Colour…"))
        colour.clicked.connect(lambda: self.pick_colour(self.bands.currentRow()))
        band_buttons = QHBoxLayout()
        for b in (add_band, remove_band, colour):
            band_buttons.addWidget(b)
        band_buttons.addStretch(1)
        band_box = QGroupBox(
            _("Achievement bands (highest first; the last takes every lower rate)")
        )
        band_layout = QVBoxLayout(band_box)
        band_layout.addWidget(self.bands)
        band_layout.addLayout(band_buttons)

        self.note_below = QLineEdit()
        self.note_above = QLineEdit()
        notes_box = QGroupBox(_("Deviation note required when the rate is"))
        notes = QFormLayout(notes_box)
        notes.addRow(_("below (%)"), self.note_below)
        notes.addRow(_("above (%)"), self.note_above)

        calendar_box = QGroupBox(_("Quarter calendar"))
        grid = QGridLayout(calendar_box)
        grid.addWidget(QLabel(_("Entry opens")), 0, 1)
        grid.addWidget(QLabel(_("Due date")), 0, 2)
        self.opens: dict[int, QDateEdit] = {}
        self.due: dict[int, QDateEdit] = {}
        for q in range(1, 5):
            grid.addWidget(QLabel(_("Q{q}").format(q=q)), q, 0)
            for column, store in ((1, self.opens), (2, self.due)):
                edit = QDateEdit()
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("dd.MM.yyyy")
                grid.addWidget(edit, q, column)
                store[q] = edit

        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        buttons.rejected.connect(self.reject)

        side = QVBoxLayout()
        side.addWidget(notes_box)
        side.addWidget(calendar_box)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(band_box, 3)
        middle.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.year.currentIndexChanged.connect(self.load)
        self.resize(920, 520)
        self.load()

    # --- loading and reading the form ---------------------------------------------------

    def load(self) -> None:
        year = self.year.currentData()
        if year is None:
            self.status.setText(_("There is no program year yet."))
            return
        settings, windows = load_year(self.db, year)
        self._show(settings)
        for w in windows:
            self.opens[w.quarter].setDate(_qdate(w.opens_on))
            self.due[w.quarter].setDate(_qdate(w.due_on))
        self.status.clear()

    def _show(self, settings: EvaluationSettings) -> None:
        self.bands.setRowCount(0)
        for band in settings.bands:
            self._append(band.key, band.lower, band.color)
        self.note_below.setText(format_number(settings.note_below))
        self.note_above.setText(format_number(settings.note_above))

    def _append(self, name: str, lower: Decimal | None, color: str) -> None:
        row = self.bands.rowCount()
        self.bands.insertRow(row)
        self.bands.setItem(row, NAME, QTableWidgetItem(name))
        shown = format_number(lower) if lower is not None and lower.is_finite() else ""
        self.bands.setItem(row, LOWER, QTableWidgetItem(shown))
        swatch = QTableWidgetItem(color)
        swatch.setFlags(swatch.flags() & ~Qt.ItemFlag.ItemIsEditable)
        swatch.setBackground(QColor(color))
        swatch.setForeground(QColor("white" if QColor(color).lightness() < 140 else "black"))
        self.bands.setItem(row, COLOUR, swatch)

    def add_band(self) -> None:
        self._append(_("New band"), None, "#9e9e9e")

    def remove_band(self) -> None:
        row = self.bands.currentRow()
        if row >= 0 and self.bands.rowCount() > 1:
            self.bands.removeRow(row)

    def _cell_double_clicked(self, row: int, column: int) -> None:
        if column == COLOUR:
            self.pick_colour(row)

    def pick_colour(self, row: int, colour: QColor | None = None) -> None:
        """Ask for a colour (tests pass one); the swatch shows it at once."""
        if row < 0:
            return
        item = self.bands.item(row, COLOUR)
        if colour is None:
            colour = QColorDialog.getColor(QColor(item.text()), self, _("Band colour"))
        if colour.isValid():
            name = colour.name()
            item.setText(name)
            item.setBackground(colour)
            item.setForeground(QColor("white" if colour.lightness() < 140 else "black"))

    def settings_data(self) -> dict[str, object]:
        """The form as the settings dict; a KbppError names a number that cannot be read."""
        bands = []
        last = self.bands.rowCount() - 1
        for row in range(self.bands.rowCount()):
            name = self.bands.item(row, NAME).text().strip()
            text = self.bands.item(row, LOWER).text().strip()
            if row == last and not text:
                lower = "-Infinity"
            else:
                lower = str(self._number(text, _("the lower bound of “{band}”").format(band=name)))
            bands.append(
                {"key": name, "lower": lower, "color": self.bands.item(row, COLOUR).text()}
            )
        return {
            "bands": bands,
            "note_below": str(self._number(self.note_below.text(), _("the lower note threshold"))),
            "note_above": str(self._number(self.note_above.text(), _("the upper note threshold"))),
        }

    @staticmethod
    def _number(text: str, what: str) -> Decimal:
        try:
            return parse_number(text)
        except NumberInputError as exc:
            raise KbppError(_("{what}: {reason}").format(what=what, reason=exc)) from None

    def windows(self) -> dict[int, tuple[date, date]]:
        return {q: (_date(self.opens[q].date()), _date(self.due[q].date())) for q in range(1, 5)}

    def save(self) -> bool:
        year = self.year.currentData()
        if year is None:
            return False
        try:
            save_year_settings(self.db, year, self.settings_data(), self.windows())
        except KbppError as exc:
            self.status.setText(str(exc))
            QMessageBox.warning(self, _("Year settings"), str(exc))
            return False
        self.load()
        self.status.setText(
            _("Saved. Directorates receive the settings with the next reference package.")
        )
        return True

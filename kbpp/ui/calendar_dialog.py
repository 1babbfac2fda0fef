"""The year's calendar (entry windows and due dates) and the locks of every directorate's
quarters. Every lock and every lifted lock carries a reason, and both are logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.formatting import format_date, format_datetime
from kbpp.i18n import _
from kbpp.office.calendar import Window, default_window
from kbpp.office.countdown import load_calendar
from kbpp.office.locks import QuarterCell, is_default, lock_grid, save_calendar
from kbpp.office.review import lock_quarter, unlock_quarter
from kbpp.packages.export import export_choices
from kbpp.storage import Database
from kbpp.ui.review_dialog import state_text

LOCKED_BACKGROUND = QColor("#e6e6e6")
ACCEPTED_BACKGROUND = QColor("#dff0d8")
RETURNED_BACKGROUND = QColor("#fde2e1")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class CalendarDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarDialog")
        self.setWindowTitle(_("Calendar and locks"))
        self._db = db
        self._windows: list[Window] = []
        self._cells: dict[tuple[str, int], QuarterCell] = {}
        self._names: list[str] = []
        self.last_message = ""
        self.reason_provider: Callable[[str], str | None] = self._ask_reason

        self.year_combo = QComboBox()
        for y in export_choices(db).years:
            self.year_combo.addItem(str(y), y)
        self.year_combo.currentIndexChanged.connect(self.reload)
        top = QHBoxLayout()
        year_label = QLabel(_("&Year:"))
        year_label.setBuddy(self.year_combo)
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addStretch(1)

        windows = QGroupBox(_("Entry windows and due dates"))
        grid = QGridLayout(windows)
        grid.addWidget(QLabel(_("<b>Entry opens</b>")), 0, 1)
        grid.addWidget(QLabel(_("<b>Due</b>")), 0, 2)
        self.opens: list[QDateEdit] = []
        self.dues: list[QDateEdit] = []
        self.kinds: list[QLabel] = []
        for q in range(1, 5):
            opens, due, kind = QDateEdit(), QDateEdit(), QLabel()
            for edit in (opens, due):
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("dd.MM.yyyy")
                edit.dateChanged.connect(self._dates_changed)
            grid.addWidget(QLabel(_("Q{quarter}").format(quarter=q)), q, 0)
            grid.addWidget(opens, q, 1)
            grid.addWidget(due, q, 2)
            grid.addWidget(kind, q, 3)
            self.opens.append(opens)
            self.dues.append(due)
            self.kinds.append(kind)
        self.save_button = QPushButton(_("&Save the calendar"))
        self.save_button.clicked.connect(self.save_clicked)
        self.defaults_button = QPushButton(_("Use the &default dates"))
        self.defaults_button.clicked.connect(self._use_defaults)
        grid.addWidget(self.defaults_button, 5, 1)
        grid.addWidget(self.save_button, 5, 2)
        grid.setColumnStretch(3, 1)
        hint = QLabel(
            _(
                "Directorates receive the calendar with their next reference package; their "
                "workspace counts down to the due date."
            )
        )
        hint.setWordWrap(True)
        grid.addWidget(hint, 6, 0, 1, 4)

        locks = QGroupBox(_("Quarters of each directorate"))
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalHeaderLabels(
            [_("Q{quarter}").format(quarter=q) for q in range(1, 5)]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_args: self._update_buttons())
        self.lock_button = QPushButton(_("&Lock…"))
        self.unlock_button = QPushButton(_("&Unlock…"))
        self.lock_button.clicked.connect(self.lock_clicked)
        self.unlock_button.clicked.connect(self.unlock_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        lock_buttons = QHBoxLayout()
        lock_buttons.addWidget(self.message, 1)
        lock_buttons.addWidget(self.lock_button)
        lock_buttons.addWidget(self.unlock_button)
        box = QVBoxLayout(locks)
        box.addWidget(self.table, 1)
        box.addLayout(lock_buttons)

        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(windows)
        layout.addWidget(locks, 1)
        layout.addLayout(bottom)
        self.resize(1000, 700)
        self.reload()

    # --- loading ---------------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        return self.year_combo.currentData()

    def reload(self) -> None:
        if self.year is None:
            self.message.setText(_("There is no program year yet; import or create one first."))
            return
        try:
            self._windows = load_calendar(self._db, self.year)
            self._names, self._cells = lock_grid(self._db, self.year)
        except KbppError as exc:
            self.show_message(str(exc))
            return
        self._show_windows(self._windows)
        self._fill_table()
        self._update_buttons()

    def _show_windows(self, windows: list[Window]) -> None:
        for i, w in enumerate(windows):
            for edit, d in ((self.opens[i], w.opens_on), (self.dues[i], w.due_on)):
                edit.blockSignals(True)
                edit.setDate(_qdate(d))
                edit.blockSignals(False)
        self._dates_changed()

    def _dates_changed(self) -> None:
        for i, w in enumerate(self._windows):
            shown = Window(
                w.year, w.quarter, _date(self.opens[i].date()), _date(self.dues[i].date())
            )
            changed = (shown.opens_on, shown.due_on) != (w.opens_on, w.due_on)
            if changed:
                text = _("changed, not saved yet")
            elif is_default(shown):
                text = _("default (the month after the quarter)")
            else:
                text = _("set by the office")
            self.kinds[i].setText(text)
            self.kinds[i].setStyleSheet("font-style: italic;" if not changed else "color: #e65100;")

    def _use_defaults(self) -> None:
        """Show the default dates (saved only with Save)."""
        if self.year is None:
            return
        for i in range(4):
            w = default_window(self.year, i + 1)
            self.opens[i].setDate(_qdate(w.opens_on))
            self.dues[i].setDate(_qdate(w.due_on))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._names))
        self.table.setVerticalHeaderLabels(self._names)
        for row, name in enumerate(self._names):
            for q in range(1, 5):
                self.table.setItem(row, q - 1, self._item(self._cells.get((name, q))))

    def _item(self, cell: QuarterCell | None) -> QTableWidgetItem:
        if cell is None:
            return QTableWidgetItem(state_text("open"))
        text = state_text(cell.state)
        if cell.locked and cell.state != "accepted":
            text = _("Locked: {reason}").format(reason=cell.reason or "-")
        elif cell.reason and cell.state in ("accepted", "returned"):
            text = cell.reason if cell.state == "accepted" else f"{text}: {cell.reason}"
        item = QTableWidgetItem(text)
        tooltip = [state_text(cell.state)]
        if cell.reason and (cell.locked or cell.state in ("accepted", "returned")):
            tooltip.append(_("Reason: {reason}").format(reason=cell.reason))
        if cell.by:
            tooltip.append(
                _("By {user} on {date}").format(
                    user=cell.by, date=format_datetime(cell.at) if cell.at else "-"
                )
            )
        item.setToolTip("\n".join(tooltip))
        if cell.locked:
            item.setBackground(QBrush(LOCKED_BACKGROUND))
        elif cell.state == "accepted":
            item.setBackground(QBrush(ACCEPTED_BACKGROUND))
        elif cell.state == "returned":
            item.setBackground(QBrush(RETURNED_BACKGROUND))
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return item

    # --- actions ---------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = True) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setStyleSheet("color: #b71c1c;" if error else "")
        if error and not self.property("quiet"):
            QMessageBox.warning(self, _("Calendar and locks"), text)

    def save_clicked(self) -> bool:
        if self.year is None:
            return False
        dates = {
            q: (_date(self.opens[q - 1].date()), _date(self.dues[q - 1].date()))
            for q in range(1, 5)
        }
        try:
            self._windows = save_calendar(self._db, self.year, dates)
        except KbppError as exc:
            self.show_message(str(exc))
            return False
        self._show_windows(self._windows)
        self.show_message(
            _("Calendar saved: Q1 due {q1}, Q2 due {q2}, Q3 due {q3}, Q4 due {q4}.").format(
                **{f"q{w.quarter}": format_date(w.due_on) for w in self._windows}
            ),
            error=False,
        )
        return True

    def current(self) -> tuple[str, int] | None:
        row, column = self.table.currentRow(), self.table.currentColumn()
        if row < 0 or column < 0 or row >= len(self._names):
            return None
        return self._names[row], column + 1

    def choose(self, directorate: str, quarter: int) -> None:
        self.table.setCurrentCell(self._names.index(directorate), quarter - 1)

    def _update_buttons(self) -> None:
        chosen = self.current()
        cell = self._cells.get(chosen) if chosen else None
        locked = bool(cell and (cell.locked or cell.state == "accepted"))
        self.lock_button.setEnabled(chosen is not None and not (cell and cell.locked))
        self.unlock_button.setEnabled(locked)

    def _ask_reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, _("Reason (shown to the directorate):"))
        return text if ok else None

    def lock_clicked(self) -> bool:
        return self._change(lock=True)

    def unlock_clicked(self) -> bool:
        return self._change(lock=False)

    def _change(self, lock: bool) -> bool:
        chosen = self.current()
        if chosen is None or self.year is None:
            self.show_message(_("Choose a directorate's quarter in the table first."))
            return False
        name, quarter = chosen
        title = (_("Lock Q{q} of {name}") if lock else _("Unlock Q{q} of {name}")).format(
            q=quarter, name=name
        )
        reason = self.reason_provider(title)
        if reason is None:
            return False
        try:
            if lock:
                lock_quarter(self._db, self.year, quarter, name, reason)
                done = _("Q{q} of {name} is locked: {reason}").format(
                    q=quarter, name=name, reason=reason.strip()
                )
            else:
                done = unlock_quarter(self._db, self.year, quarter, name, reason)
        except KbppError as exc:
            self.show_message(str(exc))
            return False
        self.reload()
        self.choose(name, quarter)
        self.show_message(done, error=False)
        return True

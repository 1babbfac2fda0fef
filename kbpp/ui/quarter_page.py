"""The "This quarter" page: every indicator of the directorate in one grid, the clerk's main
screen. It loads the sheet off the UI thread, saves each accepted edit at once, and says what is
still missing before the open quarter can be submitted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError, ValidationError
from kbpp.formatting import format_number
from kbpp.i18n import _, ngettext
from kbpp.office.calendar import Window
from kbpp.office.countdown import calendar_text, countdown_text, load_calendar
from kbpp.office.marks import comment_text
from kbpp.office.on_behalf import save_on_behalf
from kbpp.quarter_entry import (
    Entry,
    EntrySheet,
    load_entry_sheet,
    open_quarter,
    prepare_saves,
    save_entries,
)
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.on_behalf_dialog import ask_reason
from kbpp.ui.quarter_clipboard import block_text, plan_paste
from kbpp.ui.quarter_delegate import QuarterDelegate
from kbpp.ui.quarter_model import (
    COL_BAND,
    COL_CODE,
    COL_DIRECTORATE,
    COL_NAME,
    COL_NOTE,
    COL_RATE,
    COL_TARGET,
    COL_UNIT,
    COL_YTD,
    QUARTER_COLUMNS,
    QuarterModel,
    RowState,
    row_state,
)
from kbpp.ui.quarter_note import NoteDialog
from kbpp.ui.quarter_proxy import QuarterFilter, RowFilter
from kbpp.ui.quarter_view import QuarterTableView
from kbpp.values import ValueChange

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
# Sized so that every column fits beside the tree on a 1366-pixel laptop; the note stretches.
_WIDTHS = {
    COL_CODE: 96,
    COL_NAME: 170,
    COL_DIRECTORATE: 130,
    COL_UNIT: 56,
    COL_TARGET: 64,
    COL_YTD: 76,
    COL_RATE: 78,
    COL_BAND: 120,
    COL_NOTE: 110,
}
QUARTER_WIDTH = 64
WIDE = 1400  # narrower than this, the directorate column of "all directorates" is left out
FIRST_ROWS = 100  # a sheet with more rows shows these while reading the others


@dataclass(frozen=True)
class LoadedSheet:
    """What the loading thread hands over: the sheet, its open quarter and the rows' states."""

    sheet: EntrySheet
    quarter: int
    states: list[RowState]
    serial: int  # the `show_year` it answers: a later one makes it stale
    rest: bool  # the whole sheet, whose first rows are already shown


def _loader(
    db: Database, year: int, directorate: str | None, serial: int, rest: bool
) -> Callable[[Any], LoadedSheet]:
    def load(_job: Any) -> LoadedSheet:
        sheet = load_entry_sheet(db, year, directorate, None if rest else FIRST_ROWS)
        if sheet.complete:  # the grid is about to take edits
            prepare_saves(db, sheet)
        quarter = open_quarter(sheet)
        states = [row_state(sheet, r, quarter) for r in sheet.rows]
        return LoadedSheet(sheet, quarter, states, serial, rest)

    return load


class QuarterPage(QWidget):
    """`show_year(year, directorate)` loads; `status_text()` is what the status bar shows."""

    status_changed = Signal(str)
    loaded = Signal()
    load_failed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuarterPage")
        self._db = db
        self._office = db.role == "office"  # read once: each read is a query, not per save
        self._job: workers.Job | None = None
        self._serial = 0  # of the latest `show_year`: results of earlier ones are dropped
        self._loading = False
        self._after_load: list[Callable[[], object]] = []  # see `when_loaded`
        self._year: int | None = None
        self._directorate: str | None = None
        self.note_dialog: NoteDialog | None = None
        self._several_directorates = False
        self._windows: list[Window] = []
        self._on_behalf_reason: str | None = None  # the office's reason, kept for a batch
        self.reason_provider: Callable[[str], tuple[str, bool] | None] = self._ask_reason
        self.today: Callable[[], date] = date.today

        self.model = QuarterModel(self._save, self)
        self.proxy = QuarterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.model.failed.connect(self.show_problem)
        self.model.changed.connect(self._model_changed)
        self.model.modelReset.connect(self._model_reset)

        self.quarter_label = QLabel()
        self.quarter_combo = QComboBox()
        self.quarter_label.setBuddy(self.quarter_combo)
        for q in range(1, 5):
            self.quarter_combo.addItem("", q)
        self.quarter_combo.currentIndexChanged.connect(self._quarter_chosen)
        self.filter_label = QLabel()
        self.filter_combo = QComboBox()
        self.filter_label.setBuddy(self.filter_combo)
        for mode in RowFilter:
            self.filter_combo.addItem("", mode)
        self.filter_combo.currentIndexChanged.connect(self._filter_chosen)
        self.count_label = QLabel()
        self.due_label = QLabel()
        self.due_label.setObjectName("DueLabel")
        bar = QHBoxLayout()
        for w in (self.quarter_label, self.quarter_combo, self.filter_label, self.filter_combo):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.due_label)
        bar.addSpacing(16)
        bar.addWidget(self.count_label)

        self.view = QuarterTableView()
        self.view.setModel(self.proxy)
        self.delegate = QuarterDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.problem.connect(self.show_problem)
        self.delegate.committed.connect(self._value_committed)
        self.view.note_requested.connect(self.edit_note)
        self.view.clear_requested.connect(self.clear_selection)
        self.view.copy_requested.connect(self.copy_selection)
        self.view.paste_requested.connect(self.paste_clipboard)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        for column in QUARTER_COLUMNS:
            header.resizeSection(column, QUARTER_WIDTH)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.warnings_label = QLabel()
        self.warnings = QStringListModel(self)
        self._warning_ids: list[int] = []
        self._warning_lines: list[str] = []
        # row → (its state, its warning lines, its indicator): formatted once per state, as
        # the warnings are listed again after every edit
        self._warning_texts: dict[int, tuple[RowState, list[str], int]] = {}
        self.warnings_view = QListView()
        self.warnings_view.setModel(self.warnings)
        self.warnings_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        # One line each: without this a new list (after an edit that changes a warning) has
        # every line measured, 9 ms for the 10× sheet's 500 lines instead of 1 ms.
        self.warnings_view.setUniformItemSizes(True)
        self.warnings_view.activated.connect(self._warning_chosen)
        self.warnings_view.clicked.connect(self._warning_chosen)
        warnings_box = QWidget()
        box = QVBoxLayout(warnings_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.warnings_label)
        box.addWidget(self.warnings_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(warnings_box)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 90])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

        self.undo_action = self.model.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.model.undo_stack.createRedoAction(self)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        ctrl_y = QKeySequence("Ctrl+Y")  # what Excel users press, on every platform
        self.redo_action.setShortcuts([ctrl_y, *(k for k in redo_keys if k != ctrl_y)])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.retranslate_ui()

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.quarter_label.setText(_("&Quarter:"))
        for i in range(4):
            self.quarter_combo.setItemText(i, _("Q{quarter}").format(quarter=i + 1))
        self.filter_label.setText(_("&Show:"))
        labels = {
            RowFilter.ALL: _("All indicators"),
            RowFilter.MISSING: _("Only missing values"),
            RowFilter.NOTE: _("Only needing a note"),
            RowFilter.BELOW_TARGET: _("Only below target"),
        }
        for i in range(self.filter_combo.count()):
            self.filter_combo.setItemText(i, labels[self.filter_combo.itemData(i)])
        self.undo_action.setText(_("&Undo"))
        self.redo_action.setText(_("&Redo"))
        self.model.retranslate()
        self._warning_texts.clear()  # their quarter prefix is in the old language
        self._model_changed()

    # --- loading -------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    def show_year(self, year: int | None, directorate: str | None) -> None:
        """Load the sheet of `year` (of one directorate, or all when None) in the background."""
        if (year, directorate) != (self._year, self._directorate):
            self._on_behalf_reason = None
        self._year, self._directorate = year, directorate
        self.stop_loading()
        if year is None:
            self.model.set_sheet(None, 1)
            return
        self.show_problem(_("Loading the indicators…"), error=False)
        self._loading = True
        # The first screenful first: a big sheet's other rows are read once those are shown.
        self._job = workers.start(
            _loader(self._db, year, directorate, self._serial, rest=False),
            self._sheet_loaded,
            self._load_failed,
        )

    def when_loaded(self, action: Callable[[], object]) -> None:
        """Run `action` once the grid has its whole sheet: now, or when the load under way
        ends (a card chosen in the tree, a quarter asked for, while the rows are read)."""
        if self._loading:
            self._after_load.append(action)
        else:
            action()

    def stop_loading(self) -> None:
        """Cancel the load under way (the database is about to close or change, or another
        sheet is asked for); whatever it still reports is ignored."""
        self._serial += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._loading = False
        if not self.model.complete:  # only its first rows: not a sheet to go on showing
            self.model.set_sheet(None, 1)

    def _sheet_loaded(self, loaded: LoadedSheet) -> None:
        if loaded.serial != self._serial:
            return  # stale: queued before a later request (Qt cannot recall a sent result)
        sheet = loaded.sheet
        if not loaded.rest:
            self._show_sheet(loaded)
        else:  # the whole sheet, whose first rows are shown
            shown = self.model.rowCount()
            self.model.complete_sheet(sheet, loaded.quarter, loaded.states)
            self.proxy.accept_appended(shown)
            self._update_counts()
            self._show_directorate_column_if_several()
            self._update_due()
        if not sheet.complete:
            self._job = workers.start(
                _loader(self._db, sheet.year, sheet.directorate, self._serial, rest=True),
                self._sheet_loaded,
                self._load_failed,
                after_paint_of=self.view.viewport(),
            )
            return
        self._job = None
        self._loading = False
        self.show_problem("")
        actions, self._after_load = self._after_load, []
        for action in actions:
            action()
        self.loaded.emit()

    def _show_sheet(self, loaded: LoadedSheet) -> None:
        self.model.set_sheet(loaded.sheet, loaded.quarter, loaded.states)
        self.quarter_combo.blockSignals(True)
        self.quarter_combo.setCurrentIndex(loaded.quarter - 1)
        self.quarter_combo.blockSignals(False)
        self._show_directorate_column_if_several()
        try:
            self._windows = load_calendar(self._db, loaded.sheet.year)
        except KbppError:
            self._windows = []
        self._update_due()

    def _show_directorate_column_if_several(self) -> None:
        self._several_directorates = len(self.model.directorates) > 1
        self._show_directorate_column()

    def _show_directorate_column(self) -> None:
        wanted = self._several_directorates and self.width() >= WIDE
        self.view.setColumnHidden(COL_DIRECTORATE, not wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_directorate_column()

    def _load_failed(self, message: str) -> None:
        if self._job is None or self.sender() is not self._job.signals:
            return  # a load since replaced (a cancelled job reports no failure, a queued one may)
        self._job = None
        self._loading = False
        if not self.model.complete:  # the rest could not be read: no half sheet stays
            self.model.set_sheet(None, 1)
        self.show_problem(message)
        self.load_failed.emit(message)

    def set_database(self, db: Database) -> None:
        self._db = db
        self._office = db.role == "office"

    # --- status --------------------------------------------------------------------------
    def status_text(self) -> str:
        """What is still missing before the open quarter can be submitted."""
        sheet = self.model.sheet
        if sheet is None:
            return _("No indicators to enter.")
        if not self.model.complete:
            return _("Loading the other indicators…")
        quarter = self.model.quarter
        names = self.model.directorates
        lead = _("Q{quarter} {year} is open for entry").format(quarter=quarter, year=sheet.year)
        if names and all(sheet.lock(n, quarter).locked for n in names):
            return _("Q{quarter} {year} is locked: read only. {why}").format(
                quarter=quarter,
                year=sheet.year,
                why=sheet.lock(next(iter(sorted(names))), quarter).message(),
            )
        values, notes = self.model.missing_counts()
        if not values and not notes:
            return _("{lead}: complete — every value and required note is in.").format(lead=lead)
        return _("{lead}. Still missing before it can be submitted: {values}, {notes}.").format(
            lead=lead,
            values=ngettext("{n} value", "{n} values", values).format(n=format_number(values)),
            notes=ngettext("{n} deviation note", "{n} deviation notes", notes).format(
                n=format_number(notes)
            ),
        )

    def _model_changed(self) -> None:
        self._update_counts()
        self._update_warnings()
        self.status_changed.emit(self.status_text())

    def _model_reset(self) -> None:
        self._warning_texts.clear()
        self.proxy.refilter()
        self._model_changed()

    def _update_due(self) -> None:
        """The countdown to the shown quarter's due date (not for a locked quarter)."""
        sheet, quarter = self.model.sheet, self.model.quarter
        names = self.model.directorates
        if not self._windows or not names or all(sheet.lock(n, quarter).locked for n in names):
            self.due_label.setText("")
            self.due_label.setToolTip("")
            return
        window = self._windows[quarter - 1]
        today = self.today()
        self.due_label.setText(countdown_text(window, today))
        late = window.is_late(today)
        self.due_label.setStyleSheet("color: #b71c1c; font-weight: bold;" if late else "")
        self.due_label.setToolTip(calendar_text(self._windows))

    def _ask_reason(self, directorate: str) -> tuple[str, bool] | None:
        return ask_reason(directorate, self)

    def _save(self, entries: Sequence[Entry]) -> list[ValueChange]:
        """The directorate saves its own values; the office saves them on behalf, with a reason
        asked once and kept for the following edits of the same sheet if the clerk wishes."""
        if not self._office:
            return save_entries(self._db, entries)
        reason = self._on_behalf_reason
        if reason is None:
            names = sorted({self.model.row(self.model.row_of(e.indicator_id)).facts.directorate
                            for e in entries})  # fmt: skip
            answer = self.reason_provider(", ".join(names))
            if answer is None or not answer[0].strip():
                raise ValidationError(
                    _(
                        "A value entered for a directorate needs a reason (why the office "
                        "enters it); nothing was saved."
                    )
                )
            reason = answer[0].strip()
            if answer[1]:
                self._on_behalf_reason = reason
        changes = save_on_behalf(self._db, list(entries), reason)
        sheet = self.model.sheet
        if sheet is not None:
            for e in entries:
                sheet.office_entries[(e.indicator_id, e.period)] = reason
        return changes

    def _update_counts(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not self.model.complete:
            self.count_label.setText(_("Loading…"))
            return
        self.count_label.setText(
            _("{shown} of {total} indicators").format(
                shown=format_number(shown), total=format_number(total)
            )
        )

    def _update_warnings(self) -> None:
        lines, ids = [], []
        quarter = self.model.quarter
        sheet = self.model.sheet
        period = _("Q{quarter}").format(quarter=quarter)  # "4. çeyrek" in Turkish
        # Only the commented and the warned rows, never all of them: this runs after every edit.
        commented = sorted(
            self.model.row_of(indicator_id)
            for (indicator_id, q), comment in (sheet.comments.items() if sheet else ())
            if q == quarter and comment
        )
        for row in commented:
            entry_row = self.model.row(row)
            comment = sheet.comments[(entry_row.indicator_id, quarter)]
            lines.append(f"{entry_row.facts.code} · {period}: " + comment_text(comment))
            ids.append(entry_row.indicator_id)
        comments = len(commented)
        for row in self.model.warning_rows():
            state = self.model.state(row)
            cached = self._warning_texts.get(row)
            if cached is None or cached[0] is not state:  # an edit or a new sheet: a new state
                entry_row = self.model.row(row)
                texts = [f"{entry_row.facts.code} · {period}: {w}" for w in state.warnings]
                cached = self._warning_texts[row] = (state, texts, entry_row.indicator_id)
            lines.extend(cached[1])
            ids.extend([cached[2]] * len(cached[1]))
        self._warning_ids = ids
        if lines != self._warning_lines:  # most edits change no warning: the list stays put
            self._warning_lines = lines
            self.warnings.setStringList(lines)
        self.warnings_label.setText(
            _(
                "The strategy office's comments ({comments}) and plausibility warnings "
                "({n}): change the value or explain it in the note, then send again."
            ).format(comments=format_number(comments), n=format_number(len(lines) - comments))
            if comments
            else _("Plausibility warnings ({n}): they do not block; check the value.").format(
                n=format_number(len(lines))
            )
            if lines
            else _("No plausibility warnings.")
        )

    def show_problem(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # --- navigation ----------------------------------------------------------------------
    def _quarter_chosen(self, index: int) -> None:
        self.model.set_quarter(index + 1)
        self._update_counts()
        self._update_due()

    def set_quarter(self, quarter: int) -> None:
        self.quarter_combo.setCurrentIndex(quarter - 1)

    def _filter_chosen(self, index: int) -> None:
        self.set_filter(self.filter_combo.itemData(index))

    def set_filter(self, mode: RowFilter) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(mode))
        self.proxy.set_mode(mode)  # rows changed by edits are judged again
        self._update_counts()

    def set_query(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_counts()

    def open_cell(self, indicator_id: int) -> QModelIndex:
        """Select the open quarter's cell of an indicator (if shown); the proxy index."""
        source = self.model.index(self.model.row_of(indicator_id), QUARTER_COLUMNS[0])
        source = source.siblingAtColumn(QUARTER_COLUMNS[self.model.quarter - 1])
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.setFocus()
        return index

    def show_target(self, target_code: str, directorate: str | None) -> bool:
        """Scroll to the first indicator of a performance target (a card chosen in the tree)."""
        for row in range(self.model.rowCount()):
            facts = self.model.row(row).facts
            if facts.target_code == target_code and directorate in (None, facts.directorate):
                return self.open_cell(self.model.row(row).indicator_id).isValid()
        return False

    def _warning_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_cell(self._warning_ids[index.row()])

    # --- editing -------------------------------------------------------------------------
    def _value_committed(self, source: QModelIndex) -> None:
        """After a value is typed, a note it now requires opens right away (once the editor
        has closed and the cursor has moved on)."""
        self.show_problem("")
        row = source.row()
        QTimer.singleShot(0, lambda: self._ask_missing_note(row))

    def _ask_missing_note(self, row: int) -> None:
        if (
            self.note_dialog is None
            and row < self.model.rowCount()
            and self.model.state(row).note_missing
        ):
            index = self.proxy.mapFromSource(self.model.index(row, COL_NOTE))
            if index.isValid():
                self.edit_note(index)

    def edit_note(self, index: QModelIndex) -> None:
        """Open the note editor of a row (a proxy index) for the open quarter."""
        source = self.proxy.mapToSource(index).siblingAtColumn(COL_NOTE)
        if not source.isValid() or not self.model.is_editable(source):
            return
        dialog = NoteDialog(
            self.model.row(source.row()), self.model.state(source.row()), self.model.quarter, self
        )
        self.note_dialog = dialog

        def done(result: int) -> None:
            self.note_dialog = None
            if result == NoteDialog.DialogCode.Accepted:
                self.model.setData(source, dialog.note())
            self.view.setFocus()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def _selected(self) -> list[QModelIndex]:
        """The selected cells (proxy indexes), or the current cell when nothing is selected."""
        selected = self.view.selectionModel().selectedIndexes()
        current = self.view.currentIndex()
        return selected or ([current] if current.isValid() else [])

    def _selected_sources(self) -> list[QModelIndex]:
        return [self.proxy.mapToSource(i) for i in self._selected()]

    def clear_selection(self) -> None:
        """Delete: the selected editable values become empty (one undo step)."""
        entries = []
        for source in self._selected_sources():
            if source.column() in QUARTER_COLUMNS and self.model.is_editable(source):
                current = self.model.entry(source.row())
                entries.append(Entry(current.indicator_id, current.period, None, current.note))
        if entries:
            self.model.push_edits(entries, _("Clear {n} cells").format(n=len(entries)))

    def copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(block_text(sorted(self._selected(), key=_position)))

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell: all of it, or nothing with a reason."""
        plan = plan_paste(self.proxy, self.view.currentIndex(), text)
        if plan.error:
            self.show_problem(plan.error)
            return False
        n = len(plan.entries)
        if not self.model.push_edits(plan.entries, _("Paste {n} cells").format(n=n)):
            return False
        self.show_problem(
            ngettext(
                "Pasted {n} value and saved it.", "Pasted {n} values and saved them.", n
            ).format(n=format_number(n)),
            error=False,
        )
        top = self.view.currentIndex()
        bottom = top.siblingAtRow(top.row() + len(text.rstrip("\n").split("\n")) - 1)
        self.view.selectionModel().select(
            QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True


def _position(index: QModelIndex) -> tuple[int, int]:
    return index.row(), index.column()

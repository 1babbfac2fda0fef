"""The strategy office's first page: who has sent what for each quarter, what is late, what
waits for review, how complete it is, and each directorate's bands (a table and a chart).

Double-clicking (or Enter on) a received quarter opens its review; any other cell goes to the
directorate's values on the "This quarter" page. The year follows the main window's selector.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.office.status import (
    LATE,
    RECEIVED,
    DirectorateStatus,
    YearStatus,
    write_status_xlsx,
    year_status,
)
from kbpp.storage import Database
from kbpp.ui import workers
from kbpp.ui.office_overview_model import (
    CELL_ROLE,
    FILTERS,
    NAME_ROLE,
    OverviewFilter,
    OverviewModel,
)

log = logging.getLogger(__name__)

REVIEW_MODULE, REVIEW_CLASS = "kbpp.ui.review_dialog", "ReviewDialog"
NAME_WIDTH, QUARTER_WIDTH, COUNT_WIDTH = 240, 182, 46
NO_RATE_COLOR = "#bdbdbd"


class BandChart(QWidget):
    """Stacked horizontal bars, one per directorate, in the year's band colours (grey: no rate).

    Each bar is the directorate's indicators; its segments are the bands' counts, written in
    the segment when there is room. Drawn with QPainter: a dozen lines, no chart library.
    """

    BAR_HEIGHT, GAP, LEGEND = 14, 4, 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: YearStatus | None = None
        self.rows: list[DirectorateStatus] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, status: YearStatus | None, rows: list[DirectorateStatus]) -> None:
        self.status, self.rows = status, rows
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, self.LEGEND + len(self.rows) * (self.BAR_HEIGHT + self.GAP) + self.GAP)

    def _segments(self, row: DirectorateStatus) -> list[tuple[str, int, str]]:
        assert self.status is not None
        parts = [(b.color, row.bands.counts[b.key], b.key) for b in self.status.bands]
        parts.append((NO_RATE_COLOR, row.bands.undefined, _("No rate")))
        return parts

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.status is None:
            return
        painter = QPainter(self)
        metrics = QFontMetrics(self.font())
        name_width = min(NAME_WIDTH, self.width() // 3)
        left, right = name_width + 8, self.width() - 8
        # Legend: a swatch and the name of each band.
        x = left
        legend = [(b.color, b.key) for b in self.status.bands] + [(NO_RATE_COLOR, _("No rate"))]
        for color, label in legend:
            painter.fillRect(QRect(x, 5, 12, 12), QColor(color))
            painter.setPen(QColor("#212121"))
            painter.drawText(x + 16, 5 + metrics.ascent(), label)
            x += 16 + metrics.horizontalAdvance(label) + 14
        widest = max((r.indicators for r in self.rows), default=0) or 1
        y = self.LEGEND
        for row in self.rows:
            painter.setPen(QColor("#212121"))
            name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, name_width)
            painter.drawText(
                QRect(4, y, name_width, self.BAR_HEIGHT),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                name,
            )
            x = float(left)
            for color, count, _label in self._segments(row):
                width = (right - left) * count / widest
                rect = QRect(round(x), y, max(0, round(x + width) - round(x)), self.BAR_HEIGHT)
                painter.fillRect(rect, QColor(color))
                text = str(count)
                if count and metrics.horizontalAdvance(text) + 4 < rect.width():
                    dark = QColor(color).lightness() < 140
                    painter.setPen(QColor("white" if dark else "#212121"))
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
                x += width
            y += self.BAR_HEIGHT + self.GAP
        painter.end()

    def tooltip_at(self, y: int) -> str | None:
        index = (y - self.LEGEND) // (self.BAR_HEIGHT + self.GAP)
        if y < self.LEGEND or index >= len(self.rows):
            return None
        row = self.rows[index]
        parts = [f"{label}: {count}" for _color, count, label in self._segments(row)]
        return f"{row.name}\n" + "\n".join(parts)

    def event(self, e: Any) -> bool:
        if e.type() == e.Type.ToolTip:
            text = self.tooltip_at(e.pos().y())
            self.setToolTip(text or "")
        return super().event(e)


class OverviewTable(QTableView):
    """Enter opens a cell as a double-click does."""

    opened = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class OverviewPage(QWidget):
    """`show_year(year)` loads (off the UI thread); `open_directorate(name, quarter)` asks the
    main window to show that directorate's values (quarter 0: no quarter in particular)."""

    open_directorate = Signal(str, int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OfficeOverview")
        self._db = db
        self._year: int | None = None
        self._job: workers.Job | None = None
        self._dialogs: list[QWidget] = []
        self.today: date | None = None  # None: the real today (tests fix a day)

        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)

        self.quarter_label = QLabel()
        self.quarter_combo = QComboBox()
        self.quarter_label.setBuddy(self.quarter_combo)
        self.quarter_combo.addItem("", None)
        for q in range(1, 5):
            self.quarter_combo.addItem("", q)
        self.quarter_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter_label = QLabel()
        self.filter_combo = QComboBox()
        self.filter_label.setBuddy(self.filter_combo)
        for key, _label in FILTERS:
            self.filter_combo.addItem("", key)
        self.filter_combo.currentIndexChanged.connect(self._filter_chosen)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(self._text_changed)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._choose_export)
        bar = QHBoxLayout()
        for w in (self.quarter_label, self.quarter_combo, self.filter_label, self.filter_combo):
            bar.addWidget(w)
        bar.addWidget(self.search)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.view = OverviewTable()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setIconSize(QSize(26, 12))  # the state's dot, and a padlock when locked
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.doubleClicked.connect(self.open_cell)
        self.view.opened.connect(self.open_cell)
        self.proxy.modelReset.connect(self._update_chart)
        self.proxy.layoutChanged.connect(self._update_chart)
        self.proxy.rowsInserted.connect(self._update_chart)
        self.proxy.rowsRemoved.connect(self._update_chart)

        self.chart = BandChart()
        self.chart_label = QLabel()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        chart_layout.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(chart_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([380, 200])

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.quarter_label.setText(_("&Quarter:"))
        self.quarter_combo.setItemText(0, _("All quarters"))
        for q in range(1, 5):
            self.quarter_combo.setItemText(q, _("Q{q}").format(q=q))
        self.filter_label.setText(_("&Show:"))
        for i, (_key, label) in enumerate(FILTERS):
            self.filter_combo.setItemText(i, _(label))
        self.search.setPlaceholderText(_("Filter directorates"))
        self.refresh_button.setText(_("&Refresh"))
        self.export_button.setText(_("E&xport to Excel…"))
        self.model.retranslate()
        self._update_summary()
        self._update_chart()

    # --- loading -------------------------------------------------------------------------
    @property
    def status(self) -> YearStatus | None:
        return self.model.status

    @property
    def loading(self) -> bool:
        return self._job is not None

    @property
    def quarter(self) -> int | None:
        return self.quarter_combo.currentData()

    def set_quarter(self, quarter: int | None) -> None:
        self.quarter_combo.setCurrentIndex(self.quarter_combo.findData(quarter))

    def set_filter(self, mode: str) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(mode))

    def set_database(self, db: Database) -> None:
        self._db = db
        self._year = None
        self.model.set_status(None)

    def show_year(self, year: int | None) -> None:
        self._year = year
        self.reload()

    def reload(self) -> None:
        """Read the year's status again, off the UI thread."""
        if self._year is None:
            self.model.set_status(None)
            self._update_summary()
            return
        if self._job is not None:
            self._job.cancel()
        db, year, quarter, today = self._db, self._year, self.quarter, self.today
        self._job = workers.start(
            lambda _job: year_status(db, year, quarter, today), self._loaded, self._failed
        )

    def _loaded(self, status: YearStatus) -> None:
        self._job = None
        self.message.hide()
        current = self.view.currentIndex()
        self.model.set_status(status)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(COUNT_WIDTH)
        for column in range(1, self.model.columnCount()):
            wide = self.model.quarter_of(column) is not None
            header.resizeSection(column, QUARTER_WIDTH if wide else COUNT_WIDTH)
        if self.model.quarter_count == 1:
            header.resizeSection(1, QUARTER_WIDTH + 60)
        if current.isValid():
            self.view.setCurrentIndex(self.proxy.index(current.row(), current.column()))
        self._update_summary()

    def _failed(self, message: str) -> None:
        self._job = None
        self.message.setText(message)
        self.message.show()

    # --- filtering -----------------------------------------------------------------------
    def _filter_chosen(self, _index: int) -> None:
        self.proxy.set_mode(self.filter_combo.currentData())
        self._update_summary()
        self._update_chart()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_chart()

    def visible_rows(self) -> list[DirectorateStatus]:
        rows = self.model.rows
        return [
            rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]

    def _update_chart(self, *_args: object) -> None:
        status = self.model.status
        self.chart.set_rows(status, self.visible_rows() if status else [])
        if status is None:
            self.chart_label.setText("")
            return
        self.chart_label.setText(
            _("Bands per directorate, year to date through Q{q}").format(q=status.band_quarter)
        )

    def _update_summary(self) -> None:
        status = self.model.status
        if status is None:
            self.summary.setText(_("No program year to show.") if self._year is None else "")
            return
        cells = [c for d in status.directorates for c in d.cells]
        late = sum(c.state == LATE for c in cells)
        waiting = sum(c.state == RECEIVED for c in cells)
        self.summary.setText(
            _(
                "{year}: {n} directorates. Quarters late: {late}; waiting for review: "
                "{waiting}. Shown: {shown}."
            ).format(
                year=status.year,
                n=len(status.directorates),
                late=late,
                waiting=waiting,
                shown=self.proxy.rowCount(),
            )
        )

    # --- opening ---------------------------------------------------------------------------
    def open_cell(self, index: QModelIndex) -> None:
        """A received quarter opens its review; anything else the directorate's values."""
        if not index.isValid() or self.model.status is None:
            return
        name = index.data(NAME_ROLE)
        cell = index.data(CELL_ROLE)
        if cell is not None and cell.received and self._open_review(name, cell.quarter):
            return
        self.open_directorate.emit(name, cell.quarter if cell is not None else 0)

    def _open_review(self, name: str, quarter: int) -> bool:
        """The colleague's review dialog when it is installed; False if it is not."""
        if importlib.util.find_spec(REVIEW_MODULE) is None:
            return False
        try:
            dialog_class = getattr(importlib.import_module(REVIEW_MODULE), REVIEW_CLASS)
        except (ImportError, AttributeError):
            log.warning("the review dialog is not available")
            return False
        assert self.model.status is not None
        try:
            dialog = dialog_class(
                self._db, self, year=self.model.status.year, quarter=quarter, directorate=name
            )
        except KbppError as exc:
            QMessageBox.warning(self, _("Cannot open the review"), str(exc))
            return True
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._review_closed(dialog))
        dialog.show()
        return True

    def _review_closed(self, dialog: QWidget) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        self.reload()  # accepted or returned: the matrix shows it at once

    # --- export ----------------------------------------------------------------------------
    def _choose_export(self) -> None:
        if self.model.status is None:
            return
        name = _("overview-{year}.xlsx").format(year=self.model.status.year)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the overview"), name, _("Excel workbook (*.xlsx)")
        )
        if chosen:
            self.export_xlsx(Path(chosen))

    def export_xlsx(self, path: Path) -> None:
        """The whole matrix (every directorate, whatever the filter) as a workbook."""
        assert self.model.status is not None
        try:
            write_status_xlsx(self.model.status, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Cannot write the file"),
                _("{file} could not be written: {error}").format(file=path, error=exc),
            )
            return
        self.summary.setText(_("Wrote {file}.").format(file=path))

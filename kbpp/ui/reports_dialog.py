"""The Reports screen: choose a report, make it off the UI thread with progress and cancel,
preview its first pages, and open the file.

The work runs in `kbpp.reports.build.make_report` on the global thread pool; this dialog only
collects choices, shows progress and turns the finished pages into pictures.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.paths import data_dir
from kbpp.reports.build import ReportOutcome, ReportRequest, make_report, report_choices
from kbpp.reports.preview import PageImage, render_pages
from kbpp.storage import Database
from kbpp.ui.language import RetranslateWhileShown

log = logging.getLogger(__name__)
PREVIEW_PAGES = 3
KINDS = ("program", "monitoring", "results")
FORMATS = (".pdf", ".xlsx")


class _Signals(QObject):
    progress = Signal(int)
    finished = Signal(object)  # (ReportOutcome, list[PageImage])
    failed = Signal(str)


class _ReportTask(QRunnable):
    """Makes one report on a pool thread; never touches a widget."""

    def __init__(self, db: Database, request: ReportRequest, cancel: threading.Event) -> None:
        super().__init__()
        self.db, self.request, self.cancel = db, request, cancel
        self.signals = _Signals()
        self._percent = -1

    def _progress(self, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != self._percent:  # a few hundred updates, not one per flowable
            self._percent = percent
            self.signals.progress.emit(percent)

    def run(self) -> None:
        try:
            outcome = make_report(self.db, self.request, self._progress, self.cancel.is_set)
            pages = render_pages(outcome.path, PREVIEW_PAGES) if outcome.pages else []
        except KbppError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread
            log.exception("Report %s failed", self.request)
            self.signals.failed.emit(_("The report could not be made: {error}").format(error=exc))
        else:
            self.signals.finished.emit((outcome, pages))


def written(outcome: ReportOutcome) -> str:
    if outcome.pages is not None:
        return _("Wrote {path} ({pages} pages).").format(path=outcome.path, pages=outcome.pages)
    return _("Wrote {path} ({sheets} sheets).").format(path=outcome.path, sheets=outcome.sheets)


def page_pixmap(page: PageImage) -> QPixmap:
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB32)
    return QPixmap.fromImage(image.copy())  # copy: the bytes belong to `page`


class ReportsDialog(QDialog):
    """Reports screen. `ReportsDialog(db, parent=None)`; `db` is the open database."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.choices = report_choices(db)
        self.outcome: ReportOutcome | None = None
        self._task: _ReportTask | None = None
        self._cancel = threading.Event()
        self._status: Callable[[], str] = lambda: ""  # the status line, in the current language
        self.kind = QComboBox()
        for key in KINDS:
            self.kind.addItem("", key)
        self.year = QComboBox()
        for year in reversed(self.choices.years):
            self.year.addItem(str(year), year)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem("", q)
        self.directorate = QComboBox()
        self.file_format = QComboBox()
        for suffix in FORMATS:
            self.file_format.addItem("", suffix)
        self.path = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse_button)
        self.form_labels = [QLabel() for _field in range(6)]
        form = QFormLayout()
        fields = (self.kind, self.year, self.quarter, self.directorate, self.file_format)
        for label, field in zip(self.form_labels, (*fields, file_row), strict=True):
            form.addRow(label, field)

        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = QHBoxLayout()
        self.preview.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows with pages
        holder = QWidget()
        holder.setLayout(self.preview)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setMinimumHeight(320)

        buttons = QDialogButtonBox()
        self.make_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.make_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_file)
        close.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._update_choices)
        self.year.currentIndexChanged.connect(self._update_choices)
        self.quarter.currentIndexChanged.connect(self._suggest_path)
        self.directorate.currentIndexChanged.connect(self._suggest_path)
        self.file_format.currentIndexChanged.connect(self._suggest_path)
        self._update_choices()
        self._set_running(False)
        self.open_button.setEnabled(False)
        if not self.choices.years:
            self.make_button.setEnabled(False)
            self._status = lambda: _("There is no program year yet; import a plan first.")
        RetranslateWhileShown(self, self)
        self.retranslate_ui()
        self.resize(760, 620)

    def retranslate_ui(self) -> None:
        """Every text of the screen in the current language (after a language switch too)."""
        self.setWindowTitle(_("Reports"))
        kinds = (_("Performance Program"), _("Quarterly monitoring"), _("Annual results"))
        for index, label in enumerate(kinds):
            self.kind.setItemText(index, label)
        for index in range(self.quarter.count()):
            self.quarter.setItemText(index, _("Q{q}").format(q=self.quarter.itemData(index)))
        self.directorate.setItemText(0, _("All directorates"))
        self.file_format.setItemText(0, _("PDF document"))
        self.file_format.setItemText(1, _("Excel workbook"))
        self.browse_button.setText(_("Browse…"))
        labels = (_("Report"), _("Year"), _("Quarter"), _("Directorate"), _("Format"), _("File"))
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        self.make_button.setText(_("Make report"))
        self.cancel_button.setText(_("Cancel"))
        self.open_button.setText(_("Open file"))
        self.status.setText(self._status())

    def _show_status(self, text: Callable[[], str]) -> None:
        """Show `text()` now and again, retranslated, after a language switch."""
        self._status = text
        self.status.setText(text())

    def _update_choices(self) -> None:
        year = self.year.currentData()
        current = self.directorate.currentData()
        self.directorate.blockSignals(True)
        self.directorate.clear()
        self.directorate.addItem(_("All directorates"), None)
        for name in self.choices.directorates.get(year, ()):
            self.directorate.addItem(name, name)
        index = self.directorate.findData(current)
        self.directorate.setCurrentIndex(max(index, 0))
        self.directorate.blockSignals(False)
        self.quarter.setEnabled(self.kind.currentData() == "monitoring")
        self._suggest_path()

    def _suggest_path(self) -> None:
        parts = [self.kind.currentData(), str(self.year.currentData())]
        if self.kind.currentData() == "monitoring":
            parts.append(f"Q{self.quarter.currentData()}")
        folder = Path(self.path.text()).parent if self.path.text() else data_dir() / "reports"
        name = "-".join(parts) + self.file_format.currentData()
        self.path.setText(str(folder / name))

    def _browse(self) -> None:
        suffix = self.file_format.currentData()
        pattern = _("PDF document (*.pdf)") if suffix == ".pdf" else _("Excel workbook (*.xlsx)")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the report as"), self.path.text(), pattern
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(suffix) else chosen + suffix)

    def request(self) -> ReportRequest:
        kind = self.kind.currentData()
        return ReportRequest(
            kind=kind,
            year=self.year.currentData(),
            out=Path(self.path.text()),
            quarter=self.quarter.currentData() if kind == "monitoring" else None,
            directorate=self.directorate.currentData(),
        )

    def start(self) -> None:
        """Make the chosen report on a pool thread."""
        self._cancel = threading.Event()
        self.outcome = None
        self._clear_preview()
        self.progress.setValue(0)
        self._show_status(lambda: _("Making the report…"))
        task = _ReportTask(self.db, self.request(), self._cancel)
        task.signals.progress.connect(self.progress.setValue)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        self._task = task
        self._set_running(True)
        QThreadPool.globalInstance().start(task)

    def cancel(self) -> None:
        self._cancel.set()
        self._show_status(lambda: _("Cancelling…"))

    def is_running(self) -> bool:
        return self._task is not None

    def _set_running(self, running: bool) -> None:
        self.make_button.setEnabled(not running and bool(self.choices.years))
        self.cancel_button.setEnabled(running)
        for widget in (self.kind, self.year, self.directorate, self.file_format, self.path):
            widget.setEnabled(not running)
        self.quarter.setEnabled(not running and self.kind.currentData() == "monitoring")

    def _finished(self, result: tuple[ReportOutcome, list[PageImage]]) -> None:
        outcome, pages = result
        self._task = None
        self.outcome = outcome
        self._set_running(False)
        self.progress.setValue(100)
        self._show_status(lambda: written(outcome))
        self.open_button.setEnabled(True)
        for page in pages:
            label = QLabel()
            pixmap = page_pixmap(page)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())  # whole pages; the area scrolls
            self.preview.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)

    def _failed(self, message: str) -> None:
        self._task = None
        self._set_running(False)
        self.progress.setValue(0)
        self._show_status(lambda: message)  # translated when it was raised

    def _clear_preview(self) -> None:
        while self.preview.count():
            item = self.preview.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def open_file(self) -> None:
        if self.outcome is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.path)))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop a running report (its file is not written) before the dialog goes away."""
        if self._task is not None:
            self._cancel.set()
            QThreadPool.globalInstance().waitForDone(10_000)
        super().closeEvent(event)

"""Publishing: the year's reference packages for every directorate (or one) into a folder.

Unwrapping the key, building and signing run off the UI thread (`kbpp.ui.workers`) in
`kbpp.office.publish.publish`, the function `kbpp publish` uses; cancel stops before anything is
renamed into the folder, so either the whole set is there or none of it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.i18n import _, ngettext
from kbpp.office.publish import publish, publishable_directorates
from kbpp.packages.export import export_choices
from kbpp.paths import data_dir
from kbpp.storage import Database
from kbpp.ui.path_fields import (
    browse_button,
    browse_row,
    choose_file,
    choose_folder,
    passphrase_edit,
)
from kbpp.ui.workers import Job, start


class PublishDialog(QDialog):
    """`PublishDialog(db, parent=None)`: sign and write reference packages."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Job | None = None
        self._stop = threading.Event()  # set by cancel, read by the running job
        self.paths: list[Path] = []
        choices = export_choices(db)
        self.setWindowTitle(_("Publish reference packages"))
        self.year = QComboBox()
        for year in reversed(choices.years):
            self.year.addItem(str(year), year)
        self.directorate = QComboBox()
        self.directorate.addItem(_("All directorates"), None)
        for name in choices.directorates:
            self.directorate.addItem(name, name)
        self.key_path = QLineEdit()
        self.passphrase = passphrase_edit()
        self.folder = QLineEdit(str(data_dir() / "packages" / "reference"))
        form = QFormLayout()
        form.addRow(_("Year"), self.year)
        form.addRow(_("Directorate"), self.directorate)
        form.addRow(
            _("Office key file"), browse_row(self.key_path, browse_button(self._browse_key))
        )
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Output folder"), browse_row(self.folder, browse_button(self._browse_folder)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.results = QListWidget()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.publish_button = buttons.addButton(
            _("Sign and write"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            _("Cancel publishing"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button.setEnabled(False)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.publish_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Written packages:")))
        layout.addWidget(self.results, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.year.currentIndexChanged.connect(self.refresh)
        self.directorate.currentIndexChanged.connect(self.refresh)
        self.resize(700, 560)
        self.refresh()

    def _browse_key(self) -> None:
        choose_file(self, self.key_path, _("Choose the office's key file"))

    def _browse_folder(self) -> None:
        choose_folder(self, self.folder, _("Write the packages to"))

    def refresh(self) -> None:
        """Who would receive a package."""
        year = self.year.currentData()
        if year is None:
            self.summary.setText(_("There is no program year yet."))
            self.publish_button.setEnabled(False)
            return
        try:
            names = publishable_directorates(self.db, year)
        except KbppError as exc:
            self.summary.setText(str(exc))
            self.publish_button.setEnabled(False)
            return
        one = self.directorate.currentData()
        if one is not None:
            names = [one] if one in names else []
        if names:
            text = ngettext(
                "{n} directorate will receive a reference package with the plan, its cards, "
                "the year's settings and calendar, its quarter states and comments.",
                "{n} directorates will receive a reference package with the plan, their "
                "cards, the year's settings and calendar, their quarter states and comments.",
                len(names),
            ).format(n=len(names))
        else:
            text = _("This directorate has no goal cards in {year}.").format(year=year)
        self.summary.setText(text)
        self.publish_button.setEnabled(bool(names) and self.job is None)

    def start(self) -> None:
        year, directorate = self.year.currentData(), self.directorate.currentData()
        key_path, passphrase = Path(self.key_path.text()), self.passphrase.text()
        folder = Path(self.folder.text())
        self.passphrase.clear()
        self.results.clear()
        self.progress.setValue(0)
        self.status.setText(_("Unlocking the key…"))
        self.publish_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._stop.clear()

        def work(job: Job) -> list[Path]:
            return publish(
                self.db,
                year,
                key_path,
                passphrase,
                folder,
                directorate,
                progress=job.progress,
                cancelled=lambda: job.cancelled or self._stop.is_set(),
            )

        self.job = start(work, self._finished, self._failed, self._progress)

    def cancel(self) -> None:
        if self.cancel_button.isEnabled():
            self._stop.set()
            self.status.setText(_("Cancelling…"))

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(text)

    def _done(self) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        self.refresh()

    def _finished(self, paths: list[Path]) -> None:
        self.paths = paths
        for path in paths:
            self.results.addItem(path.name)
        self.progress.setValue(100)
        self.status.setText(
            ngettext(
                "{n} package written to {folder}.", "{n} packages written to {folder}.", len(paths)
            ).format(n=len(paths), folder=paths[0].parent if paths else "")
        )
        self._done()

    def _failed(self, message: str) -> None:
        self.progress.setValue(0)
        self.status.setText(message)
        self._done()

    def closeEvent(self, event: object) -> None:
        self.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]

"""The export screen: choose what to send, see the summary, sign with the passphrase, write.

The summary (values, what is still missing, required notes absent) comes from
`kbpp.packages.export.export_summary`; unwrapping the key (scrypt) and signing run off the UI
thread in `export_package`, the function `kbpp package export` uses.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError, ValidationError
from kbpp.i18n import _
from kbpp.packages.export import ExportResult, export_choices, export_package, export_summary
from kbpp.packages.keys import load_signing_key
from kbpp.paths import data_dir
from kbpp.storage import Database
from kbpp.ui.package_task import BackgroundTask, Progress, run_task
from kbpp.ui.path_fields import (
    browse_button,
    browse_row,
    choose_file,
    choose_folder,
    passphrase_edit,
)

TYPE_LABELS = {
    "data": lambda: _("Quarter values (data)"),
    "reference": lambda: _("Plan and cards (reference)"),
    "return": lambda: _("Returned quarter (return)"),
}


class PackageExportDialog(QDialog):
    """`PackageExportDialog(db, parent=None)`: one signed package to a folder or USB stick."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result: ExportResult | None = None
        self._task: BackgroundTask | None = None
        self.choices = export_choices(db)
        self.setWindowTitle(_("Send a package"))
        self.type = QComboBox()
        for key in self.choices.types:
            self.type.addItem(TYPE_LABELS[key](), key)
        self.year = QComboBox()
        for year in reversed(self.choices.years):
            self.year.addItem(str(year), year)
        self.quarter = QComboBox()
        self.quarter.addItem(_("Cards only (draft phase)"), None)
        for q in range(1, 5):
            self.quarter.addItem(_("Q{q}").format(q=q), q)
        self.directorate = QComboBox()
        for name in self.choices.directorates:
            self.directorate.addItem(name, name)
        self.key_path = QLineEdit()
        self.passphrase = passphrase_edit()
        self.folder = QLineEdit(str(data_dir() / "packages"))
        form = QFormLayout()
        form.addRow(_("Package"), self.type)
        form.addRow(_("Year"), self.year)
        form.addRow(_("Quarter"), self.quarter)
        if db.role == "office":
            form.addRow(_("Directorate"), self.directorate)
        form.addRow(_("Key file"), browse_row(self.key_path, browse_button(self._browse_key)))
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(
            _("Folder or USB stick"), browse_row(self.folder, browse_button(self._browse_folder))
        )
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            _("Sign and write"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for combo in (self.type, self.year, self.quarter, self.directorate):
            combo.currentIndexChanged.connect(self.refresh_summary)
        self.resize(640, 560)
        self.refresh_summary()

    def _browse_key(self) -> None:
        choose_file(self, self.key_path, _("Choose your key file"))

    def _browse_folder(self) -> None:
        choose_folder(self, self.folder, _("Write the package to"), self.folder.text())

    def _selection(self) -> tuple[str, int, int | None, str | None]:
        directorate = self.directorate.currentData() if self.db.role == "office" else None
        return (
            self.type.currentData(),
            self.year.currentData(),
            self.quarter.currentData(),
            directorate,
        )

    def refresh_summary(self) -> None:
        """What the package would carry, and whether it may be sent as it is."""
        kind, year, quarter, directorate = self._selection()
        if year is None:
            self.summary.setPlainText(_("There is no program year yet."))
            self.export_button.setEnabled(False)
            return
        try:
            s = export_summary(self.db, kind, year, quarter, directorate)
        except KbppError as exc:
            self.summary.setPlainText(str(exc))
            self.export_button.setEnabled(False)
            return
        lines = [_("From {issuer} to {audience}.").format(issuer=s.issuer, audience=s.audience)]
        if kind == "data" and quarter is not None:
            lines.append(
                _("{values} of {total} indicators have a value.").format(
                    values=s.values, total=s.indicators
                )
            )
            if s.missing_values:
                lines.append(_("Still missing: {codes}").format(codes=", ".join(s.missing_values)))
            if s.missing_notes:
                lines.append(
                    _("A deviation note is required first for: {codes}").format(
                        codes=", ".join(s.missing_notes)
                    )
                )
        self.summary.setPlainText("\n".join(lines))
        self.export_button.setEnabled(not s.missing_notes)

    def start(self) -> None:
        kind, year, quarter, directorate = self._selection()
        key_path, passphrase = Path(self.key_path.text()), self.passphrase.text()
        folder = Path(self.folder.text())
        self.passphrase.clear()
        self.progress.setRange(0, 0)  # busy: scrypt and signing take a moment
        self.status.setText(_("Signing…"))
        self.export_button.setEnabled(False)

        def work(_progress: Progress) -> ExportResult:
            key = load_signing_key(key_path, passphrase)
            folder.mkdir(parents=True, exist_ok=True)
            return export_package(self.db, key, folder, kind, year, quarter, directorate)

        self._task = run_task(work, self._finished, self._failed)

    def is_running(self) -> bool:
        return self._task is not None

    def _finished(self, result: ExportResult) -> None:
        self._task = None
        self.result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(
            _("Wrote {file} (sequence {seq}).").format(file=result.path, seq=result.sequence)
        )
        self.refresh_summary()

    def _failed(self, message: str, error: object) -> None:
        self._task = None
        self.progress.setRange(0, 1)
        problems = error.problems if isinstance(error, ValidationError) else []
        self.status.setText("\n".join([message, *problems[:20]]))
        self.refresh_summary()

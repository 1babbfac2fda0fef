"""The import screen: add or drop .kbpp files, check them (verify + dry run), then import.

Every step runs `kbpp.packages.importer.import_packages` off the UI thread, the same function
`kbpp package import` uses; the table shows one row per file and the panel below it the
changes (old → new), conflicts or the rejection of the selected file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.i18n import _
from kbpp.packages.errors import FINGERPRINT_UNCONFIRMED
from kbpp.packages.importer import (
    ALREADY_IMPORTED,
    IMPORTED,
    REJECTED,
    WOULD_IMPORT,
    Outcome,
    import_packages,
    signer_fingerprint,
)
from kbpp.planexchange.importer import describe_counts
from kbpp.storage import Database
from kbpp.ui.package_task import BackgroundTask, Progress, run_task

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
STATUS_TEXT = {
    WOULD_IMPORT: lambda: _("ready to import"),
    IMPORTED: lambda: _("imported"),
    ALREADY_IMPORTED: lambda: _("already imported"),
    REJECTED: lambda: _("rejected"),
}


class OutcomeModel(QAbstractTableModel):
    """One row per chosen file: before checking, after the dry run, after the import."""

    FILE, STATUS, ISSUER, SEQUENCE, CHANGES = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []
        self.outcomes: dict[Path, Outcome] = {}

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.paths)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("File"), _("Status"), _("From"), _("Sequence"), _("Changes"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        path = self.paths[index.row()]
        o = self.outcomes.get(path)
        column = index.column()
        if column == self.FILE:
            return path.name
        if o is None:
            return _("not checked") if column == self.STATUS else ""
        if column == self.STATUS:
            return (
                f"{STATUS_TEXT[o.status]()} ({o.error.code})"
                if o.error
                else STATUS_TEXT[o.status]()
            )
        if o.manifest is None:
            return ""
        if column == self.ISSUER:
            return o.manifest.issuer
        if column == self.SEQUENCE:
            return o.manifest.sequence
        return len(o.changes) + sum(o.created.values())

    def set_paths(self, paths: list[Path]) -> None:
        self.beginResetModel()
        self.paths = list(dict.fromkeys(paths))
        self.outcomes = {}
        self.endResetModel()

    def set_outcomes(self, outcomes: list[Outcome]) -> None:
        self.beginResetModel()
        self.outcomes = {o.path: o for o in outcomes}
        self.endResetModel()


def outcome_details(o: Outcome | None) -> str:
    """The text under the table: what the selected file would change, or why it was refused."""
    if o is None:
        return ""
    if o.error is not None:
        return "\n".join([str(o.error), *(f"  {p}" for p in o.error.problems)])
    lines = [_("Signed by {fp}").format(fp=o.fingerprint)]
    created = describe_counts(o.created)
    if created:
        lines.append(_("New: {items}").format(items=created))
    for c in o.changes:
        where = c.key + (f" [{c.field}]" if c.field else "")
        lines.append(
            f"{where}: {c.old if c.old is not None else '–'} → "
            f"{c.new if c.new is not None else '–'}"
        )
    lines += [_("Conflict: {text}").format(text=c) for c in o.conflicts]
    return "\n".join(lines)


class PackageImportDialog(QDialog):
    """`PackageImportDialog(db, parent=None, paths=())`: check, then import, packages."""

    imported = Signal(list)  # the outcomes of a real import, for views to reload

    def __init__(self, db: Database, parent: QWidget | None = None, paths: tuple = ()) -> None:
        super().__init__(parent)
        self.db = db
        self.trust_office: str | None = None
        self._task: BackgroundTask | None = None
        self.setWindowTitle(_("Import packages"))
        self.setAcceptDrops(True)
        self.model = OutcomeModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.progress = QProgressBar()
        self.status = QLabel(_("Add .kbpp files or drop them here."))
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(_("Add files…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button = buttons.addButton(_("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.add_button.clicked.connect(self._browse)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.set_paths([Path(p) for p in paths])

    def set_paths(self, paths: list[Path]) -> None:
        self.model.set_paths(paths)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self._task is None
        checked = bool(self.model.outcomes) and all(
            o.status != WOULD_IMPORT or not o.conflicts for o in self.model.outcomes.values()
        )
        ready = any(o.status == WOULD_IMPORT for o in self.model.outcomes.values())
        self.add_button.setEnabled(idle)
        self.check_button.setEnabled(idle and bool(self.model.paths))
        self.import_button.setEnabled(idle and checked and ready)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose packages"), "", _("KBPP packages (*.kbpp)")
        )
        if chosen:
            self.set_paths(self.model.paths + [Path(c) for c in chosen])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        dropped = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.set_paths(self.model.paths + dropped)
        event.acceptProposedAction()

    def run(self, dry_run: bool) -> None:
        """Check (dry run) or import every listed file on a pool thread."""
        paths, trust = list(self.model.paths), self.trust_office
        total = max(len(paths), 1)
        self.progress.setValue(0)
        self.status.setText(_("Checking…") if dry_run else _("Importing…"))

        def work(progress: Progress) -> list[Outcome]:
            def step(i: int, path: Path) -> None:
                progress(int(i * 100 / total), path.name)

            return import_packages(self.db, paths, dry_run, trust, step)

        self._task = run_task(
            work,
            lambda outcomes: self._finished(outcomes, dry_run),
            self._failed,
            lambda percent, name: (self.progress.setValue(percent), self.status.setText(name)),
        )
        self._update_buttons()

    def is_running(self) -> bool:
        return self._task is not None

    def _finished(self, outcomes: list[Outcome], dry_run: bool) -> None:
        self._task = None
        self.progress.setValue(100)
        self.model.set_outcomes(outcomes)
        rejected = sum(1 for o in outcomes if o.status == REJECTED)
        self.status.setText(
            _("Files fine: {ok}. Rejected: {bad}.").format(
                ok=len(outcomes) - rejected, bad=rejected
            )
        )
        self._update_buttons()
        if self.model.paths:
            self.table.selectRow(0)
        if not dry_run:
            self.imported.emit(outcomes)
            return
        unconfirmed = next(
            (o for o in outcomes if o.error and o.error.code == FINGERPRINT_UNCONFIRMED), None
        )
        if unconfirmed is not None and self.trust_office is None:
            self._confirm_office_key(unconfirmed)

    def _confirm_office_key(self, outcome: Outcome) -> None:
        fp = signer_fingerprint(outcome.path)
        answer = QMessageBox.question(
            self,
            _("The office's key"),
            _(
                "The package is signed by the key\n\n{fp}\n\nIs this the fingerprint the strategy "
                "office gave you?"
            ).format(fp=fp),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.trust_office = fp
            self.run(dry_run=True)

    def _failed(self, message: str, _error: object) -> None:
        self._task = None
        self.status.setText(message)
        self._update_buttons()

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        path = self.model.paths[current.row()]
        self.details.setPlainText(outcome_details(self.model.outcomes.get(path)))

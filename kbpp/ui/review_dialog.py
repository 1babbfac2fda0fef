"""The office's review of a directorate's received quarter: accept it, or return it with a
comment per indicator as a signed return package."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.formatting import format_date, format_datetime, format_number
from kbpp.i18n import _, ngettext
from kbpp.office.review import (
    ReviewRefused,
    accept_quarter,
    return_quarter,
    return_refusal,
    review_quarter,
)
from kbpp.packages.export import export_choices
from kbpp.packages.keys import load_signing_key
from kbpp.paths import data_dir
from kbpp.storage import Database
from kbpp.ui.path_fields import browse_button, choose_file, choose_folder, passphrase_edit
from kbpp.ui.review_model import (
    COL_BAND,
    COL_CHANGE,
    COL_CODE,
    COL_COMMENT,
    COL_NAME,
    COL_NOTE,
    COL_RATE,
    COL_TARGET,
    COL_UNIT,
    COL_VALUE,
    COL_WARNINGS,
    COL_YTD,
    ReviewModel,
)

_WIDTHS = {
    COL_CODE: 86,
    COL_NAME: 210,
    COL_UNIT: 52,
    COL_TARGET: 62,
    COL_VALUE: 76,
    COL_YTD: 76,
    COL_RATE: 70,
    COL_BAND: 118,
    COL_CHANGE: 100,
    COL_NOTE: 150,
    COL_WARNINGS: 90,
    COL_COMMENT: 200,
}


def state_text(state: str) -> str:
    return {
        "open": _("not received"),
        "submitted": _("received, waiting for review"),
        "accepted": _("accepted"),
        "returned": _("returned"),
    }.get(state, state)


class ReturnDialog(QDialog):
    """Why the quarter goes back, the office's key and passphrase, and where to write it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReturnDialog")
        self.setWindowTitle(_("Return the quarter"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. two values do not match the evidence"))
        self.key_file = QLineEdit()
        self.passphrase = passphrase_edit()
        self.folder = QLineEdit(str(data_dir()))
        browse_key = browse_button(self._choose_key)
        browse_folder = browse_button(self._choose_folder)
        form = QFormLayout()
        form.addRow(_("&Reason:"), self.reason)
        form.addRow(_("Office &key file:"), _row(self.key_file, browse_key))
        form.addRow(_("&Passphrase:"), self.passphrase)
        form.addRow(_("Write the package &to:"), _row(self.folder, browse_folder))
        note = QLabel(
            _(
                "The directorate sees the reason and your comments beside its values after it "
                "imports the return package; the quarter opens again for its corrections."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Return"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _choose_key(self) -> None:
        choose_file(self, self.key_file, _("Choose the office's key file"))

    def _choose_folder(self) -> None:
        choose_folder(self, self.folder, _("Where to write the return package"))


def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return box


class ReviewDialog(QDialog):
    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        year: int | None = None,
        quarter: int | None = None,
        directorate: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewDialog")
        self._db = db
        self.last_message = ""
        self.setWindowTitle(_("Review a quarter"))
        choices = export_choices(db)
        self.year_combo = QComboBox()
        for y in choices.years:
            self.year_combo.addItem(str(y), y)
        self.quarter_combo = QComboBox()
        for q in range(1, 5):
            self.quarter_combo.addItem(_("Q{quarter}").format(quarter=q), q)
        self.directorate_combo = QComboBox()
        self.directorate_combo.setMinimumContentsLength(28)
        for name in choices.directorates:
            self.directorate_combo.addItem(name, name)
        chooser = QHBoxLayout()
        for label, combo, given in (
            (_("&Year:"), self.year_combo, year),
            (_("&Quarter:"), self.quarter_combo, quarter),
            (_("&Directorate:"), self.directorate_combo, directorate),
        ):
            if given is not None:
                combo.setCurrentIndex(max(combo.findData(given), 0))
            lead = QLabel(label)
            lead.setBuddy(combo)
            chooser.addWidget(lead)
            chooser.addWidget(combo)
            lead.setVisible(given is None)
            combo.setVisible(given is None)
            combo.currentIndexChanged.connect(self.reload)
        chooser.addStretch(1)

        self.header = QLabel()
        self.header.setObjectName("ReviewHeader")
        self.header.setWordWrap(True)
        self.model = ReviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.accept_button = QPushButton(_("&Accept"))
        self.accept_button.setToolTip(
            _("Accept the quarter: it is locked for the directorate, with your name and the date.")
        )
        self.return_button = QPushButton(_("&Return with comments…"))
        self.return_button.setToolTip(
            _("Send the quarter back with the comments typed in the last column.")
        )
        self.close_button = QPushButton(_("Close"))
        self.accept_button.clicked.connect(self.accept_clicked)
        self.return_button.clicked.connect(self.return_clicked)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(1320, 700)
        self.reload()

    # --- what is shown ---------------------------------------------------------------------
    def selection(self) -> tuple[int, int, str] | None:
        year, quarter = self.year_combo.currentData(), self.quarter_combo.currentData()
        name = self.directorate_combo.currentData()
        if year is None or name is None:
            return None
        return year, quarter, name

    def reload(self) -> None:
        chosen = self.selection()
        if chosen is None:
            self.model.set_review(None)
            self.header.setText(_("There is no program year or directorate to review yet."))
            self._update_buttons()
            return
        try:
            review = review_quarter(self._db, *chosen)
        except KbppError as exc:
            self.model.set_review(None)
            self.header.setText(str(exc))
            self._update_buttons()
            return
        self.model.set_review(review)
        self.header.setText(self._header_text())
        self._update_buttons()

    def _header_text(self) -> str:
        review = self.model.review
        assert review is not None
        lines = [
            _("<b>Q{q} {year} · {name}</b> — {state}").format(
                q=review.quarter,
                year=review.year,
                name=review.directorate,
                state=state_text(review.state),
            )
        ]
        if review.reason and (review.locked or review.state in ("accepted", "returned")):
            lines[0] += f" ({review.reason})"
        if review.received:
            lines.append(
                _("Received package #{sequence} on {date} ({file}).").format(
                    sequence=review.received.sequence,
                    date=format_datetime(review.received.imported_at),
                    file=review.received.file_name,
                )
            )
        if review.baseline:
            changed = len(review.changed_rows)
            since = (
                ngettext(
                    "Since it was accepted on {date}: {n} indicator changed.",
                    "Since it was accepted on {date}: {n} indicators changed.",
                    changed,
                )
                if review.baseline == "accepted"
                else ngettext(
                    "Since it was returned on {date}: {n} indicator changed.",
                    "Since it was returned on {date}: {n} indicators changed.",
                    changed,
                )
            )
            lines.append(
                since.format(date=format_date(review.baseline_at), n=format_number(changed))
            )
        warnings = sum(1 for r in review.rows if r.warnings)
        missing = sum(1 for r in review.rows if r.value is None)
        lines.append(
            _("{n} indicators · {missing} without a value · {warnings} with warnings").format(
                n=format_number(len(review.rows)),
                missing=format_number(missing),
                warnings=format_number(warnings),
            )
        )
        return "<br>".join(lines)

    def _update_buttons(self) -> None:
        review = self.model.review
        self.accept_button.setEnabled(review is not None)
        self.return_button.setEnabled(review is not None)

    # --- decisions -------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = True) -> None:
        """Refusals in a message box (the sentence says why and what to do)."""
        self.last_message = text
        self.message.setText("" if error else text)
        if error and not self.property("quiet"):
            QMessageBox.warning(self, _("Review a quarter"), text)

    def accept_clicked(self) -> bool:
        chosen = self.selection()
        if chosen is None:
            return False
        try:
            reason = accept_quarter(self._db, *chosen)
        except KbppError as exc:
            self.show_message(str(exc))
            return False
        self.reload()
        self.show_message(_("Accepted and locked: {reason}.").format(reason=reason), error=False)
        return True

    def return_clicked(self) -> bool:
        chosen = self.selection()
        if chosen is None:
            return False
        try:
            refusal = return_refusal(self._db, *chosen)  # before asking for key and passphrase
        except KbppError as exc:
            refusal = exc
        if refusal is not None:
            self.show_message(str(refusal))
            return False
        dialog = ReturnDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.send_back(
            dialog.reason.text(),
            Path(dialog.key_file.text()),
            dialog.passphrase.text(),
            Path(dialog.folder.text()),
        )

    def send_back(self, reason: str, key_file: Path, passphrase: str, folder: Path) -> bool:
        """Return the quarter with the typed comments; the package's path in the message."""
        chosen = self.selection()
        if chosen is None:
            return False
        try:
            if not reason.strip():
                raise ReviewRefused(
                    _("Say why the quarter goes back: a return needs a reason for the directorate.")
                )
            key = load_signing_key(key_file, passphrase)
            path = return_quarter(self._db, *chosen, self.model.comments(), reason, key, folder)
        except KbppError as exc:
            self.show_message(str(exc))
            return False
        self.reload()
        self.show_message(
            _("Returned. Give the directorate {file}.").format(file=path), error=False
        )
        return True

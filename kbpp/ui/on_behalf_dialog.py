"""Asking the office why it enters a directorate's value (once per batch of edits)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kbpp.i18n import _


class OnBehalfDialog(QDialog):
    """The reason, and whether to keep using it for the next edits of the same directorate."""

    def __init__(self, directorate: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OnBehalfDialog")
        self.setWindowTitle(_("Entering a value for {name}").format(name=directorate))
        text = QLabel(
            _(
                "You are entering a value on behalf of {name}. It is marked as entered by the "
                "strategy office, with your reason, in the audit log, in the directorate's "
                "workspace and in the reports."
            ).format(name=directorate)
        )
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. figures from the signed report of 12 April"))
        self.keep = QCheckBox(_("Use this reason for my next edits of this directorate"))
        self.keep.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(_("&Reason:"), buddy=self.reason))
        layout.addWidget(self.reason)
        layout.addWidget(self.keep)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        ok.setEnabled(bool(self.reason.text().strip()))


def ask_reason(directorate: str, parent: QWidget | None) -> tuple[str, bool] | None:
    """(reason, keep it) or None when the clerk cancelled."""
    dialog = OnBehalfDialog(directorate, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip(), dialog.keep.isChecked()

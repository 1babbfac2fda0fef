"""The fields the signing dialogs share: a path typed or chosen with "Browse…", and a passphrase.

Sending a package, publishing and writing letters ask for the same things the same way; the
dialogs keep their own titles and labels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kbpp.i18n import _


def browse_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    """The path field with its "Browse…" button on the right."""
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def browse_button(choose: Callable[[], None]) -> QPushButton:
    button = QPushButton(_("Browse…"))
    button.clicked.connect(choose)
    return button


def passphrase_edit() -> QLineEdit:
    """A passphrase is never shown; the dialogs clear it as soon as a job has taken it."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def choose_file(parent: QWidget, edit: QLineEdit, title: str) -> None:
    """Put an existing file the user picks into `edit` (cancel leaves it as it was)."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, title)
    if chosen:
        edit.setText(chosen)


def choose_folder(parent: QWidget, edit: QLineEdit, title: str, start: str = "") -> None:
    """Put a folder the user picks (starting in `start`) into `edit`."""
    chosen = QFileDialog.getExistingDirectory(parent, title, start)
    if chosen:
        edit.setText(chosen)

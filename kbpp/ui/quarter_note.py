"""The deviation-note editor that opens right in the grid, offering earlier quarters' notes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kbpp.formatting import format_rate
from kbpp.i18n import _
from kbpp.quarter_entry import EntryRow, earlier_notes
from kbpp.ui.quarter_model import RowState
from kbpp.values import MAX_NOTE_LENGTH


class NoteDialog(QDialog):
    """Write (or reuse) the deviation note of one indicator's open quarter."""

    def __init__(
        self, row: EntryRow, state: RowState, quarter: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("NoteDialog")
        facts = row.facts
        self.setWindowTitle(_("Deviation note — {code}").format(code=facts.code))
        band = state.result.band.key if state.result.band else "–"
        why = (
            _("Required: the rate is outside the year's thresholds.")
            if state.result.note_required
            else _("Not required, but you may explain the value.")
        )
        self.info = QLabel(
            _("{code} · {name}\nQ{quarter}, year to date: rate {rate}, band {band}. {why}").format(
                code=facts.code,
                name=facts.name,
                quarter=quarter,
                rate=format_rate(state.result.printed_rate),
                band=band,
                why=why,
            )
        )
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = QPlainTextEdit(row.notes.get(f"Q{quarter}") or "")
        self.editor.setPlaceholderText(_("Why does the value deviate from the target?"))
        self.editor.setTabChangesFocus(True)

        notes = earlier_notes(row, quarter)
        self.earlier = QStringListModel(notes, self)
        self.earlier_view = QListView()
        self.earlier_view.setModel(self.earlier)
        self.earlier_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.earlier_view.setWordWrap(True)
        self.earlier_view.setMaximumHeight(110)
        self.earlier_view.doubleClicked.connect(self.reuse)
        self.reuse_button = QPushButton(_("&Use the selected earlier note"))
        self.reuse_button.clicked.connect(lambda: self.reuse(self.earlier_view.currentIndex()))
        earlier_label = QLabel(_("Notes of earlier quarters (double-click to reuse):"))
        for widget in (earlier_label, self.earlier_view, self.reuse_button):
            widget.setVisible(bool(notes))
        if notes:
            self.earlier_view.setCurrentIndex(self.earlier.index(0))

        self.length = QLabel()
        self.editor.textChanged.connect(self._update_length)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.length)
        layout.addWidget(earlier_label)
        layout.addWidget(self.earlier_view)
        layout.addWidget(self.reuse_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.resize(560, 400)
        self._update_length()
        self.editor.setFocus()

    def note(self) -> str:
        return self.editor.toPlainText().strip()

    def reuse(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editor.setPlainText(index.data())
            self.editor.setFocus()

    def _update_length(self) -> None:
        n = len(self.note())
        too_long = n > MAX_NOTE_LENGTH
        self.length.setText(
            _("{n} of at most {limit} characters").format(n=n, limit=MAX_NOTE_LENGTH)
        )
        self.length.setStyleSheet("color: #b71c1c;" if too_long else "color: palette(mid);")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not too_long)

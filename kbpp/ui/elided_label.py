"""A one-line label that shortens its text in the middle ("C:\\Users\\…\\kbpp.db") to fit.

Paths and names in the status bar can be longer than any screen; cutting them off at the end
hides the part that matters (the file name), so the middle gives way instead and the tooltip
keeps the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

PREFERRED_CHARS = 48  # wide enough for a typical path; anything longer is elided


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        wanted = min(
            metrics.horizontalAdvance(self.text()), metrics.averageCharWidth() * PREFERRED_CHARS
        )
        margins = self.contentsMargins()
        return QSize(wanted + margins.left() + margins.right(), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 8, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.contentsRect()
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideMiddle, area.width()
        )
        painter.drawText(area, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)

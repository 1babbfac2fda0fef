"""The read-only panel beside the tree: everything about the selected theme, aim, objective or
performance target, with its full text (the tree only has room for the start of it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kbpp.formatting import EMPTY, format_number
from kbpp.i18n import _
from kbpp.plan_tree import GoalNode


def kind_label(kind: str) -> str:
    labels = {
        "theme": _("Theme"),
        "aim": _("Aim"),
        "objective": _("Objective"),
        "target": _("Performance target"),
    }
    return labels.get(kind, kind)


def quarter_text(quarter: int | None) -> str:
    if quarter is None:
        return _("none yet")
    return _("Q{quarter}").format(quarter=quarter)


def notes_text(node: GoalNode) -> str:
    """Deviation notes the quarter's year-to-date rates need, and how many are still unwritten."""
    c = node.counts
    return _("{required} required, {without} not written yet").format(
        required=format_number(c.notes_required), without=format_number(c.notes_missing)
    )


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class DetailsPanel(QStackedWidget):
    """Page 0: a hint to select something; page 1: the selected node's details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._node: GoalNode | None = None
        self._quarter: int | None = None

        self._hint = QLabel()
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setEnabled(False)
        self.addWidget(self._hint)

        page = QWidget()
        layout = QVBoxLayout(page)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.code = _value_label()
        self.text = _value_label()
        self.directorate = _value_label()
        self.targets = _value_label()
        self.indicators = _value_label()
        self.quarter = _value_label()
        self.missing = _value_label()
        self.notes = _value_label()
        self._form_labels: list[tuple[QLabel, QLabel]] = []
        for value in (
            self.code,
            self.text,
            self.directorate,
            self.targets,
            self.indicators,
            self.quarter,
            self.missing,
            self.notes,
        ):
            caption = QLabel()
            form.addRow(caption, value)
            self._form_labels.append((caption, value))
        layout.addLayout(form)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.addWidget(scroll)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._hint.setText(
            _("Select a theme, aim, objective or performance target to see it here.")
        )
        captions = (
            _("Code:"),
            _("Text:"),
            _("Directorate:"),
            _("Performance targets:"),
            _("Indicators:"),
            _("Latest quarter:"),
            _("Missing values:"),
            _("Deviation notes:"),
        )
        for (caption, _value), title in zip(self._form_labels, captions, strict=True):
            caption.setText(title)
        self.show_node(self._node, self._quarter)

    def show_node(self, node: GoalNode | None, quarter: int | None = None) -> None:
        """Show `node` (None: the hint); `quarter` is the tree's status quarter."""
        self._node, self._quarter = node, quarter
        if node is None:
            self.setCurrentIndex(0)
            return
        title = node.text if node.kind == "theme" else node.code
        self.heading.setText(f"{kind_label(node.kind)} · {title}")
        self.code.setText(node.code or EMPTY)
        self.text.setText(node.text)
        self.directorate.setText("\n".join(node.directorates) or _("none in this year"))
        self.targets.setText(format_number(node.target_count))
        self.indicators.setText(format_number(node.indicator_count))
        self.quarter.setText(quarter_text(quarter))
        self.missing.setText(format_number(node.counts.missing))
        self.notes.setText(notes_text(node))
        self._set_row_visible(self.targets, node.kind != "target")
        self._set_row_visible(self.code, node.kind != "theme")
        self._set_row_visible(self.missing, quarter is not None)
        self._set_row_visible(self.notes, quarter is not None)
        self.setCurrentIndex(1)

    def _set_row_visible(self, value: QLabel, visible: bool) -> None:
        for caption, field_label in self._form_labels:
            if field_label is value:
                caption.setVisible(visible)
                field_label.setVisible(visible)

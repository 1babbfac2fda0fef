"""The strategic plan skeleton: themes, aims and objectives of each plan period, and the periods.

Every change calls `kbpp.office.skeleton` (one transaction, audited); a refusal (an objective
that cards still use, an aim that still has objectives) is shown with what refers to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.office import skeleton
from kbpp.office.periods import Period, add_period, list_periods
from kbpp.storage import Database

KIND, ID = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1


class PeriodDialog(QDialog):
    """Start and end year of a new plan period, and whether to copy an earlier skeleton."""

    def __init__(self, periods: list[Period], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a plan period"))
        last = periods[-1].end_year if periods else 2024
        self.start = QSpinBox()
        self.start.setRange(1901, 2199)
        self.start.setValue(last + 1)
        self.end = QSpinBox()
        self.end.setRange(1901, 2199)
        self.end.setValue(last + 5)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("default: START-END Stratejik Plan"))
        self.copy = QCheckBox(_("Copy themes, aims and objectives from"))
        self.source = QComboBox()
        for p in reversed(periods):
            self.source.addItem(p.label, (p.start_year, p.end_year))
        self.copy.setChecked(bool(periods))
        self.copy.setEnabled(bool(periods))
        form = QFormLayout(self)
        form.addRow(_("First year"), self.start)
        form.addRow(_("Last year"), self.end)
        form.addRow(_("Name"), self.name)
        form.addRow(self.copy, self.source)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def copy_from(self) -> tuple[int, int] | None:
        return self.source.currentData() if self.copy.isChecked() else None


class PlanSkeletonDialog(QDialog):
    """`PlanSkeletonDialog(db, parent=None)`: edit the plan tree and add plan periods."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Strategic plan"))
        self.period = QComboBox()
        add_period_button = QPushButton(_("Add plan period…"))
        add_period_button.clicked.connect(self.ask_period)
        self.period_info = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Plan period")))
        top.addWidget(self.period, 1)
        top.addWidget(add_period_button)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Theme, aim, objective")])
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(self._update_buttons)
        side = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, slot in (
            ("theme", _("Add theme…"), lambda: self.add("theme")),
            ("aim", _("Add aim…"), lambda: self.add("aim")),
            ("objective", _("Add objective…"), lambda: self.add("objective")),
            ("rename", _("Rename…"), lambda: self.rename()),
            ("up", _("Move up"), lambda: self.move(-1)),
            ("down", _("Move down"), lambda: self.move(1)),
            ("remove", _("Remove"), lambda: self.remove()),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.buttons[key] = button
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.tree, 1)
        middle.addLayout(side)
        self.status = QLabel()
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.period_info)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.period.currentIndexChanged.connect(self.reload)
        self.resize(900, 640)
        self.load_periods()

    # --- periods ---------------------------------------------------------------------------

    def load_periods(self, select: int | None = None) -> None:
        self.periods = list_periods(self.db)
        self.period.blockSignals(True)
        self.period.clear()
        for p in self.periods:
            self.period.addItem(p.name if p.label in p.name else f"{p.label}  {p.name}", p.id)
        if self.periods:
            wanted = select if select is not None else self.periods[-1].id
            self.period.setCurrentIndex(self.period.findData(wanted))
        self.period.blockSignals(False)
        self.reload()

    def ask_period(self) -> None:
        dialog = PeriodDialog(self.periods, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_period(
                dialog.start.value(), dialog.end.value(), dialog.name.text(), dialog.copy_from()
            )

    def create_period(
        self, start: int, end: int, name: str = "", copy_from: tuple[int, int] | None = None
    ) -> bool:
        try:
            period = add_period(self.db, start, end, name or None, copy_from)
        except KbppError as exc:
            self._refused(str(exc))
            return False
        self.load_periods(period.id)
        self.status.setText(_("Plan period {period} added.").format(period=period.label))
        return True

    # --- the tree --------------------------------------------------------------------------

    def plan_id(self) -> int | None:
        return self.period.currentData()

    def reload(self, keep: tuple[str, int] | None = None) -> None:
        self.tree.clear()
        pid = self.plan_id()
        if pid is None:
            self.period_info.setText(_("There is no strategic plan yet; add a plan period."))
            self._update_buttons()
            return
        period = next(p for p in self.periods if p.id == pid)
        years = ", ".join(str(y) for y in period.years) or _("none yet")
        self.period_info.setText(
            _("Program years: {years}. Codes never change; texts may be corrected.").format(
                years=years
            )
        )
        sk = skeleton.load_skeleton(self.db, pid)
        current = None

        def add(parent: QTreeWidget | QTreeWidgetItem, node: skeleton.Node) -> None:
            nonlocal current
            item = QTreeWidgetItem(parent, [node.label])
            item.setData(0, KIND, node.kind)
            item.setData(0, ID, node.id)
            item.setToolTip(0, node.label)
            if keep == (node.kind, node.id):
                current = item
            for child in node.children:
                add(item, child)

        for theme in sk.themes:
            add(self.tree, theme)
        if sk.unthemed:
            group = QTreeWidgetItem(self.tree, [_("Aims without a theme")])
            for aim in sk.unthemed:
                add(group, aim)
        self.tree.expandAll()
        if current is not None:
            self.tree.setCurrentItem(current)
        self._update_buttons()

    def selected(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND) is None:
            return None
        return item.data(0, KIND), item.data(0, ID)

    def select(self, kind: str, item_id: int) -> None:
        self.reload((kind, item_id))

    def _parent_of(self, kind: str) -> int | None:
        """The selected theme (for a new aim) or aim (for a new objective), if any."""
        item = self.tree.currentItem()
        want = {"aim": "theme", "objective": "aim"}.get(kind)
        while item is not None and want is not None:
            if item.data(0, KIND) == want:
                return item.data(0, ID)
            item = item.parent()
        return None

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected()
        has_plan = self.plan_id() is not None
        self.buttons["theme"].setEnabled(has_plan)
        self.buttons["aim"].setEnabled(has_plan)
        self.buttons["objective"].setEnabled(self._parent_of("objective") is not None)
        for key in ("rename", "up", "down", "remove"):
            self.buttons[key].setEnabled(chosen is not None)

    # --- changes ---------------------------------------------------------------------------

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.warning(self, _("Strategic plan"), message)

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def add(self, kind: str, code: str | None = None, text: str | None = None) -> bool:
        """Add below the selection; asks for what is not given (tests give both)."""
        pid = self.plan_id()
        if pid is None:
            return False
        if kind != "theme" and code is None:
            code = self._ask(_("New {kind}").format(kind=self._kind_label(kind)), _("Code"))
            if code is None:
                return False
        if text is None:
            label = _("Name") if kind == "theme" else _("Text")
            text = self._ask(_("New {kind}").format(kind=self._kind_label(kind)), label)
            if text is None:
                return False
        try:
            if kind == "theme":
                new = skeleton.add_theme(self.db, pid, text)
            elif kind == "aim":
                new = skeleton.add_aim(self.db, pid, code or "", text, self._parent_of("aim"))
            else:
                aim = self._parent_of("objective")
                if aim is None:
                    return False
                new = skeleton.add_objective(self.db, pid, aim, code or "", text)
        except KbppError as exc:
            self._refused(str(exc))
            return False
        self.load_periods(pid)
        self.select(kind, new)
        self.status.setText(_("Added."))
        return True

    @staticmethod
    def _kind_label(kind: str) -> str:
        return {"theme": _("theme"), "aim": _("aim"), "objective": _("objective")}[kind]

    def rename(self, text: str | None = None) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        item = self.tree.currentItem()
        if text is None:
            current = item.text(0).split(" ", 1)[-1] if chosen[0] != "theme" else item.text(0)
            text = self._ask(_("Rename"), _("New text"), current)
            if text is None:
                return False
        try:
            skeleton.rename(self.db, chosen[0], chosen[1], text)
        except KbppError as exc:
            self._refused(str(exc))
            return False
        self.select(*chosen)
        return True

    def move(self, step: int) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        try:
            moved = skeleton.move(self.db, chosen[0], chosen[1], step)
        except KbppError as exc:
            self._refused(str(exc))
            return False
        self.select(*chosen)
        return moved

    def remove(self) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        try:
            skeleton.remove(self.db, chosen[0], chosen[1])
        except KbppError as exc:
            self._refused(str(exc))
            return False
        pid = self.plan_id()
        self.load_periods(pid)
        self.status.setText(_("Removed."))
        return True

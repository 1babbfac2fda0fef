"""The main window: the program year's goal-card tree with a search box, and the details of the
selected node. Later screens (value entry, packages, reports) hang their actions on its menus and
toolbar."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbpp import __version__
from kbpp.errors import KbppError
from kbpp.i18n import _, on_language_changed
from kbpp.plan_tree import GoalNode, GoalTree, load_goal_tree
from kbpp.storage import Database, open_database
from kbpp.ui.details_panel import DetailsPanel
from kbpp.ui.goal_tree_model import (
    COL_CODE,
    COL_DIRECTORATE,
    COL_INDICATORS,
    COL_TEXT,
    GoalTreeFilter,
    GoalTreeModel,
)

log = logging.getLogger(__name__)

DEMO_STYLE = "background: #c62828; color: white; font-weight: bold; padding: 2px 8px;"
BANNER_STYLE = "background: #fff3cd; color: #5c4400; padding: 6px 10px; border: 1px solid #e0c36b;"


class MainWindow(QMainWindow):
    """Shows one open database. Opening another closes the previous one; whoever created the
    window closes the last one (`window.database`) when the window is gone."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._db = db
        self._is_demo = False
        self._role: str | None = None
        self._directorate: str | None = None
        self._tree: GoalTree | None = None

        self.model = GoalTreeModel(self)
        self.proxy = GoalTreeFilter(self)
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._read_database_facts()
        self.retranslate_ui()
        self._unsubscribe: Callable[[], None] | None = on_language_changed(
            lambda _code: self.retranslate_ui()
        )
        self.load_tree()

    # --- construction --------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._choose_database)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._show_about)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        """The year selector for now; later screens add their actions here."""
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("MainToolBar")
        self.toolbar.setMovable(False)
        self.year_label = QLabel()
        self.year_label.setContentsMargins(4, 0, 4, 0)
        self.year_combo = QComboBox()
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_label.setBuddy(self.year_combo)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.toolbar.addWidget(self.year_label)
        self.toolbar.addWidget(self.year_combo)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_central(self) -> None:
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)

        self.tree_view = QTreeView()
        self.tree_view.setModel(self.proxy)
        self.tree_view.setUniformRowHeights(True)
        self.tree_view.setAlternatingRowColors(True)
        self.tree_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_CODE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DIRECTORATE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_INDICATORS, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_CODE, 150)
        header.resizeSection(COL_DIRECTORATE, 210)
        self.tree_view.selectionModel().currentChanged.connect(self._current_changed)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._span_theme_rows)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tree_view)

        self.details = DetailsPanel()
        self.details.setMinimumWidth(280)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([860, 480])

        self.demo_banner = QLabel()
        self.demo_banner.setStyleSheet(BANNER_STYLE)
        self.demo_banner.setWordWrap(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = QLabel()
        self.demo_label = QLabel()
        self.demo_label.setStyleSheet(DEMO_STYLE)
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.role_label)
        status.addPermanentWidget(self.demo_label)

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Every visible text, again: called at start and after a language switch."""
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        self.open_action.setText(_("&Open database…"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About KBPP"))
        self.find_action.setText(_("Find"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.year_label.setText(_("Program &year:"))
        self.search.setPlaceholderText(_("Search by code or words (Ctrl+F)"))
        self.demo_banner.setText(
            _(
                "Demo data: the plan is Küçükçekmece Municipality's 2021 Performance Program, "
                "but every quarterly value and note in it is invented."
            )
        )
        self.demo_label.setText(_("DEMO"))
        self.model.retranslate()
        self.details.retranslate_ui()
        self._update_database_texts()

    def _update_database_texts(self) -> None:
        if self._is_demo:
            self.setWindowTitle(_("KBPP — DEMO DATA (not real data)"))
        else:
            self.setWindowTitle(_("KBPP — {name}").format(name=self._db.path.name))
        self.path_label.setText(_("Database: {path}").format(path=self._db.path))
        self.path_label.setToolTip(str(self._db.path))
        if self._role == "directorate":
            role = _("Directorate workspace: {name}").format(name=self._directorate or "?")
        elif self._role == "office":
            role = _("Strategy office")
        else:
            role = self._role or "?"
        self.role_label.setText(role)
        self.demo_label.setVisible(self._is_demo)
        self.demo_banner.setVisible(self._is_demo)

    # --- data ----------------------------------------------------------------------------
    @property
    def database(self) -> Database:
        return self._db

    @property
    def goal_tree(self) -> GoalTree | None:
        return self._tree

    def _read_database_facts(self) -> None:
        self._role = self._db.role
        self._directorate = self._db.directorate_name
        self._is_demo = self._db.is_demo

    def load_tree(self, year: int | None = None) -> None:
        """(Re)load the tree of `year` (default: the latest); a directorate sees its own cards."""
        started = time.perf_counter()
        directorate = self._directorate if self._role == "directorate" else None
        try:
            tree = load_goal_tree(self._db, year, directorate)
        except KbppError as exc:
            QMessageBox.warning(self, _("Cannot show the plan"), str(exc))
            return
        log.debug("goal tree %s loaded in %.3f s", tree.year, time.perf_counter() - started)
        self._tree = tree
        self.model.set_tree(tree)
        self._fill_years(tree)
        self._expand_for_search()
        self.details.show_node(None, tree.quarter)

    def _fill_years(self, tree: GoalTree) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in tree.years:
            self.year_combo.addItem(str(y), y)
        if tree.year is not None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(tree.year))
        self.year_combo.blockSignals(False)

    def _year_chosen(self, index: int) -> None:
        year = self.year_combo.itemData(index)
        if year is not None and (self._tree is None or year != self._tree.year):
            self.load_tree(int(year))

    def set_database(self, db: Database) -> None:
        """Show another database; the previous one is closed."""
        old, self._db = self._db, db
        if old is not db:
            old.close()
        self._read_database_facts()
        self._update_database_texts()
        self.load_tree()

    # --- tree view -----------------------------------------------------------------------
    def _span_theme_rows(self, *_args: object) -> None:
        """Themes have no code: their name spans the row instead of squeezing into column 1."""
        for row in range(self.proxy.rowCount()):
            self.tree_view.setFirstColumnSpanned(row, QModelIndex(), True)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._expand_for_search()

    def _expand_for_search(self) -> None:
        if self.proxy.active:
            self.tree_view.expandAll()
        else:
            self.tree_view.collapseAll()
            self.tree_view.expandToDepth(0)
        current = self.tree_view.currentIndex()
        if current.isValid():
            self.tree_view.scrollTo(current)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_node(self) -> GoalNode | None:
        return self.model.node(self.proxy.mapToSource(self.tree_view.currentIndex()))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(self.proxy.mapToSource(current))
        self.details.show_node(node, self._tree.quarter if self._tree else None)

    def select_code(self, code: str, directorate: str | None = None) -> bool:
        """Select the first row with `code` (and directorate, for a card); False if none shows."""
        matches = self.proxy.match(
            self.proxy.index(0, COL_CODE),
            Qt.ItemDataRole.DisplayRole,
            code,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        for index in matches:
            node = self.model.node(self.proxy.mapToSource(index))
            if node is not None and (directorate is None or node.directorate == directorate):
                self.tree_view.setCurrentIndex(index)
                self.tree_view.scrollTo(index)
                return True
        return False

    # --- menu actions --------------------------------------------------------------------
    def _choose_database(self) -> None:
        start = str(self._db.path.parent)
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), start, _("KBPP databases (*.db);;All files (*)")
        )
        if name:
            self.open_database_file(Path(name))

    def open_database_file(self, path: Path) -> bool:
        """Open `path` in this window; a plain message (no traceback) if it cannot be opened."""
        try:
            db = open_database(path)
        except KbppError as exc:
            QMessageBox.warning(self, _("Cannot open the database"), str(exc))
            return False
        self.set_database(db)
        return True

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About KBPP"),
            _(
                "KBPP {version}\n\nPerformance management for Turkish municipalities "
                "(Law 5018): goal cards, quarterly values, deviation notes and reports, "
                "working offline."
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        super().closeEvent(event)

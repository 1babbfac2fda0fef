"""The main window, a directorate's workspace: the goal-card tree with a search box and the
selected node's details on the left; on the right the work pages (This quarter, Goal cards,
Activities and costs); a status bar that always says what the open quarter still lacks.

An office database shows every directorate or one chosen in the toolbar; a directorate database
shows only its own. Pages load when first shown, so the window opens quickly."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbpp import __version__
from kbpp.errors import KbppError
from kbpp.i18n import _, on_language_changed
from kbpp.plan_tree import GoalNode, GoalTree, load_goal_tree
from kbpp.quarter_entry import directorate_names
from kbpp.storage import Database, open_database
from kbpp.ui import workers
from kbpp.ui.details_panel import DetailsPanel
from kbpp.ui.elided_label import ElidedLabel
from kbpp.ui.goal_tree_model import (
    COL_CODE,
    COL_DIRECTORATE,
    COL_INDICATORS,
    COL_MISSING,
    COL_TEXT,
    GoalTreeFilter,
    GoalTreeModel,
)
from kbpp.ui.quarter_page import QuarterPage

log = logging.getLogger(__name__)

DEMO_STYLE = "background: #c62828; color: white; font-weight: bold; padding: 2px 8px;"
BANNER_STYLE = "background: #fff3cd; color: #5c4400; padding: 6px 10px; border: 1px solid #e0c36b;"
PAGE_QUARTER, PAGE_CARDS, PAGE_ACTIVITIES, PAGE_OVERVIEW = range(4)  # the overview: office only
PAGE_BY_NAME = {"quarter": PAGE_QUARTER, "cards": PAGE_CARDS, "activities": PAGE_ACTIVITIES}
PAGE_BY_NAME["overview"] = PAGE_OVERVIEW  # names as kbpp.settings.PAGE_NAMES stores them
# The strategy office's screens, loaded when first used; one not installed is left out.
OFFICE_DIALOGS = (
    ("kbpp.ui.review_dialog", "ReviewDialog"),
    ("kbpp.ui.calendar_dialog", "CalendarDialog"),
    ("kbpp.ui.publish_dialog", "PublishDialog"),
    ("kbpp.ui.plan_skeleton_dialog", "PlanSkeletonDialog"),
    ("kbpp.ui.year_settings_dialog", "YearSettingsDialog"),
    ("kbpp.ui.reminder_dialog", "ReminderDialog"),
    ("kbpp.ui.rollover_dialog", "RolloverDialog"),
    ("kbpp.ui.audit_view", "AuditDialog"),
)
ROOMY_TREE = 480  # px; a narrower tree hides its indicator count column
TREE_REFRESH_MS = 800  # after edits, the tree's counts follow once typing pauses
SEARCH_PAUSE_MS = 250  # the grid filters on every key; the tree once typing pauses
TREE_COUNT_DELAY_MS = 300  # after the grid's sheet arrives, the tree's first counts follow


def settle_memory() -> None:
    """Once a sheet and its tree are loaded, their objects (hundreds of thousands at 10×) are
    moved out of the cyclic garbage collector's sight: a full collection then walks only what
    changed since, ≈2 ms instead of ≈100 ms in the middle of a clerk's typing. Objects are
    still freed when their last reference goes; reference cycles among them wait until the
    next load unfreezes them (`load_tree`)."""
    gc.freeze()


def _dialog_class(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


class MainWindow(QMainWindow):
    """Shows one open database. Opening another closes the previous one; whoever created the
    window closes the last one (`window.database`) when the window is gone."""

    tree_counts_loaded = Signal()
    """The tree shows new counts (the first ones follow the grid's sheet)."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, first_page: int | None = None
    ) -> None:
        """`first_page`: the page to open on (the one the user left last time); by default
        the office's overview or a directorate's "This quarter". Only that page loads now."""
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._db = db
        self._is_demo = False
        self._role: str | None = None
        self._directorate: str | None = None
        self._tree: GoalTree | None = None
        self._chosen_directorate: str | None = None  # the office's choice; None: all
        self._stale: set[int] = set()  # pages to reload when next shown
        self._tree_job: workers.Job | None = None
        self._dialogs: list[QDialog] = []
        self.overview_page: Any = None  # kbpp.ui.office_overview.OverviewPage, office only

        self.model = GoalTreeModel(self)
        self.proxy = GoalTreeFilter(self)
        self.proxy.setSourceModel(self.model)

        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_office_menu()
        self._build_status_bar()
        self._read_database_facts()
        if first_page is not None and self.pages.widget(first_page) is not None:
            self.show_page(first_page)
        self.retranslate_ui()
        unsubscribe = on_language_changed(lambda _code: self.retranslate_ui())
        self._unsubscribe: Callable[[], None] | None = unsubscribe
        self.destroyed.connect(lambda *_args: unsubscribe())  # also when deleted unclosed
        self._tree_timer = QTimer(self)
        self._tree_timer.setSingleShot(True)
        self._tree_timer.setInterval(TREE_REFRESH_MS)
        self._tree_timer.timeout.connect(self._refresh_tree_counts)
        self._counts_pending = False  # the tree's first counts wait for the grid's sheet
        self._counted = False  # whether the tree shown has its counts
        self._load_serial = 0  # which load_tree the counts being read belong to
        self.quarter_page.loaded.connect(self._count_after_sheet)
        self.quarter_page.load_failed.connect(self._count_after_sheet)
        # Not connected to start() directly: indexChanged(int) would pick start(msec) and make
        # the undo index the interval, refreshing the tree after every keystroke.
        self.quarter_page.model.undo_stack.indexChanged.connect(lambda _i: self._tree_timer.start())
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._filter_tree)
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

        self.page_group = QActionGroup(self)
        self.quarter_action = self._page_action(PAGE_QUARTER, "Ctrl+1")
        self.cards_action = self._page_action(PAGE_CARDS, "Ctrl+2")
        self.activities_action = self._page_action(PAGE_ACTIVITIES, "Ctrl+3")
        self.overview_action = self._page_action(PAGE_OVERVIEW, "Ctrl+0")
        self.quarter_action.setChecked(True)
        self.office_actions = {
            name: self._office_action(module, name) for module, name in OFFICE_DIALOGS
        }
        # The dialogs' modules (reports, signing, backups) load when first used: importing
        # them all at start-up would cost the clerk a second before the window appears.
        self.reports_action = self._dialog_action("kbpp.ui.reports_dialog", "ReportsDialog")
        self.export_action = self._dialog_action("kbpp.ui.package_export", "PackageExportDialog")
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda: self.open_package_files([]))
        self.import_log_action = self._dialog_action("kbpp.ui.package_log", "ImportLogDialog")
        self.new_key_action = QAction(self)
        self.new_key_action.triggered.connect(self._new_key)
        self.enrol_key_action = self._dialog_action("kbpp.ui.key_dialogs", "EnrolKeyDialog")
        self.keys_action = self._dialog_action("kbpp.ui.key_dialogs", "KeyListDialog")
        self.settings_action = QAction(self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(
            lambda: self._show_dialog(
                _dialog_class("kbpp.ui.settings_dialog", "SettingsDialog")(self)
            )
        )
        self.backups_action = self._dialog_action("kbpp.ui.backup_dialog", "BackupDialog")

    def _dialog_action(self, module: str, name: str) -> QAction:
        """An action opening `module.name(db_or_path, self)`; BackupDialog takes the path."""
        action = QAction(self)

        def open_it() -> None:
            dialog_class = _dialog_class(module, name)
            if name == "BackupDialog":
                dialog = dialog_class(self._db.path, self)
                # A restore replaces the file: let go of it first, then show the restored one.
                dialog.about_to_restore.connect(lambda _path: self._db.close())
                dialog.restored.connect(self.open_database_file)
                self._show_dialog(dialog)
            else:
                self._open_dialog(dialog_class)

        action.triggered.connect(open_it)
        return action

    def _office_action(self, module: str, name: str) -> QAction:
        """An Office menu action opening `module.name(db, self)`; hidden while the module is
        not installed (see _show_office), and refreshing the window once the dialog closes."""
        action = QAction(self)
        action.setData(module)

        def open_it() -> None:
            try:
                dialog_class = _dialog_class(module, name)
            except (ImportError, AttributeError):
                log.exception("office screen %s.%s is not available", module, name)
                QMessageBox.warning(
                    self, _("Not available"), _("This screen is not available in this version.")
                )
                return
            dialog = self._open_dialog(dialog_class)
            dialog.finished.connect(lambda _result: self.load_tree(self._current_year()))

        action.triggered.connect(open_it)
        return action

    def _page_action(self, page: int, shortcut: str) -> QAction:
        action = QAction(self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show_page(page))
        self.page_group.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addAction(self.backups_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.quarter_page.undo_action)
        self.edit_menu.addAction(self.quarter_page.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.view_menu = bar.addMenu("")
        for action in self.page_group.actions():
            self.view_menu.addAction(action)
        self.reports_menu = bar.addMenu("")
        self.reports_menu.addAction(self.reports_action)
        self.packages_menu = bar.addMenu("")
        for action in (self.export_action, self.import_action, self.import_log_action):
            self.packages_menu.addAction(action)
        self.packages_menu.addSeparator()
        for action in (self.new_key_action, self.enrol_key_action, self.keys_action):
            self.packages_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        """Year and directorate, then the pages and the main dialogs."""
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
        self.directorate_label = QLabel()
        self.directorate_label.setContentsMargins(12, 0, 4, 0)
        self.directorate_combo = QComboBox()
        self.directorate_combo.setMinimumContentsLength(24)
        self.directorate_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.directorate_label.setBuddy(self.directorate_combo)
        self.directorate_combo.currentIndexChanged.connect(self._directorate_chosen)
        self._directorate_widgets = (
            self.toolbar.addWidget(self.directorate_label),
            self.toolbar.addWidget(self.directorate_combo),
        )
        self.toolbar.addSeparator()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.page_group.actions():
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.reports_action)
        self.packages_button = QToolButton()
        self.packages_button.setMenu(self.packages_menu)
        self.packages_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.packages_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_office_menu(self) -> None:
        """The Office menu, before Help; the overview comes first in View and the toolbar."""
        self.office_menu = QMenu(self)
        self.office_menu.addAction(self.overview_action)
        self.office_menu.addSeparator()
        for action in self.office_actions.values():
            self.office_menu.addAction(action)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.office_menu)
        for widget in (self.view_menu, self.toolbar):
            widget.removeAction(self.overview_action)
            widget.insertAction(self.quarter_action, self.overview_action)
        # The matrix needs the whole width; the goal tree returns with the other pages.
        self.pages.currentChanged.connect(
            lambda page: self.splitter.widget(0).setVisible(page != PAGE_OVERVIEW)
        )

    def _show_office(self, office: bool) -> None:
        """An office database gets the overview (its first page) and the Office menu; a
        directorate's workspace gets neither, and never imports their modules."""
        self.office_menu.menuAction().setVisible(office)
        self.overview_action.setVisible(office)
        for action in self.office_actions.values():
            action.setVisible(office and importlib.util.find_spec(action.data()) is not None)
        if office and self.overview_page is None:
            overview = _dialog_class("kbpp.ui.office_overview", "OverviewPage")(self._db)
            overview.open_directorate.connect(self.open_directorate)
            self.pages.insertWidget(PAGE_OVERVIEW, overview)
            self.overview_page = overview
            self.show_page(PAGE_OVERVIEW)
        elif office:
            self.overview_page.set_database(self._db)
        elif self.overview_page is not None:
            if self.pages.currentIndex() == PAGE_OVERVIEW:
                self.show_page(PAGE_QUARTER)
            self.pages.removeWidget(self.overview_page)
            self.overview_page.deleteLater()
            self.overview_page = None

    def open_directorate(self, name: str, quarter: int = 0) -> None:
        """From the overview: the directorate's values on "This quarter" (at `quarter`)."""
        self.choose_directorate(name)
        if self.pages.currentIndex() != PAGE_QUARTER:
            self.show_page(PAGE_QUARTER)
        if quarter:
            page = self.quarter_page
            page.when_loaded(lambda: page.set_quarter(quarter))

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
        # Sized from the widest text they can show, not to contents: fitting to contents
        # measures every row again on each change of a count.
        header.setSectionResizeMode(COL_INDICATORS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MISSING, QHeaderView.ResizeMode.Interactive)
        self.tree_view.setIndentation(14)
        self.tree_view.installEventFilter(self)  # narrow, it leaves out the indicator count
        header.moveSection(header.visualIndex(COL_MISSING), 1)  # what is missing, beside the code
        header.resizeSection(COL_CODE, 120)
        header.resizeSection(COL_DIRECTORATE, 150)
        self.tree_view.selectionModel().currentChanged.connect(self._current_changed)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._span_theme_rows)

        self.details = DetailsPanel()
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(self.tree_view)
        self.left_splitter.addWidget(self.details)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 1)
        self.left_splitter.setSizes([420, 180])

        left = QWidget()
        left.setMinimumWidth(220)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.left_splitter)

        self.quarter_page = QuarterPage(self._db)
        self.quarter_page.status_changed.connect(self._show_quarter_status)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.quarter_page)
        self._make_editors()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 1060])

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
        self.quarter_status = QLabel()
        self.quarter_status.setObjectName("QuarterStatus")
        self.path_label = ElidedLabel()
        self.path_label.setMaximumWidth(320)
        self.role_label = QLabel()
        self.demo_label = QLabel()
        self.demo_label.setStyleSheet(DEMO_STYLE)
        status.addWidget(self.quarter_status, 1)
        status.addPermanentWidget(self.path_label)
        status.addPermanentWidget(self.role_label)
        status.addPermanentWidget(self.demo_label)

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Every visible text, again: called at start and after a language switch."""
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.reports_menu.setTitle(_("&Reports"))
        self.packages_menu.setTitle(_("&Packages"))
        self.help_menu.setTitle(_("&Help"))
        self.quarter_action.setText(_("This &quarter"))
        self.quarter_action.setToolTip(_("Enter the open quarter's values and notes (Ctrl+1)"))
        self.cards_action.setText(_("&Goal cards"))
        self.cards_action.setToolTip(_("Edit the performance targets and indicators (Ctrl+2)"))
        self.activities_action.setText(_("&Activities and costs"))
        self.activities_action.setToolTip(_("Activities, their costs and spending (Ctrl+3)"))
        self.reports_action.setText(_("&Reports…"))
        self.office_menu.setTitle(_("&Office"))
        self.overview_action.setText(_("&Overview"))
        self.overview_action.setToolTip(
            _("Who has sent what, per directorate and quarter (Ctrl+0)")
        )
        for name, text in (
            ("ReviewDialog", _("Re&view a quarter…")),
            ("CalendarDialog", _("&Calendar and locks…")),
            ("PublishDialog", _("&Publish reference packages…")),
            ("PlanSkeletonDialog", _("&Strategic plan…")),
            ("YearSettingsDialog", _("&Year settings…")),
            ("ReminderDialog", _("Re&minder letters…")),
            ("RolloverDialog", _("&Next year…")),
            ("AuditDialog", _("&Audit log…")),
        ):
            self.office_actions[name].setText(text)
        if self.overview_page is not None:
            self.overview_page.retranslate_ui()
        self.settings_action.setText(_("&Settings…"))
        self.backups_action.setText(_("&Backups…"))
        self.export_action.setText(_("&Send a package…"))
        self.import_action.setText(_("&Import packages…"))
        self.import_log_action.setText(_("Import &log…"))
        self.new_key_action.setText(_("&New signing key…"))
        self.enrol_key_action.setText(_("&Enrol a key…"))
        self.keys_action.setText(_("Enrolled &keys…"))
        self.packages_button.setText(_("Packages"))
        self.directorate_label.setText(_("&Directorate:"))
        if self.directorate_combo.count():
            self.directorate_combo.setItemText(0, _("All directorates"))
        self.open_action.setText(_("&Open database…"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About KBPP"))
        self.find_action.setText(_("Find"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.year_label.setText(_("Program &year:"))
        self.search.setPlaceholderText(_("Search codes or words in the tree and grid (Ctrl+F)"))
        self.demo_banner.setText(
            _(
                "Demo data: the plan is Küçükçekmece Municipality's 2021 Performance Program, "
                "but every quarterly value and note in it is invented."
            )
        )
        self.demo_label.setText(_("DEMO"))
        self.model.retranslate()
        self._fit_count_columns()
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

    @property
    def tree_counted(self) -> bool:
        """Whether the tree shows its counts yet (they follow the grid's sheet)."""
        return self._counted

    @property
    def directorate(self) -> str | None:
        """The directorate shown: a directorate database's own, or the office's choice."""
        if self._role == "directorate":
            return self._directorate
        return self._chosen_directorate

    def _read_database_facts(self) -> None:
        self._role = self._db.role
        self._directorate = self._db.directorate_name
        self._is_demo = self._db.is_demo
        self._chosen_directorate = None
        office = self._role != "directorate"
        for action in self._directorate_widgets:
            action.setVisible(office)
        self.directorate_combo.blockSignals(True)
        self.directorate_combo.clear()
        self.directorate_combo.addItem(_("All directorates"), None)
        for name in directorate_names(self._db) if office else []:
            self.directorate_combo.addItem(name, name)
        self.directorate_combo.blockSignals(False)
        self._show_office(office)

    def load_tree(self, year: int | None = None) -> None:
        """(Re)load the tree of `year` (default: the latest) for the directorate shown, and mark
        every page to reload; the visible one loads now (the grid in the background)."""
        started = time.perf_counter()
        try:
            tree = load_goal_tree(self._db, year, self.directorate, counted=False)
        except KbppError as exc:
            QMessageBox.warning(self, _("Cannot show the plan"), str(exc))
            return
        log.debug("goal tree %s loaded in %.3f s", tree.year, time.perf_counter() - started)
        self._tree = tree
        self.model.set_tree(tree)
        self._fit_count_columns()
        self.tree_view.setColumnHidden(COL_DIRECTORATE, self.directorate is not None)
        self._fill_years(tree)
        self._expand_for_search()
        self.details.show_node(None, tree.quarter)
        self._load_serial += 1  # counts read for an earlier load are dropped when they come
        self._stop_counting()
        self._counted = tree.year is None  # nothing to count without a program year
        gc.unfreeze()  # the previous sheet's objects are the collector's again
        self._stale = {PAGE_QUARTER, PAGE_CARDS, PAGE_ACTIVITIES, PAGE_OVERVIEW}
        page = self.pages.currentIndex()
        self._load_page(page)
        # The counts are read after the grid's sheet: read together, each would take twice as
        # long (one interpreter lock), and the grid is what the clerk waits for.
        self._counts_pending = not self._counted
        if page != PAGE_QUARTER or not self.quarter_page.loading:
            self._count_after_sheet()
        if self._counted:
            self.tree_counts_loaded.emit()

    def _stop_counting(self) -> None:
        """No refresh of the tree's counts is waiting, and the one being read is cancelled."""
        self._tree_timer.stop()
        if self._tree_job is not None:
            self._tree_job.cancel()
            self._tree_job = None

    def _count_after_sheet(self) -> None:
        """Started a moment after the grid has its sheet, once it is painted and its search
        keys are made, so that the counting thread does not slow the first screen down."""
        if self._counts_pending:
            self._counts_pending = False
            QTimer.singleShot(TREE_COUNT_DELAY_MS, self, self._refresh_tree_counts)

    def _load_page(self, page: int) -> None:
        year = self._tree.year if self._tree else None
        if page not in self._stale:
            return
        self._stale.discard(page)
        if page == PAGE_QUARTER:
            self.quarter_page.show_year(year, self.directorate)
        elif page in (PAGE_CARDS, PAGE_ACTIVITIES):  # built even without a year: shown empty
            editor = self.card_editor if page == PAGE_CARDS else self.activity_grid
            if year is not None:
                editor.show_year(year, self.directorate)
        elif page == PAGE_OVERVIEW and self.overview_page is not None:
            self.overview_page.show_year(year)

    def show_page(self, page: int) -> None:
        """Switch the right side to This quarter, Goal cards or Activities and costs."""
        self.pages.setCurrentIndex(page)
        self.page_group.actions()[page].setChecked(True)
        self._load_page(page)
        node = self.selected_node()
        if node is not None:
            self._follow_node(node)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree_view and event.type() == QEvent.Type.Resize:
            # The text needs the room more than the count (the details below show it too).
            self.tree_view.setColumnHidden(COL_INDICATORS, self.tree_view.width() < ROOMY_TREE)
        return super().eventFilter(watched, event)

    def _fit_count_columns(self) -> None:
        """The indicator and missing columns as wide as their header or their widest text,
        measured here over the tree's few hundred nodes: Qt's fitting to contents measured
        every row again on each change of a count."""
        header = self.tree_view.header()
        cells = self.tree_view.fontMetrics()
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 8
        for column in (COL_INDICATORS, COL_MISSING):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(
                [header.fontMetrics().horizontalAdvance(title)]
                + [cells.horizontalAdvance(text) for text in self.model.column_texts(column)]
            )
            if header.sectionSize(column) != widest + padding:
                header.resizeSection(column, widest + padding)

    def page_name(self) -> str:
        """The page shown, by its name in the settings ("quarter", …, "overview")."""
        current = self.pages.currentIndex()
        return next((name for name, page in PAGE_BY_NAME.items() if page == current), "")

    def _refresh_tree_counts(self) -> None:
        """The tree's missing counts after edits, read off the UI thread."""
        if self._tree is None or self._tree.year is None:
            return
        self._stop_counting()
        db, year, directorate = self._db, self._tree.year, self.directorate
        serial = self._load_serial
        # The result carries its load's serial; the slot is a bound method (not a lambda), so
        # Qt disconnects it when the window is deleted before the job ends.
        self._tree_job = workers.start(
            lambda _job: (serial, load_goal_tree(db, year, directorate)),
            self._tree_counts_loaded,
            lambda message: log.warning("tree counts not refreshed: %s", message),
        )

    def _tree_counts_loaded(self, result: tuple[int, GoalTree]) -> None:
        serial, tree = result
        if serial != self._load_serial:
            return  # read for another database, year or directorate, or before an import
        self._tree_job = None
        if self._tree is None or (tree.year, tree.directorate) != (
            self._tree.year,
            self._tree.directorate,
        ):
            return
        self._tree = tree
        if not self.model.update_tree(tree):
            self.load_tree(tree.year)
            return
        if not self._counted:
            settle_memory()
        self._counted = True
        self._fit_count_columns()
        node = self.selected_node()
        self.details.show_node(node, tree.quarter)
        self.tree_counts_loaded.emit()

    def _show_quarter_status(self, text: str) -> None:
        self.quarter_status.setText(text)
        self.quarter_status.setToolTip(text)

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

    def _directorate_chosen(self, index: int) -> None:
        self._chosen_directorate = self.directorate_combo.itemData(index)
        if self._chosen_directorate is not None and self.pages.currentIndex() == PAGE_OVERVIEW:
            # One directorate chosen from the overview: show its values, not all of them.
            self.pages.setCurrentIndex(PAGE_QUARTER)
            self.quarter_action.setChecked(True)
        self.load_tree(self._current_year())

    def choose_directorate(self, name: str | None) -> None:
        """Show one directorate (None: all); only an office database offers the choice."""
        self.directorate_combo.setCurrentIndex(self.directorate_combo.findData(name))

    def _make_editors(self) -> None:
        """Places for the goal-card editor and the activities grid on the current database;
        they are built (and their modules imported) when first shown, not at start-up."""
        current = self.pages.currentIndex()
        old_pages = [self.pages.widget(page) for page in (PAGE_CARDS, PAGE_ACTIVITIES)]
        for old in old_pages:  # collected first: each removal moves the later pages up
            if old is not None:
                self.pages.removeWidget(old)
                old.deleteLater()
        self._editors: tuple[Any, Any] | None = None
        self.pages.insertWidget(PAGE_CARDS, QWidget())
        self.pages.insertWidget(PAGE_ACTIVITIES, QWidget())
        if current >= 0:
            self.pages.setCurrentIndex(current)

    def _built_editors(self) -> tuple[Any, Any]:
        if self._editors is None:
            from kbpp.ui.activity_grid import ActivityGrid
            from kbpp.ui.card_editor import CardEditor

            current = self.pages.currentIndex()
            editor, grid = CardEditor(self._db), ActivityGrid(self._db)
            editor.changed.connect(lambda: self._stale.add(PAGE_QUARTER))
            for page, widget in ((PAGE_CARDS, editor), (PAGE_ACTIVITIES, grid)):
                placeholder = self.pages.widget(page)
                self.pages.insertWidget(page, widget)
                self.pages.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages.setCurrentIndex(current)
            self._editors = (editor, grid)
        return self._editors

    @property
    def card_editor(self) -> Any:
        """The goal-card editor (kbpp.ui.card_editor.CardEditor), built on first use."""
        return self._built_editors()[0]

    @property
    def activity_grid(self) -> Any:
        """The activities and costs grid (kbpp.ui.activity_grid.ActivityGrid)."""
        return self._built_editors()[1]

    def set_database(self, db: Database) -> None:
        """Show another database; the previous one is closed."""
        self._stop_counting()
        self.quarter_page.stop_loading()
        workers.wait_for_all()  # nothing may still read the database about to be closed
        old, self._db = self._db, db
        if old is not db:
            old.close()
        current = self.pages.currentIndex()
        self.quarter_page.set_database(db)
        self._make_editors()
        self.pages.setCurrentIndex(current)
        self._read_database_facts()
        self._update_database_texts()
        self.load_tree()

    # --- tree view -----------------------------------------------------------------------
    def _span_theme_rows(self, *_args: object) -> None:
        """Themes have no code: their name spans the row instead of squeezing into column 1.
        Only rows not spanned yet: each call lays the whole expanded tree out again."""
        for row in range(self.proxy.rowCount()):
            if not self.tree_view.isFirstColumnSpanned(row, QModelIndex()):
                self.tree_view.setFirstColumnSpanned(row, QModelIndex(), True)

    def _search_changed(self, text: str) -> None:
        self.quarter_page.set_query(text)
        self._search_timer.start()

    def _filter_tree(self) -> None:
        """Filtering and expanding the tree costs more than a keystroke may take."""
        self.proxy.set_query(self.search.text())
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
        if self.pages.currentIndex() == PAGE_OVERVIEW:  # the tree's search is beside the pages
            self.show_page(PAGE_QUARTER)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_node(self) -> GoalNode | None:
        return self.model.node(self.proxy.mapToSource(self.tree_view.currentIndex()))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(self.proxy.mapToSource(current))
        self.details.show_node(node, self._tree.quarter if self._tree else None)
        if node is not None:
            self._follow_node(node)

    def _follow_node(self, node: GoalNode) -> None:
        """The work page follows the tree: the grid scrolls to the card, the editor opens it."""
        card = next((n for n in node.walk() if n.kind == "target"), None)
        if card is None:
            return
        page = self.pages.currentIndex()
        if page == PAGE_QUARTER:
            grid = self.quarter_page
            grid.when_loaded(lambda: grid.show_target(card.code, card.directorate))
            self.tree_view.setFocus()
        elif page == PAGE_CARDS and card.db_id is not None:
            self.card_editor.show_target(card.db_id)

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

    def _open_dialog(self, dialog_class: Callable[[Database, QWidget], QDialog]) -> QDialog:
        """A dialog of another screen, modeless, on this database; kept until it closes."""
        dialog = dialog_class(self._db, self)
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.show()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)

    def open_package_files(self, paths: list[Path]) -> None:
        """The import dialog with these packages (from the command line or a second start)."""
        import_dialog = _dialog_class("kbpp.ui.package_import", "PackageImportDialog")
        dialog = import_dialog(self._db, self, paths=tuple(paths))
        dialog.imported.connect(lambda _outcomes: self.load_tree(self._current_year()))
        self._show_dialog(dialog)

    def _current_year(self) -> int | None:
        return self._tree.year if self._tree else None

    def _new_key(self) -> None:
        owner = self._directorate if self._role == "directorate" else _("Strategy office")
        self._show_dialog(_dialog_class("kbpp.ui.key_dialogs", "NewKeyDialog")(owner or "?", self))

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
        self._stop_counting()
        self.quarter_page.stop_loading()
        self._search_timer.stop()
        workers.wait_for_all()  # nothing may read the database after the caller closes it
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        super().closeEvent(event)

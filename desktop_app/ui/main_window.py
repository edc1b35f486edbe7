"""The main window: navigation on the left, one page per module, a status bar and menus.

Pages are added only for modules that exist. The window remembers its geometry in the desk's
Qt settings file. At start-up it is first painted as a shell (no person, placeholder pages: see
`ui/shell.py`), then given its person and real pages once the database is open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import ROLE_LABELS, Actor
from desktop_app.ui.icons import ICON_ROLE, decorate, decorate_list
from desktop_app.ui.operation import activity
from desktop_app.ui.widgets.lazy_page import LazyPage


class MainWindow(QMainWindow):
    """The window people work in."""

    #: Emitted when the person asks for the Settings dialog.
    settings_requested = Signal()
    #: Emitted when the person asks for spreadsheet import and export.
    spreadsheets_requested = Signal()
    #: Emitted when the person asks for the About dialog.
    about_requested = Signal()
    #: Emitted when the person asks to see the log folder (Help › Open log folder).
    log_folder_requested = Signal()
    #: Emitted when the person chose Quit.
    quit_requested = Signal()

    def __init__(
        self,
        actor: Actor | None,
        database_label: str,
        qt_settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._qt_settings = qt_settings
        self.setWindowTitle(_("Callback Desk"))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Navigation"))
        self.navigation.setFixedWidth(180)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setIconSize(QSize(20, 20))
        self.pages = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        beside = QVBoxLayout()
        beside.setContentsMargins(0, 0, 0, 0)
        beside.setSpacing(0)
        #: Strips shown above the pages (the in-app notification area); see add_banner().
        self.banners = QVBoxLayout()
        self.banners.setContentsMargins(0, 0, 0, 0)
        beside.addLayout(self.banners)
        beside.addWidget(self.pages, 1)
        layout.addLayout(beside, 1)
        self.setCentralWidget(central)
        #: Asked when the window is closed; False keeps the app running (hidden in the tray).
        self.close_guard: Callable[[], bool] | None = None
        #: True once the app is quitting: closing then never asks the guard.
        self.quitting = False
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.person_label = QLabel()
        self.database_label = QLabel()
        self.set_session(actor, database_label)
        #: Shown while a save, import, export or report has been running over half a second.
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no known end: Qt shows a moving bar
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setAccessibleName(_("Working…"))
        self.busy_bar.setVisible(activity.slow > 0)
        activity.busy_changed.connect(self.busy_bar.setVisible)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.person_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        self._restore_geometry()

    def set_session(self, actor: Actor | None, database_label: str) -> None:
        """Show who works in the window (nobody yet in the start-up shell) and on which database."""
        self.person_label.setText(
            _("{name} · {role}").format(name=actor.name, role=_(ROLE_LABELS[actor.role]))
            if actor is not None
            else ""
        )
        self.person_label.setVisible(actor is not None)
        self.database_label.setText(database_label)

    def clear_pages(self) -> None:
        """Remove every page, its navigation entry and its Go menu entry (the shell's
        placeholders, before the real pages are added)."""
        self.navigation.clear()
        for action in self.go_menu.actions():
            self.go_menu.removeAction(action)
            action.deleteLater()
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        settings = QAction(_("&Settings…"), self)
        decorate(settings, "settings")
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings.triggered.connect(self.settings_requested)
        file_menu.addAction(settings)
        spreadsheets = QAction(_("&Import and export spreadsheets…"), self)
        decorate(spreadsheets, "import")
        spreadsheets.setShortcut(QKeySequence("Ctrl+I"))
        spreadsheets.triggered.connect(self.spreadsheets_requested)
        file_menu.addAction(spreadsheets)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        decorate(quit_action, "quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.quit_requested)
        file_menu.addAction(quit_action)
        self.go_menu = self.menuBar().addMenu(_("&Go"))
        help_menu = self.menuBar().addMenu(_("&Help"))
        self.log_folder_action = QAction(_("Open &log folder"), self)
        decorate(self.log_folder_action, "log_folder")
        self.log_folder_action.triggered.connect(self.log_folder_requested)
        help_menu.addAction(self.log_folder_action)
        about = QAction(_("&About Callback Desk"), self)
        decorate(about, "about")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.about_requested)
        help_menu.addAction(about)

    def add_page(
        self, title: str, page: QWidget, shortcut: str = "", icon_name: str = ""
    ) -> QAction:
        """Add a module's page to the navigation and a Go menu entry with its shortcut."""
        index = self.pages.addWidget(page)
        item = QListWidgetItem(title)
        item.setData(ICON_ROLE, icon_name)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        self.navigation.addItem(item)
        action = QAction(title, self)
        if icon_name:
            decorate(action, icon_name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(self._show_page_callback(index))
        self.go_menu.addAction(action)
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        decorate_list(self.navigation)
        # As wide as its longest title (English runs longer than Chinese), never scrolling.
        margin = 2 * self.navigation.frameWidth() + 24
        self.navigation.setFixedWidth(max(180, self.navigation.sizeHintForColumn(0) + margin))
        return action

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` (a page, or the screen inside a lazily built page) to the front."""
        for index in range(self.pages.count()):
            holder = self.pages.widget(index)
            if holder is page or (
                isinstance(holder, LazyPage) and holder.is_built and holder.content() is page
            ):
                self.navigation.setCurrentRow(index)
                return

    def _show_page_callback(self, index: int) -> Callable[[], None]:
        return lambda: self.navigation.setCurrentRow(index)

    def add_banner(self, banner: QWidget) -> None:
        """Put ``banner`` above the pages, below any added before."""
        self.banners.addWidget(banner)

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def _restore_geometry(self) -> None:
        geometry = self._qt_settings.value("main_window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        self.resize(1100, 720)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._qt_settings.setValue("main_window/geometry", self.saveGeometry())
        self._qt_settings.sync()
        if not self.quitting and self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        super().closeEvent(event)

"""The start-up shell: the main window painted before the database is open.

The shell is the real main window — menus, the navigation with its icons, each page's title — with
the Today page's layout holding "Loading…" placeholders. It imports neither the database library
nor a service, so the window paints in about the time a bare window takes; the controller then
opens the database, puts the real pages in (``MainWindow.clear_pages``) and fills Today. When the
database cannot be used, the shell shows why instead of the data.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.local.paths import AppPaths
from desktop_app.ui.main_window import MainWindow

#: Every page of the main window in order: the attribute that keeps its screen in the controller,
#: its title and its Go menu shortcut. Reports are left out for trainees once the person is known,
#: the audit log for everyone without Permission.VIEW_AUDIT.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("today_view", N_("Today"), "Ctrl+1"),
    ("front_desk_view", N_("Front desk"), "F2"),
    ("contracts_view", N_("Contracts"), "Ctrl+2"),
    ("banks_view", N_("Banks"), "Ctrl+3"),
    ("people_view", N_("People"), "Ctrl+4"),
    ("numbers_view", N_("Registered numbers"), "Ctrl+5"),
    ("call_log_view", N_("Call log"), "Ctrl+6"),
    ("checklists_view", N_("Checklists"), "Ctrl+8"),
    ("training_view", N_("Training"), "Ctrl+7"),
    ("windows_view", N_("Contact windows"), "Ctrl+9"),
    ("reports_view", N_("Reports"), "Ctrl+0"),
    ("audit_view", N_("Audit log"), "Ctrl+Shift+A"),
)


def icon_name(attribute: str) -> str:
    """The navigation icon of the page kept as ``attribute``."""
    return attribute.removesuffix("_view")


def _loading_label() -> QLabel:
    label = QLabel(_("Loading…"))
    label.setObjectName("emptyState")
    return label


class TodayPlaceholder(QWidget):
    """The Today page's layout before its data: title, the two boxes, "Loading…" in each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Today"))
        self.title_label = QLabel(_("Today"))
        self.title_label.setObjectName("pageTitle")
        self.status_label = _loading_label()
        self.status_label.setWordWrap(True)
        #: The boxes' "Loading…", emptied when the database could not be opened.
        self.box_labels = [_loading_label(), _loading_label()]
        contracts_box = QGroupBox(_("Contracts and who answers the bank"))
        QVBoxLayout(contracts_box).addWidget(self.box_labels[0], 1)
        duty_box = QGroupBox(_("On duty now"))
        QVBoxLayout(duty_box).addWidget(self.box_labels[1], 1)
        columns = QHBoxLayout()
        columns.addWidget(contracts_box, 3)
        columns.addWidget(duty_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addLayout(columns, 3)

    def show_problem(self, message: str) -> None:
        """Say why there is no data (the database could not be opened)."""
        self.status_label.setObjectName("warningBanner")
        self.status_label.setText(message)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        for label in self.box_labels:
            label.clear()


class PagePlaceholder(QWidget):
    """Another page before the database is open: its title and "Loading…"."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(_loading_label())
        layout.addStretch(1)


def build_shell(paths: AppPaths, icon: QIcon) -> tuple[MainWindow, TodayPlaceholder]:
    """The main window with every page as a placeholder, and its Today placeholder."""
    qt_settings = QSettings(str(paths.qt_settings_file), QSettings.Format.IniFormat)
    window = MainWindow(None, _("Opening the database…"), qt_settings)
    window.setWindowIcon(icon)
    today = TodayPlaceholder()
    for attribute, title, shortcut in PAGES:
        page = today if attribute == "today_view" else PagePlaceholder(_(title))
        window.add_page(_(title), page, shortcut, icon_name(attribute))
    return window, today

"""Every interactive control of every screen has an accessible name and a keyboard path.

The name is what a screen reader says: the control's own accessible name, its text (buttons,
check boxes), or the label whose buddy it is (form rows). The keyboard path is Tab focus.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.widgets.lazy_page import LazyPage

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def part_of_a_qt_control(widget: QWidget) -> bool:
    """A piece Qt builds inside a combo box, spin box or line edit (its list, clear button)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit):
            return True
        parent = parent.parentWidget()
    return False


def problems_in(root: QWidget) -> list[str]:
    """The interactive controls under ``root`` with no name or no Tab focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue  # a table's header is part of the table (and hidden tabs count too)
        if part_of_a_qt_control(widget):
            continue
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts of a composite control
        where = f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}"
        if not accessible_name(widget):
            found.append(f"no name: {where} {widget.objectName()!r}")
        if widget.isEnabled() and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(f"no keyboard path: {where} {accessible_name(widget)!r}")
    return found


@pytest.mark.parametrize("person", ["administrator", "刘洋"])  # all screens; the front desk's
def test_every_control_of_every_screen_is_named_and_reachable_by_keyboard(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, person: str
) -> None:
    actor = (
        demo_admin if person == "administrator" else app_ctx.services.identity.actor_named(person)
    )
    controller = DeskController(app_ctx, actor, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    found = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        page = window.pages.currentWidget()
        title = window.navigation.item(row).text()
        found += [f"{title}: {problem}" for problem in problems_in(page)]
        screen = page.content() if isinstance(page, LazyPage) else page
        opener = getattr(screen, "open_editor", None)
        if opener is not None:  # the screen's main dialog, for a new record
            dialog = opener(None)
            qtbot.addWidget(dialog)
            found += [f"{title}, new: {problem}" for problem in problems_in(dialog)]
            dialog.reject()
    found += [f"Main window: {problem}" for problem in problems_in(window.navigation)]
    settings = controller.open_settings()
    qtbot.addWidget(settings)
    found += [f"Settings: {problem}" for problem in problems_in(settings)]
    assert not found, "\n".join(found)

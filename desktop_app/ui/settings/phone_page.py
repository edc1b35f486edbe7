"""Settings › Phone system: how rings reach the console, and a recipe for each phone system.

This desk's choices (machine-local): whether a ring takes the keyboard, and the loopback listener
(127.0.0.1 only, off by default) with its port and random token. The organisation's: how many
minutes an unlogged ring waits before it counts as missed. Then, per phone system, the steps and
the exact string to paste, each with a copy button.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.ring_recipes import recipes
from desktop_app.core.front_desk.ring_request import new_token
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation


def ring_command() -> str:
    """How the phone system starts this installation."""
    if getattr(sys, "frozen", False):  # the installed app: its executable's full path
        return f'"{sys.executable}"'
    return "callback-desk"


class PhonePage(QWidget):
    """Edits how rings reach this desk, and shows the recipes."""

    def __init__(
        self,
        settings: LocalSettings,
        org: OrgSettingsService,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._org = org
        self._actor = actor
        self.focus_check = QCheckBox(_("A ring brings the console forward and takes the keyboard"))
        self.focus_check.setChecked(settings.ring_takes_focus)
        self.focus_check.setToolTip(
            _("Off: the console comes forward without interrupting someone typing elsewhere.")
        )
        self.listener_check = QCheckBox(
            _("Listen for rings at a web address on this computer (127.0.0.1 only)")
        )
        self.listener_check.setChecked(settings.ring_listener)
        self.listener_check.setToolTip(
            _("The listener, its port and token take effect when the app next starts.")
        )
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1024, 65535)
        self.port_spin.setValue(settings.ring_listener_port)
        self.port_spin.setAccessibleName(_("Port"))
        self.token_edit = QLineEdit(settings.ring_token or new_token())
        self.token_edit.setReadOnly(True)
        self.token_edit.setAccessibleName(_("Token"))
        self.new_token_button = QPushButton(_("New token"))
        self.stale_spin = QSpinBox()
        self.stale_spin.setRange(1, 120)
        self.stale_spin.setSuffix(_(" min"))
        self.stale_spin.setValue(org.get().ring_stale_minutes)
        self.stale_spin.setEnabled(actor.can(Permission.EDIT_SETTINGS))
        self.stale_spin.setAccessibleName(_("A ring nobody logs counts as missed after"))
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.setVisible(False)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.new_token_button)
        form = QFormLayout()
        form.addRow(self.focus_check)
        form.addRow(self.listener_check)
        form.addRow(_("Port"), self.port_spin)
        form.addRow(_("Token"), token_row)
        form.addRow(_("A ring nobody logs counts as missed after"), self.stale_spin)
        form.addRow(self.problem_label)
        self.recipes_box = QGroupBox(_("Recipes: what to paste into your phone system"))
        self.recipes_layout = QVBoxLayout(self.recipes_box)
        self.copy_buttons: dict[str, QPushButton] = {}
        self.paste_edits: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.recipes_box)
        layout.addStretch(1)
        self._fill_recipes()
        self.new_token_button.clicked.connect(self._on_new_token_button_clicked)
        self.port_spin.valueChanged.connect(self._fill_recipes)

    def _fill_recipes(self) -> None:
        while self.recipes_layout.count():
            item = self.recipes_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.copy_buttons.clear()
        self.paste_edits.clear()
        for recipe in recipes(ring_command(), self.port_spin.value(), self.token_edit.text()):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 4)
            title = QLabel(f"<b>{recipe.title}</b>")
            steps = QLabel(recipe.steps)
            steps.setWordWrap(True)
            paste = QLineEdit(recipe.paste)
            paste.setReadOnly(True)
            paste.setAccessibleName(recipe.title)
            paste.setCursorPosition(0)
            copy = QPushButton(_("Copy"))
            copy.clicked.connect(lambda _checked=False, text=recipe.paste: self.copy(text))
            row = QHBoxLayout()
            row.addWidget(paste, 1)
            row.addWidget(copy)
            box_layout.addWidget(title)
            box_layout.addWidget(steps)
            box_layout.addLayout(row)
            self.recipes_layout.addWidget(box)
            self.copy_buttons[recipe.key] = copy
            self.paste_edits[recipe.key] = paste

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard."""
        QGuiApplication.clipboard().setText(text)

    def _on_new_token_button_clicked(self) -> None:
        self.token_edit.setText(new_token())
        self._fill_recipes()

    def validate(self) -> bool:
        """The organisation's delay is checked before anything is saved."""
        if not self.stale_spin.isEnabled():
            return True
        try:
            self._org.check(ring_stale_minutes=self.stale_spin.value())
        except DeskError as error:
            self.problem_label.setText(error.text())
            self.problem_label.setVisible(True)
            return False
        return True

    def start_save(self, hub: ChangeHub | None) -> Operation | None:
        """The save of the organisation's delay when it changed (administrators), ready to run
        off the GUI thread; None if there is nothing to save."""
        value = self.stale_spin.value()
        if not self.stale_spin.isEnabled() or value == self._org.get().ring_stale_minutes:
            return None
        org, actor = self._org, self._actor
        return Operation(self, hub, lambda: org.update(actor, ring_stale_minutes=value)).errors_in(
            self.problem_label
        )

    def apply_to(self, settings: LocalSettings) -> None:
        """Copy this desk's choices into ``settings`` (the listener applies at the next start)."""
        settings.ring_takes_focus = self.focus_check.isChecked()
        settings.ring_listener = self.listener_check.isChecked()
        settings.ring_listener_port = self.port_spin.value()
        settings.ring_token = self.token_edit.text()

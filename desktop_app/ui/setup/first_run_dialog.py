"""The first-run dialog: create the first administrator, or load the sample company."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label

if TYPE_CHECKING:
    from desktop_app.core.register.identity import IdentityService


class FirstRunDialog(QDialog):
    """Asks how to start on an empty database; emits the resulting actor. ``load_sample`` loads
    the sample company for a computer account and returns its administrator."""

    #: Emitted with the Actor who will use the app once set-up succeeded.
    setup_finished = Signal(object)

    def __init__(
        self,
        identity: IdentityService,
        load_sample: Callable[[str], Actor],
        os_account: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._identity = identity
        self._load_sample = load_sample
        self._os_account = os_account
        self.actor: Actor | None = None
        self.setWindowTitle(_("Welcome to Callback Desk"))
        intro = QLabel(
            _(
                "Callback Desk keeps every post-loan callback from your banks answered "
                "and recorded. How do you want to start?"
            )
        )
        intro.setWordWrap(True)
        self.create_admin_radio = QRadioButton(_("Set up our company: I am the administrator"))
        self.sample_radio = QRadioButton(_("Try it with a fictional sample company"))
        self.create_admin_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.create_admin_radio)
        group.addButton(self.sample_radio)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Your name"))
        self.name_edit.setPlaceholderText(_("e.g. 王敏"))
        self.account_label = QLabel(os_account)
        self.name_error = error_label()
        self.general_error = error_label()
        form = QFormLayout()
        form.addRow(_("Your name"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(_("Computer account"), self.account_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.create_admin_radio)
        layout.addLayout(form)
        layout.addWidget(self.sample_radio)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._errors = FieldErrors({"name": self.name_error}, self.general_error)
        self.create_admin_radio.toggled.connect(self.name_edit.setEnabled)
        self.resize(480, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        self._errors.clear()
        try:
            if self.sample_radio.isChecked():
                self.actor = self._load_sample(self._os_account)
            else:
                self.actor = self._identity.create_first_admin(
                    self.name_edit.text(), self._os_account
                ).value
        except ValidationError as error:
            self._errors.show(error)
            return
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            return
        self.setup_finished.emit(self.actor)
        self.accept()

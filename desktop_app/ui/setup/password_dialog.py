"""Asks for the team server's password at start, when the keyring has none or the server refused it.

Where the system has a usable keyring the person may keep the password there; where it has none
the dialog says so, and the password is kept in memory until the app quits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.ui.widgets.field_errors import error_label


class PasswordDialog(QDialog):
    """The password of one login on one server."""

    #: Emitted on OK with the password and whether to keep it in the keyring.
    password_entered = Signal(str, bool)

    def __init__(
        self,
        server: str,
        user: str,
        reason: str,
        keyring_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Team server password"))
        intro = QLabel(
            _("Callback Desk connects to the team server {server} as {user}.").format(
                server=server, user=user
            )
        )
        intro.setWordWrap(True)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(_("Password"))
        self.keep_check = QCheckBox(_("Keep it in the system keyring"))
        self.keep_check.setChecked(keyring_available)
        self.keep_check.setVisible(keyring_available)
        self.keyring_note = QLabel(
            _(
                "This system has no usable keyring: the password is kept only until the app "
                "quits, and asked for again at the next start."
            )
        )
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not keyring_available)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Password"), self.password_edit)
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.keep_check)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        if not self.password_edit.text():
            self.error.setText(_("Enter the password."))
            self.error.show()
            return
        self.password_entered.emit(self.password_edit.text(), self.keep_check.isChecked())
        self.accept()

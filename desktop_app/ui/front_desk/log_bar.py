"""The console's logging bar: caller name and number, notes, and one key per outcome."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.front_desk.calls import OUTCOMES

#: The key that logs each outcome (F5–F8), so a call is logged in one or two keystrokes.
OUTCOME_KEYS = {
    "transferred": "F5",
    "message": "F6",
    "no_one": "F7",
    "wrong_number": "F8",
    "unverified": "F9",
}


class LogBar(QWidget):
    """Collects what the desk knows about the call and asks to log it with an outcome."""

    #: Emitted with the outcome code when the desk logs the call.
    log_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caller_name_edit = QLineEdit()
        self.caller_name_edit.setAccessibleName(_("Caller's name"))
        self.caller_name_edit.setPlaceholderText(_("Caller's name"))
        self.caller_number_edit = QLineEdit()
        self.caller_number_edit.setAccessibleName(_("Caller's number"))
        self.caller_number_edit.setPlaceholderText(_("Caller's number"))
        self.notes_edit = QLineEdit()
        self.notes_edit.setAccessibleName(_("Notes or message"))
        self.notes_edit.setPlaceholderText(_("Message or notes for the person who calls back"))
        self.outcome_buttons: dict[str, QPushButton] = {}
        fields = QGridLayout()
        fields.addWidget(QLabel(_("Log the call")), 0, 0, 1, 2)
        fields.addWidget(self.caller_name_edit, 1, 0)
        fields.addWidget(self.caller_number_edit, 1, 1)
        fields.addWidget(self.notes_edit, 2, 0, 1, 2)
        buttons = QGridLayout()
        for index, (code, label) in enumerate(OUTCOMES.items()):
            key = OUTCOME_KEYS[code]
            button = QPushButton(_("{label} ({key})").format(label=_(label), key=key))
            button.setShortcut(QKeySequence(key))
            button.setAccessibleName(_(label))
            button.clicked.connect(lambda _checked=False, c=code: self.log_requested.emit(c))
            self.outcome_buttons[code] = button
            buttons.addWidget(button, index // 2, index % 2)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(fields, 3)
        row.addLayout(buttons, 2)

    def clear(self) -> None:
        for edit in (self.caller_name_edit, self.caller_number_edit, self.notes_edit):
            edit.clear()

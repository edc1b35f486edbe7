"""The console's logging bar: caller name and number, notes, and one key per outcome.

An outcome key (F5–F8) logs the call at the key press. The buttons carry no shortcut of their
own: a button's shortcut "animates" a click and emits it about 100 ms later, and a digit typed in
between went into the call being logged. A ``QShortcut`` emits at once instead, and the console
reads the fields in the same handler.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.core.front_desk.calls import OUTCOMES
from desktop_app.ui.icons import decorate

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

    #: Emitted with the outcome code when the desk logs the call (at the key press or click).
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
        self.outcome_shortcuts: dict[str, QShortcut] = {}
        fields = QGridLayout()
        fields.addWidget(QLabel(_("Log the call")), 0, 0, 1, 2)
        fields.addWidget(self.caller_name_edit, 1, 0)
        fields.addWidget(self.caller_number_edit, 1, 1)
        fields.addWidget(self.notes_edit, 2, 0, 1, 2)
        buttons = QGridLayout()
        for index, (code, label) in enumerate(OUTCOMES.items()):
            key = OUTCOME_KEYS[code]
            button = QPushButton(_("{label} ({key})").format(label=_(label), key=key))
            button.setAccessibleName(_(label))
            decorate(button, code)
            button.setToolTip(_("Log the call now: {key}").format(key=key))
            button.clicked.connect(lambda _checked=False, c=code: self.log_requested.emit(c))
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda c=code: self._on_outcome_key(c))
            self.outcome_buttons[code] = button
            self.outcome_shortcuts[code] = shortcut
            buttons.addWidget(button, index // 2, index % 2)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(fields, 3)
        row.addLayout(buttons, 2)
        # Enter in the name goes on to the message, as the desk writes it while listening.
        self.caller_name_edit.returnPressed.connect(self.notes_edit.setFocus)
        self.caller_number_edit.returnPressed.connect(self.notes_edit.setFocus)

    def _on_outcome_key(self, code: str) -> None:
        if self.isEnabled():
            self.log_requested.emit(code)

    def focus_order(self) -> list[QWidget]:
        """The bar's controls in the order Tab visits them."""
        return [
            self.caller_name_edit,
            self.caller_number_edit,
            self.notes_edit,
            *self.outcome_buttons.values(),
        ]

    def clear(self) -> None:
        for edit in (self.caller_name_edit, self.caller_number_edit, self.notes_edit):
            edit.clear()

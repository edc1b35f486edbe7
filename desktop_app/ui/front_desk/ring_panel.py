"""The console's ring panel: the ring the phone system handed over, and "is it really the bank?".

Shown above the console while a ring waits to be logged: its number, line and time, the bank
whose registers hold the number (or "unknown number" with "tie to a bank" one click away). When
the caller names a bank whose registers do not hold this number, a prominent warning, the "verify
first" script, and the bank's official numbers and officers' numbers to call back on.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.front_desk.caller_check import CallerCheck
from desktop_app.core.front_desk.rings import RingView


class RingPanel(QWidget):
    """What the phone system said, and the warning when the caller is not verified."""

    #: Emitted when the desk ties the ring's unknown number to the bank the console shows.
    tie_requested = Signal()
    #: Emitted when the desk logs the call as an unverified caller.
    unverified_requested = Signal()

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.ring_label = QLabel()
        self.ring_label.setObjectName("infoBanner")
        self.ring_label.setWordWrap(True)
        self.tie_button = QPushButton()
        self.tie_button.setAccessibleName(_("Tie the number to a bank"))
        self.tie_button.setVisible(False)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningBanner")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.numbers_label = QLabel()
        self.numbers_label.setWordWrap(True)
        self.unverified_button = QPushButton(_("Log as unverified caller"))
        self.check_box = QWidget()
        check_layout = QVBoxLayout(self.check_box)
        check_layout.setContentsMargins(0, 0, 0, 0)
        check_layout.addWidget(self.warning_label)
        check_row = QHBoxLayout()
        check_row.addWidget(self.numbers_label, 1)
        check_row.addWidget(self.unverified_button)
        check_layout.addLayout(check_row)
        self.check_box.setVisible(False)
        ring_row = QHBoxLayout()
        ring_row.addWidget(self.ring_label, 1)
        ring_row.addWidget(self.tie_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(ring_row)
        layout.addWidget(self.check_box)
        self.tie_button.clicked.connect(self.tie_requested)
        self.unverified_button.clicked.connect(self.unverified_requested)
        self.setVisible(False)

    def show_ring(self, ring: RingView | None, routed_bank: tuple[int, str] | None) -> None:
        """Show ``ring`` (None: hide the panel); offer to tie it to ``routed_bank`` (id, name)
        when no register holds its number."""
        if ring is None:
            self.setVisible(False)
            self.show_check(None)
            return
        where = _("line {line}").format(line=ring.line) if ring.line else _("no line given")
        if ring.bank_name:
            who = ring.bank_name
        elif ring.banks_holding > 1:
            who = _("a number several banks call from")
        else:
            who = _("unknown number: no register holds it")
        self.ring_label.setText(
            _("Ringing: {number} ({who}), {where}, {time}").format(
                number=ring.number_display,
                who=who,
                where=where,
                time=format_moment(ring.at, self._zone),
            )
        )
        offer = ring.bank_id is None and routed_bank is not None
        self.tie_button.setVisible(offer)
        if offer and routed_bank is not None:
            self.tie_button.setText(_("Tie to {bank}").format(bank=routed_bank[1]))
        self.setVisible(True)

    def show_check(self, check: CallerCheck | None) -> None:
        """The warning and the numbers to call back on; hidden when the caller is verified."""
        if check is None or check.verified:
            self.check_box.setVisible(False)
            return
        self.warning_label.setText("\n".join((check.warning(), check.script())))
        numbers = [
            _("{number} ({label})").format(number=n.display, label=n.label)
            if n.label
            else n.display
            for n in check.official_numbers + check.officer_numbers
        ]
        self.numbers_label.setText(
            _("Call back only on: {numbers}").format(numbers=" · ".join(numbers))
            if numbers
            else _("No official number is on file for this bank: ask the finance team.")
        )
        self.check_box.setVisible(True)

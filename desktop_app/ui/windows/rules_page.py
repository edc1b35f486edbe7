"""The Windows tab of the Contact windows page: every window as a rule, active or not.

The month and the agenda show dates only, so a window that is inactive, or has no date in the
period shown, is reached here (to open, edit, deactivate or reactivate it). Like the month page it
reads nothing itself: its owner hands it the windows with :meth:`RulesPage.set_windows`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.windows.service import WindowView
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.windows.rules_model import RulesModel


class RulesPage(QWidget):
    """The windows of the bank chosen on the page, inactive ones on request."""

    #: Emitted when the selected window changed (or none is selected any more).
    selection_changed = Signal()
    #: Emitted with a window's id on double-click or Enter.
    window_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._windows: list[WindowView] = []
        self.inactive_check = QCheckBox(_("Show inactive"))
        self.hidden_label = QLabel()
        self.hidden_label.setObjectName("emptyState")
        self.model = RulesModel(self)
        self.table = make_table(_("Contact windows"), stretch_column=RulesModel.RULE)
        self.table.setModel(self.model)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(self.inactive_check)
        top.addSpacing(12)
        top.addWidget(self.hidden_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        self.inactive_check.toggled.connect(self._show)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self.selection_changed)
        self._show()

    def set_windows(self, windows: Sequence[WindowView]) -> None:
        """Show ``windows`` (active and inactive); the selected window stays selected."""
        self._windows = list(windows)
        self._show()

    def selected(self) -> WindowView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_window(self, window_id: int) -> bool:
        """Select the row of window ``window_id`` if it is shown."""
        row = self.model.row_of_window(window_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _show(self) -> None:
        chosen = self.selected()
        show_inactive = self.inactive_check.isChecked()
        rows = [w for w in self._windows if show_inactive or w.active]
        self.model.set_rows(rows)
        hidden = len(self._windows) - len(rows)
        self.hidden_label.setText(
            ngettext(
                "{count} inactive window hidden", "{count} inactive windows hidden", hidden
            ).format(count=hidden)
            if hidden
            else ""
        )
        self.empty_label.setText(
            _("No active contact window: tick “Show inactive” to see the others.")
            if hidden
            else _("No contact window yet.")
        )
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.table.resizeColumnsToContents()  # long rules are elided; the tooltip has them whole
        if chosen is None or not self.select_window(chosen.id):
            self.selection_changed.emit()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.window_activated.emit(self.model.row_at(index.row()).id)

"""The Agenda tab of the Contact windows page: the windows of the next 30, 90 or 365 days.

Like the month page it reads nothing itself: when the horizon changes it asks its owner
(``horizon_changed``) and is handed the rows to show with :meth:`AgendaPage.set_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _, ngettext
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.windows.occurrences_model import AgendaRow, OccurrencesModel

AGENDA_DAYS = (30, 90, 365)


class AgendaPage(QWidget):
    """The coming windows, one per row."""

    #: Emitted after another horizon was chosen: the owner reads its rows and calls set_rows().
    horizon_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizon_combo = QComboBox()
        self.horizon_combo.setAccessibleName(_("How far ahead"))
        for days in AGENDA_DAYS:
            self.horizon_combo.addItem(
                ngettext("Next {count} day", "Next {count} days", days).format(count=days), days
            )
        self.horizon_combo.setCurrentIndex(1)
        self.model = OccurrencesModel(self)
        self.table = make_table(_("Upcoming windows"))
        self.table.setModel(self.model)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.shared_label = QLabel()
        self.shared_label.setObjectName("infoBanner")
        self.shared_label.setWordWrap(True)
        self.shared_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.horizon_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.shared_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.horizon_combo.currentIndexChanged.connect(self.horizon_changed)

    def days(self) -> int:
        """How many days ahead the agenda reaches."""
        return int(self.horizon_combo.currentData())

    def set_rows(self, rows: Sequence[AgendaRow], problems_only: bool) -> None:
        """Show ``rows`` (already filtered; ``problems_only`` words the empty state)."""
        self.model.set_rows(rows)
        shared = self.model.shared_warnings()
        self.shared_label.setText(
            _("Note for the dates below: {warnings}").format(warnings=_("; ").join(shared))
        )
        self.shared_label.setVisible(bool(shared))
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.empty_label.setText(
            _("No window with a problem in this period.")
            if problems_only
            else _("No contact window in this period.")
        )
        self.table.resizeColumnsToContents()

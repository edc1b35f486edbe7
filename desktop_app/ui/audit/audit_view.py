"""The Audit log page: who changed what, at which desk, when — each entry as a sentence.

For administrators and finance staff (Permission.VIEW_AUDIT); nobody else gets the page. The log
is read off the GUI thread, newest first, narrowed by the kind of record, a search over the person
and the sentence, and how many of the latest entries to show. An entry opens its details: the
fields it changed, before and after, in words. The page re-reads the log when it is shown after
a change (every change writes an entry).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.audit import AuditService
from desktop_app.core.common.audit_text import ENTITIES
from desktop_app.core.common.changes import Changes
from desktop_app.core.common.i18n import _, format_number, ngettext
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.ui.audit.audit_model import AuditModel, AuditRow, audit_rows
from desktop_app.ui.audit.details_dialog import AuditDetailsDialog
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.shown_refresh import ShownRefresh
from desktop_app.ui.widgets.tables import make_table

#: How many of the latest entries the page may show.
LIMITS = (200, 1000, 5000)
#: Typing pauses this long before the search runs (a read per keystroke would queue up).
SEARCH_DELAY_MS = 300


class AuditView(QWidget):
    """Lists audit entries and opens one entry's details."""

    #: Emitted after the log was (re-)read and shown.
    refreshed = Signal()

    def __init__(
        self,
        audit: AuditService,
        org: OrgSettingsService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._org = org
        self._hub = hub
        self._actor = actor
        self._zone = ZoneInfo("UTC")  # replaced by the company's at each read
        self._reads = 0  # the number of the latest read: an older one's answer is dropped
        self.dialog: AuditDetailsDialog | None = None
        self.setAccessibleName(_("Audit log"))

        title = QLabel(_("Audit log"))
        title.setObjectName("pageTitle")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Kind of record"))
        self.kind_combo.addItem(_("All kinds"), None)
        for code, noun in sorted(ENTITIES.items(), key=lambda item: _(item[1])):
            self.kind_combo.addItem(_(noun), code)
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(12)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search the audit log"))
        self.search_edit.setPlaceholderText(_("Person, desk or what happened…"))
        self.search_edit.setClearButtonEnabled(True)
        self.limit_combo = QComboBox()
        self.limit_combo.setAccessibleName(_("How many entries"))
        for limit in LIMITS:
            self.limit_combo.addItem(
                _("The latest {count}").format(count=format_number(limit)), limit
            )
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.limit_combo)

        self.model = AuditModel(self)
        self.table = make_table(_("Audit entries"), stretch_column=AuditModel.WHAT)
        self.table.setModel(self.model)
        self.table.keep_whole(AuditModel.WHEN)
        self.table.setColumnHidden(AuditModel.LOGIN, True)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setVisible(False)
        self.count_label = QLabel(_("Loading…"))
        self.details_button = QPushButton(_("Details…"))
        decorate(self.details_button, "open")
        self.details_button.setAccessibleName(_("Details of the entry"))
        self.details_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.details_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.limit_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # ``activated`` follows Enter and a double-click; ``doubleClicked`` too would open two.
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.details_button.clicked.connect(self._on_details_button_clicked)
        #: Re-reads on a change only while shown; a hidden page catches up when shown.
        self.shown_refresh = ShownRefresh(self, self.reload)
        hub.data_changed.connect(self._on_hub_data_changed)
        self.shown_refresh.request()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Re-read the log for the current filters off the GUI thread (``refreshed`` follows)."""
        self._search_timer.stop()
        self._reads += 1
        read = self._reads
        audit, org, actor = self._audit, self._org, self._actor
        text = self.search_edit.text()
        entity = self.kind_combo.currentData()
        limit = int(self.limit_combo.currentData())

        def work() -> tuple[list[AuditRow], ZoneInfo]:
            zone = org.zone()
            return audit_rows(audit.search(actor, text, entity, limit), zone), zone

        operation = Operation(self, None, work)
        operation.success(lambda found: self._on_read(read, *found))
        operation.run()

    def _on_read(self, read: int, rows: list[AuditRow], zone: ZoneInfo) -> None:
        if read != self._reads:
            return  # a newer read is under way
        self._zone = zone
        self.model.set_rows(rows)
        self.table.setColumnHidden(AuditModel.LOGIN, not self.model.has_logins())
        self.table.resizeColumnsToContents()
        count = len(rows)
        self.count_label.setText(
            ngettext("{count} entry", "{count} entries", count).format(count=count)
        )
        text = self.search_edit.text().strip()
        if text:
            self.empty_label.setText(_("No entry matches “{text}”.").format(text=text))
        elif self.kind_combo.currentData() is not None:
            self.empty_label.setText(_("No entries of this kind yet."))
        else:
            self.empty_label.setText(
                _("No entries yet: every change made in the app is listed here.")
            )
        self.empty_label.setVisible(count == 0)
        self.table.setVisible(count > 0)
        self._update_buttons()
        self.refreshed.emit()

    def selected(self) -> AuditRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def _update_buttons(self) -> None:
        self.details_button.setEnabled(self.selected() is not None)

    # ------------------------------------------------------------------ handlers

    def _on_filter_changed(self, _index: int) -> None:
        self.reload()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_hub_data_changed(self, _changes: Changes) -> None:
        self.shown_refresh.request()  # every change writes an entry

    def _on_table_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self._update_buttons()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_details(self.model.row_at(index.row()))

    def _on_details_button_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_details(row)

    # ------------------------------------------------------------------ details

    def open_details(self, row: AuditRow) -> AuditDetailsDialog:
        """Open the entry's details (one dialog at a time)."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = AuditDetailsDialog(row, self._zone, self)
        self.dialog.open()
        return self.dialog

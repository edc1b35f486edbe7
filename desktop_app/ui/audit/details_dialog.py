"""One audit entry in full: its sentence, who wrote it where and when, and each field it names
with the value before and after, in words."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.audit_text import changed_fields, person_text
from desktop_app.core.common.i18n import _
from desktop_app.ui.audit.audit_model import AuditRow, FieldRow, FieldsModel
from desktop_app.ui.widgets.tables import make_table


class AuditDetailsDialog(QDialog):
    """Shows one entry; read-only, closed with Close or Esc."""

    def __init__(self, row: AuditRow, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entry = row.entry
        self.setWindowTitle(_("Audit entry"))
        self.setAccessibleName(_("Audit entry"))
        self.sentence_label = QLabel(row.sentence)
        font = self.sentence_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sentence_label.setFont(font)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        parts = [row.when, person_text(entry.actor_name)]
        if entry.desk:
            parts.append(_("desk {desk}").format(desk=entry.desk))
        if entry.db_login:
            parts.append(_("login {login}").format(login=entry.db_login))
        self.who_label = QLabel(_(" · ").join(parts))
        self.who_label.setWordWrap(True)
        self.model = FieldsModel(self)
        self.model.set_rows(
            [
                FieldRow(*found)
                for found in changed_fields(entry.before, entry.after, zone, entry.entity)
            ]
        )
        self.table = make_table(_("Fields before and after"), stretch_column=FieldsModel.AFTER)
        self.table.setModel(self.model)
        # A new record has no "before", a deleted one no "after": no column of dashes.
        self.table.setColumnHidden(FieldsModel.BEFORE, entry.before is None)
        self.table.setColumnHidden(
            FieldsModel.AFTER, entry.after is None and entry.before is not None
        )
        if entry.after is None:
            self.table.set_stretch_column(FieldsModel.BEFORE)
        self.table.setWordWrap(True)
        self.table.resizeColumnsToContents()
        self.empty_label = QLabel(_("The entry records no values."))
        self.empty_label.setObjectName("emptyState")
        has_fields = self.model.rowCount() > 0
        self.table.setVisible(has_fields)
        self.empty_label.setVisible(not has_fields)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.who_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        self.resize(760, 480)

"""The checklist template editor: each loan type's items, their wording, how long they stay fresh.

Items are worded in Chinese and English (the evidence pack may be asked for in either); a change
reaches every contract of that loan type. "Restore the shipped template" puts back the wording,
order and freshness that came with the app, keeping items added here at the end. Another desk's
edit is read off the GUI thread and shown with the selected item kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.checklists.templates import (
    MAX_FRESHNESS_DAYS,
    ChecklistTemplateService,
    TemplateItemDraft,
    TemplateItemView,
    TemplateView,
)
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.contracts import LOAN_TYPES
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_models import TemplateItemsModel
from desktop_app.ui.operation import Operation, run
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.conflict_dialog import ConflictDialog
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.tables import make_table


class TemplateItemDialog(QDialog):
    """Words one template item in both languages and sets its freshness period.

    OK asks the editor to save (:attr:`save_requested`); the editor closes the dialog only once
    the save succeeded, so refused values show at the fields with everything typed kept."""

    #: OK was pressed: the editor saves the draft off the GUI thread.
    save_requested = Signal()

    def __init__(self, item: TemplateItemView | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Checklist item") if item else _("New checklist item"))
        self.title_zh_edit = QLineEdit()
        self.title_zh_edit.setAccessibleName(_("Name (Chinese)"))
        self.title_en_edit = QLineEdit()
        self.title_en_edit.setAccessibleName(_("Name (English)"))
        self.guidance_zh_edit = QPlainTextEdit()
        self.guidance_zh_edit.setAccessibleName(_("Guidance (Chinese)"))
        self.guidance_en_edit = QPlainTextEdit()
        self.guidance_en_edit.setAccessibleName(_("Guidance (English)"))
        self.freshness_spin = QSpinBox()
        self.freshness_spin.setRange(0, MAX_FRESHNESS_DAYS)
        self.freshness_spin.setAccessibleName(_("Stays fresh for"))
        self.freshness_spin.setSuffix(_(" days"))
        self.freshness_spin.setSpecialValueText(_("Does not expire"))
        self.labels = {"title_zh": error_label(), "freshness_days": error_label()}
        self.general_error = error_label()
        self.errors = FieldErrors(self.labels, self.general_error)
        form = QFormLayout()
        form.addRow(_("Name (Chinese)"), self.title_zh_edit)
        form.addRow("", self.labels["title_zh"])
        form.addRow(_("Name (English)"), self.title_en_edit)
        form.addRow(_("Guidance (Chinese)"), self.guidance_zh_edit)
        form.addRow(_("Guidance (English)"), self.guidance_en_edit)
        form.addRow(_("Stays fresh for"), self.freshness_spin)
        form.addRow("", self.labels["freshness_days"])
        hint = QLabel(
            _(
                "How many days after the evidence is dated it is still good enough to show the "
                "bank; after that the item is stale until someone brings it up to date."
            )
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save_requested)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        if item is not None:
            self.title_zh_edit.setText(item.title_zh)
            self.title_en_edit.setText(item.title_en)
            self.guidance_zh_edit.setPlainText(item.guidance_zh)
            self.guidance_en_edit.setPlainText(item.guidance_en)
            self.freshness_spin.setValue(item.freshness_days or 0)
        self.resize(620, 520)

    def draft(self) -> TemplateItemDraft:
        return TemplateItemDraft(
            title_zh=self.title_zh_edit.text(),
            title_en=self.title_en_edit.text(),
            guidance_zh=self.guidance_zh_edit.toPlainText(),
            guidance_en=self.guidance_en_edit.toPlainText(),
            freshness_days=self.freshness_spin.value(),
        )


class TemplateEditorDialog(QDialog):
    """Lists one loan type's template and edits it."""

    def __init__(
        self,
        templates: ChecklistTemplateService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._templates = templates
        self._hub = hub
        self._actor = actor
        self.template: TemplateView | None = None
        #: The conflict dialog while one is open (tests answer it).
        self.conflict_dialog: ConflictDialog | None = None
        self.item_dialog: TemplateItemDialog | None = None
        self.setWindowTitle(_("Checklist templates"))
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_("Loan type"))
        for template in templates.list(actor):
            self.type_combo.addItem(
                _(LOAN_TYPES.get(template.loan_type, template.loan_type)), template.loan_type
            )
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.model = TemplateItemsModel(self)
        self.table = make_table(_("Template items"))
        self.table.setModel(self.model)
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setObjectName("infoBanner")
        self.add_button = QPushButton(_("Add item…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.restore_button = QPushButton(_("Restore the shipped template"))
        editable = actor.can(Permission.EDIT_REGISTER)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
            button.setVisible(editable)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        self.restore_button.setVisible(editable)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Loan type")))
        top.addWidget(self.type_combo, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.guidance_label)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.type_combo.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.table.activated.connect(self._on_edit_clicked)
        #: Reads the template again after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show_read)
        hub.data_changed.connect(self._on_hub_data_changed)  # another desk's edit, live
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.reload()
        self.resize(760, 620)

    def loan_type(self) -> str:
        return str(self.type_combo.currentData())

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.CHECKLISTS):
            self.background_read.request()

    def _read(self) -> Callable[[], TemplateView]:
        templates, actor, loan_type = self._templates, self._actor, self.loan_type()
        return lambda: templates.get(actor, loan_type)

    def _show_read(self, template: TemplateView) -> None:
        if template.loan_type != self.loan_type():
            return  # another loan type was chosen meanwhile, and read then
        item = self.selected()
        self.show_template(template)
        if item is not None:
            self.select(item.id)

    def reload(self, select_id: int | None = None) -> None:
        self.show_template(self._templates.get(self._actor, self.loan_type()))
        if select_id is not None:
            self.select(select_id)

    def show_template(self, template: TemplateView) -> None:
        self.template = template
        self.title_label.setText(template.title())
        self.model.set_rows(template.items)
        self.table.resizeColumnsToContents()
        if template.items and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._on_row_changed()

    def select(self, item_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == item_id:
                self.table.selectRow(row)

    def selected(self) -> TemplateItemView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_row_changed(self, *_args: object) -> None:
        item = self.selected()
        self.guidance_label.setText(item.guidance() if item else "")
        self.guidance_label.setVisible(bool(item and item.guidance()))

    def save_item(
        self,
        item_id: int | None,
        draft: TemplateItemDraft,
        expected_version: int | None = None,
        keep: frozenset[str] = frozenset(),
    ) -> Operation:
        """The save of ``draft`` through the service, ready to run off the GUI thread; the
        template shows when it succeeded."""
        templates, actor, loan_type = (
            self._templates,
            self._actor,
            self.loan_type(),
        )
        return Operation(
            self,
            self._hub,
            lambda: templates.save_item(actor, loan_type, item_id, draft, expected_version, keep),
        ).success(self._on_template_changed)

    def _edit(self, item: TemplateItemView | None) -> TemplateItemDialog:
        """Edit ``item`` (None: a new one) as the version shown, in a window-modal dialog; a
        save after another desk's opens the conflict dialog: re-apply mine, reload theirs, or
        keep editing."""
        dialog = TemplateItemDialog(item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        version = item.version if item else None
        dialog.save_requested.connect(lambda: self._save_from(dialog, item, version, frozenset()))
        self.item_dialog = dialog
        dialog.open()
        return dialog

    def _save_from(
        self,
        dialog: TemplateItemDialog,
        item: TemplateItemView | None,
        version: int | None,
        keep: frozenset[str],
    ) -> Operation:
        """Save what ``dialog`` holds; it closes once the save succeeded."""
        dialog.errors.clear()
        operation = (
            self.save_item(item.id if item else None, dialog.draft(), version, keep)
            .fields(dialog.errors.show)
            .conflicts(lambda error: self._resolve(error, dialog, item))
            .errors_in(dialog.general_error)
            .lock(dialog.buttons)
        )
        operation.succeeded.connect(lambda template: self._on_item_saved(dialog, item, template))
        return operation.run()

    def _on_item_saved(
        self, dialog: TemplateItemDialog, item: TemplateItemView | None, template: TemplateView
    ) -> None:
        if template.items:
            self.select(item.id if item else template.items[-1].id)
        dialog.accept()

    def _resolve(
        self, error: ConflictError, dialog: TemplateItemDialog, item: TemplateItemView | None
    ) -> None:
        """The conflict dialog for a refused save: "Re-apply mine" saves over the version
        stored now, "Reload theirs" shows it and closes the item, Cancel keeps editing."""
        shown = ConflictDialog(error, dialog)
        shown.setWindowModality(Qt.WindowModality.WindowModal)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        conflict = error.conflict
        if conflict is not None:
            shown.reapply_chosen.connect(
                lambda: self._save_from(
                    dialog, item, conflict.current_version, conflict.keep_theirs()
                )
            )

        def reload_theirs() -> None:
            self.reload(item.id if item else None)
            dialog.reject()

        shown.reload_chosen.connect(reload_theirs)
        shown.finished.connect(lambda _result: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = shown
        shown.open()

    def _on_add_clicked(self) -> None:
        self._edit(None)

    def _on_edit_clicked(self, *_args: object) -> None:
        item = self.selected()
        if item is not None and self.edit_button.isVisible():
            self._edit(item)

    def _on_remove_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            _("Checklist templates"),
            _(
                "Remove “{item}” from the template? Contracts keep it only where someone "
                "already worked on it."
            ).format(item=item.title()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            templates, actor = self._templates, self._actor
            self._run(lambda: templates.remove_item(actor, item.id))

    def _move(self, delta: int) -> None:
        item = self.selected()
        if item is not None:
            templates, actor = self._templates, self._actor
            operation = self._run(lambda: templates.move_item(actor, item.id, delta))
            operation.succeeded.connect(lambda _template: self.select(item.id))

    def _on_restore_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Checklist templates"),
            _("Put back the wording, order and freshness periods that came with the app?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            templates, actor, loan_type = (
                self._templates,
                self._actor,
                self.loan_type(),  # read here: the worker never touches a widget
            )
            self._run(lambda: templates.restore_shipped(actor, loan_type))

    def _run(self, call: Callable[[], object]) -> Operation:
        """Run a change of the template off the GUI thread, then show the template."""
        return run(self, self._hub, call, self._on_template_changed)

    def _on_template_changed(self, template: TemplateView) -> None:
        self.show_template(template)

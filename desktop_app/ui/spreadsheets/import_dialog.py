"""Import from a spreadsheet: choose the kind and the file, see every row's problems, then write
all rows or none. Templates and exports are a click away in the same dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import N_, _, current_language, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.import_export.plan import ImportPlan
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.spreadsheets.preview_model import PreviewModel
from desktop_app.ui.style import set_tone
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:
    from desktop_app.core.register.import_export import ImportExportService

KIND_LABELS = {
    "banks": N_("Banks"),
    "contracts": N_("Contracts"),
    "people": N_("People"),
    "responders": N_("Responders"),
    "numbers": N_("Registered numbers"),
}
FILTER = N_("Spreadsheets (*.xlsx *.csv)")


class ImportDialog(QDialog):
    """Previews and commits an import; saves templates and exports."""

    #: Emitted with the number of records written by a committed import.
    imported = Signal(int)

    def __init__(
        self,
        imports: ImportExportService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._imports = imports
        self._hub = hub
        self._actor = actor
        self.plan: ImportPlan | None = None
        self.setWindowTitle(_("Import and export spreadsheets"))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("What to import"))
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(_(label), kind)
        self.choose_button = QPushButton(_("Choose file…"))
        self.template_button = QPushButton(_("Save template…"))
        self.export_button = QPushButton(_("Export…"))
        self.file_label = QLabel(
            _(
                "No file chosen. Start from a template: it has the columns "
                "in Chinese or English and an example row."
            )
        )
        self.file_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = make_table(_("Import preview"))
        self.table.setModel(self.model)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            _("Import all rows"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Kind")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.choose_button)
        top.addStretch(1)
        top.addWidget(self.template_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.template_button.clicked.connect(self._on_template_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        if not actor.can(Permission.EDIT_REGISTER):
            self.choose_button.setEnabled(False)
            self.file_label.setText(_("Only finance staff can import; you can export."))
        self.resize(900, 560)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def preview(self, path: Path) -> ImportPlan | None:
        """Read ``path`` and show what importing it would do; nothing is written."""
        try:
            plan = self._imports.preview(self._actor, self.kind, path)
        except DeskError as error:
            self._show_failure(path, error.text())
            return None
        self.plan = plan
        self.file_label.setText(_("File: {path}").format(path=path))
        self.model.set_rows(plan.rows)
        self.table.resizeColumnsToContents()
        problems = plan.all_problems()
        file_problems = [p.text() for p in plan.problems]
        if plan.ok:
            self.summary_label.setText(
                ngettext(
                    "{count} row is ready to import.",
                    "All {count} rows are ready to import.",
                    len(plan.rows),
                ).format(count=len(plan.rows))
            )
        else:
            text = ngettext(
                "Nothing will be imported: {count} problem must be fixed in the file first.",
                "Nothing will be imported: {count} problems must be fixed in the file first.",
                len(problems),
            ).format(count=len(problems))
            if file_problems:
                text += "\n" + "\n".join(file_problems)
            self.summary_label.setText(text)
        self.summary_label.setStyleSheet("" if plan.ok else "color: #b3261e;")
        self.import_button.setEnabled(plan.ok)
        return plan

    def _show_failure(self, path: Path, message: str) -> None:
        self.plan = None
        self.model.set_rows([])
        self.file_label.setText(_("File: {path}").format(path=path))
        self.summary_label.setText(message)
        set_tone(self.summary_label, "error")
        self.import_button.setEnabled(False)

    def commit(self) -> Operation:
        """Write every row of the previewed plan off the GUI thread; ``imported`` tells how
        many records were created. Nothing is written when a row is refused."""
        assert self.plan is not None
        imports, actor, plan = self._imports, self._actor, self.plan

        def done(report: Any) -> None:
            count = len(report.created)
            set_tone(self.summary_label, "")
            self.summary_label.setText(
                ngettext("{count} record imported.", "{count} records imported.", count).format(
                    count=count
                )
            )
            self.import_button.setEnabled(False)
            self.imported.emit(count)

        def refused(error: ValidationError) -> None:
            self.summary_label.setText(
                _("Nothing was imported: {reason}").format(reason=error.text())
            )
            set_tone(self.summary_label, "error")

        operation = Operation(self, self._hub, lambda: imports.commit(actor, plan))
        operation.fields(refused).errors_in(self.summary_label).lock(self.import_button)
        return operation.success(done).run()

    def _on_import_clicked(self) -> None:
        if self.plan is None or not self.plan.ok:
            return
        self.commit()

    def _on_kind_changed(self) -> None:
        if self.plan is not None:
            self.preview(self.plan.path)

    def _on_choose_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a spreadsheet"), str(Path.home()), _(FILTER)
        )
        if chosen:
            self.preview(Path(chosen))

    def _save_path(self, title: str, name: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), _(FILTER)
        )
        return Path(chosen) if chosen else None

    def save_template(self, path: Path) -> Operation:
        """Write the import template of the chosen kind to ``path`` off the GUI thread."""
        imports, kind, language = self._imports, self.kind, current_language()

        def done(_value: object) -> None:
            self.summary_label.setText(_("Template saved to {path}").format(path=path))

        operation = Operation(self, None, lambda: imports.write_template(kind, path, language))
        return operation.errors_in(self.summary_label).success(done).run()

    def export(self, path: Path) -> Operation:
        """Export every record of the chosen kind to ``path`` off the GUI thread (the
        operation's value is how many)."""
        imports, actor, kind, language = (
            self._imports,
            self._actor,
            self.kind,
            current_language(),
        )

        def done(count: int) -> None:
            self.summary_label.setText(
                ngettext(
                    "{count} record exported to {path}",
                    "{count} records exported to {path}",
                    count,
                ).format(count=count, path=path)
            )

        operation = Operation(self, None, lambda: imports.export(actor, kind, path, language))
        return operation.errors_in(self.summary_label).success(done).run()

    def _on_template_clicked(self) -> None:
        path = self._save_path(_("Save template"), f"{self.kind}-template.xlsx")
        if path is not None:
            self.save_template(path)

    def _on_export_clicked(self) -> None:
        path = self._save_path(_("Export"), f"{self.kind}.xlsx")
        if path is None:
            return
        self.export(path)

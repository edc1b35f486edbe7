"""One contract's checklist: its items, the selected item's guidance and state, its evidence files.

Shown on the Checklists screen and as the contract form's "Checklist" tab. Files are copied into
the data folder when attached and opened with the system's viewer; each time the checklist is
shown the copies are looked for and their sizes compared, and "Check files" hashes every byte —
a missing or altered file is reported in red. An item saved meanwhile at another desk is not
overwritten: the conflict dialog shows what was changed, to reload or re-apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.checklists.evidence import EvidenceService, FileCheck
from desktop_app.core.checklists.service import (
    SETTABLE_STATES,
    STATES,
    ChecklistItemView,
    ChecklistService,
    ContractChecklist,
    ItemUpdate,
)
from desktop_app.core.common import formats
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import (
    StorageError,
)
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_models import ChecklistItemsModel, EvidenceFilesModel
from desktop_app.ui.operation import Operation, run
from desktop_app.ui.widgets.conflict_dialog import ConflictResolver
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:  # the dialog and its service are imported when first used
    from desktop_app.core.records.evidence_pack import EvidencePackService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.ui.checklists.evidence_pack_dialog import EvidencePackDialog


@dataclass(frozen=True)
class ChecklistRead:
    """One contract's checklist as read for the panel: its items, what the look for its files
    found, and the people to choose owners from (None: the panel has them already)."""

    contract_id: int
    checklist: ContractChecklist
    checks: dict[int, FileCheck]
    full_check: bool
    people: list[tuple[int, str]] | None


class ChecklistPanel(QWidget):
    """Shows and edits the checklist of one contract. It receives the checklist and evidence
    services, and the contract, evidence-pack and people services its evidence pack and owner
    list read (#12: widgets get the few services they use)."""

    #: Emitted after the checklist was read and shown.
    checklist_shown = Signal()
    #: Emitted with the local path of an evidence file handed to the system's viewer.
    file_opened = Signal(Path)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        checklists: ChecklistService,
        evidence: EvidenceService,
        contracts: ContractService,
        evidence_packs: EvidencePackService,
        people: PeopleService,
    ) -> None:
        super().__init__(parent)
        self._checklists = checklists
        self._evidence = evidence
        self._contracts = contracts
        self._evidence_packs = evidence_packs
        self._people = people
        self._hub = hub
        self._actor = actor
        self.editable = actor.can(Permission.EDIT_REGISTER)
        self.contract_id: int | None = None
        self.checklist: ContractChecklist | None = None
        self.checks: dict[int, FileCheck] = {}
        self.readiness_label = QLabel()
        self.readiness_label.setObjectName("pageTitle")
        self.files_banner = QLabel()
        self.files_banner.setObjectName("warningBanner")
        self.files_banner.setWordWrap(True)
        self.files_banner.hide()
        self.check_button = QPushButton(_("Check files"))
        self.pack_button = QPushButton(_("Evidence pack…"))
        top = QHBoxLayout()
        top.addWidget(self.readiness_label, 1)
        top.addWidget(self.check_button)
        top.addWidget(self.pack_button)

        self.items_model = ChecklistItemsModel(self)
        self.items_table = make_table(_("Checklist items"))
        self.items_table.setModel(self.items_model)

        self.item_title = QLabel()
        self.item_title.setStyleSheet("font-weight: 600;")
        self.item_title.setWordWrap(True)
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setObjectName("infoBanner")
        self.state_combo = QComboBox()
        self.state_combo.setAccessibleName(_("State"))
        for code in SETTABLE_STATES:
            self.state_combo.addItem(_(STATES[code]), code)
        today = checklists.today()  # the company's, not the computer's
        self.ready_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.ready_edit.setCalendarPopup(True)
        self.ready_edit.setDisplayFormat(formats.date_edit_pattern())
        self.ready_edit.setAccessibleName(_("Evidence dated"))
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName(_("Owner"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(54)
        self.save_button = QPushButton(_("Save item"))
        self.item_errors = {name: error_label() for name in ("state", "ready_on", "owner_id")}
        self.item_error = error_label()
        self.errors = FieldErrors(self.item_errors, self.item_error)
        form = QFormLayout()
        form.addRow(_("State"), self.state_combo)
        form.addRow(_("Evidence dated"), self.ready_edit)
        form.addRow("", self.item_errors["ready_on"])
        form.addRow(_("Owner"), self.owner_combo)
        form.addRow("", self.item_errors["owner_id"])
        form.addRow(_("Notes"), self.notes_edit)
        save_row = QHBoxLayout()
        save_row.addWidget(self.item_error, 1)
        save_row.addWidget(self.save_button)

        self.files_model = EvidenceFilesModel(self)
        self.files_table = make_table(_("Evidence files"))
        self.files_table.setModel(self.files_model)
        self.files_table.setMinimumHeight(90)
        self.attach_button = QPushButton(_("Attach file…"))
        self.open_button = QPushButton(_("Open"))
        self.remove_button = QPushButton(_("Remove"))
        file_buttons = QHBoxLayout()
        file_buttons.addStretch(1)
        for button in (self.attach_button, self.open_button, self.remove_button):
            file_buttons.addWidget(button)

        self.detail_box = QGroupBox(_("Selected item"))
        state_side = QVBoxLayout()
        state_side.addLayout(form)
        state_side.addLayout(save_row)
        state_side.addStretch(1)
        files_side = QVBoxLayout()
        files_side.addWidget(QLabel(_("Evidence files")))
        files_side.addWidget(self.files_table, 1)
        files_side.addLayout(file_buttons)
        sides = QHBoxLayout()
        sides.addLayout(state_side, 1)
        sides.addLayout(files_side, 1)
        detail = QVBoxLayout(self.detail_box)
        detail.addWidget(self.item_title)
        detail.addWidget(self.guidance_label)
        detail.addLayout(sides, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.items_table)
        splitter.addWidget(self.detail_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 300])
        self.empty_label = QLabel(_("Choose a contract to see its checklist."))
        self.empty_label.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.files_banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.empty_label)
        self._content = (splitter, self.check_button, self.pack_button)

        for widget in (
            self.state_combo,
            self.ready_edit,
            self.owner_combo,
            self.save_button,
            self.attach_button,
            self.remove_button,
        ):
            widget.setVisible(self.editable)
        self.notes_edit.setReadOnly(not self.editable)
        self.state_combo.currentIndexChanged.connect(self._on_state_changed)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.files_table.activated.connect(self._on_open_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.pack_button.clicked.connect(self._on_pack_clicked)
        self.items_table.selectionModel().currentRowChanged.connect(self._on_item_selected)
        hub.data_changed.connect(self._on_hub_data_changed)
        self._people_filled = False
        #: The contract whose checklist was last asked for (:meth:`load` shows only its read).
        self._wanted: int | None = None
        self.conflicts = ConflictResolver(self, self.reload, self.save_item)
        self.set_contract(None)

    def _fill_people(self, people: list[tuple[int, str]] | None = None) -> None:
        """Fill the owner choices with ``people`` (``(id, name)``), or read them now."""
        if people is None:
            people = [(p.id, p.name) for p in self._people.list(self._actor)]
        self._people_filled = True
        self.owner_combo.clear()
        self.owner_combo.addItem("—", None)
        for person_id, name in people:
            self.owner_combo.addItem(name, person_id)

    def set_contract(self, contract_id: int | None) -> None:
        """Show the checklist of ``contract_id`` (None: nothing), read now."""
        self.contract_id = self._wanted = contract_id
        self.checks = {}
        self.reload()

    def reload(self, full_check: bool = False) -> None:
        """Re-read the checklist and look for its files (hashing them when ``full_check``)."""
        self.show_read(self.read(self.contract_id, full_check))

    def read(self, contract_id: int | None, full_check: bool = False) -> ChecklistRead | None:
        """What :meth:`show_read` shows for ``contract_id``: service reads only, touching no
        widget, so that an editor can run it off the GUI thread."""
        if contract_id is None:
            return None
        people = None
        if not self._people_filled:
            people = [(p.id, p.name) for p in self._people.list(self._actor)]
        return ChecklistRead(
            contract_id,
            self._checklists.checklist(self._actor, contract_id),
            self._evidence.check_contract(self._actor, contract_id, full=full_check),
            full_check,
            people,
        )

    def show_read(self, read: ChecklistRead | None) -> None:
        """Show a checklist read by :meth:`read` (None: no contract)."""
        self.contract_id = None if read is None else read.contract_id
        shown = read is not None
        for widget in self._content:
            widget.setVisible(shown)
        self.empty_label.setVisible(not shown)
        if read is None:
            self.checklist = None
            self.readiness_label.clear()
            self.files_banner.hide()
            return
        if read.people is not None and not self._people_filled:
            self._fill_people(read.people)
        selected = self.selected_item()
        self.checklist = read.checklist
        found = read.checks
        if read.full_check:
            self.checks = found
        else:  # keep what a full check found, but report a copy gone or resized at once
            self.checks = {
                file_id: check if not check.ok else self.checks.get(file_id, check)
                for file_id, check in found.items()
            }
        self.readiness_label.setText(self.checklist.readiness.text())
        self.items_model.set_rows(self.checklist.items)
        self.items_table.resizeColumnsToContents()
        self._show_file_problems()
        row = 0
        if selected is not None:
            row = next(
                (r for r, item in enumerate(self.checklist.items) if item.id == selected.id), 0
            )
        if self.checklist.items:
            self.items_table.selectRow(row)
        self._show_item(self.selected_item())
        self.checklist_shown.emit()

    def _show_file_problems(self) -> None:
        bad = [c for c in self.checks.values() if not c.ok]
        missing = sum(c.status == "missing" for c in bad)
        altered = len(bad) - missing
        lines = []
        if missing and self._evidence.on_server:
            lines.append(
                ngettext(
                    "{count} evidence file is not on the team server yet: the desk that attached "
                    "it sends it when it next starts.",
                    "{count} evidence files are not on the team server yet: the desks that "
                    "attached them send them when they next start.",
                    missing,
                ).format(count=missing)
            )
        elif missing:
            lines.append(
                ngettext(
                    "{count} evidence file is missing from the data folder.",
                    "{count} evidence files are missing from the data folder.",
                    missing,
                ).format(count=missing)
            )
        if altered:
            lines.append(
                ngettext(
                    "{count} evidence file was altered since it was attached.",
                    "{count} evidence files were altered since they were attached.",
                    altered,
                ).format(count=altered)
            )
        self.files_banner.setText(" ".join(lines))
        self.files_banner.setVisible(bool(lines))

    def selected_item(self) -> ChecklistItemView | None:
        index = self.items_table.currentIndex()
        if not index.isValid() or index.row() >= self.items_model.rowCount():
            return None
        return self.items_model.row_at(index.row())

    def _on_item_selected(self, *_args: object) -> None:
        self._show_item(self.selected_item())

    def _show_item(self, item: ChecklistItemView | None) -> None:
        self.errors.clear()
        self.detail_box.setEnabled(item is not None)
        if item is None:
            self.item_title.clear()
            self.guidance_label.hide()
            self.files_model.set_rows([])
            return
        self.item_title.setText(item.title())
        self.guidance_label.setText(item.guidance())
        self.guidance_label.setVisible(bool(item.guidance()))
        self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(item.state)))
        day = item.ready_on or self._checklists.today()
        self.ready_edit.setDate(QDate(day.year, day.month, day.day))
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(item.owner_id)))
        self.notes_edit.setPlainText(item.notes)
        self.files_model.set_rows([(f, self.checks.get(f.id)) for f in item.files])
        self.files_table.resizeColumnsToContents()
        self._on_state_changed()

    def _on_state_changed(self) -> None:
        self.ready_edit.setEnabled(self.state_combo.currentData() == "ready")

    def _on_save_clicked(self) -> None:
        self.save_item()

    def save_item(
        self, expected_version: int | None = None, keep: frozenset[str] = frozenset()
    ) -> Operation | None:
        """Save the selected item as shown (or on top of ``expected_version`` after a conflict,
        leaving the fields in ``keep`` as stored)."""
        item = self.selected_item()
        if item is None:
            return None
        self.errors.clear()
        change = ItemUpdate(
            state=str(self.state_combo.currentData()),
            owner_id=self.owner_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
            ready_on=self.ready_edit.date().toPython()  # type: ignore[arg-type]
            if self.state_combo.currentData() == "ready"
            else None,
        )
        version = item.version if expected_version is None else expected_version
        checklists = self._checklists
        operation = Operation(
            self,
            self._hub,
            lambda: checklists.update_item(self._actor, item.id, change, version, keep),
        )
        operation.fields(self.errors.show).conflicts(self.conflicts.show)
        return operation.errors_in(self.item_error).lock(self.save_button).run()

    def attach(self, path: Path) -> Operation | None:
        """Attach ``path`` to the selected item, off the GUI thread (copied into the data folder,
        or sent to the team server); a refusal is shown in a box."""
        item = self.selected_item()
        if item is None:
            return None
        evidence, actor, item_id = self._evidence, self._actor, item.id
        return Operation(self, self._hub, lambda: evidence.attach(actor, item_id, path)).run()

    def _on_attach_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, _("Attach evidence files"), str(Path.home())
        )
        for name in chosen:
            self.attach(Path(name))

    def selected_file_id(self) -> int | None:
        index = self.files_table.currentIndex()
        if not index.isValid():
            return None
        return self.files_model.row_at(index.row())[0].id

    def open_file(self, file_id: int) -> Operation:
        """Check the file and open it with the system's viewer, fetching it off the GUI thread
        (from the team server into this desk's cache); report a missing or altered one."""
        evidence, actor = self._evidence, self._actor

        def fetch() -> tuple[FileCheck, Path | None]:
            if evidence.on_server:  # the fetch checks the SHA-256 as it reads
                try:
                    return FileCheck(file_id, "ok"), evidence.path_of(actor, file_id)
                except StorageError:
                    return evidence.check(actor, file_id), None
            check = evidence.check(actor, file_id)
            path = evidence.path_of(actor, file_id) if check.status != "missing" else None
            return check, path

        operation = Operation(self, None, fetch)
        operation.success(lambda found: self._on_file_fetched(file_id, *found))
        return operation.run()

    def _on_file_fetched(self, file_id: int, check: FileCheck, path: Path | None) -> None:
        self.checks[file_id] = check
        self._show_item(self.selected_item())
        self._show_file_problems()
        if check.status == "missing":
            QMessageBox.warning(
                self,
                _("Evidence files"),
                _(
                    "The file is not on the team server yet: the desk that attached it sends it "
                    "when it next starts."
                )
                if self._evidence.on_server
                else _("The stored copy of this file is missing from the data folder."),
            )
            return
        if check.status == "altered":
            if path is None:
                QMessageBox.warning(
                    self,
                    _("Evidence files"),
                    _(
                        "This file was altered since it was attached: its SHA-256 no longer "
                        "matches, and it was not opened."
                    ),
                )
                return
            answer = QMessageBox.question(
                self,
                _("Evidence files"),
                _(
                    "This file was altered since it was attached: its SHA-256 no longer "
                    "matches. Open it anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.file_opened.emit(path)

    def _on_open_clicked(self, *_args: object) -> None:
        file_id = self.selected_file_id()
        if file_id is not None:
            self.open_file(file_id)

    def _on_remove_clicked(self) -> None:
        file_id = self.selected_file_id()
        if file_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Evidence files"),
            _("Remove this file from the checklist? Its stored copy is deleted."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            evidence = self._evidence
            run(self, self._hub, lambda: evidence.remove(self._actor, file_id))

    def _on_check_clicked(self) -> None:
        self.reload(full_check=True)

    def open_evidence_pack(self) -> EvidencePackDialog | None:
        """The evidence pack of the contract shown (a PDF for the bank or the auditors)."""
        from desktop_app.ui.checklists.evidence_pack_dialog import EvidencePackDialog

        if self.contract_id is None:
            return None
        dialog = EvidencePackDialog(
            self._contracts,
            self._evidence_packs,
            self._actor,
            self.contract_id,
            self._checklists.today(),
            self,
        )
        dialog.open()
        return dialog

    def _on_pack_clicked(self) -> None:
        self.open_evidence_pack()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.PEOPLE) and self._people_filled:
            people, actor = self._people, self._actor
            Operation(self, None, lambda: [(p.id, p.name) for p in people.list(actor)]).errors_in(
                self.item_error
            ).success(self._fill_people).run()
        if self.contract_id is not None and changes.touches(Area.CHECKLISTS, Area.CONTRACTS):
            self.refresh()

    def refresh(self) -> Operation:
        """Re-read the checklist off the GUI thread and show it (after a change elsewhere)."""
        return self.load(self.contract_id)

    def load(self, contract_id: int | None) -> Operation:
        """Read the checklist of ``contract_id`` off the GUI thread and show it when it comes,
        unless another contract was asked for meanwhile."""
        self._wanted = contract_id

        def shown(read: ChecklistRead | None) -> None:
            if self._wanted == contract_id:
                self.show_read(read)

        return (
            Operation(self, None, lambda: self.read(contract_id))
            .errors_in(self.item_error)
            .success(shown)
            .run()
        )

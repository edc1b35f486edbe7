"""Settings › Organisation: the settings the whole team shares (administrators edit them).

The settings are versioned like the other shared records: a save names the version the page
showed, and a save after another administrator's (at another desk) opens the conflict dialog —
reload theirs, or re-apply mine over them. Another desk's save reaches this desk live (the change
hub) and is read off the GUI thread; the page keeps what is typed until it is saved or reloaded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ConflictError, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.conflict_dialog import ConflictResolver
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.zone_combo import ZoneCombo

TEXT_FIELDS = (
    ("company_name", N_("Company name")),
    ("area_code", N_("Area code for local numbers")),
    ("timezone", N_("Time zone")),
    ("office_start", N_("Office opens")),
    ("office_end", N_("Office closes")),
)
NUMBER_FIELDS = (
    ("stale_after_months", N_("A registered number is stale after (months)")),
    ("follow_up_working_hours", N_("Return a missed call within (working hours)")),
    ("certificate_valid_months", N_("Certificates are valid for (months)")),
    ("coverage_days_ahead", N_("Check coverage this many days ahead")),
    ("evidence_max_mb", N_("Largest evidence file (MB)")),
)
# The range of each number field; 1–120 unless named here.
RANGES = {"evidence_max_mb": (1, 1000)}


class OrganisationPage(QWidget):
    """Shows the shared settings; editable only with the permission to change them."""

    def __init__(
        self,
        org: OrgSettingsService,
        actor: Actor,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(parent)
        self._org = org
        self._actor = actor
        self._hub = hub
        current = self._shown = org.get()
        self.version = org.version()  # the version shown: a save names it
        self.conflicts = ConflictResolver(self, self.reload, self._reapply)
        #: Reads the settings again after a save elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show_read)
        if hub is not None:  # another desk's save, told live: shown unless something is typed
            hub.data_changed.connect(self._on_hub_data_changed)
        self.edits: dict[str, QLineEdit | QSpinBox | ZoneCombo] = {}
        labels = {}
        form = QFormLayout()
        editable = actor.can(Permission.EDIT_SETTINGS)
        for name, label in TEXT_FIELDS:
            edit: QLineEdit | ZoneCombo
            if name == "timezone":
                edit = ZoneCombo()
                edit.set_zone(current.timezone)
            else:
                edit = QLineEdit(str(getattr(current, name)))
            edit.setAccessibleName(_(label))
            if isinstance(edit, QLineEdit):
                edit.setReadOnly(not editable)
            else:
                edit.setEnabled(editable)
            self.edits[name] = edit
            labels[name] = error_label()
            form.addRow(_(label), edit)
            form.addRow("", labels[name])
        for name, label in NUMBER_FIELDS:
            spin = QSpinBox()
            spin.setRange(*RANGES.get(name, (1, 120)))
            spin.setValue(int(getattr(current, name)))
            spin.setAccessibleName(_(label))
            spin.setEnabled(editable)
            self.edits[name] = spin
            labels[name] = error_label()
            form.addRow(_(label), spin)
            form.addRow("", labels[name])
        self.general_error = error_label()
        self.errors = FieldErrors(labels, self.general_error)
        layout = QVBoxLayout(self)
        if not editable:
            note = QLabel(_("Only an administrator can change these settings."))
            note.setObjectName("infoBanner")
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self.editable = editable

    def values(self) -> dict[str, object]:
        result: dict[str, object] = {}
        for name, edit in self.edits.items():
            if isinstance(edit, QSpinBox):
                result[name] = edit.value()
            elif isinstance(edit, ZoneCombo):
                result[name] = edit.zone()
            else:
                result[name] = edit.text().strip()
        return result

    def _changed(self) -> dict[str, object]:
        shown = self._shown
        return {k: v for k, v in self.values().items() if getattr(shown, k) != v}

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.SETTINGS) and not self._changed():
            self.background_read.request()

    def _read(self) -> Callable[[], tuple[OrgSettings, int]]:
        org = self._org

        def read() -> tuple[OrgSettings, int]:
            org.forget()
            return org.get(), org.version()

        return read

    def _show_read(self, read: tuple[OrgSettings, int]) -> None:
        if self._changed():
            return  # typed meanwhile: what is typed stays
        settings, self.version = read
        self._show(settings)
        self.errors.clear()

    def reload(self) -> None:
        """Show the settings as stored now (what was typed is dropped)."""
        self._org.forget()
        self._show(self._org.get())
        self.version = self._org.version()
        self.errors.clear()

    def _show(self, settings: OrgSettings) -> None:
        """Fill the fields with ``settings``: what is stored, and what a save compares with."""
        self._shown = settings
        for name, edit in self.edits.items():
            value = getattr(settings, name)
            if isinstance(edit, QSpinBox):
                edit.setValue(int(value))
            elif isinstance(edit, ZoneCombo):
                edit.set_zone(str(value))
            else:
                edit.setText(str(value))

    def _reapply(self, version: int, keep: frozenset[str]) -> None:
        """The conflict dialog's "Re-apply mine": save over the version stored now."""
        operation = self.start_save(version, keep)
        if operation is not None:
            operation.run()  # shown here (a second conflict opens the dialog again)

    def validate(self) -> bool:
        """Check the changed values without saving; False (problems shown) if any is refused."""
        changed = self._changed() if self.editable else {}
        self.errors.clear()
        if not changed:
            return True
        try:
            self._org.check(**changed)
        except ValidationError as error:
            self.errors.show(error)
            return False
        return True

    def start_save(
        self, expected_version: int | None = None, keep: frozenset[str] = frozenset()
    ) -> Operation | None:
        """The save of the changed values as the version shown (or ``expected_version``), ready
        to run off the GUI thread; None if nothing changed. Refused values show at the fields,
        a conflict with another administrator's save in the conflict dialog, the server out of
        reach under the form."""
        if not self.editable:
            return None
        changed = self._changed()
        if not changed:
            return None
        self.errors.clear()
        version = self.version if expected_version is None else expected_version
        org, actor = self._org, self._actor

        def work() -> Outcome[tuple[OrgSettings, int]]:
            outcome = org.update(actor, version, keep, **changed)
            return Outcome((outcome.value, org.version()), outcome.changes)

        return (
            Operation(self, self._hub, work)
            .fields(self.errors.show)
            .conflicts(self._show_conflict)
            .errors_in(self.general_error)
            .success(self._on_saved)
        )

    def _show_conflict(self, error: ConflictError) -> None:
        if error.conflict is not None:
            self.conflicts.show(error)
        else:
            self.general_error.setText(error.text())
            self.general_error.show()

    def _on_saved(self, saved: tuple[OrgSettings, int]) -> None:
        settings, version = saved
        self._show(settings)  # another administrator's values saved meanwhile show too
        self.version = version

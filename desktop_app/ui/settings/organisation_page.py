"""Settings › Organisation: the settings the whole team shares (administrators edit them)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Outcome
from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
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
)


class OrganisationPage(QWidget):
    """Shows the shared settings; editable only with the permission to change them."""

    def __init__(
        self, org: OrgSettingsService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._org = org
        self._actor = actor
        current = org.get()
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
            spin.setRange(1, 120)
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
        current = self._org.get()
        return {k: v for k, v in self.values().items() if getattr(current, k) != v}

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

    def save(self) -> Outcome[OrgSettings] | None:
        """Save changed values; return the outcome, or None if nothing changed. A DeskError
        (refused values, the server out of reach…) is shown here and raised."""
        if not self.editable:
            return None
        changed = self._changed()
        if not changed:
            return None
        self.errors.clear()
        try:
            return self._org.update(self._actor, **changed)
        except ValidationError as error:
            self.errors.show(error)
            raise
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            raise

"""The recurring rule of a contact window, chosen as a preset: monthly or quarterly on a day, the
first N working days of each month or quarter, working days within N months after the drawdown,
every working day, or a custom RRULE. Only the fields the chosen preset needs are shown."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.core.windows.rules import (
    MAX_AFTER_DRAWDOWN_MONTHS,
    MAX_FIRST_WORKING_DAYS,
    PRESET_LABELS,
    WindowPreset,
)
from desktop_app.core.windows.service import WindowDraft
from desktop_app.ui.widgets.field_errors import error_label

DAY_PRESETS = (WindowPreset.MONTHLY_ON_DAY, WindowPreset.QUARTERLY_ON_DAY)
FIRST_DAYS_PRESETS = (
    WindowPreset.FIRST_WORKING_DAYS_MONTH,
    WindowPreset.FIRST_WORKING_DAYS_QUARTER,
)


def with_error(field: QWidget | QLayout, label: QLabel) -> QWidget:
    """A field (or a row of fields) with its (hidden) error label under it, shown and hidden
    together."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QLayout):
        layout.addLayout(field)
    else:
        layout.addWidget(field)
    layout.addWidget(label)
    return holder


class RuleFields(QObject):
    """The preset and the fields it needs, as rows of the editor's form; fills and reads those
    fields of a WindowDraft."""

    #: Emitted whenever the rule changes.
    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName(_("Rule"))
        for preset, label in PRESET_LABELS.items():
            self.preset_combo.addItem(_(label), preset.value)
        self.day_spin = QSpinBox()
        self.day_spin.setAccessibleName(_("Day of the month"))
        self.day_spin.setRange(1, 31)
        self.day_spin.setValue(1)
        self.count_spin = QSpinBox()
        self.count_spin.setAccessibleName(_("Working days"))
        self.count_spin.setRange(0, MAX_FIRST_WORKING_DAYS)
        self.count_spin.setSpecialValueText("—")
        self.count_spin.setValue(5)
        self.months_spin = QSpinBox()
        self.months_spin.setAccessibleName(_("Months after the drawdown"))
        self.months_spin.setRange(1, MAX_AFTER_DRAWDOWN_MONTHS)
        self.months_spin.setValue(1)
        self.rrule_edit = QLineEdit()
        self.rrule_edit.setAccessibleName(_("Rule (RRULE)"))
        self.rrule_edit.setPlaceholderText("FREQ=WEEKLY;BYDAY=TU")
        self.working_days_check = QCheckBox(
            _("Working days only (a day off moves to the next working day)")
        )
        self.working_days_check.setChecked(True)
        self.labels = {
            name: error_label()
            for name in ("preset", "day_of_month", "first_working_days", "after_drawdown_months")
        }
        self.labels["rrule"] = error_label()
        self.form = form
        self.rows = [
            with_error(self.preset_combo, self.labels["preset"]),
            with_error(self.day_spin, self.labels["day_of_month"]),
            with_error(self.count_spin, self.labels["first_working_days"]),
            with_error(self.months_spin, self.labels["after_drawdown_months"]),
            with_error(self.rrule_edit, self.labels["rrule"]),
            self.working_days_check,
        ]
        titles = (
            _("Rule"),
            _("Day of the month"),
            _("Working days"),
            _("Months after the drawdown"),
            _("Rule (RRULE)"),
            "",
        )
        for title, row in zip(titles, self.rows, strict=True):
            form.addRow(title, row)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)
        for spin in (self.day_spin, self.count_spin, self.months_spin):
            spin.valueChanged.connect(self.changed)
        self.rrule_edit.textChanged.connect(self.changed)
        self.working_days_check.toggled.connect(self.changed)
        self._visible = True
        self._preset = self.preset()
        self.set_visible(True)

    def preset(self) -> WindowPreset:
        return WindowPreset(str(self.preset_combo.currentData()))

    def set_preset(self, preset: str) -> None:
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(preset)))

    def _on_preset_changed(self, _index: int) -> None:
        preset = self.preset()
        # The count is required by the "first working days" presets and optional for a custom
        # rule: a custom rule starts without it unless it came from such a preset.
        if preset == WindowPreset.CUSTOM and self._preset not in FIRST_DAYS_PRESETS:
            self.count_spin.setValue(0)
        elif preset in FIRST_DAYS_PRESETS and self.count_spin.value() == 0:
            self.count_spin.setValue(5)
        self._preset = preset
        self.set_visible(self._visible)
        self.changed.emit()

    def set_visible(self, visible: bool) -> None:
        """Show the rows the preset needs (``visible``), or none (a one-off appointment)."""
        self._visible = visible
        preset = self.preset()
        custom = preset == WindowPreset.CUSTOM
        needed = (
            True,
            preset in DAY_PRESETS,
            preset in FIRST_DAYS_PRESETS or custom,
            preset == WindowPreset.AFTER_DRAWDOWN,
            custom,
            preset in DAY_PRESETS or custom,
        )
        for row, shown in zip(self.rows, needed, strict=True):
            self.form.setRowVisible(row, visible and shown)
        self.count_spin.setToolTip(
            _("Optional: only the first working days of each period the rule starts")
            if custom
            else ""
        )

    def fill(self, draft: WindowDraft) -> None:
        """Show a draft's rule."""
        self.set_preset(draft.preset)
        self._preset = self.preset()
        if isinstance(draft.day_of_month, int):
            self.day_spin.setValue(draft.day_of_month)
        if isinstance(draft.first_working_days, int):
            self.count_spin.setValue(draft.first_working_days)
        elif self.preset() == WindowPreset.CUSTOM:
            self.count_spin.setValue(0)
        if isinstance(draft.after_drawdown_months, int):
            self.months_spin.setValue(draft.after_drawdown_months)
        self.rrule_edit.setText(draft.rrule)
        self.working_days_check.setChecked(draft.working_days_only)

    def apply_to(self, draft: WindowDraft) -> None:
        """Write the rule into ``draft``."""
        draft.preset = self.preset().value
        draft.day_of_month = self.day_spin.value()
        draft.first_working_days = self.count_spin.value() or None
        draft.after_drawdown_months = self.months_spin.value()
        draft.rrule = self.rrule_edit.text()
        draft.working_days_only = self.working_days_check.isChecked()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.preset_combo,
            self.day_spin,
            self.count_spin,
            self.months_spin,
            self.working_days_check,
        ):
            widget.setEnabled(not read_only)
        self.rrule_edit.setReadOnly(read_only)

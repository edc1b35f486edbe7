"""Deactivating a person: first see everything that depends on them, then choose a replacement.

The dialog lists every contract and bank default responder list that names the person and every
number a bank has on file for them. Confirming hands the person's place to the replacement (if
one is chosen) and opens a notify-the-bank follow-up for each number; afterwards the dialog
warns about any contract left with nobody active to answer the bank.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import ROLE_LABELS, Actor
from desktop_app.core.register.deactivation import DeactivationResult
from desktop_app.core.register.people import PeopleService, PersonView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.people.impact_model import ImpactModel, impact_rows
from desktop_app.ui.widgets.field_errors import error_label
from desktop_app.ui.widgets.tables import make_table


class DeactivateDialog(QDialog):
    """Shows a person's impact and deactivates them, with or without a replacement."""

    #: Emitted after the person was deactivated; carries the DeactivationResult.
    person_deactivated = Signal(object)

    def __init__(
        self,
        people: PeopleService,
        hub: ChangeHub,
        actor: Actor,
        person: PersonView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._hub = hub
        self._actor = actor
        self._person = person
        self.result_value: DeactivationResult | None = None
        self.setWindowTitle(_("Deactivate {name}").format(name=person.name))
        self.setAccessibleName(_("Deactivate person"))
        self.setMinimumWidth(620)
        self.impact = people.impact(actor, person.id)

        intro = QLabel(
            _(
                "{name} will no longer be offered as someone who can answer the bank. "
                "Their calls, follow-ups and history stay as they are."
            ).format(name=person.name)
        )
        intro.setWordWrap(True)
        self.model = ImpactModel(self)
        self.model.set_rows(impact_rows(self.impact))
        self.table = make_table(_("What depends on this person"))
        self.table.setModel(self.model)
        self.table.resizeColumnsToContents()
        self.empty_label = QLabel(
            _("{name} is in no responder list and no bank has a number for them.").format(
                name=person.name
            )
        )
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)

        self.replacement_combo = QComboBox()
        self.replacement_combo.setAccessibleName(_("Replacement"))
        self.replacement_combo.addItem(_("No replacement — notify the banks only"), None)
        self._names = {person.id: person.name}
        for other in people.list(actor):
            if other.id != person.id:
                self._names[other.id] = other.name
                self.replacement_combo.addItem(
                    _("{name} · {role}").format(name=other.name, role=_(ROLE_LABELS[other.role])),
                    other.id,
                )
        self.replacement_error = error_label()
        form = QFormLayout()
        form.addRow(_("Replacement"), self.replacement_combo)
        form.addRow("", self.replacement_error)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.general_error = error_label()

        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(_("Deactivate"))
        self.confirm_button.setAccessibleName(_("Deactivate"))
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.buttons.rejected.connect(self._on_buttons_rejected)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self.replacement_combo.currentIndexChanged.connect(self._on_replacement_combo_changed)
        self._describe_plan()

    def _on_replacement_combo_changed(self, _index: int) -> None:
        self._describe_plan()

    def _describe_plan(self) -> None:
        """Say what confirming will do with the replacement now chosen."""
        name = self._person.name
        in_lists = bool(self.impact.contracts or self.impact.bank_defaults)
        parts = []
        replacement_id = self.replacement_combo.currentData()
        if in_lists and replacement_id is not None:
            parts.append(
                _("{replacement} takes {name}'s place in every responder list above.").format(
                    replacement=self._names[replacement_id], name=name
                )
            )
        elif in_lists:
            parts.append(
                _(
                    "The responder lists keep {name}, marked inactive; a contract with nobody "
                    "else active will show a warning until someone is assigned."
                ).format(name=name)
            )
        count = len(self.impact.numbers)
        if count:
            parts.append(
                ngettext(
                    "A notify-the-bank follow-up will be opened for {count} registered number.",
                    "Notify-the-bank follow-ups will be opened for {count} registered numbers.",
                    count,
                ).format(count=count)
            )
        self.plan_label.setText(" ".join(parts))
        self.plan_label.setVisible(bool(parts))

    def _on_confirm_button_clicked(self) -> None:
        self.deactivate()

    def deactivate(self) -> Operation:
        """Deactivate the person with the chosen replacement off the GUI thread, then show
        what is left uncovered (``person_deactivated``)."""
        self.replacement_error.hide()
        self.general_error.hide()
        people, actor, person_id = self._people, self._actor, self._person.id
        replacement_id = self.replacement_combo.currentData()

        def refused(error: ValidationError) -> None:
            on_replacement = error.field == "replacement_id"
            label = self.replacement_error if on_replacement else self.general_error
            label.setText(error.text())
            label.show()

        def done(result: DeactivationResult) -> None:
            self.result_value = result
            self._show_result(result)
            self.person_deactivated.emit(result)

        operation = Operation(
            self, self._hub, lambda: people.deactivate_with(actor, person_id, replacement_id)
        )
        operation.fields(refused).errors_in(self.general_error).lock(self.confirm_button)
        return operation.success(done).run()

    def _show_result(self, result: DeactivationResult) -> None:
        lines = [_("{name} is no longer active.").format(name=result.name)]
        if result.follow_up_ids:
            lines.append(
                ngettext(
                    "{count} notify-the-bank follow-up was opened.",
                    "{count} notify-the-bank follow-ups were opened.",
                    len(result.follow_up_ids),
                ).format(count=len(result.follow_up_ids))
            )
        if result.uncovered:
            lines.append(
                ngettext(
                    "{count} contract now has nobody active to answer the bank: {numbers}. "
                    "Assign a responder on the Contracts screen.",
                    "{count} contracts now have nobody active to answer the bank: {numbers}. "
                    "Assign responders on the Contracts screen.",
                    len(result.uncovered),
                ).format(
                    count=len(result.uncovered),
                    numbers=", ".join(
                        _("{number} ({bank})").format(number=c.contract_number, bank=c.bank_name)
                        for c in result.uncovered
                    ),
                )
            )
        self.result_label.setObjectName("warningBanner" if result.uncovered else "infoBanner")
        self.result_label.style().unpolish(self.result_label)  # the style sheet goes by name
        self.result_label.style().polish(self.result_label)
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.plan_label.hide()
        self.replacement_combo.setEnabled(False)
        self.confirm_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setFocus()

    def _on_buttons_rejected(self) -> None:
        if self.result_value is not None:
            self.accept()
        else:
            self.reject()

"""The contract form's clause page: the clause text beside its structured reading."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.core.register.contracts import CADENCES, CALLERS, METHODS, TOPICS, ContractView
from desktop_app.ui.widgets.field_errors import error_label


def choice_combo(choices: dict[str, str], accessible_name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for code, label in choices.items():
        combo.addItem(_(label), code)
    return combo


class ClausePage(QWidget):
    """Purpose of funds, clause text, its structured reading, and consequences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose_edit = QPlainTextEdit()
        self.purpose_edit.setAccessibleName(_("Stated use of funds"))
        self.purpose_edit.setFixedHeight(56)
        self.clause_edit = QPlainTextEdit()
        self.clause_edit.setAccessibleName(_("Callback clause text"))
        self.clause_edit.setPlaceholderText(_("Paste the clause from the contract…"))
        self.caller_combo = choice_combo(CALLERS, _("Who calls"))
        self.method_combo = choice_combo(METHODS, _("How"))
        self.cadence_combo = choice_combo(CADENCES, _("How often"))
        self.topic_boxes: dict[str, QCheckBox] = {}
        topics = QVBoxLayout()
        for code, label in TOPICS.items():
            box = QCheckBox(_(label))
            self.topic_boxes[code] = box
            topics.addWidget(box)
        self.documents_edit = QPlainTextEdit()
        self.documents_edit.setAccessibleName(_("Documents to show"))
        self.documents_edit.setPlaceholderText(_("One document per line"))
        self.consequences_edit = QPlainTextEdit()
        self.consequences_edit.setAccessibleName(_("Consequences named in the contract"))
        self.consequences_edit.setFixedHeight(70)
        self.topics_error = error_label()

        reading = QGroupBox(_("Structured reading"))
        form = QFormLayout(reading)
        form.addRow(_("Who calls"), self.caller_combo)
        form.addRow(_("How"), self.method_combo)
        form.addRow(_("How often"), self.cadence_combo)
        form.addRow(_("Topics"), topics)
        form.addRow("", self.topics_error)
        form.addRow(_("Documents to show"), self.documents_edit)
        text_box = QGroupBox(_("Callback clause text"))
        text_layout = QVBoxLayout(text_box)
        text_layout.addWidget(self.clause_edit)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(text_box, 1)
        side_by_side.addWidget(reading, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Stated use of funds")))
        layout.addWidget(self.purpose_edit)
        layout.addLayout(side_by_side, 1)
        layout.addWidget(QLabel(_("Consequences named in the contract")))
        layout.addWidget(self.consequences_edit)

    def show_contract(self, contract: ContractView) -> None:
        self.purpose_edit.setPlainText(contract.purpose_of_funds or "")
        self.clause_edit.setPlainText(contract.clause_text or "")
        self.consequences_edit.setPlainText(contract.consequences or "")
        for combo, value in (
            (self.caller_combo, contract.clause_caller),
            (self.method_combo, contract.clause_method),
            (self.cadence_combo, contract.clause_cadence),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for code, box in self.topic_boxes.items():
            box.setChecked(code in contract.clause_topics)
        self.documents_edit.setPlainText("\n".join(contract.clause_documents))

    def set_read_only(self, read_only: bool) -> None:
        for edit in (
            self.purpose_edit,
            self.clause_edit,
            self.documents_edit,
            self.consequences_edit,
        ):
            edit.setReadOnly(read_only)
        for widget in (
            self.caller_combo,
            self.method_combo,
            self.cadence_combo,
            *self.topic_boxes.values(),
        ):
            widget.setEnabled(not read_only)

    def values(self) -> dict[str, object]:
        return {
            "purpose_of_funds": self.purpose_edit.toPlainText(),
            "clause_text": self.clause_edit.toPlainText(),
            "clause_caller": self.caller_combo.currentData(),
            "clause_method": self.method_combo.currentData(),
            "clause_cadence": self.cadence_combo.currentData(),
            "clause_topics": [c for c, box in self.topic_boxes.items() if box.isChecked()],
            "clause_documents": [
                line for line in self.documents_edit.toPlainText().splitlines() if line.strip()
            ],
            "consequences": self.consequences_edit.toPlainText(),
        }

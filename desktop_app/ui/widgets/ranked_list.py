"""A ranked list of people (primary first) reordered with the mouse (drag) or the keyboard.

Alt+Up / Alt+Down move the selected person, Delete removes them; "Add" appends the person chosen
in the combo box. The editor only edits a list of ids: saving is the owner's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor

if TYPE_CHECKING:
    from desktop_app.core.training.service import TrainingService

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 2


class RankedListEditor(QWidget):
    """Edits an ordered list of (person id, name) pairs."""

    #: Emitted whenever the order or the members change.
    order_changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uncertified: set[int] = set()
        self.list_widget = QListWidget()
        self.list_widget.setAccessibleName(accessible_name)
        self.list_widget.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list_widget.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list_widget.model().rowsMoved.connect(self._on_model_rows_moved)
        self.candidates_combo = QComboBox()
        self.candidates_combo.setAccessibleName(_("Person to add"))
        self.add_button = QPushButton(_("Add"))
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.remove_button = QPushButton(_("Remove"))
        for button, tip in (
            (self.up_button, "Alt+Up"),
            (self.down_button, "Alt+Down"),
            (self.remove_button, "Del"),
        ):
            button.setToolTip(tip)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence("Alt+Up"), self.list_widget, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Alt+Down"), self.list_widget, lambda: self.move_selected(1))
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), self.list_widget, self.remove_selected
        )
        adder = QHBoxLayout()
        adder.addWidget(self.candidates_combo, 1)
        adder.addWidget(self.add_button)
        side = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list_widget, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body)
        layout.addLayout(adder)

    def set_candidates(self, people: Sequence[tuple[int, str]]) -> None:
        self.candidates_combo.clear()
        for person_id, name in people:
            self.candidates_combo.addItem(name, person_id)

    def set_uncertified(self, person_ids: set[int]) -> None:
        """Flag the listed people who hold no current training certificate."""
        self._uncertified = set(person_ids)
        self._renumber()

    def set_people(self, people: Sequence[tuple[int, str, bool]]) -> None:
        """Show ``(id, name, active)`` in rank order."""
        self.list_widget.clear()
        for person_id, name, active in people:
            self._append(person_id, name, active)
        self._renumber()

    def person_ids(self) -> list[int]:
        return [
            int(self.list_widget.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list_widget.count())
        ]

    def inactive_names(self) -> list[str]:
        """Names of the listed people who are no longer active."""
        return [
            str(item.data(NAME_ROLE))
            for item in (self.list_widget.item(r) for r in range(self.list_widget.count()))
            if not item.data(ACTIVE_ROLE)
        ]

    def _append(self, person_id: int, name: str, active: bool = True) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        item.setData(NAME_ROLE, name)
        item.setData(ACTIVE_ROLE, active)
        self.list_widget.addItem(item)

    def _renumber(self) -> None:
        for row in range(self.list_widget.count()):
            item = self.list_widget.item(row)
            name = item.data(NAME_ROLE)
            rank = _("Primary") if row == 0 else _("Backup {number}").format(number=row)
            text = f"{rank}: {name}"
            if not item.data(ACTIVE_ROLE):
                text += " — " + _("inactive")
                item.setForeground(Qt.GlobalColor.red)
            elif item.data(Qt.ItemDataRole.UserRole) in self._uncertified:
                text += " — " + _("not certified")
                item.setForeground(Qt.GlobalColor.darkYellow)
            item.setText(text)

    def _on_add_clicked(self) -> None:
        person_id = self.candidates_combo.currentData()
        if person_id is None or int(person_id) in self.person_ids():
            return
        self._append(int(person_id), self.candidates_combo.currentText())
        self._renumber()
        self.order_changed.emit()

    def move_selected(self, step: int) -> None:
        row = self.list_widget.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list_widget.count():
            return
        item = self.list_widget.takeItem(row)
        self.list_widget.insertItem(target, item)
        self.list_widget.setCurrentRow(target)
        self._renumber()
        self.order_changed.emit()

    def remove_selected(self) -> None:
        row = self.list_widget.currentRow()
        if row < 0:
            return
        self.list_widget.takeItem(row)
        self._renumber()
        self.order_changed.emit()

    def _on_model_rows_moved(self, *_args: object) -> None:
        self._renumber()
        self.order_changed.emit()


def uncertified(training: TrainingService, actor: Actor, person_ids: Sequence[int]) -> set[int]:
    """Which of ``person_ids`` hold no current certificate for their role (a service read, for
    the worker thread; the editor shows it with :meth:`RankedListEditor.set_uncertified`)."""
    if not person_ids:
        return set()
    try:
        statuses = training.certification_status(actor, list(person_ids))
    except DeskError:
        return set()
    return {pid for pid, status in statuses.items() if not status.certified}

"""A small editable table inside a form (a bank's officers, its calling numbers).

Rows are lists of strings; a column may offer fixed choices through a combo-box delegate. The
table edits only the form's copy: the dialog saves it through a service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.ui.widgets.tables import make_table

AnyIndex = QModelIndex | QPersistentModelIndex


class EditableRowsModel(QAbstractTableModel):
    """Rows of text cells; headers are msgids translated when shown."""

    def __init__(
        self,
        headers: Sequence[str],
        choices: dict[int, dict[str, str]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._choices = choices or {}
        self._rows: list[list[str]] = []

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self._rows = [list(row) + [""] * (len(self._headers) - len(row)) for row in rows]
        self.endResetModel()

    def rows(self) -> list[list[str]]:
        return [list(row) for row in self._rows if any(cell.strip() for cell in row)]

    def add_row(self, row: Sequence[str] = ()) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        values = list(row) + [""] * (len(self._headers) - len(row))
        for column, choices in self._choices.items():
            if not values[column] and choices:
                values[column] = next(iter(choices))
        self._rows.append(values)
        self.endInsertRows()
        return position

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            choices = self._choices.get(index.column())
            return _(choices[value]) if choices and value in choices else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self._rows[index.row()][index.column()] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return _(self._headers[section])
        return None


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of fixed choices (code → msgid)."""

    def __init__(self, choices: dict[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for code, label in self._choices.items():
            combo.addItem(_(label), code)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EditableTable(QWidget):
    """The table with Add and Remove buttons."""

    def __init__(
        self,
        accessible_name: str,
        headers: Sequence[str],
        choices: dict[int, dict[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = EditableRowsModel(headers, choices, self)
        self.table = make_table(accessible_name)
        self.table.setEditTriggers(self.table.EditTrigger.AllEditTriggers)
        self.table.setModel(self.model)
        for column, column_choices in (choices or {}).items():
            self.table.setItemDelegateForColumn(column, ChoiceDelegate(column_choices, self))
        self.add_button = QPushButton(_("Add row"))
        self.remove_button = QPushButton(_("Remove row"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _on_add_clicked(self) -> None:
        row = self.model.add_row()
        self.table.setCurrentIndex(self.model.index(row, 0))
        # Moving the current cell already opens its editor (every edit trigger is on);
        # asking again would fail with a Qt warning.
        if self.table.state() != self.table.State.EditingState:
            self.table.edit(self.model.index(row, 0))

    def _on_remove_clicked(self) -> None:
        self.model.remove_row(self.table.currentIndex().row())

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            self.table.EditTrigger.NoEditTriggers
            if read_only
            else self.table.EditTrigger.AllEditTriggers
        )
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

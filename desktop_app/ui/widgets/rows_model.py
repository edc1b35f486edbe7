"""A read-only table model over a list of plain rows, with columns declared once per screen.

Each screen subclasses it with its own columns (index constants, translated headers, a function
that turns a row into the cell text) and calls :meth:`set_rows` after re-reading its data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.common.i18n import _
from desktop_app.ui.style import colours

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex


def warning_brush() -> QBrush:
    """The text colour of a warning cell, in the current scheme."""
    return QBrush(QColor(colours().error))


def muted_brush() -> QBrush:
    """The text colour of a secondary cell, in the current scheme."""
    return QBrush(QColor(colours().muted))


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header (a msgid), how to show a row, and its alignment."""

    header: str
    text: Callable[[Row], str]
    align_right: bool = False
    tone: Callable[[Row], str] | None = None  # "warning", "muted" or ""


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of plain data shown read-only."""

    COLUMNS: Sequence[Column[Any]] = ()
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[Row], *, all_changed: bool = False) -> bool:
        """Show ``rows`` in place, without a reset: the rows that differ are announced with
        ``dataChanged``, rows past the old end inserted, rows past the new end removed, so the
        view keeps its selection, scroll position and column widths. ``all_changed``: every row's
        text changed even where the row did not (a column reads more than the row). True when
        anything changed."""
        new = list(rows)
        old = self._rows
        common = min(len(old), len(new))
        changed = [i for i in range(common) if all_changed or old[i] != new[i]]
        if len(new) < len(old):
            self.beginRemoveRows(QModelIndex(), len(new), len(old) - 1)
            self._rows = old[: len(new)]
            self.endRemoveRows()
        self._rows[:common] = new[:common]
        if changed:
            last_column = max(self.columnCount() - 1, 0)
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last_column))
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._rows = new
            self.endInsertRows()
        return bool(changed) or len(new) != len(old)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.COLUMNS[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.tone is not None:
            tone = column.tone(row)
            return {"warning": warning_brush, "muted": muted_brush}[tone]() if tone else None
        if role == self.ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return _(self.COLUMNS[section].header)
        return None

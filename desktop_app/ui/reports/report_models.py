"""A table model over one view of a report (``core.reports.tables.Table``): cells formatted for
the active locale, each header's tooltip the figure's definition, a bold total row.

Cells are put into words once per report (``table_texts``, on the report's worker thread when
the page gives them), never per paint: fitting forty rows of columns to their contents asks for
every cell many times.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_app.core.common.i18n import _, format_day, format_number
from desktop_app.core.reports.tables import Column, Table, Value

Index = QModelIndex | QPersistentModelIndex


def format_cell(value: Value, column: Column) -> str:
    """A cell as the screen shows it."""
    if value is None:
        return "—"
    if column.kind == "share" and isinstance(value, float):
        return _("{percent}%").format(percent=format_number(round(value * 100, 1)))
    if column.kind == "hours" and isinstance(value, float):
        return format_number(round(value, 1))
    if column.kind == "month" and isinstance(value, date):
        return _("{year}-{month:02d}").format(year=value.year, month=value.month)
    if column.kind == "day" and isinstance(value, datetime):
        return format_day(value.astimezone().date())
    if column.kind == "day" and isinstance(value, date):
        return format_day(value)
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


Texts = tuple[tuple[str, ...], ...]


def table_rows(table: Table) -> list[tuple[Value, ...]]:
    """The rows of ``table`` as shown: its rows, then the total row, if any."""
    rows = list(table.rows)
    if table.total is not None:
        rows.append((_("All banks"), *table.total[1:]))
    return rows


def table_texts(table: Table) -> Texts:
    """Every cell of ``table`` as the screen shows it."""
    columns = table.columns
    return tuple(
        tuple(format_cell(value, column) for value, column in zip(row, columns, strict=True))
        for row in table_rows(table)
    )


class ReportTableModel(QAbstractTableModel):
    """One view of the report; replaced whole when a new report arrives."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: Table | None = None
        self._rows: list[tuple[Value, ...]] = []
        self._texts: Texts = ()

    @property
    def table(self) -> Table | None:
        return self._table

    def set_table(self, table: Table | None, texts: Texts | None = None) -> None:
        """Show ``table`` (its cells in words: ``texts``, else put into words here)."""
        self.beginResetModel()
        self._table = table
        self._rows = [] if table is None else table_rows(table)
        self._texts = () if table is None else (texts if texts is not None else table_texts(table))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.columns)

    def row_id(self, row: int) -> int | None:
        """The bank or person of a row (None: the total row, or a month)."""
        if self._table is None or not 0 <= row < len(self._table.row_ids):
            return None
        return self._table.row_ids[row]

    def is_total(self, row: int) -> bool:
        return (
            self._table is not None
            and self._table.total is not None
            and row == len(self._table.rows)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        column = self._table.columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._table is None:
            return None
        if not 0 <= section < len(self._table.columns):
            return None
        column = self._table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header(_)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.definition(_) or None
        return None

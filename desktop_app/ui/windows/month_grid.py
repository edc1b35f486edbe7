"""The month grid of the Contact windows page: six weeks from Monday, each day listing its windows.

Days off on the working calendar (weekends, public holidays, company days off) are shaded, a
make-up workday (调休) is marked, today is framed. Arrow keys move between days, Page Up/Page Down
change the month, Home goes to today; Enter or a double-click opens the day's window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop_app.core.common.calendar import DayInfo, WorkingCalendar
from desktop_app.core.common.i18n import _, format_clock, format_day, ngettext
from desktop_app.ui.people.absence_calendar import day_off_colour, day_off_text, makeup_text
from desktop_app.ui.style import colours
from desktop_app.ui.windows.occurrences_model import AgendaRow, time_range

AnyIndex = QModelIndex | QPersistentModelIndex
WEEKS = 6
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
ROWS_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class DayCell:
    """One day of the grid."""

    day: date
    info: DayInfo
    in_month: bool
    is_today: bool
    rows: list[AgendaRow] = field(default_factory=list)


def grid_start(year: int, month: int) -> date:
    """The Monday on or before the first of the month: the grid's first day."""
    first = date(year, month, 1)
    return first - timedelta(days=first.weekday())


def grid_range(year: int, month: int) -> tuple[date, date]:
    """The first day shown and the day after the last."""
    start = grid_start(year, month)
    return start, start + timedelta(days=7 * WEEKS)


def day_kind(info: DayInfo) -> str:
    """A short label for a special day: the holiday's name, "Day off", "Make-up workday"."""
    if info.reason == "holiday":
        return _(info.holiday_name) if info.holiday_name else _("Holiday")
    if info.reason == "makeup_workday":
        return _("Make-up workday")
    if info.reason == "override":
        return info.holiday_name or (_("Company working day") if info.is_workday else _("Day off"))
    return ""


def row_line(row: AgendaRow) -> str:
    """A window as one line of a day cell: start time and bank."""
    return f"{format_clock(row.starts.time())} {row.occurrence.bank_name}"


def row_tip(row: AgendaRow) -> str:
    occurrence = row.occurrence
    parts = [f"{time_range(row)}  {occurrence.bank_name}"]
    if occurrence.contract_number:
        parts.append(occurrence.contract_number)
    if occurrence.title:
        parts.append(occurrence.title)
    text = " · ".join(parts)
    if row.problems:
        text += " — " + _("; ").join(row.problems)
    return text


class MonthModel(QAbstractTableModel):
    """Six weeks of days, Monday first."""

    def __init__(self, calendar: WorkingCalendar, parent: Any = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._cells: list[DayCell] = []
        self.year = 0
        self.month = 0

    def set_month(self, year: int, month: int, today: date, rows: Sequence[AgendaRow]) -> None:
        """Show the month with ``rows`` placed on their (local) start day."""
        self.beginResetModel()
        self.year, self.month = year, month
        start, _end = grid_range(year, month)
        self._cells = []
        for offset in range(7 * WEEKS):
            day = start + timedelta(days=offset)
            self._cells.append(
                DayCell(day, self._calendar.day(day), day.month == month, day == today)
            )
        by_day = {cell.day: cell for cell in self._cells}
        for row in rows:
            cell = by_day.get(row.day)
            if cell is not None:
                cell.rows.append(row)
        self.endResetModel()

    def cell(self, index: AnyIndex) -> DayCell | None:
        if not index.isValid():
            return None
        position = index.row() * 7 + index.column()
        return self._cells[position] if 0 <= position < len(self._cells) else None

    def index_of(self, day: date) -> QModelIndex:
        for position, cell in enumerate(self._cells):
            if cell.day == day:
                return self.index(position // 7, position % 7)
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._cells else WEEKS

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._cells else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join([str(cell.day.day), *(row_line(r) for r in cell.rows)])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [format_day(cell.day, "full")]
            kind = day_kind(cell.info)
            if kind:
                lines.append(kind)
            elif not cell.info.is_workday:
                lines.append(_("Day off"))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                count = len(cell.rows)
                lines.append(
                    ngettext("{count} window", "{count} windows", count).format(count=count)
                )
            else:
                lines.extend(row_tip(r) for r in cell.rows)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not cell.info.is_workday:
                return day_off_colour()
            return None if cell.in_month else QColor(colours().shaded_bg)
        if role == DAY_ROLE:
            return cell.day
        if role == ROWS_ROLE:
            return list(cell.rows)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        monday = date(2024, 1, 1)  # any Monday: the header names the weekdays
        return format_day(monday + timedelta(days=section), "EEE")


class DayDelegate(QStyledItemDelegate):
    """Paints a day: its number (framed when today), what kind of day, then one line per window."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        model = index.model()
        cell = model.cell(index) if isinstance(model, MonthModel) else None
        if cell is None:
            super().paint(painter, option, index)
            return
        painter.save()
        scheme = colours()
        rect: QRect = option.rect
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(scheme.selected_bg))
        elif isinstance(background, QColor):
            painter.fillRect(rect, background)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        inner = rect.adjusted(4, 2, -4, -2)
        muted = not cell.in_month or not cell.info.is_workday
        number = str(cell.day.day)
        bold = QFont(font)
        bold.setBold(True)
        number_rect = QRect(
            inner.left(), inner.top(), QFontMetrics(bold).horizontalAdvance(number) + 8, line + 2
        )
        if cell.is_today:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(scheme.today_bg))
            painter.drawRoundedRect(number_rect, 4, 4)
            painter.setPen(QColor(scheme.today_fg))
        else:
            painter.setPen(
                QColor(scheme.shaded_fg)
                if not cell.in_month
                else (day_off_text() if muted else QColor(scheme.text))
            )
        painter.setFont(bold)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, number)
        kind = day_kind(cell.info)
        if kind:
            painter.setFont(font)
            painter.setPen(makeup_text() if cell.info.is_workday else day_off_text())
            kind_rect = QRect(
                number_rect.right() + 4,
                inner.top(),
                inner.right() - number_rect.right() - 4,
                line + 2,
            )
            painter.drawText(
                kind_rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(kind, Qt.TextElideMode.ElideRight, kind_rect.width()),
            )
        painter.setFont(font)
        top = inner.top() + line + 4
        room = max(0, (inner.bottom() - top) // line)
        rows = cell.rows
        shown = rows if len(rows) <= room else rows[: max(0, room - 1)]
        for row in shown:
            painter.setPen(QColor(scheme.error if row.has_problem else scheme.text))
            text = metrics.elidedText(row_line(row), Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(
                QRect(inner.left(), top, inner.width(), line), Qt.AlignmentFlag.AlignLeft, text
            )
            top += line
        hidden = len(rows) - len(shown)
        if hidden:
            painter.setPen(day_off_text())
            painter.drawText(
                QRect(inner.left(), top, inner.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                _("+{count} more").format(count=hidden),
            )
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor(scheme.today_bg), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(metrics.horizontalAdvance("00:00 ") * 2, metrics.height() * 4)


class MonthGrid(QTableView):
    """The grid of days; asks its owner to change the month through signals."""

    #: Emitted with -1 or +1 when Page Up / Page Down asks for the previous or next month.
    month_step_requested = Signal(int)
    #: Emitted when Home asks for today.
    today_requested = Signal()

    def __init__(self, model: MonthModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(_("Month"))
        self.setItemDelegate(DayDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setHighlightSections(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_PageUp:
            self.month_step_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.month_step_requested.emit(1)
        elif key == Qt.Key.Key_Home and not event.modifiers():
            self.today_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

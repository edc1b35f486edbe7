"""The call log's table model: a million calls, of which only the pages on screen are in memory.

``rowCount`` is the number of matching calls (one COUNT); a cell asks for its row, and the page of
100 rows holding it is read when first needed — by keyset from a neighbouring page already read
(scrolling), or by position from the nearer end of the log (a jump). At most a dozen pages are
kept; the least recently used goes first. So the first screen costs one count and one page, the
last screen the same, and memory does not grow with the log.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.i18n import N_, _, ngettext
from desktop_app.core.services.call_log import CallLogQuery, CallLogRow, CallLogService
from desktop_app.core.services.permissions import Actor

AnyIndex = QModelIndex | QPersistentModelIndex
WARNING_BRUSH = QBrush(QColor("#b3261e"))
MUTED_BRUSH = QBrush(QColor("#5f6368"))
ATTENTION_OUTCOMES = ("message", "no_one", "no_answer")


class CallLogModel(QAbstractTableModel):
    """The calls matching a query, newest first, read a page at a time."""

    TIME, DIRECTION, OUTCOME, BANK, CONTRACT, CALLER, TAKEN_BY, TOPICS, RECORD, FOLLOW_UPS = range(
        10
    )
    HEADERS = (
        N_("Time"),
        N_("Direction"),
        N_("Outcome"),
        N_("Bank"),
        N_("Contract"),
        N_("Caller"),
        N_("Taken by"),
        N_("Topics"),
        N_("Record"),
        N_("Follow-ups"),
    )
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1
    PAGE_SIZE = 100
    MAX_PAGES = 12

    def __init__(self, log: CallLogService, actor: Actor, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._log = log
        self._actor = actor
        self._zone = zone
        self._query = CallLogQuery()
        self._total = 0
        self._pages: OrderedDict[int, list[CallLogRow]] = OrderedDict()
        self.reads = 0  # pages read from the database (for tests and the benchmark)

    @property
    def query(self) -> CallLogQuery:
        return self._query

    def set_query(self, query: CallLogQuery) -> None:
        """Show the calls matching ``query``: one count now, pages when they are shown."""
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._total = self._log.count(self._actor, query)
        self.endResetModel()

    def reload(self) -> None:
        """Re-count and forget the pages read (after calls were added or changed)."""
        self.set_query(self._query)

    def cached_pages(self) -> int:
        return len(self._pages)

    def _page(self, number: int) -> list[CallLogRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = number * self.PAGE_SIZE
        limit = min(self.PAGE_SIZE, self._total - start)
        above = self._pages.get(number - 1)
        below = self._pages.get(number + 1)
        if above is not None and len(above) == self.PAGE_SIZE:
            page = self._log.after(self._actor, self._query, above[-1].key, limit)
        elif below:
            page = self._log.before(self._actor, self._query, below[0].key, limit)
        else:
            page = self._log.window(self._actor, self._query, start, limit, self._total)
        self.reads += 1
        self._pages[number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_at(self, row: int) -> CallLogRow | None:
        """The call on ``row`` (read from the database if its page is not in memory)."""
        if not 0 <= row < self._total:
            return None
        page = self._page(row // self.PAGE_SIZE)
        offset = row % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def _text(self, row: CallLogRow, column: int) -> str:
        if column == self.TIME:
            return row.occurred_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
        if column == self.DIRECTION:
            return row.direction_text()
        if column == self.OUTCOME:
            return row.outcome_text()
        if column == self.BANK:
            return row.bank_name or "—"
        if column == self.CONTRACT:
            return row.contract_number or "—"
        if column == self.CALLER:
            return " ".join(p for p in (row.caller_name, row.caller_number) if p) or "—"
        if column == self.TAKEN_BY:
            return row.taken_by_name or "—"
        if column == self.TOPICS:
            return row.topics_text()
        if column == self.RECORD:
            return _("Written") if row.recorded else _("Not yet")
        if row.open_follow_ups:
            return ngettext("{count} open", "{count} open", row.open_follow_ups).format(
                count=row.open_follow_ups
            )
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            self.ROW_ROLE,
        ):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == self.ROW_ROLE:
            return row
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.OUTCOME and row.outcome in ATTENTION_OUTCOMES:
                return WARNING_BRUSH
            if column == self.RECORD and not row.recorded:
                return MUTED_BRUSH
            if column == self.FOLLOW_UPS and row.open_follow_ups:
                return WARNING_BRUSH
            return None
        return self._text(row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return _(self.HEADERS[section])
        return None

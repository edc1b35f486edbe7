"""The call log's table model: a million calls, of which only the pages on screen are in memory.

A new filter reads the first page of 100 calls and shows it at once; counting every matching call
(a COUNT over a million index entries takes longer than a frame) happens just after, and the rows
below the first page then appear in one insertion. A cell asks for its row, and the page holding
it is read when first needed — by keyset from a neighbouring page already read (scrolling), or by
position from the nearer end of the log (a jump). At most a dozen pages are kept; the least
recently used goes first; the last page is read together with the count. So the first screen
costs one page, the last screen costs only its painting, and memory does not grow with the log.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.records.call_log import CallLogQuery, CallLogRow, CallLogService
from desktop_app.ui.widgets.rows_model import muted_brush, warning_brush

AnyIndex = QModelIndex | QPersistentModelIndex
ATTENTION_OUTCOMES = ("message", "no_one", "no_answer", "rang_unlogged", "unverified")
# The roles as plain integers, made once: comparing Qt enum members on every call costs.
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
ROW = int(Qt.ItemDataRole.UserRole.value) + 1


class CallLogModel(QAbstractTableModel):
    """The calls matching a query, newest first, read a page at a time."""

    #: Emitted with the number of matching calls once it is known.
    counted = Signal(int)

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
    ROW_ROLE = ROW
    PAGE_SIZE = 100
    MAX_PAGES = 12

    def __init__(self, log: CallLogService, actor: Actor, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._log = log
        self._actor = actor
        self._zone = zone
        self._query = CallLogQuery()
        self._total = 0
        self._exact = True  # whether _total is the count, or only the first page read so far
        self._pages: OrderedDict[int, list[CallLogRow]] = OrderedDict()
        self._shown: dict[int, tuple[str, ...]] = {}  # cell texts by call id
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self.count_now)
        self.reads = 0  # pages read from the database (for tests and the benchmark)

    @property
    def query(self) -> CallLogQuery:
        return self._query

    @property
    def exact(self) -> bool:
        """Whether ``rowCount`` is the number of matching calls (not only the first page)."""
        return self._exact

    def set_query(self, query: CallLogQuery) -> None:
        """Show the calls matching ``query``: the first page now, the count right after."""
        self._count_timer.stop()
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._shown.clear()
        first = self._log.first(self._actor, query, self.PAGE_SIZE)
        self.reads += 1
        self._pages[0] = first
        self._total = len(first)
        self._exact = len(first) < self.PAGE_SIZE
        self.endResetModel()
        if self._exact:
            self.counted.emit(self._total)
        else:
            self._count_timer.start()

    def count_now(self) -> int:
        """Count the matching calls (if not done yet) and show every row; returns the count."""
        self._count_timer.stop()
        if self._exact:
            return self._total
        total = self._log.count(self._actor, self._query)
        self._exact = True
        if total >= self._total:
            if total > self._total:
                # The oldest calls are read with the count: "jump to the end" then only paints.
                last = (total - 1) // self.PAGE_SIZE
                start = last * self.PAGE_SIZE
                self._pages[last] = self._log.window(
                    self._actor, self._query, start, total - start, total
                )
                self.reads += 1
                self.beginInsertRows(QModelIndex(), self._total, total - 1)
                self._total = total
                self.endInsertRows()
        else:  # calls were removed since the first page was read: start over
            self.beginResetModel()
            self._pages.clear()
            self._total = total
            self.endResetModel()
        self.counted.emit(total)
        return total

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

    def _texts(self, row: CallLogRow) -> tuple[str, ...]:
        """Every cell of a row as shown, worked out once (a repaint asks for each cell often)."""
        texts = self._shown.get(row.id)
        if texts is not None:
            return texts
        follow_ups = (
            ngettext("{count} open", "{count} open", row.open_follow_ups).format(
                count=row.open_follow_ups
            )
            if row.open_follow_ups
            else ""
        )
        texts = (
            formats.date_time_text(row.occurred_at, self._zone),
            row.direction_text(),
            row.outcome_text(),
            row.bank_name or "—",
            row.contract_number or "—",
            " ".join(p for p in (row.caller_name, row.caller_number) if p) or "—",
            row.taken_by_name or "—",
            row.topics_text(),
            _("Written") if row.recorded else _("Not yet"),
            follow_ups,
        )
        if len(self._shown) >= self.PAGE_SIZE * self.MAX_PAGES:
            self._shown.clear()
        self._shown[row.id] = texts
        return texts

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        # Called for every role of every visible cell on each repaint: the roles this model
        # does not answer are turned away first, by comparing plain integers.
        if role != DISPLAY and role != FOREGROUND and role != TOOLTIP and role != ROW:
            return None
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == ROW:
            return row
        column = index.column()
        if role == FOREGROUND:
            if column == self.OUTCOME and row.outcome in ATTENTION_OUTCOMES:
                return warning_brush()
            if column == self.RECORD and not row.recorded:
                return muted_brush()
            if column == self.FOLLOW_UPS and row.open_follow_ups:
                return warning_brush()
            return None
        return self._texts(row)[column]

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

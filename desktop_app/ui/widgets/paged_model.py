"""A lazily filled table model: rows are read a page at a time, off the GUI thread, as the view
scrolls.

The view asks ``canFetchMore``/``fetchMore`` when it nears the end; each call queues one windowed
query (offset, limit) on the worker (:class:`desktop_app.ui.operation.Operation`) and appends the
rows when they arrive. Changing the filter (:meth:`PagedRowsModel.set_fetch`) or re-reading after
a change (:meth:`PagedRowsModel.reload`) queues the first page; the table keeps the rows it shows
until the new ones arrive (no flicker to empty), then :attr:`PagedRowsModel.arrived` tells the
screen to update its count and empty state. Each new filter starts a new generation: a read of an
older one is skipped if it has not started yet and its rows are dropped if it has, so typing fast
costs one query per keystroke at most and only the last one is shown. A read that fails is told
through :attr:`PagedRowsModel.read_failed`, for the screen to show in its error place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal

from desktop_app.core.common.errors import DeskError
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.rows_model import RowsModel

Row = TypeVar("Row")
Fetch = Callable[[int, int], Sequence[Any]]
PAGE_SIZE = 100


class PagedRowsModel(RowsModel[Row]):
    """Rows read through ``fetch(offset, limit)`` on the worker, one page at a time."""

    #: Emitted after rows read arrived and were shown: True when they replaced the rows (a new
    #: filter, a reload), False when a further page was appended.
    arrived = Signal(bool)
    #: Emitted with the person's error (a ``DeskError``) when a read failed.
    read_failed = Signal(object)

    def __init__(self, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._fetch: Fetch | None = None
        self._page_size = page_size
        self._exhausted = True
        # The generation the worker compares against: a plain list, so that the worker thread
        # reads an int and never touches this QObject.
        self._latest = [0]
        self._replacing = False
        self._extending = False

    @property
    def reading(self) -> bool:
        """Whether a read is under way (tests wait for it to end)."""
        return self._replacing or self._extending

    def set_fetch(self, fetch: Fetch) -> None:
        """Start over with a new query: its first page is read off the GUI thread."""
        self._fetch = fetch
        self._replace(self._page_size)

    def reload(self) -> None:
        """Re-read as many rows as are shown now (after a change elsewhere)."""
        if self._fetch is not None:
            self._replace(max(self._page_size, len(self._rows)))

    def canFetchMore(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> bool:
        return (
            not parent.isValid()
            and not self._exhausted
            and not self._replacing
            and self._fetch is not None
        )

    def fetchMore(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> None:
        if not self.canFetchMore(parent) or self._extending:
            return
        self._extending = True
        generation = self._latest[0]
        self._read(generation, len(self._rows), self._page_size, self._append)

    # ------------------------------------------------------------------ reading

    def _replace(self, wanted: int) -> None:
        self._latest[0] += 1
        self._replacing = True
        self._extending = False  # a page of the older query is dropped when it arrives
        self._read(self._latest[0], 0, wanted, self._show)

    def _read(
        self,
        generation: int,
        offset: int,
        limit: int,
        apply: Callable[[list[Any], int], None],
    ) -> None:
        fetch, latest = self._fetch, self._latest
        assert fetch is not None

        def work() -> list[Any] | None:
            if latest[0] != generation:
                return None  # superseded before it started: no query at all
            return list(fetch(offset, limit))

        def arrive(rows: list[Any] | None) -> None:
            if rows is not None and self._current(generation):
                apply(rows, limit)

        def fail(error: DeskError) -> None:
            if self._current(generation):
                self._replacing = self._extending = False
                self.read_failed.emit(error)

        Operation(None, None, work).success(arrive).errors_to(fail).run()

    def _current(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._latest[0]

    def _show(self, rows: list[Any], wanted: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < wanted
        self._replacing = False
        self.endResetModel()
        self.arrived.emit(True)

    def _append(self, more: list[Any], wanted: int) -> None:
        self._exhausted = len(more) < wanted
        self._extending = False
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        self.arrived.emit(False)

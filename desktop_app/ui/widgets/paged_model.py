"""A lazily filled table model: rows are fetched a page at a time as the view scrolls.

The view asks ``canFetchMore``/``fetchMore`` when it nears the end; each call runs one windowed
query (offset, limit). Changing the filter resets the model to its first page, so a list of
20,000 contracts costs one small query per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from desktop_app.ui.widgets.rows_model import RowsModel

Row = TypeVar("Row")
Fetch = Callable[[int, int], Sequence[Any]]
PAGE_SIZE = 100


class PagedRowsModel(RowsModel[Row]):
    """Rows fetched through ``fetch(offset, limit)``, one page at a time."""

    def __init__(self, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._fetch: Fetch | None = None
        self._page_size = page_size
        self._exhausted = True

    def set_fetch(self, fetch: Fetch) -> None:
        """Start over with a new query; the first page is read at once."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = list(fetch(0, self._page_size))
        self._exhausted = len(self._rows) < self._page_size
        self.endResetModel()

    def reload(self) -> None:
        """Re-read as many rows as are shown now (after a change elsewhere)."""
        if self._fetch is None:
            return
        wanted = max(self._page_size, len(self._rows))
        self.beginResetModel()
        self._rows = list(self._fetch(0, wanted))
        self._exhausted = len(self._rows) < wanted
        self.endResetModel()

    def canFetchMore(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> bool:
        return not parent.isValid() and not self._exhausted and self._fetch is not None

    def fetchMore(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> None:
        if parent.isValid() or self._exhausted or self._fetch is None:
            return
        more = list(self._fetch(len(self._rows), self._page_size))
        self._exhausted = len(more) < self._page_size
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

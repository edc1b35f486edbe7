"""The one table every list in the app uses: columns sized to their content, the wide text
column taking the room that is left, cut text elided with the whole of it in a tooltip, and Tab
leaving the table instead of cycling through its cells.

``resizeColumnsToContents()`` is the one call a screen makes after it loads rows; horizontal
scrolling appears only when the columns' content really does not fit.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip, QWidget

#: A column sized to its content is never wider than this many average characters; longer text
#: is elided (the stretching column may still grow past it when the window has room). When the
#: room is short, the widest columns give up the most (see ``share_out``).
MAX_COLUMN_CHARS = 80
#: The stretching column keeps at least this many characters before the table scrolls.
MIN_STRETCH_CHARS = 12
#: When the columns do not fit, each gives up width (elided, whole in the tooltip) down to this
#: many characters before the table scrolls sideways.
MIN_COLUMN_CHARS = 7


class ListTable(QTableView):
    """A read-only, row-selecting table whose columns fit their content and the window."""

    def __init__(
        self,
        accessible_name: str,
        parent: QWidget | None = None,
        stretch_column: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._stretch_column = stretch_column
        self._whole: frozenset[int] = frozenset()
        self._content_widths: dict[int, int] = {}
        self._fit_first_rows = True
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Tab moves to the next control; the arrow keys move between rows and cells.
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        # Never the last section's own stretch: switching it off later left a hidden column's
        # old width as an empty strip in the header. A table nobody fits is fitted on its
        # first rows (see setModel).
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)

    def set_stretch_column(self, column: int | None) -> None:
        """Name the wide text column that takes the room left (``None``: the widest one)."""
        self._stretch_column = column
        self._apply_widths()

    def keep_whole(self, *columns: int) -> None:
        """Never elide these columns (a contract number cut short is no use) unless the table
        scrolls."""
        self._whole = frozenset(columns)
        self._apply_widths()

    def stretch_column(self) -> int | None:
        """The column that takes the room left over, once the columns have been fitted."""
        if self._stretch_column is not None and not self.isColumnHidden(self._stretch_column):
            return self._stretch_column
        if not self._content_widths:
            return None
        return max(self._content_widths, key=lambda c: (self._content_widths[c], -c))

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._content_widths = {}
        if model is not None:
            model.modelReset.connect(self._fit_if_never_fitted)
            model.layoutChanged.connect(self._fit_if_never_fitted)

    def fit_only_when_asked(self) -> None:
        """Leave fitting to the screen (one of many tables in tabs, fitted when its tab is shown:
        measuring every cell of all of them at once holds the GUI thread)."""
        self._fit_first_rows = False

    def is_fitted(self) -> bool:
        """Whether the columns have been fitted to content yet."""
        return bool(self._content_widths)

    def _fit_if_never_fitted(self) -> None:
        if self._fit_first_rows and not self._content_widths:
            QTimer.singleShot(0, self, self._fit_if_still_unfitted)

    def _fit_if_still_unfitted(self) -> None:
        if not self._content_widths:
            self.resizeColumnsToContents()

    def resizeColumnsToContents(self) -> None:
        """Size each column to its content and header, then share out the table's width."""
        model = self.model()
        if model is None:
            return
        chars = self.fontMetrics().averageCharWidth()
        header = self.horizontalHeader()
        widths: dict[int, int] = {}
        for column in range(model.columnCount()):
            if self.isColumnHidden(column):
                continue
            wanted = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            widths[column] = min(wanted, chars * MAX_COLUMN_CHARS) + chars
        self._content_widths = widths
        self._apply_widths()

    def fit_columns(self) -> None:
        """The same as ``resizeColumnsToContents()``, by its own name."""
        self.resizeColumnsToContents()

    def _apply_widths(self) -> None:
        widths = {c: w for c, w in self._content_widths.items() if not self.isColumnHidden(c)}
        if not widths:
            return
        shared = share_out(
            widths,
            self.stretch_column(),
            self.viewport().width(),
            self.fontMetrics().averageCharWidth(),
            self._whole,
        )
        changed = {c: w for c, w in shared.items() if self.columnWidth(c) != w}
        if not changed:
            return
        # The view hears of each resized column on a zero timer and repaints them then, in a
        # pass of the event loop after the one that painted the new rows: the widths are set
        # with the header quiet, and the view updated here, at once.
        header = self.horizontalHeader()
        quiet = header.blockSignals(True)
        try:
            for column, width in changed.items():
                self.setColumnWidth(column, width)
        finally:
            header.blockSignals(quiet)
        self.updateGeometries()
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_widths()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            text = self.elided_text_at(index)
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
                return True
        return super().viewportEvent(event)

    def elided_text_at(self, index: QModelIndex) -> str:
        """The whole text of a cell cut short on screen (and with no tooltip of its own)."""
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return ""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return ""
        rect = self.visualRect(index)
        margin = 2 * (self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 1)
        if self.fontMetrics().horizontalAdvance(text) + margin <= rect.width():
            return ""
        return text

    def cell_point(self, row: int, column: int) -> QPoint:
        """The centre of a cell in viewport coordinates (for tests and tooltips)."""
        return self.visualRect(self.model().index(row, column)).center()


def share_out(
    wanted: dict[int, int],
    stretch: int | None,
    room: int,
    char_width: int,
    whole: frozenset[int] = frozenset(),
) -> dict[int, int]:
    """Column widths for ``room`` pixels: each column its content, the stretching one the rest.

    When the content is wider than the room, the stretching column gives up width first (down to
    a dozen characters), then the others in proportion to their width (each down to a few);
    only what still does not fit scrolls.
    """
    widths = dict(wanted)
    total = sum(widths.values())
    if total <= room:
        if stretch is not None:
            widths[stretch] += room - total
        return widths
    floors = {
        c: w
        if c in whole
        else min(w, char_width * (MIN_STRETCH_CHARS if c == stretch else MIN_COLUMN_CHARS))
        for c, w in widths.items()
    }
    overflow = total - room
    if stretch is not None:  # the wide text column gives up its width first
        give = min(overflow, widths[stretch] - floors[stretch])
        widths[stretch] -= give
        overflow -= give
        if overflow <= 0:
            return widths
    spare = sum(widths[c] - floors[c] for c in widths)
    if spare <= overflow:
        return floors
    # Take the overflow from each column in proportion to what it could give up.
    for column in widths:
        give = (widths[column] - floors[column]) * overflow // spare
        widths[column] -= give
    leftover = sum(widths.values()) - room  # rounding: at most a few pixels
    for column in sorted(widths, key=lambda c: widths[c] - floors[c], reverse=True):
        if leftover <= 0:
            break
        take = min(leftover, widths[column] - floors[column])
        widths[column] -= take
        leftover -= take
    return widths


def make_table(
    accessible_name: str, parent: QWidget | None = None, stretch_column: int | None = None
) -> ListTable:
    """A list table named for screen readers; see ``ListTable``."""
    return ListTable(accessible_name, parent, stretch_column)

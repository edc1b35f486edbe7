"""The shape every list screen shares (banks, contracts, numbers, people, the call log, feedback).

A list screen is filters above a :class:`ListTable` over a ``RowsModel`` (or a paged one),
an empty state in place of the table when no row matches, and a row of buttons below: "New…"
opens the editor on nothing, "Open…" and activating a row (Enter, a double-click) open it on the
selected row. The screen re-reads its rows when the change hub names one of its ``AREAS`` — at
once while shown, else when next shown (:class:`ShownRefresh`) — and a screen may read nothing
until it is first shown (``lazy``).

Rows are read off the GUI thread: a paged model reads its pages on the worker and says when they
arrived (the screen then calls :meth:`show_rows`); a screen with a plain model reads through
:meth:`read`. Either way the table keeps the rows it shows until the new ones arrive, a newer read
supersedes an older one still under way, and a read that fails shows in :attr:`read_error`.

:class:`ListScreen` owns that shape; a screen fills in the hooks: :meth:`reload` (read the rows
for the current filters: set a paged model's fetch, or :meth:`read` into a plain model),
:meth:`open_editor`, :meth:`empty_text`, and where it needs them :meth:`changed` (refill its
filter choices), :meth:`update_actions` (the buttons that follow the selection) and
:meth:`item_at` (the record behind a row). Its filters, extra buttons and how the parts are laid
out (:meth:`lay_out`) stay in the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.permissions import Actor
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.field_errors import error_label
from desktop_app.ui.widgets.paged_model import PagedRowsModel
from desktop_app.ui.widgets.shown_refresh import ShownRefresh
from desktop_app.ui.widgets.tables import make_table

Item = TypeVar("Item")
Model = TypeVar("Model", bound=QAbstractItemModel)


class RowsSource(Protocol):
    """A table model that hands out the record behind a row (``RowsModel`` and the paged
    models do); None for a row it cannot read."""

    def row_at(self, row: int) -> Any: ...


def page_title(text: str) -> QLabel:
    """The title at the top of a page, in the page-title style."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    return title


def button_row(buttons: Sequence[QWidget], leading: QWidget | None = None) -> QHBoxLayout:
    """The buttons under a list, on the right; ``leading`` (a count) on the left."""
    row = QHBoxLayout()
    if leading is not None:
        row.addWidget(leading)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


class ListScreen(QWidget, Generic[Item, Model]):
    """Filters, a table of rows, an empty state and buttons, kept up to date through the hub.

    ``Item`` is the record a row stands for (what the editor opens), ``Model`` the table model.
    """

    #: Emitted after the rows were (re-)read and shown.
    refreshed = Signal()

    #: The hub's areas whose changes make the screen re-read its rows.
    AREAS: ClassVar[tuple[Area, ...]] = ()

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        model: Model,
        table_name: str,
        stretch_column: int | None = None,
        *,
        lazy: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._actor = actor
        #: False until the rows are first read: at once, or when first shown if ``lazy``.
        self.loaded = not lazy
        self.model: Model = model
        model.setParent(self)
        self.table = make_table(table_name, stretch_column=stretch_column)
        self.table.setModel(model)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.hide()  # until the first rows arrived
        #: Where a read that failed is shown (above the table, which keeps its rows).
        self.read_error = error_label()
        self._reads: dict[str, list[int]] = {}  # the latest generation of each :meth:`read`
        if isinstance(model, PagedRowsModel):
            model.arrived.connect(self._on_model_arrived)
            model.read_failed.connect(self.show_read_error)
        # ``activated`` follows Enter and a double-click (a single click where the platform
        # says so); connecting ``doubleClicked`` as well would open two editors.
        self.table.activated.connect(self._on_table_activated)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_selection_changed)
        selection.selectionChanged.connect(self._on_selection_changed)
        #: Refreshes on a change only while shown; a hidden page catches up when shown.
        self.shown_refresh = ShownRefresh(self, self.refresh)
        hub.data_changed.connect(self._on_hub_data_changed)

    # ------------------------------------------------------------------ building

    def make_new_button(self, text: str) -> QPushButton:
        """A "New…" button that opens the editor on a new record (:meth:`open_new`)."""
        button = QPushButton(text, self)
        decorate(button, "new")
        button.clicked.connect(self._on_new_clicked)
        return button

    def make_open_button(self, text: str) -> QPushButton:
        """An "Open…" button that opens the editor on the selected row, if any. Like the table
        and the empty state it joins the screen (and its Tab order) when laid out."""
        button = QPushButton(text)
        decorate(button, "open")
        button.clicked.connect(self._on_open_clicked)
        return button

    def lay_out(
        self,
        top: Sequence[QWidget | QLayout],
        bottom: Sequence[QWidget | QLayout],
        page: QWidget | None = None,
        empty_stretch: int = 0,
    ) -> QVBoxLayout:
        """Stack ``top`` (title, filters…), the table, the empty state and ``bottom`` (buttons)
        on ``page`` (this screen unless the list sits in a page of its own)."""
        layout = QVBoxLayout(page if page is not None else self)
        for part in top:
            self._add(layout, part)
        layout.addWidget(self.read_error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, empty_stretch)
        for part in bottom:
            self._add(layout, part)
        return layout

    @staticmethod
    def _add(layout: QVBoxLayout, part: QWidget | QLayout) -> None:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)

    # ------------------------------------------------------------------ hooks

    def first_load(self) -> None:
        """Read for the first time (a screen with filter choices fills them here first)."""
        self.reload()

    def reload(self) -> None:
        """Read the rows for the current filters into the model (off the GUI thread)."""
        raise NotImplementedError

    def rows_arrived(self, replaced: bool) -> None:
        """A paged model's rows arrived (``replaced``: a new first page, not one more page)."""
        self.show_rows()

    def refresh(self) -> None:
        """Re-read after a change elsewhere (a paged screen keeps the rows it has loaded)."""
        self.reload()

    def changed(self, changes: Changes) -> None:
        """A change came through the hub, before the rows are re-read: refill choices here."""

    def empty_text(self) -> str:
        """What the empty state says (the filters match nothing, or there is nothing yet)."""
        return ""

    def update_actions(self) -> None:
        """Enable or name the buttons that follow the selected row."""

    def fit_columns(self) -> None:
        """Fit the columns to the rows just read."""
        self.table.resizeColumnsToContents()

    def item_at(self, row: int) -> Item | None:
        """The record behind the model's ``row`` (its ``row_at``)."""
        item: Item | None = cast(RowsSource, self.model).row_at(row)
        return item

    def open_editor(self, item: Item | None) -> QWidget | None:
        """Open the editor on ``item`` (None: a new one) and return it."""
        raise NotImplementedError

    def open_new(self) -> object:
        """What "New…" does."""
        return self.open_editor(None)

    # ------------------------------------------------------------------ shared behaviour

    def read(
        self, work: Callable[[], Any], apply: Callable[[Any], None], *, key: str = "rows"
    ) -> Operation:
        """Run ``work`` (a service call that reads) off the GUI thread, then ``apply(value)`` —
        unless a newer read of the same ``key`` was asked for meanwhile: then the value is
        dropped (and ``work`` skipped if it had not started). The rows (``key="rows"``) are
        followed by :meth:`show_rows`; other keys (a filter's choices, a banner) only apply.
        Errors show in :attr:`read_error`."""
        latest = self._reads.setdefault(key, [0])  # a plain list the worker may read
        latest[0] += 1
        generation = latest[0]

        def guarded() -> Any:
            return work() if latest[0] == generation else None  # skipped once superseded

        def arrive(value: Any) -> None:
            if generation == latest[0]:
                if key == "rows":
                    self.read_error.hide()
                apply(value)
                if key == "rows":
                    self.show_rows()

        def fail(error: DeskError) -> None:
            if generation == latest[0]:
                self.show_read_error(error)

        return Operation(self, None, guarded).success(arrive).errors_to(fail).run()

    def show_read_error(self, error: object) -> None:
        """Show why the rows could not be read (the table keeps the rows it had)."""
        self.read_error.setText(error.text() if isinstance(error, DeskError) else str(error))
        self.read_error.show()

    def selected(self) -> Item | None:
        """The record of the current row, if any."""
        index = self.table.currentIndex()
        return self.item_at(index.row()) if index.isValid() else None

    def show_rows(self) -> None:
        """After reading: the table, or the empty state when no row matches; fitted columns;
        the buttons for the selection; then :attr:`refreshed`."""
        rows = self.model.rowCount()
        self.empty_label.setText(self.empty_text())
        self.empty_label.setVisible(rows == 0)
        self.table.setVisible(rows > 0)
        if rows:
            self.fit_columns()
        self.update_actions()
        self.refreshed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        # A lazy screen reads nothing until its page is first shown, not at start-up.
        if not self.loaded:
            self.loaded = True
            self.first_load()
        super().showEvent(event)

    # ------------------------------------------------------------------ handlers

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if not self.loaded:
            return  # read in full when first shown
        self.changed(changes)
        if changes.touches(*self.AREAS):
            self.shown_refresh.request()

    def _on_model_arrived(self, replaced: bool) -> None:
        if replaced:
            self.read_error.hide()
        self.rows_arrived(replaced)

    def _on_selection_changed(self, *_args: object) -> None:
        self.update_actions()

    def _on_table_activated(self, index: QModelIndex) -> None:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is not None:
            self.open_editor(item)

    def _on_new_clicked(self) -> None:
        self.open_new()

    def _on_open_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_editor(item)

"""What the Contact windows page does besides showing: open the editor, deactivate or reactivate a
window, write the confirmation letter for a flagged occurrence, export the windows to an .ics
calendar file.

Dialogs are imported when first opened, so building the page stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.windows.service import Occurrence, WindowView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation

if TYPE_CHECKING:
    from desktop_app.core.notify.producers import NotifyProducer
    from desktop_app.core.windows.ics_export import IcsExportService
    from desktop_app.core.windows.service import WindowService
    from desktop_app.ui.windows.window_dialog import WindowDialog
    from desktop_app.ui.windows.window_letter_dialog import LetterMailMaker, WindowLetterDialog

#: Opens the form of a contact window (None: a new one) over a parent widget, for a bank and on a
#: day when new; it reads more services than the page (banks, contracts), so the page is given it.
WindowEditor = Callable[[WindowView | None, QWidget, int | None, date | None], "WindowDialog"]


class WindowActions(QObject):
    """The page's commands; results and refusals come back through :attr:`message`."""

    #: Emitted with a translated line to show on the page (what was done, or why not).
    message = Signal(str)

    def __init__(
        self,
        windows: WindowService,
        hub: ChangeHub,
        actor: Actor,
        parent_widget: QWidget,
        *,
        notify: NotifyProducer,
        ics: IcsExportService,
        editor: WindowEditor,
        letter_mail: LetterMailMaker,
    ) -> None:
        super().__init__(parent_widget)
        self._windows = windows
        self._notify = notify
        self._ics = ics
        self._editor = editor
        self._letter_mail = letter_mail
        self._hub = hub
        self._actor = actor
        self._widget = parent_widget

    def open_editor(
        self, window_id: int | None, *, bank_id: int | None = None, day: date | None = None
    ) -> WindowDialog | None:
        """The editor on a stored window, or on a new one (for ``bank_id``, on ``day``)."""
        window = None
        if window_id is not None:
            try:
                window = self._windows.get(self._actor, window_id)
            except DeskError as error:
                self.message.emit(error.text())
                return None
        dialog = self._editor(window, self._widget, bank_id, day)
        dialog.window_saved.connect(self._on_dialog_window_saved)
        dialog.open()
        return dialog

    def send_invitation(self, occurrence: Occurrence) -> Operation:
        """Queue a calendar invitation of ``occurrence`` for the person on duty (by e-mail),
        off the GUI thread."""
        notify, actor, key = self._notify, self._actor, occurrence.key
        on_duty = occurrence.on_duty.name if occurrence.on_duty else ""

        def said(queued: object) -> None:
            self.message.emit(
                _("Invitation queued for {person}; see the outbox in the Call log.").format(
                    person=on_duty
                )
                if queued is not None
                else _("This invitation was already sent.")
            )

        operation = Operation(self._widget, self._hub, lambda: notify.invitation(actor, key))
        return operation.errors_to(self._say_error).success(said).run()

    def _on_dialog_window_saved(self, window: object) -> None:
        title = getattr(window, "title", "") or getattr(window, "bank_name", "")
        self.message.emit(_("Saved the contact window “{title}”.").format(title=title))

    def confirm_deactivate(self, window: Occurrence | WindowView) -> QMessageBox:
        """Ask before stopping a window (or the window of an occurrence); Yes deactivates it."""
        window_id = window.window_id if isinstance(window, Occurrence) else window.id
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Deactivate contact window"),
            _(
                "Stop the window “{title}” of {bank}? It will have no more dates; "
                "its history is kept."
            ).format(title=window.title or "—", bank=window.bank_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._widget,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.clicked.connect(lambda: self.deactivate(window_id))
        box.open()
        return box

    def deactivate(self, window_id: int) -> Operation:
        """Stop the window off the GUI thread; the message says it once it is written."""
        return self._change(
            lambda: self._windows.deactivate(self._actor, window_id),
            _("Deactivated the contact window “{title}”."),
        )

    def reactivate(self, window_id: int) -> Operation:
        """Give a deactivated window its dates again (no question asked: easily undone)."""
        return self._change(
            lambda: self._windows.reactivate(self._actor, window_id),
            _("Reactivated the contact window “{title}”."),
        )

    def _change(self, work: Callable[[], object], done: str) -> Operation:
        def said(window: WindowView) -> None:
            self.message.emit(done.format(title=window.title or "—"))

        operation = Operation(self._widget, self._hub, work).errors_to(self._say_error)
        return operation.success(said).run()

    def _say_error(self, error: DeskError) -> None:
        self.message.emit(error.text())

    def open_letter(self, occurrence: Occurrence) -> WindowLetterDialog:
        """The confirmation letter asking the bank for a better time for ``occurrence``."""
        from desktop_app.ui.windows.window_letter_dialog import WindowLetterDialog

        dialog = WindowLetterDialog(
            self._windows, self._letter_mail, self._actor, occurrence.key, self._widget
        )
        dialog.open()
        return dialog

    def choose_ics_file(self, start: datetime, end: datetime) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self._widget,
            _("Export to calendar"),
            str(Path.home() / "contact-windows.ics"),
            _("Calendar files (*.ics)"),
        )
        if chosen:
            self.export_ics(Path(chosen), start, end)

    def export_ics(self, path: Path, start: datetime, end: datetime) -> int | None:
        """Write the windows of [start, end) and the open follow-ups to ``path``."""
        try:
            count = self._ics.export(self._actor, path, start, end)
        except DeskError as error:
            self.message.emit(error.text())
            return None
        self.message.emit(
            ngettext(
                "Exported {count} event to {path}.", "Exported {count} events to {path}.", count
            ).format(count=count, path=path)
        )
        return count

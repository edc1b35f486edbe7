"""The base of every editor of a versioned record: save with the expected version, reload, conflict.

A subclass builds its form and sets ``errors`` (the fields' :class:`FieldErrors`),
``general_error`` (the label for what no field owns) and ``buttons``; it implements
:meth:`save` (``expected_version``/``keep`` come from the conflict dialog's "Re-apply mine") and
:meth:`reload_record` ("Reload theirs"). :meth:`run_save` runs the service call through the
operation helper with the editor's own places for each error: validation at the fields, a stale
version in the conflict dialog, anything else in the general label. The buttons are disabled
while the save is under way.

An editor opens at once: what it reads to fill its choices (banks, people, a contract's
checklist…) it reads with :meth:`load_choices`, off the GUI thread. Until that arrives the
controls that depend on it are disabled, a combo box still empty says "Loading…"
(:func:`loading_combo`), and Save is disabled and refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QWidget

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.conflict_dialog import ConflictResolver
from desktop_app.ui.widgets.field_errors import FieldErrors


def loading_combo(combo: QComboBox) -> QComboBox:
    """Show "Loading…" as ``combo``'s only item (data None) until its choices arrive."""
    combo.clear()
    combo.addItem(_("Loading…"), None)
    return combo


class VersionedEditor(QDialog):
    """A dialog that saves one versioned record through the operation helper."""

    #: Emitted once the choices read by :meth:`load_choices` are in the form.
    choices_loaded = Signal()

    errors: FieldErrors
    general_error: QLabel
    buttons: QDialogButtonBox

    def __init__(self, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self.conflicts = ConflictResolver(self, self.reload_record, self.save)
        #: The save under way or last run (tests wait on it).
        self.operation: Operation | None = None
        #: Whether the form holds what it reads (an editor that reads nothing is ready at once).
        self.loaded = True
        #: The read of the form's choices, while it runs.
        self.loading: Operation | None = None

    def load_choices(
        self, work: Callable[[], Any], fill: Callable[[Any], None], *dependent: QWidget
    ) -> Operation:
        """Read the form's choices with ``work`` off the GUI thread, then ``fill`` the form with
        them on the GUI thread. Until then Save and the ``dependent`` controls are disabled
        (and enabled after: pass only those the person may use), and a save is refused."""
        self.loaded = False
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        waiting = [widget for widget in (save, *dependent) if widget is not None]
        for widget in waiting:
            widget.setEnabled(False)

        def filled(value: Any) -> None:
            self.loaded = True  # the form's own handlers may now react to its choices
            self.loading = None
            fill(value)
            for widget in waiting:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)
            self.choices_loaded.emit()

        self.loading = Operation(self, None, work).errors_in(self.general_error).success(filled)
        return self.loading.run()

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form as the version it was opened at, or ``expected_version``."""
        raise NotImplementedError

    def reload_record(self) -> None:
        """Show the record as stored now (the edits in the form are dropped)."""
        raise NotImplementedError

    def show_validation(self, error: ValidationError) -> None:
        """Show a refused input at its fields; subclasses also turn to the field's page."""
        self.errors.show(error)

    def show_general(self, error: DeskError) -> None:
        """Show an error no field owns in the general label."""
        self.general_error.setText(error.text())
        self.general_error.show()

    def run_save(
        self,
        work: Callable[[], Any],
        on_saved: Callable[[Any], None],
        on_failed: Callable[[DeskError], None] | None = None,
    ) -> Operation | None:
        """Run ``work`` (the service call, touching no widget) off the GUI thread; ``on_saved``
        gets its value on the GUI thread after the change hub was told. Refused (None) while
        the form's choices are still being read."""
        if not self.loaded:
            return None
        self.errors.clear()
        operation = (
            Operation(self, self._hub, work)
            .fields(self.show_validation)
            .conflicts(self.conflicts.show)
            .errors_in(self.general_error)
            .lock(self.buttons)
            .success(on_saved)
        )
        if on_failed is not None:
            operation.failure(on_failed)
        self.operation = operation
        return operation.run()

"""The base of every editor of a versioned record: save with the expected version, reload, conflict.

A subclass builds its form and sets ``errors`` (the fields' :class:`FieldErrors`),
``general_error`` (the label for what no field owns) and ``buttons``; it implements
:meth:`save` (``expected_version``/``keep`` come from the conflict dialog's "Re-apply mine") and
:meth:`reload_record` ("Reload theirs"). :meth:`run_save` runs the service call through the
operation helper with the editor's own places for each error: validation at the fields, a stale
version in the conflict dialog, anything else in the general label. The buttons are disabled
while the save is under way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.conflict_dialog import ConflictResolver
from desktop_app.ui.widgets.field_errors import FieldErrors


class VersionedEditor(QDialog):
    """A dialog that saves one versioned record through the operation helper."""

    errors: FieldErrors
    general_error: QLabel
    buttons: QDialogButtonBox

    def __init__(self, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self.conflicts = ConflictResolver(self, self.reload_record, self.save)
        #: The save under way or last run (tests wait on it).
        self.operation: Operation | None = None

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
    ) -> Operation:
        """Run ``work`` (the service call, touching no widget) off the GUI thread; ``on_saved``
        gets its value on the GUI thread after the change hub was told."""
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

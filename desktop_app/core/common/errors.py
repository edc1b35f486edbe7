"""The typed errors services raise; each carries a translatable message and its parameters.

The message is a gettext msgid marked with ``N_``; it is translated when shown, in the language
active then, so the same error reads correctly in the GUI, the CLI and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field  # the classes below have a field named `field`
from typing import TYPE_CHECKING, Any

from desktop_app.core.common.i18n import _

if TYPE_CHECKING:
    from desktop_app.core.common.conflicts import EditConflict


class DeskError(Exception):
    """Base of every error meant for a person to read."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def text(self) -> str:
        """The message in the active language, placeholders filled."""
        return _(self.message).format(**self.params)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class FieldProblem:
    """One field's problem: which field, and a translatable message with parameters."""

    field: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def text(self) -> str:
        return _(self.message).format(**self.params)


class ValidationError(DeskError):
    """Input was refused; ``field`` names the first offending field, ``problems`` lists all."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        if not problems:
            raise ValueError("ValidationError needs at least one problem")
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = list(problems)
        self.field = first.field

    @classmethod
    def single(cls, field_name: str, message: str, **params: Any) -> ValidationError:
        return cls([FieldProblem(field_name, message, dict(params))])


class PermissionDenied(DeskError):
    """The acting person's role does not allow this."""


class NotFound(DeskError):
    """The record asked for does not exist (any more)."""


class ConflictError(DeskError):
    """Someone else changed the record since it was read.

    ``conflict`` (an :class:`~.conflicts.EditConflict`) says who, when and which
    fields, when the refusal comes from a stale version; it is ``None`` for other conflicts
    (a follow-up closed meanwhile…).
    """

    def __init__(self, message: str, conflict: EditConflict | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.conflict = conflict


class StorageError(DeskError):
    """The database cannot be used: unreachable, damaged, or from a newer version."""


class DatabaseFailure(StorageError):
    """The database refused or failed an action for another reason than a lost server (a locked
    or damaged file, a missing privilege, a broken rule); the action's transaction was undone.

    The storage layer raises it in place of the database library's own errors, so that the UI and
    the CLI handle only the errors of this module.
    """


class ConstraintViolation(DatabaseFailure):
    """The action broke one of the database's rules (a duplicate key, a missing reference)."""


class DatabaseBusy(StorageError):
    """The SQLite file stayed locked by another writer beyond every wait; nothing was saved."""


class ServerUnreachable(StorageError):
    """The team server dropped the connection or could not be reached during an action.

    The connection pool checks connections before use, so the next action works again once the
    server is back; nothing of the failed action was saved.
    """

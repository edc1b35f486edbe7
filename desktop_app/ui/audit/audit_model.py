"""The audit log's table models: the entries as sentences, and one entry's fields before and
after, all in words (``core/common/audit_text``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from desktop_app.core.common.audit import AuditView
from desktop_app.core.common.audit_text import person_text, sentence
from desktop_app.core.common.i18n import N_, format_moment
from desktop_app.ui.widgets.rows_model import Column, RowsModel


@dataclass(frozen=True)
class AuditRow:
    """One entry with what the table shows of it, worked out once when the log was read."""

    entry: AuditView
    when: str
    sentence: str


def audit_rows(entries: list[AuditView], zone: tzinfo) -> list[AuditRow]:
    """The entries as rows, their moments in the company's ``zone``."""
    return [AuditRow(entry, format_moment(entry.at, zone), sentence(entry)) for entry in entries]


class AuditModel(RowsModel[AuditRow]):
    """Audit entries, newest first."""

    WHEN, PERSON, DESK, LOGIN, WHAT = range(5)
    COLUMNS = (
        Column(N_("When"), lambda r: r.when),
        Column(N_("Person"), lambda r: person_text(r.entry.actor_name)),
        Column(N_("Desk"), lambda r: r.entry.desk or "—"),
        Column(N_("Login"), lambda r: r.entry.db_login or "—"),
        Column(N_("What happened"), lambda r: r.sentence),
    )

    def has_logins(self) -> bool:
        """Whether any entry carries the login a team server stamped (the Login column)."""
        return any(row.entry.db_login for row in self._rows)


@dataclass(frozen=True)
class FieldRow:
    """One field an entry names, with its value before and after, in words."""

    field: str
    before: str
    after: str


class FieldsModel(RowsModel[FieldRow]):
    """An entry's fields before → after."""

    FIELD, BEFORE, AFTER = range(3)
    COLUMNS = (
        Column(N_("Field"), lambda r: r.field),
        Column(N_("Before"), lambda r: r.before, tone=lambda r: "muted"),
        Column(N_("After"), lambda r: r.after),
    )

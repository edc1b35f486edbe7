"""What a refused save knows about the other person's change, for the dialog that shows it.

When two desks edit the same record, the second save is refused with a
:class:`~.errors.ConflictError` carrying an :class:`EditConflict`: which record,
the version the person started from and the one stored now, who changed it and when (from the
audit log), and per field the value stored now ("theirs"), the value the person started from
("base") and the person's own pending value ("mine"). Values are plain (as in the audit log:
amounts and days as text); :meth:`FieldChange.show` formats them the way the editors do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field  # the classes below have a field named `field`
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.core.common.i18n import (
    N_,
    _,
    babel_locale_for,
    current_language,
    format_day,
    format_moment,
)

KIND_LABELS = {
    "contract": N_("Contract"),
    "person": N_("Person"),
    "bank": N_("Bank"),
    "registered_number": N_("Registered number"),
    "checklist_item": N_("Checklist item"),
    "feedback": N_("Issue"),
    "contact_window": N_("Contact window"),
    "settings": N_("Settings"),
}


def same_value(kind: str, first: Any, second: Any) -> bool:
    """Whether two plain values of a field of ``kind`` are the same (amounts compared exactly)."""
    if kind == "money" and first is not None and second is not None:
        try:
            return Decimal(str(first)) == Decimal(str(second))
        except InvalidOperation:
            return bool(first == second)
    if isinstance(first, tuple | list) and isinstance(second, tuple | list):
        return list(first) == list(second)
    return bool(first == second)


def show_value(kind: str, value: Any, choices: Mapping[str, str] | None = None) -> str:
    """A plain value formatted for a person, in the active language."""
    if value is None or value == "" or value == []:
        return "—"
    if kind == "money":
        try:
            return f"{Decimal(str(value)):,}"
        except InvalidOperation:
            return str(value)
    if kind == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return format_day(day)
    if kind == "flag":
        return _("Yes") if value else _("No")
    if kind == "clock":  # "09:30:00" as "09:30"
        return str(value)[:5]
    if kind == "moment":  # an ISO moment, in the display zone
        return format_moment(datetime.fromisoformat(str(value)))
    if kind == "choice":
        return _(choices[value]) if choices and value in choices else str(value)
    if kind == "choices":
        return ", ".join(_(choices[v]) if choices and v in choices else str(v) for v in value)
    if kind == "officers":
        return _("; ").join(_officer(str(v), choices) for v in value)
    if kind == "hours":
        return _("; ").join(_hours(str(v)) for v in value)
    if kind == "ranked":
        return " › ".join(str(v) for v in value)
    if isinstance(value, list | tuple):
        return _("; ").join(str(v) for v in value)
    return str(value)


def _officer(text: str, roles: Mapping[str, str] | None) -> str:
    """ "马骏 (post_loan_officer, 138…)" with the role code in words."""
    name, _sep, rest = text.partition(" (")
    if not rest:
        return text
    details = rest.rstrip(")").split(", ")
    if roles and details[0] in roles:
        details[0] = _(roles[details[0]])
    return _("{name} ({details})").format(name=name, details=_(", ").join(details))


def _hours(text: str) -> str:
    """ "0 09:00-18:00" (weekday 0 = Monday, as office hours are kept) as "Mon 09:00–18:00"."""
    from babel.dates import get_day_names

    weekday, _sep, span = text.partition(" ")
    if not weekday.isdigit():
        return text
    names = get_day_names("abbreviated", locale=babel_locale_for(current_language()))
    return f"{names[int(weekday) % 7]} {span.replace('-', '–')}"


@dataclass(frozen=True)
class FieldChange:
    """One field the other person changed: stored now, started from, and pending here."""

    field: str
    label: str  # a msgid, translated by :meth:`label_text`
    theirs: Any
    base: Any
    mine: Any
    you_changed: bool  # the pending value differs from the one the person started from
    kind: str = "text"  # text, money, date, flag, clock, moment, choice, choices, ranked, list,
    # hours, officers
    choices: Mapping[str, str] | None = dataclass_field(default=None, compare=False)

    def label_text(self) -> str:
        return _(self.label)

    def show(self, value: Any) -> str:
        """``value`` (one of theirs, base, mine) as the editors show it."""
        return show_value(self.kind, value, self.choices)


@dataclass(frozen=True)
class EditConflict:
    """Everything the conflict dialog shows and what "Re-apply mine" needs."""

    kind: str  # a key of KIND_LABELS
    record_id: int
    title: str  # the record as people name it: a contract number, a person's name…
    expected_version: int  # the version the person started from
    current_version: int  # the version stored now
    changes: tuple[FieldChange, ...]  # the fields the other person changed
    mine: Mapping[str, Any]  # every pending value of the person whose save was refused
    changed_by: str  # who saved the latest change ("" when the audit log does not say)
    changed_at: datetime | None
    desk: str = ""
    authors: tuple[str, ...] = ()  # everyone who saved since, latest first
    untouched: frozenset[str] = frozenset()  # form fields the person did not change

    def kind_text(self) -> str:
        return _(KIND_LABELS.get(self.kind, self.kind))

    def keep_theirs(self) -> frozenset[str]:
        """The fields to leave as stored when re-applying: those this person did not change."""
        return self.untouched

"""Audit entries as sentences people read: "刘洋确认了跟进事项 #2", "Liu Yang acknowledged
follow-up #2".

The log stores codes (``acknowledge``, ``follow_up``, field names) and JSON values; this module
turns them into words in the active language for the ``audit`` command and the Audit log page:
the sentence, and each changed field's value before and after, written plainly. A code this
module does not know yet is still shown, in a neutral sentence, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any, Protocol

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, _, ngettext

#: What was changed, as a noun.
ENTITIES = {
    "absence": N_("absence"),
    "bank": N_("bank"),
    "calendar": N_("working calendar"),
    "call": N_("call"),
    "call_record": N_("call record"),
    "certificate": N_("certificate"),
    "checklist_item": N_("checklist item"),
    "checklist_template": N_("checklist template"),
    "checklist_template_item": N_("checklist template item"),
    "contact_window": N_("contact window"),
    "contract": N_("contract"),
    "database": N_("database"),
    "desk_session": N_("desk session"),
    "evidence_file": N_("evidence file"),
    "feedback": N_("feedback item"),
    "follow_up": N_("follow-up"),
    "lesson": N_("lesson"),
    "notify_preference": N_("notification preferences"),
    "notify_settings": N_("notification settings"),
    "outbox_message": N_("outgoing message"),
    "person": N_("person"),
    "quiz_attempt": N_("quiz attempt"),
    "registered_number": N_("registered number"),
    "reminder": N_("reminder"),
    "reminder_lead_times": N_("reminder lead times"),
    "settings": N_("organisation settings"),
    "team_server": N_("team server"),
    "contract_responders": N_("contract's responders"),
    "bank_responders": N_("bank's responders"),
    "banks": N_("banks"),
    "contracts": N_("contracts"),
    "people": N_("people"),
    "numbers": N_("registered numbers"),
    "responders": N_("responders"),
}

#: What was done: "{person}" did it to "{record}".
ACTIONS = {
    "acknowledge": N_("{person} acknowledged {record}"),
    "activate": N_("{person} reactivated {record}"),
    "confirm": N_("{person} confirmed {record}"),
    "deactivate": N_("{person} deactivated {record}"),
    "move": N_("{person} moved the data to {record}"),
    "add_login": N_("{person} added a login on {record}"),
    "update_login": N_("{person} changed a login on {record}"),
    "attach": N_("{person} attached {record}"),
    "detach": N_("{person} removed {record}"),
    "close": N_("{person} closed {record}"),
    "complete": N_("{person} completed {record}"),
    "create": N_("{person} created {record}"),
    "delete": N_("{person} deleted {record}"),
    "demo": N_("{person} filled {record} with sample data"),
    "end": N_("{person} ended {record}"),
    "start": N_("{person} started {record}"),
    "escalate": N_("{person} escalated {record}"),
    "expire": N_("{person} let {record} expire"),
    "fail": N_("Sending {record} failed (by {person})"),
    "import": N_("{person} imported {record}"),
    "init": N_("{person} set up {record}"),
    "link_account": N_("{person} linked a sign-in account to {record}"),
    "queue": N_("{person} queued {record}"),
    "record": N_("{person} recorded {record}"),
    "renew": N_("{person} renewed {record}"),
    "restore": N_("{person} restored {record}"),
    "retry": N_("{person} retried {record}"),
    "send": N_("{person} sent {record}"),
    "set_presence": N_("{person} set the status of {record}"),
    "snooze": N_("{person} snoozed {record}"),
    "sync": N_("{person} brought {record} up to date"),
    "update": N_("{person} changed {record}"),
}

#: Field names shown in words; a field missing here is counted instead of named.
FIELDS = {
    "acknowledged_at": N_("acknowledged"),
    "acknowledged_by_id": N_("acknowledged by"),
    "active": N_("active"),
    "aliases": N_("aliases"),
    "answers": N_("answers"),
    "assignee_id": N_("assignee"),
    "bank_id": N_("bank"),
    "bank_requests": N_("bank's requests"),
    "branches": N_("branches"),
    "call_id": N_("call"),
    "closing_call_id": N_("closing call"),
    "closed_at": N_("closed"),
    "closing_note": N_("closing note"),
    "company_name": N_("company name"),
    "concerns": N_("concerns"),
    "contract_id": N_("contract"),
    "contract_number": N_("contract number"),
    "created_at": N_("created"),
    "currency": N_("currency"),
    "description": N_("description"),
    "document": N_("document"),
    "drawdown_date": N_("drawdown"),
    "due_at": N_("due"),
    "email": N_("email"),
    "ends_at": N_("end"),
    "escalated_at": N_("escalated"),
    "escalation_level": N_("escalation level"),
    "exchanges": N_("questions and answers"),
    "extension": N_("extension"),
    "file_name": N_("file name"),
    "item_id": N_("checklist item"),
    "job_title": N_("job title"),
    "kind": N_("kind"),
    "label": N_("label"),
    "last_confirmed_on": N_("last confirmed"),
    "manager_id": N_("manager"),
    "maturity_date": N_("maturity"),
    "mobile": N_("mobile"),
    "name": N_("name"),
    "note": N_("note"),
    "notes": N_("notes"),
    "number": N_("number"),
    "number_id": N_("registered number"),
    "office_hours": N_("office hours"),
    "officers": N_("loan officers"),
    "outcome": N_("outcome"),
    "owner_id": N_("owner"),
    "person_id": N_("person"),
    "phones": N_("phone numbers"),
    "principal": N_("principal"),
    "purpose": N_("purpose"),
    "questions": N_("questions"),
    "ready_on": N_("ready on"),
    "recorded_at": N_("recorded"),
    "recorded_by_id": N_("recorded by"),
    "responders": N_("responders"),
    "role": N_("role"),
    "short_name": N_("short name"),
    "size": N_("size"),
    "snoozed_until": N_("snoozed until"),
    "start_date": N_("start date"),
    "starts_at": N_("start"),
    "state": N_("state"),
    "status": N_("status"),
    "timezone": N_("time zone"),
    "title": N_("title"),
    "topics": N_("topics"),
    "updated_at": N_("updated"),
    "valid_from": N_("valid from"),
    "valid_until": N_("valid until"),
    "version": N_("version"),
}

_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[a-z]+(_[a-z0-9]+)+")


class Entry(Protocol):
    """What a sentence is made of (an ``AuditView``)."""

    @property
    def actor_name(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def entity_id(self) -> int | None: ...
    @property
    def after(self) -> Mapping[str, Any] | None: ...


def record_text(entity: str, entity_id: int | None) -> str:
    """ "follow-up #2", "跟进事项 #2"; the kind alone for a record without an id."""
    kind = _(ENTITIES[entity]) if entity in ENTITIES else entity.replace("_", " ")
    if entity_id is None:
        return kind
    return _("{kind} #{id}").format(kind=kind, id=entity_id)


def fields_text(after: Mapping[str, Any] | None) -> str:
    """The fields a change touched, in words: "due, note", or "3 fields"."""
    names = sorted(after or {})
    if not names:
        return ""
    if all(name in FIELDS for name in names) and len(names) <= 4:
        return _(", ").join(_(FIELDS[name]) for name in names)
    return ngettext("{count} field", "{count} fields", len(names)).format(count=len(names))


#: The name the app signs its own entries with (``permissions.system_actor``).
SYSTEM_NAME = "system"


def person_text(actor_name: str) -> str:
    """Who wrote an entry: the person's name, or "The system" for the app itself."""
    if not actor_name or actor_name == SYSTEM_NAME:
        return _("The system")
    return actor_name


def sentence(entry: Entry) -> str:
    """The whole entry as one sentence, with the fields an update changed."""
    person = person_text(entry.actor_name)
    record = record_text(entry.entity, entry.entity_id)
    template = ACTIONS.get(entry.action)
    if template is None:
        text = _("{person}: {action} {record}").format(
            person=person, action=entry.action.replace("_", " "), record=record
        )
    else:
        text = _(template).format(person=person, record=record)
    fields = fields_text(entry.after) if entry.action in ("update", "acknowledge", "close") else ""
    if fields:
        text = _("{sentence} ({fields})").format(sentence=text, fields=fields)
    return text


def field_text(name: str) -> str:
    """A field's name in words: "owner", "负责人"; an unknown one with its underscores spaced."""
    if name in FIELDS:
        return _(FIELDS[name])
    return name.removesuffix("_id").replace("_", " ")


def value_text(value: Any, zone: tzinfo | None = None) -> str:
    """A stored value written plainly: a moment and a day in the app's format (moments in
    ``zone``, default the display zone), yes/no, lists joined, "—" for nothing; never a repr."""
    if value is None or value == "" or value == [] or value == {}:
        return formats.DASH
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return _(", ").join(value_text(item, zone) for item in value)
    if isinstance(value, Mapping):
        return _("; ").join(
            _("{field}: {value}").format(field=field_text(str(key)), value=value_text(item, zone))
            for key, item in value.items()
        )
    text = str(value)
    if _MOMENT.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        return formats.date_time_text(moment, zone)
    if _DAY.fullmatch(text):
        try:
            return formats.date_text(date.fromisoformat(text))
        except ValueError:
            return text
    if _CODE.fullmatch(text):  # a stored code such as "not_applicable"
        return text.replace("_", " ")
    return text


def _coded_values() -> dict[tuple[str, str], Mapping[str, str]]:
    """The words for stored codes, by (kind of record, field): imported when first needed, so
    that the ``audit`` command and the page pay for them, not every import of this module."""
    from desktop_app.core.checklists.service import STATES
    from desktop_app.core.common.permissions import ROLE_LABELS
    from desktop_app.core.front_desk.follow_ups import KINDS, STATUSES
    from desktop_app.core.notify.outbox import STATE_LABELS

    return {
        ("checklist_item", "state"): STATES,
        ("follow_up", "kind"): KINDS,
        ("follow_up", "status"): STATUSES,
        ("outbox_message", "state"): STATE_LABELS,
        ("person", "role"): {str(role): label for role, label in ROLE_LABELS.items()},
    }


def field_value_text(entity: str, name: str, value: Any, zone: tzinfo | None = None) -> str:
    """One field's value in words: a known code by its label, a record's id as "#3", else as
    :func:`value_text` writes it."""
    labels = _coded_values().get((entity, name))
    if labels is not None and isinstance(value, str) and value in labels:
        return _(labels[value])
    if name.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
        return _("#{id}").format(id=value)
    return value_text(value, zone)


def changed_fields(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    zone: tzinfo | None = None,
    entity: str = "",
) -> list[tuple[str, str, str]]:
    """Each field an entry of ``entity`` names, as (field, before, after) in words, in the
    order of ``after`` then of ``before`` (a deletion has only a before). The record's own id
    is left out: the sentence names it."""
    before = before or {}
    after = after or {}
    names = [name for name in list(after) + list(before) if name != "id"]
    return [
        (
            field_text(name),
            field_value_text(entity, name, before[name], zone) if name in before else formats.DASH,
            field_value_text(entity, name, after[name], zone) if name in after else formats.DASH,
        )
        for name in dict.fromkeys(names)
    ]

"""Audit entries as sentences people read: "刘洋确认了跟进事项 #2", "Liu Yang acknowledged
follow-up #2".

The log stores codes (``acknowledge``, ``follow_up``, field names); this module turns them into
words in the active language for the ``audit`` command and any screen that lists the log. A code
this module does not know yet is still shown, in a neutral sentence, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from desktop_app.core.common.i18n import N_, _, ngettext

#: What was changed, as a noun.
ENTITIES = {
    "absence": N_("absence"),
    "bank": N_("bank"),
    "calendar": N_("working calendar"),
    "call": N_("call"),
    "call_record": N_("call record"),
    "certificate": N_("certificate"),
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
    "active": N_("active"),
    "aliases": N_("aliases"),
    "closed_at": N_("closed"),
    "due_at": N_("due"),
    "email": N_("email"),
    "ends_at": N_("end"),
    "extension": N_("extension"),
    "label": N_("label"),
    "last_confirmed_on": N_("last confirmed"),
    "maturity_date": N_("maturity"),
    "mobile": N_("mobile"),
    "name": N_("name"),
    "note": N_("note"),
    "number": N_("number"),
    "outcome": N_("outcome"),
    "owner_id": N_("owner"),
    "principal": N_("principal"),
    "purpose": N_("purpose"),
    "role": N_("role"),
    "short_name": N_("short name"),
    "snoozed_until": N_("snoozed until"),
    "starts_at": N_("start"),
    "status": N_("status"),
    "timezone": N_("time zone"),
    "title": N_("title"),
}


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


def sentence(entry: Entry) -> str:
    """The whole entry as one sentence, with the fields an update changed."""
    person = entry.actor_name or _("The system")
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

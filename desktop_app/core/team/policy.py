"""What each database group of a team may do, table by table: the roles held at the database.

A team server has three group roles (``NOLOGIN``), named ``<prefix>_admin``, ``<prefix>_finance``
and ``<prefix>_front_desk``; each desk logs in with its own login role, a member of one group.
Administrators may do everything and finance staff read and write every table, but the front desk
reads no loan amount, clause text or record of what a bank asked (column-level grants leave those
columns out), reads neither the audit log nor the issue register and checklists, nor the quiz
attempts of other desks (row-level security, ``FRONT_DESK_ROWS``), and writes only the columns
where it logs calls and messages, saves a caller's number, trains, and keeps its reminders and
presence. What those columns would still allow and the app does not — changing a written callback
record, closing a notify-the-bank follow-up or several at once, relinking a computer account —
is refused by triggers (migration ``0010_role_guards``), which also stamp audit entries and quiz
attempts with the session's own login. So the restriction holds for anything that connects with
a front-desk login, not only for this app; :mod:`.sweep` tries every table and column against it.

Every table of the data model must be named below (a test checks it), so a new table is a
decision about the front desk, not an accident; an unnamed one is read-only for it meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.core.common.permissions import Role

DEFAULT_PREFIX = "callback_desk"
# Where ``server init`` notes the prefix of the groups it made, in the shared settings table.
PREFIX_SETTING = "team_role_prefix"

SELECT, INSERT, UPDATE, DELETE = "SELECT", "INSERT", "UPDATE", "DELETE"
DATA_PRIVILEGES = (SELECT, INSERT, UPDATE, DELETE)


class Group(StrEnum):
    """A group role of the team server; a login belongs to one."""

    ADMIN = "admin"
    FINANCE = "finance"
    FRONT_DESK = "front_desk"


# The most a person may do in the app when this desk's login belongs to the group.
GROUP_ROLES = {
    Group.ADMIN: Role.ADMIN,
    Group.FINANCE: Role.FINANCE,
    Group.FRONT_DESK: Role.FRONT_DESK,
}

# Columns the front desk never reads: loan amounts, what the loan is for, clause texts and the
# contract's notes; what the bank asked and was told on a call. (The ORM defers these columns, and
# loads them only for readers with Permission.VIEW_LOAN_DETAILS.)
HIDDEN_FROM_FRONT_DESK: dict[str, frozenset[str]] = {
    "loan_contract": frozenset(
        {"principal", "purpose_of_funds", "clause_text", "consequences", "notes"}
    ),
    "call_record": frozenset(
        {"questions", "answers", "bank_requests", "concerns", "exchanges", "record_notes"}
    ),
    "follow_up": frozenset({"document"}),  # the document a bank asked for on a call
}

# Tables the front desk does not read at all: the audit log (its before/after snapshots hold loan
# details), the issue register, contract checklists and their evidence.
UNREADABLE_BY_FRONT_DESK = frozenset(
    {
        "audit_entry",
        "feedback_item",
        "checklist_item",
        "evidence_file",
        "evidence_chunk",  # the files' bytes on the team server
        "outbox_message",  # letters to banks; finance and admin desks send the outbox
        "outbox_attachment",
    }
)


@dataclass(frozen=True)
class Write:
    """A privilege the front desk has on a table; ``columns`` empty means the whole row."""

    privilege: str
    columns: tuple[str, ...] = ()


_ROW = (Write(INSERT), Write(UPDATE))
_QUIZ_COLUMNS = (
    "person_id",
    "path_code",
    "started_at",
    "finished_at",
    "score",
    "total",
    "passed",
    "answers",
)  # not db_login: the server stamps the desk's login there
_OWN = (Write(INSERT), Write(UPDATE), Write(DELETE))
_AUDIT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "desk",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "version",
)  # not db_login: the server stamps the session's own login there
_CALL_UPDATES = (
    # A first callback record of a call it took (the detail columns are refused by a trigger
    # once a record is written), the caller, the bank and contract, who took it, the topics.
    "bank_id",
    "contract_id",
    "officer_id",
    "caller_name",
    "caller_number",
    "caller_number_key",
    "taken_by_id",
    # Completing a ring from the phone system: the outcome logged, who logged it, its line.
    "outcome",
    "logged_by_id",
    "line",
    "topics",
    "questions",
    "answers",
    "bank_requests",
    "concerns",
    "exchanges",
    "record_notes",
    "notes",
    "recorded_at",
    "recorded_by_id",
)
_FOLLOW_UP_UPDATES = (
    # Closing a return call or a document (one at a time, never a notify-the-bank one, never
    # reopening: triggers), escalating an overdue one, acknowledging a message.
    "status",
    "closed_at",
    "closing_note",
    "closing_call_id",
    "assignee_id",
    "escalation_level",
    "escalated_at",
    "manager_id",
    "acknowledged_at",
    "acknowledged_by_id",
    "bank_id",  # a ring from an unknown number tied to a bank: its return call follows
)

# Where the front desk writes, and nothing else.
FRONT_DESK_WRITES: dict[str, tuple[Write, ...]] = {
    "call_record": (Write(INSERT), Write(UPDATE, _CALL_UPDATES)),  # logging calls
    "follow_up": (Write(INSERT), Write(UPDATE, _FOLLOW_UP_UPDATES)),  # messages' return calls
    # Every change it makes is audited (it cannot read the log, nor name the login).
    "audit_entry": (Write(INSERT, _AUDIT_COLUMNS),),
    # Saving an unknown caller's number as one of the bank's (and linking it to the officer
    # who has that number); never moving a number to another bank.
    "bank_phone": (Write(INSERT), Write(UPDATE, ("officer_id",))),
    "bank": (Write(UPDATE, ("version",)),),  # … which counts as a change of the bank
    # "This is me" at first start (a trigger refuses changing a link that is set, or an
    # administrator's).
    "person": (Write(UPDATE, ("os_account", "version")),),
    "lesson_progress": _ROW,
    "quiz_attempt": (Write(INSERT, _QUIZ_COLUMNS), Write(UPDATE, _QUIZ_COLUMNS)),
    "certificate": _ROW,
    "reminder": _OWN,
    "reminder_lead_times": _OWN,
    "person_presence": _OWN,
    "desk_session": _OWN,
    "calendar_event": _ROW,  # what its calendar exports told calendar programs (SEQUENCE)
}

# Tables the front desk reads (less the hidden columns) and never writes.
FRONT_DESK_READ_ONLY = frozenset(
    {
        "absence",
        "bank_alias",
        "bank_officer",
        "bank_officer_key",
        "branch",
        "calendar_override",
        "checklist_template",
        "checklist_template_item",
        "contact_window",
        "loan_contract",
        "office_hours",
        "notify_preference",
        "org_setting",
        "registered_number",
        "responder_assignment",
    }
)


# Rows the front desk reads only some of (PostgreSQL row-level security): the quiz attempts of
# the person its login belongs to (``person.db_login``) — not other people's answers and scores,
# even those taken at the same desk's login. A login that belongs to nobody (a desk shared by
# several people) reads the attempts taken at it, as before; the database cannot tell apart
# the people who share one login.
OWN_QUIZ_ROWS = (
    "person_id IN (SELECT id FROM person WHERE db_login = session_user) "
    "OR (db_login = session_user "
    "AND NOT EXISTS (SELECT 1 FROM person WHERE db_login = session_user))"
)
FRONT_DESK_ROWS: dict[str, str] = {"quiz_attempt": OWN_QUIZ_ROWS}


def classified_tables() -> frozenset[str]:
    """Every table this policy names."""
    return frozenset(FRONT_DESK_WRITES) | FRONT_DESK_READ_ONLY | UNREADABLE_BY_FRONT_DESK


def group_name(prefix: str, group: Group) -> str:
    """The database name of a group role."""
    return f"{prefix}_{group.value}"


@dataclass(frozen=True)
class Grant:
    """One privilege of a group on a table, on some of its columns or (``columns`` empty) all."""

    privilege: str
    table: str
    columns: tuple[str, ...] = ()


def front_desk_grants(table: str, columns: Iterable[str]) -> list[Grant]:
    """What the front desk is granted on ``table`` (whose columns are ``columns``)."""
    names = list(columns)
    grants: list[Grant] = []
    hidden = HIDDEN_FROM_FRONT_DESK.get(table, frozenset())
    writes = FRONT_DESK_WRITES.get(table, ())
    if table in UNREADABLE_BY_FRONT_DESK:
        if any(write.privilege == INSERT for write in writes) and "id" in names:
            # INSERT … RETURNING id needs to read the new row's id, and only that.
            grants.append(Grant(SELECT, table, ("id",)))
    elif hidden:
        grants.append(Grant(SELECT, table, tuple(n for n in names if n not in hidden)))
    else:
        grants.append(Grant(SELECT, table))
    grants.extend(Grant(write.privilege, table, write.columns) for write in writes)
    return grants


def group_grants(group: Group, table: str, columns: Iterable[str]) -> list[Grant]:
    """What ``group`` is granted on ``table``."""
    if group is Group.FRONT_DESK:
        return front_desk_grants(table, columns)
    return [Grant(privilege, table) for privilege in DATA_PRIVILEGES]


def forbidden_columns(group: Group, table: str, columns: Iterable[str]) -> list[str]:
    """The columns of ``table`` that ``group`` must not read."""
    if group is not Group.FRONT_DESK:
        return []
    if table in UNREADABLE_BY_FRONT_DESK:
        return [name for name in columns if name != "id"]
    hidden = HIDDEN_FROM_FRONT_DESK.get(table, frozenset())
    return [name for name in columns if name in hidden]

"""Guard leftovers: who a team-server login is, old callback-form notes hidden, forged audit
names refused.

- ``person.db_login``: the team-server login a person works under (``server add-login NAME
  --person NAME``). On PostgreSQL the front desk then reads the quiz attempts of the person its
  login belongs to — not everyone's taken at its login — and writes audit entries only in that
  person's name. A login that belongs to nobody keeps reading those taken at it.
- Callback-form notes written before ``0010_role_guards`` sit in ``call_record.notes``, which
  the front desk reads. The audit log tells them apart from a message the front desk took: the
  form's entry for the call ("record", or a "create" with the record's time) holds the notes it
  wrote. Those move to ``record_notes``, and ``notes`` gets back what it held before the form.
- On PostgreSQL a trigger refuses an audit entry from a restricted login (the front desk) that
  names nobody, names a person under another name than theirs, or — for a login linked to a
  person — names anyone else.

Revision ID: 0021_guard_leftovers
Revises: 0016_outbox
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0021_guard_leftovers"
down_revision = "0020_registered_extension"
branch_labels = None
depends_on = None

PREFIX_SETTING = "team_role_prefix"  # as team.policy names it
# Quiz attempts the front desk reads: those of the person its login belongs to; a login that
# belongs to nobody, those taken at it (as before: it cannot tell its people apart). A copy of
# team.policy.OWN_QUIZ_ROWS, as a migration keeps what it did.
OWN_PERSON_ROWS = (
    "person_id IN (SELECT id FROM person WHERE db_login = session_user) "
    "OR (db_login = session_user "
    "AND NOT EXISTS (SELECT 1 FROM person WHERE db_login = session_user))"
)
OLD_ROWS = "db_login = session_user"

GUARD_AUDIT = """
    DECLARE
        linked integer[];
        stored text;
    BEGIN
        IF has_table_privilege(current_user, TG_RELID, 'UPDATE') THEN
            RETURN NEW;  -- owners, administrators and finance may rewrite the log anyway
        END IF;
        IF NEW.actor_id IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'permission denied: an audit entry must name its person';
        END IF;
        SELECT name INTO stored FROM person WHERE id = NEW.actor_id;
        IF stored IS NULL OR NEW.actor_name IS DISTINCT FROM stored THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'permission denied: person ' || NEW.actor_id || ' is not called '
                    || coalesce(NEW.actor_name, 'nothing');
        END IF;
        SELECT array_agg(id) INTO linked FROM person WHERE db_login = session_user;
        IF linked IS NOT NULL AND NOT (NEW.actor_id = ANY (linked)) THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'permission denied: login ' || session_user
                    || ' writes only in its own person''s name';
        END IF;
        RETURN NEW;
    END
"""
TRIGGER = (
    "CREATE TRIGGER audit_entry_guard_actor BEFORE INSERT ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_guard_audit()"
)


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_login", sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_person_db_login"), ["db_login"])
    move_form_notes(op.get_bind())
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION callback_desk_guard_audit() RETURNS trigger "
        f"LANGUAGE plpgsql AS $body${GUARD_AUDIT}$body$"
    )
    op.execute(TRIGGER)
    _set_own_rows(OWN_PERSON_ROWS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _set_own_rows(OLD_ROWS)
        op.execute("DROP TRIGGER IF EXISTS audit_entry_guard_actor ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS callback_desk_guard_audit()")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_person_db_login"), type_="unique")
        batch_op.drop_column("db_login")


def _set_own_rows(condition: str) -> None:
    """Point the front desk's quiz-attempt policy (made by ``server init``) at ``condition``."""
    bind = op.get_bind()
    prefix = bind.execute(
        sa.text("SELECT value FROM org_setting WHERE key = :key"), {"key": PREFIX_SETTING}
    ).scalar()
    if not isinstance(prefix, str):
        return  # no server init yet: it makes the policy with the new rule
    policy = f"{prefix}_own_rows"
    exists = bind.execute(
        sa.text(
            "SELECT 1 FROM pg_policies WHERE tablename = 'quiz_attempt' AND policyname = :name"
        ),
        {"name": policy},
    ).first()
    if exists:
        quoted = bind.dialect.identifier_preparer.quote_identifier(policy)
        op.execute(f"ALTER POLICY {quoted} ON quiz_attempt USING ({condition})")


def move_form_notes(bind: Any) -> int:
    """Move callback-form notes out of ``call_record.notes``; returns the calls changed."""
    call = sa.table(
        "call_record",
        sa.column("id", sa.Integer),
        sa.column("notes", sa.Text),
        sa.column("record_notes", sa.Text),
        sa.column("recorded_at", sa.DateTime),
    )
    entry = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
    )
    candidates = bind.execute(
        sa.select(call.c.id, call.c.notes).where(
            call.c.recorded_at.is_not(None),
            call.c.notes.is_not(None),
            call.c.notes != "",
            sa.or_(call.c.record_notes.is_(None), call.c.record_notes == ""),
        )
    ).all()
    moved = 0
    for call_id, notes in candidates:
        entries = bind.execute(
            sa.select(entry.c.action, entry.c.before, entry.c.after)
            .where(entry.c.entity == "call", entry.c.entity_id == call_id)
            .order_by(entry.c.id.desc())
        ).all()
        restored = _notes_before_form(entries, notes)
        if restored is None:
            continue
        bind.execute(
            sa.update(call).where(call.c.id == call_id).values(record_notes=notes, notes=restored)
        )
        moved += 1
    return moved


def _notes_before_form(entries: list[Any], notes: str) -> str | None:
    """What ``notes`` held before the callback form wrote ``notes`` there, or ``None`` when the
    last entry that set the call's notes was not the form's (a message the front desk took)."""
    for action, before, after in entries:
        if not isinstance(after, dict) or "notes" not in after:
            continue
        by_form = action == "record" or (action == "create" and after.get("recorded_at"))
        if not by_form or after["notes"] != notes:
            return None
        earlier = before.get("notes") if isinstance(before, dict) else None
        return earlier if isinstance(earlier, str) else ""
    return None

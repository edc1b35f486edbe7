"""Role guards: what the bank asked moves out of what the front desk reads, and the team server
stamps and guards what a restricted login writes.

- ``follow_up.document``: the document a bank asked for, withheld from the front desk (it was
  copied into ``description``, which the front desk reads); existing "send a document"
  follow-ups move their text there.
- ``call_record.record_notes``: the callback form's notes, withheld like the answers.
- ``audit_entry.db_login`` and ``quiz_attempt.db_login``: on PostgreSQL a trigger fills them with
  the session's own login (``session_user``), whatever the client sent.
- On PostgreSQL, triggers refuse what a login without table-wide UPDATE (the front desk, whose
  grants are per column) may not do although it writes those columns: change a callback record
  once written, close a notify-the-bank follow-up, close several follow-ups in one statement,
  reopen one, or change a computer-account link that is set (or an administrator's).

Revision ID: 0010_role_guards
Revises: 0009_versions
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_role_guards"
down_revision = "0009_versions"
branch_labels = None
depends_on = None

# A login is "restricted" on a table when it lacks table-wide UPDATE there (it may still hold
# UPDATE on some columns): the front desk. Owners, administrators and finance are not.
FUNCTIONS = {
    "callback_desk_stamp_login": """
        BEGIN
            NEW.db_login := session_user;
            RETURN NEW;
        END
    """,
    "callback_desk_guard_call_record": """
        BEGIN
            IF NOT has_table_privilege(current_user, TG_RELID, 'UPDATE')
               AND OLD.recorded_at IS NOT NULL
               AND (NEW.recorded_at IS DISTINCT FROM OLD.recorded_at
                    OR NEW.questions IS DISTINCT FROM OLD.questions
                    OR NEW.answers IS DISTINCT FROM OLD.answers
                    OR NEW.exchanges::text IS DISTINCT FROM OLD.exchanges::text
                    OR NEW.bank_requests IS DISTINCT FROM OLD.bank_requests
                    OR NEW.concerns IS DISTINCT FROM OLD.concerns
                    OR NEW.record_notes IS DISTINCT FROM OLD.record_notes) THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = 'permission denied: the callback record of call ' || OLD.id
                        || ' is written';
            END IF;
            RETURN NEW;
        END
    """,
    "callback_desk_guard_follow_up": """
        BEGIN
            IF NOT has_table_privilege(current_user, TG_RELID, 'UPDATE') THEN
                IF OLD.status = 'closed' AND NEW.status IS DISTINCT FROM 'closed' THEN
                    RAISE EXCEPTION USING ERRCODE = '42501',
                        MESSAGE = 'permission denied: follow-up ' || OLD.id || ' is closed';
                END IF;
                IF OLD.status IS DISTINCT FROM 'closed' AND NEW.status = 'closed'
                   AND OLD.kind NOT IN ('return_call', 'document') THEN
                    RAISE EXCEPTION USING ERRCODE = '42501',
                        MESSAGE = 'permission denied: follow-up ' || OLD.id
                            || ' is not the front desk''s to close';
                END IF;
            END IF;
            RETURN NEW;
        END
    """,
    "callback_desk_one_closed_at_a_time": """
        BEGIN
            IF NOT has_table_privilege(current_user, TG_RELID, 'UPDATE') AND (
                SELECT count(*) FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.status = 'closed' AND o.status IS DISTINCT FROM 'closed'
            ) > 1 THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = 'permission denied: close follow-ups one at a time';
            END IF;
            RETURN NULL;
        END
    """,
    "callback_desk_guard_person": """
        BEGIN
            IF NOT has_table_privilege(current_user, TG_RELID, 'UPDATE')
               AND NEW.os_account IS DISTINCT FROM OLD.os_account
               AND (OLD.os_account IS NOT NULL OR OLD.role = 'admin') THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = 'permission denied: the computer account of person ' || OLD.id
                        || ' is linked';
            END IF;
            RETURN NEW;
        END
    """,
}
TRIGGERS = (
    "CREATE TRIGGER audit_entry_stamp_login BEFORE INSERT OR UPDATE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_stamp_login()",
    "CREATE TRIGGER quiz_attempt_stamp_login BEFORE INSERT ON quiz_attempt "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_stamp_login()",
    "CREATE TRIGGER call_record_guard BEFORE UPDATE ON call_record "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_guard_call_record()",
    "CREATE TRIGGER follow_up_guard BEFORE UPDATE ON follow_up "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_guard_follow_up()",
    "CREATE TRIGGER follow_up_one_closed_at_a_time AFTER UPDATE ON follow_up "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION callback_desk_one_closed_at_a_time()",
    "CREATE TRIGGER person_guard BEFORE UPDATE ON person "
    "FOR EACH ROW EXECUTE FUNCTION callback_desk_guard_person()",
)
TRIGGER_TABLES = {
    "audit_entry_stamp_login": "audit_entry",
    "quiz_attempt_stamp_login": "quiz_attempt",
    "call_record_guard": "call_record",
    "follow_up_guard": "follow_up",
    "follow_up_one_closed_at_a_time": "follow_up",
    "person_guard": "person",
}


def upgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_notes", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_login", sa.String(length=120), nullable=True))
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_login", sa.String(length=120), nullable=True))
    op.execute(
        "UPDATE follow_up SET document = description, description = '' WHERE kind = 'document' "
        "AND call_id IS NOT NULL"
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, body in FUNCTIONS.items():
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body${body}$body$"
        )
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in TRIGGER_TABLES.items():
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for name in FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute(
        "UPDATE follow_up SET description = document WHERE kind = 'document' AND document <> ''"
    )
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("db_login")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("db_login")
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.drop_column("record_notes")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_column("document")

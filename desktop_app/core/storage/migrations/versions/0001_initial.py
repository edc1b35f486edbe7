"""The initial schema: every table of the first release.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28 13:36:06.883934
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("desk", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank")),
        sa.UniqueConstraint("name", name=op.f("uq_bank_name")),
    )
    op.create_table(
        "calendar_override",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_override")),
    )
    op.create_table(
        "checklist_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_type", sa.String(length=30), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_template")),
        sa.UniqueConstraint("loan_type", name=op.f("uq_checklist_template_loan_type")),
    )
    op.create_table(
        "org_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_org_setting")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("search_key", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=False),
        sa.Column("mobile", sa.String(length=60), nullable=False),
        sa.Column("mobile_key", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("os_account", sa.String(length=120), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("mobile_key", name=op.f("uq_person_mobile_key")),
        sa.UniqueConstraint("os_account", name=op.f("uq_person_os_account")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_search_key"), ["search_key"], unique=False)

    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_absence_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_absence_person_span", ["person_id", "starts_at", "ends_at"], unique=False
        )

    op.create_table(
        "bank_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("search_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_bank_alias_bank_id_bank"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_alias")),
    )
    with op.batch_alter_table("bank_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_alias_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bank_alias_search_key"), ["search_key"], unique=False)

    op.create_table(
        "branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_branch_bank_id_bank"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
    )
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "checklist_template_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("guidance_zh", sa.Text(), nullable=False),
        sa.Column("guidance_en", sa.Text(), nullable=False),
        sa.Column("freshness_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
            name=op.f("fk_checklist_template_item_template_id_checklist_template"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_template_item")),
        sa.UniqueConstraint(
            "template_id", "code", name=op.f("uq_checklist_template_item_template_id_code")
        ),
    )
    with op.batch_alter_table("checklist_template_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_template_item_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "lesson_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lesson_code", sa.String(length=60), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_lesson_progress_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_progress")),
        sa.UniqueConstraint(
            "person_id", "lesson_code", name=op.f("uq_lesson_progress_person_id_lesson_code")
        ),
    )
    op.create_table(
        "office_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_office_hours_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_hours")),
    )
    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_hours_person_id"), ["person_id"], unique=False)

    op.create_table(
        "quiz_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("path_code", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_quiz_attempt_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_attempt")),
    )
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_attempt_person_id"), ["person_id"], unique=False)

    op.create_table(
        "bank_officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("mobile", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_bank_officer_bank_id_bank"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branch.id"],
            name=op.f("fk_bank_officer_branch_id_branch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_officer")),
    )
    with op.batch_alter_table("bank_officer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_officer_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bank_officer_name"), ["name"], unique=False)

    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("path_code", sa.String(length=40), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["quiz_attempt.id"],
            name=op.f("fk_certificate_attempt_id_quiz_attempt"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_certificate_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_person_id"), ["person_id"], unique=False)

    op.create_table(
        "loan_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("contract_number", sa.String(length=80), nullable=False),
        sa.Column("number_key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("loan_type", sa.String(length=30), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("maturity_date", sa.Date(), nullable=False),
        sa.Column("drawdown_date", sa.Date(), nullable=True),
        sa.Column("purpose_of_funds", sa.Text(), nullable=False),
        sa.Column("clause_text", sa.Text(), nullable=False),
        sa.Column("clause_caller", sa.String(length=30), nullable=False),
        sa.Column("clause_method", sa.String(length=20), nullable=False),
        sa.Column("clause_cadence", sa.String(length=20), nullable=False),
        sa.Column("clause_topics", sa.JSON(), nullable=False),
        sa.Column("clause_documents", sa.JSON(), nullable=False),
        sa.Column("consequences", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_loan_contract_bank_id_bank")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branch.id"],
            name=op.f("fk_loan_contract_branch_id_branch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_contract")),
        sa.UniqueConstraint(
            "bank_id", "contract_number", name=op.f("uq_loan_contract_bank_id_contract_number")
        ),
    )
    with op.batch_alter_table("loan_contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loan_contract_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_loan_contract_number_key"), ["number_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_loan_contract_status"), ["status"], unique=False)

    op.create_table(
        "bank_phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("number_key", sa.String(length=40), nullable=False),
        sa.Column("display", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_bank_phone_bank_id_bank"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branch.id"],
            name=op.f("fk_bank_phone_branch_id_branch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["bank_officer.id"],
            name=op.f("fk_bank_phone_officer_id_bank_officer"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_phone")),
        sa.UniqueConstraint("bank_id", "number_key", name=op.f("uq_bank_phone_bank_id_number_key")),
    )
    with op.batch_alter_table("bank_phone", schema=None) as batch_op:
        batch_op.create_index("ix_bank_phone_number_key", ["number_key"], unique=False)

    op.create_table(
        "call_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("caller_name", sa.String(length=120), nullable=False),
        sa.Column("caller_number", sa.String(length=60), nullable=False),
        sa.Column("caller_number_key", sa.String(length=40), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("bank_requests", sa.Text(), nullable=False),
        sa.Column("concerns", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_call_record_bank_id_bank"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_call_record_contract_id_loan_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"], ["person.id"], name=op.f("fk_call_record_logged_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["bank_officer.id"],
            name=op.f("fk_call_record_officer_id_bank_officer"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_id"], ["person.id"], name=op.f("fk_call_record_taken_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_record")),
    )
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.create_index("ix_call_record_bank_time", ["bank_id", "occurred_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_call_record_caller_number_key"), ["caller_number_key"], unique=False
        )
        batch_op.create_index(
            "ix_call_record_contract_time", ["contract_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_call_record_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("template_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("ready_on", sa.Date(), nullable=True),
        sa.Column("freshness_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_checklist_item_contract_id_loan_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
            name=op.f("fk_checklist_item_owner_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["template_item_id"],
            ["checklist_template_item.id"],
            name=op.f("fk_checklist_item_template_item_id_checklist_template_item"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_item")),
    )
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_item_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "contact_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("rrule", sa.Text(), nullable=False),
        sa.Column("working_days_only", sa.Boolean(), nullable=False),
        sa.Column("first_working_days", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("starts", sa.Time(), nullable=True),
        sa.Column("ends", sa.Time(), nullable=True),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("one_off_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("one_off_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["bank.id"],
            name=op.f("fk_contact_window_bank_id_bank"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_contact_window_contract_id_loan_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_window")),
    )
    with op.batch_alter_table("contact_window", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_window_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contact_window_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("raised_by", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_feedback_item_bank_id_bank"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_feedback_item_contract_id_loan_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
            name=op.f("fk_feedback_item_owner_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_item")),
    )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_item_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "registered_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("number_key", sa.String(length=40), nullable=False),
        sa.Column("display", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("last_confirmed_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["bank.id"],
            name=op.f("fk_registered_number_bank_id_bank"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_registered_number_contract_id_loan_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_registered_number_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_number")),
    )
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registered_number_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registered_number_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index("ix_registered_number_number_key", ["number_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registered_number_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "responder_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("bank_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(contract_id IS NULL) <> (bank_id IS NULL)",
            name=op.f("ck_responder_assignment_contract_or_bank"),
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["bank.id"],
            name=op.f("fk_responder_assignment_bank_id_bank"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_responder_assignment_contract_id_loan_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_responder_assignment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responder_assignment")),
        sa.UniqueConstraint(
            "bank_id", "person_id", name=op.f("uq_responder_assignment_bank_id_person_id")
        ),
        sa.UniqueConstraint(
            "contract_id", "person_id", name=op.f("uq_responder_assignment_contract_id_person_id")
        ),
    )
    with op.batch_alter_table("responder_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responder_assignment_bank_id"), ["bank_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_responder_assignment_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_responder_assignment_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("stored_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["person.id"],
            name=op.f("fk_evidence_file_added_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["checklist_item.id"],
            name=op.f("fk_evidence_file_item_id_checklist_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
    )
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_file_item_id"), ["item_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("bank_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_call_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["person.id"], name=op.f("fk_follow_up_assignee_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["bank.id"], name=op.f("fk_follow_up_bank_id_bank"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call_record.id"],
            name=op.f("fk_follow_up_call_id_call_record"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closing_call_id"],
            ["call_record.id"],
            name=op.f("fk_follow_up_closing_call_id_call_record"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["loan_contract.id"],
            name=op.f("fk_follow_up_contract_id_loan_contract"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_status"))
        batch_op.drop_index(batch_op.f("ix_follow_up_call_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_assignee_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_item_id"))

    op.drop_table("evidence_file")
    with op.batch_alter_table("responder_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responder_assignment_person_id"))
        batch_op.drop_index(batch_op.f("ix_responder_assignment_contract_id"))
        batch_op.drop_index(batch_op.f("ix_responder_assignment_bank_id"))

    op.drop_table("responder_assignment")
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registered_number_person_id"))
        batch_op.drop_index("ix_registered_number_number_key")
        batch_op.drop_index(batch_op.f("ix_registered_number_contract_id"))
        batch_op.drop_index(batch_op.f("ix_registered_number_bank_id"))

    op.drop_table("registered_number")
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_bank_id"))

    op.drop_table("feedback_item")
    with op.batch_alter_table("contact_window", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_window_contract_id"))
        batch_op.drop_index(batch_op.f("ix_contact_window_bank_id"))

    op.drop_table("contact_window")
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_item_contract_id"))

    op.drop_table("checklist_item")
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_record_occurred_at"))
        batch_op.drop_index("ix_call_record_contract_time")
        batch_op.drop_index(batch_op.f("ix_call_record_caller_number_key"))
        batch_op.drop_index("ix_call_record_bank_time")

    op.drop_table("call_record")
    with op.batch_alter_table("bank_phone", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_phone_number_key")

    op.drop_table("bank_phone")
    with op.batch_alter_table("loan_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loan_contract_status"))
        batch_op.drop_index(batch_op.f("ix_loan_contract_number_key"))
        batch_op.drop_index(batch_op.f("ix_loan_contract_bank_id"))

    op.drop_table("loan_contract")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_person_id"))

    op.drop_table("certificate")
    with op.batch_alter_table("bank_officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_officer_name"))
        batch_op.drop_index(batch_op.f("ix_bank_officer_bank_id"))

    op.drop_table("bank_officer")
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_attempt_person_id"))

    op.drop_table("quiz_attempt")
    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_hours_person_id"))

    op.drop_table("office_hours")
    op.drop_table("lesson_progress")
    with op.batch_alter_table("checklist_template_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_template_item_template_id"))

    op.drop_table("checklist_template_item")
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branch_bank_id"))

    op.drop_table("branch")
    with op.batch_alter_table("bank_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_alias_search_key"))
        batch_op.drop_index(batch_op.f("ix_bank_alias_bank_id"))

    op.drop_table("bank_alias")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index("ix_absence_person_span")

    op.drop_table("absence")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_search_key"))

    op.drop_table("person")
    op.drop_table("org_setting")
    op.drop_table("checklist_template")
    op.drop_table("calendar_override")
    op.drop_table("bank")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")

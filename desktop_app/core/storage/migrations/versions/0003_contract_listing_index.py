"""The contract list reads its window from one covering index instead of the status index.

``ix_loan_contract_listing`` holds every column the Contracts screen filters and sorts on (status,
bank, number, number key, loan type), so picking a page of 200 among 20,000 contracts reads index
entries only. Its first column is the status, so it also serves what ``ix_loan_contract_status``
served; that index goes.

Revision ID: 0003_contract_listing_index
Revises: 0002_follow_up_number
Create Date: 2026-11-28 15:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003_contract_listing_index"
down_revision = "0002_follow_up_number"
branch_labels = None
depends_on = None

COLUMNS = ["status", "bank_id", "contract_number", "number_key", "loan_type"]


def upgrade() -> None:
    with op.batch_alter_table("loan_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loan_contract_status"))
        batch_op.create_index("ix_loan_contract_listing", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loan_contract", schema=None) as batch_op:
        batch_op.drop_index("ix_loan_contract_listing")
        batch_op.create_index(batch_op.f("ix_loan_contract_status"), ["status"], unique=False)

"""Every number the company holds for a bank routes to it, and digits after a number are kept.

``bank_phone`` gets ``extension`` (digits dialled after the number: the key is the number alone)
and ``source``: ``listed`` for the numbers the bank calls from, ``officer`` for an officer's
phone or mobile, which routing now finds through the same index. Existing officers' numbers are
added as ``officer`` rows; listed numbers written with an extension get it in its own column;
contract number keys are rewritten without separators (``0200-2025-LD-0137`` → ``02002025ld0137``),
so that a number typed without them, in other case or full-width still matches.

Revision ID: 0012_number_extensions
Revises: 0010_role_guards
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_number_extensions"
down_revision = "0010_role_guards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bank_phone", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extension", sa.String(length=12), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("source", sa.String(length=10), server_default="listed", nullable=False)
        )
    connection = op.get_bind()
    _officer_numbers(connection)
    _contract_keys(connection)


def _area_code(connection: sa.Connection) -> str:
    import json

    row = connection.execute(
        sa.text("SELECT value FROM org_setting WHERE key = 'area_code'")
    ).first()
    value = row[0] if row else None
    if isinstance(value, str) and value.startswith('"'):
        value = json.loads(value)
    return value if isinstance(value, str) and value else "010"


def _officer_numbers(connection: sa.Connection) -> None:
    """Officers' phones and mobiles as ``officer`` rows; listed numbers' extensions split off."""
    from desktop_app.core.common.phone import try_normalise

    area = _area_code(connection)
    listed = connection.execute(sa.text("SELECT id, bank_id, number_key, display FROM bank_phone"))
    keys: set[tuple[int, str]] = set()
    for phone_id, bank_id, key, display in listed.all():
        keys.add((bank_id, key))
        parsed = try_normalise(display, area)
        if parsed is not None and parsed.extension and parsed.key == key:
            connection.execute(
                sa.text("UPDATE bank_phone SET extension = :extension WHERE id = :id"),
                {"extension": parsed.extension, "id": phone_id},
            )
    officers = connection.execute(
        sa.text("SELECT id, bank_id, phone, mobile FROM bank_officer ORDER BY id")
    )
    for officer_id, bank_id, phone, mobile in officers.all():
        for raw in (phone, mobile):
            parsed = try_normalise(raw, area) if raw else None
            if parsed is None or (bank_id, parsed.key) in keys:
                continue
            keys.add((bank_id, parsed.key))
            connection.execute(
                sa.text(
                    "INSERT INTO bank_phone (bank_id, officer_id, number_key, display, label,"
                    " extension, source) VALUES (:bank, :officer, :key, :display, '', :extension,"
                    " 'officer')"
                ),
                {
                    "bank": bank_id,
                    "officer": officer_id,
                    "key": parsed.key,
                    "display": parsed.display,
                    "extension": parsed.extension or "",
                },
            )


def _contract_keys(connection: sa.Connection, undo: bool = False) -> None:
    from desktop_app.core.common.text import contract_key, fold

    make_key = fold if undo else contract_key
    rows = connection.execute(sa.text("SELECT id, contract_number FROM loan_contract")).all()
    for contract_id, number in rows:
        connection.execute(
            sa.text("UPDATE loan_contract SET number_key = :key WHERE id = :id"),
            {"key": make_key(number or ""), "id": contract_id},
        )


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("DELETE FROM bank_phone WHERE source = 'officer'"))
    _contract_keys(connection, undo=True)
    with op.batch_alter_table("bank_phone", schema=None) as batch_op:
        batch_op.drop_column("source")
        batch_op.drop_column("extension")

"""A registered number keeps its extension in a column of its own.

``registered_number`` gets ``extension``: the digits dialled after the company's number (a
switchboard and the person's extension), so that one switchboard may be on file at a bank
several times, once per extension, and a call to an extension finds the right entry. Numbers
stored before with an extension in their display (``010 6552 1234 ext. 808``) get it here.

Revision ID: 0020_registered_extension
Revises: 0016_outbox
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_registered_extension"
down_revision = "0019_settings_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extension", sa.String(length=12), server_default="", nullable=False)
        )
    _split_extensions(op.get_bind())


def _area_code(connection: sa.Connection) -> str:
    import json

    row = connection.execute(
        sa.text("SELECT value FROM org_setting WHERE key = 'area_code'")
    ).first()
    value = row[0] if row else None
    if isinstance(value, str) and value.startswith('"'):
        value = json.loads(value)
    return value if isinstance(value, str) and value else "010"


def _split_extensions(connection: sa.Connection) -> None:
    from desktop_app.core.common.phone import try_normalise

    area = _area_code(connection)
    rows = connection.execute(sa.text("SELECT id, number_key, display FROM registered_number"))
    for number_id, key, display in rows.all():
        parsed = try_normalise(display or "", area)
        if parsed is not None and parsed.extension and parsed.key == key:
            connection.execute(
                sa.text("UPDATE registered_number SET extension = :extension WHERE id = :id"),
                {"extension": parsed.extension, "id": number_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.drop_column("extension")

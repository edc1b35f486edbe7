"""Versions of what administrators edit at any desk: the organisation settings (a row of their
own in ``org_setting``, moved on by each save) and each checklist template item (a column).

Revision ID: 0019_settings_versions
Revises: 0018_team_files
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_settings_versions"
down_revision = "0018_team_files"
branch_labels = None
depends_on = None

org_setting = sa.table("org_setting", sa.column("key", sa.String()), sa.column("value", sa.JSON()))


def upgrade() -> None:
    op.bulk_insert(org_setting, [{"key": "settings_version", "value": 1}])
    with op.batch_alter_table("checklist_template_item") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("checklist_template_item") as batch:
        batch.drop_column("version")
    op.execute(org_setting.delete().where(org_setting.c.key == "settings_version"))

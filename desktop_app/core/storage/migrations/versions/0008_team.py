"""Team mode: presence of people and desks, and acknowledgements of messages.

Revision ID: 0008_team
Revises: 0007_reminders
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

revision = "0008_team"
down_revision = "0007_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

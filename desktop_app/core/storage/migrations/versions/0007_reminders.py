"""Reminders before contact windows: each person's lead times and each reminder's state.

Revision ID: 0007_reminders
Revises: 0006_contact_windows
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

revision = "0007_reminders"
down_revision = "0006_contact_windows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""Contact windows: rules on the working calendar, one-offs and after-drawdown windows.

Revision ID: 0006_contact_windows
Revises: 0005_checklists
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

revision = "0006_contact_windows"
down_revision = "0005_checklists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

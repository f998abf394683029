"""budget reservations with an expiry (a killed gateway's reservations are given back)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 17:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_reservations",
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("request_id", "scope", "period"),
    )
    op.create_index(
        "ix_budget_reservations_expiry",
        "budget_reservations",
        ["scope", "period", "expires_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_budget_reservations_expiry", table_name="budget_reservations")
    op.drop_table("budget_reservations")

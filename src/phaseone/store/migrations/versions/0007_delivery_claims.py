"""delivery claims: each message to each channel is claimed before it is sent

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject", "channel", "event", name="uq_delivery_claim"),
    )
    op.create_index("ix_delivery_claims_project", "delivery_claims", ["project"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_delivery_claims_project", table_name="delivery_claims")
    op.drop_table("delivery_claims")

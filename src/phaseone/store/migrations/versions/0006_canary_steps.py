"""canary steps (automatic canary decisions) and the route chosen for each trace

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("traces") as batch:
        batch.add_column(sa.Column("chosen_route", sa.String(length=20), nullable=True))
    op.create_table(
        "canary_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("canary", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("decision_seq", sa.Integer(), nullable=True),
        sa.Column("deliveries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project", "canary", "stage", name="uq_canary_step"),
    )
    op.create_index("ix_canary_steps_project", "canary_steps", ["project"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_canary_steps_project", table_name="canary_steps")
    op.drop_table("canary_steps")
    with op.batch_alter_table("traces") as batch:
        batch.drop_column("chosen_route")

"""slo incidents: burn-rate alerts from firing to resolved (phaseone watch)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slo_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("alert", sa.String(length=200), nullable=False),
        sa.Column("slo", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("open_key", sa.String(length=10), nullable=True),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("deliveries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project", "alert", "open_key", name="uq_slo_incident_open"),
    )
    op.create_index("ix_slo_incidents_project", "slo_incidents", ["project"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_slo_incidents_project", table_name="slo_incidents")
    op.drop_table("slo_incidents")

"""probe requests: the ids of the requests probes sent, left out of live traffic

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "probe_requests",
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_index("ix_probe_requests_batch_id", "probe_requests", ["batch_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_probe_requests_batch_id", table_name="probe_requests")
    op.drop_table("probe_requests")

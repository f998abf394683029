"""case_results: the conversation a conversation case sent (its messages), beside the input

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 02:00:00

Named for h-xdist (issue #16); if another branch adds a 0005 first, renumber this one
after it (revision and down_revision) when merging.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_results") as batch:
        batch.add_column(sa.Column("conversation", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_results") as batch:
        batch.drop_column("conversation")

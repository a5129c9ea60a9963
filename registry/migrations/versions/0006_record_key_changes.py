"""record_key_changes: which records' retrieval keys changed, in commit order

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 06:00:00.000000

Server processes keep the registry's retrieval keys in memory and follow this log to
stay exact: each indexing run appends the records whose keys it wrote or removed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_key_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("personnel_record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_key_changes")),
    )


def downgrade() -> None:
    op.drop_table("record_key_changes")

"""record_forms: each indexed record's normalised form, for vetting

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:00:00.000000

Checks read the candidates' normalised forms instead of recomputing them. Records
indexed before this revision have no form and are normalised at check time until
they are indexed again (`vetreg link` or any submission that touches them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_forms",
        sa.Column("personnel_record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["personnel_record_id"],
            ["personnel_records.id"],
            name=op.f("fk_record_forms_personnel_record_id_personnel_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("personnel_record_id", name=op.f("pk_record_forms")),
    )


def downgrade() -> None:
    op.drop_table("record_forms")

"""record_keys: one (key, personnel_record_id) index for retrieval

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 03:00:00.000000

Retrieval asks for the records holding a key and the size of each key's bucket;
with the record id inside the key's index both are answered from the index alone.
It replaces the index on `key` by itself, which it makes redundant.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_keys_key_record", ["key", "personnel_record_id"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_record_keys_key"))


def downgrade() -> None:
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_keys_key"), ["key"], unique=False)
        batch_op.drop_index("ix_record_keys_key_record")

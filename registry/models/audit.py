"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import HASH_LEN, SUB_LEN, TEXT_LEN, Base, JsonType, utcnow


class AuditEntry(Base):
    """Who did what when, chained to the previous entry by `prev_hash`."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_sub: Mapped[str] = mapped_column(String(SUB_LEN), index=True)
    actor_org: Mapped[str] = mapped_column(String(16), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(TEXT_LEN))
    request: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    response: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(HASH_LEN))
    entry_hash: Mapped[str] = mapped_column(String(HASH_LEN), unique=True)


class AuditHead(Base):
    """The latest entry's seq and hash, so that removing the last entries is detectable."""

    __tablename__ = "audit_heads"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    entry_hash: Mapped[str] = mapped_column(String(HASH_LEN))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

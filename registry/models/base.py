"""Declarative base, naming convention and column helpers shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

# Stable constraint names keep Alembic diffs identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")

# Field lengths, named once so intake validation and the schema agree.
CODE_LEN = 16
ID_LEN = 100
NAME_LEN = 300
TEXT_LEN = 300
IDENT_LEN = 64
HASH_LEN = 64
UID_LEN = 36
SUB_LEN = 200


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every vetreg table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}


class CreatedAt:
    """Mixin: a creation timestamp set by the application."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)

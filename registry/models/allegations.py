"""Allegations, with a universal case number and their history of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import CODE_LEN, HASH_LEN, ID_LEN, Base, CreatedAt, JsonType, utcnow


class Allegation(CreatedAt, Base):
    """The current state of one allegation; no victim-identifying data by design."""

    __tablename__ = "allegations"
    __table_args__ = (UniqueConstraint("organisation_id", "source_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    source_reference: Mapped[str] = mapped_column(String(ID_LEN))
    subject_record_id: Mapped[str] = mapped_column(String(ID_LEN), index=True)
    version: Mapped[int] = mapped_column(default=1)
    content_hash: Mapped[str] = mapped_column(String(HASH_LEN))
    mission: Mapped[str | None] = mapped_column(String(CODE_LEN))
    incident_date: Mapped[str | None] = mapped_column(String(10))
    reported_date: Mapped[str | None] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    minors_involved: Mapped[bool | None]
    victim_count: Mapped[int | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class AllegationEvent(Base):
    """One change of an allegation: its status and the fields that changed."""

    __tablename__ = "allegation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    allegation_id: Mapped[int] = mapped_column(ForeignKey("allegations.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseNumberCounter(Base):
    """The last case-number serial issued per year; its row lock serialises allocation."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_serial: Mapped[int] = mapped_column(default=0)

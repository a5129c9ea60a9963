"""Vetting checks, roster screenings and their results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import ID_LEN, SUB_LEN, UID_LEN, Base, JsonType, utcnow


class VettingCheck(Base):
    """One single-candidate check: what was asked and what was answered."""

    __tablename__ = "vetting_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LEN), unique=True)
    requested_by: Mapped[str] = mapped_column(String(SUB_LEN))
    requested_org: Mapped[str] = mapped_column(String(16), index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    query: Mapped[dict[str, Any]] = mapped_column(JsonType)
    outcome: Mapped[str] = mapped_column(String(16))
    response: Mapped[dict[str, Any]] = mapped_column(JsonType)
    registry_version: Mapped[int] = mapped_column(default=0)


class Screening(Base):
    """A roster screened as a background job."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LEN), unique=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    requested_by: Mapped[str] = mapped_column(String(SUB_LEN))
    requested_org: Mapped[str] = mapped_column(String(16), index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    roster_rows: Mapped[int] = mapped_column(default=0)
    registry_version: Mapped[int] = mapped_column(default=0)
    skip_cleared: Mapped[bool] = mapped_column(default=False)


class ScreeningResult(Base):
    """One roster row × candidate of a screening (a clear row has no candidate)."""

    __tablename__ = "screening_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id"), index=True)
    roster_record_id: Mapped[str] = mapped_column(String(ID_LEN))
    rank: Mapped[int] = mapped_column(default=0)
    person_uid: Mapped[str | None] = mapped_column(String(UID_LEN))
    record_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    score: Mapped[float | None]
    band: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))

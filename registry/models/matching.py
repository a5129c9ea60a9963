"""Pairwise match candidates, analysts' decisions, alerts and stored models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import SUB_LEN, Base, CreatedAt, JsonType, utcnow


class MatchCandidate(CreatedAt, Base):
    """A scored pair of personnel records (left id < right id) and its review state."""

    __tablename__ = "match_candidates"
    __table_args__ = (
        UniqueConstraint("left_record_id", "right_record_id"),
        Index("ix_match_candidates_queue", "status", "priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    left_record_id: Mapped[int] = mapped_column(ForeignKey("personnel_records.id"))
    right_record_id: Mapped[int] = mapped_column(ForeignKey("personnel_records.id"), index=True)
    score: Mapped[float]
    match_weight: Mapped[float]
    band: Mapped[str] = mapped_column(String(16))  # link | review
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # pending | confirmed | rejected | unsure | awaiting_second
    priority: Mapped[float] = mapped_column(default=0.0)
    involves_allegation: Mapped[bool] = mapped_column(default=False)


class ReviewDecision(Base):
    """An analyst's decision on a candidate; later decisions supersede, none is deleted."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("match_candidates.id"), index=True)
    analyst_sub: Mapped[str] = mapped_column(String(SUB_LEN))
    analyst_org: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))  # same | different | unsure
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("review_decisions.id"))


class SerialOffenderAlert(CreatedAt, Base):
    """A person whose allegations span missions or submitters, or who redeployed after one."""

    __tablename__ = "serial_offender_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    reasons: Mapped[list[str]] = mapped_column(JsonType, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | acknowledged
    acknowledged_by: Mapped[str | None] = mapped_column(String(SUB_LEN))


class LinkageModel(CreatedAt, Base):
    """A stored scoring model (declared features with m/u), by name and version."""

    __tablename__ = "linkage_models"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JsonType)
    is_active: Mapped[bool] = mapped_column(default=False)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)

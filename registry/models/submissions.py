"""Submissions: one uploaded file of one kind from one organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import HASH_LEN, SUB_LEN, TEXT_LEN, UID_LEN, Base, utcnow


class Submission(Base):
    """Who sent which file when, what became of it and the counts of its rows."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_org_kind_hash", "organisation_id", "kind", "file_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LEN), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # personnel | deployments | allegations
    submitted_by: Mapped[str] = mapped_column(String(SUB_LEN))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(TEXT_LEN))
    file_sha256: Mapped[str] = mapped_column(String(HASH_LEN))
    file_format: Mapped[str] = mapped_column(String(16))  # csv | jsonl | xlsx
    encoding: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # accepted | unchanged | withdrawal
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_created: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_withdrawn: Mapped[int] = mapped_column(default=0)
    link_job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"), index=True)

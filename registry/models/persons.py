"""Resolved identities and the links from submitters' records to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import ID_LEN, UID_LEN, Base, CreatedAt, utcnow


class Person(CreatedAt, Base):
    """One real person as the registry resolves them; `uid` is the stable public id."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LEN), unique=True)
    # A merged-away person points at the survivor so old ids still resolve.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))


class RecordLink(Base):
    """Which person a submitter's record (all its versions) belongs to."""

    __tablename__ = "record_links"
    __table_args__ = (UniqueConstraint("organisation_id", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    record_id: Mapped[str] = mapped_column(String(ID_LEN))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # singleton | auto | analyst
    model_version: Mapped[str | None] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)

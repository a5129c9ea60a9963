"""Personnel records (versioned) and deployments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import (
    CODE_LEN,
    HASH_LEN,
    ID_LEN,
    IDENT_LEN,
    NAME_LEN,
    TEXT_LEN,
    Base,
    CreatedAt,
)


class PersonnelRecord(CreatedAt, Base):
    """One version of a submitter's personnel record; a change adds a version."""

    __tablename__ = "personnel_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "record_id", "version"),
        Index("ix_personnel_current", "organisation_id", "record_id", "is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    record_id: Mapped[str] = mapped_column(String(ID_LEN))
    version: Mapped[int] = mapped_column(default=1)
    is_current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(HASH_LEN))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    family_name: Mapped[str | None] = mapped_column(String(NAME_LEN))
    given_names: Mapped[str | None] = mapped_column(String(NAME_LEN))
    full_name: Mapped[str | None] = mapped_column(String(NAME_LEN))
    aliases: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    place_of_birth: Mapped[str | None] = mapped_column(String(TEXT_LEN))
    nationality: Mapped[str | None] = mapped_column(String(3))
    sex: Mapped[str | None] = mapped_column(String(1))
    service_number: Mapped[str | None] = mapped_column(String(IDENT_LEN))
    passport_number: Mapped[str | None] = mapped_column(String(IDENT_LEN))
    national_id: Mapped[str | None] = mapped_column(String(IDENT_LEN))
    rank: Mapped[str | None] = mapped_column(String(TEXT_LEN))
    unit: Mapped[str | None] = mapped_column(String(TEXT_LEN))
    personnel_category: Mapped[str | None] = mapped_column(String(16))


class RecordKey(Base):
    """A blocking key of a current personnel record, for candidate retrieval."""

    __tablename__ = "record_keys"
    # Retrieval reads a key's holders and bucket size from this index alone.
    __table_args__ = (Index("ix_record_keys_key_record", "key", "personnel_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    personnel_record_id: Mapped[int] = mapped_column(
        ForeignKey("personnel_records.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))


class RecordKeyChange(Base):
    """A record whose retrieval keys an indexing run wrote or removed, in commit order.

    Server processes keep every retrieval key in memory (registry.vetting.key_index)
    and read the changes after the last one they applied, so that they answer from the
    keys exactly as stored. Indexing runs append under one lock, so ids are committed in
    order and a reader never passes over a change committed later with a lower id.
    """

    __tablename__ = "record_key_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    personnel_record_id: Mapped[int]  # a plain column: reading the log needs no join


class RecordForm(Base):
    """The engine's normalised form of a current personnel record, kept for vetting.

    A check compares its query with a few hundred registry records; normalising them
    (transliteration, name parsing) at check time costs more than the rest of the check,
    so each record's form is computed when it is indexed. `version` is the engine's
    NORMALISED_FORM_VERSION then: a form of another version is recomputed, not trusted.
    """

    __tablename__ = "record_forms"

    personnel_record_id: Mapped[int] = mapped_column(
        ForeignKey("personnel_records.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int]
    form: Mapped[str] = mapped_column(Text)  # JSON list, linkage.normalise.OUTPUT_COLUMNS order


class Deployment(CreatedAt, Base):
    """A posting of a submitter's person to a mission."""

    __tablename__ = "deployments"
    __table_args__ = (Index("ix_deployments_subject", "organisation_id", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    record_id: Mapped[str] = mapped_column(String(ID_LEN))
    mission: Mapped[str] = mapped_column(String(CODE_LEN), index=True)
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    role: Mapped[str | None] = mapped_column(String(TEXT_LEN))
    content_hash: Mapped[str] = mapped_column(String(HASH_LEN))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

"""Loading what scoring and the policy need about candidate records: their stored
normalised forms, and for those that scored, the live records with their links,
persons and allegations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
from sqlalchemy import Integer, Select, String, and_, select
from sqlalchemy.orm import Session

from linkage.columns import PERSONNEL_COLUMNS, RECORD_ID
from registry.frames import ORG, PK, engine_id
from registry.intake.bulk import chunked, in_values
from registry.models import (
    Allegation,
    Organisation,
    Person,
    PersonnelRecord,
    RecordForm,
    RecordLink,
)

CHUNK = 2_000
HIT_STATUSES = ("substantiated", "reported", "under_investigation")

StoredForm = tuple[int, str]  # (NORMALISED_FORM_VERSION it was made by, JSON form)


Record = dict[str, Any]  # a record's registry.frames columns by name: pk, org, record_id, fields
Link = tuple[str, str, int, str, str]  # org, record_id, person_pk, person_uid, method
AllegationRow = dict[str, Any]  # ALLEGATION_COLUMNS by name


@dataclass(frozen=True)
class CandidateData:
    """Candidate records, their links, and the allegations of their persons.

    Plain rows, not frames: a check loads a few dozen records, and building and reading
    frames of them cost more than the database took to find them.
    """

    records: list[Record]  # registry.frames columns: pk, org, engine record_id, fields
    links: list[Link]
    allegations: list[AllegationRow]  # by case number, one per case
    forms: list[StoredForm | None]  # per record: its stored normalised form


LINK_COLUMNS = ["org", "record_id", "person_pk", "person_uid", "method"]
ALLEGATION_COLUMNS = [
    "person_pk",
    "org",
    "subject_record_id",
    "subject_pk",
    "case_number",
    "status",
    "category",
    "mission",
]


_FIELDS = [name for name in PERSONNEL_COLUMNS if name != RECORD_ID]


@dataclass(frozen=True)
class _Found:
    records: list[Record]
    links: list[Link]
    unlinked: list[tuple[int, str]]  # (organisation pk, record id) of unlinked records
    forms: list[StoredForm | None]


@cache
def _records_statement() -> Select[*tuple[Any, ...]]:
    """Current, live records with their link, person and stored form (built once: making
    a statement costs a check more than PostgreSQL takes to run it)."""
    fields = [getattr(PersonnelRecord, name) for name in _FIELDS]
    link = and_(
        RecordLink.organisation_id == PersonnelRecord.organisation_id,
        RecordLink.record_id == PersonnelRecord.record_id,
    )
    return (
        select(
            PersonnelRecord.id,
            Organisation.code,
            PersonnelRecord.record_id,
            *fields,
            PersonnelRecord.organisation_id,
            RecordLink.person_id,
            Person.uid,
            RecordLink.method,
            RecordForm.version,
            RecordForm.form,
        )
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .outerjoin(RecordLink, link)
        .outerjoin(Person, Person.id == RecordLink.person_id)
        .outerjoin(RecordForm, RecordForm.personnel_record_id == PersonnelRecord.id)
        .where(PersonnelRecord.is_current.is_(True), PersonnelRecord.withdrawn_at.is_(None))
        .order_by(PersonnelRecord.id)
    )


@cache
def _records_by_pk(dialect: str) -> Select[*tuple[Any, ...]]:
    return _records_statement().where(in_values(dialect, PersonnelRecord.id, Integer))


def _records_with_links(session: Session, pks: Sequence[int]) -> _Found:
    """Live current records (registry.frames columns), their links and stored forms."""
    rows: list[tuple[Any, ...]] = []
    connection = session.connection()  # Core rows: no ORM result machinery per row
    query = _records_by_pk(connection.dialect.name)
    for chunk in chunked(list(pks), CHUNK):
        rows.extend(tuple(r) for r in connection.execute(query, {"batch": chunk}).all())
    width = 3 + len(_FIELDS)
    records = [
        {
            RECORD_ID: engine_id(str(r[1]), str(r[2])),
            PK: int(r[0]),
            ORG: str(r[1]),
            **dict(zip(_FIELDS, r[3:width], strict=True)),
        }
        for r in rows
    ]
    links = [
        (str(r[1]), str(r[2]), int(r[width + 1]), str(r[width + 2]), str(r[width + 3]))
        for r in rows
        if r[width + 1] is not None
    ]
    unlinked = [(int(r[width]), str(r[2])) for r in rows if r[width + 1] is None]
    forms = [None if r[width + 4] is None else (int(r[width + 4]), str(r[width + 5])) for r in rows]
    return _Found(records, links, unlinked, forms)


def records_frame(records: Sequence[Record]) -> pd.DataFrame:
    """Records as a registry.frames frame, for normalising them."""
    return pd.DataFrame(list(records), columns=[RECORD_ID, PK, ORG, *_FIELDS])


@cache
def _allegations_statement(statuses: tuple[str, ...]) -> Select[*tuple[Any, ...]]:
    """Live allegations with these statuses on live subject records (built once)."""
    subject = and_(
        PersonnelRecord.organisation_id == Allegation.organisation_id,
        PersonnelRecord.record_id == Allegation.subject_record_id,
        PersonnelRecord.is_current.is_(True),
        PersonnelRecord.withdrawn_at.is_(None),
    )
    linked = and_(
        RecordLink.organisation_id == Allegation.organisation_id,
        RecordLink.record_id == Allegation.subject_record_id,
    )
    return (
        select(
            RecordLink.person_id,
            Organisation.code,
            Allegation.subject_record_id,
            PersonnelRecord.id,
            Allegation.case_number,
            Allegation.status,
            Allegation.category,
            Allegation.mission,
            Allegation.organisation_id,
        )
        .join(PersonnelRecord, subject)
        .join(Organisation, Organisation.id == Allegation.organisation_id)
        .outerjoin(RecordLink, linked)
        .where(Allegation.withdrawn_at.is_(None), Allegation.status.in_(statuses))
    )


@cache
def _allegations_by(
    dialect: str, statuses: tuple[str, ...]
) -> tuple[Select[*tuple[Any, ...]], Select[*tuple[Any, ...]]]:
    """_allegations_statement of some persons, and of some subject record ids."""
    query = _allegations_statement(statuses)
    return (
        query.where(in_values(dialect, RecordLink.person_id, Integer)),
        query.where(in_values(dialect, Allegation.subject_record_id, String)),
    )


def _allegations(
    session: Session,
    person_pks: list[int],
    unlinked: list[tuple[int, str]],
    statuses: Sequence[str],
) -> list[AllegationRow]:
    """Live allegations on live subject records of these persons (or unlinked records),
    one per case, by case number."""
    if not person_pks and not unlinked:
        return []
    connection = session.connection()
    of_persons, on_subjects = _allegations_by(connection.dialect.name, tuple(statuses))
    # Two statements, not one with OR: each is answered from its own index (a person's
    # links; an allegation's subject), where an OR across both tables scans allegations.
    rows: list[tuple[object, ...]] = []
    for persons in chunked(person_pks, CHUNK):
        found = connection.execute(of_persons, {"batch": persons})
        rows.extend(tuple(r)[:-1] for r in found)
    for direct in chunked(unlinked, CHUNK):
        subjects = set(direct)
        found = connection.execute(on_subjects, {"batch": sorted({r for _, r in direct})})
        rows.extend(tuple(r)[:-1] for r in found if (r[-1], r[2]) in subjects)
    rows.sort(key=lambda row: str(row[4]))  # by case number, as one statement ordered them
    first: dict[object, tuple[object, ...]] = {}
    for row in rows:
        first.setdefault(row[4], row)  # one row per case, in case-number order
    return [dict(zip(ALLEGATION_COLUMNS, row, strict=True)) for row in first.values()]


@cache
def _forms_statement(dialect: str) -> Select[*tuple[Any, ...]]:
    wanted = in_values(dialect, RecordForm.personnel_record_id, Integer)
    return select(RecordForm.personnel_record_id, RecordForm.version, RecordForm.form).where(wanted)


def stored_forms(session: Session, record_pks: Sequence[int]) -> dict[int, StoredForm]:
    """The stored normalised form of each of these records that has one, by record pk.

    Read from `record_forms` alone: one small row per record, where the records with
    their links and persons are rows of four tables. Forms of withdrawn or superseded
    records are deleted when they are, but callers still read the records they keep
    through `load_candidates`, which holds to live, current records only.
    """
    connection = session.connection()
    query = _forms_statement(connection.dialect.name)
    found: dict[int, StoredForm] = {}
    for chunk in chunked(list(record_pks), CHUNK):
        found.update(
            (int(pk), (int(version), str(form)))
            for pk, version, form in connection.execute(query, {"batch": chunk}).all()
        )
    return found


def live_records(
    session: Session, record_pks: Sequence[int]
) -> tuple[list[Record], list[StoredForm | None]]:
    """Live current records of these pks (registry.frames columns), with their stored forms."""
    found = _records_with_links(session, sorted(set(record_pks)))
    return found.records, found.forms


def load_candidates(
    session: Session, record_pks: Iterable[int], statuses: Sequence[str] = HIT_STATUSES
) -> CandidateData:
    """Current, live candidate records with their persons' allegations and subject records."""
    pks = sorted(set(record_pks))
    found = _records_with_links(session, pks)
    records, links, forms = found.records, found.links, found.forms
    persons = sorted({link[2] for link in links})
    allegations = _allegations(session, persons, found.unlinked, statuses)
    subjects = sorted({int(a["subject_pk"]) for a in allegations} - set(pks))
    if subjects:
        # Subject records the retrieval did not bring: the trust chain needs their fields.
        extra = _records_with_links(session, subjects)
        records = records + extra.records
        links = list(dict.fromkeys(links + extra.links))
        forms = forms + extra.forms
    return CandidateData(records, links, allegations, forms)

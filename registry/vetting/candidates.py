"""Loading what scoring and the policy need about candidate records: their stored
normalised forms, and for those that scored, the live records with their links,
persons and allegations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from linkage.columns import PERSONNEL_COLUMNS, RECORD_ID
from registry.frames import ORG, PK, engine_id
from registry.intake.bulk import chunked, in_batch
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


@dataclass(frozen=True)
class CandidateData:
    """Candidate records (raw frame), their links, and the allegations of their persons."""

    records: pd.DataFrame  # registry.frames columns; pk, org, engine record_id, fields
    links: pd.DataFrame  # org, record_id, person_pk, person_uid, method
    allegations: pd.DataFrame  # person_pk, org, subject_record_id, subject_pk, case fields
    forms: list[StoredForm | None]  # per row of `records`: its stored normalised form


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
    records: pd.DataFrame
    links: pd.DataFrame
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


def _records_with_links(session: Session, pks: Sequence[int]) -> _Found:
    """Live current records (registry.frames layout), their links and stored forms."""
    query = _records_statement()
    rows: list[tuple[Any, ...]] = []
    connection = session.connection()  # Core rows: no ORM result machinery per row
    for chunk in chunked(list(pks), CHUNK):
        wanted = in_batch(session, PersonnelRecord.id, chunk)
        rows.extend(tuple(r) for r in connection.execute(query.where(wanted)))
    width = 3 + len(_FIELDS)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (width + 6)
    data: dict[str, Any] = {
        RECORD_ID: [engine_id(str(o), str(r)) for o, r in zip(columns[1], columns[2], strict=True)],
        PK: np.array(columns[0], dtype=np.int64),
        ORG: np.array(columns[1], dtype=object),
    }
    for i, name in enumerate(_FIELDS, start=3):
        data[name] = np.array(columns[i], dtype=object)
    records = pd.DataFrame(data, copy=False)
    linked = [r for r in rows if r[width + 1] is not None]
    links = pd.DataFrame(
        [(r[1], r[2], int(r[width + 1]), r[width + 2], r[width + 3]) for r in linked],
        columns=LINK_COLUMNS,
    )
    unlinked = [(int(r[width]), str(r[2])) for r in rows if r[width + 1] is None]
    forms = [None if r[width + 4] is None else (int(r[width + 4]), str(r[width + 5])) for r in rows]
    return _Found(records, links, unlinked, forms)


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


def _allegations(
    session: Session,
    person_pks: list[int],
    unlinked: list[tuple[int, str]],
    statuses: Sequence[str],
) -> pd.DataFrame:
    """Live allegations on live subject records of these persons (or unlinked records)."""
    if not person_pks and not unlinked:
        return pd.DataFrame([], columns=ALLEGATION_COLUMNS)
    query = _allegations_statement(tuple(statuses))
    # Two statements, not one with OR: each is answered from its own index (a person's
    # links; an allegation's subject), where an OR across both tables scans allegations.
    rows: list[tuple[object, ...]] = []
    for persons in chunked(person_pks, CHUNK):
        wanted = in_batch(session, RecordLink.person_id, persons)
        rows.extend(tuple(r)[:-1] for r in session.execute(query.where(wanted)))
    for direct in chunked(unlinked, CHUNK):
        subjects = set(direct)
        wanted = in_batch(session, Allegation.subject_record_id, sorted({r for _, r in direct}))
        found = session.execute(query.where(wanted))
        rows.extend(tuple(r)[:-1] for r in found if (r[-1], r[2]) in subjects)
    rows.sort(key=lambda row: str(row[4]))  # by case number, as one statement ordered them
    frame = pd.DataFrame(rows, columns=ALLEGATION_COLUMNS)
    return frame.drop_duplicates("case_number").reset_index(drop=True)


@cache
def _forms_statement() -> Select[*tuple[Any, ...]]:
    return select(RecordForm.personnel_record_id, RecordForm.version, RecordForm.form)


def stored_forms(session: Session, record_pks: Sequence[int]) -> dict[int, StoredForm]:
    """The stored normalised form of each of these records that has one, by record pk.

    Read from `record_forms` alone: one small row per record, where the records with
    their links and persons are rows of four tables. Forms of withdrawn or superseded
    records are deleted when they are, but callers still read the records they keep
    through `load_candidates`, which holds to live, current records only.
    """
    connection = session.connection()
    found: dict[int, StoredForm] = {}
    for chunk in chunked(list(record_pks), CHUNK):
        wanted = in_batch(session, RecordForm.personnel_record_id, chunk)
        found.update(
            (int(pk), (int(version), str(form)))
            for pk, version, form in connection.execute(_forms_statement().where(wanted))
        )
    return found


def live_records(
    session: Session, record_pks: Sequence[int]
) -> tuple[pd.DataFrame, list[StoredForm | None]]:
    """Live current records of these pks (registry.frames layout), with their stored forms."""
    found = _records_with_links(session, sorted(set(record_pks)))
    return found.records, found.forms


def load_candidates(
    session: Session, record_pks: Iterable[int], statuses: Sequence[str] = HIT_STATUSES
) -> CandidateData:
    """Current, live candidate records with their persons' allegations and subject records."""
    pks = sorted(set(record_pks))
    found = _records_with_links(session, pks)
    records, links, forms = found.records, found.links, found.forms
    persons = sorted({int(p) for p in links["person_pk"]})
    allegations = _allegations(session, persons, found.unlinked, statuses)
    subjects = sorted(set(allegations["subject_pk"].astype(int)) - set(pks))
    if subjects:
        # Subject records the retrieval did not bring: the trust chain needs their fields.
        extra = _records_with_links(session, subjects)
        records = pd.concat([records, extra.records], ignore_index=True)
        links = pd.concat([links, extra.links], ignore_index=True).drop_duplicates()
        forms = forms + extra.forms
    return CandidateData(records, links, allegations, forms)

"""What the requesting organisation's own records say: their links, and the persons an
analyst judged different from them (a rejected pair), which re-screening may skip."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, select
from sqlalchemy.orm import Session

from registry.intake.bulk import chunked, in_values
from registry.models import MatchCandidate, Organisation, Person, PersonnelRecord, RecordLink
from registry.vetting.candidates import CHUNK, Link


@cache
def _own_links_statement(dialect: str) -> Select[*tuple[Any, ...]]:
    """Links of one organisation's records with some record ids (built once)."""
    return (
        select(Organisation.code, RecordLink.record_id, Person.id, Person.uid, RecordLink.method)
        .join(Organisation, Organisation.id == RecordLink.organisation_id)
        .join(Person, Person.id == RecordLink.person_id)
        .where(
            Organisation.code == bindparam("org"),
            in_values(dialect, RecordLink.record_id, String),
        )
    )


def own_links(session: Session, org_code: str, record_ids: Iterable[str]) -> list[Link]:
    """Links of the requester's own records with these ids, as LINK_COLUMNS tuples."""
    ids = sorted({r for r in record_ids if r})
    rows: list[Link] = []
    connection = session.connection()
    query = _own_links_statement(connection.dialect.name)
    for chunk in chunked(ids, CHUNK):
        found = connection.execute(query, {"org": org_code, "batch": chunk})
        rows.extend((str(o), str(r), int(p), str(u), str(m)) for o, r, p, u, m in found)
    return rows


def cleared_persons(
    session: Session, org_code: str, record_ids: Iterable[str]
) -> dict[str, set[str]]:
    """Per own record id: persons an analyst judged different from it (a rejected pair)."""
    ids = sorted({r for r in record_ids if r})
    own = (
        select(PersonnelRecord.id, PersonnelRecord.record_id)
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .where(Organisation.code == org_code)
    )
    cleared: dict[str, set[str]] = {}
    for chunk in chunked(ids, CHUNK):
        pk_to_id = {
            int(pk): str(r)
            for pk, r in session.execute(own.where(PersonnelRecord.record_id.in_(chunk)))
        }
        for own_pk, uid in _rejected_partners(session, list(pk_to_id)):
            cleared.setdefault(pk_to_id[own_pk], set()).add(uid)
    return cleared


def _rejected_partners(session: Session, pks: list[int]) -> list[tuple[int, str]]:
    """(own pk, other record's person uid) of every rejected pair touching `pks`."""
    if not pks:
        return []
    other = PersonnelRecord.__table__.alias("other")
    found: list[tuple[int, str]] = []
    for own_side, other_side in (
        (MatchCandidate.left_record_id, MatchCandidate.right_record_id),
        (MatchCandidate.right_record_id, MatchCandidate.left_record_id),
    ):
        query = (
            select(own_side, Person.uid)
            .join(other, other.c.id == other_side)
            .join(
                RecordLink,
                and_(
                    RecordLink.organisation_id == other.c.organisation_id,
                    RecordLink.record_id == other.c.record_id,
                ),
            )
            .join(Person, Person.id == RecordLink.person_id)
            .where(own_side.in_(pks), MatchCandidate.status == "rejected")
        )
        found.extend((int(pk), str(uid)) for pk, uid in session.execute(query))
    return found

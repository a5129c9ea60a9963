"""Everything the pair page shows about one candidate, read in a few queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from registry.clusters import link_of, record_key, resolve_person_id
from registry.errors import NotFound
from registry.models import (
    Allegation,
    Deployment,
    MatchCandidate,
    Organisation,
    Person,
    PersonnelRecord,
    RecordLink,
    ReviewDecision,
)
from registry.review.decisions import decision_history, makes_hit


@dataclass(frozen=True)
class AllegationSummary:
    """An allegation as an analyst may see it: no victim data at all."""

    case_number: str
    status: str
    category: str
    mission: str | None


@dataclass(frozen=True)
class Side:
    """One record of the pair with its person, the person's other records and allegations."""

    record: PersonnelRecord
    org_code: str
    person: Person | None
    cluster: list[tuple[PersonnelRecord, str]]
    allegations: list[AllegationSummary]
    missions: list[str]


@dataclass(frozen=True)
class PairView:
    """The candidate, both sides and the decisions taken on it."""

    candidate: MatchCandidate
    left: Side
    right: Side
    history: list[ReviewDecision]
    four_eyes: bool


def _org_code(session: Session, organisation_id: int) -> str:
    code = session.scalar(select(Organisation.code).where(Organisation.id == organisation_id))
    return code or "?"


def _cluster(session: Session, person_id: int) -> list[tuple[PersonnelRecord, str]]:
    """Current records of the person with their organisation codes."""
    query = (
        select(PersonnelRecord, Organisation.code)
        .join(
            RecordLink,
            and_(
                RecordLink.organisation_id == PersonnelRecord.organisation_id,
                RecordLink.record_id == PersonnelRecord.record_id,
            ),
        )
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .where(RecordLink.person_id == person_id, PersonnelRecord.is_current.is_(True))
        .order_by(PersonnelRecord.id)
    )
    return [(record, str(code)) for record, code in session.execute(query)]


def _allegations(session: Session, records: list[PersonnelRecord]) -> list[AllegationSummary]:
    """Allegations whose subject is one of the records (withdrawn ones left out)."""
    found: list[AllegationSummary] = []
    for record in records:
        query = (
            select(Allegation)
            .where(
                Allegation.organisation_id == record.organisation_id,
                Allegation.subject_record_id == record.record_id,
                Allegation.withdrawn_at.is_(None),
            )
            .order_by(Allegation.id)
        )
        found += [
            AllegationSummary(a.case_number, a.status, a.category, a.mission)
            for a in session.scalars(query)
        ]
    return found


def _missions(session: Session, record: PersonnelRecord) -> list[str]:
    query = (
        select(Deployment.mission)
        .where(
            Deployment.organisation_id == record.organisation_id,
            Deployment.record_id == record.record_id,
            Deployment.withdrawn_at.is_(None),
        )
        .distinct()
        .order_by(Deployment.mission)
    )
    return [str(m) for m in session.scalars(query)]


def _side(session: Session, record_pk: int) -> Side:
    record = session.get(PersonnelRecord, record_pk)
    if record is None:
        raise NotFound(f"personnel record {record_pk} does not exist")
    link = link_of(session, record_key(session, record_pk))
    person = session.get(Person, resolve_person_id(session, link.person_id)) if link else None
    members = _cluster(session, person.id) if person else [(record, "")]
    others = [
        (r, code)
        for r, code in members
        if r.record_id != record.record_id or r.organisation_id != record.organisation_id
    ]
    subjects = [r for r, _ in members] if person else [record]
    return Side(
        record,
        _org_code(session, record.organisation_id),
        person,
        others,
        _allegations(session, subjects),
        _missions(session, record),
    )


def pair_view(session: Session, candidate_id: int) -> PairView:
    """The pair page's data for candidate `candidate_id`."""
    candidate = session.get(MatchCandidate, candidate_id)
    if candidate is None:
        raise NotFound(f"match candidate {candidate_id} does not exist")
    return PairView(
        candidate,
        _side(session, candidate.left_record_id),
        _side(session, candidate.right_record_id),
        decision_history(session, candidate_id),
        makes_hit(session, candidate),
    )

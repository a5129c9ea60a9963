"""Analysts' decisions on candidate pairs, with the four-eyes rule for links that make a hit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from registry.clusters import (
    ClusterChange,
    apply_decision,
    link_of,
    person_versions,
    record_key,
    resolve_person_id,
)
from registry.errors import InvalidInput, NotFound
from registry.models import Allegation, MatchCandidate, PersonnelRecord, ReviewDecision

DECISIONS = ("same", "different", "unsure")
HIT_STATUSES = ("substantiated", "reported", "under_investigation")
NOTE_MAX = 4000


@dataclass(frozen=True)
class DecisionOutcome:
    """A recorded decision, the pair's status after it and what it did to the persons."""

    decision: ReviewDecision
    status: str
    four_eyes: bool
    change: ClusterChange


def standing_decision(session: Session, candidate_id: int) -> ReviewDecision | None:
    """The latest decision on the pair that nothing has superseded."""
    query = (
        select(ReviewDecision)
        .where(
            ReviewDecision.candidate_id == candidate_id, ReviewDecision.superseded_by_id.is_(None)
        )
        .order_by(ReviewDecision.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def decision_history(session: Session, candidate_id: int) -> list[ReviewDecision]:
    """Every decision on the pair, oldest first; none is ever deleted."""
    query = (
        select(ReviewDecision)
        .where(ReviewDecision.candidate_id == candidate_id)
        .order_by(ReviewDecision.id)
    )
    return list(session.scalars(query))


def _person_record_pks(session: Session, record_pk: int) -> list[int]:
    """Record versions belonging to the record's person (just itself when unlinked)."""
    link = link_of(session, record_key(session, record_pk))
    if link is None:
        return [record_pk]
    return list(person_versions(session, [resolve_person_id(session, link.person_id)]))


def has_hit_allegation(session: Session, record_pks: list[int]) -> bool:
    """Whether any of the records is the subject of an allegation that makes a vetting hit."""
    query = select(
        exists().where(
            PersonnelRecord.id.in_(record_pks),
            Allegation.organisation_id == PersonnelRecord.organisation_id,
            Allegation.subject_record_id == PersonnelRecord.record_id,
            Allegation.status.in_(HIT_STATUSES),
            Allegation.withdrawn_at.is_(None),
        )
    )
    return bool(session.scalar(query))


def makes_hit(session: Session, candidate: MatchCandidate) -> bool:
    """Whether linking the pair joins a person with a hit allegation: four eyes needed."""
    pks = [
        *_person_record_pks(session, candidate.left_record_id),
        *_person_record_pks(session, candidate.right_record_id),
    ]
    return has_hit_allegation(session, pks)


def _second_pair_of_eyes(previous: ReviewDecision | None, analyst: tuple[str, str]) -> bool:
    """Whether the standing decision is a `same` by another analyst."""
    return (
        previous is not None
        and previous.decision == "same"
        and (previous.analyst_sub, previous.analyst_org) != analyst
    )


def next_status(
    candidate: MatchCandidate,
    previous: ReviewDecision | None,
    decision: str,
    analyst: tuple[str, str],
    four_eyes: bool,
) -> str:
    """The pair's review status after `analyst` decides `decision`."""
    if decision == "different":
        return "rejected"
    if decision == "unsure":
        return "unsure"
    if not four_eyes or candidate.status == "confirmed":
        return "confirmed"
    agreed = candidate.status == "awaiting_second" and _second_pair_of_eyes(previous, analyst)
    return "confirmed" if agreed else "awaiting_second"


def _locked_candidate(session: Session, candidate_id: int) -> MatchCandidate:
    # Row lock: two analysts deciding at once must not both count as the "first" one.
    query = select(MatchCandidate).where(MatchCandidate.id == candidate_id).with_for_update()
    candidate = session.scalar(query)
    if candidate is None:
        raise NotFound(f"match candidate {candidate_id} does not exist")
    return candidate


def _validate(decision: str, note: str | None) -> str | None:
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput(f"the note is longer than {NOTE_MAX} characters")
    return note


def record_decision(
    session: Session,
    candidate_id: int,
    *,
    analyst_sub: str,
    analyst_org: str,
    decision: str,
    note: str | None = None,
) -> DecisionOutcome:
    """Record a decision, supersede the standing one and update the persons at once."""
    note = _validate(decision, note)
    candidate = _locked_candidate(session, candidate_id)
    previous = standing_decision(session, candidate_id)
    four_eyes = decision == "same" and makes_hit(session, candidate)
    status = next_status(candidate, previous, decision, (analyst_sub, analyst_org), four_eyes)
    new = ReviewDecision(
        candidate_id=candidate_id,
        analyst_sub=analyst_sub,
        analyst_org=analyst_org,
        decision=decision,
        note=note,
    )
    session.add(new)
    session.flush()
    if previous is not None:
        previous.superseded_by_id = new.id
    candidate.status = status
    session.flush()
    return DecisionOutcome(new, status, four_eyes, apply_decision(session, candidate_id))


def pending_second_for(session: Session, analyst_sub: str) -> list[int]:
    """Pairs awaiting a second analyst whose first `same` came from `analyst_sub`."""
    query = (
        select(MatchCandidate.id)
        .join(
            ReviewDecision,
            and_(
                ReviewDecision.candidate_id == MatchCandidate.id,
                ReviewDecision.superseded_by_id.is_(None),
            ),
        )
        .where(
            MatchCandidate.status == "awaiting_second", ReviewDecision.analyst_sub == analyst_sub
        )
    )
    return list(session.scalars(query))

"""Decisions update persons at once: confirmations merge, rejections split, ids stay stable."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.clusters import apply_decision, decision_constraints, resolve_person_id
from registry.errors import Conflict
from registry.models import Person, PersonnelRecord, RecordLink
from registry.review import record_decision
from tests.factories import make_allegation, make_candidate, make_link, make_record

pytestmark = pytest.mark.db


def _person_of(session: Session, record: PersonnelRecord) -> int:
    link = session.scalar(
        select(RecordLink).where(
            RecordLink.organisation_id == record.organisation_id,
            RecordLink.record_id == record.record_id,
        )
    )
    assert link is not None
    return link.person_id


def _method(session: Session, record: PersonnelRecord) -> str:
    return str(
        session.scalar(
            select(RecordLink.method).where(
                RecordLink.organisation_id == record.organisation_id,
                RecordLink.record_id == record.record_id,
            )
        )
    )


def _decide(session: Session, cid: int, decision: str, sub: str = "ana") -> None:
    record_decision(session, cid, analyst_sub=sub, analyst_org="REG", decision=decision)


def test_confirmation_merges_into_the_older_person(session: Session) -> None:
    a, b, c = (make_record(session, org) for org in ("BGD", "NPL", "NPL"))
    older = make_link(session, a)
    newer = make_link(session, b)
    make_link(session, c, newer)
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "same")
    assert {_person_of(session, r) for r in (a, b, c)} == {older.id}
    assert session.get(Person, newer.id).merged_into_id == older.id  # type: ignore[union-attr]
    assert resolve_person_id(session, newer.id) == older.id
    assert (_method(session, a), _method(session, b), _method(session, c)) == (
        "analyst",
        "analyst",
        "auto",
    )


def test_hit_merges_only_after_the_second_analyst(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    pa, pb = make_link(session, a), make_link(session, b)
    make_allegation(session, a, status="under_investigation")
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "same", "ana")
    assert (_person_of(session, a), _person_of(session, b)) == (pa.id, pb.id)
    _decide(session, cid, "same", "ben")
    assert _person_of(session, b) == pa.id


def test_unlinked_records_get_persons_when_confirmed(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "same")
    assert _person_of(session, a) == _person_of(session, b)


def test_rejection_splits_right_record_with_its_auto_tail(session: Session) -> None:
    a, b, c, d = (make_record(session, org) for org in ("BGD", "NPL", "PAK", "ETH"))
    person = make_link(session, a)
    for record in (b, c, d):
        make_link(session, record, person)
    make_candidate(session, b, c, band="link", score=0.99)  # c hangs on b by an auto link
    confirmed = make_candidate(session, a, d)
    _decide(session, confirmed.id, "same")
    cid = make_candidate(session, a, b, band="link", score=0.97).id
    _decide(session, cid, "different")
    assert _person_of(session, a) == _person_of(session, d) == person.id
    moved = _person_of(session, b)
    assert moved != person.id and _person_of(session, c) == moved


def test_rejection_of_a_lone_record_makes_it_a_singleton(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    person = make_link(session, a)
    make_link(session, b, person)
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "different")
    assert _person_of(session, a) == person.id
    assert _person_of(session, b) != person.id and _method(session, b) == "singleton"


def test_rejection_undoes_an_earlier_confirmation(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    make_link(session, a)
    make_link(session, b)
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "same")
    _decide(session, cid, "different", "ben")
    assert _person_of(session, a) != _person_of(session, b)


def test_rejection_across_confirmed_chain_is_refused(session: Session) -> None:
    a, b, c = (make_record(session, org) for org in ("BGD", "NPL", "PAK"))
    for record in (a, b, c):
        make_link(session, record)
    _decide(session, make_candidate(session, a, c).id, "same")
    _decide(session, make_candidate(session, b, c).id, "same")
    with pytest.raises(Conflict):
        _decide(session, make_candidate(session, a, b).id, "different")


def test_confirmation_never_joins_a_rejected_pair(session: Session) -> None:
    a, b, c = (make_record(session, org) for org in ("BGD", "NPL", "PAK"))
    pa = make_link(session, a)
    make_link(session, b, pa)
    make_link(session, c)
    _decide(session, make_candidate(session, b, c).id, "different")
    with pytest.raises(Conflict):
        _decide(session, make_candidate(session, a, c).id, "same")


def test_apply_decision_is_idempotent(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    make_link(session, a)
    make_link(session, b)
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "same")
    assert apply_decision(session, cid).kind == "unchanged"
    _decide(session, cid, "different")
    assert apply_decision(session, cid).kind == "unchanged"


def test_constraints_follow_standing_decisions(session: Session) -> None:
    a, b, c = (make_record(session, org) for org in ("BGD", "NPL", "PAK"))
    for record in (a, b, c):
        make_link(session, record)
    ab = make_candidate(session, a, b).id
    bc = make_candidate(session, b, c).id
    _decide(session, ab, "same")
    _decide(session, bc, "same")
    _decide(session, bc, "different", "ben")
    make_allegation(session, a, status="reported")
    ac = make_candidate(session, a, c).id
    _decide(session, ac, "same")  # awaiting a second analyst: no constraint yet
    must, cannot = decision_constraints(session)
    assert must == [(a.id, b.id)]
    assert cannot == [(b.id, c.id)]


def test_constraints_point_at_current_versions(session: Session) -> None:
    a, b = make_record(session, "BGD"), make_record(session, "NPL")
    cid = make_candidate(session, a, b).id
    _decide(session, cid, "different")
    a.is_current = False
    newer = make_record(session, "BGD", record_id=a.record_id, version=2)
    assert decision_constraints(session) == ([], [(b.id, newer.id)])

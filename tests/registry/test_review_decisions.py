"""Decisions: the four-eyes rule for hits and superseding without deleting."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.errors import InvalidInput, NotFound
from registry.models import ReviewDecision
from registry.review import decision_history, record_decision, standing_decision
from tests.factories import make_allegation, make_candidate, make_link, make_record

pytestmark = pytest.mark.db


def _pair(session: Session, *, allegation: str | None = None) -> int:
    left = make_record(session, "BGD", family_name="Karim")
    right = make_record(session, "NPL", family_name="Karym")
    make_link(session, left)
    make_link(session, right)
    if allegation:
        make_allegation(session, right, status=allegation)
    return int(make_candidate(session, left, right).id)


def _decide(session: Session, cid: int, sub: str, decision: str, org: str = "REG") -> str:
    return record_decision(session, cid, analyst_sub=sub, analyst_org=org, decision=decision).status


def test_same_without_allegation_confirms_at_once(session: Session) -> None:
    cid = _pair(session)
    assert _decide(session, cid, "ana", "same") == "confirmed"


@pytest.mark.parametrize("status", ["substantiated", "reported", "under_investigation"])
def test_hit_needs_two_different_analysts(session: Session, status: str) -> None:
    cid = _pair(session, allegation=status)
    assert _decide(session, cid, "ana", "same") == "awaiting_second"
    assert _decide(session, cid, "ana", "same") == "awaiting_second"
    assert _decide(session, cid, "ben", "same") == "confirmed"


@pytest.mark.parametrize("status", ["unsubstantiated", "closed"])
def test_allegation_that_is_no_hit_needs_one_analyst(session: Session, status: str) -> None:
    cid = _pair(session, allegation=status)
    assert _decide(session, cid, "ana", "same") == "confirmed"


def test_same_name_in_another_org_is_another_analyst(session: Session) -> None:
    cid = _pair(session, allegation="reported")
    _decide(session, cid, "ana", "same", org="REG")
    assert _decide(session, cid, "ana", "same", org="MINUSCA") == "confirmed"


def test_intervening_decision_resets_the_first_pair_of_eyes(session: Session) -> None:
    cid = _pair(session, allegation="reported")
    _decide(session, cid, "ana", "same")
    _decide(session, cid, "ben", "unsure")
    assert _decide(session, cid, "carl", "same") == "awaiting_second"
    assert _decide(session, cid, "ana", "same") == "confirmed"


def test_different_and_unsure(session: Session) -> None:
    cid = _pair(session, allegation="reported")
    assert _decide(session, cid, "ana", "unsure") == "unsure"
    assert _decide(session, cid, "ben", "different") == "rejected"


def test_later_decision_supersedes_and_nothing_is_deleted(session: Session) -> None:
    cid = _pair(session)
    _decide(session, cid, "ana", "same")
    _decide(session, cid, "ben", "different")
    _decide(session, cid, "carl", "unsure")
    history = decision_history(session, cid)
    assert [d.decision for d in history] == ["same", "different", "unsure"]
    assert [d.superseded_by_id for d in history] == [history[1].id, history[2].id, None]
    standing = standing_decision(session, cid)
    assert standing is not None and standing.id == history[2].id
    count = len(session.scalars(select(ReviewDecision)).all())
    assert count == 3


def test_note_is_kept_and_bad_input_refused(session: Session) -> None:
    cid = _pair(session)
    outcome = record_decision(
        session,
        cid,
        analyst_sub="ana",
        analyst_org="REG",
        decision="different",
        note="  different fathers' names ",
    )
    assert outcome.decision.note == "different fathers' names"
    with pytest.raises(InvalidInput):
        record_decision(session, cid, analyst_sub="ana", analyst_org="REG", decision="maybe")
    with pytest.raises(NotFound):
        record_decision(session, cid + 999, analyst_sub="ana", analyst_org="REG", decision="same")

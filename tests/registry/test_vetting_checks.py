"""Single checks against a small registry: outcomes, trust chain, disclosure, audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.models import AuditEntry, RecordLink, VettingCheck
from registry.models.base import utcnow
from tests.factories import make_allegation, make_link, make_record
from tests.registry.vetting_helpers import QUERY, check, index_all, settings_for

pytestmark = pytest.mark.db

SUBJECT = {
    "given_names": "Abdul",
    "family_name": "Karim",
    "date_of_birth": "1985-03-14",
    "nationality": "BGD",
    "sex": "M",
    "passport_number": "BX4471290",
}


def accused(session: Session, status: str = "substantiated", **fields: object) -> tuple:
    """A BGD record with an allegation, linked to a person of its own."""
    record = make_record(session, "BGD", **{**SUBJECT, **fields})
    person = make_link(session, record, method="singleton")
    allegation = make_allegation(
        session, record, status=status, victim_count=3, minors_involved=True, outcome="repatriated"
    )
    return record, person, allegation


def test_nobody_alike_is_clear(session: Session) -> None:
    make_record(session, "NPL", given_names="Ram", family_name="Thapa", date_of_birth="1979")
    index_all(session)
    answer = check(session)
    assert answer["outcome"] == "clear" and answer["candidates"] == []
    assert answer["query"] == QUERY


def test_strong_identifier_on_the_subject_is_a_hit(session: Session) -> None:
    _, person, allegation = accused(session)
    index_all(session)
    answer = check(session, passport_number="BX 447 1290")
    assert answer["outcome"] == "hit"
    (candidate,) = answer["candidates"]
    assert candidate["person_id"] == person.uid and candidate["band"] == "link"
    assert candidate["allegations"] == [
        {
            "case_number": allegation.case_number,
            "status": "substantiated",
            "category": "sexual_exploitation",
            "mission": "MINUSCA",
        }
    ]


def test_name_only_match_on_the_subject_needs_review_not_a_hit(session: Session) -> None:
    accused(session)
    index_all(session)
    answer = check(session)
    assert answer["candidates"][0]["band"] == "link"
    assert answer["outcome"] == "review"


def test_no_hit_on_a_name_only_automatic_link(session: Session) -> None:
    """Query agrees with an NPL record by passport; that record reaches the accused only by name."""
    subject, person, _ = accused(session, passport_number=None)
    other = make_record(session, "NPL", **{**SUBJECT, "passport_number": "NP0001111"})
    make_link(session, other, person, method="auto")
    index_all(session)
    assert check(session, passport_number="NP0001111")["outcome"] == "review"


def test_analyst_confirmed_link_carries_the_hit(session: Session) -> None:
    subject, person, _ = accused(session, passport_number=None)
    other = make_record(session, "NPL", **{**SUBJECT, "passport_number": "NP0001111"})
    make_link(session, other, person, method="analyst")
    session.execute(update(RecordLink).values(method="analyst"))
    index_all(session)
    assert check(session, passport_number="NP0001111")["outcome"] == "hit"


def test_shared_strong_identifier_between_records_carries_the_hit(session: Session) -> None:
    subject, person, _ = accused(session, service_number="SN-88123")
    other = make_record(
        session, "NPL", **{**SUBJECT, "passport_number": "NP0001111", "service_number": "SN88123"}
    )
    make_link(session, other, person, method="auto")
    index_all(session)
    assert check(session, passport_number="NP0001111")["outcome"] == "hit"


def test_hit_without_confirmation_when_the_policy_allows(session: Session) -> None:
    accused(session)
    index_all(session)
    lax = settings_for(session, require_confirmation_for_hit=False)
    assert check(session, settings=lax)["outcome"] == "hit"


@pytest.mark.parametrize("status", ["unsubstantiated", "closed"])
def test_allegations_that_cannot_make_a_hit_are_not_disclosed(
    session: Session, status: str
) -> None:
    accused(session, status=status)
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    assert answer["outcome"] == "clear"
    assert answer["candidates"][0]["allegations"] == []


def test_withdrawn_allegation_is_never_used(session: Session) -> None:
    _, _, allegation = accused(session)
    allegation.withdrawn_at = utcnow()
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    assert answer["outcome"] == "clear" and answer["candidates"][0]["allegations"] == []


def test_withdrawn_record_is_never_used(session: Session) -> None:
    record, _, _ = accused(session)
    record.withdrawn_at = utcnow()
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    assert answer["outcome"] == "clear" and answer["candidates"] == []


def test_a_different_birth_date_and_spelling_is_review(session: Session) -> None:
    _, person, _ = accused(session, passport_number=None)
    index_all(session)
    answer = check(
        session,
        given_names="Abdool",
        family_name="Kareem",
        date_of_birth="1986-11-02",
        nationality=None,
        sex=None,
    )
    # The spellings are one name to the engine; the birth dates disagree. Whatever band the
    # pair reaches, with no strong identifier it is for an analyst, never a hit.
    assert [c["person_id"] for c in answer["candidates"]] == [person.uid]
    assert answer["outcome"] == "review"


def test_candidates_are_grouped_per_person(session: Session) -> None:
    subject, person, _ = accused(session)
    other = make_record(session, "NPL", **SUBJECT)
    make_link(session, other, person, method="auto")
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    assert [c["person_id"] for c in answer["candidates"]] == [person.uid]


def test_another_states_record_is_masked_and_nothing_about_victims(session: Session) -> None:
    accused(session)
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    matched = {m["field"]: m for m in answer["candidates"][0]["matched_on"]}
    assert matched["name"]["record"] == "A. K." and matched["name"]["query"] == "Abdul Karim"
    assert matched["date_of_birth"]["record"] == "1985"
    assert matched["passport"]["record"] is None and matched["passport"]["similarity"] == 1.0
    assert matched["passport"]["weight"] > 0
    candidate = answer["candidates"][0]
    assert set(candidate) == {"person_id", "score", "band", "matched_on", "allegations"}
    shown = json.dumps([[m["record"] for m in candidate["matched_on"]], candidate["allegations"]])
    for secret in ("victim", "minors", "repatriated", "Karim", "03-14", "BGD"):
        assert secret not in shown


def test_own_record_is_shown_as_submitted(session: Session) -> None:
    accused(session)
    index_all(session)
    answer = check(session, org="BGD", passport_number="BX4471290")
    matched = {m["field"]: m for m in answer["candidates"][0]["matched_on"]}
    assert matched["name"]["record"] == "Abdul Karim"
    assert matched["passport"]["record"] == "BX4471290"


def test_check_is_stored_and_audited(session: Session) -> None:
    accused(session)
    index_all(session)
    answer = check(session, passport_number="BX4471290")
    stored = session.scalar(select(VettingCheck).where(VettingCheck.uid == answer["check_id"]))
    assert stored is not None and stored.outcome == "hit" and stored.requested_org == "UNMISS"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.target == answer["check_id"]))
    assert entry is not None and entry.action == "check" and entry.actor_org == "UNMISS"
    assert entry.response["outcome"] == "hit" and entry.response["cases"]

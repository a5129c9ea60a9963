"""Linking the registry writes persons, links, explained candidates and serial alerts."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION
from registry.config import Settings
from registry.linking import relink_registry
from registry.linking.run import _may_fork, stale_index
from registry.models import (
    MatchCandidate,
    Person,
    RecordForm,
    RecordKey,
    RecordLink,
    SerialOffenderAlert,
)
from registry.withdrawal import withdraw_records
from tests.factories import make_allegation, make_record

pytestmark = pytest.mark.db


def _people(session: Session) -> dict[tuple[int, str], int]:
    return {
        (link.organisation_id, link.record_id): link.person_id
        for link in session.scalars(select(RecordLink))
    }


def _seed(session: Session) -> dict[str, object]:
    a = make_record(
        session,
        "BGD",
        record_id="B1",
        given_names="Md. Abdul",
        family_name="Karim",
        date_of_birth="1984-06-02",
        passport_number="BX1234567",
    )
    b = make_record(
        session,
        "MINUSCA",
        record_id="M1",
        full_name="KARIM, Mohammed Abdul",
        given_names=None,
        family_name=None,
        date_of_birth="1984-06-02",
        passport_number="BX1234567",
    )
    other = make_record(
        session,
        "NPL",
        record_id="N1",
        given_names="Ram Bahadur",
        family_name="Thapa",
        date_of_birth="1979-11-20",
        nationality="NPL",
    )
    session.commit()
    return {"a": a, "b": b, "other": other}


def test_same_person_linked_across_organisations(session: Session) -> None:
    rec = _seed(session)
    settings = Settings(database_url="unused")
    report = relink_registry(session, settings)
    session.commit()
    assert report["records"] == 3
    people = _people(session)
    a, b, other = rec["a"], rec["b"], rec["other"]
    assert people[(a.organisation_id, "B1")] == people[(b.organisation_id, "M1")]  # type: ignore[attr-defined]
    assert people[(other.organisation_id, "N1")] != people[(a.organisation_id, "B1")]  # type: ignore[attr-defined]
    candidate = session.scalars(select(MatchCandidate)).one()
    fields = {e["field"]: e for e in candidate.explanation}
    assert fields["passport"]["level"] == "exact" and fields["passport"]["weight"] > 0
    assert candidate.left_record_id < candidate.right_record_id


def test_relinking_keeps_person_ids(session: Session) -> None:
    _seed(session)
    settings = Settings(database_url="unused")
    relink_registry(session, settings)
    session.commit()
    first = _people(session)
    uids = set(session.scalars(select(Person.uid)))
    relink_registry(session, settings)
    session.commit()
    assert _people(session) == first
    assert set(session.scalars(select(Person.uid))) == uids


def test_serial_offender_alert(session: Session) -> None:
    rec = _seed(session)
    make_allegation(session, rec["a"], mission="MONUSCO")  # type: ignore[arg-type]
    make_allegation(session, rec["b"], mission="MINUSCA")  # type: ignore[arg-type]
    session.commit()
    relink_registry(session, Settings(database_url="unused"))
    session.commit()
    alert = session.scalars(select(SerialOffenderAlert)).one()
    assert any("missions" in reason for reason in alert.reasons)
    assert session.scalars(select(MatchCandidate)).one().involves_allegation


def test_empty_registry(session: Session) -> None:
    assert relink_registry(session, Settings(database_url="unused")) == {"records": 0}


def _keyed(session: Session) -> set[int]:
    return set(session.scalars(select(RecordKey.personnel_record_id).distinct()))


def test_reindex_limits_key_writing_to_the_given_records(session: Session) -> None:
    rec = _seed(session)
    settings = Settings(database_url="unused")
    relink_registry(session, settings)
    session.commit()
    everyone = {rec["a"].id, rec["b"].id, rec["other"].id}  # type: ignore[attr-defined]
    assert _keyed(session) == everyone
    session.execute(delete(RecordKey))
    relink_registry(session, settings, reindex=[rec["other"].id])  # type: ignore[attr-defined]
    session.commit()
    assert _keyed(session) == {rec["other"].id}  # type: ignore[attr-defined]


def test_records_indexed_by_another_engine_are_reindexed(session: Session) -> None:
    rec = _seed(session)
    settings = Settings(database_url="unused")
    relink_registry(session, settings)
    session.commit()
    stale = rec["a"].id  # type: ignore[attr-defined]
    session.execute(
        update(RecordForm)
        .where(RecordForm.personnel_record_id == stale)
        .values(version=NORMALISED_FORM_VERSION - 1)
    )
    session.execute(delete(RecordKey).where(RecordKey.personnel_record_id == stale))
    session.commit()
    assert stale_index(session) == [stale]
    relink_registry(session, settings, reindex=[])
    session.commit()
    assert stale in _keyed(session) and stale_index(session) == []


def test_a_withdrawn_record_loses_its_keys_at_once(session: Session) -> None:
    rec = _seed(session)
    relink_registry(session, Settings(database_url="unused"))
    session.commit()
    withdraw_records(
        session, "personnel", ["N1"], org_code="NPL", reason="sent in error", withdrawn_by="tester"
    )
    assert rec["other"].id not in _keyed(session)  # type: ignore[attr-defined]
    assert rec["a"].id in _keyed(session)  # type: ignore[attr-defined]


def test_a_relink_on_a_thread_of_a_busy_process_does_not_fork() -> None:
    # The API runs jobs on a thread beside its request threads; a child forked there
    # could inherit a lock another thread holds.
    answers: list[bool] = []
    thread = threading.Thread(target=lambda: answers.append(_may_fork()))
    thread.start()
    thread.join()
    assert answers == [False]

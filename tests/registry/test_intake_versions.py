"""Re-submissions are idempotent, changes become versions, withdrawals and statuses keep history."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.case_numbers import find_allegation_by_case_number
from registry.intake import changed_personnel_ids
from registry.models import (
    Allegation,
    AllegationEvent,
    Deployment,
    Organisation,
    PersonnelRecord,
    Submission,
)
from registry.withdrawal import withdraw_records
from tests.registry.intake_helpers import personnel_csv, rejected, seed_people, submit

pytestmark = pytest.mark.db

ALLEGATION_HEADER = "source_reference,subject_record_id,mission,category,status,victim_count"


def _versions(session: Session, record_id: str) -> list[tuple[int, bool, str | None]]:
    query = (
        select(PersonnelRecord.version, PersonnelRecord.is_current, PersonnelRecord.family_name)
        .where(PersonnelRecord.record_id == record_id)
        .order_by(PersonnelRecord.version)
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def test_same_file_again_changes_nothing(session: Session) -> None:
    data = personnel_csv("A1,Karim,Abdul,1985,BGD,M", "A2,Rahman,Fatima,1990,BGD,F")
    first = submit(session, "personnel", data)
    again = submit(session, "personnel", data)
    assert (again.status, again.rows_unchanged, again.changed) == ("unchanged", 2, 0)
    assert again.same_file_as == first.submission_uid
    assert "nothing changed" in " ".join(again.lines())
    assert len(list(session.scalars(select(PersonnelRecord)))) == 2


def test_changed_record_becomes_a_new_version(session: Session) -> None:
    submit(session, "personnel", personnel_csv("A1,Karim,Abdul,1985,BGD,M", "A2,Rahman,,,,"))
    report = submit(session, "personnel", personnel_csv("A1,Kareem,Abdul,1985,BGD,M"))
    assert (report.rows_created, report.rows_updated) == (0, 1)
    assert _versions(session, "A1") == [(1, False, "Karim"), (2, True, "Kareem")]
    assert _versions(session, "A2") == [(1, True, "Rahman")]  # absent is not withdrawn
    assert report.submission_id is not None
    changed = changed_personnel_ids(session, report.submission_id)
    assert [session.get(PersonnelRecord, i).record_id for i in changed] == ["A1"]  # type: ignore[union-attr]


def test_organisation_registered_on_first_use(session: Session) -> None:
    seed_people(session, "A1", org="npl")
    seed_people(session, "A2", org="UNMISS")
    orgs = {o.code: (o.kind, o.name) for o in session.scalars(select(Organisation))}
    assert orgs == {"NPL": ("state", "Nepal"), "UNMISS": ("mission", "UNMISS")}


def test_withdrawal_with_reason_and_resubmission(session: Session) -> None:
    data = personnel_csv("A1,Karim,Abdul,1985,BGD,M")
    submit(session, "personnel", data)
    report = withdraw_records(
        session, "personnel", ["A1"], org_code="BGD", reason="duplicate entry", withdrawn_by="t"
    )
    assert (report.withdrawn, len(report.personnel_ids)) == (1, 1)
    record = session.scalars(select(PersonnelRecord)).one()
    assert record.withdrawn_reason == "duplicate entry" and record.withdrawn_at is not None
    statuses = [s.status for s in session.scalars(select(Submission).order_by(Submission.id))]
    assert statuses == ["accepted", "withdrawal"]
    again = submit(session, "personnel", data)  # sending it again reinstates it as a new version
    assert again.rows_updated == 1
    assert _versions(session, "A1") == [(1, False, "Karim"), (2, True, "Karim")]


def test_withdrawal_of_unknown_ids_changes_nothing(session: Session) -> None:
    seed_people(session, "A1")
    from registry.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        withdraw_records(
            session, "personnel", ["A1", "Z9"], org_code="BGD", reason="x", withdrawn_by="t"
        )
    assert [p.value for p in caught.value.problems] == ["Z9"]
    assert session.scalars(select(PersonnelRecord.withdrawn_at)).one() is None


def test_allegation_case_number_versions_and_status_history(session: Session) -> None:
    seed_people(session, "P1")
    header = ALLEGATION_HEADER
    first = f"{header}\nS1,P1,MINUSCA,sexual_abuse,reported,1\n".encode()
    submit(session, "allegations", first)
    allegation = session.scalars(select(Allegation)).one()
    assert find_allegation_by_case_number(session, allegation.case_number).id == allegation.id
    submit(session, "allegations", first)  # unchanged
    submit(
        session, "allegations", f"{header}\nS1,P1,MINUSCA,sexual_abuse,substantiated,2\n".encode()
    )
    withdraw_records(
        session, "allegations", ["S1"], org_code="BGD", reason="error", withdrawn_by="t"
    )
    session.refresh(allegation)
    assert (allegation.version, allegation.status, allegation.victim_count) == (
        3,
        "substantiated",
        2,
    )
    events = list(session.scalars(select(AllegationEvent).order_by(AllegationEvent.version)))
    assert [(e.version, e.status) for e in events] == [
        (1, "reported"),
        (2, "substantiated"),
        (3, "substantiated"),
    ]
    assert events[1].changes == {"status": ["reported", "substantiated"], "victim_count": [1, 2]}
    assert events[2].changes["withdrawn"] == [False, True]


def test_deployments_need_a_known_subject_and_update_in_place(session: Session) -> None:
    seed_people(session, "P1")
    header = "record_id,mission,start_date,end_date,role"
    submit(session, "deployments", f"{header}\nP1,unmiss,2020-01-01,,driver\n".encode())
    report = submit(
        session, "deployments", f"{header}\nP1,UNMISS,2020-01-01,2020-12-31,driver\n".encode()
    )
    assert (report.rows_created, report.rows_updated) == (0, 1)
    deployment = session.scalars(select(Deployment)).one()
    assert (deployment.mission, deployment.end_date) == ("UNMISS", "2020-12-31")
    error = rejected(session, "deployments", f"{header}\nP9,UNMISS,2020-01-01,,\n".encode())
    assert error.problems[0].value == "P9"


def test_submission_and_withdrawal_are_audited(session: Session) -> None:
    from registry.models import AuditEntry

    report = submit(session, "personnel", personnel_csv("A1,Karim,Abdul,1985,BGD,M"))
    withdraw_records(session, "personnel", ["A1"], org_code="BGD", reason="x", withdrawn_by="t")
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [(e.action, e.actor_org) for e in entries] == [
        ("submission", "BGD"),
        ("withdrawal", "BGD"),
    ]
    assert entries[0].target == report.submission_uid
    assert entries[0].response["rows_created"] == 1

"""`/v1/screenings`: a roster in, 202 and a job; status with progress; results as JSON or CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import create_app
from registry.jobs.dispatch import wait_local
from registry.models import AuditEntry, PersonnelRecord
from tests.auth_helpers import auth_header
from tests.factories import make_allegation, make_candidate, make_link, make_record
from tests.registry.vetting_helpers import QUERY, index_all

pytestmark = pytest.mark.db

ROSTER = (
    "record_id,given_names,family_name,date_of_birth,nationality,passport_number\n"
    "B-1,Abdul,Karim,1985-03-14,BGD,BX4471290\n"
    "B-2,Ram,Thapa,1979-01-02,NPL,\n"
)


def accused(session: Session) -> tuple[str, str]:
    """A BGD record with an allegation: (person uid, record id)."""
    record = make_record(session, "BGD", **QUERY, passport_number="BX4471290")
    person = make_link(session, record)
    make_allegation(session, record)
    index_all(session)
    return str(person.uid), record.record_id


def submit(client: FlaskClient, app: Flask, **kwargs: object) -> dict:
    response = client.post("/v1/screenings", headers=auth_header(app, org="BGD"), **kwargs)
    assert response.status_code == 202, response.get_json()
    assert response.headers["Location"] == response.get_json()["status_url"]
    wait_local()
    return dict(response.get_json())


def test_csv_roster_is_screened(app: Flask, client: FlaskClient, session: Session) -> None:
    person, record_id = accused(session)
    accepted = submit(client, app, data=ROSTER, content_type="text/csv")
    status = client.get(accepted["status_url"], headers=auth_header(app, org="BGD")).get_json()
    assert status["status"] == "succeeded" and status["progress"]["done"] == 2
    assert status["outcomes"] == {"clear": 1, "hit": 1}
    results = client.get(accepted["results_url"], headers=auth_header(app, org="BGD")).get_json()
    rows = results["results"]
    assert rows[0] == {
        "roster_record_id": "B-1",
        "person_id": person,
        "record_id": record_id,
        "score": rows[0]["score"],
        "band": "link",
        "outcome": "hit",
    }
    assert rows[1] == {
        "roster_record_id": "B-2",
        "person_id": None,
        "record_id": None,
        "score": None,
        "band": None,
        "outcome": "clear",
    }


def test_results_as_csv(app: Flask, client: FlaskClient, session: Session) -> None:
    accused(session)
    accepted = submit(client, app, data=ROSTER, content_type="text/csv")
    response = client.get(
        accepted["results_url"] + "?format=csv", headers=auth_header(app, org="BGD")
    )
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == [
        "roster_record_id",
        "person_id",
        "record_id",
        "score",
        "band",
        "outcome",
    ]
    assert [(r["roster_record_id"], r["outcome"]) for r in rows] == [
        ("B-1", "hit"),
        ("B-2", "clear"),
    ]


def test_json_roster_and_audit_entry(app: Flask, client: FlaskClient, session: Session) -> None:
    accused(session)
    roster = [{"record_id": "B-1", **QUERY, "passport_number": "BX4471290"}]
    accepted = submit(client, app, json={"roster": roster})
    entry = session.scalar(select(AuditEntry).where(AuditEntry.target == accepted["screening_id"]))
    assert entry is not None and entry.action == "screening"
    assert entry.response["outcomes"] == {"hit": 1} and "registry_version" in entry.response


def test_cleared_persons_are_skipped_on_request(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    accused(session)
    own = make_record(session, "BGD", record_id="B-1", **QUERY)
    make_link(session, own)
    subject = session.scalars(select(PersonnelRecord).order_by(PersonnelRecord.id)).first()
    assert subject is not None
    make_candidate(session, subject, own, status="rejected")
    index_all(session)
    roster = [{"record_id": "B-1", **QUERY}]
    plain = submit(client, app, json={"roster": roster})
    skipped = submit(client, app, json={"roster": roster, "skip_cleared": True})
    header = auth_header(app, org="BGD")
    persons = [
        {r["person_id"] for r in client.get(s["results_url"], headers=header).get_json()["results"]}
        for s in (plain, skipped)
    ]
    assert len(persons[0]) == 2 and len(persons[1]) == 1


def test_bad_roster_names_row_and_column(app: Flask, client: FlaskClient) -> None:
    bad = "record_id,family_name,nationality,shoe\nB-1,Karim,BGD,42\n"
    response = client.post(
        "/v1/screenings", data=bad, content_type="text/csv", headers=auth_header(app)
    )
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["column"] == "shoe"
    rows = "record_id,family_name,nationality\nB-1,Karim,XX\nB-1,,BGD\n"
    problems = client.post(
        "/v1/screenings", data=rows, content_type="text/csv", headers=auth_header(app)
    ).get_json()["problems"]
    assert {(p["row"], p["column"]) for p in problems} >= {
        (2, "nationality"),
        (3, "family_name"),
        (3, "record_id"),
    }


def test_roster_size_is_limited(db_url: str, tmp_path: Path) -> None:
    app = create_app({"database_url": db_url, "var_dir": tmp_path, "max_roster_rows": 1})
    response = app.test_client().post(
        "/v1/screenings", data=ROSTER, content_type="text/csv", headers=auth_header(app)
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_other_organisations_cannot_see_a_screening(app: Flask, client: FlaskClient) -> None:
    accepted = submit(client, app, data=ROSTER, content_type="text/csv")
    other = auth_header(app, org="NPL")
    assert client.get(accepted["status_url"], headers=other).status_code == 404
    assert client.get(accepted["results_url"], headers=other).status_code == 404

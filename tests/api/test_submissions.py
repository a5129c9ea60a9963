"""Submissions over HTTP: own organisation only, problem+json errors, limits as 413."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from api import create_app
from api.database import db_session
from registry.jobs.dispatch import wait_local
from registry.models import Allegation, RecordLink
from tests.auth_helpers import auth_header

pytestmark = pytest.mark.db

PEOPLE = (
    b"record_id,family_name,date_of_birth,nationality\n"
    b"A1,Karim,14/03/1985,BGD\nA2,Rahman,1990,BGD\n"
)
ALLEGATION = b"source_reference,subject_record_id,category,status\nS1,A1,other,reported\n"


def _headers(
    app: Flask, org: str = "BGD", roles: tuple[str, ...] = ("submitter",)
) -> dict[str, str]:
    return auth_header(app, sub="alice", org=org, roles=roles)


def test_raw_body_submission_and_its_status(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/submissions/personnel?date_format=DD/MM/YYYY",
        data=PEOPLE,
        headers=_headers(app),
        content_type="text/csv",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["status"], body["rows_created"], body["encoding"]) == ("accepted", 2, "utf-8")
    assert body["link_job"]["uid"]
    wait_local()
    status = client.get(response.headers["Location"], headers=_headers(app)).get_json()
    assert status["rows"]["created"] == 2
    assert status["link_job"] == {"uid": body["link_job"]["uid"], "status": "succeeded"}
    with app.app_context():
        linked = db_session().scalar(select(func.count()).select_from(RecordLink))
    assert linked == 2
    again = client.post(
        "/v1/submissions/personnel?date_format=DD/MM/YYYY",
        data=PEOPLE,
        headers=_headers(app),
        content_type="text/csv",
    )
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    assert again.get_json()["link_job"] is None
    other = client.get(response.headers["Location"], headers=_headers(app, org="NPL"))
    assert other.status_code == 404


def test_multipart_upload_and_dry_run(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/submissions/personnel",
        data={
            "file": (io.BytesIO(PEOPLE), "people.csv"),
            "date_format": "DD/MM/YYYY",
            "dry_run": "true",
        },
        headers=_headers(app),
        content_type="multipart/form-data",
    )
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "valid"
    assert body["file_name"] == "people.csv" and body["submission_uid"] is None


def test_invalid_file_is_422_problem_with_rows(app: Flask, client: FlaskClient) -> None:
    rows = b"record_id,family_name,nationality\n" + b"".join(
        b"R%d,Karim,ZZZ\n" % i for i in range(150)
    )
    response = client.post(
        "/v1/submissions/personnel", data=rows, headers=_headers(app), content_type="text/csv"
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["problem_count"] == 150 and len(body["problems"]) == 100
    assert body["problems"][0] == {
        "message": "not an ISO 3166-1 alpha-3 country code (e.g. BGD, NPL)",
        "row": 2,
        "column": "nationality",
        "value": "ZZZ",
    }


def test_other_organisation_and_wrong_role_are_refused(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/submissions/personnel?org=NPL",
        data=PEOPLE,
        headers=_headers(app),
        content_type="text/csv",
    )
    assert response.status_code == 403
    vetting = _headers(app, roles=("vetting",))
    assert client.post("/v1/submissions/personnel", data=PEOPLE, headers=vetting).status_code == 403
    assert client.post("/v1/submissions/personnel", data=PEOPLE).status_code == 401


def test_upload_over_the_limit_is_413(db_url: str, tmp_path: Path) -> None:
    app = create_app(
        {"database_url": db_url, "var_dir": tmp_path, "TESTING": True, "max_upload_bytes": 40}
    )
    response = app.test_client().post(
        "/v1/submissions/personnel", data=PEOPLE, headers=_headers(app), content_type="text/csv"
    )
    assert response.status_code == 413
    assert "the limit is 40" in response.get_json()["detail"]


def test_row_limit_is_413(db_url: str, tmp_path: Path) -> None:
    app = create_app({"database_url": db_url, "var_dir": tmp_path, "TESTING": True, "max_rows": 1})
    response = app.test_client().post(
        "/v1/submissions/personnel", data=PEOPLE, headers=_headers(app), content_type="text/csv"
    )
    assert response.status_code == 413 and "more than 1 rows" in response.get_json()["detail"]


def test_withdrawal_and_case_lookup(app: Flask, client: FlaskClient) -> None:
    client.post(
        "/v1/submissions/personnel?date_format=DD/MM/YYYY",
        data=PEOPLE,
        headers=_headers(app),
        content_type="text/csv",
    )
    created = client.post(
        "/v1/submissions/allegations",
        data=ALLEGATION,
        headers=_headers(app),
        content_type="text/csv",
    )
    assert created.status_code == 201, created.get_json()
    with app.app_context():
        number = db_session().scalars(select(Allegation.case_number)).one()
    case = client.get(f"/v1/cases/{number}", headers=_headers(app))
    assert case.status_code == 200 and case.get_json()["status"] == "reported"
    mistyped = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert client.get(f"/v1/cases/{mistyped}", headers=_headers(app)).status_code == 422
    assert client.get(f"/v1/cases/{number}", headers=_headers(app, org="NPL")).status_code == 404
    response = client.post(
        "/v1/submissions/personnel/withdrawals",
        headers=_headers(app),
        json={"ids": ["A2"], "reason": "entered twice"},
    )
    assert response.status_code == 200 and response.get_json()["withdrawn"] == 1
    missing = client.post(
        "/v1/submissions/personnel/withdrawals",
        headers=_headers(app),
        json={"ids": ["Z9"], "reason": "x"},
    )
    assert missing.status_code == 422 and missing.get_json()["problems"][0]["value"] == "Z9"

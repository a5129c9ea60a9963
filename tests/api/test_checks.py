"""`POST /v1/checks` over HTTP: answer shape, validation and error bodies."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api import create_app
from api.schemas import CheckResponse
from tests.auth_helpers import auth_header
from tests.factories import make_allegation, make_link, make_record
from tests.registry.vetting_helpers import QUERY, index_all

pytestmark = pytest.mark.db


def post(client: FlaskClient, app: Flask, body: object, **kwargs: object) -> object:
    return client.post("/v1/checks", json=body, headers=auth_header(app, org="UNMISS"), **kwargs)


def test_check_answers_per_design(app: Flask, client: FlaskClient, session: Session) -> None:
    record = make_record(session, "BGD", **QUERY, passport_number="BX4471290")
    person = make_link(session, record)
    case = make_allegation(session, record).case_number
    index_all(session)
    response = client.post(
        "/v1/checks",
        json={**QUERY, "passport_number": "BX4471290"},
        headers=auth_header(app, org="UNMISS"),
    )
    assert response.status_code == 200, response.get_json()
    body = CheckResponse.model_validate(response.get_json())
    assert body.outcome == "hit" and body.query["passport_number"] == "BX4471290"
    assert body.candidates[0].person_id == person.uid
    assert body.candidates[0].allegations[0].case_number == case
    assert list(response.get_json()) == ["check_id", "outcome", "query", "candidates"]


def test_query_is_echoed_as_parsed(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/checks",
        headers=auth_header(app),
        json={"full_name": "  Li Wei ", "nationality": "chn", "sex": "m"},
    )
    assert response.status_code == 200
    assert response.get_json()["query"] == {"full_name": "Li Wei", "nationality": "CHN", "sex": "M"}
    assert response.get_json()["outcome"] == "clear"


def test_unknown_field_is_refused_by_name(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/checks", headers=auth_header(app), json={"full_name": "Li Wei", "shoe_size": "42"}
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.get_json()["problems"][0]["field"] == "shoe_size"
    assert "unknown field" in response.get_json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"full_name": "Li", "nationality": "XX"}, "nationality"),
        ({"full_name": "Li", "date_of_birth": "14.03.85"}, "date_of_birth"),
        ({"full_name": "Li", "sex": "Q"}, "sex"),
        ({"date_of_birth": "1985"}, "body"),
        ({"full_name": 42}, "full_name"),
    ],
)
def test_bad_fields_are_named(app: Flask, client: FlaskClient, body: dict, field: str) -> None:
    response = client.post("/v1/checks", headers=auth_header(app), json=body)
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["field"] == field


def test_bad_json_and_wrong_media_type(app: Flask, client: FlaskClient) -> None:
    bad = client.post(
        "/v1/checks",
        headers={**auth_header(app), "Content-Type": "application/json"},
        data="{not json",
    )
    assert bad.status_code == 400 and bad.content_type == "application/problem+json"
    text = client.post("/v1/checks", headers=auth_header(app), data="full_name=Li")
    assert text.status_code == 415
    array = client.post("/v1/checks", headers=auth_header(app), json=[1, 2])
    assert array.status_code == 422


def test_needs_the_vetting_role(app: Flask, client: FlaskClient) -> None:
    assert client.post("/v1/checks", json=QUERY).status_code == 401
    refused = client.post("/v1/checks", json=QUERY, headers=auth_header(app, roles=("analyst",)))
    assert refused.status_code == 403


def test_other_errors_are_problems_without_internals(db_url: str, tmp_path: Path) -> None:
    app = create_app({"database_url": db_url, "var_dir": tmp_path, "max_upload_bytes": 2000})
    client = app.test_client()
    wrong_method = client.get("/v1/checks", headers=auth_header(app))
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["Allow"]
    missing = client.get("/v1/nowhere", headers=auth_header(app))
    assert missing.status_code == 404
    huge = client.post("/v1/checks", headers=auth_header(app), json={"full_name": "x" * 3000})
    assert huge.status_code == 413
    for response in (wrong_method, missing, huge):
        assert response.content_type == "application/problem+json"
        assert "Traceback" not in response.get_data(as_text=True)

"""Every endpoint of the app × every role (and none) × own and other organisation.

BGD owns every object probed; a caller from NPL must get the same "not found" a made-up
id gets, and no answer to NPL may carry BGD's record. The endpoints come from the app's
url_map, so a new one fails here until its policy is written in `authz_probes.PROBES`.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from api import create_app
from registry.case_numbers import format_case_number
from registry.db import session_factory
from registry.jobs.dispatch import wait_local
from registry.models import Allegation, AuditEntry, PersonnelRecord, SerialOffenderAlert
from tests.auth_helpers import auth_header
from tests.factories import make_candidate, make_link, make_record
from tests.registry.vetting_helpers import index_all
from tests.reliability.authz_probes import (
    ORGS,
    OTHER,
    OWN,
    PROBES,
    ROLES,
    SECRET_FAMILY_NAME,
    SECRET_PASSPORT,
    SECRET_UNIT,
    SIGN_IN,
    Probe,
)
from tests.reliability.db_state import empty_tables
from tests.reliability.figures import report

pytestmark = pytest.mark.db

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRETS = (SECRET_FAMILY_NAME, SECRET_PASSPORT, SECRET_UNIT)


def _routes() -> list[str]:
    """'endpoint METHOD' of every route of the app (it needs no database to list them)."""
    with tempfile.TemporaryDirectory() as var_dir:
        app = create_app({"database_url": "sqlite://", "var_dir": var_dir})
    return sorted(
        f"{rule.endpoint} {method}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


ROUTES = _routes()


@dataclass
class Matrix:
    """The app, BGD's objects and one token per role × organisation."""

    app: Flask
    objects: dict[str, Any]
    tokens: dict[tuple[str | None, str], str] = field(default_factory=dict)
    probes: int = 0
    wrong: int = 0

    def token(self, role: str | None, org: str) -> str:
        """A token of `role` in `org` ("" for no role), minted once."""
        if role is None:
            return ""
        if (role, org) not in self.tokens:
            header = auth_header(self.app, sub=f"{role}-{org}", org=org, roles=(role,))
            self.tokens[role, org] = header["Authorization"].removeprefix("Bearer ")
        return self.tokens[role, org]

    def send(self, probe: Probe, role: str | None, org: str) -> tuple[int, str]:
        """The status (SIGN_IN for a redirect to sign in) and body of `probe` by this caller."""
        self.probes += 1
        objects = {**self.objects, "caller": org, "token": self.token(role, org)}
        if probe.html:
            response = _page(self.app.test_client(), probe, objects, role)
        else:
            headers = {"Authorization": f"Bearer {objects['token']}"} if role else {}
            response = self.app.test_client().open(
                probe.url(objects), method=probe.method, headers=headers, **probe.body(objects)
            )
        wait_local()
        location = response.headers.get("Location", "")
        status = SIGN_IN if location.startswith("/review/sign-in") else response.status_code
        return status, response.get_data(as_text=True)


def _csrf(client: FlaskClient) -> str:
    found = CSRF_RE.search(client.get("/review/sign-in").get_data(as_text=True))
    assert found, "no CSRF token on the sign-in page"
    return found.group(1)


def _page(
    client: FlaskClient, probe: Probe, objects: dict[str, Any], role: str | None
) -> TestResponse:
    """A review page as a browser reaches it: signed in with the caller's token first."""
    signing_in = probe.url(objects) == "/review/sign-in"
    if role and not signing_in:
        client.post(
            "/review/sign-in", data={"token": objects["token"], "csrf_token": _csrf(client)}
        )
    if probe.method == "GET":
        return client.get(probe.url(objects))
    data = {**probe.body(objects).get("data", {}), "csrf_token": _csrf(client)}
    return client.post(probe.url(objects), data=data)


def _seed(client: FlaskClient, app: Flask, url: str) -> dict[str, Any]:
    """BGD's submission, case, deployment, screening and certificate; a pair and an alert."""
    submitter = auth_header(app, sub="seed", org=OWN, roles=("submitter", "vetting"))
    people = (
        "record_id,family_name,given_names,date_of_birth,nationality,passport_number,unit\n"
        f"B-1,{SECRET_FAMILY_NAME},Dragan,1984-06-02,BGD,{SECRET_PASSPORT},{SECRET_UNIT}\n"
    )
    files = {
        "personnel": people,
        "deployments": "record_id,mission\nB-1,MINUSCA\n",
        "allegations": (
            "source_reference,subject_record_id,category,status\nS-1,B-1,other,reported\n"
        ),
    }
    uids = {}
    for kind, text in files.items():
        answer = client.post(
            f"/v1/submissions/{kind}", data=text, headers=submitter, content_type="text/csv"
        )
        assert answer.status_code == 201, answer.get_json()
        uids[kind] = answer.get_json()["submission_uid"]
    with session_factory(url)() as session:
        record = session.scalars(select(PersonnelRecord).where(PersonnelRecord.record_id == "B-1"))
        bgd = record.one()
        person = make_link(session, bgd)
        other = make_record(session, OTHER, family_name="Zvonimirovich", given_names="Dragan")
        make_link(session, other, person)
        candidate = make_candidate(session, bgd, other)
        alert = SerialOffenderAlert(person_id=person.id, reasons=["authorisation probe"])
        session.add(alert)
        session.commit()
        index_all(session)
        case_number = session.scalars(select(Allegation.case_number)).one()
        ids = {"candidate": candidate.id, "alert": alert.id, "case_number": case_number}
    roster = "record_id,family_name\nR-1,Karim\n"
    screening = client.post(
        "/v1/screenings", data=roster, headers=submitter, content_type="text/csv"
    )
    assert screening.status_code == 202, screening.get_json()
    wait_local()
    with session_factory(url)() as session:
        seq = session.scalar(
            select(func.max(AuditEntry.seq)).where(AuditEntry.action == "screening")
        )
    return {
        **ids,
        "submission": uids["personnel"],
        "deployment_record": "B-1",
        "screening": screening.get_json()["screening_id"],
        "screening_seq": seq,
    }


@pytest.fixture(scope="module")
def matrix(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Matrix]:
    """The app over a registry holding BGD's objects."""
    var_dir: Path = tmp_path_factory.mktemp("authz")
    config = {"database_url": database_url, "var_dir": var_dir, "link_on_intake": False}
    app = create_app(config)
    found = Matrix(app, _seed(app.test_client(), app, database_url))
    try:
        yield found
    finally:
        report(
            request,
            f"authorisation: {found.probes} probes ({len(ROUTES)} routes x {len(ROLES)} roles "
            f"x {len(ORGS)} organisations), {found.wrong} leaks or wrong answers",
        )
        wait_local()
        empty_tables(database_url)


def test_every_route_has_a_policy() -> None:
    assert sorted(PROBES) == ROUTES, "write the authorisation policy of each new route"


@pytest.mark.parametrize("route", ROUTES)
def test_route_answers_every_caller_as_the_policy_says(matrix: Matrix, route: str) -> None:
    probe = PROBES[route]
    wrong = []
    for role in ROLES:
        for org in ORGS:
            status, body = matrix.send(probe, role, org)
            if status not in probe.expect(role, org):
                wrong.append(f"{role} of {org}: {status} {body[:200]}")
            # Auditors and analysts are registry staff: they see every organisation's records.
            if org == OTHER and role not in {"auditor", "analyst"}:
                leaked = [secret for secret in SECRETS if secret in body]
                if leaked:
                    wrong.append(f"{role} of {org} was shown BGD's {leaked}")
    matrix.wrong += len(wrong)
    assert wrong == [], f"{route}: {len(wrong)} leak(s) or wrong answers:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("url", "made_up"),
    [
        ("/v1/submissions/{submission}", "/v1/submissions/00000000-0000-4000-8000-000000000000"),
        ("/v1/screenings/{screening}", "/v1/screenings/00000000-0000-4000-8000-000000000000"),
        ("/v1/audit/{screening_seq}/certificate", "/v1/audit/999999/certificate"),
        ("/v1/cases/{case_number}", None),
    ],
)
def test_another_organisations_object_looks_like_no_object(
    matrix: Matrix, url: str, made_up: str | None
) -> None:
    """No existence oracle: the same problem, bar the id, as for an id that was never issued."""
    real = url.format(**matrix.objects)
    if made_up is None:  # a case number with a valid check digit that was never issued
        made_up = "/v1/cases/" + _unissued_case_number(matrix.objects["case_number"])
    role = "submitter" if "/submissions/" in url or "/cases/" in url else "vetting"
    headers = {"Authorization": f"Bearer {matrix.token(role, OTHER)}"}
    client = matrix.app.test_client()
    theirs, nobody = client.get(real, headers=headers), client.get(made_up, headers=headers)
    assert theirs.status_code == nobody.status_code == 404
    real_id, fake_id = real.split("/")[3], made_up.split("/")[3]
    shown, expected = theirs.get_json(), nobody.get_json()
    shown["detail"] = shown["detail"].replace(real_id, "ID")
    expected["detail"] = expected["detail"].replace(fake_id, "ID")
    assert shown == expected


def _unissued_case_number(issued: str) -> str:
    """A well-formed case number of the same year that was never issued."""
    year = int(issued.split("-")[1])
    return format_case_number(year, 999_999)

"""`GET /v1/audit`: filters, paging, CSV export, auditors only; screening certificates."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from registry.audit import append_audit
from registry.models import AuditEntry
from tests.auth_helpers import auth_header

pytestmark = pytest.mark.db


def audit(session: Session, **overrides: Any) -> AuditEntry:
    """One committed audit entry."""
    values: dict[str, Any] = {
        "actor_sub": "alice",
        "actor_org": "BGD",
        "action": "check",
        "target": "chk-1",
        "request": {"family_name": "Karim"},
        "response": {"outcome": "clear"},
    }
    values.update(overrides)
    entry = append_audit(session, **values)
    session.commit()
    return entry


@pytest.fixture
def auditor(app: Flask) -> dict[str, str]:
    return auth_header(app, sub="oio", org="UN", roles=("auditor",))


@pytest.fixture
def trail(session: Session) -> list[AuditEntry]:
    return [
        audit(session),
        audit(session, actor_sub="bob", actor_org="NPL", target="chk-2"),
        audit(session, action="screening", target="scr-1", response={"outcomes": {"clear": 3}}),
        audit(session, actor_sub="bob", actor_org="NPL", action="submission", target="sub-9"),
    ]


def _seqs(client: FlaskClient, headers: dict[str, str], query: str) -> list[int]:
    response = client.get(f"/v1/audit?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [e["seq"] for e in response.get_json()["entries"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3, 4]),
        ("actor=bob", [2, 4]),
        ("org=BGD", [1, 3]),
        ("action=screening", [3]),
        ("target=chk-2", [2]),
        ("org=NPL&action=submission", [4]),
        ("after=2", [3, 4]),
    ],
)
def test_filters(
    client: FlaskClient,
    auditor: dict[str, str],
    trail: list[AuditEntry],
    query: str,
    expected: list[int],
) -> None:
    assert _seqs(client, auditor, query) == expected


def test_time_filters(
    client: FlaskClient, auditor: dict[str, str], trail: list[AuditEntry], session: Session
) -> None:
    old = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    session.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(at=old))
    session.commit()
    assert _seqs(client, auditor, "to=2024-05-01") == [1]
    assert _seqs(client, auditor, "from=2024-05-02") == [2, 3, 4]
    assert _seqs(client, auditor, "from=2024-05-01T11:00:00&to=2024-05-01T12:00:00Z") == [1]
    assert _seqs(client, auditor, "to=2024-05-01T11:59:59%2B00:00") == []
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert _seqs(client, auditor, f"from={tomorrow}") == []


def test_paging(client: FlaskClient, auditor: dict[str, str], trail: list[AuditEntry]) -> None:
    first = client.get("/v1/audit?limit=3", headers=auditor).get_json()
    assert [e["seq"] for e in first["entries"]] == [1, 2, 3]
    assert first["next_after"] == 3
    rest = client.get("/v1/audit?limit=3&after=3", headers=auditor).get_json()
    assert [e["seq"] for e in rest["entries"]] == [4]
    assert rest["next_after"] is None


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=5000", "from=yesterday", "format=xml", "who=x"]
)
def test_bad_parameters(client: FlaskClient, auditor: dict[str, str], query: str) -> None:
    response = client.get(f"/v1/audit?{query}", headers=auditor)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"


def test_entry_shows_who_what_when(
    client: FlaskClient, auditor: dict[str, str], trail: list[AuditEntry]
) -> None:
    entry = client.get("/v1/audit?target=chk-1", headers=auditor).get_json()["entries"][0]
    assert entry["actor_sub"] == "alice" and entry["actor_org"] == "BGD"
    assert entry["request"] == {"family_name": "Karim"}
    assert entry["response"] == {"outcome": "clear"}
    assert entry["entry_hash"] == trail[0].entry_hash
    assert datetime.fromisoformat(entry["at"]).tzinfo is not None


@pytest.mark.parametrize("roles", [("vetting",), ("analyst",), ("submitter",), ("admin",)])
def test_auditors_only(
    app: Flask, client: FlaskClient, trail: list[AuditEntry], roles: tuple[str, ...]
) -> None:
    assert client.get("/v1/audit", headers=auth_header(app, roles=roles)).status_code == 403
    assert (
        client.get("/v1/audit?format=csv", headers=auth_header(app, roles=roles)).status_code == 403
    )
    assert client.get("/v1/audit").status_code == 401


def test_csv_export_is_spreadsheet_safe(
    client: FlaskClient, auditor: dict[str, str], session: Session
) -> None:
    audit(session, actor_sub='=HYPERLINK("http://x")', target="+1", action="check")
    audit(session, actor_sub="-2", target="@SUM(A1)", action="check")
    audit(session, actor_sub="\tcmd", target="plain", action="check")
    response = client.get("/v1/audit?format=csv", headers=auditor)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["actor_sub"] for r in rows] == ['\'=HYPERLINK("http://x")', "'-2", "'\tcmd"]
    assert [r["target"] for r in rows] == ["'+1", "'@SUM(A1)", "plain"]
    assert rows[0]["request"] == '{"family_name":"Karim"}'
    assert rows[0]["seq"] == "1"


def test_csv_export_applies_filters(
    client: FlaskClient, auditor: dict[str, str], trail: list[AuditEntry]
) -> None:
    text = client.get("/v1/audit?format=csv&actor=bob", headers=auditor).get_data(as_text=True)
    assert [r["seq"] for r in csv.DictReader(io.StringIO(text))] == ["2", "4"]


def _screening(session: Session) -> AuditEntry:
    return audit(
        session,
        actor_org="NPL",
        action="screening",
        target="scr-7",
        request={"roster_rows": 120, "file_sha256": "ab" * 32},
        response={"registry_version": 42, "outcomes": {"clear": 118, "review": 2}},
    )


def test_certificate_json(client: FlaskClient, auditor: dict[str, str], session: Session) -> None:
    entry = _screening(session)
    cert = client.get(f"/v1/audit/{entry.seq}/certificate", headers=auditor).get_json()
    day = entry.at.date().isoformat()
    assert cert["statement"] == (
        f"Screened on {day} against registry version 42: result clear 118, review 2."
    )
    assert cert["registry_version"] == 42
    assert cert["screening"] == "scr-7"
    assert cert["entry_hash"] == entry.entry_hash
    assert cert["entry_intact"] is True and cert["chain_link_intact"] is True


def test_certificate_text(client: FlaskClient, auditor: dict[str, str], session: Session) -> None:
    entry = _screening(session)
    response = client.get(
        f"/v1/audit/{entry.seq}/certificate", headers={**auditor, "Accept": "text/plain"}
    )
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "registry version 42" in text and entry.entry_hash in text
    as_param = client.get(f"/v1/audit/{entry.seq}/certificate?format=text", headers=auditor)
    assert as_param.get_data(as_text=True) == text


def test_certificate_shows_tampering(
    client: FlaskClient, auditor: dict[str, str], session: Session
) -> None:
    entry = _screening(session)
    forged = {"registry_version": 42, "outcome": "clear"}
    session.execute(update(AuditEntry).where(AuditEntry.seq == entry.seq).values(response=forged))
    session.commit()
    cert = client.get(f"/v1/audit/{entry.seq}/certificate", headers=auditor).get_json()
    assert cert["entry_intact"] is False


def test_certificate_only_for_screenings(
    client: FlaskClient, auditor: dict[str, str], trail: list[AuditEntry]
) -> None:
    assert client.get("/v1/audit/1/certificate", headers=auditor).status_code == 404
    assert client.get("/v1/audit/99/certificate", headers=auditor).status_code == 404


def test_certificate_for_the_screening_state_only(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    entry = _screening(session)
    own = auth_header(app, org="NPL", roles=("vetting",))
    other = auth_header(app, org="BGD", roles=("vetting",))
    assert client.get(f"/v1/audit/{entry.seq}/certificate", headers=own).status_code == 200
    assert client.get(f"/v1/audit/{entry.seq}/certificate", headers=other).status_code == 404
    submitter = auth_header(app, org="NPL", roles=("submitter",))
    assert client.get(f"/v1/audit/{entry.seq}/certificate", headers=submitter).status_code == 403

"""Property-level probes and enumeration: a submitter cannot reach another state's records
through body fields, and a vetting answer discloses only case number, status, category
and mission — never the other state's record, nothing about victims, at most 5 people."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from api import create_app
from registry.db import session_factory
from registry.jobs.dispatch import wait_local
from registry.models import Allegation, PersonnelRecord
from tests.auth_helpers import auth_header
from tests.factories import make_link
from tests.fixed_clock import freeze_rate_limit_clock
from tests.registry.vetting_helpers import index_all
from tests.reliability.db_state import empty_tables, row_counts

pytestmark = pytest.mark.db

BGD_PEOPLE = (
    "record_id,family_name,given_names,date_of_birth,nationality,sex,passport_number,"
    "place_of_birth,rank,unit\n"
    "B-1,Zvonimirovic,Dragan,1984-06-02,BGD,M,BX4471290,Sylhet Sadar,Major,7th Engineer Company\n"
    + "".join(f"K-{i},Karim,Abdul,1985-03-14,BGD,M,,,,\n" for i in range(8))
)
BGD_ALLEGATION = (
    "source_reference,subject_record_id,category,status,outcome,minors_involved,victim_count\n"
    "S-1,B-1,sexual_abuse,substantiated,repatriated,true,3\n"
)
SECRETS = ("Zvonimirovic", "Dragan", "BX4471290", "Sylhet", "Major", "Engineer", "B-1", "S-1")
VICTIM_WORDS = ("victim", "minor", "repatriated")  # the allegation's outcome is not disclosed


@dataclass(frozen=True)
class Registry:
    """The app over BGD's records, and a way to send as any caller."""

    app: Flask
    url: str

    def post(self, path: str, org: str, role: str, **kwargs: Any) -> Any:
        """POST `path` as `role` of `org`."""
        headers = auth_header(self.app, sub=f"{role}@{org}", org=org, roles=(role,))
        response = self.app.test_client().post(path, headers=headers, **kwargs)
        wait_local()
        return response

    def allegations(self) -> list[tuple[str, str, int]]:
        """(source_reference, status, version) of every allegation."""
        with session_factory(self.url)() as session:
            rows = session.execute(
                select(Allegation.source_reference, Allegation.status, Allegation.version)
            )
            return sorted((str(a), str(b), int(c)) for a, b, c in rows)


@pytest.fixture(scope="module")
def registry(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """BGD's personnel (one accused of a substantiated allegation, eight namesakes)."""
    var_dir: Path = tmp_path_factory.mktemp("disclosure")
    app = create_app({"database_url": database_url, "var_dir": var_dir, "link_on_intake": False})
    found = Registry(app, database_url)
    for kind, text in (("personnel", BGD_PEOPLE), ("allegations", BGD_ALLEGATION)):
        answer = found.post(
            f"/v1/submissions/{kind}", "BGD", "submitter", data=text, content_type="text/csv"
        )
        assert answer.status_code == 201, answer.get_json()
    with session_factory(database_url)() as session:
        for record in session.scalars(select(PersonnelRecord)):
            make_link(session, record)
        session.commit()
        index_all(session)
    try:
        yield found
    finally:
        wait_local()
        empty_tables(database_url)


def _csv(text: str) -> dict[str, Any]:
    return {"data": text, "content_type": "text/csv"}


@pytest.mark.parametrize(
    ("kind", "text", "named"),
    [
        ("personnel", "record_id,family_name,org\nN-1,Thapa,BGD\n", "org"),
        ("personnel", "record_id,family_name,organisation_id\nN-1,Thapa,1\n", "organisation_id"),
        (
            "allegations",
            "source_reference,subject_record_id,category,status,case_number\n"
            "S-9,B-1,other,reported,VR-2026-000001-5\n",
            "case_number",
        ),
        (
            "allegations",
            "source_reference,subject_record_id,category,status,organisation\n"
            "S-1,B-1,other,closed,BGD\n",
            "organisation",
        ),
    ],
)
def test_fields_that_would_set_owner_or_case_number_are_refused(
    registry: Registry, kind: str, text: str, named: str
) -> None:
    before = row_counts(registry.url)
    answer = registry.post(f"/v1/submissions/{kind}", "NPL", "submitter", **_csv(text))
    assert answer.status_code == 422
    assert named in json.dumps(answer.get_json())
    assert row_counts(registry.url) == before


def test_another_state_cannot_file_against_or_restatus_bgd_records(registry: Registry) -> None:
    before = registry.allegations()
    # NPL names BGD's record as its subject, and reuses BGD's source reference.
    text = "source_reference,subject_record_id,category,status\nS-1,B-1,other,closed\n"
    answer = registry.post("/v1/submissions/allegations", "NPL", "submitter", **_csv(text))
    assert answer.status_code == 422
    assert "submit the personnel record first" in json.dumps(answer.get_json())
    assert registry.allegations() == before == [("S-1", "substantiated", 1)]


@pytest.mark.parametrize(
    "body",
    [
        {"ids": ["S-1"], "reason": "x", "status": "unsubstantiated"},
        {"ids": ["S-1"], "reason": "x", "org": "BGD"},
        {"ids": ["S-1"], "reason": "x", "organisation": "BGD", "withdrawn_by": "registry"},
    ],
)
def test_withdrawal_refuses_fields_it_does_not_take(
    registry: Registry, body: dict[str, Any]
) -> None:
    answer = registry.post("/v1/submissions/allegations/withdrawals", "BGD", "submitter", json=body)
    assert answer.status_code == 422
    assert "unknown fields" in answer.get_json()["detail"]
    assert registry.allegations() == [("S-1", "substantiated", 1)]


def test_another_state_cannot_withdraw_bgd_records(registry: Registry) -> None:
    for org_param in ("", "?org=BGD"):
        answer = registry.post(
            f"/v1/submissions/allegations/withdrawals{org_param}",
            "NPL",
            "submitter",
            json={"ids": ["S-1"], "reason": "probe"},
        )
        assert answer.status_code in {403, 404, 422}
    assert registry.allegations() == [("S-1", "substantiated", 1)]


def test_a_hit_discloses_the_case_and_nothing_else(registry: Registry) -> None:
    query = {"family_name": "Zvonimirović", "given_names": "Dragan", "date_of_birth": "1984-06-02"}
    answer = registry.post("/v1/checks", "NPL", "vetting", json=query)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["candidates"], "the accused must be found"
    allegations = [a for c in body["candidates"] for a in c["allegations"]]
    assert allegations and all(
        set(a) == {"case_number", "status", "category", "mission"} for a in allegations
    )
    for candidate in body["candidates"]:  # the caller's own query, echoed, is not a leak
        for match in candidate["matched_on"]:
            match.pop("query")
    shown = json.dumps({k: v for k, v in body.items() if k != "query"}, ensure_ascii=False)
    assert not [s for s in SECRETS if s in shown], shown
    assert not [w for w in VICTIM_WORDS if w in shown.lower()], shown


@pytest.mark.parametrize("family_name", ["*", "%", "_", "' OR '1'='1", "Karim' --", ".*", "K", "a"])
def test_wildcards_and_fragments_do_not_dump_the_registry(
    registry: Registry, family_name: str
) -> None:
    answer = registry.post("/v1/checks", "NPL", "vetting", json={"family_name": family_name})
    assert answer.status_code == 200
    assert answer.get_json()["candidates"] == []


def test_at_most_five_candidates_however_many_match(registry: Registry) -> None:
    query = {"family_name": "Karim", "given_names": "Abdul", "date_of_birth": "1985-03-14"}
    answer = registry.post("/v1/checks", "NPL", "vetting", json=query).get_json()
    assert 1 <= len(answer["candidates"]) <= 5
    assert uuid.UUID(answer["check_id"]).version == 4, "check ids must not be guessable"


def test_one_organisation_cannot_outrun_its_limit_with_many_tokens(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enumeration by minting a token per query still meets the per-organisation limit."""
    freeze_rate_limit_clock(monkeypatch)  # the seven queries must share one window
    config = {"database_url": database_url, "var_dir": tmp_path}
    app = create_app({**config, "rate_limit_per_minute": 100, "rate_limit_org_per_minute": 5})
    client = app.test_client()
    statuses = [
        client.post(
            "/v1/checks",
            json={"family_name": "Karim"},
            headers=auth_header(app, sub=f"scraper-{i}", org="NPL", roles=("vetting",)),
        ).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]

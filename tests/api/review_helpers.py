"""Shared steps for the review page tests: sign in, read the CSRF token, seed pairs."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.auth import issue_token
from tests.factories import make_allegation, make_candidate, make_link, make_record

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(app: Flask, sub: str = "ana", roles: tuple[str, ...] = ("analyst",)) -> str:
    """A token for `sub` signed with the app's local key."""
    return issue_token(app.config["SETTINGS"], sub=sub, org="REG", roles=roles, ttl_seconds=600)


def csrf(client: FlaskClient, path: str = "/review/sign-in") -> str:
    """The CSRF token of the page at `path`."""
    found = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def signed_in(app: Flask, sub: str = "ana") -> FlaskClient:
    """A client with an analyst session for `sub`."""
    client = app.test_client()
    response = client.post(
        "/review/sign-in", data={"token": token(app, sub), "csrf_token": csrf(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def seed_pairs(session: Session) -> dict[str, Any]:
    """A plain pair, a Bengali-script pair whose right person has a hit allegation, committed."""
    a = make_record(session, "BGD", family_name="Karim", given_names="Abdul")
    b = make_record(session, "NPL", family_name="Karim", given_names="Abdul", date_of_birth=None)
    c = make_record(session, "BGD", family_name="করিম", given_names="আব্দুল")
    d = make_record(session, "IND", family_name="करीम", given_names="अब्दुल")
    e = make_record(session, "IND", family_name="Kareem", given_names="Abdul")
    make_link(session, a)
    make_link(session, b)
    make_link(session, c)
    person_d = make_link(session, d)
    make_link(session, e, person_d)
    make_allegation(session, e, status="substantiated", mission="MONUSCO", victim_count=2)
    plain = make_candidate(session, a, b, score=0.7)
    hit = make_candidate(session, c, d, score=0.9, involves_allegation=True)
    session.commit()
    return {"plain": plain.id, "hit": hit.id, "records": (a, b, c, d, e)}

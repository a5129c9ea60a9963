"""The review pages over HTTP: sign-in, session cookie, CSRF, queue, pair page, decisions."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import AuditEntry, MatchCandidate, SerialOffenderAlert
from tests.api.review_helpers import csrf, seed_pairs, signed_in, token
from tests.factories import make_candidate, make_link, make_record

pytestmark = pytest.mark.db


def test_pages_need_a_session(app: Flask) -> None:
    response = app.test_client().get("/review/queue?band=review")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/review/sign-in?next=/review/queue")


def test_sign_in_sets_a_hardened_cookie(app: Flask) -> None:
    client = app.test_client()
    response = client.post(
        "/review/sign-in",
        data={"token": token(app), "csrf_token": csrf(client), "next": "//evil.example/"},
    )
    assert response.headers["Location"] == "/review/queue"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_over_https(app: Flask) -> None:
    client = app.test_client()
    base = "https://review.example"
    form = client.get("/review/sign-in", base_url=base).get_data(as_text=True)
    value = form.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/review/sign-in", base_url=base, data={"token": token(app), "csrf_token": value}
    )
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(("roles", "status"), [(("vetting",), 403), (("analyst",), 302)])
def test_sign_in_needs_the_analyst_role(app: Flask, roles: tuple[str, ...], status: int) -> None:
    client = app.test_client()
    data = {"token": token(app, roles=roles), "csrf_token": csrf(client)}
    assert client.post("/review/sign-in", data=data).status_code == status


def test_bad_token_and_missing_csrf_are_refused(app: Flask) -> None:
    client = app.test_client()
    bad = client.post("/review/sign-in", data={"token": "x.y.z", "csrf_token": csrf(client)})
    assert bad.status_code == 401 and "Sign-in refused" in bad.get_data(as_text=True)
    assert client.post("/review/sign-in", data={"token": token(app)}).status_code == 400


def test_queue_lists_pairs_allegations_first(app: Flask, session: Session) -> None:
    ids = seed_pairs(session)
    page = signed_in(app).get("/review/queue").get_data(as_text=True)
    assert page.index(f'data-candidate="{ids["hit"]}"') < page.index(
        f'data-candidate="{ids["plain"]}"'
    )
    assert 'id="queue-total">2<' in page and "<svg" in page and 'dir="auto"' in page
    assert 'lang="und-Beng"' in page and "Karim Abdul" not in page  # given names come first


def test_queue_filters(app: Flask, session: Session) -> None:
    ids = seed_pairs(session)
    client = signed_in(app)
    page = client.get("/review/queue?script=Deva&state=IND").get_data(as_text=True)
    assert f'data-candidate="{ids["hit"]}"' in page
    assert f'data-candidate="{ids["plain"]}"' not in page
    empty = client.get("/review/queue?status=confirmed").get_data(as_text=True)
    assert "Nothing to review" in empty


def test_pair_page_shows_both_sides(app: Flask, session: Session) -> None:
    ids = seed_pairs(session)
    response = signed_in(app).get(f"/review/pairs/{ids['hit']}")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "আব্দুল করিম" in page and "Abdul Karim" in page  # original and romanised
    assert 'class="mark agree"' in page and 'class="mark close"' in page
    assert 'class="chart waterfall"' in page and "four eyes" in page
    assert "MONUSCO" in page and "substantiated" in page and "victim" not in page.lower()
    assert "Kareem" in page  # the other record of the right person's cluster


def _decide(client: object, cid: int, decision: str, **extra: str) -> str:
    from flask.testing import FlaskClient

    assert isinstance(client, FlaskClient)
    token_ = csrf(client, f"/review/pairs/{cid}")
    data = {"decision": decision, "csrf_token": token_, **extra}
    response = client.post(f"/review/pairs/{cid}/decision", data=data)
    assert response.status_code == 302
    return str(response.headers["Location"])


def test_decision_is_audited_and_leads_on(app: Flask, session: Session) -> None:
    ids = seed_pairs(session)
    client = signed_in(app)
    location = _decide(client, ids["plain"], "different", note="other father", next="999")
    assert location.startswith("/review/pairs/999")
    session.expire_all()
    assert session.get(MatchCandidate, ids["plain"]).status == "rejected"  # type: ignore[union-attr]
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_sub, entry.request["note"]) == (
        "review_decision",
        "ana",
        "other father",
    )


def test_four_eyes_through_the_pages(app: Flask, session: Session) -> None:
    ids = seed_pairs(session)
    ana, ben = signed_in(app, "ana"), signed_in(app, "ben")
    _decide(ana, ids["hit"], "same")
    session.expire_all()
    assert session.get(MatchCandidate, ids["hit"]).status == "awaiting_second"  # type: ignore[union-attr]
    page = ana.get("/review/queue").get_data(as_text=True)
    assert "recorded: this link makes a vetting hit" in page
    _decide(ben, ids["hit"], "same")
    session.expire_all()
    assert session.get(MatchCandidate, ids["hit"]).status == "confirmed"  # type: ignore[union-attr]


def test_conflicting_decision_is_shown_not_recorded(app: Flask, session: Session) -> None:
    a, b, c = (make_record(session, org) for org in ("BGD", "NPL", "PAK"))
    person = make_link(session, a)
    make_link(session, b, person)
    make_link(session, c)
    bc = make_candidate(session, b, c).id
    ac = make_candidate(session, a, c).id
    session.commit()
    client = signed_in(app)
    _decide(client, bc, "different")
    location = _decide(client, ac, "same")
    assert location.startswith(f"/review/pairs/{ac}")
    assert "not recorded" in client.get(location).get_data(as_text=True)


def test_unknown_pair_is_a_page_not_a_crash(app: Flask) -> None:
    response = signed_in(app).get("/review/pairs/424242")
    assert response.status_code == 404 and "does not exist" in response.get_data(as_text=True)


def test_alert_acknowledged(app: Flask, session: Session) -> None:
    person = make_link(session, make_record(session))
    session.add(SerialOffenderAlert(person_id=person.id, reasons=["allegations in 2 missions"]))
    session.commit()
    client = signed_in(app)
    page = client.get("/review/queue").get_data(as_text=True)
    assert "allegations in 2 missions" in page
    alert_id = session.scalars(select(SerialOffenderAlert.id)).one()
    data = {"csrf_token": csrf(client, "/review/queue")}
    client.post(f"/review/alerts/{alert_id}/acknowledge", data=data)
    assert "No open alerts" in client.get("/review/queue").get_data(as_text=True)


def test_sign_out_ends_the_session(app: Flask) -> None:
    client = signed_in(app)
    client.post("/review/sign-out", data={"csrf_token": csrf(client, "/review/queue")})
    assert client.get("/review/queue").status_code == 302

"""The authorisation policy as data: for every endpoint, the request that probes it and the
answer each caller (role × own or other organisation) must get.

The objects probed all belong to BGD; callers come from BGD ("own") and NPL ("other").
An endpoint of the app without an entry here fails the matrix test, so a new route
cannot go unprobed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OWN, OTHER = "BGD", "NPL"
ROLES = (None, "submitter", "vetting", "analyst", "auditor", "admin")
ORGS = (OWN, OTHER)
# Distinctive values of BGD's record: none may appear in an answer to another organisation.
SECRET_FAMILY_NAME = "Zvonimirovic"
SECRET_PASSPORT = "BX4471290"
SECRET_UNIT = "7th Engineer Company"

Objects = dict[str, Any]
Expect = Callable[[str | None, str], frozenset[int]]

OK = frozenset({200})
DENIED_NO_TOKEN = frozenset({401})
DENIED_ROLE = frozenset({403})
NOT_FOUND = frozenset({404})
SIGN_IN = 0  # stands for "redirected to the review sign-in page"


@dataclass(frozen=True)
class Probe:
    """One request to an endpoint and who may get what from it."""

    method: str
    url: Callable[[Objects], str]
    expect: Expect
    body: Callable[[Objects], dict[str, Any]] = field(default=lambda _o: {})
    html: bool = False  # a review page: signed in by session, denials redirect to sign in


def public(_role: str | None, _org: str) -> frozenset[int]:
    """Open to anyone."""
    return OK


def api(roles: tuple[str, ...], allowed: frozenset[int], other_org: frozenset[int]) -> Expect:
    """Token needed; one of `roles` needed; then `allowed` for BGD and `other_org` for NPL."""

    def expect(role: str | None, org: str) -> frozenset[int]:
        if role is None:
            return DENIED_NO_TOKEN
        if role not in roles:
            return DENIED_ROLE
        return allowed if org == OWN else other_org

    return expect


def certificate(role: str | None, org: str) -> frozenset[int]:
    """Auditors see every certificate; a vetting user only its own organisation's."""
    if role == "auditor":
        return OK
    if role == "vetting":
        return OK if org == OWN else NOT_FOUND
    return DENIED_NO_TOKEN if role is None else DENIED_ROLE


def analyst_page(status: int) -> Expect:
    """A review page: `status` for an analyst of any organisation, sign-in for anyone else."""

    def expect(role: str | None, _org: str) -> frozenset[int]:
        return frozenset({status}) if role == "analyst" else frozenset({SIGN_IN})

    return expect


def sign_in(role: str | None, _org: str) -> frozenset[int]:
    """Only an analyst token starts a session."""
    if role == "analyst":
        return frozenset({302})
    return frozenset({401}) if role is None else DENIED_ROLE


def _json(payload: Any) -> Callable[[Objects], dict[str, Any]]:
    return lambda _o: {"json": payload}


def _csv(text: str) -> Callable[[Objects], dict[str, Any]]:
    return lambda _o: {"data": text, "content_type": "text/csv"}


# Queries spell the name with a diacritic, so an echo of the query is never mistaken for a leak.
QUERY_FAMILY_NAME = "Zvonimirović"
CHECK = {"family_name": QUERY_FAMILY_NAME, "given_names": "Dragan", "date_of_birth": "1984-06-02"}
ROSTER = f"record_id,family_name,given_names\nR-1,{QUERY_FAMILY_NAME},Dragan\n"
PERSONNEL = "record_id,family_name\nP-{org},Karim\n"

# Keyed "endpoint METHOD", as the url_map lists them.
PROBES: dict[str, Probe] = {
    "health.healthz GET": Probe("GET", lambda o: "/healthz", public),
    "health.readyz GET": Probe("GET", lambda o: "/readyz", public),
    "jwks.jwks GET": Probe("GET", lambda o: "/.well-known/jwks.json", public),
    "openapi.openapi_json GET": Probe("GET", lambda o: "/openapi.json", public),
    "docs.docs GET": Probe("GET", lambda o: "/docs", public),
    "audit.list_entries GET": Probe("GET", lambda o: "/v1/audit", api(("auditor",), OK, OK)),
    "audit.certificate GET": Probe(
        "GET", lambda o: f"/v1/audit/{o['screening_seq']}/certificate", certificate
    ),
    "checks.create_check POST": Probe(
        "POST", lambda o: "/v1/checks", api(("vetting",), OK, OK), _json(CHECK)
    ),
    "screenings.create_screening POST": Probe(
        "POST",
        lambda o: "/v1/screenings",
        api(("vetting",), frozenset({202}), frozenset({202})),
        _csv(ROSTER),
    ),
    "screenings.screening_status GET": Probe(
        "GET", lambda o: f"/v1/screenings/{o['screening']}", api(("vetting",), OK, NOT_FOUND)
    ),
    "screenings.screening_results GET": Probe(
        "GET",
        lambda o: f"/v1/screenings/{o['screening']}/results",
        api(("vetting",), OK, NOT_FOUND),
    ),
    "submissions.submit POST": Probe(
        "POST",
        lambda o: "/v1/submissions/personnel",
        api(("submitter",), frozenset({201}), frozenset({201})),
        lambda o: {"data": PERSONNEL.format(org=o["caller"]), "content_type": "text/csv"},
    ),
    "submissions.get_submission GET": Probe(
        "GET", lambda o: f"/v1/submissions/{o['submission']}", api(("submitter",), OK, NOT_FOUND)
    ),
    "submissions.withdraw POST": Probe(
        "POST",
        lambda o: "/v1/submissions/deployments/withdrawals",
        # Another organisation names BGD's ids: nothing of BGD's is found to withdraw (404
        # before that organisation has records of its own, 422 "no such record" after).
        api(("submitter",), OK, frozenset({404, 422})),
        lambda o: {"json": {"ids": [o["deployment_record"]], "reason": "authorisation probe"}},
    ),
    "submissions.get_case GET": Probe(
        "GET", lambda o: f"/v1/cases/{o['case_number']}", api(("submitter",), OK, NOT_FOUND)
    ),
    "review.index GET": Probe("GET", lambda o: "/review/", analyst_page(302), html=True),
    "review.queue GET": Probe("GET", lambda o: "/review/queue", analyst_page(200), html=True),
    "review.pair GET": Probe(
        "GET", lambda o: f"/review/pairs/{o['candidate']}", analyst_page(200), html=True
    ),
    "review.decide POST": Probe(
        "POST",
        lambda o: f"/review/pairs/{o['candidate']}/decision",
        analyst_page(302),
        lambda o: {"data": {"decision": "unsure", "note": "authorisation probe"}},
        html=True,
    ),
    "review.acknowledge POST": Probe(
        "POST", lambda o: f"/review/alerts/{o['alert']}/acknowledge", analyst_page(302), html=True
    ),
    "review.sign_in POST": Probe(
        "POST",
        lambda o: "/review/sign-in",
        sign_in,
        lambda o: {"data": {"token": o["token"]}},
        True,
    ),
    "review.sign_in GET": Probe("GET", lambda o: "/review/sign-in", public, html=True),
    "review.sign_out POST": Probe(
        "POST", lambda o: "/review/sign-out", lambda r, o: frozenset({SIGN_IN}), html=True
    ),
}

"""Property-based requests generated from /openapi.json: no 5xx, every answer as documented.

`VETREG_SCHEMATHESIS_EXAMPLES` sets the examples per operation and
`VETREG_SCHEMATHESIS_PHASES` the phases (a few fuzzed examples in `make test`, many and the
coverage phase in `make schemathesis`).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import create_app
from api.auth import ROLES
from registry.jobs.dispatch import wait_local
from tests.auth_helpers import auth_header, settings_of
from tests.reliability.db_state import empty_tables
from tests.reliability.figures import report

pytestmark = pytest.mark.db

MAX_EXAMPLES = int(os.environ.get("VETREG_SCHEMATHESIS_EXAMPLES", "5"))
# The coverage phase (boundary and negative values of every field) runs in `make schemathesis`.
PHASES = os.environ.get("VETREG_SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")
# What the answers must satisfy. Left out: `positive_data_acceptance` (rules across fields,
# such as "a name is required", and references to existing records cannot be written in
# JSON Schema, so schema-valid bodies are rightly refused), `unsupported_method` (Flask
# answers OPTIONS on every route by itself) and `ignored_auth` (it needs a network server;
# tests/reliability/test_authorisation.py sends every route without a token instead).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Generated "workbooks" are arbitrary bytes: the upload paths must refuse them cleanly.
schemathesis.serializer.alias(XLSX, "text/plain")


def _document() -> dict[str, object]:
    """The OpenAPI document as the app serves it (it needs no database to build)."""
    with tempfile.TemporaryDirectory() as var_dir:
        app = create_app({"database_url": "sqlite://", "var_dir": var_dir})
        document: dict[str, object] = app.test_client().get("/openapi.json").get_json()
    return document


@dataclass
class Fuzzed:
    """The app under test, a token carrying every role, and the answers seen by status."""

    app: Flask
    headers: dict[str, str]
    statuses: Counter[int] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def fuzzed(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Fuzzed]:
    """One app for the module: minting a token per example would dominate the run."""
    app = create_app({"database_url": database_url, "var_dir": tmp_path_factory.mktemp("fuzz")})
    ttl = settings_of(app).jwt_max_ttl_seconds
    headers = auth_header(app, sub="fuzz", org="BGD", roles=sorted(ROLES), ttl=ttl)
    found = Fuzzed(app, headers)
    try:
        yield found
    finally:
        server_errors = sum(n for status, n in found.statuses.items() if status >= 500)
        report(
            request,
            f"schemathesis: {found.statuses.total()} requests, {server_errors} 5xx; "
            f"by status {dict(sorted(found.statuses.items()))}",
        )
        wait_local()
        empty_tables(database_url)


schema = schemathesis.openapi.from_dict(_document())
schema.config.phases.update(phases=PHASES)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_description(case: schemathesis.Case, fuzzed: Fuzzed) -> None:
    response = case.call(headers=fuzzed.headers, app=fuzzed.app)
    fuzzed.statuses[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)

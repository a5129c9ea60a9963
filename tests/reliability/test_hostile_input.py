"""Every file and body of the hostile corpus is refused with a clear 4xx problem, over HTTP
and through `vetreg import`, and the database is exactly as it was before each one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from api import create_app
from registry.jobs.dispatch import wait_local
from scripts.cli import main
from tests.auth_helpers import auth_header
from tests.reliability.db_state import empty_tables, row_counts
from tests.reliability.figures import report
from tests.reliability.hostile_corpus import (
    CSV,
    GOOD_ROW,
    HEADER,
    JSONL,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    PERSONNEL,
    SUBMISSIONS,
    XLSX,
    HostileCase,
    all_cases,
)

pytestmark = pytest.mark.db

CASES = all_cases()
# The CLI reads files, not query strings, and has its own (larger) limits.
CLI_CASES = [c for c in CASES if c.path in SUBMISSIONS and not c.query and 413 not in c.statuses]
SUFFIXES = {CSV: ".csv", JSONL: ".jsonl", XLSX: ".xlsx"}
LEAK_MARKERS = ("traceback", "sqlalchemy", "psycopg", "sqlite3", 'file "/')


@dataclass
class Registry:
    """The suite's app, its database and what the database held before the corpus."""

    app: Flask
    url: str
    var_dir: Path
    baseline: dict[str, int]
    headers: dict[str, str]
    refused: Counter[str] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def registry(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Registry]:
    """An app with small limits over a registry holding a few BGD records."""
    var_dir = tmp_path_factory.mktemp("hostile")
    app = create_app(
        {
            "database_url": database_url,
            "var_dir": var_dir,
            "TESTING": True,
            "max_upload_bytes": MAX_UPLOAD_BYTES,
            "max_rows": MAX_ROWS,
            "max_roster_rows": MAX_ROWS,
            # Linking is not under test here, and a refused file never reaches it.
            "link_on_intake": False,
        }
    )
    headers = auth_header(app, sub="hostile", org="BGD", roles=("submitter", "vetting"))
    seed = f"{HEADER}\n{GOOD_ROW}\nH2,Thapa,Ram,1979-01-02,NPL,M\n"
    response = app.test_client().post(PERSONNEL, data=seed, headers=headers, content_type=CSV)
    assert response.status_code == 201, response.get_json()
    found = Registry(app, database_url, var_dir, row_counts(database_url), headers)
    try:
        yield found
    finally:
        report(
            request,
            f"hostile input: {len(CASES)} files and bodies; refused with the database "
            f"unchanged: {found.refused['http']} over HTTP, {found.refused['cli']} by the CLI",
        )
        wait_local()
        empty_tables(database_url)


def assert_clear_problem(response: TestResponse, case: HostileCase) -> None:
    """A 4xx problem+json that says what is wrong, without internals or an echo of the input."""
    shown = response.get_data(as_text=True)[:400]
    assert response.status_code in case.statuses, (case.name, response.status_code, shown)
    assert response.mimetype == "application/problem+json", shown
    body = response.get_json()
    assert body["status"] == response.status_code and body["title"] and body["detail"]
    said = body["detail"] + json.dumps(body.get("problems", []), ensure_ascii=False)
    assert case.fragment.lower() in said.lower(), (case.name, shown)
    text = json.dumps(body, ensure_ascii=False).lower()
    assert not any(marker in text for marker in LEAK_MARKERS), shown
    assert len(response.data) < 64 * 1024, "a refusal must not echo an enormous input back"


def test_the_corpus_is_large_and_covers_every_intake_endpoint() -> None:
    assert len(CASES) >= 100
    paths = {case.path for case in CASES}
    assert {*SUBMISSIONS, "/v1/checks", "/v1/screenings"} <= paths


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_over_http_and_nothing_written(registry: Registry, case: HostileCase) -> None:
    client: FlaskClient = registry.app.test_client()
    response = client.post(
        case.url, data=case.body, headers=registry.headers, content_type=case.content_type
    )
    assert_clear_problem(response, case)
    assert row_counts(registry.url) == registry.baseline
    registry.refused["http"] += 1


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_refused_by_vetreg_import_and_nothing_written(
    registry: Registry, case: HostileCase, tmp_path: Path
) -> None:
    path = tmp_path / f"{case.name}{SUFFIXES.get(case.content_type, '.bin')}"
    path.write_bytes(case.body)
    kind = case.path.rsplit("/", 1)[1]
    env = {"DATABASE_URL": registry.url, "VETREG_VAR_DIR": str(registry.var_dir)}
    result = CliRunner().invoke(main, ["import", kind, str(path), "--org", "BGD"], env=env)
    assert result.exit_code == 1, (case.name, result.output)
    assert "rejected" in result.stderr
    assert case.fragment.lower() in result.stderr.lower(), (case.name, result.stderr[-400:])
    assert "Traceback" not in result.output + result.stderr
    assert row_counts(registry.url) == registry.baseline
    registry.refused["cli"] += 1


@pytest.mark.parametrize("seq", ["2147483648", "850182687515855104", "99999999999999999999999"])
def test_ids_past_the_integer_range_are_404_not_500(registry: Registry, seq: str) -> None:
    """PostgreSQL refuses integers past INTEGER in a query; the route must not pass them on."""
    client = registry.app.test_client()
    response = client.get(f"/v1/audit/{seq}/certificate", headers=registry.headers)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"

"""Hostile-looking text that is a legitimate name is stored verbatim, exported escaped and
shown as text: injection strings, formulas, markup, joiners, bidi controls, confusables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import create_app
from registry.export import FORMULA_PREFIXES, write_csv
from registry.jobs.dispatch import wait_local
from registry.models import PersonnelRecord
from tests.api.review_helpers import signed_in
from tests.auth_helpers import auth_header
from tests.factories import make_candidate, make_record
from tests.reliability.hostile_corpus import ACCEPTED_NAMES, FORMULAS

pytestmark = pytest.mark.db


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Flask:
    """The app without linking after intake: names are under test here, not the engine."""
    return create_app(
        {"database_url": db_url, "var_dir": tmp_path, "TESTING": True, "link_on_intake": False}
    )


def _personnel(names: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record_id", "family_name", "nationality"])
    writer.writerows([f"T-{i}", name, "BGD"] for i, name in enumerate(names))
    return out.getvalue()


def test_names_are_stored_verbatim_and_exported_escaped(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    headers = auth_header(app, org="BGD", roles=("submitter",))
    answer = client.post(
        "/v1/submissions/personnel",
        data=_personnel(ACCEPTED_NAMES),
        headers=headers,
        content_type="text/csv",
    )
    wait_local()
    assert answer.status_code == 201, answer.get_json()
    query = select(PersonnelRecord.record_id, PersonnelRecord.family_name)
    stored = {record_id: name for record_id, name in session.execute(query)}
    assert [stored[f"T-{i}"] for i in range(len(ACCEPTED_NAMES))] == list(ACCEPTED_NAMES)
    out = io.StringIO()
    write_csv(out, ["family_name"], [[name] for name in ACCEPTED_NAMES])
    exported = [row[0] for row in csv.reader(io.StringIO(out.getvalue()))][1:]
    for name, cell in zip(ACCEPTED_NAMES, exported, strict=True):
        assert cell == ("'" + name if name.startswith(FORMULA_PREFIXES) else name)


def test_screening_results_csv_does_not_run_the_rosters_formulas(
    app: Flask, client: FlaskClient
) -> None:
    roster = io.StringIO()
    writer = csv.writer(roster, lineterminator="\n")
    writer.writerow(["record_id", "family_name"])
    writer.writerows([formula, "Karim"] for formula in FORMULAS)
    headers = auth_header(app, org="BGD", roles=("vetting",))
    accepted = client.post(
        "/v1/screenings", data=roster.getvalue(), headers=headers, content_type="text/csv"
    )
    assert accepted.status_code == 202, accepted.get_json()
    wait_local()
    results = client.get(accepted.get_json()["results_url"] + "?format=csv", headers=headers)
    ids = [row["roster_record_id"] for row in csv.DictReader(io.StringIO(results.text))]
    assert sorted(ids) == sorted("'" + formula for formula in FORMULAS)


def test_review_page_shows_markup_and_templates_as_text(app: Flask, session: Session) -> None:
    name = "{{7*7}}<script>alert(1)</script>"
    left = make_record(session, "BGD", family_name=name)
    right = make_record(session, "NPL", family_name="Karim")
    candidate = make_candidate(session, left, right)
    session.commit()
    page = signed_in(app).get(f"/review/pairs/{candidate.id}").get_data(as_text=True)
    assert "{{7*7}}" in page and "&lt;script&gt;" in page
    assert "<script>alert(1)" not in page

"""`vetreg screen ROSTER --out RESULTS.csv`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import Job, Screening
from scripts.cli import main
from tests.factories import make_allegation, make_link, make_record
from tests.registry.vetting_helpers import QUERY, index_all

pytestmark = pytest.mark.db

ROSTER = (
    "record_id,given_names,family_name,date_of_birth,nationality,passport_number\n"
    "B-1,Abdul,Karim,1985-03-14,BGD,BX4471290\n"
    "B-2,Ram,Thapa,1979-01-02,NPL,\n"
)


def test_screen_writes_results_per_design(db_url: str, session: Session, tmp_path: Path) -> None:
    record = make_record(session, "BGD", **QUERY, passport_number="BX4471290")
    person = make_link(session, record)
    make_allegation(session, record)
    index_all(session)
    roster, out = tmp_path / "roster.csv", tmp_path / "results.csv"
    roster.write_text(ROSTER)
    result = CliRunner().invoke(
        main, ["screen", str(roster), "--out", str(out)], env={"DATABASE_URL": db_url}
    )
    assert result.exit_code == 0, result.output
    assert "hit 1" in result.stderr and result.stdout == ""
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "roster_record_id",
        "person_id",
        "record_id",
        "score",
        "band",
        "outcome",
    ]
    assert (rows[0]["roster_record_id"], rows[0]["person_id"], rows[0]["outcome"]) == (
        "B-1",
        person.uid,
        "hit",
    )
    assert rows[0]["record_id"] == "" and float(rows[0]["score"]) >= 0.95
    assert rows[1] == {
        "roster_record_id": "B-2",
        "person_id": "",
        "record_id": "",
        "score": "",
        "band": "",
        "outcome": "clear",
    }
    session.expire_all()
    screening = session.scalar(select(Screening))
    assert screening is not None
    job = session.get(Job, screening.job_id)
    assert job is not None and job.status == "succeeded"


def test_bad_roster_exits_non_zero_naming_the_problem(db_url: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("record_id,family_name,nationality\nB-1,Karim,XX\n")
    result = CliRunner().invoke(
        main,
        ["screen", str(roster), "--out", str(tmp_path / "o.csv")],
        env={"DATABASE_URL": db_url},
    )
    assert result.exit_code != 0
    assert "row 2, nationality" in result.output + result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_roster_limit_comes_from_the_environment(db_url: str, tmp_path: Path) -> None:
    roster, out = tmp_path / "roster.csv", tmp_path / "results.csv"
    roster.write_text(ROSTER)
    env = {"DATABASE_URL": db_url, "VETREG_MAX_ROSTER_ROWS": "1"}
    result = CliRunner().invoke(main, ["screen", str(roster), "--out", str(out)], env=env)
    assert result.exit_code != 0 and "more than 1 rows" in result.output
    assert not out.exists()
    env["VETREG_MAX_ROSTER_ROWS"] = "2"
    result = CliRunner().invoke(main, ["screen", str(roster), "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output

"""Every rule of the interchange formats rejects the whole file with a precise problem."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.errors import LimitExceeded
from registry.models import Allegation, PersonnelRecord, Submission
from tests.registry.intake_helpers import personnel_csv, rejected, seed_people, submit

pytestmark = pytest.mark.db


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_missing_required_column(session: Session) -> None:
    error = rejected(session, "personnel", personnel_csv("Karim", header="family_name"))
    assert [(p.row, p.column) for p in error.problems] == [(1, "record_id")]
    assert "required column" in error.problems[0].message


def test_unknown_columns_are_named(session: Session) -> None:
    data = personnel_csv("A1,Karim,x,y", header="record_id,family_name,victim_name,notes")
    error = rejected(session, "personnel", data)
    assert {p.column for p in error.problems} == {"victim_name", "notes"}
    assert all("unknown column" in p.message for p in error.problems)


def test_cell_rules(session: Session) -> None:
    data = personnel_csv(
        "A1,Karim,Abdul,1985-02-30,BGD,M",
        "A2,Karim,Abdul,1985,XXX,M",
        "A3,Karim,Abdul,1985,BGD,Q",
        "A4,,,1985,BGD,M",
        ",Karim,Abdul,1985,BGD,M",
    )
    error = rejected(session, "personnel", data)
    found = {(p.row, p.column, p.value) for p in error.problems}
    assert found == {
        (2, "date_of_birth", "1985-02-30"),
        (3, "nationality", "XXX"),
        (4, "sex", "Q"),
        (5, "family_name", None),
        (6, "record_id", None),
    }
    assert _count(session, PersonnelRecord) == 0 and _count(session, Submission) == 0


def test_enumeration_names_the_allowed_values(session: Session) -> None:
    data = personnel_csv("A1,Karim,soldier", header="record_id,family_name,personnel_category")
    problem = rejected(session, "personnel", data).problems[0]
    assert "military, police, civilian, contractor" in problem.message


def test_duplicate_record_ids_name_the_first_row(session: Session) -> None:
    data = personnel_csv("A1,Karim,,,,", "A2,Karim,,,,", "A1,Rahman,,,,")
    problem = rejected(session, "personnel", data).problems[0]
    assert (problem.row, problem.column, problem.value) == (4, "record_id", "A1")
    assert "row 2" in problem.message


def test_allegation_subject_must_exist_in_the_same_organisation(session: Session) -> None:
    seed_people(session, "P1")
    seed_people(session, "P2", org="NPL")
    header = b"source_reference,subject_record_id,category,status\n"
    data = header + b"S1,P1,other,reported\nS2,P2,other,reported\n"
    error = rejected(session, "allegations", data)
    assert [(p.row, p.column, p.value) for p in error.problems] == [(3, "subject_record_id", "P2")]
    assert _count(session, Allegation) == 0


def test_only_the_first_hundred_problems_are_kept_but_all_counted(session: Session) -> None:
    rows = [f"R{i},Karim,Abdul,1985,ZZZ,M" for i in range(250)]
    error = rejected(session, "personnel", personnel_csv(*rows))
    assert len(error.problems) == 100
    assert error.extra["problem_count"] == 250


def test_dry_run_validates_and_writes_nothing(session: Session) -> None:
    report = submit(session, "personnel", personnel_csv("A1,Karim,Abdul,1985,BGD,M"), dry_run=True)
    assert (report.status, report.rows_total) == ("valid", 1)
    assert _count(session, PersonnelRecord) == 0 and _count(session, Submission) == 0


def test_dry_run_reports_problems_too(session: Session) -> None:
    error = rejected(session, "personnel", personnel_csv("A1,Karim,Abdul,1985,ZZZ,M"), dry_run=True)
    assert error.problems[0].column == "nationality"


def test_empty_file_is_rejected(session: Session) -> None:
    assert "no data rows" in rejected(session, "personnel", personnel_csv()).problems[0].message


def test_row_limit(session: Session) -> None:
    data = personnel_csv(*[f"R{i},Karim,,,," for i in range(11)])
    with pytest.raises(LimitExceeded, match="more than 10 rows"):
        submit(session, "personnel", data, settings=Settings(max_rows=10))
    assert _count(session, PersonnelRecord) == 0


def test_size_limit(session: Session) -> None:
    data = personnel_csv(*[f"R{i},Karim,,,," for i in range(50)])
    with pytest.raises(LimitExceeded, match="the limit is 100"):
        submit(session, "personnel", data, settings=Settings(max_upload_bytes=100))


def test_unknown_kind_and_bad_org_code(session: Session) -> None:
    assert "unknown kind" in rejected(session, "people", b"x").detail
    assert rejected(session, "personnel", b"x", org_code="B G D").problems[0].column == "org"

"""`vetreg import` and `vetreg withdraw` from the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import PersonnelRecord, RecordLink
from scripts.cli import main

pytestmark = pytest.mark.db

GOOD = "record_id,family_name,date_of_birth\nA1,Karim,14/03/1985\nA2,Rahman,1990\n"


def _run(db_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"DATABASE_URL": db_url})
    return result.exit_code, result.stdout, result.stderr


def test_import_prints_the_report(db_url: str, session: Session, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    code, out, _ = _run(
        db_url, "import", "personnel", str(path), "--org", "BGD", "--date-format", "DD/MM/YYYY"
    )
    assert code == 0, out
    assert "accepted: 2 rows, 2 new" in out and "encoding utf-8" in out
    assert sorted(session.scalars(select(PersonnelRecord.date_of_birth))) == ["1985-03-14", "1990"]
    # The command waits for the in-process linking job that follows the commit.
    assert re.search(r"linking job [0-9a-f-]+ succeeded", out), out
    assert len(list(session.scalars(select(RecordLink)))) == 2
    code, out, _ = _run(
        db_url, "import", "personnel", str(path), "--org", "BGD", "--date-format", "DD/MM/YYYY"
    )
    assert code == 0 and "nothing changed" in out and "linking job" not in out


def test_rejected_import_exits_non_zero_with_row_level_report(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("record_id,family_name,nationality\nA1,Karim,XXX\n")
    code, _, err = _run(db_url, "import", "personnel", str(path), "--org", "BGD")
    assert code == 1
    assert "row 2, column nationality, value 'XXX'" in err
    assert "rejected: 1 problem(s)" in err


def test_dry_run_writes_nothing(db_url: str, session: Session, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD.replace("14/03/1985", "1985-03-14"))
    code, out, _ = _run(db_url, "import", "personnel", str(path), "--org", "BGD", "--dry-run")
    assert code == 0 and "valid: 2 rows" in out
    assert list(session.scalars(select(PersonnelRecord))) == []


def test_withdraw(db_url: str, session: Session, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD.replace("14/03/1985", "1985-03-14"))
    _run(db_url, "import", "personnel", str(path), "--org", "BGD")
    code, out, _ = _run(db_url, "withdraw", "personnel", "A1", "--org", "BGD", "--reason", "error")
    assert code == 0 and "withdrawn 1 personnel record(s)" in out
    # Re-linking after the withdrawal drops the withdrawn record's link.
    assert re.search(r"linking job [0-9a-f-]+ succeeded", out), out
    session.expire_all()
    assert sorted(session.scalars(select(RecordLink.record_id))) == ["A2"]
    code, _, err = _run(db_url, "withdraw", "personnel", "Z9", "--org", "BGD", "--reason", "error")
    assert code == 1 and "Z9" in err

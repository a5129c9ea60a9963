"""An import killed while it writes leaves nothing behind: no submission, no record."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.models import Organisation, PersonnelRecord, Submission

pytestmark = pytest.mark.db

ROWS = 30_000
# The intake path itself, without the whole CLI's start-up time.
DRIVER = """
import logging, sys
from registry.db import session_factory
from registry.intake import import_file
logging.basicConfig(level=logging.INFO)
with session_factory(sys.argv[1])() as session:
    import_file(session, "personnel", sys.argv[2], org_code="BGD", submitted_by="test")
"""
ROOT = Path(__file__).resolve().parents[2]


def _roster(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("record_id,family_name,given_names,date_of_birth,nationality,sex\n")
        for i in range(ROWS):
            out.write(f"K{i:07d},Karim{i},Abdul,1985-03-14,BGD,M\n")


def test_sigkill_while_writing_leaves_no_partial_submission(
    db_url: str, session: Session, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    _roster(roster)
    command = [sys.executable, "-c", DRIVER, db_url, str(roster)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "written" in line:  # the first batch is in the open transaction
            process.send_signal(signal.SIGKILL)
            break
    assert process.wait(timeout=60) == -signal.SIGKILL, "the import finished before the kill"
    process.stderr.close()
    for model in (Submission, PersonnelRecord, Organisation):
        assert session.scalar(select(func.count()).select_from(model)) == 0

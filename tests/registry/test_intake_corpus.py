"""Each malformed file of the corpus is answered with a precise, located message.

`intake_corpus/expectations.csv` lists file, kind, declared date format and the expected
row, column and message fragment of one of the problems reported.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.registry.intake_helpers import rejected, seed_people

CORPUS = Path(__file__).with_name("intake_corpus")
CASES = list(csv.DictReader((CORPUS / "expectations.csv").read_text("utf-8").splitlines()))

pytestmark = pytest.mark.db


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "expectations.csv"}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_corpus_file_is_rejected_precisely(session: Session, case: dict[str, str]) -> None:
    if case["kind"] != "personnel":
        seed_people(session, "P1")
    data = (CORPUS / case["file"]).read_bytes()
    error = rejected(
        session, case["kind"], data, case["file"], date_format=case["date_format"] or None
    )
    row = int(case["row"]) if case["row"] else None
    matches = [
        p
        for p in error.problems
        if case["fragment"].lower() in p.message.lower()
        and (p.column or "") == case["column"]
        and p.row == row
    ]
    assert matches, f"{case['file']}: {[p.as_dict() for p in error.problems]}"

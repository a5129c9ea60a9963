"""A check scores its few pairs row by row, a roster batch vectorised: same answers."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from linkage import columns as c
from registry.vetting import batch, resident
from registry.vetting.batch import Request, RowResult, vet_frame, vet_one
from tests.factories import make_allegation, make_link, make_record
from tests.registry.vetting_helpers import index_all, settings_for

pytestmark = pytest.mark.db

REGISTRY: list[tuple[str, dict[str, str]]] = [
    ("BGD", {"given_names": "Abdul", "family_name": "Karim", "passport_number": "BX4471290"}),
    ("BGD", {"full_name": "মোহাম্মদ আব্দুল করিম", "date_of_birth": "1985-14-03"}),
    ("PAK", {"full_name": "Mohammed Abdul Kareem", "date_of_birth": "1985", "nationality": "PAK"}),
    ("PAK", {"full_name": "عبد الكريم محمد", "aliases": "Abdul Karim", "nationality": "PAK"}),
    ("NPL", {"given_names": "Ram", "family_name": "Thapa", "nationality": "NPL"}),
    ("NPL", {"full_name": "राम थापा", "nationality": "NPL", "service_number": "NA-0044812"}),
    ("UKR", {"full_name": "Олена Іваненко", "sex": "F", "date_of_birth": "1990-07-01"}),
    ("UKR", {"full_name": "Olena Ivanenko", "sex": "F", "date_of_birth": "1990-01-07"}),
]
QUERIES: list[dict[str, str]] = [
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1985-03-14"},
    {"full_name": "Md. Abdul Karim", "passport_number": "bx 447 1290"},
    {"full_name": "Ram Thapa", "service_number": "NA44812", "nationality": "NPL"},
    {"full_name": "Olena Ivanenko", "date_of_birth": "1990"},
    {"full_name": "Nobody Known", "date_of_birth": "1970-01-01"},
]


def _answers(results: list[RowResult]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(r.outcome, [m.as_dict() for m in r.matches]) for r in results]


def test_row_wise_and_vectorised_scoring_answer_alike(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for org, fields in REGISTRY:
        blank: dict[str, Any] = dict.fromkeys(
            ("given_names", "family_name", "date_of_birth", "sex")
        )
        record = make_record(session, org, **{**blank, "nationality": org, **fields})
        if "passport_number" in fields:
            make_link(session, record, method="singleton")
            make_allegation(session, record, status="substantiated")
    index_all(session)
    raw = pd.DataFrame(QUERIES).reindex(columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    request = Request(settings_for(session), "UNMISS")
    resident.forget_resident()
    row_wise = _answers(vet_frame(session, request, raw))
    assert sum(len(matches) for _, matches in row_wise) >= len(QUERIES)  # pairs were scored
    alone = _answers([vet_one(session, request, query) for query in QUERIES])
    monkeypatch.setattr(batch, "ROW_WISE_MAX_PAIRS", -1)
    vectorised = _answers(vet_frame(session, request, raw))
    alone_vectorised = _answers([vet_one(session, request, query) for query in QUERIES])
    assert row_wise == vectorised == alone == alone_vectorised
    assert row_wise[1][0] == "hit"
    assert row_wise[4] == ("clear", [])

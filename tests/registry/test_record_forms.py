"""Stored normalised forms: written at indexing, read by checks, never trusted when stale."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION, normalise_records
from linkage import columns as c
from registry.frames import ORG, PK, current_personnel_frame
from registry.models import RecordForm
from registry.models.base import utcnow
from registry.vetting import index_records
from registry.vetting import normalised as forms
from registry.vetting.candidates import load_candidates, records_frame
from tests.factories import make_record


def _normalised(raw: pd.DataFrame, stored: Sequence[tuple[int, str] | None]) -> pd.DataFrame:
    """The candidates' normalised frame as a check builds it."""
    return forms.rows_frame(raw[c.RECORD_ID].tolist(), forms.candidate_rows(raw, stored))


RECORDS = [
    {
        "record_id": "a",
        "given_names": "Md. Abdul",
        "family_name": "Karim",
        "aliases": "Abdul Karim; A. Karim",
        "date_of_birth": "1985-03",
        "nationality": "bgd",
        "passport_number": "bx 0447-1290",
    },
    {"record_id": "b", "full_name": "মোহাম্মদ আব্দুল করিম", "sex": "m", "place_of_birth": "Dhaka"},
    {"record_id": "c", "full_name": "Олена Іваненко", "date_of_birth": "1990-13-01"},
    {"record_id": "d"},
]


def test_a_form_round_trips_to_the_normalised_row() -> None:
    frame = normalise_records(pd.DataFrame(RECORDS))
    stored = [(NORMALISED_FORM_VERSION, text) for text in forms.encode_forms(frame)]
    raw = pd.DataFrame(RECORDS).reindex(columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    rebuilt = _normalised(raw, stored)
    pd.testing.assert_frame_equal(rebuilt, frame)


def test_a_form_of_another_version_or_shape_is_recomputed() -> None:
    frame = normalise_records(pd.DataFrame(RECORDS))
    texts = forms.encode_forms(frame)
    stale: list[tuple[int, str] | None] = [
        (NORMALISED_FORM_VERSION + 1, texts[0]),
        (NORMALISED_FORM_VERSION, "[1, 2]"),
    ]
    stale += [(NORMALISED_FORM_VERSION, "not json"), None]
    raw = pd.DataFrame(RECORDS).reindex(columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    forms.forget_normalised()
    pd.testing.assert_frame_equal(_normalised(raw, stale), frame)
    assert forms.decode_form("[1, 2]") is None and forms.decode_form("{") is None
    assert forms.decode_form(texts[0].replace('["', '"', 1).replace('"]', '"', 1)) is None


@pytest.mark.db
def test_indexing_stores_forms_and_candidates_carry_them(session: Session) -> None:
    old = make_record(session, "BGD", record_id="P1", full_name="Abdul Karim")
    other = make_record(session, "NPL", record_id="Q1", full_name="Ram Thapa")
    index_records(session, [old.id, other.id])
    query = select(RecordForm.personnel_record_id, RecordForm.version)
    stored = {int(pk): int(version) for pk, version in session.execute(query)}
    assert stored == {old.id: NORMALISED_FORM_VERSION, other.id: NORMALISED_FORM_VERSION}

    data = load_candidates(session, [old.id, other.id])
    frame = current_personnel_frame(session, record_pks=[old.id, other.id])
    expected = normalise_records(frame.drop(columns=[PK, ORG]))
    assert [form is not None for form in data.forms] == [True, True]
    rebuilt = _normalised(records_frame(data.records).drop(columns=[PK, ORG]), data.forms)
    pd.testing.assert_frame_equal(rebuilt, expected)

    # A superseded version loses its form; a withdrawn record too.
    new = make_record(session, "BGD", record_id="P1", version=2, full_name="Abdul Kareem")
    old.is_current = False
    index_records(session, [new.id])
    assert set(session.scalars(select(RecordForm.personnel_record_id))) == {new.id, other.id}
    other.withdrawn_at = utcnow()
    index_records(session, [other.id])
    assert set(session.scalars(select(RecordForm.personnel_record_id))) == {new.id}


@pytest.mark.db
def test_candidates_without_a_current_form_are_normalised_on_the_spot(session: Session) -> None:
    record = make_record(session, "BGD", record_id="P1", full_name="Abdul Karim")
    index_records(session, [record.id])
    session.execute(update(RecordForm).values(version=NORMALISED_FORM_VERSION - 1))
    data = load_candidates(session, [record.id])
    forms.forget_normalised()
    rebuilt = _normalised(records_frame(data.records).drop(columns=[PK, ORG]), data.forms)
    assert rebuilt.loc[0, c.NAME_SORTED] == "abdul karim"

"""Registry rows become engine frames with ids unique across organisations."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.frames import ORG, PK, current_personnel_frame, engine_id, split_engine_id
from registry.models.base import utcnow
from tests.factories import make_record

pytestmark = pytest.mark.db


def test_current_records_only(session: Session) -> None:
    kept = make_record(session, "BGD", record_id="A1")
    make_record(session, "NPL", record_id="A1", family_name="शर्मा")
    old = make_record(session, "BGD", record_id="A2", is_current=False)
    gone = make_record(session, "BGD", record_id="A3", withdrawn_at=utcnow())
    session.commit()
    frame = current_personnel_frame(session)
    assert sorted(frame["record_id"]) == ["BGD:A1", "NPL:A1"]
    assert old.id not in set(frame[PK]) and gone.id not in set(frame[PK])
    row = frame.set_index("record_id").loc["BGD:A1"]
    assert (row[PK], row[ORG], row["family_name"]) == (kept.id, "BGD", "Karim")
    assert frame.set_index("record_id").loc["NPL:A1", "family_name"] == "शर्मा"


def test_selected_records(session: Session) -> None:
    first = make_record(session, record_id="B1")
    make_record(session, record_id="B2")
    session.commit()
    frame = current_personnel_frame(session, record_pks=[first.id])
    assert list(frame["record_id"]) == ["BGD:B1"]
    assert current_personnel_frame(session, record_pks=[]).empty


def test_engine_id_round_trip() -> None:
    assert split_engine_id(engine_id("MINUSCA", "X:9")) == ("MINUSCA", "X:9")

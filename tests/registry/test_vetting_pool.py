"""The candidate pool: scored from stored forms, answered from live, current records only."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION
from registry.models import RecordForm
from registry.models.base import utcnow
from registry.vetting.pool import candidate_pool
from tests.factories import make_record
from tests.registry.vetting_helpers import check, index_all


@pytest.mark.db
def test_a_record_no_longer_live_never_reaches_an_answer_though_its_form_remains(
    session: Session,
) -> None:
    old = make_record(session, "BGD", record_id="P1", passport_number="BX0447129")
    gone = make_record(session, "NPL", record_id="Q1", passport_number="BX0447129")
    index_all(session)
    assert {m["person_id"] for m in check(session, passport_number="BX0447129")["candidates"]}

    # Superseded and withdrawn, but not re-indexed yet: keys and forms are still stored.
    old.is_current = False
    gone.withdrawn_at = utcnow()
    session.commit()
    assert candidate_pool(session, [old.id, gone.id]).pks == [old.id, gone.id]
    answer = check(session, passport_number="BX0447129")
    assert answer["outcome"] == "clear" and answer["candidates"] == []


@pytest.mark.db
def test_a_stale_form_is_normalised_from_the_live_record_and_a_dead_one_is_left_out(
    session: Session,
) -> None:
    live = make_record(session, "BGD", record_id="P1", full_name="Abdul Karim")
    dead = make_record(session, "NPL", record_id="Q1", full_name="Abdul Karim")
    index_all(session)
    fresh = candidate_pool(session, [live.id, dead.id])
    session.execute(update(RecordForm).values(version=NORMALISED_FORM_VERSION - 1))
    dead.withdrawn_at = utcnow()
    session.flush()
    stale = candidate_pool(session, [dead.id, live.id, live.id])
    assert stale.pks == [live.id] and stale.position == {live.id: 0}
    assert stale.values == [fresh.values[fresh.position[live.id]]]

"""The queue: allegation pairs first, then nearest the threshold; filters, counts, histogram."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.models import Deployment, SerialOffenderAlert
from registry.review import (
    QueueFilters,
    acknowledge_alert,
    open_alert_count,
    queue_ids,
    queue_page,
    score_histogram,
    status_counts,
)
from tests.factories import make_candidate, make_link, make_org, make_record, make_submission

pytestmark = pytest.mark.db
THRESHOLD = 0.95


def _pair(session: Session, score: float, *, org: str = "NPL", **fields: object) -> int:
    left = make_record(session, "BGD")
    right = make_record(session, org, **fields)  # type: ignore[arg-type]
    return int(make_candidate(session, left, right, score=score).id)


def test_order_puts_allegations_first_then_closeness(session: Session) -> None:
    far = _pair(session, 0.55)
    near = _pair(session, 0.93)
    left, right = make_record(session), make_record(session, "PAK")
    alleged = make_candidate(session, left, right, score=0.6, involves_allegation=True).id
    assert queue_ids(session, QueueFilters(), THRESHOLD) == [alleged, near, far]


def test_filters_by_status_state_script_mission(session: Session) -> None:
    plain = _pair(session, 0.7)
    bengali = _pair(session, 0.7, org="ETH", family_name="করিম", given_names="আব্দুল")
    record = make_record(session, "PAK")
    other = make_record(session, "URY")
    deployed = make_candidate(session, record, other, score=0.7).id
    org = make_org(session, "PAK")
    session.add(
        Deployment(
            organisation_id=org.id,
            submission_id=make_submission(session, org, "deployments").id,
            record_id=record.record_id,
            mission="MINUSCA",
            content_hash="x",
        )
    )
    session.flush()
    assert queue_ids(session, QueueFilters(state="eth"), THRESHOLD) == [bengali]
    assert queue_ids(session, QueueFilters(script="Beng"), THRESHOLD) == [bengali]
    assert set(queue_ids(session, QueueFilters(script="Latn"), THRESHOLD)) == {
        plain,
        bengali,
        deployed,
    }
    assert queue_ids(session, QueueFilters(mission="minusca"), THRESHOLD) == [deployed]
    assert queue_ids(session, QueueFilters(status="confirmed"), THRESHOLD) == []


def test_band_filter_and_counts(session: Session) -> None:
    _pair(session, 0.7)
    left, right = make_record(session), make_record(session, "PAK")
    make_candidate(session, left, right, score=0.99, band="link")
    assert len(queue_ids(session, QueueFilters(), THRESHOLD)) == 1
    assert len(queue_ids(session, QueueFilters(band=""), THRESHOLD)) == 2
    assert status_counts(session)["pending"] == 1


def test_pagination(session: Session) -> None:
    ids = [_pair(session, 0.6 + i / 100) for i in range(7)]
    first = queue_page(session, QueueFilters(), THRESHOLD, page=1, per_page=3)
    last = queue_page(session, QueueFilters(), THRESHOLD, page=3, per_page=3)
    assert (first.total, first.pages, len(last.rows)) == (7, 3, 1)
    assert [r.candidate.id for r in first.rows] == list(reversed(ids))[:3]
    assert first.rows[0].left_org == "BGD"


def test_histogram_counts_pending_scores(session: Session) -> None:
    for score in (0.51, 0.52, 0.97, 1.0):
        _pair(session, score)
    counts = score_histogram(session)
    assert sum(counts) == 4 and counts[10] == 2 and counts[19] == 2


def test_alerts_listed_until_acknowledged(session: Session) -> None:
    person = make_link(session, make_record(session))
    alert = SerialOffenderAlert(person_id=person.id, reasons=["two missions"])
    session.add(alert)
    session.flush()
    assert open_alert_count(session) == 1
    acknowledge_alert(session, alert.id, "ana")
    assert open_alert_count(session) == 0 and alert.acknowledged_by == "ana"


def test_neighbours_follow_queue_order(session: Session) -> None:
    from registry.models import MatchCandidate
    from registry.review import neighbours

    ids = [_pair(session, score) for score in (0.6, 0.9, 0.9, 0.7)]
    order = queue_ids(session, QueueFilters(), THRESHOLD)
    assert order == [ids[1], ids[2], ids[3], ids[0]]
    for at, cid in enumerate(order):
        candidate = session.get(MatchCandidate, cid)
        assert candidate is not None
        expected = (order[at - 1] if at else None, order[at + 1] if at + 1 < len(order) else None)
        assert neighbours(session, candidate, QueueFilters(), THRESHOLD) == expected

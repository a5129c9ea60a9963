"""Retrieval keys in memory: the database's counts and ranking, kept exact by the change log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from linkage import normalised_row
from registry.models import Base, PersonnelRecord, RecordKeyChange
from registry.models.base import utcnow
from registry.vetting import index_records, key_index, resident
from registry.vetting.keys import row_keys
from registry.vetting.retrieval import key_counts, retrieve
from tests.factories import make_record
from tests.registry.vetting_helpers import QUERY, check, index_all

PEOPLE: list[dict[str, Any]] = [
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1985-03-14"},
    {"full_name": "মোহাম্মদ আব্দুল করিম", "given_names": None, "family_name": None},
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1971-11-02"},
    {"given_names": "Md. Abdul", "family_name": "Karim", "passport_number": "BX0447129"},
    {"given_names": "Karim", "family_name": "Abdul", "date_of_birth": "1985"},
    {"given_names": "Olena", "family_name": "Ivanenko", "date_of_birth": "1990-01-13"},
]
QUERIES: list[dict[str, Any]] = [
    QUERY,
    {"full_name": "Abdul Karim", "passport_number": "BX0447129"},
    {"given_names": "Olena", "family_name": "Ivanenko"},
    {"full_name": "Nobody Known", "date_of_birth": "2001-01-01"},
]


@pytest.fixture(autouse=True)
def no_index() -> Iterator[None]:
    key_index.forget_key_index()
    yield
    key_index.forget_key_index()


def _url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def _from_memory(session: Session, query: dict[str, Any]) -> Any:
    keys = row_keys([normalised_row({k: str(v) for k, v in query.items()})])
    head = resident.follow(session).key_changes
    return key_index.answer(session, head, keys)


def _from_database(session: Session, query: dict[str, Any]) -> Any:
    keys = row_keys([normalised_row({k: str(v) for k, v in query.items()})])
    counts = key_counts(session, [key for _, key in keys])
    return counts, retrieve(session, keys, counts=counts)


def _same_as_database(session: Session) -> None:
    for query in QUERIES:
        counts, found = _from_memory(session, query)
        db_counts, db_found = _from_database(session, query)
        # PostgreSQL counts keys other than names and dates only up to the bucket cap.
        assert {k: min(n, 2001) for k, n in counts.items()} == db_counts
        assert found == db_found


@pytest.mark.db
def test_keys_in_memory_count_and_rank_as_the_database(session: Session) -> None:
    for fields in PEOPLE:
        make_record(session, **fields)
    index_all(session)
    answers = [{k: v for k, v in check(session, **q).items() if k != "check_id"} for q in QUERIES]

    assert key_index.load_into_process(_url(session)) > 0
    _same_as_database(session)
    kept = [{k: v for k, v in check(session, **q).items() if k != "check_id"} for q in QUERIES]
    assert kept == answers
    assert _from_memory(session, QUERIES[0])[1]  # it did retrieve


@pytest.mark.db
def test_the_keys_follow_records_indexed_withdrawn_and_superseded_after_loading(
    session: Session,
) -> None:
    first = make_record(session, **PEOPLE[0])
    index_all(session)
    key_index.load_into_process(_url(session))
    assert {pk for _, pk, _ in _from_memory(session, QUERY)[1]} == {first.id}

    second = make_record(session, **PEOPLE[2])  # indexed after the load
    index_all(session)
    assert {pk for _, pk, _ in _from_memory(session, QUERY)[1]} == {first.id, second.id}
    _same_as_database(session)

    second.withdrawn_at = utcnow()  # withdrawn: its keys go
    session.commit()
    index_records(session, [second.id])
    session.commit()
    assert {pk for _, pk, _ in _from_memory(session, QUERY)[1]} == {first.id}
    _same_as_database(session)

    session.execute(update(PersonnelRecord).where(PersonnelRecord.id == first.id).values(
        is_current=False))  # superseded by a new version of another name
    newer = make_record(session, record_id=first.record_id, version=2, **PEOPLE[5])
    session.commit()
    index_records(session, [newer.id])
    session.commit()
    assert _from_memory(session, QUERY)[1] == []
    _same_as_database(session)


@pytest.mark.db
def test_an_indexing_run_logs_every_record_whose_keys_it_touched(session: Session) -> None:
    records = [make_record(session, **fields) for fields in PEOPLE[:3]]
    index_all(session)
    logged = sorted(session.scalars(select(RecordKeyChange.personnel_record_id)))
    assert logged == sorted(r.id for r in records)
    index_records(session, [records[1].id])
    session.commit()
    changes = session.execute(
        select(RecordKeyChange.id, RecordKeyChange.personnel_record_id).order_by(RecordKeyChange.id)
    ).all()
    assert changes[-1][1] == records[1].id and len(changes) == 4


@pytest.mark.db
def test_the_log_keeps_only_its_last_entries(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("registry.vetting.keys.KEPT_CHANGES", 3)
    records = [make_record(session, **fields) for fields in PEOPLE]
    for record in records:  # one indexing run, and one log entry, each
        index_records(session, [record.id])
        session.commit()
    logged = select(RecordKeyChange.personnel_record_id).order_by(RecordKeyChange.id)
    assert list(session.scalars(logged)) == [r.id for r in records[-3:]]


@pytest.mark.db
def test_an_index_far_behind_is_dropped_then_loaded_again(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_record(session, **PEOPLE[0])
    index_all(session)
    key_index.load_into_process(_url(session))
    make_record(session, **PEOPLE[2])
    index_all(session)
    monkeypatch.setattr(key_index, "RELOAD_AFTER", 0)
    assert _from_memory(session, QUERY) is None  # the database answers meanwhile
    _join_reload()
    monkeypatch.setattr(key_index, "RELOAD_AFTER", 50_000)
    _same_as_database(session)


def _join_reload() -> None:
    for thread in [t for t in threading.enumerate() if t.name == "key-index"]:
        thread.join(timeout=30)


@pytest.mark.db
def test_keys_of_a_registry_emptied_and_filled_again_are_loaded_afresh(session: Session) -> None:
    make_record(session, **PEOPLE[0])
    index_all(session)
    key_index.load_into_process(_url(session))
    assert _from_memory(session, QUERY)[1]

    for table in reversed(Base.metadata.sorted_tables):  # the fixtures would forget the keys
        session.execute(table.delete())
    session.commit()
    olena = make_record(session, **PEOPLE[5])
    index_all(session)
    olena_query = {"given_names": "Olena", "family_name": "Ivanenko"}
    assert check(session, **olena_query)["candidates"]  # the database answers meanwhile
    _join_reload()
    assert [pk for _, pk, _ in _from_memory(session, olena_query)[1]] == [olena.id]
    assert _from_memory(session, QUERY)[1] == []
    _same_as_database(session)


def test_without_an_index_checks_ask_the_database() -> None:
    assert key_index.answer(None, 0, [(0, "n:abdul karim")]) is None  # type: ignore[arg-type]

"""Candidates kept prepared per process: loaded at start, never stale, never required."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.models import Base, PersonnelRecord, Submission
from registry.vetting import resident
from registry.vetting.lru import LruCache
from tests.factories import make_record
from tests.registry.vetting_helpers import check, index_all

NAMESAKES = [
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1985-03-14"},
    {"full_name": "মোহাম্মদ আব্দুল করিম", "given_names": None, "family_name": None},
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1971-11-02"},
    {"given_names": "Md. Abdul", "family_name": "Karim", "passport_number": "BX0447129"},
]


@pytest.fixture(autouse=True)
def empty_store() -> Iterator[None]:
    resident.forget_resident()
    yield
    resident.forget_resident()
    resident.resize(resident.DEFAULT_SIZE)


def _answer(found: dict[str, Any]) -> dict[str, Any]:
    """A check's answer without its (random) check id."""
    return {key: value for key, value in found.items() if key != "check_id"}


def _pks(session: Session) -> list[int]:
    return list(session.scalars(select(PersonnelRecord.id).order_by(PersonnelRecord.id)))


@pytest.mark.db
def test_a_check_answers_alike_whether_its_candidates_were_kept_loaded_or_prepared(
    session: Session,
) -> None:
    for fields in NAMESAKES:
        make_record(session, **fields)
    index_all(session)
    prepared = _answer(check(session))
    assert prepared["candidates"]
    assert all(resident.kept(_pks(session)))  # the check kept what it prepared

    resident.forget_resident()
    assert resident.load_resident(session) == len(NAMESAKES)
    assert all(resident.kept(_pks(session)))
    assert _answer(check(session)) == prepared


def _empty(session: Session) -> None:
    """Every table emptied, the kept candidates left as they are (the fixtures drop them)."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


@pytest.mark.db
def test_a_registry_emptied_and_filled_again_is_never_scored_from_the_old_one(
    session: Session,
) -> None:
    make_record(session, passport_number="BX0447129")
    index_all(session)
    resident.load_resident(session)
    assert check(session)["candidates"]

    # The same database, now another registry: SQLite hands out the same record ids again.
    _empty(session)
    make_record(session, given_names="Yusuf", family_name="Haddad", date_of_birth="1962-07-30")
    index_all(session)
    assert check(session)["candidates"] == []
    moved = check(session, given_names="Yusuf", family_name="Haddad", date_of_birth="1962-07-30")
    assert moved["candidates"]


@pytest.mark.db
def test_a_registry_restored_to_an_earlier_state_drops_what_was_kept(session: Session) -> None:
    make_record(session, given_names="Yusuf", family_name="Haddad", date_of_birth="1962-07-30")
    later = make_record(session, passport_number="BX0447129")
    index_all(session)
    assert resident.load_resident(session) == 2
    assert check(session)["candidates"]

    # As if restored from a backup taken before the later submission.
    session.execute(PersonnelRecord.__table__.delete().where(PersonnelRecord.id == later.id))
    session.execute(Submission.__table__.delete().where(Submission.id == later.submission_id))
    session.commit()
    session.expunge_all()
    index_all(session)
    assert check(session)["candidates"] == []
    assert resident.kept(_pks(session)) == [None]
    # SQLite hands the restored-away record's id to the next record.
    make_record(session, given_names="Olena", family_name="Ivanenko", date_of_birth="1990-01-13")
    index_all(session)
    olena = check(session, given_names="Olena", family_name="Ivanenko", date_of_birth="1990-01-13")
    assert olena["candidates"]


@pytest.mark.db
def test_a_process_keeping_no_candidates_answers_the_same(session: Session) -> None:
    for fields in NAMESAKES:
        make_record(session, **fields)
    index_all(session)
    kept = _answer(check(session))
    resident.resize(0)
    assert resident.load_resident(session) == 0
    assert _answer(check(session)) == kept
    assert resident.kept(_pks(session)) == [None] * len(NAMESAKES)


@pytest.mark.db
def test_a_limited_load_keeps_the_newest_records(session: Session) -> None:
    for fields in NAMESAKES:
        make_record(session, **fields)
    index_all(session)
    assert resident.load_resident(session, limit=2) == 2
    kept = [found is not None for found in resident.kept(_pks(session))]
    assert kept == [False, False, True, True]


@pytest.mark.db
def test_a_load_stops_when_the_machine_runs_short_of_memory(
    session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for fields in NAMESAKES:
        make_record(session, **fields)
    index_all(session)
    asked = iter([False, True])
    monkeypatch.setattr(resident, "LOAD_BATCH", 1)
    monkeypatch.setattr(resident, "memory_short", lambda: next(asked))
    assert resident.load_resident(session) == 2
    assert "stopped keeping candidates at 2" in caplog.text
    assert _answer(check(session))["candidates"]  # the rest are prepared as met


def test_memory_is_judged_from_what_the_machine_has_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meminfo = tmp_path / "meminfo"
    monkeypatch.setattr(resident, "Path", lambda _: meminfo)
    meminfo.write_text("MemTotal:  1000 kB\nMemFree:  100 kB\nMemAvailable:  200 kB\n")
    assert resident.memory_short()
    meminfo.write_text("MemTotal:  1000 kB\nMemAvailable:  300 kB\n")
    assert not resident.memory_short()
    meminfo.unlink()
    assert not resident.memory_short()  # not Linux: no limit


def test_a_worker_on_a_registry_it_cannot_read_starts_with_none_and_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings().with_overrides({"database_url": f"sqlite:///{tmp_path / 'new.db'}"})
    assert resident.load_registry(settings) == 0
    assert "candidates not loaded" in caplog.text
    assert resident.capacity() == settings.prepared_records


def test_a_smaller_store_drops_the_least_recent_first() -> None:
    store: LruCache[str, int] = LruCache(3)
    store.put_many([("a", 1), ("b", 2), ("c", 3)])
    store.get_many(["a"])
    store.resize(2)
    assert store.get_many(["a", "b", "c"]) == [1, None, 3]

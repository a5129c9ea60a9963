"""The audit chain verifies, and names the first entry that was altered, removed or moved."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from registry.audit import GENESIS_HASH, append_audit, compute_hash, verify_chain
from registry.db import session_factory
from registry.models import AuditEntry, AuditHead

pytestmark = pytest.mark.db


def add_entries(session: Session, count: int, **overrides: Any) -> list[AuditEntry]:
    """`count` committed check entries."""
    entries = []
    for i in range(count):
        values: dict[str, Any] = {
            "actor_sub": "alice",
            "actor_org": "BGD",
            "action": "check",
            "target": f"check-{i}",
            "request": {"family_name": "Karim", "score": 0.25, "big": 1e20, "i": i},
            "response": {"outcome": "clear", "candidates": []},
        }
        values.update(overrides)
        entries.append(append_audit(session, **values))
    session.commit()
    return entries


def test_append_links_entries(session: Session) -> None:
    first, second = add_entries(session, 2)
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert session.get(AuditHead, 1) is not None


def test_intact_chain_verifies(session: Session, db_url: str) -> None:
    add_entries(session, 5)
    with session_factory(db_url)() as fresh:  # read back from the database, not the identity map
        report = verify_chain(fresh)
    assert report.ok, report.describe()
    assert report.checked == 5
    assert report.head_seq == 5


def test_empty_chain_verifies(session: Session) -> None:
    assert verify_chain(session).ok


def test_append_is_part_of_the_callers_transaction(session: Session) -> None:
    add_entries(session, 1)
    append_audit(
        session,
        actor_sub="a",
        actor_org="BGD",
        action="check",
        target=None,
        request={},
        response={},
    )
    session.rollback()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    assert verify_chain(session).ok


def _tamper(session: Session, *statements: Any) -> None:
    for statement in statements:
        session.execute(statement)
    session.commit()
    session.expunge_all()


def test_altered_field(session: Session) -> None:
    add_entries(session, 5)
    _tamper(session, update(AuditEntry).where(AuditEntry.seq == 3).values(actor_org="XXX"))
    report = verify_chain(session)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 3, "altered")


def test_altered_json(session: Session) -> None:
    add_entries(session, 4)
    forged = {"outcome": "hit", "candidates": []}
    _tamper(session, update(AuditEntry).where(AuditEntry.seq == 2).values(response=forged))
    report = verify_chain(session)
    assert (report.first_bad_seq, report.reason) == (2, "altered")


def test_deleted_middle_entry(session: Session) -> None:
    add_entries(session, 5)
    _tamper(session, delete(AuditEntry).where(AuditEntry.seq == 3))
    report = verify_chain(session)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 3, "missing")


@pytest.mark.parametrize("removed", [1, 2])
def test_deleted_last_entries(session: Session, removed: int) -> None:
    add_entries(session, 5)
    _tamper(session, delete(AuditEntry).where(AuditEntry.seq > 5 - removed))
    report = verify_chain(session)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 6 - removed, "missing")


def test_reordered_entries(session: Session) -> None:
    add_entries(session, 5)
    _tamper(
        session,
        update(AuditEntry).where(AuditEntry.seq == 3).values(seq=-3),
        update(AuditEntry).where(AuditEntry.seq == 4).values(seq=3),
        update(AuditEntry).where(AuditEntry.seq == -3).values(seq=4),
    )
    report = verify_chain(session)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 3, "reordered")


def test_rewritten_link(session: Session) -> None:
    """An entry re-hashed after its prev_hash was changed still breaks the link."""
    entries = add_entries(session, 4)
    victim = session.scalars(select(AuditEntry).where(AuditEntry.seq == 3)).one()
    victim.prev_hash = entries[0].entry_hash
    victim.entry_hash = compute_hash(victim)
    session.commit()
    report = verify_chain(session)
    assert (report.first_bad_seq, report.reason) == (3, "broken link")


def test_forged_entry_after_head(session: Session) -> None:
    entries = add_entries(session, 2)
    extra = AuditEntry(
        seq=3,
        at=entries[-1].at,
        actor_sub="mallory",
        actor_org="BGD",
        action="check",
        target=None,
        request={},
        response={},
        prev_hash=entries[-1].entry_hash,
    )
    extra.entry_hash = compute_hash(extra)
    session.add(extra)
    session.commit()
    report = verify_chain(session)
    assert (report.first_bad_seq, report.reason) == (3, "unanchored")


def test_concurrent_appends_keep_one_chain(db_url: str) -> None:
    factory = session_factory(db_url)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for _ in range(5):
                with factory() as s:
                    add_entries(s, 1, actor_sub=f"w{n}")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory() as s:
        report = verify_chain(s)
    assert report.ok, report.describe()
    assert report.checked == 20

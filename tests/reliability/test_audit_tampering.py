"""Tampering with the stored audit trail — altering, deleting, reordering or inserting
entries — is caught by `vetreg audit verify`, which exits 1 naming the first bad entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from registry.audit import append_audit, compute_hash
from registry.models import AuditEntry
from scripts.cli import main
from tests.reliability.figures import report

pytestmark = pytest.mark.db

ENTRIES = 10
ACTIONS = ("check", "screening", "submission", "review_decision")


def _trail(session: Session) -> None:
    """Ten committed entries of the kinds the registry writes."""
    for i in range(1, ENTRIES + 1):
        append_audit(
            session,
            actor_sub=f"user-{i % 3}",
            actor_org=("BGD", "NPL", "UNMISS")[i % 3],
            action=ACTIONS[i % len(ACTIONS)],
            target=f"target-{i}",
            request={"family_name": "Karim", "i": i},
            response={"outcome": "hit" if i % 4 == 0 else "clear"},
        )
        session.commit()


def _entry(session: Session, seq: int) -> AuditEntry:
    return session.scalars(select(AuditEntry).where(AuditEntry.seq == seq)).one()


def _move(session: Session, seq: int, to: int) -> None:
    session.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(seq=to))


def _shift_up_from(session: Session, seq: int) -> None:
    """Make room at `seq` by moving every later entry one place up (highest first)."""
    for moved in range(ENTRIES, seq - 1, -1):
        _move(session, moved, moved + 1)


def _forged(session: Session, seq: int, prev_hash: str, rehash: bool) -> None:
    entry = AuditEntry(
        seq=seq,
        at=_entry(session, 1).at,
        actor_sub="mallory",
        actor_org="BGD",
        action="check",
        target="forged",
        request={},
        response={"outcome": "clear"},
        prev_hash=prev_hash,
        entry_hash="f" * 64,
    )
    if rehash:
        entry.entry_hash = compute_hash(entry)
    session.add(entry)


def alter_org(s: Session) -> None:
    s.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(actor_org="XXX"))


def alter_answer(s: Session) -> None:
    forged = {"outcome": "clear"}
    s.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(response=forged))


def alter_question(s: Session) -> None:
    s.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(request={"i": 0}))


def alter_time(s: Session) -> None:
    entry = _entry(s, 4)
    entry.at = entry.at - timedelta(days=1)


def alter_actor(s: Session) -> None:
    s.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(actor_sub="someone-else"))


def delete_first(s: Session) -> None:
    s.execute(delete(AuditEntry).where(AuditEntry.seq == 1))


def delete_middle(s: Session) -> None:
    s.execute(delete(AuditEntry).where(AuditEntry.seq == 4))


def delete_last(s: Session) -> None:
    s.execute(delete(AuditEntry).where(AuditEntry.seq == ENTRIES))


def delete_all(s: Session) -> None:
    s.execute(delete(AuditEntry))


def swap_neighbours(s: Session) -> None:
    _move(s, 4, -4)
    _move(s, 5, 4)
    _move(s, -4, 5)


def move_to_end(s: Session) -> None:
    _move(s, 4, ENTRIES + 1)


def insert_naive(s: Session) -> None:
    _shift_up_from(s, 5)
    _forged(s, 5, _entry(s, 4).entry_hash, rehash=False)


def insert_rehashed(s: Session) -> None:
    """A forged entry hashed and linked correctly: the entry after it no longer fits."""
    _shift_up_from(s, 5)
    _forged(s, 5, _entry(s, 4).entry_hash, rehash=True)


def append_after_head(s: Session) -> None:
    _forged(s, ENTRIES + 1, _entry(s, ENTRIES).entry_hash, rehash=True)


def rewrite_and_rehash(s: Session) -> None:
    """The altered entry verifies on its own; the next one's link to it breaks."""
    entry = _entry(s, 4)
    entry.response = {"outcome": "clear", "candidates": []}
    entry.entry_hash = compute_hash(entry)


def rewrite_and_rehash_last(s: Session) -> None:
    entry = _entry(s, ENTRIES)
    entry.actor_org = "XXX"
    entry.entry_hash = compute_hash(entry)


TAMPERING: dict[str, tuple[Callable[[Session], None], int, str]] = {
    "alter_org": (alter_org, 4, "altered"),
    "alter_answer": (alter_answer, 4, "altered"),
    "alter_question": (alter_question, 4, "altered"),
    "alter_time": (alter_time, 4, "altered"),
    "alter_actor": (alter_actor, 4, "altered"),
    "delete_first": (delete_first, 1, "missing"),
    "delete_middle": (delete_middle, 4, "missing"),
    "delete_last": (delete_last, ENTRIES, "missing"),
    "delete_all": (delete_all, 1, "missing"),
    "swap_neighbours": (swap_neighbours, 4, "reordered"),
    "move_to_end": (move_to_end, 4, "missing"),
    "insert_naive": (insert_naive, 5, "altered"),
    "insert_rehashed": (insert_rehashed, 6, "reordered"),
    "append_after_head": (append_after_head, ENTRIES + 1, "unanchored"),
    "rewrite_and_rehash": (rewrite_and_rehash, 5, "broken link"),
    "rewrite_and_rehash_last": (rewrite_and_rehash_last, ENTRIES, "altered"),
}


@pytest.fixture(scope="module")
def caught(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """The tampering cases `vetreg audit verify` caught, reported at the end."""
    names: list[str] = []
    yield names
    report(request, f"audit tampering: {len(names)} of {len(TAMPERING)} cases caught")


def _verify(db_url: str, tmp_path: Path) -> Any:
    env = {"DATABASE_URL": db_url, "VETREG_VAR_DIR": str(tmp_path)}
    return CliRunner().invoke(main, ["audit", "verify"], env=env)


def test_an_untouched_trail_verifies(session: Session, db_url: str, tmp_path: Path) -> None:
    _trail(session)
    result = _verify(db_url, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"{ENTRIES} entries" in result.stdout


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_tampering_is_caught_at_the_first_bad_entry(
    session: Session, db_url: str, tmp_path: Path, name: str, caught: list[str]
) -> None:
    tamper, first_bad, reason = TAMPERING[name]
    _trail(session)
    tamper(session)
    session.commit()
    result = _verify(db_url, tmp_path)
    assert result.exit_code == 1, result.stdout
    assert f"broken at seq {first_bad}: {reason}" in result.stderr, result.stderr
    caught.append(name)

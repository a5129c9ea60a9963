"""A roster screened in several batches (retrieved ahead on PostgreSQL) is answered as one."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from registry.vetting import batch, screening
from registry.vetting.batch import Retrieved
from registry.vetting.screening import screen_roster
from tests.factories import make_record
from tests.registry.vetting_helpers import index_all, settings_for

ROSTER = [
    {"record_id": "r1", "given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1985"},
    {"record_id": "r2", "full_name": "Ram Bahadur Thapa", "nationality": "NPL"},
    {"record_id": "r3", "full_name": "Nobody Known", "date_of_birth": "1970-01-01"},
    {"record_id": "r4", "given_names": "Abdool", "family_name": "Kareem", "passport_number": "X1"},
    {"record_id": "r5", "full_name": "Thapa Ram", "date_of_birth": "1990-05-05"},
]


@pytest.mark.db
def test_batches_answer_as_one(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    make_record(session, "BGD", passport_number="X1")
    make_record(session, "IND", given_names="Abdul", family_name="Kareem")
    make_record(session, "NPL", given_names="Ram Bahadur", family_name="Thapa")
    make_record(session, "NPL", given_names="Ram", family_name="Thapa", date_of_birth="1990-05-05")
    index_all(session)
    settings, roster = settings_for(session), pd.DataFrame(ROSTER)
    whole = screen_roster(session, settings, "UNMISS", roster)
    monkeypatch.setattr(screening, "BATCH_ROWS", 2)
    threads: list[str] = []

    def retrieve_batch(session: Session, raw: pd.DataFrame) -> Retrieved:
        threads.append(threading.current_thread().name)
        return batch.retrieve_batch(session, raw)

    monkeypatch.setattr(screening, "retrieve_batch", retrieve_batch)
    done: list[int] = []
    parts = screen_roster(session, settings, "UNMISS", roster, progress=lambda n, _: done.append(n))
    assert done == [2, 4, 5]
    assert [r.record_id for r in parts] == ["r1", "r2", "r3", "r4", "r5"]
    assert parts == whole
    assert sum(len(r.matches) for r in whole) >= 3  # the roster meets the registry
    # On PostgreSQL the batches were retrieved ahead, on another thread and connection.
    ahead = session.get_bind().dialect.name == "postgresql"
    assert len(threads) == (3 if ahead else 0)
    assert all(name.startswith("retrieval") for name in threads)


@pytest.mark.db
@pytest.mark.parametrize("row_wise_max_pairs", [0, batch.ROW_WISE_MAX_PAIRS])
def test_a_row_scores_alike_whatever_its_neighbours(
    session: Session, monkeypatch: pytest.MonkeyPatch, row_wise_max_pairs: int
) -> None:
    """Registry frequencies are counted for the query rows' values; a neighbour that
    holds a candidate's name must not change how common that name counts as."""
    monkeypatch.setattr(batch, "ROW_WISE_MAX_PAIRS", row_wise_max_pairs)  # 0: vectorised
    for _ in range(3):
        make_record(session, "GBR", given_names="Jonathon", family_name="Smithers")
    index_all(session)
    settings = settings_for(session)
    row = {"record_id": "r1", "given_names": "Jonathan", "family_name": "Smithers"}
    neighbour = {"record_id": "r2", "given_names": "Jonathon", "family_name": "Smithers"}
    alone = screen_roster(session, settings, "UNMISS", pd.DataFrame([row]))
    beside = screen_roster(session, settings, "UNMISS", pd.DataFrame([row, neighbour]))
    assert alone[0].matches, "the namesakes are candidates"
    assert [m.score for m in beside[0].matches] == [m.score for m in alone[0].matches]


@pytest.mark.db
def test_forked_workers_answer_as_one_process(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_record(session, "BGD", passport_number="X1")
    make_record(session, "IND", given_names="Abdul", family_name="Kareem")
    make_record(session, "NPL", given_names="Ram", family_name="Thapa", date_of_birth="1990-05-05")
    index_all(session)
    settings, roster = settings_for(session), pd.DataFrame(ROSTER)
    whole = screen_roster(session, settings, "UNMISS", roster)
    monkeypatch.setattr(screening, "BATCH_ROWS", 2)
    vetted_here: list[int] = []  # a child's calls land in the child's copy of the list
    real_vet_frame = screening.vet_frame

    def vet_frame(session: Session, request: batch.Request, raw: pd.DataFrame) -> object:
        vetted_here.append(os.getpid())
        return real_vet_frame(session, request, raw)

    monkeypatch.setattr(screening, "vet_frame", vet_frame)
    done: list[int] = []
    shared = screen_roster(
        session, settings, "UNMISS", roster, workers=2, progress=lambda n, _: done.append(n)
    )
    assert shared == whole and sum(len(r.matches) for r in whole) >= 3
    assert vetted_here == [os.getpid()]  # the first of 3 batches here, the others in a child
    assert done[-1] == len(ROSTER) and done == sorted(done)
    # The parent's session and connections still work after the child has gone.
    assert screen_roster(session, settings, "UNMISS", roster.iloc[:1]) == whole[:1]

"""Work spread over threads or forked processes gives the single-thread results."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from linkage import columns as c
from linkage import forked, scoring
from linkage.blocking import candidate_pairs
from linkage.estimate import train_model
from linkage.features import prepare_records
from linkage.model import DEFAULT_MODEL
from linkage.normalise import normalise_records
from linkage.parallel import default_workers, run_each
from linkage.scoring import compare_pairs
from tests.linkage.factories import make_frame, make_normalised

NAMES = ["Mohammed Ali", "Muhammad Aly", "Ada Okafor", "Bola Okonkwo", "Кебеде Лоу",
         "মোহাম্মদ আলী", "Zephyrine Lowe", "Kabada Ali", ""]


def _raw(count: int) -> pd.DataFrame:
    return pd.DataFrame({
        c.RECORD_ID: [f"r{i}" for i in range(count)],
        c.FULL_NAME: [f"{NAMES[i % len(NAMES)]} {i // 3}" if i % 7 else NAMES[i % len(NAMES)]
                      for i in range(count)],
        c.DATE_OF_BIRTH: [f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}" for i in range(count)],
        c.NATIONALITY: [["BGD", "NGA", "ETH", ""][i % 4] for i in range(count)],
        c.PASSPORT_NUMBER: [f"P{i % 97:07d}" if i % 3 else "" for i in range(count)],
        c.ALIASES: ["Ali M.; M. Ali" if i % 11 == 0 else "" for i in range(count)],
    })


def test_run_each_keeps_item_order() -> None:
    assert run_each(lambda x: x * x, list(range(50)), 2) == [x * x for x in range(50)]
    assert run_each(lambda x: x + 1, [1], 4) == [2]
    assert 1 <= default_workers() <= 2


def test_map_split_equals_a_serial_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_ITEMS", 0)

    def square(items: Sequence[int]) -> list[int]:
        return [i * i for i in items]

    items = list(range(1001))
    for workers in (1, 2, 3):
        assert forked.map_split_beside(square, items, workers, lambda: None)[0] == square(items)


def test_map_split_raises_a_worker_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_ITEMS", 0)

    def fail_late(items: Sequence[int]) -> list[int]:
        if items and items[-1] == 99:
            raise ValueError("boom")
        return list(items)

    with pytest.raises(RuntimeError, match="boom"):
        forked.map_split_beside(fail_late, list(range(100)), 2, lambda: None)


def test_normalising_in_worker_processes_gives_the_serial_frame(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_ITEMS", 0)
    raw = _raw(300)
    serial = normalise_records(raw)
    pd.testing.assert_frame_equal(normalise_records(raw, workers=2), serial)


def test_comparing_on_threads_gives_the_serial_levels() -> None:
    records = [make_normalised(given=["ada", "bola", "kebede", "kabada"][i % 4],
                               family=["ali", "okafor", "lowe"][i % 3],
                               dob=f"19{60 + i % 4}-0{1 + i % 3}-1{i % 5}",
                               passport_n=f"P{i % 6:07d}" if i % 2 else "")
               for i in range(30)]
    prepared = prepare_records(make_frame(*records))
    left, right = np.triu_indices(len(records), k=1)
    pairs = pd.DataFrame({c.LEFT: left.astype(np.int32), c.RIGHT: right.astype(np.int32)})
    serial = compare_pairs(prepared, pairs, DEFAULT_MODEL)
    for chunk in (7, 50):
        pd.testing.assert_frame_equal(
            compare_pairs(prepared, pairs, DEFAULT_MODEL, chunk=chunk, workers=2), serial)


def test_blocking_rules_on_threads_give_the_serial_pairs() -> None:
    frame = normalise_records(_raw(600))
    serial = candidate_pairs(frame, max_bucket=8)
    for workers in (2, 3):
        threaded = candidate_pairs(frame, max_bucket=8, workers=workers)
        pd.testing.assert_frame_equal(threaded.pairs, serial.pairs)
        assert threaded.stats == serial.stats
    assert len(serial.pairs) > 0


def test_map_split_beside_runs_both_in_any_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_ITEMS", 0)

    def square(items: Sequence[int]) -> list[int]:
        return [i * i for i in items]

    items = list(range(1001))
    for workers in (1, 2, 3):
        for share in (None, 0.0, 0.2, 1.0):
            found, other = forked.map_split_beside(square, items, workers, lambda: "beside",
                                                   first_share=share)
            assert found == square(items)
            assert other == "beside"


def test_training_on_threads_gives_the_serial_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "CHUNK_PAIRS", 97)  # many chunks to compare and weigh
    prepared = prepare_records(normalise_records(_raw(600)))
    pairs = candidate_pairs(normalise_records(_raw(600)), max_bucket=8).pairs
    compared = compare_pairs(prepared, pairs, DEFAULT_MODEL)
    serial = train_model(prepared, compared, DEFAULT_MODEL, u_samples=5_000)
    assert train_model(prepared, compared, DEFAULT_MODEL, u_samples=5_000, workers=2) == serial

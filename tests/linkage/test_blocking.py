"""Blocking: unioned passes, LEFT < RIGHT, capped buckets reported, incremental restriction."""

from __future__ import annotations

import numpy as np

from linkage import columns as c
from linkage.blocking import candidate_pairs
from tests.linkage.factories import make_frame, make_normalised


def _pairs(blocking: object) -> set[tuple[int, int]]:
    frame = blocking.pairs  # type: ignore[attr-defined]
    return set(zip(frame[c.LEFT].tolist(), frame[c.RIGHT].tolist(), strict=True))


def test_pairs_from_different_passes_are_unioned_and_ordered() -> None:
    frame = make_frame(
        make_normalised(given="john"), make_normalised(given="jon"),          # phonetic
        make_normalised(given="x", family="y", passport_n="P1", dob="1950"),  # passport
        make_normalised(given="z", family="w", passport_n="P1", dob="1960"),
        make_normalised(given="amy", family="lee", dob="1999-01-02"),         # nothing shared
    )
    blocking = candidate_pairs(frame)
    assert _pairs(blocking) == {(0, 1), (2, 3)}
    assert (blocking.pairs[c.LEFT] < blocking.pairs[c.RIGHT]).all()
    assert blocking.pairs[c.LEFT].dtype == np.int32
    assert blocking.stats["reduction_ratio"] == 1 - 2 / 10


def test_oversized_bucket_is_split_by_year_then_dropped_and_reported() -> None:
    same_year = [make_normalised(dob=f"1980-01-{d:02d}", nationality_n=str(d))
                 for d in range(1, 6)]
    other_year = [make_normalised(dob=f"1990-01-{d:02d}", nationality_n=str(d))
                  for d in range(1, 3)]
    blocking = candidate_pairs(make_frame(*same_year, *other_year), max_bucket=3)
    assert _pairs(blocking) == {(5, 6)}
    rule = blocking.stats["rules"]["phonetic token pairs"]  # type: ignore[index]
    assert rule["oversized_buckets"] == 1 and rule["dropped_pairs"] == 10
    assert blocking.stats["dropped_pairs"] >= 10


def test_first_new_keeps_only_pairs_touching_new_records() -> None:
    frame = make_frame(make_normalised(), make_normalised(), make_normalised())
    assert _pairs(candidate_pairs(frame, first_new=2)) == {(0, 2), (1, 2)}


def test_alias_meets_name() -> None:
    frame = make_frame(make_normalised(given="kofi", family="annan", dob="1938"),
                       make_normalised(given="k", family="a", dob="1990",
                                       aliases=["kofi annan"]))
    assert _pairs(candidate_pairs(frame)) == {(0, 1)}

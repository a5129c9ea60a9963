"""The memory-sparing paths (in-place compaction, per-chunk counts, uncopied columns)
give what the plain numpy and pandas operations give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage import blocking, buckets
from linkage.blocking import candidate_pairs
from linkage.estimate import _combined_counts
from linkage.scoring import uncopied
from tests.linkage.factories import make_frame, make_normalised


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1000])
def test_dropping_repeats_in_place_equals_unique(chunk: int) -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 9, 500):
        values = np.sort(rng.integers(0, 40, size))
        expected = np.unique(values)
        np.testing.assert_array_equal(buckets._drop_repeats(values.copy(), chunk), expected)
        view = values.copy()[: size // 2]  # a view: compacted, then copied, not resized
        np.testing.assert_array_equal(buckets._drop_repeats(view, chunk),
                                      np.unique(values[: size // 2]))


def test_union_and_bucket_pairs_are_sorted_and_distinct() -> None:
    parts = [np.array([1, 4, 9], dtype=np.int64), np.array([2, 4, 10], dtype=np.int64),
             np.array([], dtype=np.int64)]
    np.testing.assert_array_equal(buckets.union_all(parts), [1, 2, 4, 9, 10])
    grouped = buckets.group(np.array([0, 1, 2, 1, 2, 3], dtype=np.int64),
                            np.array([5, 5, 5, 6, 6, 6], dtype=np.int64))
    pairs = buckets.bucket_pairs(grouped, 10, chunk=1)
    np.testing.assert_array_equal(pairs, [1, 2, 12, 13, 23])


def test_combined_counts_equal_counting_everything_at_once() -> None:
    rng = np.random.default_rng(8)
    chunks = [rng.integers(-50, 50, size).astype(np.int32) for size in (100, 3, 250)]
    values, counts = _combined_counts([np.unique(c, return_counts=True) for c in chunks])
    expected_values, expected_counts = np.unique(np.concatenate(chunks), return_counts=True)
    np.testing.assert_array_equal(values, expected_values)
    np.testing.assert_array_equal(counts, expected_counts)


def test_with_columns_adds_and_replaces_without_copying() -> None:
    frame = pd.DataFrame({"a": np.arange(4, dtype=np.int32), "b": np.zeros(4, np.int8)},
                         copy=False)
    weight = np.ones(4, dtype=np.float32)
    out = uncopied(frame, list(frame.columns), {"w": weight, "b": np.ones(4, np.int8)})
    assert list(out.columns) == ["a", "b", "w"]
    assert np.shares_memory(out["w"].to_numpy(), weight)
    assert np.shares_memory(out["a"].to_numpy(), frame["a"].to_numpy())
    assert out["b"].tolist() == [1, 1, 1, 1] and frame["b"].tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize("few_share", [0, 1, 3])
def test_rules_with_few_pairs_merged_apart_give_the_same_union(
        monkeypatch: pytest.MonkeyPatch, few_share: int) -> None:
    records = [make_normalised(given=["ada", "adah", "bola", "kebede"][i % 4],
                               family=["ali", "okafor", "aly"][i % 3],
                               dob=f"19{60 + i % 3}-0{1 + i % 2}-1{i % 4}",
                               passport_n=f"P{i % 5:07d}" if i % 2 else "")
               for i in range(40)]
    frame = make_frame(*records)
    monkeypatch.setattr(blocking, "FEW_SHARE", 10**9)  # never "few": one rule at a time
    expected = candidate_pairs(frame).pairs
    monkeypatch.setattr(blocking, "FEW_SHARE", few_share)
    pd.testing.assert_frame_equal(candidate_pairs(frame).pairs, expected)

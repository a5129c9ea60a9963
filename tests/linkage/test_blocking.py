"""Blocking: unioned passes, LEFT < RIGHT, capped buckets reported, incremental restriction."""

from __future__ import annotations

import numpy as np

from linkage import buckets
from linkage import columns as c
from linkage.blocking import DEFAULT_RULES, UNKNOWN_YEAR_REACH, candidate_pairs, token_pair_keys
from linkage.names.phonetic import coarse_key, skeleton_key
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
    assert (5, 6) in _pairs(blocking)
    rule = blocking.stats["rules"]["phonetic token pairs"]  # type: ignore[index]
    assert rule["oversized_buckets"] == 1 and rule["dropped_pairs"] == 10
    assert blocking.stats["dropped_pairs"] >= 10


def test_record_without_a_year_meets_its_whole_oversized_bucket() -> None:
    # Thirty "jean claude" records of many birth years: the bucket is over the cap, and
    # refining by year would part the record without a year from every other one.
    crowd = [make_normalised(given="jean claude", family=f"family{i:02d}",
                             dob=f"{1950 + i}-01-01") for i in range(30)]
    no_year = make_normalised(given="jean claude", family="family07x", dob="")
    blocking = candidate_pairs(make_frame(*crowd, no_year), max_bucket=16)
    pairs = _pairs(blocking)
    assert (7, 30) in pairs
    assert not any(left < 30 and right < 30 for left, right in pairs)  # still refined
    rule = blocking.stats["rules"]["phonetic token pairs"]  # type: ignore[index]
    assert int(rule["unknown_year_pairs"]) == 30


def test_unknown_year_reach_is_bounded() -> None:
    crowd = [make_normalised(given="jean claude", family=f"family{i:02d}",
                             dob=f"{1950 + i}-01-01") for i in range(30)]
    no_year = make_normalised(given="jean claude", family="family07x", dob="")
    # Phonetic pairs get half the cap: 31 records > (max_bucket / 2) * reach.
    max_bucket = 2 * 30 // UNKNOWN_YEAR_REACH - 2
    assert (7, 30) not in _pairs(candidate_pairs(make_frame(*crowd, no_year),
                                                 max_bucket=max_bucket))


def test_flagged_pairs_stay_inside_buckets() -> None:
    grouped = buckets.group(np.array([0, 1, 2, 3, 4, 5]), np.array([1, 1, 1, 2, 2, 2]))
    flagged = np.array([False, True, False, False, False, False])
    encoded = buckets.flagged_pairs(grouped, flagged, 6)
    assert {(int(p // 6), int(p % 6)) for p in encoded} == {(0, 1), (1, 2)}


def test_a_name_repeating_a_word_meets_a_longer_one() -> None:
    frame = make_frame(make_normalised(given="abebe", family="abebe", dob="1990"),
                       make_normalised(given="girma abebe", family="abebe", dob="1975"))
    assert (0, 1) in _pairs(candidate_pairs(frame))


def test_first_new_keeps_only_pairs_touching_new_records() -> None:
    frame = make_frame(make_normalised(), make_normalised(), make_normalised())
    assert _pairs(candidate_pairs(frame, first_new=2)) == {(0, 2), (1, 2)}


def test_alias_meets_name() -> None:
    frame = make_frame(make_normalised(given="kofi", family="annan", dob="1938"),
                       make_normalised(given="k", family="a", dob="1990",
                                       aliases=["kofi annan"]))
    assert _pairs(candidate_pairs(frame)) == {(0, 1)}


def test_initial_meets_whole_given_name() -> None:
    frame = make_frame(make_normalised(given="ganesh kumar", family="thapa", dob="1964-10-06"),
                       make_normalised(given="g", family="thapa", dob="1964-06-10"),
                       make_normalised(given="r", family="thapa", dob="1964-03-01"))
    assert (0, 1) in _pairs(candidate_pairs(frame))
    assert (0, 2) not in _pairs(candidate_pairs(frame))


def test_identifier_number_meets_across_formats_and_fields() -> None:
    frame = make_frame(
        make_normalised(given="a", family="b", dob="1950", service_n="BA06180141"),
        make_normalised(given="c", family="d", dob="1960", service_n="BA6180141"),
        make_normalised(given="e", family="f", dob="1970", passport_n="6180141"),
        make_normalised(given="g", family="h", dob="1980", service_n="BA123"),
        make_normalised(given="i", family="j", dob="1990", passport_n="123"),
    )
    assert _pairs(candidate_pairs(frame)) == {(0, 1), (0, 2), (1, 2)}


def test_swapped_day_and_month_meet_with_one_shared_token() -> None:
    frame = make_frame(make_normalised(given="iosaia", family="naivalu", dob="1967-06-02"),
                       make_normalised(given="josaia", family="naivalu", dob="1967-02-06"),
                       make_normalised(given="josaia", family="naivalu", dob="1967-02-07"))
    rules = tuple(r for r in DEFAULT_RULES if "date of birth" in r.name)
    assert _pairs(candidate_pairs(frame, rules)) == {(0, 1)}


def test_one_shared_token_meets_within_a_unit() -> None:
    # "Md. Kamrul" and "Kamrul Shofiqul", a date on one side only: one word in common,
    # which no name pass pairs, but both serve in BANBAT-2.
    frame = make_frame(make_normalised(given="kamrul", family="", dob="", unit_n="banbat 2"),
                       make_normalised(given="kamrul", family="shofiqul", dob="1988-02-11",
                                       unit_n="banbat 2"),
                       make_normalised(given="kamrul", family="hasan", dob="1988-02-11",
                                       unit_n="banbat 3"),
                       make_normalised(given="rafiq", family="shofiqul", dob="",
                                       unit_n=None))
    rules = tuple(r for r in DEFAULT_RULES if "unit" in r.name)
    assert _pairs(candidate_pairs(frame, rules)) == {(0, 1)}
    assert (0, 1) in _pairs(candidate_pairs(frame))
    assert (0, 2) not in _pairs(candidate_pairs(frame))


def test_coarse_skeleton_unites_romanisations() -> None:
    assert coarse_key(skeleton_key("shrestha")) == coarse_key(skeleton_key("srestha"))
    assert coarse_key(skeleton_key("vishnu")) == coarse_key(skeleton_key("bishnu"))
    assert coarse_key(skeleton_key("karim")) != coarse_key(skeleton_key("rahim"))


def test_token_pair_keys_are_order_free_strings() -> None:
    frame = make_frame(make_normalised(given="kofi", family="annan"),
                       make_normalised(given="annan", family="kofi"),
                       make_normalised(given="kofi", family="kofi"))
    keys = token_pair_keys(c.NAME_TOKENS)(frame)
    assert keys.to_dict() == {0: "annan|kofi", 1: "annan|kofi", 2: "kofi"}


def test_chunked_pair_expansion_equals_brute_force() -> None:
    rng = np.random.default_rng(7)
    positions = rng.integers(0, 300, 2000)
    codes = rng.integers(0, 40, 2000)
    expected = {(a, b) for a in range(300) for b in range(a + 1, 300)
                if set(codes[positions == a]) & set(codes[positions == b])}
    grouped = buckets.group(positions.astype(np.int64), codes.astype(np.int64))
    encoded = buckets.bucket_pairs(grouped, 300, chunk=500)
    assert {(int(e // 300), int(e % 300)) for e in encoded} == expected
    assert (np.diff(encoded) > 0).all()


def test_empty_and_single_record_frames_give_no_pairs() -> None:
    frame = make_frame(make_normalised(), make_normalised(dob=""))
    assert len(candidate_pairs(frame.iloc[:0]).pairs) == 0
    assert len(candidate_pairs(frame.iloc[:1]).pairs) == 0
    assert _pairs(candidate_pairs(frame)) == {(0, 1)}

"""Blocking: candidate pairs from several key passes, unioned, bucket sizes capped.

Each rule maps every record to zero or more integer keys; records sharing a key
form a bucket and every pair inside a bucket is a candidate. A bucket larger
than the cap is split by birth year; one still too large is dropped and
reported, so the cost stays bounded and the loss is visible. A record without
a birth year, which refining would part from every dated record, is still
paired with its whole bucket while that is at most UNKNOWN_YEAR_REACH times
the cap. Pairs are
positions in the normalised frame with LEFT < RIGHT.

The passes complement each other: phonetic codes and coarse consonant
skeletons of token pairs catch spellings and transliterations (order-free,
middle names dropped); a token with the birth date catches names that share
one word only; an initial with a whole name catches "THAPA G." against
"Ganesh Thapa"; exact names and aliases, birth date with nationality, and the
identifiers (also by their bare number, so "BA-06180141" meets "BA6180141")
catch records whose names were written beyond recognition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from linkage import buckets as b
from linkage import columns as c
from linkage import parallel
from linkage.block_keys import (
    IntArray,
    Keys,
    Records,
    dob_nationality_keys,
    identifier_digit_keys,
    initial_with_token_keys,
    token_pair_keys,
    token_pairs,
    token_with_dob_keys,
    token_with_value_keys,
    value_keys,
)
from linkage.names.phonetic import coarse_key

log = logging.getLogger(__name__)

KeyFunction = Callable[[Records], Keys]
YEAR_SLOTS = 4096  # birth years are folded into this many refinement slots
# Refining an oversized bucket by birth year parts a record whose year is unknown from
# every record whose year is known. In buckets up to this many times the cap such a record
# is still paired with the whole bucket (a cost of its size per unknown-year record).
UNKNOWN_YEAR_REACH = 4
FEW_SHARE = 8  # a rule's pairs are "few" beside a union at least this many times larger

__all__ = ["DEFAULT_RULES", "Blocking", "BlockingRule", "candidate_pairs", "token_pair_keys"]


@dataclass(frozen=True)
class BlockingRule:
    """A named key function; `refine` splits oversized buckets by birth year.

    `share` scales the run's bucket cap for this rule: a broad key (an initial
    with a name) gets a smaller cap than a specific one.
    """

    name: str
    keys: KeyFunction
    refine: bool = True
    share: float = 1.0


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("phonetic token pairs", token_pairs(c.NAME_PHONETIC), share=0.5),
    BlockingRule("coarse skeleton token pairs", token_pairs(c.NAME_SKELETON, coarse_key),
                 share=0.5),
    BlockingRule("coarse skeleton + date of birth",
                 token_with_dob_keys(c.NAME_SKELETON, coarse_key)),
    BlockingRule("initial + coarse skeleton",
                 initial_with_token_keys(c.NAME_SKELETON, coarse_key), share=0.25),
    BlockingRule("phonetic token + unit", token_with_value_keys(c.NAME_PHONETIC, c.UNIT_N),
                 share=0.1),
    BlockingRule("name or alias", value_keys(c.NAME_JOINED, c.NAME_SORTED, c.ALIAS_SORTED)),
    BlockingRule("date of birth + nationality", dob_nationality_keys),
    BlockingRule("passport", value_keys(c.PASSPORT_N), refine=False),
    BlockingRule("national id", value_keys(c.NATIONAL_ID_N), refine=False),
    BlockingRule("service number", value_keys(c.SERVICE_N), refine=False),
    BlockingRule("identifier number", identifier_digit_keys, refine=False),
)


# The normalised columns the rules above make their keys of. The rest of a frame (the
# name as displayed, given and family parts, symbol sets, initials: most of its memory
# at a million records) is left out of blocking, where the pairs' union is built beside
# it; a rule reading another column must add it here.
BLOCKED_ON = (c.NAME_TOKENS, c.NAME_PHONETIC, c.NAME_SKELETON, c.NAME_SORTED, c.NAME_JOINED,
              c.ALIAS_SORTED, c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY, c.NATIONALITY_N, c.UNIT_N,
              c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N)


@dataclass(frozen=True)
class Blocking:
    """Candidate pairs (LEFT < RIGHT, int32 positions) and what each rule did."""

    pairs: pd.DataFrame
    stats: dict[str, object]


def _refined(buckets: b.Buckets, big: np.ndarray, years: IntArray) -> b.Buckets:
    """The oversized buckets regrouped by (bucket, birth year); unknown years together."""
    oversized = b.select(buckets, big)
    slot = np.clip(years[oversized.positions] + 1, 0, YEAR_SLOTS - 1)
    return b.group(oversized.positions, b.bucket_of(oversized) * YEAR_SLOTS + slot)


def _capped(buckets: b.Buckets, cap: int, years: IntArray | None
            ) -> tuple[list[b.Buckets], b.Buckets, dict[str, int]]:
    """Buckets within the cap (refined by year where allowed), the oversized buckets as
    they were, and what was dropped."""
    sizes = buckets.sizes
    big = sizes > cap
    stats = {"oversized_buckets": int(big.sum()), "largest_bucket": int(sizes.max(initial=0))}
    kept = [b.select(buckets, (sizes > 1) & ~big)]
    oversized = b.select(buckets, big)
    if years is not None and big.any():
        buckets = _refined(buckets, big, years)
        sizes = buckets.sizes
        big = sizes > cap
        kept.append(b.select(buckets, (sizes > 1) & ~big))
    stats["dropped_buckets"] = int(big.sum())
    stats["dropped_pairs"] = b.pair_count(sizes[big])
    return kept, oversized, stats


def _touching_new(buckets: b.Buckets, first_new: int) -> b.Buckets:
    """Only buckets holding at least one record at or after `first_new`."""
    if len(buckets.positions) == 0:
        return buckets
    newest = buckets.positions[buckets.starts[1:] - 1]  # positions ascend within a bucket
    return b.select(buckets, newest >= first_new)


def _rule_pairs(records: Records, rule: BlockingRule, cap: int,
                first_new: int) -> tuple[IntArray, dict[str, int]]:
    positions, keys = rule.keys(records)
    years = records.year if rule.refine else None
    kept, oversized, stats = _capped(b.group(positions, keys), cap, years)
    if first_new > 0:
        kept = [_touching_new(k, first_new) for k in kept]
    n = max(records.n, 1)
    unknown = np.empty(0, dtype=np.int64)
    if years is not None:
        within = b.select(oversized, oversized.sizes <= cap * UNKNOWN_YEAR_REACH)
        unknown = b.flagged_pairs(within, years[within.positions] < 0, n)
    stats["unknown_year_pairs"] = len(unknown)
    pairs = b.union_all([*(b.bucket_pairs(k, n) for k in kept), unknown])
    if first_new > 0:
        pairs = pairs[pairs % records.n >= first_new]
    stats["pairs"] = len(pairs)
    return pairs, stats


def candidate_pairs(frame: pd.DataFrame, rules: tuple[BlockingRule, ...] = DEFAULT_RULES, *,
                    max_bucket: int = 200, first_new: int = 0, workers: int = 1) -> Blocking:
    """Union of all rules' pairs over a normalised frame (positional index).

    With `first_new` > 0 only pairs touching a record at or after that position are
    made: the incremental case, where older records were paired before. With `workers`
    > 1 that many rules are made at once on threads; the result is the same.
    """
    records = Records(frame)
    n = records.n
    encoded, per_rule = np.empty(0, dtype=np.int64), {}
    # Merged rule by rule, for bounded peak memory. Each merge rewrites the whole union,
    # so rules giving few pairs are first merged among themselves (`few`), which joins
    # the union once; the result is the same union.
    few = np.empty(0, dtype=np.int64)

    def made(rule: BlockingRule) -> tuple[IntArray, dict[str, int]]:
        return _rule_pairs(records, rule, max(2, round(max_bucket * rule.share)), first_new)

    # Rules are independent and mostly numpy work that releases the GIL (grouping,
    # expanding, sorting), so a batch of `workers` rules is made at once, then merged
    # rule by rule in rule order. A union does not depend on the order of its parts, so
    # the result is that of one worker. Only one batch waits unmerged beside the union.
    # Rules of a batch may fill a cache of `records` twice, with equal values.
    step = max(workers, 1)
    for first in range(0, len(rules), step):
        batch = list(rules[first:first + step])
        results = parallel.run_each(made, batch, workers)
        for rule in batch:
            pairs, per_rule[rule.name] = results.pop(0)
            # The inputs go over in a list that union_all empties, with no name here
            # still holding them, so they are freed once joined rather than kept beside
            # the union.
            if (len(few) + len(pairs)) * FEW_SHARE <= len(encoded):
                parts = [few, pairs]
                del few, pairs
                few = b.union_all(parts)
            else:
                parts = [encoded, pairs]
                del encoded, pairs
                encoded = b.union_all(parts)
            log.debug("blocking %s: %s", rule.name, per_rule[rule.name])
    parts = [encoded, few]
    del encoded, few
    encoded = b.union_all(parts)
    frame_pairs = _decoded(encoded, n)
    total = n * (n - 1) // 2
    stats: dict[str, object] = {
        "records": n, "candidate_pairs": len(frame_pairs), "max_bucket": max_bucket,
        "reduction_ratio": 1.0 - len(frame_pairs) / total if total else 1.0,
        "dropped_pairs": sum(r["dropped_pairs"] for r in per_rule.values()),
        "rules": per_rule,
    }
    return Blocking(frame_pairs, stats)


def _decoded(encoded: IntArray, n: int, chunk: int = b.CHUNK_PAIRS) -> pd.DataFrame:
    """LEFT/RIGHT int32 columns from encoded pairs, a chunk at a time (no int64 copies)."""
    left = np.empty(len(encoded), dtype=np.int32)
    right = np.empty(len(encoded), dtype=np.int32)
    for start in range(0, len(encoded), chunk):
        part = encoded[start:start + chunk]
        left[start:start + chunk] = part // max(n, 1)
        right[start:start + chunk] = part % max(n, 1)
    return pd.DataFrame({c.LEFT: left, c.RIGHT: right}, copy=False)


def _pairs_in_buckets(positions: IntArray, codes: IntArray, n: int) -> IntArray:
    """All pairs within equal-code groups, encoded left * n + right (left < right)."""
    return b.pairs_in_buckets(positions, codes, n)

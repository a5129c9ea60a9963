"""Blocking: candidate pairs from several key passes, unioned, bucket sizes capped.

Each rule maps every record to zero or more keys; records sharing a key form a
bucket and every pair inside a bucket is a candidate. A bucket larger than the
cap is split by birth year; one still too large is dropped and reported, so
the cost stays bounded and the loss is visible. Pairs are positions in the
normalised frame with LEFT < RIGHT.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c

log = logging.getLogger(__name__)

IntArray = NDArray[np.int64]
KeyFunction = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class BlockingRule:
    """A named key function; `refine` splits oversized buckets by birth year."""

    name: str
    keys: KeyFunction
    refine: bool = True


def _exploded(frame: pd.DataFrame, column: str) -> pd.Series:
    """One row per (record position, item) of a tuple column, empty items dropped."""
    items = frame[column].reset_index(drop=True).explode().dropna().astype(str)
    return items[items != ""]


def token_pair_keys(column: str) -> KeyFunction:
    """Keys from every unordered pair of distinct tokens (one token alone if only one)."""
    def keys(frame: pd.DataFrame) -> pd.Series:
        tokens = _exploded(frame, column)
        tokens = tokens[~tokens.reset_index().duplicated().to_numpy()]
        left = tokens.rename("a").reset_index()
        pairs = left.merge(tokens.rename("b").reset_index(), on="index")
        pairs = pairs[pairs["a"] < pairs["b"]]
        counts = tokens.groupby(level=0).size()
        single = tokens[tokens.index.isin(counts.index[counts == 1])]
        joined = pd.Series((pairs["a"] + "|" + pairs["b"]).to_numpy(), index=pairs["index"])
        return pd.concat([joined, single])
    return keys


def token_with_dob_keys(column: str) -> KeyFunction:
    """Keys from each single token together with the full date of birth."""
    def keys(frame: pd.DataFrame) -> pd.Series:
        tokens = _exploded(frame, column)
        dob = _full_dob(frame).reindex(tokens.index)
        return (tokens + "|" + dob)[dob.notna()]
    return keys


def _full_dob(frame: pd.DataFrame) -> pd.Series:
    parts = [frame[col].reset_index(drop=True).astype("string")
             for col in (c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY)]
    return (parts[0] + "-" + parts[1] + "-" + parts[2]).astype(object)


def value_keys(*columns: str) -> KeyFunction:
    """Keys from the present values of one or more columns (tuple columns give several)."""
    def keys(frame: pd.DataFrame) -> pd.Series:
        keys: pd.Series = pd.concat([_exploded(frame, column) for column in columns])
        return keys
    return keys


def dob_nationality_keys(frame: pd.DataFrame) -> pd.Series:
    """Full date of birth with nationality: catches names written beyond recognition."""
    nationality = frame[c.NATIONALITY_N].reset_index(drop=True).fillna("?").astype(str)
    return (_full_dob(frame) + "|" + nationality).dropna()


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("phonetic token pairs", token_pair_keys(c.NAME_PHONETIC)),
    BlockingRule("skeleton token pairs", token_pair_keys(c.NAME_SKELETON)),
    BlockingRule("phonetic token + date of birth", token_with_dob_keys(c.NAME_PHONETIC)),
    BlockingRule("name or alias", value_keys(c.NAME_JOINED, c.NAME_SORTED, c.ALIAS_SORTED)),
    BlockingRule("date of birth + nationality", dob_nationality_keys),
    BlockingRule("passport", value_keys(c.PASSPORT_N), refine=False),
    BlockingRule("national id", value_keys(c.NATIONAL_ID_N), refine=False),
    BlockingRule("service number", value_keys(c.SERVICE_N), refine=False),
)


@dataclass(frozen=True)
class Blocking:
    """Candidate pairs (LEFT < RIGHT, int32 positions) and what each rule did."""

    pairs: pd.DataFrame
    stats: dict[str, object]


def _pairs_in_buckets(positions: IntArray, codes: IntArray, n: int) -> IntArray:
    """All pairs within equal-code groups, encoded left * n + right (left < right)."""
    order = np.lexsort((positions, codes))
    pos, key = positions[order], codes[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    partners = np.repeat(starts + sizes, sizes) - np.arange(len(key)) - 1
    left = np.repeat(np.arange(len(key)), partners)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
    return np.asarray(pos[left] * n + pos[left + 1 + offsets], dtype=np.int64)


def _n_pairs(sizes: IntArray) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def _split_oversized(codes: IntArray, positions: IntArray, years: IntArray | None,
                     cap: int) -> tuple[IntArray, dict[str, int]]:
    """Codes with buckets above the cap split by birth year; -1 marks dropped records."""
    sizes = np.bincount(codes)
    big = sizes[codes] > cap
    stats = {"oversized_buckets": int((sizes > cap).sum())}
    if years is not None and big.any():
        refined = pd.factorize(pd.Series(codes[big]) * 4096 + (years[positions[big]] + 1))[0]
        codes = codes.copy()
        codes[big] = refined.astype(np.int64) + int(codes.max()) + 1
        sizes = np.bincount(codes)
        big = sizes[codes] > cap
    dropped = np.unique(codes[big])
    stats["dropped_buckets"] = len(dropped)
    stats["dropped_pairs"] = _n_pairs(sizes[dropped].astype(np.int64))
    return np.where(big, -1, codes), stats


def _rule_pairs(frame: pd.DataFrame, rule: BlockingRule, cap: int,
                first_new: int) -> tuple[IntArray, dict[str, int]]:
    n = len(frame)
    keys = rule.keys(frame)
    codes = pd.factorize(keys)[0].astype(np.int64)
    unique = np.unique(codes * n + keys.index.to_numpy(dtype=np.int64))
    codes, positions = unique // n, unique % n
    years = np.asarray(frame[c.DOB_YEAR].astype("Float64").fillna(-1), dtype=np.int64) % 4000
    codes, stats = _split_oversized(codes, positions, years if rule.refine else None, cap)
    keep = codes >= 0
    if first_new > 0:
        newest = pd.Series(positions[keep]).groupby(codes[keep]).max()
        keep &= np.isin(codes, newest.index[newest >= first_new])
    pairs = _pairs_in_buckets(positions[keep], codes[keep], n)
    if first_new > 0:
        pairs = pairs[pairs % n >= first_new]
    stats["pairs"] = len(pairs)
    return pairs, stats


def candidate_pairs(frame: pd.DataFrame, rules: tuple[BlockingRule, ...] = DEFAULT_RULES, *,
                    max_bucket: int = 200, first_new: int = 0) -> Blocking:
    """Union of all rules' pairs over a normalised frame (positional index).

    With `first_new` > 0 only pairs touching a record at or after that position are
    made: the incremental case, where older records were paired before.
    """
    n = len(frame)
    frame = frame.reset_index(drop=True)
    found, per_rule = [], {}
    for rule in rules:
        pairs, per_rule[rule.name] = _rule_pairs(frame, rule, max_bucket, first_new)
        found.append(pairs)
        log.debug("blocking %s: %s", rule.name, per_rule[rule.name])
    encoded = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    frame_pairs = pd.DataFrame({c.LEFT: (encoded // max(n, 1)).astype(np.int32),
                                c.RIGHT: (encoded % max(n, 1)).astype(np.int32)})
    total = n * (n - 1) // 2
    stats: dict[str, object] = {
        "records": n, "candidate_pairs": len(frame_pairs), "max_bucket": max_bucket,
        "reduction_ratio": 1.0 - len(frame_pairs) / total if total else 1.0,
        "dropped_pairs": sum(r["dropped_pairs"] for r in per_rule.values()),
        "rules": per_rule,
    }
    return Blocking(frame_pairs, stats)

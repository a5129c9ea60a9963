"""Per-feature comparison levels over candidate pairs.

`prepare_records` turns a normalised record frame into compact per-record codes
once; each level function then gathers the codes of the pair positions and
returns an int8 level per pair: 0 is the strongest agreement, higher is weaker,
and -1 means a value is missing on either side (no evidence either way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage import comparators as cmp
from linkage.token_matching import (
    consonant_codes,
    join_codes,
    symbol_partners,
    token_matches,
    token_matrix,
)

IntArray = NDArray[np.int64]
Levels = NDArray[np.int8]
NULL: int = -1
UNIT_KIND_CODE = c.UNIT_N + "_kind_code"  # Prepared array: code of each unit's cmp.unit_kind


@dataclass(frozen=True)
class Prepared:
    """Per-record arrays the level functions read; position i is record i."""

    arrays: dict[str, NDArray[Any]]
    alias_keys: IntArray  # sorted record * n_names + name code of each alias
    n_names: int

    def __len__(self) -> int:
        return len(self.arrays["name_code"])


def _kind_codes(units: pd.Series) -> IntArray:
    """Integer code of each unit's kind (cmp.unit_kind), -1 where it has none; worked out
    once per distinct unit."""
    codes, uniques = pd.factorize(units)
    kinds = _codes(pd.Series([cmp.unit_kind(u) for u in uniques], dtype=object))
    return np.asarray(np.r_[kinds, -1][codes], dtype=np.int64)  # [-1]: a missing unit


def _codes(values: pd.Series) -> IntArray:
    """Integer code per value, in order of first appearance; -1 where missing or empty."""
    codes, uniques = pd.factorize(values)
    # Emptiness is judged once per distinct value (a Python test), not once per record;
    # renumbering the rest keeps the codes those of factorising the present values.
    empty = _missing_among(uniques)
    renumbered = np.r_[np.where(empty, -1, np.cumsum(~empty) - 1), -1]  # [-1]: code -1
    return np.asarray(renumbered[codes], dtype=np.int64)


def _missing_among(uniques: Any) -> cmp.BoolArray:
    """cmp.is_missing of each distinct value pd.factorize found."""
    return cmp.is_missing(pd.Series(np.asarray(uniques, dtype=object), dtype=object))


def _joined(values: pd.Series) -> pd.Series:
    """Order-free string key of a collection column (None when empty)."""
    return values.map(lambda items: " ".join(sorted(map(str, items))) or None, na_action="ignore")


def _dob_code(frame: pd.DataFrame) -> IntArray:
    """YYYYMMDD with 00 for unknown month/day; -1 when the year is unknown."""
    year = frame[c.DOB_YEAR].astype("Float64").fillna(-1).to_numpy(dtype=np.int64)
    month = frame[c.DOB_MONTH].astype("Float64").fillna(0).to_numpy(dtype=np.int64)
    day = frame[c.DOB_DAY].astype("Float64").fillna(0).to_numpy(dtype=np.int64)
    code = year * 10000 + np.clip(month, 0, 99) * 100 + np.clip(day, 0, 99)
    return np.where(year < 0, -1, code)


def _alias_keys(names: pd.Series, aliases: pd.Series) -> tuple[IntArray, IntArray]:
    """Name codes, and sorted record*K+code keys for every alias in the same code space."""
    exploded = aliases.explode().dropna()
    exploded = exploded[exploded.astype(str) != ""]
    codes, uniques = pd.factorize(pd.concat([names, exploded], ignore_index=True))
    n_names = max(len(uniques), 1)
    own = codes[: len(names)]
    # A name is missing where it is NaN (code -1) or empty: judged once per distinct value.
    empty = np.r_[_missing_among(uniques), True]  # the last entry answers for code -1
    name_codes = np.where(empty[own], -1, own).astype(np.int64)
    owners = exploded.index.to_numpy(dtype=np.int64)
    keys = np.sort(owners * n_names + codes[len(names):].astype(np.int64))
    return np.concatenate([name_codes, np.array([n_names])]), keys


def _digits(values: pd.Series) -> pd.Series:
    """The number inside an identifier: its digits, leading zeros dropped (None if < 4)."""
    digits = values.astype("string").str.replace(r"\D+", "", regex=True).str.lstrip("0")
    return digits.where(digits.str.len() >= 4).astype(object)


def prepare_records(frame: pd.DataFrame) -> Prepared:
    """Compact comparison codes for a normalised record frame (positional index)."""
    frame = frame.reset_index(drop=True)
    name_codes, alias_keys = _alias_keys(frame[c.NAME_SORTED], frame[c.ALIAS_SORTED])
    tokens, vocabulary, phonetic = token_matrix(frame[c.NAME_TOKENS], frame[c.NAME_PHONETIC])
    symbol_partnered, symbol_pairs = symbol_partners(vocabulary)
    consonants, unknown_word = consonant_codes(vocabulary)
    joins = join_codes(tokens, vocabulary)
    symbols = _codes(_joined(frame[c.NAME_SYMBOLS]))
    dob = _dob_code(frame)
    # Everything the name levels read but aliases: tokens and name symbols (the symbols
    # come from the name's parts, so one token string can carry different ones).
    name_key = pd.factorize(pd.Series(name_codes[:-1]) * (int(symbols.max()) + 2) + symbols + 1)[0]
    # A token's tail (all but its first letter) and the token itself in one code space,
    # so that a tail can meet a whole token: a first letter added or dropped (Djoko, Joko).
    words = pd.Series(vocabulary, dtype=object)
    tail_codes = pd.factorize(pd.concat([words.str[1:], words], ignore_index=True))[0].astype(
        np.int32)
    arrays = {
        "name_code": name_codes[:-1],
        "name_key": np.where(name_codes[:-1] < 0, -1, name_key).astype(np.int64),
        "name_sorted": frame[c.NAME_SORTED].fillna("").astype(str).to_numpy(dtype=object),
        "joined_code": _codes(frame[c.NAME_JOINED]),
        "symbols_code": symbols,
        "initials_code": _codes(frame[c.INITIALS]),
        "tokens": tokens,
        "vocabulary": vocabulary,
        "vocabulary_phonetic": phonetic,
        "token_length": np.fromiter(map(len, vocabulary), dtype=np.int32, count=len(vocabulary)),
        "token_initial": pd.factorize(pd.Series(vocabulary, dtype=object).str[:1])[0].astype(
            np.int32),
        "token_tail": tail_codes[:len(vocabulary)],
        "token_whole": tail_codes[len(vocabulary):],
        "symbol_partnered": symbol_partnered,
        "consonants": consonants,
        "unknown_word": unknown_word,
        "token_joins": joins,
        "has_join": np.asarray((joins >= 0).any(axis=1), dtype=bool),
        "symbol_pairs": symbol_pairs,
        "dob": dob,
        "dob_digits": _packed_digits(dob),
        "place": frame[c.PLACE_N].fillna("").astype(str).to_numpy(dtype=object),
    }
    for column in (c.NATIONALITY_N, c.PLACE_N, c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N):
        arrays[column + "_code"] = _codes(frame[column])
        arrays[column] = frame[column].fillna("").astype(str).to_numpy(dtype=object)
    for column in (c.SEX_N, c.UNIT_N, c.CATEGORY_N):  # compared by code alone: no text kept
        arrays[column + "_code"] = _codes(frame[column])
    arrays[UNIT_KIND_CODE] = _kind_codes(frame[c.UNIT_N])
    for column in (c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N):
        arrays[column + "_digits"] = _codes(_digits(frame[column]))
        text = frame[column].fillna("").astype(str)
        arrays[column + "_len"] = text.str.len().to_numpy(dtype=np.int64)
        arrays[column + "_head"] = pd.factorize(text.str[:3])[0]
        arrays[column + "_tail"] = pd.factorize(text.str[-3:])[0]
    return Prepared(arrays, alias_keys, int(name_codes[-1]))


def _pair(prepared: Prepared, key: str, left: IntArray, right: IntArray) -> tuple[
        pd.Series, pd.Series]:
    values = prepared.arrays[key]
    return pd.Series(values[left]), pd.Series(values[right])


def _alias_hit(prepared: Prepared, left: IntArray, right: IntArray) -> cmp.BoolArray:
    """True where one record's name is among the other's aliases."""
    names = prepared.arrays["name_code"]
    keys, k = prepared.alias_keys, prepared.n_names
    hit = np.zeros(len(left), dtype=bool)
    if len(keys) == 0:
        return hit
    owners = np.zeros(len(names), dtype=bool)
    owners[keys // k] = True
    rows = np.flatnonzero(owners[left] | owners[right])  # few records have aliases
    lo, ro = left[rows], right[rows]
    l_in_r = np.isin(ro * k + names[lo], keys) & (names[lo] >= 0)
    r_in_l = np.isin(lo * k + names[ro], keys) & (names[ro] >= 0)
    hit[rows] = l_in_r | r_in_l
    return hit


def _distinct(codes: IntArray, left: IntArray, right: IntArray) -> tuple[
        IntArray, IntArray, IntArray]:
    """One representative pair per distinct unordered pair of codes (a name, a place), and
    for every pair the index of its representative: many candidate pairs repeat the same
    two names, so a symmetric level need be worked out once per distinct pair."""
    a, b = codes[left] + 1, codes[right] + 1
    size = int(codes.max()) + 2 if len(codes) else 1
    inverse, _ = pd.factorize(np.minimum(a, b) * size + np.maximum(a, b))
    first = np.empty(int(inverse.max()) + 1 if len(inverse) else 0, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return left[first], right[first], inverse


def name_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """Order-free agreement of the name tokens, strongest first.

    0 exact, 1 variant (joined/symbols/alias), 2 every token partnered (some by a close
    spelling), 3 one name's tokens all within the other's (two or more shared), 4 one
    name is a single token of the other, 5 two or more shared but each side has a token
    the other lacks, 6 one shared and each side has its own, 7 same initials, 8 different.
    A token left over on *both* sides (another family name) is evidence against; one
    left over on one side only (a dropped middle name) is not.
    """
    names = prepared.arrays["name_code"]
    rep_l, rep_r, inverse = _distinct(prepared.arrays["name_key"], left, right)
    level = _name_pair_levels(prepared, rep_l, rep_r)[inverse]
    level[(level > 1) & _alias_hit(prepared, left, right)] = 1
    level[(names[left] < 0) | (names[right] < 0)] = NULL
    return level


def _name_pair_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """name_levels without aliases, for pairs of distinct names."""
    def eq(key: str) -> cmp.BoolArray:
        return cmp.codes_equal(*_pair(prepared, key, left, right))

    count_l, count_r, matched_l, matched_r = token_matches(prepared, left, right)
    shared = np.minimum(matched_l, matched_r)
    spare_l, spare_r = count_l - matched_l, count_r - matched_r
    level = np.full(len(left), 8, dtype=np.int8)
    level[eq("initials_code")] = 7
    level[shared >= 1] = 6
    level[shared >= 2] = 5
    one_side = (shared >= 1) & ((spare_l == 0) | (spare_r == 0))
    level[one_side] = 4
    level[one_side & (shared >= 2)] = 3
    level[(shared >= 1) & (spare_l == 0) & (spare_r == 0)] = 2
    level[eq("joined_code") | eq("symbols_code")] = 1
    level[eq("name_code")] = 0
    return level


_BYTE_ONES = np.uint64(0x0101010101010101)


def _packed_digits(codes: IntArray) -> NDArray[np.uint64]:
    """The last eight decimal digits of each code, one per byte (0 for a negative code):
    two dates' digits XORed then differ in as many bytes as cmp.digit_differences counts,
    worked out from one gather per side instead of eight divisions per pair."""
    rest = np.maximum(codes, 0)
    packed = np.zeros(len(codes), dtype=np.uint64)
    for place in range(8):
        packed |= (rest % 10).astype(np.uint64) << np.uint64(8 * place)
        rest = rest // 10
    return packed


def _nonzero_bytes(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """How many bytes of each value are not zero (bytes holding at most four bits)."""
    folded = values | (values >> np.uint64(1))
    folded |= folded >> np.uint64(2)  # bit 0 of a byte: any of its bits 0-3 set
    return ((folded & _BYTE_ONES) * _BYTE_ONES) >> np.uint64(56)


def dob_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 exact, 1 day/month swapped, 2 one digit differs, 3 same year-month, 4 same year
    where one date gives only the year (all that is known agrees), 5 same year but the
    months differ, 6 years one apart, 7 different."""
    a, b = prepared.arrays["dob"][left], prepared.arrays["dob"][right]
    ya, ma, da = a // 10000, a // 100 % 100, a % 100
    yb, mb, db = b // 10000, b // 100 % 100, b % 100
    full = (ma > 0) & (da > 0) & (mb > 0) & (db > 0)
    level = np.full(len(a), 7, dtype=np.int8)
    level[np.abs(ya - yb) == 1] = 6
    level[ya == yb] = 5
    level[(ya == yb) & ((ma == 0) | (mb == 0))] = 4
    level[(ya == yb) & (ma == mb) & (ma > 0)] = 3
    digits = prepared.arrays["dob_digits"]
    level[full & (_nonzero_bytes(digits[left] ^ digits[right]) == 1)] = 2
    level[full & (ya == yb) & (ma == db) & (da == mb) & (ma != da)] = 1
    level[full & (a == b)] = 0
    level[(a < 0) | (b < 0)] = NULL
    return level


def _identifier_levels(column: str) -> LevelFunction:
    def levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
        codes = prepared.arrays[column + "_code"]
        a, b = codes[left], codes[right]
        level = np.full(len(left), NULL, dtype=np.int8)
        # Most pairs lack the identifier on a side (null): only the others are worked on.
        present = np.flatnonzero((a >= 0) & (b >= 0))
        level[present] = _present_identifier_levels(prepared, column, left[present],
                                                    right[present], a[present] == b[present])
        return level

    levels.__doc__ = (f"0 same {column}, 1 same number (prefix or zeros differ), 2 one edit "
                      "apart, 3 different from the same issuer (same nationality), "
                      "4 different (nationality unknown on a side), 5 different from "
                      "another issuer (both nationalities known and different).")
    return levels


def _present_identifier_levels(prepared: Prepared, column: str, left: IntArray,
                               right: IntArray, same: cmp.BoolArray) -> Levels:
    """_identifier_levels for pairs where both records have the identifier."""
    level = np.full(len(left), 4, dtype=np.int8)
    # The issuer of a person's numbers is their state; levels that imply the same or a
    # different nationality let the model weigh them given that (dis)agreement, which
    # the nationality feature already counts (see Level.implies).
    nationality = prepared.arrays[c.NATIONALITY_N + "_code"]
    l_nat, r_nat = nationality[left], nationality[right]
    known = (l_nat >= 0) & (r_nat >= 0)
    level[known] = 5
    level[known & (l_nat == r_nat)] = 3
    differs = ~same
    # One edit leaves the first or the last three characters intact in strings of
    # seven or more: a cheap test that spares most pairs the edit distance.
    length, head, tail = (prepared.arrays[column + key] for key in ("_len", "_head", "_tail"))
    short = (length[left] < 7) | (length[right] < 7)
    differs &= np.abs(length[left] - length[right]) <= 1
    differs &= short | (head[left] == head[right]) | (tail[left] == tail[right])
    near = np.flatnonzero(differs)
    edits = cmp.edit_distance(*_pair(prepared, column, left[near], right[near]), cutoff=1)
    level[near[edits <= 1]] = 2
    level[cmp.codes_equal(*_pair(prepared, column + "_digits", left, right))] = 1
    level[same] = 0
    return level


def _category_levels(column: str) -> LevelFunction:
    def levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
        l_code, r_code = _pair(prepared, column + "_code", left, right)
        level = np.where(cmp.codes_equal(l_code, r_code), 0, 1).astype(np.int8)
        level[(l_code.to_numpy() < 0) | (r_code.to_numpy() < 0)] = NULL
        return level

    levels.__doc__ = f"0 same {column}, 1 different."
    return levels


def unit_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 same unit, 1 same kind with another number (two rotations of one contingent),
    2 different."""
    l_code, r_code = _pair(prepared, c.UNIT_N + "_code", left, right)
    level = np.full(len(left), 2, dtype=np.int8)
    level[cmp.codes_equal(*_pair(prepared, UNIT_KIND_CODE, left, right))] = 1
    level[cmp.codes_equal(l_code, r_code)] = 0
    level[(l_code.to_numpy() < 0) | (r_code.to_numpy() < 0)] = NULL
    return level


def place_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 same place of birth, 1 similar spelling (>= .88), 2 different."""
    codes = prepared.arrays[c.PLACE_N + "_code"]
    rep_l, rep_r, inverse = _distinct(codes, left, right)  # few distinct places
    a, b = codes[rep_l], codes[rep_r]
    level = np.full(len(rep_l), 2, dtype=np.int8)
    differs = np.flatnonzero((a != b) & (a >= 0) & (b >= 0))
    jw = cmp.jaro_winkler(*_pair(prepared, "place", rep_l[differs], rep_r[differs]))
    level[differs[jw >= 0.88]] = 1
    level[(a == b) & (a >= 0)] = 0
    level[(a < 0) | (b < 0)] = NULL
    return level[inverse]


LevelFunction = Callable[[Prepared, IntArray, IntArray], Levels]

LEVEL_FUNCTIONS: dict[str, LevelFunction] = {
    "name": name_levels,
    "date_of_birth": dob_levels,
    "passport": _identifier_levels(c.PASSPORT_N),
    "national_id": _identifier_levels(c.NATIONAL_ID_N),
    "service_number": _identifier_levels(c.SERVICE_N),
    "nationality": _category_levels(c.NATIONALITY_N),
    "sex": _category_levels(c.SEX_N),
    "place_of_birth": place_levels,
    "unit": unit_levels,
    "personnel_category": _category_levels(c.CATEGORY_N),
}

# Record-level arrays whose value frequency drives term-frequency adjustment.
TF_KEYS: dict[str, str] = {"name": "name_sorted", "date_of_birth": "dob",
                           "place_of_birth": c.PLACE_N}

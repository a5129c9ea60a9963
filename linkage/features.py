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

IntArray = NDArray[np.int64]
Levels = NDArray[np.int8]
NULL: int = -1


@dataclass(frozen=True)
class Prepared:
    """Per-record arrays the level functions read; position i is record i."""

    arrays: dict[str, NDArray[Any]]
    alias_keys: IntArray  # sorted record * n_names + name code of each alias
    n_names: int

    def __len__(self) -> int:
        return len(self.arrays["name_code"])


def _codes(values: pd.Series) -> IntArray:
    """Integer code per value; -1 where missing or empty."""
    codes, _ = pd.factorize(values.where(~cmp.is_missing(values)))
    return codes.astype(np.int64)


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
    name_codes = np.where(cmp.is_missing(names), -1, codes[: len(names)]).astype(np.int64)
    owners = exploded.index.to_numpy(dtype=np.int64)
    keys = np.sort(owners * n_names + codes[len(names):].astype(np.int64))
    return np.concatenate([name_codes, np.array([n_names])]), keys


MAX_TOKENS = 5


def _token_matrix(tokens: pd.Series) -> IntArray:
    """Codes of each record's first MAX_TOKENS name tokens, -1 padded (N x MAX_TOKENS)."""
    exploded = tokens.reset_index(drop=True).explode().dropna()
    codes = pd.factorize(exploded)[0]
    rank = exploded.groupby(level=0).cumcount().to_numpy()
    keep = rank < MAX_TOKENS
    matrix = np.full((len(tokens), MAX_TOKENS), -1, dtype=np.int64)
    matrix[exploded.index.to_numpy()[keep], rank[keep]] = codes[keep]
    return matrix


def shares_token(prepared: Prepared, left: IntArray, right: IntArray) -> cmp.BoolArray:
    """True where the two names have at least one token in common."""
    a, b = prepared.arrays["tokens"][left], prepared.arrays["tokens"][right]
    found = np.zeros(len(left), dtype=bool)
    for i in range(MAX_TOKENS):
        found |= ((a[:, [i]] == b) & (b >= 0)).any(axis=1)
    return found


def prepare_records(frame: pd.DataFrame) -> Prepared:
    """Compact comparison codes for a normalised record frame (positional index)."""
    frame = frame.reset_index(drop=True)
    name_codes, alias_keys = _alias_keys(frame[c.NAME_SORTED], frame[c.ALIAS_SORTED])
    arrays = {
        "name_code": name_codes[:-1],
        "name_sorted": frame[c.NAME_SORTED].fillna("").astype(str).to_numpy(dtype=object),
        "joined_code": _codes(frame[c.NAME_JOINED]),
        "symbols_code": _codes(_joined(frame[c.NAME_SYMBOLS])),
        "phonetic_code": _codes(_joined(frame[c.NAME_PHONETIC])),
        "initials_code": _codes(frame[c.INITIALS]),
        "tokens": _token_matrix(frame[c.NAME_TOKENS]),
        "token_count": frame[c.NAME_TOKENS].map(len, na_action="ignore").fillna(0).to_numpy(
            dtype=np.int64),
        "dob": _dob_code(frame),
        "place": frame[c.PLACE_N].fillna("").astype(str).to_numpy(dtype=object),
    }
    for column in (c.NATIONALITY_N, c.SEX_N, c.PLACE_N, c.PASSPORT_N, c.NATIONAL_ID_N,
                   c.SERVICE_N):
        arrays[column + "_code"] = _codes(frame[column])
        arrays[column] = frame[column].fillna("").astype(str).to_numpy(dtype=object)
    return Prepared(arrays, alias_keys, int(name_codes[-1]))


def _pair(prepared: Prepared, key: str, left: IntArray, right: IntArray) -> tuple[
        pd.Series, pd.Series]:
    values = prepared.arrays[key]
    return pd.Series(values[left]), pd.Series(values[right])


def _alias_hit(prepared: Prepared, left: IntArray, right: IntArray) -> cmp.BoolArray:
    """True where one record's name is among the other's aliases."""
    names = prepared.arrays["name_code"]
    keys, k = prepared.alias_keys, prepared.n_names
    if len(keys) == 0:
        return np.zeros(len(left), dtype=bool)
    l_in_r = np.isin(right * k + names[left], keys) & (names[left] >= 0)
    r_in_l = np.isin(left * k + names[right], keys) & (names[right] >= 0)
    return np.asarray(l_in_r | r_in_l, dtype=bool)


def name_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 exact, 1 variant (joined/symbols/alias), 2 same phonetic keys, 3 similarity >= .92,
    4 token subset, 5 >= .85, 6 >= .75, 7 one token in common, 8 same initials, 9 different."""
    def eq(key: str) -> cmp.BoolArray:
        return cmp.codes_equal(*_pair(prepared, key, left, right))

    exact, phonetic = eq("name_code"), eq("phonetic_code")
    variant = eq("joined_code") | eq("symbols_code") | _alias_hit(prepared, left, right)
    level = np.full(len(left), 9, dtype=np.int8)
    level[eq("initials_code")] = 8
    level[shares_token(prepared, left, right)] = 7
    todo = np.flatnonzero(~(exact | variant | phonetic))
    jw = cmp.jaro_winkler(*_pair(prepared, "name_sorted", left[todo], right[todo]))
    level[todo[jw >= 0.75]] = 6
    level[todo[jw >= 0.85]] = 5
    counts = prepared.arrays["token_count"]
    rest = todo[(jw < 0.92) & (counts[left[todo]] != counts[right[todo]])]
    subset = cmp.token_set_similarity(*_pair(prepared, "name_sorted", left[rest], right[rest]),
                                      cutoff=0.999)
    level[rest[subset >= 0.999]] = 4
    level[todo[jw >= 0.92]] = 3
    level[phonetic] = 2
    level[variant] = 1
    level[exact] = 0
    names = prepared.arrays["name_code"]
    level[(names[left] < 0) | (names[right] < 0)] = NULL
    return level


def dob_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 exact, 1 day/month swapped, 2 one digit differs, 3 same year-month, 4 same year,
    5 years one apart, 6 different."""
    a, b = prepared.arrays["dob"][left], prepared.arrays["dob"][right]
    ya, ma, da = a // 10000, a // 100 % 100, a % 100
    yb, mb, db = b // 10000, b // 100 % 100, b % 100
    full = (ma > 0) & (da > 0) & (mb > 0) & (db > 0)
    level = np.full(len(a), 6, dtype=np.int8)
    level[np.abs(ya - yb) == 1] = 5
    level[ya == yb] = 4
    level[(ya == yb) & (ma == mb) & (ma > 0)] = 3
    level[full & (cmp.digit_differences(pd.Series(a), pd.Series(b)) == 1)] = 2
    level[full & (ya == yb) & (ma == db) & (da == mb) & (ma != da)] = 1
    level[full & (a == b)] = 0
    level[(a < 0) | (b < 0)] = NULL
    return level


def _identifier_levels(column: str) -> LevelFunction:
    def levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
        l_code, r_code = _pair(prepared, column + "_code", left, right)
        level = np.full(len(left), 2, dtype=np.int8)
        differs = np.flatnonzero(~cmp.codes_equal(l_code, r_code))
        edits = cmp.edit_distance(*_pair(prepared, column, left[differs], right[differs]))
        level[differs[edits <= 1]] = 1
        level[cmp.codes_equal(l_code, r_code)] = 0
        level[(l_code.to_numpy() < 0) | (r_code.to_numpy() < 0)] = NULL
        return level

    levels.__doc__ = f"0 same {column}, 1 one edit apart, 2 different."
    return levels


def _category_levels(column: str) -> LevelFunction:
    def levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
        l_code, r_code = _pair(prepared, column + "_code", left, right)
        level = np.where(cmp.codes_equal(l_code, r_code), 0, 1).astype(np.int8)
        level[(l_code.to_numpy() < 0) | (r_code.to_numpy() < 0)] = NULL
        return level

    levels.__doc__ = f"0 same {column}, 1 different."
    return levels


def place_levels(prepared: Prepared, left: IntArray, right: IntArray) -> Levels:
    """0 same place of birth, 1 similar spelling (>= .88), 2 different."""
    l_code, r_code = _pair(prepared, c.PLACE_N + "_code", left, right)
    level = np.full(len(left), 2, dtype=np.int8)
    differs = np.flatnonzero(~cmp.codes_equal(l_code, r_code))
    jw = cmp.jaro_winkler(*_pair(prepared, "place", left[differs], right[differs]))
    level[differs[jw >= 0.88]] = 1
    level[cmp.codes_equal(l_code, r_code)] = 0
    level[(l_code.to_numpy() < 0) | (r_code.to_numpy() < 0)] = NULL
    return level


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
}

# Record-level arrays whose value frequency drives term-frequency adjustment.
TF_KEYS: dict[str, str] = {"name": "name_sorted", "date_of_birth": "dob",
                           "place_of_birth": c.PLACE_N}

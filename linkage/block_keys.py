"""Blocking keys as integers: what records must share to be compared.

`Records` turns the normalised frame's name tuples, dates and identifiers into
integer codes once; each key function returns (positions, keys) int64 arrays,
one entry per key a record has. Strings are hashed once per distinct value,
never per record or per pair.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from itertools import chain

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c

IntArray = NDArray[np.int64]
Keys = tuple[IntArray, IntArray]  # (record positions, integer keys)
MAX_TOKENS = 6  # name tokens per record used for token keys (bounds keys per record)
MIN_DIGITS = 6  # an identifier's number shorter than this is too common to block on
IDENTIFIER_COLUMNS = (c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N)


def _flatten(values: NDArray[np.object_]) -> tuple[IntArray, list[object]]:
    """(owner position, item) for every item of a column of tuples, or of present scalars."""
    series = pd.Series(values, dtype=object)
    if not series.map(type).isin((tuple, list)).any():
        present = series.notna().to_numpy() & (series != "").to_numpy()
        return np.flatnonzero(present).astype(np.int64), values[present].tolist()
    try:  # the normaliser's tuple columns hold a tuple in every row
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        items = list(chain.from_iterable(values))
    except TypeError:
        lengths = np.fromiter((len(v) if isinstance(v, tuple | list) else 0 for v in values),
                              dtype=np.int64, count=len(values))
        items = list(chain.from_iterable(v for v in values if isinstance(v, tuple | list)))
    return np.repeat(np.arange(len(values), dtype=np.int64), lengths), items


def _codes(items: list[object], *, sort: bool = False) -> tuple[IntArray, NDArray[np.object_]]:
    """Integer code per item (-1 for an empty one) and the distinct items."""
    codes, uniques = pd.factorize(np.asarray(items, dtype=object), sort=sort)
    codes = codes.astype(np.int64)
    blank = np.asarray(uniques, dtype=object) == ""
    if blank.any():
        codes[blank[np.maximum(codes, 0)] & (codes >= 0)] = -1
    return codes, np.asarray(uniques, dtype=object)


def _int_column(frame: pd.DataFrame, column: str) -> IntArray:
    values = pd.to_numeric(frame[column], errors="coerce")
    return np.asarray(values.fillna(-1), dtype=np.float64).astype(np.int64)


class Records:
    """A normalised frame with the integer columns blocking keys are made of."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame.reset_index(drop=True)
        self.n = len(self.frame)
        self._tokens: dict[str, tuple[IntArray, NDArray[np.object_]]] = {}
        self._raw: dict[str, IntArray] = {}  # token matrices before repeats are blanked

    @cached_property
    def year(self) -> IntArray:
        """Birth year, -1 when unknown."""
        return _int_column(self.frame, c.DOB_YEAR)

    @cached_property
    def dob(self) -> IntArray:
        """YYYYMMDD where the whole date of birth is known, else -1."""
        month, day = _int_column(self.frame, c.DOB_MONTH), _int_column(self.frame, c.DOB_DAY)
        full = (self.year >= 0) & (month > 0) & (day > 0)
        return np.where(full, self.year * 10000 + np.clip(month, 0, 99) * 100
                        + np.clip(day, 0, 99), -1)

    def tokens(self, column: str) -> tuple[IntArray, NDArray[np.object_]]:
        """(N x MAX_TOKENS code matrix, -1 padded, repeats blanked; sorted vocabulary)."""
        if column not in self._tokens:
            raw, vocabulary = _token_matrix(self.frame[column].to_numpy(dtype=object))
            self._raw[column] = raw
            self._tokens[column] = _blank_repeats(raw), vocabulary
        return self._tokens[column]

    def folded(self, column: str, fold: Callable[[str], str]) -> tuple[IntArray, NDArray[
            np.object_]]:
        """`tokens(column)` with every vocabulary entry mapped through `fold` (once each)."""
        name = self._folded_name(column, fold)
        if name not in self._tokens:
            _, vocabulary = self.tokens(column)
            raw = self._raw[column]
            codes, folded = _codes([fold(v) for v in vocabulary.tolist()], sort=True)
            mapped = np.where(raw >= 0, codes[np.maximum(raw, 0)], -1)
            self._raw[name] = mapped
            self._tokens[name] = _blank_repeats(mapped), folded
        return self._tokens[name]

    @staticmethod
    def _folded_name(column: str, fold: Callable[[str], str] | None) -> str:
        return column if fold is None else f"{column}:{fold.__module__}.{fold.__qualname__}"

    def doubled(self, column: str, fold: Callable[[str], str] | None = None) -> NDArray[
            np.bool_]:
        """Per slot of `tokens` / `folded`: the token occurs more than once in the name."""
        if fold is None:
            self.tokens(column)
        else:
            self.folded(column, fold)
        raw = self._raw[self._folded_name(column, fold)]
        found = np.zeros(raw.shape, dtype=bool)
        for i in range(raw.shape[1] - 1):
            found[:, i] = (raw[:, [i]] == raw[:, i + 1:]).any(axis=1) & (raw[:, i] >= 0)
        # Flags belong to the first copy, the one `_blank_repeats` keeps.
        return found & (_blank_repeats(raw) >= 0)


def _token_matrix(values: NDArray[np.object_]) -> tuple[IntArray, NDArray[np.object_]]:
    owners, items = _flatten(values)
    codes, vocabulary = _codes(items, sort=True)
    starts = np.r_[0, np.flatnonzero(owners[1:] != owners[:-1]) + 1] if len(owners) else owners
    rank = np.arange(len(owners)) - np.repeat(starts, np.diff(np.r_[starts, len(owners)]))
    keep = rank < MAX_TOKENS
    matrix = np.full((len(values), MAX_TOKENS), -1, dtype=np.int64)
    matrix[owners[keep], rank[keep]] = codes[keep]
    return matrix, vocabulary


def _blank_repeats(matrix: IntArray) -> IntArray:
    """A token repeated within a record kept once (later copies set to -1)."""
    matrix = matrix.copy()
    for i in range(1, matrix.shape[1]):
        repeated = (matrix[:, [i]] == matrix[:, :i]).any(axis=1)
        matrix[repeated, i] = -1
    return matrix


def _token_pairs(matrix: IntArray, doubled: NDArray[np.bool_] | None = None
                 ) -> tuple[IntArray, IntArray, IntArray]:
    """(position, lower code, higher code) of every pair of a record's distinct tokens;
    a record with a single token gives (code, code), and so does a token the name holds
    twice ("Abebe Abebe" meets "ABEBE ABEBE, Girma" on (abebe, abebe))."""
    found: list[tuple[IntArray, IntArray, IntArray]] = []
    for i in range(MAX_TOKENS):
        for j in range(i + 1, MAX_TOKENS):
            x, y = matrix[:, i], matrix[:, j]
            rows = np.flatnonzero((x >= 0) & (y >= 0))
            found.append((rows, np.minimum(x[rows], y[rows]), np.maximum(x[rows], y[rows])))
    single = (matrix >= 0).sum(axis=1) == 1
    rows = np.flatnonzero(single)
    code = matrix[rows].max(axis=1)
    found.append((rows, code, code))
    if doubled is not None:
        rows, slots = np.nonzero(doubled & ~single[:, None])
        code = matrix[rows, slots]
        found.append((rows, code, code))
    return tuple(np.concatenate(part).astype(np.int64) for part in zip(*found, strict=True))  # type: ignore[return-value]


def token_pairs(column: str, fold: Callable[[str], str] | None = None
                ) -> Callable[[Records], Keys]:
    """Keys from every unordered pair of distinct tokens (one token alone if only one),
    each token first mapped through `fold` when one is given."""
    def keys(records: Records) -> Keys:
        matrix, vocabulary = (records.tokens(column) if fold is None
                              else records.folded(column, fold))
        rows, low, high = _token_pairs(matrix, records.doubled(column, fold))
        return rows, low * max(len(vocabulary), 1) + high
    return keys


def token_pair_keys(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    """String form of `token_pairs` ("a|b", or "a" alone), indexed by record position."""
    def keys(frame: pd.DataFrame) -> pd.Series:
        matrix, vocabulary = Records(frame).tokens(column)
        rows, low, high = _token_pairs(matrix)
        pairs = np.where(low == high, vocabulary[low],
                         vocabulary[low].astype(object) + "|" + vocabulary[high].astype(object))
        return pd.Series(pairs, index=rows, dtype=object).sort_index(kind="stable")
    return keys


def _dense(values: IntArray) -> IntArray:
    """Values renumbered 0..k-1 (negative values stay -1)."""
    present = values >= 0
    out = np.full(len(values), -1, dtype=np.int64)
    out[present] = np.unique(values[present], return_inverse=True)[1]
    return out


def token_with_dob_keys(column: str, fold: Callable[[str], str] | None = None
                        ) -> Callable[[Records], Keys]:
    """Keys from each single token together with the full date of birth, day and month
    taken in either order (a swapped day and month still meet)."""
    def keys(records: Records) -> Keys:
        matrix, _ = (records.tokens(column) if fold is None
                     else records.folded(column, fold))
        return _token_with(matrix, _dense(_unordered_dob(records.dob)))
    return keys


def token_with_value_keys(column: str, other: str) -> Callable[[Records], Keys]:
    """Keys from each single token together with the present value of column `other`."""
    def keys(records: Records) -> Keys:
        matrix, _ = records.tokens(column)
        return _token_with(matrix, pd.factorize(records.frame[other])[0].astype(np.int64))
    return keys


def _token_with(matrix: IntArray, value: IntArray) -> Keys:
    """(position, key) of each token of `matrix` with its record's `value` code (0..k-1;
    records whose value is -1, unknown, give no keys)."""
    rows, slots = np.nonzero((matrix >= 0) & (value >= 0)[:, None])
    width = int(value.max(initial=0)) + 1
    return rows.astype(np.int64), matrix[rows, slots] * width + value[rows]


def _unordered_dob(dob: IntArray) -> IntArray:
    """YYYYMMDD with the smaller of month and day first (-1 stays -1)."""
    month, day = dob // 100 % 100, dob % 100
    low, high = np.minimum(month, day), np.maximum(month, day)
    return np.where(dob >= 0, dob // 10000 * 10000 + low * 100 + high, -1)


def initial_with_token_keys(column: str, fold: Callable[[str], str] | None = None
                            ) -> Callable[[Records], Keys]:
    """Keys from the initial of one token with another whole token (of two letters or more).

    "THAPA G." meets "Ganesh Kumar Thapa" through (g, thapa): a given name cut to
    its initial on one side only. The buckets are large, so they are refined by year.
    """
    def keys(records: Records) -> Keys:
        tokens, _ = records.tokens(c.NAME_TOKENS)
        matrix, vocabulary = (records.tokens(column) if fold is None
                              else records.folded(column, fold))
        initials, whole = _initial_codes(records, tokens), _long_codes(matrix, vocabulary)
        found_rows, found_keys = [], []
        for i in range(MAX_TOKENS):
            for j in range(MAX_TOKENS):
                if i == j:
                    continue
                rows = np.flatnonzero((initials[:, i] >= 0) & (whole[:, j] >= 0))
                found_rows.append(rows)
                found_keys.append(whole[rows, j] * 64 + initials[rows, i])
        return np.concatenate(found_rows).astype(np.int64), np.concatenate(found_keys)
    return keys


def _initial_codes(records: Records, tokens: IntArray) -> IntArray:
    """First letter of each token as a small code (a-z 1..26, anything else 27)."""
    _, vocabulary = records.tokens(c.NAME_TOKENS)
    first = np.array([min(ord(t[0]) - 96, 27) if t and t[0].isalpha() else 27
                      for t in vocabulary.tolist()], dtype=np.int64)
    return np.where(tokens >= 0, first[np.maximum(tokens, 0)], -1)


def _long_codes(matrix: IntArray, vocabulary: NDArray[np.object_]) -> IntArray:
    """The matrix with one-letter keys blanked (an initial is no whole name)."""
    long = np.array([len(v) >= 2 for v in vocabulary.tolist()], dtype=bool)
    return np.where((matrix >= 0) & long[np.maximum(matrix, 0)], matrix, -1)


def value_keys(*columns: str) -> Callable[[Records], Keys]:
    """Keys from the present values of one or more columns, one code space for all."""
    def keys(records: Records) -> Keys:
        owners, items = [], []
        for column in columns:
            rows, values = _flatten(records.frame[column].to_numpy(dtype=object))
            owners.append(rows)
            items.extend(values)
        codes, _ = _codes(items)
        rows = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
        return rows[codes >= 0], codes[codes >= 0]
    return keys


def dob_nationality_keys(records: Records) -> Keys:
    """Full date of birth with nationality: catches names written beyond recognition."""
    nationality = pd.factorize(records.frame[c.NATIONALITY_N])[0].astype(np.int64) + 1
    rows = np.flatnonzero(records.dob >= 0)
    return rows, records.dob[rows] * 1024 + nationality[rows] % 1024


def identifier_digit_keys(records: Records) -> Keys:
    """The number inside any identifier, prefix letters and leading zeros dropped.

    "BA-06180141" and "BA6180141", or a passport number entered as a national
    id, meet here; numbers under MIN_DIGITS digits are too common to block on.
    """
    owners, items = [], []
    for column in IDENTIFIER_COLUMNS:
        rows, values = _flatten(records.frame[column].to_numpy(dtype=object))
        owners.append(rows)
        items.extend(values)
    codes, uniques = _codes(items)
    digits = pd.Series(uniques, dtype=object).astype(str).str.replace(r"\D+", "", regex=True)
    digits = digits.str.lstrip("0")
    number = pd.factorize(digits.where(digits.str.len() >= MIN_DIGITS))[0].astype(np.int64)
    rows = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
    keys = np.where(codes >= 0, number[np.maximum(codes, 0)], -1) if len(number) else codes
    return rows[keys >= 0], keys[keys >= 0]

"""One normalised record as the row-wise level and weight functions read it.

`prepare_one` turns a row of the engine's normalised frame into a `PreparedRecord`
once, lenient to missing values exactly as the vectorised `prepare_records` is (the
helpers below reproduce what pandas treats as missing, empty or text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd

from linkage import columns as c
from linkage.comparators import unit_kind
from linkage.names import phonetic_key
from linkage.token_matching import MAX_TOKENS

_NON_DIGITS: Final = re.compile(r"\D+")
_NO_ALIASES: Final[frozenset[Any]] = frozenset()
IDENTIFIER_COLUMNS: Final = (c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N)


# --- missing values, as pandas sees them --------------------------------------------


_NEVER_NA: Final = frozenset({str, int, tuple, frozenset, bool})  # the common types, fast


def _is_na(value: object) -> bool:
    """pandas' isna for one value: None, NaN, pd.NA or NaT."""
    if value is None:
        return True
    if type(value) in _NEVER_NA:
        return False
    if value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and value != value


def _present(value: Any) -> Any:
    """The value when present, else None (comparators.is_missing: NA or empty): two
    present values get one `features._codes` code exactly when they are equal."""
    if type(value) is str:
        return value or None
    if _is_na(value) or (hasattr(value, "__len__") and len(value) == 0):
        return None
    return value


def _text(value: Any) -> str:
    """The value as `fillna("").astype(str)` makes it."""
    if type(value) is str:
        return value
    return "" if _is_na(value) else str(value)


def _items(value: Any) -> tuple[Any, ...]:
    """The elements `Series.explode().dropna()` yields for one cell."""
    if type(value) is tuple:
        for v in value:
            if type(v) is not str and _is_na(v):
                return tuple(v for v in value if not _is_na(v))
        return value
    if _is_na(value):
        return ()
    if isinstance(value, tuple | list | set | frozenset | np.ndarray):
        return tuple(v for v in value if not _is_na(v))
    return (value,)


def _int_or(value: Any, default: int) -> int:
    """A date part as `astype("Float64").fillna(default)` then int64 makes it."""
    if type(value) is int:
        return value
    return default if _is_na(value) else int(value)


# --- one record --------------------------------------------------------------------


class Identifier(NamedTuple):
    """What the identifier levels read of one identifier (`value` None when missing)."""

    value: Any
    text: str
    digits: str | None  # its number: digits, leading zeros dropped (None if < 4)
    head: str
    tail: str


NO_IDENTIFIER: Final = Identifier(None, "", None, "", "")


def _identifier(value: Any) -> Identifier:
    present = _present(value)
    if present is None:
        return NO_IDENTIFIER  # the levels read nothing more of a missing identifier
    text = _text(value)
    digits = _NON_DIGITS.sub("", text).lstrip("0")  # \D as in features._digits
    return Identifier(present, text, digits if len(digits) >= 4 else None, text[:3],
                       text[-3:])


class PreparedRecord(NamedTuple):
    """Everything the level and weight functions read about one normalised record.

    Computed once per record by `prepare_one`, so the candidates of a check can be
    cached prepared. Values that `features._codes` would code are kept as they are, or
    None when missing; the text forms are those `fillna("").astype(str)` gives. A named
    tuple: immutable, and several times faster to build than a frozen dataclass (a
    check may prepare its 200 candidates).
    """

    name: Any  # name_sorted (None when missing): the name code
    name_key: tuple[Any, str | None] | None  # name and symbols: the distinct-name key
    name_text: str  # name_sorted as text: the term-frequency key
    joined: Any
    symbols: str | None  # sorted name symbols joined by " "
    initials: Any
    tokens: tuple[Any, ...]  # the first MAX_TOKENS name tokens
    token_set: frozenset[Any]
    token_info: tuple[tuple[Any, int, Any, Any], ...]  # per token: it, length, initial, tail
    joins: tuple[str | None, ...]  # per two adjacent tokens, both written together
    sounds: tuple[Any, ...]  # their phonetic keys (when `canonical`)
    all_tokens: tuple[Any, ...]  # every token, and every phonetic key, as exploded
    all_sounds: tuple[Any, ...]
    token_rank: Mapping[Any, int]  # first position of each distinct token
    canonical: bool  # phonetic keys line up with tokens and are phonetic_key's
    aliases: frozenset[Any]
    dob: int  # YYYYMMDD, 00 for unknown month/day; -1 when the year is unknown
    dob_parts: tuple[int, int, int]  # year, month, day of `dob` (month, day 0: unknown)
    dob_digits: str  # the last eight digits of `dob`
    nationality: Any
    nationality_text: str
    sex: Any
    place: Any
    place_text: str
    identifiers: tuple[Identifier, ...]  # in IDENTIFIER_COLUMNS order
    unit: Any
    unit_kind: str | None  # comparators.unit_kind of `unit`
    category: Any


@lru_cache(maxsize=100_000)
def _canonical(tokens: tuple[Any, ...], sounds: tuple[Any, ...]) -> bool:
    """Whether every token's key is phonetic_key(token): then any record holding a token
    has the key of its first occurrence in any frame, and no frame-wide look is needed.
    (Cached: names repeat across records.)"""
    return len(tokens) == len(sounds) and all(
        isinstance(t, str) and s == phonetic_key(t) for t, s in zip(tokens, sounds, strict=True))


@lru_cache(maxsize=100_000)
def _joined_symbols(symbols: frozenset[Any]) -> str | None:
    """features._joined of a symbol set: its members sorted and joined (None if empty).
    (Cached: a name's symbol set is shared by every record parsed from that name.)"""
    return " ".join(sorted(map(str, symbols))) or None


def _symbols(value: Any) -> str | None:
    if _is_na(value):
        return None
    if type(value) is frozenset:
        return _joined_symbols(value)
    return " ".join(sorted(map(str, value))) or None


def _joins(tokens: tuple[Any, ...]) -> tuple[str | None, ...]:
    """token_matching.join_codes for one record: each two adjacent tokens written together."""
    return tuple(a + b if isinstance(a, str) and isinstance(b, str) else None
                 for a, b in zip(tokens, tokens[1:], strict=False))


class _TokenViews(NamedTuple):
    tokens: tuple[Any, ...]
    token_set: frozenset[Any]
    token_info: tuple[tuple[Any, int, Any, Any], ...]
    joins: tuple[str | None, ...]
    rank: Mapping[Any, int]


def _token_views(all_tokens: tuple[Any, ...]) -> _TokenViews:
    """What the levels read of a record's name tokens (read-only, so shareable)."""
    tokens = all_tokens[:MAX_TOKENS]
    rank: dict[Any, int] = {}
    for token in all_tokens:
        rank.setdefault(token, len(rank))
    return _TokenViews(tokens, frozenset(tokens),
                       tuple([(t, len(t), t[:1], t[1:]) for t in tokens]), _joins(tokens), rank)


# Cached by the tokens: names repeat across records, and a check prepares ~180 candidates.
_cached_token_views = lru_cache(maxsize=100_000)(_token_views)


def _dob(record: Mapping[str, Any]) -> int:
    year = _int_or(record.get(c.DOB_YEAR), -1)
    month = min(max(_int_or(record.get(c.DOB_MONTH), 0), 0), 99)
    day = min(max(_int_or(record.get(c.DOB_DAY), 0), 0), 99)
    return -1 if year < 0 else year * 10000 + month * 100 + day


def prepare_one(record: Mapping[str, Any]) -> PreparedRecord:
    """The comparison view of one normalised record (a row of `normalise_records`, or
    `normalise_one(fields).iloc[0].to_dict()`), lenient to missing values as the
    vectorised `prepare_records` is."""
    name = _present(record.get(c.NAME_SORTED))
    symbols = _symbols(record.get(c.NAME_SYMBOLS))
    all_tokens = _items(record.get(c.NAME_TOKENS))
    all_sounds = _items(record.get(c.NAME_PHONETIC))
    try:
        canonical = _canonical(all_tokens, all_sounds)
    except TypeError:  # an unhashable key: not cached, and not phonetic_key's anyway
        canonical = False
    try:
        views = _cached_token_views(all_tokens)
    except TypeError:  # an unhashable token: not cached
        views = _token_views(all_tokens)
    tokens = views.tokens
    alias_items = _items(record.get(c.ALIAS_SORTED))
    aliases = frozenset(a for a in alias_items if str(a) != "") if alias_items else _NO_ALIASES
    dob = _dob(record)
    return PreparedRecord(
        name=name,
        name_key=None if name is None else (name, symbols),
        name_text=_text(record.get(c.NAME_SORTED)),
        joined=_present(record.get(c.NAME_JOINED)),
        symbols=symbols,
        initials=_present(record.get(c.INITIALS)),
        tokens=tokens,
        token_set=views.token_set,
        token_info=views.token_info,
        joins=views.joins,
        sounds=all_sounds[:MAX_TOKENS] if canonical else (),
        all_tokens=all_tokens,
        all_sounds=all_sounds,
        token_rank=views.rank,
        canonical=canonical,
        aliases=aliases,
        dob=dob,
        dob_parts=(dob // 10000, dob // 100 % 100, dob % 100),
        dob_digits=f"{dob % 100_000_000:08d}",
        nationality=_present(record.get(c.NATIONALITY_N)),
        nationality_text=_text(record.get(c.NATIONALITY_N)),
        sex=_present(record.get(c.SEX_N)),
        place=_present(record.get(c.PLACE_N)),
        place_text=_text(record.get(c.PLACE_N)),
        identifiers=(_identifier(record.get(c.PASSPORT_N)),
                     _identifier(record.get(c.NATIONAL_ID_N)),
                     _identifier(record.get(c.SERVICE_N))),  # IDENTIFIER_COLUMNS' order
        unit=_present(record.get(c.UNIT_N)),
        unit_kind=unit_kind(record.get(c.UNIT_N)),
        category=_present(record.get(c.CATEGORY_N)),
    )

"""Row-wise scoring of one query record against a few candidates (a vetting check).

The vectorised engine (`features.prepare_records` + `scoring.score_pairs`) is built
for millions of pairs; for one query and at most a few hundred candidates its pandas
overhead dominates. This module gives the same levels, weights, scores and bands in
plain Python: `prepare_one` computes once what the level functions need about a
record (so a caller can cache prepared candidates), and `score_against` compares and
weighs a query against prepared candidates.

"The same" is exact: the result for (query, candidates) equals that of `score_pairs`
on the frame [query, *candidates] with pairs (0, k), query on the left. Where the
vectorised path depends on the frame rather than the pair, this module reproduces it:

- a token's phonetic key is the one of its first occurrence in the frame, and none
  agree when the frame's phonetic keys do not line up with its tokens (`_sounds`);
- the name level of a pair is worked out once per distinct name key (name and
  symbols), on the first candidate that has it (`features._distinct`);
- two close-spelling tokens are compared in vocabulary order (first occurrence).

The weights are computed with the same numpy float32 operations as the vectorised
weigher, on arrays of one entry per candidate.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from rapidfuzz.distance import OSA, JaroWinkler

from linkage import columns as c
from linkage.features import MAX_TOKENS, NULL
from linkage.frequency import FrequencyTable, tf_adjustment
from linkage.model import Feature, Model
from linkage.names import phonetic_key
from linkage.scoring import BANDS, DEFAULT_THRESHOLDS, WITHIN_NATIONALITY, Thresholds

_SEP: Final = "\x1f"  # as scoring._SEP: "nationality<sep>value" keys of within tables
_JW_CLOSE: Final = np.float32(0.88)  # the vectorised code compares float32 similarities
_NON_DIGITS: Final = re.compile(r"\D+")
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


class _Identifier(NamedTuple):
    """What the identifier levels read of one identifier (`value` None when missing)."""

    value: Any
    text: str
    digits: str | None  # its number: digits, leading zeros dropped (None if < 4)
    head: str
    tail: str


_NO_IDENTIFIER: Final = _Identifier(None, "", None, "", "")


def _identifier(value: Any) -> _Identifier:
    present = _present(value)
    if present is None:
        return _NO_IDENTIFIER  # the levels read nothing more of a missing identifier
    text = _text(value)
    digits = _NON_DIGITS.sub("", text).lstrip("0")  # \D as in features._digits
    return _Identifier(present, text, digits if len(digits) >= 4 else None, text[:3],
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
    identifiers: tuple[_Identifier, ...]  # in IDENTIFIER_COLUMNS order


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
    tokens = all_tokens[:MAX_TOKENS]
    rank: dict[Any, int] = {}
    for token in all_tokens:
        rank.setdefault(token, len(rank))
    aliases = frozenset(a for a in _items(record.get(c.ALIAS_SORTED)) if str(a) != "")
    dob = _dob(record)
    return PreparedRecord(
        name=name,
        name_key=None if name is None else (name, symbols),
        name_text=_text(record.get(c.NAME_SORTED)),
        joined=_present(record.get(c.NAME_JOINED)),
        symbols=symbols,
        initials=_present(record.get(c.INITIALS)),
        tokens=tokens,
        token_set=frozenset(tokens),
        token_info=tuple((t, len(t), t[:1], t[1:]) for t in tokens),
        sounds=all_sounds[:MAX_TOKENS] if canonical else (),
        all_tokens=all_tokens,
        all_sounds=all_sounds,
        token_rank=rank,
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
        identifiers=tuple(_identifier(record.get(column)) for column in IDENTIFIER_COLUMNS),
    )


# --- levels ------------------------------------------------------------------------


class _Never:
    """The phonetic key of every token when a frame's keys do not line up with its
    tokens: equal to nothing but itself, so two distinct tokens never sound alike."""

    __slots__ = ()


def _sounds(records: Sequence[PreparedRecord]) -> list[tuple[Any, ...]]:
    """Per record, the frame-level phonetic key of each of its first tokens.

    `features._token_matrix` gives each token the key at its first occurrence among the
    frame's exploded keys, and no agreeing keys at all when the frame has more or fewer
    keys than tokens. When every record is canonical that is each record's own key.
    """
    if all(r.canonical for r in records):
        return [r.sounds for r in records]
    flat_tokens = [t for r in records for t in r.all_tokens]
    flat_sounds = [s for r in records for s in r.all_sounds]
    key: dict[Any, Any] = {}
    if len(flat_tokens) == len(flat_sounds):
        for token, sound in zip(flat_tokens, flat_sounds, strict=True):
            key.setdefault(token, sound)
    else:
        for token in flat_tokens:
            key.setdefault(token, _Never())
    return [tuple(key[t] for t in r.tokens) for r in records]


@lru_cache(maxsize=100_000)
def close_token(a: str, b: str, same_sound: bool) -> bool:
    """comparators.close_tokens for one pair of tokens (see there for the rule)."""
    la, lb = len(a), len(b)
    longest = max(la, lb)
    if (la == 1 or lb == 1) and a[:1] == b[:1]:
        return True
    if longest < 4:
        return False
    edits = OSA.distance(a, b)
    if edits <= longest // 4:
        return True
    if edits <= longest // 3 and (
            same_sound or np.float32(JaroWinkler.similarity(a, b)) >= _JW_CLOSE):
        return True
    return same_sound and la == lb and edits <= longest // 2


class _TokenMatcher:
    """features.token_matches with the query fixed: its tokens as bit masks, and per
    candidate token (memoised for the call) the query slots it is a close spelling of.

    Whether a candidate token is close to a query token depends on the two tokens alone
    (their frame-level phonetic keys included), so it is worked out once per distinct
    candidate token; per pair only the open (unpartnered) slots are then combined.
    """

    __slots__ = ("query", "q_sounds", "slots", "full", "close", "by_initial", "by_sound",
                 "by_tail")

    def __init__(self, query: PreparedRecord, q_sounds: Sequence[Any]) -> None:
        self.query = query
        self.q_sounds = q_sounds
        self.full = (1 << len(query.tokens)) - 1
        self.close: dict[Any, int] = {}  # candidate token -> mask of close query slots
        # Query slots by token, and by each prefilter key (first letter, sound, the rest).
        self.slots: dict[Any, int] = {}
        self.by_initial: dict[Any, int] = {}
        self.by_sound: dict[Any, int] = {}
        self.by_tail: dict[Any, int] = {}
        for i, (token, _, initial, tail) in enumerate(query.token_info):
            bit = 1 << i
            for index, key in ((self.slots, token), (self.by_initial, initial),
                               (self.by_sound, q_sounds[i]), (self.by_tail, tail)):
                index[key] = index.get(key, 0) | bit

    def _close_slots(self, info: tuple[Any, int, Any, Any], sound: Any) -> int:
        """Query slots whose token passes the prefilters with a candidate token (same
        first letter, sound or rest; similar length) and is a close spelling of it."""
        y, ly, initial, tail = info
        keyed = (self.by_initial.get(initial, 0) | self.by_sound.get(sound, 0)
                 | self.by_tail.get(tail, 0))
        if not keyed:
            return 0
        query, mask = self.query, 0
        rank = query.token_rank
        y_rank = rank.get(y)
        for i, (x, lx, _, _) in enumerate(query.token_info):
            if not keyed >> i & 1 or not (-3 <= lx - ly <= 3 or lx == 1 or ly == 1):
                continue
            # Judged in vocabulary order, as the vectorised code judges each distinct
            # pair: the query's tokens come first in the frame.
            first, second = (y, x) if y_rank is not None and y_rank < rank[x] else (x, y)
            if close_token(first, second, bool(self.q_sounds[i] == sound)):
                mask |= 1 << i
        return mask

    def counts(self, other: PreparedRecord, o_sounds: Sequence[Any]) -> tuple[
            int, int, int, int]:
        """Tokens of the query and of `other`, and how many of each have a partner."""
        slots, matched_a, matched_b = self.slots, 0, 0
        open_b: list[int] = []
        for j, y in enumerate(other.tokens):
            found = slots.get(y)
            if found is None:
                open_b.append(j)
            else:
                matched_a |= found
                matched_b += 1
        open_a = self.full & ~matched_a
        if open_a and open_b:
            close_a = 0
            info, memo = other.token_info, self.close
            for j in open_b:
                y = info[j][0]
                mask = memo.get(y)
                if mask is None:
                    mask = memo[y] = self._close_slots(info[j], o_sounds[j])
                if mask & open_a:
                    close_a |= mask & open_a
                    matched_b += 1
            matched_a |= close_a
        return len(self.query.tokens), len(other.tokens), matched_a.bit_count(), matched_b


def _name_pair_level(query: PreparedRecord, matcher: _TokenMatcher, other: PreparedRecord,
                     o_sounds: Sequence[Any]) -> int:
    """features._name_pair_levels for one pair (aliases and nulls aside)."""
    if query.name is not None and query.name == other.name:
        return 0
    if (query.joined is not None and query.joined == other.joined) or (
            query.symbols is not None and query.symbols == other.symbols):
        return 1
    count_a, count_b, matched_a, matched_b = matcher.counts(other, o_sounds)
    shared = min(matched_a, matched_b)
    spare_a, spare_b = count_a - matched_a, count_b - matched_b
    if shared >= 1:
        if spare_a == 0 and spare_b == 0:
            return 2
        if spare_a == 0 or spare_b == 0:
            return 3 if shared >= 2 else 4
        return 5 if shared >= 2 else 6
    if query.initials is not None and query.initials == other.initials:
        return 7
    return 8


def _alias_hit(query: PreparedRecord, other: PreparedRecord) -> bool:
    """Whether one record's name is among the other's aliases."""
    return (query.name is not None and query.name in other.aliases) or (
        other.name is not None and other.name in query.aliases)


def dob_level(query: PreparedRecord, other: PreparedRecord) -> int:
    """features.dob_levels for one pair."""
    a, b = query.dob, other.dob
    if a < 0 or b < 0:
        return NULL
    ya, ma, da = query.dob_parts
    yb, mb, db = other.dob_parts
    if ma > 0 and da > 0 and mb > 0 and db > 0:
        if a == b:
            return 0
        if ya == yb and ma == db and da == mb and ma != da:
            return 1
        if _one_digit_apart(query.dob_digits, other.dob_digits):
            return 2
    if ya == yb:
        if ma == mb and ma > 0:
            return 3
        return 4 if ma == 0 or mb == 0 else 5
    return 6 if abs(ya - yb) == 1 else 7


def _one_digit_apart(a: str, b: str) -> bool:
    """comparators.digit_differences(a, b) == 1, for the eight-digit strings of two dates."""
    differ = False
    for x, y in zip(a, b, strict=True):
        if x != y:
            if differ:
                return False
            differ = True
    return differ


def identifier_level(a: _Identifier, b: _Identifier, same_nationality: bool | None) -> int:
    """features._identifier_levels for one pair of identifiers; `same_nationality` is None
    when either nationality is unknown."""
    if a.value is None or b.value is None:
        return NULL
    if a.value == b.value:
        return 0
    if a.digits is not None and a.digits == b.digits:
        return 1
    la, lb = len(a.text), len(b.text)
    if abs(la - lb) <= 1 and (la < 7 or lb < 7 or a.head == b.head or a.tail == b.tail) and (
            OSA.distance(a.text, b.text, score_cutoff=1) <= 1):
        return 2
    if same_nationality is None:
        return 4
    return 3 if same_nationality else 5


def category_level(a: Any, b: Any) -> int:
    """features._category_levels for one pair of present-or-None values."""
    if a is None or b is None:
        return NULL
    return 0 if a == b else 1


def place_level(query: PreparedRecord, other: PreparedRecord) -> int:
    """features.place_levels for one pair."""
    if query.place is None or other.place is None:
        return NULL
    if query.place == other.place:
        return 0
    similarity = np.float32(JaroWinkler.normalized_similarity(query.place_text,
                                                              other.place_text))
    return 1 if similarity >= _JW_CLOSE else 2


def _feature_levels(name: str, query: PreparedRecord, q_sounds: Sequence[Any],
                    candidates: Sequence[PreparedRecord],
                    sounds: Sequence[Sequence[Any]]) -> list[int]:
    """Levels of one feature for the query against each candidate."""
    if name == "name":
        if query.name is None:
            return [NULL] * len(candidates)
        out = []
        by_key: dict[Any, int] = {}  # the level of the first candidate of each name key
        matcher = _TokenMatcher(query, q_sounds)
        for other, o_sounds in zip(candidates, sounds, strict=True):
            if other.name is None:
                out.append(NULL)
                continue
            level = by_key.get(other.name_key)
            if level is None:
                level = by_key[other.name_key] = _name_pair_level(query, matcher, other,
                                                                  o_sounds)
            out.append(1 if level > 1 and _alias_hit(query, other) else level)
        return out
    if name == "date_of_birth":
        return [dob_level(query, other) for other in candidates]
    if name in _IDENTIFIER_FEATURES:
        i = _IDENTIFIER_FEATURES[name]
        mine, nationality = query.identifiers[i], query.nationality
        return [identifier_level(mine, other.identifiers[i],
                                 None if nationality is None or other.nationality is None
                                 else nationality == other.nationality)
                for other in candidates]
    if name == "nationality":
        return [category_level(query.nationality, other.nationality) for other in candidates]
    if name == "sex":
        return [category_level(query.sex, other.sex) for other in candidates]
    if name == "place_of_birth":
        places: dict[Any, int] = {}
        out = []
        for other in candidates:
            level = places.get(other.place)
            if level is None:
                level = places[other.place] = place_level(query, other)
            out.append(level)
        return out
    raise KeyError(f"no row-wise level function for feature {name!r}")


_IDENTIFIER_FEATURES: Final = {"passport": 0, "national_id": 1, "service_number": 2}
FEATURES: Final = ("name", "date_of_birth", *_IDENTIFIER_FEATURES, "nationality", "sex",
                   "place_of_birth")
"""Features with a row-wise level function: those of features.LEVEL_FUNCTIONS."""


# --- weights -----------------------------------------------------------------------


T = TypeVar("T")


def _per_object(cache: dict[int, T], owner: object, build: Callable[[], T]) -> T:
    """`build()`, worked out once per live `owner` object (immutable: a model, a table);
    the entry goes when the owner does."""
    key = id(owner)
    found = cache.get(key)
    if found is None:
        found = build()
        try:
            weakref.finalize(owner, cache.pop, key, None)
        except TypeError:  # not weakly referenceable: nothing would clear the entry
            return found
        cache[key] = found
    return found


_FREQUENCIES: dict[int, dict[Any, float]] = {}


def _frequencies(table: FrequencyTable) -> dict[Any, float]:
    """A table's frequencies as a dict, built once per table object: tables are
    immutable, and a dict lookup costs far less than a pandas one (building it costs
    about a microsecond per value, once)."""
    def build() -> dict[Any, float]:
        frequencies = table.frequencies
        return dict(zip(frequencies.index.tolist(),
                        frequencies.to_numpy(dtype=np.float64).tolist(), strict=True))
    return _per_object(_FREQUENCIES, table, build)


def _frequency(table: FrequencyTable, frequencies: Mapping[Any, float], value: Any) -> float:
    """frequency.lookup for one value: unseen (or unknown) values get the floor."""
    if value is None:
        return table.floor
    found = frequencies.get(value)
    return table.floor if found is None or found != found else found


def _tf_value(record: PreparedRecord, feature: str) -> Any:
    """The record's value in the frequency tables of `feature` (scoring.TF_KEYS)."""
    if feature == "name":
        return record.name_text
    if feature == "date_of_birth":
        return record.dob
    if feature == "place_of_birth":
        return record.place_text
    raise KeyError(feature)  # as scoring.TF_KEYS[feature]


def _within_key(record: PreparedRecord, feature: str) -> str | None:
    """scoring._nationality_keys for one record: "nationality<sep>value", None where
    either is unknown."""
    value = str(_tf_value(record, feature))
    if record.nationality_text == "" or value == "" or value == "-1":
        return None
    return record.nationality_text + _SEP + value


@dataclass(frozen=True, slots=True)
class _FeaturePlan:
    feature: Feature
    weights: NDArray[np.float32]  # by level + 1
    adjusted: NDArray[np.bool_]  # by level + 1: the levels with a tf adjustment


_PLANS: dict[int, tuple[_FeaturePlan, ...]] = {}


def _plan(model: Model) -> tuple[_FeaturePlan, ...]:
    """Level weights of a model's features, worked out once per model object."""
    return _per_object(_PLANS, model, lambda: tuple(
        _FeaturePlan(f, model.level_weights(f), np.array([False] + [lv.tf for lv in f.levels]))
        for f in model.features))


def _weights(plan: _FeaturePlan, levels: NDArray[np.int8], query: PreparedRecord,
             candidates: Sequence[PreparedRecord],
             tables: Mapping[str, FrequencyTable]) -> NDArray[np.float32]:
    """scoring.feature_weigher for the query against each candidate, by the same numpy
    float32 operations."""
    feature = plan.feature
    index = levels.astype(np.intp) + 1
    weights = plan.weights[index]
    if not (feature.tf_adjustment and plan.adjusted.any() and feature.name in tables):
        return np.asarray(weights, dtype=np.float32)
    rows = np.flatnonzero(plan.adjusted[index])
    if len(rows) == 0:
        return np.asarray(weights, dtype=np.float32)
    name = feature.name
    table = tables[name]
    overall = _frequencies(table)
    within = tables.get(name + WITHIN_NATIONALITY)
    within_freq = None if within is None else _frequencies(within)
    q_freq = _frequency(table, overall, _tf_value(query, name))
    q_within: float | None = None
    freq_l, freq_r = [], []
    for row in rows.tolist():
        other = candidates[row]
        if (within is not None and within_freq is not None and query.nationality is not None
                and query.nationality == other.nationality):
            if q_within is None:
                q_within = _frequency(within, within_freq, _within_key(query, name))
            freq_l.append(q_within)
            freq_r.append(_frequency(within, within_freq, _within_key(other, name)))
        else:
            freq_l.append(q_freq)
            freq_r.append(_frequency(table, overall, _tf_value(other, name)))
    weights[rows] += feature.tf_adjustment * tf_adjustment(
        np.array(freq_l, dtype=np.float64), np.array(freq_r, dtype=np.float64), table.mean)
    return np.asarray(weights, dtype=np.float32)


# --- scoring -----------------------------------------------------------------------


class PairScore(NamedTuple):
    """One scored (query, candidate) pair: per model feature, in `model.features` order,
    the level (-1 null) and weight; then the match weight, the score (the match
    probability) and the band ('', 'review' or 'link'). A named tuple: cheap to build
    for every candidate."""

    levels: tuple[int, ...]
    weights: tuple[float, ...]
    match_weight: float
    score: float
    band: str


def score_against(query: PreparedRecord, candidates: Sequence[PreparedRecord], model: Model,
                  *, tables: dict[str, FrequencyTable],
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[PairScore]:
    """Score the query against each candidate, in order.

    Equal to `score_pairs(prepare_records(frame), pairs, model, tables=tables,
    thresholds=thresholds, explain=True)` for frame = [query, *candidates] and pairs
    (0, k): the same levels, and weights, match weights, scores and bands from the same
    float32 arithmetic.
    """
    if not candidates:
        return []
    plan = _plan(model)
    q_sounds, *sounds = _sounds([query, *candidates])
    levels = [np.array(_feature_levels(p.feature.name, query, q_sounds, candidates, sounds),
                       dtype=np.int8) for p in plan]
    weights = [_weights(p, lv, query, candidates, tables)
               for p, lv in zip(plan, levels, strict=True)]
    total = np.full(len(candidates), model.prior_weight, dtype=np.float32)
    for weight in weights:
        total += weight
    score = (1.0 / (1.0 + np.exp2(-total.astype(np.float64)))).astype(np.float32)
    bands = (score >= thresholds.review).astype(np.int8) + (score >= thresholds.link)
    level_rows: Iterable[tuple[int, ...]] = zip(*(lv.tolist() for lv in levels), strict=True)
    weight_rows: Iterable[tuple[float, ...]] = zip(*(w.tolist() for w in weights), strict=True)
    return [PairScore(lv, w, t, s, BANDS[b]) for lv, w, t, s, b in zip(
        level_rows, weight_rows, total.tolist(), score.tolist(), bands.tolist(), strict=True)]

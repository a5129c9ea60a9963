"""Row-wise comparison levels: features.LEVEL_FUNCTIONS for one query and its candidates.

Where the vectorised levels depend on the frame rather than the pair, these reproduce
it: phonetic keys of a token's first occurrence (`frame_sounds`), the name level worked
out once per distinct name key, close spellings judged in vocabulary order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any, Final

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler

from linkage.features import NULL
from linkage.names import word_name_symbols
from linkage.names.tokens import same_consonants
from linkage.pairwise.record import Identifier, PreparedRecord

_JW_CLOSE: Final = np.float32(0.88)  # the vectorised code compares float32 similarities


class _Never:
    """The phonetic key of every token when a frame's keys do not line up with its
    tokens: equal to nothing but itself, so two distinct tokens never sound alike."""

    __slots__ = ()


def frame_sounds(records: Sequence[PreparedRecord]) -> list[tuple[Any, ...]]:
    """Per record, the frame-level phonetic key of each of its first tokens.

    `token_matching.token_matrix` gives each token the key at its first occurrence among the
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


def _symbols_of(token: Any) -> frozenset[str]:
    """token_matching.symbol_partners' symbols of a token (none for a token that is no text)."""
    return word_name_symbols(token) if isinstance(token, str) else frozenset()


class _TokenMatcher:
    """token_matching.token_matches with the query fixed: its tokens as bit masks, and per
    candidate token (memoised for the call) the query slots it is a close spelling of.

    Whether a candidate token is close to a query token depends on the two tokens alone
    (their frame-level phonetic keys included), so it is worked out once per distinct
    candidate token; per pair only the open (unpartnered) slots are then combined.
    """

    __slots__ = ("query", "q_sounds", "slots", "full", "close", "by_initial", "by_sound",
                 "by_tail", "by_symbol")

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
        self.by_symbol: dict[str, int] = {}  # name and nickname symbols of the query's tokens
        for i, (token, _, initial, tail) in enumerate(query.token_info):
            bit = 1 << i
            for index, key in ((self.slots, token), (self.by_initial, initial),
                               (self.by_sound, q_sounds[i]), (self.by_tail, tail)):
                index[key] = index.get(key, 0) | bit
            for symbol in _symbols_of(token):
                self.by_symbol[symbol] = self.by_symbol.get(symbol, 0) | bit

    def _close_slots(self, info: tuple[Any, int, Any, Any], sound: Any) -> int:
        """Query slots whose token passes the prefilters with a candidate token (same
        first letter, sound or rest, or one the other without its first letter; similar
        length) and is a close spelling of it."""
        y, ly, initial, tail = info
        keyed = (self.by_initial.get(initial, 0) | self.by_sound.get(sound, 0)
                 | self.by_tail.get(tail, 0) | self.slots.get(tail, 0)
                 | self.by_tail.get(y, 0))
        named = 0  # query slots holding another form of the same name (William, Bill)
        if self.by_symbol:
            symbols = _symbols_of(y)
            if not self.by_symbol.keys().isdisjoint(symbols):
                for symbol in symbols:
                    named |= self.by_symbol.get(symbol, 0)
        if not keyed and not named:
            return 0
        query, mask = self.query, 0
        rank = query.token_rank
        y_rank = rank.get(y)
        for i, (x, lx, _, _) in enumerate(query.token_info):
            if named >> i & 1 and x != y:
                mask |= 1 << i
                continue
            if not keyed >> i & 1 or not (-3 <= lx - ly <= 3 or lx == 1 or ly == 1):
                continue
            # Judged in vocabulary order, as the vectorised code judges each distinct
            # pair: the query's tokens come first in the frame.
            first, second = (y, x) if y_rank is not None and y_rank < rank[x] else (x, y)
            if close_token(first, second, bool(self.q_sounds[i] == sound)) or (
                    isinstance(first, str) and isinstance(second, str)
                    and same_consonants(first, second)):
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
                matched_b |= 1 << j
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
                    matched_b |= 1 << j
            matched_a |= close_a
            matched_a, matched_b = self._glued(other, matched_a, matched_b)
        counts = matched_a.bit_count(), matched_b.bit_count()
        return len(self.query.tokens), len(other.tokens), *counts

    def _glued(self, other: PreparedRecord, matched_a: int, matched_b: int) -> tuple[int, int]:
        """token_matching._glued both ways: an open token of one name that is two adjacent open
        tokens of the other written together partners with both."""
        open_a = self.full & ~matched_a
        open_b = (1 << len(other.tokens)) - 1 & ~matched_b
        glued_a = glued_b = 0
        for k, join in enumerate(other.joins):  # a query token is two of the other's
            if join is not None and open_b >> k & 3 == 3 and self.slots.get(join, 0) & open_a:
                glued_a |= self.slots[join] & open_a
                glued_b |= 3 << k
        token_set = other.token_set
        for k, join in enumerate(self.query.joins):  # a token of the other is two of the query's
            if join is not None and join in token_set and open_a >> k & 3 == 3:
                for j, y in enumerate(other.tokens):
                    if open_b >> j & 1 and y == join:
                        glued_b |= 1 << j
                        glued_a |= 3 << k
        return matched_a | glued_a, matched_b | glued_b


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


def identifier_level(a: Identifier, b: Identifier, same_nationality: bool | None) -> int:
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


def unit_level(query: PreparedRecord, other: PreparedRecord) -> int:
    """features.unit_levels for one pair."""
    if query.unit is None or other.unit is None:
        return NULL
    if query.unit == other.unit:
        return 0
    return 1 if query.unit_kind is not None and query.unit_kind == other.unit_kind else 2


def place_level(query: PreparedRecord, other: PreparedRecord) -> int:
    """features.place_levels for one pair."""
    if query.place is None or other.place is None:
        return NULL
    if query.place == other.place:
        return 0
    similarity = np.float32(JaroWinkler.normalized_similarity(query.place_text,
                                                              other.place_text))
    return 1 if similarity >= _JW_CLOSE else 2


def feature_levels(name: str, query: PreparedRecord, q_sounds: Sequence[Any],
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
    if name in _CATEGORY_FEATURES:
        value = attrgetter(_CATEGORY_FEATURES[name])
        mine = value(query)
        return [category_level(mine, value(other)) for other in candidates]
    if name == "unit":
        return [unit_level(query, other) for other in candidates]
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
# Features compared as same / different: the PreparedRecord field each reads.
_CATEGORY_FEATURES: Final = {"nationality": "nationality", "sex": "sex",
                             "personnel_category": "category"}

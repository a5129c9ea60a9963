"""Name tokens matched order-free across candidate pairs: `token_matches`.

`prepare_records` (features.py) codes each record's first MAX_TOKENS name tokens against
the frame's token vocabulary, with what the matching needs of each vocabulary token:
its phonetic key, initial, tail and length (close spellings), which tokens share a
name or nickname symbol, and which two adjacent tokens written together are a token
too. Per pair, tokens partner when equal, close spellings, forms of one name, or one
is two of the other's written together; pairwise/levels.py does the same row by row.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import comparators as cmp
from linkage.names import word_name_symbols
from linkage.names.tokens import consonants, is_known_name

if TYPE_CHECKING:
    from linkage.features import Prepared

IntArray = NDArray[np.int64]

MAX_TOKENS = 5


def token_matrix(tokens: pd.Series, phonetic: pd.Series) -> tuple[
        IntArray, NDArray[np.object_], NDArray[np.int64]]:
    """Codes of each record's first MAX_TOKENS name tokens, -1 padded (N x MAX_TOKENS),
    the token of each code and a code of its phonetic key."""
    exploded = tokens.reset_index(drop=True).explode().dropna()
    codes, vocabulary = pd.factorize(exploded)
    keys = phonetic.reset_index(drop=True).explode().dropna()
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    key_codes = (pd.factorize(keys)[0] if len(keys) == len(exploded)
                 else -np.arange(1, len(exploded) + 1))  # no keys: phonetics never agree
    token_keys = np.asarray(key_codes, dtype=np.int64)[first]
    rank = exploded.groupby(level=0).cumcount().to_numpy()
    keep = rank < MAX_TOKENS
    matrix = np.full((len(tokens), MAX_TOKENS), -1, dtype=np.int64)
    matrix[exploded.index.to_numpy()[keep], rank[keep]] = codes[keep]
    return matrix, np.asarray(vocabulary, dtype=object), token_keys


def symbol_partners(vocabulary: NDArray[np.object_]) -> tuple[cmp.BoolArray, IntArray]:
    """Which vocabulary tokens share a name or nickname symbol with another (William and
    Bill), and the sorted keys (smaller code * size + larger code) of the pairs that do."""
    size = len(vocabulary)
    holders: dict[str, list[int]] = {}
    for code, token in enumerate(vocabulary.tolist()):
        if isinstance(token, str):
            for symbol in word_name_symbols(token):
                holders.setdefault(symbol, []).append(code)
    keys = {x * size + y for codes in holders.values() for x, y in combinations(codes, 2)}
    pairs = np.array(sorted(keys), dtype=np.int64)
    partnered = np.zeros(size, dtype=bool)
    partnered[pairs // max(size, 1)] = True
    partnered[pairs % max(size, 1)] = True
    return partnered, pairs


def consonant_codes(vocabulary: NDArray[np.object_]) -> tuple[IntArray, cmp.BoolArray]:
    """Per vocabulary token, a code of its consonants (tokens.consonants; -1 for none),
    and whether it is a word no table knows (tokens.same_consonants)."""
    words = [t if isinstance(t, str) else "" for t in vocabulary.tolist()]
    codes, _ = pd.factorize(pd.Series([consonants(w) or None for w in words], dtype=object))
    unknown = np.fromiter((bool(w) and not is_known_name(w) for w in words), dtype=bool,
                          count=len(words))
    return np.asarray(codes, dtype=np.int64), unknown


def _symbol_token_pairs(prepared: Prepared, a: IntArray, b: IntArray) -> cmp.BoolArray:
    """Whether the token codes a and b share a name or nickname symbol."""
    pairs = prepared.arrays["symbol_pairs"]
    if len(pairs) == 0:
        return np.zeros(len(a), dtype=bool)
    keys = np.minimum(a, b) * len(prepared.arrays["vocabulary"]) + np.maximum(a, b)
    at = np.minimum(np.searchsorted(pairs, keys), len(pairs) - 1)
    return np.asarray(pairs[at] == keys, dtype=bool)


def join_codes(tokens: IntArray, vocabulary: NDArray[np.object_]) -> IntArray:
    """Per record (tokens: its token codes, -1 padded), the vocabulary code of each two
    adjacent tokens written together ("raj" + "kumar": "rajkumar"), -1 where that is no
    token of the vocabulary: only then can it equal a token of another name."""
    joins = np.full((len(tokens), MAX_TOKENS - 1), -1, dtype=np.int64)
    text = np.fromiter((isinstance(t, str) for t in vocabulary), dtype=bool,
                       count=len(vocabulary))
    index = pd.Index(vocabulary)
    for k in range(MAX_TOKENS - 1):
        first, second = tokens[:, k], tokens[:, k + 1]
        rows = np.flatnonzero((first >= 0) & (second >= 0))
        rows = rows[text[first[rows]] & text[second[rows]]]
        if len(rows):
            written = vocabulary[first[rows]] + vocabulary[second[rows]]
            joins[rows, k] = index.get_indexer(written)
    return joins


def _close_token_pairs(prepared: Prepared, a: IntArray, b: IntArray) -> cmp.BoolArray:
    """Whether the token codes a and b are close spellings, each distinct pair judged once."""
    vocabulary = prepared.arrays["vocabulary"]
    size = len(vocabulary)
    keys = np.minimum(a, b) * size + np.maximum(a, b)
    inverse, found = pd.factorize(keys)  # hashing: faster than sorting here
    unique = np.asarray(found, dtype=np.int64)
    phonetic = prepared.arrays["vocabulary_phonetic"]
    left, right = unique // size, unique % size
    close = cmp.close_tokens(vocabulary[left], vocabulary[right],
                             phonetic[left] == phonetic[right])
    # An unknown word and another with its consonants (an abjad reading and its Latin
    # spelling: trauna, Tarawneh), as tokens.same_consonants judges one pair.
    consonants, unknown = prepared.arrays["consonants"], prepared.arrays["unknown_word"]
    close |= ((consonants[left] >= 0) & (consonants[left] == consonants[right])
              & (unknown[left] | unknown[right]))
    return close[inverse]


FULL_SLOTS = 3  # names rarely have more tokens: later slots are handled row by row


def _slot_rows(present_l: cmp.BoolArray, present_r: cmp.BoolArray) -> list[
        tuple[int, int, IntArray | slice]]:
    """(left slot, right slot, rows to compare): whole columns for the first slots, which
    nearly every name fills; only the rows holding both tokens for the later ones."""
    out: list[tuple[int, int, IntArray | slice]] = []
    for i in range(MAX_TOKENS):
        for j in range(MAX_TOKENS):
            if i < FULL_SLOTS and j < FULL_SLOTS:
                out.append((i, j, slice(None)))
                continue
            rows = np.flatnonzero(present_l[:, i] & present_r[:, j])
            if len(rows):
                out.append((i, j, rows))
    return out


def token_matches(prepared: Prepared, left: IntArray, right: IntArray
                  ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Per pair: tokens on the left and right, and how many of each have a partner on the
    other side (the same token or a close spelling of it), order-free."""
    # Column-major, so each token slot is one contiguous array.
    a = np.asfortranarray(prepared.arrays["tokens"][left])
    b = np.asfortranarray(prepared.arrays["tokens"][right])
    present_l, present_r = a >= 0, b >= 0
    if len(prepared.arrays["vocabulary"]) == 0:  # no record has a name token: nothing to match
        none = np.zeros(len(left), dtype=np.int64)
        return none, none, none, none
    slots = _slot_rows(present_l, present_r)
    matched_l = np.zeros(a.shape, dtype=bool, order="F")
    matched_r = np.zeros(b.shape, dtype=bool, order="F")
    for i, j, rows in slots:
        same = (a[rows, i] == b[rows, j]) & present_l[rows, i]
        matched_l[rows, i] |= same
        matched_r[rows, j] |= same
    # Spelling variants: only tokens still unpartnered, of similar length and sharing a
    # first letter, a sound or all but the first letter, or one being the other without
    # its first letter (Djoko, Joko; Hamadou, Amadou), are compared (that keeps random
    # pairs, for u, cheap). Forms of one name (William, Bill) partner too: only tokens
    # that share a name symbol with some other token are looked up.
    keys = [prepared.arrays[k] for k in ("token_initial", "vocabulary_phonetic",
                                         "token_tail", "token_whole")]
    length = prepared.arrays["token_length"]
    partnered = prepared.arrays["symbol_partnered"]
    open_l, open_r = present_l & ~matched_l, present_r & ~matched_r
    near: list[list[IntArray]] = [[], [], []]  # rows, left slots, right slots
    named: list[list[IntArray]] = [[], [], []]
    for i, j, rows in slots:
        ta, tb = np.maximum(a[rows, i], 0), np.maximum(b[rows, j], 0)
        la, lb = length[ta], length[tb]
        is_open = open_l[rows, i] & open_r[rows, j]
        keep = is_open & ((np.abs(la - lb) <= 3) | (la == 1) | (lb == 1))
        keep &= (keys[0][ta] == keys[0][tb]) | (keys[1][ta] == keys[1][tb]) | (
            keys[2][ta] == keys[2][tb]) | (keys[2][ta] == keys[3][tb]) | (
            keys[3][ta] == keys[2][tb])
        for found, into in ((np.flatnonzero(keep), near),
                            (np.flatnonzero(is_open & partnered[ta] & partnered[tb]), named)):
            if isinstance(rows, np.ndarray):
                found = rows[found]
            into[0].append(found)
            into[1].append(np.full(len(found), i))
            into[2].append(np.full(len(found), j))
    for judge, found_at in ((_close_token_pairs, near), (_symbol_token_pairs, named)):
        if not found_at[0]:
            continue
        row, col_l, col_r = (np.concatenate(part) for part in found_at)
        if len(row):
            close = judge(prepared, a[row, col_l], b[row, col_r])
            matched_l[row[close], col_l[close]] = True
            matched_r[row[close], col_r[close]] = True
    open_l, open_r = present_l & ~matched_l, present_r & ~matched_r
    glued_l, glued_r = _glued(prepared, a, right, open_l, open_r)
    glued_r2, glued_l2 = _glued(prepared, b, left, open_r, open_l)
    matched_l |= glued_l | glued_l2
    matched_r |= glued_r | glued_r2
    return (present_l.sum(axis=1), present_r.sum(axis=1), matched_l.sum(axis=1),
            matched_r.sum(axis=1))


def _glued(prepared: Prepared, tokens: IntArray, other: IntArray, open_tokens: cmp.BoolArray,
           open_other: cmp.BoolArray) -> tuple[cmp.BoolArray, cmp.BoolArray]:
    """Open token slots (`tokens`: one side's codes per pair) that are two adjacent open
    tokens of the other side's record (`other`) written together (Rajkumar / Raj Kumar,
    Woldemariam / Wolde Mariam), and those two slots."""
    glued = np.zeros(tokens.shape, dtype=bool)
    parts = np.zeros(open_other.shape, dtype=bool)
    # Only the few records with a join that is some token are read.
    rows = np.flatnonzero(prepared.arrays["has_join"][other])
    joins = prepared.arrays["token_joins"][other[rows]]
    for k in range(joins.shape[1]):
        both_open = open_other[rows, k] & open_other[rows, k + 1] & (joins[:, k] >= 0)
        for i in range(tokens.shape[1]):
            hit = rows[both_open & open_tokens[rows, i] & (tokens[rows, i] == joins[:, k])]
            glued[hit, i] = True
            parts[hit, k] = parts[hit, k + 1] = True
    return glued, parts

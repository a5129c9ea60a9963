"""Pure, vectorised comparators: two aligned Series in, one array out.

Each comparator looks at the left and right value of every candidate pair and
returns either a similarity in [0, 1] or a boolean agreement, never looping in
Python. Missing values are the caller's concern: features turn them into the
null level, so a comparator may return anything for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from rapidfuzz import distance, fuzz, process

FloatArray = NDArray[np.float32]
BoolArray = NDArray[np.bool_]


def _strings(values: pd.Series) -> NDArray[np.object_]:
    """Object array of str with missing values as the empty string."""
    return values.fillna("").astype(str).to_numpy(dtype=object)


def is_missing(values: pd.Series) -> BoolArray:
    """True where a value is missing or empty (empty string, empty tuple or set)."""
    missing = values.isna().to_numpy(dtype=bool)
    if values.dtype == object:
        missing |= np.fromiter((_is_empty(v) for v in values.to_numpy(dtype=object)),
                               dtype=bool, count=len(values))
    return missing


def _is_empty(value: object) -> bool:
    return hasattr(value, "__len__") and len(value) == 0


def unit_kind(unit: object) -> str | None:
    """A normalised unit's words without its numbers ("banbat 7" -> "banbat"): two
    rotations of one contingent, BANBAT-2 and BANBAT-3, are units of one kind. None when
    the unit is missing or has no words."""
    if not isinstance(unit, str):
        return None
    return " ".join(word for word in unit.split() if not word.isdecimal()) or None


def codes_equal(left: pd.Series, right: pd.Series) -> BoolArray:
    """True where two integer codes are equal and present (a code < 0 means missing)."""
    a = left.to_numpy(dtype=np.int64)
    return np.asarray((a == right.to_numpy(dtype=np.int64)) & (a >= 0), dtype=bool)


def exact_match(left: pd.Series, right: pd.Series) -> BoolArray:
    """True where both values are present and equal."""
    codes, _ = pd.factorize(pd.concat([left, right], ignore_index=True))
    n = len(left)
    return np.asarray((codes[:n] == codes[n:]) & (codes[:n] >= 0), dtype=bool)


def within(left: pd.Series, right: pd.Series, tolerance: int) -> BoolArray:
    """True where two integers differ by at most `tolerance` (both present)."""
    a = left.to_numpy(dtype=np.float64)
    b = right.to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(a - b) <= tolerance, dtype=bool)


def jaro_winkler(left: pd.Series, right: pd.Series) -> FloatArray:
    """Jaro-Winkler similarity of two strings; 1.0 means identical."""
    out = process.cpdist(
        _strings(left), _strings(right),
        scorer=distance.JaroWinkler.normalized_similarity, workers=-1,
    )
    return np.asarray(out, dtype=np.float32)


def token_set_similarity(left: pd.Series, right: pd.Series, cutoff: float = 0.0) -> FloatArray:
    """Token-set similarity; 1.0 means the tokens of one name are all in the other.

    Similarities below `cutoff` come back as 0 (faster when only high values matter).
    """
    out = process.cpdist(_strings(left), _strings(right), scorer=fuzz.token_set_ratio,
                         workers=-1, score_cutoff=cutoff * 100)
    return np.asarray(out, dtype=np.float32) / np.float32(100.0)


def edit_distance(left: pd.Series, right: pd.Series, cutoff: int | None = None
                  ) -> NDArray[np.int32]:
    """Optimal-string-alignment edit distance (a transposition counts as one edit).

    With `cutoff`, distances above it come back as cutoff + 1 (faster: each comparison
    stops as soon as it is sure).
    """
    out = process.cpdist(_strings(left), _strings(right), scorer=distance.OSA.distance,
                         workers=-1, score_cutoff=cutoff)
    return np.asarray(out, dtype=np.int32)


def digit_differences(left: pd.Series, right: pd.Series, width: int = 8) -> NDArray[np.int8]:
    """How many of the `width` decimal digits of two integers differ (e.g. YYYYMMDD)."""
    a = left.fillna(0).to_numpy(dtype=np.int64)
    b = right.fillna(0).to_numpy(dtype=np.int64)
    diff = np.zeros(len(a), dtype=np.int8)
    for _ in range(width):
        diff += (a % 10 != b % 10).astype(np.int8)
        a, b = a // 10, b // 10
    return diff


def close_tokens(left: NDArray[np.object_], right: NDArray[np.object_],
                 same_sound: BoolArray | None = None) -> BoolArray:
    """True where two name tokens are one spelling apart: an initial of the other, or few edits.

    Tokens of length L may differ by L // 4 edits, or by L // 3 when Jaro-Winkler also
    finds them close (>= .88) or they sound alike (`same_sound`, e.g. equal phonetic
    keys): Mukherjee/Mukherji, Husayn/Hussain and Rafikul/Rofiqul are close. Tokens that
    sound alike and have one length may differ by L // 2 (vowels: Kabada/Kebede), while
    Muhammad/Mahmud (four edits, two letters apart in length, though one phonetic key)
    are not. Tokens under four letters must be equal.
    """
    lengths_l = np.fromiter(map(len, left), dtype=np.int64, count=len(left))
    lengths_r = np.fromiter(map(len, right), dtype=np.int64, count=len(right))
    longest = np.maximum(lengths_l, lengths_r)
    initial = ((lengths_l == 1) | (lengths_r == 1)) & (
        np.array([a[:1] == b[:1] for a, b in zip(left, right, strict=True)], dtype=bool)
        if len(left) else np.zeros(0, dtype=bool))
    edits = np.asarray(process.cpdist(left, right, scorer=distance.OSA.distance, workers=-1),
                       dtype=np.int64)
    jw = np.asarray(process.cpdist(left, right, scorer=distance.JaroWinkler.similarity,
                                   workers=-1), dtype=np.float32)
    alike = jw >= 0.88 if same_sound is None else (jw >= 0.88) | same_sound
    near = (edits <= longest // 4) | ((edits <= longest // 3) & alike)
    if same_sound is not None:
        # Vowels written differently (Kabada/Kebede): same sound, same length.
        near |= same_sound & (lengths_l == lengths_r) & (edits <= longest // 2)
    return np.asarray(initial | ((longest >= 4) & near), dtype=bool)

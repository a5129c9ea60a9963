"""Identifiers (service, passport, national id numbers): normal form and generic values."""

import re
import unicodedata
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from anyascii import anyascii

_NON_ALNUM = r"[^A-Z0-9]+"
# Words that state nothing, in any field (letters only, upper-case).
NOT_STATED = frozenset("NA NONE NIL NULL UNKNOWN NOTKNOWN".split())
_PLACEHOLDERS = NOT_STATED | frozenset("""
UNK NOTAVAILABLE NOTAPPLICABLE TBD TBA PENDING
NOPASSPORT NOID NOTISSUED NUMBER NO NOTPROVIDED NOTGIVEN NAN
""".split())
_SEQUENCES = ("0123456789", "1234567890", "9876543210", "ABCDEFGHIJ")
_REPEATED = r"^(.)\1*$"
_NON_ALNUM_RE = re.compile(_NON_ALNUM)
_REPEATED_RE = re.compile(_REPEATED)
MIN_LENGTH = 3
GENERIC = "generic"


@cache
def _sequence_runs() -> frozenset[str]:
    """Every run of four or more characters from 0123456789, 987654..., ABCDEF..."""
    return frozenset(s[i:j] for s in _SEQUENCES for i in range(len(s))
                     for j in range(i + 4, len(s) + 1))


def _fold(value: str) -> str:
    """ASCII form of a value: NFKC, then non-ASCII characters transliterated."""
    return value if value.isascii() else anyascii(unicodedata.normalize("NFKC", value))


def _ascii_upper(values: pd.Series) -> pd.Series:
    return values.map(_fold).str.upper()


def normalise_identifiers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(normal forms, generic flags): upper-case letters and digits, leading zeros stripped.

    Generic values are those many people share: placeholders ("N/A",
    "unknown"), one repeated character ("000000", "XXXX"), counting runs
    ("123456") and anything shorter than three characters once cleaned.
    """
    letters = _ascii_upper(values.astype(str)).str.replace(_NON_ALNUM, "", regex=True)
    normal = letters.str.lstrip("0")
    runs = _sequence_runs()
    generic = (
        (normal.str.len() < MIN_LENGTH)
        | letters.isin(_PLACEHOLDERS)
        | letters.str.match(_REPEATED)
        | letters.isin(runs)
        | normal.isin(runs)
    )
    return normal, generic.astype(bool)


def is_generic(letters: str, normal: str) -> bool:
    """The rule of normalise_identifiers for one value (letters: before zero stripping)."""
    runs = _sequence_runs()
    return (len(normal) < MIN_LENGTH or letters in _PLACEHOLDERS
            or _REPEATED_RE.match(letters) is not None or letters in runs or normal in runs)


@lru_cache(maxsize=100_000)
def read_identifier(raw: str) -> tuple[str | None, str | None]:
    """(normal form, issue) of one value; a generic value gives (None, "generic")."""
    letters = _NON_ALNUM_RE.sub("", _fold(raw).upper())
    normal = letters.lstrip("0")
    return (None, GENERIC) if is_generic(letters, normal) else (normal, None)


def read_identifiers(values: np.ndarray) -> list[tuple[str | None, str | None]]:
    """read_identifier over many distinct values at once (vectorised)."""
    normal, generic = normalise_identifiers(pd.Series(values, dtype=object))
    return [(None, GENERIC) if g else (n, None)
            for n, g in zip(normal.tolist(), generic.tolist(), strict=True)]


"""Countries (ISO 3166-1 alpha-3) and free-text places, normalised leniently."""

import re
import unicodedata
from functools import cache, lru_cache

import pycountry
from anyascii import anyascii

from linkage.names.scripts import detect_script
from linkage.names.transliterate import transliterate_word

# Codes in use for states and territories that ISO 3166-1 does not list.
_EXTRA = frozenset({"XKX", "XKS", "UNK", "EUE"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def _alpha3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | _EXTRA


@cache
def _alpha2() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@lru_cache(maxsize=10_000)
def read_country(raw: str) -> tuple[str | None, str | None]:
    """(ISO alpha-3 code, issue): alpha-2 codes are converted; unknown codes kept as written."""
    code = raw.strip().upper()
    if not code:
        return None, None
    if code in _alpha3():
        return code, None
    if code in _alpha2():
        return _alpha2()[code], "alpha-2 code"
    return code, "unknown country code"


def _place_word(word: str) -> str:
    """One word of a place name in lowercase ASCII, romanised as names are.

    Names and places share transliteration: anyascii's per-character tables drop the
    vowels an abugida implies and read Arabic letters as bare consonants ("لاهور" ->
    "lhwr"), where the name transliterator gives "lahur", within reach of "Lahore".
    """
    if word.isascii():
        return word
    return transliterate_word(word, detect_script(word)) or anyascii(word)


@lru_cache(maxsize=100_000)
def normalise_place(raw: str) -> str | None:
    """Lowercase ASCII words of a place name, punctuation collapsed to single spaces."""
    words = unicodedata.normalize("NFKC", raw).split()
    text = " ".join(_place_word(w) for w in words)
    text = _NON_ALNUM.sub(" ", anyascii(text).lower()).strip()
    return text or None

"""Any-script words to lowercase ASCII, choosing the best engine per script.

- Latin: diacritics folded by anyascii ("Traoré" -> "traore").
- Cyrillic, Greek, Armenian, Georgian: rigour's transliteration, which follows
  the national standards (Ukrainian "Олександр" -> "oleksandr", Russian
  "Александр" -> "aleksandr"); the variant table then unites the two.
- Brahmic (Devanagari, Bengali, ..., Sinhala): our own table with schwa deletion.
- Arabic script: our own letter map (abjad; vowels only when written).
- Hebrew: our own letter map too (linkage.names.hebrew), also an abjad.
- Ethiopic, Han and everything else: anyascii (per-character tables, fast).
"""

import re
from functools import lru_cache

from anyascii import anyascii
from rigour.text.translit import maybe_ascii

from linkage.names.arabic import arabic_to_latin
from linkage.names.brahmic import brahmic_to_latin
from linkage.names.cyrillic import TABLES as CYRILLIC_TABLES
from linkage.names.cyrillic import cyrillic_to_latin
from linkage.names.hebrew import hebrew_to_latin
from linkage.names.languages import PERSIAN_URDU

_BRAHMIC = frozenset({"Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym",
                      "Sinh"})
_RIGOUR = frozenset({"Cyrl", "Grek", "Armn", "Geor"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SYLLABLE = re.compile(r"[A-Z][a-z]*")


def _ascii_lower(text: str) -> str:
    """Lowercase ASCII letters and digits only (apostrophes and marks dropped)."""
    return _NON_ALNUM.sub("", anyascii(text).lower())


@lru_cache(maxsize=200_000)
def transliterate_word(word: str, script: str, language: str = "") -> str:
    """Romanise one word written in `script` (ISO 15924) to lowercase ASCII; with the
    `language` of its name field (languages.field_language) by that language's letter
    values: Persian and Urdu for Arabic script, Mongolian and Kazakh for Cyrillic."""
    if word.isascii():
        return _NON_ALNUM.sub("", word.lower())
    if script in _BRAHMIC:
        return brahmic_to_latin(word)
    if script == "Arab":
        return arabic_to_latin(word, persian_urdu=language == PERSIAN_URDU)
    if script == "Hebr":
        return hebrew_to_latin(word)
    if script == "Cyrl" and language in CYRILLIC_TABLES:
        return _NON_ALNUM.sub("", cyrillic_to_latin(word.casefold(), language))
    if script in _RIGOUR:
        head, rest = _ukrainian_initial(word)
        return head + _ascii_lower(maybe_ascii(rest))
    return _ascii_lower(word)


# Ukrainian є, ї and й begin a word as "ye", "yi" and "y" in the national
# romanisation (Yevhen, Yosyp); rigour gives them as inside a word ("evhen").
_UKRAINIAN_INITIALS = {"є": "ye", "ї": "yi", "й": "y"}


def _ukrainian_initial(word: str) -> tuple[str, str]:
    """(Latin for a Ukrainian word-initial є, ї or й, the rest of the word)."""
    head = _UKRAINIAN_INITIALS.get(word[:1].lower())
    return (head, word[1:]) if head else ("", word)


@lru_cache(maxsize=100_000)
def han_syllables(word: str) -> tuple[str, ...]:
    """Pinyin syllables of a Han word, one per character ("王小明" -> wang, xiao, ming)."""
    return tuple(s.lower() for s in _SYLLABLE.findall(anyascii(word)))

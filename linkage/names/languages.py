"""Which language's letter values a name field is written in, where its script is shared.

Arabic letters are read differently in Persian and Urdu (رضا is Reza, not Rida);
Cyrillic differently in Mongolian (Дорж is Dorj, Мөнх Munkh) and Kazakh (Қасымова is
Kassymova) than in Russian; Latin letters differently in the Somali orthography
(Maxamed Cabdi is Mohamed Abdi). A field tells by letters only those languages write,
and one such word tells how the field's other words are said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii

from linkage.names.arabic import has_persian_urdu_letters
from linkage.names.scripts import detect_script

PERSIAN_URDU, MONGOLIAN, KAZAKH, SOMALI = "fa-ur", "mn", "kk", "so"
# Kazakh letters neither Mongolian nor Ukrainian writes (Ukrainian has і, Mongolian ө
# and ү, which Kazakh writes too).
_KAZAKH_LETTERS = frozenset("әғқңұһ")
_MONGOLIAN_LETTERS = frozenset("өү")
_CYRILLIC_E = "э"  # word-initial in Russian (Эдуард); inside Mongolian words (Цэрэн)
# The Somali orthography: a word starting x before a vowel (Xasan), or a long vowel
# written twice (Faarax); an x inside a word is as often English (Alexander).
_SOMALI_MARK = re.compile(r"^x[aeiou]|aa|ii|uu")
_NOT_LETTER = re.compile(r"[^a-z0-9]+")


def _latin_letters(word: str) -> str:
    """A Latin-script word as lowercase ASCII letters, as it is read (ã is a)."""
    return _NOT_LETTER.sub("", anyascii(word).lower())


def field_language(words: Sequence[str]) -> str:
    """PERSIAN_URDU, MONGOLIAN, KAZAKH, SOMALI or "" for one name field's (casefolded)
    words."""
    if any(has_persian_urdu_letters(w) for w in words):
        return PERSIAN_URDU
    text = "".join(words)
    if not _KAZAKH_LETTERS.isdisjoint(text):
        return KAZAKH
    if not _MONGOLIAN_LETTERS.isdisjoint(text) or any(_CYRILLIC_E in w[1:] for w in words):
        return MONGOLIAN
    if any(w.endswith("ийн") for w in words):  # a Mongolian genitive; Russian has no -ийн
        return MONGOLIAN
    if any(detect_script(w) == "Latn" and _SOMALI_MARK.search(_latin_letters(w))
           for w in words):
        return SOMALI
    return ""

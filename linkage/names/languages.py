"""Which language's letter values a name field is written in, where its script is shared.

Arabic letters are read differently in Persian and Urdu (رضا is Reza, not Rida);
Cyrillic differently in Mongolian (Дорж is Dorj, Мөнх Munkh) and Kazakh (Қасымова is
Kassymova) than in Russian. A field tells by letters only those languages write, and
one such word tells how the field's other words are said.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkage.names.arabic import has_persian_urdu_letters

PERSIAN_URDU, MONGOLIAN, KAZAKH = "fa-ur", "mn", "kk"
# Kazakh letters neither Mongolian nor Ukrainian writes (Ukrainian has і, Mongolian ө
# and ү, which Kazakh writes too).
_KAZAKH_LETTERS = frozenset("әғқңұһ")
_MONGOLIAN_LETTERS = frozenset("өү")
_CYRILLIC_E = "э"  # word-initial in Russian (Эдуард); inside Mongolian words (Цэрэн)


def field_language(words: Sequence[str]) -> str:
    """PERSIAN_URDU, MONGOLIAN, KAZAKH or "" for one name field's (casefolded) words."""
    if any(has_persian_urdu_letters(w) for w in words):
        return PERSIAN_URDU
    text = "".join(words)
    if not _KAZAKH_LETTERS.isdisjoint(text):
        return KAZAKH
    if not _MONGOLIAN_LETTERS.isdisjoint(text) or any(_CYRILLIC_E in w[1:] for w in words):
        return MONGOLIAN
    return ""

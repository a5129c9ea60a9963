"""Cyrillic words read as their Latin spellings: Mongolian and Kazakh as their passports
romanise names, and foreign names that Russian and Ukrainian transcribe by sound.

rigour follows the Russian and Ukrainian standards, which read ж as zh, х as h and
know neither ө nor ү: Мөнх-Эрдэнэ came out "Monh-Erdene" where the passport says
Munkh-Erdene. Mongolian follows MNS 5217 as passports apply it (ж j, х kh, ө and ү u,
й and ь i); Kazakh its own passport practice (ж zh, қ k, ғ g, ң ng, ұ and ү u, ө o,
ә a, і i, х kh).
"""

from __future__ import annotations

import re

from linkage.names.phonetic import respelt
from linkage.names.scripts import detect_script
from linkage.names.symbols import most_carried, transcription_aliases, word_name_symbols

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "э": "e", "ю": "yu", "я": "ya",
}
_MONGOLIAN = {**_COMMON, "ж": "j", "й": "i", "ө": "u", "ү": "u", "ь": "i", "ъ": "i"}
_KAZAKH = {**_COMMON, "ж": "zh", "й": "y", "ө": "o", "ү": "u", "ұ": "u", "ь": "",
           "қ": "k", "ғ": "g", "ң": "ng", "ә": "a", "і": "i", "һ": "h"}
TABLES = {"mn": _MONGOLIAN, "kk": _KAZAKH}


# Mongolian records put the father's name before the given name, in the genitive
# (Цахиагийн Элбэгдорж: Elbegdorj, Tsakhia's son; Доржийн, Батын); a passport, or a
# record in Western order, gives it as it is (Tsakhia, Dorj, Bat).
MONGOLIAN_GENITIVE = ("гийн", "ийн", "ын")


def _nominative(word: str) -> str:
    for suffix in MONGOLIAN_GENITIVE:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def cyrillic_to_latin(word: str, language: str) -> str:
    """One casefolded Cyrillic word in `language`'s ("mn" or "kk") passport spelling, a
    Mongolian father's name in the genitive as it is; a letter the table lacks is
    dropped."""
    table = TABLES[language]
    if language == "mn":
        word = _nominative(word)
    return "".join(table.get(ch, "") for ch in word)


# Endings of Slavic family names and patronymics: such a word is read by the letters
# (its Latin spellings are transliterations), not by Wikidata's aliases, which also hold
# other languages' forms of it (Polish Kowalska for Ковальский).
_SLAVIC_CYRILLIC = re.compile(
    r"(?:вич|вна|ична|енко|ко|(?:ськ|ск|цьк|цк)(?:ий|ій|ая|а|и|і)|ов|ев|ёв|ова|ева|ин|ина"
    r"|ын|ына|ийн|ук|юк|чук|як|ич)$")
# Letters of Kazakh and Mongolian Cyrillic, whose words are read by their passports' rules.
_CENTRAL_ASIAN_LETTERS = frozenset("өүұқғңәіһ")
# How romanisations of Slavic letters differ (й as y or j, х as kh or h, ц as ts or c):
# an alias that differs from a word's reading only so is the same reading.
_SLAVIC_LETTERS = (("shch", "sc"), ("kh", "h"), ("ts", "c"), ("sh", "s"), ("ch", "c"),
                   ("zh", "z"), ("j", "y"), ("w", "v"), ("y", "i"), ("ii", "i"))


def transcribed_spelling(source: str, token: str) -> str | None:
    """The Latin spelling of a Cyrillic word that transcribes a foreign name by sound
    (Уильям, uilyam, is William; Франсуа, fransua, François), from Wikidata's aliases of
    its NAME symbols: the one most of them carry, then the nearest to its letters. None
    for a word whose reading is a name of its own or, but for how Slavic letters are
    romanised, one of those aliases (Йосип, yosip, is Josip too), for a Slavic family
    name or patronymic, and for a Kazakh or Mongolian word."""
    if detect_script(source) != "Cyrl" or word_name_symbols(token):
        return None
    folded = source.casefold()
    if _SLAVIC_CYRILLIC.search(folded) or _CENTRAL_ASIAN_LETTERS.intersection(folded):
        return None
    votes = transcription_aliases(source)
    reading = respelt(token, _SLAVIC_LETTERS)
    if not votes or any(respelt(alias, _SLAVIC_LETTERS) == reading for alias in votes):
        return None
    return most_carried(votes, token)

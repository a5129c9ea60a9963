"""Mongolian and Kazakh Cyrillic to Latin, as their passports romanise names.

rigour follows the Russian and Ukrainian standards, which read ж as zh, х as h and
know neither ө nor ү: Мөнх-Эрдэнэ came out "Monh-Erdene" where the passport says
Munkh-Erdene. Mongolian follows MNS 5217 as passports apply it (ж j, х kh, ө and ү u,
й and ь i); Kazakh its own passport practice (ж zh, қ k, ғ g, ң ng, ұ and ү u, ө o,
ә a, і i, х kh).
"""

from __future__ import annotations

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
